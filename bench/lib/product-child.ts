/**
 * The real product in a process of its own: `node --import tsx bench/lib/product-child.ts <server|all|worker>`,
 * configured by the environment like `npm start` (src/config.ts). Reports {url, redisUrl, redisPid} over IPC once
 * listening, and stops cleanly (HTTP, workers, queues, PGlite, the private redis-server it started) on {type:'stop'},
 * SIGTERM/SIGINT or when the parent goes away. With BENCH_CPU_PROFILE=<file>, the main thread is CPU-profiled from
 * ready to stop (start-up and migrations excluded) and the .cpuprofile written there.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';
import { Queue, type Job, type JobsOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { start, type TRole } from '../../src/main.ts';

// What-ifs, for `bench/webhook.ts --what-if <name>` only (the product's code is unchanged; these patch this process):
// - autopipelining: every ioredis connection batches the commands issued in one tick into one write
//   (ioredis `enableAutoPipelining`);
// - batch-add: Queue.add calls made during one event-loop turn go to Redis as one Queue.addBulk (one MULTI, one
//   write and one read for all of them), each caller still getting its own job back.
const whatIf = process.env.BENCH_WHAT_IF;
if (whatIf === 'autopipelining') {
  (Redis as unknown as { defaultOptions: RedisOptions }).defaultOptions.enableAutoPipelining = true;
} else if (whatIf === 'batch-add') {
  interface TPending { name: string; data: unknown; opts: JobsOptions | undefined; resolve: (job: Job) => void; reject: (err: unknown) => void }
  const pending = new WeakMap<Queue, TPending[]>();
  const batchedAdd = function (this: Queue, name: string, data: unknown, opts?: JobsOptions): Promise<Job> {
    return new Promise<Job>((resolve, reject) => {
      let batch = pending.get(this);
      if (!batch) {
        const fresh: TPending[] = [];
        batch = fresh;
        pending.set(this, fresh);
        setImmediate(() => {
          pending.delete(this);
          this.addBulk(fresh.map((x) => ({ name: x.name, data: x.data, opts: x.opts }))).then(
            (jobs) => fresh.forEach((x, i) => x.resolve(jobs[i]!)),
            (err: unknown) => fresh.forEach((x) => x.reject(err)),
          );
        });
      }
      batch.push({ name, data, opts, resolve, reject });
    });
  };
  (Queue.prototype as unknown as { add: typeof batchedAdd }).add = batchedAdd;
} else if (whatIf) {
  throw new Error(`unknown BENCH_WHAT_IF ${whatIf}`);
}

const role = (process.argv[2] ?? 'server') as TRole;
const config = loadConfig(process.env);
const running = await start(role, config, createLogger(config.logLevel));

function privateRedisPid(): number | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(path.join(config.dataDir, 'redis', 'redis.json'), 'utf8')) as { pid?: number };
    return state.pid;
  } catch {
    return undefined;
  }
}

const profileFile = process.env.BENCH_CPU_PROFILE;
let session: Session | undefined;
const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => {
  session!.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result)));
});
if (profileFile) {
  session = new Session();
  session.connect();
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 200 });
  await post('Profiler.start');
}

let stopping = false;
async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (session && profileFile) {
    const { profile } = (await post('Profiler.stop')) as { profile: unknown };
    fs.writeFileSync(profileFile, JSON.stringify(profile));
    session.disconnect();
  }
  await running.stop(reason).catch((err: unknown) => console.error('[product-child] stop failed:', err));
  process.exit(0);
}
process.on('message', (m: unknown) => {
  if (m && typeof m === 'object' && (m as { type?: unknown }).type === 'stop') void stop('bench done');
});
process.on('disconnect', () => void stop('parent gone'));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop(sig));

process.send?.({ type: 'ready', url: running.url ?? '', redisUrl: running.rt.redisUrl, redisPid: config.redisUrl ? undefined : privateRedisPid(), queuePrefix: config.queuePrefix });
