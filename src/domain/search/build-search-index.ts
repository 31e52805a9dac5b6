import type { TProcedureStatus } from '../procedure.ts';
import { isFoldedSyllable } from '../vietnamese.ts';
import { repairTokens, tokenize, type TToken } from './analyse.ts';
import { EMPTY_COLLOQUIAL, type TColloquial } from './colloquial.ts';
import { DOC_STOP_PHRASES, STOP_PHRASES, STOP_WORDS } from './stop-words.ts';
import { buildDeleteIndex } from './typo.ts';

/** What the index needs of a procedure (TProcedure fits). */
export interface TSearchable {
  code: string;
  name: string;
  field: string;
  status?: TProcedureStatus;
  aliases?: readonly string[];
  keywords?: readonly string[];
  sector?: string | null;
  group?: string;
}

export interface TSearchDoc {
  code: string;
  name: string;
  field: string;
  status: TProcedureStatus;
}

export interface TPostings {
  /** ascending doc ids */
  docs: Int32Array;
  /** BM25 term-frequency part, length-normalised */
  tfn: Float32Array;
  /** bit i set: the doc writes this folded term with accent signature sigs[i] */
  masks: Uint8Array;
}

export interface TBuildSearchIndexOptions {
  colloquial?: TColloquial;
  /** BM25 saturation and length normalisation (defaults measured on the real catalogue: see README.md) */
  k1?: number;
  b?: number;
}

export interface TSearchIndex {
  /** every procedure given, withdrawn ones too (code look-up still finds them) */
  docs: TSearchDoc[];
  byCode: Map<string, number>;
  /** the 6 digits after the dot → doc ids, for a code typed without its "1." */
  bySuffix: Map<string, number[]>;
  /** number of docs that text search ranks (active ones) */
  searchable: number;
  termIds: Map<string, number>;
  postings: TPostings[];
  idf: Float64Array;
  sigs: string[][];
  maxIdf: number;
  /** folded unigram → its most common written form, for "did you mean" */
  display: Map<string, string>;
  /** folded unigrams that occur in the catalogue */
  vocabulary: Set<string>;
  /** folded pairs "khai sinh" that occur in the catalogue */
  pairs: Set<string>;
  /** the same with marks ("sổ đỏ" is not "số đo"): accent signatures of adjacent name words */
  markedPairs: Set<string>;
  /** words that are not typos even if the catalogue lacks them (dictionary, stop words) */
  known: Set<string>;
  deletes: Map<string, string[]>;
  /** "gcn" → ["giay","chung","nhan"]: acronyms of phrases that recur in names */
  acronyms: Map<string, string[]>;
  colloquial: TColloquial;
  stopPhrases: Map<string, TToken[][]>;
  stopWords: Map<string, string[]>;
  buildMs: number;
}

// Where a word occurs matters: a name word is strong evidence, a field word (shared by dozens) much less.
const W_NAME = 1;
const W_FIELD = 0.35;
const W_KEYWORD = 0.6;
const HEAD_LENGTH = 10;
const TAIL_WEIGHT = 0.6;

const DOC_STOPS = DOC_STOP_PHRASES.map((p) => tokenize(p).map((t) => t.folded));

function analyseText(text: string): TToken[] {
  return stripDocStops(repairTokens(tokenize(text)));
}

function stripDocStops(tokens: TToken[]): TToken[] {
  const out: TToken[] = [];
  let breakNext = false;
  for (let i = 0; i < tokens.length; i++) {
    const stop = DOC_STOPS.find((p) => p.every((f, k) => tokens[i + k]?.folded === f));
    if (stop) {
      i += stop.length - 1;
      breakNext = true;
      continue;
    }
    const t = tokens[i] as TToken;
    out.push(breakNext ? { ...t, breakBefore: true } : t);
    breakNext = false;
  }
  return out;
}

