import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PgliteServer } from './pglite-server.ts';

/**
 * PGlite is single-process: exactly one process opens the data folder (the host). It serves the database on a
 * unix socket inside DATA_DIR, and every consumer — the host process itself included — speaks the PostgreSQL
 * protocol to it through `pg`. So the same repository code runs on PGlite and on a PostgreSQL server, and a CLI
 * command or a separate worker reaches the same data while the server runs, never opening the folder twice.
 * The socket server (pglite-server.ts) serialises clients and keeps each client's transaction to itself.
 */
export interface TPgliteHost {
  socketDir: string;
  port: number;
  close(): Promise<void>;
}

export interface TPgliteLock {
  pid: number;
  socketDir: string;
  port: number;
  startedAt: string;
}

const SOCKET_PORT = 5432;

function lockPath(dataDir: string): string {
  return path.join(dataDir, 'pglite.lock');
}

/** A unix socket path must stay under ~107 bytes; long DATA_DIRs get a private folder in the temp dir. */
function socketDirFor(dataDir: string): string {
  const candidate = path.join(dataDir, 'run');
  if (path.join(candidate, `.s.PGSQL.${SOCKET_PORT}`).length < 100) return candidate;
  const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `motcua-${hash}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live host's lock, if another process is serving this DATA_DIR. Removes a stale lock. */
export function readLiveLock(dataDir: string): TPgliteLock | undefined {
  try {
    const lock = JSON.parse(fs.readFileSync(lockPath(dataDir), 'utf8')) as TPgliteLock;
    if (lock.pid !== process.pid && isAlive(lock.pid)) return lock;
    if (lock.pid !== process.pid) fs.rmSync(lockPath(dataDir), { force: true });
  } catch {
    // no lock or unreadable: nobody serves it
  }
  return undefined;
}

/** Takes the folder: returns undefined when another live process holds it (connect to its socket instead). */
export async function hostPglite(dataDir: string): Promise<TPgliteHost | undefined> {
  fs.mkdirSync(dataDir, { recursive: true });
  const socketDir = socketDirFor(dataDir);
  const lock: TPgliteLock = { pid: process.pid, socketDir, port: SOCKET_PORT, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath(dataDir), JSON.stringify(lock), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (readLiveLock(dataDir)) return undefined;
      if (attempt === 2) throw new Error(`Không lấy được khoá cơ sở dữ liệu ${lockPath(dataDir)}`);
    }
  }
  const release = () => fs.rmSync(lockPath(dataDir), { force: true });
  try {
    fs.mkdirSync(socketDir, { recursive: true, mode: 0o700 });
    return await serve(await PGlite.create(path.join(dataDir, 'pglite')), socketDir, () => {
      fs.rmSync(path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`), { force: true });
      release();
    });
  } catch (err) {
    release();
    throw err;
  }
}

/** An in-memory PGlite served on a fresh socket: for tests and benchmarks. */
export async function hostMemoryPglite(): Promise<TPgliteHost> {
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-pgl-'));
  return serve(await PGlite.create(), socketDir, () => fs.rmSync(socketDir, { recursive: true, force: true }));
}

/** Serves db on the socket in socketDir; close() stops serving, closes the database, then runs cleanup. */
async function serve(db: PGlite, socketDir: string, cleanup: () => void): Promise<TPgliteHost> {
  const socketPath = path.join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);
  fs.rmSync(socketPath, { force: true });
  const server = new PgliteServer(db);
  await server.listen(socketPath);
  return {
    socketDir,
    port: SOCKET_PORT,
    async close() {
      await server.close();
      await db.close();
      cleanup();
    },
  };
}
