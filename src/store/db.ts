/**
 * The one storage interface (design.md: storage behind a small interface chosen at boot).
 * PostgreSQL dialect only; implemented by embedded PGlite and by a PostgreSQL server (pg Pool).
 * SQL lives in src/store and nowhere else.
 */
export interface TQueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Db {
  readonly engine: 'pglite' | 'postgres';
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<TQueryResult<R>>;
  /** Runs fn in one transaction; fn must use the tx handle it is given. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
