import { ZProcedure, normaliseProcedureCode } from '../procedure.ts';
import { columnLabel, type TProcedureColumn } from './columns.ts';
import type { TMapContext, TMapResult } from './map-catalogue-record.ts';
import {
  cleanText,
  parseAuthority,
  parseBooleanVi,
  parseOnlineLevel,
  parseUrl,
  splitListCell,
  type TImportIssue,
} from './values.ts';
import { fold } from '../vietnamese.ts';

/** A CSV/XLSX row (or a JSON line with the same keys) keyed by canonical column, values as text. */
export type TProcedureRowValues = Partial<Record<TProcedureColumn, string>>;

export function mapProcedureRow(values: TProcedureRowValues, ctx: TMapContext): TMapResult {
  const issues: TImportIssue[] = [];
  const issue = (col: TProcedureColumn, reason: string) => issues.push({ line: ctx.line, column: columnLabel(col), reason });
  const get = (col: TProcedureColumn): string => values[col] ?? '';

  const rawCode = get('code');
  const code = normaliseProcedureCode(rawCode);
  if (rawCode.trim() === '') issue('code', 'thiếu mã thủ tục');
  else if (!code) issue('code', `"${rawCode.trim()}" không phải mã thủ tục (dạng 1.001193)`);
  const name = cleanText(get('name'));
  if (!name) issue('name', 'thiếu tên thủ tục');
  const rawField = cleanText(get('field'));
  if (!rawField) issue('field', 'thiếu lĩnh vực');
  const authority = parseAuthority(get('authority'));
  if (!authority.ok) issue('authority', authority.reason);
  const online = parseOnlineLevel(get('online_level'));
  if (!online.ok) issue('online_level', online.reason);
  const url = parseUrl(get('online_url'));
  if (!url.ok) issue('online_url', url.reason);
  const interconnected = parseBooleanVi(get('interconnected'));
  if (!interconnected.ok) issue('interconnected', interconnected.reason);
  const boundaryFree = parseBooleanVi(get('boundary_free'));
  if (!boundaryFree.ok) issue('boundary_free', boundaryFree.reason);

  const statusText = fold(get('status'));
  let status: 'active' | 'withdrawn' = 'active';
  if (['withdrawn', 'bai bo', 'het hieu luc', 'inactive'].includes(statusText)) status = 'withdrawn';
  else if (!['', 'active', 'hieu luc', 'con hieu luc', 'dang ap dung'].includes(statusText)) {
    issue('status', `"${get('status').trim()}" không phải trạng thái (hiệu lực, bãi bỏ)`);
  }

  if (issues.length > 0 || !code || !name || !rawField || !authority.ok) return { ok: false, issues };

  const resolved = ctx.fields.resolve(rawField);
  const candidate = {
    code,
    name,
    aliases: [],
    field: resolved.field,
    // A sector typed in the file wins over the configured table: the officer knows their catalogue.
    sector: cleanText(get('sector')) ?? resolved.sector,
    group: cleanText(get('group')),
    authority: authority.value,
    receptionPoint: cleanText(get('reception_point')),
    onlineLevel: online.ok ? online.value : undefined,
    processingTime: cleanText(get('processing_time')),
    fee: cleanText(get('fee')),
    documents: splitListCell(get('documents')).map((d) => ({ name: d })),
    steps: splitListCell(get('steps')),
    legalBasis: splitListCell(get('legal_basis')),
    onlineUrl: url.ok ? url.value : undefined,
    interconnected: interconnected.ok && interconnected.value,
    boundaryFree: boundaryFree.ok && boundaryFree.value,
    status,
    keywords: get('keywords')
      .split(/[;|,]/)
      .map((k) => k.trim())
      .filter((k) => k.length > 0),
    sources: [{ kind: 'table' as const, file: ctx.file, line: ctx.line }],
  };
  const parsed = ZProcedure.safeParse(candidate);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ line: ctx.line, column: String(i.path[0] ?? ''), reason: i.message })) };
  }
  return { ok: true, procedure: parsed.data };
}
