/**
 * Webhook benchmark: `npx tsx bench/webhook.ts` (options: --duration 5 --rounds 3 --connections 50 --rate 500
 * --rate-duration 15 --rate-connections 50 --paced-duration 10 --pool 60000 --max-rps 12000 --profile --what-if autopipelining|batch-add --out <file.json>).
 *
 * The real product (`start('server', config)`: signature check, JSON + zod parse, BullMQ add to the inbound queue;
 * no workers, so the queue just fills) VERSUS a bare express 5 handler answering 200 to the same signed bodies,
 * each in a process of its own, loaded by autocannon in this process over loopback:
 *   (a) max throughput (closed loop, N connections, D seconds, alternating rounds) and the product/bare ratio;
 *   (b) latency at a fixed 500 req/s with autocannon `overallRate`, and the same rate open loop (paced, node:http).
 * Correctness while loading: every answer must be 2xx, and the inbound queue must hold exactly one job per distinct
 * event the product acknowledged (its own `motcua_webhook_events_total{outcome="queued"}` counter).
 * Redis: the product's private redis-server (DATA_DIR in a temp folder), or REDIS_URL from the environment with a
 * queue prefix of its own. Results: a table on stdout and bench/results/webhook.json. Exit code 1 on a
 * correctness failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '../src/queue/definitions.ts';
import { spawnChild, type TChild } from './lib/children.ts';
import { guard, onCleanup } from './lib/cleanup.ts';
import { cannon, paced, type TLoadResult } from './lib/load.ts';
import { summarise, type TProfileSummary } from './lib/profile-summary.ts';
import { cpuMeter, latencyOf, round, table, type TLatency } from './lib/stats.ts';
import { bodyPool, CREDENTIALS, type TSignedBody } from './lib/zalo-bodies.ts';

const { values: argv } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    rate: { type: 'string', default: '500' },
    'rate-duration': { type: 'string', default: '15' },
    'rate-connections': { type: 'string', default: '50' },
    'paced-duration': { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    pool: { type: 'string', default: '60000' },
    'max-rps': { type: 'string', default: '12000' },
    profile: { type: 'boolean', default: false },
    'what-if': { type: 'string' },
    out: { type: 'string' },
  },
});
const num = (s: string | undefined, name: string) => {
  const n = Number(s);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
  return n;
};
const MAX_S = num(argv.duration, 'duration');
const ROUNDS = Math.floor(num(argv.rounds, 'rounds'));
const CONNECTIONS = num(argv.connections, 'connections');
const RATE = num(argv.rate, 'rate');
const RATE_S = num(argv['rate-duration'], 'rate-duration');
const RATE_CONNECTIONS = num(argv['rate-connections'], 'rate-connections');
const PACED_S = num(argv['paced-duration'], 'paced-duration');
const WARMUP_S = num(argv.warmup, 'warmup');
const POOL = Math.floor(num(argv.pool, 'pool'));
/** bodies are signed ahead of each product phase for this rate; beyond it they are signed during the load */
const MAX_RPS = num(argv['max-rps'], 'max-rps');
const WHAT_IF = argv['what-if'];
const WHAT_IFS: Record<string, string> = {
  autopipelining: 'ioredis enableAutoPipelining on every connection of the product process',
  'batch-add': 'Queue.add calls of one event-loop turn sent as one Queue.addBulk (one MULTI round trip)',
};
if (WHAT_IF && !WHAT_IFS[WHAT_IF]) throw new Error(`--what-if must be one of ${Object.keys(WHAT_IFS).join(', ')}`);
const GOAL_RATIO = 0.5;
const GOAL_P99_MS = 20;

const HERE = import.meta.dirname;
const RESULTS = path.join(HERE, 'results');

