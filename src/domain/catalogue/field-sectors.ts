import { z } from 'zod';
import { fold, sentenceCaseVi } from '../vietnamese.ts';

/** config/field-sectors.json: which sector (ngành) each field (lĩnh vực) belongs to, and its display spelling. */
export const ZFieldSectorConfig = z.object({
  $comment: z.string().optional(),
  sectors: z.array(
    z.object({
      sector: z.string().min(1),
      fields: z.array(z.object({ field: z.string().min(1), aliases: z.array(z.string()).default([]) })),
    }),
  ),
});
export type TFieldSectorConfig = z.infer<typeof ZFieldSectorConfig>;

export interface TFieldTable {
  /** Display spelling of a raw field name and its sector (null when the table does not know the field). */
  resolve(rawField: string): { field: string; sector: string | null };
}

/** Builds the look-up; throws (with zod's message) on a malformed config, and on a field listed twice. */
export function buildFieldTable(config: unknown): TFieldTable {
  const parsed = ZFieldSectorConfig.parse(config);
  const byKey = new Map<string, { field: string; sector: string }>();
  for (const { sector, fields } of parsed.sectors) {
    for (const { field, aliases } of fields) {
      for (const name of [field, ...aliases]) {
        const key = fieldKey(name);
        const prior = byKey.get(key);
        if (prior && (prior.field !== field || prior.sector !== sector)) {
          throw new Error(`Lĩnh vực "${name}" có hai dòng trong bảng lĩnh vực → ngành (${prior.sector}, ${sector})`);
        }
        byKey.set(key, { field, sector });
      }
    }
  }
  return {
    resolve(rawField) {
      const hit = byKey.get(fieldKey(rawField));
      if (hit) return { ...hit };
      return { field: normaliseFieldName(rawField), sector: null };
    },
  };
}

/** A table that knows no field: names are only re-cased. For tests and imports without configuration. */
export const EMPTY_FIELD_TABLE: TFieldTable = {
  resolve: (rawField) => ({ field: normaliseFieldName(rawField), sector: null }),
};

/** "BÁO CHÍ" → "Báo chí"; names already in mixed case are kept (they were typed with intent). */
export function normaliseFieldName(raw: string): string {
  const text = raw.replace(/\s+/g, ' ').trim();
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length > 0 && letters === letters.toLocaleUpperCase('vi')) return sentenceCaseVi(text);
  return text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);
}

function fieldKey(name: string): string {
  return fold(name).replace(/[^a-z0-9]+/g, ' ').trim();
}
