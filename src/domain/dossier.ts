/**
 * Dossiers (hồ sơ) and the validation of imported rows (interchange.md "Dossiers").
 * The header-alias matching of CSV/XLSX files is done by the shared reader; this module receives rows keyed by the
 * canonical column names and turns each into a dossier or into Vietnamese errors. Pure: no I/O.
 */
import { z } from 'zod';
import { ZIsoDate, type TIsoDate } from './format.ts';
import { rowReader, type TImportRow, type TRowError } from './import-row.ts';
import { AUTHORITIES, AUTHORITY_LABELS, findUnit, ZAuthority, type TAuthority, type TOrg } from './org.ts';
import { fold } from './vietnamese.ts';

// Authorities are part of the organisation model (org.ts); re-exported here for the dossier's users.
export { AUTHORITIES, AUTHORITY_LABELS, ZAuthority, type TAuthority };

export const CHANNELS = ['online', 'counter', 'postal'] as const;
export const ZChannel = z.enum(CHANNELS);
export type TChannel = z.infer<typeof ZChannel>;

export const CHANNEL_LABELS: Record<TChannel, string> = {
  online: 'trực tuyến',
  counter: 'trực tiếp',
  postal: 'bưu chính',
};

/** National procedure code, e.g. 1.001193. */
const PROCEDURE_CODE = /^\d\.\d{6}$/;
/** The province suffix the dossier systems append (1.001193.000.00.00.H33). */
const PROCEDURE_SUFFIX = /\.000\.00\.00\.H\d{2}$/i;

/** "1.001193.000.00.00.H33" → "1.001193"; undefined when it is not a national code. */
export function normaliseProcedureCode(text: string): string | undefined {
  const code = text.trim().replace(PROCEDURE_SUFFIX, '');
  return PROCEDURE_CODE.test(code) ? code : undefined;
}

const dossierShape = z.object({
  code: z.string().trim().min(1).max(100),
  procedureCode: z.string().regex(PROCEDURE_CODE),
  authority: ZAuthority,
  /** Unit code of the organisation configuration. */
  receptionPoint: z.string().min(1),
  receivedDate: ZIsoDate,
  dueDate: ZIsoDate,
  finishedDate: ZIsoDate.optional(),
  withdrawnDate: ZIsoDate.optional(),
  channel: ZChannel,
  fullyOnline: z.boolean(),
  paidOnline: z.boolean(),
  digitisedAtReceipt: z.boolean(),
  /** null: the result has nothing to digitise (or there is no result yet). */
  resultDigitised: z.boolean().nullable(),
  apologySent: z.boolean().optional(),
});

type TDossierDates = Pick<z.infer<typeof dossierShape>, 'receivedDate' | 'dueDate' | 'finishedDate' | 'withdrawnDate'>;

export interface TRuleViolation {
  column: TDossierColumn;
  reason: string;
}

/** The cross-field rules of interchange.md, shared by the schema and the row validator. */
export function dossierRuleViolations(d: TDossierDates): TRuleViolation[] {
  const out: TRuleViolation[] = [];
  if (d.dueDate < d.receivedDate) out.push({ column: 'due_date', reason: 'Ngày hẹn trả trước ngày tiếp nhận.' });
  if (d.finishedDate !== undefined && d.withdrawnDate !== undefined) {
    out.push({ column: 'withdrawn_date', reason: 'Hồ sơ không thể vừa có kết quả vừa dừng xử lý/rút: chỉ ghi một trong hai ngày.' });
  }
  if (d.finishedDate !== undefined && d.finishedDate < d.receivedDate) {
    out.push({ column: 'finished_date', reason: 'Ngày có kết quả trước ngày tiếp nhận.' });
  }
  if (d.withdrawnDate !== undefined && d.withdrawnDate < d.receivedDate) {
    out.push({ column: 'withdrawn_date', reason: 'Ngày dừng xử lý/rút trước ngày tiếp nhận.' });
  }
  return out;
}

export const ZDossier = dossierShape.superRefine((d, ctx) => {
  for (const v of dossierRuleViolations(d)) ctx.addIssue({ code: 'custom', message: v.reason, path: [columnToField[v.column]] });
});
export type TDossier = z.infer<typeof ZDossier>;

