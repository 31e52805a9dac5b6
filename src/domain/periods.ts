/**
 * Reporting periods. Default: the cut-off of Decree 09/2019/NĐ-CP art. 12 for monthly reports — from the 15th of the
 * previous month to the 14th of the reporting month, both inclusive ("tháng 6/2024" = 15/05/2024–14/06/2024).
 * A configuration switch selects calendar months instead. Dates are Asia/Ho_Chi_Minh calendar dates (format.ts).
 * Pure: no I/O.
 */
import { z } from 'zod';
import { addDays, daysInMonth, formatDate, isoDate, minDate, todayInVietnam, ZIsoDate, type TIsoDate } from './format.ts';
import { fold } from './vietnamese.ts';

export const PERIOD_RULES = ['decree-09-2019', 'calendar-month'] as const;
export const ZPeriodRule = z.enum(PERIOD_RULES);
export type TPeriodRule = z.infer<typeof ZPeriodRule>;
export const DEFAULT_PERIOD_RULE: TPeriodRule = 'decree-09-2019';

export const ZPeriod = z.object({
  /** "06/2024": how the report and the chat name it. */
  label: z.string().regex(/^\d{2}\/\d{4}$/),
  /** "2024-06": how the CLI and the API name it. */
  key: z.string().regex(/^\d{4}-\d{2}$/),
  start: ZIsoDate,
  end: ZIsoDate,
  rule: ZPeriodRule,
});
export type TPeriod = z.infer<typeof ZPeriod>;

export const RULE_DESCRIPTIONS: Record<TPeriodRule, string> = {
  'decree-09-2019': 'từ ngày 15 tháng trước đến ngày 14 tháng báo cáo (Nghị định 09/2019/NĐ-CP)',
  'calendar-month': 'theo tháng dương lịch',
};

const MIN_YEAR = 2000;
const MAX_YEAR = 2099;

