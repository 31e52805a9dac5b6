import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { golden, goldenDifferences } from '../helpers/golden.ts';
import { ROOT, runCli } from '../helpers/cli.ts';

/**
 * The golden test through the officer CLI, as an officer runs it: `demo seed`, then `stats --period 2024-06 --json`
 * in separate processes on a PGlite folder of their own, and the import command's output.
 */


const dirs: string[] = [];
const tempDataDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-figures-'));
  dirs.push(d);
  return d;
};
afterAll(() => { for (const d of dirs) fs.rmSync(d, { recursive: true, force: true }); });

describe('cli: demo seed and stats (the golden test)', { timeout: 180_000 }, () => {
  const dataDir = tempDataDir();
  const env = { DATA_DIR: dataDir };

  it('demo seed, then stats --period 2024-06 --json equals the golden file, every key', async () => {
    const seed = await runCli(['demo', 'seed'], env);
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toMatch(/Hồ sơ mẫu tiếp nhận 01\/04\/2024–31\/08\/2024 .*: [\d.]+ hồ sơ\./);
    const stats = await runCli(['stats', '--period', '2024-06', '--json'], env);
    expect(stats.code, stats.stderr).toBe(0);
    const f = JSON.parse(stats.stdout) as { period: Record<string, unknown>; dossiers: Record<string, Record<string, unknown>>; online_and_digitisation: Record<string, unknown> };
    expect(f.period).toMatchObject({ start: golden.period.start, end: golden.period.end, label: golden.period.label, partial: false });
    expect(goldenDifferences(f as never)).toEqual([]);
    // The seed stores the real catalogue too, with sectors from the field table: its section 2.1 counts are real.
    const cat = await runCli(['procedures', 'figures', '--json'], env);
    expect(cat.code, cat.stderr).toBe(0);
    const total = (JSON.parse(cat.stdout) as { total: Record<string, { procedures: number; fields: number; sectors: number }> }).total;
    expect(total.commune!.procedures).toBeGreaterThan(150);
    expect(total.commune!.sectors).toBeGreaterThan(5);
  });

  it('seeding again changes nothing; --if-empty does not even try', async () => {
    const again = await runCli(['demo', 'seed'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Thêm mới 0, cập nhật 0, không đổi [\d.]+\./);
    const ifEmpty = await runCli(['demo', 'seed', '--if-empty'], env);
    expect(ifEmpty.code).toBe(0);
    expect(ifEmpty.stdout).toMatch(/^Đã có [\d.]+ hồ sơ trong cơ sở dữ liệu: không nạp dữ liệu mẫu\./);
  });

  it('stats without --json is a readable Vietnamese table; --unit by name; a bad period is a usage error', async () => {
    const t = await runCli(['stats', '--period', 'tháng 6/2024'], env);
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout).toContain('Số liệu hồ sơ tháng 06/2024 (15/05/2024–14/06/2024)');
    expect(t.stdout).toMatch(/cấp huyện\s+1\.071\s+999\s+2\.070\s+1\.078/);
    expect(t.stdout).toMatch(/Toàn trình\s+1\.862 \/ 2\.977\s+62,55%/);
    const unit = await runCli(['stats', '--period', '06/2024', '--unit', 'duong dong', '--json'], env);
    expect(unit.code, unit.stderr).toBe(0);
    const u = JSON.parse(unit.stdout) as { unit: string; units: Record<string, unknown> };
    expect(u.unit).toBe('DUONG-DONG');
    expect(Object.keys(u.units)).toEqual(['DUONG-DONG']);
    const bad = await runCli(['stats', '--period', '2024-13'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('tháng phải từ 1 đến 12');
  });
});

describe('cli: import dossiers', { timeout: 120_000 }, () => {
  const bad = path.join(ROOT, 'test/fixtures/dossiers/bad.csv');

  it('a file with bad rows: every bad row printed as "Dòng N, cột X: lý do", nothing written, exit 1; --skip-invalid imports the rest', async () => {
    const env = { DATA_DIR: tempDataDir() };
    const r = await runCli(['import', 'dossiers', bad], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Tệp bad.csv có 9 dòng lỗi:');
    expect(r.stdout).toContain('  Dòng 3, cột due_date: Ngày hẹn trả trước ngày tiếp nhận.');
    expect(r.stdout).toContain('  Dòng 8, cột dossier_code: Mã hồ sơ “B-GOOD-1” trùng với dòng 2.');
    expect(r.stdout).toContain('chưa ghi dòng nào');
    const skip = await runCli(['import', 'dossiers', bad, '--skip-invalid'], env);
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stdout).toContain('Các dòng bị loại (9 dòng):');
    expect(skip.stdout).toMatch(/Thêm mới:\s+2\n\s+Cập nhật:\s+0\n\s+Không đổi:\s+0\n\s+Bị loại:\s+9/);
    const edge = await runCli(['import', 'dossiers', path.join(ROOT, 'test/fixtures/dossiers/edge-cases.csv')], env);
    expect(edge.code, edge.stderr).toBe(0);
    expect(edge.stdout).toMatch(/Thêm mới:\s+12\n/);
  });
});
