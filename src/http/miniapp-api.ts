/**
 * The mini-app's API under /api/v1, on the same domain services as the chat: who am I, units,
 * dossier look-up, filing feedback with photos, following and rating one's items; for officers the figures of a
 * period with the previous one, the feedback inbox (the officer API's feedbackRouter, acting as the signed-in
 * officer) and the monthly report (reportRouter). Every route is in MINIAPP_ROUTES with its access rule and zod
 * schemas; the same list builds the OpenAPI 3.1 document at /api/v1/openapi.json, and the authorisation test
 * walks it, so a route cannot be added without an access rule and an expected answer per role.
 *
 * Mounted before the admin-token apiRouter, on paths of its own (/me, /app/…, /openapi.json): anything else
 * falls through to the admin API unchanged.
 */
import { randomUUID } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { DOSSIER_TEXTS } from '../bot/texts.ts';
import type { TConfig } from '../config.ts';
import { canReassign, isOpen, STATUS_LABELS, ZFeedbackContent, type TActor, type TFeedbackItem } from '../domain/feedback/model.ts';
import { daysBetween, formatDate, formatNumber, todayInVietnam } from '../domain/format.ts';
import { findUnit, type TOrg } from '../domain/org.ts';
import { shiftPeriod } from '../domain/periods.ts';
import { normaliseProcedureCode } from '../domain/procedure.ts';
import { ACCEPTED_TYPES, attachmentLabel, attachmentRelName, bufferProbe, detectType, formatSize, storeUpload } from '../services/attachments.ts';
import { catalogueServiceFor, type CatalogueService } from '../services/catalogue.ts';
import { fileFeedback, rateFeedbackAs, unitLabel } from '../services/feedback.ts';
import { feedbackEnv, type TFeedbackRuntime } from '../services/feedback-runtime.ts';
import { figuresOfPeriod, resolveReportPeriod, toDate } from '../services/figures.ts';
import { queueNotices, writeNotices } from '../services/notify.ts';
import { findDossierByCode } from '../store/dossiers.ts';
import { listAttachments, markAttachment } from '../store/feedback-attachments.ts';
import { getFeedback, listFeedback, listFeedbackEvents, setAnswerNotice } from '../store/feedback.ts';
import { feedbackRouter } from './feedback-routes.ts';
import { appRoleOf, citizenActorOf, miniAppAuthenticator, officerActorOf, userOf, type TMiniAppUser } from './miniapp-auth.ts';
import { parseMultipart } from './multipart.ts';
import { reportRouter } from './report-routes.ts';

// ---------------------------------------------------------------------------------------------------------------
// Schemas (request bodies and queries are validated with these; the OpenAPI document is generated from them)

const ZCodeParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);
const ZFeedbackCodeParam = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);

export const ZFileFeedback = z.object({
  content: ZFeedbackContent.describe('Nội dung phản ánh (10–4.000 ký tự)'),
  unit: z.string().trim().max(100).optional().describe('Đơn vị (mã, tên hoặc tên ngắn) phải trả lời'),
  procedure: z.string().trim().max(60).optional().describe('Mã thủ tục liên quan, ví dụ 1.001193'),
  lat: z.coerce.number().min(-90).max(90).optional(),
  lng: z.coerce.number().min(-180).max(180).optional(),
});
/** JSON variant: photos as base64 (multipart/form-data with `photos` file parts is the usual way). */
export const ZFileFeedbackJson = ZFileFeedback.extend({
  photos: z.array(z.object({ name: z.string().max(200).optional(), data: z.string().max(20_000_000).describe('base64') })).max(20).optional(),
});
export const ZRate = z.object({ rating: z.enum(['satisfied', 'unsatisfied']) });
export const ZMyFeedbackQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
export const ZFiguresQuery = z.object({
  period: z.string().trim().min(1).max(40).default('tháng này').describe('2024-06, 06/2024, "tháng trước"…'),
  unit: z.string().trim().max(100).optional(),
});
export const ZInboxQuery = z.object({
  status: z.enum(['open', 'received', 'answered', 'rejected', 'reopened']).optional(),
  source: z.enum(['national_portal', 'province', 'city']).optional(),
  unit: z.string().max(100).optional(),
  period: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});
