/** Vietnamese procedure search: pure, in memory. See README.md in this folder for the design and measurements. */
export { accentSignature, tokenize, type TToken } from './analyse.ts';
export { bm25Idf, buildSearchIndex, type TBuildSearchIndexOptions, type TSearchable, type TSearchDoc, type TSearchIndex } from './build-search-index.ts';
export { compileColloquial, EMPTY_COLLOQUIAL, ZColloquialConfig, type TColloquial, type TColloquialConfig } from './colloquial.ts';
export { search, type TConfidence, type TSearchHit, type TSearchOptions, type TSearchResult } from './search.ts';
