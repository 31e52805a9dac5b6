import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { listAttachments, markAttachment, type TAttachmentRow } from '../store/feedback-attachments.ts';

/**
 * Attachments of feedback items: copied from Zalo's expiring links (or taken from a direct upload) into storage the
 * product controls, ATTACHMENT_DIR. Nothing is trusted about a file but its bytes: the type is read from its first
 * bytes (and, for Office files, from the ZIP or OLE directory), the size is counted while it streams, and only the
 * types below are kept. Files land at `<dir>/<code>/<seq>-<name>.<ext of the detected type>`, written to a
 * temporary file first and renamed into place, so a reader never sees half a file.
 */

export const ACCEPTED_TYPES = {
  jpg: { mime: 'image/jpeg', image: true },
  png: { mime: 'image/png', image: true },
  webp: { mime: 'image/webp', image: true },
  gif: { mime: 'image/gif', image: true },
  pdf: { mime: 'application/pdf', image: false },
  doc: { mime: 'application/msword', image: false },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', image: false },
  xls: { mime: 'application/vnd.ms-excel', image: false },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', image: false },
} as const;
export type TFileExt = keyof typeof ACCEPTED_TYPES;
export const ACCEPTED_MIMES: ReadonlySet<string> = new Set(Object.values(ACCEPTED_TYPES).map((t) => t.mime));

export const ACCEPTED_TYPES_TEXT = 'ảnh JPG, PNG, WebP, GIF; tài liệu PDF, DOC, DOCX, XLS, XLSX';

export type TStoreFailure = {
  ok: false;
  /** rejected: the file itself is refused (size, type), final; failed: it could not be fetched */
  status: 'rejected' | 'failed';
  /** Vietnamese, for the citizen */
  reason: string;
  /** true when trying again later may succeed (network error, timeout, 5xx) */
  retryable: boolean;
  /** for logs and tests */
  code: 'too-large' | 'type' | 'macro' | 'empty' | 'bad-url' | 'http' | 'network' | 'timeout' | 'redirect';
  detail?: string;
};
export type TStoreResult =
  | { ok: true; storedPath: string; mime: string; sizeBytes: number; sha256: string }
  | TStoreFailure;

// ---------------------------------------------------------------------------------------------------------------
// Wording (Vietnamese, for the citizen)

/** "10 MB", "1,5 MB", "512 KB" */
export function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${(Math.round(mb * 10) / 10).toString().replace('.', ',')} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function shortName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  const chars = Array.from(clean);
  return chars.length <= 60 ? clean : `${chars.slice(0, 59).join('')}…`;
}

/**
 * How a reason names the attachment: «Tệp “to-khai.pdf”», «Ảnh thứ 2», or «Ảnh bạn gửi» when it is the only one
 * of its kind. `index` is its position among the attachments of the same kind (1-based), `ofKind` their number.
 */
export function attachmentLabel(a: { kind: 'image' | 'file'; originalName?: string | null; index?: number; ofKind?: number }): string {
  const noun = a.kind === 'image' ? 'Ảnh' : 'Tệp';
  const name = a.originalName ? shortName(a.originalName) : '';
  if (name) return `${noun} “${name}”`;
  if (a.index === undefined || a.ofKind === 1) return `${noun} bạn gửi`;
  return `${noun} thứ ${a.index}`;
}

const reasons = {
  tooLarge: (label: string, maxBytes: number) => `${label} lớn hơn ${formatSize(maxBytes)} nên không được lưu.`,
  type: (label: string) => `${label} không thuộc loại được nhận (${ACCEPTED_TYPES_TEXT}).`,
  macro: (label: string) => `${label} có chứa macro nên không được nhận; xin lưu lại thành PDF (hoặc DOCX, XLSX không có macro) rồi gửi lại.`,
  empty: (label: string) => `${label} không có nội dung nên không được lưu.`,
  badUrl: (label: string) => `${label} có đường dẫn không hợp lệ nên không được lưu.`,
  gone: (label: string) => `${label} không còn tải về được (đường dẫn đã hết hạn); xin gửi lại tệp này.`,
  network: (label: string) => `${label} chưa tải về được do lỗi kết nối; xin gửi lại tệp này.`,
  timeout: (label: string) => `${label} tải về quá lâu nên chưa được lưu; xin gửi lại tệp này.`,
};

