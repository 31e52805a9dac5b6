import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxText, missingInOrder } from '../helpers/report-docx.ts';
import { SEED_I22_TO_I3 } from '../helpers/report-seed.ts';
import { ROOT, runCli } from '../helpers/cli.ts';

/**
 * The acceptance test of issue 6, as an officer runs it: `cli demo seed`, then `cli report --period 2024-06`; the
 * DOCX holds every figure of the seed's sections I.2.2–I.3 in the seed's order and wording, and LibreOffice renders
 * it: page 1 as a PNG kept in artifacts/, its text checked with pdftotext.
 */
const ARTIFACTS = path.join(ROOT, 'artifacts');
const exec = promisify(execFile);


function hasCommand(name: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && fs.existsSync(path.join(dir, name)));
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-report-'));
const env = { DATA_DIR: path.join(work, 'data') };
const docxFile = path.join(work, 'bao-cao-06-2024.docx');
const haveOffice = hasCommand('soffice') && hasCommand('pdftoppm') && hasCommand('pdftotext');
if (!haveOffice && process.env.CI) throw new Error('CI needs LibreOffice and poppler: apt-get install -y libreoffice-writer-nogui poppler-utils (.ci/run does)');

afterAll(() => { fs.rmSync(work, { recursive: true, force: true }); });

describe('the June 2024 report from the demo data', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    const seed = await runCli(['demo', 'seed'], env);
    expect(seed.code, seed.stderr).toBe(0);
    const r = await runCli(['report', '--period', '2024-06', '--out', docxFile], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Đã ghi báo cáo tháng 06/2024: ${docxFile}`);
    expect(r.stderr).not.toContain('Cảnh báo');
  }, 180_000);

  it('word/document.xml holds every figure of sections I.2.2–I.3 in the seed\'s order and wording, with the corrected provincial row', () => {
    const text = docxText(fs.readFileSync(docxFile));
    expect(missingInOrder(text, SEED_I22_TO_I3)).toBeUndefined();
    expect(text).not.toMatch(/tiếp nhận mới là 580/);
    // The frame of the document around them.
    expect(missingInOrder(text, [
      'ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Phú Quốc, ngày', 'BÁO CÁO',
      'Tình hình, kết quả thực hiện công tác cải cách thủ tục hành chính', 'Tháng 6 năm 2024', 'Kính gửi: Ủy ban nhân dân tỉnh Kiên Giang.',
      'I. KẾT QUẢ THỰC HIỆN', 'II. ĐÁNH GIÁ CHUNG', 'III. NHIỆM VỤ TRỌNG TÂM CỦA THÁNG TIẾP THEO', 'IV. KIẾN NGHỊ VÀ ĐỀ XUẤT',
      'Nơi nhận:', 'CHỦ TỊCH', 'Huỳnh Quang Hưng',
    ])).toBeUndefined();
    expect(text).toBe(text.normalize('NFC'));
  });

  it.skipIf(!haveOffice)('LibreOffice renders it: A4, page 1 has the header table and the title; page 1 kept as a PNG', async () => {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-lo-profile-'));
    try {
      await exec('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', work, docxFile], { timeout: 240_000 });
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
    const pdf = docxFile.replace(/\.docx$/, '.pdf');
    expect(fs.existsSync(pdf)).toBe(true);
    const info = (await exec('pdfinfo', [pdf])).stdout;
    expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);

    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const png = path.join(ARTIFACTS, 'report-2024-06-page1');
    await exec('pdftoppm', ['-f', '1', '-l', '1', '-r', '100', '-png', '-singlefile', pdf, png]);
    expect(fs.statSync(`${png}.png`).size).toBeGreaterThan(20_000);

    const page1 = (await exec('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'])).stdout.normalize('NFC');
    expect(page1).toContain('BÁO CÁO');
    expect(page1).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    // Two columns side by side: the issuing body and the motto on the same line, the body left of the motto.
    const top = page1.split('\n').find((l) => l.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'))!;
    expect(top.indexOf('ỦY BAN NHÂN DÂN')).toBeGreaterThanOrEqual(0);
    expect(top.indexOf('ỦY BAN NHÂN DÂN')).toBeLessThan(top.indexOf('CỘNG HÒA'));
    // The title below the header, the date line in the right column.
    expect(page1.indexOf('BÁO CÁO')).toBeGreaterThan(page1.indexOf('Phú Quốc, ngày'));
    expect(page1).toMatch(/Số:\s+\/BC-UBND/);
    // Page numbers from page 2 only (Decree 30).
    const page2 = (await exec('pdftotext', ['-f', '2', '-l', '2', '-layout', pdf, '-'])).stdout;
    expect(page2.trimStart().startsWith('2')).toBe(true);
  }, 280_000);

  it('Markdown through the CLI, and July starts from June\'s texts', async () => {
    const md = await runCli(['report', '--period', '06/2024', '--format', 'md'], env);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('Tổng hồ sơ 2.070 hồ sơ');
    const get = await runCli(['report', 'text', 'get', '--period', '2024-07', '--part', 'signer.name'], env);
    expect(get.code, get.stderr).toBe(0);
    expect(get.stdout).toBe('Huỳnh Quang Hưng\n');
    const set = await runCli(['report', 'text', 'set', '--period', '2024-07', '--part', 'IV', '--text', 'Đề nghị tỉnh bố trí thêm máy quét cho tháng {thang_sau}.'], env);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toContain('Đã lưu phần IV của báo cáo kỳ 07/2024');
    const july = await runCli(['report', '--period', '2024-07', '--out', path.join(work, 'bao-cao-07-2024.md')], env);
    expect(july.code, july.stderr).toBe(0);
    const text = fs.readFileSync(path.join(work, 'bao-cao-07-2024.md'), 'utf8');
    expect(text).toContain('Đề nghị tỉnh bố trí thêm máy quét cho tháng 8.');
    expect(text).toContain('cho tháng 8 năm 2024 như sau:');
    const bad = await runCli(['report', 'text', 'set', '--period', '2024-07', '--part', 'V', '--text', 'x'], env);
    expect(bad.code).toBe(2);
    const none = await runCli(['report'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('thiếu --period');
  }, 120_000);
});
