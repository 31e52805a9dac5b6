import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveOrg } from '../../src/store/dossiers.ts';
import { getFeedback } from '../../src/store/feedback.ts';
import { demoOrg } from '../helpers/golden.ts';
import { importTestCatalogue, postSigned, postWebhook, sigOf, simUser, textEvent } from '../helpers/hostile.ts';
import { sleep, startStack, waitUntil, type TStack } from '../helpers/stack.ts';

/**
 * Hostile webhook input through real HTTP (product ⇄ simulator, Redis, PGlite): forged and replayed signatures,
 * stale events, oversized and absurdly nested bodies, invalid UTF-8, control characters and look-alike Unicode.
 * Every call gets a clean answer (never a 500 or a hang), and what reaches the bot is handled exactly once.
 */
let stack: TStack;
const sent = (userId: string) => stack.sim.sent({ userId });
const processed = async (eventId: string) =>
  Number((await stack.running!.rt.db.query<{ n: number }>('SELECT count(*)::int AS n FROM processed_events WHERE event_id = $1', [eventId])).rows[0]!.n);

beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: 'silent' } });
  await saveOrg(stack.running!.rt.db, demoOrg);
  await importTestCatalogue(stack.running!.rt.db);
});
afterAll(async () => { await stack?.close(); });

describe('forged signatures', () => {
  it('every forgery is 401 and reaches nobody: no header, zeros, the app secret, an HMAC, a body changed after signing, another timestamp, junk', async () => {
    const u = simUser(stack, '8461');
    const event = textEvent(stack, u, 'menu');
    const body = JSON.stringify(event);
    const ts = event.timestamp;
    const { appId, appSecret, oaSecretKey } = stack.config.zalo;
    const hmac = createHmac('sha256', oaSecretKey).update(`${appId}${body}${ts}`).digest('hex');
    const tampered = body.replace('"menu"', '"thống kê tháng 6/2024"');
    const forgeries: [string, string | Buffer, Record<string, string>][] = [
      ['no signature', body, {}],
      ['all zeros', body, { 'x-zevent-signature': `mac=${'0'.repeat(64)}` }],
      ['signed with the app secret', body, { 'x-zevent-signature': sigOf(stack, body, ts, appSecret) }],
      ['HMAC instead of the plain hash', body, { 'x-zevent-signature': `mac=${hmac}` }],
      ['body changed after signing', tampered, { 'x-zevent-signature': sigOf(stack, body, ts) }],
      ['signature over another timestamp', body, { 'x-zevent-signature': sigOf(stack, body, String(Number(ts) + 1)) }],
      ['not hex', body, { 'x-zevent-signature': `mac=${'z'.repeat(64)}` }],
      ['too long', body, { 'x-zevent-signature': `mac=${'a'.repeat(8_000)}` }],
      ['upper-case hex of another body', body, { 'x-zevent-signature': sigOf(stack, tampered, ts).toUpperCase() }],
    ];
    for (const [what, b, headers] of forgeries) {
      const r = await postWebhook(stack, b, headers);
      expect(r.status, what).toBe(401);
      expect(((await r.json()) as { error: string }).error, what).toBe('Chữ ký không hợp lệ');
    }
    await sleep(500);
    expect(sent(u)).toHaveLength(0);
    expect(await processed(`msg:${event.message.msg_id}`)).toBe(0);
  });
});

describe('replayed and stale events', () => {
  it('the same signed body five times (at once, then again later) → one reply, one processed event', async () => {
    const u = simUser(stack, '8462');
    const event = textEvent(stack, u, 'menu');
    const body = JSON.stringify(event);
    const answers = await Promise.all(Array.from({ length: 5 }, () => postSigned(stack, body, event.timestamp)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await waitUntil(() => sent(u).length >= 1);
    expect((await postSigned(stack, body, event.timestamp)).status).toBe(200);
    await sleep(700);
    expect(sent(u)).toHaveLength(1);
    expect(await processed(`msg:${event.message.msg_id}`)).toBe(1);
  });

  it('a replay with the same msg_id but other words (validly re-signed) is the same event: still one reply', async () => {
    const u = simUser(stack, '8463');
    const first = textEvent(stack, u, 'menu');
    expect((await postSigned(stack, JSON.stringify(first), first.timestamp)).status).toBe(200);
    await waitUntil(() => sent(u).length >= 1);
    const again = { ...first, message: { ...first.message, text: 'thống kê tháng 6/2024' } };
    expect((await postSigned(stack, JSON.stringify(again), again.timestamp)).status).toBe(200);
    await sleep(700);
    expect(sent(u)).toHaveLength(1);
    expect(sent(u)[0]!.text).toBe('Bạn cần hỗ trợ gì? Chọn một mục bên dưới:');
  });

  it('an old timestamp (25 hours, and year 2001) is acknowledged and dropped: 200, nothing processed', async () => {
    const u = simUser(stack, '8464');
    for (const ts of [Date.now() - 25 * 3600_000, 1_000_000_000_000]) {
      const event = textEvent(stack, u, 'menu', { ts });
      const r = await postSigned(stack, JSON.stringify(event), event.timestamp);
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ ok: true, ignored: 'stale' });
      expect(await processed(`msg:${event.message.msg_id}`)).toBe(0);
    }
    await sleep(500);
    expect(sent(u)).toHaveLength(0);
  });
});

