/**
 * The organisation configuration: government levels, units (reception points) and which authorities each receives.
 * Nothing here assumes three levels: Phú Quốc 2024 had city + communes; since 07/2025 it is a special zone with
 * communes only, and a deployment describes that in its own file. Pure: no I/O (the caller reads the file).
 */
import { z } from 'zod';
import { DEFAULT_PERIOD_RULE, ZPeriodRule } from './periods.ts';
import { fold } from './vietnamese.ts';

/** Who decides a procedure. Order = order of the report rows (golden/2024-06.json). */
export const AUTHORITIES = ['district', 'province', 'vertical', 'commune'] as const;
export const ZAuthority = z.enum(AUTHORITIES);
export type TAuthority = z.infer<typeof ZAuthority>;

export const AUTHORITY_LABELS: Record<TAuthority, string> = {
  province: 'cấp tỉnh',
  district: 'cấp huyện',
  commune: 'cấp xã',
  vertical: 'ngành dọc',
};

/** The online-service and digitisation figures cover the local governments below the province (domain.md). */
export const DEFAULT_ONLINE_SCOPE: readonly TAuthority[] = ['district', 'commune'];

export const ZLocation = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
export type TLocation = z.infer<typeof ZLocation>;

export const ZLevel = z.object({
  /** e.g. "district", "commune"; the figures contract names the report sections by it. */
  code: z.string().regex(/^[a-z][a-z0-9-]*$/, 'Mã cấp chỉ gồm chữ thường, số và dấu gạch ngang'),
  name: z.string().min(1),
  /** Heading of this level's section in the report (I.2.2), e.g. "Tại Bộ phận Tiếp nhận và Trả kết quả thành phố". */
  reportHeading: z.string().min(1).optional(),
});
export type TLevel = z.infer<typeof ZLevel>;

export const ZUnit = z.object({
  code: z.string().regex(/^[A-Z0-9][A-Z0-9-]*$/, 'Mã đơn vị chỉ gồm chữ in hoa, số và dấu gạch ngang'),
  name: z.string().min(1),
  /** Short name for chat answers ("Dương Đông"). */
  shortName: z.string().min(1).optional(),
  level: z.string(),
  /** Authorities whose dossiers this counter receives. */
  receives: z.array(ZAuthority).min(1),
  /** Approximate position, for routing located feedback to the nearest unit. */
  location: ZLocation.optional(),
  /** Other spellings officers and files use for the unit. */
  aliases: z.array(z.string().min(1)).default([]),
});
export type TUnit = z.infer<typeof ZUnit>;

export const ZOrg = z
  .object({
    name: z.string().min(1),
    /** Dates between which this structure applies (informative; a reorganisation is a new file). */
    validFrom: z.string().optional(),
    validTo: z.string().optional(),
    periodRule: ZPeriodRule.default(DEFAULT_PERIOD_RULE),
    onlineScope: z.array(ZAuthority).min(1).default([...DEFAULT_ONLINE_SCOPE]),
    /** Top-down: the first level is the highest. */
    levels: z.array(ZLevel).min(1),
    units: z.array(ZUnit).min(1),
    /** The desk that gets what no unit claims (feedback without a place, a citizen's first question). */
    defaultDesk: z.string(),
  })
  .superRefine((org, ctx) => {
    const levels = new Set<string>();
    org.levels.forEach((l, i) => {
      if (levels.has(l.code)) ctx.addIssue({ code: 'custom', path: ['levels', i, 'code'], message: `Cấp “${l.code}” bị khai báo hai lần` });
      levels.add(l.code);
    });
    const codes = new Set<string>();
    org.units.forEach((u, i) => {
      if (codes.has(u.code)) ctx.addIssue({ code: 'custom', path: ['units', i, 'code'], message: `Mã đơn vị “${u.code}” bị trùng` });
      codes.add(u.code);
      if (!levels.has(u.level)) {
        ctx.addIssue({ code: 'custom', path: ['units', i, 'level'], message: `Đơn vị ${u.code} thuộc cấp “${u.level}” chưa khai báo trong levels` });
      }
    });
    if (!codes.has(org.defaultDesk)) {
      ctx.addIssue({ code: 'custom', path: ['defaultDesk'], message: `Đơn vị mặc định “${org.defaultDesk}” không có trong units` });
    }
  });
export type TOrg = z.infer<typeof ZOrg>;
export type TOrgInput = z.input<typeof ZOrg>;

/** Validates a parsed configuration file; the error lists every problem, one per line. */
export function parseOrg(json: unknown): TOrg {
  const r = ZOrg.safeParse(json);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `- ${i.path.join('.') || '(gốc)'}: ${i.message}`);
  throw new Error(`Cấu hình đơn vị không hợp lệ:\n${lines.join('\n')}`);
}

/**
 * A unit by code (any case), name, short name or alias, compared without diacritics:
 * "DUONG-DONG", "duong-dong", "Dương Đông" and "phường Dương Đông" all find the same unit.
 */
export function findUnit(org: TOrg, text: string): TUnit | undefined {
  const t = fold(text);
  if (t === '') return undefined;
  const byCode = org.units.find((u) => fold(u.code) === t);
  if (byCode) return byCode;
  return org.units.find((u) => [u.name, u.shortName ?? '', ...u.aliases].some((n) => n !== '' && fold(n) === t));
}

export function unitsOfLevel(org: TOrg, level: string): TUnit[] {
  return org.units.filter((u) => u.level === level);
}

export function unitsReceiving(org: TOrg, authority: TAuthority): TUnit[] {
  return org.units.filter((u) => u.receives.includes(authority));
}

/**
 * The report's layout (golden "reception_points"): for each level, the authority rows printed in its section.
 * An authority is reported under the highest level whose counters receive it — a district procedure received at a
 * ward still counts with the city's district row, as the June 2024 report does. Phú Quốc 2024:
 * { district: [district, province, vertical], commune: [commune] }.
 */
export function receptionLayout(
  levels: readonly { code: string }[],
  units: readonly { level: string; receives: readonly TAuthority[] }[],
): Record<string, TAuthority[]> {
  const rank = new Map(levels.map((l, i) => [l.code, i]));
  const home = new Map<TAuthority, string>();
  const order: TAuthority[] = [];
  for (const u of units) {
    for (const a of u.receives) {
      if (!order.includes(a)) order.push(a);
      const current = home.get(a);
      if (current === undefined || (rank.get(u.level) ?? Infinity) < (rank.get(current) ?? Infinity)) home.set(a, u.level);
    }
  }
  const layout: Record<string, TAuthority[]> = {};
  for (const l of levels) {
    const row = order.filter((a) => home.get(a) === l.code);
    if (row.length > 0) layout[l.code] = row;
  }
  return layout;
}

/** Great-circle distance in km. */
export function distanceKm(a: TLocation, b: TLocation): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The located unit nearest to a point (optionally only units receiving `authority`); undefined if none is located. */
export function nearestUnit(org: TOrg, point: TLocation, authority?: TAuthority): TUnit | undefined {
  let best: TUnit | undefined;
  let bestKm = Infinity;
  for (const u of org.units) {
    if (!u.location || (authority && !u.receives.includes(authority))) continue;
    const km = distanceKm(point, u.location);
    if (km < bestKm) {
      best = u;
      bestKm = km;
    }
  }
  return best;
}
