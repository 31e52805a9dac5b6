/**
 * The PAKN figures of a period by source (domain.md), read one item at a time: the oracle the SQL in
 * src/store/feedback.ts is tested against.
 */
import { FEEDBACK_SOURCES, type TFeedbackFigures, type TFeedbackSource } from '../figures/contract.ts';
import type { TIsoDate } from '../format.ts';

export interface TFeedbackFact {
  source: TFeedbackSource;
  receivedDate: TIsoDate;
  closedDate: TIsoDate | null;
  unitCode?: string;
}

export function emptyFeedbackFigures(): Record<TFeedbackSource, TFeedbackFigures> {
  return Object.fromEntries(FEEDBACK_SOURCES.map((s) => [s, { new: 0, carried_over: 0, resolved: 0, processing: 0 }])) as Record<TFeedbackSource, TFeedbackFigures>;
}

/**
 * new: received within the period; carried over: received before start and not closed before start;
 * resolved: closed within the period; processing: open at the cut-off. new + carried over = resolved + processing.
 */
export function computeFeedbackFiguresReference(
  items: Iterable<TFeedbackFact>,
  period: { start: TIsoDate; end: TIsoDate },
  opts: { unit?: string } = {},
): Record<TFeedbackSource, TFeedbackFigures> {
  const out = emptyFeedbackFigures();
  for (const it of items) {
    if (opts.unit !== undefined && it.unitCode !== opts.unit) continue;
    if (it.receivedDate > period.end) continue;
    if (it.closedDate !== null && it.closedDate < period.start) continue;
    const f = out[it.source];
    if (it.receivedDate < period.start) f.carried_over++;
    else f.new++;
    if (it.closedDate !== null && it.closedDate <= period.end) f.resolved++;
    else f.processing++;
  }
  return out;
}
