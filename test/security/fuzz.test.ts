import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeText } from '../../src/bot/router.ts';
import { tokenize } from '../../src/domain/search/analyse.ts';
import { buildSearchIndex, search, type TSearchIndex } from '../../src/domain/search/index.ts';
import { cleanText, fold, matchText } from '../../src/domain/vietnamese.ts';
import { readProcedures, loadColloquial } from '../../src/import/read-procedures.ts';
import { importDossiers } from '../../src/services/import-dossiers.ts';
import { importFeedback } from '../../src/services/import-feedback.ts';
import type { Db } from '../../src/store/db.ts';
import { parseZaloEvent, ZInboundEvent } from '../../src/zalo/events.ts';
import { openTestDb } from '../helpers/db.ts';
import { demoOrg } from '../helpers/golden.ts';
import { postWebhook, sigOf } from '../helpers/hostile.ts';
import { startStack, type TStack } from '../helpers/stack.ts';

/**
 * Property-based fuzzing with fixed seeds and bounded runs: the webhook parser and route, the search normaliser and
 * search, and the three importers. None may throw, answer 500, or report a bad row without a line and a reason.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_615);
const run = (numRuns: number) => ({ seed: SEED, numRuns: numRuns * Number(process.env.FUZZ_SCALE ?? 1) });

// ---------------------------------------------------------------------------------------------------------------
// Text that tries hard: Vietnamese, look-alikes, invisible and control characters, lone surrogates, anything.

const NASTY = [
  '\u0000', '\u0007', '\u001b[2J', '\r', '\n', '\t', '\u200b', '\u200d', '\u202e', '\u2066', '\ufeff', '\u00ad', '\ud800', '\udfff', '\uffff',
  'а', 'е', 'о', 'р', 'с', 'Р', 'А', 'ο', 'Ð', '\u0301', '\u0323\u0302', 'ＰＡ', '１.００１１９３', '’', '“', 'ﬁ', '²', '🇻🇳', '👨‍👩‍👧',
  "' OR 1=1 --", '../', '%00', '${x}', '<script>', '=HYPERLINK("x")', '+84 912 345 678', '079201001234', 'PA-2406-0001', '1.001193',
];
const WORDS = ['đăng', 'ký', 'khai', 'sinh', 'kết', 'hôn', 'phản', 'ánh', 'thống', 'kê', 'tháng', '6/2024', 'xem', 'trả', 'lời', 'hồ', 'sơ', 'sổ', 'đỏ', 'căn', 'cước', 'tra', 'cứu', 'menu', 'gặp', 'cán', 'bộ'];
const anyChar = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const astral = fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c));
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: anyChar, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: astral, maxLength: 3 }) },
  { weight: 2, arbitrary: fc.constantFrom(' ', '  ', ': ', ', ') },
);
const nastyText = fc.array(piece, { maxLength: 25 }).map((xs) => xs.join(''));
const nfdOrNot = fc.tuple(nastyText, fc.constantFrom<'NFC' | 'NFD' | 'NFKD' | undefined>('NFC', 'NFD', 'NFKD', undefined)).map(([t, f]) => (f ? t.normalize(f) : t));

const isNfc = (s: string) => s === s.normalize('NFC');
// eslint-disable-next-line no-control-regex -- control characters are what is looked for
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('the search normaliser and search never throw and give NFC', () => {
  let index: TSearchIndex;
  beforeAll(async () => {
    index = buildSearchIndex([
      { code: '1.001193', name: 'Thủ tục đăng ký khai sinh', field: 'Hộ tịch' },
      { code: '1.000894', name: 'Thủ tục đăng ký kết hôn', field: 'Hộ tịch' },
      { code: '1.012786', name: 'Cấp lại Giấy chứng nhận do bị mất', field: 'Đất đai' },
      { code: '2.000815', name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản', field: 'Chứng thực' },
      { code: '1.001612', name: 'Đăng ký thành lập hộ kinh doanh', field: 'Đăng ký hộ kinh doanh' },
    ], { colloquial: await loadColloquial() });
  });

  it('cleanText, matchText, fold: well-formed NFC without control characters; fold is idempotent', () => {
    fc.assert(fc.property(nfdOrNot, (s) => {
      for (const out of [cleanText(s), matchText(s), fold(s)]) {
        expect(isNfc(out)).toBe(true);
        expect(out).not.toMatch(CONTROL);
        expect(out).not.toMatch(LONE);
      }
      expect(matchText(s)).not.toMatch(/[\u200b\u202a-\u202e\u2066-\u2069\ufeff]/);
      expect(fold(fold(s))).toBe(fold(s));
      expect(fold(s.normalize('NFD'))).toBe(fold(s.normalize('NFC')));
    }), run(2_000));
  });

  it('tokenize, routeText and search: no exception, NFC tokens, at most `limit` results, NFC understanding', () => {
    fc.assert(fc.property(nfdOrNot, fc.integer({ min: 1, max: 8 }), (s, limit) => {
      for (const t of tokenize(s)) expect(isNfc(t.written) && isNfc(t.surface)).toBe(true);
      const intent = routeText(s);
      expect(intent.name).toBeTypeOf('string');
      for (const v of Object.values(intent)) if (typeof v === 'string') expect(v).not.toMatch(CONTROL);
      const r = search(index, s, { limit });
      expect(r.results.length).toBeLessThanOrEqual(limit);
      expect(isNfc(r.understood)).toBe(true);
      if (r.didYouMean !== undefined) expect(isNfc(r.didYouMean)).toBe(true);
      expect(['exact', 'high', 'weak', 'none']).toContain(r.confidence);
    }), run(1_500));
  });

  it('look-alike and decomposed spellings find what the plain spelling finds', () => {
    const plain = search(index, 'đăng ký khai sinh').results.map((x) => x.code);
    expect(plain[0]).toBe('1.001193');
    for (const q of ['đăng ký kh\u0430i sinh', 'đăng ký khai sinh'.normalize('NFD'), 'đăng\u200b ký khai\u00ad sinh', 'ĐĂNG KÝ KHAI SINH', 'Ðăng ký khai sinh']) {
      expect(search(index, q).results.map((x) => x.code)[0], q).toBe('1.001193');
    }
    expect(search(index, '１.００１１９３').results[0]?.code).toBe('1.001193');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The webhook parser

const SAMPLES = fs.readdirSync(path.resolve(import.meta.dirname, '../../webhooks'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../webhooks', f), 'utf8')) as Record<string, unknown>);

const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, 0, -1, Number.POSITIVE_INFINITY, Number.NaN, '', [], {}, '__proto__', { __proto__: { polluted: true } }),
  nastyText,
  fc.integer(),
  fc.double(),
  fc.jsonValue({ maxDepth: 4 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
);

/** A real sample with random fields replaced (at the top, in message/sender/info/attachments) by weird values. */
const mutatedEvent = fc.record({
  sample: fc.constantFrom(...SAMPLES),
  top: fc.dictionary(fc.constantFrom('event_name', 'timestamp', 'sender', 'recipient', 'message', 'info', 'follower', 'user_id', 'app_id', 'user_id_by_app', 'oa_id'), weirdValue, { maxKeys: 3 }),
  message: fc.dictionary(fc.constantFrom('msg_id', 'text', 'attachments', 'msg_ids'), weirdValue, { maxKeys: 2 }),
  attachment: fc.option(fc.record({ type: fc.constantFrom('image', 'file', 'location', 'sticker', 'x'), payload: weirdValue }), { nil: undefined }),
}).map(({ sample, top, message, attachment }) => {
  const e = structuredClone(sample);
  Object.assign(e, top);
  if (e.message && typeof e.message === 'object' && !Array.isArray(e.message)) {
    Object.assign(e.message, message);
    if (attachment) (e.message as Record<string, unknown>).attachments = [attachment];
  }
  return e;
});

