/**
 * The one import pipeline of the officers' spreadsheets (dossiers, PAKN): rows are streamed through the shared table
 * reader (src/import/read-table.ts), validated one by one by the kind's own row validator, and written by code in
 * batches inside ONE transaction. A file with a bad row is rejected whole (every bad row reported with line, column
 * and reason) unless `skipInvalid`, which imports the good rows and lists the others. A code twice in one file is an
 * error on its second row, not an update.
 */
import type { TRowError } from '../domain/import-row.ts';
import { describeHeader, openTable, TableReadError, type TColumnSpec, type TTableFormat, type TTableRow } from '../import/read-table.ts';
import type { Db } from '../store/db.ts';

export interface TImportError extends TRowError {
  /** The column's header as written in the file ("Ngày hẹn trả"), or its Vietnamese name when the file lacks it. */
  header: string;
}

export interface TImportReport {
  format: TTableFormat | null;
  /** data rows read (the header and empty rows not counted) */
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** rows not imported because they are bad (a row with three problems counts once) */
  rejected: number;
  /** every problem found, in file order */
  errors: TImportError[];
  /** what the officer should know that did not stop the import (unknown or duplicated headers) */
  warnings: string[];
  /** false when nothing was written: the file had bad rows (without skipInvalid) or could not be read */
  written: boolean;
}

export interface TWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export type TRowCheck<T> = { ok: true; value: T } | { ok: false; errors: TRowError[] };

/** What one kind of import brings to the pipeline. `X` is what prepare() reads from the database for validate(). */
export interface TTableImport<C extends string, T, X> {
  columns: readonly TColumnSpec<C>[];
  /** Vietnamese name of a column, for errors about a column the file lacks */
  label(column: C): string;
  /** Runs first, inside the import's transaction (e.g. store the organisation, read codes the file may not touch). */
  prepare(tx: Db): Promise<X>;
  validate(row: TTableRow<C>, ctx: X): TRowCheck<T>;
  /** the unique key: a second row with the same key is reported as a duplicate */
  keyOf(value: T): string;
  duplicate(key: string, firstLine: number, line: number): TRowError;
  write(tx: Db, batch: T[]): Promise<TWriteCounts>;
  /** After the last batch, inside the transaction, when the file is being written. */
  finish?(tx: Db): Promise<void>;
}

export interface TTableImportOptions {
  skipInvalid?: boolean;
  format?: TTableFormat;
  /** for format detection when the source is a Buffer */
  fileName?: string;
  batchSize?: number;
}

/** Thrown inside the transaction to roll it back once the whole file has been checked. */
class RejectFile extends Error {}

export async function importTable<C extends string, T, X>(
  db: Db,
  source: string | Buffer,
  kind: TTableImport<C, T, X>,
  opts: TTableImportOptions = {},
): Promise<TImportReport> {
  const report: TImportReport = {
    format: null, rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, errors: [], warnings: [], written: false,
  };
  let opened;
  try {
    opened = await openTable(source, kind.columns, { format: opts.format, fileName: opts.fileName });
  } catch (err) {
    if (!(err instanceof TableReadError)) throw err;
    report.errors.push({ line: 1, column: '', header: '', reason: err.message });
    return report;
  }
  const { header, rows } = opened;
  report.format = header.format;
  report.warnings.push(...describeHeader(header));
  const headerOf = new Map<string, string>();
  for (const c of header.columns) if (c.canonical !== null && !headerOf.has(c.canonical)) headerOf.set(c.canonical, c.header);
  const withHeader = (e: TRowError): TImportError => ({
    ...e,
    header: headerOf.get(e.column) ?? (e.column ? kind.label(e.column as C) : ''),
  });

  const batchSize = opts.batchSize ?? 5000;
  const skipInvalid = opts.skipInvalid ?? false;
  // Key → line of its first good row: re-importing updates by key, so a key twice in one file is a mistake.
  const seen = new Map<string, number>();
  let batch: T[] = [];

  const flush = async (tx: Db) => {
    if (batch.length === 0) return;
    const r = await kind.write(tx, batch);
    report.inserted += r.inserted;
    report.updated += r.updated;
    report.unchanged += r.unchanged;
    batch = [];
  };

  try {
    await db.transaction(async (tx) => {
      const ctx = await kind.prepare(tx);
      for await (const row of rows) {
        report.rows += 1;
        if (row.error) {
          report.rejected += 1;
          report.errors.push({ line: row.line, column: '', header: '', reason: row.error });
          continue;
        }
        const r = kind.validate(row, ctx);
        let bad: TRowError[] | undefined;
        if (!r.ok) bad = r.errors;
        else {
          const key = kind.keyOf(r.value);
          const first = seen.get(key);
          if (first !== undefined) bad = [kind.duplicate(key, first, row.line)];
          else seen.set(key, row.line);
        }
        if (bad) {
          report.rejected += 1;
          report.errors.push(...bad.map(withHeader));
          // The file will be rolled back: stop writing, keep checking so that every bad row is reported.
          if (!skipInvalid) batch = [];
          continue;
        }
        if (r.ok && (skipInvalid || report.rejected === 0)) {
          batch.push(r.value);
          if (batch.length >= batchSize) await flush(tx);
        }
      }
      if (report.rejected > 0 && !skipInvalid) throw new RejectFile();
      await flush(tx);
      await kind.finish?.(tx);
    });
    report.written = true;
  } catch (err) {
    if (!(err instanceof RejectFile)) throw err;
    report.inserted = report.updated = report.unchanged = 0;
  } finally {
    await opened.close();
  }
  return report;
}

/** "Dòng 7, cột Ngày hẹn trả: Ngày hẹn trả trước ngày tiếp nhận." */
export function formatImportError(e: TImportError): string {
  if (!e.header) return `Dòng ${e.line}: ${e.reason}`;
  return `Dòng ${e.line}, cột ${e.header}: ${e.reason}`;
}
