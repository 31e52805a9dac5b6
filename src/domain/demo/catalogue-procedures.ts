/**
 * The procedure list of the demo history when a catalogue is at hand (../shared/data): the built-in procedures keep
 * their volumes, and every other active catalogue procedure is added with a small weight and a processing time
 * read from its text ("15 ngày làm việc"), so the demo dossiers name real codes of that catalogue without rare
 * procedures crowding out the common ones. Pure: the caller reads the files.
 */
import type { TAuthority } from '../org.ts';
import { BUILTIN_PROCEDURES, type TDemoProcedure } from './procedures.ts';

/** What the demo needs of a catalogue record (src/domain/procedure.ts TProcedure has all of it). */
export interface TCatalogueLike {
  code: string;
  name: string;
  authority: TAuthority;
  processingTime?: string;
  status?: 'active' | 'withdrawn';
}

/** Relative volume of a catalogue procedure the built-in list does not know. */
const EXTRA_WEIGHT = 0.1;
const MAX_DAYS = 60;

/**
 * "15 ngày làm việc" → 15, "30 ngày" → 21 (calendar days as working days), "01 tháng" → 22, "15 giờ" → 2;
 * the first time limit of the text; undefined when it names none.
 */
export function processingDaysOf(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const m = /(\d+(?:[.,]\d+)?)\s*(ngày làm việc|ngày|tháng|giờ)/iu.exec(text.normalize('NFC'));
  if (!m) return undefined;
  const n = Number((m[1] ?? '').replace(',', '.'));
  const unit = (m[2] ?? '').toLowerCase();
  let days: number;
  if (unit === 'ngày làm việc') days = n;
  else if (unit === 'ngày') days = Math.round((n * 5) / 7);
  else if (unit === 'tháng') days = n * 22;
  else days = Math.ceil(n / 8);
  return Math.min(MAX_DAYS, Math.max(1, Math.round(days)));
}

export function demoProceduresFromCatalogue(catalogue: readonly TCatalogueLike[]): TDemoProcedure[] {
  const builtin = new Set(BUILTIN_PROCEDURES.map((p) => p.code));
  const extras = catalogue
    .filter((p) => p.status !== 'withdrawn' && !builtin.has(p.code))
    .map((p): TDemoProcedure => {
      const days = processingDaysOf(p.processingTime);
      return { code: p.code, authority: p.authority, name: p.name, weight: EXTRA_WEIGHT, ...(days !== undefined ? { processingDays: days } : {}) };
    });
  // Sorted by code: the history depends on the list's order, and must not depend on the files' order.
  const unique = [...new Map(extras.map((p) => [p.code, p])).values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return [...BUILTIN_PROCEDURES, ...unique];
}
