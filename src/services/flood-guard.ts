/**
 * Per-user flood guard for the inbound worker: above USER_MESSAGES_PER_MINUTE messages from one Zalo user in one
 * minute, that user's further messages of the minute are acknowledged (recorded as handled, so neither Zalo nor the
 * queue retries them) but not processed, and the user gets ONE polite message (TEXTS.rateLimited) per minute.
 * Officers have a limit of their own (OFFICER_MESSAGES_PER_MINUTE, higher: they press through the inbox quickly).
 * Other users are never affected.
 *
 * Across instances: one Redis hash per user and minute holds the counter and, per event id, the position the event
 * was given. A retried job (or a second worker taking a stalled one) asks again with the same event id and gets the
 * same position — so the same decision — and never counts twice. The minute is the event's own (Zalo's) timestamp,
 * which a retry carries unchanged. Beyond the hash's life (the minute plus RETRY_GRACE_MS), processed_events is the
 * guard: an event already handled is never decided again, whichever path handled it.
 */
import type { Redis } from 'ioredis';
import { TEXTS } from '../bot/texts.ts';
import { shortId } from '../domain/privacy.ts';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { getOfficer, insertOutbound, pendingOutboundOfEvent, recordEvent, touchUser } from '../store/chat.ts';
import type { TInboundEvent } from '../zalo/events.ts';
import type { THandled } from './conversation.ts';

export interface TFloodLimits {
  /** messages a citizen may send per window; 0 disables the guard */
  perMinute: number;
  /** the same for officers (officers table); 0: officers are not limited */
  officerPerMinute: number;
  /** window length (tests); default one minute */
  windowMs?: number;
}

export type TFloodVerdict =
  | { admitted: true; position: number }
  /** `notify`: this is the first message over the limit in its window, the one that gets the polite notice */
  | { admitted: false; position: number; notify: boolean };

/** How long after its window a user-minute hash is kept: job retries within it get the same answer. */
export const RETRY_GRACE_MS = 15 * 60_000;

/**
 * KEYS[1] the user-minute hash; ARGV[1] the event id, ARGV[2] the hash's time to live (ms).
 * Returns the event's position in its window: the stored one for an event seen before, else the next one.
 */
const ADMIT = `
local seen = redis.call('HGET', KEYS[1], ARGV[1])
if seen then return tonumber(seen) end
local n = redis.call('HINCRBY', KEYS[1], '#', 1)
redis.call('HSET', KEYS[1], ARGV[1], n)
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return n
`;

export interface TFloodGuardDeps {
  redis: Redis;
  db: Db;
  log: Logger;
  /** key prefix (QUEUE_PREFIX): deployments sharing a Redis keep apart */
  prefix: string;
  limits: TFloodLimits;
}

export class FloodGuard {
  constructor(private readonly deps: TFloodGuardDeps) {}

  /** Only what a user types or sends counts: follows, delivery receipts and the OA's own echoes never do. */
  static counts(event: TInboundEvent): boolean {
    return event.kind === 'message';
  }

  get enabled(): boolean {
    return this.deps.limits.perMinute > 0;
  }

  /** The window an event falls in: by its own timestamp (stable across retries), else by the clock. */
  windowOf(event: TInboundEvent, now = Date.now()): number {
    const ts = Number(event.timestamp);
    const at = Number.isFinite(ts) && ts > 0 ? ts : now;
    return Math.floor(at / this.windowMs);
  }

  private get windowMs(): number {
    return this.deps.limits.windowMs ?? 60_000;
  }

  /** The event's position among its user's messages of its window (same answer for the same event id). */
  async position(event: TInboundEvent): Promise<number> {
    const key = `${this.deps.prefix}:flood:{${event.userId}}:${this.windowOf(event)}`;
    const n = await this.deps.redis.eval(ADMIT, 1, key, event.eventId, String(this.windowMs + RETRY_GRACE_MS));
    return Number(n);
  }

  /**
   * Whether to process the event. Fails open: when Redis cannot answer, the message is processed (the queue itself
   * lives in Redis, so this only happens in a short blip) and the reason is logged.
   */
  async admit(event: TInboundEvent): Promise<TFloodVerdict> {
    const { perMinute, officerPerMinute } = this.deps.limits;
    if (!this.enabled || !FloodGuard.counts(event)) return { admitted: true, position: 0 };
    let n: number;
    try {
      n = await this.position(event);
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'flood guard unavailable: message processed without the per-user limit');
      return { admitted: true, position: 0 };
    }
    if (n <= perMinute) return { admitted: true, position: n };
    // Over the citizens' limit: officers (looked up only now, not for every message) have their own.
    let limit = perMinute;
    if (officerPerMinute === 0 || officerPerMinute > perMinute) {
      const officer = await getOfficer(this.deps.db, event.userId);
      if (officer) {
        if (officerPerMinute === 0 || n <= officerPerMinute) return { admitted: true, position: n };
        limit = officerPerMinute;
      }
    }
    const notify = n === limit + 1;
    if (notify) this.deps.log.warn({ user: shortId(event.userId), limit }, 'user over the message rate: further messages of this minute acknowledged, not processed');
    return { admitted: false, position: n, notify };
  }
}

/**
 * A message over the limit: recorded as handled (exactly once, like any event), the user's last interaction
 * updated (Zalo's messaging window counts it), and — for the first one over the limit in its window — the polite
 * notice written for delivery. Nothing else: no search, no dialog step, no command. A human agent's conversation
 * (handoff) is not interrupted by the notice.
 */
export async function handleThrottledEvent(deps: { db: Db }, event: TInboundEvent, verdict: { notify: boolean }): Promise<THandled> {
  await deps.db.transaction(async (tx) => {
    if (!(await recordEvent(tx, event))) return;
    const user = await touchUser(tx, { userId: event.userId, appUserId: event.appUserId, interacted: true });
    const handoff = user.human_handoff_until !== null && new Date(user.human_handoff_until).getTime() > Date.now();
    if (verdict.notify && !handoff) {
      await insertOutbound(tx, { key: `${event.eventId}|r0`, userId: event.userId, message: { kind: 'text', text: TEXTS.rateLimited } });
    }
  });
  return { deliveries: await pendingOutboundOfEvent(deps.db, event.eventId), filedWithAttachments: [] };
}
