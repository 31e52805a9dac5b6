import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { cleanText, fold } from '../domain/vietnamese.ts';

/**
 * One reader for every officer spreadsheet (procedure catalogue, dossiers, PAKN): CSV (UTF-8 with or without BOM,
 * comma or semicolon), XLSX (first sheet) and JSON Lines, streamed row by row so a million-row export does not
 * have to fit in memory. Headers are matched to canonical columns by fold() (case and diacritics ignored).
 */

export interface TColumnSpec<C extends string = string> {
  canonical: C;
  /** Header spellings accepted besides the canonical name ("mã thủ tục", "mã TTHC"). */
  aliases: readonly string[];
  required?: boolean;
  /** Vietnamese name for messages; defaults to the first alias. */
  label?: string;
}

export type TTableFormat = 'csv' | 'xlsx' | 'jsonl';

export interface TTableRow<C extends string = string> {
  /** 1-based line of the file (CSV/JSONL) or sheet row number (XLSX); the header is line 1. */
  line: number;
  values: Partial<Record<C, string>>;
  /** JSON Lines only: the parsed object, for shapes with nested values. */
  raw?: Record<string, unknown>;
  /** JSON Lines only: why this line could not be read (values is then empty). */
  error?: string;
}

export interface TTableHeader<C extends string = string> {
  format: TTableFormat;
  /** CSV only */
  delimiter?: ',' | ';' | '\t';
  /** each header cell and the column it was matched to (null: unknown) */
  columns: { header: string; canonical: C | null }[];
  /** header cells that match no column: reported, ignored */
  unknown: string[];
  /** required columns with no header */
  missing: { canonical: C; label: string }[];
  /** columns named by two header cells: the first one is used */
  duplicated: { canonical: C; headers: string[] }[];
}

export interface TOpenedTable<C extends string = string> {
  header: TTableHeader<C>;
  rows: AsyncIterable<TTableRow<C>>;
  /** Releases the file when the rows are not read to the end (reading to the end, or breaking out of it, closes too). */
  close(): Promise<void>;
}

/** The file cannot be read as a table: wrong format, no header, or required columns missing. */
export class TableReadError extends Error {
  constructor(
    message: string,
    readonly missing: string[] = [],
  ) {
    super(message);
    this.name = 'TableReadError';
  }
}

export interface TReadTableOptions {
  /** Overrides detection from the file name and content. */
  format?: TTableFormat;
  /** Name used for format detection when the source is a Buffer. */
  fileName?: string;
  /** Throw when a required column is missing (default true). */
  requireColumns?: boolean;
}

