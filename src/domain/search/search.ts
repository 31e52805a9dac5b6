import { findProcedureCode } from '../procedure.ts';
import { isFoldedSyllable, matchText, unifyIY } from '../vietnamese.ts';
import { isUnmarked, makeToken, tokenize, type TToken } from './analyse.ts';
import type { TSearchIndex } from './build-search-index.ts';
import { editCandidates, phoneticVariants, segment, telexCandidates } from './typo.ts';

export type TConfidence = 'exact' | 'high' | 'weak' | 'none';

export interface TSearchHit {
  code: string;
  name: string;
  field: string;
  score: number;
  /** the query words this procedure matched, as the catalogue writes them */
  matched?: string[];
  /** with `explain`: the measures behind score and confidence */
  explain?: { coverage: number; pairCoverage: number; specificity: number };
}

export interface TSearchResult {
  results: TSearchHit[];
  /**
   * exact: a code that is in the catalogue; high: the best result answers the query; weak: something related,
   * to be offered as "Có phải bạn muốn tìm…" choices; none: nothing sensible (results is empty).
   */
  confidence: TConfidence;
  /** the query as understood, when typos were corrected: "đăng ký khai sinh" for "dang ki khai sinhh" */
  didYouMean?: string;
  /** the words searched after stop words and dictionary rewriting: what to log as an unanswered query */
  understood: string;
  /** a procedure code found in the query, and whether the catalogue has it */
  code?: { code: string; found: boolean; status?: 'active' | 'withdrawn' };
}

export interface TSearchOptions {
  /** results returned (default 5) */
  limit?: number;
  /** add the ranking measures to each hit (for tuning and the search-gaps log) */
  explain?: boolean;
}

type TCandKind = 'exact' | 'telex' | 'split' | 'acronym' | 'phonetic' | 'edit' | 'expanded';

interface TCand {
  term: string;
  w: number;
  kind: TCandKind;
}

interface TWord {
  tok: TToken;
  cands: TCand[];
  /** weight of this word in the query (dictionary meanings share the weight of the words they replace) */
  weight: number;
  breakBefore: boolean;
  /** pending: a real syllable that is not in the catalogue, correctable only if a neighbour confirms it */
  contextCands?: TCand[];
  expanded?: boolean;
  garbage?: boolean;
}

const CAND_WEIGHT: Record<TCandKind, number> = {
  exact: 1,
  telex: 0.95,
  split: 0.95,
  acronym: 0.9,
  expanded: 1,
  phonetic: 0.8,
  edit: 0.75,
};
/** a word typed with marks that differ from the catalogue's ("thời" for "thôi") */
const ACCENT_MISMATCH = 0.5;
/** score added by each matched word pair, relative to a single word */
const PAIR_BOOST = 1.5;

