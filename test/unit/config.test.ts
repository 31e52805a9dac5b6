import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SIMULATOR_CREDENTIALS } from '../../src/config.ts';

/** One schema over the environment: defaults, the Zalo mode, and every problem listed at once. */

const LIVE = { ZALO_APP_ID: '1234567890123456789', ZALO_APP_SECRET: 'real-app-secret', ZALO_OA_SECRET_KEY: 'real-oa-secret-key' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig: defaults', () => {
  it('an empty environment is a working development setup', () => {
    const c = loadConfig({});
    expect(c.env).toBe('development');
    expect(c.port).toBe(3000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.databaseUrl).toBeUndefined(); // → embedded PGlite in DATA_DIR
    expect(c.redisUrl).toBeUndefined(); // → private redis-server
    expect(c.redisServerBin).toBe('redis-server');
    expect(c.queuePrefix).toBe('motcua');
    expect(c.logLevel).toBe('info');
    expect(c.simulatorPort).toBe(3900);
    expect(c.zalo.eventMaxAgeMs).toBe(24 * 3600_000);
    expect(c.handoffQuietMs).toBe(30 * 60_000);
    expect(c.shutdownTimeoutMs).toBe(10_000);
  });

  it('empty strings count as unset (as an .env file leaves them)', () => {
    const c = loadConfig({ PORT: '', DATA_DIR: '  ', DATABASE_URL: '', REDIS_URL: '', ZALO_MODE: '', ZALO_APP_ID: '', LOG_LEVEL: '' });
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.databaseUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.zalo.mode).toBe('simulator');
    expect(c.logLevel).toBe('info');
  });

  it('reads the values it is given', () => {
    const c = loadConfig({ PORT: '8080', DATA_DIR: '/var/lib/motcua', DATABASE_URL: 'postgres://u:p@db/motcua', REDIS_URL: 'redis://cache:6379', LOG_LEVEL: 'debug', HANDOFF_QUIET_MINUTES: '5' });
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe('/var/lib/motcua');
    expect(c.databaseUrl).toBe('postgres://u:p@db/motcua');
    expect(c.redisUrl).toBe('redis://cache:6379');
    expect(c.logLevel).toBe('debug');
    expect(c.handoffQuietMs).toBe(5 * 60_000);
  });
});

describe('loadConfig: Zalo mode', () => {
  it('no credentials → simulator, defaulted (so the boot can say so), with the dev credentials', () => {
    const c = loadConfig({});
    expect(c.zalo.mode).toBe('simulator');
    expect(c.zalo.modeDefaulted).toBe(true);
    expect(c.zalo.appId).toBe(SIMULATOR_CREDENTIALS.appId);
    expect(c.zalo.oaSecretKey).toBe(SIMULATOR_CREDENTIALS.oaSecretKey);
    expect(c.zalo.accessToken).toBe(SIMULATOR_CREDENTIALS.accessToken);
  });

  it('ZALO_MODE=simulator chosen explicitly is not "defaulted"', () => {
    const c = loadConfig({ ZALO_MODE: 'simulator' });
    expect(c.zalo.mode).toBe('simulator');
    expect(c.zalo.modeDefaulted).toBe(false);
  });

  it('the three credentials without ZALO_MODE → live', () => {
    const c = loadConfig(LIVE);
    expect(c.zalo.mode).toBe('live');
    expect(c.zalo.modeDefaulted).toBe(false);
    expect(c.zalo.appId).toBe(LIVE.ZALO_APP_ID);
    expect(c.zalo.accessToken).toBeUndefined(); // never the simulator's tokens against real Zalo
  });

  it('only some credentials: still the simulator, never a half-configured live mode', () => {
    const c = loadConfig({ ZALO_APP_ID: LIVE.ZALO_APP_ID });
    expect(c.zalo.mode).toBe('simulator');
  });

  it('live requires the app id, app secret and OA secret key, and names each missing one', () => {
    const problems = problemsOf({ ZALO_MODE: 'live' });
    expect(problems).toHaveLength(3);
    for (const key of ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY']) expect(problems.some((p) => p.startsWith(`${key}:`))).toBe(true);
    expect(problemsOf({ ZALO_MODE: 'live', ZALO_APP_ID: '1', ZALO_APP_SECRET: 's' })).toEqual([expect.stringMatching(/^ZALO_OA_SECRET_KEY:/)]);
    expect(loadConfig({ ZALO_MODE: 'live', ...LIVE }).zalo.mode).toBe('live');
  });

  it('base URLs: the simulator in simulator mode, the real Zalo hosts in live mode, explicit values win in both', () => {
    const sim = loadConfig({ SIMULATOR_PORT: '4999' });
    expect(sim.zalo.apiBaseUrl).toBe('http://127.0.0.1:4999');
    expect(sim.zalo.oauthBaseUrl).toBe('http://127.0.0.1:4999');
    expect(sim.zalo.graphBaseUrl).toBe('http://127.0.0.1:4999');

    const live = loadConfig(LIVE);
    expect(live.zalo.apiBaseUrl).toBe('https://openapi.zalo.me');
    expect(live.zalo.oauthBaseUrl).toBe('https://oauth.zaloapp.com');
    expect(live.zalo.graphBaseUrl).toBe('https://graph.zalo.me');

    const pointed = { ZALO_API_BASE_URL: 'http://10.0.0.5:8000', ZALO_OAUTH_BASE_URL: 'http://10.0.0.5:8001', ZALO_GRAPH_BASE_URL: 'http://10.0.0.5:8002' };
    for (const c of [loadConfig(pointed), loadConfig({ ...LIVE, ...pointed })]) {
      expect(c.zalo.apiBaseUrl).toBe(pointed.ZALO_API_BASE_URL);
      expect(c.zalo.oauthBaseUrl).toBe(pointed.ZALO_OAUTH_BASE_URL);
      expect(c.zalo.graphBaseUrl).toBe(pointed.ZALO_GRAPH_BASE_URL);
    }
  });
});

describe('loadConfig: problems', () => {
  it('lists every bad value at once, each by its variable, in the error message too', () => {
    const env = {
      PORT: 'abc', LOG_LEVEL: 'loud', REDIS_URL: 'http://cache', DATABASE_URL: 'mysql://db', ZALO_MODE: 'prod', ZALO_API_BASE_URL: 'ftp://zalo', WORKER_CONCURRENCY: '0',
    };
    const problems = problemsOf(env);
    const keys = problems.map((p) => p.split(':')[0]);
    expect(keys.sort()).toEqual(Object.keys(env).sort());
    try {
      loadConfig(env);
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toContain(`(${problems.length} lỗi)`);
      for (const k of Object.keys(env)) expect(message).toContain(`- ${k}:`);
    }
  });

  it.each([['PORT', '70000'], ['PORT', '-1'], ['PORT', '3.5'], ['ADMIN_API_TOKEN', 'short'], ['QUEUE_PREFIX', 'has space'], ['HANDOFF_QUIET_MINUTES', '0']])('%s=%s is refused', (key, value) => {
    expect(problemsOf({ [key]: value }).map((p) => p.split(':')[0])).toEqual([key]);
  });

  it('a bad value and a missing live credential are reported together', () => {
    const problems = problemsOf({ PORT: 'abc', ZALO_MODE: 'live', ZALO_APP_ID: '1', ZALO_APP_SECRET: 's' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['PORT', 'ZALO_OA_SECRET_KEY']);
  });
});
