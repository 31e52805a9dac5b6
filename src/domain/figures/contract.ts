/**
 * The figures contract (interchange.md "Machine-readable figures"): the key names of golden/2024-06.json plus the
 * period, per-unit figures and the report layout. CLI `stats --json`, the API, the chat and the report all read this.
 * More keys may be added; these keep their meaning.
 */
import { z } from 'zod';
import { ZIsoDate } from '../format.ts';
import { AUTHORITIES, ZAuthority, type TAuthority } from '../org.ts';
import { ZPeriodRule } from '../periods.ts';

const count = z.number().int().nonnegative();
/** A percent value (62.55 = 62,55%); null when its denominator is 0. */
const percent = z.number().nonnegative().nullable();

export const ZDossierFigures = z.object({
  carried_over: count,
  new: count,
  total: count,
  resolved: count,
  early: count,
  on_time: count,
  early_plus_on_time: count,
  late: count,
  withdrawn: count,
  pending: count,
  pending_not_yet_due: count,
  pending_overdue: count,
  /** (early + on time + pending not yet due) / (resolved + pending), whole percent, half up. */
  on_time_rate_percent: percent,
});
export type TDossierFigures = z.infer<typeof ZDossierFigures>;

export const ZOnlineFigures = z.object({
  scope: z.array(ZAuthority),
  received_online: count,
  new_total: count,
  received_online_rate_percent: percent,
  fully_online: count,
  in_scope_total: count,
  fully_online_rate_percent: percent,
  paid_online: count,
  digitised_at_receipt: count,
  digitised_at_receipt_rate_percent: percent,
  result_digitised: count,
  result_digitisable: count,
  result_digitised_rate_percent: percent,
});
export type TOnlineFigures = z.infer<typeof ZOnlineFigures>;

/** PAKN sources of the report's section I.3 (domain.md), in report order. */
export const FEEDBACK_SOURCES = ['national_portal', 'province', 'city'] as const;
export const ZFeedbackSource = z.enum(FEEDBACK_SOURCES);
export type TFeedbackSource = z.infer<typeof ZFeedbackSource>;

/** new + carried_over = resolved + processing (domain.md). */
export const ZFeedbackFigures = z.object({
  new: count,
  carried_over: count,
  resolved: count,
  processing: count,
});
export type TFeedbackFigures = z.infer<typeof ZFeedbackFigures>;

export const ZFiguresPeriod = z.object({
  start: ZIsoDate,
  end: ZIsoDate,
  label: z.string(),
  key: z.string(),
  rule: ZPeriodRule,
});

export const ZFigures = z.object({
  period: ZFiguresPeriod,
  /** The reception point the figures were restricted to, or null for the whole organisation. */
  unit: z.string().nullable(),
  /** Per authority, every reception point together. All four authorities are always present. */
  dossiers: z.object(Object.fromEntries(AUTHORITIES.map((a) => [a, ZDossierFigures])) as Record<TAuthority, typeof ZDossierFigures>),
  /** Report layout from the organisation configuration: level → authority rows of its section. */
  reception_points: z.record(z.string(), z.array(ZAuthority)),
  /** Per reception point (unit code) and authority; only pairs with at least one dossier in scope. */
  units: z.record(z.string(), z.partialRecord(ZAuthority, ZDossierFigures)),
  online_and_digitisation: ZOnlineFigures,
  /** PAKN per source (restricted to the unit that must answer when `unit` is set). */
  feedback: z.object(Object.fromEntries(FEEDBACK_SOURCES.map((s) => [s, ZFeedbackFigures])) as Record<TFeedbackSource, typeof ZFeedbackFigures>),
});
export type TFigures = z.infer<typeof ZFigures>;

export function emptyDossierFigures(): TDossierFigures {
  return {
    carried_over: 0,
    new: 0,
    total: 0,
    resolved: 0,
    early: 0,
    on_time: 0,
    early_plus_on_time: 0,
    late: 0,
    withdrawn: 0,
    pending: 0,
    pending_not_yet_due: 0,
    pending_overdue: 0,
    on_time_rate_percent: null,
  };
}
