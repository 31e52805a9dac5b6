import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { checkConsultationMessage, checkTemplateMessage, requestUserId, ERR_INVALID_PARAM, type TUploadLookup } from './message-rules.ts';
import { newMsgId } from './ids.ts';
import { sniffFileType } from './sample-files.ts';
import type { SimState } from './state.ts';
import type { TSentMessage } from './types.ts';

/**
 * The three Zalo hosts on one server: OA API (openapi.zalo.me), OAuth (oauth.zaloapp.com) and graph
 * (graph.zalo.me). The product points all three base URLs here.
 */

export interface TZaloRoutesContext {
  state: SimState;
  appId: string;
  appSecret: string;
  oaId: string;
  baseUrl: () => string;
  onSent: (msg: TSentMessage) => void;
  log: (line: string) => void;
}

const IMAGE_MAX_BYTES = 1024 * 1024;
const FILE_MAX_BYTES = 5 * 1024 * 1024;
const ZALO_PATH = /^\/(v2\.0|v3\.0|v4)\//;
const OA_PATH = /^\/v[23]\.0\/oa\//;
const OAUTH_DOC = 'https://developers.zalo.me/docs/official-account/bat-dau/xac-thuc-va-uy-quyen-cho-ung-dung-new';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const header = (req: Request, name: string): string | undefined => {
  const v = req.get(name);
  return v && v.trim() !== '' ? v.trim() : undefined;
};

