import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeFeedbackFiguresReference } from '../../src/domain/feedback/figures.ts';
import { periodForMonth } from '../../src/domain/periods.ts';
import { formatImportError, importFeedback } from '../../src/services/import-feedback.ts';
import type { Db } from '../../src/store/db.ts';
import { computePeriodFigures } from '../../src/store/dossier-figures.ts';
import { answerFeedback, getFeedback, insertFeedback, listFeedback, listFeedbackEvents, nextFeedbackCode } from '../../src/store/feedback.ts';
import { countFeedback } from '../../src/store/feedback-import.ts';
import { ENGINES, openTestDb } from '../helpers/db.ts';
import { demoOrg } from '../helpers/golden.ts';

const org = demoOrg;
const fixture = (name: string) => new URL(`../fixtures/feedback/${name}`, import.meta.url).pathname;
const GOOD = fixture('good.csv');
const BAD = fixture('bad.csv');
const JUNE = periodForMonth(2024, 6);

/** The figures good.csv gives for 06/2024 (15/05–14/06/2024), row by row in the file. */
const EXPECTED = {
  // QG-2405-0001 carried over, open; QG-2406-0002 new, answered 10/06.
  national_portal: { new: 1, carried_over: 1, resolved: 1, processing: 1 },
  // T-2404-0001 carried over, answered 20/05; T-2406-0002 received on the cut-off day.
  province: { new: 1, carried_over: 1, resolved: 1, processing: 1 },
  // TP-0001 received the day before the period (carried); TP-0002 new, closed after the cut-off; TP-0005 new, closed on
  // the cut-off day (a time part is ignored). TP-0003 closed before the period and TP-0004 received after it: out.
  city: { new: 2, carried_over: 1, resolved: 1, processing: 2 },
};