type TTarget = 'bare' | 'product';
type TKind = 'warmup' | 'max' | 'rate' | 'paced';
interface TPhase {
  target: TTarget;
  kind: TKind;
  label: string;
  durationS: number;
  completed: number;
  rps: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  handedOut: number;
  latency: TLatency;
  tool?: TLoadResult['tool'];
  /** CPU ms per process during the phase, and µs of CPU per completed request */
  cpuMs: Record<string, number | undefined>;
  cpuUsPerRequest: Record<string, number | undefined>;
  /** the product's Redis after the phase: memory, AOF size, AOF rewrites (a fork) since start */
  redis?: { usedMemoryMB: number; aofMB: number; aofRewrites: number; forks: number };
}

async function main(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-webhook-'));
  const children: TChild[] = [];
  let queueConn: Redis | undefined;
  let queue: Queue | undefined;
  const cleanup = onCleanup(async () => {
    await queue?.close().catch(() => {});
    queueConn?.disconnect();
    for (const c of children.splice(0).reverse()) await c.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  try {
    const loadAtStart = round(os.loadavg()[0]!);
    console.log(`motcua webhook benchmark — ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), node ${process.version}, load average ${loadAtStart}` +
      (loadAtStart > 0.5 ? ' (other processes are busy: figures will be noisier)' : ''));
    let t = performance.now();
    const bodies = bodyPool();
    bodies.ensure(POOL);
    const pool = bodies.bodies;
    const signMs = performance.now() - t;
    console.log(`signed ${POOL.toLocaleString('en-US')} distinct bodies in ${Math.round(signMs)} ms (${round((signMs * 1000) / POOL)} µs each; more are signed before each product phase, outside the measured window)`);

    const queuePrefix = `bench${randomBytes(4).toString('hex')}`;
    const productEnv: NodeJS.ProcessEnv = {
      NODE_ENV: 'production',
      DATA_DIR: path.join(tmp, 'data'),
      PORT: '0',
      HOST: '127.0.0.1',
      // Never a real database or a public address from the caller's environment.
      DATABASE_URL: '',
      PUBLIC_URL: '',
      REDIS_URL: process.env.REDIS_URL ?? '',
      QUEUE_PREFIX: queuePrefix,
      ZALO_MODE: 'live',
      ZALO_APP_ID: CREDENTIALS.appId,
      ZALO_APP_SECRET: CREDENTIALS.appSecret,
      ZALO_OA_ID: CREDENTIALS.oaId,
      ZALO_OA_SECRET_KEY: CREDENTIALS.oaSecretKey,
      ZALO_ACCESS_TOKEN: CREDENTIALS.accessToken,
      ZALO_REFRESH_TOKEN: CREDENTIALS.refreshToken,
      // Server role calls no Zalo API; should anything try, it stays on loopback (discard port).
      ZALO_API_BASE_URL: 'http://127.0.0.1:9',
      ZALO_OAUTH_BASE_URL: 'http://127.0.0.1:9',
      ZALO_GRAPH_BASE_URL: 'http://127.0.0.1:9',
      LOG_LEVEL: 'warn',
    };
    t = performance.now();
    fs.mkdirSync(RESULTS, { recursive: true });
    const profFile = path.join(RESULTS, 'webhook-product.cpuprofile');
    if (argv.profile) fs.rmSync(profFile, { force: true });
    const [bare, product] = await Promise.all([
      spawnChild(path.join(HERE, 'lib/bare-child.ts'), [], { env: { NODE_ENV: 'production' } }),
      spawnChild(path.join(HERE, 'lib/product-child.ts'), ['server'], {
        env: { ...productEnv, ...(argv.profile ? { BENCH_CPU_PROFILE: profFile } : {}), ...(WHAT_IF ? { BENCH_WHAT_IF: WHAT_IF } : {}) },
      }),
    ]);
    children.push(bare, product);
    if (WHAT_IF) console.log(`WHAT-IF run, not the shipped product: ${WHAT_IFS[WHAT_IF]} (bench/lib/product-child.ts)`);
    console.log(`bare express at ${bare.ready.url}, product (server role) at ${product.ready.url}, redis ${process.env.REDIS_URL ? 'from REDIS_URL' : `private (pid ${product.ready.redisPid})`}; ready in ${Math.round(performance.now() - t)} ms\n`);

    queueConn = new Redis(product.ready.redisUrl!, { maxRetriesPerRequest: null });
    queue = new Queue(QUEUES.inbound, { connection: queueConn, prefix: queuePrefix });

    const targets: Record<TTarget, { url: string; pid: number | undefined }> = {
      bare: { url: bare.ready.url, pid: bare.proc.pid },
      product: { url: product.ready.url, pid: product.proc.pid },
    };
    // The product gets every body at most once over the whole run; the bare handler replays the same bodies.
    let productCursor = 0;
    let signedDuringLoad = 0;
    const nextFor = (target: TTarget): (() => TSignedBody) => {
      if (target === 'product') {
        return () => {
          if (productCursor >= pool.length) {
            // Beyond the planned rate: sign a batch now (counted, and visible as load-generator CPU).
            signedDuringLoad += 1000;
            bodies.ensure(productCursor + 1000);
          }
          return pool[productCursor++]!;
        };
      }
      let i = 0;
      return () => pool[i++ % pool.length]!;
    };

    const phases: TPhase[] = [];
    const run = async (target: TTarget, kind: TKind, label: string, durationS: number, load: (url: string, next: () => TSignedBody) => Promise<TLoadResult>) => {
      if (target === 'product') bodies.ensure(productCursor + Math.ceil(MAX_RPS * durationS));
      const meter = cpuMeter({ server: targets[target].pid, redis: target === 'product' ? product.ready.redisPid : undefined, loadgen: process.pid });
      const r = await load(targets[target].url, nextFor(target));
      const cpuMs = meter();
      const phase: TPhase = {
        target, kind, label,
        durationS: round(r.durationS),
        completed: r.completed,
        rps: round(r.ok2xx / r.durationS, 0),
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        handedOut: r.handedOut,
        latency: latencyOf(r.latencies),
        tool: r.tool,
        cpuMs,
        cpuUsPerRequest: Object.fromEntries(Object.entries(cpuMs).map(([k, v]) => [k, v === undefined || r.completed === 0 ? undefined : round((v * 1000) / r.completed, 0)])),
      };
      if (target === 'product' && queueConn) {
        const info = await queueConn.info();
        const field = (k: string) => Number(new RegExp(`^${k}:(\\d+)`, 'm').exec(info)?.[1] ?? Number.NaN);
        phase.redis = { usedMemoryMB: round(field('used_memory') / 2 ** 20, 1), aofMB: round(field('aof_current_size') / 2 ** 20, 1), aofRewrites: field('aof_rewrites'), forks: field('total_forks') };
      }
      phases.push(phase);
      const l = phase.latency;
      console.log(`  ${target.padEnd(7)} ${label.padEnd(34)} ${String(phase.rps).padStart(6)} req/s  p50 ${round(l.p50)} ms  p99 ${round(l.p99)} ms  non-2xx ${phase.non2xx}  errors ${phase.errors}` +
        (phase.redis ? `  (redis ${phase.redis.usedMemoryMB} MB, AOF ${phase.redis.aofMB} MB, ${phase.redis.aofRewrites} AOF rewrites)` : ''));
      // Let sockets close and the product's Redis settle between phases.
      await new Promise((r2) => setTimeout(r2, 500));
      return phase;
    };

    console.log('phases:');
    for (const target of ['bare', 'product'] as const) {
      await run(target, 'warmup', `warmup ${WARMUP_S} s, 10 conn`, WARMUP_S, (url, next) => cannon(url, next, { connections: 10, durationS: WARMUP_S }));
    }
    // Max throughput in alternating rounds (bare, product, bare, product, …): on a small shared machine the two
    // targets then see the same background noise; the ratio is taken per round and the median reported.
    const rounds: { bare: TPhase; product: TPhase; ratio: number }[] = [];
    for (let i = 1; i <= ROUNDS; i++) {
      const label = `max ${MAX_S} s, ${CONNECTIONS} conn, round ${i}`;
      const bare = await run('bare', 'max', label, MAX_S, (url, next) => cannon(url, next, { connections: CONNECTIONS, durationS: MAX_S }));
      const prod = await run('product', 'max', label, MAX_S, (url, next) => cannon(url, next, { connections: CONNECTIONS, durationS: MAX_S }));
      rounds.push({ bare, product: prod, ratio: round(prod.rps / bare.rps, 3) });
    }
    const rate: Partial<Record<TTarget, TPhase>> = {};
    for (const target of ['bare', 'product'] as const) {
      rate[target] = await run(target, 'rate', `autocannon ${RATE}/s ${RATE_S} s, ${RATE_CONNECTIONS} conn`, RATE_S, (url, next) => cannon(url, next, { connections: RATE_CONNECTIONS, durationS: RATE_S, overallRate: RATE }));
    }
    const pace: Partial<Record<TTarget, TPhase>> = {};
    for (const target of ['bare', 'product'] as const) {
      pace[target] = await run(target, 'paced', `paced ${RATE}/s ${PACED_S} s, open loop`, PACED_S, (url, next) => paced(url, next, { rate: RATE, durationS: PACED_S }));
    }

    // ---- correctness: answers and queue --------------------------------------------------------------------------
    await new Promise((r) => setTimeout(r, 500));
    const counts = await queue.getJobCounts();
    const jobs = Object.values(counts).reduce((a, b) => a + b, 0);
    const metrics = await (await fetch(`${product.ready.url}/metrics`)).text();
    const outcome = (name: string) => Number(new RegExp(`^motcua_webhook_events_total\\{outcome="${name}"\\} (\\d+)`, 'm').exec(metrics)?.[1] ?? 0);
    const queued = outcome('queued');
    const productPhases = phases.filter((p) => p.target === 'product');
    const productOk = productPhases.reduce((a, p) => a + (p.completed - p.non2xx), 0);
    const productHanded = productPhases.reduce((a, p) => a + p.handedOut, 0);
    const distinctSent = productHanded;
    const non2xx = phases.reduce((a, p) => a + p.non2xx, 0);
    const errors = phases.reduce((a, p) => a + p.errors + p.timeouts, 0);
    // Duration-bound autocannon runs drop the requests in flight when they stop (≤ connections per run): the server
    // may have queued those without the client seeing the answer, hence queued ≥ 2xx seen.
    const inFlightAtStop = queued - productOk;
    const correctness = {
      non2xx,
      errors,
      productAcknowledged2xx: productOk,
      productQueuedByServer: queued,
      bodiesHandedOut: productHanded,
      distinctEventsSent: distinctSent,
      inboundJobs: jobs,
      jobCounts: counts,
      signedDuringLoad,
      inFlightAtStop,
      ok: non2xx === 0 && errors === 0 && jobs === queued && queued <= distinctSent && inFlightAtStop >= 0 && inFlightAtStop <= ROUNDS * CONNECTIONS + RATE_CONNECTIONS + 10,
    };

    // The product writes its CPU profile when it exits.
    for (const c of children.splice(0).reverse()) await c.stop();
    let profile: TProfileSummary | undefined;
    if (argv.profile && fs.existsSync(profFile)) {
      profile = summarise(profFile, 30);
      const rel = path.relative(process.cwd(), profFile);
      console.log(`\nproduct CPU profile, ready → stop (${rel}; details: npx tsx bench/lib/profile-summary.ts ${rel}):`);
      for (const st of profile.steps) console.log(`  ${(st.share * 100).toFixed(1).padStart(5)} %  ${st.step}`);
      console.log('  self time by area:');
      for (const a of profile.areas.slice(0, 12)) console.log(`  ${(a.share * 100).toFixed(1).padStart(5)} %  ${a.area}`);
    }

    // ---- report ----------------------------------------------------------------------------------------------------
    const median = (xs: number[]) => { const a = [...xs].sort((x, y) => x - y); return a.length % 2 ? a[(a.length - 1) / 2]! : (a[a.length / 2 - 1]! + a[a.length / 2]!) / 2; };
    const bareRps = median(rounds.map((r) => r.bare.rps));
    const productRps = median(rounds.map((r) => r.product.rps));
    const ratio = round(median(rounds.map((r) => r.ratio)), 3);
    const medianRound = [...rounds].sort((x, y) => x.ratio - y.ratio)[Math.floor((rounds.length - 1) / 2)]!;
    const b = medianRound.bare;
    const p = medianRound.product;
    // Noise-robust companion of the ratio: both servers are bound by one event-loop thread, so throughput goes as
    // 1 / (server CPU per request); other people's load on the machine changes req/s much more than µs/req.
    const usPerReq = (t: TTarget) => median(rounds.map((r) => r[t].cpuUsPerRequest.server ?? Number.NaN));
    const cpuCostRatio = round(usPerReq('bare') / usPerReq('product'), 3);
    const othersPct = (x: TPhase) => (x.cpuMs.others === undefined ? undefined : round((x.cpuMs.others / (x.durationS * 1000)) * 100, 0));
    const summary = {
      maxThroughput: {
        bare: bareRps, product: productRps, ratio, goal: GOAL_RATIO, met: ratio >= GOAL_RATIO,
        rounds: rounds.map((r) => ({ bare: r.bare.rps, product: r.product.rps, ratio: r.ratio, otherCpuPct: { bare: othersPct(r.bare), product: othersPct(r.product) } })),
        serverCpuUsPerRequest: { bare: usPerReq('bare'), product: usPerReq('product') },
        cpuCostRatio,
      },
      latencyAtRate: {
        rate: RATE,
        autocannon: { bare: pick(rate.bare!), product: pick(rate.product!) },
        paced: { bare: pick(pace.bare!), product: pick(pace.product!) },
        goalP99Ms: GOAL_P99_MS,
        metAutocannon: rate.product!.latency.p99 < GOAL_P99_MS,
        metPaced: pace.product!.latency.p99 < GOAL_P99_MS,
      },
      cpuUsPerRequestAtMax: { bare: b.cpuUsPerRequest, product: p.cpuUsPerRequest, round: rounds.indexOf(medianRound) + 1 },
    };

    console.log('\nresults (latency from our own per-response timings, ms):');
    console.log(table(
      ['phase', 'target', 'req/s', 'p50', 'p95', 'p99', 'max', 'non-2xx', 'server µs/req', 'redis µs/req', 'loadgen µs/req', 'other CPU %'],
      phases.filter((x) => x.kind !== 'warmup').map((x) => [x.label, x.target, x.rps, round(x.latency.p50), round(x.latency.p95), round(x.latency.p99), round(x.latency.max), x.non2xx,
        x.cpuUsPerRequest.server ?? Number.NaN, x.cpuUsPerRequest.redis ?? Number.NaN, x.cpuUsPerRequest.loadgen ?? Number.NaN,
        x.cpuMs.others === undefined ? Number.NaN : round((x.cpuMs.others / (x.durationS * 1000)) * 100, 0)]),
    ));
    console.log('(µs/req: CPU time of each process per completed request; other CPU %: busy time of everything else on the machine — ' +
      'other users\' processes, a redis AOF-rewrite fork — in % of one core during the phase)');
    console.log(`\nmax throughput (median of ${ROUNDS} rounds): product ${productRps} req/s, bare ${bareRps} req/s, ratio ${ratio} (per round: ${rounds.map((r) => r.ratio).join(', ')}; goal ≥ ${GOAL_RATIO}: ${ratio >= GOAL_RATIO ? 'met' : 'MISSED'})`);
    console.log(`server CPU per request (median): bare ${usPerReq('bare')} µs, product ${usPerReq('product')} µs (+ redis ${median(rounds.map((r) => r.product.cpuUsPerRequest.redis ?? Number.NaN))} µs) → CPU-cost ratio ${cpuCostRatio}`);
    console.log(`p99 at ${RATE} req/s: product ${round(rate.product!.latency.p99)} ms with autocannon overallRate (bare ${round(rate.bare!.latency.p99)} ms; autocannon's own integer histogram: product p50 ${rate.product!.tool?.p50} / p99 ${rate.product!.tool?.p99} ms), ` +
      `${round(pace.product!.latency.p99)} ms paced open loop (bare ${round(pace.bare!.latency.p99)} ms) — goal < ${GOAL_P99_MS} ms: ${summary.latencyAtRate.metAutocannon ? 'met' : 'MISSED'} (autocannon), ${summary.latencyAtRate.metPaced ? 'met' : 'MISSED'} (paced)`);
    console.log(`correctness: non-2xx ${non2xx}, socket errors/timeouts ${errors}; product acknowledged ${productOk} (2xx seen) / ${queued} (server's queued counter), ` +
      `inbound queue holds ${jobs} jobs for ${distinctSent} distinct events sent → ${correctness.ok ? 'OK' : 'FAILED'}` +
      (inFlightAtStop > 0 ? ` (${inFlightAtStop} queued while the client was stopping: answered after autocannon closed its sockets)` : ''));

    fs.mkdirSync(RESULTS, { recursive: true });
    const out = {
      benchmark: 'webhook',
      at: new Date().toISOString(),
      machine: { loadAverageAtStart: loadAtStart, cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, platform: `${os.type()} ${os.release()}` },
      settings: { whatIf: WHAT_IF ? `${WHAT_IF}: ${WHAT_IFS[WHAT_IF]} (bench/lib/product-child.ts)` : undefined, maxDurationS: MAX_S, rounds: ROUNDS, connections: CONNECTIONS, rate: RATE, rateDurationS: RATE_S, rateConnections: RATE_CONNECTIONS, pacedDurationS: PACED_S, warmupS: WARMUP_S, pool: POOL, redis: process.env.REDIS_URL ? 'REDIS_URL' : 'private redis-server', signMsPerBody: round(signMs / POOL, 4) },
      summary,
      correctness,
      profile: profile && { busyMs: Math.round(profile.busyMs), steps: profile.steps.map((x) => ({ ...x, ms: Math.round(x.ms), share: round(x.share, 3) })), areas: profile.areas.slice(0, 20).map((x) => ({ ...x, ms: Math.round(x.ms), share: round(x.share, 3) })) },
      phases: phases.map((x) => ({ ...x, latency: roundLatency(x.latency) })),
    };
    const outFile = argv.out ? path.resolve(argv.out) : path.join(RESULTS, WHAT_IF ? `webhook-what-if-${WHAT_IF}.json` : 'webhook.json');
    fs.writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`\nwritten ${path.relative(process.cwd(), outFile)}`);
    return correctness.ok ? 0 : 1;
  } finally {
    await cleanup();
  }
}

function pick(x: TPhase) {
  return { rps: x.rps, p50: round(x.latency.p50), p95: round(x.latency.p95), p99: round(x.latency.p99), max: round(x.latency.max), non2xx: x.non2xx, tool: x.tool };
}
function roundLatency(l: TLatency): TLatency {
  return { count: l.count, p50: round(l.p50, 3), p95: round(l.p95, 3), p99: round(l.p99, 3), max: round(l.max, 3), mean: round(l.mean, 3) };
}

guard(240_000);
main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => { console.error(err); process.exitCode = 1; },
);
