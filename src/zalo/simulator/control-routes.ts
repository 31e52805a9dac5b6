import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { chatPageHtml } from './chat-page.ts';
import type { TStaticFile } from './sample-files.ts';
import { SimulatorError, ZFault } from './errors.ts';
import type { Simulator } from './simulator.ts';
import type { SimState } from './state.ts';
import type { TConversationEntry, TDelivery } from './types.ts';

/**
 * /_sim/*: control over HTTP for other processes (benchmarks, the chat page, the demo), plus the chat page.
 * Not part of Zalo's contract; never exposed by the product.
 *
 *   GET  /chat, / (→ /chat)                 chat page
 *   GET  /_sim/health | /_sim/config | /_sim/stats | /_sim/users | /_sim/users/:id | /_sim/faults | /_sim/files
 *   GET  /_sim/messages?user_id=&after=&kind=   what the OA sent ({messages, lastSeq, epoch}); after = seq cursor
 *   GET  /_sim/conversation?user_id=&after=     both directions, for the chat page ({entries, lastSeq, epoch})
 *   POST /_sim/users {userId?, name?, follower?}  create (or rename) a citizen
 *   POST /_sim/users/:id/{text|image|file|location|media|follow|unfollow|chatnow|submit-info|console-reply}
 *        → {status, body, event, durationMs} of the webhook delivery; 409 no webhook URL, 502 bot unreachable
 *   POST /_sim/users/:id/last-interaction {at: ISO | null}
 *   POST /_sim/faults (one or an array; times "Infinity") · DELETE /_sim/faults · POST /_sim/expire-token
 *   POST /_sim/oauth-code {code_challenge?} · POST /_sim/miniapp-token {userId} · POST /_sim/reset
 *   POST /_sim/webhook {url} · POST /_sim/echo {on}
 *   GET  /_sim/files/:name (sample.png, avatar.png, sample.pdf) · GET /_sim/uploads/:id
 */

const ZUserInput = z.object({
  userId: z.string().trim().min(1).max(64).optional(),
  name: z.string().trim().max(100).optional(),
  follower: z.boolean().optional(),
});
const ZText = z.object({ text: z.string().min(1).max(10_000), hidden: z.boolean().optional() });
const ZImage = z.object({
  urls: z.array(z.url({ protocol: /^https?$/ })).min(1).max(10).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  text: z.string().optional(),
}).refine((v) => v.urls || v.url, 'url or urls is required');
const ZFileBody = z.object({
  url: z.url({ protocol: /^https?$/ }),
  name: z.string().min(1).optional(),
  size: z.union([z.number(), z.string()]).optional(),
  type: z.string().optional(),
});
const ZCoord = z.coerce.number().refine(Number.isFinite);
const ZLocation = z.object({
  lat: ZCoord.optional(), lng: ZCoord.optional(), latitude: ZCoord.optional(), longitude: ZCoord.optional(),
}).transform((v) => ({ lat: v.lat ?? v.latitude, lng: v.lng ?? v.longitude }))
  .refine((v) => v.lat !== undefined && v.lng !== undefined && Math.abs(v.lat) <= 90 && Math.abs(v.lng) <= 180, 'lat and lng are required');
const ZMedia = z.object({ kind: z.enum(['sticker', 'gif', 'audio', 'video']), url: z.url({ protocol: /^https?$/ }).optional() });
const ZInfo = z.record(z.string(), z.string().max(500));
const ZLastInteraction = z.object({ at: z.union([z.iso.datetime({ offset: true }), z.null()]) });
const ZCursor = z.object({
  user_id: z.string().optional(),
  after: z.coerce.number().int().min(0).optional(),
  kind: z.string().optional(),
});

function badRequest(res: Response, error: z.ZodError | string) {
  res.status(400).json({ error: 'bad-request', message: typeof error === 'string' ? error : z.prettifyError(error) });
}

