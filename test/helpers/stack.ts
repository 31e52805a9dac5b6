import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DestinationStream } from 'pino';
import { loadConfig, type TConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import { start, type TRunning } from '../../src/main.ts';
import { liveZaloEnv, startLoopbackSimulator } from '../../src/zalo/simulator/live-env.ts';
import type { Simulator } from '../../src/zalo/simulator/simulator.ts';

export interface TStack {
  sim: Simulator;
  running?: TRunning;
  config: TConfig;
  env: Record<string, string>;
  dataDir: string;
  webhookUrl: string;
  close(): Promise<void>;
}

/**
 * The product against the simulator over real HTTP, in ZALO_MODE=live with the three base URLs pointed at the
 * simulator (exactly how it would run against any server speaking the contract), on a PGlite data folder of its
 * own and the test run's Redis with a queue prefix of its own.
 */
export async function startStack(opts: {
  role?: 'all' | 'server' | 'none';
  env?: Record<string, string>;
  rateLimitPerMinute?: number;
  /** where the product's log lines go (a pino destination), e.g. to capture them; default: stdout */
  logDestination?: DestinationStream;
} = {}): Promise<TStack> {
  const sim = await startLoopbackSimulator({ rateLimitPerMinute: opts.rateLimitPerMinute });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-it-'));
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    REDIS_URL: process.env.TEST_REDIS_URL ?? '',
    QUEUE_PREFIX: `t${randomBytes(5).toString('hex')}`,
    ...liveZaloEnv(sim),
    LOG_LEVEL: 'silent',
    WORKER_LOCK_DURATION_MS: '3000',
    ...opts.env,
  };
  const config = loadConfig(env);
  let running: TRunning | undefined;
  let webhookUrl = '';
  if (opts.role !== 'none') {
    running = await start(opts.role ?? 'all', config, createLogger(env.LOG_LEVEL ?? 'silent', 'motcua', opts.logDestination));
    webhookUrl = `${running.url}/webhooks/zalo`;
    sim.webhookUrl = webhookUrl;
  }
  return {
    sim, running, config, env, dataDir, webhookUrl,
    async close() {
      await running?.stop('test done');
      await sim.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function waitUntil<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, stepMs = 50): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
