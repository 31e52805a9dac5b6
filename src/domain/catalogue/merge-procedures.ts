import type { TProcedure } from '../procedure.ts';
import { fold } from '../vietnamese.ts';

/**
 * Two descriptions of one code: the published catalogue (or an officer's table) says what the locality offers —
 * name, field, authority, reception, interconnected/boundary-free flags, status, filing link; the handbook says
 * how to do it — documents, steps, legal basis, per-channel time and fee, online level.
 *
 * The field stays the catalogue's: mixing the handbook's finer field names into a catalogue would inflate the
 * distinct-field counts of the report (section 2.1). The handbook's wording is kept as search keywords instead.
 */
export function mergeProcedures(listing: TProcedure, detail: TProcedure): TProcedure {
  if (listing.code !== detail.code) throw new Error(`cannot merge ${listing.code} with ${detail.code}`);
  const aliases = uniqueText([...listing.aliases, ...(sameName(listing.name, detail.name) ? [] : [detail.name]), ...detail.aliases])
    .filter((a) => !sameName(a, listing.name));
  const extraKeywords = fold(detail.field) === fold(listing.field) ? [] : [detail.field];
  return {
    ...listing,
    aliases,
    group: listing.group ?? detail.group,
    onlineLevel: listing.onlineLevel ?? detail.onlineLevel,
    processingTime: detail.processingTime ?? listing.processingTime,
    fee: detail.fee ?? listing.fee,
    channels: detail.channels.length > 0 ? detail.channels : listing.channels,
    documents: detail.documents.length > 0 ? detail.documents : listing.documents,
    steps: detail.steps.length > 0 ? detail.steps : listing.steps,
    legalBasis: detail.legalBasis.length > 0 ? detail.legalBasis : listing.legalBasis,
    // The catalogue's link files at the right locality; the handbook's only searches the national portal.
    onlineUrl: listing.onlineUrl ?? detail.onlineUrl,
    keywords: uniqueText([...listing.keywords, ...detail.keywords, ...extraKeywords]),
    sources: [...listing.sources.filter((s) => s.kind !== 'handbook'), ...detail.sources.filter((s) => s.kind === 'handbook')],
  };
}

const hasDetail = (p: TProcedure): boolean => p.sources.some((s) => s.kind === 'handbook');
const hasListing = (p: TProcedure): boolean => p.sources.some((s) => s.kind !== 'handbook');

/**
 * Combines records of several sources by code. Listing records (catalogue, table) keep their flags; handbook
 * records add detail. A later record of the same kind replaces the earlier one (a re-import corrects a file),
 * keeping what the other kind contributed. Order of the result: first appearance of each code.
 */
export function mergeProcedureLists(...lists: TProcedure[][]): TProcedure[] {
  const byCode = new Map<string, TProcedure>();
  for (const list of lists) {
    for (const p of list) {
      const prior = byCode.get(p.code);
      let next = p;
      if (prior && hasListing(p) && hasDetail(prior)) next = mergeProcedures(p, prior);
      else if (prior && !hasListing(p) && hasListing(prior)) next = mergeProcedures(prior, p);
      byCode.set(p.code, next);
    }
  }
  return [...byCode.values()];
}

/** Names equal once case, tone marks, a leading "Thủ tục" and final punctuation are ignored. */
function sameName(a: string, b: string): boolean {
  return nameKey(a) === nameKey(b);
}

function nameKey(name: string): string {
  return fold(name)
    .replace(/^thu tuc\s+/, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function uniqueText(items: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    const key = fold(item);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}
