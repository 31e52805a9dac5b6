import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, isoDate } from '../../src/domain/format.ts';
import {
  describePeriod,
  extractPeriod,
  periodContaining,
  periodForMonth,
  periodFromKey,
  periodToDate,
  resolvePeriod,
  shiftPeriod,
  type TPeriodRule,
} from '../../src/domain/periods.ts';

// 20/06/2024 10:00 in Vietnam.
const now = new Date('2024-06-20T03:00:00Z');
const june = { label: '06/2024', key: '2024-06', start: '2024-05-15', end: '2024-06-14', rule: 'decree-09-2019' };

function ok(text: string, rule: TPeriodRule = 'decree-09-2019', at = now) {
  const r = resolvePeriod(text, { now: at, rule });
  if (!r.ok) throw new Error(`${text}: ${r.error}`);
  return r.period;
}

describe('period rules', () => {
  it('Decree 09/2019: 15th of the previous month to the 14th, inclusive', () => {
    expect(periodForMonth(2024, 6)).toEqual(june);
    expect(periodForMonth(2024, 1)).toMatchObject({ start: '2023-12-15', end: '2024-01-14', label: '01/2024' });
    expect(periodForMonth(2024, 3)).toMatchObject({ start: '2024-02-15', end: '2024-03-14' });
  });

  it('calendar months by the switch', () => {
    expect(periodForMonth(2024, 6, 'calendar-month')).toEqual({ ...june, start: '2024-06-01', end: '2024-06-30', rule: 'calendar-month' });
    expect(periodForMonth(2024, 2, 'calendar-month')).toMatchObject({ start: '2024-02-01', end: '2024-02-29' });
    expect(periodForMonth(2023, 2, 'calendar-month')).toMatchObject({ end: '2023-02-28' });
  });

  it('finds the period of a date on both sides of the cut-off', () => {
    expect(periodContaining('2024-06-14').key).toBe('2024-06');
    expect(periodContaining('2024-06-15').key).toBe('2024-07');
    expect(periodContaining('2024-05-15').key).toBe('2024-06');
    expect(periodContaining('2024-12-20').key).toBe('2025-01');
    expect(periodContaining('2024-06-15', 'calendar-month').key).toBe('2024-06');
    expect(periodContaining('2024-06-30', 'calendar-month').key).toBe('2024-06');
  });

  it('consecutive periods tile the calendar: no gap, no overlap, and every day is in its period', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.constantFrom<TPeriodRule>('decree-09-2019', 'calendar-month'), (n, rule) => {
        const day = addDays('2000-01-20', n);
        const p = periodContaining(day, rule);
        expect(p.start <= day && day <= p.end).toBe(true);
        const next = shiftPeriod(p, 1);
        expect(next.start).toBe(addDays(p.end, 1));
        expect(shiftPeriod(next, -1)).toEqual(p);
        expect(periodFromKey(p.key, rule)).toEqual(p);
      }),
    );
  });

  it('shifts across years', () => {
    expect(shiftPeriod(periodForMonth(2024, 1), -1).key).toBe('2023-12');
    expect(shiftPeriod(periodForMonth(2024, 12), 1).key).toBe('2025-01');
    expect(shiftPeriod(periodForMonth(2024, 6), -18).key).toBe('2022-12');
  });

  it('cuts a running period at today, leaves a closed one whole', () => {
    const july = periodForMonth(2024, 7);
    expect(periodToDate(july, '2024-06-20')).toEqual({ ...july, end: '2024-06-20', partial: true });
    expect(periodToDate(june as never, '2024-06-20')).toEqual({ ...june, partial: false });
  });

  it('describes a period in Vietnamese', () => {
    expect(describePeriod(periodForMonth(2024, 6))).toBe('tháng 06/2024 (15/05/2024 – 14/06/2024)');
  });

  it('rejects malformed keys', () => {
    expect(periodFromKey('2024-13')).toBeUndefined();
    expect(periodFromKey('2024-6')).toBeUndefined();
    expect(periodFromKey('06/2024')).toBeUndefined();
  });
});

