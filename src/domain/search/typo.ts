import { isFoldedSyllable, unifyIY } from '../vietnamese.ts';

/**
 * Typing mistakes on folded syllables. Candidates are only ever words of the index; the caller decides how much
 * to trust them (a real syllable such as "chao" is only corrected when the correction forms a catalogue word
 * pair with a neighbour).
 */

/** SymSpell-style delete neighbourhood: every word with one letter removed → the words it came from. */
export function buildDeleteIndex(vocabulary: Iterable<string>): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const word of vocabulary) {
    if (word.length < 3 || /\d/.test(word)) continue;
    for (const d of deletes1(word)) {
      const list = index.get(d);
      if (!list) index.set(d, [word]);
      else if (!list.includes(word)) list.push(word);
    }
  }
  return index;
}

function deletes1(word: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < word.length; i++) out.add(word.slice(0, i) + word.slice(i + 1));
  return out;
}

/** Optimal string alignment distance, capped: returns max+1 as soon as it is exceeded. */
export function editDistance(a: string, b: string, max = 1): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let prevPrev = prev2;
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (prevPrev[j - 2] as number) + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * Words of the vocabulary one edit away (insert, delete, substitute, swap neighbours). With `insertOnly` only a
 * missing letter is repaired ("sin" → "sinh"), which is what short words allow without guessing.
 */
export function editCandidates(
  token: string,
  has: (w: string) => boolean,
  deleteIndex: Map<string, string[]>,
  insertOnly = false,
): string[] {
  const out = new Set<string>();
  // token is a word with one letter missing
  for (const w of deleteIndex.get(token) ?? []) out.add(w);
  if (!insertOnly) {
    for (const d of deletes1(token)) {
      if (has(d)) out.add(d); // one letter too many
      for (const w of deleteIndex.get(d) ?? []) if (editDistance(token, w) <= 1) out.add(w); // substitution, swap
    }
  }
  out.delete(token);
  return [...out];
}

/**
 * Telex or VNI typed with the keyboard's Vietnamese mode off: "ddawng" → "dang", "kys" → "ki", "hoonf" → "hon",
 * "d9a8ng" → "dang". Returns folded syllables (possibly several readings), or none when nothing applies.
 */
export function telexCandidates(token: string): string[] {
  const out = new Set<string>();
  if (/[a-z]\d|\d[a-z]/.test(token) && /[1-9]/.test(token)) {
    const vni = token.replace(/[1-9]/g, '');
    if (isFoldedSyllable(vni)) out.add(unifyIY(vni));
  }
  if (!/dd|aa|aw|ee|oo|ow|uw|w|[sfrxj]/.test(token)) return [...out];
  const base = token
    .replace(/dd/g, 'd')
    .replace(/uow/g, 'uo')
    .replace(/a[aw]/g, 'a')
    .replace(/ee/g, 'e')
    .replace(/o[ow]/g, 'o')
    .replace(/uw/g, 'u')
    .replace(/w/g, 'u');
  if (base !== token && isFoldedSyllable(base)) out.add(unifyIY(base));
  // a tone key (s f r x j) typed after the vowel, at the end or before the final consonant
  for (let i = 1; i < base.length; i++) {
    if (!'sfrxj'.includes(base[i] as string)) continue;
    const s = base.slice(0, i) + base.slice(i + 1);
    if (isFoldedSyllable(s)) out.add(unifyIY(s));
  }
  out.delete(token);
  return [...out];
}

// Sounds Vietnamese spell two ways, or that regional speech merges: ch/tr, s/x, d/gi/r/v, l/n, final n/ng, t/c.
const ONSET_SWAPS: [RegExp, string[]][] = [
  [/^ch/, ['tr']],
  [/^tr/, ['ch']],
  [/^s/, ['x']],
  [/^x/, ['s']],
  [/^gi/, ['d', 'r']],
  [/^d/, ['gi', 'r', 'v']],
  [/^r/, ['d', 'gi']],
  [/^v/, ['d']],
  [/^l/, ['n']],
  [/^n(?!g|h)/, ['l']],
];
const CODA_SWAPS: [RegExp, string[]][] = [
  [/ng$/, ['n']],
  [/(?<!n)n$/, ['ng']],
  [/nh$/, ['n']],
  [/t$/, ['c']],
  [/(?<!n)c$/, ['t']],
  [/ch$/, ['t']],
];

export function phoneticVariants(token: string): string[] {
  const out = new Set<string>();
  for (const [re, subs] of ONSET_SWAPS) {
    if (re.test(token)) for (const s of subs) out.add(token.replace(re, s));
  }
  for (const [re, subs] of CODA_SWAPS) {
    if (re.test(token)) for (const s of subs) out.add(token.replace(re, s));
  }
  out.delete(token);
  return [...out];
}

/**
 * Words typed without spaces ("khaisinh", "dangkykethon"): the split into the fewest vocabulary syllables,
 * or null. Parts are unified for ký/kí so "dangky" finds "ki".
 */
export function segment(token: string, has: (w: string) => boolean, maxParts = 4): string[] | null {
  const n = token.length;
  if (n < 4 || n > 28) return null;
  // best[i] = fewest parts covering token[0..i)
  const best: (string[] | null)[] = new Array(n + 1).fill(null);
  best[0] = [];
  for (let i = 0; i < n; i++) {
    const head = best[i];
    if (!head || head.length >= maxParts) continue;
    for (let j = i + 1; j <= Math.min(n, i + 7); j++) {
      const part = unifyIY(token.slice(i, j));
      if (part.length < 2 && part !== 'o') continue;
      if (!has(part) || !isFoldedSyllable(part)) continue;
      const cand = [...head, part];
      const cur = best[j];
      if (!cur || cand.length < cur.length) best[j] = cand;
    }
  }
  const result = best[n];
  return result && result.length >= 2 ? result : null;
}