/** The same rows as an XLSX sheet: a blank row first, dates as real date cells. */
async function goodAsXlsx(): Promise<Buffer> {
  const lines = fs.readFileSync(GOOD, 'utf8').replace(/^\uFEFF/, '').trim().split('\n').map((l) => l.split(';').map((c) => c.replace(/^"|"$/g, '')));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('PAKN');
  ws.addRow([]); // exported sheets often start with an empty row
  ws.addRow(lines[0]);
  for (const cells of lines.slice(1)) {
    ws.addRow(cells.map((c, i) => {
      const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(c);
      if ((i === 3 || i === 4) && dmy) return new Date(Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1])));
      return c;
    }));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.each(ENGINES)('PAKN import on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { db = await openTestDb(engine); });
  afterAll(async () => { await db?.close(); });

  it('imports Vietnamese headers, source, channel and unit aliases; the items count in the figures', async () => {
    const r = await importFeedback(db, GOOD, { org });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r).toMatchObject({ format: 'csv', rows: 9, inserted: 9, updated: 0, unchanged: 0, rejected: 0, written: true });
    const f = await computePeriodFigures(db, JUNE, { org });
    expect(f.feedback).toEqual(EXPECTED);
    const all = await listFeedback(db, { limit: 10_000 });
    expect(f.feedback).toEqual(computeFeedbackFiguresReference(all, JUNE));

    expect(await getFeedback(db, 'QG-2405-0001')).toMatchObject({
      source: 'national_portal', channel: 'national_portal', unitCode: 'PQ', routedBy: 'import', status: 'received',
      receivedDate: '2024-05-02', closedDate: null, dueDate: null, subject: 'Chậm cấp Giấy chứng nhận quyền sử dụng đất',
      receivedAt: '2024-05-01T17:00:00.000Z', citizenUserId: null,
    });
    // no subject: the content's first sentence, cut at 80 characters
    expect(await getFeedback(db, 'QG-2406-0002')).toMatchObject({ unitCode: 'PQ', status: 'answered', closedDate: '2024-06-10', subject: 'Đã thanh toán lệ phí trực tuyến nhưng hệ thống báo chưa thanh toán, đề nghị…' });
    expect(await getFeedback(db, 'T-2404-0001')).toMatchObject({ source: 'province', channel: 'province', unitCode: 'DUONG-DONG', status: 'answered' });
    expect(await getFeedback(db, 'T-2406-0002')).toMatchObject({ source: 'province', channel: 'letter', unitCode: 'AN-THOI' });
    expect(await getFeedback(db, 'TP-0001')).toMatchObject({ source: 'city', channel: 'hotline', unitCode: 'DUONG-DONG', receivedDate: '2024-05-14' });
    expect(await getFeedback(db, 'TP-0002')).toMatchObject({ source: 'city', channel: 'counter', unitCode: 'HAM-NINH' });
    expect(await getFeedback(db, 'TP-0003')).toMatchObject({ channel: 'hotline', unitCode: 'PQ' }); // no unit: the default desk
    expect(await getFeedback(db, 'TP-0004')).toMatchObject({ channel: 'email' });
    expect(await getFeedback(db, 'TP-0005')).toMatchObject({ channel: 'website', unitCode: 'DUONG-DONG', closedDate: '2024-06-14' });
    expect((await listFeedbackEvents(db, 'TP-0001')).map((e) => [e.actor, e.action])).toEqual([['import', 'imported']]);
  });

  it('re-importing updates by code: a closed date answers the item; an item answered in the product keeps its answer', async () => {
    expect(await importFeedback(db, GOOD, { org })).toMatchObject({ inserted: 0, updated: 0, unchanged: 9, written: true });
    // An officer answers TP-0002 in the product; the channel's next export still shows it open.
    await answerFeedback(db, 'TP-0002', { answer: 'Đã thu gom xong rác tồn đọng.', by: 'api:admin', closedDate: '2024-06-12' });
    const text = fs.readFileSync(GOOD, 'utf8')
      .replace('TP-0001;thành phố;đường dây nóng;14/05/2024;;', 'TP-0001;thành phố;đường dây nóng;14/05/2024;03/06/2024;')
      .replace('Phát hiện công trình xây dựng không phép trên đất nông nghiệp.;AN-THOI', 'Phát hiện công trình xây dựng không phép trên đất nông nghiệp.;Cửa Dương');
    const r = await importFeedback(db, Buffer.from(`${text}TP-0006;thành phố;Zalo;2024-06-05;;;Đề nghị sửa đèn đường trên đường Hùng Vương.;DUONG-DONG\n`), { org, fileName: 'x.csv' });
    expect(r).toMatchObject({ inserted: 1, updated: 2, unchanged: 7, written: true });
    expect(await getFeedback(db, 'TP-0001')).toMatchObject({ status: 'answered', closedDate: '2024-06-03', routedBy: 'import' });
    expect(await getFeedback(db, 'T-2406-0002')).toMatchObject({ unitCode: 'CUA-DUONG', status: 'received' });
    expect(await getFeedback(db, 'TP-0002')).toMatchObject({ status: 'answered', closedDate: '2024-06-12', answer: 'Đã thu gom xong rác tồn đọng.' });
    expect((await listFeedbackEvents(db, 'TP-0001')).map((e) => e.action)).toEqual(['imported', 'import_updated']);
    // the closure counts: TP-0001 resolved in the period, TP-0002 too; TP-0006 is new
    expect((await computePeriodFigures(db, JUNE, { org })).feedback.city).toEqual({ new: 3, carried_over: 1, resolved: 3, processing: 1 });
    // A closed date removed from the file (a correction) reopens an item closed by a file only.
    const reopened = text.replace('TP-0001;thành phố;đường dây nóng;14/05/2024;03/06/2024;', 'TP-0001;thành phố;đường dây nóng;14/05/2024;;');
    expect(await importFeedback(db, Buffer.from(reopened), { org, fileName: 'x.csv' })).toMatchObject({ updated: 1, written: true });
    expect(await getFeedback(db, 'TP-0001')).toMatchObject({ status: 'received', closedDate: null });
  });

  it('a file with bad rows is rejected whole: every bad row with line, column and reason, nothing written', async () => {
    const before = await countFeedback(db);
    const r = await importFeedback(db, BAD, { org });
    expect(r.written).toBe(false);
    expect(r).toMatchObject({ format: 'csv', rows: 10, rejected: 8, inserted: 0, updated: 0, unchanged: 0 });
    expect(await countFeedback(db)).toBe(before);
    expect(await getFeedback(db, 'B-GOOD-1')).toBeUndefined();
    expect(r.errors.map(formatImportError)).toEqual([
      expect.stringMatching(/^Dòng 3, cột source: Nguồn “báo chí” không hợp lệ: dùng national_portal \(Cổng DVC quốc gia/),
      expect.stringMatching(/^Dòng 4, cột unit: Đơn vị “HA-TIEN” không có trong cấu hình đơn vị \(PQ, DUONG-DONG, /),
      'Dòng 5, cột received_date: Ngày tiếp nhận “31/02/2024” không phải ngày hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY).',
      'Dòng 6, cột closed_date: Ngày trả lời trước ngày tiếp nhận.',
      expect.stringMatching(/^Dòng 7, cột channel: Thiếu kênh tiếp nhận: phản ánh của thành phố cần ghi kênh/),
      'Dòng 8, cột feedback_code: Thiếu mã phản ánh.',
      'Dòng 9, cột feedback_code: Mã phản ánh “B-GOOD-1” trùng với dòng 2.',
      'Dòng 12, cột content: Thiếu nội dung.',
    ]);
  });

  it('--skip-invalid imports the good rows and lists the others', async () => {
    const before = await countFeedback(db);
    const r = await importFeedback(db, BAD, { org, skipInvalid: true });
    expect(r).toMatchObject({ written: true, rows: 10, inserted: 2, rejected: 8 });
    expect(await countFeedback(db)).toBe(before + 2);
    expect(await getFeedback(db, 'B-GOOD-1')).toMatchObject({ source: 'national_portal' }); // the first one, not its duplicate
    expect((await getFeedback(db, 'B-GOOD-2'))?.content).toBe('Nội dung nhiều dòng:\nđường vào cảng An Thới ngập nước.');
  });

  it('never overwrites an item a citizen filed in chat; imported PA codes move the counter on', async () => {
    const code = await nextFeedbackCode(db, '2024-07-01');
    await insertFeedback(db, { code, source: 'city', channel: 'zalo', citizenUserId: '6034718295530174422', content: 'Đèn đường hư trên đường 30 Tháng 4.', unitCode: 'DUONG-DONG', routedBy: 'chosen', receivedDate: '2024-07-01', filedEventId: `ev-${engine}` });
    const csv = `feedback_code,source,channel,received_date,content,unit\n${code},city,zalo,2024-07-01,Nội dung khác ghi đè.,PQ\nPA-2407-0042,city,counter,2024-07-02,Phản ánh nhập tại quầy.,PQ\n`;
    const r = await importFeedback(db, Buffer.from(csv), { org, fileName: 'x.csv' });
    expect(r.written).toBe(false);
    expect(r.errors.map(formatImportError)).toEqual([`Dòng 2, cột feedback_code: Mã “${code}” là phản ánh người dân gửi qua Zalo hoặc ứng dụng: tệp nhập không được ghi đè.`]);
    const skip = await importFeedback(db, Buffer.from(csv), { org, fileName: 'x.csv', skipInvalid: true });
    expect(skip).toMatchObject({ inserted: 1, rejected: 1 });
    expect(await getFeedback(db, code)).toMatchObject({ content: 'Đèn đường hư trên đường 30 Tháng 4.', routedBy: 'chosen' });
    expect(await nextFeedbackCode(db, '2024-07-15')).toBe('PA-2407-0043');
  });

  it('rows from an API body: keys like headers, errors by position', async () => {
    const r = await importFeedback(db, [
      { 'mã phản ánh': 'API-1', nguồn: 'Cổng DVC quốc gia', 'ngày tiếp nhận': '2024-06-03', 'nội dung': 'Phản ánh gửi qua API.', 'đơn vị': 'An Thới' },
      { 'mã phản ánh': 'API-2', nguồn: 'tỉnh', 'ngày tiếp nhận': '2024-06-40', 'nội dung': 'Ngày sai.', 'đơn vị': 'PQ' },
    ], { org });
    expect(r.written).toBe(false);
    expect(r.errors.map(formatImportError)).toEqual(['Dòng 2, cột ngày tiếp nhận: Ngày tiếp nhận “2024-06-40” không phải ngày hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY).']);
    const ok = await importFeedback(db, [{ feedback_code: 'API-1', source: 'national_portal', received_date: '2024-06-03', content: 'Phản ánh gửi qua API.', unit: 'An Thới', closed_date: null }], { org });
    expect(ok).toMatchObject({ written: true, inserted: 1 });
    expect(await getFeedback(db, 'API-1')).toMatchObject({ unitCode: 'AN-THOI', channel: 'national_portal', status: 'received' });
  });

  it('a file without a required column is refused before any row', async () => {
    const r = await importFeedback(db, Buffer.from('mã phản ánh,nguồn\nA,tỉnh\n'), { org, fileName: 'x.csv' });
    expect(r).toMatchObject({ written: false, format: null });
    expect(r.errors[0]?.reason).toBe('Thiếu cột bắt buộc: ngày tiếp nhận, nội dung');
  });
});

describe('PAKN import from XLSX', () => {
  let db: Db;
  beforeAll(async () => { db = await openTestDb('pglite'); });
  afterAll(async () => { await db?.close(); });

  it('the same rows as an XLSX sheet (date cells, a blank first row) give the same items and figures', async () => {
    const r = await importFeedback(db, await goodAsXlsx(), { org, fileName: 'pakn.xlsx' });
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ format: 'xlsx', rows: 9, inserted: 9, written: true });
    expect((await computePeriodFigures(db, JUNE, { org })).feedback).toEqual(EXPECTED);
    expect(await getFeedback(db, 'T-2404-0001')).toMatchObject({ receivedDate: '2024-04-10', closedDate: '2024-05-20' });
    expect((await getFeedback(db, 'TP-0001'))?.content).toContain('0912 345 678');
  });
});
