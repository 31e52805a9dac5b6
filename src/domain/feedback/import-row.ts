/**
 * PAKN from other channels (interchange.md "PAKN from other channels"): the columns of the officers' CSV/XLSX, the
 * spellings accepted for a source and a channel, and the validation of one row into an imported item or Vietnamese
 * errors. The header matching is the shared reader's; the cell helpers are import-row.ts's. Pure: no I/O.
 */
import { formatNumber, type TIsoDate } from '../format.ts';
import { rowReader, type TImportRow, type TRowError } from '../import-row.ts';
import { findUnit, type TOrg } from '../org.ts';
import { fold } from '../vietnamese.ts';
import { subjectOf, type TFeedbackSource } from './model.ts';

/** The canonical columns of interchange.md, plus optional due_date and answer; aliases are matched too. */
export const FEEDBACK_COLUMNS = [
  { canonical: 'feedback_code', aliases: ['mã phản ánh', 'mã PAKN', 'số phản ánh', 'mã phản ánh kiến nghị', 'mã số'], required: true },
  { canonical: 'source', aliases: ['nguồn', 'nguồn tiếp nhận', 'nguồn PAKN', 'nguồn phản ánh'], required: true },
  { canonical: 'channel', aliases: ['kênh tiếp nhận', 'kênh', 'hình thức tiếp nhận', 'hình thức gửi'], required: false },
  { canonical: 'received_date', aliases: ['ngày tiếp nhận', 'ngày nhận', 'ngày gửi'], required: true },
  { canonical: 'closed_date', aliases: ['ngày trả lời', 'ngày xử lý xong', 'ngày hoàn thành', 'ngày kết thúc'], required: false },
  { canonical: 'due_date', aliases: ['hạn trả lời', 'hạn xử lý', 'hạn giải quyết'], required: false },
  { canonical: 'subject', aliases: ['tiêu đề', 'chủ đề', 'trích yếu', 'tên phản ánh'], required: false },
  { canonical: 'content', aliases: ['nội dung', 'nội dung phản ánh', 'nội dung phản ánh kiến nghị', 'nội dung PAKN'], required: true },
  { canonical: 'unit', aliases: ['đơn vị xử lý', 'đơn vị', 'đơn vị giải quyết', 'cơ quan xử lý', 'đơn vị chủ trì'], required: false },
  { canonical: 'answer', aliases: ['nội dung trả lời', 'kết quả trả lời', 'kết quả xử lý', 'trả lời'], required: false },
] as const satisfies readonly { canonical: string; aliases: readonly string[]; required: boolean }[];

export type TFeedbackColumn = (typeof FEEDBACK_COLUMNS)[number]['canonical'];

/** Vietnamese name of a column for error messages. */
export function feedbackColumnLabel(column: TFeedbackColumn): string {
  return FEEDBACK_COLUMNS.find((c) => c.canonical === column)?.aliases[0] ?? column;
}

/** Folded, punctuation as single spaces: "Cổng DVC quốc gia" → "cong dvc quoc gia", "national_portal" → "national portal". */
const key = (text: string) => fold(text).replace(/[^a-z0-9]+/g, ' ').trim();

function aliasTable<T extends string>(groups: readonly (readonly [readonly string[], T])[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const [words, value] of groups) for (const w of words) m.set(key(w), value);
  return m;
}

/**
 * Sources (domain.md): the national portal (Cổng Chính phủ / Cổng DVC quốc gia), items forwarded by provincial
 * agencies, and the city's own agencies and channels — a ward or commune is the city's too (the report has no
 * fourth row), and so is a special zone ("đặc khu") for the structure after 07/2025.
 */
const SOURCE_ALIASES = aliasTable<TFeedbackSource>([
  [['national_portal', 'national portal', 'Cổng DVC quốc gia', 'Cổng Dịch vụ công quốc gia', 'DVC quốc gia', 'DVCQG', 'Cổng quốc gia', 'Cổng Chính phủ', 'Cổng thông tin điện tử Chính phủ', 'Chính phủ', 'quốc gia', 'trung ương'], 'national_portal'],
  [['province', 'tỉnh', 'cấp tỉnh', 'cơ quan cấp tỉnh', 'các cơ quan cấp tỉnh', 'UBND tỉnh', 'tỉnh chuyển', 'tỉnh chuyển đến', 'sở, ngành tỉnh', 'Cổng DVC tỉnh'], 'province'],
  [['city', 'thành phố', 'cấp thành phố', 'cơ quan thành phố', 'các cơ quan thành phố', 'UBND thành phố', 'huyện', 'cấp huyện', 'UBND huyện', 'quận', 'thị xã', 'đặc khu', 'xã', 'phường', 'xã/phường', 'cấp xã', 'địa phương'], 'city'],
]);

