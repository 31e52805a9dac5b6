import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRateGate } from '../../src/zalo/rate-gate.ts';
import { sleep, startStack, waitUntil, type TStack } from '../helpers/stack.ts';

/**
 * Two delivery behaviours the reliability suite (bench/reliability) found missing: Zalo's rate counts requests, not
 * outbound jobs; and a reply Zalo delivers after the client gave up waiting must not be sent a second time.
 */
let redis: Redis;
let stack: TStack;
beforeAll(async () => {
  redis = new Redis(process.env.TEST_REDIS_URL!, { maxRetriesPerRequest: 1 });
  stack = await startStack();
});
afterAll(async () => {
  redis?.disconnect();
  await stack?.close();
});

it('the request gate lets at most ⌊perMinute/60⌋ requests through in each second, shared by every caller', async () => {
  const key = `t${randomBytes(4).toString('hex')}:zalo-rate`;
  // Two gates on one key: two processes of the same OA.
  const a = createRateGate(redis, key, 600);
  const b = createRateGate(redis, key, 600);
  const passed: number[] = [];
  await Promise.all(Array.from({ length: 25 }, (_, i) => (i % 2 ? a : b)().then(() => passed.push(Date.now()))));
  expect(passed).toHaveLength(25);
  // 10 a second: 25 requests need the first second and two more.
  const seconds = new Map<number, number>();
  for (const t of passed) seconds.set(Math.floor(t / 1000), (seconds.get(Math.floor(t / 1000)) ?? 0) + 1);
  expect(seconds.size).toBeGreaterThanOrEqual(3);
  for (const n of seconds.values()) expect(n).toBeLessThanOrEqual(10);
});

it('a reply Zalo records after the client timed out is found, not sent again', async () => {
  const user = stack.sim.createUser({ userId: '8411000000000000001' }).userId;
  // Zalo answers 11 s later: past the client's 10 s timeout, and it does deliver the message.
  stack.sim.inject({ endpoint: '/v3.0/oa/message', delayMs: 11_000, times: 1, userId: user });
  const r = await stack.sim.sendText(user, 'menu');
  expect(r.status).toBe(200);
  await waitUntil(() => stack.sim.sent({ userId: user }).length >= 1, 20_000, 100);
  const rows = await waitUntil(async () => {
    const q = await stack.running!.rt.db.query<{ status: string; zalo_message_id: string | null }>(
      `SELECT status, zalo_message_id FROM outbound_messages WHERE user_id = $1`, [user]);
    return q.rows[0]?.status === 'sent' ? q.rows : undefined;
  }, 30_000, 200);
  await sleep(3000); // a second copy would be sent by now
  const got = stack.sim.sent({ userId: user });
  expect(got).toHaveLength(1);
  expect(rows[0]!.zalo_message_id).toBe(got[0]!.message_id);
}, 60_000);
