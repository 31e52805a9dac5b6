import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDays,
  compareDates,
  dayOfWeek,
  daysBetween,
  formatDate,
  formatNumber,
  formatPercent,
  isIsoDate,
  parseDateInput,
  roundHalfUp,
  todayInVietnam,
} from '../../src/domain/format.ts';

describe('Vietnamese number format', () => {
  it('groups thousands with dots and uses a decimal comma', () => {
    expect(formatNumber(2070)).toBe('2.070');
    expect(formatNumber(1071)).toBe('1.071');
    expect(formatNumber(999)).toBe('999');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(-2070)).toBe('-2.070');
    expect(formatNumber(62.546, 2)).toBe('62,55');
    expect(formatNumber(1234.5, 1)).toBe('1.234,5');
  });

  it('shows percents with two decimals or whole, half up', () => {
    expect(formatPercent(62.55, 2)).toBe('62,55%');
    expect(formatPercent(95.12, 2)).toBe('95,12%');
    expect(formatPercent(75)).toBe('75%');
    expect(formatPercent(74.5)).toBe('75%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(null)).toBe('—');
  });

  it('rounds half up on the decimal value, not the binary one', () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(0.125, 2)).toBe(0.13);
    expect(roundHalfUp(74.5)).toBe(75);
    expect(roundHalfUp(74.49)).toBe(74);
    expect(roundHalfUp(-2.5)).toBe(-3);
  });
});

describe('calendar dates (Asia/Ho_Chi_Minh)', () => {
  it('formats dd/mm/yyyy', () => {
    expect(formatDate('2024-06-14')).toBe('14/06/2024');
  });

  it('takes today in Vietnam, not in UTC', () => {
    expect(todayInVietnam(new Date('2024-06-14T16:59:59Z'))).toBe('2024-06-14');
    expect(todayInVietnam(new Date('2024-06-14T17:00:00Z'))).toBe('2024-06-15');
    expect(todayInVietnam(new Date('2024-12-31T17:00:00Z'))).toBe('2025-01-01');
  });

  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-06-14', -31)).toBe('2024-05-14');
    expect(daysBetween('2024-05-15', '2024-06-14')).toBe(30);
    expect(compareDates('2024-06-14', '2024-06-15')).toBe(-1);
    expect(compareDates('2024-06-14', '2024-06-14')).toBe(0);
    expect(dayOfWeek('2024-06-14')).toBe(5); // a Friday
  });

  it('adds then subtracts to the same date, and orders like daysBetween', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: -1000, max: 1000 }), (base, n) => {
        const d = addDays('2000-01-01', base);
        expect(isIsoDate(d)).toBe(true);
        expect(addDays(addDays(d, n), -n)).toBe(d);
        expect(daysBetween(d, addDays(d, n))).toBe(n);
        expect(compareDates(d, addDays(d, n))).toBe(n > 0 ? -1 : n < 0 ? 1 : 0);
      }),
    );
  });

  it('rejects dates that do not exist', () => {
    expect(isIsoDate('2024-02-30')).toBe(false);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2024-13-01')).toBe(false);
    expect(isIsoDate('14/06/2024')).toBe(false);
  });
});

describe('date input as spreadsheets write it', () => {
  it.each([
    ['2024-06-14', '2024-06-14'],
    ['14/06/2024', '2024-06-14'],
    ['4/6/2024', '2024-06-04'],
    ['14-06-2024', '2024-06-14'],
    ['14.06.2024', '2024-06-14'],
    ['2024/06/14', '2024-06-14'],
    ['2024-06-14 08:30:00', '2024-06-14'],
    ['2024-06-14T08:30:00+07:00', '2024-06-14'],
    ['2024-06-14T00:00:00.000Z', '2024-06-14'],
    ['14/06/2024 16:45', '2024-06-14'],
    ['  14/06/2024  ', '2024-06-14'],
    ['45457', '2024-06-14'], // Excel serial day
  ])('%s → %s', (input, expected) => {
    expect(parseDateInput(input)).toBe(expected);
  });

  it.each(['', 'hôm qua', '31/02/2024', '2024-02-30', '06/2024', '14/06/24', '123', '2024-6'])('rejects %j', (input) => {
    expect(parseDateInput(input)).toBeUndefined();
  });
});