describe('size and shape', () => {
  it('a body over 512 KB → 413 with a Vietnamese answer, signed or not; 20 MB too; the server keeps serving', async () => {
    const big = JSON.stringify({ event_name: 'user_send_text', timestamp: String(Date.now()), pad: 'x'.repeat(600 * 1024) });
    const r = await postWebhook(stack, big, { 'x-zevent-signature': sigOf(stack, big, String(Date.now())) });
    expect(r.status).toBe(413);
    expect(await r.json()).toEqual({ error: 'Nội dung quá lớn' });
    const huge = await postWebhook(stack, Buffer.alloc(20 * 1024 * 1024, 0x61)).then((x) => x.status, (e: Error) => `closed: ${e.message}`);
    expect([413, 'closed: fetch failed']).toContain(huge);
    expect((await fetch(`${stack.running!.url}/healthz`)).status).toBe(200);
  });

  it('JSON nested 100,000 deep: never a stack overflow or a 503 that Zalo would retry forever', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepObj = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    // Unsigned: 401. As the whole body: not an object, 400.
    expect((await postWebhook(stack, deep, { 'x-zevent-signature': `mac=${'0'.repeat(64)}` })).status).toBe(400);
    const u = simUser(stack, '8465');
    const ts = String(Date.now());
    // Inside a message (an unknown field): the message is answered as usual.
    const inMessage = JSON.stringify(textEvent(stack, u, 'menu', { ts: Number(ts) })).replace('"text":"menu"', `"text":"menu","x":${deep},"y":${deepObj}`);
    expect((await postSigned(stack, inMessage, ts)).status).toBe(200);
    await waitUntil(() => sent(u).length === 1);
    // In user_submit_info's info (kept by the bot): nested values are dropped, the event is handled.
    const ts2 = String(Date.now() + 1);
    const info = `{"event_name":"user_submit_info","app_id":"${stack.config.zalo.appId}","timestamp":"${ts2}","sender":{"id":"${u}"},"recipient":{"id":"1"},"info":{"name":"Nguyễn Văn A","deep":${deep},"o":${deepObj}}}`;
    const r = await postSigned(stack, info, ts2);
    expect(r.status).toBe(200);
    await waitUntil(() => sent(u).length === 2);
    expect(sent(u)[1]!.text).toContain('Cảm ơn bạn đã chia sẻ thông tin liên hệ');
    // Not an object at all, signed: 400 (Zalo never sends one).
    for (const body of ['null', '[]', '"text"', '12']) expect((await postSigned(stack, body, ts)).status, body).toBe(400);
  });

  it('odd shapes, signed: 200 (never a 500 that Zalo retries) — ids with control characters, a 10 KB event name, attachments that are no list, NaN coordinates', async () => {
    const u = simUser(stack, '8466');
    const ts = String(Date.now());
    const cases: Record<string, unknown>[] = [
      { ...textEvent(stack, u, 'menu', { ts: Number(ts) }), sender: { id: `${u}\u0000` } },
      { ...textEvent(stack, u, 'menu', { ts: Number(ts) }), sender: { id: 'x'.repeat(1000) } },
      { ...textEvent(stack, u, 'menu', { ts: Number(ts) }), event_name: `user_send_text${'x'.repeat(10_000)}` },
      { ...textEvent(stack, u, 'menu', { ts: Number(ts) }), sender: { id: '' } },
      { ...textEvent(stack, u, 'menu', { ts: Number(ts) }), message: { msg_id: { $ne: null }, text: 'menu' } },
    ];
    for (const c of cases) {
      const r = await postSigned(stack, JSON.stringify(c), ts);
      expect(r.status).toBe(200);
      expect(((await r.json()) as { ignored?: string }).ignored).toMatch(/bad-shape|unknown-event/);
    }
    // A text whose "attachments" is no list (the parser threw on it: a 500 that Zalo would have retried for hours).
    for (const attachments of [{}, 'x', 7, { length: 3 }]) {
      const odd = { ...textEvent(stack, u, 'menu', { ts: Number(ts) }), message: { msg_id: `odd${Math.random()}`, text: 'menu', attachments } };
      expect((await postSigned(stack, JSON.stringify(odd), ts)).status).toBe(200);
    }
    await waitUntil(() => sent(u).length === 4);
    // A location that is no number is handled as an attachment of unknown kind: answered politely.
    const loc = { ...textEvent(stack, u, '', { ts: Number(ts) }), event_name: 'user_send_location', message: { msg_id: `loc${ts}`, attachments: [{ type: 'location', payload: { coordinates: { latitude: 'abc', longitude: '1e999' } } }] } };
    expect((await postSigned(stack, JSON.stringify(loc), ts)).status).toBe(200);
    await waitUntil(() => sent(u).length === 5);
    expect(sent(u)[4]!.text).toContain('Cảm ơn bạn đã gửi');
  });
});

