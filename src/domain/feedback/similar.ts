/**
 * "Looks the same": before a citizen files, open items of the same procedure or unit with similar words, or filed
 * within 100 m, are offered first (issue 5). Pure.
 */
import { distanceKm, type TLocation } from '../org.ts';
import { fold } from '../vietnamese.ts';

// Words that say nothing about the problem itself.
const STOP = new Set(
  'toi em anh chi chung ban xin cho hoi la va thi ma o tai cua co khong chua da dang se duoc bi rat qua nhe a u ha voi nhu nay kia do de den tu trong ngoai len xuong mot cac nhung nhieu it phan anh gop y kien nghi viec ve vi sao gi nao'.split(' '),
);

/** Folded content words, and adjacent-word pairs (Vietnamese meaning lives in two-syllable compounds). */
export function contentTerms(text: string): Set<string> {
  const words = fold(text).split(/[^a-z0-9]+/).filter((w) => w.length > 1 && !STOP.has(w));
  const terms = new Set(words);
  for (let i = 0; i + 1 < words.length; i++) terms.add(`${words[i]}_${words[i + 1]}`);
  return terms;
}

/** Overlap coefficient of the two term sets (|A∩B| / min(|A|,|B|)), 0 … 1. */
export function textSimilarity(a: string, b: string): number {
  const x = contentTerms(a);
  const y = contentTerms(b);
  if (x.size === 0 || y.size === 0) return 0;
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  return both / Math.min(x.size, y.size);
}

export interface TSimilarCandidate {
  code: string;
  content: string;
  unitCode: string;
  procedureCode: string | null;
  location: TLocation | null;
}

export interface TDraftLike {
  content: string;
  unitCode?: string;
  procedureCode?: string;
  location?: TLocation;
}

export const SAME_PLACE_METRES = 100;
export const SIMILAR_TEXT = 0.5;

/** Why a candidate looks like the draft, or undefined when it does not. */
export function looksTheSame(draft: TDraftLike, c: TSimilarCandidate): 'place' | 'words' | undefined {
  if (draft.location && c.location && distanceKm(draft.location, c.location) * 1000 <= SAME_PLACE_METRES) return 'place';
  const sameSubject = (draft.procedureCode && draft.procedureCode === c.procedureCode) || (draft.unitCode && draft.unitCode === c.unitCode);
  if (sameSubject && textSimilarity(draft.content, c.content) >= SIMILAR_TEXT) return 'words';
  return undefined;
}

/** The best few candidates, most similar first. */
export function similarItems<T extends TSimilarCandidate>(draft: TDraftLike, candidates: readonly T[], limit = 3): T[] {
  return candidates
    .map((c) => ({ c, why: looksTheSame(draft, c), score: textSimilarity(draft.content, c.content) }))
    .filter((x) => x.why)
    // Same place first, then the closest wording.
    .sort((a, b) => Number(b.why === 'place') - Number(a.why === 'place') || b.score - a.score)
    .slice(0, limit)
    .map((x) => x.c);
}
