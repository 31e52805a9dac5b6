import { z } from 'zod';
import { tokenize, type TToken } from './analyse.ts';

/** config/colloquial-vi.json: phrases citizens say → the catalogue's wording. */
export const ZColloquialConfig = z.object({
  $comment: z.string().optional(),
  entries: z.array(
    z.object({
      mean: z.string().min(1),
      say: z.array(z.string().min(1)).min(1),
      note: z.string().optional(),
    }),
  ),
});
export type TColloquialConfig = z.infer<typeof ZColloquialConfig>;

export interface TColloquialEntry {
  say: TToken[];
  mean: TToken[];
  meanText: string;
}

export interface TColloquial {
  /** keyed by the folded first token of the phrase; longest phrases first */
  byFirst: Map<string, TColloquialEntry[]>;
  /** every folded token the dictionary uses (so they are not "corrected" as typos) */
  vocabulary: Set<string>;
  size: number;
}

export const EMPTY_COLLOQUIAL: TColloquial = { byFirst: new Map(), vocabulary: new Set(), size: 0 };

/** Validates and compiles the dictionary; throws with zod's message when the file is malformed. */
export function compileColloquial(config: unknown): TColloquial {
  const parsed = ZColloquialConfig.parse(config);
  const byFirst = new Map<string, TColloquialEntry[]>();
  const vocabulary = new Set<string>();
  let size = 0;
  for (const entry of parsed.entries) {
    const mean = tokenize(entry.mean).map((t) => ({ ...t, breakBefore: false }));
    for (const t of mean) vocabulary.add(t.folded);
    for (const phrase of entry.say) {
      const say = tokenize(phrase);
      const first = say[0];
      if (!first) continue;
      for (const t of say) vocabulary.add(t.folded);
      const list = byFirst.get(first.folded) ?? [];
      list.push({ say, mean, meanText: entry.mean });
      size += 1;
      byFirst.set(first.folded, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.say.length - a.say.length);
  return { byFirst, vocabulary, size };
}
