/**
 * Catalogue import as the officer CLI and the officer API run it: read every file, reject a file with bad rows
 * unless told to skip them, then store everything in one transaction.
 */
import path from 'node:path';
import { formatImportIssue, mergeProcedureLists, type TFieldTable } from '../domain/catalogue/index.ts';
import { loadFieldTable, readProcedures, type TProcedureImportIssue } from '../import/read-procedures.ts';
import type { TCatalogueImportSummary } from '../store/procedures.ts';
import type { CatalogueService } from './catalogue.ts';

export interface TCatalogueFile {
  /** a path, or the bytes of an upload */
  source: string | Buffer;
  /** name shown in messages (and used to tell CSV from XLSX from JSONL when the bytes do not say) */
  fileName?: string;
}

export interface TCatalogueFileReport {
  file: string;
  procedures: number;
  errors: TProcedureImportIssue[];
  shapes: { catalogue: number; handbook: number; table: number };
}

export interface TCatalogueImportOutcome {
  /** rejected: nothing was written */
  status: 'imported' | 'rejected';
  files: TCatalogueFileReport[];
  errors: TProcedureImportIssue[];
  warnings: string[];
  summary?: TCatalogueImportSummary;
  /** why nothing was written, in Vietnamese */
  reason?: string;
}

export interface TImportProcedureFilesOptions {
  full: boolean;
  /** import the valid rows of a file that has bad ones (the bad ones are listed) */
  skipInvalid: boolean;
  fields?: TFieldTable;
}

export async function importProcedureFiles(
  catalogue: CatalogueService,
  files: readonly TCatalogueFile[],
  opts: TImportProcedureFilesOptions,
): Promise<TCatalogueImportOutcome> {
  const fields = opts.fields ?? (await loadFieldTable());
  const reports: TCatalogueFileReport[] = [];
  const lists = [];
  const warnings: string[] = [];
  for (const f of files) {
    const name = f.fileName ?? (typeof f.source === 'string' ? path.basename(f.source) : 'tệp tải lên');
    const r = await readProcedures(f.source, { fields, fileName: f.fileName ?? (typeof f.source === 'string' ? f.source : undefined) });
    const errors = r.errors.map((e) => ({ ...e, file: name }));
    reports.push({ file: name, procedures: r.procedures.length, errors, shapes: r.shapes });
    lists.push(r.procedures);
    warnings.push(...r.warnings);
  }
  const errors = reports.flatMap((r) => r.errors);
  const base = { files: reports, errors, warnings: [...new Set(warnings)] };
  if (errors.length > 0 && !opts.skipInvalid) {
    const bad = reports.filter((r) => r.errors.length > 0).map((r) => r.file);
    return { ...base, status: 'rejected', reason: `Tệp ${bad.join(', ')} có dòng lỗi: không nhập gì. Sửa các dòng lỗi, hoặc dùng tuỳ chọn bỏ qua dòng lỗi để nhập các dòng hợp lệ.` };
  }
  const procedures = mergeProcedureLists(...lists);
  if (procedures.length === 0) {
    return { ...base, status: 'rejected', reason: 'Không đọc được thủ tục nào từ các tệp đã cho: không nhập gì.' };
  }
  let full = opts.full;
  if (full && errors.length > 0) {
    // A bad row may be a procedure that still exists: withdrawing everything the file "misses" would be wrong.
    full = false;
    base.warnings.push('Có dòng lỗi bị bỏ qua nên không đánh dấu bãi bỏ thủ tục nào (nhập toàn bộ cần tệp không có lỗi).');
  }
  const summary = await catalogue.importProcedures(procedures, { full });
  return { ...base, status: 'imported', summary };
}

/** "tệp.csv — Dòng 3, cột mã thủ tục: …" */
export function formatFileIssue(issue: TProcedureImportIssue): string {
  return `${issue.file ? `${issue.file} — ` : ''}${formatImportIssue(issue)}`;
}
