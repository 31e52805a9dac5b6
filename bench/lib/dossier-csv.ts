/**
 * The benchmarks' dossier file: `rows` deterministic dossiers (received uniformly over 2020-01-01…2024-12-31 at the
 * units of the given organisation, realistic closing behaviour) as a CSV with the interchange columns. Shared by
 * bench/figures.ts and bench/report.ts.
 */
import fs from 'node:fs';
import { DOSSIER_COLUMNS } from '../../src/domain/dossier.ts';
import { addDays } from '../../src/domain/format.ts';
import type { TAuthority, TOrg } from '../../src/domain/org.ts';

/** mulberry32: the same file on every run */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PROCEDURES: Record<TAuthority, string[]> = {
  district: ['1.013978', '1.013949', '1.001612', '2.000720', '1.001266'],
  province: ['1.012787', '1.012783', '1.011443', '1.013995'],
  vertical: ['1.004222', '1.004194', '1.003197'],
  commune: ['1.001193', '1.000656', '1.000894', '1.004873', '2.000815', '2.001035'],
};

/**
 * Writes `rows` dossiers: received uniformly over 2020-01-01…2024-12-31; most close within their processing time
 * or a little after; a small stale backlog stays open for years, recent ones are often still open at the end.
 * Mixed spellings (DD/MM/YYYY and ISO dates, "x"/"có"/"1" flags, Vietnamese authority words) as real exports have.
 */
export async function writeCsv(file: string, rows: number, org: TOrg): Promise<number> {
  const rnd = prng(20240614);
  const from = '2020-01-01';
  const days = 1827;
  const end = '2024-12-31';
  const units = org.units;
  const out = fs.createWriteStream(file);
  const write = (s: string) => new Promise<void>((resolve) => (out.write(s) ? resolve() : out.once('drain', () => resolve())));
  await write(`${DOSSIER_COLUMNS.map((c) => c.canonical).join(',')}\n`);
  const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const authWords: Record<TAuthority, string[]> = { district: ['district', 'huyện'], province: ['province', 'tỉnh'], vertical: ['vertical', 'ngành dọc'], commune: ['commune', 'xã'] };
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const unit = rnd() < 0.55 ? units[0]! : units[1 + Math.floor(rnd() * (units.length - 1))]!;
    const authority = unit.receives[Math.floor(rnd() * unit.receives.length)]!;
    const procs = PROCEDURES[authority];
    const received = addDays(from, Math.floor(rnd() * days));
    const span = 1 + Math.floor(rnd() * 30);
    const due = addDays(received, span);
    const u = rnd();
    let finished = '';
    let withdrawn = '';
    const recent = received > addDays(end, -60);
    if (u < 0.03) withdrawn = addDays(received, Math.floor(rnd() * 10));
    // about one in six late, by up to a third of the processing time
    else if (u < (recent ? 0.7 : 0.995)) finished = addDays(received, Math.round(span * (0.3 + rnd() * 0.85)));
    if (finished > end) finished = '';
    if (withdrawn > end) withdrawn = '';
    const online = rnd() < 0.7;
    const code = `${unit.code}-${received.slice(2).replaceAll('-', '')}-${String(i).padStart(7, '0')}`;
    const date = (d: string) => (d === '' ? '' : rnd() < 0.5 ? d : dmy(d));
    chunk += [
      code,
      procs[Math.floor(rnd() * procs.length)],
      authWords[authority][i & 1],
      unit.code,
      date(received),
      date(due),
      date(finished),
      date(withdrawn),
      online ? 'online' : rnd() < 0.05 ? 'postal' : 'counter',
      online && rnd() < 0.8 ? 'x' : '',
      online && rnd() < 0.5 ? 'có' : 'không',
      rnd() < 0.95 ? '1' : '0',
      finished === '' ? '' : rnd() < 0.8 ? 'true' : 'false',
      '',
    ].join(',');
    chunk += '\n';
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return fs.statSync(file).size;
}
