/**
 * Who is calling the mini-app API: the Zalo mini-app access token (Authorization: Bearer <token>, or
 * X-Zalo-Access-Token) is checked with graph `/v2.0/me` (headers access_token and appsecret_proof =
 * HMAC-SHA256(token, app secret) in hex, spec/zalo-platform.md). Answers are cached briefly by a digest of the
 * token (never the token itself), in a bounded map. The mini-app id is then linked to the OA id through
 * zalo_users.app_user_id (recorded from Zalo's signed events: the idByOA link), and the officer role comes from
 * the officers table of that OA id — looked up on every request, so a role change applies at once.
 */
import { createHash, createHmac } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { TActor } from '../domain/feedback/model.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { adoptAppItems, APP_ID_PREFIX, findMiniAppLink } from '../store/miniapp-users.ts';
import type { TRole } from '../store/chat.ts';

export interface TGraphUser {
  /** the app-scoped id (graph /me `id`) */
  id: string;
  name: string;
  avatar?: string;
}

export type TGraphCheck = { ok: true; user: TGraphUser } | { ok: false; reason: 'invalid' } | { ok: false; reason: 'unavailable'; detail: string };

export interface TMiniAppUser {
  appUserId: string;
  name: string;
  avatar?: string;
  /** OA-scoped id, when the citizen has written to the OA (or followed it) */
  oaUserId: string | null;
  officer: { unitCode: string; role: TRole; name: string | null } | null;
}

export type TAppRole = 'citizen' | TRole;

export function appRoleOf(u: TMiniAppUser): TAppRole {
  return u.officer?.role ?? 'citizen';
}

/** The citizen side of anyone: their OA id, else `app:<mini-app id>` (items of a user not yet linked). */
export function citizenActorOf(u: TMiniAppUser): TActor & { kind: 'citizen' } {
  return { kind: 'citizen', userId: u.oaUserId ?? `${APP_ID_PREFIX}${u.appUserId}` };
}

export function officerActorOf(u: TMiniAppUser): (TActor & { kind: 'officer' }) | undefined {
  if (!u.officer || !u.oaUserId) return undefined;
  return { kind: 'officer', userId: u.oaUserId, unitCode: u.officer.unitCode, role: u.officer.role };
}

/** One call to graph /me. Zalo answers HTTP 200 with `error` ≠ 0 for a bad token; anything else is "unavailable". */
export async function checkWithGraph(graphBaseUrl: string, appSecret: string, token: string, timeoutMs = 5_000): Promise<TGraphCheck> {
  const proof = createHmac('sha256', appSecret).update(token).digest('hex');
  let res: globalThis.Response;
  try {
    res = await fetch(`${graphBaseUrl.replace(/\/+$/, '')}/v2.0/me?fields=id,name,picture`, {
      headers: { access_token: token, appsecret_proof: proof },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    return { ok: false, reason: 'unavailable', detail: (err as Error).message };
  }
  if (res.status >= 500) return { ok: false, reason: 'unavailable', detail: `HTTP ${res.status}` };
  const body = (await res.json().catch(() => undefined)) as { id?: unknown; name?: unknown; error?: unknown; picture?: { data?: { url?: unknown } } } | undefined;
  if (!body) return { ok: false, reason: 'unavailable', detail: `HTTP ${res.status}, not JSON` };
  const error = body.error === undefined ? 0 : Number(body.error);
  if (error !== 0 || typeof body.id !== 'string' && typeof body.id !== 'number') return { ok: false, reason: 'invalid' };
  const avatar = typeof body.picture?.data?.url === 'string' ? body.picture.data.url : undefined;
  return { ok: true, user: { id: String(body.id), name: typeof body.name === 'string' ? body.name.normalize('NFC') : '', ...(avatar ? { avatar } : {}) } };
}

interface TCacheEntry { value: TGraphCheck & { ok: true } | { ok: false; reason: 'invalid' }; until: number }

/** A small map with expiry and a size bound (oldest insertion evicted first): enough for a burst of page loads. */
export class TokenCache {
  private map = new Map<string, TCacheEntry>();
  constructor(private readonly max = 5_000) {}
  get(key: string, now = Date.now()): TCacheEntry['value'] | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (e.until <= now) { this.map.delete(key); return undefined; }
    return e.value;
  }
  set(key: string, value: TCacheEntry['value'], ttlMs: number, now = Date.now()): void {
    this.map.delete(key);
    while (this.map.size >= this.max) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
    this.map.set(key, { value, until: now + ttlMs });
  }
  get size(): number { return this.map.size; }
}

export interface TMiniAppAuthDeps {
  db: Db;
  graphBaseUrl: string;
  appSecret: string;
  log: Logger;
  /** how long a verified token is trusted without asking graph again (default 60 s) */
  ttlMs?: number;
  /** how long a refused token is remembered (default 10 s: a bad token cannot make us call graph in a loop) */
  negativeTtlMs?: number;
  cache?: TokenCache;
  check?: typeof checkWithGraph;
}

const TOKEN = /^[\x21-\x7e]{8,4096}$/;

/** The token of a request: `Authorization: Bearer …` or `X-Zalo-Access-Token`. */
export function tokenOf(req: Request): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  const t = m?.[1] ?? req.get('x-zalo-access-token')?.trim();
  return t && TOKEN.test(t) ? t : undefined;
}

