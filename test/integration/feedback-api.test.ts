import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveOrg } from '../../src/store/dossiers.ts';
import { listAttachments } from '../../src/store/feedback-attachments.ts';
import { demoOrg } from '../helpers/golden.ts';
import { startStack, waitUntil, type TStack } from '../helpers/stack.ts';

/** The officer API for feedback, over real HTTP, with the answer reaching the citizen through the simulator. */
const TOKEN = 'feedback-api-token-0123456789';
let stack: TStack;
let base = '';
const auth = { authorization: `Bearer ${TOKEN}` };
const json = { ...auth, 'content-type': 'application/json' };

async function fileOne(userId: string, text: string, photo = false): Promise<string> {
  const before = stack.sim.sent({ userId }).length;
  if (photo) {
    await stack.sim.sendText(userId, 'phản ánh');
    await waitUntil(() => stack.sim.sent({ userId }).length > before);
    await stack.sim.sendText(userId, text);
    await waitUntil(() => stack.sim.sent({ userId }).length > before + 1);
    await stack.sim.sendImage(userId, [`${stack.sim.url}/_sim/files/sample.png`]);
    await waitUntil(() => stack.sim.sent({ userId }).length > before + 2);
    for (const [i, t] of ['tiếp tục', 'bỏ qua', 'bỏ qua', 'gửi'].entries()) {
      await stack.sim.sendText(userId, t);
      await waitUntil(() => stack.sim.sent({ userId }).length > before + 3 + i);
    }
  } else {
    await stack.sim.sendText(userId, `phản ánh: ${text}`);
  }
  const m = await waitUntil(() => stack.sim.sent({ userId }).find((x) => /Đã tiếp nhận phản ánh/.test(x.text ?? '')));
  return /PA-\d{4}-\d{4}/.exec(m.text!)![0];
}

beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: 'silent', ADMIN_API_TOKEN: TOKEN, ZALO_TEMPLATE_FEEDBACK_ANSWER: 'tpl-pakn-answer' } });
  await saveOrg(stack.running!.rt.db, demoOrg);
  base = `${stack.running!.url}/api/v1`;
}, 60_000);
afterAll(async () => { await stack?.close(); });

