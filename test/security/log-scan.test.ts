import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileLinkSecret, runFeedbackDeadlines } from '../../src/services/feedback-runtime.ts';
import { upsertOfficer } from '../../src/store/chat.ts';
import { saveOrg } from '../../src/store/dossiers.ts';
import { addFollower, getFeedback } from '../../src/store/feedback.ts';
import { demoOrg } from '../helpers/golden.ts';
import { importTestCatalogue, postWebhook } from '../helpers/hostile.ts';
import { sleep, startStack, waitUntil, type TStack } from '../helpers/stack.ts';

/**
 * Secrets and personal data: a whole conversation through the simulator (real HTTP) with a phone number, an ID
 * number (CCCD) and every kind of token in play, every log line captured at level debug, then every log line and
 * every stored notification to officers (and to citizens who follow someone else's item) searched for them.
 */
const PHONE = '0912345678';
const PHONE_INTL = '+84 912 345 678';
const CCCD = '079201001234';
const CCCD_GROUPED = '079 201 001 234';
const ADMIN_TOKEN = 'log-scan-admin-token-Zq8Lw2Xv9Rt4';
const FILE_SECRET = 'log-scan-file-link-secret-Hy7Pm3Kd';

/** A number as a pattern that also finds it written with spaces, dots or dashes between the digits. */
const spaced = (digits: string) => new RegExp(digits.split('').join('[\\s.-]?'));
const PERSONAL: [string, RegExp][] = [
  ['phone', spaced('912345678')],
  ['CCCD', spaced(CCCD)],
];

const lines: string[] = [];
const sink = new Writable({ write(chunk: Buffer, _enc, cb) { lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)); cb(); } });

let stack: TStack;
const sent = (u: string) => stack.sim.sent({ userId: u });
/** Secrets seen during the run (token pairs rotate; signatures are minted per link). */
const secrets = new Map<string, string>();
const remember = (what: string, value: string | undefined) => { if (value && value.length >= 8) secrets.set(value, what); };

async function say(userId: string, text: string, replies = 1): Promise<void> {
  const before = sent(userId).length;
  await stack.sim.sendText(userId, text);
  await waitUntil(() => sent(userId).length >= before + replies, 15_000);
}

beforeAll(async () => {
  stack = await startStack({
    env: { LOG_LEVEL: 'debug', ADMIN_API_TOKEN: ADMIN_TOKEN, FILE_LINK_SECRET: FILE_SECRET, ZALO_MINI_APP_ID: '1234567890123456789' },
    logDestination: sink,
  });
  const db = stack.running!.rt.db;
  await saveOrg(db, demoOrg);
  await importTestCatalogue(db);
  const c = stack.config.zalo;
  remember('app secret', c.appSecret);
  remember('OA secret key', c.oaSecretKey);
  remember('admin API token', ADMIN_TOKEN);
  remember('file link secret', FILE_SECRET);
  remember('file link secret', fileLinkSecret(stack.config));
  remember('Zalo access token', stack.sim.tokens().accessToken);
  remember('Zalo refresh token', stack.sim.tokens().refreshToken);
}, 60_000);
afterAll(async () => { await stack?.close(); });

