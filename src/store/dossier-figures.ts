/**
 * The figures engine on the database: every dossier and online/digitisation figure of a period, per authority and
 * per reception point, from ONE aggregate query (count(*) FILTER … grouped by authority and reception point) over
 * the period's dossiers only — never loading rows. The definitions are those of the reference implementation
 * (src/domain/figures/reference.ts); the tests hold the two equal on random data.
 */
import type { Db } from './db.ts';
import { loadOrgStructure } from './dossiers.ts';
import { computeFeedbackFigures } from './feedback.ts';
import {
  emptyDossierFigures,
  onTimeRatePercent,
  rate2,
  type TDossierFigures,
  type TFigures,
  type TFiguresOptions,
} from '../domain/figures/index.ts';
import { AUTHORITIES, DEFAULT_ONLINE_SCOPE, receptionLayout, type TAuthority } from '../domain/org.ts';
import type { TPeriod } from '../domain/periods.ts';

// $1 = start, $2 = end. In scope: received_date <= end AND closed_on >= start (closed_on: see 020-dossiers.sql).
// Within scope a result dated <= end is in the period; precedence result > withdrawal > pending as in the reference.
const FIGURES_SQL = `
SELECT authority, reception_point,
  count(*)::int AS total,
  count(*) FILTER (WHERE received_date < $1::date)::int AS carried_over,
  count(*) FILTER (WHERE finished_date <= $2::date AND finished_date < due_date)::int AS early,
  count(*) FILTER (WHERE finished_date <= $2::date AND finished_date = due_date)::int AS on_time,
  count(*) FILTER (WHERE finished_date <= $2::date AND finished_date > due_date)::int AS late,
  count(*) FILTER (WHERE withdrawn_date <= $2::date AND (finished_date IS NULL OR finished_date > $2::date))::int AS withdrawn,
  count(*) FILTER (WHERE closed_on > $2::date AND due_date >= $2::date)::int AS pending_not_yet_due,
  count(*) FILTER (WHERE closed_on > $2::date AND due_date < $2::date)::int AS pending_overdue,
  count(*) FILTER (WHERE fully_online)::int AS fully_online,
  count(*) FILTER (WHERE received_date >= $1::date AND channel = 'online')::int AS received_online,
  count(*) FILTER (WHERE received_date >= $1::date AND paid_online)::int AS paid_online,
  count(*) FILTER (WHERE received_date >= $1::date AND digitised_at_receipt)::int AS digitised_at_receipt,
  count(*) FILTER (WHERE finished_date <= $2::date AND result_digitised IS NOT NULL)::int AS result_digitisable,
  count(*) FILTER (WHERE finished_date <= $2::date AND result_digitised)::int AS result_digitised
FROM dossiers
WHERE received_date <= $2::date AND closed_on >= $1::date AND ($3::text IS NULL OR reception_point = $3::text)
GROUP BY authority, reception_point`;

interface TGroupRow {
  authority: TAuthority;
  reception_point: string;
  total: number;
  carried_over: number;
  early: number;
  on_time: number;
  late: number;
  withdrawn: number;
  pending_not_yet_due: number;
  pending_overdue: number;
  fully_online: number;
  received_online: number;
  paid_online: number;
  digitised_at_receipt: number;
  result_digitisable: number;
  result_digitised: number;
}

const GROUP_COUNTS = [
  'total',
  'carried_over',
  'early',
  'on_time',
  'late',
  'withdrawn',
  'pending_not_yet_due',
  'pending_overdue',
  'fully_online',
  'received_online',
  'paid_online',
  'digitised_at_receipt',
  'result_digitisable',
  'result_digitised',
] as const;

function toFigures(g: TGroupRow): TDossierFigures {
  const resolved = g.early + g.on_time + g.late;
  const pending = g.pending_not_yet_due + g.pending_overdue;
  const f: TDossierFigures = {
    ...emptyDossierFigures(),
    carried_over: g.carried_over,
    new: g.total - g.carried_over,
    total: g.total,
    resolved,
    early: g.early,
    on_time: g.on_time,
    early_plus_on_time: g.early + g.on_time,
    late: g.late,
    withdrawn: g.withdrawn,
    pending,
    pending_not_yet_due: g.pending_not_yet_due,
    pending_overdue: g.pending_overdue,
  };
  return { ...f, on_time_rate_percent: onTimeRatePercent(f) };
}

function sumGroups(rows: readonly TGroupRow[], authority: TAuthority, reception_point = '*'): TGroupRow {
  const s = { authority, reception_point } as TGroupRow;
  for (const k of GROUP_COUNTS) s[k] = 0;
  for (const r of rows) for (const k of GROUP_COUNTS) s[k] += Number(r[k]);
  return s;
}

export type TPeriodFiguresOptions = TFiguresOptions;

/**
 * Figures of one period: the contract of interchange.md (src/domain/figures/contract.ts).
 * `unit` restricts to one reception point. Without `org`, the report layout comes from the stored units (saveOrg).
 */
export async function computePeriodFigures(db: Db, period: TPeriod, options: TPeriodFiguresOptions = {}): Promise<TFigures> {
  const scope = [...(options.onlineScope ?? options.org?.onlineScope ?? DEFAULT_ONLINE_SCOPE)];
  const r = await db.query<TGroupRow>(FIGURES_SQL, [period.start, period.end, options.unit ?? null]);
  const rows = r.rows.map((row) => {
    const n = { ...row };
    for (const k of GROUP_COUNTS) n[k] = Number(row[k]);
    return n;
  });

  const dossiers = Object.fromEntries(
    AUTHORITIES.map((a) => [a, toFigures(sumGroups(rows.filter((g) => g.authority === a), a))]),
  ) as Record<TAuthority, TDossierFigures>;

  const units: TFigures['units'] = {};
  for (const code of [...new Set(rows.map((g) => g.reception_point))].sort()) {
    const row: Partial<Record<TAuthority, TDossierFigures>> = {};
    for (const a of AUTHORITIES) {
      const g = rows.find((x) => x.reception_point === code && x.authority === a);
      if (g) row[a] = toFigures(g);
    }
    units[code] = row;
  }

  const o = sumGroups(rows.filter((g) => scope.includes(g.authority)), 'district');
  const newTotal = o.total - o.carried_over;
  const resolvedDigitisable = o.result_digitisable;

  let layout: Record<string, TAuthority[]>;
  if (options.org) layout = receptionLayout(options.org.levels, options.org.units);
  else {
    const stored = await loadOrgStructure(db);
    layout = receptionLayout(stored.levels, stored.units);
  }

  const feedback = await computeFeedbackFigures(db, period, options.unit);

  return {
    period: { start: period.start, end: period.end, label: period.label, key: period.key, rule: period.rule },
    unit: options.unit ?? null,
    dossiers,
    reception_points: layout,
    units,
    online_and_digitisation: {
      scope,
      received_online: o.received_online,
      new_total: newTotal,
      received_online_rate_percent: rate2(o.received_online, newTotal),
      fully_online: o.fully_online,
      in_scope_total: o.total,
      fully_online_rate_percent: rate2(o.fully_online, o.total),
      paid_online: o.paid_online,
      digitised_at_receipt: o.digitised_at_receipt,
      digitised_at_receipt_rate_percent: rate2(o.digitised_at_receipt, newTotal),
      result_digitised: o.result_digitised,
      result_digitisable: resolvedDigitisable,
      result_digitised_rate_percent: rate2(o.result_digitised, resolvedDigitisable),
    },
    feedback,
  };
}
