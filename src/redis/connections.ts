import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../log.ts';

/**
 * Redis connections by role (BullMQ going-to-production): workers wait for Redis forever
 * (maxRetriesPerRequest null); the webhook's producer fails fast so the route can answer 503 and Zalo retries.
 */
export type TRedisRole = 'worker' | 'producer' | 'general';

export function createRedis(url: string, role: TRedisRole, log?: Logger): Redis {
  const base: RedisOptions = { connectionName: `motcua-${role}`, lazyConnect: false };
  const byRole: Record<TRedisRole, RedisOptions> = {
    worker: { maxRetriesPerRequest: null, enableReadyCheck: false },
    producer: { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 1500, retryStrategy: (n) => Math.min(n * 200, 2000) },
    general: { maxRetriesPerRequest: 2, connectTimeout: 3000, retryStrategy: (n) => Math.min(n * 200, 2000) },
  };
  const redis = new Redis(url, { ...base, ...byRole[role] });
  let lastErrorAt = 0;
  redis.on('error', (err) => {
    // One line per 10 s is enough to see an outage without flooding the log.
    if (Date.now() - lastErrorAt > 10_000) {
      lastErrorAt = Date.now();
      log?.warn({ role, err: { message: err.message, code: (err as NodeJS.ErrnoException).code } }, 'redis connection error');
    }
  });
  return redis;
}

/** Resolves once the connection is ready, or rejects after timeoutMs with a clear message. */
export function waitForRedis(redis: Redis, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Không kết nối được Redis sau ${Math.round(timeoutMs / 1000)} giây`));
    }, timeoutMs);
    const onReady = () => { clearTimeout(timer); resolve(); };
    redis.once('ready', onReady);
  });
}
