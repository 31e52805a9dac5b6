/**
 * A deterministic, realistic dossier history (received 01/04–31/08/2024, plus an older backlog still open in May)
 * for the Phú Quốc demo organisation, whose 06/2024 figures (15/05–14/06/2024) equal golden/2024-06.json exactly.
 *
 * By construction, not by search:
 * 1. Every dossier in the scope of 06/2024 comes from a plan: per authority, per outcome (early, on time, late,
 *    withdrawn, pending not yet due, pending overdue) and per side (carried over / new), an exact count (PLAN).
 *    Each is placed by drawing a procedure and a receipt date on the right side of 15/05, computing the due date
 *    from the procedure's processing time in working days, and choosing a result / withdrawal date that puts it in
 *    its outcome — redrawn until the category's date constraints can be met.
 * 2. The online and digitisation flags of the district + commune dossiers in scope are then dealt exactly: shuffle,
 *    and mark the first N (ONLINE).
 * 3. Everything else is free and drawn naturally: dossiers received 01/04–14/05 that were closed before 15/05 (a
 *    draw that would stay open past 15/05 is dropped — the plan owns the carried-over ones), dossiers received from
 *    15/06 on, and what happens after 14/06 to the dossiers still pending then.
 * 4. The generator recomputes the 06/2024 figures and throws if any differs (it cannot, unless the plan is edited).
 * Randomness is a seeded sfc32 generator; no Math.random, no clock.
 */
import type { TDossier, TChannel } from '../dossier.ts';
import { normaliseProcedureCode } from '../dossier.ts';
import { computeFiguresReference } from '../figures/reference.ts';
import { addDays, dayOfWeek, type TIsoDate } from '../format.ts';
import { AUTHORITIES, receptionLayout, type TAuthority, type TOrg, type TUnit } from '../org.ts';
import { periodForMonth } from '../periods.ts';
import { BUILTIN_PROCEDURES, type TDemoProcedure } from './procedures.ts';
import { Rng } from './rng.ts';

export type { TDemoProcedure } from './procedures.ts';
export { BUILTIN_PROCEDURES } from './procedures.ts';

export const DEMO_HISTORY = {
  /** Receipt dates of the history proper. */
  from: '2024-04-01',
  to: '2024-08-31',
  /** The oldest backlog dossier still open in May may have been received this early. */
  backlogFrom: '2024-01-02',
  /** The dossier system's state is taken on this day: anything closing later is still open. */
  asOf: '2024-08-31',
} as const;

const PERIOD = periodForMonth(2024, 6, 'decree-09-2019');
const S = PERIOD.start;
const E = PERIOD.end;

type TOutcomeKey = 'early' | 'on_time' | 'late' | 'withdrawn' | 'pending_not_yet_due' | 'pending_overdue';
const OUTCOMES: readonly TOutcomeKey[] = ['early', 'on_time', 'late', 'withdrawn', 'pending_not_yet_due', 'pending_overdue'];

/**
 * [carried over, new] per outcome. The sums are the golden figures; the split between carried over and new, and the
 * district early/on-time split, are free in the golden file and chosen to look like a land-heavy city's month.
 */
export const PLAN: Record<TAuthority, Record<TOutcomeKey, readonly [number, number]>> = {
  district: { early: [430, 390], on_time: [70, 77], late: [80, 31], withdrawn: [12, 13], pending_not_yet_due: [90, 482], pending_overdue: [389, 6] },
  province: { early: [60, 240], on_time: [12, 36], late: [20, 26], withdrawn: [15, 94], pending_not_yet_due: [45, 777], pending_overdue: [10, 7] },
  vertical: { early: [0, 560], on_time: [0, 71], late: [0, 0], withdrawn: [0, 0], pending_not_yet_due: [0, 0], pending_overdue: [0, 0] },
  commune: { early: [35, 716], on_time: [1, 4], late: [15, 45], withdrawn: [2, 12], pending_not_yet_due: [2, 70], pending_overdue: [5, 0] },
};