export function controlRoutes(sim: Simulator, state: SimState, files: Map<string, TStaticFile>): Router {
  const r = express.Router();
  const json = express.json({ limit: '1mb' });

  /** Runs an event method and answers with the bot's answer; webhook trouble becomes 409/502 with a reason. */
  async function deliver(res: Response, run: () => Promise<TDelivery>) {
    try {
      const d = await run();
      res.json({ status: d.status, body: d.body, event: d.event, durationMs: Math.round(d.durationMs) });
    } catch (e) {
      if (e instanceof SimulatorError) {
        res.status(e.code === 'webhook-not-configured' ? 409 : 502).json({ error: e.code, message: e.message });
        return;
      }
      throw e;
    }
  }
  const userParam = (req: Request): string | undefined => {
    const id = String(req.params.id ?? '');
    return id.length > 0 && id.length <= 64 ? id : undefined;
  };

  r.get('/', (_req, res) => res.redirect(302, '/chat'));
  r.get('/chat', (_req, res) => {
    res.set('Cache-Control', 'no-store');
    // The page builds every message with textContent; the CSP is a second fence.
    res.set('Content-Security-Policy', "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src * data: blob:; connect-src 'self'");
    res.type('html').send(chatPageHtml());
  });

  r.get('/_sim/health', (_req, res) => res.json({ ok: true }));
  r.get('/_sim/config', (_req, res) => {
    res.json({
      appId: sim.appId, oaId: sim.oaId, url: sim.url, chatUrl: sim.chatUrl, webhookUrl: sim.webhookUrl ?? null,
      echo: sim.echo, epoch: state.epoch, rateLimitPerMinute: state.rateLimitPerMinute,
      sampleFiles: [...files.keys()].map((n) => `${sim.url}/_sim/files/${n}`),
    });
  });
  r.post('/_sim/webhook', json, (req, res) => {
    const p = z.object({ url: z.url({ protocol: /^https?$/ }).nullable() }).safeParse(req.body);
    if (!p.success) return badRequest(res, p.error);
    sim.webhookUrl = p.data.url ?? undefined;
    res.json({ webhookUrl: sim.webhookUrl ?? null });
  });
  r.post('/_sim/echo', json, (req, res) => {
    const p = z.object({ on: z.boolean() }).safeParse(req.body);
    if (!p.success) return badRequest(res, p.error);
    sim.echo = p.data.on;
    res.json({ echo: sim.echo });
  });

  r.get('/_sim/messages', (req, res) => {
    const q = ZCursor.safeParse(req.query);
    if (!q.success) return badRequest(res, q.error);
    const messages = sim.sent((m) =>
      (q.data.user_id === undefined || m.userId === q.data.user_id)
      && (q.data.after === undefined || m.seq > q.data.after)
      && (q.data.kind === undefined || m.kind === q.data.kind));
    res.json({ messages, lastSeq: state.lastSeq(), epoch: state.epoch });
  });
  /** Both directions for one citizen, in order: what the chat page shows. */
  r.get('/_sim/conversation', (req, res) => {
    const q = ZCursor.safeParse(req.query);
    if (!q.success) return badRequest(res, q.error);
    const after = q.data.after ?? 0;
    const match = (userId: string, seq: number) => (q.data.user_id === undefined || userId === q.data.user_id) && seq > after;
    const entries: TConversationEntry[] = [
      ...state.sentLog.filter((m) => match(m.userId, m.seq)).map((m) => ({ direction: 'out' as const, ...m })),
      ...state.inboundLog.filter((m) => match(m.userId, m.seq)).map((m) => ({ direction: 'in' as const, ...m })),
    ].sort((a, b) => a.seq - b.seq);
    res.json({ entries, lastSeq: state.lastSeq(), epoch: state.epoch });
  });

  r.get('/_sim/users', (_req, res) => res.json({ users: sim.users() }));
  r.post('/_sim/users', json, (req, res) => {
    const p = ZUserInput.safeParse(req.body ?? {});
    if (!p.success) return badRequest(res, p.error);
    res.json(sim.createUser({ userId: p.data.userId, name: p.data.name || undefined, follower: p.data.follower }));
  });
  r.get('/_sim/users/:id', (req, res) => {
    const u = sim.user(String(req.params.id));
    if (!u) return res.status(404).json({ error: 'not-found' });
    res.json(u);
  });

  const userRoute = <S extends z.ZodType>(action: string, schema: S, run: (userId: string, body: z.output<S>) => Promise<TDelivery>) => {
    r.post(`/_sim/users/:id/${action}`, json, async (req, res) => {
      const userId = userParam(req);
      if (!userId) return badRequest(res, 'user id must be 1–64 characters');
      const p = schema.safeParse(req.body ?? {});
      if (!p.success) return badRequest(res, p.error as z.ZodError);
      await deliver(res, () => run(userId, p.data));
    });
  };
  const ZNone = z.looseObject({});
  userRoute('text', ZText, (id, b) => sim.sendText(id, b.text.normalize('NFC'), { hidden: b.hidden }));
  userRoute('image', ZImage, (id, b) => sim.sendImage(id, b.urls ?? [b.url!], b.text));
  userRoute('file', ZFileBody, (id, b) => {
    const name = b.name ?? decodeURIComponent(new URL(b.url).pathname.split('/').pop() || 'tep-dinh-kem');
    const local = files.get(new URL(b.url).pathname.replace(/^\/_sim\/files\//, ''));
    const size = b.size ?? local?.bytes.length ?? 0;
    const type = b.type ?? (/\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '');
    return sim.sendFile(id, { url: b.url, name, size, type });
  });
  userRoute('location', ZLocation, (id, b) => sim.sendLocation(id, b.lat!, b.lng!));
  userRoute('media', ZMedia, (id, b) => sim.sendMedia(id, b.kind, b.url));
  userRoute('follow', ZNone, (id) => sim.follow(id));
  userRoute('unfollow', ZNone, (id) => sim.unfollow(id));
  userRoute('chatnow', ZNone, (id) => sim.clickChatNow(id));
  userRoute('submit-info', z.union([z.object({ info: ZInfo }), ZInfo]), (id, b) =>
    sim.submitInfo(id, ('info' in b && typeof b.info === 'object' ? b.info : b) as Record<string, string>));
  userRoute('console-reply', ZText, (id, b) => sim.consoleReply(id, b.text.normalize('NFC')));
  r.post('/_sim/users/:id/last-interaction', json, (req, res) => {
    const userId = userParam(req);
    if (!userId) return badRequest(res, 'user id must be 1–64 characters');
    const p = ZLastInteraction.safeParse(req.body ?? {});
    if (!p.success) return badRequest(res, p.error);
    sim.setLastInteraction(userId, p.data.at ? new Date(p.data.at) : null);
    res.json(sim.user(userId));
  });

  r.get('/_sim/faults', (_req, res) => res.json({ faults: sim.faults().map((f) => ({ ...f, times: f.times === Infinity ? 'Infinity' : f.times, remaining: f.remaining === Infinity ? 'Infinity' : f.remaining })) }));
  r.post('/_sim/faults', json, (req, res) => {
    const p = z.union([ZFault, z.array(ZFault).min(1)]).safeParse(req.body);
    if (!p.success) return badRequest(res, p.error);
    const ids = (Array.isArray(p.data) ? p.data : [p.data]).map((f) => sim.inject(f));
    res.status(201).json({ ids });
  });
  r.delete('/_sim/faults', (_req, res) => { sim.clearFaults(); res.status(204).end(); });
  r.post('/_sim/expire-token', (_req, res) => { sim.expireAccessToken(); res.json({ expired: true }); });
  r.post('/_sim/oauth-code', json, (req, res) => {
    const p = z.object({ code_challenge: z.string().min(1).optional() }).safeParse(req.body ?? {});
    if (!p.success) return badRequest(res, p.error);
    res.json({ code: sim.issueAuthorizationCode(p.data.code_challenge) });
  });
  r.post('/_sim/miniapp-token', json, (req, res) => {
    const p = z.object({ userId: z.string().min(1).max(64) }).safeParse(req.body ?? {});
    if (!p.success) return badRequest(res, p.error);
    const t = sim.issueMiniAppToken(p.data.userId);
    res.json({ access_token: t.accessToken, expires_in: t.expiresIn, appUserId: t.appUserId, userId: t.userId });
  });
  r.get('/_sim/stats', (_req, res) => res.json(sim.stats()));
  r.post('/_sim/reset', (_req, res) => { sim.reset(); res.json({ reset: true, epoch: state.epoch }); });

  r.get('/_sim/files', (_req, res) => res.json({ files: [...files.keys()] }));
  r.get('/_sim/files/:name', (req, res) => {
    const f = files.get(String(req.params.name));
    if (!f) return res.status(404).json({ error: 'not-found' });
    res.type(f.mime).set('Cache-Control', 'public, max-age=3600').send(f.bytes);
  });
  /** Uploaded images and files, so messages sent by attachment_id / token can be shown and downloaded. */
  r.get('/_sim/uploads/:id', (req, res) => {
    const u = state.upload(String(req.params.id));
    if (!u) return res.status(404).json({ error: 'not-found' });
    const disposition = u.kind === 'file' ? 'attachment' : 'inline';
    res.type(u.mime).set('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(u.name)}`).send(u.bytes);
  });

  return r;
}
