/**
 * Reliability suite (issue 8, load and faults): `npm run reliability` (options: --only load,worker-kill,…
 * --scale 1 --out bench/results/reliability.json --md RELIABILITY.md; --render <results.json> rewrites the Markdown only).
 *
 * Scenarios (scenarios.ts), each on a fresh product on loopback (stack.ts): the load (50 messages/s for 120 s from
 * 2,000 citizens and 20 officers, then 200 messages/s for 15 s), a worker killed -9 mid-burst, Redis restarted,
 * PostgreSQL restarted, Zalo API faults in bursts, four workers racing to refresh one expired token. Traffic and
 * counting: traffic.ts, accounting.ts. Writes RELIABILITY.md (table and method) and bench/results/reliability.json;
 * exit code 1 when a message is lost or doubled, a feedback item is lost or doubled, a queue does not drain or a
 * token check fails. The whole run is bounded (guard) and takes about 12–14 minutes on a 2-core machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { guard, onCleanup } from '../lib/cleanup.ts';
import { ResourceSampler, type TResourceUse } from '../lib/resources.ts';
import { round } from '../lib/stats.ts';
import { account, sendingPace, zaloDelta, type TCounts } from './accounting.ts';
import { writeMarkdown } from './report.ts';
import { scenarios, type TScenario } from './scenarios.ts';
import { ProductStack, seedTemplate } from './stack.ts';
import { plan, population, sendPlan, type TPhase } from './traffic.ts';

const { values: argv } = parseArgs({
  options: {
    only: { type: 'string' },
    scale: { type: 'string', default: '1' },
    citizens: { type: 'string', default: '2000' },
    officers: { type: 'string', default: '20' },
    out: { type: 'string' },
    md: { type: 'string' },
    /** writes RELIABILITY.md again from a results file (after a change of wording), running nothing */
    render: { type: 'string' },
  },
});
const SCALE = Number(argv.scale);
if (!(SCALE > 0 && SCALE <= 1)) throw new Error('--scale must be in (0, 1]');
const ROOT = path.resolve(import.meta.dirname, '../..');
const RESULTS = path.join(ROOT, 'bench', 'results');
const LOGS = path.join(RESULTS, 'reliability-logs');
/** After the last message left: how long the queues may take to drain before the scenario is called failed. */
const DRAIN_LIMIT_MS = 240_000;
/** Late duplicates (a retried job that sends again) would arrive within this after the drain. */
const SETTLE_MS = 3000;

export interface TResult {
  name: string;
  title: string;
  faults: string;
  engine: 'pglite' | 'postgres';
  processes: string;
  load: string;
  phases: TPhase[];
  counts: TCounts;
  zalo: ReturnType<typeof zaloDelta>;
  /** the OA's sends (simulator's record) from the first message to the last reply */
  pace: ReturnType<typeof sendingPace>;
  /** last message sent → last reply recorded, s; for the load scenario the burst's drain */
  drainS: number;
  /** messages the OA sent per second during that drain (the limit is OUTBOUND_RATE_PER_MINUTE / 60) */
  drainPerSecond: number;
  queuesDrained: boolean;
  /** wall time of the scenario, s (start-up and accounting included) */
  wallS: number;
  resources: TResourceUse;
  faultLog: string[];
  checks: Record<string, unknown>;
  productLog: { lines: number; warn: number; error: number; fatal: number; top: { level: string; msg: string; count: number }[] };
  failures: string[];
  ok: boolean;
}

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

function describeLoad(phases: TPhase[], citizens: number, officers: number): string {
  const total = phases.reduce((a, p) => a + Math.round(p.rate * p.seconds), 0);
  return `${phases.map((p) => `${p.rate} msg/s × ${p.seconds} s`).join(' + ')} = ${total.toLocaleString('en-US')} messages from ${citizens.toLocaleString('en-US')} citizens and ${officers} officers`;
}