/**
 * Builds the in-memory index of procedures for `search`. Pure; about a second per 100,000 procedures. Withdrawn
 * procedures are kept for code look-up but not ranked for free text.
 */
export function buildSearchIndex(procedures: readonly TSearchable[], options: TBuildSearchIndexOptions = {}): TSearchIndex {
  const started = performance.now();
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const colloquial = options.colloquial ?? EMPTY_COLLOQUIAL;

  const docs: TSearchDoc[] = [];
  const byCode = new Map<string, number>();
  const bySuffix = new Map<string, number[]>();
  const surfaceCounts = new Map<string, Map<string, number>>();
  const phraseDocs = new Map<string, { tokens: string[]; docs: number }>();
  const markedPairs = new Set<string>();
  const phraseStride = Math.max(1, Math.ceil(procedures.length / 1500));
  const terms = new TermTable();
  const docLen: number[] = [];

  for (const p of procedures) {
    if (byCode.has(p.code)) continue;
    const id = docs.length;
    const status = p.status ?? 'active';
    docs.push({ code: p.code, name: p.name, field: p.field, status });
    byCode.set(p.code, id);
    const suffix = p.code.split('.')[1];
    if (suffix) bySuffix.set(suffix, [...(bySuffix.get(suffix) ?? []), id]);
    if (status !== 'active') continue;

    // Name and aliases: the best of them counts (an alias repeating the name must not double its weight).
    const names = [p.name, ...(p.aliases ?? [])].map(analyseText);
    for (const tokens of names) {
      terms.addText(tokens, markedPairs);
      terms.fold('name');
    }
    // Field and keyword words add to a name word rather than compete with it.
    for (const f of new Set([p.field, p.sector ?? '', p.group ?? ''].filter((x) => x !== ''))) {
      terms.addText(analyseText(f));
      terms.fold('field');
    }
    for (const k of p.keywords ?? []) {
      terms.addText(analyseText(k));
      terms.fold('keyword');
    }
    terms.endDoc(id);
    docLen[id] = Math.max((names[0] ?? []).length, 1);

    for (const tokens of names) {
      for (const t of tokens) {
        let m = surfaceCounts.get(t.folded);
        if (!m) {
          m = new Map<string, number>();
          surfaceCounts.set(t.folded, m);
        }
        m.set(t.written, (m.get(t.written) ?? 0) + 1);
      }
      // Acronyms are vocabulary, not per-procedure facts: a spread sample of names finds them all.
      if (id % phraseStride === 0) collectPhrases(tokens, phraseDocs);
    }
  }

  const searchable = terms.docCount;
  let lenSum = 0;
  for (const l of docLen) if (l !== undefined) lenSum += l;
  const avgLen = lenSum / Math.max(searchable, 1);
  const termIds = new Map<string, number>();
  const postings: TPostings[] = [];
  const idfList: number[] = [];
  const vocabulary = new Set<string>();
  const pairs = new Set<string>();
  terms.names.forEach((term, t) => {
    const ds = terms.postDocs[t] as number[];
    const ws = terms.postW[t] as number[];
    const tfn = new Float32Array(ds.length);
    for (let k = 0; k < ds.length; k++) {
      const w = ws[k] as number;
      tfn[k] = (w * (k1 + 1)) / (w + k1 * (1 - b + (b * (docLen[ds[k] as number] ?? 1)) / avgLen));
    }
    termIds.set(term, t);
    postings.push({ docs: Int32Array.from(ds), tfn, masks: Uint8Array.from(terms.postMask[t] as number[]) });
    idfList.push(bm25Idf(searchable, ds.length));
    if (term.includes(' ')) pairs.add(term);
    else vocabulary.add(term);
  });
  const sigs = terms.sigs;
  const display = new Map<string, string>();
  for (const [folded, m] of surfaceCounts) {
    let best = folded;
    let n = -1;
    for (const [s, c] of m) if (c > n) [best, n] = [s, c];
    display.set(folded, best);
  }

  const stopPhrases = new Map<string, TToken[][]>();
  for (const phrase of STOP_PHRASES) {
    const tokens = tokenize(phrase);
    const first = tokens[0];
    if (!first) continue;
    stopPhrases.set(first.folded, [...(stopPhrases.get(first.folded) ?? []), tokens].sort((x, y) => y.length - x.length));
  }
  const stopWords = new Map<string, string[]>();
  for (const w of STOP_WORDS) {
    const t = tokenize(w)[0];
    if (t) stopWords.set(t.folded, [...(stopWords.get(t.folded) ?? []), t.sig]);
  }
  const known = new Set<string>([...vocabulary, ...colloquial.vocabulary, ...stopWords.keys()]);
  for (const list of stopPhrases.values()) for (const p of list) for (const t of p) known.add(t.folded);

  return {
    docs,
    byCode,
    bySuffix,
    searchable,
    termIds,
    postings,
    idf: Float64Array.from(idfList),
    sigs,
    maxIdf: bm25Idf(searchable, 1),
    display,
    vocabulary,
    pairs,
    markedPairs,
    known,
    deletes: buildDeleteIndex(known),
    // Dictionary words may be acronyms too ("gcn" in a phrase); only real words and chat words block one.
    acronyms: deriveAcronyms(phraseDocs, new Set([...vocabulary, ...stopWords.keys()])),
    colloquial,
    stopPhrases,
    stopWords,
    buildMs: performance.now() - started,
  };
}

