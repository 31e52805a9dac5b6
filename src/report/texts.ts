/**
 * The officer-written parts of the monthly report (narrative sections and header fields), kept per period in the
 * report_texts table. Pure: the part catalogue, default texts for a fresh install, and the placeholders that let a
 * text carried over from last month name the right month ("tháng {thang} năm {nam}").
 */
import type { TOrg } from '../domain/org.ts';
import type { TPeriod } from '../domain/periods.ts';

export interface TReportPartInfo {
  /** Stable id used by the CLI (`--part`), the API and the table. */
  part: string;
  /** Vietnamese, for officers: what the text is and where it goes. */
  label: string;
  /** One value per line (lists such as "Nơi nhận") rather than prose. */
  lines?: boolean;
}

/** Every editable part, in the order they appear in the document. */
export const REPORT_PARTS: readonly TReportPartInfo[] = [
  { part: 'issuer', label: 'Tên cơ quan ban hành (góc trên bên trái, mỗi dòng một dòng in hoa)', lines: true },
  { part: 'number', label: 'Số, ký hiệu văn bản (sau chữ "Số:"), ví dụ "   /BC-UBND" (để trống số cho văn thư điền)' },
  { part: 'place', label: 'Địa danh ở dòng ngày tháng, ví dụ "Phú Quốc"' },
  { part: 'date', label: 'Ngày ký (DD/MM/YYYY); để trống thì in "ngày     tháng … năm …" để điền tay' },
  { part: 'subject', label: 'Trích yếu (dòng dưới chữ BÁO CÁO); dòng "Tháng … năm …" do máy thêm' },
  { part: 'recipient', label: 'Kính gửi' },
  { part: 'intro', label: 'Đoạn mở đầu (căn cứ, lý do báo cáo)' },
  { part: 'I.1.1', label: 'I.1.1. Kết quả đánh giá tác động và thẩm định TTHC' },
  { part: 'I.1.2', label: 'I.1.2. Kết quả cắt giảm, đơn giản hóa quy định, TTHC' },
  { part: 'I.1.3', label: 'I.1.3. TTHC được ban hành mới, sửa đổi, bổ sung hoặc bãi bỏ' },
  { part: 'I.2.1', label: 'I.2.1. Công khai, minh bạch: đoạn mô tả (số liệu danh mục do máy điền)' },
  { part: 'I.2.2', label: 'I.2.2. Câu dẫn trước số liệu giải quyết hồ sơ (số liệu do máy điền)' },
  { part: 'I.2.2.xin-loi', label: 'I.2.2. Việc xin lỗi người dân, tổ chức khi trễ hẹn (số hồ sơ trễ hẹn do máy điền)' },
  { part: 'I.2.3', label: 'I.2.3. Ghi chú thêm sau số liệu dịch vụ công trực tuyến (có thể để trống)' },
  { part: 'I.2.4', label: 'I.2.4. Ghi chú thêm sau số liệu số hóa (có thể để trống)' },
  { part: 'I.2.5', label: 'I.2.5. Kết quả hợp nhất, kết nối các hệ thống thông tin' },
  { part: 'I.3', label: 'I.3. Ghi chú thêm sau số liệu phản ánh, kiến nghị (có thể để trống)' },
  { part: 'II.1', label: 'II.1. Mặt tích cực' },
  { part: 'II.2', label: 'II.2. Khó khăn, vướng mắc' },
  { part: 'III', label: 'III. Nhiệm vụ trọng tâm của tháng tiếp theo' },
  { part: 'IV', label: 'IV. Kiến nghị và đề xuất' },
  { part: 'closing', label: 'Đoạn kết ("Trên đây là Báo cáo …")' },
  { part: 'signer.title', label: 'Chức vụ người ký (mỗi dòng một dòng, ví dụ "KT. CHỦ TỊCH" rồi "PHÓ CHỦ TỊCH")', lines: true },
  { part: 'signer.name', label: 'Họ và tên người ký' },
  { part: 'recipients', label: 'Nơi nhận (mỗi dòng một nơi, ví dụ "Như trên;")', lines: true },
];

export const REPORT_PART_IDS: readonly string[] = REPORT_PARTS.map((p) => p.part);

export type TReportTexts = Record<string, string>;

export function isReportPart(part: string): boolean {
  return REPORT_PART_IDS.includes(part);
}