// ---------------------------------------------------------------------------------------------------------------
// Names and paths

/**
 * A safe file-name part: NFC, no path separators, no control or reserved characters, no '..', no leading dot,
 * at most `max` characters (default 80); `fallback` when nothing is left.
 */
export function sanitiseName(name: string, fallback = 'tep', max = 80): string {
  let s = name.normalize('NFC');
  s = s.replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '-'); // separators, spaces, controls, reserved characters
  s = s.replace(/\.{2,}/g, '.').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  s = Array.from(s).slice(0, max).join('').replace(/[-.]+$/, '');
  return s || fallback;
}

/**
 * The stored path of an attachment without its extension (added from the detected type):
 * `<code>/<seq>-<name>`, the original name's extension dropped.
 */
export function attachmentRelName(code: string, seq: number, originalName: string | null | undefined, kind: 'image' | 'file'): string {
  const fallback = kind === 'image' ? 'anh' : 'tep';
  const stem = originalName ? originalName.normalize('NFC').replace(/\.[\p{L}\p{N}]{1,5}$/u, '') : '';
  return `${sanitiseName(code, 'ma')}/${seq}-${sanitiseName(stem, fallback)}`;
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/**
 * The absolute path of a stored file, or undefined when the relative path would leave `dir` (an absolute path,
 * '..', a NUL byte). Symbolic links are not followed here; the file route also compares real paths.
 */
export function resolveStoredPath(dir: string, rel: string): string | undefined {
  if (!rel || rel.includes('\0') || rel.includes('\\') || path.isAbsolute(rel)) return undefined;
  if (rel.split('/').some((seg) => seg === '' || seg === '.' || seg === '..')) return undefined;
  const root = path.resolve(dir);
  const full = path.resolve(root, rel);
  return isInside(root, full) ? full : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Type detection from the bytes

const SIG = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpg: [0xff, 0xd8, 0xff],
  gif87: [...Buffer.from('GIF87a', 'latin1')],
  gif89: [...Buffer.from('GIF89a', 'latin1')],
  // RIFF....WEBP: the length bytes in the middle may be anything
  webp: [0x52, 0x49, 0x46, 0x46, -1, -1, -1, -1, 0x57, 0x45, 0x42, 0x50],
  pdf: [...Buffer.from('%PDF-', 'latin1')],
  zip: [0x50, 0x4b, 0x03, 0x04],
  ole: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
} as const;
type TFamily = 'png' | 'jpg' | 'gif' | 'webp' | 'pdf' | 'zip' | 'ole';
const FAMILY_OF: Record<keyof typeof SIG, TFamily> = { png: 'png', jpg: 'jpg', gif87: 'gif', gif89: 'gif', webp: 'webp', pdf: 'pdf', zip: 'zip', ole: 'ole' };
/** Bytes needed to tell every family apart. */
export const HEAD_BYTES = 12;

function matches(head: Buffer, sig: readonly number[], partial: boolean): boolean {
  if (!partial && head.length < sig.length) return false;
  const n = Math.min(head.length, sig.length);
  for (let i = 0; i < n; i++) if (sig[i] !== -1 && head[i] !== sig[i]) return false;
  return true;
}

/**
 * The family a file's first bytes belong to; 'undecided' while fewer than HEAD_BYTES are known and one could still
 * match (`complete` = no more bytes will come); undefined when none can.
 */
export function familyOfHead(head: Buffer, complete: boolean): TFamily | 'undecided' | undefined {
  for (const [key, sig] of Object.entries(SIG) as [keyof typeof SIG, readonly number[]][]) {
    if (matches(head, sig, false)) return FAMILY_OF[key];
  }
  if (complete || head.length >= HEAD_BYTES) return undefined;
  return Object.values(SIG).some((sig) => matches(head, sig, true)) ? 'undecided' : undefined;
}

/** Random access to a file being judged: a buffer in memory or a file on disk. */
export interface TProbe {
  size: number;
  readAt(position: number, length: number): Promise<Buffer>;
  /** the whole content in order, in chunks */
  chunks(): AsyncIterable<Buffer>;
}

export function bufferProbe(buf: Buffer): TProbe {
  return {
    size: buf.length,
    readAt: async (pos, len) => buf.subarray(pos, pos + len),
    chunks: async function* () { yield buf; },
  };
}

function fileProbe(handle: fsp.FileHandle, file: string, size: number): TProbe {
  return {
    size,
    readAt: async (pos, len) => {
      const out = Buffer.alloc(Math.max(0, Math.min(len, size - pos)));
      let done = 0;
      while (done < out.length) {
        const { bytesRead } = await handle.read(out, done, out.length - done, pos + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return out.subarray(0, done);
    },
    chunks: () => fs.createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>,
  };
}

export type TDetection = { ok: true; ext: TFileExt; mime: string } | { ok: false; code: 'type' | 'macro' };

const MAX_CENTRAL_DIRECTORY = 8 * 1024 * 1024;

/** Entry names of a ZIP's central directory; undefined when it cannot be read (not a ZIP, ZIP64, damaged). */
async function zipEntryNames(p: TProbe): Promise<string[] | undefined> {
  const tailLen = Math.min(p.size, 22 + 0xffff);
  const tail = await p.readAt(p.size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) return undefined;
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdSize > MAX_CENTRAL_DIRECTORY || cdOffset + cdSize > p.size) return undefined;
  const cd = await p.readAt(cdOffset, cdSize);
  const names: string[] = [];
  let o = 0;
  while (o + 46 <= cd.length && cd.readUInt32LE(o) === 0x02014b50) {
    const nameLen = cd.readUInt16LE(o + 28);
    const extraLen = cd.readUInt16LE(o + 30);
    const commentLen = cd.readUInt16LE(o + 32);
    if (o + 46 + nameLen > cd.length) break;
    names.push(cd.subarray(o + 46, o + 46 + nameLen).toString('utf8'));
    o += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/**
 * Stream names of an OLE compound file (legacy DOC, XLS): its directory entries are 128-byte records aligned on
 * 128 bytes after the 512-byte header, the name in UTF-16LE with its byte length at 0x40 and the entry type at
 * 0x42. Scanning every aligned record avoids following the FAT chains and finds the same names.
 */
async function oleEntryNames(p: TProbe): Promise<Set<string>> {
  const names = new Set<string>();
  let offset = 0; // absolute offset of `carry`'s first byte
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of p.chunks()) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let start = offset < 512 ? Math.min(512 - offset, buf.length) : 0;
    while (start + 128 <= buf.length) {
      const len = buf.readUInt16LE(start + 0x40);
      const type = buf[start + 0x42];
      if (len >= 4 && len <= 64 && len % 2 === 0 && (type === 1 || type === 2 || type === 5)) {
        names.add(buf.subarray(start, start + len - 2).toString('utf16le'));
      }
      start += 128;
    }
    offset += start;
    carry = buf.subarray(start);
  }
  return names;
}

/** The real type of a file from its bytes; PDF and images by signature, Office files by their directory. */
export async function detectType(p: TProbe): Promise<TDetection> {
  const head = await p.readAt(0, HEAD_BYTES);
  const family = familyOfHead(head, true);
  switch (family) {
    case 'png': case 'jpg': case 'gif': case 'webp': case 'pdf':
      return { ok: true, ext: family, mime: ACCEPTED_TYPES[family].mime };
    case 'zip': {
      const names = await zipEntryNames(p);
      if (!names?.includes('[Content_Types].xml')) return { ok: false, code: 'type' };
      const word = names.some((n) => n.startsWith('word/'));
      const xl = names.some((n) => n.startsWith('xl/'));
      if (word === xl) return { ok: false, code: 'type' };
      if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) return { ok: false, code: 'macro' };
      const ext = word ? 'docx' : 'xlsx';
      return { ok: true, ext, mime: ACCEPTED_TYPES[ext].mime };
    }
    case 'ole': {
      const names = await oleEntryNames(p);
      const doc = names.has('WordDocument');
      const xls = names.has('Workbook') || names.has('Book');
      if (doc === xls) return { ok: false, code: 'type' };
      if (names.has('Macros') || names.has('_VBA_PROJECT_CUR') || names.has('_VBA_PROJECT')) return { ok: false, code: 'macro' };
      const ext = doc ? 'doc' : 'xls';
      return { ok: true, ext, mime: ACCEPTED_TYPES[ext].mime };
    }
    default:
      return { ok: false, code: 'type' };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

interface TTarget { absDir: string; relStem: string; absStem: string }

function target(dir: string, relName: string): TTarget {
  const absStem = resolveStoredPath(dir, relName);
  if (!absStem) throw new Error(`attachments: relName must be a relative path inside the attachment folder: ${JSON.stringify(relName)}`);
  return { absDir: path.dirname(absStem), relStem: relName, absStem };
}

async function openTemp(t: TTarget): Promise<{ handle: fsp.FileHandle; file: string }> {
  await fsp.mkdir(t.absDir, { recursive: true });
  const file = path.join(t.absDir, `.${path.basename(t.absStem)}.${randomBytes(6).toString('hex')}.part`);
  return { handle: await fsp.open(file, 'wx+', 0o640), file };
}

/** Flushes and renames the temporary file into place; returns the stored path relative to dir. */
async function commit(handle: fsp.FileHandle, tmp: string, t: TTarget, ext: TFileExt): Promise<string> {
  await handle.sync();
  await handle.close();
  await fsp.rename(tmp, `${t.absStem}.${ext}`);
  return `${t.relStem}.${ext}`;
}

const fail = (status: TStoreFailure['status'], code: TStoreFailure['code'], reason: string, retryable: boolean, detail?: string): TStoreFailure =>
  ({ ok: false, status, code, reason, retryable, ...(detail ? { detail } : {}) });

function refusal(d: { code: 'type' | 'macro' }, label: string): TStoreFailure {
  return d.code === 'macro' ? fail('rejected', 'macro', reasons.macro(label), false) : fail('rejected', 'type', reasons.type(label), false);
}

export interface TUploadOptions {
  dir: string;
  /** the stored path without extension, relative to dir (attachmentRelName) */
  relName: string;
  maxBytes: number;
  /** the name the citizen's device gave the file (for the reason; the stored name comes from relName) */
  declaredName?: string;
  /** how reasons name the file; default from declaredName */
  label?: string;
}

/** Stores a direct upload (mini-app) after the same size and type checks as a download. */
export async function storeUpload(buffer: Buffer, o: TUploadOptions): Promise<TStoreResult> {
  const label = o.label ?? attachmentLabel({ kind: 'file', originalName: o.declaredName });
  const t = target(o.dir, o.relName);
  if (buffer.length > o.maxBytes) return fail('rejected', 'too-large', reasons.tooLarge(label, o.maxBytes), false);
  if (buffer.length === 0) return fail('rejected', 'empty', reasons.empty(label), false);
  const kind = await detectType(bufferProbe(buffer));
  if (!kind.ok) return refusal(kind, label);
  const { handle, file } = await openTemp(t);
  let committed = false;
  try {
    await handle.writeFile(buffer);
    const storedPath = await commit(handle, file, t, kind.ext);
    committed = true;
    return { ok: true, storedPath, mime: kind.mime, sizeBytes: buffer.length, sha256: createHash('sha256').update(buffer).digest('hex') };
  } finally {
    if (!committed) {
      await handle.close().catch(() => {});
      await fsp.unlink(file).catch(() => {});
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Downloading

export interface TFetchOptions {
  dir: string;
  /** the stored path without extension, relative to dir (attachmentRelName) */
  relName: string;
  maxBytes: number;
  /** for the whole download: connection, headers and body */
  timeoutMs: number;
  /** how reasons name the file (attachmentLabel); default «Tệp bạn gửi» */
  label?: string;
  maxRedirects?: number;
}

const GONE_STATUSES = new Set([401, 403, 404, 410]);

function causeCode(err: unknown): string {
  const e = err as { cause?: { code?: string; message?: string }; code?: string; message?: string };
  return e.cause?.code ?? e.code ?? e.cause?.message ?? e.message ?? String(err);
}

/**
 * Downloads `url` (http or https only, redirects followed up to `maxRedirects` and checked the same way) into
 * `<dir>/<relName>.<ext>`. The body streams to a temporary file: it is abandoned as soon as it passes `maxBytes`
 * (or announces more in Content-Length) or its first bytes belong to no accepted type. Network errors, timeouts,
 * 408/429/5xx are `failed` and retryable; an expired link (401/403/404/410) is `failed` and final; size and type
 * are `rejected`. Filesystem errors throw.
 */
export async function fetchToStorage(url: string, o: TFetchOptions): Promise<TStoreResult> {
  const label = o.label ?? attachmentLabel({ kind: 'file' });
  const t = target(o.dir, o.relName);
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    return fail('failed', 'bad-url', reasons.badUrl(label), false, 'unparsable url');
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; controller.abort(); }, o.timeoutMs);
  let temp: { handle: fsp.FileHandle; file: string } | undefined;
  let committed = false;
  // A refusal decided while the body streams: the loop is left first, then the connection dropped.
  let early: TStoreFailure | undefined;
  try {
    let res: Response | undefined;
    for (let hop = 0; ; hop++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') {
        return fail('failed', hop === 0 ? 'bad-url' : 'redirect', reasons.badUrl(label), false, `protocol ${current.protocol}`);
      }
      res = await fetch(current, { redirect: 'manual', signal: controller.signal, headers: { accept: '*/*', 'user-agent': 'motcua-attachments/1' } });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel().catch(() => {});
        if (hop >= (o.maxRedirects ?? 5)) return fail('failed', 'redirect', reasons.badUrl(label), false, 'too many redirects');
        try {
          current = new URL(location, current);
        } catch {
          return fail('failed', 'redirect', reasons.badUrl(label), false, 'bad redirect location');
        }
        continue;
      }
      break;
    }
    if (res.status < 200 || res.status >= 300) {
      await res.body?.cancel().catch(() => {});
      if (GONE_STATUSES.has(res.status)) return fail('failed', 'http', reasons.gone(label), false, `HTTP ${res.status}`);
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      return fail('failed', 'http', retryable ? reasons.network(label) : reasons.gone(label), retryable, `HTTP ${res.status}`);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > o.maxBytes) {
      controller.abort();
      return fail('rejected', 'too-large', reasons.tooLarge(label, o.maxBytes), false, `content-length ${declared}`);
    }
    if (!res.body) return fail('rejected', 'empty', reasons.empty(label), false);

    temp = await openTemp(t);
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let decided = false;
    for await (const part of res.body) {
      const chunk = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
      size += chunk.length;
      if (size > o.maxBytes) {
        early = fail('rejected', 'too-large', reasons.tooLarge(label, o.maxBytes), false, `more than ${o.maxBytes} bytes`);
        break;
      }
      if (!decided) {
        head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES)]).subarray(0, HEAD_BYTES);
        const family = familyOfHead(head, false);
        if (family === undefined) {
          early = fail('rejected', 'type', reasons.type(label), false, 'unknown signature');
          break;
        }
        decided = family !== 'undecided';
      }
      hash.update(chunk);
      await temp.handle.write(chunk);
    }
    if (early) {
      controller.abort();
      return early;
    }
    if (size === 0) return fail('rejected', 'empty', reasons.empty(label), false);
    const kind = await detectType(fileProbe(temp.handle, temp.file, size));
    if (!kind.ok) return refusal(kind, label);
    const storedPath = await commit(temp.handle, temp.file, t, kind.ext);
    committed = true;
    return { ok: true, storedPath, mime: kind.mime, sizeBytes: size, sha256: hash.digest('hex') };
  } catch (err) {
    if (early) {
      controller.abort();
      return early;
    }
    if (timedOut) return fail('failed', 'timeout', reasons.timeout(label), true, `no complete answer within ${o.timeoutMs} ms`);
    if (isFetchError(err)) return fail('failed', 'network', reasons.network(label), true, causeCode(err));
    throw err;
  } finally {
    clearTimeout(timer);
    if (temp && !committed) {
      await temp.handle.close().catch(() => {});
      await fsp.unlink(temp.file).catch(() => {});
    }
  }
}

