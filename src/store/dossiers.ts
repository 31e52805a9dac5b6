/**
 * Dossier and organisation-unit storage. Bulk upsert goes through unnest() of one array per column: one statement
 * per batch whatever its size, so an import runs at tens of thousands of rows per second on PGlite and PostgreSQL.
 */
import type { Db } from './db.ts';
import type { TDossier } from '../domain/dossier.ts';
import type { TAuthority, TOrg } from '../domain/org.ts';

const COLUMNS = [
  ['code', 'text'],
  ['procedure_code', 'text'],
  ['authority', 'text'],
  ['reception_point', 'text'],
  ['received_date', 'date'],
  ['due_date', 'date'],
  ['finished_date', 'date'],
  ['withdrawn_date', 'date'],
  ['channel', 'text'],
  ['fully_online', 'bool'],
  ['paid_online', 'bool'],
  ['digitised_at_receipt', 'bool'],
  ['result_digitised', 'bool'],
  ['apology_sent', 'bool'],
] as const;

const NAMES = COLUMNS.map(([c]) => c);
const UPDATABLE = NAMES.filter((c) => c !== 'code');

// Unchanged rows are left alone, so re-importing a file reports what really changed.
const UPSERT_SQL = `
WITH written AS (
  INSERT INTO dossiers (${NAMES.join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')})
  ON CONFLICT (code) DO UPDATE SET ${UPDATABLE.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, imported_at = now()
  WHERE (${UPDATABLE.map((c) => `dossiers.${c}`).join(', ')}) IS DISTINCT FROM (${UPDATABLE.map((c) => `EXCLUDED.${c}`).join(', ')})
  RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM written`;

export interface TUpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
}

/**
 * Inserts or updates dossiers by code, `batchSize` rows per statement. A code repeated in the input keeps its last
 * version. Not transactional by itself: an all-or-nothing import calls it inside db.transaction().
 */
export async function upsertDossiers(db: Db, dossiers: readonly TDossier[], opts: { batchSize?: number } = {}): Promise<TUpsertResult> {
  const batchSize = opts.batchSize ?? 5000;
  // One statement must not touch a row twice (ON CONFLICT rule): the last version of a code wins.
  const unique = [...new Map(dossiers.map((d) => [d.code, d])).values()];
  const result: TUpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < unique.length; i += batchSize) {
    const batch = unique.slice(i, i + batchSize);
    const cols: unknown[][] = COLUMNS.map(() => new Array(batch.length));
    batch.forEach((d, j) => {
      const row = [
        d.code,
        d.procedureCode,
        d.authority,
        d.receptionPoint,
        d.receivedDate,
        d.dueDate,
        d.finishedDate ?? null,
        d.withdrawnDate ?? null,
        d.channel,
        d.fullyOnline,
        d.paidOnline,
        d.digitisedAtReceipt,
        d.resultDigitised,
        d.apologySent ?? null,
      ];
      row.forEach((v, k) => ((cols[k] as unknown[])[j] = v));
    });
    const r = await db.query<{ inserted: number; updated: number }>(UPSERT_SQL, cols);
    const inserted = Number(r.rows[0]?.inserted ?? 0);
    const updated = Number(r.rows[0]?.updated ?? 0);
    result.inserted += inserted;
    result.updated += updated;
    result.unchanged += batch.length - inserted - updated;
  }
  return result;
}

interface TDossierRow {
  code: string;
  procedure_code: string;
  authority: TAuthority;
  reception_point: string;
  received_date: string;
  due_date: string;
  finished_date: string | null;
  withdrawn_date: string | null;
  channel: TDossier['channel'];
  fully_online: boolean;
  paid_online: boolean;
  digitised_at_receipt: boolean;
  result_digitised: boolean | null;
  apology_sent: boolean | null;
}

// Dates leave the database as text: neither driver may turn a calendar date into an instant.
const SELECT_DOSSIER = `SELECT code, procedure_code, authority, reception_point,
  to_char(received_date, 'YYYY-MM-DD') AS received_date, to_char(due_date, 'YYYY-MM-DD') AS due_date,
  to_char(finished_date, 'YYYY-MM-DD') AS finished_date, to_char(withdrawn_date, 'YYYY-MM-DD') AS withdrawn_date,
  channel, fully_online, paid_online, digitised_at_receipt, result_digitised, apology_sent FROM dossiers`;

function toDossier(r: TDossierRow): TDossier {
  return {
    code: r.code,
    procedureCode: r.procedure_code,
    authority: r.authority,
    receptionPoint: r.reception_point,
    receivedDate: r.received_date,
    dueDate: r.due_date,
    ...(r.finished_date !== null ? { finishedDate: r.finished_date } : {}),
    ...(r.withdrawn_date !== null ? { withdrawnDate: r.withdrawn_date } : {}),
    channel: r.channel,
    fullyOnline: r.fully_online,
    paidOnline: r.paid_online,
    digitisedAtReceipt: r.digitised_at_receipt,
    resultDigitised: r.result_digitised,
    ...(r.apology_sent !== null ? { apologySent: r.apology_sent } : {}),
  };
}