/** Key a header is compared by: fold(), punctuation and underscores as spaces. */
export function headerKey(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Matches header cells to the spec: exact canonical or alias (by headerKey). */
export function matchHeaders<C extends string>(
  headers: readonly string[],
  spec: readonly TColumnSpec<C>[],
): Omit<TTableHeader<C>, 'format' | 'delimiter'> {
  const byKey = new Map<string, C>();
  for (const col of spec) {
    for (const name of [col.canonical, ...col.aliases]) {
      const key = headerKey(name);
      if (!byKey.has(key)) byKey.set(key, col.canonical);
    }
  }
  const seen = new Map<C, string[]>();
  const columns = headers.map((header) => {
    const canonical = byKey.get(headerKey(header)) ?? null;
    if (canonical !== null) seen.set(canonical, [...(seen.get(canonical) ?? []), header]);
    return { header, canonical };
  });
  // A second header naming the same column is ignored, not merged: the officer is told.
  const firstIndex = new Map<C, number>();
  columns.forEach((c, i) => {
    if (c.canonical !== null && !firstIndex.has(c.canonical)) firstIndex.set(c.canonical, i);
  });
  const deduped = columns.map((c, i) => (c.canonical !== null && firstIndex.get(c.canonical) !== i ? { ...c, canonical: null } : c));
  return {
    columns: deduped,
    unknown: columns.filter((c) => c.canonical === null && c.header.trim() !== '').map((c) => c.header),
    missing: spec
      .filter((c) => c.required && !seen.has(c.canonical))
      .map((c) => ({ canonical: c.canonical, label: c.label ?? c.aliases[0] ?? c.canonical })),
    duplicated: [...seen.entries()].filter(([, hs]) => hs.length > 1).map(([canonical, headers]) => ({ canonical, headers })),
  };
}

/** Format from the extension, else from the first bytes (zip magic → XLSX, "{" → JSON Lines, else CSV). */
export function detectFormat(fileName: string | undefined, head: Buffer): TTableFormat {
  const ext = fileName ? extname(fileName).toLowerCase() : '';
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  const text = head.toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{')) return 'jsonl';
  return 'csv';
}

/** Opens a table: reads the header (so problems surface before any row) and returns the row iterator. */
export async function openTable<C extends string>(
  source: string | Buffer,
  spec: readonly TColumnSpec<C>[],
  options: TReadTableOptions = {},
): Promise<TOpenedTable<C>> {
  const head = await readHead(source, 64 * 1024);
  const fileName = typeof source === 'string' ? source : options.fileName;
  const format = options.format ?? detectFormat(fileName, head);
  if (format === 'jsonl' && head.toString('utf8').replace(/^\uFEFF/, '').trimStart().startsWith('[')) {
    throw new TableReadError('Tệp JSON là một mảng: hãy dùng JSON Lines (mỗi dòng một đối tượng {…})');
  }
  const opened =
    format === 'csv' ? await openCsv(source, head, spec) : format === 'xlsx' ? await openXlsx(source, spec) : await openJsonl(source, spec);
  if ((options.requireColumns ?? true) && opened.header.missing.length > 0) {
    const names = opened.header.missing.map((m) => m.label);
    await opened.close();
    throw new TableReadError(`Thiếu cột bắt buộc: ${names.join(', ')}`, names);
  }
  return opened;
}

/** Rows of a table as an async iterator; throws TableReadError when a required column is missing. */
export async function* readTable<C extends string>(
  source: string | Buffer,
  spec: readonly TColumnSpec<C>[],
  options: TReadTableOptions = {},
): AsyncGenerator<TTableRow<C>> {
  const { rows } = await openTable(source, spec, options);
  yield* rows;
}

/** A human description of header problems, empty when there are none. Vietnamese, one line each. */
export function describeHeader(header: TTableHeader): string[] {
  const out: string[] = [];
  if (header.missing.length > 0) out.push(`Thiếu cột bắt buộc: ${header.missing.map((m) => m.label).join(', ')}`);
  if (header.unknown.length > 0) out.push(`Cột không dùng đến (bỏ qua): ${header.unknown.join(', ')}`);
  for (const d of header.duplicated) out.push(`Cột ${d.headers.join(' và ')} cùng chỉ một nội dung; dùng cột đầu tiên`);
  return out;
}

async function readHead(source: string | Buffer, bytes: number): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return source.subarray(0, bytes);
  const handle = await open(source, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function toStream(source: string | Buffer): Readable {
  return typeof source === 'string' ? createReadStream(source) : Readable.from([source]);
}

/** A cell as stored: cleanText (NFC; NUL, control and invisible characters removed), trimmed. */
function cell(text: string): string {
  return cleanText(text).trim();
}

/** Picks the delimiter of the header line: the most frequent of , ; and tab outside quotes. */
export function detectDelimiter(head: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of head.replace(/^\uFEFF/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch] += 1;
  }
  if (counts[';'] > counts[','] && counts[';'] >= counts['\t']) return ';';
  if (counts['\t'] > counts[','] && counts['\t'] > counts[';']) return '\t';
  return ',';
}

function assertUtf8(head: Buffer): void {
  // Cut the head at a whole character so a multi-byte sequence split by the 64 KB window is not an error.
  let end = head.length;
  while (end > 0 && end > head.length - 4 && ((head[end - 1] ?? 0) & 0xc0) === 0x80) end -= 1;
  if (end > 0 && ((head[end - 1] ?? 0) & 0x80) !== 0) end -= 1;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
  } catch {
    throw new TableReadError('Tệp CSV không phải mã UTF-8: hãy lưu lại tệp với "CSV UTF-8" rồi nhập lại');
  }
}

async function openCsv<C extends string>(
  source: string | Buffer,
  head: Buffer,
  spec: readonly TColumnSpec<C>[],
): Promise<TOpenedTable<C>> {
  assertUtf8(head);
  const delimiter = detectDelimiter(head.toString('utf8'));
  const parser = toStream(source).pipe(
    parseCsv({ bom: true, delimiter, info: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }),
  );
  const it: AsyncIterator<{ record: string[]; info: { empty_lines: number } }> = parser[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) {
    parser.destroy();
    throw new TableReadError('Tệp CSV trống: không có dòng tiêu đề');
  }
  const headers = first.value.record.map(cell);
  const matched = matchHeaders(headers, spec);
  const header: TTableHeader<C> = { format: 'csv', delimiter, ...matched };
  const lineBreaks = (fields: string[]) => fields.reduce((n, f) => n + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);

  async function* rows(): AsyncGenerator<TTableRow<C>> {
    // csv-parse counts lines inconsistently inside quoted CRLF cells; track the start line ourselves.
    let endLine = 1 + lineBreaks(first.done ? [] : first.value.record);
    let emptySoFar = first.done ? 0 : first.value.info.empty_lines;
    try {
      for (;;) {
        const next = await it.next();
        if (next.done) return;
        const { record, info } = next.value;
        const line = endLine + 1 + (info.empty_lines - emptySoFar);
        emptySoFar = info.empty_lines;
        endLine = line + lineBreaks(record);
        const values = rowValues(record, header.columns);
        if (values) yield { line, values };
      }
    } finally {
      parser.destroy();
    }
  }
  return {
    header,
    rows: rows(),
    close: async () => {
      parser.destroy();
    },
  };
}

function rowValues<C extends string>(
  record: readonly string[],
  columns: readonly { canonical: C | null }[],
): Partial<Record<C, string>> | null {
  const values: Partial<Record<C, string>> = {};
  let any = false;
  for (let i = 0; i < columns.length; i++) {
    const canonical = columns[i]?.canonical;
    const v = record[i];
    if (canonical === null || canonical === undefined || v === undefined) continue;
    const text = cell(v);
    if (text !== '') any = true;
    values[canonical] = text;
  }
  // A row of empty cells (";;;" or a formatted but empty sheet row) is not data.
  return any ? values : null;
}

/** Text of an exceljs cell value: rich text joined, formulas by result, dates as YYYY-MM-DD[ HH:mm]. */
export function excelCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    // exceljs gives the sheet's wall-clock time as a UTC instant.
    const iso = value.toISOString();
    const time = iso.slice(11, 16);
    return time === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((r: { text?: string }) => r.text ?? '').join('');
    if ('result' in v) return excelCellText(v.result);
    if ('formula' in v || 'sharedFormula' in v) return '';
    if (typeof v.text === 'string' || typeof v.text === 'object') {
      const t = excelCellText(v.text);
      return t !== '' ? t : typeof v.hyperlink === 'string' ? v.hyperlink : '';
    }
    if ('error' in v) return '';
  }
  return String(value);
}