/** fetch's own failures (TypeError "fetch failed", aborts, a body cut short) as opposed to our filesystem's. */
function isFetchError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: string; message?: string; code?: string; cause?: unknown };
  if (e.name === 'AbortError') return true;
  if (e.name === 'TypeError' && (e.cause !== undefined || /fetch failed|terminated/.test(e.message ?? ''))) return true;
  const code = e.code ?? '';
  return code.startsWith('UND_ERR') || ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(code);
}

// ---------------------------------------------------------------------------------------------------------------
// Declared problems: what a Zalo file event says about itself, before anything is downloaded

const ACCEPTED_EXTS = new Set<string>([...Object.keys(ACCEPTED_TYPES), 'jpeg']);
const MIME_EXT = new Map<string, string>([...Object.entries(ACCEPTED_TYPES).map(([ext, t]) => [t.mime, ext] as const), ['image/jpg', 'jpg'], ['image/pjpeg', 'jpg']]);
const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'octet-stream', 'file', 'unknown']);

/** What a chat event's attachment declares about itself (src/zalo/events.ts TAttachment fits). */
export type TDeclaredAttachment = { type: string; name?: string; size?: number; mime?: string };

/**
 * For an attachment of a chat event (src/zalo/events.ts TAttachment): the Vietnamese reason it will be refused
 * when its payload already says so (declared size over `maxBytes`, a name or declared type outside the accepted
 * ones), so the chat can tell the citizen at once; undefined when nothing declared is wrong (the bytes are judged
 * again when it is stored). `index`: its position among the attachments of its kind, `ofKind`: their number.
 */