/** Free-text and code search over the catalogue. Pure and synchronous; a few hundred microseconds a query. */
export function search(index: TSearchIndex, query: string, options: TSearchOptions = {}): TSearchResult {
  const limit = options.limit ?? 5;
  // Look-alike letters, full-width digits, invisible and control characters: read as the plain text they show.
  let text = matchText(query);

  // 1. A code anywhere in the message wins: "#TTHC 1.001193", "1.001193.000.00.00.H33", "cho hỏi 1.001193".
  const code = findProcedureCode(text);
  let codeInfo: TSearchResult['code'];
  if (code) {
    const id = index.byCode.get(code.code);
    if (id !== undefined) {
      const doc = index.docs[id];
      if (doc) {
        return {
          results: [{ code: doc.code, name: doc.name, field: doc.field, score: 1 }],
          confidence: 'exact',
          understood: doc.code,
          code: { code: doc.code, found: true, status: doc.status },
        };
      }
    }
    codeInfo = { code: code.code, found: false };
    text = text.slice(0, code.index) + ' ' + text.slice(code.index + code.matched.length);
  } else {
    const bare = /(?:^|[^\d.])(\d{6})(?![\d])/.exec(text);
    const ids = bare?.[1] ? index.bySuffix.get(bare[1]) : undefined;
    const only = ids?.length === 1 ? index.docs[ids[0] as number] : undefined;
    if (only) {
      return {
        results: [{ code: only.code, name: only.name, field: only.field, score: 1 }],
        confidence: 'exact',
        understood: only.code,
        code: { code: only.code, found: true, status: only.status },
      };
    }
  }

  // 2. Words, with typing mistakes repaired against the catalogue vocabulary.
  const words = resolveWords(index, tokenize(text.replace(/#?\btthc\b/gi, ' ')));
  // 3. Citizens' phrases rewritten to catalogue wording, then chat filler removed.
  const rewritten = applyColloquial(index, words);
  const content = removeStopWords(index, rewritten);
  const understood = content.map((w) => displayOf(index, w)).join(' ');
  const corrected = content.some((w) => w.cands[0] && w.cands[0].kind !== 'exact' && w.cands[0].kind !== 'expanded');
  const didYouMean = corrected ? understood : undefined;
  if (content.length === 0) return { results: [], confidence: 'none', understood, didYouMean, code: codeInfo };

  const ranked = rank(index, content, limit);
  if (ranked.length === 0) return { results: [], confidence: 'none', understood, didYouMean, code: codeInfo };
  const top = ranked[0] as TRanked;
  const confidence = judge(top);
  // Loose hits for a query that means nothing here would only invite a wrong answer.
  if (confidence === 'none') return { results: [], confidence, understood, didYouMean, code: codeInfo };
  const results = ranked.map((r) => {
    const doc = index.docs[r.doc] as TSearchDoc;
    return {
      code: doc.code,
      name: doc.name,
      field: doc.field,
      score: Math.round(r.score * 1000) / 1000,
      matched: matchedWords(index, r.doc, content),
      ...(options.explain
        ? { explain: { coverage: round3(r.coverage), pairCoverage: round3(r.pairCoverage), specificity: round3(r.specificity) } }
        : {}),
    };
  });
  return { results, confidence, understood, didYouMean, code: codeInfo };
}

type TSearchDoc = TSearchIndex['docs'][number];

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** A query word as understood: as typed when found as typed, else the catalogue's spelling of the correction. */
function displayOf(index: TSearchIndex, w: TWord): string {
  const c = w.cands[0];
  if (w.expanded || !c || c.kind === 'exact') return w.tok.written;
  return index.display.get(c.term) ?? c.term;
}

function resolveWords(index: TSearchIndex, tokens: TToken[]): TWord[] {
  const words: TWord[] = [];
  const inVocab = (t: string) => index.vocabulary.has(t);
  for (const tok of tokens) {
    const f = tok.folded;
    const base: TWord = { tok, cands: [], weight: 1, breakBefore: tok.breakBefore };
    if (inVocab(f) || /^\d+$/.test(f)) {
      if (inVocab(f)) base.cands.push({ term: f, w: 1, kind: 'exact' });
      words.push(base);
      continue;
    }
    const acronym = index.acronyms.get(f);
    if (acronym) {
      acronym.forEach((term, i) =>
        words.push({ tok: makeToken(index.display.get(term) ?? term), cands: [{ term, w: CAND_WEIGHT.acronym, kind: 'acronym' }], weight: 1 / acronym.length + 0.25, breakBefore: i === 0 ? tok.breakBefore : false }),
      );
      continue;
    }
    if (index.known.has(f)) {
      // a dictionary or chat word: not a typo, even though no procedure name uses it
      words.push(base);
      continue;
    }
    const telex = telexCandidates(f).filter((c) => index.known.has(c));
    if (telex.length > 0) {
      const t = telex[0] as string;
      words.push({ ...base, tok: makeToken(index.display.get(t) ?? t, tok.breakBefore), cands: inVocab(t) ? [{ term: t, w: CAND_WEIGHT.telex, kind: 'telex' }] : [] });
      continue;
    }
    const valid = isFoldedSyllable(f);
    // Only a non-syllable can be words typed without spaces ("khaisinh"); "thien" is a word we lack.
    const parts = valid ? null : (segment(f, (p) => inVocab(p) || index.known.has(p)) ?? segmentAcronyms(index, f));
    if (parts) {
      parts.forEach((term, i) =>
        words.push({ tok: makeToken(index.display.get(term) ?? term), cands: inVocab(term) ? [{ term, w: CAND_WEIGHT.split, kind: 'split' }] : [], weight: 1, breakBefore: i === 0 ? tok.breakBefore : false }),
      );
      continue;
    }
    const cands = typoCandidates(index, f);
    if (valid) words.push({ ...base, contextCands: cands });
    else words.push({ ...base, cands: cands.slice(0, 3), garbage: cands.length === 0 });
  }
  // A real syllable missing from the catalogue ("sin" in "khai sin", "chao" in "xin chao") is corrected only when
  // the correction makes a catalogue pair with a neighbour; otherwise it is a word we simply do not have.
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as TWord;
    if (!w.contextCands) continue;
    const prev = words[i - 1];
    const next = words[i + 1];
    const confirmed = w.contextCands.filter(
      (c) =>
        (prev && !w.breakBefore && termsOf(prev).some((p) => index.pairs.has(`${p} ${c.term}`))) ||
        (next && !next.breakBefore && termsOf(next).some((n) => index.pairs.has(`${c.term} ${n}`))),
    );
    w.cands = confirmed.slice(0, 2);
    delete w.contextCands;
  }
  // A real catalogue word can be a typo too ("tac thua" for "tách thửa"): when it pairs with neither neighbour but a
  // one-letter variant does, the variant is added as a second reading.
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as TWord;
    const c = w.cands[0];
    if (!c || c.kind !== 'exact' || w.cands.length > 1 || w.tok.folded.length < 3) continue;
    const prev = words[i - 1];
    const next = words[i + 1];
    const left = prev && !w.breakBefore ? termsOf(prev) : [];
    const right = next && !next.breakBefore ? termsOf(next) : [];
    if (left.length + right.length === 0) continue;
    const pairs = (t: string) => left.some((p) => index.pairs.has(`${p} ${t}`)) || right.some((n) => index.pairs.has(`${t} ${n}`));
    if (pairs(c.term)) continue;
    const variant = typoCandidates(index, c.term).find((v) => pairs(v.term));
    if (variant) w.cands.push(variant);
  }
  return words;
}

function termsOf(w: TWord): string[] {
  const out = w.cands.map((c) => c.term);
  if (w.contextCands) out.push(...w.contextCands.map((c) => c.term));
  if (out.length === 0) out.push(w.tok.folded);
  return out;
}

function typoCandidates(index: TSearchIndex, f: string): TCand[] {
  const has = (t: string) => index.vocabulary.has(t);
  const out = new Map<string, TCand>();
  const push = (term: string, kind: TCandKind) => {
    const t = unifyIY(term);
    if (!has(t)) return;
    const cur = out.get(t);
    if (!cur || cur.w < CAND_WEIGHT[kind]) out.set(t, { term: t, w: CAND_WEIGHT[kind], kind });
  };
  for (const v of phoneticVariants(f)) push(v, 'phonetic');
  if (f.length >= 3) {
    for (const e of editCandidates(f, (t) => index.known.has(t), index.deletes, f.length < 4)) push(e, 'edit');
  }
  // Prefer frequent words: among equal kinds, the one in more procedures is the likelier intent.
  return [...out.values()].sort((a, b) => b.w - a.w || dfOf(index, b.term) - dfOf(index, a.term));
}

function dfOf(index: TSearchIndex, term: string): number {
  const id = index.termIds.get(term);
  return id === undefined ? 0 : (index.postings[id]?.docs.length ?? 0);
}

/** "gcnqsdd" → the words of "gcn" and "qsdd" */
function segmentAcronyms(index: TSearchIndex, f: string): string[] | null {
  for (let i = 3; i <= f.length - 3; i++) {
    const a = index.acronyms.get(f.slice(0, i));
    const b = index.acronyms.get(f.slice(i));
    if (a && b) return [...a, ...b];
  }
  return null;
}

function sameWord(q: TWord, p: TToken): boolean {
  const term = q.cands[0]?.term ?? q.tok.folded;
  if (term !== p.folded && q.tok.folded !== p.folded) return false;
  return q.cands[0]?.kind !== 'exact' || isUnmarked(q.tok) || isUnmarked(p) || q.tok.sig === p.sig;
}

/** Is this query word chat filler (a stop word typed unmarked or with the stop word's own marks)? */
function isStopWord(index: TSearchIndex, w: TWord): boolean {
  const sigs = index.stopWords.get(w.tok.folded);
  return sigs !== undefined && (isUnmarked(w.tok) || sigs.includes(w.tok.sig));
}

/**
 * Filler flags for a word sequence: stop words, except those forming a catalogue pair with a neighbour
 * ("cho thuê", "hộ nghèo", "đăng ký lại"), which carry meaning there.
 */
function fillerFlags(index: TSearchIndex, words: TWord[]): boolean[] {
  return words.map((w, i) => {
    if (w.expanded || !isStopWord(index, w)) return false;
    const prev = words[i - 1];
    const next = words[i + 1];
    const paired =
      (prev !== undefined && !w.breakBefore && index.pairs.has(`${prev.tok.folded} ${w.tok.folded}`)) ||
      (next !== undefined && !next.breakBefore && index.pairs.has(`${w.tok.folded} ${next.tok.folded}`));
    return !paired;
  });
}

/**
 * Matches a dictionary phrase at words[i]; filler inside it is skipped ("bố tôi mất" is "bố mất").
 * Returns the number of query words consumed, or 0.
 */
function matchPhrase(words: TWord[], filler: boolean[], i: number, say: TToken[]): number {
  let j = i;
  let skips = 0;
  for (let k = 0; k < say.length; k++) {
    let q = words[j];
    while (k > 0 && q !== undefined && !sameWord(q, say[k] as TToken) && skips < 2 && filler[j]) {
      skips += 1;
      j += 1;
      q = words[j];
    }
    if (q === undefined || !sameWord(q, say[k] as TToken)) return 0;
    j += 1;
  }
  return j - i;
}

function containsRun(haystack: TToken[], needle: TToken[]): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((t, k) => haystack[i + k]?.folded === t.folded)) return true;
  }
  return false;
}

