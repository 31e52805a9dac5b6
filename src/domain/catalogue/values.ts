import type { TAuthority, TOnlineLevel, TProcedureChannel } from '../procedure.ts';
import { fold } from '../vietnamese.ts';

/**
 * Cell-level parsers shared by the three catalogue shapes (and the dossier importer): each returns the value,
 * or a Vietnamese reason the caller turns into "Dòng N, cột X: reason".
 */
export type TParsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): TParsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): TParsed<T> => ({ ok: false, reason });

/** One problem with one cell of one input line. `column` is the Vietnamese column name. */
export interface TImportIssue {
  line: number;
  column: string;
  reason: string;
}

/** "Dòng 12, cột mã thủ tục: thiếu mã thủ tục" */
export function formatImportIssue(issue: TImportIssue): string {
  return issue.column ? `Dòng ${issue.line}, cột ${issue.column}: ${issue.reason}` : `Dòng ${issue.line}: ${issue.reason}`;
}

/** Booleans as officers type them: true/false, 1/0, x/empty, có/không, yes/no. Empty is false. */
export function parseBooleanVi(raw: string | boolean | number | null | undefined): TParsed<boolean> {
  if (typeof raw === 'boolean') return ok(raw);
  if (typeof raw === 'number') return raw === 1 || raw === 0 ? ok(raw === 1) : fail(`"${raw}" không phải giá trị có/không`);
  const v = fold(raw ?? '');
  if (['', '0', 'false', 'khong', 'no', 'n', 'sai', '-'].includes(v)) return ok(false);
  if (['1', 'true', 'x', 'co', 'yes', 'y', 'dung', 'v'].includes(v)) return ok(true);
  return fail(`"${raw}" không phải giá trị có/không (dùng có/không, x/để trống, 1/0, true/false)`);
}

/**
 * Authority (cấp thẩm quyền) from the canonical word or the Vietnamese text: "tỉnh", "huyện/thành phố",
 * "xã/phường", "ngành dọc", and the catalogue's "Cấp tỉnh - tiếp nhận tại Trung tâm PVHCC cấp xã" (only the part
 * before "tiếp nhận" names the authority).
 */
export function parseAuthority(raw: string): TParsed<TAuthority> {
  const v = fold(raw);
  if (v === '') return fail('thiếu cấp thẩm quyền');
  if (v === 'province' || v === 'district' || v === 'commune' || v === 'vertical') return ok(v);
  const head = v.split(/tiep nhan/)[0] ?? v;
  if (/\bthanh pho truc thuoc trung uong\b/.test(head)) return ok('province');
  if (/\b(nganh doc|trung uong|bo nganh)\b/.test(head)) return ok('vertical');
  // "thị xã" and "thành phố" are district level; test them before the bare "xã".
  if (/\b(huyen|quan|thi xa|thanh pho)\b/.test(head)) return ok('district');
  if (/\btinh\b/.test(head)) return ok('province');
  if (/\b(xa|phuong|thi tran|dac khu)\b/.test(head)) return ok('commune');
  return fail(`"${raw}" không phải cấp thẩm quyền (tỉnh, huyện, xã, ngành dọc)`);
}

/**
 * Where the catalogue says a provincial procedure is received ("… - tiếp nhận tại Trung tâm PVHCC cấp xã"), or a
 * commune one ("Xã / điểm tiếp nhận cấp xã"). Undefined when the text names only the authority.
 */
export function receptionFromLevelText(raw: string): string | undefined {
  const text = raw.replace(/\s+/g, ' ').trim();
  const at = /ti[eế]p nh[aậ]n t[aạ]i (.+)$/iu.exec(text);
  const tail = at?.[1];
  if (tail) return expandAbbreviations(tail.trim());
  const point = /(đi[eể]m ti[eế]p nh[aậ]n .+)$/iu.exec(text);
  const where = point?.[1];
  if (where) return where.charAt(0).toLocaleUpperCase('vi') + where.slice(1);
  return undefined;
}

function expandAbbreviations(text: string): string {
  return text.replace(/\bPVHCC\b/g, 'Phục vụ hành chính công');
}

/** Online service level: "Toàn trình" / "Một phần" / none; empty is "not given" (undefined). */
export function parseOnlineLevel(raw: string): TParsed<TOnlineLevel | undefined> {
  const v = fold(raw);
  if (v === '') return ok(undefined);
  if (['full', 'toan trinh', 'dvc toan trinh', 'muc do 4', '4', 'truc tuyen toan trinh'].includes(v)) return ok('full');
  if (['partial', 'mot phan', 'dvc mot phan', 'muc do 3', '3', 'truc tuyen mot phan'].includes(v)) return ok('partial');
  if (['none', 'khong', 'khong co', 'muc do 2', 'muc do 1', '2', '1', 'truc tiep', 'cung cap thong tin'].includes(v)) {
    return ok('none');
  }
  return fail(`"${raw}" không phải mức độ dịch vụ công (toàn trình, một phần, không)`);
}

/** The handbook's "Hình thức nộp": Trực tiếp / Trực tuyến / Qua bưu điện. */
export function parseChannel(raw: string): TParsed<TProcedureChannel['channel']> {
  const v = fold(raw);
  if (['truc tiep', 'counter', 'tai quay', 'tai bo phan mot cua'].includes(v)) return ok('counter');
  if (['truc tuyen', 'online', 'qua mang'].includes(v)) return ok('online');
  if (/^(qua )?(buu dien|buu chinh)( cong ich)?$/.test(v) || v === 'postal') return ok('postal');
  return fail(`"${raw}" không phải hình thức nộp (trực tiếp, trực tuyến, bưu chính)`);
}

const CHANNEL_LABEL: Record<TProcedureChannel['channel'], string> = {
  counter: 'Trực tiếp',
  online: 'Trực tuyến',
  postal: 'Qua bưu chính',
};

/**
 * One line for the card from per-channel values: the common value when all channels agree, otherwise
 * "Trực tiếp: 5 ngày; Trực tuyến: 3 ngày". Values that say nothing ("Không xác định") are left out.
 */
export function summariseByChannel(
  channels: TProcedureChannel[],
  pick: (c: TProcedureChannel) => string | undefined,
): string | undefined {
  const rows = channels
    .map((c) => ({ channel: c.channel, value: pick(c)?.trim() ?? '' }))
    .filter((r) => r.value !== '' && fold(r.value) !== 'khong xac dinh');
  if (rows.length === 0) return undefined;
  const distinct = new Set(rows.map((r) => r.value));
  if (distinct.size === 1) return rows[0]?.value;
  return rows.map((r) => `${CHANNEL_LABEL[r.channel]}: ${r.value}`).join('; ');
}

/** Items of a list cell, separated by " | " (interchange.md); blanks dropped. */
export function splitListCell(raw: string): string[] {
  return raw
    .split(/\s\|\s|\n/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

/** A web link as stored: absolute http(s), non-ASCII characters percent-encoded so Zalo's open.url accepts it. */
export function parseUrl(raw: string): TParsed<string | undefined> {
  const text = raw.trim();
  if (text === '') return ok(undefined);
  try {
    const url = new URL(text);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fail(`"${text}" không phải đường dẫn http(s)`);
    return ok(url.href);
  } catch {
    return fail(`"${text}" không phải đường dẫn hợp lệ`);
  }
}

/** Trims and collapses spaces; undefined for empty text. */
export function cleanText(raw: string | null | undefined): string | undefined {
  const text = (raw ?? '').replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}