describe('the webhook parser (parseZaloEvent)', () => {
  it('never throws; what it accepts is the product\'s event shape, serialisable, with clean text', () => {
    fc.assert(fc.property(fc.oneof(mutatedEvent, fc.anything(), fc.jsonValue()), (body) => {
      const r = parseZaloEvent(body);
      if (!r.ok) {
        expect(['bad-shape', 'unknown-event']).toContain(r.reason);
        if (r.eventName !== undefined) expect(r.eventName.length).toBeLessThanOrEqual(64);
        return;
      }
      const v = ZInboundEvent.safeParse(r.event);
      expect(v.success, JSON.stringify(v.error?.issues)).toBe(true);
      expect(r.event.eventId.length).toBeGreaterThan(0);
      expect(r.event.userId).not.toMatch(CONTROL);
      if (r.event.text !== undefined) {
        expect(isNfc(r.event.text)).toBe(true);
        expect(r.event.text).not.toMatch(CONTROL);
      }
      expect(() => JSON.stringify(r.event)).not.toThrow();
    }), run(3_000));
  });

  it('every real sample still parses', () => {
    for (const s of SAMPLES) expect(parseZaloEvent(s).ok, String(s.event_name)).toBe(true);
  });
});

describe('the webhook route over HTTP: any body, any headers → 200, 400, 401, 413 or 415, never a 500', () => {
  let stack: TStack;
  // The server role: events are queued, never processed (no workers): the route alone is under test.
  beforeAll(async () => { stack = await startStack({ role: 'server', env: { LOG_LEVEL: 'silent' } }); });
  afterAll(async () => { await stack?.close(); });

  const printable = fc.stringMatching(/^[\x20-\x7e]{0,80}$/);
  const bodyArb = fc.oneof(
    mutatedEvent.map((e) => JSON.stringify(e)),
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
    nastyText,
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
  );
  const headersArb = fc.record({
    signature: fc.oneof(fc.constant('valid'), fc.constant('none'), printable, fc.constant(`mac=${'f'.repeat(64)}`)),
    contentType: fc.oneof(fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''), printable),
    timestamp: fc.option(printable, { nil: undefined }),
    encoding: fc.constantFrom(undefined, 'identity', 'gzip', 'deflate', 'br', 'x-unknown'),
  });

  it('fuzzed bodies and headers', async () => {
    await fc.assert(fc.asyncProperty(bodyArb, headersArb, async (body, h) => {
      const ts = (() => {
        try {
          const t = (JSON.parse(Buffer.isBuffer(body) ? body.toString('utf8') : body) as { timestamp?: unknown }).timestamp;
          return typeof t === 'string' || typeof t === 'number' ? String(t) : h.timestamp ?? '';
        } catch { return h.timestamp ?? ''; }
      })();
      const headers: Record<string, string> = { 'content-type': h.contentType };
      if (h.signature === 'valid') headers['x-zevent-signature'] = sigOf(stack, body, ts);
      else if (h.signature !== 'none') headers['x-zevent-signature'] = h.signature;
      if (h.timestamp !== undefined) headers['x-zevent-timestamp'] = h.timestamp;
      if (h.encoding) headers['content-encoding'] = h.encoding;
      const r = await postWebhook(stack, body, headers);
      expect([200, 400, 401, 413, 415], `${r.status} for ${String(body).slice(0, 80)}`).toContain(r.status);
      expect(((await r.json()) as object)).toBeTypeOf('object');
    }), run(300));
  }, 60_000);

  it('a gzip bomb (10 MB of zeros in 10 KB) is refused at the size limit, not inflated in memory', async () => {
    const bomb = gzipSync(Buffer.alloc(10 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(20_000);
    const r = await postWebhook(stack, bomb, { 'content-encoding': 'gzip', 'x-zevent-signature': `mac=${'0'.repeat(64)}` });
    expect(r.status).toBe(413);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Importers: random cells never crash; every bad row comes back with its line and a reason.

const cellArb = fc.oneof(
  { weight: 3, arbitrary: nastyText },
  { weight: 2, arbitrary: fc.constantFrom('', '2024-06-03', '03/06/2024', '2024-02-30', '31/13/2024', 'x', 'có', 'không', 'commune', 'xã', 'PQ', 'DUONG-DONG', 'Dương Đông', 'online', 'trực tuyến', 'city', 'Cổng DVC quốc gia', '1.001193', '1.001193.000.00.00.H33', '99999999999', '-1', '1e400', 'NaN') },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
);
const csvCell = (v: string) => `"${v.replaceAll('"', '""')}"`;
/** Rows of random cells, and valid rows with one or two cells replaced (so that the write path is fuzzed too). */
const table = (header: readonly string[], valid: (n: number) => string[], maxRows: number) => {
  const randomRow = fc.array(cellArb, { minLength: header.length, maxLength: header.length });
  const nearlyValid = fc.tuple(fc.nat(), fc.array(fc.tuple(fc.nat({ max: header.length - 1 }), cellArb), { maxLength: 2 }))
    .map(([n, changes]) => {
      const row = valid(n);
      for (const [i, v] of changes) row[i] = v;
      return row;
    });
  return fc.array(fc.oneof(randomRow, nearlyValid), { minLength: 1, maxLength: maxRows })
    .map((rows) => [header.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\r\n'));
};

const DOSSIER_HEADER = ['dossier_code', 'procedure_code', 'authority', 'reception_point', 'received_date', 'due_date', 'finished_date', 'withdrawn_date', 'channel', 'fully_online'];
const DOSSIER_VALID = (n: number) => [`FZ-${n}`, '1.001193', 'commune', 'DUONG-DONG', '2024-06-03', '2024-06-05', '2024-06-04', '', 'online', 'x'];
const FEEDBACK_HEADER = ['feedback_code', 'source', 'channel', 'received_date', 'closed_date', 'due_date', 'subject', 'content', 'unit', 'answer'];
const FEEDBACK_VALID = (n: number) => [`FZ-${n}`, 'city', 'hotline', '2024-06-03', '', '', 'Tiêu đề', 'Nội dung phản ánh về thủ tục đất đai.', 'PQ', ''];
const PROCEDURE_HEADER = ['Mã TTHC', 'Tên thủ tục', 'Lĩnh vực', 'Cấp thẩm quyền', 'Nơi tiếp nhận', 'Mức độ DVC', 'Thời hạn giải quyết', 'Phí, lệ phí', 'Liên thông', 'Trạng thái'];
const PROCEDURE_VALID = (n: number) => [`1.${String(n % 1_000_000).padStart(6, '0')}`, 'Đăng ký khai sinh', 'Hộ tịch', 'xã', 'DUONG-DONG', 'Toàn trình', 'Ngay trong ngày', 'Miễn phí', 'x', ''];

/** The data lines a CSV has (line numbers of rows start at 2; a quoted cell may span lines). */
const physicalLines = (csv: string) => csv.split(/\r\n|\r|\n/).length;

describe('importers: random cells never crash, every bad row has a line and a reason', () => {
  let db: Db;
  beforeAll(async () => { db = await openTestDb(); });
  afterAll(async () => { await db?.close(); });

  const checkReport = (csv: string, r: { rows: number; rejected: number; errors: { line: number; reason: string }[]; written: boolean; inserted: number; updated: number; unchanged: number }) => {
    for (const e of r.errors) {
      expect(Number.isInteger(e.line)).toBe(true);
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.line).toBeLessThanOrEqual(physicalLines(csv));
      expect(e.reason.trim().length).toBeGreaterThan(0);
    }
    expect(r.rejected).toBeLessThanOrEqual(r.rows);
    if (r.rejected > 0) expect(r.errors.length).toBeGreaterThan(0);
    if (r.written) expect(r.inserted + r.updated + r.unchanged).toBe(r.rows - r.rejected);
  };

  it('dossiers (CSV, with and without skip_invalid)', async () => {
    await fc.assert(fc.asyncProperty(table(DOSSIER_HEADER, DOSSIER_VALID, 6), fc.boolean(), async (csv, skipInvalid) => {
      checkReport(csv, await importDossiers(db, Buffer.from(csv), { org: demoOrg, skipInvalid, fileName: 'f.csv' }));
    }), run(40));
  }, 60_000);

  it('feedback (CSV, with and without skip_invalid)', async () => {
    await fc.assert(fc.asyncProperty(table(FEEDBACK_HEADER, FEEDBACK_VALID, 6), fc.boolean(), async (csv, skipInvalid) => {
      checkReport(csv, await importFeedback(db, Buffer.from(csv), { org: demoOrg, skipInvalid, fileName: 'f.csv' }));
    }), run(40));
    const stored = await db.query<{ n: number; bad: number }>(
      "SELECT count(*)::int AS n, count(*) FILTER (WHERE content ~ '[\\x01-\\x08\\x0b\\x0c\\x0e-\\x1f]' OR code ~ '[\\x01-\\x1f]')::int AS bad FROM feedback_items");
    expect(stored.rows[0]!.n).toBeGreaterThan(0);
    expect(stored.rows[0]!.bad).toBe(0);
  }, 60_000);

  it('procedures (CSV and JSON Lines): bad rows reported with a line, good ones mapped', async () => {
    await fc.assert(fc.asyncProperty(table(PROCEDURE_HEADER, PROCEDURE_VALID, 8), async (csv) => {
      const r = await readProcedures(Buffer.from(csv), { fileName: 'p.csv' });
      for (const e of r.errors) {
        expect(e.line).toBeGreaterThanOrEqual(1);
        expect(e.line).toBeLessThanOrEqual(physicalLines(csv));
        expect(e.reason.trim().length).toBeGreaterThan(0);
      }
      for (const p of r.procedures) expect(isNfc(p.name) && !CONTROL.test(p.name)).toBe(true);
    }), run(60));
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? ''), nastyText), { maxLength: 8 }), async (lines) => {
      const text = lines.join('\n');
      const r = await readProcedures(Buffer.from(text), { fileName: 'p.jsonl' });
      for (const e of r.errors) expect(e.line >= 1 && e.reason.trim().length > 0).toBe(true);
    }), run(60));
  }, 60_000);

  it('bytes that are no table at all (random, not UTF-8, a broken XLSX): one error on line 1, nothing written', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 400 }), fc.constantFrom('f.csv', 'f.xlsx', undefined), async (bytes, fileName) => {
      const data = Buffer.from(bytes);
      const d = await importDossiers(db, data, { org: demoOrg, ...(fileName ? { fileName } : {}) });
      const f = await importFeedback(db, data, { org: demoOrg, ...(fileName ? { fileName } : {}) });
      for (const r of [d, f]) {
        for (const e of r.errors) expect(e.line >= 1 && e.reason.trim().length > 0).toBe(true);
        if (!r.written) expect(r.errors.length).toBeGreaterThan(0);
      }
    }), run(40));
    for (const head of [Buffer.from('504b0304', 'hex'), Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(200, 7)])]) {
      const r = await importFeedback(db, head, { org: demoOrg, fileName: 'x.xlsx' });
      expect(r.written).toBe(false);
      expect(r.errors[0]).toMatchObject({ line: 1 });
    }
  }, 60_000);
});
