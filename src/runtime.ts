import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TConfig } from './config.ts';
import type { TOrg } from './domain/org.ts';
import { loadHolidaysFile, loadOrgFile } from './load-org.ts';
import type { THolidays } from './domain/calendar.ts';
import { createLogger, type Logger } from './log.ts';
import { zaloAnswers } from './metrics.ts';
import { QUEUES } from './queue/definitions.ts';
import { createRedis, waitForRedis } from './redis/connections.ts';
import { startPrivateRedis, type TPrivateRedis } from './redis/private-redis.ts';
import { openDatabase, type TOpenedDb } from './store/open.ts';
import { ZaloClient } from './zalo/client.ts';
import { createRateGate } from './zalo/rate-gate.ts';
import { TokenManager } from './zalo/token-manager.ts';

/**
 * Everything a process needs, built once from configuration: database, Redis connections by role, queues and
 * the Zalo client. `close()` releases it all in reverse order.
 */
export interface TRuntime {
  config: TConfig;
  log: Logger;
  db: TOpenedDb;
  redisUrl: string;
  /** general-purpose connection (locks, health) */
  redis: Redis;
  /** fail-fast connection of the webhook's producer */
  producer: Redis;
  queues: { inbound: Queue; outbound: Queue; tasks: Queue };
  tokens: TokenManager;
  zalo: ZaloClient;
  deskUnit: string;
  /** the organisation configuration (ORG_CONFIG_FILE); undefined when the file does not exist */
  org: TOrg | undefined;
  /** public holidays (HOLIDAYS_FILE): feedback deadlines skip them */
  holidays: THolidays;
  /** the http server's address once it listens (file links when PUBLIC_URL is unset) */
  listeningUrl?: string;
  close(): Promise<void>;
}

export async function createRuntime(config: TConfig, opts: { log?: Logger; dbPoolSize?: number; redisWaitMs?: number; allowRedisDown?: boolean } = {}): Promise<TRuntime> {
  const log = opts.log ?? createLogger(config.logLevel);
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const org = loadOrgFile(config.orgConfigFile);
    if (!org) log.warn({ file: config.orgConfigFile }, 'organisation configuration not found: unit names unknown to the chat and the API');
    const holidays = loadHolidaysFile(config.feedback.holidaysFile);
    if (!holidays) log.warn({ file: config.feedback.holidaysFile }, 'holidays file not found: feedback deadlines skip weekends only');
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, max: opts.dbPoolSize ?? 10, migrate: true, log: (m) => log.info(m) });
    closers.push(() => db.close());

    let privateRedis: TPrivateRedis | undefined;
    let redisUrl = config.redisUrl;
    if (!redisUrl) {
      privateRedis = await startPrivateRedis({ dataDir: config.dataDir, bin: config.redisServerBin, log: (m) => log.info(m) });
      redisUrl = privateRedis.url;
    }
    const redis = createRedis(redisUrl, 'general', log);
    const producer = createRedis(redisUrl, 'producer', log);
    closers.push(async () => { redis.disconnect(); producer.disconnect(); });
    // The webhook answers 503 while its producer is not ready: be ready before taking traffic.
    await waitForRedis(producer, opts.redisWaitMs ?? 10_000).catch((err) => {
      if (!opts.allowRedisDown) throw err;
      log.warn({ err: (err as Error).message }, 'starting without Redis');
    });

    const prefix = config.queuePrefix;
    const inbound = new Queue(QUEUES.inbound, { connection: producer, prefix });
    const outbound = new Queue(QUEUES.outbound, { connection: producer, prefix });
    const tasks = new Queue(QUEUES.tasks, { connection: producer, prefix });
    for (const q of [inbound, outbound, tasks]) q.on('error', () => {});
    closers.push(() => Promise.all([inbound.close(), outbound.close(), tasks.close()]));

    const tokens = new TokenManager({
      db, redis, log,
      oauthBaseUrl: config.zalo.oauthBaseUrl,
      appId: config.zalo.appId,
      appSecret: config.zalo.appSecret,
      initialAccessToken: config.zalo.accessToken,
      initialRefreshToken: config.zalo.refreshToken,
      lockKey: `${prefix}:lock:zalo-token-refresh`,
    });
    const zalo = new ZaloClient({
      apiBaseUrl: config.zalo.apiBaseUrl,
      tokens,
      // Every OA API request counts against Zalo's per-OA rate, not only each outbound job (rate-gate.ts).
      beforeRequest: createRateGate(redis, `${prefix}:zalo-rate`, config.outboundRatePerMinute, log),
      onAnswer: (endpoint, code) => zaloAnswers.inc({ endpoint, code: String(code) }),
    });

    return {
      config, log, db, redisUrl, redis, producer, queues: { inbound, outbound, tasks }, tokens, zalo,
      deskUnit: config.deskUnit,
      org,
      holidays: holidays ?? new Set(),
      async close() {
        for (const c of closers.reverse()) await c().catch((err) => log.warn({ err }, 'close failed'));
        // The private redis-server is left running on purpose only when another process started it.
        if (privateRedis?.owned) await privateRedis.stop();
      },
    };
  } catch (err) {
    for (const c of closers.reverse()) await c().catch(() => {});
    throw err;
  }
}
