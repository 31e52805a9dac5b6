import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXTS } from '../../src/bot/texts.ts';
import { createLogger } from '../../src/log.ts';
import { FloodGuard, type TFloodLimits } from '../../src/services/flood-guard.ts';
import { upsertOfficer } from '../../src/store/chat.ts';
import type { Db } from '../../src/store/db.ts';
import { parseZaloEvent, type TInboundEvent } from '../../src/zalo/events.ts';
import { openTestDb } from '../helpers/db.ts';
import { postSigned, simUser, textEvent } from '../helpers/hostile.ts';
import { sleep, startStack, waitUntil, type TStack } from '../helpers/stack.ts';

/**
 * Per-user flood guard (src/services/flood-guard.ts): the counter itself against the test Redis, from two guards
 * as two instances would; then the product through real HTTP with the shipped default (20 a minute).
 */
const log = createLogger('silent');
let n = 0;
const event = (userId: string, o: { ts?: number; id?: string; kind?: TInboundEvent['kind'] } = {}): TInboundEvent => ({
  eventId: o.id ?? `msg:flood${Date.now()}${++n}`, eventName: 'user_send_text', kind: o.kind ?? 'message', userId,
  timestamp: String(o.ts ?? Date.now()), text: 'menu', attachments: [],
});

describe('the counter: across instances, idempotent by event id, per user and per minute', () => {
  let db: Db;
  const conns: Redis[] = [];
  const prefix = `tflood${Date.now()}`;
  const guard = (limits: TFloodLimits, redis?: Redis) => {
    const r = redis ?? new Redis(process.env.TEST_REDIS_URL!);
    conns.push(r);
    return new FloodGuard({ redis: r, db, log, prefix, limits });
  };
  beforeAll(async () => { db = await openTestDb(); });
  afterAll(async () => {
    for (const c of conns) c.disconnect();
    await db?.close();
  });

  it('two instances share the limit: of 50 messages at once, exactly 20 pass and exactly one gets the notice', async () => {
    const a = guard({ perMinute: 20, officerPerMinute: 0 });
    const b = guard({ perMinute: 20, officerPerMinute: 0 });
    const ts = Date.now();
    const verdicts = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).admit(event('u-two', { ts }))));
    expect(verdicts.filter((v) => v.admitted)).toHaveLength(20);
    expect(verdicts.filter((v) => !v.admitted && v.notify)).toHaveLength(1);
    expect(verdicts.filter((v) => !v.admitted && !v.notify)).toHaveLength(29);
    expect(verdicts.map((v) => v.position).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('a retried event (same id, either instance) gets the same answer and is not counted again', async () => {
    const a = guard({ perMinute: 2, officerPerMinute: 0 });
    const b = guard({ perMinute: 2, officerPerMinute: 0 });
    const ts = Date.now();
    const e1 = event('u-retry', { ts });
    const e2 = event('u-retry', { ts });
    const e3 = event('u-retry', { ts });
    expect(await a.admit(e1)).toEqual({ admitted: true, position: 1 });
    for (let i = 0; i < 5; i++) expect(await (i % 2 ? a : b).admit(e1)).toEqual({ admitted: true, position: 1 });
    expect(await b.admit(e2)).toEqual({ admitted: true, position: 2 });
    expect(await a.admit(e3)).toEqual({ admitted: false, position: 3, notify: true });
    expect(await b.admit(e3)).toEqual({ admitted: false, position: 3, notify: true });
    expect(await a.admit(event('u-retry', { ts }))).toEqual({ admitted: false, position: 4, notify: false });
  });

  it('other users, the next minute, and events that are not messages are not affected', async () => {
    const g = guard({ perMinute: 1, officerPerMinute: 0 });
    const ts = Math.floor(Date.now() / 60_000) * 60_000 + 10_000;
    expect((await g.admit(event('u-flood', { ts }))).admitted).toBe(true);
    expect((await g.admit(event('u-flood', { ts }))).admitted).toBe(false);
    expect((await g.admit(event('u-other', { ts }))).admitted).toBe(true);
    expect((await g.admit(event('u-flood', { ts: ts + 60_000 }))).admitted).toBe(true);
    for (const kind of ['follow', 'delivery', 'oa_echo', 'chatnow'] as const) expect((await g.admit(event('u-flood', { ts, kind }))).admitted).toBe(true);
  });

  it('officers have their own, higher limit; 0 turns the guard off; a Redis failure lets messages through', async () => {
    await upsertOfficer(db, { userId: 'u-officer', unitCode: 'PQ', role: 'officer' });
    const g = guard({ perMinute: 2, officerPerMinute: 4 });
    const ts = Date.now();
    const officer = [];
    for (let i = 0; i < 6; i++) officer.push(await g.admit(event('u-officer', { ts })));
    expect(officer.map((v) => (v.admitted ? 'ok' : v.notify ? 'notice' : 'dropped'))).toEqual(['ok', 'ok', 'ok', 'ok', 'notice', 'dropped']);
    const unlimited = guard({ perMinute: 2, officerPerMinute: 0 });
    for (let i = 0; i < 5; i++) expect((await unlimited.admit(event('u-officer', { ts: ts + 120_000 }))).admitted).toBe(true);
    const off = guard({ perMinute: 0, officerPerMinute: 0 });
    for (let i = 0; i < 30; i++) expect((await off.admit(event('u-off', { ts }))).admitted).toBe(true);
    const down = new Redis('redis://127.0.0.1:9', { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const broken = guard({ perMinute: 1, officerPerMinute: 0 }, down);
    for (let i = 0; i < 3; i++) expect((await broken.admit(event('u-down', { ts }))).admitted).toBe(true);
  });
});

describe('through the product (real HTTP, default USER_MESSAGES_PER_MINUTE=20)', () => {
  let stack: TStack;
  beforeAll(async () => { stack = await startStack({ env: { LOG_LEVEL: 'silent' } }); });
  afterAll(async () => { await stack?.close(); });
  const sent = (u: string) => stack.sim.sent({ userId: u });

  it('26 messages in one minute: 20 answered, one polite notice, 6 acknowledged; another user unaffected; retries change nothing', async () => {
    expect(stack.config.floodGuard).toEqual({ perMinute: 20, officerPerMinute: 120 });
    const flooder = simUser(stack, '8491');
    const bystander = simUser(stack, '8492');
    // One minute for all of them, whatever the clock: the window is the event's own timestamp.
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const events = Array.from({ length: 26 }, (_, i) => textEvent(stack, flooder, 'menu', { ts: minute + i }));
    const answers = await Promise.all(events.map((e) => postSigned(stack, JSON.stringify(e), e.timestamp)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const other = textEvent(stack, bystander, 'menu', { ts: minute + 30 });
    expect((await postSigned(stack, JSON.stringify(other), other.timestamp)).status).toBe(200);

    await waitUntil(() => sent(flooder).length >= 21 && sent(bystander).length >= 1, 20_000);
    await sleep(500);
    const texts = sent(flooder).map((m) => m.text);
    expect(texts.filter((t) => t === 'Bạn cần hỗ trợ gì? Chọn một mục bên dưới:')).toHaveLength(20);
    expect(texts.filter((t) => t === TEXTS.rateLimited)).toHaveLength(1);
    expect(texts).toHaveLength(21);
    expect(sent(bystander).map((m) => m.text)).toEqual(['Bạn cần hỗ trợ gì? Chọn một mục bên dưới:']);
    // All 26 were acknowledged and recorded: Zalo's retries and the queue's find them handled.
    const db = stack.running!.rt.db;
    const done = await db.query('SELECT 1 FROM processed_events WHERE user_id = $1', [flooder]);
    expect(done.rowCount).toBe(26);

    // A Zalo retry of every event, and the worker taking an already counted event again (a job retried after a
    // crash, past BullMQ's own de-duplication): nothing more is sent and nothing more is counted.
    await Promise.all(events.map((e) => postSigned(stack, JSON.stringify(e), e.timestamp)));
    const parsed = parseZaloEvent(events[25]);
    if (!parsed.ok) throw new Error('event did not parse');
    await stack.running!.rt.queues.inbound.add('event', parsed.event, { jobId: `again-${Date.now()}` });
    const again = parseZaloEvent(events[3]);
    if (!again.ok) throw new Error('event did not parse');
    await stack.running!.rt.queues.inbound.add('event', again.event, { jobId: `again2-${Date.now()}` });
    await sleep(1200);
    expect(sent(flooder)).toHaveLength(21);
    const key = `${stack.config.queuePrefix}:flood:{${flooder}}:${Math.floor(minute / 60_000)}`;
    expect(await stack.running!.rt.redis.hget(key, '#')).toBe('26');
  }, 40_000);

  it('the next minute the same user is answered again; officers are not held to the citizens\' 20', async () => {
    const u = simUser(stack, '8493');
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const burst = Array.from({ length: 22 }, (_, i) => textEvent(stack, u, 'menu', { ts: minute - 60_000 + i }));
    await Promise.all(burst.map((e) => postSigned(stack, JSON.stringify(e), e.timestamp)));
    await waitUntil(() => sent(u).length >= 21, 20_000);
    const next = textEvent(stack, u, 'menu', { ts: minute + 5 });
    await postSigned(stack, JSON.stringify(next), next.timestamp);
    await waitUntil(() => sent(u).length >= 22);
    expect(sent(u).at(-1)!.text).toBe('Bạn cần hỗ trợ gì? Chọn một mục bên dưới:');

    const officer = simUser(stack, '8494');
    await upsertOfficer(stack.running!.rt.db, { userId: officer, unitCode: 'PQ', role: 'officer' });
    const work = Array.from({ length: 25 }, (_, i) => textEvent(stack, officer, 'menu', { ts: minute + i }));
    await Promise.all(work.map((e) => postSigned(stack, JSON.stringify(e), e.timestamp)));
    await waitUntil(() => sent(officer).length >= 25, 20_000);
    await sleep(300);
    expect(sent(officer).filter((m) => m.text === TEXTS.rateLimited)).toHaveLength(0);
    expect(sent(officer)).toHaveLength(25);
  }, 40_000);
});
