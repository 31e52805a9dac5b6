import { decide } from '../bot/engine.ts';
import type { TOutMessage } from '../bot/messages.ts';
import { splitText } from '../bot/messages.ts';
import type { Logger } from '../log.ts';
import { shortId } from '../domain/privacy.ts';
import type { Db } from '../store/db.ts';
import { insertOutbound, isOwnEcho, officersOfUnit, pendingOutboundOfEvent, recordEvent, setHandoffUntil, touchUser } from '../store/chat.ts';
import type { TInboundEvent } from '../zalo/events.ts';

export interface TConversationDeps {
  db: Db;
  log: Logger;
  /** looks up a citizen's Zalo display name (best effort) so the welcome can greet them by name */
  profile?: (userId: string) => Promise<string | undefined>;
  handoffQuietMs: number;
  deskUnit: string;
}

/** Long texts become several messages; everything else stays one. */
function expand(messages: TOutMessage[]): TOutMessage[] {
  return messages.flatMap((m): TOutMessage[] => (m.kind === 'text' ? splitText(m.text).map((text) => ({ kind: 'text' as const, text })) : [m]));
}

/**
 * Handles one inbound event exactly once: the decision and the messages it implies are written in one
 * transaction keyed by the event id. A retry of the same event finds it recorded and only returns the messages
 * still waiting to be delivered, so it never decides (or sends) twice.
 */
export async function handleInboundEvent(deps: TConversationDeps, event: TInboundEvent): Promise<{ userId: string; keys: string[] }[]> {
  // Outside the transaction: a slow or failing Zalo profile call must not hold the database.
  const displayName = event.kind === 'follow' && deps.profile ? await deps.profile(event.userId).catch(() => undefined) : undefined;
  const fresh = await deps.db.transaction(async (tx) => {
    if (!(await recordEvent(tx, event))) return false;
    const interacted = event.kind === 'message' || event.kind === 'follow' || event.kind === 'chatnow' || event.kind === 'submit_info';
    const follower = event.kind === 'follow' ? true : event.kind === 'unfollow' ? false : undefined;
    const user = await touchUser(tx, { userId: event.userId, appUserId: event.appUserId, interacted, follower, displayName });
    const now = Date.now();
    const handoffActive = Boolean(user.human_handoff_until && new Date(user.human_handoff_until).getTime() > now);
    const decision = decide(event, {
      displayName: user.display_name ?? undefined,
      handoffActive,
      deskOfficers: event.kind === 'message' ? await officersOfUnit(tx, deps.deskUnit) : [],
    });

    if (decision.startHandoff) await setHandoffUntil(tx, event.userId, new Date(now + deps.handoffQuietMs));
    if (decision.humanAgentSpoke) {
      const msgId = event.eventId.startsWith('msg:') ? event.eventId.slice(4) : undefined;
      if (!(await isOwnEcho(tx, event.userId, msgId, event.text))) {
        // A person answered from the OA console: keep the bot quiet for this citizen a while longer.
        await setHandoffUntil(tx, event.userId, new Date(now + deps.handoffQuietMs));
        deps.log.info({ user: shortId(event.userId) }, 'human agent active: bot paused for this citizen');
      }
    }
    let i = 0;
    for (const m of expand(decision.replies)) await insertOutbound(tx, { key: `${event.eventId}|r${i++}`, userId: event.userId, message: m });
    let n = 0;
    for (const x of decision.notify) {
      for (const m of expand([x.message])) await insertOutbound(tx, { key: `${event.eventId}|n${n++}`, userId: x.userId, message: m });
    }
    return true;
  });
  if (!fresh) deps.log.debug({ eventId: event.eventId }, 'event already handled: re-delivering what is still queued');
  return pendingOutboundOfEvent(deps.db, event.eventId);
}
