import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDossierHistory } from '../../src/domain/demo/dossier-history.ts';
import type { TDossier } from '../../src/domain/dossier.ts';
import { computeFiguresReference } from '../../src/domain/figures/index.ts';
import { periodForMonth } from '../../src/domain/periods.ts';
import type { Db } from '../../src/store/db.ts';
import { computePeriodFigures } from '../../src/store/dossier-figures.ts';
import { saveOrg, upsertDossiers } from '../../src/store/dossiers.ts';
import { arbDossiers, arbPeriod } from '../helpers/arbitraries.ts';
import { ENGINES, openTestDb } from '../helpers/db.ts';
import { demoOrg, golden, goldenDifferences } from '../helpers/golden.ts';

const org = demoOrg;

describe.each(ENGINES)('the SQL figures engine on %s', (engine) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(engine);
    await saveOrg(db, org);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('equals the reference implementation on random dossier sets', async () => {
    await fc.assert(
      fc.asyncProperty(arbDossiers, arbPeriod, fc.option(fc.constantFrom('PQ', 'DUONG-DONG'), { nil: undefined }), async (ds, period, unit) => {
        await db.query('TRUNCATE dossiers');
        await upsertDossiers(db, ds);
        const options = unit === undefined ? { org } : { org, unit };
        expect(await computePeriodFigures(db, period, options)).toEqual(computeFiguresReference(ds, period, options));
      }),
      { numRuns: engine === 'pglite' ? 60 : 40 },
    );
  });

  it('counts the hand-made edge cases of domain.md', async () => {
    const d = (code: string, receivedDate: string, dueDate: string, end: { finishedDate?: string; withdrawnDate?: string } = {}): TDossier => ({
      code,
      procedureCode: '1.001193',
      authority: 'district',
      receptionPoint: 'PQ',
      receivedDate,
      dueDate,
      ...end,
      channel: 'online',
      fullyOnline: true,
      paidOnline: false,
      digitisedAtReceipt: true,
      resultDigitised: true,
    });
    await db.query('TRUNCATE dossiers');
    await upsertDossiers(db, [
      d('finished-on-due-date', '2024-06-01', '2024-06-10', { finishedDate: '2024-06-10' }),
      d('due-on-cut-off-day', '2024-05-20', '2024-06-14'),
      d('withdrawn', '2024-05-10', '2024-05-20', { withdrawnDate: '2024-05-25' }),
      d('received-after-period', '2024-06-15', '2024-06-20'),
      d('finished-before-period', '2024-05-01', '2024-05-10', { finishedDate: '2024-05-14' }),
      d('withdrawn-before-period', '2024-05-01', '2024-05-10', { withdrawnDate: '2024-05-14' }),
      d('late-on-first-day', '2024-05-01', '2024-05-10', { finishedDate: '2024-05-15' }),
    ]);
    const f = await computePeriodFigures(db, periodForMonth(2024, 6));
    expect(f.dossiers.district).toEqual({
      carried_over: 2,
      new: 2,
      total: 4,
      resolved: 2,
      early: 0,
      on_time: 1,
      early_plus_on_time: 1,
      late: 1,
      withdrawn: 1,
      pending: 1,
      pending_not_yet_due: 1,
      pending_overdue: 0,
      on_time_rate_percent: 67, // (1 + 1) / (2 + 1) = 66.7
    });
    expect(f.online_and_digitisation).toMatchObject({ new_total: 2, in_scope_total: 4, fully_online: 4, result_digitisable: 2, result_digitised: 2 });
    // The layout comes from the stored organisation when none is passed.
    expect(f.reception_points).toEqual(golden.reception_points);
  });

  it('gives the golden figures of 06/2024 from the demo history, and the reference’s in every month', async () => {
    const history = generateDossierHistory({ org });
    await db.query('TRUNCATE dossiers');
    await db.transaction((tx) => upsertDossiers(tx, history));
    const june = await computePeriodFigures(db, periodForMonth(2024, 6));
    expect(goldenDifferences(june)).toEqual([]);
    expect(june.reception_points).toEqual(golden.reception_points);
    for (const rule of ['decree-09-2019', 'calendar-month'] as const) {
      for (const m of [4, 5, 6, 7, 8]) {
        const p = periodForMonth(2024, m, rule);
        expect(await computePeriodFigures(db, p, { org })).toEqual(computeFiguresReference(history, p, { org }));
      }
    }
    const ward = await computePeriodFigures(db, periodForMonth(2024, 6), { org, unit: 'DUONG-DONG' });
    expect(ward).toEqual(computeFiguresReference(history, periodForMonth(2024, 6), { org, unit: 'DUONG-DONG' }));
    expect(ward.dossiers.commune).toEqual(june.units['DUONG-DONG']?.commune);
  });
});
