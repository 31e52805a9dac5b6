import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';

/**
 * The redis-server the product starts itself when REDIS_URL is unset: data in DATA_DIR/redis, AOF on,
 * maxmemory-policy noeviction (BullMQ loses jobs under eviction), loopback only, a generated password.
 * A server left running by an earlier start (or started by another process of this DATA_DIR) is reused.
 */
export interface TPrivateRedis {
  url: string;
  /** true when this process started it (and so stops it on shutdown) */
  owned: boolean;
  stop(): Promise<void>;
}

interface TRedisState {
  pid: number;
  port: number;
  password: string;
}

export class RedisServerMissingError extends Error {
  constructor(bin: string) {
    super(
      `Không tìm thấy redis-server ("${bin}"). Cài đặt bằng: sudo apt-get install -y redis-server ` +
        '(hoặc đặt REDIS_URL trỏ tới một Redis có sẵn).',
    );
    this.name = 'RedisServerMissingError';
  }
}

/** A free TCP port on loopback (also used by the test services). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function ping(url: string, timeoutMs = 1000): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function urlOf(state: TRedisState): string {
  return `redis://:${state.password}@127.0.0.1:${state.port}/0`;
}

export async function startPrivateRedis(opts: { dataDir: string; bin?: string; log?: (msg: string) => void }): Promise<TPrivateRedis> {
  const bin = opts.bin ?? 'redis-server';
  const dir = path.join(opts.dataDir, 'redis');
  const stateFile = path.join(dir, 'redis.json');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });

  try {
    const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as TRedisState;
    if (await ping(urlOf(state))) {
      opts.log?.(`redis: reusing private redis-server on 127.0.0.1:${state.port} (pid ${state.pid})`);
      return { url: urlOf(state), owned: false, stop: async () => {} };
    }
  } catch {
    // no state or not running: start one
  }

  const probe = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new RedisServerMissingError(bin);

  const state: TRedisState = { pid: 0, port: await freePort(), password: randomBytes(18).toString('hex') };
  const conf = [
    `bind 127.0.0.1`,
    `port ${state.port}`,
    `dir ${dir}`,
    `appendonly yes`,
    `appendfsync everysec`,
    `maxmemory-policy noeviction`,
    `requirepass ${state.password}`,
    `save ""`,
    `daemonize no`,
    `logfile ${path.join(dir, 'redis.log')}`,
  ].join('\n');
  const confFile = path.join(dir, 'redis.conf');
  fs.writeFileSync(confFile, `${conf}\n`, { mode: 0o600 });

  // Detached: the server outlives a crash of this process and is reused at the next start.
  const child = spawn(bin, [confFile], { stdio: 'ignore', detached: true });
  child.unref();
  state.pid = child.pid ?? 0;
  let exited = false;
  child.once('exit', () => { exited = true; });

  const url = urlOf(state);
  const deadline = Date.now() + 10_000;
  while (!(await ping(url, 300))) {
    if (exited || Date.now() > deadline) {
      const logTail = fs.existsSync(path.join(dir, 'redis.log')) ? fs.readFileSync(path.join(dir, 'redis.log'), 'utf8').slice(-500) : '';
      throw new Error(`redis-server không khởi động được.\n${logTail}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  fs.writeFileSync(stateFile, JSON.stringify(state), { mode: 0o600 });
  opts.log?.(`redis: started private redis-server on 127.0.0.1:${state.port} (data in ${dir}, AOF on)`);

  return {
    url,
    owned: true,
    async stop() {
      const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
      client.on('error', () => {});
      // SHUTDOWN rewrites nothing and flushes the AOF; the connection closing is the expected answer.
      await client.call('SHUTDOWN').catch(() => {});
      client.disconnect();
      fs.rmSync(stateFile, { force: true });
    },
  };
}