/** Exact online/digitisation counts of 06/2024 over district + commune (golden); fully online split new/carried is free. */
const ONLINE = {
  receivedOnline: 1574,
  paidOnline: 859,
  digitisedAtReceipt: 1756,
  fullyOnlineNew: 1250,
  fullyOnlineCarried: 612,
  carriedOnline: 961,
  resultDigitisable: 1565,
  resultDigitised: 1289,
} as const;
const ONLINE_SCOPE: readonly TAuthority[] = ['district', 'commune'];

/** Natural behaviour of each authority outside the plan. */
const BEHAVIOUR: Record<TAuthority, { perDay: number; withdrawn: number; late: number; onTime: number; lateMean: number; online: number; carryTau: number }> = {
  district: { perDay: 43, withdrawn: 0.015, late: 0.12, onTime: 0.12, lateMean: 15, online: 0.85, carryTau: 25 },
  province: { perDay: 50, withdrawn: 0.07, late: 0.1, onTime: 0.12, lateMean: 8, online: 0.6, carryTau: 15 },
  vertical: { perDay: 27, withdrawn: 0, late: 0, onTime: 0.11, lateMean: 1, online: 0.3, carryTau: 5 },
  commune: { perDay: 37, withdrawn: 0.015, late: 0.07, onTime: 0.01, lateMean: 3, online: 0.85, carryTau: 6 },
};

/** Relative dossier volume of the Phú Quốc counters (roughly by population); other units weigh 1. */
const UNIT_WEIGHTS: Record<string, number> = {
  'DUONG-DONG': 30,
  'AN-THOI': 18,
  'CUA-DUONG': 12,
  'DUONG-TO': 9,
  'GANH-DAU': 6,
  'HAM-NINH': 6,
  'CUA-CAN': 5,
  'BAI-THOM': 5,
  'THO-CHAU': 1,
};

// ---------------------------------------------------------------------------------------------------------------
// Working-day calendar of 2024 (Vietnamese public holidays; Saturdays and Sundays off)

const HOLIDAYS = new Set([
  '2024-01-01',
  ...['08', '09', '10', '11', '12', '13', '14'].map((d) => `2024-02-${d}`), // Tết Giáp Thìn
  '2024-04-18', // Giỗ Tổ Hùng Vương
  '2024-04-29', '2024-04-30', '2024-05-01', // 30/4 – 1/5 (29/4 swapped with a Saturday)
  '2024-09-02', '2024-09-03',
  '2025-01-01',
]);

function isWorkingDay(d: TIsoDate): boolean {
  const w = dayOfWeek(d);
  return w !== 0 && w !== 6 && !HOLIDAYS.has(d);
}

const CAL_FROM = '2023-12-01';
const CAL_TO = '2025-06-30';
const WORKING_DAYS: TIsoDate[] = [];
for (let d = CAL_FROM; d <= CAL_TO; d = addDays(d, 1)) if (isWorkingDay(d)) WORKING_DAYS.push(d);

