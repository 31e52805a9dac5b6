import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHolidays } from '../../src/domain/calendar.ts';
import { generateFeedbackHistory } from '../../src/domain/demo/feedback-history.ts';
import { computeFeedbackFiguresReference } from '../../src/domain/feedback/figures.ts';
import { FEEDBACK_SOURCES } from '../../src/domain/feedback/model.ts';
import { periodForMonth } from '../../src/domain/periods.ts';
import type { Db } from '../../src/store/db.ts';
import { computePeriodFigures } from '../../src/store/dossier-figures.ts';
import { computeFeedbackFigures, insertFeedback, listFeedback, nextFeedbackCode } from '../../src/store/feedback.ts';
import { syncFeedbackSequences, upsertImportedFeedback, upsertSeededFeedback } from '../../src/store/feedback-import.ts';
import { arbFeedbackItems, arbPeriod } from '../helpers/arbitraries.ts';
import { ENGINES, openTestDb } from '../helpers/db.ts';
import { demoOrg, golden } from '../helpers/golden.ts';

const holidays = parseHolidays(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../config/holidays-vi.json'), 'utf8')));

describe.each(ENGINES)('PAKN figures in SQL on %s', (engine) => {
  let db: Db;
  beforeAll(async () => { db = await openTestDb(engine); });
  afterAll(async () => { await db?.close(); });

  it('equal the reference on random items and periods; new + carried over = resolved + processing per source', async () => {
    await fc.assert(
      fc.asyncProperty(arbFeedbackItems, arbPeriod, fc.option(fc.constantFrom('PQ', 'DUONG-DONG'), { nil: undefined }), async (items, period, unit) => {
        await db.query('TRUNCATE feedback_items CASCADE');
        await upsertImportedFeedback(db, items);
        const sql = await computeFeedbackFigures(db, period, unit);
        expect(sql).toEqual(computeFeedbackFiguresReference(items, period, unit === undefined ? {} : { unit }));
        for (const s of FEEDBACK_SOURCES) expect(sql[s].new + sql[s].carried_over, s).toBe(sql[s].resolved + sql[s].processing);
        // the figures of a period carry them, restricted to the unit like the dossiers
        expect((await computePeriodFigures(db, period, unit === undefined ? {} : { unit })).feedback).toEqual(sql);
      }),
      { seed: 20240614, numRuns: engine === 'pglite' ? 60 : 40 },
    );
  });

  it('count the hand-made edge cases of domain.md (06/2024 is 15/05–14/06/2024)', async () => {
    await db.query('TRUNCATE feedback_items CASCADE');
    const item = (code: string, receivedDate: string, closedDate: string | null) => ({
      code, source: 'city' as const, channel: 'zalo', subject: code, content: `Nội dung ${code}.`, unitCode: 'PQ', receivedDate, dueDate: null, closedDate, answer: null,
    });
    await upsertImportedFeedback(db, [
      item('closed-on-first-day', '2024-05-01', '2024-05-15'), // carried, resolved
      item('closed-day-before', '2024-05-01', '2024-05-14'), // out of scope
      item('received-on-cut-off', '2024-06-14', null), // new, processing
      item('received-after', '2024-06-15', null), // out of scope
      item('closed-after-cut-off', '2024-05-20', '2024-06-15'), // new, processing
      item('closed-on-cut-off', '2024-06-01', '2024-06-14'), // new, resolved
      item('old-open', '2023-12-01', null), // carried, processing
    ]);
    const f = await computeFeedbackFigures(db, periodForMonth(2024, 6));
    expect(f.city).toEqual({ new: 3, carried_over: 2, resolved: 2, processing: 3 });
    expect(f.national_portal).toEqual({ new: 0, carried_over: 0, resolved: 0, processing: 0 });
  });

  it('chat-filed and imported items count alike', async () => {
    await db.query('TRUNCATE feedback_items CASCADE');
    const code = await nextFeedbackCode(db, '2024-06-03');
    await insertFeedback(db, { code, source: 'city', channel: 'zalo', citizenUserId: '6034718295530174422', content: 'Đèn đường hư trên đường 30 Tháng 4.', unitCode: 'DUONG-DONG', routedBy: 'chosen', receivedDate: '2024-06-03', dueDate: '2024-06-17', filedEventId: 'ev-1' });
    await upsertImportedFeedback(db, [{ code: 'IMP-1', source: 'city', channel: 'hotline', subject: 'x', content: 'Rác tồn đọng ở khu phố 3.', unitCode: 'DUONG-DONG', receivedDate: '2024-06-04', dueDate: null, closedDate: null, answer: null }]);
    expect((await computeFeedbackFigures(db, periodForMonth(2024, 6))).city).toEqual({ new: 2, carried_over: 0, resolved: 0, processing: 2 });
  });

  it('the demo history gives the golden feedback figures, the reference’s in every month, and codes the counter will not reuse', async () => {
    await db.query('TRUNCATE feedback_items CASCADE');
    await db.query('TRUNCATE feedback_sequences');
    const history = generateFeedbackHistory({ org: demoOrg, holidays });
    await db.transaction(async (tx) => {
      await upsertSeededFeedback(tx, history);
      await syncFeedbackSequences(tx);
    });
    expect(await computeFeedbackFigures(db, periodForMonth(2024, 6))).toEqual(golden.feedback);
    for (const rule of ['decree-09-2019', 'calendar-month'] as const) {
      for (let m = 1; m <= 9; m++) {
        const p = periodForMonth(2024, m, rule);
        expect(await computeFeedbackFigures(db, p), `${rule} ${m}`).toEqual(computeFeedbackFiguresReference(history, p));
      }
    }
    const ward = await computeFeedbackFigures(db, periodForMonth(2024, 6), 'DUONG-DONG');
    expect(ward).toEqual(computeFeedbackFiguresReference(history, periodForMonth(2024, 6), { unit: 'DUONG-DONG' }));
    // Stored as generated (dates are not shifted by any time zone).
    const stored = await listFeedback(db, { limit: 10_000 });
    expect(stored.map((i) => [i.code, i.receivedDate, i.dueDate, i.closedDate, i.status, i.receivedAt]))
      .toEqual(history.map((i) => [i.code, i.receivedDate, i.dueDate, i.closedDate, i.status, i.receivedAt]));
    // The next code of a seeded month continues its sequence.
    const june = history.filter((i) => i.code.startsWith('PA-2406-')).map((i) => Number(i.code.slice(8)));
    expect(await nextFeedbackCode(db, '2024-06-20')).toBe(`PA-2406-${String(Math.max(...june) + 1).padStart(4, '0')}`);
    expect(await nextFeedbackCode(db, '2024-09-02')).toBe('PA-2409-0001');
    // Seeding again changes nothing and never lowers a counter.
    expect(await db.transaction((tx) => upsertSeededFeedback(tx, history))).toEqual({ inserted: 0, updated: 0, unchanged: history.length });
    await syncFeedbackSequences(db);
    expect(await nextFeedbackCode(db, '2024-06-20')).toBe(`PA-2406-${String(Math.max(...june) + 2).padStart(4, '0')}`);
  });
});
