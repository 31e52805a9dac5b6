/**
 * Feedback items (PAKN): codes, items, their timeline, followers, the chat dialog state, and the figures by source.
 * Attachments: src/store/feedback-attachments.ts.
 */
import type { Db } from './db.ts';
import { emptyFeedbackFigures } from '../domain/feedback/figures.ts';
import {
  formatFeedbackCode,
  sequenceMonth,
  type TFeedbackItem,
  type TFeedbackSource,
  type TFeedbackStatus,
  type TRoutedBy,
} from '../domain/feedback/model.ts';
import type { TFeedbackFigures } from '../domain/figures/contract.ts';
import type { TIsoDate } from '../domain/format.ts';

interface TItemRow {
  code: string;
  source: TFeedbackSource;
  channel: string;
  citizen_user_id: string | null;
  subject: string | null;
  content: string;
  unit_code: string;
  routed_by: TRoutedBy;
  procedure_code: string | null;
  lat: number | null;
  lng: number | null;
  status: TFeedbackStatus;
  received_at: Date | string;
  received_date: string;
  due_date: string | null;
  closed_date: string | null;
  answer: string | null;
  answered_by: string | null;
  answered_at: Date | string | null;
  reject_reason: string | null;
  rating: 'satisfied' | 'unsatisfied' | null;
  reopen_count: number;
  answer_notice: TFeedbackItem['answerNotice'];
}