async function openXlsx<C extends string>(source: string | Buffer, spec: readonly TColumnSpec<C>[]): Promise<TOpenedTable<C>> {
  const input = toStream(source);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'cache',
    styles: 'cache',
    entries: 'ignore',
  });
  const sheets = reader[Symbol.asyncIterator]();
  let sheetRows: AsyncIterator<ExcelJS.Row>;
  try {
    const sheet = await sheets.next();
    if (sheet.done) {
      input.destroy();
      throw new TableReadError('Tệp XLSX không có trang tính nào');
    }
    sheetRows = sheet.value[Symbol.asyncIterator]();
  } catch (err) {
    if (err instanceof TableReadError) throw err;
    input.destroy();
    throw new TableReadError(`Không đọc được tệp XLSX: ${(err as Error).message}`);
  }
  const texts = (row: ExcelJS.Row): string[] => {
    const values = Array.isArray(row.values) ? row.values : [];
    const out: string[] = [];
    // row.values is 1-based and sparse
    for (let i = 1; i < values.length; i++) out.push(cell(excelCellText(values[i])));
    return out;
  };
  // The header is the first row that has any text (sheets often start with a title row left empty).
  let headerRow: ExcelJS.Row | undefined;
  for (;;) {
    const r = await sheetRows.next();
    if (r.done) break;
    if (texts(r.value).some((t) => t !== '')) {
      headerRow = r.value;
      break;
    }
  }
  if (!headerRow) {
    input.destroy();
    throw new TableReadError('Trang tính đầu tiên trống: không có dòng tiêu đề');
  }
  const header: TTableHeader<C> = { format: 'xlsx', ...matchHeaders(texts(headerRow), spec) };

  async function* rows(): AsyncGenerator<TTableRow<C>> {
    try {
      for (;;) {
        const r = await sheetRows.next();
        if (r.done) return;
        const values = rowValues(texts(r.value), header.columns);
        if (values) yield { line: r.value.number, values };
      }
    } finally {
      await close();
    }
  }
  // Only the first sheet is read; stop the zip stream.
  const close = async () => {
    await sheetRows.return?.(undefined);
    await sheets.return?.(undefined);
    input.destroy();
  };
  return { header, rows: rows(), close };
}