/** The canonical columns of interchange.md; `aliases` are matched as well as the canonical name. */
export const DOSSIER_COLUMNS = [
  { canonical: 'dossier_code', aliases: ['mã hồ sơ', 'số hồ sơ'], required: true },
  { canonical: 'procedure_code', aliases: ['mã thủ tục', 'mã TTHC'], required: true },
  { canonical: 'authority', aliases: ['cấp thẩm quyền'], required: true },
  { canonical: 'reception_point', aliases: ['nơi tiếp nhận'], required: true },
  { canonical: 'received_date', aliases: ['ngày tiếp nhận'], required: true },
  { canonical: 'due_date', aliases: ['ngày hẹn trả', 'hạn xử lý'], required: true },
  { canonical: 'finished_date', aliases: ['ngày có kết quả', 'ngày trả kết quả'], required: false },
  { canonical: 'withdrawn_date', aliases: ['ngày dừng xử lý', 'ngày rút'], required: false },
  { canonical: 'channel', aliases: ['hình thức nộp'], required: true },
  // Flags: an absent column reads as "no" (x/empty spelling), so a system that does not export them still imports.
  { canonical: 'fully_online', aliases: ['toàn trình'], required: false },
  { canonical: 'paid_online', aliases: ['thanh toán trực tuyến'], required: false },
  { canonical: 'digitised_at_receipt', aliases: ['số hóa khi tiếp nhận'], required: false },
  { canonical: 'result_digitised', aliases: ['số hóa kết quả'], required: false },
  { canonical: 'apology_sent', aliases: ['đã xin lỗi'], required: false },
] as const satisfies readonly { canonical: string; aliases: readonly string[]; required: boolean }[];

export type TDossierColumn = (typeof DOSSIER_COLUMNS)[number]['canonical'];

const columnToField: Record<TDossierColumn, keyof TDossier> = {
  dossier_code: 'code',
  procedure_code: 'procedureCode',
  authority: 'authority',
  reception_point: 'receptionPoint',
  received_date: 'receivedDate',
  due_date: 'dueDate',
  finished_date: 'finishedDate',
  withdrawn_date: 'withdrawnDate',
  channel: 'channel',
  fully_online: 'fullyOnline',
  paid_online: 'paidOnline',
  digitised_at_receipt: 'digitisedAtReceipt',
  result_digitised: 'resultDigitised',
  apology_sent: 'apologySent',
};

/** Vietnamese name of a column for error messages. */
export function columnLabel(column: TDossierColumn): string {
  return DOSSIER_COLUMNS.find((c) => c.canonical === column)?.aliases[0] ?? column;
}

// Alias tables over folded text (no diacritics, lower case).
const AUTHORITY_ALIASES: Record<string, TAuthority> = {};
for (const [words, a] of [
  [['province', 'tinh', 'cap tinh', 'ubnd tinh'], 'province'],
  [['district', 'huyen', 'cap huyen', 'thanh pho', 'huyen/thanh pho', 'huyen / thanh pho', 'cap thanh pho', 'ubnd thanh pho', 'ubnd huyen', 'quan', 'thi xa'], 'district'],
  [['commune', 'xa', 'phuong', 'xa/phuong', 'xa / phuong', 'cap xa', 'thi tran', 'ubnd xa', 'ubnd phuong'], 'commune'],
  [['vertical', 'nganh doc', 'co quan nganh doc'], 'vertical'],
] as const) {
  for (const w of words) AUTHORITY_ALIASES[w] = a;
}

const CHANNEL_ALIASES: Record<string, TChannel> = {};
for (const [words, c] of [
  [['online', 'truc tuyen', 'qua mang', 'dich vu cong truc tuyen', 'dvctt'], 'online'],
  [['counter', 'truc tiep', 'tai quay', 'nop truc tiep'], 'counter'],
  [['postal', 'buu chinh', 'buu dien', 'qua buu dien', 'qua buu chinh', 'buu chinh cong ich', 'bcci'], 'postal'],
] as const) {
  for (const w of words) CHANNEL_ALIASES[w] = c;
}

const TRUE_WORDS = new Set(['true', '1', 'x', 'co', 'yes', 'y', 'dung', 'da']);
const FALSE_WORDS = new Set(['false', '0', 'khong', 'no', 'n', 'sai', 'chua']);

export function parseAuthority(text: string): TAuthority | undefined {
  return AUTHORITY_ALIASES[fold(text)];
}

export function parseChannel(text: string): TChannel | undefined {
  return CHANNEL_ALIASES[fold(text)];
}

/** true/false, 1/0, x/empty, có/không (with or without diacritics). Empty → undefined: the caller decides. */
export function parseBoolean(text: string): boolean | undefined | 'invalid' {
  const t = fold(text);
  if (t === '') return undefined;
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return 'invalid';
}

// Shared by every import (import-row.ts); re-exported for the dossier's users.
export type { TImportRow, TRowError };

export type TRowResult = { ok: true; dossier: TDossier } | { ok: false; errors: TRowError[] };

export interface TDossierImportContext {
  org: TOrg;
}

