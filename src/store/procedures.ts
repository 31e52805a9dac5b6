/**
 * Procedure catalogue storage: the procedures table, the catalogue version every process's search index follows,
 * and the log of queries citizens did not find an answer to.
 */
import { mergeProcedures, planCatalogueImport } from '../domain/catalogue/index.ts';
import { maskPersonalData } from '../domain/privacy.ts';
import type { TProcedure, TProcedureStatus } from '../domain/procedure.ts';
import { fold, hasDiacritics } from '../domain/vietnamese.ts';
import type { Db } from './db.ts';

interface TProcedureRow {
  code: string;
  name: string;
  field: string;
  sector: string | null;
  group_name: string | null;
  authority: TProcedure['authority'];
  reception_point: string | null;
  online_level: NonNullable<TProcedure['onlineLevel']> | null;
  processing_time: string | null;
  fee: string | null;
  documents: TProcedure['documents'];
  steps: string[];
  legal_basis: string[];
  online_url: string | null;
  interconnected: boolean;
  boundary_free: boolean;
  status: TProcedureStatus;
  keywords: string[];
  aliases: string[];
  channels: TProcedure['channels'];
  source: TProcedure['sources'];
  updated_at: Date;
  withdrawn_at: Date | null;
}

// Column, SQL array type of the unnest() parameter, and the cast back from it (jsonb travels as text).
const COLUMNS = [
  ['code', 'text', ''],
  ['name', 'text', ''],
  ['field', 'text', ''],
  ['sector', 'text', ''],
  ['group_name', 'text', ''],
  ['authority', 'text', ''],
  ['reception_point', 'text', ''],
  ['online_level', 'text', ''],
  ['processing_time', 'text', ''],
  ['fee', 'text', ''],
  ['documents', 'text', '::jsonb'],
  ['steps', 'text', '::jsonb'],
  ['legal_basis', 'text', '::jsonb'],
  ['online_url', 'text', ''],
  ['interconnected', 'bool', ''],
  ['boundary_free', 'bool', ''],
  ['status', 'text', ''],
  ['keywords', 'text', '::jsonb'],
  ['aliases', 'text', '::jsonb'],
  ['channels', 'text', '::jsonb'],
  ['source', 'text', '::jsonb'],
] as const;

const NAMES = COLUMNS.map(([c]) => c);
const UPDATABLE = NAMES.filter((c) => c !== 'code');

const UPSERT_SQL = `
INSERT INTO procedures (${NAMES.join(', ')}, updated_at, withdrawn_at)
SELECT ${COLUMNS.map(([c, , cast]) => `t.${c}${cast}`).join(', ')}, now(), CASE WHEN t.status = 'withdrawn' THEN now() END
FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ')}) AS t(${NAMES.join(', ')})
ON CONFLICT (code) DO UPDATE SET ${UPDATABLE.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}, updated_at = now(),
  withdrawn_at = CASE WHEN EXCLUDED.status = 'withdrawn' THEN COALESCE(procedures.withdrawn_at, now()) END`;

function toRowValues(p: TProcedure): unknown[] {
  return [
    p.code,
    p.name,
    p.field,
    p.sector,
    p.group ?? null,
    p.authority,
    p.receptionPoint ?? null,
    p.onlineLevel ?? null,
    p.processingTime ?? null,
    p.fee ?? null,
    JSON.stringify(p.documents),
    JSON.stringify(p.steps),
    JSON.stringify(p.legalBasis),
    p.onlineUrl ?? null,
    p.interconnected,
    p.boundaryFree,
    p.status,
    JSON.stringify(p.keywords),
    JSON.stringify(p.aliases),
    JSON.stringify(p.channels),
    JSON.stringify(p.sources),
  ];
}

