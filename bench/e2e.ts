/**
 * End-to-end benchmark: `npx tsx bench/e2e.ts` (options: --users 200 --per-user 10 --in-flight 50
 * --fast-rate 600000 --skip-default-limit --profile --split --out <file.json>).
 *
 * 2,000 distinct messages from 200 simulated citizens go the whole way: simulator → signed webhook → inbound queue →
 * bot (PGlite) → outbound queue → Zalo client → simulator. The product runs as `start('all', config)` in a process
 * of its own, in ZALO_MODE=live with its three base URLs on a Zalo simulator started here (like
 * test/helpers/stack.ts), on a private redis-server and PGlite in a temp DATA_DIR (or REDIS_URL if given).
 *
 * Each citizen sends its messages one after the other, the next once the reply to the previous one arrived;
 * citizens run in parallel with at most --in-flight messages awaiting their reply at once. A reply is the first
 * message the simulator records for that citizen after the send, so latency (webhook POST → reply recorded at the
 * simulator) is measured with performance.now in this one process. At the end (queues drained) every citizen
 * must have exactly --per-user replies: fewer is a lost message, more a doubled one.
 *
 * Two scenarios, each on a fresh product: OUTBOUND_RATE_PER_MINUTE raised (--fast-rate, so that the product
 * itself is measured) and the default 3600/min (60 messages/s through the BullMQ limiter). The simulator's own
 * Zalo rate limit is raised in both so that it is never the bottleneck. Results: table on stdout and
 * bench/results/e2e.json. Exit code 1 when a message is lost or doubled or a webhook answer is not 2xx.
 *
 * --split adds a third scenario (fast rate) with the product as two processes on the same DATA_DIR and Redis,
 * `start('worker')` (hosting PGlite) and `start('server')`, as src/main.ts allows, instead of one `all`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { TEXTS } from '../src/bot/texts.ts';
import type { Simulator } from '../src/zalo/simulator/simulator.ts';
import type { TChild } from './lib/children.ts';
import { guard, onCleanup } from './lib/cleanup.ts';
import { BenchQueues, benchSimulator, productEnv, spawnProduct } from './lib/product-env.ts';
import { summarise } from './lib/profile-summary.ts';
import { cpuMeter, latencyOf, round, table, type TLatency } from './lib/stats.ts';

const { values: argv } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    'per-user': { type: 'string', default: '10' },
    'in-flight': { type: 'string', default: '50' },
    'fast-rate': { type: 'string', default: '600000' },
    'skip-default-limit': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    split: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const int = (s: string | undefined, name: string) => {
  const n = Number(s);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
  return n;
};
const USERS = int(argv.users, 'users');
const PER_USER = int(argv['per-user'], 'per-user');
const IN_FLIGHT = int(argv['in-flight'], 'in-flight');
const FAST_RATE = int(argv['fast-rate'], 'fast-rate');
const DEFAULT_RATE = 3600;
const REPLY_TIMEOUT_MS = 30_000;
const SCENARIO_DEADLINE_MS = 100_000;
const SIM_RATE_LIMIT = 10_000_000;

const HERE = import.meta.dirname;
const RESULTS = path.join(HERE, 'results');

/** What citizens type: menu words, help, the menu buttons' texts, and free sentences (never a handoff request). */
const INPUTS: { text: string; expect?: string }[] = [
  { text: 'menu', expect: TEXTS.menu },
  { text: 'hướng dẫn', expect: TEXTS.help },
  { text: 'Xin chào', expect: TEXTS.menu },
  { text: 'HUONG DAN', expect: TEXTS.help },
  { text: 'tôi muốn làm giấy khai sinh cho con thì cần mang theo gì' },
  { text: 'Tra cứu thủ tục' },
  { text: 'cấp lại căn cước công dân mất bao lâu vậy ạ' },
  { text: 'bat dau', expect: TEXTS.menu },
  { text: 'Gửi phản ánh' },
  { text: 'phường mình có làm việc sáng thứ bảy không' },
  { text: 'Tra cứu hồ sơ' },
  { text: 'xin hỏi thủ tục chuyển nhượng quyền sử dụng đất' },
  { text: 'cảm ơn nhiều nha' },
  { text: '?', expect: TEXTS.help },
];