describe('resolvePeriod: every phrasing, with or without diacritics', () => {
  it.each([
    '2024-06',
    '2024/06',
    '2024-6',
    '06/2024',
    '6/2024',
    '6-2024',
    '06.2024',
    't6/2024',
    'T6/2024',
    'T06/2024',
    't6/24',
    'th6/2024',
    'tháng 6/2024',
    'Tháng 06/2024',
    'THÁNG 6 / 2024',
    'thang 6/2024',
    'tháng 6 năm 2024',
    'thang 6 nam 2024',
    'Tháng 06 năm 2024',
    'tháng 6 2024',
    'tháng 6',
    't6',
    'tháng trước',
    'thang truoc',
    'Tháng Trước',
    'kỳ trước',
    'tháng vừa qua',
    '  tháng   6/2024 ',
    'kỳ báo cáo tháng 6/2024',
    'tha\u0301ng 6/2024', // decomposed diacritics (NFD) as some keyboards send them
  ])('%j → 06/2024 (on 20/06/2024 under the 15→14 rule for the relative ones)', (text) => {
    expect(ok(text)).toEqual(june);
  });

  it('"tháng này" is the period containing today: 07/2024 on 20/06/2024 under the 15→14 rule', () => {
    expect(ok('tháng này')).toMatchObject({ key: '2024-07', start: '2024-06-15', end: '2024-07-14' });
    expect(ok('thang nay')).toMatchObject({ key: '2024-07' });
    expect(ok('kỳ này')).toMatchObject({ key: '2024-07' });
    expect(ok('tháng hiện tại')).toMatchObject({ key: '2024-07' });
    // On the 14th the running period is still the month's own.
    expect(ok('tháng này', 'decree-09-2019', new Date('2024-06-14T10:00:00Z'))).toMatchObject({ key: '2024-06' });
    // 14/06 23:30 in Vietnam is still the 14th, though UTC says 14th 16:30; 15/06 00:30 is the next period.
    expect(ok('tháng này', 'decree-09-2019', new Date('2024-06-14T17:30:00Z'))).toMatchObject({ key: '2024-07' });
  });

  it('calendar rule: "tháng này" on 20/06 is June, "tháng trước" May', () => {
    expect(ok('tháng này', 'calendar-month')).toEqual({ ...june, start: '2024-06-01', end: '2024-06-30', rule: 'calendar-month' });
    expect(ok('tháng trước', 'calendar-month')).toMatchObject({ key: '2024-05', start: '2024-05-01', end: '2024-05-31' });
    expect(ok('6/2024', 'calendar-month')).toMatchObject({ start: '2024-06-01', end: '2024-06-30' });
  });

  it('"tháng 12" asked in January means last December; "tháng trước" in January too', () => {
    const jan = new Date('2025-01-05T03:00:00Z');
    expect(ok('tháng 12', 'calendar-month', jan)).toMatchObject({ key: '2024-12' });
    expect(ok('tháng trước', 'calendar-month', jan)).toMatchObject({ key: '2024-12' });
    expect(ok('tháng 1', 'calendar-month', jan)).toMatchObject({ key: '2025-01' });
  });

  it.each([
    ['', 'Chưa nêu kỳ báo cáo'],
    ['tháng 13/2024', 'Không có tháng 13'],
    ['0/2024', 'Không có tháng 0'],
    ['2024-00', 'Không có tháng 0'],
    ['6/1999', 'Năm 1999 nằm ngoài phạm vi'],
    ['tháng 8/2024', 'chưa bắt đầu'],
    ['14/06/2024', 'Không hiểu kỳ báo cáo “14/06/2024”'],
    ['hôm qua', 'Không hiểu kỳ báo cáo'],
    ['quý 2', 'Không hiểu kỳ báo cáo'],
  ])('%j is refused with a Vietnamese reason', (text, reason) => {
    const r = resolvePeriod(text, { now, rule: 'decree-09-2019' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain(reason);
      expect(r.error.normalize('NFC')).toBe(r.error);
    }
  });

  it('every month key of a year resolves through each written form', () => {
    for (let m = 1; m <= 12; m++) {
      const p = periodForMonth(2023, m);
      for (const text of [`2023-${String(m).padStart(2, '0')}`, `${m}/2023`, `tháng ${m}/2023`, `thang ${m} nam 2023`, `t${m}/2023`]) {
        expect(ok(text)).toEqual(p);
      }
    }
  });
});

describe('extractPeriod: a period inside a chat message', () => {
  const x = (text: string) => extractPeriod(text, { now, rule: 'decree-09-2019' });

  it.each([
    ['thống kê tháng 6/2024', '2024-06', 'thong ke'],
    ['tk tháng trước', '2024-06', 'tk'],
    ['thống kê Dương Đông tháng này', '2024-07', 'thong ke duong dong'],
    ['thong ke t6/2024 an thoi', '2024-06', 'thong ke an thoi'],
    ['Thống kê 2024-05', '2024-05', 'thong ke'],
    ['thống kê tháng 5', '2024-05', 'thong ke'],
  ])('%j', (text, key, rest) => {
    const r = x(text);
    expect(r?.ok).toBe(true);
    if (r?.ok) {
      expect(r.period.key).toBe(key);
      expect(r.rest).toBe(rest);
    }
  });

  it('finds none where there is none, and does not mistake codes or dates for a period', () => {
    expect(x('thống kê')).toBeUndefined();
    expect(x('hồ sơ quá hạn')).toBeUndefined();
    expect(x('#TTHC 1.001193')).toBeUndefined();
    expect(x('tra cứu hồ sơ 000.00.38.H33-240515-0001')).toBeUndefined();
    expect(x('nộp ngày 14/06/2024')).toBeUndefined();
  });

  it('reports a bad period with its reason', () => {
    const r = x('thống kê tháng 13/2024');
    expect(r).toMatchObject({ ok: false, rest: 'thong ke' });
    if (r && !r.ok) expect(r.error).toContain('Không có tháng 13');
  });
});

describe('isoDate', () => {
  it('pads', () => {
    expect(isoDate(2024, 6, 4)).toBe('2024-06-04');
  });
});
