import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, type TStack } from '../helpers/stack.ts';

let stack: TStack;
// A server whose Redis is unreachable: the webhook must answer 503 quickly so that Zalo retries later.
beforeAll(async () => {
  stack = await startStack({ role: 'none' });
});
afterAll(async () => { await stack?.close(); });

it('answers 503 (fast) when Redis is down, and /readyz says not ready', async () => {
  const { createApp } = await import('../../src/http/app.ts');
  const { createRuntime } = await import('../../src/runtime.ts');
  const { loadConfig } = await import('../../src/config.ts');
  const { createLogger } = await import('../../src/log.ts');
  const net = await import('node:net');
  // A port with nothing listening.
  const dead = await new Promise<number>((resolve) => { const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
  const config = loadConfig({ ...stack.env, REDIS_URL: `redis://127.0.0.1:${dead}` });
  const rt = await createRuntime(config, { log: createLogger('silent'), redisWaitMs: 300, allowRedisDown: true });
  const server = createApp(rt).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    const sim = stack.sim;
    sim.webhookUrl = `${url}/webhooks/zalo`;
    const u = sim.createUser({ userId: '8447113155500001' }).userId;
    const t0 = Date.now();
    const r = await sim.sendText(u, 'menu');
    expect(r.status).toBe(503);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
  } finally {
    server.close();
    await rt.close();
  }
});