const iso = (v: Date | string | null): string | null => (v === null ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString());
// PGlite and pg both return date columns as 'YYYY-MM-DD' strings here (see postgres.ts); guard against Date anyway.
const day = (v: unknown): string | null => (v === null || v === undefined ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

function toItem(r: TItemRow): TFeedbackItem {
  return {
    code: r.code,
    source: r.source,
    channel: r.channel,
    citizenUserId: r.citizen_user_id,
    subject: r.subject,
    content: r.content,
    unitCode: r.unit_code,
    routedBy: r.routed_by,
    procedureCode: r.procedure_code,
    location: r.lat === null || r.lng === null ? null : { lat: Number(r.lat), lng: Number(r.lng) },
    status: r.status,
    receivedAt: iso(r.received_at)!,
    receivedDate: day(r.received_date)!,
    dueDate: day(r.due_date),
    closedDate: day(r.closed_date),
    answer: r.answer,
    answeredBy: r.answered_by,
    answeredAt: iso(r.answered_at),
    rejectReason: r.reject_reason,
    rating: r.rating,
    reopenCount: Number(r.reopen_count),
    answerNotice: r.answer_notice,
  };
}

const COLUMNS = `code, source, channel, citizen_user_id, subject, content, unit_code, routed_by, procedure_code, lat, lng, status,
  received_at, received_date, due_date, closed_date, answer, answered_by, answered_at, reject_reason, rating, reopen_count, answer_notice`;

/** The next PA-YYMM-NNNN of the month of receipt: an atomic counter, safe across instances. */
export async function nextFeedbackCode(db: Db, receivedDate: TIsoDate): Promise<string> {
  const month = sequenceMonth(receivedDate);
  const { rows } = await db.query<{ last: number }>(
    `INSERT INTO feedback_sequences (month, last) VALUES ($1, 1)
     ON CONFLICT (month) DO UPDATE SET last = feedback_sequences.last + 1 RETURNING last`,
    [month],
  );
  return formatFeedbackCode(receivedDate, Number(rows[0]!.last));
}

export interface TNewFeedback {
  code: string;
  source: TFeedbackSource;
  channel: string;
  citizenUserId?: string;
  subject?: string;
  content: string;
  unitCode: string;
  routedBy: TRoutedBy;
  procedureCode?: string;
  location?: { lat: number; lng: number };
  receivedAt?: Date;
  receivedDate: TIsoDate;
  dueDate?: TIsoDate;
  /** imported items may arrive already closed */
  status?: TFeedbackStatus;
  closedDate?: TIsoDate;
  answer?: string;
  /** the chat event or API request that files it: a second filing with the same id files nothing */
  filedEventId?: string;
}

/** Inserts an item; `created` is false when the same filing event was seen before (the existing item is returned). */
export async function insertFeedback(db: Db, f: TNewFeedback): Promise<{ item: TFeedbackItem; created: boolean }> {
  const { rows } = await db.query<TItemRow>(
    `INSERT INTO feedback_items (code, source, channel, citizen_user_id, subject, content, unit_code, routed_by, procedure_code,
       lat, lng, status, received_at, received_date, due_date, closed_date, answer, filed_event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, coalesce($13, now()), $14, $15, $16, $17, $18)
     ON CONFLICT (filed_event_id) DO NOTHING
     RETURNING ${COLUMNS}`,
    [
      f.code, f.source, f.channel, f.citizenUserId ?? null, f.subject ?? null, f.content, f.unitCode, f.routedBy, f.procedureCode ?? null,
      f.location?.lat ?? null, f.location?.lng ?? null, f.status ?? 'received', f.receivedAt ?? null, f.receivedDate, f.dueDate ?? null,
      f.closedDate ?? null, f.answer ?? null, f.filedEventId ?? null,
    ],
  );
  if (rows[0]) return { item: toItem(rows[0]), created: true };
  const existing = await db.query<TItemRow>(`SELECT ${COLUMNS} FROM feedback_items WHERE filed_event_id = $1`, [f.filedEventId]);
  return { item: toItem(existing.rows[0]!), created: false };
}

export async function getFeedback(db: Db, code: string, opts: { forUpdate?: boolean } = {}): Promise<TFeedbackItem | undefined> {
  const { rows } = await db.query<TItemRow>(`SELECT ${COLUMNS} FROM feedback_items WHERE code = $1${opts.forUpdate ? ' FOR UPDATE' : ''}`, [code]);
  return rows[0] ? toItem(rows[0]) : undefined;
}

export interface TFeedbackFilter {
  /** 'open' = received or reopened */
  status?: readonly TFeedbackStatus[] | 'open';
  unitCode?: string;
  citizenUserId?: string;
  source?: TFeedbackSource;
  /** items this citizen filed or follows */
  involving?: string;
  receivedFrom?: TIsoDate;
  receivedTo?: TIsoDate;
  order?: 'oldest' | 'newest';
  limit?: number;
  offset?: number;
}

export async function listFeedback(db: Db, f: TFeedbackFilter = {}): Promise<TFeedbackItem[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  if (f.status === 'open') where.push(`status IN ('received', 'reopened')`);
  else if (f.status?.length) where.push(`status = ANY(${p([...f.status])}::text[])`);
  if (f.unitCode) where.push(`unit_code = ${p(f.unitCode)}`);
  if (f.citizenUserId) where.push(`citizen_user_id = ${p(f.citizenUserId)}`);
  if (f.involving) {
    const u = p(f.involving);
    where.push(`(citizen_user_id = ${u} OR code IN (SELECT feedback_code FROM feedback_followers WHERE user_id = ${u}))`);
  }
  if (f.source) where.push(`source = ${p(f.source)}`);
  if (f.receivedFrom) where.push(`received_date >= ${p(f.receivedFrom)}::date`);
  if (f.receivedTo) where.push(`received_date <= ${p(f.receivedTo)}::date`);
  const order = f.order === 'newest' ? 'received_at DESC, code DESC' : 'received_at, code';
  const { rows } = await db.query<TItemRow>(
    `SELECT ${COLUMNS} FROM feedback_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY ${order} LIMIT ${p(Math.min(f.limit ?? 50, 10_000))} OFFSET ${p(f.offset ?? 0)}`,
    params,
  );
  return rows.map(toItem);
}

/**
 * Open items that might be the same as a draft: same unit or procedure, or within about 150 m (a box; the caller
 * measures the exact distance), received in the last 90 days.
 */
export async function openItemsNear(db: Db, q: { unitCode?: string; procedureCode?: string; location?: { lat: number; lng: number }; since: TIsoDate; limit?: number }): Promise<TFeedbackItem[]> {
  const box = 0.0015; // degrees ≈ 165 m of latitude
  const { rows } = await db.query<TItemRow>(
    `SELECT ${COLUMNS} FROM feedback_items
     WHERE status IN ('received', 'reopened') AND received_date >= $1::date
       AND (unit_code = $2 OR procedure_code = $3
            OR ($4::float8 IS NOT NULL AND lat BETWEEN $4::float8 - ${box} AND $4::float8 + ${box} AND lng BETWEEN $5::float8 - ${box} AND $5::float8 + ${box}))
     ORDER BY received_at DESC LIMIT $6`,
    [q.since, q.unitCode ?? null, q.procedureCode ?? null, q.location?.lat ?? null, q.location?.lng ?? null, q.limit ?? 200],
  );
  return rows.map(toItem);
}

export async function answerFeedback(db: Db, code: string, a: { answer: string; by: string; closedDate: TIsoDate }): Promise<void> {
  await db.query(
    `UPDATE feedback_items SET status = 'answered', answer = $2, answered_by = $3, answered_at = now(), closed_date = $4,
       reject_reason = NULL, rating = NULL, answer_notice = NULL, updated_at = now() WHERE code = $1`,
    [code, a.answer, a.by, a.closedDate],
  );
}

export async function rejectFeedback(db: Db, code: string, r: { reason: string; by: string; closedDate: TIsoDate }): Promise<void> {
  await db.query(
    `UPDATE feedback_items SET status = 'rejected', reject_reason = $2, answered_by = $3, answered_at = now(), closed_date = $4,
       answer_notice = NULL, updated_at = now() WHERE code = $1`,
    [code, r.reason, r.by, r.closedDate],
  );
}

export async function reassignFeedback(db: Db, code: string, unitCode: string, routedBy: TRoutedBy = 'reassigned'): Promise<void> {
  await db.query(`UPDATE feedback_items SET unit_code = $2, routed_by = $3, reminded_at = NULL, updated_at = now() WHERE code = $1`, [code, unitCode, routedBy]);
}

export async function rateFeedback(db: Db, code: string, rating: 'satisfied' | 'unsatisfied'): Promise<void> {
  await db.query(`UPDATE feedback_items SET rating = $2, rated_at = now(), updated_at = now() WHERE code = $1`, [code, rating]);
}

/** Opens an answered item again (a citizen not satisfied): a new due date, counted as open from now on. */
export async function reopenFeedback(db: Db, code: string, r: { dueDate: TIsoDate }): Promise<void> {
  await db.query(
    `UPDATE feedback_items SET status = 'reopened', closed_date = NULL, reopen_count = reopen_count + 1, due_date = $2,
       routed_by = 'reopened', reminded_at = NULL, overdue_alerted_at = NULL, updated_at = now() WHERE code = $1`,
    [code, r.dueDate],
  );
}

export async function setAnswerNotice(db: Db, code: string, notice: NonNullable<TFeedbackItem['answerNotice']>): Promise<void> {
  await db.query(`UPDATE feedback_items SET answer_notice = $2, updated_at = now() WHERE code = $1`, [code, notice]);
}

/** Answers the citizen has not received in Zalo (outside the messaging window, or refused): shown on their next message. */
export async function pendingAnswerNotices(db: Db, userId: string): Promise<TFeedbackItem[]> {
  const { rows } = await db.query<TItemRow>(
    `SELECT ${COLUMNS} FROM feedback_items WHERE citizen_user_id = $1 AND answer_notice = 'pending' ORDER BY answered_at LIMIT 5`,
    [userId],
  );
  return rows.map(toItem);
}

export async function addFeedbackEvent(db: Db, code: string, e: { actor: string; action: string; detail?: Record<string, unknown> }): Promise<void> {
  await db.query('INSERT INTO feedback_events (feedback_code, actor, action, detail) VALUES ($1, $2, $3, $4)', [code, e.actor, e.action, JSON.stringify(e.detail ?? {})]);
}

export interface TFeedbackEventRow {
  at: string;
  actor: string;
  action: string;
  detail: Record<string, unknown>;
}

export async function listFeedbackEvents(db: Db, code: string): Promise<TFeedbackEventRow[]> {
  const { rows } = await db.query<{ at: Date | string; actor: string; action: string; detail: Record<string, unknown> }>(
    'SELECT at, actor, action, detail FROM feedback_events WHERE feedback_code = $1 ORDER BY id',
    [code],
  );
  return rows.map((r) => ({ at: iso(r.at)!, actor: r.actor, action: r.action, detail: r.detail }));
}

export async function addFollower(db: Db, code: string, userId: string): Promise<boolean> {
  const r = await db.query('INSERT INTO feedback_followers (feedback_code, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [code, userId]);
  return r.rowCount === 1;
}

export async function followersOf(db: Db, code: string): Promise<string[]> {
  const { rows } = await db.query<{ user_id: string }>('SELECT user_id FROM feedback_followers WHERE feedback_code = $1 ORDER BY created_at', [code]);
  return rows.map((r) => r.user_id);
}

// ---------------------------------------------------------------------------------------------------------------
// Deadlines: each reminder and alert is claimed by one UPDATE … RETURNING, so it goes out once across instances.

/** Open items due on or before `dueBy` and not reminded yet; marks them reminded. */
export async function claimDueReminders(db: Db, dueBy: TIsoDate, today: TIsoDate): Promise<TFeedbackItem[]> {
  const { rows } = await db.query<TItemRow>(
    `UPDATE feedback_items SET reminded_at = now(), updated_at = now()
     WHERE status IN ('received', 'reopened') AND reminded_at IS NULL AND due_date IS NOT NULL AND due_date <= $1::date AND due_date >= $2::date
     RETURNING ${COLUMNS}`,
    [dueBy, today],
  );
  return rows.map(toItem);
}

/** Open items past their due date whose leaders were not alerted yet; marks them alerted. */
export async function claimOverdueAlerts(db: Db, today: TIsoDate): Promise<TFeedbackItem[]> {
  const { rows } = await db.query<TItemRow>(
    `UPDATE feedback_items SET overdue_alerted_at = now(), updated_at = now()
     WHERE status IN ('received', 'reopened') AND overdue_alerted_at IS NULL AND due_date IS NOT NULL AND due_date < $1::date
     RETURNING ${COLUMNS}`,
    [today],
  );
  return rows.map(toItem);
}

// ---------------------------------------------------------------------------------------------------------------
// The chat dialog of a citizen (feedback filing). The users row is locked by touchUser in the event's transaction,
// so two events of one citizen never update the dialog at once.

export interface TDialogRow<S> {
  kind: string;
  state: S;
  expiresAt: Date;
}

export async function getDialog<S>(db: Db, userId: string): Promise<TDialogRow<S> | undefined> {
  const { rows } = await db.query<{ kind: string; state: S; expires_at: Date | string }>('SELECT kind, state, expires_at FROM dialogs WHERE user_id = $1', [userId]);
  const r = rows[0];
  return r ? { kind: r.kind, state: r.state, expiresAt: new Date(r.expires_at) } : undefined;
}

export async function saveDialog(db: Db, userId: string, kind: string, state: unknown, expiresAt: Date): Promise<void> {
  await db.query(
    `INSERT INTO dialogs (user_id, kind, state, expires_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (user_id) DO UPDATE SET kind = EXCLUDED.kind, state = EXCLUDED.state, expires_at = EXCLUDED.expires_at, updated_at = now()`,
    [userId, kind, JSON.stringify(state), expiresAt],
  );
}

export async function clearDialog(db: Db, userId: string): Promise<void> {
  await db.query('DELETE FROM dialogs WHERE user_id = $1', [userId]);
}

// ---------------------------------------------------------------------------------------------------------------
// Figures (domain.md "PAKN figures"); the same definitions as src/domain/feedback/figures.ts.

const FIGURES_SQL = `
SELECT source,
  count(*) FILTER (WHERE received_date >= $1::date)::int AS new,
  count(*) FILTER (WHERE received_date < $1::date)::int AS carried_over,
  count(*) FILTER (WHERE closed_date IS NOT NULL AND closed_date <= $2::date)::int AS resolved,
  count(*) FILTER (WHERE closed_date IS NULL OR closed_date > $2::date)::int AS processing
FROM feedback_items
WHERE received_date <= $2::date AND (closed_date IS NULL OR closed_date >= $1::date) AND ($3::text IS NULL OR unit_code = $3::text)
GROUP BY source`;

export async function computeFeedbackFigures(db: Db, period: { start: TIsoDate; end: TIsoDate }, unit?: string): Promise<Record<TFeedbackSource, TFeedbackFigures>> {
  const out = emptyFeedbackFigures();
  const { rows } = await db.query<{ source: TFeedbackSource; new: number; carried_over: number; resolved: number; processing: number }>(FIGURES_SQL, [period.start, period.end, unit ?? null]);
  for (const r of rows) out[r.source] = { new: Number(r.new), carried_over: Number(r.carried_over), resolved: Number(r.resolved), processing: Number(r.processing) };
  return out;
}
