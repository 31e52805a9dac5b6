/**
 * Section I.2.1 catalogue counts, per level of the organisation configuration: for each level, the procedures of
 * each authority its counters receive (the same counts as `cli procedures figures`: computeCatalogueFigures).
 * Pure.
 *
 * Which level receives a procedure: the unit its reception point names (code, name or alias in the configuration);
 * else a level word in the reception text ("… cấp xã") when that level's counters receive the procedure's
 * authority; else the highest level receiving its authority (receptionLayout), as the dossier rows do.
 */
import { computeCatalogueFigures, type TCatalogueFigures } from '../domain/catalogue/index.ts';
import { AUTHORITIES, findUnit, receptionLayout, type TAuthority, type TOrg } from '../domain/org.ts';
import type { TProcedure } from '../domain/procedure.ts';
import { fold } from '../domain/vietnamese.ts';

export interface TCatalogueLevelCounts {
  level: string;
  /**
   * Authorities received at this level: first the level's own (`primary`: the authority named like the level, else
   * the first of its report rows), then the others in the seed's order (district, vertical, province, commune).
   */
  rows: { authority: TAuthority; primary: boolean; figures: TCatalogueFigures }[];
  /** Interconnected procedures among all rows of the level. */
  interconnected: number;
}

export interface TCatalogueCounts {
  /** Active procedures in the catalogue (0: the catalogue was never imported). */
  total: number;
  levels: TCatalogueLevelCounts[];
}

const ROW_ORDER: readonly TAuthority[] = ['district', 'vertical', 'province', 'commune'];
const LEVEL_WORDS: Record<TAuthority, string> = { province: 'cap tinh', district: 'cap huyen', commune: 'cap xa', vertical: 'nganh doc' };

function receivedAt(org: TOrg, layout: Record<string, TAuthority[]>): (p: TProcedure) => string | undefined {
  const home = new Map<TAuthority, string>();
  for (const [level, authorities] of Object.entries(layout)) for (const a of authorities) home.set(a, level);
  const receives = (level: string, a: TAuthority) => org.units.some((u) => u.level === level && u.receives.includes(a));
  return (p) => {
    const text = p.receptionPoint?.trim();
    if (text) {
      const unit = findUnit(org, text);
      if (unit && unit.receives.includes(p.authority)) return unit.level;
      const folded = fold(text);
      for (const a of AUTHORITIES) {
        const level = home.get(a);
        if (level && folded.includes(LEVEL_WORDS[a]) && receives(level, p.authority)) return level;
      }
    }
    return home.get(p.authority);
  };
}

export function computeCatalogueCounts(procedures: readonly TProcedure[], org: TOrg): TCatalogueCounts {
  const active = procedures.filter((p) => p.status === 'active');
  const layout = receptionLayout(org.levels, org.units);
  const levelOf = receivedAt(org, layout);
  const levels: TCatalogueLevelCounts[] = [];
  for (const level of org.levels) {
    const received = new Set(org.units.filter((u) => u.level === level.code).flatMap((u) => u.receives));
    if (received.size === 0) continue;
    const own = layout[level.code] ?? [];
    const primary = own.find((a) => a === level.code) ?? own[0] ?? [...received][0]!;
    const order = [primary, ...ROW_ORDER.filter((a) => a !== primary && received.has(a))];
    const here = active.filter((p) => levelOf(p) === level.code);
    const figures = computeCatalogueFigures(here);
    const rows = order.map((authority) => ({ authority, primary: authority === primary, figures: figures[authority] }));
    levels.push({ level: level.code, rows, interconnected: rows.reduce((s, r) => s + r.figures.interconnected, 0) });
  }
  return { total: active.length, levels };
}
