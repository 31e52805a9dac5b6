import { pathToFileURL } from 'node:url';
import { defaultSimulatorCredentials } from './credentials.ts';
import { startSimulator, type Simulator } from './simulator.ts';

export { defaultSimulatorCredentials };

const env = (key: string): string | undefined => {
  const v = process.env[key];
  return v !== undefined && v.trim() !== '' ? v.trim() : undefined;
};

/**
 * Runs the simulator as its own process, configured from the environment; every credential falls back to the
 * dev-only defaults, so `npm run simulator` works with no configuration and matches a zero-config product.
 */
export async function runSimulatorFromEnv(): Promise<Simulator> {
  const portText = env('SIM_PORT') ?? env('SIMULATOR_PORT') ?? '3900';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`SIM_PORT must be a port number, got "${portText}"`);
  const d = defaultSimulatorCredentials;
  const sim = await startSimulator({
    port,
    host: env('SIM_HOST') ?? '127.0.0.1',
    appId: env('ZALO_APP_ID') ?? d.appId,
    appSecret: env('ZALO_APP_SECRET') ?? d.appSecret,
    oaId: env('ZALO_OA_ID') ?? d.oaId,
    oaSecretKey: env('ZALO_OA_SECRET_KEY') ?? d.oaSecretKey,
    webhookUrl: env('SIM_WEBHOOK_URL'),
    accessToken: env('ZALO_ACCESS_TOKEN') ?? d.accessToken,
    refreshToken: env('ZALO_REFRESH_TOKEN') ?? d.refreshToken,
    rateLimitPerMinute: env('SIM_RATE_LIMIT_PER_MINUTE') ? Number(env('SIM_RATE_LIMIT_PER_MINUTE')) : undefined,
    echo: env('SIM_ECHO') === '1' || env('SIM_ECHO') === 'true',
    log: env('SIM_LOG') === '1' || env('SIM_LOG') === 'true',
  });
  // Addresses only: secrets and tokens are never printed.
  console.log(`Zalo simulator listening on ${sim.url} (OA API, OAuth and graph base URL)`);
  console.log(`Chat page: ${sim.chatUrl}`);
  console.log(sim.webhookUrl ? `Webhook: ${sim.webhookUrl}` : 'Webhook: not set (SIM_WEBHOOK_URL, or POST /_sim/webhook {"url": …})');
  return sim;
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  runSimulatorFromEnv().then((sim) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: stopping the simulator`);
      const hard = setTimeout(() => process.exit(1), 5_000);
      hard.unref();
      sim.close().then(() => process.exit(0), () => process.exit(1));
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  }, (err: unknown) => {
    console.error(`Zalo simulator failed to start: ${(err as Error).message}`);
    process.exit(1);
  });
}
