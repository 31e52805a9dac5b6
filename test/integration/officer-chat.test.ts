import fs from 'node:fs';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDossierHistory } from '../../src/domain/demo/dossier-history.ts';
import type { TDossier } from '../../src/domain/dossier.ts';
import { createLogger } from '../../src/log.ts';
import { apiRouter } from '../../src/http/api.ts';
import { upsertOfficer } from '../../src/store/chat.ts';
import { saveOrg, upsertDossiers } from '../../src/store/dossiers.ts';
import { startStack, waitUntil, type TStack } from '../helpers/stack.ts';
import { demoOrg, golden } from '../helpers/golden.ts';

/**
 * Officers and citizens asking about dossiers through the simulator (real HTTP, Redis, PGlite), and the officer API,
 * on the demo history (whose 06/2024 figures are the golden ones).
 */
const org = demoOrg;
const TOKEN = 'test-admin-token-0123456789';
const history = generateDossierHistory({ org });

let stack: TStack;
let n = 0;
const newUser = (name = 'Công dân') => stack.sim.createUser({ userId: `84471177${String(Date.now()).slice(-6)}${String(++n).padStart(5, '0')}`, name: `${name} ${n}` }).userId;
const sentTo = (userId: string) => stack.sim.sent({ userId });

/** Sends a text and waits for the bot's answer (all its messages); returns them. */
async function ask(userId: string, text: string, opts: { hidden?: boolean; messages?: number } = {}) {
  const before = sentTo(userId).length;
  await stack.sim.sendText(userId, text, { hidden: opts.hidden });
  await waitUntil(() => sentTo(userId).length >= before + (opts.messages ?? 1), 15_000);
  return sentTo(userId).slice(before);
}
const textOf = (ms: { text?: string }[]) => ms.map((m) => m.text ?? '').join('\n');

beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ADMIN_API_TOKEN: TOKEN } });
  const db = stack.running!.rt.db;
  await db.transaction(async (tx) => {
    await saveOrg(tx, org);
    await upsertDossiers(tx, history);
  });
});
afterAll(async () => { await stack?.close(); });

