import pg from 'pg';
import type { Db, TQueryResult } from './db.ts';

// Dates stay calendar strings (YYYY-MM-DD): a `date` must never shift with the process time zone.
pg.types.setTypeParser(1082, (v: string) => v);
// bigint counts are exact integers far below 2^53 in this product: return numbers, not strings.
pg.types.setTypeParser(20, (v: string) => Number(v));

type Queryable = pg.Pool | pg.PoolClient;

const NUL = '\u0000';
/**
 * PostgreSQL text cannot hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00"): one stray NUL in a citizen's
 * message or an import cell would fail the whole statement. Inputs are cleaned where they enter (cleanText); this is
 * the last guard, for string parameters and arrays of strings (bulk imports).
 */
function storable(p: unknown): unknown {
  if (typeof p === 'string') return p.includes(NUL) ? p.replaceAll(NUL, '') : p;
  if (Array.isArray(p) && p.some((x) => typeof x === 'string' && x.includes(NUL))) return p.map((x: unknown) => (typeof x === 'string' ? x.replaceAll(NUL, '') : x));
  return p;
}

class PgDb implements Db {
  constructor(
    readonly engine: 'pglite' | 'postgres',
    private readonly target: Queryable,
    private readonly pool: pg.Pool | undefined,
    private readonly onClose: () => Promise<void>,
  ) {}

  async query<R = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<TQueryResult<R>> {
    const result = await this.target.query(sql, params.map(storable));
    // A multi-statement script (a migration) answers with one result per statement: the last one counts.
    const r = (Array.isArray(result) ? result[result.length - 1] : result) as pg.QueryResult;
    return { rows: r.rows as R[], rowCount: r.rowCount ?? r.rows.length };
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    if (!this.pool) return fn(this); // already inside one: flat, like a savepoint-less nested call
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn(new PgDb(this.engine, client, undefined, async () => {}));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.onClose();
  }
}

export function connectPostgres(
  connection: string | pg.PoolConfig,
  opts: { engine?: 'pglite' | 'postgres'; max?: number; onClose?: () => Promise<void> } = {},
): Db {
  const config: pg.PoolConfig = typeof connection === 'string' ? { connectionString: connection } : connection;
  const pool = new pg.Pool({ max: opts.max ?? 10, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 10_000, ...config });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return new PgDb(opts.engine ?? 'postgres', pool, pool, async () => {
    await pool.end();
    await opts.onClose?.();
  });
}
