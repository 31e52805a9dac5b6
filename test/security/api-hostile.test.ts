import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFileUrl } from '../../src/http/file-routes.ts';
import { fileLinkSecret } from '../../src/services/feedback-runtime.ts';
import { upsertOfficer } from '../../src/store/chat.ts';
import { saveOrg } from '../../src/store/dossiers.ts';
import { markAttachment } from '../../src/store/feedback-attachments.ts';
import { getFeedback } from '../../src/store/feedback.ts';
import { demoOrg } from '../helpers/golden.ts';
import { docxText, zipEntry } from '../helpers/report-docx.ts';
import { fileItem, importTestCatalogue } from '../helpers/hostile.ts';
import { startStack, type TStack } from '../helpers/stack.ts';

/**
 * Hostile input on the HTTP API, through real HTTP: SQL injection in search, query strings, bodies and import
 * cells (nothing breaks, nothing but the targeted row changes, strings are stored as written); path traversal on
 * every route that names a file; oversized and absurd bodies; NUL and control characters. Never a 500.
 */
const TOKEN = 'hostile-api-admin-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
const json = { ...auth, 'content-type': 'application/json' };
let stack: TStack;
let base = '';

const SQLI = [
  "' OR '1'='1",
  "'; DROP TABLE feedback_items; --",
  '" OR 1=1 --',
  "1; SELECT pg_sleep(5) --",
  "PA-2406-0001' UNION SELECT zalo_user_id, role FROM officers --",
  "\\'; DELETE FROM procedures; --",
  "%' OR '%'='",
  '$1) OR ($1',
  "admin'/*",
  "'||(SELECT current_setting('server_version'))||'",
];

/** Row counts and a digest of the tables an injection would touch: equal before and after means intact. */
async function fingerprint(): Promise<Record<string, string>> {
  const db = stack.running!.rt.db;
  const out: Record<string, string> = {};
  for (const [table, key] of [['procedures', 'code'], ['officers', 'zalo_user_id'], ['dossiers', 'code'], ['zalo_users', 'user_id'], ['report_texts', 'period_key']] as const) {
    const r = await db.query<{ n: number; h: string | null }>(`SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t.${key})) AS h FROM ${table} t`);
    out[table] = `${r.rows[0]!.n}:${r.rows[0]!.h}`;
  }
  return out;
}

beforeAll(async () => {
  stack = await startStack({ env: { LOG_LEVEL: 'silent', ADMIN_API_TOKEN: TOKEN, ZALO_MINI_APP_ID: '1234567890123456789' } });
  const db = stack.running!.rt.db;
  await saveOrg(db, demoOrg);
  await importTestCatalogue(db);
  await upsertOfficer(db, { userId: '8480000000000000001', unitCode: 'PQ', role: 'leader' });
  base = `${stack.running!.url}/api/v1`;
});
afterAll(async () => { await stack?.close(); });