function applyColloquial(index: TSearchIndex, words: TWord[]): TWord[] {
  const filler = fillerFlags(index, words);
  const out: TWord[] = [];
  let breakNext = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as TWord;
    const key = w.cands[0]?.term ?? w.tok.folded;
    const entries = [...(index.colloquial.byFirst.get(key) ?? []), ...(key !== w.tok.folded ? (index.colloquial.byFirst.get(w.tok.folded) ?? []) : [])];
    let used = 0;
    const hit = entries.find((e) => {
      used = matchPhrase(words, filler, i, e.say);
      if (used === 0) return false;
      if (e.say.length > 1) return true;
      // One-word phrases ("gas", "chết") yield to a catalogue pair they are part of ("chưa được", "đào tạo").
      const prev = words[i - 1];
      const next = words[i + 1];
      const f = e.say[0]?.folded ?? '';
      return !((prev && index.pairs.has(`${prev.tok.folded} ${f}`)) || (next && index.pairs.has(`${f} ${next.tok.folded}`)));
    });
    if (!hit) {
      out.push(breakNext ? { ...w, breakBefore: true } : w);
      breakNext = false;
      continue;
    }
    // A phrase the catalogue itself uses ("mai táng phí") is kept as typed besides its meaning, unless the meaning
    // already contains it ("chứng thực bản sao" → "chứng thực bản sao từ bản chính giấy tờ").
    const verbatim =
      hit.say.length > 1 &&
      hit.say.every((t, k) => k === 0 || index.markedPairs.has(`${hit.say[k - 1]?.sig} ${t.sig}`)) &&
      !containsRun(hit.mean, hit.say);
    if (verbatim) {
      for (let k = 0; k < used; k++) {
        const q = words[i + k] as TWord;
        if (!filler[i + k]) out.push(k === 0 && breakNext ? { ...q, breakBefore: true } : q);
      }
    } else {
      // "đăng ký tạm trú" with "tạm trú" → "đăng ký tạm trú": drop the typed words the meaning restates.
      let head = Math.min(hit.mean.length - 1, out.length);
      while (head > 0) {
        const tail = out.slice(out.length - head);
        if (tail.every((q, k) => !q.expanded && (q.cands[0]?.term ?? q.tok.folded) === hit.mean[k]?.folded)) break;
        head -= 1;
      }
      if (head > 0) out.splice(out.length - head, head);
    }
    const weight = Math.min(1, Math.max(0.25, hit.say.length / hit.mean.length)) * (verbatim ? 0.5 : 1);
    hit.mean.forEach((t, k) =>
      out.push({
        tok: t,
        cands: index.vocabulary.has(t.folded) ? [{ term: t.folded, w: 1, kind: 'expanded' }] : [],
        weight,
        breakBefore: k === 0,
        expanded: true,
      }),
    );
    i += used - 1;
    breakNext = true;
  }
  return out;
}

