import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueService } from '../../src/services/catalogue.ts';
import { openDatabase, type TOpenedDb } from '../../src/store/open.ts';
import { ROOT, runCli } from '../helpers/cli.ts';

/**
 * The catalogue commands as an officer (or a script) runs them: separate processes on a PGlite folder of their
 * own, without Redis. The test process also opens that folder, as a running server would, to check that the
 * processes see each other's writes.
 */

const DATA = path.resolve(ROOT, '../shared/data');
const CATALOGUE = path.join(DATA, 'catalog-vinhbao-2026.jsonl');
const HANDBOOK = path.join(DATA, 'procedures-vinhbao.jsonl');


const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-catalogue-cli-'));
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-qr-out-'));
const env = { DATA_DIR: dataDir };
afterAll(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe('catalogue commands', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const r = await runCli(['import', 'procedures', CATALOGUE, HANDBOOK], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('catalog-vinhbao-2026.jsonl: 254 thủ tục (254 dòng danh mục)');
    expect(r.stdout).toContain('Đã nhập: 255 thủ tục mới, 0 cập nhật, 0 không đổi, 0 đánh dấu bãi bỏ.');
  }, 60_000);

  it('search "khai sinh" --json prints the ranked results, 1.001193 first', async () => {
    const r = await runCli(['search', 'khai sinh', '--json'], env);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { code: string; name: string; score: number }[];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows[0]).toMatchObject({ code: '1.001193', name: 'Thủ tục đăng ký khai sinh' });
    for (const row of rows) {
      expect(row.code).toMatch(/^\d\.\d{6}$/);
      expect(typeof row.name).toBe('string');
      expect(typeof row.score).toBe('number');
    }
    expect(rows.map((x) => x.score)).toEqual([...rows.map((x) => x.score)].sort((a, b) => b - a));
  });

  it('a file with a bad row is rejected whole, with line, column and reason, and exit code 1', async () => {
    const bad = path.join(dataDir, 'sua.csv');
    fs.writeFileSync(bad, 'mã thủ tục,tên thủ tục,lĩnh vực,cấp thẩm quyền\n1.001193,Thủ tục đăng ký khai sinh (đã sửa),Hộ tịch,xã\n1.0011,Thủ tục lỗi,Hộ tịch,xã\n');
    const r = await runCli(['import', 'procedures', bad], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/sua\.csv — Dòng 3, cột .+: /);
    expect(r.stderr).toContain('không nhập gì');
    const search = JSON.parse((await runCli(['search', '1.001193', '--json'], env)).stdout) as { name: string }[];
    expect(search[0]?.name).toBe('Thủ tục đăng ký khai sinh');
  });

  it('procedures figures: section 2.1 counts per reception point and authority', async () => {
    const r = await runCli(['procedures', 'figures', '--json'], env);
    expect(r.code).toBe(0);
    const figures = JSON.parse(r.stdout) as { total: Record<string, { procedures: number; boundaryFree: number }>; receptionPoints: { receptionPoint: string | null }[] };
    expect(figures.total.province?.procedures).toBe(62);
    expect(figures.total.commune?.procedures).toBe(193);
    expect(figures.total.commune?.boundaryFree).toBe(59);
    expect(figures.receptionPoints.map((p) => p.receptionPoint)).toContain('Trung tâm Phục vụ hành chính công cấp xã');
    const text = await runCli(['procedures', 'figures'], env);
    expect(text.stdout).toMatch(/Tổng cộng\s+cấp xã\s+193/);
  });

  it('search-gaps lists what citizens did not find, recorded by another process on the same data', async () => {
    // The test process opens the folder first, as a running server would; the CLI then goes through its socket.
    const db: TOpenedDb = await openDatabase({ databaseUrl: undefined, dataDir, max: 2, migrate: true });
    try {
      const server = new CatalogueService(db, { versionCheckMs: 0 });
      for (const q of ['giá vàng hôm nay', 'GIÁ VÀNG hôm nay', 'xem bói tuổi', '0912345678 giá vàng hôm nay']) await server.searchProcedures(q, { recordGap: true });
      const r = await runCli(['search-gaps', '--json'], env);
      expect(r.code).toBe(0);
      const gaps = JSON.parse(r.stdout) as { query: string; count: number; example: string }[];
      expect(gaps[0]).toMatchObject({ query: 'giá vàng hôm', count: 3 });
      expect(gaps[0]?.example).not.toContain('0912345678');
      expect(gaps.map((g) => g.count)).toEqual([3, 1]);

      // An import by the CLI reaches the server process's search through the catalogue version.
      expect((await server.searchProcedures('#TTHC 2.001009')).code?.status).toBe('active');
      const full = await runCli(['import', 'procedures', CATALOGUE, '--full'], env);
      expect(full.code).toBe(0);
      expect(full.stdout).toContain('Bãi bỏ: 2.001009');
      expect((await server.searchProcedures('#TTHC 2.001009')).code?.status).toBe('withdrawn');
    } finally {
      await db.close();
    }
  });

  it('qr writes A4 posters and field sheets that carry the procedure name', async () => {
    const missing = await runCli(['qr', '--codes', '1.001193', '--out', outDir], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ZALO_MINI_APP_ID');

    const r = await runCli(['qr', '--codes', '1.001193,1.000894', '--out', outDir], { ...env, ZALO_MINI_APP_ID: '1234567890123456789' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('https://zalo.me/s/1234567890123456789/procedure/');
    const poster = path.join(outDir, 'ap-phich', '1.001193.pdf');
    expect(fs.readFileSync(poster).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.existsSync(path.join(outDir, 'ap-phich', '1.000894.pdf'))).toBe(true);
    expect(fs.readdirSync(path.join(outDir, 'bang-linh-vuc'))).toEqual(['ho-tich.pdf']);
    expect(execFileSync('pdftotext', [poster, '-'], { encoding: 'utf8' })).toContain('Thủ tục đăng ký khai sinh');

    const unknown = await runCli(['qr', '--codes', '1.999999', '--out', outDir], { ...env, ZALO_MINI_APP_ID: '1' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('1.999999');
  });
});
