/**
 * What every imported spreadsheet row has in common (dossiers, PAKN): its line, its cells keyed by canonical column,
 * and errors that name line, column and reason in Vietnamese. Row validators build on rowReader() so that a missing
 * value and a bad date read the same in every import. Pure: no I/O.
 */
import { parseDateInput, type TIsoDate } from './format.ts';
import { nfc } from './vietnamese.ts';

export interface TImportRow {
  /** Line number in the file (header = 1), or the sheet row. */
  line: number;
  /** Cell texts keyed by canonical column name; a column the file lacks is absent. */
  values: Readonly<Partial<Record<string, string | undefined>>>;
}

export interface TRowError {
  line: number;
  column: string;
  reason: string;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface TRowReader<C extends string> {
  /** every problem found so far, in the order found */
  errors: TRowError[];
  fail(column: C, reason: string): void;
  /** the cell's text, NFC and trimmed; '' when empty or absent */
  cell(column: C): string;
  /** the cell's text, or undefined with "Thiếu <column>." recorded */
  required(column: C): string | undefined;
  /** a date in any format of interchange.md; an unreadable one is recorded */
  date(column: C, isRequired: boolean): TIsoDate | undefined;
}

/** Cell access for one row; `label` gives the Vietnamese name of a column ("ngày tiếp nhận"). */
export function rowReader<C extends string>(row: TImportRow, label: (column: C) => string): TRowReader<C> {
  const errors: TRowError[] = [];
  const fail = (column: C, reason: string) => {
    errors.push({ line: row.line, column, reason });
  };
  const cell = (column: C): string => nfc(row.values[column] ?? '').trim();
  const required = (column: C): string | undefined => {
    const v = cell(column);
    if (v === '') fail(column, `Thiếu ${label(column)}.`);
    return v === '' ? undefined : v;
  };
  const date = (column: C, isRequired: boolean): TIsoDate | undefined => {
    const v = isRequired ? required(column) : cell(column) || undefined;
    if (v === undefined) return undefined;
    const d = parseDateInput(v);
    if (d === undefined) fail(column, `${capitalise(label(column))} “${v}” không phải ngày hợp lệ (YYYY-MM-DD hoặc DD/MM/YYYY).`);
    return d;
  };
  return { errors, fail, cell, required, date };
}
