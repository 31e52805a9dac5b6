import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type TConfig } from '../config.ts';
import { migrate } from '../store/migrate.ts';
import { openDatabase, type TOpenedDb } from '../store/open.ts';

/** The repository root: sample webhooks and the organisation file are found from here, whatever the cwd. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const EXIT = { ok: 0, error: 1, usage: 2 } as const;

/** An error the officer can act on: its message is printed as is, without a stack trace. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.error) {
    super(message);
    this.name = 'CliError';
  }
}

/** A wrong invocation (missing argument, options that exclude each other): exit code 2. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

/**
 * Configuration is read when a command runs, not at start-up, so that `--help` works with a broken environment.
 * A ConfigError propagates to main.ts, which prints its message (every problem at once) and exits 1.
 */
export function cliConfig(): TConfig {
  return loadConfig();
}

export interface TDbContext {
  config: TConfig;
  db: TOpenedDb;
  /** Migrations this command applied on opening (usually none). */
  applied: string[];
}

/**
 * Opens the database for one command and closes it afterwards. Works whether or not the server runs: with the
 * server up, PGlite is reached through its socket (openDatabase never opens the folder twice). Needs no Redis.
 * Migrations are applied like `openDatabase({ migrate: true })` does, but here we keep the list of what was applied.
 */
export async function withDb<T>(fn: (ctx: TDbContext) => Promise<T>): Promise<T> {
  const config = cliConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, max: 2, migrate: false });
  try {
    const applied = await migrate(db);
    return await fn({ config, db, applied });
  } finally {
    await db.close();
  }
}

/** Writes one line to stdout (results) — diagnostics go to stderr so that `--json` output stays parseable. */
export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function note(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Left-aligned text table; widths by code points so Vietnamese diacritics do not skew columns. */
export function table(headers: string[], rows: string[][]): string {
  const width = (s: string) => [...s.normalize('NFC')].length;
  const widths = headers.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Date and time as an officer in Viet Nam reads it: 14/06/2024 08:30 (Asia/Ho_Chi_Minh). */
export function formatDateTime(d: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(d);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')} ${get('hour')}:${get('minute')}`;
}
