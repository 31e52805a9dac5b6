import { describe, expect, it } from 'vitest';
import { DEFAULT_MINIAPP_LINK_TEMPLATE, loadMiniAppLinkConfig, MiniAppLinkError, miniAppLink, qrMatrix, qrPng, qrSvg } from '../../src/report/qr.ts';
import { fieldFileName, findPdfFonts, PdfFontMissingError } from '../../src/report/qr-posters.ts';

describe('mini-app link of a procedure QR', () => {
  it('defaults to the link of spec/zalo-platform.md', () => {
    const config = loadMiniAppLinkConfig({ ZALO_MINI_APP_ID: '1234567890123456789' });
    expect(config.template).toBe(DEFAULT_MINIAPP_LINK_TEMPLATE);
    expect(miniAppLink(config, '1.001193')).toBe('https://zalo.me/s/1234567890123456789/procedure/1.001193?src=qr');
  });

  it('follows a template from configuration', () => {
    const config = loadMiniAppLinkConfig({ MINIAPP_LINK_TEMPLATE: 'https://motcua.example.vn/tthc/{code}?from=poster', ZALO_MINI_APP_ID: '' });
    expect(miniAppLink(config, '2.000635')).toBe('https://motcua.example.vn/tthc/2.000635?from=poster');
  });

  it('refuses a template without {code} or not https, naming the variable', () => {
    expect(() => loadMiniAppLinkConfig({ MINIAPP_LINK_TEMPLATE: 'https://zalo.me/s/1/x' })).toThrow(/MINIAPP_LINK_TEMPLATE: mẫu đường dẫn phải chứa \{code\}/);
    expect(() => loadMiniAppLinkConfig({ MINIAPP_LINK_TEMPLATE: 'http://x/{code}' })).toThrow(/https/);
    expect(() => loadMiniAppLinkConfig({ ZALO_MINI_APP_ID: '../x' })).toThrow(/ZALO_MINI_APP_ID/);
  });

  it('needs the mini-app id when the template uses it', () => {
    expect(() => miniAppLink(loadMiniAppLinkConfig({}), '1.001193')).toThrow(MiniAppLinkError);
    expect(() => miniAppLink(loadMiniAppLinkConfig({}), '1.001193')).toThrow(/ZALO_MINI_APP_ID/);
  });

  it('only a well-formed national code enters a link', () => {
    const config = loadMiniAppLinkConfig({ ZALO_MINI_APP_ID: '42' });
    for (const bad of ['../../etc/passwd', '1.001193/../x', '1.001193.000.00.00.H33', '', '1.00119']) {
      expect(() => miniAppLink(config, bad)).toThrow(MiniAppLinkError);
    }
  });
});

describe('QR images', () => {
  const link = 'https://zalo.me/s/1234567890123456789/procedure/1.001193?src=qr';

  it('PNG with the PNG signature, SVG with a path', async () => {
    const png = await qrPng(link);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const svg = await qrSvg(link);
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('<path');
  });

  it('a square module matrix with the three finder patterns', () => {
    const m = qrMatrix(link);
    const n = m.length;
    expect(n).toBeGreaterThanOrEqual(21);
    expect(m.every((row) => row.length === n)).toBe(true);
    // Finder pattern corners: a dark 7×7 ring at top-left, top-right and bottom-left.
    for (const [r, c] of [[0, 0], [0, n - 7], [n - 7, 0]] as const) {
      expect(m[r]![c]).toBe(true);
      expect(m[r + 6]![c + 6]).toBe(true);
      expect(m[r + 1]![c + 1]).toBe(false);
      expect(m[r + 3]![c + 3]).toBe(true);
    }
  });
});

describe('poster helpers', () => {
  it('field names become safe file names', () => {
    expect(fieldFileName('Hộ tịch')).toBe('ho-tich');
    expect(fieldFileName('Đất đai')).toBe('dat-dai');
    expect(fieldFileName('../../Xuất cảnh, nhập cảnh')).toBe('xuat-canh-nhap-canh');
    expect(fieldFileName('///')).toBe('linh-vuc');
  });

  it('PDF_FONT_DIR without the fonts is an error that says what to install', () => {
    expect(() => findPdfFonts({ PDF_FONT_DIR: '/nonexistent-font-dir' })).toThrow(PdfFontMissingError);
    expect(() => findPdfFonts({ PDF_FONT_DIR: '/nonexistent-font-dir' })).toThrow(/PDF_FONT_DIR=\/nonexistent-font-dir/);
  });
});
