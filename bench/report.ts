/**
 * Report benchmark: `npx tsx bench/report.ts` (options: --rows 1000000 --repeats 10 --engines pglite,postgres).
 *
 * The 1,000,000 dossiers of bench/figures.ts (the same generator, bench/lib/dossier-csv.ts) imported through the
 * real import path, the real catalogue of ../shared/data (when present) and the demo texts of 06/2024, then on
 * each engine, warm, repeated, median and min:
 *   (a) the whole monthly report of 06/2024 as `cli report` and the API make it: generateReport() → DOCX bytes
 *       (figures, catalogue counts, texts, model, docx packing), and the same as Markdown;
 *   (b) the baseline measured in the same run: computePeriodFigures() alone, the aggregate every answer needs —
 *       the difference is what the report itself costs.
 * Results: a table on stdout and bench/results/report.json. Goal: a report in under 2 s on either engine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_REPORT_TEXTS } from '../src/domain/demo/report-texts.ts';
import { parseOrg, type TOrg } from '../src/domain/org.ts';
import { periodForMonth } from '../src/domain/periods.ts';
import { loadFieldTable, readProcedureFiles } from '../src/import/read-procedures.ts';
import { generateReport } from '../src/report/service.ts';
import { defaultReportTexts } from '../src/report/texts.ts';
import { catalogueServiceFor } from '../src/services/catalogue.ts';
import { importDossiers } from '../src/services/import-dossiers.ts';
import type { Db } from '../src/store/db.ts';
import { computePeriodFigures } from '../src/store/dossier-figures.ts';
import { migrate } from '../src/store/migrate.ts';
import { writeReportTexts } from '../src/store/report-texts.ts';
import { writeCsv } from './lib/dossier-csv.ts';
import { forEachEngine, type TEngine } from './lib/engines.ts';
import { latencyOf, round, table } from './lib/stats.ts';

const { values: argv } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    repeats: { type: 'string', default: '10' },
    engines: { type: 'string', default: 'pglite,postgres' },
  },
});
const ROWS = Number(argv.rows);
const REPEATS = Number(argv.repeats);
const ENGINES = (argv.engines ?? '').split(',').map((s) => s.trim()).filter(Boolean) as TEngine[];
const PERIOD = periodForMonth(2024, 6);
const GOAL_MS = 2000;
// "Now" after the period, so it is closed and reported whole, whatever day the benchmark runs.
const NOW = new Date('2024-07-01T02:00:00Z');

const ROOT = path.resolve(import.meta.dirname, '..');
const org: TOrg = parseOrg(JSON.parse(fs.readFileSync(path.join(ROOT, 'config/org-phu-quoc-2024.json'), 'utf8')));

interface TTimes { first: number; median: number; min: number; p95: number }
interface TEngineResult {
  engine: string;
  importRows: number;
  importS: number;
  inScope: number;
  procedures: number;
  figuresMs: TTimes;
  reportDocxMs: TTimes;
  reportMdMs: TTimes;
  docxBytes: number;
  reportOverDocxFiguresMs: number;
}

async function times(fn: () => Promise<unknown>, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

function summary(first: number, values: number[]): TTimes {
  const l = latencyOf(values);
  return { first: round(first, 1), median: round(l.p50, 1), min: round(Math.min(...values), 1), p95: round(l.p95, 1) };
}

async function readCatalogue() {
  const dir = path.join(ROOT, '..', 'shared', 'data');
  if (!fs.existsSync(dir)) return [];
  const files = fs.readdirSync(dir).filter((f) => /^(catalog|procedures).*\.jsonl$/i.test(f)).sort().map((f) => path.join(dir, f));
  if (files.length === 0) return [];
  return (await readProcedureFiles(files, { fields: await loadFieldTable() })).procedures;
}

async function measure(engine: string, db: Db, csv: string): Promise<TEngineResult> {
  await migrate(db);
  process.stderr.write(`[${engine}] import…\n`);
  const t = performance.now();
  const r = await importDossiers(db, csv, { org });
  const importMs = performance.now() - t;
  if (!r.written || r.errors.length > 0) throw new Error(`import failed: ${JSON.stringify(r.errors.slice(0, 5))}`);
  await db.query('ANALYZE dossiers');
  const catalogue = await readCatalogue();
  if (catalogue.length > 0) await catalogueServiceFor(db).importProcedures(catalogue, { full: false });
  await writeReportTexts(db, '2024-06', DEMO_REPORT_TEXTS, 'bench', defaultReportTexts(org));

  process.stderr.write(`[${engine}] report…\n`);
  const docx = () => generateReport(db, { periodKey: '2024-06', org, format: 'docx', now: NOW });
  const md = () => generateReport(db, { periodKey: '2024-06', org, format: 'md', now: NOW });
  const figures = () => computePeriodFigures(db, PERIOD, { org });
  const [firstDocx] = await times(docx, 1);
  const [firstMd] = await times(md, 1);
  const [firstFigures] = await times(figures, 1);
  // Interleaved, so that any drift of the machine hits all three alike.
  const f: number[] = [];
  const d: number[] = [];
  const m: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    f.push(...(await times(figures, 1)));
    d.push(...(await times(docx, 1)));
    m.push(...(await times(md, 1)));
  }
  const report = await docx();
  if (report.failures.length > 0) throw new Error(`the computed figures fail invariants: ${JSON.stringify(report.failures)}`);
  const sum = await figures();
  const inScope = Object.values(sum.dossiers).reduce((s, x) => s + x.total, 0);
  const result: TEngineResult = {
    engine,
    importRows: r.rows,
    importS: round(importMs / 1000, 1),
    inScope,
    procedures: catalogue.length,
    figuresMs: summary(firstFigures!, f),
    reportDocxMs: summary(firstDocx!, d),
    reportMdMs: summary(firstMd!, m),
    docxBytes: report.buffer.length,
    reportOverDocxFiguresMs: 0,
  };
  result.reportOverDocxFiguresMs = round(result.reportDocxMs.median - result.figuresMs.median, 1);
  return result;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-bench-report-'));
  const csv = path.join(work, 'dossiers.csv');
  const stops: (() => Promise<void>)[] = [];
  const results: TEngineResult[] = [];
  try {
    process.stderr.write(`writing ${ROWS.toLocaleString('en')} dossiers to ${csv}…\n`);
    await writeCsv(csv, ROWS, org);
    results.push(...(await forEachEngine(ENGINES, work, stops, (label, db) => measure(label, db, csv))));

    console.log(`\nMonthly report of ${PERIOD.label} over ${ROWS.toLocaleString('en')} dossiers; ${os.cpus().length} CPU, load ${round(os.loadavg()[0]!, 2)}\n`);
    console.log(table(
      ['engine', 'in scope', 'baseline figures ms (median)', 'report DOCX ms (median)', 'DOCX ms (min)', 'DOCX ms (first)', 'report MD ms (median)', 'DOCX − figures ms', 'DOCX KB'],
      results.map((r) => [r.engine, r.inScope, r.figuresMs.median, r.reportDocxMs.median, r.reportDocxMs.min, r.reportDocxMs.first, r.reportMdMs.median, r.reportOverDocxFiguresMs, round(r.docxBytes / 1024, 1)]),
    ));
    const goal = Object.fromEntries(results.map((r) => [r.engine, r.reportDocxMs.median < GOAL_MS]));
    console.log(`\ngoal: report < ${GOAL_MS} ms: ${JSON.stringify(goal)}`);
    const file = path.join(ROOT, 'bench/results/report.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({
      benchmark: 'report',
      at: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model.trim(), node: process.version, platform: `${os.type()} ${os.release()}`, loadAverageAtEnd: round(os.loadavg()[0]!, 2) },
      settings: { rows: ROWS, repeats: REPEATS, period: { label: PERIOD.label, start: PERIOD.start, end: PERIOD.end } },
      baseline: 'computePeriodFigures of the same period on the same engine, interleaved with the report runs',
      results,
      goal,
    }, null, 2)}\n`);
    console.log(`\nwritten: ${path.relative(process.cwd(), file)}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
