/**
 * What an officer asks for in chat ("thống kê Dương Đông tháng này", "hồ sơ quá hạn", "báo cáo PQ tháng 06/2024"):
 * the period, cut at today while it runs, and the reception point, from the folded text after the keyword.
 * Pure: the conversation service loads the figures this names.
 */
import { todayInVietnam } from '../domain/format.ts';
import type { TOrg, TUnit } from '../domain/org.ts';
import { extractPeriod, periodContaining, periodToDate, type TPeriod, type TPeriodRule } from '../domain/periods.ts';
import { fold } from '../domain/vietnamese.ts';
import type { TOfficerIntent } from './router.ts';
import { STATS_TEXTS } from './texts.ts';

export type TOfficerRole = 'officer' | 'leader' | 'admin';

export interface TOfficerInfo {
  unitCode: string;
  role: TOfficerRole;
}

export interface TOfficerQuery {
  kind: TOfficerIntent['name'];
  period: TPeriod & { partial: boolean };
  /** null: every reception point of the organisation */
  unit: TUnit | null;
}

/** `error` is the whole answer to send (Vietnamese, with examples). */
export type TOfficerQueryResult = { ok: true; query: TOfficerQuery } | { ok: false; error: string };

export interface TOfficerQueryContext {
  now: Date;
  rule: TPeriodRule;
  org: TOrg | undefined;
  officer: TOfficerInfo;
}

/** Words naming the whole organisation ("toàn thành phố", "tất cả"). */
const WHOLE = /(?:^|\s)(?:toan bo(?: don vi)?|tat ca(?: cac)?(?: don vi| noi tiep nhan)?|toan (?:thanh pho|tp|huyen|tinh|dac khu|dia ban)|ca thanh pho|ca tp)(?=\s|$)/;
/** Words around a unit or period that carry no meaning here ("số liệu hồ sơ của phường … nhé"). */
const FILLER = new Set([
  'ho', 'so', 'hs', 'cua', 'tai', 'o', 'don', 'vi', 'cho', 'xem', 'lieu', 'nhe', 'a', 'voi', 'giup', 'toi', 'em', 'minh',
  'ky', 'bao', 'cao', 'day', 'du', 'chi', 'tiet', 'thong', 'ke', 'phuong', 'xa', 'thi', 'tran', 'ubnd', 'bo', 'phan',
  'mot', 'cua', 'va', 'cac', 'nao', 'the', 'gi', 'di', 'nhu', 'sao', 'hien', 'nay', 'qua', 'han', 'ds', 'danh', 'sach',
]);

/** Every folded spelling of a unit: code ("duong-dong", "duong dong"), name, short name, aliases. */
function spellings(u: TUnit): string[] {
  const code = fold(u.code);
  return [code, code.replace(/-/g, ' '), fold(u.name), ...(u.shortName ? [fold(u.shortName)] : []), ...u.aliases.map(fold)].filter((s) => s.length >= 2);
}

/** The unit named somewhere in `text` (the longest spelling wins) and the text without it. */
function findUnitIn(org: TOrg, text: string): { unit: TUnit; rest: string } | undefined {
  let best: { unit: TUnit; at: number; len: number } | undefined;
  for (const u of org.units) {
    for (const s of spellings(u)) {
      const re = new RegExp(`(?:^|\\s)(${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?=\\s|$)`);
      const m = re.exec(text);
      if (m && (!best || s.length > best.len)) best = { unit: u, at: m.index + m[0].length - s.length, len: s.length };
    }
  }
  if (!best) return undefined;
  return { unit: best.unit, rest: `${text.slice(0, best.at)} ${text.slice(best.at + best.len)}` };
}

/** The reception point an officer sees when they name none: their own, unless it is at the top level. */
export function defaultUnit(org: TOrg | undefined, officer: TOfficerInfo): TUnit | null {
  if (!org) return null;
  const unit = org.units.find((u) => u.code === officer.unitCode);
  if (!unit) return null;
  return unit.level === org.levels[0]?.code ? null : unit;
}

export function parseOfficerQuery(intent: TOfficerIntent, ctx: TOfficerQueryContext): TOfficerQueryResult {
  const today = todayInVietnam(ctx.now);
  const found = extractPeriod(intent.rest, { now: ctx.now, rule: ctx.rule });
  if (found && !found.ok) return { ok: false, error: STATS_TEXTS.periodError(found.error) };
  const period = periodToDate(found?.period ?? periodContaining(today, ctx.rule), today);
  let rest = fold(found ? found.rest : intent.rest).replace(/[.,;:!?()]+/g, ' ').replace(/\s+/g, ' ').trim();

  let unit: TUnit | null | undefined;
  const whole = WHOLE.exec(rest);
  if (whole) {
    unit = null;
    rest = `${rest.slice(0, whole.index)} ${rest.slice(whole.index + whole[0].length)}`;
  }
  if (ctx.org) {
    const named = findUnitIn(ctx.org, rest);
    if (named) {
      unit = named.unit;
      rest = named.rest;
    }
  }
  const leftover = rest.split(/\s+/).filter((w) => w !== '' && !FILLER.has(w));
  if (leftover.length > 0) {
    return { ok: false, error: STATS_TEXTS.unknownUnit(ctx.org ? ctx.org.units.map((u) => u.shortName ?? u.name) : []) };
  }
  return { ok: true, query: { kind: intent.name, period, unit: unit === undefined ? defaultUnit(ctx.org, ctx.officer) : unit } };
}
