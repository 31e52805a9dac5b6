import fs from 'node:fs';
import path from 'node:path';
import type { TFigures } from '../../src/domain/figures/index.ts';
import { parseOrg } from '../../src/domain/org.ts';

/** ../shared beside the repository (CI lays it there too), never an absolute path of one machine. */
export const SHARED_DIR = path.resolve(import.meta.dirname, '../../../shared');

/** The June 2024 figures as data (../shared/golden/2024-06.json). */
export const golden = JSON.parse(fs.readFileSync(path.join(SHARED_DIR, 'golden/2024-06.json'), 'utf8')) as {
  period: { start: string; end: string; label: string };
  dossiers: Record<string, Record<string, number>>;
  reception_points: Record<string, string[]>;
  online_and_digitisation: Record<string, unknown>;
  feedback: Record<'national_portal' | 'province' | 'city', { new: number; carried_over: number; resolved: number; processing: number }>;
};

/** The demo organisation (Phú Quốc 2024). */
export const demoOrg = parseOrg(JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../config/org-phu-quoc-2024.json'), 'utf8')));

/** Every key of the golden file's dossiers and online_and_digitisation that differs, with the computed value. */
export function goldenDifferences(f: Pick<TFigures, 'dossiers' | 'online_and_digitisation'>): string[] {
  const diffs: string[] = [];
  for (const [a, row] of Object.entries(golden.dossiers)) {
    for (const [k, v] of Object.entries(row)) {
      const got = (f.dossiers as Record<string, Record<string, unknown>>)[a]?.[k];
      if (got !== v) diffs.push(`dossiers.${a}.${k}: ${String(got)} ≠ ${v}`);
    }
  }
  for (const [k, v] of Object.entries(golden.online_and_digitisation)) {
    const got = (f.online_and_digitisation as Record<string, unknown>)[k];
    if (JSON.stringify(got) !== JSON.stringify(v)) diffs.push(`online_and_digitisation.${k}: ${JSON.stringify(got)} ≠ ${JSON.stringify(v)}`);
  }
  return diffs;
}
