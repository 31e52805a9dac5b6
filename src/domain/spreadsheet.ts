/**
 * Cells of the CSV and XLSX files the product writes. Today it writes none (officers get DOCX, Markdown, PDF and
 * JSON; CSV and XLSX are only read, by the importers): every future writer must pass its cells through here, and
 * test/security/spreadsheet.test.ts fails for a source file that writes a spreadsheet without importing this module.
 *
 * A text cell that starts with = + - @, a tab or a carriage return is taken for a formula by Excel and LibreOffice
 * ("CSV injection": `=HYPERLINK(…)`, `=cmd|' /C calc'!A0` typed into a feedback item by anyone). Such a cell is
 * written with a leading apostrophe, which spreadsheets show as text (OWASP). Plain numbers stay as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d[\d.,]*$/;

export type TCell = string | number | boolean | null | undefined;

/** The cell as a spreadsheet must receive it: never a formula, unless it is a plain number. */
export function safeCell(value: TCell): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return value;
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** One CSV field: made safe, then quoted when it holds the separator, a quote or a line break. */
export function csvField(value: TCell, separator = ','): string {
  const v = safeCell(value);
  const text = v === null ? '' : String(v);
  return text.includes(separator) || /["\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (no line break at the end). */
export function csvLine(values: readonly TCell[], separator = ','): string {
  return values.map((v) => csvField(v, separator)).join(separator);
}
