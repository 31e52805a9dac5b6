import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFiguresReference } from '../../src/domain/figures/index.ts';
import { periodForMonth } from '../../src/domain/periods.ts';
import { formatImportError, importDossiers } from '../../src/services/import-dossiers.ts';
import type { Db } from '../../src/store/db.ts';
import { computePeriodFigures } from '../../src/store/dossier-figures.ts';
import { countDossiers, getDossier, listDossiers } from '../../src/store/dossiers.ts';
import { ENGINES, openTestDb } from '../helpers/db.ts';
import { demoOrg } from '../helpers/golden.ts';

const org = demoOrg;
const fixture = (name: string) => new URL(`../fixtures/dossiers/${name}`, import.meta.url).pathname;
const EDGE = fixture('edge-cases.csv');
const BAD = fixture('bad.csv');
const JUNE = periodForMonth(2024, 6);

/** The figures the hand-made file must give for 06/2024 (15/05–14/06/2024), row by row in edge-cases.csv. */
const EXPECTED = {
  // E-ONTIME finished on its due date; E-DUE-CUTOFF due on the cut-off day (not yet due); E-OVERDUE due the day before.
  commune: { carried_over: 0, new: 3, total: 3, resolved: 1, early: 0, on_time: 1, late: 0, withdrawn: 0, pending: 2, pending_not_yet_due: 1, pending_overdue: 1, on_time_rate_percent: 67 },
  // E-WITHDRAWN in the period; E-CARRIED received before, finished late in the period; E-FINISH-AFTER finished after
  // the cut-off (pending, not yet due); E-LATE-PENDING carried and overdue. E-AFTER (received after the period),
  // E-BEFORE (finished before it) and E-WD-BEFORE (withdrawn before it) are out of scope.
  district: { carried_over: 2, new: 2, total: 4, resolved: 1, early: 0, on_time: 0, late: 1, withdrawn: 1, pending: 2, pending_not_yet_due: 1, pending_overdue: 1, on_time_rate_percent: 33 },
  province: { carried_over: 0, new: 1, total: 1, resolved: 1, early: 1, on_time: 0, late: 0, withdrawn: 0, pending: 0, pending_not_yet_due: 0, pending_overdue: 0, on_time_rate_percent: 100 },
  vertical: { carried_over: 0, new: 1, total: 1, resolved: 1, early: 0, on_time: 1, late: 0, withdrawn: 0, pending: 0, pending_not_yet_due: 0, pending_overdue: 0, on_time_rate_percent: 100 },
};

