/**
 * The reference implementation of every dossier figure of domain.md: a plain in-memory reading of the definitions,
 * one dossier at a time. It is the oracle the SQL engine (src/store/dossier-figures.ts) is tested against, and the
 * engine for small in-memory sets (tests, the demo generator's self-check).
 */
import type { TDossier } from '../dossier.ts';
import { AUTHORITIES, DEFAULT_ONLINE_SCOPE, receptionLayout, type TAuthority, type TOrg } from '../org.ts';
import type { TPeriod } from '../periods.ts';
import { emptyDossierFigures, type TDossierFigures, type TFigures, type TOnlineFigures } from './contract.ts';
import { onTimeRatePercent, rate2 } from './rates.ts';
import { emptyFeedbackFigures } from '../feedback/figures.ts';

export interface TFiguresOptions {
  /** Gives the report layout (reception_points) and the online scope. */
  org?: TOrg;
  /** Restrict to dossiers received at this unit code. */
  unit?: string;
  /** Authorities the online/digitisation figures cover; default org.onlineScope, else district + commune. */
  onlineScope?: readonly TAuthority[];
}

export type TOutcome = 'early' | 'on_time' | 'late' | 'withdrawn' | 'pending_not_yet_due' | 'pending_overdue';

export interface TClassification {
  carriedOver: boolean;
  outcome: TOutcome;
}

/**
 * Where one dossier stands in a period, straight from domain.md; undefined when it is out of scope.
 * A dossier with both dates (the importer forbids it) counts as resolved if its result came in the period.
 */
export function classifyDossier(d: TDossier, period: { start: string; end: string }): TClassification | undefined {
  const { start, end } = period;
  const inScope =
    d.receivedDate <= end &&
    !(d.finishedDate !== undefined && d.finishedDate < start) &&
    !(d.withdrawnDate !== undefined && d.withdrawnDate < start);
  if (!inScope) return undefined;
  const carriedOver = d.receivedDate < start;
  let outcome: TOutcome;
  if (d.finishedDate !== undefined && d.finishedDate <= end) {
    outcome = d.finishedDate < d.dueDate ? 'early' : d.finishedDate === d.dueDate ? 'on_time' : 'late';
  } else if (d.withdrawnDate !== undefined && d.withdrawnDate <= end) {
    outcome = 'withdrawn';
  } else {
    outcome = d.dueDate >= end ? 'pending_not_yet_due' : 'pending_overdue';
  }
  return { carriedOver, outcome };
}

function add(f: TDossierFigures, c: TClassification): void {
  if (c.carriedOver) f.carried_over++;
  else f.new++;
  f.total++;
  switch (c.outcome) {
    case 'early':
    case 'on_time':
    case 'late':
      f.resolved++;
      f[c.outcome]++;
      if (c.outcome !== 'late') f.early_plus_on_time++;
      break;
    case 'withdrawn':
      f.withdrawn++;
      break;
    case 'pending_not_yet_due':
    case 'pending_overdue':
      f.pending++;
      f[c.outcome]++;
      break;
  }
}

function withRate(f: TDossierFigures): TDossierFigures {
  return { ...f, on_time_rate_percent: onTimeRatePercent(f) };
}

export function computeFiguresReference(
  dossiers: Iterable<TDossier>,
  period: TPeriod,
  options: TFiguresOptions = {},
): TFigures {
  const scope = [...(options.onlineScope ?? options.org?.onlineScope ?? DEFAULT_ONLINE_SCOPE)];
  const byAuthority = Object.fromEntries(AUTHORITIES.map((a) => [a, emptyDossierFigures()])) as Record<TAuthority, TDossierFigures>;
  const byUnit = new Map<string, Map<TAuthority, TDossierFigures>>();
  const online = {
    received_online: 0,
    new_total: 0,
    fully_online: 0,
    in_scope_total: 0,
    paid_online: 0,
    digitised_at_receipt: 0,
    result_digitised: 0,
    result_digitisable: 0,
  };

  for (const d of dossiers) {
    if (options.unit !== undefined && d.receptionPoint !== options.unit) continue;
    const c = classifyDossier(d, period);
    if (!c) continue;
    add(byAuthority[d.authority], c);
    let unit = byUnit.get(d.receptionPoint);
    if (!unit) byUnit.set(d.receptionPoint, (unit = new Map()));
    let uf = unit.get(d.authority);
    if (!uf) unit.set(d.authority, (uf = emptyDossierFigures()));
    add(uf, c);

    if (!scope.includes(d.authority)) continue;
    online.in_scope_total++;
    if (d.fullyOnline) online.fully_online++;
    if (!c.carriedOver) {
      online.new_total++;
      if (d.channel === 'online') online.received_online++;
      if (d.paidOnline) online.paid_online++;
      if (d.digitisedAtReceipt) online.digitised_at_receipt++;
    }
    if ((c.outcome === 'early' || c.outcome === 'on_time' || c.outcome === 'late') && d.resultDigitised !== null) {
      online.result_digitisable++;
      if (d.resultDigitised) online.result_digitised++;
    }
  }

  const units: TFigures['units'] = {};
  for (const code of [...byUnit.keys()].sort()) {
    const row: Partial<Record<TAuthority, TDossierFigures>> = {};
    for (const a of AUTHORITIES) {
      const f = byUnit.get(code)?.get(a);
      if (f) row[a] = withRate(f);
    }
    units[code] = row;
  }

  const onlineFigures: TOnlineFigures = {
    scope,
    received_online: online.received_online,
    new_total: online.new_total,
    received_online_rate_percent: rate2(online.received_online, online.new_total),
    fully_online: online.fully_online,
    in_scope_total: online.in_scope_total,
    fully_online_rate_percent: rate2(online.fully_online, online.in_scope_total),
    paid_online: online.paid_online,
    digitised_at_receipt: online.digitised_at_receipt,
    digitised_at_receipt_rate_percent: rate2(online.digitised_at_receipt, online.new_total),
    result_digitised: online.result_digitised,
    result_digitisable: online.result_digitisable,
    result_digitised_rate_percent: rate2(online.result_digitised, online.result_digitisable),
  };

  return {
    period: { start: period.start, end: period.end, label: period.label, key: period.key, rule: period.rule },
    unit: options.unit ?? null,
    dossiers: Object.fromEntries(AUTHORITIES.map((a) => [a, withRate(byAuthority[a])])) as Record<TAuthority, TDossierFigures>,
    reception_points: options.org ? receptionLayout(options.org.levels, options.org.units) : {},
    units,
    online_and_digitisation: onlineFigures,
    // Dossier-only oracle: feedback figures have their own (src/domain/feedback/figures.ts).
    feedback: emptyFeedbackFigures(),
  };
}