function removeStopWords(index: TSearchIndex, words: TWord[]): TWord[] {
  const keep = words.map(() => true);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as TWord;
    if (w.expanded) continue;
    const phrase = (index.stopPhrases.get(w.tok.folded) ?? []).find((p) =>
      p.every((t, k) => {
        const q = words[i + k];
        return q !== undefined && !q.expanded && q.tok.folded === t.folded && (isUnmarked(q.tok) || q.tok.sig === t.sig);
      }),
    );
    if (phrase) {
      for (let k = 0; k < phrase.length; k++) keep[i + k] = false;
      i += phrase.length - 1;
    }
  }
  // Single stop words are judged on the words left after phrases are removed.
  const remaining = words.filter((_, i) => keep[i]);
  const flags = fillerFlags(index, remaining);
  let r = 0;
  for (let i = 0; i < words.length; i++) {
    if (!keep[i]) continue;
    if (flags[r]) keep[i] = false;
    r += 1;
  }
  const out: TWord[] = [];
  let gap = false;
  words.forEach((w, i) => {
    if (!keep[i]) {
      gap = true;
      return;
    }
    // Removed filler leaves a break: its neighbours were not adjacent ("khai sinh [cho] con" makes no pair "sinh con").
    out.push(gap && out.length > 0 ? { ...w, breakBefore: true } : w);
    gap = false;
  });
  return out;
}

