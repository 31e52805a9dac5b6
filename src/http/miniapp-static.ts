/**
 * The built mini-app (miniapp/dist) at /miniapp/, so it runs in any browser: hashed assets cached for a year,
 * every other path under /miniapp/ answered with index.html (the app's own router takes it from there: the QR
 * target /miniapp/procedure/1.001193 is such a path). The build uses relative asset URLs (zmp-vite-plugin, for
 * Zalo's loader); the server adds `<base href="/miniapp/">` so they resolve from any depth.
 *
 * /miniapp/config.json tells the page whether the server runs against the Zalo simulator. Only then is the
 * browser fallback of the SDK adapter on, and only then do the dev-login routes exist: they ask the simulator for
 * a mini-app token of a chosen simulator user (the token is still checked with graph /me like any other) and
 * record the OA ↔ mini-app link a webhook event would have recorded.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { TConfig } from '../config.ts';
import { unitLabel } from '../services/feedback.ts';
import type { TOrg } from '../domain/org.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { listOfficers } from '../store/chat.ts';
import { linkMiniAppUser } from '../store/miniapp-users.ts';

export const MINIAPP_DIST = fileURLToPath(new URL('../../miniapp/dist', import.meta.url));
export const MINIAPP_BASE = '/miniapp/';

export interface TMiniAppStaticDeps {
  config: Pick<TConfig, 'zalo' | 'miniAppLink' | 'publicUrl'>;
  db: Db;
  org: TOrg | undefined;
  log: Logger;
  /** default: miniapp/dist of this repository */
  dist?: string;
}

const NOT_BUILT = '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Mini app chưa sẵn sàng</title></head>'
  + '<body style="font-family:sans-serif;padding:16px"><h1>Mini app chưa được build</h1><p>Quản trị viên chạy <code>npm run build:miniapp</code> (hoặc <code>bash scripts/up.sh</code>) rồi tải lại trang.</p></body></html>';

/** The page's policy; signed photo links use PUBLIC_URL, which may be another origin than the one serving the page. */
function csp(publicUrl: string | undefined): string {
  let extra = '';
  try {
    if (publicUrl) extra = ` ${new URL(publicUrl).origin}`;
  } catch {
    extra = '';
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${extra}`,
    "font-src 'self' data:",
    `connect-src 'self'${extra}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
  ].join('; ');
}

const ZDevToken = z.object({ userId: z.string().trim().min(1).max(64).optional(), name: z.string().trim().max(100).optional() });

