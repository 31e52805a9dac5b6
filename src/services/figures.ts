/**
 * The figures of one period for the CLI, the API and the chat: the period as an officer names it, cut at today
 * while it is still running, then the one SQL figures engine.
 */
import type { TFigures } from '../domain/figures/index.ts';
import { todayInVietnam } from '../domain/format.ts';
import type { TOrg } from '../domain/org.ts';
import { periodToDate, resolvePeriod, type TPeriod, type TPeriodRule } from '../domain/periods.ts';
import type { Db } from '../store/db.ts';
import { computePeriodFigures } from '../store/dossier-figures.ts';

/** A period, cut at today while it runs (`partial`): pending dossiers are judged at today, not at a future cut-off. */
export type TReportPeriod = TPeriod & { partial: boolean };

/** The figures contract plus `period.partial` (true while the period is still running). */
export type TFiguresOutput = Omit<TFigures, 'period'> & { period: TFigures['period'] & { partial: boolean } };

export function toDate(period: TPeriod, now: Date): TReportPeriod {
  return periodToDate(period, todayInVietnam(now));
}

/** `2024-06`, `06/2024`, "tháng 6/2024", "tháng trước"… → the period; a Vietnamese error otherwise. */
export function resolveReportPeriod(text: string, opts: { now: Date; rule: TPeriodRule }): { ok: true; period: TReportPeriod } | { ok: false; error: string } {
  const r = resolvePeriod(text, opts);
  return r.ok ? { ok: true, period: toDate(r.period, opts.now) } : r;
}

export async function figuresOfPeriod(db: Db, period: TReportPeriod, opts: { org?: TOrg; unit?: string } = {}): Promise<TFiguresOutput> {
  const f = await computePeriodFigures(db, period, { org: opts.org, unit: opts.unit });
  return { ...f, period: { ...f.period, partial: period.partial } };
}
