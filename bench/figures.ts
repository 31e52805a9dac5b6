/**
 * Figures benchmark: `npx tsx bench/figures.ts` (options: --rows 1000000 --repeats 15 --engines pglite,postgres --keep-csv).
 *
 * 1,000,000 dossiers (deterministic, received 2020–2024 at the Phú Quốc units, realistic closing behaviour) are
 * written as a CSV with the interchange columns, then, on each engine:
 *   (a) import rate: the CSV through the real import path (read-table → validateDossierRow → upsertDossiers in ONE
 *       transaction, as `cli import dossiers` does), rows/s; baseline in the same run: reading and validating the
 *       same file without a database (the ceiling the database part is measured against);
 *   (b) figures of one period (06/2024) with computePeriodFigures — every authority, every unit, online figures —
 *       against a plain `SELECT count(*) FROM dossiers` over the same table, both warm, repeated, median and min.
 * PGlite: a data folder of its own, served by this process like the product does. PostgreSQL: TEST_DATABASE_URL
 * or DATABASE_URL (a fresh database is created and dropped), else a private server (test/helpers/services.ts).
 * Results: a table on stdout and bench/results/figures.json. Goals: figures < 1 s on PostgreSQL, import ≥ 20,000 rows/s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DOSSIER_COLUMNS, validateDossierRow } from '../src/domain/dossier.ts';
import { parseOrg, type TOrg } from '../src/domain/org.ts';
import { periodForMonth } from '../src/domain/periods.ts';
import { openTable } from '../src/import/read-table.ts';
import { importDossiers } from '../src/services/import-dossiers.ts';
import type { Db } from '../src/store/db.ts';
import { computePeriodFigures } from '../src/store/dossier-figures.ts';
import { migrate } from '../src/store/migrate.ts';
import { writeCsv } from './lib/dossier-csv.ts';
import { forEachEngine, type TEngine } from './lib/engines.ts';
import { latencyOf, round, table } from './lib/stats.ts';

const { values: argv } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    repeats: { type: 'string', default: '15' },
    engines: { type: 'string', default: 'pglite,postgres' },
    'keep-csv': { type: 'boolean', default: false },
  },
});
const ROWS = Number(argv.rows);
const REPEATS = Number(argv.repeats);
const ENGINES = (argv.engines ?? '').split(',').map((s) => s.trim()).filter(Boolean) as TEngine[];
const PERIOD = periodForMonth(2024, 6);
const GOAL_FIGURES_MS = 1000;
const GOAL_IMPORT_RPS = 20_000;

const ROOT = path.resolve(import.meta.dirname, '..');
const org: TOrg = parseOrg(JSON.parse(fs.readFileSync(path.join(ROOT, 'config/org-phu-quoc-2024.json'), 'utf8')));

/** Reading and validating the file without a database: the import path's ceiling. */
async function parseOnly(file: string): Promise<{ rows: number; ms: number }> {
  const t = performance.now();
  const { rows } = await openTable(file, DOSSIER_COLUMNS);
  let n = 0;
  for await (const row of rows) if (validateDossierRow(row, { org }).ok) n++;
  return { rows: n, ms: performance.now() - t };
}

interface TEngineResult {
  engine: string;
  importRows: number;
  importMs: number;
  importRowsPerS: number;
  figuresMs: { first: number; median: number; min: number; p95: number };
  countMs: { median: number; min: number };
  ratioFiguresToCount: number;
  unitFiguresMs: number;
  inScope: number;
}