class Semaphore {
  private waiting: (() => void)[] = [];
  constructor(private free: number) {}
  async acquire(): Promise<void> {
    if (this.free > 0) { this.free--; return; }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next(); else this.free++;
  }
}

interface TScenario {
  name: string;
  outboundRatePerMinute: number;
  messages: number;
  users: number;
  inFlight: number;
  /** first send → last reply */
  durationS: number;
  messagesPerSecond: number;
  latencyMs: TLatency;
  /** 20 messages from one citizen, one at a time */
  unloadedLatencyMs: TLatency;
  webhookAnswerMs: TLatency;
  replied: number;
  lost: number;
  doubled: number;
  timeouts: number;
  non2xx: number;
  unexpectedContent: number;
  simulator: { webhookDelivered: number; webhookFailed: number; webhookSlowOver2s: number; apiRequests: number; rateLimited: number; refreshes: number };
  cpuMsPerMessage: Record<string, number | undefined>;
  processes: 'all' | 'server + worker';
  drainedMs: number;
  warmup: { messages: number; lost: number; doubled: number };
  ok: boolean;
}

async function scenario(name: string, outboundRatePerMinute: number, opts: { profileFile?: string; split?: boolean } = {}): Promise<TScenario> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-e2e-'));
  let sim: Simulator | undefined;
  let product: TChild | undefined;
  let worker: TChild | undefined;
  let queues: BenchQueues | undefined;
  const deadline = Date.now() + SCENARIO_DEADLINE_MS;
  const cleanup = onCleanup(async () => {
    await queues?.close();
    await product?.stop();
    await worker?.stop();
    await sim?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  try {
    sim = await benchSimulator(SIM_RATE_LIMIT);
    const prefix = `e2e${randomBytes(4).toString('hex')}`;
    const t0 = performance.now();
    const env = productEnv(sim, {
      dataDir: path.join(tmp, 'data'),
      queuePrefix: prefix,
      outboundRatePerMinute,
      extra: opts.profileFile ? { BENCH_CPU_PROFILE: opts.profileFile } : {},
    });
    // Split: the worker starts first and hosts PGlite and the private redis-server; the server reaches both.
    if (opts.split) worker = await spawnProduct('worker', env);
    product = await spawnProduct(opts.split ? 'server' : 'all', env);
    sim.webhookUrl = `${product.ready.url}/webhooks/zalo`;
    console.log(`\n[${name}] product (${opts.split ? 'server + worker processes' : 'all'}) at ${product.ready.url} ready in ${Math.round(performance.now() - t0)} ms; OUTBOUND_RATE_PER_MINUTE=${outboundRatePerMinute}; simulator ${sim.url} (Zalo rate limit ${SIM_RATE_LIMIT}/min)`);
    queues = BenchQueues.open(product.ready.redisUrl!, prefix);
    const s = sim;

    const run = async (users: string[], perUser: number) => {
      const latencies: number[] = [];
      const answers: number[] = [];
      let non2xx = 0;
      let timeouts = 0;
      let unexpected = 0;
      let firstSend = Number.POSITIVE_INFINITY;
      let lastReply = 0;
      const sem = new Semaphore(IN_FLIGHT);
      await Promise.all(users.map(async (userId, u) => {
        for (let i = 0; i < perUser; i++) {
          if (Date.now() > deadline) { timeouts++; continue; }
          const input = INPUTS[(u * 5 + i) % INPUTS.length]!;
          await sem.acquire();
          try {
            const mark = s.lastSeq();
            let repliedAt = 0;
            const reply = s.waitFor((m) => m.userId === userId && m.seq > mark, REPLY_TIMEOUT_MS).then((m) => { repliedAt = performance.now(); return m; });
            reply.catch(() => {});
            const sentAt = performance.now();
            firstSend = Math.min(firstSend, sentAt);
            const d = await s.sendText(userId, input.text).catch((err: unknown) => ({ status: 0, durationMs: Number.NaN, err }));
            answers.push(d.durationMs);
            if (d.status < 200 || d.status >= 300) { non2xx++; continue; }
            try {
              const m = await reply;
              latencies.push(repliedAt - sentAt);
              lastReply = Math.max(lastReply, repliedAt);
              if (input.expect && m.text !== input.expect) unexpected++;
            } catch {
              timeouts++;
            }
          } finally {
            sem.release();
          }
        }
      }));
      return { latencies, answers, non2xx, timeouts, unexpected, firstSend, lastReply };
    };

    const ids = (n: number, tag: string) => Array.from({ length: n }, (_, i) =>
      s.createUser({ userId: `84${tag}${String(i).padStart(6, '0')}${randomBytes(4).readUInt32BE(0).toString().padStart(10, '0')}`.slice(0, 19) }).userId);

    // Warm-up: JIT, connection pools, first token use. Counted apart, checked all the same.
    const warmUsers = ids(10, '1');
    const warm = await run(warmUsers, 5);
    await queues.drain(deadline);
    const warmCounts = warmUsers.map((u) => s.sent({ userId: u }).length);
    const warmLost = warmCounts.reduce((a, n) => a + Math.max(0, 5 - n), 0);
    const warmDoubled = warmCounts.reduce((a, n) => a + Math.max(0, n - 5), 0);

    // Unloaded: one citizen, one message at a time — the pipeline's own latency without queueing.
    const idleUser = ids(1, '3');
    const idle = await run(idleUser, 20);
    await queues.drain(deadline);
    const idleCount = s.sent({ userId: idleUser[0]! }).length;

    const users = ids(USERS, '2');
    const statsBefore = s.stats();
    const meter = cpuMeter({ product: product.proc.pid, worker: worker?.proc.pid, redis: worker?.ready.redisPid ?? product.ready.redisPid, 'load+simulator': process.pid });
    const r = await run(users, PER_USER);
    const drainStart = performance.now();
    await queues.drain(deadline);
    const drainedMs = performance.now() - drainStart;
    // Late duplicates would arrive now, if any.
    await new Promise((res) => setTimeout(res, 1000));
    const cpu = meter();
    const statsAfter = s.stats();

    const counts = users.map((u) => s.sent({ userId: u }).length);
    const lost = counts.reduce((a, n) => a + Math.max(0, PER_USER - n), 0);
    const doubled = counts.reduce((a, n) => a + Math.max(0, n - PER_USER), 0);
    const messages = USERS * PER_USER;
    // Diagnostics for a failure: what the first odd citizens received.
    const odd = users.filter((_, i) => counts[i] !== PER_USER).slice(0, 3);
    for (const u of odd) {
      const got = s.sent({ userId: u }).map((m) => `#${m.seq} ${(m.text ?? m.kind).slice(0, 50).replace(/\n/g, ' ')}`);
      const sent = s.inbound(u).map((m) => `#${m.seq} ${(m.text ?? m.eventName).slice(0, 30)}`);
      console.log(`[${name}] citizen ${u}: sent ${sent.length} [${sent.join(' | ')}], got ${got.length} [${got.join(' | ')}]`);
    }
    const durationS = (r.lastReply - r.firstSend) / 1000;
    const ok = lost === 0 && doubled === 0 && r.non2xx === 0 && warmLost === 0 && warmDoubled === 0 && warm.non2xx === 0 && idleCount === 20 && idle.non2xx === 0;
    const result: TScenario = {
      name,
      outboundRatePerMinute,
      messages,
      users: USERS,
      inFlight: IN_FLIGHT,
      durationS: round(durationS),
      messagesPerSecond: round(r.latencies.length / durationS, 1),
      latencyMs: roundLatency(latencyOf(r.latencies)),
      unloadedLatencyMs: roundLatency(latencyOf(idle.latencies)),
      webhookAnswerMs: roundLatency(latencyOf(r.answers.filter(Number.isFinite))),
      replied: r.latencies.length,
      lost,
      doubled,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
      unexpectedContent: r.unexpected,
      simulator: {
        webhookDelivered: statsAfter.webhook.delivered - statsBefore.webhook.delivered,
        webhookFailed: statsAfter.webhook.failed - statsBefore.webhook.failed,
        webhookSlowOver2s: statsAfter.webhook.slow - statsBefore.webhook.slow,
        apiRequests: statsAfter.requests - statsBefore.requests,
        rateLimited: statsAfter.rateLimited - statsBefore.rateLimited,
        refreshes: statsAfter.refreshes - statsBefore.refreshes,
      },
      cpuMsPerMessage: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v === undefined ? undefined : round(v / messages, 2)])),
      processes: opts.split ? 'server + worker' : 'all',
      drainedMs: Math.round(drainedMs),
      warmup: { messages: warmUsers.length * 5, lost: warmLost, doubled: warmDoubled },
      ok,
    };
    const l = result.latencyMs;
    console.log(`[${name}] ${messages} messages, ${USERS} citizens, ≤${IN_FLIGHT} in flight: ${result.messagesPerSecond} msg/s over ${result.durationS} s; ` +
      `latency p50 ${l.p50} / p95 ${l.p95} / p99 ${l.p99} / max ${l.max} ms (unloaded p50 ${result.unloadedLatencyMs.p50} ms); lost ${lost}, doubled ${doubled}, non-2xx ${r.non2xx}, reply timeouts ${r.timeouts}`);
    return result;
  } finally {
    await cleanup();
  }
}

