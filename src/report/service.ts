/**
 * The monthly report for the CLI, the officer API, the chat and the scheduled job: the figures of the one figures
 * engine, the catalogue counts, the officer texts of the period → model → DOCX or Markdown.
 */
import { todayInVietnam } from '../domain/format.ts';
import type { TFigures, TInvariantFailure } from '../domain/figures/index.ts';
import type { TOrg } from '../domain/org.ts';
import { DEFAULT_PERIOD_RULE, periodContaining, periodFromKey, resolvePeriod, shiftPeriod, type TPeriod, type TPeriodRule } from '../domain/periods.ts';
import { toDate } from '../services/figures.ts';
import type { Db } from '../store/db.ts';
import { computePeriodFigures } from '../store/dossier-figures.ts';
import { listProcedures } from '../store/procedures.ts';
import { claimReportDraft, readReportTexts } from '../store/report-texts.ts';
import { computeCatalogueCounts } from './catalogue.ts';
import { renderReportDocx } from './docx.ts';
import { renderReportMarkdown } from './markdown.ts';
import { buildReportModel, type TReportModel } from './model.ts';
import { completeTexts, defaultReportTexts, type TReportTexts } from './texts.ts';

export type TReportFormat = 'docx' | 'md';

export const REPORT_CONTENT_TYPES: Record<TReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
};

/** A period that cannot be reported on (malformed, not begun): the message is Vietnamese, for the officer. */
export class ReportPeriodError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportPeriodError';
  }
}

export interface TGenerateReportOptions {
  /** "2024-06" (also "06/2024", "tháng 6/2024", "tháng trước"). */
  periodKey: string;
  org: TOrg;
  format?: TReportFormat;
  now?: Date;
  periodRule?: TPeriodRule;
  /** An imported summary to print instead of the computed figures (checked; failures go to the annex). */
  figures?: TFigures;
}

export interface TGeneratedReport {
  buffer: Buffer;
  /** ASCII file name, safe in any header or file system: "bao-cao-cchc-2024-06.docx". */
  filename: string;
  /** The name officers see: "Báo cáo CCHC tháng 06-2024.docx". */
  displayName: string;
  contentType: string;
  /** Three lines of Vietnamese for the chat message that carries the file. */
  summary: string;
  /** Invariants the figures break ([] for computed figures); the chat warns the officer when not empty. */
  failures: TInvariantFailure[];
  period: TReportModel['period'];
  model: TReportModel;
}

/** The period of a key or of an officer's words; refuses a period that has not begun. */
export function resolveReportPeriodKey(text: string, opts: { now: Date; rule: TPeriodRule }): TPeriod {
  const today = todayInVietnam(opts.now);
  const byKey = periodFromKey(text.trim(), opts.rule);
  if (byKey) {
    if (byKey.start > today) throw new ReportPeriodError(`Kỳ báo cáo tháng ${byKey.label} chưa bắt đầu.`);
    return byKey;
  }
  const r = resolvePeriod(text, { now: opts.now, rule: opts.rule });
  if (!r.ok) throw new ReportPeriodError(r.error);
  return r.period;
}

/** The complete officer texts of a period (started from the previous period's texts on first use). */
export async function periodReportTexts(db: Db, periodKey: string, org: TOrg): Promise<TReportTexts> {
  const defaults = defaultReportTexts(org);
  const stored = await readReportTexts(db, periodKey, defaults);
  return completeTexts(Object.fromEntries(stored.map((s) => [s.part, s.text])), defaults);
}

/** The report model of a period, from the database (or `figures`, an imported summary). */
export async function buildPeriodReport(db: Db, opts: Omit<TGenerateReportOptions, 'format'>): Promise<TReportModel> {
  const now = opts.now ?? new Date();
  const rule = opts.periodRule ?? DEFAULT_PERIOD_RULE;
  const period = resolveReportPeriodKey(opts.periodKey, { now, rule });
  const cut = toDate(period, now);
  const figures = opts.figures ?? (await computePeriodFigures(db, cut, { org: opts.org }));
  const catalogue = computeCatalogueCounts(await listProcedures(db, { status: 'active' }), opts.org);
  const texts = await periodReportTexts(db, period.key, opts.org);
  return buildReportModel(figures, catalogue, texts, opts.org, { partial: cut.partial });
}

export function reportFileNames(periodKey: string, label: string, format: TReportFormat): { filename: string; displayName: string } {
  return { filename: `bao-cao-cchc-${periodKey}.${format}`, displayName: `Báo cáo CCHC tháng ${label.replace('/', '-')}.${format}` };
}

/**
 * `Content-Disposition` for a download: an ASCII `filename` for old clients and the Vietnamese name as
 * `filename*` (RFC 6266 / 5987), so "Báo cáo" survives every browser.
 */
export function contentDisposition(filename: string, displayName: string): string {
  const encoded = encodeURIComponent(displayName.normalize('NFC')).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${filename.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

/** The report of a period as a file, with its chat summary and the failed checks. */
export async function generateReport(db: Db, opts: TGenerateReportOptions): Promise<TGeneratedReport> {
  const format = opts.format ?? 'docx';
  const model = await buildPeriodReport(db, opts);
  const buffer = format === 'docx' ? await renderReportDocx(model) : Buffer.from(renderReportMarkdown(model), 'utf8');
  return {
    buffer,
    ...reportFileNames(model.period.key, model.period.label, format),
    contentType: REPORT_CONTENT_TYPES[format],
    summary: model.summary.join('\n'),
    failures: model.failures,
    period: model.period,
    model,
  };
}

export interface TDraftOptions {
  org: TOrg;
  now?: Date;
  periodRule?: TPeriodRule;
  /** Default: the last closed period at `now`. */
  periodKey?: string;
  /** Who drafts (instance id, job id): recorded with drafted_at. */
  by?: string;
  format?: TReportFormat;
  /**
   * Runs inside the drafting transaction once this call has won the draft: write the leaders' notifications
   * (outgoing message rows) here and they are recorded exactly when the draft is.
   */
  onDrafted?: (tx: Db, report: TGeneratedReport) => Promise<void>;
}

export type TDraftResult =
  | { drafted: true; periodKey: string; report: TGeneratedReport }
  | { drafted: false; periodKey: string; reason: 'already-drafted' | 'not-closed' };

/**
 * Drafts the report of the period that has just closed, once: the period row's drafted_at is claimed in the same
 * transaction that generates the report, so running it twice, or on four instances at once, drafts once (the
 * others wait on the row and find it drafted); a failed generation rolls the claim back and a retry drafts.
 */
export async function draftReportOnPeriodClose(db: Db, opts: TDraftOptions): Promise<TDraftResult> {
  const now = opts.now ?? new Date();
  const rule = opts.periodRule ?? DEFAULT_PERIOD_RULE;
  const today = todayInVietnam(now);
  const period = opts.periodKey ? resolveReportPeriodKey(opts.periodKey, { now, rule }) : shiftPeriod(periodContaining(today, rule), -1);
  if (period.end >= today) return { drafted: false, periodKey: period.key, reason: 'not-closed' };
  return db.transaction(async (tx) => {
    const won = await claimReportDraft(tx, period.key, opts.by ?? 'system', defaultReportTexts(opts.org));
    if (!won) return { drafted: false, periodKey: period.key, reason: 'already-drafted' } as const;
    const report = await generateReport(tx, { periodKey: period.key, org: opts.org, format: opts.format ?? 'docx', now, periodRule: rule });
    if (opts.onDrafted) await opts.onDrafted(tx, report);
    return { drafted: true, periodKey: period.key, report } as const;
  });
}
