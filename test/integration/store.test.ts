import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/db.ts';
import { listMigrations, migrate } from '../../src/store/migrate.ts';
import { ENGINES, openTestDb } from '../helpers/db.ts';

describe.each(ENGINES)('storage on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { db = await openTestDb(engine); });
  afterAll(async () => { await db?.close(); });

  it('applies every migration once and is idempotent', async () => {
    const versions = (await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version);
    expect(versions).toEqual(listMigrations().map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
  });

  it('keeps dates as calendar strings and ids as exact strings', async () => {
    const r = await db.query<{ d: string; id: string }>(`SELECT DATE '2024-06-14' AS d, '8447113112345678901'::text AS id`);
    expect(r.rows[0]).toEqual({ d: '2024-06-14', id: '8447113112345678901' });
  });

  it('rolls a failed transaction back and commits a good one', async () => {
    await expect(db.transaction(async (tx) => {
      await tx.query(`INSERT INTO officers (zalo_user_id, unit_code, role) VALUES ('u1', 'PQ', 'officer')`);
      throw new Error('boom');
    })).rejects.toThrow('boom');
    expect((await db.query(`SELECT 1 FROM officers WHERE zalo_user_id = 'u1'`)).rowCount).toBe(0);
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO officers (zalo_user_id, unit_code, role) VALUES ('u2', 'PQ', 'leader')`);
    });
    expect((await db.query(`SELECT role FROM officers WHERE zalo_user_id = 'u2'`)).rows).toEqual([{ role: 'leader' }]);
  });

  it('keeps concurrent transactions apart', async () => {
    await db.query(`CREATE TABLE IF NOT EXISTS t_counter (n integer NOT NULL)`);
    await db.query(`INSERT INTO t_counter VALUES (0)`);
    await Promise.all(Array.from({ length: 20 }, () => db.transaction(async (tx) => {
      const { rows } = await tx.query<{ n: number }>('SELECT n FROM t_counter FOR UPDATE');
      await tx.query('UPDATE t_counter SET n = $1', [rows[0]!.n + 1]);
    })));
    expect((await db.query<{ n: number }>('SELECT n FROM t_counter')).rows[0]!.n).toBe(20);
  });
});

describe('the PGlite protocol server', () => {
  it('rolls back the transaction of a client that dies, and serves the others', async () => {
    const { hostMemoryPglite } = await import('../../src/store/pglite-host.ts');
    const { connectPostgres } = await import('../../src/store/postgres.ts');
    const pg = (await import('pg')).default;
    const host = await hostMemoryPglite();
    const db = connectPostgres({ host: host.socketDir, port: host.port, user: 'postgres', database: 'postgres' }, { engine: 'pglite', max: 4, onClose: () => host.close() });
    try {
      await db.query('CREATE TABLE t (n int)');
      const dying = new pg.Client({ host: host.socketDir, port: host.port, user: 'postgres', database: 'postgres' });
      dying.on('error', () => {});
      await dying.connect();
      await dying.query('BEGIN');
      await dying.query('INSERT INTO t VALUES (1)');
      // Another client's query waits while the transaction is open...
      const waiting = db.query<{ c: number }>('SELECT count(*)::int AS c FROM t');
      // ...and runs once the dead client's transaction is rolled back.
      (dying as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      expect((await waiting).rows[0]!.c).toBe(0);
      // Concurrent extended-protocol queries from many connections never interleave.
      const results = await Promise.all(Array.from({ length: 200 }, (_, i) => db.query<{ v: number }>('SELECT $1::int AS v', [i])));
      expect(results.map((r) => r.rows[0]!.v)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    } finally {
      await db.close();
    }
  });
});
