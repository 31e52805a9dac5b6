import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPrivateRedis } from '../src/redis/private-redis.ts';
import { startPrivatePostgres } from './helpers/services.ts';

/**
 * Real services for the whole run: a private redis-server (unless TEST_REDIS_URL is given) and a PostgreSQL
 * server (TEST_DATABASE_URL, or a private one when the binaries exist). Workers inherit the URLs via env.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const stops: (() => Promise<void>)[] = [];
  if (!process.env.TEST_REDIS_URL) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-test-redis-'));
    const redis = await startPrivateRedis({ dataDir: dir });
    process.env.TEST_REDIS_URL = redis.url;
    stops.push(async () => { await redis.stop(); fs.rmSync(dir, { recursive: true, force: true }); });
  }
  if (!process.env.TEST_DATABASE_URL) {
    const pg = await startPrivatePostgres();
    if (pg) {
      process.env.TEST_DATABASE_URL = pg.url;
      stops.push(pg.stop);
    } else if (process.env.CI) {
      throw new Error('CI needs PostgreSQL: set TEST_DATABASE_URL or install postgresql (apt-get install -y postgresql)');
    } else {
      console.warn('[test] no PostgreSQL server found: PostgreSQL variants of the storage suite are skipped');
    }
  }
  return async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
  };
}
