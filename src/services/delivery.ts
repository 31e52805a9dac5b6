import type { Logger } from '../log.ts';
import { shortId } from '../domain/privacy.ts';
import { outboundResults } from '../metrics.ts';
import type { Db } from '../store/db.ts';
import { getOutbound, markOutbound, markSending, type TOutboundRow } from '../store/chat.ts';
import { setAnswerNotice } from '../store/feedback.ts';
import { ANSWER_TAG_PREFIX } from './feedback.ts';

/** A citizen's feedback answer that Zalo refused (window closed, unfollowed…) is kept for their next visit. */
async function keepAnswerForLater(db: Db, key: string): Promise<void> {
  const at = key.lastIndexOf(`|${ANSWER_TAG_PREFIX}`);
  if (at >= 0) await setAnswerNotice(db, key.slice(at + 1 + ANSWER_TAG_PREFIX.length), 'pending');
}
import type { ZaloClient } from '../zalo/client.ts';
import { ZaloApiError } from '../zalo/errors.ts';

export interface TDeliveryDeps {
  db: Db;
  log: Logger;
  zalo: ZaloClient;
}

/** Zalo asked us to slow down: the job goes back to the queue without counting as an attempt. */
export class RateLimitedError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('Zalo rate limit (-32)');
    this.name = 'RateLimitedError';
  }
}

/**
 * Delivers a citizen's queued messages in order. A message already final (sent / undeliverable / failed) is
 * skipped, so a retried job sends nothing twice. Final Zalo answers are recorded, never retried; transient ones
 * throw so the queue retries with backoff.
 */
export async function deliverMessages(deps: TDeliveryDeps, job: { userId: string; keys: string[] }): Promise<void> {
  for (const key of job.keys) {
    const row = await getOutbound(deps.db, key);
    if (!row) {
      deps.log.warn({ key }, 'outbound message not found: skipped');
      continue;
    }
    if (row.status !== 'queued' && row.status !== 'sending') continue;
    if (row.status === 'sending') {
      const arrived = await findDelivered(deps, row);
      if (arrived) {
        await markOutbound(deps.db, key, { status: 'sent', zaloMessageId: arrived });
        outboundResults.inc({ status: 'sent' });
        continue;
      }
    }
    await markSending(deps.db, key);
    try {
      const r = await deps.zalo.send(row.user_id, row.body);
      await markOutbound(deps.db, key, { status: 'sent', zaloMessageId: r.messageId });
      outboundResults.inc({ status: 'sent' });
    } catch (err) {
      if (!(err instanceof ZaloApiError)) throw err;
      if (err.cls === 'rate') throw new RateLimitedError(5_000 + Math.floor(Math.random() * 5_000));
      if (err.cls === 'token' || err.cls === 'quota') {
        if (err.cls === 'quota') deps.log.error({ code: err.code }, 'Zalo quota exhausted: messages are kept and retried');
        throw err;
      }
      const status = err.cls === 'undeliverable' ? 'undeliverable' : 'failed';
      await markOutbound(deps.db, key, { status, errorCode: err.code, reason: err.reason });
      await keepAnswerForLater(deps.db, key);
      outboundResults.inc({ status });
      deps.log.warn({ key, user: shortId(row.user_id), code: err.code, reason: err.reason, endpoint: err.endpoint }, 'message not deliverable: recorded, not retried');
    }
  }
}

/**
 * A previous attempt may have reached Zalo before the process died. Looks for the same text among the OA's latest
 * messages to this citizen; undefined when not found or when Zalo cannot tell (then it is sent again).
 */
async function findDelivered(deps: TDeliveryDeps, row: TOutboundRow): Promise<string | undefined> {
  if (row.body.kind !== 'text' && row.body.kind !== 'buttons') return undefined;
  const want = row.body.text.normalize('NFC');
  try {
    const recent = await deps.zalo.recentMessages(row.user_id, 10);
    const since = new Date(row.updated_at).getTime() - 5_000;
    const hit = recent.find((m) => m.fromOa && m.text?.normalize('NFC') === want && (m.time === undefined || m.time >= since));
    return hit ? hit.messageId ?? 'reconciled' : undefined;
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'cannot check whether an interrupted message arrived: sending it again');
    return undefined;
  }
}

/** After the last attempt: whatever is still queued is recorded as failed with the reason. */
export async function giveUp(deps: Pick<TDeliveryDeps, 'db' | 'log'>, job: { keys: string[] }, reason: string): Promise<void> {
  for (const key of job.keys) {
    const row = await getOutbound(deps.db, key);
    if (row?.status === 'queued' || row?.status === 'sending') {
      await markOutbound(deps.db, key, { status: 'failed', reason: reason.slice(0, 500) });
      await keepAnswerForLater(deps.db, key);
      outboundResults.inc({ status: 'failed' });
    }
  }
  deps.log.error({ keys: job.keys.length, reason }, 'gave up delivering messages after the last attempt');
}
