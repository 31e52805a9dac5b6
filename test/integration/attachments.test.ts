import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileRouter, signFileUrl } from '../../src/http/file-routes.ts';
import { createLogger } from '../../src/log.ts';
import { AttachmentRetryError, fetchToStorage, storeFeedbackAttachments } from '../../src/services/attachments.ts';
import type { Db } from '../../src/store/db.ts';
import { insertAttachments, listAttachments, markAttachment, pendingAttachments } from '../../src/store/feedback-attachments.ts';
import { makeSamplePdf, makeSamplePng } from '../../src/zalo/simulator/sample-files.ts';
import { ENGINES, openTestDb } from '../helpers/db.ts';
import { makeDocx } from '../helpers/office-files.ts';

/**
 * Attachment storage end to end: a real HTTP server on loopback stands in for Zalo's file links (good files,
 * oversized and disguised ones, a server that hangs, one that fails once), files land in a temporary
 * ATTACHMENT_DIR, and the signed file route serves them back — on PGlite and PostgreSQL.
 */

const KB = 1024;
const png = makeSamplePng();
const pdf = makeSamplePdf();
const log = createLogger('silent');

interface TOrigin {
  url: string;
  hits: Map<string, number>;
  /** bytes the endless body wrote before the client went away */
  endless: { sent: number; closed: boolean };
  close(): Promise<void>;
}

async function startOrigin(): Promise<TOrigin> {
  const hits = new Map<string, number>();
  const endless = { sent: 0, closed: false };
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const p = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(p, (hits.get(p) ?? 0) + 1);
    const send = (type: string, body: Buffer) => { res.writeHead(200, { 'content-type': type, 'content-length': body.length }); res.end(body); };
    switch (p) {
      case '/sample.png': return send('image/png', png);
      case '/sample.pdf': return send('application/pdf', pdf);
      case '/don.docx': return send('application/octet-stream', makeDocx());
      case '/photo.jpg': return send('image/jpeg', Buffer.from('<!DOCTYPE html><html><body><h1>Không phải ảnh</h1><script>alert(1)</script></body></html>'));
      case '/setup.exe': return send('image/jpeg', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(4096)]));
      case '/empty.png': return send('image/png', Buffer.alloc(0));
      case '/gone.png': res.writeHead(404, { 'content-type': 'text/plain' }); return void res.end('not found');
      case '/redirect.png': res.writeHead(302, { location: '/sample.png' }); return void res.end();
      case '/redirect-file': res.writeHead(302, { location: 'file:///etc/passwd' }); return void res.end();
      case '/flaky.png':
        if (hits.get(p) === 1) { res.writeHead(503); return void res.end('busy'); }
        return send('image/png', png);
      case '/declared-huge.png':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': 50 * 1024 * 1024 });
        return void res.write(png.subarray(0, 16));
      case '/endless.png': {
        // A valid PNG start, then zeros forever (no Content-Length): the client must stop reading by itself.
        res.writeHead(200, { 'content-type': 'image/png' });
        res.on('close', () => { endless.closed = true; });
        const chunk = Buffer.alloc(64 * KB);
        let first = true;
        const pump = () => {
          while (!res.destroyed && endless.sent < 64 * 1024 * 1024) {
            const c = first ? Buffer.concat([png.subarray(0, 8), chunk]) : chunk;
            first = false;
            endless.sent += c.length;
            if (!res.write(c)) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end();
        };
        return pump();
      }
      case '/hang.png':
        hanging.add(res);
        return; // never answers
      default:
        res.writeHead(404);
        res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    endless,
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on loopback where nothing listens. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** GET with the path sent exactly as written (no client-side normalisation of '..' or %2F). */
function rawGet(port: number, rawPath: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
    });
    req.on('error', reject);
    req.end();
  });
}