export function declaredAttachmentProblem(att: TDeclaredAttachment, o: { maxBytes: number; index?: number; ofKind?: number }): string | undefined {
  if (att.type !== 'image' && att.type !== 'file') return undefined;
  const label = attachmentLabel({ kind: att.type, originalName: att.name, index: o.index, ofKind: o.ofKind });
  if (att.size !== undefined && Number.isFinite(att.size) && att.size > o.maxBytes) return reasons.tooLarge(label, o.maxBytes);
  if (att.type === 'image') return undefined; // Zalo's image payload declares no type: the bytes decide
  const nameExt = /\.([\p{L}\p{N}]{1,10})$/u.exec(att.name?.trim() ?? '')?.[1]?.toLowerCase();
  if (nameExt !== undefined) return ACCEPTED_EXTS.has(nameExt) ? undefined : reasons.type(label);
  const type = (att.mime ?? '').trim().toLowerCase().replace(/^\./, '').split(';')[0]!.trim();
  if (GENERIC_TYPES.has(type)) return undefined;
  const ext = type.includes('/') ? MIME_EXT.get(type) : type;
  return ext !== undefined && ACCEPTED_EXTS.has(ext) ? undefined : reasons.type(label);
}

// ---------------------------------------------------------------------------------------------------------------
// A feedback item's attachments

