import { describe, expect, it } from 'vitest';
import { BUILTIN_PROCEDURES, DEMO_HISTORY, generateDossierHistory, PLAN } from '../../src/domain/demo/dossier-history.ts';
import { ZDossier } from '../../src/domain/dossier.ts';
import { checkInvariants, computeFiguresReference } from '../../src/domain/figures/index.ts';
import { dayOfWeek } from '../../src/domain/format.ts';
import { AUTHORITIES } from '../../src/domain/org.ts';
import { periodForMonth } from '../../src/domain/periods.ts';
import { demoOrg, golden, goldenDifferences } from '../helpers/golden.ts';

const org = demoOrg;

const history = generateDossierHistory({ org });

describe('the demo dossier history', () => {
  it('gives the golden figures of 06/2024, every key', () => {
    const f = computeFiguresReference(history, periodForMonth(2024, 6), { org });
    expect(goldenDifferences(f)).toEqual([]);
    expect(f.period).toMatchObject({ start: golden.period.start, end: golden.period.end, label: golden.period.label });
    expect(f.reception_points).toEqual(golden.reception_points);
    expect(checkInvariants(f)).toEqual([]);
  });

  it('is deterministic', () => {
    expect(generateDossierHistory({ org })).toEqual(history);
  });

  it('reaches the golden figures from any seed and from a given catalogue', () => {
    const other = generateDossierHistory({ org, seed: 7 });
    expect(other).not.toEqual(history);
    expect(goldenDifferences(computeFiguresReference(other, periodForMonth(2024, 6), { org }))).toEqual([]);
    // A catalogue with commune procedures only and no processing times: the other authorities use the built-in list.
    const catalogue = [
      { code: '1.001193.000.00.00.H33', authority: 'commune' as const },
      { code: '2.000815', authority: 'commune' as const },
      { code: '1.004873', authority: 'commune' as const },
      { code: 'not-a-code', authority: 'commune' as const },
    ];
    const fromCatalogue = generateDossierHistory({ org, procedures: catalogue, seed: 3 });
    expect(goldenDifferences(computeFiguresReference(fromCatalogue, periodForMonth(2024, 6), { org }))).toEqual([]);
    const communeCodes = new Set(fromCatalogue.filter((d) => d.authority === 'commune').map((d) => d.procedureCode));
    expect([...communeCodes].every((c) => ['1.001193', '2.000815', '1.004873'].includes(c) || BUILTIN_PROCEDURES.some((p) => p.code === c))).toBe(true);
  });

  it('plans exactly the golden sums', () => {
    for (const a of AUTHORITIES) {
      const sum = (o: keyof (typeof PLAN)['district']) => PLAN[a][o][0] + PLAN[a][o][1];
      const carried = Object.values(PLAN[a]).reduce((s, [c]) => s + c, 0);
      const g = golden.dossiers[a] as Record<string, number>;
      expect(carried).toBe(g.carried_over);
      expect(sum('early') + sum('on_time')).toBe(g.early_plus_on_time);
      expect(sum('late')).toBe(g.late);
      expect(sum('withdrawn')).toBe(g.withdrawn);
      expect(sum('pending_not_yet_due')).toBe(g.pending_not_yet_due);
      expect(sum('pending_overdue')).toBe(g.pending_overdue);
    }
  });

  it('is made of valid dossiers with unique codes, real procedure codes and configured units', () => {
    const codes = new Set<string>();
    const units = new Set(org.units.map((u) => u.code));
    for (const d of history) {
      expect(ZDossier.safeParse(d).success, d.code).toBe(true);
      expect(units.has(d.receptionPoint)).toBe(true);
      expect(org.units.find((u) => u.code === d.receptionPoint)?.receives).toContain(d.authority);
      expect(BUILTIN_PROCEDURES.some((p) => p.code === d.procedureCode && p.authority === d.authority)).toBe(true);
      codes.add(d.code);
    }
    expect(codes.size).toBe(history.length);
    expect(history[0]?.code).toMatch(/^000\.\d{2}\.38\.H33-\d{6}-\d{4}$/);
  });

  it('looks like an office’s history: April–August, weekdays, every unit, every channel', () => {
    expect(history.length).toBeGreaterThan(12_000);
    const received = history.map((d) => d.receivedDate).sort();
    expect(received[0]! >= DEMO_HISTORY.backlogFrom).toBe(true);
    expect(received.at(-1)! <= DEMO_HISTORY.to).toBe(true);
    // The backlog from before April is small and is long (land) procedures.
    const backlog = history.filter((d) => d.receivedDate < DEMO_HISTORY.from);
    expect(backlog.length).toBeLessThan(history.length * 0.03);
    const weekend = history.filter((d) => [0, 6].includes(dayOfWeek(d.receivedDate)));
    expect(weekend.length).toBeGreaterThan(0);
    expect(weekend.length).toBeLessThan(history.length * 0.03);
    expect(weekend.every((d) => d.channel === 'online')).toBe(true);
    for (const d of history) {
      for (const date of [d.finishedDate, d.withdrawnDate]) {
        if (date === undefined) continue;
        expect(date <= DEMO_HISTORY.asOf).toBe(true);
        expect([0, 6]).not.toContain(dayOfWeek(date));
      }
    }
    expect(new Set(history.map((d) => d.receptionPoint))).toEqual(new Set(org.units.map((u) => u.code)));
    expect(new Set(history.map((d) => d.channel))).toEqual(new Set(['online', 'counter', 'postal']));
    // Each month of the window is a full month of work, and no month looks like another's copy.
    const perMonth = new Map<string, number>();
    for (const r of received) perMonth.set(r.slice(0, 7), (perMonth.get(r.slice(0, 7)) ?? 0) + 1);
    for (const m of ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08']) expect(perMonth.get(m)).toBeGreaterThan(2500);
  });

  it('gives figures that hold together in every month of the window', () => {
    for (const m of [4, 5, 6, 7, 8]) {
      const f = computeFiguresReference(history, periodForMonth(2024, m), { org });
      expect(checkInvariants(f)).toEqual([]);
      if (m === 4) continue; // 15/03–14/04: the history starts on 01/04
      for (const a of AUTHORITIES) {
        expect(f.dossiers[a].new).toBeGreaterThan(300);
        expect(f.dossiers[a].on_time_rate_percent).toBeGreaterThanOrEqual(60);
      }
    }
  });
});
