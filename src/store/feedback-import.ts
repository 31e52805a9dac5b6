/**
 * Feedback (PAKN) written in bulk: items imported from other channels (interchange.md), the demo history, and the
 * PA-YYMM-NNNN counters brought in line with the codes such writes add. One statement per batch through unnest(),
 * like the dossiers; unchanged rows are left alone, so a re-import reports what really changed.
 */
import type { Db } from './db.ts';
import type { TImportedFeedback } from '../domain/feedback/import-row.ts';
import type { TFeedbackItem } from '../domain/feedback/model.ts';

export interface TFeedbackWriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** Start of the calendar day in Viet Nam (UTC+7, no daylight saving time) — an imported item's received_at. */
const startOfDayVn = (dateSql: string) => `(${dateSql}::text || ' 00:00:00+07')::timestamptz`;

/**
 * What an import may change. An item an officer has handled in the product (answered_by set: answered, rejected,
 * or reopened after an answer) keeps its status, closed date, due date and answer: the product's record of that
 * work is newer than any file. Every other imported item takes them from the file: 'answered' with its closed date
 * when the file has one, else 'received'.
 */
const HANDLED = 'f.answered_by IS NOT NULL';
const IMPORT_VALUES: Record<string, string> = {
  source: 'EXCLUDED.source',
  channel: 'EXCLUDED.channel',
  subject: 'EXCLUDED.subject',
  content: 'EXCLUDED.content',
  unit_code: 'EXCLUDED.unit_code',
  routed_by: `'import'`,
  // the CHECK closed_date >= received_date must hold with a kept closed date
  received_date: `CASE WHEN ${HANDLED} AND f.closed_date IS NOT NULL THEN least(EXCLUDED.received_date, f.closed_date) ELSE EXCLUDED.received_date END`,
  due_date: `CASE WHEN ${HANDLED} THEN f.due_date ELSE EXCLUDED.due_date END`,
  closed_date: `CASE WHEN ${HANDLED} THEN f.closed_date ELSE EXCLUDED.closed_date END`,
  status: `CASE WHEN ${HANDLED} THEN f.status WHEN EXCLUDED.closed_date IS NULL THEN 'received' ELSE 'answered' END`,
  answer: `CASE WHEN ${HANDLED} THEN f.answer ELSE EXCLUDED.answer END`,
};
const IMPORT_KEYS = Object.keys(IMPORT_VALUES);

const IMPORT_SQL = `
WITH written AS (
  INSERT INTO feedback_items AS f (code, source, channel, subject, content, unit_code, routed_by, status, received_at, received_date, due_date, closed_date, answer)
  SELECT code, source, channel, subject, content, unit_code, 'import', CASE WHEN closed_date IS NULL THEN 'received' ELSE 'answered' END,
    ${startOfDayVn('received_date')}, received_date, due_date, closed_date, answer
  FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::date[], $9::date[], $10::text[])
    AS t(code, source, channel, subject, content, unit_code, received_date, due_date, closed_date, answer)
  ON CONFLICT (code) DO UPDATE SET ${IMPORT_KEYS.map((k) => `${k} = ${IMPORT_VALUES[k]}`).join(', ')},
    received_at = ${startOfDayVn(IMPORT_VALUES.received_date!)}, updated_at = now()
  -- items citizens filed in chat are never overwritten (the row validator reports them; this is the guard)
  WHERE f.citizen_user_id IS NULL AND f.filed_event_id IS NULL
    AND (${IMPORT_KEYS.map((k) => `f.${k}`).join(', ')}) IS DISTINCT FROM (${IMPORT_KEYS.map((k) => IMPORT_VALUES[k]).join(', ')})
  RETURNING f.code, (xmax = 0) AS inserted
), events AS (
  INSERT INTO feedback_events (feedback_code, actor, action, detail)
  SELECT code, 'import', CASE WHEN inserted THEN 'imported' ELSE 'import_updated' END, $11::jsonb FROM written
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`;

function counts(rows: { inserted: number; updated: number }[], size: number): TFeedbackWriteCounts {
  const inserted = Number(rows[0]?.inserted ?? 0);
  const updated = Number(rows[0]?.updated ?? 0);
  return { inserted, updated, unchanged: size - inserted - updated };
}

/**
 * Inserts or updates imported items by code (routed_by 'import'), `batchSize` rows per statement, and writes an
 * 'imported' / 'import_updated' event on each item's timeline. A code repeated in the input keeps its last version.
 * Not transactional by itself: the import calls it inside db.transaction().
 */
