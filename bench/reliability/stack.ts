import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { upsertOfficer } from '../../src/store/chat.ts';
import { openDatabase, type TOpenedDb } from '../../src/store/open.ts';
import type { Simulator } from '../../src/zalo/simulator/simulator.ts';
import { runCli } from '../../test/helpers/cli.ts';
import { startPrivatePostgres, type TPrivatePostgres } from '../../test/helpers/services.ts';
import type { TChild } from '../lib/children.ts';
import { BenchQueues, benchSimulator, productEnv, spawnProduct } from '../lib/product-env.ts';
import { childrenOf } from '../lib/resources.ts';
import type { TPopulation } from './traffic.ts';

/**
 * The product under test for one scenario, on loopback only: a Zalo simulator in this process (the real per-OA
 * rate limit, 4,000 requests a minute), a `server` process (webhook; hosts PGlite and starts the private
 * redis-server, AOF on) and N `worker` processes, all with the shipped settings except the addresses. Data: the
 * demo (`cli demo seed`: the Phú Quốc organisation, the real catalogue of ../shared/data, the dossier and PAKN
 * history) on PGlite, copied from a template seeded once per run, or seeded into a private PostgreSQL server.
 * The scenario can kill and restart a worker, the redis-server and the PostgreSQL server.
 */

/** Seeds the demo once into a PGlite folder; scenarios copy its `pglite` folder. */
export async function seedTemplate(dir: string): Promise<void> {
  const r = await runCli(['demo', 'seed'], { DATA_DIR: dir, LOG_LEVEL: 'warn' }, 180_000);
  if (r.code !== 0) throw new Error(`demo seed failed (${r.code}): ${r.stderr.slice(-800)}`);
}

export interface TStackOptions {
  name: string;
  engine: 'pglite' | 'postgres';
  workers: number;
  pop: TPopulation;
  /** the seeded PGlite folder (seedTemplate); PGlite only */
  template?: string;
  /** product logs (stdout and stderr of every process) */
  logFile: string;
  simRateLimitPerMinute?: number;
  /** unset: the shipped default (3600) */
  outboundRatePerMinute?: number;
  log: (line: string) => void;
}

interface TRedisState { pid: number; port: number; password: string }

export class ProductStack {
  server!: TChild;
  readonly workers: (TChild | undefined)[] = [];
  queues!: BenchQueues;
  /** the benchmark's own connection to the product's database (accounting, officers) */
  db!: TOpenedDb;
  pg: TPrivatePostgres | undefined;
  env!: NodeJS.ProcessEnv;
  private restartedRedis: number | undefined;

  private constructor(readonly o: TStackOptions, readonly sim: Simulator, readonly tmp: string, readonly dataDir: string, readonly prefix: string) {}

