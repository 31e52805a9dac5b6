/**
 * The report's officer-written parts per period (report_texts) and per-period state (report_periods): see
 * migrations/040-report.sql. A period's texts start, on first use, as a copy of the latest earlier period's texts
 * (else the defaults given by the caller); the report_periods row is the claim that makes that happen once.
 */
import type { Db } from './db.ts';

export interface TStoredReportText {
  part: string;
  text: string;
  updatedBy: string;
  updatedAt: Date;
}

export interface TReportPeriodState {
  periodKey: string;
  /** Whose texts this period started from; null: the defaults. */
  textsFrom: string | null;
  startedAt: Date;
  draftedAt: Date | null;
  draftedBy: string | null;
}

interface TTextRow {
  part: string;
  text: string;
  updated_by: string;
  updated_at: Date | string;
}

interface TPeriodRow {
  period_key: string;
  texts_from: string | null;
  started_at: Date | string;
  drafted_at: Date | string | null;
  drafted_by: string | null;
}

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

/**
 * Starts the texts of `periodKey` unless already started: copies every part of the latest earlier period that has
 * texts, or inserts `defaults`. Safe under concurrency: the period row is inserted with ON CONFLICT DO NOTHING
 * in the same transaction as the copy, so a second caller waits for the first and then finds the period started.
 * Returns true when this call started it.
 */
export async function ensureReportTexts(db: Db, periodKey: string, defaults: Readonly<Record<string, string>>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx.query<{ texts_from: string | null }>(
      `INSERT INTO report_periods (period_key, texts_from)
       VALUES ($1, (SELECT max(period_key) FROM report_texts WHERE period_key < $1))
       ON CONFLICT (period_key) DO NOTHING
       RETURNING texts_from`,
      [periodKey],
    );
    const row = claimed.rows[0];
    if (!row) return false;
    if (row.texts_from !== null) {
      await tx.query(
        `INSERT INTO report_texts (period_key, part, text, updated_by)
         SELECT $1, part, text, 'system:copy-' || period_key FROM report_texts WHERE period_key = $2
         ON CONFLICT (period_key, part) DO NOTHING`,
        [periodKey, row.texts_from],
      );
    } else {
      const parts = Object.keys(defaults);
      if (parts.length > 0) {
        await tx.query(
          `INSERT INTO report_texts (period_key, part, text, updated_by)
           SELECT $1, p, t, 'system:default' FROM unnest($2::text[], $3::text[]) AS d(p, t)
           ON CONFLICT (period_key, part) DO NOTHING`,
          [periodKey, parts, parts.map((p) => defaults[p] ?? '')],
        );
      }
    }
    return true;
  });
}

/** The stored texts of a period, started first if needed (see ensureReportTexts). */
export async function readReportTexts(db: Db, periodKey: string, defaults: Readonly<Record<string, string>>): Promise<TStoredReportText[]> {
  await ensureReportTexts(db, periodKey, defaults);
  const r = await db.query<TTextRow>('SELECT part, text, updated_by, updated_at FROM report_texts WHERE period_key = $1 ORDER BY part', [periodKey]);
  return r.rows.map((x) => ({ part: x.part, text: x.text, updatedBy: x.updated_by, updatedAt: toDate(x.updated_at) }));
}

/** Sets parts of a period's texts (the period is started first, so the other parts keep last month's text). */
export async function writeReportTexts(
  db: Db,
  periodKey: string,
  texts: Readonly<Record<string, string>>,
  updatedBy: string,
  defaults: Readonly<Record<string, string>>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await ensureReportTexts(tx, periodKey, defaults);
    const parts = Object.keys(texts);
    if (parts.length === 0) return;
    await tx.query(
      `INSERT INTO report_texts (period_key, part, text, updated_by, updated_at)
       SELECT $1, p, t, $4, now() FROM unnest($2::text[], $3::text[]) AS d(p, t)
       ON CONFLICT (period_key, part) DO UPDATE SET text = EXCLUDED.text, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [periodKey, parts, parts.map((p) => texts[p] ?? ''), updatedBy],
    );
  });
}

export async function getReportPeriodState(db: Db, periodKey: string): Promise<TReportPeriodState | undefined> {
  const r = await db.query<TPeriodRow>('SELECT period_key, texts_from, started_at, drafted_at, drafted_by FROM report_periods WHERE period_key = $1', [periodKey]);
  const x = r.rows[0];
  if (!x) return undefined;
  return {
    periodKey: x.period_key,
    textsFrom: x.texts_from,
    startedAt: toDate(x.started_at),
    draftedAt: x.drafted_at === null ? null : toDate(x.drafted_at),
    draftedBy: x.drafted_by,
  };
}

/**
 * Marks the period drafted unless it already is; true when this call marked it. Run it inside the transaction that
 * drafts: a failed draft rolls the mark back, and concurrent callers serialise on the row (one wins).
 */
export async function claimReportDraft(db: Db, periodKey: string, by: string, defaults: Readonly<Record<string, string>>): Promise<boolean> {
  await ensureReportTexts(db, periodKey, defaults);
  const r = await db.query(
    'UPDATE report_periods SET drafted_at = now(), drafted_by = $2 WHERE period_key = $1 AND drafted_at IS NULL RETURNING period_key',
    [periodKey, by],
  );
  return r.rowCount > 0;
}
