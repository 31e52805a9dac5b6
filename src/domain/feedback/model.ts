/**
 * Feedback and petitions (phản ánh, kiến nghị — "PAKN"): the item, its code, its states and who may see or act on
 * it. Pure: storage is src/store/feedback.ts, the workflow src/services/feedback.ts.
 */
import { z } from 'zod';
import { FEEDBACK_SOURCES, type TFeedbackSource } from '../figures/contract.ts';
import type { TIsoDate } from '../format.ts';
import { cleanText } from '../vietnamese.ts';

export { FEEDBACK_SOURCES, type TFeedbackSource };

export const FEEDBACK_STATUSES = ['received', 'answered', 'rejected', 'reopened'] as const;
export const ZFeedbackStatus = z.enum(FEEDBACK_STATUSES);
export type TFeedbackStatus = z.infer<typeof ZFeedbackStatus>;

export const STATUS_LABELS: Record<TFeedbackStatus, string> = {
  received: 'Đang xử lý',
  answered: 'Đã trả lời',
  rejected: 'Từ chối xử lý',
  reopened: 'Đang xử lý lại',
};

export const SOURCE_LABELS: Record<TFeedbackSource, string> = {
  national_portal: 'Cổng Dịch vụ công quốc gia / Cổng Chính phủ',
  province: 'Các cơ quan cấp tỉnh chuyển đến',
  city: 'Các cơ quan, kênh của thành phố',
};

export const ROUTED_BY = ['chosen', 'location', 'procedure', 'desk', 'import', 'reassigned', 'reopened'] as const;
export type TRoutedBy = (typeof ROUTED_BY)[number];

export type TAttachmentStatus = 'pending' | 'stored' | 'rejected' | 'failed';

export interface TFeedbackAttachment {
  seq: number;
  kind: 'image' | 'file';
  sourceUrl: string | null;
  originalName: string | null;
  storedPath: string | null;
  mime: string | null;
  sizeBytes: number | null;
  status: TAttachmentStatus;
  reason: string | null;
}

export interface TFeedbackItem {
  code: string;
  source: TFeedbackSource;
  channel: string;
  citizenUserId: string | null;
  subject: string | null;
  content: string;
  unitCode: string;
  routedBy: TRoutedBy;
  procedureCode: string | null;
  location: { lat: number; lng: number } | null;
  status: TFeedbackStatus;
  receivedAt: string;
  receivedDate: TIsoDate;
  dueDate: TIsoDate | null;
  closedDate: TIsoDate | null;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  rejectReason: string | null;
  rating: 'satisfied' | 'unsatisfied' | null;
  reopenCount: number;
  answerNotice: 'chat' | 'template' | 'pending' | 'shown' | null;
}

/** PA-YYMM-NNNN (domain.md): month of receipt and a sequence within that month. */
export const FEEDBACK_CODE = /^PA-\d{4}-\d{4,}$/;
/** Finds a code inside typed text ("xem pa 2406 7", "PA-2406-0007"), tolerant of case, spaces and missing zeros. */
const CODE_IN_TEXT = /\bpa[\s-]*(\d{2})(\d{2})[\s-]*(\d{1,6})\b/i;

export function formatFeedbackCode(receivedDate: TIsoDate, seq: number): string {
  return `PA-${receivedDate.slice(2, 4)}${receivedDate.slice(5, 7)}-${String(seq).padStart(4, '0')}`;
}

/** The month key of the sequence: '2406' for a date in June 2024. */
export function sequenceMonth(receivedDate: TIsoDate): string {
  return `${receivedDate.slice(2, 4)}${receivedDate.slice(5, 7)}`;
}

/** "pa-2406-7", "PA 2406 0007" → "PA-2406-0007"; undefined when there is none. */
export function findFeedbackCode(text: string): string | undefined {
  const m = CODE_IN_TEXT.exec(text.normalize('NFC'));
  if (!m) return undefined;
  return `PA-${m[1]}${m[2]}-${m[3]!.padStart(4, '0')}`;
}

export const isOpen = (status: TFeedbackStatus): boolean => status === 'received' || status === 'reopened';

/** Who is asking: a citizen (their OA id), an officer (officers table), or the API's admin token. */
export type TActor =
  | { kind: 'citizen'; userId: string }
  | { kind: 'officer'; userId: string; unitCode: string; role: 'officer' | 'leader' | 'admin' }
  | { kind: 'admin'; name: string };

export function actorId(actor: TActor): string {
  return actor.kind === 'admin' ? `api:${actor.name}` : actor.userId;
}

const seesAll = (actor: TActor) => actor.kind === 'admin' || (actor.kind === 'officer' && (actor.role === 'leader' || actor.role === 'admin'));

/**
 * A citizen sees only their own items (or one they follow: status and answer, not the content); an officer their
 * unit's; leaders and admins every item.
 */
export function canView(actor: TActor, item: Pick<TFeedbackItem, 'citizenUserId' | 'unitCode'>): boolean {
  if (actor.kind === 'citizen') return item.citizenUserId === actor.userId;
  if (seesAll(actor)) return true;
  return actor.kind === 'officer' && actor.unitCode === item.unitCode;
}

/** Answer or reject: the officers of the unit that must answer, leaders and admins. */
export function canHandle(actor: TActor, item: Pick<TFeedbackItem, 'unitCode'>): boolean {
  if (actor.kind === 'citizen') return false;
  if (seesAll(actor)) return true;
  return actor.kind === 'officer' && actor.unitCode === item.unitCode;
}

/** Reassign to another unit: leaders and admins only. */
export function canReassign(actor: TActor): boolean {
  return seesAll(actor);
}

/** The answer or rejection text an officer writes: cleanText (NFC, no control characters), trimmed, not empty, not absurdly long. */
export const ZAnswerText = z
  .string()
  .transform((s) => cleanText(s).trim())
  .pipe(z.string().min(5, 'Nội dung trả lời quá ngắn (ít nhất 5 ký tự).').max(4000, 'Nội dung trả lời quá dài (tối đa 4.000 ký tự).'));

export const ZFeedbackContent = z
  .string()
  .transform((s) => cleanText(s).trim())
  .pipe(z.string().min(10, 'Nội dung phản ánh quá ngắn: xin mô tả rõ hơn (ít nhất 10 ký tự).').max(4000, 'Nội dung phản ánh quá dài (tối đa 4.000 ký tự).'));

/** A short subject from the content: the first sentence or 80 characters. */
export function subjectOf(content: string): string {
  const first = content.normalize('NFC').trim().split(/(?<=[.!?])\s|\n/)[0] ?? '';
  return first.length <= 80 ? first : `${first.slice(0, 79).replace(/\s+\S*$/, '')}…`;
}