describe('SQL injection', () => {
  it('in the public search: answered, catalogue and other tables intact, the text kept as a search gap', async () => {
    const before = await fingerprint();
    for (const q of SQLI) {
      const r = await fetch(`${base}/procedures?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
      expect(((await r.json()) as { results: unknown[] }).results).toBeInstanceOf(Array);
      expect((await fetch(`${base}/procedures/${encodeURIComponent(q)}`)).status, q).toBe(400);
    }
    expect(await fingerprint()).toEqual(before);
    const found = (await (await fetch(`${base}/procedures?q=${encodeURIComponent('đăng ký khai sinh')}`)).json()) as { results: { code: string }[] };
    expect(found.results[0]!.code).toBe('1.001193');
    const gaps = await stack.running!.rt.db.query<{ last_example: string }>('SELECT last_example FROM search_queries');
    expect(gaps.rows.map((g) => g.last_example)).toContain("'; DROP TABLE feedback_items; --");
  });

  it('in officer API query strings and path parameters: 400 or 404, never a 500, nothing changed', async () => {
    const code = await fileItem(stack, { content: 'Bãi đỗ xe trước bộ phận một cửa không có mái che.' });
    const before = await fingerprint();
    const item = await getFeedback(stack.running!.rt.db, code);
    for (const p of SQLI) {
      const e = encodeURIComponent(p);
      for (const url of [`/feedback?status=${e}`, `/feedback?source=${e}`, `/feedback?unit=${e}`, `/feedback?period=${e}`, `/feedback?limit=${e}`, `/stats?period=${e}`, `/stats?period=2024-06&unit=${e}`, `/reports/${e}`, `/reports/${e}/texts`]) {
        const r = await fetch(`${base}${url}`, { headers: auth });
        expect([400, 404], `${url} → ${r.status}`).toContain(r.status);
      }
      const one = await fetch(`${base}/feedback/${e}`, { headers: auth });
      expect([400, 404]).toContain(one.status);
    }
    expect(await fingerprint()).toEqual(before);
    expect(await getFeedback(stack.running!.rt.db, code)).toEqual(item);
  });

  it('in JSON bodies: a reassign to an injected unit is refused; an answer or a report text is stored exactly as written', async () => {
    const code = await fileItem(stack, { content: 'Nhà vệ sinh công cộng ở bộ phận một cửa bị khóa cả ngày.' });
    for (const unit of SQLI) {
      const r = await fetch(`${base}/feedback/${code}/reassign`, { method: 'POST', headers: json, body: JSON.stringify({ unit }) });
      expect(r.status, unit).toBe(400);
    }
    const answer = "Đã mở cửa nhà vệ sinh'); DROP TABLE feedback_items; -- và nhắc nhở bảo vệ.";
    const r = await fetch(`${base}/feedback/${code}/answer`, { method: 'POST', headers: json, body: JSON.stringify({ text: answer }) });
    expect(r.status).toBe(200);
    expect((await getFeedback(stack.running!.rt.db, code))!.answer).toBe(answer);
    const text = "Kết quả' OR '1'='1 -- cải cách thủ tục hành chính.";
    const put = await fetch(`${base}/reports/2024-06/texts`, { method: 'PUT', headers: json, body: JSON.stringify({ part: 'II.1', text, updated_by: "x'); DELETE FROM report_texts; --" }) });
    expect(put.status).toBe(200);
    const got = (await put.json()) as { parts: { part: string; text: string; updated_by: string }[] };
    expect(got.parts.find((p) => p.part === 'II.1')).toMatchObject({ text, updated_by: "api:x'); DELETE FROM report_texts; --" });
    for (const part of SQLI) {
      const bad = await fetch(`${base}/reports/2024-06/texts`, { method: 'PUT', headers: json, body: JSON.stringify({ part, text: 'x' }) });
      expect(bad.status).toBe(400);
    }
  });

  it('in import cells: every bad row named with its line, good rows stored as written, other tables intact', async () => {
    const before = await fingerprint();
    const csv = [
      'feedback_code,source,channel,received_date,content,unit',
      `"SQL-1",city,zalo,2024-06-03,"${SQLI[1]} — nội dung thật",PQ`,
      `"${SQLI[0]}",city,zalo,2024-06-03,Nội dung bình thường về thủ tục.,PQ`,
      `SQL-3,"${SQLI[2]!.replaceAll('"', '""')}",zalo,2024-06-03,Nội dung bình thường về thủ tục.,PQ`,
      `SQL-4,city,zalo,"${SQLI[6]}",Nội dung bình thường về thủ tục.,PQ`,
      `SQL-5,city,zalo,2024-06-03,Nội dung bình thường về thủ tục.,"${SQLI[3]}"`,
    ].join('\n');
    const r = await fetch(`${base}/feedback/import?skip_invalid=1`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
    expect(r.status).toBe(200);
    const rep = (await r.json()) as { inserted: number; errors: { line: number; reason: string }[] };
    expect(rep.inserted).toBe(2);
    expect(rep.errors.map((e) => e.line).sort()).toEqual([4, 5, 6]);
    expect(rep.errors.every((e) => e.reason.length > 0)).toBe(true);
    expect((await getFeedback(stack.running!.rt.db, 'SQL-1'))!.content).toBe(`${SQLI[1]} — nội dung thật`);
    expect((await getFeedback(stack.running!.rt.db, SQLI[0]!))).toBeDefined();
    const d = await fetch(`${base}/dossiers/import`, {
      method: 'POST', headers: { ...auth, 'content-type': 'text/csv' },
      body: `dossier_code,procedure_code,authority,reception_point,received_date,due_date,channel\n"${SQLI[0]}",1.001193,commune,DUONG-DONG,2024-06-03,2024-06-05,online\n`,
    });
    // A dossier code is free text (the provincial systems' own): stored exactly as written, nothing else touched.
    expect(d.status).toBe(200);
    expect((await stack.running!.rt.db.query('SELECT 1 FROM dossiers WHERE code = $1', [SQLI[0]])).rowCount).toBe(1);
    const after = await fingerprint();
    expect({ ...after, dossiers: '' }).toEqual({ ...before, dossiers: '' });
    expect(Number(after.dossiers!.split(':')[0])).toBe(Number(before.dossiers!.split(':')[0]) + 1);
  });
});

describe('markup and formula injection in the report officers download', () => {
  it('a report text with XML, a formula and Markdown is printed as text: the DOCX stays one paragraph, well formed', async () => {
    const text = '</w:t></w:r></w:p><w:p><w:r><w:t>CHÈN</w:t></w:r></w:p> =HYPERLINK("http://x","y") & <b>đậm</b> ]]> # Tiêu đề | a | b |';
    const put = await fetch(`${base}/reports/2024-06/texts`, { method: 'PUT', headers: json, body: JSON.stringify({ part: 'II.1', text }) });
    expect(put.status).toBe(200);
    const docx = Buffer.from(await (await fetch(`${base}/reports/2024-06.docx`, { headers: auth })).arrayBuffer());
    const xml = zipEntry(docx, 'word/document.xml')!.toString('utf8');
    expect(xml).not.toContain('<w:t>CHÈN</w:t>');
    expect(xml).toContain('&lt;/w:t&gt;&lt;/w:r&gt;&lt;/w:p&gt;');
    expect(docxText(docx)).toContain(text);
    const md = await (await fetch(`${base}/reports/2024-06.md`, { headers: auth })).text();
    expect(md).toContain('=HYPERLINK');
  });
});

describe('path traversal', () => {
  const secret = () => fileLinkSecret(stack.config);
  const signed = (code: string, seq = 1) => signFileUrl(stack.running!.url!, code, seq, { secret: secret(), ttlSeconds: 600 });

  it('/files: a forged, encoded or signed "../" never leaves the attachment folder; a real file still opens', async () => {
    const dir = stack.config.feedback.attachmentDir;
    const code = await fileItem(stack, { content: 'Ảnh chụp biển báo sai giờ làm việc ở bộ phận một cửa.', attachments: [{ kind: 'image', url: 'http://127.0.0.1:9/a.png' }, { kind: 'image', url: 'http://127.0.0.1:9/b.png' }, { kind: 'image', url: 'http://127.0.0.1:9/c.png' }] });
    fs.mkdirSync(path.join(dir, code), { recursive: true });
    fs.writeFileSync(path.join(dir, code, '1-anh.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    const outside = path.join(path.dirname(dir), 'secret.txt');
    fs.writeFileSync(outside, 'TOP SECRET');
    fs.symlinkSync(outside, path.join(dir, code, '3-link.png'));
    const db = stack.running!.rt.db;
    await markAttachment(db, code, 1, { status: 'stored', storedPath: `${code}/1-anh.png`, mime: 'image/png', sizeBytes: 8 });
    // A row tampered in the database, and a symbolic link planted in the folder: refused all the same.
    await markAttachment(db, code, 2, { status: 'stored', storedPath: '../secret.txt', mime: 'image/png', sizeBytes: 10 });
    await markAttachment(db, code, 3, { status: 'stored', storedPath: `${code}/3-link.png`, mime: 'image/png', sizeBytes: 10 });

    expect((await fetch(signed(code, 1))).status).toBe(200);
    const attempts = [
      signed(code, 2),
      signed(code, 3),
      signed('../../etc/passwd'),
      signed('..'),
      `${stack.running!.url}/files/..%2F..%2Fetc%2Fpasswd/1?exp=9999999999&sig=${'A'.repeat(43)}`,
      `${stack.running!.url}/files/${code}/..%2F..%2Fsecret.txt`,
      `${stack.running!.url}/files/%2e%2e/%2e%2e/secret.txt`,
      `${stack.running!.url}/files/${code}/1%00.png?${new URL(signed(code, 1)).search.slice(1)}`,
      signed(code, 1).replace(`/files/${code}/`, `/files/${code}%2F..%2F..%2F/`),
    ];
    for (const url of attempts) {
      const r = await fetch(url);
      const body = await r.text();
      expect([400, 403, 404], `${url} → ${r.status}`).toContain(r.status);
      expect(body).not.toContain('TOP SECRET');
    }
  });

  it('/qr, /api/v1/reports and /miniapp: only well-formed names are looked at, never a file outside', async () => {
    expect((await fetch(`${stack.running!.url}/qr/1.001193.png`)).status).toBe(200);
    for (const p of ['/qr/..%2F..%2Fpackage.json', '/qr/1.001193.png%00.svg', '/qr/....%2F%2F....%2F%2Fetc%2Fpasswd', '/qr/%2e%2e%2f1.001193.png', '/qr/1.001193.png/..']) {
      const r = await fetch(`${stack.running!.url}${p}`);
      expect([400, 404], `${p} → ${r.status}`).toContain(r.status);
    }
    // Report names are periods, never paths: no route reads a file by name.
    for (const p of ['/reports/..%2F..%2Fpackage.json', '/reports/..%2F..%2Fpackage.json.md', '/reports/%2e%2e%2f%2e%2e%2fetc%2fpasswd.docx', '/reports/..%2F2024-06/texts', '/reports/....%2F%2Fetc%2Fpasswd']) {
      const r = await fetch(`${base}${p}`, { headers: auth });
      expect([400, 404], `${p} → ${r.status}`).toContain(r.status);
    }
    for (const p of ['/miniapp/..%2F..%2Fpackage.json', '/miniapp/assets/..%2F..%2F..%2Fpackage.json', '/miniapp/%2e%2e/%2e%2e/package.json', '/miniapp/..%5C..%5Cpackage.json', '/miniapp/assets/%2e%2e%2f%2e%2e%2f.env.example']) {
      const r = await fetch(`${stack.running!.url}${p}`, { redirect: 'manual' });
      const body = await r.text();
      expect(r.status, p).not.toBe(500);
      expect(body, p).not.toContain('"devDependencies"');
      expect(body, p).not.toContain('ADMIN_API_TOKEN');
    }
  });
});

describe('size, shape and encoding', () => {
  it('oversized bodies → 413 in Vietnamese; unauthenticated uploads are refused before being read', async () => {
    const code = await fileItem(stack, { content: 'Máy in số thứ tự ở quầy tiếp nhận bị kẹt giấy.' });
    const big = await fetch(`${base}/feedback/${code}/answer`, { method: 'POST', headers: json, body: JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: string }).error).toBe('Tệp quá lớn.');
    const started = performance.now();
    for (const p of ['/dossiers/import', '/feedback/import', '/procedures/import']) {
      const r = await fetch(`${base}${p}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: Buffer.alloc(8 * 1024 * 1024, 0x61) }).then((x) => x.status, () => 'closed');
      expect([401, 'closed'], p).toContain(r);
    }
    expect(performance.now() - started).toBeLessThan(5_000);
    const longAuth = await fetch(`${base}/feedback`, { headers: { authorization: `Bearer ${'a'.repeat(20_000)}` } }).then((x) => x.status, () => 'closed');
    expect([401, 431, 'closed']).toContain(longAuth);
  });

  it('nested 100,000 deep, arrays and objects for strings, duplicated parameters, bad percent-encoding: 400, never 500', async () => {
    const code = await fileItem(stack, { content: 'Đề nghị bố trí thêm quạt ở khu vực chờ của bộ phận một cửa.' });
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const body of [deep, `{"text":${deep}}`, '{"text":{"$gt":""}}', '{"text":["a","b"]}', '{"text":', '{"__proto__":{"text":"Đã xử lý xong việc này."}}']) {
      const r = await fetch(`${base}/feedback/${code}/answer`, { method: 'POST', headers: json, body });
      expect(r.status, body.slice(0, 40)).toBe(400);
    }
    expect((await getFeedback(stack.running!.rt.db, code))!.status).toBe('received');
    // Express's simple query parser: "a[]" and "a[$ne]" are plain (unknown) names, a repeated name is an array.
    const cases: [string, number][] = [
      ['/feedback?limit[]=1', 200], ['/feedback?unit[$ne]=x', 200], ['/stats?period[]=2024-06', 400],
      ['/feedback?status=open&status=received', 400], ['/feedback?limit=1&limit=2', 400], ['/stats?period=2024-06&unit=PQ&unit=AN-THOI', 400],
      ['/stats?period=2024-06&period=2024-07', 400],
    ];
    for (const [url, status] of cases) {
      const r = await fetch(`${base}${url}`, { headers: auth });
      expect(r.status, url).toBe(status);
    }
    for (const url of ['/procedures?q[]=khai', '/procedures?q=a&q=b', '/procedures?q[$gt]=', '/procedures?limit=1e9&q=khai', '/procedures?limit=-5&q=khai']) {
      expect((await fetch(`${base}${url}`)).status, url).toBe(200);
    }
    for (const url of ['/procedures/%E0%A4%A', '/feedback/%E0%A4%A', '/reports/%C0%AF']) {
      expect((await fetch(`${base}${url}`, { headers: auth })).status, url).toBe(400);
    }
  });

  it('NUL and control characters in search, report texts and import cells are stored without them (no 500)', async () => {
    const s = await fetch(`${base}/procedures?q=${encodeURIComponent('thủ tục xyz\u0000 abc')}`);
    expect(s.status).toBe(200);
    const gap = await stack.running!.rt.db.query<{ last_example: string }>("SELECT last_example FROM search_queries WHERE last_example LIKE '%xyz%'");
    expect(gap.rows[0]!.last_example).toBe('thủ tục xyz abc');
    const put = await fetch(`${base}/reports/2024-07/texts`, { method: 'PUT', headers: json, body: JSON.stringify({ part: 'II.1', text: 'Cải cách\u0000 thủ tục\u001b[31m hành chính' }) });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { parts: { part: string; text: string }[] }).parts.find((p) => p.part === 'II.1')!.text).toBe('Cải cách thủ tục[31m hành chính');
    const fb = await fetch(`${base}/feedback/import`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: 'feedback_code,source,channel,received_date,content,unit\nNUL-1,city,zalo,2024-06-01,Nội dung\u0000 có ký tự lạ\u0007 ở giữa,PQ\n' });
    expect(fb.status).toBe(200);
    expect((await getFeedback(stack.running!.rt.db, 'NUL-1'))!.content).toBe('Nội dung có ký tự lạ ở giữa');
    const d = await fetch(`${base}/dossiers/import`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: 'dossier_code,procedure_code,authority,reception_point,received_date,due_date,channel\nNUL\u0000-1,1.001193,commune,DUONG-DONG,2024-06-03,2024-06-05,online\n' });
    expect(d.status).toBe(200);
    const row = await stack.running!.rt.db.query('SELECT 1 FROM dossiers WHERE code = $1', ['NUL-1']);
    expect(row.rowCount).toBe(1);
  });

  it('look-alike letters, invisible characters and NFD in import files: headers, sources and units still recognised, text stored NFC', async () => {
    // The "đơn vị" header typed "đоn vị" with a Cyrillic о; the source "сity" with a Cyrillic с; the unit "Dương Đông"
    // in NFD with a zero-width space; a code with a zero-width space and a bidirectional override.
    const content = 'Nội dung phản ánh viết dạng tổ hợp.'.normalize('NFD');
    const unit = 'Dương\u200b Đông'.normalize('NFD');
    const csv = [
      'mã phản ánh,nguồn,kênh tiếp nhận,ngày tiếp nhận,nội dung,đ\u043en vị',
      `"LA-\u200b1\u202e",\u0441ity,hotline,2024-06-03,"${content}","${unit}"`,
    ].join('\n');
    const r = await fetch(`${base}/feedback/import`, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: csv });
    const rep = (await r.json()) as { inserted: number; errors: unknown[]; warnings: string[] };
    expect(r.status, JSON.stringify(rep)).toBe(200);
    const item = await getFeedback(stack.running!.rt.db, 'LA-1');
    expect(item).toMatchObject({ source: 'city', unitCode: 'DUONG-DONG', content: 'Nội dung phản ánh viết dạng tổ hợp.' });
    expect(item!.content).toBe(item!.content.normalize('NFC'));
  });
});
