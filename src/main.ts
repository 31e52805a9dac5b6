import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, loadDotEnv, type TConfig } from './config.ts';
import { createApp } from './http/app.ts';
import { createLogger, type Logger } from './log.ts';
import { startWorkers, type TWorkers } from './queue/workers.ts';
import { RedisServerMissingError } from './redis/private-redis.ts';
import { createRuntime, type TRuntime } from './runtime.ts';
import { replaceTokenPair } from './zalo/token-store.ts';

export type TRole = 'all' | 'server' | 'worker';

export interface TRunning {
  rt: TRuntime;
  url?: string;
  chatUrl?: string;
  stop(reason?: string): Promise<void>;
}

/**
 * Starts one process: `all` (http + workers, and the Zalo simulator in simulator mode), `server` (http only) or
 * `worker` (queues only). Any number of servers and workers can share one PostgreSQL and one Redis.
 */
export async function start(role: TRole, config: TConfig, log: Logger = createLogger(config.logLevel)): Promise<TRunning> {
  if (config.zalo.mode === 'simulator') {
    log.warn(
      config.zalo.modeDefaulted
        ? 'ZALO_MODE=simulator: chưa cấu hình thông tin Zalo OA nên hệ thống chạy với TRÌNH MÔ PHỎNG Zalo, không gửi tin tới Zalo thật'
        : 'ZALO_MODE=simulator: hệ thống chạy với TRÌNH MÔ PHỎNG Zalo, không gửi tin tới Zalo thật',
    );
  }
  const rt = await createRuntime(config, { log });
  let server: http.Server | undefined;
  let workers: TWorkers | undefined;
  let simulator: { close(): Promise<void>; chatUrl: string; webhookUrl: string | undefined } | undefined;
  let url: string | undefined;

  if (role === 'all' && config.zalo.mode === 'simulator') {
    const { startSimulator } = await import('./zalo/simulator/simulator.ts');
    const sim = await startSimulator({
      port: config.simulatorPort,
      appId: config.zalo.appId,
      appSecret: config.zalo.appSecret,
      oaId: config.zalo.oaId,
      oaSecretKey: config.zalo.oaSecretKey,
      accessToken: config.zalo.accessToken,
      refreshToken: config.zalo.refreshToken,
    });
    simulator = sim;
    // The in-process simulator starts with a fresh token pair: in simulator mode it is the authority.
    const pair = sim.tokens();
    await replaceTokenPair(rt.db, pair.accessToken, pair.refreshToken, 90_000);
    rt.tokens.invalidate();
  }
  if (role === 'all' || role === 'server') {
    const app = createApp(rt);
    server = http.createServer(app);
    // Zalo waits 2 s; a slow client must not hold a socket for long.
    server.requestTimeout = 15_000;
    server.headersTimeout = 10_000;
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.port, config.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    url = config.publicUrl ?? `http://127.0.0.1:${port}`;
    rt.listeningUrl = url;
    log.info({ url }, 'http server listening');
    if (simulator) simulator.webhookUrl = `http://127.0.0.1:${port}/webhooks/zalo`;
  }
  if (role === 'all' || role === 'worker') workers = startWorkers(rt);

  let stopping: Promise<void> | undefined;
  const stop = (reason = 'stop') => {
    stopping ??= (async () => {
      log.info({ reason }, 'shutting down');
      const hard = setTimeout(() => {
        log.error('shutdown took too long: exiting now');
        process.exit(1);
      }, config.shutdownTimeoutMs);
      hard.unref();
      // Order: stop taking events, finish in-flight requests, let workers finish their jobs, then close stores.
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeIdleConnections();
        });
      }
      await workers?.close();
      await simulator?.close();
      await rt.close();
      clearTimeout(hard);
    })();
    return stopping;
  };
  return { rt, url, chatUrl: simulator?.chatUrl, stop };
}

async function main(): Promise<void> {
  const role = (process.argv[2] ?? 'all') as TRole;
  if (!['all', 'server', 'worker'].includes(role)) {
    console.error(`Vai trò không hợp lệ "${role}": dùng all, server hoặc worker.`);
    process.exit(2);
  }
  let config: TConfig;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  let running: TRunning;
  try {
    running = await start(role, config, log);
  } catch (err) {
    if (err instanceof RedisServerMissingError) console.error(err.message);
    else log.fatal({ err }, 'start failed');
    process.exit(1);
  }
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => { void running.stop(sig).then(() => process.exit(0)); });
  }
  if (running.chatUrl) {
    const line = '─'.repeat(64);
    console.log(`\n${line}\n  motcua đang chạy (chế độ mô phỏng Zalo).\n  Trò chuyện với bot như một công dân: ${running.chatUrl}\n  Mini app (đăng nhập thử tại /miniapp/dev-login): ${running.url}/miniapp/\n  Máy chủ: ${running.url}   Sẵn sàng: ${running.url}/readyz\n${line}\n`);
  }
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) void main();
