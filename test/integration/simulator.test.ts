import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseZaloEvent } from '../../src/zalo/events.ts';
import { verifyEventSignature, type TSignatureCheck } from '../../src/zalo/signature.ts';
import { makeSamplePdf, makeSamplePng } from '../../src/zalo/simulator/sample-files.ts';
import { startSimulator, type Simulator } from '../../src/zalo/simulator/simulator.ts';

/**
 * The simulator over real HTTP, with a tiny express receiver standing in for the bot's webhook.
 * Everything runs on loopback with port 0.
 */

const CREDS = {
  appId: '1234567890123456789',
  appSecret: 'test-app-secret',
  oaSecretKey: 'test-oa-secret-key',
  oaId: '9876543210987654321',
};

interface TReceived { body: Record<string, unknown>; check: TSignatureCheck }
const received: TReceived[] = [];
let receiver: http.Server;
let receiverUrl: string;
let sim: Simulator;

type TZaloAnswer = { error: number; message?: string; data?: Record<string, unknown> } & Record<string, unknown>;

async function call(method: string, path: string, opts: { token?: string | null; json?: unknown; form?: Record<string, string>; headers?: Record<string, string>; body?: FormData } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? sim.tokens().accessToken : opts.token;
  if (token !== null) headers.access_token = token;
  let body: string | FormData | undefined = opts.body;
  if (opts.json !== undefined) { headers['content-type'] = 'application/json'; body = JSON.stringify(opts.json); }
  if (opts.form) { headers['content-type'] = 'application/x-www-form-urlencoded'; body = new URLSearchParams(opts.form).toString(); }
  const res = await fetch(`${sim.url}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try { parsed = JSON.parse(text); } catch { /* HTML from an injected 5xx */ }
  return { status: res.status, body: parsed as TZaloAnswer };
}
const sendText = (userId: string, text: string, token?: string | null) =>
  call('POST', '/v3.0/oa/message/cs', { token, json: { recipient: { user_id: userId }, message: { text } } });

/** A citizen who has just written to the OA (inside the 7-day window). */
async function activeCitizen(): Promise<string> {
  const u = sim.createUser({ name: 'Trần Thị Bình' });
  await sim.sendText(u.userId, 'Xin chào');
  return u.userId;
}

beforeAll(async () => {
  const app = express();
  // Raw bytes first: the signature covers the exact body, as the product's webhook route must do.
  app.post('/webhook', express.raw({ type: () => true }), (req, res) => {
    const raw = req.body as Buffer;
    let body: Record<string, unknown>;
    try { body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>; } catch { res.status(400).end(); return; }
    const check = verifyEventSignature({
      header: req.get('x-zevent-signature'), rawBody: raw, timestamp: typeof body.timestamp === 'string' ? body.timestamp : req.get('x-zevent-timestamp'),
      appId: CREDS.appId, oaSecretKey: CREDS.oaSecretKey,
    });
    received.push({ body, check });
    if (!check.ok) { res.status(401).json({ error: check.reason }); return; }
    res.json({ ok: true });
  });
  receiver = http.createServer(app);
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
  sim = await startSimulator({ ...CREDS, port: 0, webhookUrl: receiverUrl });
});

afterAll(async () => {
  await sim?.close();
  await new Promise<void>((r) => { receiver.close(() => r()); receiver.closeAllConnections(); });
});

beforeEach(() => {
  sim.reset();
  sim.echo = false;
  received.length = 0;
});

describe('webhook events to the bot', () => {
  it('signs events so verifyEventSignature accepts them, and they parse into product events', async () => {
    const u = sim.createUser({ name: 'Lê Văn Cường' });
    const d = await sim.sendText(u.userId, 'Thủ tục cấp đổi căn cước cần gì?');
    expect(d.status).toBe(200);
    expect(received).toHaveLength(1);
    expect(received[0]!.check).toEqual({ ok: true });
    const parsed = parseZaloEvent(received[0]!.body);
    expect(parsed.ok && parsed.event).toMatchObject({ kind: 'message', userId: u.userId, appUserId: u.appUserId, text: 'Thủ tục cấp đổi căn cước cần gì?' });

    const img = await sim.sendImage(u.userId, [`${sim.url}/_sim/files/sample.png`]);
    const loc = await sim.sendLocation(u.userId, 10.7769, 106.7009);
    const fol = await sim.follow(u.userId);
    expect([img.status, loc.status, fol.status]).toEqual([200, 200, 200]);
    const kinds = received.slice(1).map((r) => { const p = parseZaloEvent(r.body); return p.ok ? [p.event.kind, p.event.attachments[0]?.type] : ['bad']; });
    expect(kinds).toEqual([['message', 'image'], ['message', 'location'], ['follow', undefined]]);
    expect(sim.user(u.userId)?.follower).toBe(true);
    // The image URL in the event really downloads.
    const pic = await fetch(`${sim.url}/_sim/files/sample.png`);
    expect(pic.headers.get('content-type')).toBe('image/png');
  });

  it('postRaw can send a wrong or missing signature', async () => {
    const body = { event_name: 'user_send_text', timestamp: '1732680000000', app_id: CREDS.appId, sender: { id: '1' }, message: { msg_id: 'x', text: 'a' } };
    expect((await sim.postRaw(body)).status).toBe(200);
    expect((await sim.postRaw(body, { signature: 'mac=' + '0'.repeat(64) })).status).toBe(401);
    expect((await sim.postRaw(body, { signature: null })).status).toBe(401);
    expect(received.map((r) => r.check)).toEqual([{ ok: true }, { ok: false, reason: 'mismatch' }, { ok: false, reason: 'missing-signature' }]);
  });

  it('consoleReply is recorded and echoed as oa_send_text', async () => {
    const userId = await activeCitizen();
    await sim.consoleReply(userId, 'Cán bộ sẽ gọi lại cho anh/chị.');
    const echo = parseZaloEvent(received.at(-1)!.body);
    expect(echo.ok && echo.event).toMatchObject({ kind: 'oa_echo', userId, text: 'Cán bộ sẽ gọi lại cho anh/chị.' });
    expect(sim.sent({ userId })).toMatchObject([{ source: 'console', endpoint: 'console', kind: 'text' }]);
  });
});

describe('OA API', () => {
  it('records a text sent with a valid token and returns a message_id', async () => {
    const userId = await activeCitizen();
    const waiting = sim.waitFor((m) => m.userId === userId && m.text === 'Chào anh/chị', 2000);
    const r = await sendText(userId, 'Chào anh/chị');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ error: 0, data: { user_id: userId } });
    const m = await waiting;
    expect(m).toMatchObject({ kind: 'text', endpoint: '/v3.0/oa/message/cs', message_id: r.body.data!.message_id });
    const overHttp = await (await fetch(`${sim.url}/_sim/messages?user_id=${userId}&after=0`)).json() as { messages: Array<{ text: string }> };
    expect(overHttp.messages.map((x) => x.text)).toEqual(['Chào anh/chị']);
  });

  it('refuses a missing or unknown token with -216 and an expired one with -124', async () => {
    const userId = await activeCitizen();
    expect((await sendText(userId, 'a', null)).body.error).toBe(-216);
    expect((await sendText(userId, 'a', 'not-a-token')).body.error).toBe(-216);
    sim.expireAccessToken();
    expect((await sendText(userId, 'a')).body.error).toBe(-124);
    expect(sim.sent()).toHaveLength(0);
    expect(sim.stats().byError).toMatchObject({ '-216': 2, '-124': 1 });
  });

  it('validates bodies like Zalo: recipient, text length, buttons', async () => {
    const userId = await activeCitizen();
    expect((await call('POST', '/v3.0/oa/message/cs', { json: { message: { text: 'a' } } })).body.error).toBe(-201);
    expect((await sendText(userId, 'x'.repeat(2001))).body.error).toBe(-201);
    expect((await sendText(userId, 'ệ'.repeat(2000))).body.error).toBe(0);
    const withButtons = (buttons: unknown[]) => call('POST', '/v3.0/oa/message/cs', {
      json: { recipient: { user_id: userId }, message: { text: 'Chọn thủ tục', attachment: { type: 'template', payload: { buttons } } } },
    });
    const ok = await withButtons([
      { title: 'Khai sinh', type: 'oa.query.hide', payload: '#TTHC 1.001193' },
      { title: 'Xem trên cổng', type: 'oa.open.url', payload: { url: 'https://dichvucong.gov.vn' } },
    ]);
    expect(ok.body.error).toBe(0);
    expect(sim.sent({ kind: 'template' })[0]).toMatchObject({ templateType: 'button', text: 'Chọn thủ tục', buttons: [{ type: 'oa.query.hide', payload: '#TTHC 1.001193' }, { type: 'oa.open.url' }] });
    expect((await withButtons([{ title: 'x', type: 'oa.bogus', payload: 'p' }])).body.error).toBe(-201);
    expect((await withButtons([{ title: 'x', type: 'oa.open.url', payload: { url: 'javascript:alert(1)' } }])).body.error).toBe(-201);
  });

  it('enforces the 7-day window for consultation messages but not for template messages', async () => {
    const userId = await activeCitizen();
    sim.setLastInteraction(userId, new Date(Date.now() - 8 * 86_400_000));
    expect((await sendText(userId, 'Kết quả PAKN')).body.error).toBe(-230);
    expect((await sendText('5555555555555555555', 'Chưa từng nhắn')).body.error).toBe(-230);
    const t = await call('POST', '/v3.0/oa/message/template', { json: { user_id: userId, template_id: '301245', template_data: { ma_ho_so: 'HS-2024-0042' } } });
    expect(t.body.error).toBe(0);
    expect(sim.sent({ userId })).toMatchObject([{ kind: 'template_message', templateId: '301245', templateData: { ma_ho_so: 'HS-2024-0042' } }]);
    sim.setLastInteraction(userId, new Date(Date.now() - 6 * 86_400_000));
    expect((await sendText(userId, 'Trong hạn')).body.error).toBe(0);
  });

  it('uploads a PNG for an attachment_id and a PDF for a token, and sends them', async () => {
    const userId = await activeCitizen();
    const form = (bytes: Buffer, name: string) => { const f = new FormData(); f.append('file', new Blob([new Uint8Array(bytes)]), name); return f; };
    const img = await call('POST', '/v2.0/oa/upload/image', { body: form(makeSamplePng(), 'qr.png') });
    expect(img.body).toMatchObject({ error: 0, data: { attachment_id: expect.any(String) } });
    const attachmentId = img.body.data!.attachment_id as string;
    const sent = await call('POST', '/v3.0/oa/message/cs', {
      json: { recipient: { user_id: userId }, message: { text: 'Mã QR', attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: attachmentId }] } } } },
    });
    expect(sent.body.error).toBe(0);
    const rec = sim.sent({ kind: 'image' })[0]!;
    expect(rec.image?.attachmentId).toBe(attachmentId);
    expect((await fetch(rec.image!.url)).headers.get('content-type')).toBe('image/png');

    const pdf = await call('POST', '/v2.0/oa/upload/file', { body: form(makeSamplePdf(), 'giấy hẹn.pdf') });
    expect(pdf.body).toMatchObject({ error: 0, data: { token: expect.any(String) } });
    const f = await call('POST', '/v3.0/oa/message/cs', { json: { recipient: { user_id: userId }, message: { attachment: { type: 'file', payload: { token: pdf.body.data!.token } } } } });
    expect(f.body.error).toBe(0);
    expect(sim.sent({ kind: 'file' })[0]?.file).toMatchObject({ name: 'giấy hẹn.pdf' });

    expect((await call('POST', '/v2.0/oa/upload/image', { body: form(makeSamplePdf(), 'x.png') })).body.error).toBe(-201);
    const big = Buffer.concat([makeSamplePng(), Buffer.alloc(1024 * 1024)]);
    expect((await call('POST', '/v2.0/oa/upload/image', { body: form(big, 'big.png') })).body.error).toBe(-210);
  });

  it('answers user/detail with the citizen profile', async () => {
    const userId = await activeCitizen();
    await sim.follow(userId);
    const r = await call('GET', `/v3.0/oa/user/detail?data=${encodeURIComponent(JSON.stringify({ user_id: userId }))}`);
    expect(r.body).toMatchObject({ error: 0, data: { user_id: userId, display_name: 'Trần Thị Bình', user_is_follower: true } });
  });

  it('echoes what the OA sent when echo is on', async () => {
    const userId = await activeCitizen();
    sim.echo = true;
    await sendText(userId, 'Đã nhận hồ sơ');
    await expect.poll(() => received.length).toBe(2);
    const echo = parseZaloEvent(received[1]!.body);
    expect(echo.ok && echo.event).toMatchObject({ eventName: 'oa_send_text', kind: 'oa_echo', text: 'Đã nhận hồ sơ' });
    expect(received[1]!.check.ok).toBe(true);
  });
});

describe('OAuth', () => {
  const refresh = (refreshToken: string, secret = CREDS.appSecret) => call('POST', '/v4/oa/access_token', {
    token: null, headers: { secret_key: secret }, form: { refresh_token: refreshToken, app_id: CREDS.appId, grant_type: 'refresh_token' },
  });

  it('rotates the pair; the old refresh token is then refused; the new access token works', async () => {
    const first = sim.tokens();
    const r = await refresh(first.refreshToken);
    expect(r.body).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), expires_in: '90000' });
    expect(r.body.refresh_token).not.toBe(first.refreshToken);
    expect(sim.tokens()).toEqual({ accessToken: r.body.access_token, refreshToken: r.body.refresh_token });

    const again = await refresh(first.refreshToken);
    expect(again.body).toMatchObject({ error: -14014, error_name: 'Invalid refresh token' });
    expect((await refresh(r.body.refresh_token as string, 'wrong-secret')).body.error).toBeLessThan(0);

    const userId = await activeCitizen();
    expect((await sendText(userId, 'Sau khi làm mới', r.body.access_token as string)).body.error).toBe(0);
    expect(sim.stats()).toMatchObject({ refreshes: 1, refreshFailures: 1 });
  });

  it('exchanges an authorization code once (PKCE S256)', async () => {
    const verifier = 'a-very-long-code-verifier-for-the-simulator-test-0123456789';
    const challenge = (await import('node:crypto')).createHash('sha256').update(verifier).digest('base64url');
    const code = sim.issueAuthorizationCode(challenge);
    const form = { code, app_id: CREDS.appId, grant_type: 'authorization_code', code_verifier: verifier };
    const ok = await call('POST', '/v4/oa/access_token', { token: null, headers: { secret_key: CREDS.appSecret }, form });
    expect(ok.body).toMatchObject({ access_token: expect.any(String), expires_in: '90000' });
    const reused = await call('POST', '/v4/oa/access_token', { token: null, headers: { secret_key: CREDS.appSecret }, form });
    expect(reused.body.error).toBe(-14019);
  });
});

describe('rate limit and faults', () => {
  it('answers -32 beyond rateLimitPerMinute in a sliding minute', async () => {
    const small = await startSimulator({ ...CREDS, port: 0, rateLimitPerMinute: 3 });
    try {
      const detail = () => fetch(`${small.url}/v3.0/oa/user/detail?data=${encodeURIComponent('{"user_id":"1"}')}`, { headers: { access_token: small.tokens().accessToken } })
        .then((r) => r.json() as Promise<TZaloAnswer>);
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await detail()).error);
      expect(codes).toEqual([-201, -201, -201, -32, -32]);
      expect(small.stats().rateLimited).toBe(2);
    } finally {
      await small.close();
    }
  });

  it('injects 5xx, latency, error codes (counted, scoped by user) and network failures', async () => {
    const userId = await activeCitizen();
    sim.inject({ endpoint: '/v3.0/oa/message', httpStatus: 502 });
    const r502 = await sendText(userId, 'a');
    expect(r502.status).toBe(502);
    expect(String(r502.body)).toContain('502');
    expect((await sendText(userId, 'b')).body.error).toBe(0);

    sim.inject({ delayMs: 250 });
    const t0 = performance.now();
    expect((await sendText(userId, 'c')).body.error).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(240);

    sim.inject({ error: -211, times: 2, userId });
    expect((await sendText('4444444444444444444', 'other user')).body.error).toBe(-230); // not this fault's user
    expect((await sendText(userId, 'd')).body.error).toBe(-211);
    expect((await sendText(userId, 'e')).body.error).toBe(-211);
    expect((await sendText(userId, 'f')).body.error).toBe(0);

    sim.inject({ networkError: true });
    await expect(sendText(userId, 'g')).rejects.toThrow();

    // Over HTTP, for other processes; "Infinity" stands for Infinity in JSON.
    const add = await fetch(`${sim.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ endpoint: '/v4/', error: -14014, times: 'Infinity' }) });
    expect(add.status).toBe(201);
    expect((await call('POST', '/v4/oa/access_token', { token: null, form: {} })).body.error).toBe(-14014);
    expect((await call('POST', '/v4/oa/access_token', { token: null, form: {} })).body.error).toBe(-14014);
    await fetch(`${sim.url}/_sim/faults`, { method: 'DELETE' });
    expect(sim.faults()).toEqual([]);
    expect(sim.stats().faultsApplied).toBe(7);
    expect(sim.sent({ userId }).map((m) => m.text)).toEqual(['b', 'c', 'f']);
  });
});