export const SOURCE_SPELLINGS = 'national_portal (Cổng DVC quốc gia, Cổng Chính phủ), province (tỉnh, cơ quan cấp tỉnh) hoặc city (thành phố, huyện, xã/phường)';

export function parseFeedbackSource(text: string): TFeedbackSource | undefined {
  return SOURCE_ALIASES.get(key(text));
}

/** Channels the product knows by name; an imported file may name others (kept as written). */
export const FEEDBACK_CHANNELS = ['zalo', 'miniapp', 'counter', 'hotline', 'national_portal', 'province', 'email', 'letter', 'website', 'citizen_reception'] as const;
export type TFeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

export const FEEDBACK_CHANNEL_LABELS: Record<TFeedbackChannel, string> = {
  zalo: 'Zalo',
  miniapp: 'ứng dụng Zalo',
  counter: 'trực tiếp tại bộ phận một cửa',
  hotline: 'đường dây nóng',
  national_portal: 'Cổng DVC quốc gia',
  province: 'tỉnh chuyển đến',
  email: 'thư điện tử',
  letter: 'đơn, thư, văn bản',
  website: 'cổng thông tin điện tử',
  citizen_reception: 'tiếp công dân',
};

const CHANNEL_ALIASES = aliasTable<TFeedbackChannel>([
  [['zalo', 'Zalo OA', 'chatbot', 'chatbot Zalo', 'OA'], 'zalo'],
  [['miniapp', 'mini app', 'Zalo mini app', 'ứng dụng', 'ứng dụng Zalo'], 'miniapp'],
  [['counter', 'trực tiếp', 'tại quầy', 'quầy', 'một cửa', 'bộ phận một cửa', 'tại bộ phận một cửa', 'trực tiếp tại bộ phận một cửa'], 'counter'],
  [['hotline', 'đường dây nóng', 'điện thoại', 'tổng đài'], 'hotline'],
  [['national_portal', 'national portal', 'Cổng DVC quốc gia', 'Cổng Dịch vụ công quốc gia', 'DVCQG', 'Cổng Chính phủ'], 'national_portal'],
  [['province', 'tỉnh chuyển', 'tỉnh chuyển đến', 'Cổng DVC tỉnh', 'văn bản tỉnh chuyển'], 'province'],
  [['email', 'e-mail', 'thư điện tử'], 'email'],
  [['letter', 'đơn', 'thư', 'đơn thư', 'đơn, thư', 'văn bản', 'công văn', 'bưu chính', 'bưu điện'], 'letter'],
  [['website', 'cổng thông tin điện tử', 'trang thông tin điện tử', 'cổng thông tin'], 'website'],
  [['citizen_reception', 'tiếp công dân', 'tiếp dân', 'đối thoại'], 'citizen_reception'],
]);

/** A known spelling → the channel's key; any other text is kept as written (the channel is free text for imports). */
export function parseFeedbackChannel(text: string): string {
  return CHANNEL_ALIASES.get(key(text)) ?? text.normalize('NFC').trim();
}

export function feedbackChannelLabel(channel: string): string {
  return (FEEDBACK_CHANNEL_LABELS as Record<string, string>)[channel] ?? channel;
}

/** The channel an item of this source arrives through when the file does not say (none for the city's many). */
const DEFAULT_CHANNEL: Partial<Record<TFeedbackSource, TFeedbackChannel>> = { national_portal: 'national_portal', province: 'province' };

export const IMPORT_LIMITS = { code: 100, channel: 100, subject: 300, content: 10_000, answer: 10_000 } as const;