/** Index of the first working day ≥ d. */
function wdIndexAtOrAfter(d: TIsoDate): number {
  let lo = 0;
  let hi = WORKING_DAYS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((WORKING_DAYS[mid] as string) < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function wdAt(i: number): TIsoDate {
  const d = WORKING_DAYS[i];
  if (d === undefined) throw new Error('date outside the demo calendar');
  return d;
}

/** The due date: `days` working days after receipt (0 = same day). */
function addWorkingDays(d: TIsoDate, days: number): TIsoDate {
  return wdAt(wdIndexAtOrAfter(d) + days);
}

/** Working days in [from, to]. */
function workingDaysIn(from: TIsoDate, to: TIsoDate): TIsoDate[] {
  if (from > to) return [];
  return WORKING_DAYS.slice(wdIndexAtOrAfter(from), wdIndexAtOrAfter(addDays(to, 1)));
}

const maxD = (...ds: TIsoDate[]) => ds.reduce((a, b) => (a >= b ? a : b));
const minD = (...ds: TIsoDate[]) => ds.reduce((a, b) => (a <= b ? a : b));

// ---------------------------------------------------------------------------------------------------------------

interface TProc {
  code: string;
  authority: TAuthority;
  days: number;
  weight: number;
  anyCounter: boolean;
}

interface TDraft {
  authority: TAuthority;
  proc: TProc;
  unit: TUnit;
  received: TIsoDate;
  due: TIsoDate;
  finished?: TIsoDate;
  withdrawn?: TIsoDate;
  channel: TChannel;
  fullyOnline: boolean;
  paidOnline: boolean;
  digitisedAtReceipt: boolean;
  resultDigitised: boolean | null;
  apologySent?: boolean;
  /** In the plan of 06/2024: its side and outcome. */
  planned?: { carried: boolean; outcome: TOutcomeKey };
  order: number;
}

export interface TDossierHistoryOptions {
  /** The demo organisation (config/org-phu-quoc-2024.json): units receiving each authority. */
  org: TOrg;
  /** Procedures to draw from (the catalogue); authorities it lacks use BUILTIN_PROCEDURES. */
  procedures?: readonly TDemoProcedure[];
  seed?: number;
}

const DEFAULT_DAYS: Record<TAuthority, readonly [number, number]> = {
  district: [3, 30],
  province: [5, 20],
  vertical: [1, 7],
  commune: [1, 5],
};

function codeHash(code: string): number {
  let h = 2166136261;
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

function toProc(p: TDemoProcedure): TProc | undefined {
  const code = normaliseProcedureCode(p.code);
  if (!code) return undefined;
  const [lo, hi] = DEFAULT_DAYS[p.authority];
  return {
    code,
    authority: p.authority,
    // A catalogue without processing times gets a stable, plausible one per code.
    days: p.processingDays ?? lo + (codeHash(code) % (hi - lo + 1)),
    weight: p.weight ?? 1,
    anyCounter: p.anyCounter ?? false,
  };
}

/** Generates the history; the same options always give the same dossiers. */
export function generateDossierHistory(options: TDossierHistoryOptions): TDossier[] {
  const { org } = options;
  const rng = new Rng(options.seed ?? 20240614);

  const builtin = new Map<TAuthority, TProc[]>();
  const pools = new Map<TAuthority, TProc[]>();
  for (const a of AUTHORITIES) {
    builtin.set(a, BUILTIN_PROCEDURES.filter((p) => p.authority === a).map(toProc).filter((p): p is TProc => !!p));
    const given = (options.procedures ?? []).filter((p) => p.authority === a).map(toProc).filter((p): p is TProc => !!p);
    pools.set(a, given.length > 0 ? given : (builtin.get(a) as TProc[]));
  }

  // Units: an authority's dossiers go to the counters of its report level; "anyCounter" procedures also elsewhere.
  const layout = receptionLayout(org.levels, org.units);
  const homeUnits = new Map<TAuthority, TUnit[]>();
  const otherUnits = new Map<TAuthority, TUnit[]>();
  for (const a of AUTHORITIES) {
    const level = Object.entries(layout).find(([, as]) => as.includes(a))?.[0];
    const receiving = org.units.filter((u) => u.receives.includes(a));
    if (receiving.length === 0) throw new Error(`Cấu hình đơn vị không có nơi tiếp nhận hồ sơ ${a}: không tạo được dữ liệu mẫu.`);
    homeUnits.set(a, receiving.filter((u) => u.level === level));
    otherUnits.set(a, receiving.filter((u) => u.level !== level));
  }
  const unitWeight = (u: TUnit) => UNIT_WEIGHTS[u.code] ?? 1;
  const pickUnit = (a: TAuthority, proc: TProc): TUnit => {
    const others = otherUnits.get(a) as TUnit[];
    if (proc.anyCounter && others.length > 0 && rng.chance(0.35)) return rng.weighted(others, unitWeight);
    return rng.weighted(homeUnits.get(a) as TUnit[], unitWeight);
  };
  const pickProc = (a: TAuthority, fallback: boolean): TProc => rng.weighted((fallback ? builtin : pools).get(a) as TProc[], (p) => p.weight);

  let order = 0;
  const draft = (a: TAuthority, proc: TProc, received: TIsoDate): TDraft => ({
    authority: a,
    proc,
    unit: pickUnit(a, proc),
    received,
    due: addWorkingDays(received, proc.days),
    channel: 'counter',
    fullyOnline: false,
    paidOnline: false,
    digitisedAtReceipt: false,
    resultDigitised: null,
    order: order++,
  });

  /** Flags drawn naturally (everything the plan does not fix). */
  const naturalFlags = (d: TDraft): void => {
    const b = BEHAVIOUR[d.authority];
    const online = rng.chance(b.online);
    d.channel = online ? 'online' : rng.chance(0.05) ? 'postal' : 'counter';
    d.fullyOnline = online && rng.chance(0.78);
    d.paidOnline = online && rng.chance(0.55);
    d.digitisedAtReceipt = rng.chance(0.95);
    d.resultDigitised = d.finished !== undefined && rng.chance(0.83) ? rng.chance(0.82) : null;
    if (d.finished !== undefined && d.finished > d.due) d.apologySent = rng.chance(0.6);
  };

  /** What happens naturally to a dossier: result early / on time / late, or withdrawal. */
  const naturalClose = (d: TDraft): void => {
    const b = BEHAVIOUR[d.authority];
    const u = rng.next();
    if (u < b.withdrawn) d.withdrawn = addWorkingDays(d.received, rng.int(1, Math.max(1, d.proc.days)));
    else if (u < b.withdrawn + b.late) d.finished = addWorkingDays(d.due, 1 + rng.geometric(b.lateMean));
    else if (u < b.withdrawn + b.late + b.onTime || d.proc.days === 0) d.finished = d.due;
    else d.finished = addWorkingDays(d.received, rng.int(0, d.proc.days - 1));
  };

  /** A dossier still pending at 14/06: its later fate, strictly after 14/06 (or still open at asOf). */
  const closeAfterPeriod = (d: TDraft, overdue: boolean): void => {
    const b = BEHAVIOUR[d.authority];
    let close: TIsoDate;
    if (overdue || rng.chance(b.late * 1.5)) close = addWorkingDays(maxD(d.due, E), 1 + rng.geometric(Math.max(3, b.lateMean)));
    else {
      const early = workingDaysIn(addDays(E, 1), addDays(d.due, -1));
      close = early.length > 0 && rng.chance(0.85) ? rng.pick(early) : d.due > E ? d.due : addWorkingDays(E, 1);
    }
    if (close > DEMO_HISTORY.asOf) return;
    if (rng.chance(b.withdrawn)) d.withdrawn = close;
    else d.finished = close;
  };

  const drafts: TDraft[] = [];

  // 1. The plan of 06/2024.
  const periodDays = workingDaysIn(S, E);
  const carriedReceipt = (a: TAuthority, outcome: TOutcomeKey): TIsoDate => {
    const backlog = (a === 'district' || a === 'province') && (outcome === 'pending_overdue' || outcome === 'late');
    const from = backlog ? DEMO_HISTORY.backlogFrom : DEMO_HISTORY.from;
    const tau = BEHAVIOUR[a].carryTau * (backlog ? 2.5 : 1);
    for (;;) {
      // Redraw rather than snap to a working day: snapping would pile weekends onto Fridays.
      const day = addDays(S, -1 - rng.geometric(tau));
      if (day >= from && isWorkingDay(day)) return day;
    }
  };
  const place = (a: TAuthority, outcome: TOutcomeKey, carried: boolean): TDraft => {
    for (let attempt = 0; attempt < 20_000; attempt++) {
      const proc = pickProc(a, attempt >= 10_000);
      const received = carried ? carriedReceipt(a, outcome) : rng.pick(periodDays);
      // The backlog from before April is long procedures (land), not a 3-day registration forgotten for months.
      if (received < DEMO_HISTORY.from && proc.days < 15) continue;
      const d = draft(a, proc, received);
      const span = (from: TIsoDate, to: TIsoDate) => workingDaysIn(from, to);
      let ok = true;
      switch (outcome) {
        case 'early': {
          const days = span(maxD(received, S), minD(E, addDays(d.due, -1)));
          if ((ok = days.length > 0)) d.finished = rng.pick(days);
          break;
        }
        case 'on_time':
          if ((ok = d.due >= S && d.due <= E)) d.finished = d.due;
          break;
        case 'late': {
          const days = span(maxD(S, addDays(d.due, 1)), E);
          if ((ok = days.length > 0)) d.finished = rng.pick(days);
          break;
        }
        case 'withdrawn':
          d.withdrawn = rng.pick(span(maxD(received, S), E));
          break;
        case 'pending_not_yet_due':
          if ((ok = d.due >= E)) closeAfterPeriod(d, false);
          break;
        case 'pending_overdue':
          if ((ok = d.due < E)) closeAfterPeriod(d, true);
          break;
      }
      if (!ok) continue;
      d.planned = { carried, outcome };
      return d;
    }
    throw new Error(`Không xếp được hồ sơ mẫu ${a}/${outcome}: danh sách thủ tục không có thời hạn phù hợp.`);
  };
  for (const a of AUTHORITIES) {
    for (const outcome of OUTCOMES) {
      const [carried, fresh] = PLAN[a][outcome];
      for (let i = 0; i < carried; i++) drafts.push(place(a, outcome, true));
      for (let i = 0; i < fresh; i++) drafts.push(place(a, outcome, false));
    }
  }

  // 2. Exact online / digitisation flags of the planned district + commune dossiers; natural ones for the rest.
  const planned = drafts.filter((d) => d.planned && ONLINE_SCOPE.includes(d.authority));
  const plannedSet = new Set(planned);
  for (const d of drafts) if (!plannedSet.has(d)) naturalFlags(d);
  const fresh = rng.shuffle(planned.filter((d) => !d.planned?.carried));
  const carriedOver = rng.shuffle(planned.filter((d) => d.planned?.carried));
  fresh.forEach((d, i) => {
    d.channel = i < ONLINE.receivedOnline ? 'online' : rng.chance(0.05) ? 'postal' : 'counter';
  });
  const freshOnline = fresh.filter((d) => d.channel === 'online');
  rng.shuffle(freshOnline).forEach((d, i) => (d.paidOnline = i < ONLINE.paidOnline));
  rng.shuffle(freshOnline).forEach((d, i) => (d.fullyOnline = i < ONLINE.fullyOnlineNew));
  rng.shuffle([...fresh]).forEach((d, i) => (d.digitisedAtReceipt = i < ONLINE.digitisedAtReceipt));
  carriedOver.forEach((d, i) => {
    d.channel = i < ONLINE.carriedOnline ? 'online' : 'counter';
    d.fullyOnline = i < ONLINE.fullyOnlineCarried; // the first ones are online
    d.paidOnline = d.channel === 'online' && rng.chance(0.55);
    d.digitisedAtReceipt = rng.chance(0.95);
  });
  const resolved = rng.shuffle(planned.filter((d) => ['early', 'on_time', 'late'].includes(d.planned?.outcome ?? '')));
  resolved.forEach((d, i) => {
    d.resultDigitised = i < ONLINE.resultDigitisable ? i < ONLINE.resultDigitised : null;
  });
  const resolvedSet = new Set(resolved);
  for (const d of planned) {
    // Pending at 14/06, resolved later: the result's digitisation is free.
    if (!resolvedSet.has(d) && d.finished !== undefined) d.resultDigitised = rng.chance(0.83) ? rng.chance(0.82) : null;
    if (d.finished !== undefined && d.finished > d.due) d.apologySent = rng.chance(0.6);
  }

  // 3. Free dossiers: closed before 15/05, or received after 14/06.
  for (const received of workingDaysIn(DEMO_HISTORY.from, addDays(S, -1))) {
    for (const a of AUTHORITIES) {
      const n = rng.count(BEHAVIOUR[a].perDay);
      for (let i = 0; i < n; i++) {
        const d = draft(a, pickProc(a, false), received);
        naturalClose(d);
        if ((d.finished ?? d.withdrawn ?? E) >= S) continue; // would be carried over: the plan owns those
        naturalFlags(d);
        drafts.push(d);
      }
    }
  }
  for (const received of workingDaysIn(addDays(E, 1), DEMO_HISTORY.to)) {
    const seasonal = received >= '2024-08-01' ? 0.95 : 1.03; // a quieter August
    for (const a of AUTHORITIES) {
      const n = rng.count(BEHAVIOUR[a].perDay * seasonal);
      for (let i = 0; i < n; i++) {
        const d = draft(a, pickProc(a, false), received);
        naturalClose(d);
        if (d.finished !== undefined && d.finished > DEMO_HISTORY.asOf) delete d.finished;
        if (d.withdrawn !== undefined && d.withdrawn > DEMO_HISTORY.asOf) delete d.withdrawn;
        naturalFlags(d);
        drafts.push(d);
      }
    }
  }

  // Some online filings arrive on the weekend before: moved only where no period boundary is crossed.
  for (const d of drafts) {
    if (d.channel !== 'online' || dayOfWeek(d.received) !== 1 || !rng.chance(0.12)) continue;
    const r = addDays(d.received, -rng.int(1, 2));
    const sameSide = r >= S === d.received >= S && r > E === d.received > E;
    if (sameSide && (r >= DEMO_HISTORY.from || d.received < DEMO_HISTORY.from)) d.received = r;
  }

  const dossiers = toDossiers(drafts, org, rng);
  const problems = verifyJune2024(dossiers, org);
  if (problems.length > 0) throw new Error(`Dữ liệu mẫu lệch số liệu 06/2024:\n${problems.join('\n')}`);
  return dossiers;
}

/** Dossier codes as the provincial system writes them: agency code, receipt date, sequence of the day. */
function toDossiers(drafts: TDraft[], org: TOrg, rng: Rng): TDossier[] {
  const unitIndex = new Map(org.units.map((u, i) => [u.code, i]));
  const keyed = drafts.map((d) => ({ d, key: rng.next() }));
  keyed.sort((x, y) => (x.d.received < y.d.received ? -1 : x.d.received > y.d.received ? 1 : x.key - y.key));
  const seq = new Map<string, number>();
  const out: TDossier[] = [];
  for (const { d } of keyed) {
    const day = `${d.unit.code}|${d.received}`;
    const n = (seq.get(day) ?? 0) + 1;
    seq.set(day, n);
    const agency = `000.${String(unitIndex.get(d.unit.code) ?? 0).padStart(2, '0')}.38.H33`;
    const code = `${agency}-${d.received.slice(2).replaceAll('-', '')}-${String(n).padStart(4, '0')}`;
    out.push({
      code,
      procedureCode: d.proc.code,
      authority: d.authority,
      receptionPoint: d.unit.code,
      receivedDate: d.received,
      dueDate: d.due,
      ...(d.finished !== undefined ? { finishedDate: d.finished } : {}),
      ...(d.withdrawn !== undefined ? { withdrawnDate: d.withdrawn } : {}),
      channel: d.channel,
      fullyOnline: d.fullyOnline,
      paidOnline: d.paidOnline,
      digitisedAtReceipt: d.digitisedAtReceipt,
      resultDigitised: d.resultDigitised,
      ...(d.apologySent !== undefined ? { apologySent: d.apologySent } : {}),
    });
  }
  return out;
}

/** The self-check: 06/2024 figures of the generated set against the plan; returns the differences. */
function verifyJune2024(dossiers: readonly TDossier[], org: TOrg): string[] {
  const f = computeFiguresReference(dossiers, PERIOD, { org, onlineScope: ONLINE_SCOPE });
  const problems: string[] = [];
  const expect = (what: string, got: number, want: number) => {
    if (got !== want) problems.push(`${what}: ${got} ≠ ${want}`);
  };
  for (const a of AUTHORITIES) {
    for (const outcome of OUTCOMES) {
      const [carried, fresh] = PLAN[a][outcome];
      expect(`${a}.${outcome}`, f.dossiers[a][outcome], carried + fresh);
    }
    const carried = OUTCOMES.reduce((s, o) => s + PLAN[a][o][0], 0);
    expect(`${a}.carried_over`, f.dossiers[a].carried_over, carried);
  }
  const o = f.online_and_digitisation;
  expect('received_online', o.received_online, ONLINE.receivedOnline);
  expect('paid_online', o.paid_online, ONLINE.paidOnline);
  expect('digitised_at_receipt', o.digitised_at_receipt, ONLINE.digitisedAtReceipt);
  expect('fully_online', o.fully_online, ONLINE.fullyOnlineNew + ONLINE.fullyOnlineCarried);
  expect('result_digitisable', o.result_digitisable, ONLINE.resultDigitisable);
  expect('result_digitised', o.result_digitised, ONLINE.resultDigitised);
  return problems;
}