async function timeIt(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

async function measure(engine: string, db: Db, csv: string): Promise<TEngineResult> {
  await migrate(db);
  process.stderr.write(`[${engine}] import…\n`);
  const t = performance.now();
  const r = await importDossiers(db, csv, { org });
  const importMs = performance.now() - t;
  if (!r.written || r.errors.length > 0) throw new Error(`import failed: ${JSON.stringify(r.errors.slice(0, 5))}`);
  // Fresh statistics, as autovacuum would have them shortly after a real import.
  await db.query('ANALYZE dossiers');
  process.stderr.write(`[${engine}] figures…\n`);
  const first = await timeIt(() => computePeriodFigures(db, PERIOD, { org }), 1);
  // Interleaved, so that any drift of the machine hits both alike.
  const figures: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    counts.push(...(await timeIt(() => db.query('SELECT count(*) FROM dossiers'), 1)));
    figures.push(...(await timeIt(() => computePeriodFigures(db, PERIOD, { org }), 1)));
  }
  const unit = await timeIt(() => computePeriodFigures(db, PERIOD, { org, unit: 'DUONG-DONG' }), 5);
  const f = await computePeriodFigures(db, PERIOD, { org });
  const inScope = Object.values(f.dossiers).reduce((s, d) => s + d.total, 0);
  const fl = latencyOf(figures);
  const cl = latencyOf(counts);
  return {
    engine,
    importRows: r.rows,
    importMs: round(importMs, 0),
    importRowsPerS: Math.round((r.rows / importMs) * 1000),
    figuresMs: { first: round(first[0]!, 1), median: round(fl.p50, 1), min: round(Math.min(...figures), 1), p95: round(fl.p95, 1) },
    countMs: { median: round(cl.p50, 1), min: round(Math.min(...counts), 1) },
    ratioFiguresToCount: round(fl.p50 / cl.p50, 2),
    unitFiguresMs: round(latencyOf(unit).p50, 1),
    inScope,
  };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-figures-'));
  const csv = path.join(work, 'dossiers.csv');
  const stops: (() => Promise<void>)[] = [];
  const results: TEngineResult[] = [];
  try {
    process.stderr.write(`writing ${ROWS.toLocaleString('en')} dossiers to ${csv}…\n`);
    const bytes = await writeCsv(csv, ROWS, org);
    process.stderr.write('baseline: read + validate without a database…\n');
    const base = await parseOnly(csv);
    if (base.rows !== ROWS) throw new Error(`the generated file has ${ROWS - base.rows} invalid rows`);

    results.push(...(await forEachEngine(ENGINES, work, stops, (label, db) => measure(label, db, csv))));

    const baseRps = Math.round((base.rows / base.ms) * 1000);
    console.log(`\nDossier figures, ${ROWS.toLocaleString('en')} dossiers (CSV ${round(bytes / 1e6, 0)} MB), period ${PERIOD.label} (${PERIOD.start} … ${PERIOD.end}); ${os.cpus().length} CPU, load ${round(os.loadavg()[0]!, 2)}\n`);
    console.log(table(
      ['engine', 'import rows/s', 'import s', 'baseline read+validate rows/s', 'figures ms (median)', 'figures ms (min)', 'figures ms (first)', 'count(*) ms (median)', 'figures / count(*)', 'one unit ms', 'in scope'],
      results.map((r) => [r.engine, r.importRowsPerS, round(r.importMs / 1000, 1), baseRps, r.figuresMs.median, r.figuresMs.min, r.figuresMs.first, r.countMs.median, r.ratioFiguresToCount, r.unitFiguresMs, r.inScope]),
    ));
    const pgResult = results.find((r) => r.engine.startsWith('PostgreSQL'));
    const goals = {
      figuresUnder1sOnPostgres: pgResult ? pgResult.figuresMs.median < GOAL_FIGURES_MS : null,
      importAtLeast20kRowsPerS: Object.fromEntries(results.map((r) => [r.engine, r.importRowsPerS >= GOAL_IMPORT_RPS])),
    };
    console.log(`\ngoals: figures < ${GOAL_FIGURES_MS} ms on PostgreSQL: ${goals.figuresUnder1sOnPostgres}; import ≥ ${GOAL_IMPORT_RPS.toLocaleString('en')} rows/s: ${JSON.stringify(goals.importAtLeast20kRowsPerS)}`);
    const file = path.join(ROOT, 'bench/results/figures.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({
      benchmark: 'figures',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model.trim(), node: process.version, platform: `${os.type()} ${os.release()}`, loadAverageAtEnd: round(os.loadavg()[0]!, 2) },
      settings: { rows: ROWS, repeats: REPEATS, period: { label: PERIOD.label, start: PERIOD.start, end: PERIOD.end }, csvBytes: bytes },
      baseline: { readValidateRowsPerS: baseRps, readValidateMs: round(base.ms, 0), note: 'the same CSV read and validated without a database; count(*) per engine below' },
      results,
      goals,
    }, null, 2)}\n`);
    console.log(`\nwritten: ${path.relative(process.cwd(), file)}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    if (argv['keep-csv']) process.stderr.write(`kept ${work}\n`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