/**
 * Accumulates weighted term frequencies of one document in flat arrays indexed by term id (no per-document maps:
 * indexing 10,000 names must stay well under a second, and allocation is what costs).
 */
class TermTable {
  readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  readonly sigs: string[][] = [];
  readonly postDocs: number[][] = [];
  readonly postW: number[][] = [];
  readonly postMask: number[][] = [];
  docCount = 0;
  private cap = 1024;
  private tmp = new Float64Array(this.cap);
  private nameW = new Float64Array(this.cap);
  private fieldW = new Float64Array(this.cap);
  private kwW = new Float64Array(this.cap);
  private mask = new Int32Array(this.cap);
  private seen = new Uint8Array(this.cap);
  private tmpTouched: number[] = [];
  private docTouched: number[] = [];
  private pairKeys = new Map<string, Map<string, string>>();

  private id(term: string): number {
    let t = this.ids.get(term);
    if (t === undefined) {
      t = this.names.length;
      this.ids.set(term, t);
      this.names.push(term);
      this.sigs.push([]);
      this.postDocs.push([]);
      this.postW.push([]);
      this.postMask.push([]);
      if (t >= this.cap) this.grow();
    }
    return t;
  }

  private grow(): void {
    this.cap *= 2;
    const g64 = (a: Float64Array) => {
      const n = new Float64Array(this.cap);
      n.set(a);
      return n;
    };
    this.tmp = g64(this.tmp);
    this.nameW = g64(this.nameW);
    this.fieldW = g64(this.fieldW);
    this.kwW = g64(this.kwW);
    const m = new Int32Array(this.cap);
    m.set(this.mask);
    this.mask = m;
    const s = new Uint8Array(this.cap);
    s.set(this.seen);
    this.seen = s;
  }

  private pairKey(a: string, b: string): string {
    let m = this.pairKeys.get(a);
    if (!m) {
      m = new Map();
      this.pairKeys.set(a, m);
    }
    let k = m.get(b);
    if (k === undefined) {
      k = `${a} ${b}`;
      m.set(b, k);
    }
    return k;
  }

  private bump(t: number, w: number, sig: string | null): void {
    if (this.tmp[t] === 0) this.tmpTouched.push(t);
    this.tmp[t] = (this.tmp[t] as number) + w;
    if (sig !== null) {
      const list = this.sigs[t] as string[];
      let bit = list.indexOf(sig);
      if (bit < 0 && list.length < 8) bit = list.push(sig) - 1;
      if (bit >= 0) this.mask[t] = (this.mask[t] as number) | (1 << bit);
    }
  }