/** Validates one imported row: every problem of the row is reported, not only the first. */
export function validateDossierRow(row: TImportRow, ctx: TDossierImportContext): TRowResult {
  const { errors, fail, cell, required, date } = rowReader<TDossierColumn>(row, columnLabel);

  const code = required('dossier_code');
  if (code !== undefined && code.length > 100) fail('dossier_code', 'Mã hồ sơ dài quá 100 ký tự.');

  const procRaw = required('procedure_code');
  const procedureCode = procRaw === undefined ? undefined : normaliseProcedureCode(procRaw);
  if (procRaw !== undefined && procedureCode === undefined) {
    fail('procedure_code', `Mã thủ tục “${procRaw}” không đúng dạng mã quốc gia (ví dụ 1.001193 hoặc 1.001193.000.00.00.H33).`);
  }

  const authRaw = required('authority');
  const authority = authRaw === undefined ? undefined : parseAuthority(authRaw);
  if (authRaw !== undefined && authority === undefined) {
    fail('authority', `Cấp thẩm quyền “${authRaw}” không hợp lệ: dùng tỉnh, huyện/thành phố, xã/phường hoặc ngành dọc.`);
  }

  const unitRaw = required('reception_point');
  const unit = unitRaw === undefined ? undefined : findUnit(ctx.org, unitRaw);
  if (unitRaw !== undefined && unit === undefined) {
    fail('reception_point', `Nơi tiếp nhận “${unitRaw}” không có trong cấu hình đơn vị (${ctx.org.units.map((u) => u.code).join(', ')}).`);
  }

  const receivedDate = date('received_date', true);
  const dueDate = date('due_date', true);
  const finishedDate = date('finished_date', false);
  const withdrawnDate = date('withdrawn_date', false);

  const chanRaw = required('channel');
  const channel = chanRaw === undefined ? undefined : parseChannel(chanRaw);
  if (chanRaw !== undefined && channel === undefined) {
    fail('channel', `Hình thức nộp “${chanRaw}” không hợp lệ: dùng trực tuyến, trực tiếp hoặc bưu chính.`);
  }

  const flag = (column: TDossierColumn): boolean | undefined => {
    const v = parseBoolean(cell(column));
    if (v === 'invalid') {
      fail(column, `Giá trị “${cell(column)}” ở cột ${columnLabel(column)} không hợp lệ: dùng có/không, x/để trống, 1/0, true/false.`);
      return undefined;
    }
    return v;
  };
  const fullyOnline = flag('fully_online') ?? false;
  const paidOnline = flag('paid_online') ?? false;
  const digitisedAtReceipt = flag('digitised_at_receipt') ?? false;
  const resultDigitised = flag('result_digitised') ?? null;
  const apologySent = flag('apology_sent');

  if (receivedDate !== undefined && dueDate !== undefined) {
    for (const v of dossierRuleViolations({ receivedDate, dueDate, finishedDate, withdrawnDate })) fail(v.column, v.reason);
  }

  if (errors.length > 0) return { ok: false, errors };
  const dossier: TDossier = {
    code: code as string,
    procedureCode: procedureCode as string,
    authority: authority as TAuthority,
    receptionPoint: (unit as { code: string }).code,
    receivedDate: receivedDate as string,
    dueDate: dueDate as string,
    ...(finishedDate !== undefined ? { finishedDate } : {}),
    ...(withdrawnDate !== undefined ? { withdrawnDate } : {}),
    channel: channel as TChannel,
    fullyOnline,
    paidOnline,
    digitisedAtReceipt,
    resultDigitised,
    ...(apologySent !== undefined ? { apologySent } : {}),
  };
  return { ok: true, dossier };
}

/**
 * Validates a whole file's rows, adding the one rule a single row cannot see: a dossier code repeated in the file
 * (re-importing updates by code, so two rows with one code in one file are a mistake, not an update).
 */
export function validateDossierRows(
  rows: Iterable<TImportRow>,
  ctx: TDossierImportContext,
): { dossiers: TDossier[]; errors: TRowError[] } {
  const dossiers: TDossier[] = [];
  const errors: TRowError[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const r = validateDossierRow(row, ctx);
    if (!r.ok) {
      errors.push(...r.errors);
      continue;
    }
    const first = seen.get(r.dossier.code);
    if (first !== undefined) {
      errors.push({ line: row.line, column: 'dossier_code', reason: `Mã hồ sơ “${r.dossier.code}” trùng với dòng ${first}.` });
      continue;
    }
    seen.set(r.dossier.code, row.line);
    dossiers.push(r.dossier);
  }
  return { dossiers, errors };
}

/** Status of a dossier on a date, for the citizen's "tra cứu hồ sơ" answer. */
export type TDossierStatus = 'finished' | 'withdrawn' | 'pending' | 'overdue';

export function dossierStatus(d: TDossier, today: TIsoDate): TDossierStatus {
  if (d.finishedDate !== undefined && d.finishedDate <= today) return 'finished';
  if (d.withdrawnDate !== undefined && d.withdrawnDate <= today) return 'withdrawn';
  return d.dueDate < today ? 'overdue' : 'pending';
}

export const DOSSIER_STATUS_LABELS: Record<TDossierStatus, string> = {
  finished: 'đã có kết quả',
  withdrawn: 'đã dừng xử lý/rút hồ sơ',
  pending: 'đang giải quyết, chưa đến hạn',
  overdue: 'đang giải quyết, đã quá hạn hẹn trả',
};
