import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '../../src/queue/definitions.ts';
import { liveZaloEnv, startLoopbackSimulator } from '../../src/zalo/simulator/live-env.ts';
import type { Simulator } from '../../src/zalo/simulator/simulator.ts';
import { spawnChild, type TChild } from './children.ts';

/**
 * The product environment shared by the end-to-end benchmarks (bench/e2e.ts, bench/reliability): a Zalo simulator
 * in the benchmark's process, the product in processes of its own (bench/lib/product-child.ts) in ZALO_MODE=live
 * with its three base URLs on that simulator (like test/helpers/stack.ts), and a view of its queues.
 */

export const PRODUCT_CHILD = path.join(import.meta.dirname, 'product-child.ts');

/** A simulator on a free loopback port with the simulator's credentials. */
export function benchSimulator(rateLimitPerMinute: number): Promise<Simulator> {
  return startLoopbackSimulator({ rateLimitPerMinute });
}

export interface TProductEnvOptions {
  dataDir: string;
  queuePrefix: string;
  /** unset: the product's default (3600/min) */
  outboundRatePerMinute?: number;
  /** a PostgreSQL server; unset: PGlite in dataDir */
  databaseUrl?: string;
  /** unset: $REDIS_URL, else the product's private redis-server in dataDir */
  redisUrl?: string;
  logLevel?: string;
  extra?: NodeJS.ProcessEnv;
}

/** The environment of a product process in live mode against `sim` (its current token pair as the first pair). */
export function productEnv(sim: Simulator, o: TProductEnvOptions): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'production',
    DATA_DIR: o.dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    // Never a real database or a public address from the caller's environment.
    DATABASE_URL: o.databaseUrl ?? '',
    PUBLIC_URL: '',
    REDIS_URL: o.redisUrl ?? process.env.REDIS_URL ?? '',
    QUEUE_PREFIX: o.queuePrefix,
    ...liveZaloEnv(sim),
    ...(o.outboundRatePerMinute === undefined ? {} : { OUTBOUND_RATE_PER_MINUTE: String(o.outboundRatePerMinute) }),
    LOG_LEVEL: o.logLevel ?? 'warn',
    ...o.extra,
  };
}

/** One product process: `start(role, loadConfig(env))` in bench/lib/product-child.ts. */
export function spawnProduct(role: 'all' | 'server' | 'worker', env: NodeJS.ProcessEnv, opts: { readyTimeoutMs?: number; logFile?: string } = {}): Promise<TChild> {
  return spawnChild(PRODUCT_CHILD, [role], { env, ...opts });
}

/** The product's inbound and outbound queues, seen from the benchmark (its own Redis connection). */
export class BenchQueues {
  private constructor(readonly conn: Redis, readonly inbound: Queue, readonly outbound: Queue) {}

  static open(redisUrl: string, prefix: string): BenchQueues {
    const conn = new Redis(redisUrl, { maxRetriesPerRequest: null });
    conn.on('error', () => {}); // a Redis restart is part of some scenarios; the connection comes back by itself
    const inbound = new Queue(QUEUES.inbound, { connection: conn, prefix });
    const outbound = new Queue(QUEUES.outbound, { connection: conn, prefix });
    for (const q of [inbound, outbound]) q.on('error', () => {});
    return new BenchQueues(conn, inbound, outbound);
  }

  /** Jobs not finished yet (waiting, active, delayed, prioritized) per queue. */
  async pending(): Promise<{ inbound: number; outbound: number }> {
    const of = async (q: Queue) => Object.values(await q.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children')).reduce((a, n) => a + n, 0);
    const [inbound, outbound] = await Promise.all([of(this.inbound), of(this.outbound)]);
    return { inbound, outbound };
  }

  /** Waits until both queues hold nothing unfinished, or until `deadline` (epoch ms); true when drained. */
  async drain(deadline: number, stepMs = 100): Promise<boolean> {
    for (;;) {
      const p = await this.pending().catch(() => undefined);
      if (p && p.inbound === 0 && p.outbound === 0) return true;
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, stepMs));
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.inbound.close(), this.outbound.close()]).catch(() => {});
    this.conn.disconnect();
  }
}
