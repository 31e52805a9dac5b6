import {
  ZProcedure,
  normaliseProcedureCode,
  type TAuthority,
  type TProcedureChannel,
  type TProcedureDocument,
} from '../procedure.ts';
import type { TMapContext, TMapResult } from './map-catalogue-record.ts';
import {
  cleanText,
  parseChannel,
  parseOnlineLevel,
  parseUrl,
  summariseByChannel,
  type TImportIssue,
} from './values.ts';

/**
 * The electronic handbook (data/procedures-vinhbao.jsonl): code, name, field, group, online_level, online_url,
 * channels[{channel,time,fee}], documents[{name,quantity,form?,case?}], steps[], legal[].
 */
export const HANDBOOK_KEYS = ['code', 'name', 'field', 'group', 'online_level', 'online_url', 'channels', 'documents', 'steps', 'legal'] as const;

const LABELS: Record<string, string> = {
  code: 'mã thủ tục',
  name: 'tên thủ tục',
  field: 'lĩnh vực',
  online_level: 'mức độ DVC',
  online_url: 'đường dẫn trực tuyến',
  channels: 'hình thức nộp',
  documents: 'thành phần hồ sơ',
  steps: 'trình tự',
  legal: 'căn cứ pháp lý',
};

export interface THandbookContext extends TMapContext {
  /**
   * The handbook does not say who decides; it is a commune handbook ("sổ tay TTHC cấp xã"), so its records are
   * commune-level unless told otherwise. A catalogue record for the same code overrides this when merged.
   */
  authority?: TAuthority;
}

export function isHandbookRecord(raw: Record<string, unknown>): boolean {
  return 'code' in raw && ('channels' in raw || 'documents' in raw || 'steps' in raw || 'legal' in raw || 'group' in raw || 'online_level' in raw);
}

export function mapHandbookRecord(raw: Record<string, unknown>, ctx: THandbookContext): TMapResult {
  const issues: TImportIssue[] = [];
  const issue = (key: string, reason: string) => issues.push({ line: ctx.line, column: LABELS[key] ?? key, reason });
  const text = (key: string): string => {
    const v = raw[key];
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return String(v);
    issue(key, 'giá trị phải là chữ');
    return '';
  };
  const list = (key: string): unknown[] => {
    const v = raw[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    issue(key, 'giá trị phải là danh sách');
    return [];
  };

  const rawCode = text('code');
  const code = normaliseProcedureCode(rawCode);
  if (rawCode.trim() === '') issue('code', 'thiếu mã thủ tục');
  else if (!code) issue('code', `"${rawCode}" không phải mã thủ tục (dạng 1.001193)`);
  const name = cleanText(text('name'))?.replace(/\.$/, '');
  if (!name) issue('name', 'thiếu tên thủ tục');
  const rawField = cleanText(text('field'));
  if (!rawField) issue('field', 'thiếu lĩnh vực');

  const online = parseOnlineLevel(text('online_level'));
  if (!online.ok) issue('online_level', online.reason);
  const url = parseUrl(text('online_url'));
  if (!url.ok) issue('online_url', url.reason);

  const channels: TProcedureChannel[] = [];
  for (const [i, item] of list('channels').entries()) {
    if (!isRecord(item)) {
      issue('channels', `mục ${i + 1} không đúng dạng {channel, time, fee}`);
      continue;
    }
    const ch = parseChannel(String(item.channel ?? ''));
    if (!ch.ok) {
      issue('channels', `mục ${i + 1}: ${ch.reason}`);
      continue;
    }
    channels.push({ channel: ch.value, time: cleanText(asText(item.time)), fee: cleanText(asText(item.fee)) });
  }

  const documents: TProcedureDocument[] = [];
  for (const [i, item] of list('documents').entries()) {
    const docName = isRecord(item) ? cleanText(asText(item.name)) : undefined;
    if (!isRecord(item) || !docName) {
      issue('documents', `mục ${i + 1} thiếu tên giấy tờ`);
      continue;
    }
    documents.push({
      name: docName,
      quantity: cleanText(asText(item.quantity)),
      form: cleanText(asText(item.form)),
      case: cleanText(asText(item.case)),
    });
  }
  const strings = (key: string): string[] =>
    list(key)
      .map((s, i) => {
        const t = typeof s === 'string' ? cleanText(s) : undefined;
        if (typeof s !== 'string') issue(key, `mục ${i + 1} phải là chữ`);
        return t;
      })
      .filter((s): s is string => s !== undefined);
  const steps = strings('steps');
  const legalBasis = strings('legal');

  if (issues.length > 0 || !code || !name || !rawField) return { ok: false, issues };

  const { field, sector } = ctx.fields.resolve(rawField);
  const group = cleanText(text('group'));
  const candidate = {
    code,
    name,
    aliases: [],
    field,
    sector,
    group,
    authority: ctx.authority ?? 'commune',
    onlineLevel: online.ok ? online.value : undefined,
    processingTime: summariseByChannel(channels, (c) => c.time),
    fee: summariseByChannel(channels, (c) => c.fee),
    channels,
    documents,
    steps,
    legalBasis,
    onlineUrl: url.ok ? url.value : undefined,
    interconnected: false,
    boundaryFree: false,
    status: 'active' as const,
    // The handbook's own field wording ("Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)") is worth searching.
    keywords: rawField !== field ? [rawField] : [],
    sources: [{ kind: 'handbook' as const, file: ctx.file, line: ctx.line }],
  };
  const parsed = ZProcedure.safeParse(candidate);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ line: ctx.line, column: String(i.path[0] ?? ''), reason: i.message })) };
  }
  return { ok: true, procedure: parsed.data };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}
