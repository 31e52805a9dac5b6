import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TDossier } from '../../src/domain/dossier.ts';
import {
  checkInvariants,
  classifyDossier,
  computeFiguresReference,
  onTimeRatePercent,
  ratePercent,
  ZFigures,
  type TDossierFigures,
  type TFigures,
} from '../../src/domain/figures/index.ts';
import { AUTHORITIES } from '../../src/domain/org.ts';
import { periodForMonth, shiftPeriod } from '../../src/domain/periods.ts';
import { arbDossiers, arbPeriod } from '../helpers/arbitraries.ts';
import { demoOrg, golden } from '../helpers/golden.ts';

const org = demoOrg;
const JUNE = periodForMonth(2024, 6);

const COUNT_KEYS = ['carried_over', 'new', 'total', 'resolved', 'early', 'on_time', 'early_plus_on_time', 'late', 'withdrawn', 'pending', 'pending_not_yet_due', 'pending_overdue'] as const;

describe('rates exactly as domain.md', () => {
  it.each([
    [1539, 2045, 0, 75], // district
    [1170, 1233, 0, 95], // province
    [828, 893, 0, 93], // commune
    [631, 631, 0, 100], // vertical
    [1862, 2977, 2, 62.55],
    [1756, 1846, 2, 95.12],
    [1289, 1565, 2, 82.36],
    [1, 8, 0, 13], // 12.5 → 13: half up
    [1, 40, 0, 3], // 2.5 → 3
    [3, 8, 0, 38], // 37.5 → 38
    [1, 16, 0, 6], // 6.25
    [1, 800, 2, 0.13], // 0.125 → 0.13
    [0, 5, 0, 0],
  ])('%i/%i with %i decimals = %d', (num, den, decimals, expected) => {
    expect(ratePercent(num, den, decimals)).toBe(expected);
  });

  it('is undefined (null) over nothing', () => {
    expect(ratePercent(0, 0)).toBeNull();
    expect(onTimeRatePercent({ early_plus_on_time: 0, pending_not_yet_due: 0, resolved: 0, pending: 0 })).toBeNull();
  });

  it('agrees with exact rational rounding', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.nat(), fc.constantFrom(0, 2), (den, n, decimals) => {
        const num = n % (den + 1);
        const scale = 10n ** BigInt(decimals);
        const exact = (2n * BigInt(num) * 100n * scale + BigInt(den)) / (2n * BigInt(den));
        expect(ratePercent(num, den, decimals)).toBe(Number(exact) / Number(scale));
      }),
    );
  });

  it('reproduces the four on-time rates of the June 2024 report', () => {
    for (const a of AUTHORITIES) {
      const g = golden.dossiers[a] as TDossierFigures;
      expect(onTimeRatePercent(g)).toBe(g.on_time_rate_percent);
    }
  });
});