/** One dossier by its code (the citizen's "tra cứu hồ sơ"); codes compare exactly, after trimming. */
export async function getDossier(db: Db, code: string): Promise<TDossier | undefined> {
  const r = await db.query<TDossierRow>(`${SELECT_DOSSIER} WHERE code = $1`, [code.trim()]);
  return r.rows[0] ? toDossier(r.rows[0]) : undefined;
}

/** Dossiers received in [from, to], ordered by date then code; for exports and tests, not for figures. */
export async function listDossiers(db: Db, range: { from: string; to: string }, limit = 10_000): Promise<TDossier[]> {
  const r = await db.query<TDossierRow>(
    `${SELECT_DOSSIER} WHERE received_date BETWEEN $1::date AND $2::date ORDER BY received_date, code LIMIT $3`,
    [range.from, range.to, limit],
  );
  return r.rows.map(toDossier);
}

export async function countDossiers(db: Db): Promise<number> {
  const r = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dossiers');
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * Stores the organisation's levels and units. Units missing from the new configuration are kept inactive, never
 * deleted: old dossiers and officers still name them.
 */
export async function saveOrg(db: Db, org: TOrg): Promise<void> {
  await db.query(
    `INSERT INTO org_levels (code, name, position) SELECT * FROM unnest($1::text[], $2::text[], $3::int[])
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, position = EXCLUDED.position`,
    [org.levels.map((l) => l.code), org.levels.map((l) => l.name), org.levels.map((_, i) => i)],
  );
  await db.query('DELETE FROM org_levels WHERE NOT (code = ANY($1::text[]))', [org.levels.map((l) => l.code)]);
  for (const [i, u] of org.units.entries()) {
    await db.query(
      `INSERT INTO units (code, name, short_name, level, receives, lat, lng, position, active, updated_at)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8, true, now())
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, short_name = EXCLUDED.short_name, level = EXCLUDED.level,
         receives = EXCLUDED.receives, lat = EXCLUDED.lat, lng = EXCLUDED.lng, position = EXCLUDED.position,
         active = true, updated_at = now()`,
      [u.code, u.name, u.shortName ?? null, u.level, u.receives, u.location?.lat ?? null, u.location?.lng ?? null, i],
    );
  }
  await db.query('UPDATE units SET active = false, updated_at = now() WHERE active AND NOT (code = ANY($1::text[]))', [
    org.units.map((u) => u.code),
  ]);
}

/** The stored levels (top-down) and active units, enough for the report layout. */
export async function loadOrgStructure(
  db: Db,
): Promise<{ levels: { code: string; name: string }[]; units: { code: string; level: string; receives: TAuthority[] }[] }> {
  const levels = await db.query<{ code: string; name: string }>('SELECT code, name FROM org_levels ORDER BY position, code');
  const units = await db.query<{ code: string; level: string; receives: TAuthority[] }>(
    'SELECT code, level, receives FROM units WHERE active ORDER BY position, code',
  );
  return { levels: levels.rows, units: units.rows };
}

/**
 * A dossier by the code a citizen typed: exactly as stored first, then in upper case ("000.00.38.h33-…" typed on a
 * phone keyboard). Both are primary-key look-ups.
 */
export async function findDossierByCode(db: Db, typed: string): Promise<TDossier | undefined> {
  const code = typed.trim();
  if (code === '') return undefined;
  const candidates = [...new Set([code, code.toUpperCase()])];
  const r = await db.query<TDossierRow>(`${SELECT_DOSSIER} WHERE code = ANY($1::text[]) ORDER BY code = $2 DESC LIMIT 1`, [candidates, code]);
  return r.rows[0] ? toDossier(r.rows[0]) : undefined;
}

export interface TOverdueDossier {
  code: string;
  procedureCode: string;
  authority: TAuthority;
  receptionPoint: string;
  receivedDate: string;
  dueDate: string;
}

/**
 * Dossiers still open at the end of `asOf` whose due date is before it (domain.md "quá hạn"), the oldest due first.
 * Codes and dates only: nothing about the applicant is stored, let alone returned.
 */
export async function listOverdueDossiers(db: Db, opts: { asOf: string; unit?: string; limit?: number }): Promise<TOverdueDossier[]> {
  const r = await db.query<{ code: string; procedure_code: string; authority: TAuthority; reception_point: string; received_date: string; due_date: string }>(
    `SELECT code, procedure_code, authority, reception_point,
       to_char(received_date, 'YYYY-MM-DD') AS received_date, to_char(due_date, 'YYYY-MM-DD') AS due_date
     FROM dossiers
     WHERE closed_on > $1::date AND received_date <= $1::date AND due_date < $1::date
       AND ($2::text IS NULL OR reception_point = $2::text)
     ORDER BY due_date, received_date, code LIMIT $3`,
    [opts.asOf, opts.unit ?? null, opts.limit ?? 10],
  );
  return r.rows.map((x) => ({
    code: x.code,
    procedureCode: x.procedure_code,
    authority: x.authority,
    receptionPoint: x.reception_point,
    receivedDate: x.received_date,
    dueDate: x.due_date,
  }));
}
