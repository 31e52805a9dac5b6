import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/store/db.ts';
import { migrate } from '../../src/store/migrate.ts';
import { hostMemoryPglite } from '../../src/store/pglite-host.ts';
import { connectPostgres } from '../../src/store/postgres.ts';

export type TEngine = 'pglite' | 'postgres';

/** Engines available in this run: PGlite always, PostgreSQL when the global setup found a server. */
export const ENGINES: TEngine[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * A fresh, migrated database: an in-memory PGlite behind its socket, or a new database on the test
 * PostgreSQL server (dropped on close). Both reached through the same `pg` repository code as production.
 */
export async function openTestDb(engine: TEngine = 'pglite'): Promise<Db> {
  if (engine === 'pglite') {
    const host = await hostMemoryPglite();
    const db = connectPostgres({ host: host.socketDir, port: host.port, user: 'postgres', database: 'postgres' }, {
      engine: 'pglite', max: 4, onClose: () => host.close(),
    });
    await migrate(db);
    return db;
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const db = await createScratchDatabase(adminUrl, { prefix: 'motcua_test', max: 8 });
  await migrate(db);
  return db;
}

/** A new, empty database on the server at adminUrl, dropped again when the handle is closed. */
export async function createScratchDatabase(adminUrl: string, opts: { prefix: string; max: number }): Promise<Db> {
  const name = `${opts.prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return connectPostgres(url.toString(), {
    max: opts.max,
    onClose: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  });
}
