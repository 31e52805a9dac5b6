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

export async function startPrivatePostgres(): Promise<{ url: string; stop: () => Promise<void> } | undefined> {
  const initdb = findPgBin('initdb');
  const postgres = findPgBin('postgres');
  if (!initdb || !postgres) return undefined;
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-pg-'));
  const wrap = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
  if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
  const [c1, a1] = wrap(initdb, ['-D', path.join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const init = spawnSync(c1, a1, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const [c2, a2] = wrap(postgres, ['-D', path.join(dir, 'data'), '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300']);
  const child: ChildProcess = spawn(c2, a2, { stdio: 'ignore' });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
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
  return {
    url,
    async stop() {
      // Stop postgres itself (the child may be runuser, which does not pass signals on), then make sure.
      const pgCtl = findPgBin('pg_ctl');
      if (pgCtl) {
        const [c3, a3] = wrap(pgCtl, ['stop', '-D', path.join(dir, 'data'), '-m', 'immediate', '-w', '-t', '10']);
        spawnSync(c3, a3, { stdio: 'ignore', timeout: 15_000 });
      }
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 2000))]);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