/** The period of reporting month `month` (1–12) of `year`. */
export function periodForMonth(year: number, month: number, rule: TPeriodRule = DEFAULT_PERIOD_RULE): TPeriod {
  if (!Number.isInteger(year) || !Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid month ${year}-${month}`);
  }
  const mm = String(month).padStart(2, '0');
  const base = { label: `${mm}/${year}`, key: `${year}-${mm}`, rule };
  if (rule === 'calendar-month') {
    return { ...base, start: isoDate(year, month, 1), end: isoDate(year, month, daysInMonth(year, month)) };
  }
  const prevYear = month === 1 ? year - 1 : year;
  const prevMonth = month === 1 ? 12 : month - 1;
  return { ...base, start: isoDate(prevYear, prevMonth, 15), end: isoDate(year, month, 14) };
}

/** "2024-06" → the period; undefined when the key is malformed. */
export function periodFromKey(key: string, rule: TPeriodRule = DEFAULT_PERIOD_RULE): TPeriod | undefined {
  const m = /^(\d{4})-(\d{2})$/.exec(key);
  if (!m) return undefined;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return undefined;
  return periodForMonth(Number(m[1]), month, rule);
}

/** The period a date belongs to: under the 15→14 rule, 20/06/2024 belongs to 07/2024 (15/06–14/07). */
export function periodContaining(date: TIsoDate, rule: TPeriodRule = DEFAULT_PERIOD_RULE): TPeriod {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (rule === 'decree-09-2019' && d >= 15) {
    return m === 12 ? periodForMonth(y + 1, 1, rule) : periodForMonth(y, m + 1, rule);
  }
  return periodForMonth(y, m, rule);
}

/** The period `months` months later (negative: earlier). */
export function shiftPeriod(period: TPeriod, months: number): TPeriod {
  const [y, m] = period.key.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + months;
  return periodForMonth(Math.floor(index / 12), (index % 12) + 1, period.rule);
}

/**
 * A period still running is cut at `today`: figures "so far" must classify pending dossiers at today's date, not at
 * a cut-off that has not come (a dossier due next week is not overdue yet). Past periods come back unchanged.
 */
export function periodToDate(period: TPeriod, today: TIsoDate): TPeriod & { partial: boolean } {
  const end = minDate(period.end, today);
  return { ...period, end, partial: end !== period.end };
}

/** "tháng 06/2024 (15/05/2024 – 14/06/2024)" */
export function describePeriod(period: TPeriod): string {
  return `tháng ${period.label} (${formatDate(period.start)} – ${formatDate(period.end)})`;
}

export interface TResolveOptions {
  now: Date;
  rule?: TPeriodRule;
}

export type TPeriodResolution = { ok: true; period: TPeriod } | { ok: false; error: string };

const EXAMPLES = '06/2024, 2024-06, “tháng 6/2024”, “tháng này” hoặc “tháng trước”';

// Grammar over folded text (fold(): lower case, no diacritics, single spaces), so "tháng trước" = "thang truoc".
const MONTH_WORD = String.raw`(?:thang|th|t)\s*\.?\s*`;
const PATTERNS: { re: string; read: (m: RegExpExecArray, ctx: TContext) => TPeriodResolution }[] = [
  // 2024-06, 2024/6
  { re: String.raw`(\d{4})\s*[-/.]\s*(\d{1,2})`, read: (m, c) => fromYearMonth(Number(m[1]), Number(m[2]), c) },
  // 06/2024, 6-2024, t6/2024, tháng 6/2024, tháng 6 năm 2024, t6/24
  {
    re: String.raw`(?:${MONTH_WORD})?(\d{1,2})\s*(?:[-/.]|\s+nam\s+)\s*(\d{4}|\d{2})`,
    read: (m, c) => fromYearMonth(fullYear(m[2] ?? ''), Number(m[1]), c),
  },
  // tháng 6 2024
  { re: String.raw`${MONTH_WORD}(\d{1,2})\s+(\d{4})`, read: (m, c) => fromYearMonth(Number(m[2]), Number(m[1]), c) },
  // tháng 6, t6: the latest such month that has begun
  { re: String.raw`${MONTH_WORD}(\d{1,2})`, read: (m, c) => fromMonthOnly(Number(m[1]), c) },
  // tháng này: the period containing today (see resolvePeriod)
  { re: String.raw`(?:thang|ky)\s+(?:nay|hien tai|hien nay)`, read: (_m, c) => ({ ok: true, period: c.current }) },
  {
    re: String.raw`(?:thang|ky)\s+(?:truoc|roi|vua qua|vua roi)`,
    read: (_m, c) => ({ ok: true, period: shiftPeriod(c.current, -1) }),
  },
];

interface TContext {
  rule: TPeriodRule;
  today: TIsoDate;
  current: TPeriod;
}

function fullYear(text: string): number {
  return text.length === 2 ? 2000 + Number(text) : Number(text);
}

function fromYearMonth(year: number, month: number, ctx: TContext): TPeriodResolution {
  if (month < 1 || month > 12) return { ok: false, error: `Không có tháng ${month}: tháng phải từ 1 đến 12.` };
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { ok: false, error: `Năm ${year} nằm ngoài phạm vi ${MIN_YEAR}–${MAX_YEAR}.` };
  }
  const period = periodForMonth(year, month, ctx.rule);
  if (period.start > ctx.today) {
    return { ok: false, error: `Kỳ báo cáo tháng ${period.label} chưa bắt đầu (từ ${formatDate(period.start)}).` };
  }
  return { ok: true, period };
}

function fromMonthOnly(month: number, ctx: TContext): TPeriodResolution {
  if (month < 1 || month > 12) return { ok: false, error: `Không có tháng ${month}: tháng phải từ 1 đến 12.` };
  const [cy, cm] = ctx.current.key.split('-').map(Number) as [number, number];
  // "tháng 12" asked in January means last December.
  return fromYearMonth(month <= cm ? cy : cy - 1, month, ctx);
}

function contextOf(opts: TResolveOptions): TContext {
  const rule = opts.rule ?? DEFAULT_PERIOD_RULE;
  const today = todayInVietnam(opts.now);
  return { rule, today, current: periodContaining(today, rule) };
}

/**
 * Reads a period as an officer writes it: `2024-06`, `06/2024`, `6/2024`, `t6/2024`, "tháng 6/2024",
 * "thang 6 nam 2024", "tháng 6" (the latest June that has begun), "tháng này", "tháng trước" — with or without
 * diacritics. The whole text must be a period (a CLI option, an API parameter); see extractPeriod for chat text.
 *
 * "Tháng này" is the period that contains today. Under the 15→14 rule that is the period being collected now:
 * on 20/06/2024 it is 07/2024 (15/06–14/07), because the June report closed on 14/06 and the dossiers received
 * since then will appear in July's report. An officer asking "tháng này" wants the running figures, which
 * periodToDate() cuts at today; "tháng trước" is then the last closed report (06/2024).
 */
export function resolvePeriod(text: string, opts: TResolveOptions): TPeriodResolution {
  const folded = fold(text);
  if (folded === '') return { ok: false, error: `Chưa nêu kỳ báo cáo. Ví dụ: ${EXAMPLES}.` };
  const ctx = contextOf(opts);
  for (const p of PATTERNS) {
    const m = new RegExp(`^(?:ky bao cao\\s+)?${p.re}$`).exec(folded);
    if (m) return p.read(m, ctx);
  }
  return { ok: false, error: `Không hiểu kỳ báo cáo “${text.trim()}”. Hãy ghi theo dạng ${EXAMPLES}.` };
}

export type TPeriodExtraction =
  | { ok: true; period: TPeriod; rest: string }
  | { ok: false; error: string; rest: string };

/**
 * Finds a period inside a chat message ("thống kê Dương Đông tháng này"). Returns undefined when the message names
 * none (the caller picks its default), otherwise the period — or the Vietnamese error for a bad one such as
 * "tháng 13/2024" — and `rest`: the folded message with the period phrase removed ("thong ke duong dong").
 */
export function extractPeriod(text: string, opts: TResolveOptions): TPeriodExtraction | undefined {
  const folded = fold(text);
  const ctx = contextOf(opts);
  for (const p of PATTERNS) {
    // Not inside a word or a longer number / date ("14/06/2024" is a date, not a period).
    const m = new RegExp(`(?<![\\p{L}\\d/.-])${p.re}(?![\\p{L}\\d]|[/.-]\\d)`, 'u').exec(folded);
    if (!m) continue;
    const rest = `${folded.slice(0, m.index)} ${folded.slice(m.index + m[0].length)}`.replace(/\s+/g, ' ').trim();
    const r = p.read(m, ctx);
    return r.ok ? { ok: true, period: r.period, rest } : { ok: false, error: r.error, rest };
  }
  return undefined;
}

/** The day after a period, convenient for half-open SQL ranges and for "since" texts. */
export function dayAfter(period: TPeriod): TIsoDate {
  return addDays(period.end, 1);
}
