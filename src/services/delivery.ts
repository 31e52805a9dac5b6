import type { Logger } from '../log.ts';
import { shortId } from '../domain/privacy.ts';
import { outboundResults } from '../metrics.ts';
import type { Db } from '../store/db.ts';
import { getOutbound, markOutbound, markQueuedAgain, markSending, type TOutboundRow } from '../store/chat.ts';
import { setAnswerNotice } from '../store/feedback.ts';
import { ANSWER_TAG_PREFIX } from './feedback.ts';

/** A citizen's feedback answer that Zalo refused (window closed, unfollowed…) is kept for their next visit. */
async function keepAnswerForLater(db: Db, key: string): Promise<void> {
  const at = key.lastIndexOf(`|${ANSWER_TAG_PREFIX}`);
  if (at >= 0) await setAnswerNotice(db, key.slice(at + 1 + ANSWER_TAG_PREFIX.length), 'pending');
}
import type { ZaloClient } from '../zalo/client.ts';
import { ZaloApiError, ZaloHttpError } from '../zalo/errors.ts';

/**
 * After the client gave up on a request (timeout), Zalo may still deliver it a moment later: the delivery waits this
 * long, then looks for the message among the OA's messages to that person before letting the retry send it again
 * (found by the reliability suite: a reply Zalo recorded 1 s after the client's 10 s timeout was looked for too
 * early, or among too few messages, and sent twice).
 */
export const TIMEOUT_GRACE_MS = 5_000;

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
      if (err instanceof ZaloHttpError && err.timedOut) {
        // Zalo may still deliver what the client gave up on: look for it once it has had time to land, now rather
        // than at the retry (which a backlog or a -32 pause can put far behind newer messages to this person).
        await new Promise((r) => setTimeout(r, TIMEOUT_GRACE_MS));
        const sending = await getOutbound(deps.db, key);
        const arrived = sending?.status === 'sending' ? await findDelivered(deps, sending) : undefined;
        if (arrived) {
          await markOutbound(deps.db, key, { status: 'sent', zaloMessageId: arrived });
          outboundResults.inc({ status: 'sent' });
          continue;
        }
      }
      if (!(err instanceof ZaloApiError)) throw err;
      // Zalo answered, so nothing was sent: the retry sends again without first asking Zalo whether it arrived
      // (that look-up is one more request, and under -32 it fails too).
      if (err.cls === 'rate' || err.cls === 'token' || err.cls === 'quota') await markQueuedAgain(deps.db, key);
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

/** Pages of the conversation (10 messages each) looked through for an interrupted message, newest first. */
const LOOKUP_PAGES = 10;

/**
 * A previous attempt may have reached Zalo before the process died (or after the client gave up). Looks for the
 * same text among the OA's messages to this person since the attempt began, page by page back to that time (a desk
 * officer notified of every feedback item gets several messages a second: the latest ten are not enough); undefined
 * when not found or when Zalo cannot tell (then it is sent again).
 */
async function findDelivered(deps: TDeliveryDeps, row: TOutboundRow): Promise<string | undefined> {
  if (row.body.kind !== 'text' && row.body.kind !== 'buttons') return undefined;
  const want = row.body.text.normalize('NFC');
  try {
    const since = new Date(row.updated_at).getTime() - 5_000;
    for (let page = 0; page < LOOKUP_PAGES; page++) {
      const recent = await deps.zalo.recentMessages(row.user_id, 10, page * 10);
      const hit = recent.find((m) => m.fromOa && m.text?.normalize('NFC') === want && (m.time === undefined || m.time >= since));
      if (hit) return hit.messageId ?? 'reconciled';
      // The end of the conversation, or back before the attempt began: it is not there.
      if (recent.length < 10 || recent.some((m) => m.time !== undefined && m.time < since)) return undefined;
    }
    return undefined;
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
