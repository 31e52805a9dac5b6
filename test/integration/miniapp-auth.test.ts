import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedbackRouter } from '../../src/http/feedback-routes.ts';
import { expressRoutesOf, MINIAPP_ROUTES, miniAppApiRouter } from '../../src/http/miniapp-api.ts';
import { reportRouter } from '../../src/http/report-routes.ts';
import { catalogueServiceFor } from '../../src/services/catalogue.ts';
import { importProcedureFiles } from '../../src/services/catalogue-import.ts';
import { upsertOfficer } from '../../src/store/chat.ts';
import { saveOrg, upsertDossiers } from '../../src/store/dossiers.ts';
import { getFeedback } from '../../src/store/feedback.ts';
import { demoOrg } from '../helpers/golden.ts';
import { startStack, waitUntil, type TStack } from '../helpers/stack.ts';

/**
 * Every mini-app API route × who calls it: a citizen, an officer of another unit, the officer of the unit the item
 * belongs to, an admin, and nobody (no token). Tokens are real simulator mini-app tokens, checked by the product
 * with graph /me + appsecret_proof; the OA link comes from the citizens' own "follow" events (user_id_by_app).
 * A route without a row in EXPECTED fails the first test.
 */
type TRole = 'citizen' | 'other' | 'officer' | 'admin' | 'none';
const ROLES: TRole[] = ['citizen', 'other', 'officer', 'admin', 'none'];
type TRow = [citizen: number, other: number, officer: number, admin: number, none: number];

const EXPECTED: Record<string, TRow> = {
  'GET /openapi.json': [200, 200, 200, 200, 200],
  'GET /procedures': [200, 200, 200, 200, 200],
  'GET /procedures/:code': [200, 200, 200, 200, 200],
  'GET /me': [200, 200, 200, 200, 401],
  'GET /app/units': [200, 200, 200, 200, 401],
  'GET /app/dossiers/:code': [200, 200, 200, 200, 401],
  'POST /app/feedback': [201, 201, 201, 201, 401],
  'GET /app/feedback': [200, 200, 200, 200, 401],
  'GET /app/feedback/:code': [200, 403, 403, 403, 401],
  'POST /app/feedback/:code/rate': [200, 403, 403, 403, 401],
  'GET /app/officer/figures': [403, 200, 200, 200, 401],
  'GET /app/officer/feedback': [403, 200, 200, 200, 401],
  'GET /app/officer/feedback/:code': [403, 403, 200, 200, 401],
  'POST /app/officer/feedback/:code/answer': [403, 403, 200, 200, 401],
  'POST /app/officer/feedback/:code/reject': [403, 403, 200, 200, 401],
  'POST /app/officer/feedback/:code/reassign': [403, 403, 403, 200, 401],
  'GET /app/officer/reports/:file': [403, 200, 200, 200, 401],
  'GET /app/officer/reports/:period/texts': [403, 200, 200, 200, 401],
  'PUT /app/officer/reports/:period/texts': [403, 403, 200, 200, 401],
};

let stack: TStack;
let base = '';
const tokens: Partial<Record<TRole, string>> = {};
const ids: Partial<Record<TRole, string>> = {};

