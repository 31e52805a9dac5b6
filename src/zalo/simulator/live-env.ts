import { SIMULATOR_CREDENTIALS } from '../../config.ts';
import { startSimulator, type Simulator } from './simulator.ts';

/** A simulator on a free loopback port with the simulator's credentials (tests and benchmarks). */
export function startLoopbackSimulator(opts: { rateLimitPerMinute?: number } = {}): Promise<Simulator> {
  const c = SIMULATOR_CREDENTIALS;
  return startSimulator({ port: 0, appId: c.appId, appSecret: c.appSecret, oaId: c.oaId, oaSecretKey: c.oaSecretKey, rateLimitPerMinute: opts.rateLimitPerMinute });
}

/**
 * The product's Zalo settings for ZALO_MODE=live against `sim`: the simulator's credentials, its current token pair
 * as the first pair, and the three base URLs on it — exactly how the product runs against any server speaking
 * the contract.
 */
export function liveZaloEnv(sim: Simulator): Record<string, string> {
  const c = SIMULATOR_CREDENTIALS;
  const tokens = sim.tokens();
  return {
    ZALO_MODE: 'live',
    ZALO_APP_ID: c.appId,
    ZALO_APP_SECRET: c.appSecret,
    ZALO_OA_ID: c.oaId,
    ZALO_OA_SECRET_KEY: c.oaSecretKey,
    ZALO_ACCESS_TOKEN: tokens.accessToken,
    ZALO_REFRESH_TOKEN: tokens.refreshToken,
    ZALO_API_BASE_URL: sim.url,
    ZALO_OAUTH_BASE_URL: sim.url,
    ZALO_GRAPH_BASE_URL: sim.url,
  };
}
