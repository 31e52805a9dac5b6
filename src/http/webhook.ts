import express, { type Router } from 'express';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import { webhookEvents, webhookLatency } from '../metrics.ts';
import { JOBS, jobIdOf, RETENTION, RETRY } from '../queue/definitions.ts';
import { parseZaloEvent } from '../zalo/events.ts';
import { verifyEventSignature } from '../zalo/signature.ts';

export interface TWebhookDeps {
  appId: string;
  oaSecretKey: string;
  eventMaxAgeMs: number;
  inbound: Queue;
  producer: Redis;
  log: Logger;
}

/**
 * POST /webhooks/zalo: signature on the raw bytes, then parse, then enqueue with the event id as job id, then 200.
 * Nothing slow happens here: Zalo wants an answer within 2 s and the bot's work is done by the inbound worker.
 */
export function webhookRouter(deps: TWebhookDeps): Router {
  const router = express.Router();
  router.post('/webhooks/zalo', express.raw({ type: () => true, limit: '512kb' }), async (req, res) => {
    const stop = webhookLatency.startTimer();
    const answer = (status: number, outcome: string, body: Record<string, unknown>) => {
      webhookEvents.inc({ outcome });
      stop({ status: String(status) });
      res.status(status).json(body);
    };
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      return answer(400, 'bad-json', { error: 'Nội dung không phải JSON hợp lệ' });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return answer(400, 'bad-json', { error: 'Nội dung phải là một đối tượng JSON' });
    }
    const bodyTs = (body as { timestamp?: unknown }).timestamp;
    const timestamp = typeof bodyTs === 'string' || typeof bodyTs === 'number' ? String(bodyTs) : req.get('x-zevent-timestamp') ?? undefined;
    const check = verifyEventSignature({ header: req.get('x-zevent-signature'), rawBody: raw, timestamp, appId: deps.appId, oaSecretKey: deps.oaSecretKey });
    if (!check.ok) {
      deps.log.warn({ reason: check.reason, ip: req.ip }, 'webhook signature check failed');
      return answer(401, 'bad-signature', { error: 'Chữ ký không hợp lệ' });
    }
    const parsed = parseZaloEvent(body);
    if (!parsed.ok) {
      // Signed but not for us (unknown type or odd shape): acknowledge, or Zalo would retry it for hours.
      deps.log.info({ eventName: parsed.eventName, reason: parsed.reason, detail: parsed.detail?.slice(0, 300) }, 'signed webhook event ignored');
      return answer(200, parsed.reason, { ok: true, ignored: parsed.reason });
    }
    const ts = Number(parsed.event.timestamp);
    if (Number.isFinite(ts) && ts > 0 && Date.now() - ts > deps.eventMaxAgeMs) {
      deps.log.info({ eventName: parsed.event.eventName, ageHours: Math.round((Date.now() - ts) / 3600_000) }, 'stale webhook event dropped');
      return answer(200, 'stale', { ok: true, ignored: 'stale' });
    }
    try {
      // Fail fast: with Redis away, BullMQ would wait for it; Zalo's retry is the better place to wait.
      if (deps.producer.status !== 'ready') throw new Error(`redis ${deps.producer.status}`);
      await deps.inbound.add(JOBS.event.name, parsed.event, { jobId: jobIdOf(parsed.event.eventId), ...RETRY, ...RETENTION });
    } catch (err) {
      deps.log.error({ err: (err as Error).message }, 'cannot enqueue webhook event: answering 503 so that Zalo retries');
      return answer(503, 'queue-down', { error: 'Hệ thống tạm thời bận, vui lòng thử lại' });
    }
    return answer(200, 'queued', { ok: true });
  });
  return router;
}