/** The same rows as an XLSX sheet, dates as real date cells and flags as booleans where the CSV allows it. */
async function edgeCasesAsXlsx(): Promise<Buffer> {
  const lines = fs.readFileSync(EDGE, 'utf8').replace(/^\uFEFF/, '').trim().split('\n').map((l) => l.split(';'));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Hồ sơ');
  ws.addRow([]); // a blank title row before the header, as exported sheets often have
  ws.addRow(lines[0]);
  for (const cells of lines.slice(1)) {
    ws.addRow(cells.map((c, i) => {
      const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(c);
      if (i >= 4 && i <= 7 && dmy) return new Date(Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1])));
      if (i >= 9 && (c === 'true' || c === 'false')) return c === 'true';
      return c;
    }));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(ENGINES)('dossier import on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { db = await openTestDb(engine); });
  afterAll(async () => { await db?.close(); });

  it('imports every alias, date format and boolean spelling; the edge cases of domain.md give their figures', async () => {
    const r = await importDossiers(db, EDGE, { org });
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ format: 'csv', rows: 12, inserted: 12, updated: 0, unchanged: 0, rejected: 0, written: true });
    const f = await computePeriodFigures(db, JUNE, { org });
    for (const [a, want] of Object.entries(EXPECTED)) expect(f.dossiers[a as keyof typeof EXPECTED], a).toMatchObject(want);
    // the SQL engine and the reference agree on the imported rows, online figures included
    const all = await listDossiers(db, { from: '2024-01-01', to: '2024-12-31' });
    expect(f).toEqual({ ...computeFiguresReference(all, JUNE, { org }), reception_points: f.reception_points });
    expect(f.online_and_digitisation).toMatchObject({ received_online: 2, new_total: 5, in_scope_total: 7, paid_online: 2 });

    const d = await getDossier(db, 'E-ONTIME');
    expect(d).toMatchObject({ procedureCode: '1.001193', authority: 'commune', receptionPoint: 'DUONG-DONG', receivedDate: '2024-06-10', channel: 'online', fullyOnline: true, paidOnline: true, digitisedAtReceipt: true, resultDigitised: true });
    expect(await getDossier(db, 'E-DUE-CUTOFF')).toMatchObject({ fullyOnline: false, paidOnline: false, digitisedAtReceipt: false, resultDigitised: null });
    expect(await getDossier(db, 'E-CARRIED')).toMatchObject({ apologySent: true, resultDigitised: false });
    expect(await getDossier(db, 'E-EARLY')).toMatchObject({ receivedDate: '2024-05-15', finishedDate: '2024-05-16' });
  });

  it('re-importing updates by code and reports what changed', async () => {
    const again = await importDossiers(db, EDGE, { org });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 12, written: true });
    const changed = fs.readFileSync(EDGE, 'utf8').replace('E-DUE-CUTOFF;1.001193;commune;AN-THOI;2024-06-03;2024-06-14;;', 'E-DUE-CUTOFF;1.001193;commune;AN-THOI;2024-06-03;2024-06-14;2024-06-13;');
    const r = await importDossiers(db, Buffer.from(`${changed}E-NEW;1.001193;xã;AN-THOI;2024-06-03;2024-06-04;;;trực tiếp;;;;;\n`), { org, fileName: 'x.csv' });
    expect(r).toMatchObject({ inserted: 1, updated: 1, unchanged: 11, written: true });
    expect((await getDossier(db, 'E-DUE-CUTOFF'))?.finishedDate).toBe('2024-06-13');
  });

  it('a file with bad rows is rejected whole: every bad row with line, column and reason, nothing written', async () => {
    const before = await countDossiers(db);
    const r = await importDossiers(db, BAD, { org });
    expect(r.written).toBe(false);
    expect(r).toMatchObject({ rows: 11, rejected: 9, inserted: 0, updated: 0, unchanged: 0 });
    expect(await countDossiers(db)).toBe(before);
    expect(await getDossier(db, 'B-GOOD-1')).toBeUndefined();
    const lines = r.errors.map(formatImportError);
    expect(lines).toEqual([
      'Dòng 3, cột due_date: Ngày hẹn trả trước ngày tiếp nhận.',
      expect.stringMatching(/^Dòng 4, cột reception_point: Nơi tiếp nhận “HA-NOI” không có trong cấu hình đơn vị \(PQ, DUONG-DONG, /),
      'Dòng 5, cột received_date: Ngày tiếp nhận “31/02/2024” không phải ngày hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY).',
      'Dòng 6, cột withdrawn_date: Hồ sơ không thể vừa có kết quả vừa dừng xử lý/rút: chỉ ghi một trong hai ngày.',
      expect.stringMatching(/^Dòng 7, cột authority: Cấp thẩm quyền “trung ương” không hợp lệ/),
      expect.stringMatching(/^Dòng 7, cột channel: Hình thức nộp “fax” không hợp lệ/),
      'Dòng 8, cột dossier_code: Mã hồ sơ “B-GOOD-1” trùng với dòng 2.',
      expect.stringMatching(/^Dòng 9, cột fully_online: Giá trị “maybe” ở cột toàn trình không hợp lệ/),
      'Dòng 10, cột procedure_code: Thiếu mã thủ tục.',
      expect.stringMatching(/^Dòng 11, cột procedure_code: Mã thủ tục “ABC” không đúng dạng mã quốc gia/),
    ]);
  });

  it('--skip-invalid imports the good rows and lists the others', async () => {
    const before = await countDossiers(db);
    const r = await importDossiers(db, BAD, { org, skipInvalid: true });
    expect(r).toMatchObject({ written: true, rows: 11, inserted: 2, rejected: 9 });
    expect(r.errors).toHaveLength(10);
    expect(await countDossiers(db)).toBe(before + 2);
    expect(await getDossier(db, 'B-GOOD-1')).toMatchObject({ receptionPoint: 'DUONG-DONG' }); // the first one, not its duplicate
    expect(await getDossier(db, 'B-GOOD-2')).toBeDefined();
  });

  it('a file without a required column is refused before any row', async () => {
    const r = await importDossiers(db, Buffer.from('mã hồ sơ,mã thủ tục\nA,1.001193\n'), { org, fileName: 'x.csv' });
    expect(r.written).toBe(false);
    expect(r.errors[0]?.reason).toMatch(/^Thiếu cột bắt buộc: cấp thẩm quyền, nơi tiếp nhận, ngày tiếp nhận, ngày hẹn trả, hình thức nộp/);
  });
});

describe('dossier import from XLSX', () => {
  let db: Db;
  beforeAll(async () => { db = await openTestDb('pglite'); });
  afterAll(async () => { await db?.close(); });

  it('the same rows as an XLSX sheet (date cells, boolean cells, a blank first row) give the same figures', async () => {
    const r = await importDossiers(db, await edgeCasesAsXlsx(), { org, fileName: 'ho-so.xlsx' });
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ format: 'xlsx', rows: 12, inserted: 12, written: true });
    const f = await computePeriodFigures(db, JUNE, { org });
    for (const [a, want] of Object.entries(EXPECTED)) expect(f.dossiers[a as keyof typeof EXPECTED], a).toMatchObject(want);
    expect(await getDossier(db, 'E-EARLY')).toMatchObject({ fullyOnline: true, receivedDate: '2024-05-15' });
  });
});
