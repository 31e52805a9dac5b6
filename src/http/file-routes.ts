import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import express, { type Router } from 'express';
import type { Logger } from '../log.ts';
import { ACCEPTED_MIMES, resolveStoredPath, sanitiseName } from '../services/attachments.ts';
import type { Db } from '../store/db.ts';
import { getAttachment } from '../store/feedback-attachments.ts';

/**
 * Signed links to stored attachments of feedback items, for officers (chat, API, report) and for Zalo's image
 * fetcher: `/files/<code>/<seq>?exp=<unix seconds>&sig=<base64url HMAC-SHA256 of "code\nseq\nexp">`. The link is
 * the permission: whoever holds it may open that one file until it expires.
 */

export type TSecret = string | Buffer;

function signature(secret: TSecret, code: string, seq: number, exp: number): string {
  return createHmac('sha256', secret).update(`${code}\n${seq}\n${exp}`, 'utf8').digest('base64url');
}

export function signFileUrl(
  baseUrl: string,
  code: string,
  seq: number,
  o: { secret: TSecret; ttlSeconds: number; now?: number | Date },
): string {
  const nowMs = o.now === undefined ? Date.now() : typeof o.now === 'number' ? o.now : o.now.getTime();
  const exp = Math.floor(nowMs / 1000) + Math.max(1, Math.floor(o.ttlSeconds));
  const sig = signature(o.secret, code, seq, exp);
  return `${baseUrl.replace(/\/+$/, '')}/files/${encodeURIComponent(code)}/${seq}?exp=${exp}&sig=${sig}`;
}

export type TLinkCheck = 'ok' | 'bad' | 'expired';

/** Checks a link's signature (constant time) and then its expiry. */
export function verifyFileSignature(code: string, seq: number, exp: unknown, sig: unknown, o: { secret: TSecret; now?: number }): TLinkCheck {
  if (typeof exp !== 'string' || !/^\d{1,12}$/.test(exp) || typeof sig !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return 'bad';
  const expected = Buffer.from(signature(o.secret, code, seq, Number(exp)), 'utf8');
  const given = Buffer.from(sig, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad';
  return Number(exp) * 1000 < (o.now ?? Date.now()) ? 'expired' : 'ok';
}

export interface TFileRouteDeps {
  db: Db;
  /** ATTACHMENT_DIR */
  dir: string;
  secret: TSecret;
  log?: Logger;
  /** clock, for tests */
  now?: () => number;
}

const MESSAGES = {
  bad: 'Đường dẫn tới tệp không hợp lệ. Xin mở tệp từ tin nhắn hoặc trang quản lý phản ánh.',
  expired: 'Đường dẫn tới tệp đã hết hạn. Xin mở lại tệp từ tin nhắn hoặc trang quản lý phản ánh để có đường dẫn mới.',
  notFound: 'Không tìm thấy tệp.',
};

/** RFC 6266: an ASCII fallback and the UTF-8 name. */
function contentDisposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * GET /files/:code/:seq — a stored attachment, for a valid, unexpired signature (403 otherwise). Only `stored`
 * rows are served, from the path recorded in the database, which must resolve (symbolic links included) inside
 * `dir`. Images open in the browser, documents download; the type is the detected one and never sniffed.
 */
export function fileRouter(deps: TFileRouteDeps): Router {
  const router = express.Router();
  const root = path.resolve(deps.dir);
  const now = deps.now ?? Date.now;

  router.get('/files/:code/:seq', async (req, res) => {
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Cache-Control', 'private, no-store');
    const code = req.params.code;
    const seqText = req.params.seq;
    if (!/^[1-9]\d{0,8}$/.test(seqText)) return void res.status(404).json({ error: MESSAGES.notFound });
    const seq = Number(seqText);
    const check = verifyFileSignature(code, seq, req.query.exp, req.query.sig, { secret: deps.secret, now: now() });
    if (check !== 'ok') return void res.status(403).json({ error: MESSAGES[check] });

    const att = await getAttachment(deps.db, code, seq);
    if (!att || att.status !== 'stored' || !att.storedPath) return void res.status(404).json({ error: MESSAGES.notFound });
    const full = resolveStoredPath(root, att.storedPath);
    const real = full ? await fsp.realpath(full).catch(() => undefined) : undefined;
    const realRoot = await fsp.realpath(root).catch(() => root);
    const rel = real ? path.relative(realRoot, real) : '..';
    if (!real || rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) {
      deps.log?.warn({ code, seq }, full ? 'stored attachment file is missing or outside the attachment folder' : 'stored attachment path refused');
      return void res.status(404).json({ error: MESSAGES.notFound });
    }
    const stat = await fsp.stat(real).catch(() => undefined);
    if (!stat?.isFile()) return void res.status(404).json({ error: MESSAGES.notFound });

    const mime = att.mime && ACCEPTED_MIMES.has(att.mime) ? att.mime : 'application/octet-stream';
    const ext = path.extname(real);
    const stem = att.originalName ? sanitiseName(att.originalName.replace(/\.[\p{L}\p{N}]{1,5}$/u, ''), `${code}-${seq}`) : `${code}-${seq}`;
    res.status(200);
    res.set('Content-Type', mime);
    res.set('Content-Length', String(stat.size));
    res.set('Content-Disposition', contentDisposition(mime.startsWith('image/') ? 'inline' : 'attachment', `${stem}${ext}`));
    if (req.method === 'HEAD') return void res.end();
    const stream = fs.createReadStream(real);
    stream.on('error', (err) => {
      deps.log?.error({ err, code, seq }, 'reading a stored attachment failed');
      res.destroy(err);
    });
    stream.pipe(res);
  });

  return router;
}
