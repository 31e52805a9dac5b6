import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { TRuntime } from '../runtime.ts';
import { queueDepth, registry } from '../metrics.ts';
import { apiRouter } from './api.ts';
import { catalogueRouter } from './catalogue-routes.ts';
import { fileRouter } from './file-routes.ts';
import { miniAppApiRouter } from './miniapp-api.ts';
import { miniAppStaticRouter } from './miniapp-static.ts';
import { fileLinkSecret } from '../services/feedback-runtime.ts';
import { webhookRouter } from './webhook.ts';

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The express app: webhook, health, metrics, Zalo domain verification, the officer API under /api/v1. */
export function createApp(rt: TRuntime): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');

  app.use(webhookRouter({
    appId: rt.config.zalo.appId,
    oaSecretKey: rt.config.zalo.oaSecretKey,
    eventMaxAgeMs: rt.config.zalo.eventMaxAgeMs,
    inbound: rt.queues.inbound,
    producer: rt.producer,
    log: rt.log,
  }));

  app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });

  app.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    await Promise.all([
      rt.db.query('SELECT 1').then(() => { checks.database = 'ok'; }, (e: Error) => { checks.database = e.message; }),
      rt.producer.ping().then(() => { checks.redis = 'ok'; }, (e: Error) => { checks.redis = e.message; }),
    ]);
    const ok = checks.database === 'ok' && checks.redis === 'ok';
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not-ready', checks });
  });

  app.get('/metrics', async (_req, res) => {
    await Promise.all(Object.entries(rt.queues).map(async ([name, q]) => {
      const counts = await q.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized').catch(() => undefined);
      for (const [state, n] of Object.entries(counts ?? {})) queueDepth.set({ queue: name, state }, n);
    }));
    res.type(registry.contentType).send(await registry.metrics());
  });

  const code = rt.config.zalo.siteVerification;
  if (code) {
    app.get(`/zalo_verifier${code}.html`, (_req, res) => {
      res.type('html').send(`<!DOCTYPE html><html><head><meta name="zalo-platform-site-verification" content="${escapeHtml(code)}" /></head><body>Zalo verification</body></html>`);
    });
  }
  app.get('/', (_req, res) => {
    const meta = code ? `<meta name="zalo-platform-site-verification" content="${escapeHtml(code)}" />` : '';
    res.type('html').send(`<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">${meta}<title>Một cửa — trợ lý Zalo</title></head><body><h1>Trợ lý Zalo của Bộ phận một cửa</h1><p>Máy chủ đang hoạt động.</p></body></html>`);
  });

  app.use(fileRouter({ db: rt.db, dir: rt.config.feedback.attachmentDir, secret: fileLinkSecret(rt.config), log: rt.log }));
  // The mini-app (/miniapp/) and its API (Zalo sign-in) on paths of their own: /api/v1/me, /api/v1/app/…,
  // /api/v1/openapi.json; anything else under /api/v1 falls through to the catalogue and the admin-token API.
  app.use(miniAppStaticRouter({ config: rt.config, db: rt.db, org: rt.org, log: rt.log }));
  app.use('/api/v1', miniAppApiRouter({ rt }));
  app.use(catalogueRouter({ db: rt.db, adminApiToken: rt.config.adminApiToken, log: rt.log, miniAppLink: rt.config.miniAppLink }));
  app.use('/api/v1', apiRouter({
    db: rt.db,
    log: rt.log,
    adminApiToken: rt.config.adminApiToken,
    org: rt.org,
    periodRule: rt.config.periodRule,
    feedback: rt,
  }));

  app.use((_req, res) => { res.status(404).json({ error: 'Không tìm thấy' }); });
  // One error handler: malformed bodies are the client's fault (400), everything else is ours (500, logged).
  app.use((err: Error & { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    void _next;
    if (err.type === 'entity.too.large') return void res.status(413).json({ error: 'Nội dung quá lớn' });
    if (err.status && err.status >= 400 && err.status < 500) return void res.status(err.status).json({ error: 'Yêu cầu không hợp lệ' });
    rt.log.error({ err }, 'unhandled error');
    res.status(500).json({ error: 'Lỗi hệ thống, vui lòng thử lại sau' });
  });
  return app;
}