export const ZAnswerBody = z.object({ text: z.string().max(4000) });
export const ZRejectBody = z.object({ reason: z.string().max(4000) });
export const ZReassignBody = z.object({ unit: z.string().min(1).max(100) });
export const ZReportTextsBody = z.union([
  z.object({ texts: z.record(z.string(), z.string().max(20_000)), updated_by: z.string().max(100).optional() }),
  z.object({ part: z.string().max(20), text: z.string().max(20_000), updated_by: z.string().max(100).optional() }),
]);

// ---------------------------------------------------------------------------------------------------------------
// The route list

/** public: no token; user: any signed-in Zalo user; officer: officers table role officer, leader or admin. */
export type TAccess = 'public' | 'user' | 'officer';

export interface TRouteSpec {
  method: 'get' | 'post' | 'put';
  /** express path under /api/v1 */
  path: string;
  access: TAccess;
  summary: string;
  query?: z.ZodType;
  body?: z.ZodType;
  bodyTypes?: string[];
  /** what else may refuse (shown in the document) */
  notes?: string;
  produces?: string;
}

export const MINIAPP_ROUTES: readonly TRouteSpec[] = [
  { method: 'get', path: '/openapi.json', access: 'public', summary: 'Tài liệu OpenAPI 3.1 của API mini app' },
  { method: 'get', path: '/procedures', access: 'public', summary: 'Tìm thủ tục (?q=) hoặc liệt kê theo lĩnh vực (?field=) — catalogueRouter' },
  { method: 'get', path: '/procedures/:code', access: 'public', summary: 'Một thủ tục theo mã — catalogueRouter' },
  { method: 'get', path: '/me', access: 'user', summary: 'Người đang đăng nhập: tên, vai trò, đơn vị' },
  { method: 'get', path: '/app/units', access: 'user', summary: 'Các đơn vị (nơi tiếp nhận) để chọn khi gửi phản ánh' },
  { method: 'get', path: '/app/dossiers/:code', access: 'user', summary: 'Tra cứu tình trạng một hồ sơ (không có thông tin cá nhân)' },
  { method: 'post', path: '/app/feedback', access: 'user', summary: 'Gửi phản ánh, kiến nghị kèm tối đa 5 ảnh', body: ZFileFeedbackJson, bodyTypes: ['multipart/form-data', 'application/json'], notes: 'Header Idempotency-Key: gửi lại cùng khóa không tạo phản ánh thứ hai.' },
  { method: 'get', path: '/app/feedback', access: 'user', summary: 'Phản ánh của tôi', query: ZMyFeedbackQuery },
  { method: 'get', path: '/app/feedback/:code', access: 'user', summary: 'Một phản ánh của tôi: diễn biến, câu trả lời, ảnh', notes: '403 nếu không phải phản ánh của người gọi.' },
  { method: 'post', path: '/app/feedback/:code/rate', access: 'user', summary: 'Đánh giá câu trả lời (chưa hài lòng: mở lại một lần)', body: ZRate },
  { method: 'get', path: '/app/officer/figures', access: 'officer', summary: 'Số liệu hồ sơ của một kỳ và kỳ trước, theo cấp thẩm quyền', query: ZFiguresQuery },
  { method: 'get', path: '/app/officer/feedback', access: 'officer', summary: 'Hộp thư phản ánh (cán bộ: của đơn vị mình; lãnh đạo, quản trị: tất cả)', query: ZInboxQuery },
  { method: 'get', path: '/app/officer/feedback/:code', access: 'officer', summary: 'Một phản ánh, kèm diễn biến và ảnh', notes: '403 với phản ánh của đơn vị khác (trừ lãnh đạo, quản trị).' },
  { method: 'post', path: '/app/officer/feedback/:code/answer', access: 'officer', summary: 'Trả lời phản ánh', body: ZAnswerBody, notes: '403 với phản ánh của đơn vị khác; 409 nếu đã đóng.' },
  { method: 'post', path: '/app/officer/feedback/:code/reject', access: 'officer', summary: 'Từ chối xử lý phản ánh', body: ZRejectBody },
  { method: 'post', path: '/app/officer/feedback/:code/reassign', access: 'officer', summary: 'Chuyển phản ánh sang đơn vị khác', body: ZReassignBody, notes: 'Chỉ lãnh đạo và quản trị.' },
  { method: 'get', path: '/app/officer/reports/:file', access: 'officer', summary: 'Báo cáo tháng: 2024-06.docx, 2024-06.md, hoặc tóm tắt JSON (2024-06)', produces: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { method: 'get', path: '/app/officer/reports/:period/texts', access: 'officer', summary: 'Các phần lời văn của báo cáo kỳ này' },
  { method: 'put', path: '/app/officer/reports/:period/texts', access: 'officer', summary: 'Sửa lời văn báo cáo', body: ZReportTextsBody, notes: 'Lãnh đạo, quản trị và cán bộ của đơn vị đầu mối (bộ phận một cửa cấp cao nhất).' },
];

// ---------------------------------------------------------------------------------------------------------------
// OpenAPI

const toSchema = (s: z.ZodType) => z.toJSONSchema(s, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

export function openApiDocument(serverUrl = '/api/v1'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of MINIAPP_ROUTES) {
    const p = r.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const params = [...r.path.matchAll(/:([A-Za-z]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    if (r.query) {
      const js = toSchema(r.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(js.properties ?? {})) params.push({ name, in: 'query', required: (js.required ?? []).includes(name) && !(schema as { default?: unknown }).default, schema } as never);
    }
    const responses: Record<string, unknown> = {
      200: { description: 'Thành công', content: { [r.produces ?? 'application/json']: {} } },
      400: { description: 'Yêu cầu không hợp lệ', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    };
    if (r.access !== 'public') {
      responses[401] = { description: 'Thiếu hoặc sai mã truy cập Zalo', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
      responses[503] = { description: 'Không kiểm tra được mã truy cập với Zalo' };
    }
    if (r.access === 'officer' || r.notes?.includes('403')) responses[403] = { description: 'Không có quyền', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    if (r.path.includes(':')) responses[404] = { description: 'Không tìm thấy' };
    const op: Record<string, unknown> = {
      operationId: `${r.method}${r.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: r.summary,
      ...(r.notes ? { description: r.notes } : {}),
      tags: [r.access === 'officer' ? 'cán bộ' : r.access === 'public' ? 'công khai' : 'người dân'],
      'x-access': r.access,
      security: r.access === 'public' ? [] : [{ zaloMiniApp: [] }, { zaloMiniAppHeader: [] }],
      ...(params.length ? { parameters: params } : {}),
      ...(r.body ? { requestBody: { required: true, content: Object.fromEntries((r.bodyTypes ?? ['application/json']).map((t) => [t, { schema: toSchema(r.body!) }])) } } : {}),
      responses,
    };
    (paths[p] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'motcua — API của mini app Zalo',
      version: '1',
      description: 'Xác thực bằng mã truy cập của mini app Zalo (zmp-sdk getAccessToken), kiểm tra với graph /me kèm appsecret_proof. '
        + 'Các API khác dưới /api/v1 (nhập dữ liệu, thống kê, phản ánh cho quản trị) dùng ADMIN_API_TOKEN.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        zaloMiniApp: { type: 'http', scheme: 'bearer', description: 'Mã truy cập mini app Zalo' },
        zaloMiniAppHeader: { type: 'apiKey', in: 'header', name: 'X-Zalo-Access-Token' },
      },
      schemas: { Error: { type: 'object', properties: { error: { type: 'string' } }, required: ['error'] } },
    },
    paths,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The router

export interface TMiniAppApiDeps {
  rt: TFeedbackRuntime & { config: TConfig };
  now?: () => Date;
  catalogue?: CatalogueService;
  auth?: ReturnType<typeof miniAppAuthenticator>;
}

function bad(res: Response, error: z.ZodError | string, status = 400): void {
  const message = typeof error === 'string' ? error : error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  res.status(status).json({ error: message });
}

const ROLE_LABELS = { citizen: 'Người dân', officer: 'Cán bộ', leader: 'Lãnh đạo', admin: 'Quản trị' } as const;

/** Who may write the report's texts: leaders, admins, and officers of the organisation's default desk. */
export function canWriteReport(u: TMiniAppUser, org: TOrg | undefined): boolean {
  if (!u.officer) return false;
  if (u.officer.role !== 'officer') return true;
  return u.officer.unitCode === (org?.defaultDesk ?? 'PQ');
}

type TPhoto = { name: string | undefined; data: Buffer };

export function miniAppApiRouter(deps: TMiniAppApiDeps): Router {
  const { rt } = deps;
  const router = express.Router();
  const now = deps.now ?? (() => new Date());
  const catalogue = deps.catalogue ?? catalogueServiceFor(rt.db, { onError: (err, what) => rt.log.warn({ err }, what) });
  const auth = deps.auth ?? miniAppAuthenticator({ db: rt.db, graphBaseUrl: rt.config.zalo.graphBaseUrl, appSecret: rt.config.zalo.appSecret, log: rt.log });
  const f = rt.config.feedback;
  const users = new WeakMap<Request, TMiniAppUser>();
  const listening = (req: Request) => `${req.protocol}://${req.get('host')}`;

  router.get('/openapi.json', (req, res) => {
    res.set('Cache-Control', 'public, max-age=300');
    res.json(openApiDocument(`${listening(req)}/api/v1`));
  });

  // CORS for the mini-app as Zalo serves it (another origin); preflights answer before the token check. The public
  // catalogue routes (/procedures, answered by catalogueRouter after this router) get the same headers.
  const corsOrigins = new Set(rt.config.miniAppCorsOrigins ?? []);
  router.use(['/me', '/app', '/openapi.json', '/procedures'], (req, res, next) => {
    const origin = req.get('origin');
    if (origin && corsOrigins.has(origin)) {
      res.vary('Origin');
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Expose-Headers', 'Content-Disposition, X-Report-Failures');
      if (req.method === 'OPTIONS') {
        res.set('Access-Control-Allow-Methods', 'GET, POST, PUT');
        res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Zalo-Access-Token');
        res.set('Access-Control-Max-Age', '600');
        return void res.status(204).end();
      }
    }
    next();
  });

  const signedIn = async (req: Request, res: Response, next: NextFunction) => {
    await auth.middleware(req, res, () => {
      users.set(req, userOf(res));
      next();
    });
  };
  const officerOnly = (req: Request, res: Response, next: NextFunction) => {
    const u = users.get(req);
    if (!u || !officerActorOf(u)) return void res.status(403).json({ error: 'Chức năng này dành cho cán bộ bộ phận một cửa.' });
    next();
  };
  router.use(['/me', '/app'], signedIn);
  router.use('/app/officer', officerOnly);
  // Small JSON bodies everywhere but the filing route, which takes photos (its own parsers and limit).
  const smallJson = express.json({ limit: '1mb' });
  router.use('/app', (req, res, next) => (req.method === 'POST' && req.path === '/feedback' ? next() : smallJson(req, res, next)));

  router.get('/me', (req, res) => {
    const u = userOf(res);
    const role = appRoleOf(u);
    const unit = u.officer ? { code: u.officer.unitCode, name: unitLabel({ org: rt.org }, u.officer.unitCode) } : null;
    const officer = officerActorOf(u);
    res.json({
      name: u.name || u.officer?.name || 'Người dùng Zalo',
      avatar: u.avatar ?? null,
      role,
      roleLabel: ROLE_LABELS[role],
      unit,
      linked: u.oaUserId !== null,
      can: {
        officerPages: Boolean(officer),
        reassign: officer ? canReassign(officer) : false,
        writeReport: canWriteReport(u, rt.org),
      },
      limits: { photos: f.attachmentMaxCount, photoBytes: f.attachmentMaxBytes },
    });
  });

  router.get('/app/units', (_req, res) => {
    const org = rt.org;
    res.json({
      defaultDesk: org?.defaultDesk ?? rt.deskUnit,
      units: (org?.units ?? []).map((u) => ({ code: u.code, name: u.name, shortName: u.shortName ?? u.name, level: u.level })),
    });
  });

  router.get('/app/dossiers/:code', async (req, res) => {
    const code = ZCodeParam.safeParse(String(req.params.code).trim());
    if (!code.success) return void bad(res, 'Mã hồ sơ không hợp lệ: gõ đúng mã in trên giấy tiếp nhận và hẹn trả kết quả.');
    const d = await findDossierByCode(rt.db, code.data);
    if (!d) return void res.status(404).json({ error: DOSSIER_TEXTS.notFound(code.data).replace(/ hoặc gõ "gặp cán bộ" để được hỗ trợ\.$/, '.') });
    const today = todayInVietnam(now());
    const p = await catalogue.getProcedure(d.procedureCode);
    const t = DOSSIER_TEXTS;
    let status: { kind: string; text: string };
    if (d.finishedDate !== undefined && d.finishedDate <= today) {
      const date = formatDate(d.finishedDate);
      status = d.finishedDate < d.dueDate ? { kind: 'early', text: t.statusEarly(date) } : d.finishedDate === d.dueDate ? { kind: 'on-time', text: t.statusOnTime(date) } : { kind: 'late', text: t.statusLate(date) };
    } else if (d.withdrawnDate !== undefined && d.withdrawnDate <= today) {
      status = { kind: 'withdrawn', text: t.statusWithdrawn(formatDate(d.withdrawnDate)) };
    } else if (d.dueDate < today) {
      status = { kind: 'overdue', text: t.statusOverdue(formatNumber(daysBetween(d.dueDate, today))) };
    } else {
      status = { kind: 'pending', text: t.statusPending };
    }
    res.json({
      code: d.code,
      procedure: { code: d.procedureCode, name: p?.name ?? null },
      receptionPoint: unitLabel({ org: rt.org }, d.receptionPoint),
      receivedDate: d.receivedDate,
      dueDate: d.dueDate,
      status: { ...status, text: status.text.charAt(0).toUpperCase() + status.text.slice(1) },
    });
  });

  // ---- filing ----------------------------------------------------------------------------------------------
  const uploadLimit = f.attachmentMaxCount * Math.ceil(f.attachmentMaxBytes * 1.37) + 1_000_000;
  router.post('/app/feedback', express.raw({ type: (r) => /^multipart\/form-data/i.test(r.headers['content-type'] ?? ''), limit: uploadLimit }), express.json({ limit: uploadLimit }), async (req, res) => {
    const u = userOf(res);
    const type = req.get('content-type') ?? '';
    let fields: unknown;
    let photos: TPhoto[] = [];
    if (/^multipart\/form-data/i.test(type)) {
      const parts = Buffer.isBuffer(req.body) ? parseMultipart(req.body, type) : undefined;
      if (!parts) return void bad(res, 'Nội dung multipart/form-data không đọc được.');
      fields = parts.fields;
      photos = parts.files.filter((p) => p.data.length > 0 || p.fileName).map((p) => ({ name: p.fileName, data: p.data }));
    } else if (/^application\/json/i.test(type)) {
      const body = ZFileFeedbackJson.safeParse(req.body ?? {});
      if (!body.success) return void bad(res, body.error);
      fields = req.body;
      photos = (body.data.photos ?? []).map((p) => ({ name: p.name, data: Buffer.from(p.data.replace(/^data:[^,]*,/, ''), 'base64') }));
    } else {
      return void bad(res, 'Gửi phản ánh dưới dạng multipart/form-data (kèm ảnh) hoặc JSON.', 415);
    }
    const parsed = ZFileFeedback.safeParse(fields);
    if (!parsed.success) return void bad(res, parsed.error);
    const d = parsed.data;
    if (photos.length > f.attachmentMaxCount) return void bad(res, `Chỉ gửi được tối đa ${f.attachmentMaxCount} ảnh cho một phản ánh.`);
    for (const [i, p] of photos.entries()) {
      const label = attachmentLabel({ kind: 'image', originalName: p.name, index: i + 1, ofKind: photos.length });
      if (p.data.length > f.attachmentMaxBytes) return void bad(res, `${label} lớn hơn ${formatSize(f.attachmentMaxBytes)}; xin chọn ảnh nhỏ hơn.`, 413);
      if (p.data.length === 0) return void bad(res, `${label} không có nội dung.`);
      const kind = await detectType(bufferProbe(p.data));
      if (!kind.ok || !ACCEPTED_TYPES[kind.ext].image) return void bad(res, `${label} không phải ảnh JPG, PNG, WebP hoặc GIF.`, 415);
    }
    let unitCode: string | undefined;
    if (d.unit) {
      const unit = rt.org ? findUnit(rt.org, d.unit) : undefined;
      if (!unit) return void bad(res, `Không có đơn vị “${d.unit.slice(0, 60)}”.`);
      unitCode = unit.code;
    }
    let procedureCode: string | undefined;
    if (d.procedure) {
      const code = normaliseProcedureCode(d.procedure);
      if (!code) return void bad(res, 'Mã thủ tục không hợp lệ (ví dụ đúng: 1.001193).');
      procedureCode = code;
    }
    const location = d.lat !== undefined && d.lng !== undefined ? { lat: d.lat, lng: d.lng } : undefined;
    const key = req.get('idempotency-key')?.trim();
    const filedEventId = key && /^[A-Za-z0-9._:-]{8,100}$/.test(key) ? `miniapp:${u.appUserId}:${key}` : `miniapp:${randomUUID()}`;
    const at = now();
    const env = feedbackEnv(rt, at, listening(req));
    const citizen = citizenActorOf(u);
    const keyBase = `miniapp:file:${filedEventId}`;
    const filed = await rt.db.transaction(async (tx) => {
      const r = await fileFeedback(tx, env, {
        content: d.content,
        attachments: photos.map((p) => ({ kind: 'image' as const, url: '', ...(p.name ? { name: p.name } : {}), size: p.data.length })),
        ...(unitCode ? { unitCode, placeBy: 'chosen' as const } : {}),
        ...(location ? { location } : {}),
        ...(procedureCode ? { procedureCode } : {}),
        channel: 'miniapp',
        citizenUserId: citizen.userId,
        filedEventId,
      });
      if (!r.created) return r;
      for (const [i, p] of photos.entries()) {
        const seq = i + 1;
        const stored = await storeUpload(p.data, {
          dir: f.attachmentDir,
          relName: attachmentRelName(r.item.code, seq, p.name, 'image'),
          maxBytes: f.attachmentMaxBytes,
          label: attachmentLabel({ kind: 'image', originalName: p.name, index: seq, ofKind: photos.length }),
        });
        await markAttachment(tx, r.item.code, seq, stored.ok
          ? { status: 'stored', storedPath: stored.storedPath, mime: stored.mime, sizeBytes: stored.sizeBytes, sha256: stored.sha256 }
          : { status: 'rejected', reason: stored.reason });
      }
      await writeNotices(tx, keyBase, r.notices);
      return r;
    });
    if (filed.created) await queueNotices(rt, keyBase);
    rt.log.info({ code: filed.item.code, photos: photos.length, created: filed.created }, 'feedback filed in the mini-app');
    res.status(filed.created ? 201 : 200).json({ created: filed.created, item: await citizenView(filed.item, env.fileLink) });
  });

  // ---- one's own items -------------------------------------------------------------------------------------
  const citizenView = async (item: TFeedbackItem, fileLink?: (code: string, seq: number) => string | undefined) => {
    const [events, atts] = await Promise.all([listFeedbackEvents(rt.db, item.code), listAttachments(rt.db, item.code)]);
    const timeline = events
      .filter((e) => ['filed', 'reassigned', 'answered', 'rejected', 'rated', 'reopened'].includes(e.action))
      .map((e) => ({
        at: e.at,
        action: e.action,
        ...(e.action === 'reassigned' && typeof e.detail.to === 'string' ? { unit: unitLabel({ org: rt.org }, e.detail.to) } : {}),
        ...(e.action === 'rated' && typeof e.detail.rating === 'string' ? { rating: e.detail.rating } : {}),
      }));
    return {
      code: item.code,
      status: item.status,
      statusLabel: STATUS_LABELS[item.status],
      open: isOpen(item.status),
      subject: item.subject,
      content: item.content,
      unit: { code: item.unitCode, name: unitLabel({ org: rt.org }, item.unitCode) },
      procedureCode: item.procedureCode,
      receivedAt: item.receivedAt,
      receivedDate: item.receivedDate,
      dueDate: item.dueDate,
      closedDate: item.closedDate,
      answer: item.answer,
      answeredAt: item.answeredAt,
      rejectReason: item.rejectReason,
      rating: item.rating,
      canRate: item.status === 'answered' && item.rating === null,
      timeline,
      photos: atts.map((a) => ({ seq: a.seq, status: a.status, reason: a.reason, ...(a.status === 'stored' && fileLink ? { url: fileLink(item.code, a.seq) } : {}) })),
    };
  };

  router.get('/app/feedback', async (req, res) => {
    const q = ZMyFeedbackQuery.safeParse(req.query);
    if (!q.success) return void bad(res, q.error);
    const who = citizenActorOf(userOf(res));
    const items = await listFeedback(rt.db, { involving: who.userId, order: 'newest', limit: q.data.limit });
    res.json({
      items: items.map((i) => ({
        code: i.code, status: i.status, statusLabel: STATUS_LABELS[i.status], subject: i.subject ?? i.content.slice(0, 80),
        receivedDate: i.receivedDate, dueDate: i.dueDate, closedDate: i.closedDate, unit: unitLabel({ org: rt.org }, i.unitCode),
        canRate: i.status === 'answered' && i.rating === null, mine: i.citizenUserId === who.userId,
      })),
    });
  });

  router.get('/app/feedback/:code', async (req, res) => {
    const code = ZFeedbackCodeParam.safeParse(String(req.params.code));
    if (!code.success) return void bad(res, 'Mã phản ánh không hợp lệ.');
    const item = await getFeedback(rt.db, code.data);
    if (!item) return void res.status(404).json({ error: `Không tìm thấy phản ánh ${code.data}.` });
    const who = citizenActorOf(userOf(res));
    if (item.citizenUserId !== who.userId) return void res.status(403).json({ error: `Phản ánh ${code.data} không phải của bạn.` });
    if (item.answerNotice === 'pending' && !isOpen(item.status)) await setAnswerNotice(rt.db, item.code, 'shown');
    res.json({ item: await citizenView(item, feedbackEnv(rt, now(), listening(req)).fileLink) });
  });

  router.post('/app/feedback/:code/rate', async (req, res) => {
    const code = ZFeedbackCodeParam.safeParse(String(req.params.code));
    if (!code.success) return void bad(res, 'Mã phản ánh không hợp lệ.');
    const body = ZRate.safeParse(req.body ?? {});
    if (!body.success) return void bad(res, body.error);
    const who: TActor = citizenActorOf(userOf(res));
    const env = feedbackEnv(rt, now(), listening(req));
    const keyBase = `miniapp:rate:${code.data}:${Date.now()}:${randomUUID().slice(0, 8)}`;
    const r = await rt.db.transaction(async (tx) => {
      const result = await rateFeedbackAs(tx, env, who, code.data, body.data.rating);
      if (result.ok) await writeNotices(tx, keyBase, result.notices);
      return result;
    });
    if (!r.ok) return void res.status(r.status).json({ error: r.error });
    await queueNotices(rt, keyBase);
    res.json({ item: await citizenView((await getFeedback(rt.db, code.data))!, env.fileLink), message: r.reply.map((m) => ('text' in m ? m.text : '')).join('\n') });
  });

  // ---- officers --------------------------------------------------------------------------------------------
  router.get('/app/officer/figures', async (req, res) => {
    const q = ZFiguresQuery.safeParse(req.query);
    if (!q.success) return void bad(res, q.error);
    const at = now();
    const p = resolveReportPeriod(q.data.period, { now: at, rule: rt.config.periodRule });
    if (!p.ok) return void bad(res, p.error);
    let unit: string | undefined;
    if (q.data.unit) {
      const found = rt.org ? findUnit(rt.org, q.data.unit) : undefined;
      if (!found) return void bad(res, `Không có đơn vị “${q.data.unit.slice(0, 60)}”.`);
      unit = found.code;
    }
    const previous = toDate(shiftPeriod(p.period, -1), at);
    const [cur, prev] = await Promise.all([
      figuresOfPeriod(rt.db, p.period, { org: rt.org, unit }),
      figuresOfPeriod(rt.db, previous, { org: rt.org, unit }),
    ]);
    res.json({ unit: unit ? { code: unit, name: unitLabel({ org: rt.org }, unit) } : null, current: cur, previous: prev });
  });

  // The inbox: the officer API's routes, acting as the signed-in officer; bodies checked with the schemas above.
  const checkBody = (schema: z.ZodType) => (req: Request, res: Response, next: NextFunction) => {
    const r = schema.safeParse(req.body ?? {});
    if (!r.success) return void bad(res, r.error);
    next();
  };
  router.get('/app/officer/feedback', (req, res, next) => {
    const q = ZInboxQuery.safeParse(req.query);
    if (!q.success) return void bad(res, q.error);
    next();
  });
  router.post('/app/officer/feedback/:code/answer', checkBody(ZAnswerBody));
  router.post('/app/officer/feedback/:code/reject', checkBody(ZRejectBody));
  router.post('/app/officer/feedback/:code/reassign', checkBody(ZReassignBody));
  router.use('/app/officer', feedbackRouter({ rt, now, actorOf: (req) => { const u = users.get(req); return u ? officerActorOf(u) : undefined; } }));

  router.put('/app/officer/reports/:period/texts', (req, res, next) => {
    const u = users.get(req);
    if (!u || !canWriteReport(u, rt.org)) return void res.status(403).json({ error: 'Chỉ lãnh đạo, quản trị và cán bộ của bộ phận đầu mối được sửa lời văn báo cáo.' });
    const r = ZReportTextsBody.safeParse(req.body ?? {});
    if (!r.success) return void bad(res, r.error);
    // The report routes record who wrote the text: the officer's Zalo name, never a name from the body.
    req.body = { ...(req.body as object), updated_by: `${u.name || 'cán bộ'} (mini app)` };
    next();
  });
  router.use('/app/officer', reportRouter({ db: rt.db, org: rt.org, periodRule: rt.config.periodRule, now, log: rt.log }));

  router.use('/app', (_req, res) => { res.status(404).json({ error: 'Không có API này.' }); });
  router.use(['/me', '/app'], (err: Error & { type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === 'entity.parse.failed') return void res.status(400).json({ error: 'Nội dung JSON không hợp lệ.' });
    if (err.type === 'entity.too.large') return void res.status(413).json({ error: 'Nội dung quá lớn: mỗi ảnh tối đa ' + formatSize(f.attachmentMaxBytes) + '.' });
    next(err);
  });
  return router;
}

/** The express routes the router answers (method + path), for the test that checks every route has an access rule. */
export function expressRoutesOf(router: Router): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = [];
  for (const layer of (router as unknown as { stack: { route?: { path: string | string[]; methods: Record<string, boolean> } }[] }).stack) {
    if (!layer.route) continue;
    for (const path of [layer.route.path].flat()) {
      for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.push({ method: m, path });
    }
  }
  return out;
}