/** An item from another channel, as the file gives it. */
export interface TImportedFeedback {
  code: string;
  source: TFeedbackSource;
  channel: string;
  subject: string;
  content: string;
  unitCode: string;
  receivedDate: TIsoDate;
  dueDate: TIsoDate | null;
  /** set: answered (or closed) on that day in its own channel */
  closedDate: TIsoDate | null;
  answer: string | null;
}

export interface TFeedbackImportContext {
  org: TOrg;
  /** Codes of items citizens filed in Zalo or the mini-app: an import never overwrites them. */
  protectedCodes?: ReadonlySet<string>;
}

export type TFeedbackRowResult = { ok: true; item: TImportedFeedback } | { ok: false; errors: TRowError[] };

/** Validates one imported row: every problem of the row is reported, not only the first. */
export function validateFeedbackRow(row: TImportRow, ctx: TFeedbackImportContext): TFeedbackRowResult {
  const { errors, fail, cell, required, date } = rowReader<TFeedbackColumn>(row, feedbackColumnLabel);
  const tooLong = (column: TFeedbackColumn, text: string | undefined, max: number, what: string) => {
    if (text !== undefined && [...text].length > max) fail(column, `${what} dài quá ${formatNumber(max)} ký tự.`);
  };

  const code = required('feedback_code');
  tooLong('feedback_code', code, IMPORT_LIMITS.code, 'Mã phản ánh');
  if (code !== undefined && /[\r\n]/.test(code)) fail('feedback_code', 'Mã phản ánh không được xuống dòng.');
  if (code !== undefined && ctx.protectedCodes?.has(code)) {
    fail('feedback_code', `Mã “${code}” là phản ánh người dân gửi qua Zalo hoặc ứng dụng: tệp nhập không được ghi đè.`);
  }

  const sourceRaw = required('source');
  const source = sourceRaw === undefined ? undefined : parseFeedbackSource(sourceRaw);
  if (sourceRaw !== undefined && source === undefined) fail('source', `Nguồn “${sourceRaw}” không hợp lệ: dùng ${SOURCE_SPELLINGS}.`);

  const channelRaw = cell('channel');
  let channel: string | undefined;
  if (channelRaw !== '') {
    channel = parseFeedbackChannel(channelRaw);
    tooLong('channel', channel, IMPORT_LIMITS.channel, 'Kênh tiếp nhận');
  } else if (source !== undefined) {
    channel = DEFAULT_CHANNEL[source];
    if (channel === undefined) fail('channel', 'Thiếu kênh tiếp nhận: phản ánh của thành phố cần ghi kênh (Zalo, đường dây nóng, trực tiếp, thư điện tử…).');
  }

  const receivedDate = date('received_date', true);
  const closedDate = date('closed_date', false);
  const dueDate = date('due_date', false);
  if (receivedDate !== undefined && closedDate !== undefined && closedDate < receivedDate) fail('closed_date', 'Ngày trả lời trước ngày tiếp nhận.');
  if (receivedDate !== undefined && dueDate !== undefined && dueDate < receivedDate) fail('due_date', 'Hạn trả lời trước ngày tiếp nhận.');

  const content = required('content');
  tooLong('content', content, IMPORT_LIMITS.content, 'Nội dung');
  const subjectRaw = cell('subject');
  tooLong('subject', subjectRaw, IMPORT_LIMITS.subject, 'Tiêu đề');
  const answer = cell('answer');
  tooLong('answer', answer, IMPORT_LIMITS.answer, 'Nội dung trả lời');

  // No unit: the desk that gets what no unit claims (the organisation's defaultDesk).
  const unitRaw = cell('unit');
  const unit = unitRaw === '' ? findUnit(ctx.org, ctx.org.defaultDesk) : findUnit(ctx.org, unitRaw);
  if (unit === undefined) fail('unit', `Đơn vị “${unitRaw}” không có trong cấu hình đơn vị (${ctx.org.units.map((u) => u.code).join(', ')}).`);

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    item: {
      code: code as string,
      source: source as TFeedbackSource,
      channel: channel as string,
      subject: subjectRaw !== '' ? subjectRaw : subjectOf(content as string),
      content: content as string,
      unitCode: (unit as { code: string }).code,
      receivedDate: receivedDate as TIsoDate,
      dueDate: dueDate ?? null,
      closedDate: closedDate ?? null,
      answer: answer !== '' ? answer : null,
    },
  };
}
