import path from 'node:path';
import type { Db } from '../../src/store/db.ts';
import { openDatabase } from '../../src/store/open.ts';
import { createScratchDatabase } from '../../test/helpers/db.ts';
import { startPrivatePostgres } from '../../test/helpers/services.ts';

export type TEngine = 'pglite' | 'postgres';

/**
 * Runs `measure` once per engine on a fresh database: PGlite in `work/pglite`, PostgreSQL on TEST_DATABASE_URL /
 * DATABASE_URL or else a private server (skipped, with a line on stderr, when no PostgreSQL is installed).
 * `stops` collects the private servers to stop at the end.
 */
export async function forEachEngine<T>(
  engines: readonly TEngine[],
  work: string,
  stops: (() => Promise<void>)[],
  measure: (label: string, db: Db) => Promise<T>,
): Promise<T[]> {
  const results: T[] = [];
  for (const engine of engines) {
    let db: Db;
    let label: string;
    if (engine === 'pglite') {
      db = await openDatabase({ databaseUrl: undefined, dataDir: path.join(work, 'pglite'), max: 2 });
      label = 'PGlite';
    } else {
      let adminUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
      let where = adminUrl ? 'given server' : 'private server';
      if (!adminUrl) {
        const server = await startPrivatePostgres();
        if (!server) {
          process.stderr.write('no PostgreSQL binaries and no TEST_DATABASE_URL/DATABASE_URL: PostgreSQL skipped\n');
          continue;
        }
        stops.push(server.stop);
        adminUrl = server.url;
        where = 'private server (fsync off)';
      }
      db = await createScratchDatabase(adminUrl, { prefix: 'motcua_bench', max: 2 });
      label = `PostgreSQL (${where})`;
    }
    try {
      results.push(await measure(label, db));
    } finally {
      await db.close();
    }
  }
  return results;
}
