import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertOfficer } from '../../src/store/chat.ts';
import { computeEventMac } from '../../src/zalo/signature.ts';
import { sleep, startStack, waitUntil, type TStack } from '../helpers/stack.ts';

let stack: TStack;
let n = 0;
const newUser = () => stack.sim.createUser({ userId: `84471131${String(Date.now()).slice(-6)}${String(++n).padStart(5, '0')}`, name: `Công dân ${n}` }).userId;
const sentTo = (userId: string) => stack.sim.sent({ userId });

beforeAll(async () => { stack = await startStack({ env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' } }); });
afterAll(async () => { await stack?.close(); });

describe('the chat loop through real HTTP, Redis, PGlite and the simulator', () => {
  it('answers follow with the Vietnamese welcome and the main menu', async () => {
    const u = newUser();
    const r = await stack.sim.follow(u);
    expect(r.status).toBe(200);
    const m = await stack.sim.waitFor((x) => x.userId === u, 10_000);
    expect(m.text).toContain(`Xin chào ${stack.sim.user(u)!.name}!`);
    expect(m.buttons.map((b) => b.title)).toEqual(['Tra cứu thủ tục', 'Gửi phản ánh', 'Tra cứu hồ sơ', 'Hướng dẫn']);
    expect(m.buttons.every((b) => b.type === 'oa.query.hide')).toBe(true);
  });

  it('answers text: menu without diacritics, help, and a polite fallback', async () => {
    const u = newUser();
    await stack.sim.sendText(u, 'bat dau');
    await waitUntil(() => sentTo(u).length === 1);
    expect(sentTo(u)[0]!.text).toBe('Bạn cần hỗ trợ gì? Chọn một mục bên dưới:');
    await stack.sim.sendText(u, 'HƯỚNG DẪN');
    await waitUntil(() => sentTo(u).length === 2);
    expect(sentTo(u)[1]!.text).toContain('Hướng dẫn sử dụng');
    await stack.sim.sendText(u, 'con mèo của tôi bị lạc');
    await waitUntil(() => sentTo(u).length === 3);
    expect(sentTo(u)[2]!.text).toContain('Xin lỗi, tôi chưa hiểu ý bạn');
  });

  it('a menu button press comes back as user text and is answered', async () => {
    const u = newUser();
    await stack.sim.sendText(u, 'Tra cứu thủ tục', { hidden: true });
    await waitUntil(() => sentTo(u).length === 1);
    expect(sentTo(u)[0]!.text).toContain('gõ tên thủ tục');
  });

  it('the same event delivered twice (a Zalo retry) gets one reply', async () => {
    const u = newUser();
    const first = await stack.sim.sendText(u, 'menu');
    const again = await stack.sim.postEvent(first.event as never);
    expect(again.status).toBe(200);
    await waitUntil(() => sentTo(u).length >= 1);
    await sleep(800);
    expect(sentTo(u)).toHaveLength(1);
  });

  it('an expired token is refreshed exactly once, then the message is delivered', async () => {
    const before = stack.sim.stats().refreshes;
    stack.sim.expireAccessToken();
    const users = [newUser(), newUser(), newUser(), newUser(), newUser()];
    await Promise.all(users.map((u) => stack.sim.sendText(u, 'menu')));
    await waitUntil(() => users.every((u) => sentTo(u).length === 1), 15_000);
    expect(stack.sim.stats().refreshes - before).toBe(1);
    const stored = await stack.running!.rt.db.query<{ access_token: string; generation: number }>('SELECT access_token, generation FROM zalo_tokens');
    expect(stored.rows[0]!.access_token).toBe(stack.sim.tokens().accessToken);
  });

  it('error -230 is recorded as undeliverable and not retried', async () => {
    const u = newUser();
    stack.sim.inject({ endpoint: '/v3.0/oa/message/cs', error: -230, userId: u, times: 1 });
    const r = await stack.sim.sendText(u, 'menu');
    const eventId = `msg:${(r.event as { message: { msg_id: string } }).message.msg_id}`;
    const row = await waitUntil(async () => {
      const q = await stack.running!.rt.db.query<{ status: string; error_code: number; error_reason: string }>(
        `SELECT status, error_code, error_reason FROM outbound_messages WHERE idempotency_key LIKE $1`, [`${eventId}|%`]);
      return q.rows[0]?.status === 'undeliverable' ? q.rows[0] : undefined;
    });
    expect(row!.error_code).toBe(-230);
    expect(row!.error_reason).toContain('7 ngày');
    const requestsAfter = stack.sim.stats().byError['-230'];
    await sleep(1500);
    expect(stack.sim.stats().byError['-230']).toBe(requestsAfter);
    expect(sentTo(u)).toHaveLength(0);
  });

  it('retries a 5xx and a network failure, then delivers once', async () => {
    const u = newUser();
    stack.sim.inject({ endpoint: '/v3.0/oa/message/cs', httpStatus: 502, userId: u, times: 1 });
    stack.sim.inject({ endpoint: '/v3.0/oa/message/cs', networkError: true, userId: u, times: 1 });
    await stack.sim.sendText(u, 'menu');
    await waitUntil(() => sentTo(u).length === 1, 15_000);
    await sleep(500);
    expect(sentTo(u)).toHaveLength(1);
  });

  it('"gặp cán bộ" notifies the desk officers and keeps the bot quiet while a person answers', async () => {
    const officer = newUser();
    await upsertOfficer(stack.running!.rt.db, { userId: officer, unitCode: stack.running!.rt.deskUnit, role: 'officer' });
    // Officers chat with the OA too: Zalo only delivers to people who interacted within 7 days.
    await stack.sim.sendText(officer, 'menu');
    await waitUntil(() => sentTo(officer).length === 1);
    const officerBefore = sentTo(officer).length;
    const u = newUser();
    await stack.sim.sendText(u, 'Cho tôi gặp cán bộ, số của tôi 0912345678');
    await waitUntil(() => sentTo(u).length === 1 && sentTo(officer).length === officerBefore + 1);
    expect(sentTo(u)[0]!.text).toContain('gặp cán bộ');
    const notice = sentTo(officer).at(-1)!.text!;
    expect(notice).toContain('đề nghị gặp cán bộ');
    expect(notice).not.toContain('0912345678');
    await stack.sim.consoleReply(u, 'Chào anh, tôi là cán bộ một cửa, anh cần hỗ trợ gì?');
    await stack.sim.sendText(u, 'tôi muốn hỏi về hồ sơ đất');
    await sleep(1000);
    // Only the handoff acknowledgement (and the human's console message) — the bot said nothing more.
    expect(sentTo(u).filter((m) => m.source === 'api')).toHaveLength(1);
  });
});

describe('webhook answers', () => {
  const post = (body: string, headers: Record<string, string>) =>
    fetch(stack.webhookUrl, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  const sign = (body: string, ts: string) => `mac=${computeEventMac(stack.config.zalo.appId, body, ts, stack.config.zalo.oaSecretKey)}`;

  it('malformed JSON → 400, missing or wrong signature → 401', async () => {
    expect((await post('{"event_name": ', { 'x-zevent-signature': 'mac=00' })).status).toBe(400);
    const body = JSON.stringify({ event_name: 'user_send_text', timestamp: String(Date.now()), sender: { id: '1' }, message: { msg_id: 'x', text: 'hi' } });
    expect((await post(body, {})).status).toBe(401);
    expect((await post(body, { 'x-zevent-signature': `mac=${'0'.repeat(64)}` })).status).toBe(401);
    // The app secret instead of the OA secret key (a common mistake) is refused too.
    const wrong = `mac=${computeEventMac(stack.config.zalo.appId, body, JSON.parse(body).timestamp, stack.config.zalo.appSecret)}`;
    expect((await post(body, { 'x-zevent-signature': wrong })).status).toBe(401);
  });

  it('accepts the signature without "mac=" and the timestamp from the header', async () => {
    const ts = String(Date.now());
    const body = JSON.stringify({ event_name: 'user_send_text', app_id: stack.config.zalo.appId, sender: { id: '84471139999' }, recipient: { id: '1' }, message: { msg_id: `m${ts}`, text: 'menu' } });
    const res = await post(body, { 'x-zevent-signature': sign(body, ts).slice(4), 'x-zevent-timestamp': ts });
    expect(res.status).toBe(200);
  });

  it('signed events of an unknown type or odd shape → 200, ignored', async () => {
    const ts = String(Date.now());
    for (const obj of [
      { event_name: 'user_send_business_card', timestamp: ts, sender: { id: '1' } },
      { event_name: 'user_send_text', timestamp: ts, sender: 'nobody' },
    ]) {
      const body = JSON.stringify(obj);
      const res = await post(body, { 'x-zevent-signature': sign(body, ts) });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { ignored?: string }).ignored).toBeTruthy();
    }
  });

  it('events older than the horizon are acknowledged and dropped', async () => {
    const ts = String(Date.now() - 3 * 24 * 3600_000);
    const u = newUser();
    const body = JSON.stringify({ event_name: 'user_send_text', app_id: stack.config.zalo.appId, timestamp: ts, sender: { id: u }, recipient: { id: '1' }, message: { msg_id: `old${ts}`, text: 'menu' } });
    const res = await post(body, { 'x-zevent-signature': sign(body, ts) });
    expect(res.status).toBe(200);
    await sleep(500);
    expect(sentTo(u)).toHaveLength(0);
  });

  it('/healthz and /readyz answer', async () => {
    expect((await fetch(`${stack.running!.url}/healthz`)).status).toBe(200);
    const r = await fetch(`${stack.running!.url}/readyz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ status: 'ready' });
    const m = await (await fetch(`${stack.running!.url}/metrics`)).text();
    expect(m).toContain('motcua_webhook_duration_seconds');
    expect(m).toContain('motcua_zalo_answers_total');
  });
});