async function* jsonLines(source: string | Buffer): AsyncGenerator<{ line: number; text: string }> {
  let line = 0;
  let rest = '';
  const decoder = new TextDecoder('utf-8');
  const stream = toStream(source);
  try {
    for await (const chunk of stream) {
      rest += decoder.decode(chunk as Buffer, { stream: true });
      let nl = rest.indexOf('\n');
      while (nl >= 0) {
        line += 1;
        const text = rest.slice(0, nl).replace(/\r$/, '');
        rest = rest.slice(nl + 1);
        yield { line, text: line === 1 ? text.replace(/^\uFEFF/, '') : text };
        nl = rest.indexOf('\n');
      }
    }
    rest += decoder.decode();
    if (rest.trim() !== '') yield { line: line + 1, text: line === 0 ? rest.replace(/^\uFEFF/, '') : rest };
  } finally {
    stream.destroy();
  }
}

/**
 * JSON Lines as rows: each object's keys are matched like headers (so a JSON line may use "mã thủ tục" as a key);
 * non-string values are turned into text, and the object itself is kept in `raw`. The header is the first
 * object's keys. A line that is not a JSON object is yielded with `error` set and `values` empty, so the caller
 * reports it with its line number and goes on.
 */
async function openJsonl<C extends string>(source: string | Buffer, spec: readonly TColumnSpec<C>[]): Promise<TOpenedTable<C>> {
  const lines = jsonLines(source);
  const parsed = async function* (): AsyncGenerator<{ line: number; obj: Record<string, unknown> | null; error?: string }> {
    for await (const { line, text } of lines) {
      if (text.trim() === '') continue;
      try {
        const obj: unknown = JSON.parse(text);
        if (typeof obj === 'object' && obj !== null && !Array.isArray(obj)) yield { line, obj: obj as Record<string, unknown> };
        else yield { line, obj: null, error: 'dòng JSON không phải một đối tượng {…}' };
      } catch (err) {
        yield { line, obj: null, error: `dòng không phải JSON hợp lệ (${(err as Error).message})` };
      }
    }
  };
  const it = parsed();
  const first = await it.next();
  const keys = first.done || first.value.obj === null ? [] : Object.keys(first.value.obj);
  const header: TTableHeader<C> = { format: 'jsonl', ...matchHeaders(keys, spec) };
  const keyMap = new Map<string, C | null>();
  const canonicalOf = (key: string): C | null => {
    let c = keyMap.get(key);
    if (c === undefined) {
      c = matchHeaders([key], spec).columns[0]?.canonical ?? null;
      keyMap.set(key, c);
    }
    return c;
  };

  async function* rows(): AsyncGenerator<TTableRow<C>> {
    try {
      let current = first;
      while (!current.done) {
        const { line, obj, error } = current.value;
        if (obj === null) {
          yield { line, values: {}, error: error ?? 'không đọc được dòng' };
          current = await it.next();
          continue;
        }
        const values: Partial<Record<C, string>> = {};
        for (const [key, v] of Object.entries(obj)) {
          const c = canonicalOf(key);
          if (c === null || c in values) continue;
          values[c] = cell(jsonText(v));
        }
        yield { line, values, raw: obj };
        current = await it.next();
      }
    } finally {
      await it.return(undefined);
    }
  }
  return {
    header,
    rows: rows(),
    close: async () => {
      await it.return(undefined);
    },
  };
}

function jsonText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(' | ');
  return JSON.stringify(v);
}