describe('the edge cases of domain.md, by hand (06/2024 = 15/05–14/06)', () => {
  const d = (code: string, receivedDate: string, dueDate: string, end: { finishedDate?: string; withdrawnDate?: string } = {}): TDossier => ({
    code,
    procedureCode: '1.001193',
    authority: 'commune',
    receptionPoint: 'DUONG-DONG',
    receivedDate,
    dueDate,
    ...end,
    channel: 'counter',
    fullyOnline: false,
    paidOnline: false,
    digitisedAtReceipt: false,
    resultDigitised: null,
  });
  const set = [
    d('finished-on-due-date', '2024-06-01', '2024-06-10', { finishedDate: '2024-06-10' }),
    d('due-on-cut-off-day', '2024-05-20', '2024-06-14'),
    d('due-day-before-cut-off', '2024-05-20', '2024-06-13'),
    d('withdrawn-in-period', '2024-05-10', '2024-05-20', { withdrawnDate: '2024-05-25' }),
    d('received-after-period', '2024-06-15', '2024-06-20'),
    d('finished-before-period', '2024-05-01', '2024-05-10', { finishedDate: '2024-05-14' }),
    d('withdrawn-before-period', '2024-05-01', '2024-05-10', { withdrawnDate: '2024-05-14' }),
    d('carried-finished-first-day-late', '2024-05-01', '2024-05-10', { finishedDate: '2024-05-15' }),
    d('received-last-day-finished-same-day', '2024-06-14', '2024-06-20', { finishedDate: '2024-06-14' }),
    d('carried-finished-after-period', '2024-05-14', '2024-05-30', { finishedDate: '2024-06-15' }),
    d('received-first-day-on-time', '2024-05-15', '2024-05-16', { finishedDate: '2024-05-16' }),
    d('withdrawn-after-period', '2024-06-10', '2024-06-12', { withdrawnDate: '2024-06-20' }),
  ];

  it('classifies each one', () => {
    const c = Object.fromEntries(set.map((x) => [x.code, classifyDossier(x, JUNE)]));
    expect(c).toEqual({
      'finished-on-due-date': { carriedOver: false, outcome: 'on_time' },
      'due-on-cut-off-day': { carriedOver: false, outcome: 'pending_not_yet_due' },
      'due-day-before-cut-off': { carriedOver: false, outcome: 'pending_overdue' },
      'withdrawn-in-period': { carriedOver: true, outcome: 'withdrawn' },
      'received-after-period': undefined,
      'finished-before-period': undefined,
      'withdrawn-before-period': undefined,
      'carried-finished-first-day-late': { carriedOver: true, outcome: 'late' },
      'received-last-day-finished-same-day': { carriedOver: false, outcome: 'early' },
      'carried-finished-after-period': { carriedOver: true, outcome: 'pending_overdue' },
      'received-first-day-on-time': { carriedOver: false, outcome: 'on_time' },
      'withdrawn-after-period': { carriedOver: false, outcome: 'pending_overdue' },
    });
  });

  it('counts them', () => {
    const f = computeFiguresReference(set, JUNE, { org });
    expect(f.dossiers.commune).toEqual({
      carried_over: 3,
      new: 6,
      total: 9,
      resolved: 4,
      early: 1,
      on_time: 2,
      early_plus_on_time: 3,
      late: 1,
      withdrawn: 1,
      pending: 4,
      pending_not_yet_due: 1,
      pending_overdue: 3,
      on_time_rate_percent: 50, // (1 + 2 + 1) / (4 + 4)
    });
    expect(f.dossiers.district.total).toBe(0);
    expect(f.dossiers.district.on_time_rate_percent).toBeNull();
    expect(f.units).toEqual({ 'DUONG-DONG': { commune: f.dossiers.commune } });
    expect(checkInvariants(f)).toEqual([]);
  });

  it('counts them under calendar months too (06/2024 = 01/06–30/06)', () => {
    const f = computeFiguresReference(set, periodForMonth(2024, 6, 'calendar-month'));
    // Carried over: the two received 20/05 (now overdue), the one finished late on 15/06. New: four received in June.
    expect(f.dossiers.commune).toMatchObject({ carried_over: 3, new: 4, total: 7, resolved: 3, early: 1, on_time: 1, late: 1, withdrawn: 1, pending: 3, pending_overdue: 3 });
  });
});