let origin: TOrigin;
let root: string;
beforeAll(async () => {
  origin = await startOrigin();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'motcua-att-'));
});
afterAll(async () => {
  await origin?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('fetchToStorage', () => {
  let dir: string;
  beforeAll(() => { dir = path.join(root, 'fetch'); });
  const opts = (relName: string, o: Partial<{ maxBytes: number; timeoutMs: number; label: string }> = {}) =>
    ({ dir, relName, maxBytes: o.maxBytes ?? 256 * KB, timeoutMs: o.timeoutMs ?? 5000, label: o.label });
  const leftovers = (sub: string) => (fs.existsSync(path.join(dir, sub)) ? fs.readdirSync(path.join(dir, sub)).filter((f) => f.endsWith('.part')) : []);

  it('downloads a real PNG, names it by its detected type and records its digest', async () => {
    const r = await fetchToStorage(`${origin.url}/sample.png`, opts('PA-2406-0001/1-anh'));
    expect(r).toEqual({ ok: true, storedPath: 'PA-2406-0001/1-anh.png', mime: 'image/png', sizeBytes: png.length, sha256: createHash('sha256').update(png).digest('hex') });
    expect(fs.readFileSync(path.join(dir, 'PA-2406-0001/1-anh.png')).equals(png)).toBe(true);
  });

  it('downloads PDF and DOCX documents, and follows a redirect', async () => {
    expect(await fetchToStorage(`${origin.url}/sample.pdf`, opts('PA-2406-0001/2-to-khai'))).toMatchObject({ ok: true, storedPath: 'PA-2406-0001/2-to-khai.pdf', mime: 'application/pdf' });
    expect(await fetchToStorage(`${origin.url}/don.docx`, opts('PA-2406-0001/3-don'))).toMatchObject({ ok: true, storedPath: 'PA-2406-0001/3-don.docx' });
    expect(await fetchToStorage(`${origin.url}/redirect.png`, opts('PA-2406-0001/4-anh'))).toMatchObject({ ok: true, storedPath: 'PA-2406-0001/4-anh.png' });
  });

  it('stops reading an endless body as soon as it passes the limit', async () => {
    const r = await fetchToStorage(`${origin.url}/endless.png`, opts('PA-2406-0002/1-anh', { maxBytes: 256 * KB, label: 'Ảnh thứ 2' }));
    expect(r).toMatchObject({ ok: false, status: 'rejected', code: 'too-large', retryable: false, reason: 'Ảnh thứ 2 lớn hơn 256 KB nên không được lưu.' });
    await expect.poll(() => origin.endless.closed).toBe(true);
    // The server would have sent 64 MB; only what the socket buffers held beyond the limit went out.
    expect(origin.endless.sent).toBeLessThan(16 * 1024 * 1024);
    expect(fs.existsSync(path.join(dir, 'PA-2406-0002/1-anh.png'))).toBe(false);
    expect(leftovers('PA-2406-0002')).toEqual([]);
  });

  it('refuses a body announced larger than the limit without reading it', async () => {
    const r = await fetchToStorage(`${origin.url}/declared-huge.png`, opts('PA-2406-0002/2-anh', { maxBytes: 10 * 1024 * 1024, label: 'Ảnh thứ 2' }));
    expect(r).toMatchObject({ ok: false, status: 'rejected', code: 'too-large', reason: 'Ảnh thứ 2 lớn hơn 10 MB nên không được lưu.' });
  });

  it('refuses an HTML page served as a .jpg, an executable, and an empty file', async () => {
    const html = await fetchToStorage(`${origin.url}/photo.jpg`, opts('PA-2406-0003/1-photo', { label: 'Tệp “photo.jpg”' }));
    expect(html).toMatchObject({ ok: false, status: 'rejected', code: 'type', retryable: false, reason: 'Tệp “photo.jpg” không thuộc loại được nhận (ảnh JPG, PNG, WebP, GIF; tài liệu PDF, DOC, DOCX, XLS, XLSX).' });
    expect(await fetchToStorage(`${origin.url}/setup.exe`, opts('PA-2406-0003/2-setup', { label: 'Tệp “x.exe”' })))
      .toMatchObject({ status: 'rejected', code: 'type', reason: 'Tệp “x.exe” không thuộc loại được nhận (ảnh JPG, PNG, WebP, GIF; tài liệu PDF, DOC, DOCX, XLS, XLSX).' });
    expect(await fetchToStorage(`${origin.url}/empty.png`, opts('PA-2406-0003/3-anh'))).toMatchObject({ status: 'rejected', code: 'empty' });
    expect(fs.existsSync(path.join(dir, 'PA-2406-0003')) ? fs.readdirSync(path.join(dir, 'PA-2406-0003')) : []).toEqual([]);
  });

  it('gives up on a server that hangs after the timeout, as a retryable failure', async () => {
    const started = Date.now();
    const r = await fetchToStorage(`${origin.url}/hang.png`, opts('PA-2406-0004/1-anh', { timeoutMs: 300 }));
    expect(r).toMatchObject({ ok: false, status: 'failed', code: 'timeout', retryable: true });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports an unreachable host as a retryable network failure', async () => {
    const port = await closedPort();
    const r = await fetchToStorage(`http://127.0.0.1:${port}/a.png`, opts('PA-2406-0004/2-anh', { label: 'Ảnh bạn gửi' }));
    expect(r).toMatchObject({ ok: false, status: 'failed', code: 'network', retryable: true, detail: 'ECONNREFUSED', reason: 'Ảnh bạn gửi chưa tải về được do lỗi kết nối; xin gửi lại tệp này.' });
    const dns = await fetchToStorage('http://khong-ton-tai.invalid/a.png', opts('PA-2406-0004/3-anh', { timeoutMs: 3000 }));
    expect(dns).toMatchObject({ ok: false, status: 'failed', retryable: true });
  });

  it('treats an expired link (404) as final, and refuses other schemes, also behind a redirect', async () => {
    expect(await fetchToStorage(`${origin.url}/gone.png`, opts('PA-2406-0005/1-anh', { label: 'Ảnh thứ 1' })))
      .toMatchObject({ ok: false, status: 'failed', code: 'http', retryable: false, reason: 'Ảnh thứ 1 không còn tải về được (đường dẫn đã hết hạn); xin gửi lại tệp này.' });
    expect(await fetchToStorage('file:///etc/passwd', opts('PA-2406-0005/2-x'))).toMatchObject({ status: 'failed', code: 'bad-url', retryable: false });
    expect(await fetchToStorage('not a url', opts('PA-2406-0005/3-x'))).toMatchObject({ status: 'failed', code: 'bad-url', retryable: false });
    expect(await fetchToStorage(`${origin.url}/redirect-file`, opts('PA-2406-0005/4-x'))).toMatchObject({ status: 'failed', code: 'redirect', retryable: false });
  });
});

async function insertItem(db: Db, code: string): Promise<void> {
  await db.query(
    `INSERT INTO feedback_items (code, source, channel, content, unit_code, status, received_date)
     VALUES ($1, 'city', 'zalo', 'Đường Nguyễn Trung Trực ngập nước sau mưa, xin kiểm tra cống thoát nước.', 'PQ', 'received', '2024-06-20')`,
    [code],
  );
}

describe.each(ENGINES)('feedback attachments on %s', (engine) => {
  let db: Db;
  let dir: string;
  beforeAll(async () => {
    db = await openTestDb(engine);
    dir = path.join(root, `store-${engine}`);
  });
  afterAll(async () => { await db?.close(); });

  it('inserts attachments with seq 1..n, once', async () => {
    await insertItem(db, 'PA-2406-0100');
    const list = [
      { kind: 'image' as const, sourceUrl: `${origin.url}/sample.png` },
      { kind: 'file' as const, sourceUrl: `${origin.url}/sample.pdf`, originalName: 'Tờ khai.pdf', mime: 'pdf', sizeBytes: pdf.length },
    ];
    expect(await insertAttachments(db, 'PA-2406-0100', list)).toBe(2);
    expect(await insertAttachments(db, 'PA-2406-0100', list)).toBe(0);
    expect(await listAttachments(db, 'PA-2406-0100')).toEqual([
      { seq: 1, kind: 'image', sourceUrl: `${origin.url}/sample.png`, originalName: null, storedPath: null, mime: null, sizeBytes: null, status: 'pending', reason: null, sha256: null },
      { seq: 2, kind: 'file', sourceUrl: `${origin.url}/sample.pdf`, originalName: 'Tờ khai.pdf', storedPath: null, mime: 'pdf', sizeBytes: pdf.length, status: 'pending', reason: null, sha256: null },
    ]);
    expect((await pendingAttachments(db, 'PA-2406-0100')).map((a) => a.seq)).toEqual([1, 2]);
  });

  it('keeps stored and rejected rows final', async () => {
    await insertItem(db, 'PA-2406-0101');
    await insertAttachments(db, 'PA-2406-0101', [{ kind: 'image' }, { kind: 'image' }]);
    expect(await markAttachment(db, 'PA-2406-0101', 1, { status: 'stored', storedPath: 'PA-2406-0101/1-anh.png', mime: 'image/png', sizeBytes: 10, sha256: 'ab' })).toBe(true);
    expect(await markAttachment(db, 'PA-2406-0101', 1, { status: 'failed', reason: 'x' })).toBe(false);
    expect(await markAttachment(db, 'PA-2406-0101', 2, { status: 'failed', reason: 'Lỗi' })).toBe(true);
    expect(await markAttachment(db, 'PA-2406-0101', 2, { status: 'stored', storedPath: 'PA-2406-0101/2-anh.png' })).toBe(true);
    const rows = await listAttachments(db, 'PA-2406-0101');
    expect(rows.map((r) => [r.status, r.storedPath, r.reason])).toEqual([['stored', 'PA-2406-0101/1-anh.png', null], ['stored', 'PA-2406-0101/2-anh.png', null]]);
    await expect(markAttachment(db, 'PA-2406-0101', 1, { status: 'stored' })).rejects.toThrow(/storedPath/);
  });

  it('stores an item\'s attachments once, retries what failed, and is safe to run again', async () => {
    const code = 'PA-2406-0102';
    origin.hits.clear();
    await insertItem(db, code);
    const list = [
      { kind: 'image' as const, sourceUrl: `${origin.url}/sample.png` },
      { kind: 'image' as const, sourceUrl: `${origin.url}/photo.jpg` },
      { kind: 'image' as const, sourceUrl: `${origin.url}/flaky.png` },
      { kind: 'file' as const, sourceUrl: `${origin.url}/sample.pdf`, originalName: 'Tờ khai đăng ký khai sinh.pdf' },
      { kind: 'file' as const, sourceUrl: `${origin.url}/gone.png`, originalName: 'bản chụp.png' },
      { kind: 'file' as const, originalName: 'tải trực tiếp.pdf' }, // a direct upload: no URL, not this function's job
    ];
    await insertAttachments(db, code, list);

    // First run: the flaky link answers 503 → left pending, the run throws after handling the others.
    const first = await storeFeedbackAttachments(db, code, { dir, maxBytes: 256 * KB, log, timeoutMs: 5000 }).then(
      () => { throw new Error('expected a retry error'); },
      (e: unknown) => e,
    );
    expect(first).toBeInstanceOf(AttachmentRetryError);
    expect((first as AttachmentRetryError).summary).toEqual({
      stored: 2,
      rejected: [{ seq: 2, reason: 'Ảnh thứ 2 không thuộc loại được nhận (ảnh JPG, PNG, WebP, GIF; tài liệu PDF, DOC, DOCX, XLS, XLSX).' }],
      failed: [
        { seq: 3, reason: 'Ảnh thứ 3 chưa tải về được do lỗi kết nối; xin gửi lại tệp này.', willRetry: true },
        { seq: 5, reason: 'Tệp “bản chụp.png” không còn tải về được (đường dẫn đã hết hạn); xin gửi lại tệp này.', willRetry: false },
      ],
    });
    let rows = await listAttachments(db, code);
    expect(rows.map((r) => r.status)).toEqual(['stored', 'rejected', 'pending', 'stored', 'failed', 'pending']);

    // Second run (the queue's retry): only the pending row with a URL is fetched.
    expect(await storeFeedbackAttachments(db, code, { dir, maxBytes: 256 * KB, log })).toEqual({ stored: 1, rejected: [], failed: [] });
    // Third run: nothing left to do, nothing fetched.
    expect(await storeFeedbackAttachments(db, code, { dir, maxBytes: 256 * KB, log })).toEqual({ stored: 0, rejected: [], failed: [] });
    expect(Object.fromEntries(origin.hits)).toEqual({ '/sample.png': 1, '/photo.jpg': 1, '/flaky.png': 2, '/sample.pdf': 1, '/gone.png': 1 });

    rows = await listAttachments(db, code);
    expect(rows.map((r) => r.status)).toEqual(['stored', 'rejected', 'stored', 'stored', 'failed', 'pending']);
    expect(rows.map((r) => r.storedPath)).toEqual([`${code}/1-anh.png`, null, `${code}/3-anh.png`, `${code}/4-Tờ-khai-đăng-ký-khai-sinh.pdf`, null, null]);
    expect(rows[0]).toMatchObject({ mime: 'image/png', sizeBytes: png.length, sha256: createHash('sha256').update(png).digest('hex') });
    expect(rows[3]).toMatchObject({ mime: 'application/pdf', sizeBytes: pdf.length });
    expect(fs.readdirSync(path.join(dir, code)).sort()).toEqual(['1-anh.png', '3-anh.png', '4-Tờ-khai-đăng-ký-khai-sinh.pdf'].sort());

    // Inserting the same list again (a retried filing job) adds nothing.
    expect(await insertAttachments(db, code, list)).toBe(0);
  });

  it('records retryable failures as final on the queue\'s last attempt', async () => {
    const code = 'PA-2406-0103';
    await insertItem(db, code);
    await insertAttachments(db, code, [{ kind: 'image', sourceUrl: `${origin.url}/hang.png` }]);
    const r = await storeFeedbackAttachments(db, code, { dir, maxBytes: 256 * KB, log, timeoutMs: 200, finalAttempt: true });
    expect(r).toEqual({ stored: 0, rejected: [], failed: [{ seq: 1, reason: 'Ảnh bạn gửi tải về quá lâu nên chưa được lưu; xin gửi lại tệp này.', willRetry: false }] });
    expect((await listAttachments(db, code))[0]).toMatchObject({ status: 'failed', reason: 'Ảnh bạn gửi tải về quá lâu nên chưa được lưu; xin gửi lại tệp này.' });
  });

  describe('the signed file route', () => {
    const secret = 'integration-file-link-secret-0123456789';
    let server: http.Server;
    let port: number;
    let clock = Date.now();
    const code = 'PA-2406-0200';
    const link = (c: string, seq: number, o: { ttl?: number; s?: string } = {}) => {
      const u = new URL(signFileUrl('http://x', c, seq, { secret: o.s ?? secret, ttlSeconds: o.ttl ?? 600, now: clock }));
      return `${u.pathname}${u.search}`;
    };
    const query = (c: string, seq: number) => new URL(`http://x${link(c, seq)}`).search;

    beforeAll(async () => {
      await insertItem(db, code);
      await insertAttachments(db, code, [
        { kind: 'image', sourceUrl: `${origin.url}/sample.png` },
        { kind: 'file', sourceUrl: `${origin.url}/sample.pdf`, originalName: 'Tờ khai.pdf' },
        { kind: 'image', sourceUrl: `${origin.url}/photo.jpg` },
        { kind: 'image' }, // pending
        { kind: 'file' }, // stored_path with '..' (a damaged row)
        { kind: 'file' }, // a symbolic link out of the folder
        { kind: 'file' }, // an absolute stored path
      ]);
      await storeFeedbackAttachments(db, code, { dir, maxBytes: 256 * KB, log });
      fs.writeFileSync(path.join(root, 'secret.txt'), 'TOP SECRET outside the attachment folder');
      fs.symlinkSync(path.join(root, 'secret.txt'), path.join(dir, code, '6-link.pdf'));
      await markAttachment(db, code, 5, { status: 'stored', storedPath: '../secret.txt', mime: 'application/pdf' });
      await markAttachment(db, code, 6, { status: 'stored', storedPath: `${code}/6-link.pdf`, mime: 'application/pdf' });
      await markAttachment(db, code, 7, { status: 'stored', storedPath: path.join(root, 'secret.txt'), mime: 'application/pdf' });
      const app = express();
      app.use(fileRouter({ db, dir, secret, log, now: () => clock }));
      server = app.listen(0, '127.0.0.1');
      await new Promise<void>((resolve) => server.once('listening', () => resolve()));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(async () => {
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    });

    it('serves a stored image inline with its detected type and nosniff', async () => {
      const r = await rawGet(port, link(code, 1));
      expect(r.status).toBe(200);
      expect(r.body.equals(png)).toBe(true);
      expect(r.headers['content-type']).toBe('image/png');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['content-disposition']).toMatch(/^inline; /);
    });

    it('serves a document as a download under its Vietnamese name', async () => {
      const r = await rawGet(port, link(code, 2));
      expect(r.status).toBe(200);
      expect(r.body.equals(pdf)).toBe(true);
      expect(r.headers['content-type']).toBe('application/pdf');
      expect(r.headers['content-disposition']).toBe(`attachment; filename="To-khai.pdf"; filename*=UTF-8''${encodeURIComponent('Tờ-khai.pdf')}`);
    });

    it('answers 403 with a Vietnamese message for missing, forged, borrowed and expired signatures', async () => {
      const good = new URL(`http://x${link(code, 1)}`).searchParams;
      const cases = [
        `/files/${code}/1`,
        `/files/${code}/1?exp=${good.get('exp')}`,
        `/files/${code}/1?exp=${good.get('exp')}&sig=${'A'.repeat(43)}`,
        `/files/${code}/1?exp=${Number(good.get('exp')) + 86400}&sig=${good.get('sig')}`,
        `/files/${code}/2${query(code, 1)}`, // the signature of another file
        link(code, 1, { s: 'another-secret-of-the-same-length-xxxxx' }),
      ];
      for (const c of cases) {
        const r = await rawGet(port, c);
        expect(r.status, c).toBe(403);
        expect(JSON.parse(r.body.toString('utf8')).error).toBe('Đường dẫn tới tệp không hợp lệ. Xin mở tệp từ tin nhắn hoặc trang quản lý phản ánh.');
      }
      const expiring = link(code, 1, { ttl: 60 });
      clock += 61_000;
      const r = await rawGet(port, expiring);
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body.toString('utf8')).error).toMatch(/^Đường dẫn tới tệp đã hết hạn/);
      expect((await rawGet(port, link(code, 1))).status).toBe(200); // a fresh link works
    });

    it('serves only stored rows', async () => {
      expect((await rawGet(port, link(code, 3))).status).toBe(404); // rejected
      expect((await rawGet(port, link(code, 4))).status).toBe(404); // pending
      expect((await rawGet(port, link(code, 99))).status).toBe(404);
      expect((await rawGet(port, link('PA-2406-9999', 1))).status).toBe(404);
    });

    it('cannot be made to read outside the attachment folder', async () => {
      const attempts = [
        link(code, 5), // stored_path '../secret.txt', validly signed
        link(code, 6), // a symbolic link inside the folder pointing out of it
        link(code, 7), // an absolute stored_path
        link('../../secret.txt', 1), // encoded as ..%2F..%2Fsecret.txt, validly signed
        `/files/..%2F..%2Fsecret.txt/1${query('../../secret.txt', 1)}`,
        `/files/%2e%2e%2f%2e%2e%2fsecret.txt/1${query('../../secret.txt', 1)}`,
        `/files/${code}/..%2F..%2Fsecret.txt${query(code, 1)}`,
        `/files/${code}/1%2F..%2F..%2F..%2Fsecret.txt${query(code, 1)}`,
        `/files/../../secret.txt${query(code, 1)}`,
        `/files/${code}/../../../secret.txt`,
        `/files/%2e%2e/1${query('..', 1)}`,
      ];
      for (const a of attempts) {
        const r = await rawGet(port, a);
        expect(r.status, a).not.toBe(200);
        expect(r.body.toString('utf8'), a).not.toContain('TOP SECRET');
      }
    });
  });
});