describe('officers ask the bot for figures', () => {
  it('"thong ke thang 6/2024" from a city officer: the compact answer with the golden figures and a full-report button', async () => {
    const officer = newUser('Cán bộ');
    await upsertOfficer(stack.running!.rt.db, { userId: officer, unitCode: 'PQ', role: 'officer' });
    const [m] = await ask(officer, 'thong ke thang 6/2024');
    expect(m!.text).toContain('Thống kê hồ sơ tháng 06/2024 (15/05/2024–14/06/2024)');
    expect(m!.text).toContain('2.070');
    expect(m!.text).toContain('75%');
    expect(m!.text).toContain('62,55%');
    expect(m!.text!.length).toBeLessThanOrEqual(2000);
    expect(m!.buttons.map((b) => b.title)).toEqual(['Báo cáo đầy đủ', 'Hồ sơ quá hạn']);

    // The button press comes back as the payload text: the monthly report as a Word file (upload, then send), with
    // its three-line summary before it.
    const payload = m!.buttons[0]!.payload as string;
    const full = await ask(officer, payload, { hidden: true, messages: 2 });
    const [caption, file] = full;
    expect(caption!.text!.split('\n')).toHaveLength(3);
    expect(caption!.text, caption!.text).toMatch(/Báo cáo CCHC tháng 06\/2024/);
    expect(file!.kind).toBe('file');
    expect(file!.file!.name).toBe('Báo cáo CCHC tháng 06-2024.docx');
    const docx = Buffer.from(await (await fetch(file!.file!.url)).arrayBuffer());
    expect(docx.subarray(0, 2).toString('ascii')).toBe('PK');
  });

  it('a unit by name, without diacritics; a ward officer sees their ward by default', async () => {
    const officer = newUser('Cán bộ');
    await upsertOfficer(stack.running!.rt.db, { userId: officer, unitCode: 'PQ', role: 'officer' });
    const [a] = await ask(officer, 'thong ke duong dong thang 6/2024');
    expect(a!.text).toContain('Phạm vi: hồ sơ tiếp nhận tại Dương Đông');
    const ward = newUser('Cán bộ phường');
    await upsertOfficer(stack.running!.rt.db, { userId: ward, unitCode: 'AN-THOI', role: 'officer' });
    const [b] = await ask(ward, 'Thống kê tháng 6/2024');
    expect(b!.text).toContain('Phạm vi: hồ sơ tiếp nhận tại An Thới');
    const [c] = await ask(ward, 'tk tháng trước');
    expect(c!.text).toMatch(/tháng \d{2}\/\d{4}/);
  });

  it('"hồ sơ quá hạn": counts per unit; a leader also gets the oldest overdue dossiers, with no personal data', async () => {
    const officer = newUser('Cán bộ');
    await upsertOfficer(stack.running!.rt.db, { userId: officer, unitCode: 'PQ', role: 'officer' });
    const o = textOf(await ask(officer, 'ho so qua han thang 6/2024'));
    const overdue = golden.dossiers.district!.pending_overdue! + golden.dossiers.province!.pending_overdue! + golden.dossiers.commune!.pending_overdue!;
    expect(o).toContain(`Hồ sơ quá hạn tính đến ngày 14/06/2024 (kỳ tháng 06/2024): ${overdue} hồ sơ`);
    expect(o).not.toContain('quá hạn lâu nhất');
    const leader = newUser('Lãnh đạo');
    await upsertOfficer(stack.running!.rt.db, { userId: leader, unitCode: 'PQ', role: 'leader' });
    const l = textOf(await ask(leader, 'Hồ sơ quá hạn tháng 6/2024'));
    expect(l).toContain('10 hồ sơ quá hạn lâu nhất:');
    expect(l).toMatch(/1\. 000\.\d{2}\.38\.H33-\d{6}-\d{4} — thủ tục \d\.\d{6}/);
  });

  it('a citizen asking for figures gets a polite refusal, never figures', async () => {
    const u = newUser();
    for (const text of ['thống kê tháng 6/2024', 'hồ sơ quá hạn']) {
      const [m] = await ask(u, text);
      expect(m!.text).toContain('chỉ dành cho cán bộ');
      expect(m!.text).not.toMatch(/\d\.\d{3}/);
    }
  });
});

describe('citizens look up a dossier', () => {
  const pick = (f: (d: TDossier) => boolean) => history.find(f)!;

  it('"tra cứu hồ sơ <mã>": procedure, dates and status; a lower-case code is found too', async () => {
    const d = pick((x) => x.procedureCode === '1.001193' && x.finishedDate !== undefined && x.finishedDate < x.dueDate);
    const u = newUser();
    const [m] = await ask(u, `tra cứu hồ sơ ${d.code}`);
    expect(m!.text).toContain(`Hồ sơ ${d.code}`);
    expect(m!.text).toContain('- Thủ tục: 1.001193 — Thủ tục đăng ký khai sinh');
    expect(m!.text).toContain(`- Ngày tiếp nhận: ${d.receivedDate.split('-').reverse().join('/')}`);
    expect(m!.text).toContain('đã có kết quả trước hạn');
    const [again] = await ask(u, `tra cuu ho so ${d.code.toLowerCase()}`);
    expect(again!.text).toContain(`Hồ sơ ${d.code}`);
  });

  it('an unknown code gets "không tìm thấy" with a hint; "tra cứu hồ sơ" alone keeps the prompt', async () => {
    const u = newUser();
    const [m] = await ask(u, 'tra cứu hồ sơ 000.00.38.H33-990101-9999');
    expect(m!.text).toContain('Không tìm thấy hồ sơ có mã "000.00.38.H33-990101-9999"');
    const [p] = await ask(u, 'tra cứu hồ sơ');
    expect(p!.text).toContain('kèm mã hồ sơ');
  });
});

