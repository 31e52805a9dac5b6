import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { hostPglite, readLiveLock } from './pglite-host.ts';
import { connectPostgres } from './postgres.ts';

export interface TOpenDbOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** Pool size: the server wants several connections, a CLI command one or two. */
  max?: number;
  /** Apply pending migrations (at boot). */
  migrate?: boolean;
  log?: (msg: string) => void;
}

export type TOpenedDb = Db & { readonly where: string };

/**
 * DATABASE_URL set → that PostgreSQL server. Unset → the embedded PGlite in DATA_DIR: served by this process when
 * nobody else serves it, otherwise reached through the serving process's socket.
 */
export async function openDatabase(opts: TOpenDbOptions): Promise<TOpenedDb> {
  let db: Db;
  let where: string;
  if (opts.databaseUrl) {
    db = connectPostgres(opts.databaseUrl, { max: opts.max });
    where = 'PostgreSQL (DATABASE_URL)';
  } else {
    const host = await hostPglite(opts.dataDir);
    if (host) {
      db = connectPostgres({ host: host.socketDir, port: host.port, user: 'postgres', database: 'postgres' }, {
        engine: 'pglite', max: opts.max, onClose: () => host.close(),
      });
      where = `PGlite ${opts.dataDir}`;
    } else {
      const lock = readLiveLock(opts.dataDir);
      if (!lock) throw new Error(`Không mở được PGlite trong ${opts.dataDir}`);
      db = connectPostgres({ host: lock.socketDir, port: lock.port, user: 'postgres', database: 'postgres' }, { engine: 'pglite', max: opts.max });
      where = `PGlite ${opts.dataDir} (qua tiến trình ${lock.pid})`;
    }
  }
  opts.log?.(`database: ${where}`);
  if (opts.migrate) {
    const applied = await migrate(db);
    if (applied.length) opts.log?.(`migrations applied: ${applied.join(', ')}`);
  }
  return Object.assign(db, { where });
}
