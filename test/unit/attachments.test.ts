import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFileUrl, verifyFileSignature } from '../../src/http/file-routes.ts';
import {
  ACCEPTED_TYPES_TEXT, attachmentLabel, attachmentRelName, bufferProbe, declaredAttachmentProblem, detectType, familyOfHead,
  formatSize, resolveStoredPath, sanitiseName, storeUpload,
} from '../../src/services/attachments.ts';
import type { TAttachment } from '../../src/zalo/events.ts';
import { makeSamplePdf, makeSamplePng } from '../../src/zalo/simulator/sample-files.ts';
import { makeDocx, makeOle, makeXlsx, makeZip } from '../helpers/office-files.ts';

const MB = 1024 * 1024;
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64)]);
const gif = Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(32)]);
const webp = Buffer.concat([Buffer.from('RIFF', 'latin1'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ', 'latin1'), Buffer.alloc(32)]);
const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(1)</script></body></html>');

describe('detectType (from the bytes, never the name)', () => {
  it.each([
    ['JPEG', jpeg, 'jpg', 'image/jpeg'],
    ['PNG', makeSamplePng(), 'png', 'image/png'],
    ['WebP', webp, 'webp', 'image/webp'],
    ['GIF', gif, 'gif', 'image/gif'],
    ['PDF', makeSamplePdf(), 'pdf', 'application/pdf'],
    ['DOCX', makeDocx(), 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['DOC (OLE with WordDocument)', makeOle(['1Table', 'WordDocument', '\u0005SummaryInformation'], 4), 'doc', 'application/msword'],
    ['XLS (OLE with Workbook)', makeOle(['Workbook', '\u0005SummaryInformation', '\u0005DocumentSummaryInformation', 'CompObj']), 'xls', 'application/vnd.ms-excel'],
  ])('recognises %s', async (_label, bytes, ext, mime) => {
    expect(await detectType(bufferProbe(bytes))).toEqual({ ok: true, ext, mime });
  });

  it('recognises a real XLSX written by exceljs', async () => {
    expect(await detectType(bufferProbe(await makeXlsx()))).toMatchObject({ ok: true, ext: 'xlsx' });
  });

  it.each([
    ['HTML', html],
    ['a Windows executable', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)])],
    ['an empty file', Buffer.alloc(0)],
    ['plain text', Buffer.from('Xin chào, đây là tệp văn bản.')],
    ['an SVG image (may carry scripts)', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['a ZIP that is no Office file', makeZip({ 'a.txt': 'hello', 'word/x.txt': 'no content types' })],
    ['a ZIP with both word/ and xl/', makeZip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<x/>', 'xl/workbook.xml': '<x/>' })],
    ['a truncated ZIP', makeDocx().subarray(0, 60)],
    ['an OLE file that is neither DOC nor XLS (PPT)', makeOle(['PowerPoint Document', 'Current User'])],
  ])('refuses %s', async (_label, bytes) => {
    expect(await detectType(bufferProbe(bytes))).toEqual({ ok: false, code: 'type' });
  });

  it('refuses Office files carrying macros', async () => {
    expect(await detectType(bufferProbe(makeDocx({ macro: true })))).toEqual({ ok: false, code: 'macro' });
    expect(await detectType(bufferProbe(makeOle(['Workbook', '_VBA_PROJECT_CUR'])))).toEqual({ ok: false, code: 'macro' });
  });

  it('decides on the first bytes while streaming: undecided, a family, or refused early', () => {
    expect(familyOfHead(Buffer.from([0x89, 0x50]), false)).toBe('undecided');
    expect(familyOfHead(Buffer.from([0x89, 0x50]), true)).toBeUndefined();
    expect(familyOfHead(Buffer.from('RIFF', 'latin1'), false)).toBe('undecided');
    expect(familyOfHead(Buffer.from('RIFF\0\0\0\0AVI ', 'latin1'), false)).toBeUndefined(); // RIFF but not WebP
    expect(familyOfHead(Buffer.from('<!'), false)).toBeUndefined();
    expect(familyOfHead(makeSamplePng().subarray(0, 8), false)).toBe('png');
  });
});

describe('names and paths', () => {
  it('sanitises names: no separators, no "..", no leading dot, NFC, at most 80 characters', () => {
    expect(sanitiseName('../../etc/passwd')).toBe('etc-passwd');
    expect(sanitiseName('..\\..\\windows\\system32')).toBe('windows-system32');
    expect(sanitiseName('.htaccess')).toBe('htaccess');
    expect(sanitiseName('a..b')).toBe('a.b');
    expect(sanitiseName('tệp\u0000\u202e gpj.exe')).toBe('tệp-gpj.exe');
    const nfd = 'Tờ khai đăng ký'.normalize('NFD');
    expect(sanitiseName(nfd)).toBe('Tờ-khai-đăng-ký'.normalize('NFC'));
    expect(sanitiseName(nfd)).toBe(sanitiseName(nfd).normalize('NFC'));
    expect(Array.from(sanitiseName('ảnh'.repeat(100))).length).toBe(80);
    expect(sanitiseName('///...')).toBe('tep');
    expect(sanitiseName('', 'anh')).toBe('anh');
  });

  it('builds <code>/<seq>-<name> without the declared extension (the detected type gives it)', () => {
    expect(attachmentRelName('PA-2406-0007', 2, 'Tờ khai đăng ký khai sinh.pdf', 'file')).toBe('PA-2406-0007/2-Tờ-khai-đăng-ký-khai-sinh');
    expect(attachmentRelName('PA-2406-0007', 1, null, 'image')).toBe('PA-2406-0007/1-anh');
    expect(attachmentRelName('PA-2406-0007', 3, undefined, 'file')).toBe('PA-2406-0007/3-tep');
    expect(attachmentRelName('../../x', 1, '../../../etc/passwd', 'file')).toBe('x/1-etc-passwd');
    expect(attachmentRelName('12/PAKN', 1, 'a.jpg', 'image')).toBe('12-PAKN/1-a');
  });

  it('resolves stored paths only inside the folder', () => {
    const dir = path.resolve('/srv/files');
    expect(resolveStoredPath(dir, 'PA-2406-0007/1-anh.png')).toBe(path.join(dir, 'PA-2406-0007/1-anh.png'));
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a/./b', 'a//b', 'a\\..\\b', 'a\0b', '', '..', 'a/..']) {
      expect(resolveStoredPath(dir, bad), bad).toBeUndefined();
    }
  });
});

describe('reasons for the citizen', () => {
  it('formats sizes the Vietnamese way', () => {
    expect(formatSize(10 * MB)).toBe('10 MB');
    expect(formatSize(1.5 * MB)).toBe('1,5 MB');
    expect(formatSize(512 * 1024)).toBe('512 KB');
  });

  it('names attachments by file name, by position, or as the only one', () => {
    expect(attachmentLabel({ kind: 'file', originalName: 'x.exe' })).toBe('Tệp “x.exe”');
    expect(attachmentLabel({ kind: 'image', index: 2, ofKind: 3 })).toBe('Ảnh thứ 2');
    expect(attachmentLabel({ kind: 'image', index: 1, ofKind: 1 })).toBe('Ảnh bạn gửi');
    expect(attachmentLabel({ kind: 'file' })).toBe('Tệp bạn gửi');
  });

  it('tells at once what a Zalo file event declares wrongly (size, type)', () => {
    const o = { maxBytes: 10 * MB, index: 1, ofKind: 1 };
    // As parsed from a Zalo user_send_file event (src/zalo/events.ts).
    const exe: TAttachment = { type: 'file', url: 'https://f.zdn.vn/x.exe', name: 'x.exe', size: 1000, mime: 'exe' };
    expect(declaredAttachmentProblem(exe, o)).toBe(`Tệp “x.exe” không thuộc loại được nhận (${ACCEPTED_TYPES_TEXT}).`);
    expect(declaredAttachmentProblem({ type: 'file', name: 'x.exe', size: 1000 }, o))
      .toBe('Tệp “x.exe” không thuộc loại được nhận (ảnh JPG, PNG, WebP, GIF; tài liệu PDF, DOC, DOCX, XLS, XLSX).');
    expect(declaredAttachmentProblem({ type: 'file', name: 'Tờ khai.pdf', size: 11 * MB, mime: 'pdf' }, o))
      .toBe('Tệp “Tờ khai.pdf” lớn hơn 10 MB nên không được lưu.');
    expect(declaredAttachmentProblem({ type: 'image', size: 11 * MB }, { maxBytes: 10 * MB, index: 2, ofKind: 3 }))
      .toBe('Ảnh thứ 2 lớn hơn 10 MB nên không được lưu.');
    expect(declaredAttachmentProblem({ type: 'file', size: 100, mime: 'zip' }, { maxBytes: MB, index: 2, ofKind: 2 }))
      .toBe(`Tệp thứ 2 không thuộc loại được nhận (${ACCEPTED_TYPES_TEXT}).`);
  });

  it.each<[string, TAttachment]>([
    ['a PDF', { type: 'file', url: 'u', name: 'Tờ khai đăng ký khai sinh.pdf', size: 184320, mime: 'pdf' }],
    ['upper-case extensions', { type: 'file', url: 'u', name: 'SCAN.JPEG', size: 1000 }],
    ['a declared MIME type', { type: 'file', url: 'u', size: 1000, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }],
    ['a generic type', { type: 'file', url: 'u', size: 1000, mime: 'application/octet-stream' }],
    ['nothing declared', { type: 'file', url: 'u' }],
    ['an image', { type: 'image', url: 'u', thumbnail: 't' }],
    ['a location', { type: 'location', latitude: 10.2, longitude: 103.9 }],
  ])('finds nothing wrong with %s', (_label, att) => {
    expect(declaredAttachmentProblem(att, { maxBytes: 10 * MB, index: 1 })).toBeUndefined();
  });
});

describe('signed file links', () => {
  const secret = 'test-file-link-secret-0123456789abcdef';
  const now = Date.UTC(2024, 5, 20, 8, 0, 0);
  const parse = (u: string) => new URL(u).searchParams;

  it('signs /files/<code>/<seq> with an expiry and an HMAC-SHA256 in base64url', () => {
    const url = signFileUrl('https://motcua.example.vn/', 'PA-2406-0007', 2, { secret, ttlSeconds: 600, now });
    expect(url).toMatch(/^https:\/\/motcua\.example\.vn\/files\/PA-2406-0007\/2\?exp=\d+&sig=[A-Za-z0-9_-]{43}$/);
    const q = parse(url);
    expect(Number(q.get('exp'))).toBe(now / 1000 + 600);
    expect(verifyFileSignature('PA-2406-0007', 2, q.get('exp'), q.get('sig'), { secret, now })).toBe('ok');
  });

  it('refuses another file, another secret, a changed expiry, a malformed value, and an expired link', () => {
    const q = parse(signFileUrl('http://h', 'PA-2406-0007', 2, { secret, ttlSeconds: 600, now }));
    const exp = q.get('exp')!;
    const sig = q.get('sig')!;
    expect(verifyFileSignature('PA-2406-0007', 3, exp, sig, { secret, now })).toBe('bad');
    expect(verifyFileSignature('PA-2406-0008', 2, exp, sig, { secret, now })).toBe('bad');
    expect(verifyFileSignature('PA-2406-0007', 2, exp, sig, { secret: `${secret}x`, now })).toBe('bad');
    expect(verifyFileSignature('PA-2406-0007', 2, String(Number(exp) + 3600), sig, { secret, now })).toBe('bad');
    expect(verifyFileSignature('PA-2406-0007', 2, exp, `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`, { secret, now })).toBe('bad');
    expect(verifyFileSignature('PA-2406-0007', 2, undefined, sig, { secret, now })).toBe('bad');
    expect(verifyFileSignature('PA-2406-0007', 2, exp, ['a', 'b'], { secret, now })).toBe('bad');
    expect(verifyFileSignature('PA-2406-0007', 2, '1e9', sig, { secret, now })).toBe('bad');
    expect(verifyFileSignature('PA-2406-0007', 2, exp, sig, { secret, now: now + 601_000 })).toBe('expired');
  });

  it('encodes codes that need it', () => {
    expect(signFileUrl('http://h', '12/PAKN', 1, { secret, ttlSeconds: 60, now })).toMatch(/^http:\/\/h\/files\/12%2FPAKN\/1\?/);
  });
});

describe('storeUpload', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-att-unit-')); });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });
  const files = (sub: string) => (fs.existsSync(path.join(dir, sub)) ? fs.readdirSync(path.join(dir, sub)) : []);

  it('stores a real PNG under <code>/<seq>-<name>.png with its digest, whatever the declared name', async () => {
    const png = makeSamplePng();
    const r = await storeUpload(png, { dir, relName: 'PA-2406-0001/1-anh-chup', maxBytes: MB, declaredName: 'ảnh chụp.jpg' });
    expect(r).toEqual({ ok: true, storedPath: 'PA-2406-0001/1-anh-chup.png', mime: 'image/png', sizeBytes: png.length, sha256: createHash('sha256').update(png).digest('hex') });
    expect(fs.readFileSync(path.join(dir, 'PA-2406-0001/1-anh-chup.png')).equals(png)).toBe(true);
    expect(files('PA-2406-0001')).toEqual(['1-anh-chup.png']); // no temporary file left
  });

  it('refuses a file over the limit, a disguised file and an empty one, and writes nothing', async () => {
    const big = await storeUpload(Buffer.alloc(2048, 0xff), { dir, relName: 'PA-2406-0002/1-a', maxBytes: 1024, declaredName: 'a.jpg' });
    expect(big).toMatchObject({ ok: false, status: 'rejected', code: 'too-large', retryable: false, reason: 'Tệp “a.jpg” lớn hơn 1 KB nên không được lưu.' });
    const fake = await storeUpload(html, { dir, relName: 'PA-2406-0002/2-b', maxBytes: MB, declaredName: 'b.jpg' });
    expect(fake).toMatchObject({ ok: false, status: 'rejected', code: 'type', reason: `Tệp “b.jpg” không thuộc loại được nhận (${ACCEPTED_TYPES_TEXT}).` });
    const empty = await storeUpload(Buffer.alloc(0), { dir, relName: 'PA-2406-0002/3-c', maxBytes: MB, label: 'Ảnh thứ 3' });
    expect(empty).toMatchObject({ ok: false, status: 'rejected', code: 'empty', reason: 'Ảnh thứ 3 không có nội dung nên không được lưu.' });
    expect(files('PA-2406-0002')).toEqual([]);
  });

  it('stores Office documents with the extension of their real type', async () => {
    const r = await storeUpload(makeDocx(), { dir, relName: 'PA-2406-0003/1-don', maxBytes: MB, declaredName: 'don.doc' });
    expect(r).toMatchObject({ ok: true, storedPath: 'PA-2406-0003/1-don.docx' });
  });

  it('refuses a relName that would leave the folder (a programming error)', async () => {
    await expect(storeUpload(makeSamplePng(), { dir, relName: '../escape', maxBytes: MB })).rejects.toThrow(/inside the attachment folder/);
    await expect(storeUpload(makeSamplePng(), { dir, relName: '/tmp/escape', maxBytes: MB })).rejects.toThrow(/inside the attachment folder/);
  });
});
