import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  detectDelimiter,
  detectFormat,
  excelCellText,
  headerKey,
  matchHeaders,
  openTable,
  readTable,
  TableReadError,
  type TColumnSpec,
  type TTableRow,
} from '../../src/import/read-table.ts';
import { PROCEDURE_COLUMNS } from '../../src/domain/catalogue/index.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/catalogue');
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'motcua-read-table-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect<C extends string>(rows: AsyncIterable<TTableRow<C>>): Promise<TTableRow<C>[]> {
  const out: TTableRow<C>[] = [];
  for await (const r of rows) out.push(r);
  return out;
}

const DOSSIER: TColumnSpec[] = [
  { canonical: 'dossier_code', aliases: ['mã hồ sơ', 'số hồ sơ'], required: true },
  { canonical: 'procedure_code', aliases: ['mã thủ tục', 'mã TTHC'], required: true },
  { canonical: 'received_date', aliases: ['ngày tiếp nhận'] },
];

describe('header matching', () => {
  it('ignores case, diacritics, punctuation and underscores', () => {
    expect(headerKey('  Mã TTHC ')).toBe('ma tthc');
    expect(headerKey('processing_time')).toBe(headerKey('Processing time'));
    const m = matchHeaders(['MÃ THỦ TỤC', 'ten thu tuc', 'Lĩnh vực', 'Phí, lệ phí', 'ghi chú', 'mã TTHC'], PROCEDURE_COLUMNS);
    expect(m.columns.map((c) => c.canonical)).toEqual(['code', 'name', 'field', 'fee', null, null]);
    expect(m.unknown).toEqual(['ghi chú']);
    expect(m.duplicated).toEqual([{ canonical: 'code', headers: ['MÃ THỦ TỤC', 'mã TTHC'] }]);
    expect(m.missing.map((x) => x.label)).toEqual(['cấp thẩm quyền']);
  });

  it('detects the format and the delimiter', () => {
    expect(detectFormat('a.XLSX', Buffer.from(''))).toBe('xlsx');
    expect(detectFormat(undefined, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('xlsx');
    expect(detectFormat(undefined, Buffer.from('\uFEFF{"ma":"1.001193"}\n'))).toBe('jsonl');
    expect(detectFormat('x.jsonl', Buffer.from('a,b'))).toBe('jsonl');
    expect(detectFormat(undefined, Buffer.from('a;b\n1;2'))).toBe('csv');
    expect(detectDelimiter('"a;b",c,d\n1;2;3;4;5')).toBe(',');
    expect(detectDelimiter('\uFEFFMã;"Tên, đầy đủ";Lĩnh vực\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
  });
});

describe('CSV', () => {
  it('reads a semicolon file with BOM, Vietnamese headers and a multi-line cell, with file line numbers', async () => {
    const { header, rows } = await openTable(resolve(FIXTURES, 'procedures-semicolon.csv'), PROCEDURE_COLUMNS);
    expect(header.format).toBe('csv');
    expect(header.delimiter).toBe(';');
    expect(header.unknown).toEqual(['Ghi chú nội bộ']);
    expect(header.missing).toEqual([]);
    const all = await collect(rows);
    expect(all.map((r) => r.line)).toEqual([2, 3, 5, 6, 7]);
    expect(all[0]?.values).toMatchObject({ code: '1.001193.000.00.00.H33', name: 'Đăng ký khai sinh', fee: 'Miễn phí', reception_point: 'DUONG-DONG' });
    expect(all[1]?.values.processing_time).toBe('05 ngày\nlàm việc');
    expect(all[2]?.values.code).toBe('');
  });

  it('counts lines right with CRLF and quoted line breaks, and skips blank rows', async () => {
    const csv = 'mã hồ sơ,mã thủ tục\r\nA,1.001193\r\n\r\n"B\r\nB",1.000894\r\n,\r\nC,2.000815\r\n';
    const rows = await collect(readTable(Buffer.from(csv), DOSSIER));
    expect(rows.map((r) => [r.line, r.values.dossier_code])).toEqual([
      [2, 'A'],
      [4, 'B\r\nB'],
      [7, 'C'],
    ]);
  });

  it('names the missing required columns', async () => {
    await expect(openTable(Buffer.from('mã hồ sơ;ngày tiếp nhận\nA;2024-06-01\n'), DOSSIER)).rejects.toThrow(
      new TableReadError('Thiếu cột bắt buộc: mã thủ tục', ['mã thủ tục']),
    );
    const { header } = await openTable(Buffer.from('mã hồ sơ;ngày tiếp nhận\n'), DOSSIER, { requireColumns: false });
    expect(header.missing).toEqual([{ canonical: 'procedure_code', label: 'mã thủ tục' }]);
  });

  it('refuses a file that is not UTF-8 and says how to fix it', async () => {
    const latin1 = Buffer.concat([Buffer.from('mã hồ sơ,mã thủ tục\n', 'latin1'), Buffer.from([0xe0, 0x2c, 0x31, 0x0a])]);
    await expect(openTable(latin1, DOSSIER, { fileName: 'x.csv' })).rejects.toThrow(/UTF-8/);
  });

  it('streams a large file without holding it in memory', async () => {
    const path = join(dir, 'big.csv');
    const ws = createWriteStream(path);
    ws.write('\uFEFFsố hồ sơ;mã TTHC;ngày tiếp nhận\n');
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      if (!ws.write(`HS-${i};1.001193;2024-06-0${1 + (i % 9)}\n`)) await once(ws, 'drain');
    }
    ws.end();
    await once(ws, 'finish');
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    let lastLine = 0;
    let peak = 0;
    for await (const row of readTable(path, DOSSIER)) {
      count += 1;
      lastLine = row.line;
      if (count % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    expect(count).toBe(n);
    expect(lastLine).toBe(n + 1);
    // 100,000 rows as objects would be tens of MB; streaming stays far below.
    expect(peak).toBeLessThan(60e6);
  });

  it('stops reading when the consumer stops', async () => {
    const path = join(dir, 'early.csv');
    await writeFile(path, 'mã hồ sơ,mã thủ tục\n' + Array.from({ length: 5000 }, (_, i) => `H${i},1.001193`).join('\n'));
    let seen = 0;
    for await (const _row of readTable(path, DOSSIER)) {
      seen += 1;
      if (seen === 3) break;
    }
    expect(seen).toBe(3);
  });
});

describe('XLSX', () => {
  async function workbook(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Hồ sơ');
    ws.addRow([]); // an empty title row before the header
    ws.addRow(['Mã hồ sơ', 'MÃ TTHC', 'Ngày tiếp nhận', 'Số trang']);
    ws.addRow(['H-1', '1.001193', new Date(Date.UTC(2024, 5, 3)), 12]);
    ws.addRow([{ richText: [{ text: 'H-' }, { text: '2' }] }, { formula: 'CONCAT("1.",  "000894")', result: '1.000894' }, '14/06/2024', 3.5]);
    ws.addRow([]);
    ws.addRow(['H-3', '2.000815', new Date(Date.UTC(2024, 5, 4, 9, 30)), null]);
    wb.addWorksheet('Ghi chú').addRow(['không đọc trang này']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('reads the first sheet: header found below an empty row, dates, rich text and formulas as text', async () => {
    const spec: TColumnSpec[] = [...DOSSIER, { canonical: 'pages', aliases: ['số trang'] }];
    const { header, rows } = await openTable(await workbook(), spec);
    expect(header.format).toBe('xlsx');
    const all = await collect(rows);
    expect(all).toEqual([
      { line: 3, values: { dossier_code: 'H-1', procedure_code: '1.001193', received_date: '2024-06-03', pages: '12' } },
      { line: 4, values: { dossier_code: 'H-2', procedure_code: '1.000894', received_date: '14/06/2024', pages: '3.5' } },
      { line: 6, values: { dossier_code: 'H-3', procedure_code: '2.000815', received_date: '2024-06-04 09:30' } },
    ]);
  });

  it('turns cell values into text', () => {
    expect(excelCellText(null)).toBe('');
    expect(excelCellText(true)).toBe('true');
    expect(excelCellText(0.1 + 0.2)).toBe('0.3');
    expect(excelCellText({ text: 'Nộp trực tuyến', hyperlink: 'https://dichvucong.gov.vn' })).toBe('Nộp trực tuyến');
    expect(excelCellText({ text: '', hyperlink: 'https://dichvucong.gov.vn' })).toBe('https://dichvucong.gov.vn');
    expect(excelCellText({ error: '#N/A' })).toBe('');
  });
});

describe('JSON Lines', () => {
  it('maps keys like headers, keeps the object and reports unreadable lines by number', async () => {
    const text = ['{"mã hồ sơ":"A","mã thủ tục":"1.001193","x":[1]}', '', 'not json', '[1,2]', '{"dossier_code":"B","procedure_code":1.000894}'].join('\n');
    const { header, rows } = await openTable(Buffer.from(text), DOSSIER);
    expect(header.format).toBe('jsonl');
    expect(header.unknown).toEqual(['x']);
    const all = await collect(rows);
    expect(all.map((r) => [r.line, r.values.dossier_code ?? null, r.error ?? null])).toEqual([
      [1, 'A', null],
      [3, null, expect.stringContaining('không phải JSON hợp lệ')],
      [4, null, 'dòng JSON không phải một đối tượng {…}'],
      [5, 'B', null],
    ]);
    expect(all[0]?.raw).toEqual({ 'mã hồ sơ': 'A', 'mã thủ tục': '1.001193', x: [1] });
  });

  it('refuses a JSON array with a hint', async () => {
    await expect(openTable(Buffer.from('[{"a":1}]'), DOSSIER, { fileName: 'x.json' })).rejects.toThrow(/JSON Lines/);
  });
});