export interface TAttachmentSummary {
  /** rows stored by this run */
  stored: number;
  rejected: { seq: number; reason: string }[];
  /** willRetry: left pending for the next attempt (the run throws AttachmentRetryError at the end) */
  failed: { seq: number; reason: string; willRetry: boolean }[];
}

/** Thrown after every other attachment was handled when some could not be fetched and may be on a retry. */
export class AttachmentRetryError extends Error {
  constructor(readonly code: string, readonly summary: TAttachmentSummary) {
    super(`attachments of ${code}: ${summary.failed.filter((f) => f.willRetry).length} could not be fetched, left pending for a retry`);
    this.name = 'AttachmentRetryError';
  }
}

export interface TStoreAttachmentsOptions {
  dir: string;
  maxBytes: number;
  log: Logger;
  /** per file; default 60 s */
  timeoutMs?: number;
  /**
   * The queue's last attempt: a retryable failure is then recorded `failed` (final, with its reason) instead of
   * staying pending, and nothing is thrown.
   */
  finalAttempt?: boolean;
}

function labelOf(a: TAttachmentRow, all: readonly TAttachmentRow[]): string {
  const same = all.filter((x) => x.kind === a.kind);
  return attachmentLabel({ kind: a.kind, originalName: a.originalName, index: same.findIndex((x) => x.seq === a.seq) + 1, ofKind: same.length });
}