/** A stored row as the domain record; optional fields absent rather than null, as the mappers produce them. */
function fromRow(r: TProcedureRow): TProcedure {
  const p: TProcedure = {
    code: r.code,
    name: r.name,
    aliases: r.aliases ?? [],
    field: r.field,
    sector: r.sector,
    authority: r.authority,
    channels: r.channels ?? [],
    documents: r.documents ?? [],
    steps: r.steps ?? [],
    legalBasis: r.legal_basis ?? [],
    interconnected: r.interconnected,
    boundaryFree: r.boundary_free,
    status: r.status,
    keywords: r.keywords ?? [],
    sources: r.source ?? [],
  };
  if (r.group_name !== null) p.group = r.group_name;
  if (r.reception_point !== null) p.receptionPoint = r.reception_point;
  if (r.online_level !== null) p.onlineLevel = r.online_level;
  if (r.processing_time !== null) p.processingTime = r.processing_time;
  if (r.fee !== null) p.fee = r.fee;
  if (r.online_url !== null) p.onlineUrl = r.online_url;
  return p;
}

export interface TListProceduresOptions {
  /** default: every status */
  status?: TProcedureStatus;
  codes?: readonly string[];
}

/** Procedures ordered by code; the whole records (documents included). */
export async function listProcedures(db: Db, opts: TListProceduresOptions = {}): Promise<TProcedure[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.status) {
    params.push(opts.status);
    where.push(`status = $${params.length}`);
  }
  if (opts.codes) {
    params.push([...opts.codes]);
    where.push(`code = ANY($${params.length}::text[])`);
  }
  const r = await db.query<TProcedureRow>(`SELECT * FROM procedures ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY code`, params);
  return r.rows.map(fromRow);
}

export async function getProcedure(db: Db, code: string): Promise<TProcedure | undefined> {
  const r = await db.query<TProcedureRow>('SELECT * FROM procedures WHERE code = $1', [code]);
  return r.rows[0] ? fromRow(r.rows[0]) : undefined;
}

/** What the search index needs of every procedure: no documents or steps, so a national catalogue stays light. */
export interface TProcedureSummary {
  code: string;
  name: string;
  field: string;
  sector: string | null;
  group?: string;
  status: TProcedureStatus;
  aliases: string[];
  keywords: string[];
}

export async function listProcedureSummaries(db: Db): Promise<TProcedureSummary[]> {
  const r = await db.query<{ code: string; name: string; field: string; sector: string | null; group_name: string | null; status: TProcedureStatus; aliases: string[]; keywords: string[] }>(
    'SELECT code, name, field, sector, group_name, status, aliases, keywords FROM procedures ORDER BY code',
  );
  return r.rows.map((x) => ({
    code: x.code, name: x.name, field: x.field, sector: x.sector, status: x.status, aliases: x.aliases ?? [], keywords: x.keywords ?? [],
    ...(x.group_name !== null ? { group: x.group_name } : {}),
  }));
}

export async function catalogueVersion(db: Db): Promise<number> {
  const r = await db.query<{ version: string | number }>('SELECT version FROM catalogue_version WHERE id = 1');
  return Number(r.rows[0]?.version ?? 0);
}

export interface TCatalogueImportSummary {
  added: string[];
  updated: string[];
  unchanged: string[];
  withdrawn: string[];
  /** the catalogue version after the import (unchanged when nothing changed) */
  version: number;
}

const hasDetail = (p: TProcedure) => p.sources.some((s) => s.kind === 'handbook');
const hasListing = (p: TProcedure) => p.sources.some((s) => s.kind !== 'handbook');

/**
 * A file of one kind completes what is stored of the other: importing the handbook after the catalogue adds
 * documents without losing the catalogue's flags, and a new catalogue keeps the handbook's documents.
 * A record that carries both kinds (both files imported together) replaces the stored one as it is.
 */
function combineWithStored(stored: TProcedure | undefined, p: TProcedure): TProcedure {
  if (!stored) return p;
  const listing = hasListing(p);
  const detail = hasDetail(p);
  if (listing && detail) return p;
  if (listing && hasDetail(stored)) return mergeProcedures(p, stored);
  if (detail && hasListing(stored)) return mergeProcedures(stored, p);
  return p;
}

/**
 * Imports procedures in one transaction: new codes are added, changed ones updated, and with `full` every stored
 * active procedure the input does not list is marked withdrawn (never deleted). Concurrent imports are serialised
 * (row lock on the catalogue version), and the version is bumped when anything changed.
 */