  /**
   * Words and adjacent pairs of one text into the scratch counts. A procedure name leads with what it is about
   * ("Điều chỉnh quyết định giao đất…"), so words after the first HEAD_LENGTH count less.
   */
  addText(tokens: TToken[], marked?: Set<string>): void {
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i] as TToken;
      const w = i < HEAD_LENGTH ? 1 : TAIL_WEIGHT;
      this.bump(this.id(t.folded), w, t.sig);
      const prev = tokens[i - 1];
      if (prev && !t.breakBefore) {
        this.bump(this.id(this.pairKey(prev.folded, t.folded)), w, null);
        marked?.add(this.pairKey(prev.sig, t.sig));
      }
    }
  }

  /** Moves the scratch counts of the text just added into the document's name, field or keyword weights. */
  fold(kind: 'name' | 'field' | 'keyword'): void {
    const target = kind === 'name' ? this.nameW : kind === 'field' ? this.fieldW : this.kwW;
    for (const t of this.tmpTouched) {
      const v = this.tmp[t] as number;
      // several names or keywords: the best counts; field, sector and group: they add up
      target[t] = kind === 'field' ? (target[t] as number) + v : Math.max(target[t] as number, v);
      this.tmp[t] = 0;
      if (!this.seen[t]) {
        this.seen[t] = 1;
        this.docTouched.push(t);
      }
    }
    this.tmpTouched.length = 0;
  }

  endDoc(doc: number): void {
    for (const t of this.docTouched) {
      const w = W_NAME * (this.nameW[t] as number) + W_FIELD * (this.fieldW[t] as number) + W_KEYWORD * (this.kwW[t] as number);
      (this.postDocs[t] as number[]).push(doc);
      (this.postW[t] as number[]).push(w);
      (this.postMask[t] as number[]).push(this.mask[t] as number);
      this.nameW[t] = 0;
      this.fieldW[t] = 0;
      this.kwW[t] = 0;
      this.mask[t] = 0;
      this.seen[t] = 0;
    }
    this.docTouched.length = 0;
    this.docCount += 1;
  }
}

export function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

function collectPhrases(tokens: TToken[], out: Map<string, { tokens: string[]; docs: number }>): void {
  const seen = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    for (let n = 3; n <= 5 && i + n <= tokens.length; n++) {
      const span = tokens.slice(i, i + n);
      if (span.slice(1).some((t) => t.breakBefore) || span.some((t) => /\d/.test(t.folded))) break;
      const key = span.map((t) => t.folded).join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const cur = out.get(key);
      if (cur) cur.docs += 1;
      else out.set(key, { tokens: span.map((t) => t.folded), docs: 1 });
    }
  }
}

/**
 * Officers and citizens abbreviate recurring phrases by initials: GCN (giấy chứng nhận), QSDĐ (quyền sử dụng đất),
 * HKD (hộ kinh doanh), UBND. Every phrase of 3–5 syllables found in two or more names yields its initials, unless
 * the initials are a word themselves; the most frequent phrase wins a shared acronym.
 */
function deriveAcronyms(phrases: Map<string, { tokens: string[]; docs: number }>, known: Set<string>): Map<string, string[]> {
  const best = new Map<string, { tokens: string[]; docs: number }>();
  for (const p of phrases.values()) {
    if (p.docs < 2) continue;
    const acronym = p.tokens.map((t) => t[0]).join('');
    if (known.has(acronym) || isFoldedSyllable(acronym)) continue;
    const cur = best.get(acronym);
    if (!cur || p.docs > cur.docs || (p.docs === cur.docs && p.tokens.length < cur.tokens.length)) best.set(acronym, p);
  }
  return new Map([...best].map(([a, p]) => [a, p.tokens]));
}