export async function upsertImportedFeedback(
  db: Db,
  items: readonly TImportedFeedback[],
  opts: { batchSize?: number; detail?: Record<string, unknown> } = {},
): Promise<TFeedbackWriteCounts> {
  const batchSize = opts.batchSize ?? 5000;
  const unique = [...new Map(items.map((i) => [i.code, i])).values()];
  const total: TFeedbackWriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < unique.length; i += batchSize) {
    const batch = unique.slice(i, i + batchSize);
    const col = <K extends keyof TImportedFeedback>(k: K) => batch.map((x) => x[k]);
    const r = await db.query<{ inserted: number; updated: number }>(IMPORT_SQL, [
      col('code'), col('source'), col('channel'), col('subject'), col('content'), col('unitCode'),
      col('receivedDate'), col('dueDate'), col('closedDate'), col('answer'), JSON.stringify(opts.detail ?? {}),
    ]);
    const c = counts(r.rows, batch.length);
    total.inserted += c.inserted;
    total.updated += c.updated;
    total.unchanged += c.unchanged;
  }
  return total;
}

/** Codes of items citizens filed themselves (Zalo, mini-app, API filing): an import must not overwrite them. */
export async function citizenFiledCodes(db: Db): Promise<Set<string>> {
  const { rows } = await db.query<{ code: string }>('SELECT code FROM feedback_items WHERE citizen_user_id IS NOT NULL OR filed_event_id IS NOT NULL');
  return new Set(rows.map((r) => r.code));
}

/** A whole item as the demo history describes it, with the reminder and alert already sent where they were due. */
export type TSeededFeedback = Omit<TFeedbackItem, 'citizenUserId' | 'location'> & {
  remindedAt: string | null;
  overdueAlertedAt: string | null;
};

const SEED_COLUMNS = [
  ['code', 'text'], ['source', 'text'], ['channel', 'text'], ['subject', 'text'], ['content', 'text'], ['unit_code', 'text'],
  ['routed_by', 'text'], ['procedure_code', 'text'], ['status', 'text'], ['received_at', 'timestamptz'], ['received_date', 'date'],
  ['due_date', 'date'], ['closed_date', 'date'], ['answer', 'text'], ['answered_by', 'text'], ['answered_at', 'timestamptz'],
  ['reject_reason', 'text'], ['rating', 'text'], ['reopen_count', 'int'], ['answer_notice', 'text'], ['reminded_at', 'timestamptz'],
  ['overdue_alerted_at', 'timestamptz'],
] as const;
const SEED_NAMES = SEED_COLUMNS.map(([c]) => c);
const SEED_UPDATABLE = SEED_NAMES.filter((c) => c !== 'code');

const SEED_SQL = `
WITH written AS (
  INSERT INTO feedback_items AS f (${SEED_NAMES.join(', ')})
  SELECT * FROM unnest(${SEED_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})
  ON CONFLICT (code) DO UPDATE SET ${SEED_UPDATABLE.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now()
  WHERE f.citizen_user_id IS NULL AND f.filed_event_id IS NULL
    AND (${SEED_UPDATABLE.map((c) => `f.${c}`).join(', ')}) IS DISTINCT FROM (${SEED_UPDATABLE.map((c) => `EXCLUDED.${c}`).join(', ')})
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`;

/** Writes the demo history: inserted, or put back to the history's state when it was changed since. */
export async function upsertSeededFeedback(db: Db, items: readonly TSeededFeedback[]): Promise<TFeedbackWriteCounts> {
  const unique = [...new Map(items.map((i) => [i.code, i])).values()];
  const total: TFeedbackWriteCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < unique.length; i += 5000) {
    const batch = unique.slice(i, i + 5000);
    const col = (f: (x: TSeededFeedback) => unknown) => batch.map(f);
    const r = await db.query<{ inserted: number; updated: number }>(SEED_SQL, [
      col((x) => x.code), col((x) => x.source), col((x) => x.channel), col((x) => x.subject), col((x) => x.content), col((x) => x.unitCode),
      col((x) => x.routedBy), col((x) => x.procedureCode), col((x) => x.status), col((x) => x.receivedAt), col((x) => x.receivedDate),
      col((x) => x.dueDate), col((x) => x.closedDate), col((x) => x.answer), col((x) => x.answeredBy), col((x) => x.answeredAt),
      col((x) => x.rejectReason), col((x) => x.rating), col((x) => x.reopenCount), col((x) => x.answerNotice), col((x) => x.remindedAt),
      col((x) => x.overdueAlertedAt),
    ]);
    const c = counts(r.rows, batch.length);
    total.inserted += c.inserted;
    total.updated += c.updated;
    total.unchanged += c.unchanged;
  }
  return total;
}

/**
 * Brings each month's PA-YYMM-NNNN counter up to the highest sequence stored for that month (never down), so that
 * nextFeedbackCode does not hand out a code that seeding or an import already used. Returns the months raised.
 */
export async function syncFeedbackSequences(db: Db): Promise<number> {
  const r = await db.query(
    `INSERT INTO feedback_sequences AS s (month, last)
     SELECT substr(code, 4, 4), max(substr(code, 9)::int) FROM feedback_items WHERE code ~ '^PA-[0-9]{4}-[0-9]{4,9}$' GROUP BY 1
     ON CONFLICT (month) DO UPDATE SET last = EXCLUDED.last WHERE s.last < EXCLUDED.last`,
  );
  return r.rowCount;
}

export async function countFeedback(db: Db): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback_items');
  return Number(rows[0]?.n ?? 0);
}
