import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  buildFieldTable,
  EMPTY_FIELD_TABLE,
  isCatalogueRecord,
  isHandbookRecord,
  mapCatalogueRecord,
  mapHandbookRecord,
  mapProcedureRow,
  mergeProcedureLists,
  PROCEDURE_COLUMNS,
  type TFieldTable,
  type TImportIssue,
  type TMapResult,
  type TProcedureRowValues,
} from '../domain/catalogue/index.ts';
import type { TAuthority, TProcedure } from '../domain/procedure.ts';
import { compileColloquial, type TColloquial } from '../domain/search/colloquial.ts';
import { describeHeader, openTable, TableReadError, type TReadTableOptions, type TTableFormat } from './read-table.ts';

/** Configuration files of the catalogue, relative to the repository (a deployment may pass its own paths). */
export const DEFAULT_FIELD_SECTORS_PATH = fileURLToPath(new URL('../../config/field-sectors.json', import.meta.url));
export const DEFAULT_COLLOQUIAL_PATH = fileURLToPath(new URL('../../config/colloquial-vi.json', import.meta.url));

export async function loadFieldTable(path: string = DEFAULT_FIELD_SECTORS_PATH): Promise<TFieldTable> {
  return buildFieldTable(JSON.parse(await readFile(path, 'utf8')));
}

export async function loadColloquial(path: string = DEFAULT_COLLOQUIAL_PATH): Promise<TColloquial> {
  return compileColloquial(JSON.parse(await readFile(path, 'utf8')));
}

export interface TReadProceduresOptions extends Pick<TReadTableOptions, 'format' | 'fileName'> {
  fields?: TFieldTable;
  /** Authority of handbook records that no catalogue record overrides (the handbook is commune-level). */
  handbookAuthority?: TAuthority;
}

export interface TProcedureImportIssue extends TImportIssue {
  file?: string;
}

export interface TReadProceduresResult {
  procedures: TProcedure[];
  /** rows that could not be mapped: nothing of them is in `procedures` */
  errors: TProcedureImportIssue[];
  /** things the officer should know that did not stop a row (unknown columns, fields with no sector) */
  warnings: string[];
  format: TTableFormat | null;
  /** how many rows of each shape were read */
  shapes: { catalogue: number; handbook: number; table: number };
}

/**
 * Reads a procedure catalogue file of any of the three shapes (catalogue JSONL, handbook JSONL, CSV/XLSX/JSONL
 * with the interchange columns); a JSONL file may mix the two JSON shapes, which are then merged by code.
 * Never throws for bad content: problems come back in `errors` with line, column and reason.
 */
export async function readProcedures(source: string | Buffer, options: TReadProceduresOptions = {}): Promise<TReadProceduresResult> {
  const fields = options.fields ?? EMPTY_FIELD_TABLE;
  const file = typeof source === 'string' ? source : options.fileName;
  const result: TReadProceduresResult = { procedures: [], errors: [], warnings: [], format: null, shapes: { catalogue: 0, handbook: 0, table: 0 } };
  const issue = (i: TImportIssue) => result.errors.push(file ? { ...i, file } : i);

  let opened;
  try {
    opened = await openTable(source, PROCEDURE_COLUMNS, { format: options.format, fileName: options.fileName, requireColumns: false });
  } catch (err) {
    if (err instanceof TableReadError) {
      issue({ line: 1, column: '', reason: err.message });
      return result;
    }
    throw err;
  }
  const { header, rows } = opened;
  result.format = header.format;
  if (header.format !== 'jsonl') {
    if (header.missing.length > 0) {
      for (const m of header.missing) issue({ line: 1, column: m.label, reason: 'thiếu cột bắt buộc trong dòng tiêu đề' });
      await opened.close();
      return result;
    }
    result.warnings.push(...describeHeader(header));
  }

  // Records of one shape keyed by code, to report duplicates; the shapes are merged at the end.
  const listing = new Map<string, { p: TProcedure; line: number }>();
  const detail = new Map<string, { p: TProcedure; line: number }>();
  const unknownFields = new Set<string>();
  for await (const row of rows) {
    if (row.error) {
      issue({ line: row.line, column: '', reason: row.error });
      continue;
    }
    const ctx = { line: row.line, file, fields };
    let mapped: TMapResult;
    let target = listing;
    if (row.raw && isCatalogueRecord(row.raw)) {
      result.shapes.catalogue += 1;
      mapped = mapCatalogueRecord(row.raw, ctx);
    } else if (row.raw && isHandbookRecord(row.raw)) {
      result.shapes.handbook += 1;
      target = detail;
      mapped = mapHandbookRecord(row.raw, { ...ctx, authority: options.handbookAuthority });
    } else {
      result.shapes.table += 1;
      mapped = mapProcedureRow(row.values as TProcedureRowValues, ctx);
    }
    if (!mapped.ok) {
      mapped.issues.forEach(issue);
      continue;
    }
    const p = mapped.procedure;
    const prior = target.get(p.code);
    if (prior) {
      issue({ line: row.line, column: 'mã thủ tục', reason: `mã thủ tục ${p.code} đã có ở dòng ${prior.line}; dòng này bị bỏ qua` });
      continue;
    }
    target.set(p.code, { p, line: row.line });
    if (p.sector === null) unknownFields.add(p.field);
  }
  result.procedures = mergeProcedureLists(
    [...listing.values()].map((x) => x.p),
    [...detail.values()].map((x) => x.p),
  );
  for (const f of unknownFields) {
    result.warnings.push(`Lĩnh vực "${f}" chưa có trong bảng lĩnh vực → ngành (config/field-sectors.json): chưa xếp vào ngành nào`);
  }
  return result;
}

/**
 * Reads several catalogue files (the published catalogue and the handbook, say) and merges them by code: detail
 * from the handbook, flags from the catalogue. Errors carry their file.
 */
export async function readProcedureFiles(paths: readonly string[], options: Omit<TReadProceduresOptions, 'fileName' | 'format'> = {}): Promise<TReadProceduresResult> {
  const results = [];
  for (const path of paths) results.push(await readProcedures(path, options));
  return {
    procedures: mergeProcedureLists(...results.map((r) => r.procedures)),
    errors: results.flatMap((r) => r.errors),
    warnings: [...new Set(results.flatMap((r) => r.warnings))],
    format: results[0]?.format ?? null,
    shapes: {
      catalogue: results.reduce((n, r) => n + r.shapes.catalogue, 0),
      handbook: results.reduce((n, r) => n + r.shapes.handbook, 0),
      table: results.reduce((n, r) => n + r.shapes.table, 0),
    },
  };
}

export type { TColloquial };
