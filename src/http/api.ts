import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { findUnit, type TOrg } from '../domain/org.ts';
import type { TPeriodRule } from '../domain/periods.ts';
import type { TTableFormat } from '../import/read-table.ts';
import type { Logger } from '../log.ts';
import { figuresOfPeriod, resolveReportPeriod } from '../services/figures.ts';
import { importDossiers } from '../services/import-dossiers.ts';
import { importFeedback } from '../services/import-feedback.ts';
import type { TFeedbackRuntime } from '../services/feedback-runtime.ts';
import { feedbackRouter } from './feedback-routes.ts';
import { readParts } from './multipart.ts';
import { reportRouter } from './report-routes.ts';
import type { Db } from '../store/db.ts';

/**
 * /api/v1 for officers and the admin: figures of a period and dossier import. Token auth for now (ADMIN_API_TOKEN as
 * a Bearer token); the mini-app issue adds Zalo auth. Answers are JSON; error messages are Vietnamese.
 */
export interface TApiDeps {
  db: Db;
  log: Logger;
  adminApiToken: string | undefined;
  org: TOrg | undefined;
  periodRule: TPeriodRule;
  now?: () => Date;
  /** largest accepted import file */
  importLimit?: string;
  /** feedback routes (list, read, answer, reject, reassign), acting as the admin token's holder */
  feedback?: TFeedbackRuntime;
}

/** At most this many row errors in an import answer; the total is always given. */
const MAX_ERRORS_IN_ANSWER = 10_000;