function headersOf(role: TRole, extra: Record<string, string> = {}): Record<string, string> {
  const t = tokens[role];
  return { ...(t ? { authorization: `Bearer ${t}` } : {}), ...extra };
}
async function call(role: TRole, method: string, p: string, body?: unknown): Promise<Response> {
  return fetch(`${base}${p}`, {
    method,
    headers: headersOf(role, body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A sim user who followed the OA (so the product has their OA ↔ mini-app link) and their mini-app token. */
async function zaloUser(userId: string, name: string): Promise<string> {
  stack.sim.createUser({ userId, name });
  await stack.sim.follow(userId);
  const db = stack.running!.rt.db;
  await waitUntil(async () => (await db.query('SELECT 1 FROM zalo_users WHERE user_id = $1 AND app_user_id IS NOT NULL', [userId])).rowCount === 1, 15_000);
  return stack.sim.issueMiniAppToken(userId).accessToken;
}

/** A feedback item filed by the citizen in the mini-app (routed to the desk, PQ). */
async function citizenItem(): Promise<string> {
  const r = await call('citizen', 'POST', '/app/feedback', { content: 'Quầy tiếp nhận hồ sơ đất đai đóng cửa sớm hơn giờ niêm yết.' });
  expect(r.status).toBe(201);
  return ((await r.json()) as { item: { code: string } }).item.code;
}
async function answeredCitizenItem(): Promise<string> {
  const code = await citizenItem();
  const r = await call('admin', 'POST', `/app/officer/feedback/${code}/answer`, { text: 'Bộ phận một cửa đã nhắc nhở và điều chỉnh giờ làm việc đúng quy định.' });
  expect(r.status).toBe(200);
  return code;
}

const RUN: Record<string, (role: TRole) => Promise<Response>> = {
  'GET /openapi.json': (r) => call(r, 'GET', '/openapi.json'),
  'GET /procedures': (r) => call(r, 'GET', '/procedures?q=khai%20sinh'),
  'GET /procedures/:code': (r) => call(r, 'GET', '/procedures/1.001193'),
  'GET /me': (r) => call(r, 'GET', '/me'),
  'GET /app/units': (r) => call(r, 'GET', '/app/units'),
  'GET /app/dossiers/:code': (r) => call(r, 'GET', '/app/dossiers/000.00.30.H33-TEST-0001'),
  'POST /app/feedback': (r) => call(r, 'POST', '/app/feedback', { content: 'Đề nghị bố trí thêm ghế chờ ở bộ phận một cửa.' }),
  'GET /app/feedback': (r) => call(r, 'GET', '/app/feedback'),
  'GET /app/feedback/:code': async (r) => call(r, 'GET', `/app/feedback/${await citizenItem()}`),
  'POST /app/feedback/:code/rate': async (r) => call(r, 'POST', `/app/feedback/${await answeredCitizenItem()}/rate`, { rating: 'satisfied' }),
  'GET /app/officer/figures': (r) => call(r, 'GET', '/app/officer/figures?period=2024-06'),
  'GET /app/officer/feedback': (r) => call(r, 'GET', '/app/officer/feedback?status=open'),
  'GET /app/officer/feedback/:code': async (r) => call(r, 'GET', `/app/officer/feedback/${await citizenItem()}`),
  'POST /app/officer/feedback/:code/answer': async (r) => call(r, 'POST', `/app/officer/feedback/${await citizenItem()}/answer`, { text: 'Đã bố trí cán bộ trực đến hết giờ làm việc.' }),
  'POST /app/officer/feedback/:code/reject': async (r) => call(r, 'POST', `/app/officer/feedback/${await citizenItem()}/reject`, { reason: 'Nội dung trùng với phản ánh đã trả lời trước đó.' }),
  'POST /app/officer/feedback/:code/reassign': async (r) => call(r, 'POST', `/app/officer/feedback/${await citizenItem()}/reassign`, { unit: 'AN-THOI' }),
  'GET /app/officer/reports/:file': (r) => call(r, 'GET', '/app/officer/reports/2024-06'),
  'GET /app/officer/reports/:period/texts': (r) => call(r, 'GET', '/app/officer/reports/2024-06/texts'),
  'PUT /app/officer/reports/:period/texts': (r) => call(r, 'PUT', '/app/officer/reports/2024-06/texts', { part: 'II.1', text: 'Công tác cải cách thủ tục hành chính được triển khai đồng bộ.' }),
};

beforeAll(async () => {
  stack = await startStack({ env: { ADMIN_API_TOKEN: 'miniapp-auth-admin-token-0123', MINIAPP_CORS_ORIGINS: 'https://h5.zdn.vn' } });
  const db = stack.running!.rt.db;
  await saveOrg(db, demoOrg);
  const catalogue = catalogueServiceFor(db);
  const imported = await importProcedureFiles(catalogue, [{ source: path.resolve(import.meta.dirname, '../fixtures/catalogue/procedures-semicolon.csv') }], { full: false, skipInvalid: true });
  expect(imported.status).toBe('imported');
  await upsertDossiers(db, [{
    code: '000.00.30.H33-TEST-0001', procedureCode: '1.001193', authority: 'commune', receptionPoint: 'DUONG-DONG',
    receivedDate: '2024-06-03', dueDate: '2024-06-05', finishedDate: '2024-06-04', channel: 'online',
    fullyOnline: true, paidOnline: false, digitisedAtReceipt: true, resultDigitised: true,
  }]);
  ids.citizen = '7100000000000000001';
  ids.other = '7100000000000000002';
  ids.officer = '7100000000000000003';
  ids.admin = '7100000000000000004';
  await upsertOfficer(db, { userId: ids.other, unitCode: 'DUONG-DONG', role: 'officer', name: 'Cán bộ Dương Đông' });
  await upsertOfficer(db, { userId: ids.officer, unitCode: 'PQ', role: 'officer', name: 'Cán bộ thành phố' });
  await upsertOfficer(db, { userId: ids.admin, unitCode: 'PQ', role: 'admin', name: 'Quản trị' });
  tokens.citizen = await zaloUser(ids.citizen, 'Trần Thị Dân');
  tokens.other = await zaloUser(ids.other, 'Lê Văn Phường');
  tokens.officer = await zaloUser(ids.officer, 'Phạm Thị Thành');
  tokens.admin = await zaloUser(ids.admin, 'Nguyễn Quản Trị');
  base = `${stack.running!.url}/api/v1`;
}, 90_000);
afterAll(async () => { await stack?.close(); });

describe('mini-app API authorisation', () => {
  it('every route has an access rule, an expected answer per role, and a way to call it', () => {
    const listed = MINIAPP_ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect([...listed].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(RUN).sort()).toEqual(Object.keys(EXPECTED).sort());
    // …and the routers answer no route that is not listed (the inbox and report routes are mounted under /app/officer).
    const rt = stack.running!.rt;
    const served = [
      ...expressRoutesOf(miniAppApiRouter({ rt })),
      ...expressRoutesOf(feedbackRouter({ rt, actorOf: () => undefined })).map((r) => ({ ...r, path: `/app/officer${r.path}` })),
      ...expressRoutesOf(reportRouter({ db: rt.db, org: rt.org, periodRule: rt.config.periodRule })).map((r) => ({ ...r, path: `/app/officer${r.path}` })),
    ].map((r) => `${r.method.toUpperCase()} ${r.path}`);
    for (const route of served) expect(listed, `${route} is served but not in MINIAPP_ROUTES`).toContain(route);
  });

  for (const [route, row] of Object.entries(EXPECTED)) {
    it(`${route}: ${ROLES.map((r, i) => `${r} ${row[i]}`).join(', ')}`, async () => {
      const got: Record<string, number> = {};
      for (const role of ROLES) got[role] = (await RUN[route]!(role)).status;
      expect(got).toEqual(Object.fromEntries(ROLES.map((r, i) => [r, row[i]])));
    }, 60_000);
  }

  it('a bad token is 401; a verified token is cached (graph /me asked once for many calls)', async () => {
    const bad = await fetch(`${base}/me`, { headers: { authorization: 'Bearer not-a-real-token-123' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('Bearer');
    const t = stack.sim.issueMiniAppToken(ids.citizen!).accessToken;
    const before = stack.sim.stats().byEndpoint['/v2.0/me'] ?? 0;
    for (let i = 0; i < 5; i++) expect((await fetch(`${base}/me`, { headers: { 'x-zalo-access-token': t } })).status).toBe(200);
    expect((stack.sim.stats().byEndpoint['/v2.0/me'] ?? 0) - before).toBe(1);
    // The admin token is not a Zalo token: refused on mini-app routes, still good for the admin API.
    expect((await fetch(`${base}/me`, { headers: { authorization: 'Bearer miniapp-auth-admin-token-0123' } })).status).toBe(401);
    expect((await fetch(`${base}/feedback`, { headers: { authorization: 'Bearer miniapp-auth-admin-token-0123' } })).status).toBe(200);
    expect((await fetch(`${base}/feedback`, { headers: { authorization: `Bearer ${tokens.admin}` } })).status).toBe(401);
  });

  it('/me tells the role; bodies are validated; the dossier answer has nothing personal', async () => {
    const me = await (await call('officer', 'GET', '/me')).json() as { role: string; unit: { code: string }; linked: boolean; can: { reassign: boolean; writeReport: boolean } };
    expect(me).toMatchObject({ role: 'officer', unit: { code: 'PQ' }, linked: true, can: { reassign: false, writeReport: true } });
    expect((await call('citizen', 'POST', '/app/feedback', { content: 'ngắn' })).status).toBe(400);
    expect((await call('citizen', 'POST', '/app/feedback', { content: 'Nội dung đủ dài để gửi đi.', unit: 'Sao Hỏa' })).status).toBe(400);
    const rate = await call('citizen', 'POST', `/app/feedback/${await answeredCitizenItem()}/rate`, { rating: 'tuyệt vời' });
    expect(rate.status).toBe(400);
    const d = await (await call('citizen', 'GET', '/app/dossiers/000.00.30.h33-test-0001')).json() as Record<string, unknown>;
    expect(Object.keys(d).sort()).toEqual(['code', 'dueDate', 'procedure', 'receivedDate', 'receptionPoint', 'status']);
    expect(d.status).toMatchObject({ kind: 'early', text: 'Đã có kết quả trước hạn (ngày 04/06/2024)' });
  });

  it('a photo: multipart upload stored and linked; a file that is not an image is refused (415)', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b8f5f40000000049454e44ae426082', 'hex');
    const form = new FormData();
    form.set('content', 'Vỉa hè trước bộ phận một cửa bị lấn chiếm, khó đi lại.');
    form.set('unit', 'Dương Đông');
    form.append('photos', new Blob([png], { type: 'image/png' }), 'vỉa hè.png');
    const r = await fetch(`${base}/app/feedback`, { method: 'POST', headers: headersOf('citizen', { 'idempotency-key': 'test-photo-0001' }), body: form });
    expect(r.status).toBe(201);
    const item = ((await r.json()) as { item: { code: string; unit: { code: string }; dueDate: string; photos: { status: string; url?: string }[] } }).item;
    expect(item.unit.code).toBe('DUONG-DONG');
    expect(item.photos).toHaveLength(1);
    expect(item.photos[0]!.status).toBe('stored');
    expect((await fetch(item.photos[0]!.url!)).headers.get('content-type')).toBe('image/png');
    // The same Idempotency-Key files nothing new.
    const again = await fetch(`${base}/app/feedback`, { method: 'POST', headers: headersOf('citizen', { 'idempotency-key': 'test-photo-0001' }), body: form });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { item: { code: string } }).item.code).toBe(item.code);
    const notImage = new FormData();
    notImage.set('content', 'Một tệp không phải ảnh được gửi kèm theo.');
    notImage.append('photos', new Blob([Buffer.from('%PDF-1.4 test')], { type: 'image/png' }), 'gia.png');
    expect((await fetch(`${base}/app/feedback`, { method: 'POST', headers: headersOf('citizen'), body: notImage })).status).toBe(415);
  });

  it('a citizen who never wrote to the OA files under their mini-app id; once linked, the item is theirs in chat too', async () => {
    const userId = '7100000000000000009';
    stack.sim.createUser({ userId, name: 'Người mới' });
    const token = stack.sim.issueMiniAppToken(userId).accessToken;
    const h = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const me = await (await fetch(`${base}/me`, { headers: h })).json() as { linked: boolean; role: string };
    expect(me).toMatchObject({ linked: false, role: 'citizen' });
    const filed = await fetch(`${base}/app/feedback`, { method: 'POST', headers: h, body: JSON.stringify({ content: 'Đèn chiếu sáng khu vực chờ bị hỏng từ tuần trước.' }) });
    const code = ((await filed.json()) as { item: { code: string } }).item.code;
    const db = stack.running!.rt.db;
    expect((await getFeedback(db, code))!.citizenUserId).toMatch(/^app:/);
    await stack.sim.follow(userId);
    await waitUntil(async () => (await db.query('SELECT 1 FROM zalo_users WHERE user_id = $1 AND app_user_id IS NOT NULL', [userId])).rowCount === 1, 15_000);
    const mine = await (await fetch(`${base}/app/feedback`, { headers: h })).json() as { items: { code: string }[] };
    expect(mine.items.map((i) => i.code)).toContain(code);
    expect((await getFeedback(db, code))!.citizenUserId).toBe(userId);
  });

  it('CORS only for the configured mini-app origin; a preflight needs no token', async () => {
    const pre = await fetch(`${base}/app/feedback`, { method: 'OPTIONS', headers: { origin: 'https://h5.zdn.vn', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('https://h5.zdn.vn');
    expect(pre.headers.get('access-control-allow-headers')).toContain('Authorization');
    const search = await fetch(`${base}/procedures?q=khai%20sinh`, { headers: { origin: 'https://h5.zdn.vn' } });
    expect(search.headers.get('access-control-allow-origin')).toBe('https://h5.zdn.vn');
    const other = await fetch(`${base}/me`, { headers: { origin: 'https://evil.example', ...headersOf('citizen') } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the OpenAPI document is 3.1 and built from the request schemas', async () => {
    const doc = await (await fetch(`${base}/openapi.json`)).json() as { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths['/app/feedback']!.post!.requestBody!.content)).toEqual(['multipart/form-data', 'application/json']);
    expect(Object.keys(doc.paths['/app/feedback/{code}/rate']!.post!.requestBody!.content['application/json']!.schema.properties)).toEqual(['rating']);
  });
});