/**
 * Copies an item's pending attachments that have a source URL into storage and records each outcome. Safe to run
 * again: only `pending` rows are touched, so stored, rejected and finally failed rows are skipped. A retryable
 * failure (network, timeout, 5xx) leaves its row pending; after handling all the others the run throws
 * AttachmentRetryError so the queue tries again — on its last attempt pass `finalAttempt` to record them failed.
 * Files are fetched one after the other.
 */
export async function storeFeedbackAttachments(db: Db, code: string, o: TStoreAttachmentsOptions): Promise<TAttachmentSummary> {
  const all = await listAttachments(db, code);
  const summary: TAttachmentSummary = { stored: 0, rejected: [], failed: [] };
  for (const a of all) {
    if (a.status !== 'pending' || !a.sourceUrl) continue;
    const r = await fetchToStorage(a.sourceUrl, {
      dir: o.dir,
      relName: attachmentRelName(code, a.seq, a.originalName, a.kind),
      maxBytes: o.maxBytes,
      timeoutMs: o.timeoutMs ?? 60_000,
      label: labelOf(a, all),
    });
    const host = safeHost(a.sourceUrl);
    if (r.ok) {
      await markAttachment(db, code, a.seq, { status: 'stored', storedPath: r.storedPath, mime: r.mime, sizeBytes: r.sizeBytes, sha256: r.sha256 });
      summary.stored++;
      o.log.info({ code, seq: a.seq, host, mime: r.mime, sizeBytes: r.sizeBytes }, 'attachment stored');
    } else if (r.status === 'rejected') {
      await markAttachment(db, code, a.seq, { status: 'rejected', reason: r.reason });
      summary.rejected.push({ seq: a.seq, reason: r.reason });
      o.log.info({ code, seq: a.seq, host, why: r.code, detail: r.detail }, 'attachment rejected');
    } else {
      const willRetry = r.retryable && !o.finalAttempt;
      if (!willRetry) await markAttachment(db, code, a.seq, { status: 'failed', reason: r.reason });
      summary.failed.push({ seq: a.seq, reason: r.reason, willRetry });
      o.log.warn({ code, seq: a.seq, host, why: r.code, detail: r.detail, willRetry }, 'attachment not fetched');
    }
  }
  if (summary.failed.some((f) => f.willRetry)) throw new AttachmentRetryError(code, summary);
  return summary;
}

function safeHost(u: string): string {
  try {
    return new URL(u).host;
  } catch {
    return '(invalid)';
  }
}