describe('text that is not what it seems', () => {
  it('invalid UTF-8 bytes in a signed body: decoded as U+FFFD, answered, nothing broken', async () => {
    const u = simUser(stack, '8467');
    const ts = String(Date.now());
    const head = JSON.stringify(textEvent(stack, u, 'KHAISINH', { ts: Number(ts) }));
    const [before, after] = head.split('KHAISINH') as [string, string];
    const raw = Buffer.concat([Buffer.from(`${before}phản ánh: đường `), Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(` trước nhà số 12 bị sụt lún, xe máy không qua được${after}`)]);
    expect((await postSigned(stack, raw, ts)).status).toBe(200);
    const reply = await waitUntil(() => sent(u).find((m) => /Đã tiếp nhận phản ánh/.test(m.text ?? '')));
    const code = /PA-\d{4}-\d{4}/.exec(reply.text!)![0];
    const item = await getFeedback(stack.running!.rt.db, code);
    expect(item!.content).toContain('\uFFFD');
    expect(item!.content).toBe(item!.content.normalize('NFC'));
  });

  it('NUL, escape sequences and bidirectional overrides in a message: stored without them, the item is filed', async () => {
    const u = simUser(stack, '8468');
    const text = 'phản ánh: cống \u0000thoát nước\u001b[2J trước chợ \u202Egnod gnôhk\u202C bị tắc, \u200Bmùi hôi cả tuần nay';
    await stack.sim.sendText(u, text);
    const reply = await waitUntil(() => sent(u).find((m) => /Đã tiếp nhận phản ánh/.test(m.text ?? '')));
    const item = await getFeedback(stack.running!.rt.db, /PA-\d{4}-\d{4}/.exec(reply.text!)![0]);
    expect(item!.content).toBe('cống thoát nước[2J trước chợ gnod gnôhk bị tắc, mùi hôi cả tuần nay');
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    expect(item!.content).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u200b\u202a-\u202e]/);
  });

  it('look-alike letters, zero-width characters and decomposed (NFD) text are read as the plain Vietnamese they show', async () => {
    const u = simUser(stack, '8469');
    const ask = async (text: string) => {
      const before = sent(u).length;
      await stack.sim.sendText(u, text);
      await waitUntil(() => sent(u).length > before);
      await sleep(150);
      return sent(u).slice(before).map((m) => [m.text ?? '', ...m.buttons.map((b) => b.title)].join('\n')).join('\n');
    };
    // Cyrillic е in "menu"; Greek ο and Cyrillic а in the search; zero-width spaces; NFD.
    expect(await ask('m\u0435nu')).toMatch(/^Bạn cần hỗ trợ gì\? Chọn một mục bên dưới:/);
    expect(await ask('đăng ký kh\u0430i sinh')).toContain('Đăng ký khai sinh');
    expect(await ask('khai\u200B sinh\u200D')).toContain('Đăng ký khai sinh');
    expect(await ask('Đăng ký kết hôn'.normalize('NFD'))).toContain('Đăng ký kết hôn');
    expect(await ask('\u0420h\u1ea3n \u0430nh: đèn đường trước trường tiểu học bị hỏng nhiều ngày')).toMatch(/Đã tiếp nhận phản ánh/);
  });

  it('a feedback code written with look-alike letters never opens an item (codes are Latin only)', async () => {
    const owner = simUser(stack, '8470');
    await stack.sim.sendText(owner, 'phản ánh: vỉa hè trước số 5 đường Trần Phú bị lấn chiếm làm quán nước');
    const reply = await waitUntil(() => sent(owner).find((m) => /Đã tiếp nhận phản ánh/.test(m.text ?? '')));
    const code = /PA-\d{4}-\d{4}/.exec(reply.text!)![0];
    const other = simUser(stack, '8471');
    // Cyrillic Р and А: not the code; and the Latin code: "not yours".
    await stack.sim.sendText(other, `xem ${code.replace('PA', '\u0420\u0410')}`);
    await stack.sim.sendText(other, `xem ${code}`);
    await waitUntil(() => sent(other).length >= 2);
    await sleep(300);
    const texts = sent(other).map((m) => m.text ?? '').join('\n');
    expect(texts).not.toContain('vỉa hè');
    expect(texts).toContain(`Bạn không xem được phản ánh ${code}`);
  });
});
