import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** The officer CLI as an officer runs it: a separate process with its own environment, without Redis. */

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface TRun { code: number | null; stdout: string; stderr: string }

/** The parent's environment without anything that would change what the CLI does, plus `env`. */
export function runCli(args: string[], env: Record<string, string>, timeoutMs = 90_000): Promise<TRun> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(ZALO_|DATABASE_URL$|REDIS_URL$|DATA_DIR$|ORG_CONFIG_FILE$|PERIOD_RULE$|HOLIDAYS_FILE$|LOG_LEVEL$|NODE_OPTIONS$|DEBUG$)/.test(k)) continue;
    clean[k] = v;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, env: { ...clean, NODE_ENV: 'test', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d; });
    child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`cli ${args.join(' ')} timed out\n${stdout}\n${stderr}`)); }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

/** A scratch place for one CLI database: a PGlite folder, or a new database on the test PostgreSQL server. */
export interface TCliDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function cliDatabase(engine: 'pglite' | 'postgres'): Promise<TCliDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-cli-db-'));
  const removeDir = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (engine === 'pglite') return { env: { DATA_DIR: dataDir }, drop: removeDir };
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `motcua_cli_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    // DATA_DIR too: the CLI keeps nothing there with a DATABASE_URL, but it must not touch the repository's ./data.
    env: { DATABASE_URL: url.toString(), DATA_DIR: dataDir },
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
      await removeDir();
    },
  };
}
