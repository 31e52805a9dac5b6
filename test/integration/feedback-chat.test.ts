import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { start } from '../../src/main.ts';
import { upsertOfficer } from '../../src/store/chat.ts';
import { listAttachments } from '../../src/store/feedback-attachments.ts';
import { getFeedback, listFeedback, listFeedbackEvents } from '../../src/store/feedback.ts';
import { saveOrg } from '../../src/store/dossiers.ts';
import { runFeedbackDeadlines } from '../../src/services/feedback-runtime.ts';
import type { TSentMessage } from '../../src/zalo/simulator/types.ts';
import { demoOrg } from '../helpers/golden.ts';
import { startStack, waitUntil, sleep, type TStack } from '../helpers/stack.ts';

/**
 * Feedback (phản ánh, kiến nghị) through the simulator over real HTTP, with Redis, BullMQ and PGlite: the citizen's
 * dialog with photos, one-line filing, duplicates, restarts, officers' answers, ratings and privacy.
 */
let stack: TStack;
let n = 0;
const db = () => stack.running!.rt.db;
const newUser = (name = 'Công dân') => stack.sim.createUser({ userId: `77${String(Date.now()).slice(-8)}${String(++n).padStart(5, '0')}`, name: `${name} ${n}` }).userId;
const sentTo = (userId: string) => stack.sim.sent({ userId });
const textOf = (ms: { text?: string }[]) => ms.map((m) => m.text ?? '').join('\n');

async function waitMessages(userId: string, before: number, count = 1): Promise<TSentMessage[]> {
  await waitUntil(() => sentTo(userId).length >= before + count, 15_000).catch(async (err: Error) => {
    const rows = (await db().query(`SELECT idempotency_key, user_id, status, error_code, left(body::text, 120) AS body FROM outbound_messages ORDER BY created_at DESC LIMIT 8`)).rows;
    throw new Error(`${err.message}; user ${userId}; sent to the user: ${JSON.stringify(sentTo(userId).map((m) => m.text?.slice(0, 80)))}; latest outbound: ${JSON.stringify(rows)}`);
  });
  return sentTo(userId).slice(before);
}
async function say(userId: string, text: string, count = 1, hidden = false): Promise<TSentMessage[]> {
  const before = sentTo(userId).length;
  await stack.sim.sendText(userId, text, { hidden });
  return waitMessages(userId, before, count);
}
async function officer(unitCode: string, role: 'officer' | 'leader' | 'admin' = 'officer'): Promise<string> {
  const id = newUser(role === 'leader' ? 'Lãnh đạo' : 'Cán bộ');
  await upsertOfficer(db(), { userId: id, unitCode, role });
  // Officers talk to the OA, so Zalo lets the OA message them.
  stack.sim.setLastInteraction(id, new Date());
  return id;
}
const codeIn = (text: string) => /PA-\d{4}-\d{4}/.exec(text)?.[0];

beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' } });
  await saveOrg(db(), demoOrg);
}, 60_000);
afterAll(async () => { await stack?.close(); });

