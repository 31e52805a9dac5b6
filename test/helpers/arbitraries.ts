import fc from 'fast-check';
import type { TDossier } from '../../src/domain/dossier.ts';
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
