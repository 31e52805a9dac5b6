import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TProcedure } from '../../src/domain/procedure.ts';
import { loadFieldTable, readProcedureFiles } from '../../src/import/read-procedures.ts';
import { findPdfFonts, POSTER_INSTRUCTION, renderFieldSheet, renderProcedurePosters, type TPosterOptions } from '../../src/report/qr-posters.ts';
import { miniAppLink } from '../../src/report/qr.ts';

/**
 * The printed posters as an officer would print them: rendered by poppler (pdftoppm, pdftotext — package
 * poppler-utils) to check that the page is not blank and that the Vietnamese text survived the embedding.
 */

const DATA = path.resolve(import.meta.dirname, '../../../shared/data');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-qr-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function requireTool(name: string): void {
  try {
    execFileSync(name, ['-v'], { stdio: 'ignore' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${name} is missing: install poppler-utils (apt-get install -y poppler-utils)`);
  }
}

/** Page `page` of a PDF rendered at 50 dpi: width, height and RGB bytes (pdftoppm writes binary PPM, "P6", by default). */
function renderPage(pdf: string, page: number): { w: number; h: number; rgb: Buffer } {
  const prefix = path.join(dir, `${path.basename(pdf, '.pdf')}-p${page}`);
  execFileSync('pdftoppm', ['-r', '50', '-f', String(page), '-l', String(page), '-singlefile', pdf, prefix]);
  const ppm = fs.readFileSync(`${prefix}.ppm`);
  // Header: "P6\n<w> <h>\n255\n" (comments are not written by pdftoppm).
  const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 50).toString('latin1'));
  if (!m) throw new Error('not a binary PPM');
  return { w: Number(m[1]), h: Number(m[2]), rgb: ppm.subarray(m[0].length) };
}

/** Share of dark pixels (all three channels under 100) in a rectangle given in fractions of the page. */
function darkShare(img: { w: number; h: number; rgb: Buffer }, box = { x0: 0, y0: 0, x1: 1, y1: 1 }): number {
  let dark = 0;
  let total = 0;
  for (let y = Math.floor(box.y0 * img.h); y < Math.floor(box.y1 * img.h); y++) {
    for (let x = Math.floor(box.x0 * img.w); x < Math.floor(box.x1 * img.w); x++) {
      const i = (y * img.w + x) * 3;
      if (img.rgb[i]! < 100 && img.rgb[i + 1]! < 100 && img.rgb[i + 2]! < 100) dark += 1;
      total += 1;
    }
  }
  return dark / total;
}

const pdfText = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).normalize('NFC');
const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))?.[1]);

let procedures: TProcedure[];
let opts: TPosterOptions;
beforeAll(async () => {
  requireTool('pdftoppm');
  requireTool('pdftotext');
  procedures = (await readProcedureFiles([path.join(DATA, 'catalog-vinhbao-2026.jsonl'), path.join(DATA, 'procedures-vinhbao.jsonl')], { fields: await loadFieldTable() })).procedures;
  const config = { template: 'https://zalo.me/s/{MINI_APP_ID}/procedure/{code}?src=qr', miniAppId: '1234567890123456789' };
  opts = { fonts: findPdfFonts(), link: (code) => miniAppLink(config, code), orgName: 'Ủy ban nhân dân thành phố Phú Quốc' };
});

describe('procedure poster (A4 PDF)', () => {
  it('renders a page that is not blank, with a dense QR code in the middle', async () => {
    const birth = procedures.find((p) => p.code === '1.001193')!;
    const pdf = path.join(dir, 'poster.pdf');
    fs.writeFileSync(pdf, await renderProcedurePosters([birth], opts));
    expect(pageCount(pdf)).toBe(1);
    const img = renderPage(pdf, 1);
    // A4 at 50 dpi is 413 × 585 pixels.
    expect(img.w).toBeGreaterThan(400);
    expect(img.h).toBeGreaterThan(570);
    const page = darkShare(img);
    expect(page).toBeGreaterThan(0.05);
    expect(page).toBeLessThan(0.5);
    // The QR code sits in the middle band of the page: roughly half of its modules are dark.
    const qr = darkShare(img, { x0: 0.3, y0: 0.4, x1: 0.7, y1: 0.65 });
    expect(qr).toBeGreaterThan(0.3);
    expect(qr).toBeLessThan(0.75);
  });

  it('keeps the Vietnamese text with its diacritics (embedded font)', async () => {
    const pdf = path.join(dir, 'poster.pdf');
    const text = pdfText(pdf);
    expect(text).toContain('Thủ tục đăng ký khai sinh');
    expect(text).toContain('Mã thủ tục: 1.001193');
    expect(text.replace(/\s+/g, ' ')).toContain(POSTER_INSTRUCTION);
    expect(text).toContain('ỦY BAN NHÂN DÂN THÀNH PHỐ PHÚ QUỐC');
    expect(text).toContain('#TTHC 1.001193');
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
    expect(fonts).toMatch(/DejaVuSans|LiberationSans/);
    expect(fonts).not.toMatch(/Helvetica/);
  });

  it('fits the longest real name (over 900 characters) on one page', async () => {
    const longest = [...procedures].sort((a, b) => b.name.length - a.name.length)[0]!;
    const pdf = path.join(dir, 'longest.pdf');
    fs.writeFileSync(pdf, await renderProcedurePosters([longest], opts));
    expect(pageCount(pdf)).toBe(1);
    expect(pdfText(pdf).replace(/\s+/g, ' ')).toContain('Giao đất ở có thu tiền sử dụng đất');
  });
});

describe('field sheet for the display board', () => {
  it('puts 12 codes a page, with names and codes, numbered pages', async () => {
    const civil = procedures.filter((p) => p.field === 'Hộ tịch');
    expect(civil.length).toBeGreaterThan(12);
    const pdf = path.join(dir, 'ho-tich.pdf');
    fs.writeFileSync(pdf, await renderFieldSheet('Hộ tịch', civil, opts));
    const pages = Math.ceil(civil.length / 12);
    expect(pageCount(pdf)).toBe(pages);
    const text = pdfText(pdf);
    expect(text).toContain('Lĩnh vực: Hộ tịch');
    expect(text).toContain(`Trang 1/${pages}`);
    for (const p of civil) expect(text).toContain(`Mã ${p.code}`);
    expect(text).toContain('Đăng ký khai sinh');
    const img = renderPage(pdf, 1);
    expect(darkShare(img)).toBeGreaterThan(0.1);
  });
});