export function zaloRoutes(ctx: TZaloRoutesContext): Router {
  const { state } = ctx;
  const router = express.Router();

  /** Every answer goes through here so stats count codes the product actually saw. */
  const answer = (req: Request, res: Response, body: Record<string, unknown> & { error: number }, status = 200) => {
    state.countAnswer(body.error, status);
    ctx.log(`${req.method} ${req.path} → ${status === 200 ? '' : `HTTP ${status} `}error ${body.error}`);
    res.status(status).json(body);
  };
  const uploadUrl = (id: string) => `${ctx.baseUrl()}/_sim/uploads/${encodeURIComponent(id)}`;
  const uploads: TUploadLookup = {
    image: (id) => (state.upload(id, 'image') ? { url: uploadUrl(id) } : undefined),
    file: (token) => {
      const u = state.upload(token, 'file');
      return u ? { url: uploadUrl(token), name: u.name, size: u.bytes.length } : undefined;
    },
  };

  // Body parsers per host, tolerant of a missing content-type on JSON like Zalo's own gateway.
  router.use('/v3.0/oa', express.json({ type: () => true, limit: '2mb' }));
  router.use('/v2.0/oa/upload', express.raw({ type: () => true, limit: '12mb' }));
  // OAuth takes a form body only: a JSON body reads as "parameters missing", as it would on Zalo.
  router.use('/v4/oa', express.urlencoded({ extended: false }));

  // Counting and fault injection, for every Zalo endpoint (OA, OAuth, graph).
  router.use(async (req, res, next) => {
    if (!ZALO_PATH.test(req.path)) return next();
    state.countRequest(req.path);
    const fault = state.takeFault(req.path, requestUserId(req.body, req.query as Record<string, unknown>));
    if (!fault) return next();
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.networkError) {
      ctx.log(`${req.method} ${req.path} → injected network error`);
      state.countAnswer(undefined, 0);
      req.socket.destroy();
      return;
    }
    if (fault.httpStatus) {
      if (fault.error !== undefined) return answer(req, res, { error: fault.error, message: 'Injected fault (simulator)' }, fault.httpStatus);
      state.countAnswer(undefined, fault.httpStatus);
      ctx.log(`${req.method} ${req.path} → injected HTTP ${fault.httpStatus}`);
      // What a gateway in front of Zalo answers: HTML, not JSON.
      res.status(fault.httpStatus).type('html').send(`<html><head><title>${fault.httpStatus}</title></head><body><center><h1>${fault.httpStatus}</h1></center><hr><center>nginx</center></body></html>`);
      return;
    }
    if (fault.error !== undefined) {
      const extra = req.path.startsWith('/v4/') ? { error_name: 'Injected fault', error_reason: 'Injected fault (simulator)' } : { data: {} };
      return answer(req, res, { error: fault.error, message: 'Injected fault (simulator)', ...extra });
    }
    next();
  });

  // OA API gate: rate limit (per OA, sliding minute), then the access token.
  router.use((req, res, next) => {
    if (!OA_PATH.test(req.path)) return next();
    if (!state.takeRateSlot()) return answer(req, res, { error: -32, message: 'Exceeded request rate limit (simulator)', data: {} });
    const check = state.checkAccessToken(header(req, 'access_token'));
    if (!check.ok) return answer(req, res, { error: check.error, message: check.message, data: {} });
    next();
  });

  const sendRecorded = (req: Request, res: Response, userId: string, draft: Parameters<SimState['record']>[1]) => {
    const msg = state.record(userId, draft, { endpoint: req.path, source: 'api', messageId: newMsgId() });
    ctx.onSent(msg);
    answer(req, res, { error: 0, message: 'Success', data: { message_id: msg.message_id, user_id: userId } });
  };

  router.post('/v3.0/oa/message/cs', (req, res) => {
    const r = checkConsultationMessage(req.body, uploads);
    if (!r.ok) return answer(req, res, { error: r.error, message: r.message, data: {} });
    if (!state.withinWindow(r.userId)) {
      return answer(req, res, { error: -230, message: 'User has not interacted with the OA in the last 7 days', data: {} });
    }
    sendRecorded(req, res, r.userId, r.draft);
  });

  router.post('/v3.0/oa/message/template', (req, res) => {
    const r = checkTemplateMessage(req.body);
    if (!r.ok) return answer(req, res, { error: r.error, message: r.message, data: {} });
    sendRecorded(req, res, r.userId, r.draft);
  });

  router.get('/v3.0/oa/user/detail', (req, res) => {
    let userId: string | undefined;
    try {
      const data: unknown = JSON.parse(String(req.query.data ?? ''));
      const raw = (data as { user_id?: unknown } | null)?.user_id;
      if (typeof raw === 'string' || typeof raw === 'number') userId = String(raw);
    } catch { /* answered below */ }
    if (!userId) return answer(req, res, { error: ERR_INVALID_PARAM, message: 'Parameter is invalid: data={"user_id":"…"} is required', data: {} });
    const u = state.user(userId);
    if (!u) return answer(req, res, { error: ERR_INVALID_PARAM, message: 'Parameter is invalid: user_id does not exist', data: {} });
    const avatar = `${ctx.baseUrl()}/_sim/files/avatar.png`;
    const last = u.lastInteractionAt ? new Date(u.lastInteractionAt) : undefined;
    const ddmmyyyy = last ? `${String(last.getDate()).padStart(2, '0')}/${String(last.getMonth() + 1).padStart(2, '0')}/${last.getFullYear()}` : '';
    answer(req, res, {
      error: 0,
      message: 'Success',
      data: {
        user_id: u.userId,
        user_id_by_app: u.appUserId,
        user_external_id: '',
        display_name: u.name,
        user_alias: '',
        is_sensitive: false,
        user_last_interaction_date: ddmmyyyy,
        user_is_follower: u.follower,
        avatar,
        avatars: { '120': avatar, '240': avatar },
        tags_and_notes_info: { notes: [], tag_names: [] },
        ...(u.sharedInfo ? { shared_info: u.sharedInfo } : {}),
      },
    });
  });

  /** Multipart parsing with the platform's own parser (undici), no extra dependency. */
  // The latest messages of one conversation, newest first (Zalo: GET /v2.0/oa/conversation). src 0 = the OA, 1 = the user.
  router.get('/v2.0/oa/conversation', (req, res) => {
    let q: { user_id?: unknown; offset?: unknown; count?: unknown } = {};
    try { q = JSON.parse(String(req.query.data ?? '')) ?? {}; } catch { /* answered below */ }
    const userId = typeof q.user_id === 'string' || typeof q.user_id === 'number' ? String(q.user_id) : undefined;
    if (!userId) return answer(req, res, { error: ERR_INVALID_PARAM, message: 'Parameter is invalid: data={"user_id":"…","offset":0,"count":10} is required', data: [] });
    const offset = Math.max(0, Number(q.offset) || 0);
    const count = Math.min(10, Math.max(1, Number(q.count) || 5));
    const out = state.sent({ userId }).map((m) => ({ seq: m.seq, src: 0, time: Date.parse(m.at), type: m.kind === 'text' || m.kind === 'template' ? 'text' : m.kind, message: m.text ?? '', message_id: m.message_id, from_id: ctx.oaId, to_id: userId }));
    const inn = state.inboundLog.filter((r) => r.userId === userId).map((r) => ({ seq: r.seq, src: 1, time: Date.parse(r.at), type: 'text', message: r.text ?? '', message_id: `in${r.seq}`, from_id: userId, to_id: ctx.oaId }));
    const all = [...out, ...inn].sort((a, b) => b.seq - a.seq).slice(offset, offset + count).map(({ seq: _seq, ...m }) => m);
    answer(req, res, { error: 0, message: 'Success', data: all });
  });

  async function readUpload(req: Request): Promise<{ name: string; mime: string; bytes: Buffer } | string> {
    const ct = req.get('content-type') ?? '';
    if (!/^multipart\/form-data/i.test(ct) || !Buffer.isBuffer(req.body)) return 'multipart/form-data with a "file" field is required';
    let form: FormData;
    try {
      form = await new Response(req.body, { headers: { 'content-type': ct } }).formData();
    } catch {
      return 'multipart body could not be parsed';
    }
    const file = form.get('file');
    if (file === null || typeof file === 'string') return 'field "file" is required';
    return { name: file.name || 'upload', mime: file.type, bytes: Buffer.from(await file.arrayBuffer()) };
  }

  router.post('/v2.0/oa/upload/image', async (req, res) => {
    const up = await readUpload(req);
    if (typeof up === 'string') return answer(req, res, { error: ERR_INVALID_PARAM, message: `Parameter is invalid: ${up}`, data: {} });
    const kind = sniffFileType(up.bytes, up.name);
    if (kind !== 'jpg' && kind !== 'png') return answer(req, res, { error: ERR_INVALID_PARAM, message: 'Parameter is invalid: image must be jpg or png', data: {} });
    if (up.bytes.length > IMAGE_MAX_BYTES) return answer(req, res, { error: -210, message: 'Parameter exceeds limit: image is larger than 1 MB', data: {} });
    const id = state.addUpload('image', up.name, kind === 'png' ? 'image/png' : 'image/jpeg', up.bytes);
    answer(req, res, { error: 0, message: 'Success', data: { attachment_id: id } });
  });

  router.post('/v2.0/oa/upload/file', async (req, res) => {
    const up = await readUpload(req);
    if (typeof up === 'string') return answer(req, res, { error: ERR_INVALID_PARAM, message: `Parameter is invalid: ${up}`, data: {} });
    const kind = sniffFileType(up.bytes, up.name);
    if (kind !== 'pdf' && kind !== 'doc' && kind !== 'docx') return answer(req, res, { error: ERR_INVALID_PARAM, message: 'Parameter is invalid: file must be PDF, DOC or DOCX', data: {} });
    if (up.bytes.length > FILE_MAX_BYTES) return answer(req, res, { error: -210, message: 'Parameter exceeds limit: file is larger than 5 MB', data: {} });
    const mime = kind === 'pdf' ? 'application/pdf' : kind === 'doc' ? 'application/msword' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    const token = state.addUpload('file', up.name, mime, up.bytes);
    answer(req, res, { error: 0, message: 'Success', data: { token } });
  });

  // ---- OAuth v4 ---------------------------------------------------------------------------------------------
  const oauthError = (req: Request, res: Response, error: number, name: string, reason: string) =>
    answer(req, res, { error, error_name: name, error_reason: reason, error_description: reason, ref_doc: OAUTH_DOC });

  router.post('/v4/oa/access_token', (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof form[k] === 'string' && form[k] !== '' ? (form[k] as string) : undefined);
    if (str('app_id') !== ctx.appId) return oauthError(req, res, -14002, 'Invalid app_id', 'app_id is missing or unknown');
    if (header(req, 'secret_key') !== ctx.appSecret) return oauthError(req, res, -14005, 'Invalid secret_key', 'secret_key header must hold the app secret');
    const grant = str('grant_type');
    let result;
    if (grant === 'refresh_token') {
      const rt = str('refresh_token');
      if (!rt) return oauthError(req, res, -14003, 'Invalid parameter', 'refresh_token is required');
      result = state.refresh(rt);
      if (!result.ok) {
        const reason = result.reason === 'already-used' ? 'Refresh token has already been used (single use)' : result.reason === 'expired' ? 'Refresh token has expired' : 'Refresh token is unknown';
        return oauthError(req, res, -14014, 'Invalid refresh token', reason);
      }
    } else if (grant === 'authorization_code') {
      const code = str('code');
      if (!code) return oauthError(req, res, -14003, 'Invalid parameter', 'code is required');
      result = state.exchangeCode(code, str('code_verifier'));
      if (!result.ok) {
        return result.reason === 'bad-verifier'
          ? oauthError(req, res, -14020, 'Invalid code_verifier', 'code_verifier does not match the code_challenge')
          : oauthError(req, res, -14019, 'Invalid authorization code', 'Authorization code is unknown, used or expired');
      }
    } else {
      return oauthError(req, res, -14003, 'Invalid parameter', 'grant_type must be refresh_token or authorization_code');
    }
    state.countAnswer(0, 200);
    ctx.log(`POST ${req.path} → new token pair (${grant})`);
    res.json({ access_token: result.accessToken, refresh_token: result.refreshToken, expires_in: String(state.accessTokenTtlMs / 1000) });
  });

  // ---- graph: mini-app user token check ---------------------------------------------------------------------
  router.get('/v2.0/me', (req, res) => {
    const token = header(req, 'access_token') ?? (typeof req.query.access_token === 'string' ? req.query.access_token : undefined);
    const proof = header(req, 'appsecret_proof') ?? (typeof req.query.appsecret_proof === 'string' ? req.query.appsecret_proof : undefined);
    if (!token) return answer(req, res, { error: 452, message: 'Session key invalid: access_token is missing' });
    const expected = createHmac('sha256', ctx.appSecret).update(token).digest('hex');
    const proofOk = proof !== undefined && /^[0-9a-f]{64}$/i.test(proof) && timingSafeEqual(Buffer.from(proof.toLowerCase(), 'hex'), Buffer.from(expected, 'hex'));
    if (!proofOk) return answer(req, res, { error: 454, message: 'Invalid appsecret_proof: expected HMAC-SHA256(access_token, app secret) in hex' });
    const user = state.miniAppUser(token);
    if (!user) return answer(req, res, { error: 452, message: 'Session key invalid. This could be because the session key has an incorrect format, expired, or because the user has revoked this session' });
    answer(req, res, { id: user.appUserId, name: user.name, picture: { data: { url: `${ctx.baseUrl()}/_sim/files/avatar.png` } }, error: 0, message: 'Success' });
  });

  // Unknown path on a Zalo host: a 404 is more useful to a developer than a made-up code.
  router.use((req, res, next) => {
    if (!ZALO_PATH.test(req.path)) return next();
    answer(req, res, { error: -209, message: `API not supported by the simulator: ${req.method} ${req.path}` }, 404);
  });

  return router;
}

/** Body parser failures on Zalo paths answer like Zalo (HTTP 200, negative error), not with an HTML stack. */
export function zaloErrorHandler(state: SimState) {
  return (err: unknown, req: Request, res: Response, next: (e?: unknown) => void) => {
    if (!ZALO_PATH.test(req.path) || res.headersSent) return next(err);
    const e = err as { type?: string; status?: number };
    const tooLarge = e.type === 'entity.too.large' || e.status === 413;
    const error = tooLarge ? -210 : ERR_INVALID_PARAM;
    state.countAnswer(error, 200);
    res.status(200).json({ error, message: tooLarge ? 'Parameter exceeds limit: body too large' : 'Parameter is invalid: body is not valid JSON', data: {} });
  };
}