describe('properties on random dossier sets', () => {
  it('the invariants hold for every period, authority and unit', () => {
    fc.assert(
      fc.property(arbDossiers, arbPeriod, (ds, period) => {
        const f = computeFiguresReference(ds, period, { org });
        expect(checkInvariants(f)).toEqual([]);
        expect(ZFigures.safeParse(f).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('total = the dossiers in scope; new = those received in the period', () => {
    fc.assert(
      fc.property(arbDossiers, arbPeriod, (ds, p) => {
        const f = computeFiguresReference(ds, p);
        const total = AUTHORITIES.reduce((s, a) => s + f.dossiers[a].total, 0);
        const fresh = AUTHORITIES.reduce((s, a) => s + f.dossiers[a].new, 0);
        const inScope = ds.filter((d) => d.receivedDate <= p.end && !((d.finishedDate ?? d.withdrawnDate ?? '9999') < p.start));
        expect(total).toBe(inScope.length);
        expect(fresh).toBe(ds.filter((d) => d.receivedDate >= p.start && d.receivedDate <= p.end).length);
      }),
    );
  });

  it('what is pending at a cut-off is what the next period carries over', () => {
    fc.assert(
      fc.property(arbDossiers, arbPeriod, (ds, p) => {
        const f = computeFiguresReference(ds, p);
        const next = computeFiguresReference(ds, shiftPeriod(p, 1));
        for (const a of AUTHORITIES) expect(next.dossiers[a].carried_over).toBe(f.dossiers[a].pending);
      }),
    );
  });

  it('does not depend on order, and adds up over disjoint sets', () => {
    fc.assert(
      fc.property(arbDossiers, arbPeriod, fc.integer({ min: 0, max: 60 }), (ds, p, cut) => {
        const whole = computeFiguresReference(ds, p, { org });
        expect(computeFiguresReference([...ds].reverse(), p, { org })).toEqual(whole);
        const a = computeFiguresReference(ds.slice(0, cut), p);
        const b = computeFiguresReference(ds.slice(cut), p);
        for (const auth of AUTHORITIES) {
          for (const k of COUNT_KEYS) expect(a.dossiers[auth][k] + b.dossiers[auth][k]).toBe(whole.dossiers[auth][k]);
        }
        const o = whole.online_and_digitisation;
        for (const k of ['received_online', 'new_total', 'fully_online', 'in_scope_total', 'paid_online', 'digitised_at_receipt', 'result_digitised', 'result_digitisable'] as const) {
          expect(a.online_and_digitisation[k] + b.online_and_digitisation[k]).toBe(o[k]);
        }
      }),
    );
  });

  it('one unit alone gives that unit’s figures', () => {
    fc.assert(
      fc.property(arbDossiers, arbPeriod, fc.constantFrom('PQ', 'DUONG-DONG', 'AN-THOI'), (ds, p, unit) => {
        const whole = computeFiguresReference(ds, p);
        const one = computeFiguresReference(ds, p, { unit });
        expect(one.unit).toBe(unit);
        for (const a of AUTHORITIES) {
          const expected = whole.units[unit]?.[a] ?? computeFiguresReference([], p).dossiers[a];
          expect(one.dossiers[a]).toEqual(expected);
        }
        expect(Object.keys(one.units).every((u) => u === unit)).toBe(true);
      }),
    );
  });

  it('the checker notices any count that is off by one', () => {
    fc.assert(
      fc.property(arbDossiers, arbPeriod, fc.constantFrom(...AUTHORITIES), fc.constantFrom(...COUNT_KEYS), fc.constantFrom(1, -1), (ds, p, a, k, delta) => {
        const f = computeFiguresReference(ds, p, { org });
        const broken = structuredClone(f) as TFigures;
        broken.dossiers[a][k] += delta;
        expect(checkInvariants(broken).length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('the invariants checker on typed summaries', () => {
  it('accepts the golden figures', () => {
    expect(checkInvariants(golden as never)).toEqual([]);
  });

  it('flags the report’s provincial row (580 new + 162 carried over ≠ 1.342)', () => {
    const typed = structuredClone(golden) as { dossiers: Record<string, Partial<TDossierFigures>> };
    (typed.dossiers.province as TDossierFigures).new = 580;
    const failures = checkInvariants(typed as never);
    expect(failures).toEqual([
      {
        invariant: 'total=carried_over+new',
        scope: 'dossiers.province',
        description: 'Hồ sơ cấp tỉnh: tổng 1.342 ≠ kỳ trước chuyển sang 162 + tiếp nhận mới 580 (= 742).',
      },
    ]);
  });

  it('flags a wrong rate and an online figure that does not add up', () => {
    const typed = structuredClone(golden) as { dossiers: Record<string, Partial<TDossierFigures>>; online_and_digitisation: Record<string, number> };
    (typed.dossiers.district as TDossierFigures).on_time_rate_percent = 76;
    typed.online_and_digitisation.fully_online_rate_percent = 62.5;
    typed.online_and_digitisation.new_total = 1847;
    const failures = checkInvariants(typed as never);
    expect(failures.map((f) => f.invariant)).toEqual(
      expect.arrayContaining(['on_time_rate', 'fully_online_rate', 'new_total=sum(new)', 'digitised_at_receipt_rate']),
    );
    const rate = failures.find((f) => f.invariant === 'on_time_rate');
    expect(rate?.description).toBe(
      'Hồ sơ cấp huyện: tỷ lệ đúng hẹn ghi 76% nhưng (trước và đúng hạn 967 + chưa đến hạn 572) / (giải quyết 1.078 + tồn 967) = 75%.',
    );
  });
});
