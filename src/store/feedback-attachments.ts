import type { TAttachmentStatus, TFeedbackAttachment } from '../domain/feedback/model.ts';
import type { Db } from './db.ts';

/**
 * Attachments of feedback items (feedback_attachments, migration 030). A row is inserted `pending` when the item
 * is filed; src/services/attachments.ts copies the file into ATTACHMENT_DIR and marks it `stored`, `rejected`
 * (size or type) or `failed` (could not be fetched).
 */

export interface TNewAttachment {
  kind: 'image' | 'file';
  /** where it came from (a Zalo link, which expires); absent for a direct upload */
  sourceUrl?: string;
  originalName?: string;
  mime?: string;
  sizeBytes?: number;
}

/** A row as the model shows it, plus the digest of the stored file. */
export type TAttachmentRow = TFeedbackAttachment & { sha256: string | null };

export interface TAttachmentMark {
  status: Exclude<TAttachmentStatus, 'pending'>;
  /** relative to ATTACHMENT_DIR; required for `stored` */
  storedPath?: string;
  mime?: string;
  sizeBytes?: number;
  sha256?: string;
  /** Vietnamese, shown to the citizen (rejected, failed) */
  reason?: string;
}

interface TRow {
  seq: number;
  kind: 'image' | 'file';
  source_url: string | null;
  original_name: string | null;
  stored_path: string | null;
  mime: string | null;
  size_bytes: number | null;
  sha256: string | null;
  status: TAttachmentStatus;
  reason: string | null;
}

const COLUMNS = 'seq, kind, source_url, original_name, stored_path, mime, size_bytes, sha256, status, reason';

function toAttachment(r: TRow): TAttachmentRow {
  return {
    seq: r.seq,
    kind: r.kind,
    sourceUrl: r.source_url,
    originalName: r.original_name,
    storedPath: r.stored_path,
    mime: r.mime,
    sizeBytes: r.size_bytes === null ? null : Number(r.size_bytes),
    status: r.status,
    reason: r.reason,
    sha256: r.sha256,
  };
}

/**
 * Inserts the item's attachments with seq 1..n in list order. Idempotent: a (code, seq) already there is kept as it
 * is, so filing the same item twice (a retried job) inserts nothing more. Returns how many rows were new.
 */
export async function insertAttachments(db: Db, code: string, list: readonly TNewAttachment[]): Promise<number> {
  if (list.length === 0) return 0;
  const params: unknown[] = [code];
  const values = list.map((a, i) => {
    params.push(i + 1, a.kind, a.sourceUrl ?? null, a.originalName ?? null, a.mime ?? null, a.sizeBytes ?? null);
    const p = params.length - 6;
    return `($1, $${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6})`;
  });
  const r = await db.query(
    `INSERT INTO feedback_attachments (feedback_code, seq, kind, source_url, original_name, mime, size_bytes)
     VALUES ${values.join(', ')}
     ON CONFLICT (feedback_code, seq) DO NOTHING`,
    params,
  );
  return r.rowCount;
}

export async function listAttachments(db: Db, code: string): Promise<TAttachmentRow[]> {
  const { rows } = await db.query<TRow>(`SELECT ${COLUMNS} FROM feedback_attachments WHERE feedback_code = $1 ORDER BY seq`, [code]);
  return rows.map(toAttachment);
}

/** The rows still to be copied into storage, in seq order. */
export async function pendingAttachments(db: Db, code: string): Promise<TAttachmentRow[]> {
  const { rows } = await db.query<TRow>(
    `SELECT ${COLUMNS} FROM feedback_attachments WHERE feedback_code = $1 AND status = 'pending' ORDER BY seq`,
    [code],
  );
  return rows.map(toAttachment);
}

export async function getAttachment(db: Db, code: string, seq: number): Promise<TAttachmentRow | undefined> {
  const { rows } = await db.query<TRow>(`SELECT ${COLUMNS} FROM feedback_attachments WHERE feedback_code = $1 AND seq = $2`, [code, seq]);
  return rows[0] ? toAttachment(rows[0]) : undefined;
}

/**
 * Records the outcome of storing one attachment. `stored` and `rejected` are final: a row already in either state
 * is left alone (a second worker that raced the first changes nothing), and false is returned.
 * A `failed` row may still become `stored` (a manual retry).
 */
export async function markAttachment(db: Db, code: string, seq: number, m: TAttachmentMark): Promise<boolean> {
  if (m.status === 'stored' && !m.storedPath) throw new Error('markAttachment: a stored attachment needs its storedPath');
  const r = await db.query(
    `UPDATE feedback_attachments SET
       status = $3,
       stored_path = coalesce($4, stored_path),
       mime = coalesce($5, mime),
       size_bytes = coalesce($6, size_bytes),
       sha256 = coalesce($7, sha256),
       reason = $8,
       updated_at = now()
     WHERE feedback_code = $1 AND seq = $2 AND status IN ('pending', 'failed')`,
    [code, seq, m.status, m.storedPath ?? null, m.mime ?? null, m.sizeBytes ?? null, m.sha256 ?? null, m.status === 'stored' ? null : (m.reason ?? null)],
  );
  return r.rowCount === 1;
}
