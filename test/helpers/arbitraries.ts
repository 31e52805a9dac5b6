import fc from 'fast-check';
import type { TDossier } from '../../src/domain/dossier.ts';
import type { TImportedFeedback } from '../../src/domain/feedback/import-row.ts';
import { FEEDBACK_SOURCES } from '../../src/domain/feedback/model.ts';
import { addDays } from '../../src/domain/format.ts';
import { AUTHORITIES } from '../../src/domain/org.ts';
import { periodForMonth, type TPeriodRule } from '../../src/domain/periods.ts';

// Random dossiers dated around May–July 2024, so that every period boundary is hit often.
const BASE = '2024-04-25';

export const arbDossiers = fc
  .array(
    fc.record({
      r: fc.integer({ min: 0, max: 80 }),
      dueAfter: fc.integer({ min: 0, max: 30 }),
      ending: fc.option(fc.record({ kind: fc.constantFrom('finished', 'withdrawn'), after: fc.integer({ min: 0, max: 40 }) }), { nil: undefined }),
      authority: fc.constantFrom(...AUTHORITIES),
      unit: fc.constantFrom('PQ', 'DUONG-DONG', 'AN-THOI'),
      channel: fc.constantFrom('online', 'counter', 'postal'),
      fullyOnline: fc.boolean(),
      paidOnline: fc.boolean(),
      digitisedAtReceipt: fc.boolean(),
      resultDigitised: fc.constantFrom(null, true, false),
    }),
    { maxLength: 60 },
  )
  .map((xs) =>
    xs.map((x, i): TDossier => {
      const receivedDate = addDays(BASE, x.r);
      return {
        code: `D${i}`,
        procedureCode: '1.001193',
        authority: x.authority,
        receptionPoint: x.unit,
        receivedDate,
        dueDate: addDays(receivedDate, x.dueAfter),
        ...(x.ending?.kind === 'finished' ? { finishedDate: addDays(receivedDate, x.ending.after) } : {}),
        ...(x.ending?.kind === 'withdrawn' ? { withdrawnDate: addDays(receivedDate, x.ending.after) } : {}),
        channel: x.channel,
        fullyOnline: x.fullyOnline,
        paidOnline: x.paidOnline,
        digitisedAtReceipt: x.digitisedAtReceipt,
        resultDigitised: x.resultDigitised,
      };
    }),
  );

/** A month of May–July 2024 under either period rule. */
export const arbPeriod = fc
  .record({ month: fc.integer({ min: 5, max: 7 }), rule: fc.constantFrom<TPeriodRule>('decree-09-2019', 'calendar-month') })
  .map(({ month, rule }) => periodForMonth(2024, month, rule));

/**
 * Random PAKN items received from about two months before May 2024 to mid-July, open or closed 0–60 days after
 * receipt, so that every side of a period boundary (received before / in / after, closed before / in / after) is hit.
 */
export const arbFeedbackItems = fc
  .array(
    fc.record({
      r: fc.integer({ min: -60, max: 80 }),
      closedAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
      source: fc.constantFrom(...FEEDBACK_SOURCES),
      unit: fc.constantFrom('PQ', 'DUONG-DONG', 'AN-THOI'),
    }),
    { maxLength: 60 },
  )
  .map((xs) =>
    xs.map((x, i): TImportedFeedback => {
      const receivedDate = addDays(BASE, x.r);
      return {
        code: `F${i}`,
        source: x.source,
        channel: x.source === 'city' ? 'zalo' : x.source,
        subject: `Phản ánh ${i}`,
        content: `Nội dung phản ánh thử số ${i}.`,
        unitCode: x.unit,
        receivedDate,
        dueDate: null,
        closedDate: x.closedAfter === undefined ? null : addDays(receivedDate, x.closedAfter),
        answer: null,
      };
    }),
  );
