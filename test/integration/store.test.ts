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
