import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { normaliseProcedureCode, type TProcedure } from '../domain/procedure.ts';
import { fold } from '../domain/vietnamese.ts';
import type { Logger } from '../log.ts';
import { loadMiniAppLinkConfig, MiniAppLinkError, miniAppLink, qrPng, qrSvg, type TMiniAppLinkConfig } from '../report/qr.ts';
import { catalogueServiceFor, type CatalogueService } from '../services/catalogue.ts';
import { importProcedureFiles } from '../services/catalogue-import.ts';
import type { Db } from '../store/db.ts';

export interface TCatalogueRouteDeps {
  db: Db;
  /** ADMIN_API_TOKEN: unset disables the officer routes (503) rather than leaving them open */
  adminApiToken: string | undefined;
  log: Logger;
  /** default: the process's shared service for `db` */
  catalogue?: CatalogueService;
  /** default: MINIAPP_LINK_TEMPLATE and ZALO_MINI_APP_ID from the environment, read at the first QR request */
  miniAppLink?: TMiniAppLinkConfig;
}

const UPLOAD_LIMIT = '20mb';
const truthy = (v: unknown) => typeof v === 'string' && ['1', 'true', 'yes', 'co', 'có'].includes(v.trim().toLowerCase());
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Compares digests, so neither the length nor the content of the token leaks through timing. */
function tokenMatches(given: string, expected: string): boolean {
  return timingSafeEqual(sha256(given), sha256(expected));
}

function requireAdmin(token: string | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!token) {
      res.status(503).json({ error: 'Chức năng dành cho cán bộ chưa được bật: quản trị viên cần đặt biến ADMIN_API_TOKEN trên máy chủ.' });
      return;
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    if (!m?.[1] || !tokenMatches(m[1], token)) {
      res.status(401).set('WWW-Authenticate', 'Bearer').json({ error: 'Thiếu hoặc sai mã truy cập (Authorization: Bearer <ADMIN_API_TOKEN>).' });
      return;
    }
    next();
  };
}

/** A procedure as the public API shows it: where it was read from stays internal (server file paths). */
function publicProcedure(p: TProcedure) {
  const { sources, ...rest } = p;
  return { ...rest, decisions: [...new Set(sources.map((s) => s.decision).filter((d): d is string => Boolean(d)))] };
}

/**
 * Catalogue routes: the officer import (token), public search and look-up for the mini-app, and the QR images
 * of each procedure. Mounted before the app's 404 handler.
 */
export function catalogueRouter(deps: TCatalogueRouteDeps): Router {
  const router = express.Router();
  const catalogue = deps.catalogue ?? catalogueServiceFor(deps.db, { onError: (err, what) => deps.log.warn({ err }, what) });
  let linkConfig = deps.miniAppLink;

  router.post(
    '/api/v1/procedures/import',
    requireAdmin(deps.adminApiToken),
    express.raw({ type: () => true, limit: UPLOAD_LIMIT }),
    async (req, res) => {
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (body.length === 0) {
        res.status(400).json({ error: 'Chưa có nội dung tệp: gửi tệp JSON Lines, CSV hoặc XLSX trong thân yêu cầu.' });
        return;
      }
      const fileName = typeof req.query.filename === 'string' && req.query.filename.trim() ? req.query.filename.trim() : undefined;
      const outcome = await importProcedureFiles(catalogue, [{ source: body, fileName: fileName ?? 'tệp tải lên' }], {
        full: truthy(req.query.full),
        skipInvalid: truthy(req.query.skipInvalid) || truthy(req.query.skip_invalid),
      });
      const errors = outcome.errors.map(({ line, column, reason }) => ({ line, column, reason }));
      if (outcome.status === 'rejected') {
        res.status(422).json({ status: 'rejected', error: outcome.reason, errors, warnings: outcome.warnings });
        return;
      }
      const s = outcome.summary;
      deps.log.info({ added: s?.added.length, updated: s?.updated.length, withdrawn: s?.withdrawn.length, version: s?.version }, 'catalogue imported via API');
      res.json({
        status: 'imported',
        added: s?.added.length ?? 0,
        updated: s?.updated.length ?? 0,
        unchanged: s?.unchanged.length ?? 0,
        withdrawn: s?.withdrawn ?? [],
        version: s?.version,
        errors,
        warnings: outcome.warnings,
      });
    },
  );

  router.get('/api/v1/procedures', async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 500) : '';
    if (q.trim()) {
      const limit = Math.min(20, Math.max(1, Number(req.query.limit) || 5));
      // ?partial=1: search as you type (the mini-app) — a half-typed word is not a gap in the catalogue.
      const r = await catalogue.searchProcedures(q, { limit, recordGap: !truthy(req.query.partial) });
      res.json({
        confidence: r.confidence,
        understood: r.understood,
        ...(r.didYouMean ? { didYouMean: r.didYouMean } : {}),
        ...(r.code ? { code: r.code } : {}),
        results: r.results.map(({ code, name, field, score }) => ({ code, name, field, score })),
      });
      return;
    }
    const field = typeof req.query.field === 'string' && req.query.field.trim() ? fold(req.query.field) : undefined;
    const list = (await catalogue.listProcedures({ status: 'active' })).filter((p) => !field || fold(p.field) === field);
    res.json({
      count: list.length,
      procedures: list.map((p) => ({ code: p.code, name: p.name, field: p.field, sector: p.sector, authority: p.authority, onlineLevel: p.onlineLevel ?? null })),
    });
  });

  router.get('/api/v1/procedures/:code', async (req, res) => {
    const code = normaliseProcedureCode(String(req.params.code));
    if (!code) {
      res.status(400).json({ error: 'Mã thủ tục không hợp lệ (ví dụ đúng: 1.001193).' });
      return;
    }
    const p = await catalogue.getProcedure(code);
    if (!p) {
      res.status(404).json({ error: `Không có thủ tục mã ${code} trong danh mục.` });
      return;
    }
    res.json(publicProcedure(p));
  });

  // /qr/1.001193.png, /qr/1.001193.svg: nothing but a well-formed code and a known extension gets further.
  router.get('/qr/:file', async (req, res) => {
    const m = /^(\d{1,2}\.\d{6})\.(png|svg)$/.exec(String(req.params.file));
    if (!m) {
      res.status(404).json({ error: 'Không tìm thấy' });
      return;
    }
    const [, code = '', ext] = m;
    const p = await catalogue.getProcedure(code);
    if (!p) {
      res.status(404).json({ error: `Không có thủ tục mã ${code} trong danh mục.` });
      return;
    }
    if (p.status !== 'active') {
      res.status(410).json({ error: `Thủ tục mã ${code} đã bị bãi bỏ.` });
      return;
    }
    let link: string;
    try {
      linkConfig ??= loadMiniAppLinkConfig(process.env);
      link = miniAppLink(linkConfig, code);
    } catch (err) {
      if (!(err instanceof MiniAppLinkError)) throw err;
      res.status(503).json({ error: err.message });
      return;
    }
    res.set('Cache-Control', 'public, max-age=3600');
    if (ext === 'png') res.type('png').send(await qrPng(link));
    else res.type('image/svg+xml').send(await qrSvg(link));
  });

  return router;
}