describe('officer API', () => {
  const api = (p: string, init: RequestInit = {}) => fetch(`${stack.running!.url}/api/v1${p}`, init);
  const auth = { authorization: `Bearer ${TOKEN}` };

  it('GET /api/v1/stats: 401 without or with a wrong token, 400 for a bad period or unit, 200 with the contract', async () => {
    expect((await api('/stats?period=2024-06')).status).toBe(401);
    expect((await api('/stats?period=2024-06', { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    const noPeriod = await api('/stats', { headers: auth });
    expect(noPeriod.status).toBe(400);
    expect(((await noPeriod.json()) as { error: string }).error).toContain('Thiếu tham số period');
    const badPeriod = await api('/stats?period=2024-13', { headers: auth });
    expect(badPeriod.status).toBe(400);
    expect(((await badPeriod.json()) as { error: string }).error).toContain('tháng phải từ 1 đến 12');
    const badUnit = await api('/stats?period=2024-06&unit=HA-NOI', { headers: auth });
    expect(badUnit.status).toBe(400);
    expect(((await badUnit.json()) as { error: string }).error).toContain('Không có đơn vị');

    const ok = await api('/stats?period=2024-06', { headers: auth });
    expect(ok.status).toBe(200);
    const f = (await ok.json()) as { period: Record<string, unknown>; dossiers: Record<string, Record<string, number>>; online_and_digitisation: Record<string, unknown> };
    expect(f.period).toMatchObject({ start: '2024-05-15', end: '2024-06-14', label: '06/2024' });
    for (const [a, row] of Object.entries(golden.dossiers)) expect(f.dossiers[a], a).toMatchObject(row);
    expect(f.online_and_digitisation).toMatchObject({ fully_online_rate_percent: 62.55, paid_online: 859 });
    const unit = await api(`/stats?period=${encodeURIComponent('tháng 6/2024')}&unit=${encodeURIComponent('An Thới')}`, { headers: auth });
    expect(((await unit.json()) as { unit: string }).unit).toBe('AN-THOI');
  });

  it('POST /api/v1/dossiers/import: raw CSV and multipart; bad rows listed with line, column and reason; malformed JSON is 400', async () => {
    const bad = fs.readFileSync(new URL('../fixtures/dossiers/bad.csv', import.meta.url));
    const r = await api('/dossiers/import?format=csv', { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: bad });
    expect(r.status).toBe(422);
    const body = (await r.json()) as { imported: boolean; rejected: number; errors: { line: number; column: string; reason: string }[] };
    expect(body).toMatchObject({ imported: false, rejected: 9 });
    expect(body.errors[0]).toEqual({ line: 3, column: 'due_date', header: 'due_date', reason: 'Ngày hẹn trả trước ngày tiếp nhận.' });

    const edge = fs.readFileSync(new URL('../fixtures/dossiers/edge-cases.csv', import.meta.url));
    const boundary = '----motcua-test';
    const multipart = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="ho-so.csv"\r\nContent-Type: text/csv\r\n\r\n`),
      edge,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const ok = await api('/dossiers/import', { method: 'POST', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, body: multipart });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ imported: true, rows: 12, inserted: 12, rejected: 0, errors: [] });

    const skip = await api('/dossiers/import?skip_invalid=1', { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: bad });
    expect(await skip.json()).toMatchObject({ imported: true, inserted: 2, rejected: 9, errors_total: 10 });

    expect((await api('/dossiers/import', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: bad })).status).toBe(401);
    const json = await api('/stats', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"period": ' });
    expect(json.status).toBe(400);
  });

  it('without ADMIN_API_TOKEN the API answers 503 "chưa cấu hình"', async () => {
    const app = express().use('/api/v1', apiRouter({ db: stack.running!.rt.db, log: createLogger('silent'), adminApiToken: undefined, org, periodRule: 'decree-09-2019' }));
    const r = await request(app).get('/api/v1/stats?period=2024-06').set('authorization', `Bearer ${TOKEN}`);
    expect(r.status).toBe(503);
    expect(r.body.error).toContain('chưa cấu hình');
  });
});
