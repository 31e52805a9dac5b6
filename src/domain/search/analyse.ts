import { fold, isFoldedSyllable, unifyIY } from '../vietnamese.ts';

/**
 * Vietnamese is written one syllable per word: tokens are syllables, and meaning lives in syllable pairs
 * ("khai sinh", "hộ tịch", "đất đai"), so the index keeps both single syllables and adjacent pairs.
 */
export interface TToken {
  /** lower-case NFC syllable as written */
  written: string;
  /** the same with ký/kí unified: what is compared */
  surface: string;
  /** folded: no tone or vowel marks, đ→d */
  folded: string;
  /** vowel marks kept, tone moved to a trailing digit: "hòa" and "hoà" both give "hoa2"; "thời" ≠ "thôi" */
  sig: string;
  /** punctuation (, ; : / - ( …) between this token and the previous one: no pair is formed across it */
  breakBefore: boolean;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const TONES: Record<string, string> = { '\u0300': '2', '\u0301': '1', '\u0303': '4', '\u0309': '3', '\u0323': '5' };

export function accentSignature(surface: string): string {
  let tone = '0';
  const base = surface.normalize('NFD').replace(/[\u0300\u0301\u0303\u0309\u0323]/g, (m) => {
    tone = TONES[m] ?? '0';
    return '';
  });
  return base.normalize('NFC') + tone;
}

/** Has the user typed any mark on this syllable? Unmarked syllables match every accented form. */
export function isUnmarked(token: TToken): boolean {
  return token.surface === token.folded;
}

// Vietnamese has a few thousand distinct syllables: analysing each once makes indexing 10,000 names cheap.
const tokenCache = new Map<string, TToken>();

export function makeToken(raw: string, breakBefore = false): TToken {
  let t = tokenCache.get(raw);
  if (!t) {
    const written = raw.normalize('NFC').toLocaleLowerCase('vi');
    const surface = unifyIY(written);
    const folded = fold(surface);
    t = { written, surface, folded, sig: accentSignature(surface), breakBefore: false };
    if (tokenCache.size > 100_000) tokenCache.clear();
    tokenCache.set(raw, t);
  }
  return breakBefore ? { ...t, breakBefore } : t;
}

export function tokenize(text: string): TToken[] {
  const out: TToken[] = [];
  const src = text.normalize('NFC');
  let last = 0;
  for (const m of src.matchAll(WORD)) {
    const gap = src.slice(last, m.index);
    const breakBefore = out.length > 0 && /[^\s]/.test(gap);
    out.push(makeToken(m[0], breakBefore));
    last = m.index + m[0].length;
  }
  return out;
}

/**
 * Repairs PDF/OCR glitches in catalogue names before indexing (the stored name is left as published):
 * "tr ồng" (a lone onset split from its rhyme) is joined, and "Namở" (a missing space before a vowel-initial
 * syllable) is split. Only tokens carrying diacritics are split, so Latin acronyms (ASEAN, LPG) are left alone.
 */
export function repairTokens(tokens: TToken[]): TToken[] {
  const out: TToken[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as TToken;
    const next = tokens[i + 1];
    if (/^(ngh|ng|nh|ch|gh|kh|ph|th|tr|[bcdghklmnprstvx])$/.test(t.folded) && next && !next.breakBefore && /^[aeiouy]/.test(next.folded)) {
      const joined = makeToken(t.written + next.written, t.breakBefore);
      if (isFoldedSyllable(joined.folded)) {
        out.push(joined);
        i += 1;
        continue;
      }
    }
    if (!isFoldedSyllable(t.folded) && t.surface !== t.folded && !/\d/.test(t.folded)) {
      const split = splitFused(t);
      if (split) {
        out.push(...split);
        continue;
      }
    }
    out.push(t);
  }
  return out;
}

function splitFused(t: TToken): TToken[] | null {
  const chars = [...t.written];
  for (let i = chars.length - 1; i >= 1; i--) {
    const left = chars.slice(0, i).join('');
    const right = chars.slice(i).join('');
    const l = makeToken(left, t.breakBefore);
    const r = makeToken(right, false);
    if (isFoldedSyllable(l.folded) && isFoldedSyllable(r.folded) && /^[aeiouy]/.test(r.folded)) return [l, r];
  }
  return null;
}
