import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliDatabase, ROOT, runCli, type TCliDatabase } from '../helpers/cli.ts';
import { ENGINES } from '../helpers/db.ts';
import { golden } from '../helpers/golden.ts';

/**
 * PAKN through the officer CLI, as an officer runs it (separate processes): the golden test after `demo seed` on
 * PGlite and on PostgreSQL, `feedback list`, and `import feedback`.
 */

interface TListJson {
  count: number;
  truncated: boolean;
  period?: { start: string; end: string; label: string };
  items: { feedback_code: string; status: string; source: string; channel: string; unit: string; received_date: string; due_date: string | null; closed_date: string | null; content: string }[];
}

describe.each(ENGINES)('cli on %s: demo seed, stats and feedback list (the golden test)', { timeout: 300_000 }, (engine) => {
  let store: TCliDatabase;
  beforeAll(async () => { store = await cliDatabase(engine); });
  afterAll(async () => { await store?.drop(); });

  it('demo seed, then stats --period 2024-06 --json: .feedback equals the golden file', async () => {
    const seed = await runCli(['demo', 'seed'], store.env);
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toMatch(/Phản ánh, kiến nghị mẫu tiếp nhận 02\/01\/2024–31\/08\/2024: [\d.]+ mục \(Cổng DVC quốc gia \d+, tỉnh chuyển đến \d+, thành phố \d+\)\.\n {2}Thêm mới [\d.]+, cập nhật 0, không đổi 0\./);
    const stats = await runCli(['stats', '--period', '2024-06', '--json'], store.env);
    expect(stats.code, stats.stderr).toBe(0);
    expect((JSON.parse(stats.stdout) as { feedback: unknown }).feedback).toEqual(golden.feedback);
  });

  it('seeding again changes nothing', async () => {
    const again = await runCli(['demo', 'seed'], store.env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Phản ánh, kiến nghị mẫu .*\n {2}Thêm mới 0, cập nhật 0, không đổi [\d.]+\./);
  });

  it('feedback list --period 2024-06 --json: the items the figures count', async () => {
    const r = await runCli(['feedback', 'list', '--period', '2024-06', '--json'], store.env);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as TListJson;
    const g = golden.feedback;
    expect(list.count).toBe(g.national_portal.new + g.national_portal.carried_over + g.province.new + g.province.carried_over + g.city.new + g.city.carried_over);
    expect(list.truncated).toBe(false);
    expect(list.period).toMatchObject({ start: '2024-05-15', end: '2024-06-14', label: '06/2024' });
    for (const it of list.items) {
      expect(it.received_date <= '2024-06-14').toBe(true);
      expect(it.closed_date === null || it.closed_date >= '2024-05-15').toBe(true);
    }
    expect(list.items.filter((i) => i.source === 'province').length).toBe(g.province.new + g.province.carried_over);
  });

  it('feedback list filters by status, source alias and unit name', async () => {
    const r = await runCli(['feedback', 'list', '--status', 'open', '--source', 'tỉnh', '--unit', 'thành phố', '--json'], store.env);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as TListJson;
    expect(list.count).toBeGreaterThan(0);
    for (const it of list.items) expect([it.status, it.source, it.unit]).toEqual([expect.stringMatching(/^(received|reopened)$/), 'province', 'PQ']);
    const answered = JSON.parse((await runCli(['feedback', 'list', '--status', 'answered', '--json'], store.env)).stdout) as TListJson;
    expect(answered.items.every((i) => i.status === 'answered' && i.closed_date !== null)).toBe(true);
    // oldest first, with the import's column names
    const dates = answered.items.map((i) => i.received_date);
    expect(dates).toEqual([...dates].sort());
    expect(Object.keys(answered.items[0]!)).toEqual(expect.arrayContaining(['feedback_code', 'source', 'channel', 'received_date', 'closed_date', 'subject', 'content', 'unit', 'due_date', 'status']));
  });

  it('the readable table: Vietnamese labels, dates 14/06/2024, overdue marked, totals of the period', async () => {
    const r = await runCli(['feedback', 'list', '--period', 'tháng 6/2024', '--source', 'city'], store.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Phản ánh, kiến nghị tính vào số liệu tháng 06/2024 (15/05/2024–14/06/2024):');
    expect(r.stdout).toMatch(/^Mã\s+Trạng thái\s+Nguồn\s+Kênh\s+Đơn vị\s+Ngày nhận\s+Hạn trả lời\s+Ngày đóng\s+Nội dung$/m);
    expect(r.stdout).toMatch(/^PA-24\d\d-\d{4}\s+(Đang xử lý|Đã trả lời|Từ chối xử lý|Đang xử lý lại)\s+Thành phố\s+/m);
    expect(r.stdout).toMatch(/\d{2}\/\d{2}\/2024 \(quá hạn\)/);
    const g = golden.feedback.city;
    expect(r.stdout).toContain(`Thành phố: mới ${g.new}, kỳ trước chuyển qua ${g.carried_over}, đã giải quyết ${g.resolved}, đang giải quyết ${g.processing}.`);
  });
});

describe('cli: import feedback, then feedback list', { timeout: 300_000 }, () => {
  let store: TCliDatabase;
  beforeAll(async () => { store = await cliDatabase('pglite'); });
  afterAll(async () => { await store?.drop(); });
  const fixture = (name: string) => path.join(ROOT, 'test/fixtures/feedback', name);

  it('a file with bad rows: every bad row as "Dòng N, cột X: lý do", nothing written, exit 1; --skip-invalid imports the rest', async () => {
    const r = await runCli(['import', 'feedback', fixture('bad.csv')], store.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Tệp bad.csv có 8 dòng lỗi:');
    expect(r.stdout).toContain('  Dòng 4, cột unit: Đơn vị “HA-TIEN” không có trong cấu hình đơn vị');
    expect(r.stdout).toContain('  Dòng 9, cột feedback_code: Mã phản ánh “B-GOOD-1” trùng với dòng 2.');
    expect(r.stdout).toContain('  Dòng 12, cột content: Thiếu nội dung.');
    expect(r.stdout).toContain('chưa ghi dòng nào');
    const json = await runCli(['import', 'feedback', fixture('bad.csv'), '--json'], store.env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ written: false, rows: 10, rejected: 8 });
    const skip = await runCli(['import', 'feedback', fixture('bad.csv'), '--skip-invalid'], store.env);
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stdout).toContain('Các dòng bị loại (8 dòng):');
    expect(skip.stdout).toMatch(/Thêm mới:\s+2\n\s+Cập nhật:\s+0\n\s+Không đổi:\s+0\n\s+Bị loại:\s+8/);
  });

  it('imports the Vietnamese file; the table masks phone and ID numbers, the JSON keeps them', async () => {
    const r = await runCli(['import', 'feedback', fixture('good.csv')], store.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Đã nhập tệp good\.csv: 9 dòng .*\n\s+Thêm mới:\s+9\n/);
    const again = await runCli(['import', 'feedback', fixture('good.csv')], store.env);
    expect(again.stdout).toMatch(/Thêm mới:\s+0\n\s+Cập nhật:\s+0\n\s+Không đổi:\s+9/);

    const t = await runCli(['feedback', 'list', '--unit', 'Dương Đông'], store.env);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('TP-0001');
    expect(t.stdout).toContain('********78');
    expect(t.stdout).not.toContain('0912 345 678');
    expect(t.stdout).not.toContain('079204001234');
    expect(t.stdout).toMatch(/TP-0001\s+Đang xử lý\s+Thành phố\s+đường dây nóng\s+Dương Đông\s+14\/05\/2024\s+—\s+—\s+Đèn đường hư/);

    const j = await runCli(['feedback', 'list', '--unit', 'Dương Đông', '--json'], store.env);
    const list = JSON.parse(j.stdout) as TListJson;
    expect(list.items.find((i) => i.feedback_code === 'TP-0001')?.content).toContain('0912 345 678');

    const june = JSON.parse((await runCli(['stats', '--period', '2024-06', '--json'], store.env)).stdout) as { feedback: Record<string, unknown> };
    expect(june.feedback.city).toEqual({ new: 2, carried_over: 1, resolved: 1, processing: 2 });
  });

  it('demo seed --if-empty adds nothing to a database that holds feedback; bad options are usage errors', async () => {
    const r = await runCli(['demo', 'seed', '--if-empty'], store.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Đã có 11 phản ánh, kiến nghị trong cơ sở dữ liệu: không nạp dữ liệu mẫu\./);
    const badSource = await runCli(['feedback', 'list', '--source', 'báo chí'], store.env);
    expect(badSource.code).toBe(2);
    expect(badSource.stderr).toContain('nguồn "báo chí" không hợp lệ');
    const badStatus = await runCli(['feedback', 'list', '--status', 'closed'], store.env);
    expect(badStatus.code).toBe(2);
    const missing = await runCli(['import', 'feedback', fixture('none.csv')], store.env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Không thấy tệp');
  });
});
