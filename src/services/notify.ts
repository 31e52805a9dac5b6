/**
 * Messages that are not the answer to an inbound event (an officer's action through the API, an attachment
 * problem, a deadline reminder): written to outbound_messages under a key base, then queued for delivery —
 * the same exactly-once path as chat replies.
 */
import type { Queue } from 'bullmq';
import { splitText, type TOutMessage } from '../bot/messages.ts';
import { JOBS, jobIdOf, RETENTION, RETRY } from '../queue/definitions.ts';
import type { Db } from '../store/db.ts';
import { insertOutbound, pendingOutboundOfEvent } from '../store/chat.ts';
import type { TNotice } from './feedback.ts';

function expand(m: TOutMessage): TOutMessage[] {
  return m.kind === 'text' ? splitText(m.text).map((text) => ({ kind: 'text' as const, text })) : [m];
}

/** Writes the messages (in the caller's transaction). Keys: `<base>|n<i>[|tag]`; the base must be unique per cause. */
export async function writeNotices(tx: Db, keyBase: string, notices: readonly TNotice[]): Promise<void> {
  let i = 0;
  for (const x of notices) {
    for (const m of expand(x.message)) await insertOutbound(tx, { key: `${keyBase}|n${i++}${x.tag ? `|${x.tag}` : ''}`, userId: x.userId, message: m });
  }
}

/** Queues whatever of `keyBase` is still waiting, one delivery job per recipient (safe to call again). */
export async function queueNotices(deps: { db: Db; queues: { outbound: Queue } }, keyBase: string): Promise<number> {
  const pending = await pendingOutboundOfEvent(deps.db, keyBase);
  for (const d of pending) {
    await deps.queues.outbound.add(JOBS.deliver.name, d, { jobId: jobIdOf(`${keyBase}|${d.userId}`), ...RETRY, ...RETENTION });
  }
  return pending.length;
}
