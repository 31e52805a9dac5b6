import type { TAuthority, TProcedure } from '../procedure.ts';

/**
 * What importing a catalogue file changes (the store applies it in one transaction). Re-import updates by code;
 * with `full`, a procedure missing from the file is marked withdrawn (bãi bỏ), never deleted, so old dossiers
 * still resolve their procedure. A withdrawn procedure that comes back is active again.
 */
export interface TCatalogueImportPlan {
  added: TProcedure[];
  updated: TProcedure[];
  /** codes present and identical (sources aside) */
  unchanged: string[];
  /** existing procedures the full file no longer lists, already marked withdrawn */
  withdrawn: TProcedure[];
}

export function planCatalogueImport(
  existing: readonly TProcedure[],
  incoming: readonly TProcedure[],
  options: { full: boolean },
): TCatalogueImportPlan {
  const before = new Map(existing.map((p) => [p.code, p]));
  const plan: TCatalogueImportPlan = { added: [], updated: [], unchanged: [], withdrawn: [] };
  const seen = new Set<string>();
  for (const p of incoming) {
    seen.add(p.code);
    const prior = before.get(p.code);
    if (!prior) plan.added.push(p);
    else if (sameContent(prior, p)) plan.unchanged.push(p.code);
    else plan.updated.push(p);
  }
  if (options.full) {
    for (const p of existing) {
      if (!seen.has(p.code) && p.status !== 'withdrawn') plan.withdrawn.push({ ...p, status: 'withdrawn' });
    }
  }
  return plan;
}

/** Equal in everything a citizen or the report sees; where it was read from does not count. */
function sameContent(a: TProcedure, b: TProcedure): boolean {
  const { sources: _a, ...restA } = a;
  const { sources: _b, ...restB } = b;
  return stableJson(restA) === stableJson(restB);
}

function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([x], [y]) => (x < y ? -1 : 1)))
      : v,
  );
}

/** Catalogue figures of report section 2.1 for one group of procedures. */
export interface TCatalogueFigures {
  procedures: number;
  fields: number;
  sectors: number;
  interconnected: number;
  boundaryFree: number;
}

/**
 * Section 2.1 counts per authority (active procedures only): how many procedures, distinct fields, distinct sectors,
 * interconnected and boundary-free. `where` narrows the set first (e.g. the procedures one reception point receives,
 * from the organisation configuration).
 */
export function computeCatalogueFigures(
  procedures: readonly TProcedure[],
  where: (p: TProcedure) => boolean = () => true,
): Record<TAuthority, TCatalogueFigures> {
  const out = {} as Record<TAuthority, TCatalogueFigures>;
  for (const authority of ['province', 'district', 'commune', 'vertical'] as const) {
    const set = procedures.filter((p) => p.status === 'active' && p.authority === authority && where(p));
    out[authority] = {
      procedures: set.length,
      fields: new Set(set.map((p) => p.field)).size,
      sectors: new Set(set.map((p) => p.sector).filter((s): s is string => s !== null)).size,
      interconnected: set.filter((p) => p.interconnected).length,
      boundaryFree: set.filter((p) => p.boundaryFree).length,
    };
  }
  return out;
}