export async function importCatalogue(db: Db, incoming: readonly TProcedure[], opts: { full: boolean }): Promise<TCatalogueImportSummary> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT version FROM catalogue_version WHERE id = 1 FOR UPDATE');
    const existing = await listProcedures(tx);
    const byCode = new Map(existing.map((p) => [p.code, p]));
    const combined = [...new Map(incoming.map((p) => [p.code, combineWithStored(byCode.get(p.code), p)])).values()];
    const plan = planCatalogueImport(existing, combined, opts);
    const write = [...plan.added, ...plan.updated];
    for (let i = 0; i < write.length; i += 1000) {
      const batch = write.slice(i, i + 1000);
      const cols: unknown[][] = COLUMNS.map(() => new Array<unknown>(batch.length));
      batch.forEach((p, j) => toRowValues(p).forEach((v, k) => ((cols[k] as unknown[])[j] = v)));
      await tx.query(UPSERT_SQL, cols);
    }
    if (plan.withdrawn.length > 0) {
      await tx.query(
        "UPDATE procedures SET status = 'withdrawn', withdrawn_at = now(), updated_at = now() WHERE code = ANY($1::text[])",
        [plan.withdrawn.map((p) => p.code)],
      );
    }
    let version: number;
    if (write.length + plan.withdrawn.length > 0) {
      const r = await tx.query<{ version: string }>('UPDATE catalogue_version SET version = version + 1, changed_at = now() WHERE id = 1 RETURNING version');
      version = Number(r.rows[0]?.version);
    } else {
      version = await catalogueVersion(tx);
    }
    return {
      added: plan.added.map((p) => p.code),
      updated: plan.updated.map((p) => p.code),
      unchanged: plan.unchanged,
      withdrawn: plan.withdrawn.map((p) => p.code),
      version,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Unanswered queries

const MAX_QUERY = 200;

export interface TUnansweredQuery {
  /** the query as the search understood it (stop words removed, typos corrected): what gets grouped */
  understood: string;
  /** the citizen's text as typed; masked and shortened before it is stored */
  raw: string;
  confidence: 'weak' | 'none';
}

/**
 * Counts a query the catalogue could not answer well. Grouped by the folded understood text, so "khai sinh" and
 * "KHAI SINH" are one line. Personal data (phone, ID numbers) is masked before anything is written.
 */
export async function recordUnansweredQuery(db: Db, q: TUnansweredQuery): Promise<void> {
  // Numbers a citizen adds (a phone, an ID) are neither the subject nor safe to keep: out of the grouped query.
  const query = maskPersonalData(q.understood.normalize('NFC'))
    .replace(/\*+\d{0,2}|(?<![\d.])\d{7,}(?![\d.])/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_QUERY);
  const key = fold(query);
  if (key === '') return;
  const example = maskPersonalData(q.raw.normalize('NFC').replace(/\s+/g, ' ').trim()).slice(0, MAX_QUERY);
  await db.query(
    `INSERT INTO search_queries (query_key, query, confidence, last_example) VALUES ($1, $2, $3, $4)
     ON CONFLICT (query_key) DO UPDATE SET count = search_queries.count + 1, last_seen = now(),
       query = CASE WHEN $5 THEN EXCLUDED.query ELSE search_queries.query END,
       confidence = EXCLUDED.confidence, last_example = EXCLUDED.last_example`,
    // A query typed without marks does not replace a written form that has them: officers read the better one.
    [key, query, q.confidence, example, hasDiacritics(query)],
  );
}

export interface TSearchGap {
  query: string;
  count: number;
  confidence: 'weak' | 'none';
  firstSeen: Date;
  lastSeen: Date;
  example: string;
}

/** Unanswered queries, most frequent first (ties: most recent first). */
export async function listSearchGaps(db: Db, opts: { limit?: number } = {}): Promise<TSearchGap[]> {
  const r = await db.query<{ query: string; count: number; confidence: 'weak' | 'none'; first_seen: Date; last_seen: Date; last_example: string }>(
    'SELECT query, count, confidence, first_seen, last_seen, last_example FROM search_queries ORDER BY count DESC, last_seen DESC, query LIMIT $1',
    [opts.limit ?? 100],
  );
  return r.rows.map((x) => ({
    query: x.query, count: Number(x.count), confidence: x.confidence, firstSeen: new Date(x.first_seen), lastSeen: new Date(x.last_seen), example: x.last_example,
  }));
}