describe('a full conversation with personal data and secrets in play', () => {
  it('leaves no phone number, ID number or secret in any log line or any notification to officers', async () => {
    const db = stack.running!.rt.db;
    const officer = stack.sim.createUser({ userId: '7500000000000000001', name: 'Cán bộ một cửa' }).userId;
    const leader = stack.sim.createUser({ userId: '7500000000000000002', name: 'Lãnh đạo' }).userId;
    const citizen = stack.sim.createUser({ userId: '7500000000000000003', name: 'Nguyễn Văn Dân' }).userId;
    const asker = stack.sim.createUser({ userId: '7500000000000000004', name: 'Trần Thị Hỏi' }).userId;
    const follower = stack.sim.createUser({ userId: '7500000000000000005', name: 'Lê Văn Theo' }).userId;
    await upsertOfficer(db, { userId: officer, unitCode: 'PQ', role: 'officer' });
    await upsertOfficer(db, { userId: leader, unitCode: 'PQ', role: 'leader' });
    for (const u of [officer, leader, follower]) await say(u, 'menu');

    // A citizen follows, searches and looks up with their numbers, then files two items (one line; the dialog with
    // a file whose name is their ID number).
    await stack.sim.follow(citizen);
    await waitUntil(() => sent(citizen).length >= 1);
    await say(citizen, `làm giấy khai sinh cho con, sđt ${PHONE} nhé`);
    await say(citizen, `tra cứu hồ sơ ${CCCD}`);
    await say(citizen, `xyz ${PHONE_INTL} abc`);
    await say(citizen, `phản ánh: Tôi là Nguyễn Văn Dân, điện thoại ${PHONE_INTL}, CCCD ${CCCD}. Đèn đường trước nhà bị hỏng hai tuần nay.`);
    const filed1 = sent(citizen).map((m) => /Đã tiếp nhận phản ánh của bạn, mã (PA-\d{4}-\d{4})/.exec(m.text ?? '')?.[1]).find(Boolean)!;
    expect(filed1).toBeDefined();
    await say(citizen, 'phản ánh');
    await say(citizen, `Cống thoát nước bị tắc, gọi tôi số ${PHONE} hoặc xem CCCD ${CCCD_GROUPED} của tôi.`);
    const before = sent(citizen).length;
    await stack.sim.sendFile(citizen, { url: `${stack.sim.url}/_sim/files/sample.pdf`, name: `cccd-${CCCD}-sdt-${PHONE}.pdf`, size: 1000, type: 'pdf' });
    await waitUntil(() => sent(citizen).length > before);
    for (const t of ['tiếp tục', 'bỏ qua', 'bỏ qua', 'gửi']) await say(citizen, t);
    const filed2 = sent(citizen).map((m) => /Đã tiếp nhận phản ánh của bạn, mã (PA-\d{4}-\d{4})/.exec(m.text ?? '')?.[1]).filter(Boolean).at(-1)!;
    expect(filed2).not.toBe(filed1);
    await waitUntil(async () => (await db.query("SELECT 1 FROM feedback_attachments WHERE feedback_code = $1 AND status <> 'pending'", [filed2])).rowCount === 1, 15_000);

    // Another citizen asks for an officer, giving their number.
    await say(asker, `Cho tôi gặp cán bộ, số của tôi là ${PHONE}, CCCD ${CCCD}`);

    // The token expires: the product refreshes the pair (both values rotate).
    stack.sim.expireAccessToken();
    await say(follower, 'hướng dẫn');
    remember('Zalo access token', stack.sim.tokens().accessToken);
    remember('Zalo refresh token', stack.sim.tokens().refreshToken);

    // Officers work: inbox, view (photos come as signed links), the API with its token, an answer that repeats the
    // citizen's number (sent to a follower too), a reassignment, the daily deadline run.
    await addFollower(db, filed1, follower);
    await say(officer, 'pakn');
    await say(officer, `xem ${filed2}`);
    const api = `${stack.running!.url}/api/v1`;
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const one = await (await fetch(`${api}/feedback/${filed2}`, { headers: auth })).json() as { attachments: { url?: string }[] };
    for (const a of one.attachments) {
      if (!a.url) continue;
      remember('file link signature', new URL(a.url).searchParams.get('sig') ?? undefined);
      expect((await fetch(a.url)).status).toBe(200);
      expect((await fetch(a.url.replace(/sig=[^&]+/, 'sig=forged-signature-value-0000000000000000000'))).status).toBe(403);
    }
    for (const m of sent(officer)) if (m.image?.url.includes('sig=')) remember('file link signature', new URL(m.image.url).searchParams.get('sig') ?? undefined);
    expect((await fetch(`${api}/feedback`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}x` } })).status).toBe(401);
    await say(officer, `trả lời ${filed1} Chúng tôi đã gọi số ${PHONE} của bạn và sẽ sửa đèn trong tuần.`);
    await waitUntil(() => sent(follower).some((m) => m.text?.includes('mà bạn theo dõi')));
    const r = await fetch(`${api}/feedback/${filed2}/reassign`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ unit: 'DUONG-DONG' }) });
    expect(r.status).toBe(200);
    await upsertOfficer(db, { userId: leader, unitCode: 'DUONG-DONG', role: 'leader' });
    const item2 = (await getFeedback(db, filed2))!;
    const due = new Date(`${item2.dueDate}T03:00:00Z`);
    await runFeedbackDeadlines(stack.running!.rt, new Date(due.getTime() - 86_400_000));
    await runFeedbackDeadlines(stack.running!.rt, new Date(due.getTime() + 3 * 86_400_000));

    // The mini-app signs in with its own Zalo token; a forged one is refused; a forged webhook is refused.
    const appToken = stack.sim.issueMiniAppToken(citizen).accessToken;
    remember('mini-app token', appToken);
    expect((await fetch(`${api}/me`, { headers: { authorization: `Bearer ${appToken}` } })).status).toBe(200);
    expect((await fetch(`${api}/me`, { headers: { authorization: `Bearer ${appToken}0` } })).status).toBe(401);
    expect((await postWebhook(stack, JSON.stringify({ event_name: 'user_send_text', timestamp: String(Date.now()), sender: { id: citizen }, message: { msg_id: 'f', text: PHONE } }), { 'x-zevent-signature': `mac=${'1'.repeat(64)}` })).status).toBe(401);
    // A delivery Zalo refuses is logged (with its reason) — but not with what it carried.
    stack.sim.inject({ endpoint: '/v3.0/oa/message/cs', error: -230, userId: follower, times: 1 });
    await stack.sim.sendText(follower, `số tôi ${PHONE}`);
    await waitUntil(() => lines.some((l) => l.includes('message not deliverable')));
    await stack.sim.consoleReply(asker, 'Chào anh, cán bộ đây.');
    await sleep(500);

    // ---- what was written ------------------------------------------------------------------------------------
    for (const expected of ['attachment stored', 'Zalo access token refreshed', 'webhook signature check failed', 'message not deliverable', 'feedback deadlines']) {
      expect(lines.some((l) => l.includes(expected)), expected).toBe(true);
    }
    const findings: string[] = [];
    for (const line of lines) {
      for (const [what, re] of PERSONAL) if (re.test(line)) findings.push(`log line with a ${what}: ${line.slice(0, 300)}`);
      for (const [value, what] of secrets) if (line.includes(value)) findings.push(`log line with the ${what}: ${line.slice(0, 300)}`);
    }
    const officers = [officer, leader];
    const notices = await db.query<{ idempotency_key: string; user_id: string; body: unknown }>(
      "SELECT idempotency_key, user_id, body FROM outbound_messages WHERE user_id = ANY($1::text[]) OR (user_id = $2 AND idempotency_key ~ '\\|n[0-9]')",
      [officers, follower]);
    const toOfficers = notices.rows.filter((n) => /\|n\d/.test(n.idempotency_key) || n.idempotency_key.startsWith('deadlines:') || n.idempotency_key.startsWith('api:'));
    expect(toOfficers.length).toBeGreaterThanOrEqual(6);
    const kinds = toOfficers.map((n) => JSON.stringify(n.body));
    expect(kinds.some((k) => k.includes('Phản ánh mới'))).toBe(true);
    expect(kinds.some((k) => k.includes('đề nghị gặp cán bộ'))).toBe(true);
    expect(kinds.some((k) => k.includes('Nhắc hạn'))).toBe(true);
    expect(kinds.some((k) => k.includes('đã quá hạn trả lời'))).toBe(true);
    expect(kinds.some((k) => k.includes('được chuyển đến'))).toBe(true);
    expect(kinds.some((k) => k.includes('mà bạn theo dõi'))).toBe(true);
    for (const n of toOfficers) {
      const body = JSON.stringify(n.body);
      for (const [what, re] of PERSONAL) if (re.test(body)) findings.push(`notice ${n.idempotency_key} to ${n.user_id} with a ${what}: ${body.slice(0, 300)}`);
      for (const [value, what] of secrets) if (body.includes(value)) findings.push(`notice ${n.idempotency_key} with the ${what}`);
    }
    // The simulator's record of what Zalo received for officers and the follower: the same check.
    for (const u of [...officers, follower]) {
      for (const m of sent(u)) {
        const text = m.text ?? '';
        if (text.startsWith('Phản ánh PA-') && text.includes('- Nội dung:')) continue; // "xem": the officer reads the item as filed
        for (const [what, re] of PERSONAL) if (re.test(text)) findings.push(`message to ${u} with a ${what}: ${text.slice(0, 200)}`);
      }
    }
    expect(findings).toEqual([]);
    // The secrets were really in play (so that their absence means something).
    expect([...secrets.values()]).toEqual(expect.arrayContaining(['admin API token', 'Zalo access token', 'Zalo refresh token', 'file link signature', 'mini-app token']));
    expect(new Set([...secrets.entries()].filter(([, w]) => w === 'Zalo access token').map(([v]) => v)).size).toBe(2);
  }, 90_000);
});
