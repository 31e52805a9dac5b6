import { ZProcedure, normaliseProcedureCode, type TProcedure } from '../procedure.ts';
import type { TFieldTable } from './field-sectors.ts';
import {
  cleanText,
  parseAuthority,
  parseBooleanVi,
  parseOnlineLevel,
  parseUrl,
  receptionFromLevelText,
  type TImportIssue,
} from './values.ts';

/**
 * The published commune catalogue (data/catalog-vinhbao-2026.jsonl): one object a line with Vietnamese keys
 * stt, ma, ten, linhVuc, cap, nhanh, mienPhiTrucTuyen, phiDiaGioi, lienThong, phi, phiOnline, thoiHan, dvctt,
 * coQuan, quyetDinh, status, nopHoSoUrl.
 */
export const CATALOGUE_KEYS = [
  'stt', 'ma', 'ten', 'linhVuc', 'cap', 'nhanh', 'mienPhiTrucTuyen', 'phiDiaGioi', 'lienThong', 'phi', 'phiOnline',
  'thoiHan', 'dvctt', 'coQuan', 'quyetDinh', 'status', 'nopHoSoUrl',
] as const;

const LABELS: Record<string, string> = {
  ma: 'mã thủ tục',
  ten: 'tên thủ tục',
  linhVuc: 'lĩnh vực',
  cap: 'cấp thẩm quyền',
  phiDiaGioi: 'phi địa giới',
  lienThong: 'liên thông',
  dvctt: 'mức độ DVC',
  status: 'trạng thái',
  nopHoSoUrl: 'đường dẫn nộp hồ sơ',
};

export interface TMapContext {
  line: number;
  file?: string;
  fields: TFieldTable;
}

export type TMapResult = { ok: true; procedure: TProcedure } | { ok: false; issues: TImportIssue[] };

export function isCatalogueRecord(raw: Record<string, unknown>): boolean {
  return 'ma' in raw || 'ten' in raw || 'linhVuc' in raw;
}

export function mapCatalogueRecord(raw: Record<string, unknown>, ctx: TMapContext): TMapResult {
  const issues: TImportIssue[] = [];
  const issue = (key: string, reason: string) => issues.push({ line: ctx.line, column: LABELS[key] ?? key, reason });
  const text = (key: string): string => {
    const v = raw[key];
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    issue(key, 'giá trị phải là chữ');
    return '';
  };
  const flag = (key: string): boolean => {
    const parsed = parseBooleanVi(raw[key] as string | boolean | number | null | undefined);
    if (!parsed.ok) {
      issue(key, parsed.reason);
      return false;
    }
    return parsed.value;
  };

  const rawCode = text('ma');
  const code = normaliseProcedureCode(rawCode);
  if (rawCode.trim() === '') issue('ma', 'thiếu mã thủ tục');
  else if (!code) issue('ma', `"${rawCode}" không phải mã thủ tục (dạng 1.001193)`);

  const name = cleanText(text('ten'));
  if (!name) issue('ten', 'thiếu tên thủ tục');
  const rawField = cleanText(text('linhVuc'));
  if (!rawField) issue('linhVuc', 'thiếu lĩnh vực');

  const level = text('cap');
  const authority = parseAuthority(level);
  if (!authority.ok) issue('cap', authority.reason);

  const online = parseOnlineLevel(text('dvctt'));
  if (!online.ok) issue('dvctt', online.reason);
  const url = parseUrl(text('nopHoSoUrl'));
  if (!url.ok) issue('nopHoSoUrl', url.reason);

  const interconnected = flag('lienThong');
  const boundaryFree = flag('phiDiaGioi');

  const statusText = text('status').trim().toLowerCase();
  let status: TProcedure['status'] = 'active';
  if (['withdrawn', 'inactive', 'bãi bỏ', 'bai bo', 'abolished'].includes(statusText)) status = 'withdrawn';
  else if (!['', 'active', 'hiệu lực', 'còn hiệu lực'].includes(statusText)) issue('status', `"${statusText}" không phải trạng thái (active, withdrawn)`);

  if (issues.length > 0 || !code || !name || !rawField || !authority.ok) return { ok: false, issues };

  const { field, sector } = ctx.fields.resolve(rawField);
  const stt = typeof raw.stt === 'number' ? raw.stt : Number.parseInt(text('stt'), 10);
  const candidate = {
    code,
    name,
    aliases: [],
    field,
    sector,
    authority: authority.value,
    receptionPoint: receptionFromLevelText(level),
    onlineLevel: online.ok ? online.value : undefined,
    processingTime: cleanText(text('thoiHan')),
    fee: cleanText(text('phi')),
    onlineUrl: url.ok ? url.value : undefined,
    interconnected,
    boundaryFree,
    status,
    keywords: [],
    sources: [
      {
        kind: 'catalogue' as const,
        file: ctx.file,
        line: ctx.line,
        seq: Number.isFinite(stt) ? stt : undefined,
        decision: cleanText(text('quyetDinh')),
      },
    ],
  };
  const parsed = ZProcedure.safeParse(candidate);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ line: ctx.line, column: String(i.path[0] ?? ''), reason: i.message })) };
  }
  return { ok: true, procedure: parsed.data };
}
