/**
 * Dossier import (interchange.md "Dossiers"), shared by `cli import dossiers` and POST /api/v1/dossiers/import:
 * rows are streamed through the shared table reader, validated one by one, and upserted by code in batches inside
 * ONE transaction. A file with a bad row is rejected whole (every bad row reported with line, column and reason)
 * unless `skipInvalid`, which imports the good rows and lists the others.
 */
import { columnLabel, DOSSIER_COLUMNS, validateDossierRow, type TDossier, type TDossierColumn, type TRowError } from '../domain/dossier.ts';
import type { TOrg } from '../domain/org.ts';
import { describeHeader, openTable, TableReadError, type TTableFormat } from '../import/read-table.ts';
import type { Db } from '../store/db.ts';
import { saveOrg, upsertDossiers } from '../store/dossiers.ts';

export interface TImportError extends TRowError {
  /** The column's header as written in the file ("Ngày hẹn trả"), or its Vietnamese name when the file lacks it. */
  header: string;
}

export interface TDossierImportReport {
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

export interface TDossierImportOptions {
  org: TOrg;
  skipInvalid?: boolean;
  format?: TTableFormat;
  /** for format detection when the source is a Buffer */
  fileName?: string;
  batchSize?: number;
}

/** Thrown inside the transaction to roll it back once the whole file has been checked. */
class RejectFile extends Error {}

export async function importDossiers(db: Db, source: string | Buffer, opts: TDossierImportOptions): Promise<TDossierImportReport> {
  const report: TDossierImportReport = {
    format: null, rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, errors: [], warnings: [], written: false,
  };
  let opened;
  try {
    opened = await openTable(source, DOSSIER_COLUMNS, { format: opts.format, fileName: opts.fileName });
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
    header: headerOf.get(e.column) ?? (e.column ? columnLabel(e.column as TDossierColumn) : ''),
  });

  const batchSize = opts.batchSize ?? 5000;
  const skipInvalid = opts.skipInvalid ?? false;
  const ctx = { org: opts.org };
  // Code → line of its first good row: re-importing updates by code, so a code twice in one file is a mistake.
  const seen = new Map<string, number>();
  let batch: TDossier[] = [];

  const flush = async (tx: Db) => {
    if (batch.length === 0) return;
    const r = await upsertDossiers(tx, batch, { batchSize });
    report.inserted += r.inserted;
    report.updated += r.updated;
    report.unchanged += r.unchanged;
    batch = [];
  };

  try {
    await db.transaction(async (tx) => {
      await saveOrg(tx, opts.org);
      for await (const row of rows) {
        report.rows += 1;
        if (row.error) {
          report.rejected += 1;
          report.errors.push({ line: row.line, column: '', header: '', reason: row.error });
          continue;
        }
        const r = validateDossierRow(row, ctx);
        let bad: TRowError[] | undefined;
        if (!r.ok) bad = r.errors;
        else {
          const first = seen.get(r.dossier.code);
          if (first !== undefined) bad = [{ line: row.line, column: 'dossier_code', reason: `Mã hồ sơ “${r.dossier.code}” trùng với dòng ${first}.` }];
          else seen.set(r.dossier.code, row.line);
        }
        if (bad) {
          report.rejected += 1;
          report.errors.push(...bad.map(withHeader));
          // The file will be rolled back: stop writing, keep checking so that every bad row is reported.
          if (!skipInvalid) batch = [];
          continue;
        }
        if (r.ok && (skipInvalid || report.rejected === 0)) {
          batch.push(r.dossier);
          if (batch.length >= batchSize) await flush(tx);
        }
      }
      if (report.rejected > 0 && !skipInvalid) throw new RejectFile();
      await flush(tx);
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