/** Compares digests, not the strings: equal lengths for timingSafeEqual, and no early exit on the first byte. */
function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function apiRouter(deps: TApiDeps): Router {
  const router = express.Router();
  const now = deps.now ?? (() => new Date());

  router.use((req, res, next) => {
    if (!deps.adminApiToken) {
      return void res.status(503).json({ error: 'API cán bộ chưa cấu hình: đặt biến ADMIN_API_TOKEN (ít nhất 16 ký tự) rồi khởi động lại.' });
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!m || !sameToken(m[1] ?? '', deps.adminApiToken)) {
      res.set('WWW-Authenticate', 'Bearer realm="motcua"');
      return void res.status(401).json({ error: 'Chưa xác thực: gửi kèm tiêu đề Authorization: Bearer <mã truy cập>.' });
    }
    next();
  });
  // JSON bodies of later endpoints; a malformed one is answered 400 by the error handler below.
  router.use(express.json({ limit: '1mb' }));

  const unitOf = (text: unknown): { ok: true; code: string | undefined } | { ok: false; error: string } => {
    if (text === undefined || text === '') return { ok: true, code: undefined };
    if (typeof text !== 'string') return { ok: false, error: 'Tham số unit chỉ được nêu một lần.' };
    if (deps.org) {
      const unit = findUnit(deps.org, text);
      if (unit) return { ok: true, code: unit.code };
      return { ok: false, error: `Không có đơn vị “${text}”. Các mã đơn vị: ${deps.org.units.map((u) => u.code).join(', ')}.` };
    }
    const code = text.trim().toUpperCase();
    return /^[A-Z0-9][A-Z0-9-]*$/.test(code) ? { ok: true, code } : { ok: false, error: `Mã đơn vị “${text}” không hợp lệ.` };
  };

  if (deps.feedback) router.use(feedbackRouter({ rt: deps.feedback, actorOf: () => ({ kind: 'admin', name: 'token' }), now }));

  router.get('/stats', async (req, res) => {
    const period = req.query.period;
    if (typeof period !== 'string' || period.trim() === '') {
      return void res.status(400).json({ error: 'Thiếu tham số period (kỳ báo cáo), ví dụ ?period=2024-06.' });
    }
    const p = resolveReportPeriod(period, { now: now(), rule: deps.periodRule });
    if (!p.ok) return void res.status(400).json({ error: p.error });
    const unit = unitOf(req.query.unit);
    if (!unit.ok) return void res.status(400).json({ error: unit.error });
    res.json(await figuresOfPeriod(deps.db, p.period, { org: deps.org, unit: unit.code }));
  });

  /** CSV/XLSX upload (raw body or multipart field `file`); a file with bad rows is refused whole unless ?skip_invalid=1. */
  const importRoute = (what: string, run: (data: Buffer, o: { org: TOrg; skipInvalid: boolean; format?: TTableFormat; fileName?: string }) => Promise<Awaited<ReturnType<typeof importDossiers>>>) =>
    async (req: Request, res: Response) => {
      if (!deps.org) return void res.status(503).json({ error: 'Chưa có tệp cấu hình tổ chức (ORG_CONFIG_FILE): không kiểm tra được đơn vị.' });
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const format = req.query.format;
      if (format !== undefined && format !== 'csv' && format !== 'xlsx') {
        return void res.status(400).json({ error: 'Tham số format phải là csv hoặc xlsx.' });
      }
      let file: { data: Buffer; fileName?: string };
      const type = req.get('content-type') ?? '';
      if (/^multipart\/form-data/i.test(type)) {
        const part = firstFilePart(body, type);
        if (!part) return void res.status(400).json({ error: 'Không thấy tệp trong nội dung multipart/form-data (trường file).' });
        file = part;
      } else {
        file = { data: body };
      }
      if (file.data.length === 0) return void res.status(400).json({ error: 'Nội dung trống: gửi tệp CSV hoặc XLSX.' });
      const skipInvalid = ['1', 'true', 'yes'].includes(String(req.query.skip_invalid ?? req.query.skipInvalid ?? '').toLowerCase());
      const r = await run(file.data, { org: deps.org, skipInvalid, ...(format ? { format: format as TTableFormat } : {}), ...(file.fileName ? { fileName: file.fileName } : {}) });
      deps.log.info({ rows: r.rows, inserted: r.inserted, updated: r.updated, rejected: r.rejected, written: r.written }, `${what} import`);
      const answer = {
        imported: r.written,
        format: r.format,
        rows: r.rows,
        inserted: r.inserted,
        updated: r.updated,
        unchanged: r.unchanged,
        rejected: r.rejected,
        errors_total: r.errors.length,
        errors: r.errors.slice(0, MAX_ERRORS_IN_ANSWER).map((e) => ({ line: e.line, column: e.column, header: e.header, reason: e.reason })),
        warnings: r.warnings,
        ...(r.written ? {} : { error: r.format === null ? 'Không đọc được tệp.' : 'Tệp có dòng lỗi: không ghi dòng nào (thêm ?skip_invalid=1 để chỉ nhập các dòng hợp lệ).' }),
      };
      res.status(r.written ? 200 : 422).json(answer);
    };
  const raw = express.raw({ type: () => true, limit: deps.importLimit ?? '200mb' });
  router.post('/dossiers/import', raw, importRoute('dossier', (data, o) => importDossiers(deps.db, data, o)));
  router.post('/feedback/import', raw, importRoute('feedback', (data, o) => importFeedback(deps.db, data, o)));

  router.use(reportRouter(deps));

  router.use((_req, res) => { res.status(404).json({ error: 'Không có API này.' }); });
  router.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (err.type === 'entity.parse.failed') return void res.status(400).json({ error: 'Nội dung JSON không hợp lệ.' });
    if (err.type === 'entity.too.large') return void res.status(413).json({ error: 'Tệp quá lớn.' });
    next(err);
  });
  return router;
}

/**
 * The first part of a multipart/form-data body that carries a file (or else the first part): enough for one upload
 * field without a dependency. Bytes are kept as they are (XLSX is binary).
 */
export function firstFilePart(body: Buffer, contentType: string): { data: Buffer; fileName?: string } | undefined {
  const parts = readParts(body, contentType);
  const part = parts?.find((p) => p.fileName !== undefined) ?? parts?.[0];
  if (!part) return undefined;
  return part.fileName !== undefined ? { data: part.data, fileName: part.fileName } : { data: part.data };
}