function roundLatency(l: TLatency): TLatency {
  return { count: l.count, p50: round(l.p50, 1), p95: round(l.p95, 1), p99: round(l.p99, 1), max: round(l.max, 1), mean: round(l.mean, 1) };
}

async function main(): Promise<number> {
  const loadAtStart = round(os.loadavg()[0]!);
  console.log(`motcua end-to-end benchmark — ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${loadAtStart}` +
    (loadAtStart > 0.5 ? ' (other processes are busy: figures will be noisier)' : ''));
  const scenarios: TScenario[] = [];
  fs.mkdirSync(RESULTS, { recursive: true });
  const profileFile = argv.profile ? path.join(RESULTS, 'e2e-product.cpuprofile') : undefined;
  scenarios.push(await scenario('fast', FAST_RATE, { profileFile }));
  if (profileFile && fs.existsSync(profileFile)) {
    const p = summarise(profileFile, 30);
    console.log(`\nproduct CPU profile of the fast scenario (${path.relative(process.cwd(), profileFile)}; details: npx tsx bench/lib/profile-summary.ts ${path.relative(process.cwd(), profileFile)}), self time by area:`);
    for (const a of p.areas.slice(0, 15)) console.log(`  ${(a.share * 100).toFixed(1).padStart(5)} %  ${a.area}`);
  }
  if (!argv['skip-default-limit']) scenarios.push(await scenario('default-limit', DEFAULT_RATE));
  if (argv.split) scenarios.push(await scenario('fast-split', FAST_RATE, { split: true }));

  console.log('\nresults (latency = webhook POST by the simulator → reply recorded by the simulator, ms):');
  console.log(table(
    ['scenario', 'OUTBOUND_RATE/min', 'msg/s', 'p50', 'p95', 'p99', 'max', 'unloaded p50', 'webhook p99', 'lost', 'doubled', 'non-2xx', 'product CPU ms/msg', 'redis CPU ms/msg'],
    scenarios.map((x) => [x.name, x.outboundRatePerMinute, x.messagesPerSecond, x.latencyMs.p50, x.latencyMs.p95, x.latencyMs.p99, x.latencyMs.max, x.unloadedLatencyMs.p50, x.webhookAnswerMs.p99, x.lost, x.doubled, x.non2xx,
      (x.cpuMsPerMessage.product ?? Number.NaN) + (x.cpuMsPerMessage.worker ?? 0), x.cpuMsPerMessage.redis ?? Number.NaN]),
  ));
  const ok = scenarios.every((x) => x.ok);
  console.log(`\ncorrectness: ${ok ? 'OK — every message got exactly one reply' : 'FAILED'}`);
  fs.mkdirSync(RESULTS, { recursive: true });
  const out = {
    benchmark: 'e2e',
    at: new Date().toISOString(),
    machine: { loadAverageAtStart: loadAtStart, cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, platform: `${os.type()} ${os.release()}` },
    settings: { users: USERS, perUser: PER_USER, inFlight: IN_FLIGHT, simulatorRateLimitPerMinute: SIM_RATE_LIMIT, redis: process.env.REDIS_URL ? 'REDIS_URL' : 'private redis-server', database: 'PGlite (in the product process)' },
    scenarios,
    ok,
  };
  const file = argv.out ? path.resolve(argv.out) : path.join(RESULTS, 'e2e.json');
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`written ${path.relative(process.cwd(), file)}`);
  return ok ? 0 : 1;
}

guard(240_000);
main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => { console.error(err); process.exitCode = 1; },
);
