/**
 * The procedure catalogue as the chat, the HTTP API and the CLI use it: procedures in the database, the search
 * index in memory. The index follows the database's catalogue version, so an import by any process (the officer
 * CLI, another server) reaches every process's search within `versionCheckMs`.
 */
import { normaliseProcedureCode, type TProcedure } from '../domain/procedure.ts';
import { buildSearchIndex, search, type TColloquial, type TSearchIndex, type TSearchResult } from '../domain/search/index.ts';
import { cleanText } from '../domain/vietnamese.ts';
import { loadColloquial } from '../import/read-procedures.ts';
import type { Db } from '../store/db.ts';
import {
  catalogueVersion,
  getProcedure,
  importCatalogue,
  listProcedures,
  listProcedureSummaries,
  recordUnansweredQuery,
  type TCatalogueImportSummary,
  type TListProceduresOptions,
} from '../store/procedures.ts';

export interface TCatalogueServiceOptions {
  /** the colloquial dictionary; default config/colloquial-vi.json, read once */
  colloquial?: TColloquial | (() => Promise<TColloquial>);
  /**
   * How long a process trusts its index before asking the database for the catalogue version again. One small
   * query per second at most; 0 asks on every call (tests, CLI).
   */
  versionCheckMs?: number;
  /** called when recording an unanswered query fails (the search answer is still given) */
  onError?: (err: unknown, what: string) => void;
}

export interface TSearchProceduresOptions {
  limit?: number;
  /** log a weak or empty answer as an unanswered query (chat and mini-app searches; not officers' own tests) */
  recordGap?: boolean;
}

interface TIndexState {
  version: number;
  index: TSearchIndex;
}

export class CatalogueService {
  private state: TIndexState | undefined;
  private checkedAt = -Infinity;
  private loading: Promise<TIndexState> | undefined;
  private colloquial: Promise<TColloquial> | undefined;
  private readonly versionCheckMs: number;

  constructor(private readonly db: Db, private readonly opts: TCatalogueServiceOptions = {}) {
    this.versionCheckMs = opts.versionCheckMs ?? 1000;
  }

  /** The current search index, rebuilt when the database's catalogue version moved. */
  async index(): Promise<TSearchIndex> {
    const now = performance.now();
    if (this.state && now - this.checkedAt < this.versionCheckMs) return this.state.index;
    // One rebuild at a time; concurrent callers share it.
    this.loading ??= this.refresh().finally(() => { this.loading = undefined; });
    return (await this.loading).index;
  }

  private async refresh(): Promise<TIndexState> {
    const version = await catalogueVersion(this.db);
    this.checkedAt = performance.now();
    if (this.state && this.state.version === version) return this.state;
    // Version first, rows second: an import committing in between only causes one more rebuild later.
    const [summaries, colloquial] = await Promise.all([listProcedureSummaries(this.db), this.loadColloquial()]);
    this.state = { version, index: buildSearchIndex(summaries, { colloquial }) };
    return this.state;
  }

  private loadColloquial(): Promise<TColloquial> {
    const c = this.opts.colloquial;
    this.colloquial ??= typeof c === 'function' ? c() : c ? Promise.resolve(c) : loadColloquial();
    return this.colloquial;
  }

  /** Forget the index: the next call compares versions with the database again. */
  invalidate(): void {
    this.checkedAt = -Infinity;
  }

  /** Catalogue version of the index in memory (undefined before the first search). */
  get version(): number | undefined {
    return this.state?.version;
  }

  async searchProcedures(query: string, opts: TSearchProceduresOptions = {}): Promise<TSearchResult> {
    // What a citizen typed may hold anything (NUL, control characters): stored as a gap only once cleaned.
    const text = cleanText(query);
    const result = search(await this.index(), text, { limit: opts.limit ?? 5 });
    if (opts.recordGap) await this.recordGap(text, result);
    return result;
  }

  /** Logs a query the catalogue answered weakly or not at all (an unknown code counts too). */
  async recordGap(text: string, result: TSearchResult): Promise<void> {
    if (result.confidence !== 'weak' && result.confidence !== 'none') return;
    const understood = result.understood.trim() || (result.code && !result.code.found ? result.code.code : '');
    try {
      await recordUnansweredQuery(this.db, { understood, raw: text, confidence: result.confidence });
    } catch (err) {
      this.opts.onError?.(err, 'record unanswered query');
    }
  }

  /** A procedure by code, in any form a citizen or a poster gives it ("#TTHC 1.001193", "1.001193.000.00.00.H33"). */
  async getProcedure(codeOrText: string): Promise<TProcedure | undefined> {
    const code = normaliseProcedureCode(codeOrText);
    return code ? getProcedure(this.db, code) : undefined;
  }

  listProcedures(opts: TListProceduresOptions = {}): Promise<TProcedure[]> {
    return listProcedures(this.db, opts);
  }

  /** Stores an import (see importCatalogue) and makes this process's next search use it at once. */
  async importProcedures(procedures: readonly TProcedure[], opts: { full: boolean }): Promise<TCatalogueImportSummary> {
    const summary = await importCatalogue(this.db, procedures, opts);
    this.invalidate();
    return summary;
  }
}

const services = new WeakMap<Db, CatalogueService>();

/** One service (one index in memory) per database handle, shared by the chat and the HTTP routes of a process. */
export function catalogueServiceFor(db: Db, opts?: TCatalogueServiceOptions): CatalogueService {
  let s = services.get(db);
  if (!s) {
    s = new CatalogueService(db, opts);
    services.set(db, s);
  }
  return s;
}
