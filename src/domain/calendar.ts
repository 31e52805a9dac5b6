/**
 * The working-day calendar: Saturdays, Sundays and a configured list of public holidays are not working days.
 * Pure; the holiday list comes from configuration (HOLIDAYS_FILE) so a deployment keeps it current.
 */
import { z } from 'zod';
import { addDays, dayOfWeek, ZIsoDate, type TIsoDate } from './format.ts';

export type THolidays = ReadonlySet<TIsoDate>;

/** ["2024-09-02", …] or {"holidays": [{"date": "2024-09-02", "name": "Quốc khánh"}, …]}. */
export const ZHolidaysFile = z.union([
  z.array(ZIsoDate),
  z.object({ holidays: z.array(z.union([ZIsoDate, z.object({ date: ZIsoDate, name: z.string().optional() })])) }),
]);

export function parseHolidays(json: unknown): THolidays {
  const data = ZHolidaysFile.parse(json);
  const list = Array.isArray(data) ? data : data.holidays.map((h) => (typeof h === 'string' ? h : h.date));
  return new Set(list);
}

export function isWorkingDay(date: TIsoDate, holidays: THolidays): boolean {
  const w = dayOfWeek(date);
  return w !== 0 && w !== 6 && !holidays.has(date);
}

/**
 * The date `days` working days after `date` (the day of receipt does not count): received on Friday 14/06/2024
 * with 1 working day → Monday 17/06/2024. 0 → the date itself when it is a working day, else the next one.
 */
export function addWorkingDays(date: TIsoDate, days: number, holidays: THolidays): TIsoDate {
  let d = date;
  if (days <= 0) {
    while (!isWorkingDay(d, holidays)) d = addDays(d, 1);
    return d;
  }
  let left = days;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d, holidays)) left--;
  }
  return d;
}

/** Working days after `from` up to and including `to` (0 when to ≤ from). */
export function workingDaysBetween(from: TIsoDate, to: TIsoDate, holidays: THolidays): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, holidays)) n++;
  return n;
}
