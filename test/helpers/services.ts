import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { freePort } from '../../src/redis/private-redis.ts';
import os from 'node:os';
import path from 'node:path';

/**
 * A private PostgreSQL server for the test run when TEST_DATABASE_URL is not given: initdb in a temp folder,
 * trust auth on loopback. As root it runs as the `postgres` system user (postgres refuses to run as root).
 */
function findPgBin(name: string): string | undefined {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return undefined;
  const versions = fs.readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const p = path.join(base, v, 'bin', name);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

export interface TPrivatePostgres {
  url: string;
  /** the cluster's data folder (postmaster.pid names the server's pid) */
  dataDir: string;
  /** the postmaster's pid while the server runs */
  pid(): number | undefined;
  /**
   * Stops the server the hard way (`pg_ctl stop -m immediate`: no shutdown checkpoint, crash recovery at the next
   * start, as after a crash), waits `downMs`, then starts it again on the same port and folder.
   */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `durable`: PostgreSQL's own defaults (fsync, synchronous_commit, full_page_writes on), so that a commit survives
 * a crash; by default they are off, which is faster for tests and loses the last commits on a crash.
 */
export async function startPrivatePostgres(opts: { durable?: boolean } = {}): Promise<TPrivatePostgres | undefined> {
  const initdb = findPgBin('initdb');
  const postgres = findPgBin('postgres');
  if (!initdb || !postgres) return undefined;
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-pg-'));
  const dataDir = path.join(dir, 'data');
  const wrap = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  const [c1, a1] = wrap(initdb, ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const init = spawnSync(c1, a1, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess;

  const launch = async () => {
    const fast = opts.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
    const [c2, a2] = wrap(postgres, ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', dir, ...fast, '-c', 'max_connections=300']);
    child = spawn(c2, a2, { stdio: 'ignore' });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
        s.on('error', () => resolve(false));
      });
      if (ok) break;
      if (Date.now() > deadline) throw new Error('private PostgreSQL did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300));
  };
  const halt = async (mode: 'immediate') => {
    // Stop postgres itself (the child may be runuser, which does not pass signals on), then make sure.
    const pgCtl = findPgBin('pg_ctl');
    if (pgCtl) {
      const [c3, a3] = wrap(pgCtl, ['stop', '-D', dataDir, '-m', mode, '-w', '-t', '10']);
      spawnSync(c3, a3, { stdio: 'ignore', timeout: 15_000 });
    }
    if (child.exitCode === null) {
      child.kill('SIGKILL');
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
    }
  };
  await launch();
  return {
    url,
    dataDir,
    pid() {
      try {
        return Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
      } catch {
        return undefined;
      }
    },
    async restart(downMs = 0) {
      await halt('immediate');
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    async stop() {
      await halt('immediate');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