export type TResolved = { ok: true; user: TMiniAppUser } | { ok: false; status: 401 | 503; error: string };

export function miniAppAuthenticator(deps: TMiniAppAuthDeps) {
  const cache = deps.cache ?? new TokenCache();
  const ttl = deps.ttlMs ?? 60_000;
  const negativeTtl = deps.negativeTtlMs ?? 10_000;
  const check = deps.check ?? checkWithGraph;
  const linked = new Set<string>();

  async function resolve(token: string | undefined): Promise<TResolved> {
    if (!token) return { ok: false, status: 401, error: 'Chưa đăng nhập: mở mini app trong Zalo (thiếu mã truy cập Zalo).' };
    const key = createHash('sha256').update(token).digest('base64url');
    let verdict = cache.get(key);
    if (!verdict) {
      const r = await check(deps.graphBaseUrl, deps.appSecret, token);
      if (!r.ok && r.reason === 'unavailable') {
        deps.log.warn({ detail: r.detail }, 'graph /me unavailable: mini-app token not verified');
        return { ok: false, status: 503, error: 'Chưa kiểm tra được đăng nhập Zalo (máy chủ Zalo không trả lời). Xin thử lại sau ít phút.' };
      }
      verdict = r.ok ? r : { ok: false, reason: 'invalid' };
      cache.set(key, verdict, r.ok ? ttl : negativeTtl);
    }
    if (!verdict.ok) return { ok: false, status: 401, error: 'Phiên đăng nhập Zalo không hợp lệ hoặc đã hết hạn. Xin mở lại mini app.' };
    const link = await findMiniAppLink(deps.db, verdict.user.id);
    if (link.oaUserId && !linked.has(verdict.user.id)) {
      // First request since the link appeared (in this process): items filed before it move to the OA id.
      const moved = await adoptAppItems(deps.db, verdict.user.id, link.oaUserId);
      if (moved > 0) deps.log.info({ moved }, 'mini-app items adopted by the linked OA user');
      if (linked.size > 100_000) linked.clear();
      linked.add(verdict.user.id);
    }
    return {
      ok: true,
      user: { appUserId: verdict.user.id, name: verdict.user.name, ...(verdict.user.avatar ? { avatar: verdict.user.avatar } : {}), oaUserId: link.oaUserId, officer: link.officer },
    };
  }

  /** Express middleware: sets res.locals.miniAppUser, or answers 401/503. */
  const middleware = async (req: Request, res: Response, next: NextFunction) => {
    const r = await resolve(tokenOf(req));
    if (!r.ok) {
      if (r.status === 401) res.set('WWW-Authenticate', 'Bearer realm="zalo-mini-app"');
      return void res.status(r.status).json({ error: r.error });
    }
    res.locals.miniAppUser = r.user;
    next();
  };
  return { resolve, middleware, cache };
}

export function userOf(res: Response): TMiniAppUser {
  const u = res.locals.miniAppUser as TMiniAppUser | undefined;
  if (!u) throw new Error('mini-app route without the authenticator');
  return u;
}