interface TRanked {
  doc: number;
  score: number;
  /** share of the query's weight this doc matched */
  coverage: number;
  /** share of the query's word pairs this doc matched (1 when the query has no pair) */
  pairCoverage: number;
  /** the most distinctive matched word or pair: its idf relative to a word found in one procedure only */
  specificity: number;
}

/** Scratch arrays reused across queries of one index (search is synchronous, so this is safe). */
const scratch = new WeakMap<TSearchIndex, { score: Float64Array; cov: Float64Array; pair: Float64Array; spec: Float64Array; bestIdf: Float64Array; best: Float64Array; bestCov: Float64Array; touched: Int32Array; mark: Uint8Array; unitTouched: Int32Array; unitMark: Uint8Array }>();

function scratchOf(index: TSearchIndex) {
  let s = scratch.get(index);
  if (!s) {
    const n = index.docs.length;
    s = {
      score: new Float64Array(n),
      cov: new Float64Array(n),
      pair: new Float64Array(n),
      spec: new Float64Array(n),
      bestIdf: new Float64Array(n),
      best: new Float64Array(n),
      bestCov: new Float64Array(n),
      touched: new Int32Array(n),
      mark: new Uint8Array(n),
      unitTouched: new Int32Array(n),
      unitMark: new Uint8Array(n),
    };
    scratch.set(index, s);
  }
  return s;
}