export function miniAppStaticRouter(deps: TMiniAppStaticDeps): Router {
  const router = express.Router();
  const dist = deps.dist ?? MINIAPP_DIST;
  const simulator = deps.config.zalo.mode === 'simulator';
  const sim = deps.config.zalo.graphBaseUrl.replace(/\/+$/, '');
  let indexCache: { mtimeMs: number; html: string } | undefined;
  const policy = csp(deps.config.publicUrl);

  const indexHtml = async (): Promise<string | undefined> => {
    const file = path.join(dist, 'index.html');
    const stat = await fsp.stat(file).catch(() => undefined);
    if (!stat) return undefined;
    if (indexCache?.mtimeMs !== stat.mtimeMs) {
      const raw = await fsp.readFile(file, 'utf8');
      const html = raw.includes('<base ') ? raw : raw.replace(/<head>/i, `<head>\n    <base href="${MINIAPP_BASE}">`);
      indexCache = { mtimeMs: stat.mtimeMs, html };
    }
    return indexCache.html;
  };

  router.get(/^\/miniapp$/, (_req, res) => res.redirect(301, MINIAPP_BASE));

  router.get('/miniapp/config.json', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json({ simulator, oaId: deps.config.zalo.oaId || null, miniAppId: deps.config.miniAppLink.miniAppId ?? null });
  });

  if (simulator) {
    const simJson = async (p: string, init?: { method: string; body: unknown }) => {
      const r = await fetch(`${sim}${p}`, init ? { method: init.method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body), signal: AbortSignal.timeout(5_000) } : { signal: AbortSignal.timeout(5_000) });
      if (!r.ok) throw new Error(`simulator ${p}: HTTP ${r.status}`);
      return r.json() as Promise<Record<string, unknown>>;
    };
    router.get('/miniapp/dev/users', async (_req, res) => {
      try {
        const { users } = await simJson('/_sim/users') as { users: { userId: string; name: string }[] };
        const officers = await listOfficers(deps.db);
        const byId = new Map<string, { userId: string; name: string; role: string; unit: string | null }>();
        for (const o of officers) byId.set(o.zalo_user_id, { userId: o.zalo_user_id, name: o.display_name ?? `Cán bộ ${o.zalo_user_id.slice(-4)}`, role: o.role, unit: unitLabel({ org: deps.org }, o.unit_code) });
        for (const u of users) {
          const known = byId.get(u.userId);
          if (known) known.name = u.name || known.name;
          else byId.set(u.userId, { userId: u.userId, name: u.name, role: 'citizen', unit: null });
        }
        res.set('Cache-Control', 'no-store').json({ users: [...byId.values()].slice(0, 200) });
      } catch (err) {
        deps.log.warn({ err: (err as Error).message }, 'dev login: simulator unreachable');
        res.status(502).json({ error: 'Không kết nối được trình mô phỏng Zalo.' });
      }
    });
    router.post('/miniapp/dev/token', express.json({ limit: '4kb' }), async (req: Request, res: Response) => {
      const p = ZDevToken.safeParse(req.body ?? {});
      if (!p.success) return void res.status(400).json({ error: 'Yêu cầu không hợp lệ.' });
      try {
        let userId = p.data.userId;
        if (!userId) userId = String((await simJson('/_sim/users', { method: 'POST', body: p.data.name ? { name: p.data.name } : {} })).userId);
        const t = await simJson('/_sim/miniapp-token', { method: 'POST', body: { userId } }) as { access_token: string; expires_in: number; appUserId: string; userId: string };
        const user = await simJson(`/_sim/users/${encodeURIComponent(userId)}`) as { name?: string };
        await linkMiniAppUser(deps.db, t.userId, t.appUserId, user.name);
        res.set('Cache-Control', 'no-store').json({ access_token: t.access_token, expires_in: t.expires_in, user: { userId: t.userId, name: user.name ?? null } });
      } catch (err) {
        deps.log.warn({ err: (err as Error).message }, 'dev login failed');
        res.status(502).json({ error: 'Không lấy được mã đăng nhập từ trình mô phỏng Zalo.' });
      }
    });
    // openChat's fallback: the simulator user sends the prefilled text to the OA, as Zalo's chat would.
    router.post('/miniapp/dev/chat', express.json({ limit: '4kb' }), async (req: Request, res: Response) => {
      const p = z.object({ userId: z.string().trim().min(1).max(64), text: z.string().trim().min(1).max(200) }).safeParse(req.body ?? {});
      if (!p.success) return void res.status(400).json({ error: 'Yêu cầu không hợp lệ.' });
      try {
        await simJson(`/_sim/users/${encodeURIComponent(p.data.userId)}/text`, { method: 'POST', body: { text: p.data.text.normalize('NFC') } });
        res.json({ chatUrl: `${sim}/chat?user_id=${encodeURIComponent(p.data.userId)}` });
      } catch (err) {
        deps.log.warn({ err: (err as Error).message }, 'dev chat failed');
        res.status(502).json({ error: 'Không gửi được tin nhắn qua trình mô phỏng Zalo.' });
      }
    });
  }

  // Hashed files never change: a year, immutable. Other files (app-config.json, icons): revalidate.
  router.use('/miniapp/assets', express.static(path.join(dist, 'assets'), { index: false, fallthrough: false, immutable: true, maxAge: '365d' }));
  router.use('/miniapp', express.static(dist, { index: false, maxAge: 0, setHeaders: (res) => res.set('Cache-Control', 'no-cache') }));

  router.get(/^\/miniapp\/.*/, async (req, res) => {
    if (req.path.startsWith('/miniapp/dev/') || /\.(js|mjs|css|map|json|png|jpe?g|gif|webp|svg|ico|woff2?|ttf|txt)$/i.test(req.path)) return void res.status(404).json({ error: 'Không tìm thấy' });
    const html = fs.existsSync(dist) ? await indexHtml() : undefined;
    res.set('Cache-Control', 'no-cache');
    res.set('Content-Security-Policy', policy);
    res.set('X-Content-Type-Options', 'nosniff');
    if (!html) return void res.status(503).type('html').send(NOT_BUILT);
    res.type('html').send(html);
  });
  return router;
}