describe('a citizen files feedback in chat', () => {
  it('the dialog with two photos → one item, both files stored, the unit\'s officer notified (phone masked)', async () => {
    const deskOfficer = await officer('DUONG-DONG');
    const citizen = newUser();
    let m = await say(citizen, 'phan anh');
    expect(m[0]!.text).toContain('Mời bạn nhập nội dung phản ánh');
    m = await say(citizen, 'Đèn đường trước nhà số 12 Trần Hưng Đạo hỏng 2 tuần nay, gọi 0912345678 không ai nghe.');
    expect(m[0]!.text).toContain('gửi ảnh hoặc tệp');
    const png = `${stack.sim.url}/_sim/files/sample.png`;
    let before = sentTo(citizen).length;
    await stack.sim.sendImage(citizen, [png]);
    m = await waitMessages(citizen, before);
    expect(m[0]!.text).toContain('Đã nhận 1/5 ảnh');
    before = sentTo(citizen).length;
    await stack.sim.sendImage(citizen, [png]);
    m = await waitMessages(citizen, before);
    expect(m[0]!.text).toContain('Đã nhận 2/5 ảnh');
    m = await say(citizen, 'Tiếp tục', 1, true);
    expect(m[0]!.text).toContain('địa bàn nào');
    m = await say(citizen, 'duong dong');
    expect(m[0]!.text).toContain('thủ tục hành chính nào');
    m = await say(citizen, 'Bỏ qua', 1, true);
    expect(m.at(-1)!.text).toContain('Gửi phản ánh');
    expect(textOf(m)).toContain('Ảnh, tệp kèm theo: 2');
    expect(textOf(m)).toContain('phường Dương Đông');

    const officerBefore = sentTo(deskOfficer).length;
    m = await say(citizen, 'Gửi phản ánh', 2, true);
    const code = codeIn(textOf(m))!;
    expect(code).toMatch(/^PA-\d{4}-\d{4}$/);
    expect(textOf(m)).toMatch(/Hạn trả lời: \d{2}\/\d{2}\/\d{4} \(10 ngày làm việc\)/);
    expect(textOf(m)).toContain('Đơn vị xử lý: Bộ phận Tiếp nhận và Trả kết quả UBND phường Dương Đông');

    const item = await getFeedback(db(), code);
    expect(item).toMatchObject({ unitCode: 'DUONG-DONG', routedBy: 'chosen', status: 'received', source: 'city', channel: 'zalo', citizenUserId: citizen });
    // Both photos copied from Zalo's links into storage.
    const atts = (await waitUntil(async () => {
      const list = await listAttachments(db(), code);
      return list.length === 2 && list.every((a) => a.status === 'stored') ? list : undefined;
    }, 15_000))!;
    for (const a of atts) {
      const file = path.join(stack.config.feedback.attachmentDir, a.storedPath!);
      expect(fs.readFileSync(file).subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(a.mime).toBe('image/png');
    }
    // The ward's officer hears of it, with the phone number masked.
    const notice = await waitMessages(deskOfficer, officerBefore);
    expect(notice[0]!.text).toContain(`Phản ánh mới ${code}`);
    expect(notice[0]!.text).not.toContain('0912345678');
    // "xem" gives the officer the item and its two photos, through signed links that open.
    const view = await say(deskOfficer, `xem ${code}`, 3);
    expect(view[0]!.text).toContain('Ảnh, tệp: 2');
    const images = view.filter((x) => x.kind === 'image' || x.templateType === 'media');
    expect(images).toHaveLength(2);
    const url = images[0]!.image?.url ?? (images[0]!.elements?.[0] as { url?: string } | undefined)?.url;
    const got = await fetch(url!);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
  });

  it('the same confirmation delivered twice files one item; a second "Gửi" says it was sent', async () => {
    const citizen = newUser();
    await say(citizen, 'góp ý');
    await say(citizen, 'Nhà vệ sinh công cộng ở chợ An Thới xuống cấp, không có nước.');
    await say(citizen, 'tiếp tục');
    await say(citizen, 'bỏ qua');
    await say(citizen, 'bỏ qua');
    const before = sentTo(citizen).length;
    const d = await stack.sim.sendText(citizen, 'gửi', { hidden: true });
    await waitMessages(citizen, before, 1);
    // Zalo retries the very same event (same msg_id).
    await stack.sim.postEvent(d.event as never);
    await sleep(800);
    const mine = await listFeedback(db(), { citizenUserId: citizen });
    expect(mine).toHaveLength(1);
    const m = await say(citizen, 'gửi', 1, true);
    expect(m[0]!.text).toContain(`đã được gửi với mã ${mine[0]!.code}`);
    expect(await listFeedback(db(), { citizenUserId: citizen })).toHaveLength(1);
  });

  it('"hủy" cancels at any step and nothing is filed', async () => {
    const citizen = newUser();
    await say(citizen, 'kien nghi');
    await say(citizen, 'Đề nghị bố trí thêm ghế chờ tại bộ phận một cửa phường.');
    const m = await say(citizen, 'hủy');
    expect(m[0]!.text).toContain('Đã hủy');
    expect(await listFeedback(db(), { citizenUserId: citizen })).toHaveLength(0);
  });

  it('one-line filing: "phan anh: …" files at once, with a code and a due date', async () => {
    const citizen = newUser();
    const m = await say(citizen, 'Phản ánh: cán bộ tiếp nhận hồ sơ đất đai ở bộ phận một cửa thành phố hẹn trả nhiều lần không đúng hẹn', 1);
    const code = codeIn(m[0]!.text!)!;
    expect(m[0]!.text).toContain('Đã tiếp nhận phản ánh');
    const item = await getFeedback(db(), code);
    expect(item).toMatchObject({ citizenUserId: citizen, routedBy: 'desk', unitCode: 'PQ', status: 'received' });
  });

  it('a sent location picks the nearest unit', async () => {
    const citizen = newUser();
    await say(citizen, 'phản ánh');
    await say(citizen, 'Rác thải đổ trộm ven đường gần bãi biển, bốc mùi nhiều ngày.');
    await say(citizen, 'tiếp tục');
    const unit = demoOrg.units.find((u) => u.code === 'AN-THOI')!;
    const before = sentTo(citizen).length;
    await stack.sim.sendLocation(citizen, unit.location!.lat + 0.001, unit.location!.lng);
    await waitMessages(citizen, before);
    await say(citizen, 'bỏ qua');
    const m = await say(citizen, 'gửi');
    const item = await getFeedback(db(), codeIn(textOf(m))!);
    expect(item).toMatchObject({ unitCode: 'AN-THOI', routedBy: 'location' });
  });

  it('look-alike open items are offered first and the citizen can follow one instead of filing', async () => {
    const first = newUser();
    await say(first, 'phản ánh: Đường Nguyễn Trung Trực khu phố 3 Dương Đông ngập nước sau mưa, xe máy chết máy');
    const [item] = await listFeedback(db(), { citizenUserId: first });
    const second = newUser();
    await say(second, 'phản ánh');
    await say(second, 'Đường Nguyễn Trung Trực khu phố 3 bị ngập nước mỗi khi mưa lớn');
    await say(second, 'tiếp tục');
    await say(second, 'bỏ qua');
    const m = await say(second, 'bỏ qua', 2);
    expect(textOf(m)).toContain(item!.code);
    const follow = m.at(-1)!.buttons.find((b) => b.title.startsWith('Theo dõi'))!;
    const r = await say(second, String(follow.payload), 1, true);
    expect(r[0]!.text).toContain(`Bạn đã theo dõi phản ánh ${item!.code}`);
    expect(await listFeedback(db(), { citizenUserId: second })).toHaveLength(0);
    expect((await listFeedback(db(), { involving: second })).map((i) => i.code)).toEqual([item!.code]);
  });

  it('a restart in the middle of the dialog: it continues where it was', async () => {
    const citizen = newUser();
    await say(citizen, 'phản ánh');
    await say(citizen, 'Cổng dịch vụ công báo lỗi khi nộp hồ sơ đăng ký kinh doanh hộ cá thể.');
    // The whole product stops and starts again on the same data folder.
    await stack.running!.stop('restart in test');
    stack.running = await start('all', stack.config, createLogger('silent'));
    stack.sim.webhookUrl = `${stack.running.url}/webhooks/zalo`;
    const m = await say(citizen, 'tiếp tục');
    expect(m[0]!.text).toContain('địa bàn nào');
    await say(citizen, 'bỏ qua');
    await say(citizen, 'bỏ qua');
    const done = await say(citizen, 'gửi', 1);
    expect(done[0]!.text).toContain('Đã tiếp nhận phản ánh');
    expect(await listFeedback(db(), { citizenUserId: citizen })).toHaveLength(1);
  }, 60_000);
});

describe('officers answer; the citizen is told and rates', () => {
  it('"pakn" lists the unit\'s open items; "trả lời" answers and the citizen receives that text; "chưa hài lòng" reopens once to the leader', async () => {
    const clerk = await officer('CUA-CAN');
    const leader = await officer('CUA-CAN', 'leader');
    const citizen = newUser();
    const filed = await say(citizen, 'Phản ánh: xã Cửa Cạn chưa niêm yết thủ tục chứng thực bản sao tại bộ phận một cửa');
    const code = codeIn(filed[0]!.text!)!;
    // A desk officer reassigns it? No: only leaders may. The clerk of another unit cannot answer.
    const other = await officer('HAM-NINH');
    expect((await say(other, `trả lời ${code} Đã xử lý xong.`))[0]!.text).toContain('không có quyền');
    expect((await say(other, `chuyển ${code} Cửa Cạn`))[0]!.text).toContain('Chỉ lãnh đạo');
    const pq = await officer('PQ', 'leader');
    expect((await say(pq, `chuyển ${code} Cửa Cạn`))[0]!.text).toContain(`Đã chuyển phản ánh ${code}`);

    const inbox = await say(clerk, 'pakn');
    expect(inbox[0]!.text).toContain(code);
    const view = await say(clerk, `xem ${code}`);
    expect(view[0]!.text).toContain('chưa niêm yết thủ tục chứng thực');

    const answer = 'Xã đã niêm yết đầy đủ 152 thủ tục tại bộ phận một cửa từ ngày 20/06/2024. Cảm ơn bạn đã phản ánh.';
    const before = sentTo(citizen).length;
    const ack = await say(clerk, `trả lời ${code} ${answer}`);
    expect(ack[0]!.text).toContain(`Đã trả lời phản ánh ${code}`);
    const toCitizen = await waitMessages(citizen, before);
    expect(toCitizen[0]!.text).toContain(answer);
    expect(toCitizen[0]!.buttons.map((b) => b.title)).toEqual(['Hài lòng', 'Chưa hài lòng']);
    expect(await getFeedback(db(), code)).toMatchObject({ status: 'answered', answer, answerNotice: 'chat' });

    const leaderBefore = sentTo(leader).length;
    const rated = await say(citizen, String(toCitizen[0]!.buttons[1]!.payload), 1, true);
    expect(rated[0]!.text).toContain('mở lại');
    expect(await getFeedback(db(), code)).toMatchObject({ status: 'reopened', rating: 'unsatisfied', reopenCount: 1, closedDate: null });
    const leaderMsg = await waitMessages(leader, leaderBefore);
    expect(leaderMsg[0]!.text).toContain(code);
    // Answered again and still not satisfied: recorded, not reopened a second time.
    await say(leader, `trả lời ${code} Lãnh đạo xã đã kiểm tra lại và bổ sung bảng niêm yết mới.`);
    await waitUntil(async () => (await getFeedback(db(), code))?.status === 'answered');
    const again = await say(citizen, `đánh giá ${code} chưa hài lòng`);
    expect(again[0]!.text).toContain('đã được xem xét lại một lần');
    expect((await getFeedback(db(), code))!.status).toBe('answered');
    const actions = (await listFeedbackEvents(db(), code)).map((e) => e.action);
    expect(actions).toEqual(['filed', 'reassigned', 'answered', 'rated', 'reopened', 'answered', 'rated']);
  }, 60_000);

  it('a citizen cannot see someone else\'s item, nor use officers\' commands', async () => {
    const owner = newUser();
    const code = codeIn((await say(owner, 'phản ánh: thái độ phục vụ chưa tốt ở quầy số 3'))[0]!.text!)!;
    const stranger = newUser();
    expect((await say(stranger, `xem ${code}`))[0]!.text).toContain('mỗi người chỉ xem được phản ánh của mình');
    expect((await say(stranger, `trả lời ${code} đã xong rồi nhé`))[0]!.text).toContain('chỉ dành cho cán bộ');
    expect((await say(stranger, `đánh giá ${code} hài lòng`))[0]!.text).toContain('mỗi người chỉ xem được');
    const mine = await say(owner, 'phản ánh của tôi');
    expect(mine[0]!.text).toContain(code);
    expect((await say(owner, `xem ${code}`))[0]!.text).toContain('Đang xử lý');
  });

  it('outside Zalo\'s 7-day window the answer is kept and shown when the citizen next writes', async () => {
    const clerk = await officer('GANH-DAU');
    const citizen = newUser();
    const code = codeIn((await say(citizen, 'phản ánh: xã Gành Dầu chưa có wifi miễn phí cho người dân chờ làm hồ sơ'))[0]!.text!)!;
    await db().query(`UPDATE feedback_items SET unit_code = 'GANH-DAU' WHERE code = $1`, [code]);
    // Ten days of silence.
    await db().query(`UPDATE zalo_users SET last_interaction_at = now() - interval '10 days' WHERE user_id = $1`, [citizen]);
    stack.sim.setLastInteraction(citizen, new Date(Date.now() - 10 * 86_400_000));
    const ack = await say(clerk, `trả lời ${code} Xã đã lắp đặt wifi miễn phí tại bộ phận một cửa.`);
    expect(ack[0]!.text).toContain('câu trả lời sẽ hiện khi họ nhắn tin lại');
    expect((await getFeedback(db(), code))!.answerNotice).toBe('pending');
    const m = await say(citizen, 'xin chào', 3);
    expect(textOf(m)).toContain('Trong lúc bạn vắng');
    expect(textOf(m)).toContain('lắp đặt wifi');
    expect((await getFeedback(db(), code))!.answerNotice).toBe('shown');
  });
});

describe('deadlines', () => {
  it('reminders and overdue alerts go out once, however many instances run the daily job at once', async () => {
    const clerk = await officer('HAM-NINH');
    const leader = await officer('HAM-NINH', 'leader');
    const citizen = newUser();
    const a = codeIn((await say(citizen, 'phản ánh: đường vào bộ phận một cửa xã Hàm Ninh bị sụt lún'))[0]!.text!)!;
    const b = codeIn((await say(citizen, 'phản ánh: bộ phận một cửa xã Hàm Ninh không có chỗ để xe cho người dân'))[0]!.text!)!;
    await db().query(`UPDATE feedback_items SET unit_code = 'HAM-NINH', due_date = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 1 WHERE code = $1`, [a]);
    await db().query(`UPDATE feedback_items SET unit_code = 'HAM-NINH', due_date = (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date - 3 WHERE code = $1`, [b]);
    const rt = stack.running!.rt;
    const c0 = sentTo(clerk).length;
    const l0 = sentTo(leader).length;
    const runs = await Promise.all([0, 1, 2, 3].map(() => runFeedbackDeadlines(rt, new Date())));
    expect(runs.reduce((s, r) => s + r.alerts, 0)).toBeGreaterThanOrEqual(1);
    await waitUntil(() => sentTo(clerk).length > c0 && sentTo(leader).length > l0);
    await sleep(500);
    await Promise.all([0, 1].map(() => runFeedbackDeadlines(rt, new Date())));
    await sleep(500);
    const toClerk = textOf(sentTo(clerk).slice(c0));
    const toLeader = textOf(sentTo(leader).slice(l0));
    expect(toClerk.split(`Nhắc hạn: phản ánh ${a}`).length - 1).toBe(1);
    expect(toLeader.split(`Phản ánh ${b}`).length - 1).toBe(1);
  }, 30_000);
});
