/**
 * Vietnamese number, percent and date formatting, and calendar-date helpers.
 * Dates are calendar dates in Asia/Ho_Chi_Minh, carried everywhere as ISO `YYYY-MM-DD` strings: they compare
 * correctly as strings and never shift with the process time zone. Pure: no I/O.
 */
import { z } from 'zod';

/** An ISO calendar date `YYYY-MM-DD` (local to Asia/Ho_Chi_Minh). */
export type TIsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** Vietnam has had no daylight saving time since 1975: a fixed offset is exact. */
const VN_OFFSET_MS = 7 * 3_600_000;

/** Is `text` a real calendar date in `YYYY-MM-DD` form (rejects 2024-02-30)? */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export const ZIsoDate = z.string().refine(isIsoDate, { message: 'Ngày phải có dạng YYYY-MM-DD và là ngày có thật' });

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): TIsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toUtcMs(date: TIsoDate): number {
  const m = ISO_DATE.exec(date);
  if (!m || !isIsoDate(date)) throw new RangeError(`Not an ISO date: ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromUtcMs(ms: number): TIsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The calendar date in Asia/Ho_Chi_Minh at the instant `now`. */
export function todayInVietnam(now: Date): TIsoDate {
  return fromUtcMs(now.getTime() + VN_OFFSET_MS);
}

export function addDays(date: TIsoDate, days: number): TIsoDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: TIsoDate, b: TIsoDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / DAY_MS);
}

/** -1, 0 or 1; ISO dates order as strings, this only makes the intent explicit. */
export function compareDates(a: TIsoDate, b: TIsoDate): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: TIsoDate, b: TIsoDate): TIsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: TIsoDate, b: TIsoDate): TIsoDate {
  return a >= b ? a : b;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: TIsoDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/** 14/06/2024 */
export function formatDate(date: TIsoDate): string {
  const m = ISO_DATE.exec(date);
  if (!m) throw new RangeError(`Not an ISO date: ${date}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}

/** Excel's day 0 is 1899-12-30 (it keeps Lotus's 1900 leap-year bug for later serials). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * Reads a date as spreadsheets and dossier systems write it: `YYYY-MM-DD`, `DD/MM/YYYY` (also `D/M/YYYY`, `-` or `.`
 * as separator), optionally followed by a time part, which is ignored (interchange.md), or an Excel serial day
 * number. Returns undefined when it is not a real date.
 */
export function parseDateInput(text: string): TIsoDate | undefined {
  const t = text.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s].*)?$/.exec(t);
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[T\s,].*)?$/.exec(t);
  if (m) return checked(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{5})(?:\.\d+)?$/.exec(t);
  if (m) {
    const serial = Number(m[1]);
    // 1982..2119: a plausible dossier date, not a stray number.
    if (serial >= 30_000 && serial <= 80_000) return fromUtcMs(EXCEL_EPOCH_MS + serial * DAY_MS);
  }
  return undefined;
}

function checked(y: number, mo: number, d: number): TIsoDate | undefined {
  if (y < 1900 || y > 2200) return undefined;
  const iso = isoDate(y, mo, d);
  return isIsoDate(iso) ? iso : undefined;
}

/** Half-up rounding to `decimals` places, exact for the decimal text of the number (0.125 → 0.13). */
export function roundHalfUp(value: number, decimals = 0): number {
  if (!Number.isFinite(value)) return value;
  const sign = value < 0 ? -1 : 1;
  const abs = String(Math.abs(value));
  // Shifting through the exponent avoids 1.005 * 100 = 100.49999…; numbers already in e-notation are tiny or huge.
  if (abs.includes('e')) return sign * (Math.floor(Math.abs(value) * 10 ** decimals + 0.5) / 10 ** decimals);
  const shifted = Math.floor(Number(`${abs}e${decimals}`) + 0.5);
  return sign * Number(`${shifted}e-${decimals}`);
}

/** 2070 → "2.070"; 1234567.5 with 1 decimal → "1.234.567,5". */
export function formatNumber(value: number, decimals = 0): string {
  const rounded = roundHalfUp(value, decimals);
  const negative = rounded < 0;
  const [intPart = '0', fracPart] = Math.abs(rounded).toFixed(decimals).split('.');
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${negative ? '-' : ''}${grouped}${fracPart ? `,${fracPart}` : ''}`;
}

/**
 * A percent value (62.55 means 62,55%) → "62,55%"; decimals 0 → "75%" (half up).
 * null (no denominator) → "—", so a report never shows NaN%.
 */
export function formatPercent(value: number | null, decimals = 0): string {
  if (value === null || !Number.isFinite(value)) return '—';
  return `${formatNumber(value, decimals)}%`;
}