/** Placeholders an officer may write in any text; they follow the period the report is made for. */
export const PLACEHOLDERS: Record<string, string> = {
  '{thang}': 'tháng báo cáo, ví dụ 6',
  '{thang2}': 'tháng báo cáo hai chữ số, ví dụ 06',
  '{nam}': 'năm của kỳ báo cáo, ví dụ 2024',
  '{ky}': 'kỳ báo cáo, ví dụ 06/2024',
  '{thang_sau}': 'tháng tiếp theo, ví dụ 7',
  '{nam_sau}': 'năm của tháng tiếp theo, ví dụ 2024',
};

/** Replaces the placeholders of PLACEHOLDERS; anything else in braces is left as written. */
export function expandPlaceholders(text: string, period: Pick<TPeriod, 'key'>): string {
  const [y, m] = period.key.split('-').map(Number) as [number, number];
  const nextMonth = m === 12 ? 1 : m + 1;
  const nextYear = m === 12 ? y + 1 : y;
  const values: Record<string, string> = {
    '{thang}': String(m),
    '{thang2}': String(m).padStart(2, '0'),
    '{nam}': String(y),
    '{ky}': `${String(m).padStart(2, '0')}/${y}`,
    '{thang_sau}': String(nextMonth),
    '{nam_sau}': String(nextYear),
  };
  return text.replace(/\{[a-z_0-9]+\}/g, (p) => values[p] ?? p);
}

/** Braced words that are not placeholders, to warn an officer about a typo such as "{thangsau}". */
export function unknownPlaceholders(text: string): string[] {
  return [...new Set(text.match(/\{[^{}\s]{1,20}\}/g) ?? [])].filter((p) => !(p in PLACEHOLDERS));
}

/** "Ủy ban nhân dân thành phố Phú Quốc" → kind "thành phố"; undefined when the name does not say. */
export function issuerKind(orgName: string): string | undefined {
  const m = /^(?:ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+(thành phố|thị xã|huyện|quận|đặc khu|tỉnh|xã|phường|thị trấn)(?=\s|$)/iu.exec(orgName.normalize('NFC').trim());
  return m?.[1]?.toLocaleLowerCase('vi');
}

/** "Ủy ban nhân dân thành phố Phú Quốc" → ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ PHÚ QUỐC"]. */
export function issuerLines(orgName: string): string[] {
  const name = orgName.normalize('NFC').trim();
  const m = /^(ủy ban nhân dân|uỷ ban nhân dân)\s+(.+)$/iu.exec(name);
  if (m?.[2]) return ['ỦY BAN NHÂN DÂN', m[2].toLocaleUpperCase('vi')];
  return [name.toLocaleUpperCase('vi')];
}

/**
 * Texts for a period when no earlier period has any: neutral wording that is true of any month, to be completed by
 * officers. Figures never appear here — they are machine-filled.
 */
export function defaultReportTexts(org: Pick<TOrg, 'name'>): TReportTexts {
  const kind = issuerKind(org.name);
  const body = kind ? `Ủy ban nhân dân ${kind}` : org.name;
  return {
    issuer: issuerLines(org.name).join('\n'),
    number: '      /BC-UBND',
    place: '',
    date: '',
    subject: 'Tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính',
    recipient: '',
    intro: `${org.name} báo cáo tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính (TTHC) tháng {thang}/{nam}, như sau:`,
    'I.1.1': 'không có.',
    'I.1.2': 'không có.',
    'I.1.3': 'không có.',
    'I.2.1': '',
    'I.2.2': 'Tình hình, kết quả giải quyết TTHC trên Hệ thống thông tin giải quyết TTHC, tháng {thang2}/{nam} như sau:',
    'I.2.2.xin-loi': 'Việc xin lỗi được thực hiện theo quy định.',
    'I.2.3': '',
    'I.2.4': '',
    'I.2.5': '',
    'I.3': '',
    'II.1': '',
    'II.2': '',
    III: `Trên cơ sở kết quả thực hiện nhiệm vụ cải cách TTHC tháng {thang} năm {nam}, ${body} đề ra một số nhiệm vụ trọng tâm cho tháng {thang_sau} năm {nam_sau} như sau:`,
    IV: 'Không có.',
    closing: `Trên đây là Báo cáo tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính tháng {thang2} năm {nam} của ${org.name}./.`,
    'signer.title': 'CHỦ TỊCH',
    'signer.name': '',
    recipients: 'Như trên;\nLưu: VT.',
  };
}

/** The texts of a period with every part present: stored ones win, defaults fill the parts never stored. */
export function completeTexts(stored: TReportTexts, defaults: TReportTexts): TReportTexts {
  const out: TReportTexts = {};
  for (const part of REPORT_PART_IDS) out[part] = (stored[part] ?? defaults[part] ?? '').normalize('NFC');
  return out;
}