describe('graph /me and the control API', () => {
  it('checks the mini-app token and appsecret_proof', async () => {
    const userId = await activeCitizen();
    const t = await (await fetch(`${sim.url}/_sim/miniapp-token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId }) })).json() as { access_token: string; appUserId: string };
    expect(t.appUserId).toBe(sim.user(userId)!.appUserId);
    expect(t.appUserId).not.toBe(userId);
    const me = (token: string, proof: string) => fetch(`${sim.url}/v2.0/me?fields=id,name,picture`, { headers: { access_token: token, appsecret_proof: proof } }).then((r) => r.json() as Promise<TZaloAnswer>);
    const proof = (token: string) => createHmac('sha256', CREDS.appSecret).update(token).digest('hex');
    expect(await me(t.access_token, proof(t.access_token))).toMatchObject({ error: 0, id: t.appUserId, name: 'Trần Thị Bình', picture: { data: { url: expect.stringMatching(/^http/) } } });
    expect((await me(t.access_token, createHmac('sha256', 'wrong').update(t.access_token).digest('hex'))).error).not.toBe(0);
    expect((await me('unknown-token', proof('unknown-token'))).error).not.toBe(0);
  });

  it('drives a citizen over /_sim and serves the chat page', async () => {
    const created = await (await fetch(`${sim.url}/_sim/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Phạm Thu Hà' }) })).json() as { userId: string };
    expect(BigInt(created.userId)).toBeGreaterThan(2n ** 53n);
    const r = await fetch(`${sim.url}/_sim/users/${created.userId}/text`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Giờ làm việc?' }) });
    expect(await r.json()).toMatchObject({ status: 200, body: { ok: true }, event: { event_name: 'user_send_text' } });
    const conv = await (await fetch(`${sim.url}/_sim/conversation?user_id=${created.userId}`)).json() as { entries: Array<{ direction: string; text: string }> };
    expect(conv.entries).toMatchObject([{ direction: 'in', text: 'Giờ làm việc?' }]);
    const stats = await (await fetch(`${sim.url}/_sim/stats`)).json() as { webhook: { delivered: number } };
    expect(stats.webhook.delivered).toBe(1);

    const root = await fetch(`${sim.url}/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/chat');
    const page = await (await fetch(`${sim.url}/chat`)).text();
    expect(page).toContain('Nhắn tin với Bộ phận một cửa (mô phỏng Zalo)');
    expect(page).not.toMatch(/innerHTML/);
  });
});