function summariseLog(file: string): TResult['productLog'] {
  const counts = new Map<string, number>();
  let lines = 0;
  let warn = 0;
  let error = 0;
  let fatal = 0;
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    lines++;
    let level = 'text';
    let msg = line.slice(0, 100);
    try {
      const j = JSON.parse(line) as { level?: number; msg?: string };
      level = j.level === undefined ? 'text' : j.level >= 60 ? 'fatal' : j.level >= 50 ? 'error' : j.level >= 40 ? 'warn' : 'info';
      msg = j.msg ?? '';
    } catch { /* a plain line (a stack trace, a child's console) */ }
    if (level === 'warn') warn++;
    if (level === 'error') error++;
    if (level === 'fatal') fatal++;
    const key = `${level}\u0000${msg}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([k, count]) => {
    const [level, msg] = k.split('\u0000') as [string, string];
    return { level, msg, count };
  });
  return { lines, warn, error, fatal, top };
}

async function runScenario(s: TScenario, template: string): Promise<TResult> {
  const wall = performance.now();
  const pop = population(Number(argv.citizens), Number(argv.officers));
  const users = new Set([...pop.citizens, ...pop.officers.map((o) => o.userId)]);
  const planned = plan(s.phases, pop);
  const logFile = path.join(LOGS, `${s.name}.log`);
  fs.rmSync(logFile, { force: true });
  log(`[${s.name}] ${s.title}: ${describeLoad(s.phases, pop.citizens.length, pop.officers.length)}; faults: ${s.faults}`);
  const stack = await ProductStack.start({
    name: s.name, engine: s.engine, workers: s.workers, pop, template, logFile, log: (l) => log(`[${s.name}] ${l}`),
    ...(s.unthrottled ? { simRateLimitPerMinute: 600_000, outboundRatePerMinute: 600_000 } : {}),
  });
  const cleanup = onCleanup(() => stack.stop());
  try {
    const feedbackBefore = (await stack.db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback_items')).rows[0]!.n;
    const stats0 = stack.sim.stats();
    const sampler = new ResourceSampler(stack.processGroups()).start();
    const faultLog: string[] = [];
    let script: Promise<void> | undefined;
    let t0 = Date.now();
    const traffic = await sendPlan(stack.sim, planned, {
      onStart: (start) => {
        t0 = start;
        if (!s.script) return;
        const note = (text: string) => {
          const line = `t=${((Date.now() - start) / 1000).toFixed(1)} s: ${text}`;
          faultLog.push(line);
          log(`[${s.name}] ${line}`);
        };
        script = s.script({
          stack,
          note,
          at: (ms) => new Promise((r) => setTimeout(r, Math.max(0, start + ms - Date.now()))),
        }).catch((err: unknown) => note(`fault script failed: ${(err as Error).message}`));
      },
    });
    await script;
    log(`[${s.name}] ${traffic.sent.length} messages sent in ${((traffic.lastSendAt - t0) / 1000).toFixed(1)} s; waiting for the queues to drain`);
    let queuesDrained = await stack.queues.drain(traffic.lastSendAt + DRAIN_LIMIT_MS, 200);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    queuesDrained = queuesDrained && (await stack.queues.drain(Date.now() + 30_000, 200));
    const resources = sampler.stop();
    const stats1 = stack.sim.stats();
    const counts = await account(stack.db, stack.sim, traffic.sent, feedbackBefore, users);
    const simMessages = stack.sim.sent((m) => m.source === 'api' && users.has(m.userId) && Date.parse(m.at) >= t0);
    const lastReplyAt = simMessages.reduce((a, m) => Math.max(a, Date.parse(m.at)), t0);
    const checks = s.after ? await s.after(stack) : {};
    const zalo = zaloDelta(stats0, stats1);
    if (s.name === 'token-race' || s.name === 'zalo-faults') Object.assign(checks, { refreshes: zalo.refreshes, refreshFailures: zalo.refreshFailures });

    const failures: string[] = [];
    if (counts.lost > 0) failures.push(`${counts.lost} message(s) lost`);
    if (counts.doubled > 0) failures.push(`${counts.doubled} message(s) doubled`);
    if (counts.notices.lost > 0) failures.push(`${counts.notices.lost} officer notice(s) lost`);
    if (counts.feedback.lost > 0 || counts.feedback.doubled > 0) failures.push(`feedback: ${counts.feedback.lost} lost, ${counts.feedback.doubled} doubled`);
    if (counts.notAccepted > 0) failures.push(`${counts.notAccepted} webhook event(s) refused on every redelivery`);
    if (!queuesDrained) failures.push('queues not drained');
    if (s.name === 'token-race' && zalo.refreshes !== 1) failures.push(`${zalo.refreshes} token refreshes (expected exactly 1)`);
    if (s.after && (checks.storedIsLivePair !== true || checks.storedAccessTokenWorks !== true || checks.storedRefreshTokenWorks !== true)) failures.push('the stored token pair does not work');
    const result: TResult = {
      name: s.name,
      title: s.title,
      faults: s.faults,
      engine: s.engine,
      processes: `server + ${s.workers} worker${s.workers > 1 ? 's' : ''}, redis-server${s.engine === 'postgres' ? ', PostgreSQL' : ''}`,
      load: describeLoad(s.phases, pop.citizens.length, pop.officers.length),
      phases: s.phases,
      counts,
      zalo,
      pace: sendingPace(simMessages, t0, lastReplyAt),
      drainS: round((lastReplyAt - traffic.lastSendAt) / 1000, 1),
      drainPerSecond: lastReplyAt - traffic.lastSendAt > 5000 ? sendingPace(simMessages, traffic.lastSendAt, lastReplyAt).meanPerSecond : 0,
      queuesDrained,
      wallS: 0,
      resources,
      faultLog,
      checks,
      productLog: summariseLog(logFile),
      failures,
      ok: failures.length === 0,
    };
    const l = counts.latencyMs.all!;
    log(`[${s.name}] accepted ${counts.accepted}/${counts.sent} (after redelivery ${counts.acceptedAfterRetry}), answered ${counts.answered}, undeliverable ${counts.undeliverable}, lost ${counts.lost}, doubled ${counts.doubled}; ` +
      `feedback ${counts.feedback.itemsFiled}/${counts.feedback.oneLinersAccepted}; latency p50/p95/p99 ${l.p50}/${l.p95}/${l.p99} ms; -32: ${zalo.all32}; drain ${result.drainS} s; ${result.ok ? 'OK' : `FAILED: ${failures.join('; ')}`}`);
    for (const x of [...counts.lostSamples, ...counts.doubledSamples]) log(`[${s.name}]   ${x}`);
    result.wallS = round((performance.now() - wall) / 1000, 0);
    return result;
  } finally {
    await cleanup();
  }
}

async function main(): Promise<number> {
  if (argv.render) {
    const saved = JSON.parse(fs.readFileSync(path.resolve(argv.render), 'utf8')) as TSuiteOutput;
    const mdFile = argv.md ? path.resolve(argv.md) : path.join(ROOT, 'RELIABILITY.md');
    fs.writeFileSync(mdFile, withHostileSection(writeMarkdown(saved)));
    log(`written ${path.relative(process.cwd(), mdFile)} from ${argv.render} (run of ${saved.at})`);
    return saved.ok ? 0 : 1;
  }
  const started = Date.now();
  const load0 = os.loadavg().map((x) => round(x, 2));
  log(`motcua reliability suite — ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${load0.join(' ')}${SCALE < 1 ? `, scale ${SCALE}` : ''}`);
  fs.mkdirSync(LOGS, { recursive: true });
  const only = argv.only ? new Set(argv.only.split(',').map((x) => x.trim())) : undefined;
  const list = scenarios(SCALE).filter((s) => !only || only.has(s.name));
  if (list.length === 0) throw new Error(`no scenario matches --only ${argv.only}`);

  const template = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-rel-template-'));
  const dropTemplate = onCleanup(async () => fs.rmSync(template, { recursive: true, force: true }));
  const results: TResult[] = [];
  try {
    if (list.some((s) => s.engine === 'pglite')) {
      const t = performance.now();
      await seedTemplate(template);
      log(`demo data seeded (cli demo seed) in ${Math.round(performance.now() - t)} ms`);
    }
    for (const s of list) results.push(await runScenario(s, template));
  } finally {
    await dropTemplate();
  }

  const ok = results.every((r) => r.ok);
  const out = {
    suite: 'reliability',
    at: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, platform: `${os.type()} ${os.release()}`, loadAverageAtStart: load0, loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)) },
    settings: { scale: SCALE, citizens: Number(argv.citizens), officers: Number(argv.officers), simulatorRateLimitPerMinute: 4000, outboundRatePerMinute: 3600, drainLimitS: DRAIN_LIMIT_MS / 1000 },
    results,
    ok,
  };
  const jsonFile = argv.out ? path.resolve(argv.out) : path.join(RESULTS, 'reliability.json');
  fs.writeFileSync(jsonFile, `${JSON.stringify(out, null, 2)}\n`);
  const mdFile = argv.md ? path.resolve(argv.md) : path.join(ROOT, 'RELIABILITY.md');
  fs.writeFileSync(mdFile, withHostileSection(writeMarkdown(out)));
  log(`written ${path.relative(process.cwd(), jsonFile)} and ${path.relative(process.cwd(), mdFile)} in ${out.durationS} s; ${ok ? 'every scenario OK' : `FAILED: ${results.filter((r) => !r.ok).map((r) => r.name).join(', ')}`}`);
  return ok ? 0 : 1;
}

export type TSuiteOutput = {
  suite: string;
  at: string;
  durationS: number;
  machine: { cpus: number; model?: string; node: string; platform: string; loadAverageAtStart: number[]; loadAverageAtEnd: number[] };
  settings: { scale: number; citizens: number; officers: number; simulatorRateLimitPerMinute: number; outboundRatePerMinute: number; drainLimitS: number };
  results: TResult[];
  ok: boolean;
};

guard(25 * 60_000);
main().then(
  (code) => { process.exitCode = code; process.exit(); },
  (err: unknown) => { console.error(err); process.exitCode = 1; process.exit(); },
);

/** The hostile-input and authorisation results (test/security, part of `npm test`) follow the load and faults. */
function withHostileSection(md: string): string {
  const section = fs.readFileSync(path.join(ROOT, 'bench', 'reliability', 'hostile-input.md'), 'utf8');
  return `${md.trimEnd()}\n\n${section}`;
}