  static async start(o: TStackOptions): Promise<ProductStack> {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `motcua-rel-${o.name}-`));
    const dataDir = path.join(tmp, 'data');
    fs.mkdirSync(dataDir, { recursive: true });
    const sim = await benchSimulator(o.simRateLimitPerMinute ?? 4000);
    const s = new ProductStack(o, sim, tmp, dataDir, `rel${randomBytes(3).toString('hex')}`);
    try {
      await s.boot();
    } catch (err) {
      await s.stop();
      throw err;
    }
    return s;
  }

  private async boot(): Promise<void> {
    const o = this.o;
    const t = performance.now();
    if (o.engine === 'postgres') {
      // Durable (PostgreSQL's defaults): with synchronous_commit off a crash loses commits the product acted on.
      const pg = await startPrivatePostgres({ durable: true });
      if (!pg) throw new Error('PostgreSQL binaries not found (apt-get install -y postgresql)');
      this.pg = pg;
      const r = await runCli(['demo', 'seed'], { DATABASE_URL: pg.url, DATA_DIR: this.dataDir, LOG_LEVEL: 'warn' }, 180_000);
      if (r.code !== 0) throw new Error(`demo seed on PostgreSQL failed (${r.code}): ${r.stderr.slice(-800)}`);
    } else {
      if (!o.template) throw new Error('PGlite needs a seeded template');
      fs.cpSync(path.join(o.template, 'pglite'), path.join(this.dataDir, 'pglite'), { recursive: true });
    }
    this.env = productEnv(this.sim, { dataDir: this.dataDir, queuePrefix: this.prefix, databaseUrl: this.pg?.url, outboundRatePerMinute: o.outboundRatePerMinute, logLevel: 'warn' });
    // The server first: it hosts PGlite and starts the private redis-server; workers reach both.
    this.server = await spawnProduct('server', this.env, { logFile: o.logFile });
    this.sim.webhookUrl = `${this.server.ready.url}/webhooks/zalo`;
    for (let i = 0; i < o.workers; i++) await this.startWorker(i);
    this.queues = BenchQueues.open(this.server.ready.redisUrl!, this.prefix);
    this.db = await openDatabase({ databaseUrl: this.pg?.url, dataDir: this.dataDir, max: 3, migrate: false });
    for (const off of o.pop.officers) {
      await upsertOfficer(this.db, { userId: off.userId, unitCode: off.unit, role: off.role, name: `Cán bộ ${off.userId.slice(-3)}` });
    }
    for (const u of o.pop.citizens) this.sim.createUser({ userId: u, follower: true });
    const now = new Date();
    for (const off of o.pop.officers) {
      this.sim.createUser({ userId: off.userId, name: `Cán bộ ${off.unit}`, follower: true });
      // Officers are notified of new feedback: they are within Zalo's 7-day window.
      this.sim.setLastInteraction(off.userId, now);
    }
    o.log(`product ready in ${Math.round(performance.now() - t)} ms: server ${this.server.proc.pid} + ${o.workers} worker(s), ${o.engine === 'postgres' ? 'PostgreSQL' : 'PGlite'}, private redis-server, simulator ${this.sim.url}`);
  }

  async startWorker(i: number): Promise<TChild> {
    const w = await spawnProduct('worker', this.env, { logFile: this.o.logFile });
    this.workers[i] = w;
    return w;
  }

  /** SIGKILL, as a crash: no clean-up of any kind in the worker. */
  async killWorker(i: number): Promise<void> {
    const w = this.workers[i];
    if (!w) return;
    const exited = new Promise((r) => w.proc.once('exit', r));
    w.proc.kill('SIGKILL');
    await exited;
    this.workers[i] = undefined;
  }

  private redisState(): TRedisState | undefined {
    try {
      return JSON.parse(fs.readFileSync(path.join(this.dataDir, 'redis', 'redis.json'), 'utf8')) as TRedisState;
    } catch {
      return undefined;
    }
  }

  redisPid(): number | undefined {
    return this.restartedRedis ?? this.redisState()?.pid;
  }

  /** kill -9 of the private redis-server, `downMs` without it, then the same server (config, port, AOF) again. */
  async restartRedis(downMs: number): Promise<void> {
    const state = this.redisState();
    if (!state) throw new Error('no private redis-server state');
    const pid = this.redisPid()!;
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, downMs));
    const conf = path.join(this.dataDir, 'redis', 'redis.conf');
    const child = spawn(this.env.REDIS_SERVER_BIN || 'redis-server', [conf], { stdio: 'ignore', detached: true });
    child.unref();
    this.restartedRedis = child.pid;
    fs.writeFileSync(path.join(this.dataDir, 'redis', 'redis.json'), JSON.stringify({ ...state, pid: child.pid }), { mode: 0o600 });
    const url = `redis://:${state.password}@127.0.0.1:${state.port}/0`;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      c.on('error', () => {});
      const ok = await c.connect().then(() => c.ping()).then((p) => p === 'PONG', () => false);
      c.disconnect();
      if (ok) return;
      if (Date.now() > deadline) throw new Error('redis-server did not come back');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** PostgreSQL stopped the hard way (immediate: crash recovery at the next start), `downMs`, then started again. */
  async restartPostgres(downMs: number): Promise<void> {
    if (!this.pg) throw new Error('not on PostgreSQL');
    await this.pg.restart(downMs);
  }

  /** Pids of each part, for the resource sampler (followed across restarts). */
  processGroups(): Record<string, () => (number | undefined)[]> {
    const groups: Record<string, () => (number | undefined)[]> = {
      server: () => [this.server.proc.pid],
      workers: () => this.workers.map((w) => w?.proc.pid),
      redis: () => [this.redisPid()],
    };
    if (this.pg) {
      groups.postgres = () => {
        const pm = this.pg?.pid();
        return pm ? [pm, ...childrenOf(pm)] : [];
      };
    }
    groups['load+simulator'] = () => [process.pid];
    return groups;
  }

  async stop(): Promise<void> {
    await this.queues?.close().catch(() => {});
    await this.db?.close().catch(() => {});
    for (const w of this.workers) await w?.stop();
    await this.server?.stop();
    // A redis-server this benchmark restarted is not the product's child: make sure it is gone.
    const pid = this.restartedRedis;
    if (pid && isAlive(pid)) {
      try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
    }
    await this.sim.close();
    await this.pg?.stop();
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