function rank(index: TSearchIndex, content: TWord[], limit: number): TRanked[] {
  const s = scratchOf(index);
  let touchedN = 0;
  let totalWeight = 0;
  let totalPairs = 0;

  for (const w of content) {
    const ids = w.cands.map((c) => ({ c, id: index.termIds.get(c.term) })).filter((x): x is { c: TCand; id: number } => x.id !== undefined);
    if (ids.length === 0) {
      // A word the catalogue lacks still counts against coverage: "thời tiết hôm nay" is not about "thôi hưởng".
      totalWeight += w.weight * (w.garbage ? index.maxIdf : index.maxIdf * 0.6);
      continue;
    }
    const idfW = Math.max(...ids.map((x) => index.idf[x.id] as number));
    totalWeight += w.weight * idfW;
    let unitN = 0;
    for (const { c, id } of ids) {
      const p = index.postings[id] as TPostings;
      const idf = index.idf[id] as number;
      // Only a syllable typed with its marks is checked against the catalogue's marks.
      const bit = (c.kind === 'exact' || c.kind === 'expanded') && !isUnmarked(w.tok) ? (index.sigs[id] as string[]).indexOf(w.tok.sig) : -2;
      for (let k = 0; k < p.docs.length; k++) {
        const d = p.docs[k] as number;
        const accent = bit === -2 || (bit >= 0 && ((p.masks[k] as number) & (1 << bit)) !== 0) ? 1 : ACCENT_MISMATCH;
        const v = c.w * accent * idf * (p.tfn[k] as number);
        if (!s.unitMark[d]) {
          s.unitMark[d] = 1;
          s.unitTouched[unitN++] = d;
          s.best[d] = v;
          s.bestCov[d] = c.w * accent;
        } else if (v > (s.best[d] as number)) {
          s.best[d] = v;
          s.bestCov[d] = c.w * accent;
        }
      }
    }
    for (let k = 0; k < unitN; k++) {
      const d = s.unitTouched[k] as number;
      s.unitMark[d] = 0;
      if (!s.mark[d]) {
        s.mark[d] = 1;
        s.touched[touchedN++] = d;
        s.score[d] = 0;
        s.cov[d] = 0;
        s.pair[d] = 0;
        s.spec[d] = 0;
      }
      s.score[d] = (s.score[d] as number) + w.weight * (s.best[d] as number);
      s.cov[d] = (s.cov[d] as number) + w.weight * idfW * (s.bestCov[d] as number);
      s.spec[d] = Math.max(s.spec[d] as number, idfW);
    }
  }

  // Word pairs: "khai sinh" as a pair is far stronger evidence than "khai" and "sinh" apart.
  for (let i = 1; i < content.length; i++) {
    const a = content[i - 1] as TWord;
    const b = content[i] as TWord;
    if (b.breakBefore) continue;
    const pw = Math.min(a.weight, b.weight);
    totalPairs += pw;
    let unitN = 0;
    for (const ca of a.cands.slice(0, 2)) {
      for (const cb of b.cands.slice(0, 2)) {
        const id = index.termIds.get(`${ca.term} ${cb.term}`);
        if (id === undefined) continue;
        const p = index.postings[id] as TPostings;
        const idf = index.idf[id] as number;
        const cw = ca.w * cb.w;
        for (let k = 0; k < p.docs.length; k++) {
          const d = p.docs[k] as number;
          const v = cw * idf * (p.tfn[k] as number);
          if (!s.unitMark[d]) {
            s.unitMark[d] = 1;
            s.unitTouched[unitN++] = d;
            s.best[d] = v;
            s.bestCov[d] = cw;
            s.bestIdf[d] = idf;
          } else if (v > (s.best[d] as number)) {
            s.best[d] = v;
            s.bestCov[d] = cw;
            s.bestIdf[d] = idf;
          }
        }
      }
    }
    for (let k = 0; k < unitN; k++) {
      const d = s.unitTouched[k] as number;
      s.unitMark[d] = 0;
      if (!s.mark[d]) continue; // a pair without either word cannot happen; guard anyway
      s.score[d] = (s.score[d] as number) + PAIR_BOOST * pw * (s.best[d] as number);
      s.pair[d] = (s.pair[d] as number) + pw * (s.bestCov[d] as number);
      s.spec[d] = Math.max(s.spec[d] as number, s.bestIdf[d] as number);
    }
  }

  // Keep the best `limit` by the final score: BM25 sum scaled by how much of the query the doc covers.
  const heap: TRanked[] = [];
  for (let k = 0; k < touchedN; k++) {
    const d = s.touched[k] as number;
    s.mark[d] = 0;
    if (index.docs[d]?.status !== 'active') continue;
    const coverage = totalWeight > 0 ? (s.cov[d] as number) / totalWeight : 0;
    const pairCoverage = totalPairs > 0 ? (s.pair[d] as number) / totalPairs : 1;
    const score = (s.score[d] as number) * (0.2 + 0.8 * coverage * coverage);
    if (heap.length < limit || score > (heap[heap.length - 1] as TRanked).score) {
      const r = { doc: d, score, coverage, pairCoverage, specificity: (s.spec[d] as number) / index.maxIdf };
      let at = heap.length;
      while (at > 0 && (heap[at - 1] as TRanked).score < score) at--;
      heap.splice(at, 0, r);
      if (heap.length > limit) heap.pop();
    }
  }
  return heap;
}

type TPostings = TSearchIndex['postings'][number];

/**
 * How sure the best result is. High needs most of the query matched (coverage), its word pairs matched (so
 * "giấy phép lái xe" does not pass for "cấp lại giấy phép … xe ô tô"), and enough specific words (so "đất đai"
 * alone, true of fifty procedures, asks the citizen to choose).
 */
function judge(top: TRanked): TConfidence {
  if (top.coverage < 0.34 || top.specificity < 0.15) return 'none';
  if (top.specificity >= 0.6 && top.pairCoverage >= 0.5 && top.coverage >= 0.6) return 'high';
  return 'weak';
}

function matchedWords(index: TSearchIndex, doc: number, content: TWord[]): string[] {
  const out: string[] = [];
  for (const w of content) {
    for (const c of w.cands) {
      const id = index.termIds.get(c.term);
      if (id === undefined) continue;
      const docs = (index.postings[id] as TPostings).docs;
      if (binarySearch(docs, doc)) {
        out.push(displayOf(index, w));
        break;
      }
    }
  }
  return out;
}

function binarySearch(arr: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = arr.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = arr[mid] as number;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