describe('officer API: /api/v1/feedback', () => {
  it('lists, reads (with a signed link to the stored photo), answers — and the citizen receives the answer in Zalo', async () => {
    const citizen = stack.sim.createUser({ userId: '5500000000000000001', name: 'Người dân' }).userId;
    const code = await fileOne(citizen, 'Biển báo giờ làm việc của bộ phận một cửa ghi sai giờ chiều thứ Bảy.', true);
    await waitUntil(async () => (await listAttachments(stack.running!.rt.db, code)).every((a) => a.status === 'stored'));

    const list = await (await fetch(`${base}/feedback?status=open`, { headers: auth })).json() as { items: { code: string }[] };
    expect(list.items.map((i) => i.code)).toContain(code);

    const one = await (await fetch(`${base}/feedback/${code}`, { headers: auth })).json() as { item: { content: string }; attachments: { url?: string; mime: string }[]; events: { action: string }[] };
    expect(one.item.content).toContain('Biển báo giờ làm việc');
    expect(one.events.map((e) => e.action)).toEqual(['filed']);
    const photo = await fetch(one.attachments[0]!.url!);
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    // A tampered link is refused.
    expect((await fetch(one.attachments[0]!.url!.replace(/sig=./, 'sig=A'))).status).toBe(403);

    const before = stack.sim.sent({ userId: citizen }).length;
    const answer = 'Bộ phận một cửa đã sửa biển báo: thứ Bảy làm việc buổi sáng từ 7 giờ 30 đến 11 giờ 30.';
    const r = await fetch(`${base}/feedback/${code}/answer`, { method: 'POST', headers: json, body: JSON.stringify({ text: answer }) });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { item: { status: string } }).item.status).toBe('answered');
    const got = await waitUntil(() => stack.sim.sent({ userId: citizen }).slice(before).find((m) => m.text?.includes(answer)));
    expect(got.buttons.map((b) => b.title)).toEqual(['Hài lòng', 'Chưa hài lòng']);

    // Answering a closed item again: 409, nothing sent.
    const again = await fetch(`${base}/feedback/${code}/answer`, { method: 'POST', headers: json, body: JSON.stringify({ text: 'Trả lời lần hai cho cùng phản ánh.' }) });
    expect(again.status).toBe(409);
  }, 60_000);

  it('bad input gets a clear answer: no token 401, malformed JSON 400, empty answer 400, unknown unit 400, unknown code 404', async () => {
    const citizen = stack.sim.createUser({ userId: '5500000000000000002', name: 'Người dân' }).userId;
    const code = await fileOne(citizen, 'Máy lấy số thứ tự ở bộ phận một cửa bị hỏng cả tuần nay.');
    expect((await fetch(`${base}/feedback`)).status).toBe(401);
    const malformed = await fetch(`${base}/feedback/${code}/answer`, { method: 'POST', headers: json, body: '{"text": ' });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: string }).error).toContain('JSON');
    const empty = await fetch(`${base}/feedback/${code}/answer`, { method: 'POST', headers: json, body: JSON.stringify({ text: '  ' }) });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toContain('quá ngắn');
    const unit = await fetch(`${base}/feedback/${code}/reassign`, { method: 'POST', headers: json, body: JSON.stringify({ unit: 'Sao Hỏa' }) });
    expect(unit.status).toBe(400);
    expect((await fetch(`${base}/feedback/PA-0101-9999`, { headers: auth })).status).toBe(404);
    expect((await fetch(`${base}/feedback/..%2F..%2Fetc`, { headers: auth })).status).toBe(400);
    const moved = await fetch(`${base}/feedback/${code}/reassign`, { method: 'POST', headers: json, body: JSON.stringify({ unit: 'an thoi' }) });
    expect(moved.status).toBe(200);
    expect(((await moved.json()) as { item: { unitCode: string } }).item.unitCode).toBe('AN-THOI');
    const rejected = await fetch(`${base}/feedback/${code}/reject`, { method: 'POST', headers: json, body: JSON.stringify({ reason: 'Nội dung đã được xử lý trong phản ánh khác.' }) });
    expect(rejected.status).toBe(200);
  }, 60_000);

  it('outside the 7-day window, with a template configured, the answer goes as a Zalo template message', async () => {
    const citizen = stack.sim.createUser({ userId: '5500000000000000003', name: 'Người dân' }).userId;
    const code = await fileOne(citizen, 'Đề nghị niêm yết số điện thoại đường dây nóng của bộ phận một cửa.');
    await stack.running!.rt.db.query(`UPDATE zalo_users SET last_interaction_at = now() - interval '9 days' WHERE user_id = $1`, [citizen]);
    stack.sim.setLastInteraction(citizen, new Date(Date.now() - 9 * 86_400_000));
    const before = stack.sim.sent({ userId: citizen }).length;
    const r = await fetch(`${base}/feedback/${code}/answer`, { method: 'POST', headers: json, body: JSON.stringify({ text: 'Đã niêm yết số đường dây nóng 0297 3846 xxx tại cửa ra vào.' }) });
    expect(r.status).toBe(200);
    const tpl = await waitUntil(() => stack.sim.sent({ userId: citizen }).slice(before).find((m) => m.kind === 'template_message'));
    expect(tpl.templateId).toBe('tpl-pakn-answer');
    expect(tpl.templateData).toMatchObject({ code, status: 'Đã trả lời' });
    expect((await (await fetch(`${base}/feedback/${code}`, { headers: auth })).json() as { item: { answerNotice: string } }).item.answerNotice).toBe('template');
  }, 30_000);

  it('an attachment that is not an image or document is refused when stored, and the citizen is told why', async () => {
    const citizen = stack.sim.createUser({ userId: '5500000000000000004', name: 'Người dân' }).userId;
    const before = stack.sim.sent({ userId: citizen }).length;
    const step = async (send: () => Promise<unknown>, n: number) => { await send(); await waitUntil(() => stack.sim.sent({ userId: citizen }).length >= before + n); };
    await step(() => stack.sim.sendText(citizen, 'phản ánh'), 1);
    await step(() => stack.sim.sendText(citizen, 'Ảnh chụp hàng chờ quá dài ở quầy đất đai sáng nay.'), 2);
    // Zalo would only send real images; this link answers JSON, as a broken or replaced file would.
    await step(() => stack.sim.sendImage(citizen, [`${stack.sim.url}/_sim/state`]), 3);
    for (const [i, t] of ['tiếp tục', 'bỏ qua', 'bỏ qua', 'gửi'].entries()) await step(() => stack.sim.sendText(citizen, t), 4 + i);
    const told = await waitUntil(() => stack.sim.sent({ userId: citizen }).find((m) => /^Một số ảnh, tệp kèm phản ánh/.test(m.text ?? '')), 15_000);
    expect(told.text).toMatch(/Ảnh/);
    const code = /PA-\d{4}-\d{4}/.exec(told.text!)![0];
    const [att] = await listAttachments(stack.running!.rt.db, code);
    expect(att?.status, JSON.stringify(att)).toMatch(/^(rejected|failed)$/);
    expect(att?.storedPath).toBeNull();
  }, 30_000);

  it('POST /feedback/import: a bad row is reported with its line and the file refused whole; skip_invalid imports the rest', async () => {
    const csv = fs.readFileSync('test/fixtures/feedback/bad.csv');
    const refused = await fetch(`${base}/feedback/import`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
    expect(refused.status).toBe(422);
    const r = await refused.json() as { imported: boolean; errors: { line: number; reason: string }[] };
    expect(r.imported).toBe(false);
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) expect(e.line).toBeGreaterThan(1);
    const ok = await fetch(`${base}/feedback/import?skip_invalid=1`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
    expect(ok.status).toBe(200);
    const done = await ok.json() as { imported: boolean; inserted: number; rejected: number };
    expect(done).toMatchObject({ imported: true, rejected: r.errors.length });
    expect(done.inserted).toBeGreaterThan(0);
  });
});
