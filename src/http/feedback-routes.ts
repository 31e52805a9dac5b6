/**
 * Feedback (PAKN) over HTTP for officers: list, read, answer, reject, reassign — the same workflow as the chat
 * commands (src/services/feedback.ts), for whoever `actorOf` says is asking (the admin token today; the mini-app's
 * Zalo sign-in adds officers and citizens). Bodies are zod-validated; messages are Vietnamese.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { canView, FEEDBACK_STATUSES, type TActor } from '../domain/feedback/model.ts';
import { ZFeedbackSource } from '../domain/figures/contract.ts';
import { findUnit } from '../domain/org.ts';
import { resolveReportPeriod } from '../services/figures.ts';
import { answerFeedbackAs, reassignFeedbackAs, rejectFeedbackAs, type TActionResult } from '../services/feedback.ts';
import { feedbackEnv, type TFeedbackRuntime } from '../services/feedback-runtime.ts';
import { queueNotices, writeNotices } from '../services/notify.ts';
import { listAttachments } from '../store/feedback-attachments.ts';
import { getFeedback, listFeedback, listFeedbackEvents, type TFeedbackFilter } from '../store/feedback.ts';

export interface TFeedbackRouteDeps {
  rt: TFeedbackRuntime;
  /** who is asking; undefined → 401 (the caller's auth middleware normally answers first) */
  actorOf: (req: Request) => TActor | undefined;
  now?: () => Date;
}

const ZList = z.object({
  status: z.union([z.literal('open'), z.enum(FEEDBACK_STATUSES)]).optional(),
  source: ZFeedbackSource.optional(),
  unit: z.string().max(100).optional(),
  period: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
const ZAnswer = z.object({ text: z.string().max(4000) });
const ZReject = z.object({ reason: z.string().max(4000) });
const ZReassign = z.object({ unit: z.string().min(1).max(100) });
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function bad(res: Response, error: z.ZodError | string): void {
  const message = typeof error === 'string' ? error : error.issues.map((i) => `${i.path.join('.') || 'nội dung'}: ${i.message}`).join('; ');
  res.status(400).json({ error: message });
}

export function feedbackRouter(deps: TFeedbackRouteDeps): Router {
  const router = express.Router();
  const now = deps.now ?? (() => new Date());
  const actor = (req: Request, res: Response): TActor | undefined => {
    const a = deps.actorOf(req);
    if (!a) res.status(401).json({ error: 'Chưa xác thực.' });
    return a;
  };

  router.get('/feedback', async (req, res) => {
    const who = actor(req, res);
    if (!who) return;
    const q = ZList.safeParse(req.query);
    if (!q.success) return void bad(res, q.error);
    const filter: TFeedbackFilter = { order: 'oldest', limit: q.data.limit, offset: q.data.offset };
    if (q.data.status) filter.status = q.data.status === 'open' ? 'open' : [q.data.status];
    if (q.data.source) filter.source = q.data.source;
    if (q.data.unit) {
      const unit = deps.rt.org ? findUnit(deps.rt.org, q.data.unit) : undefined;
      if (!unit) return void bad(res, `Không có đơn vị “${q.data.unit}”.`);
      filter.unitCode = unit.code;
    }
    if (q.data.period) {
      const p = resolveReportPeriod(q.data.period, { now: now(), rule: deps.rt.config.periodRule });
      if (!p.ok) return void bad(res, p.error);
      filter.receivedFrom = p.period.start;
      filter.receivedTo = p.period.end;
    }
    // Officers see their unit's items, citizens their own; leaders and admins everything.
    if (who.kind === 'citizen') filter.involving = who.userId;
    else if (who.kind === 'officer' && who.role === 'officer') filter.unitCode = who.unitCode;
    const items = await listFeedback(deps.rt.db, filter);
    res.json({ items, limit: q.data.limit, offset: q.data.offset });
  });

  router.get('/feedback/:code', async (req, res) => {
    const who = actor(req, res);
    if (!who) return;
    const code = String(req.params.code);
    if (!CODE.test(code)) return void bad(res, 'Mã phản ánh không hợp lệ.');
    const item = await getFeedback(deps.rt.db, code);
    if (!item) return void res.status(404).json({ error: `Không tìm thấy phản ánh ${code}.` });
    if (!canView(who, item)) return void res.status(403).json({ error: 'Bạn không có quyền xem phản ánh này.' });
    const env = feedbackEnv(deps.rt, now(), `${req.protocol}://${req.get('host')}`);
    const attachments = (await listAttachments(deps.rt.db, code)).map((a) => ({
      seq: a.seq, kind: a.kind, name: a.originalName, mime: a.mime, size: a.sizeBytes, status: a.status, reason: a.reason,
      ...(a.status === 'stored' ? { url: env.fileLink?.(code, a.seq) } : {}),
    }));
    const events = who.kind === 'citizen' ? undefined : await listFeedbackEvents(deps.rt.db, code);
    res.json({ item, attachments, ...(events ? { events } : {}) });
  });

  const action = (schema: z.ZodType<Record<string, string>>, run: (tx: Parameters<typeof answerFeedbackAs>[0], env: ReturnType<typeof feedbackEnv>, who: TActor, code: string, body: Record<string, string>) => Promise<TActionResult>) =>
    async (req: Request, res: Response) => {
      const who = actor(req, res);
      if (!who) return;
      const code = String(req.params.code);
      if (!CODE.test(code)) return void bad(res, 'Mã phản ánh không hợp lệ.');
      const body = schema.safeParse(req.body ?? {});
      if (!body.success) return void bad(res, body.error);
      const at = now();
      const env = feedbackEnv(deps.rt, at, `${req.protocol}://${req.get('host')}`);
      const keyBase = `api:${code}:${req.path.split('/').pop()}:${at.getTime()}:${Math.random().toString(36).slice(2, 8)}`;
      const r = await deps.rt.db.transaction(async (tx) => {
        const result = await run(tx, env, who, code, body.data);
        if (result.ok) await writeNotices(tx, keyBase, result.notices);
        return result;
      });
      if (!r.ok) return void res.status(r.status).json({ error: r.error });
      await queueNotices(deps.rt, keyBase);
      res.json({ item: r.item, message: r.reply.map((m) => ('text' in m ? m.text : '')).join('\n') });
    };

  router.post('/feedback/:code/answer', action(ZAnswer, (tx, env, who, code, b) => answerFeedbackAs(tx, env, who, code, b.text!)));
  router.post('/feedback/:code/reject', action(ZReject, (tx, env, who, code, b) => rejectFeedbackAs(tx, env, who, code, b.reason!)));
  router.post('/feedback/:code/reassign', action(ZReassign, (tx, env, who, code, b) => reassignFeedbackAs(tx, env, who, code, b.unit!)));
  return router;
}
