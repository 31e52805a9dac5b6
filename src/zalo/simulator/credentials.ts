import { SIMULATOR_CREDENTIALS } from '../../config.ts';

/**
 * Dev-only credentials for simulator mode. They are the very values the product's config falls back to
 * (src/config.ts), so a product and a simulator both started with no configuration agree on the app id,
 * the secrets (webhook signature, appsecret_proof) and the initial token pair. Never use them against real Zalo.
 */
export const defaultSimulatorCredentials: {
  readonly appId: string;
  readonly appSecret: string;
  readonly oaId: string;
  readonly oaSecretKey: string;
  readonly accessToken: string;
  readonly refreshToken: string;
} = SIMULATOR_CREDENTIALS;
