/**
 * Builds webhook events exactly as Zalo sends them (field names, nesting, everything a string), matching the
 * samples in webhooks/. Pure functions: the simulator adds ids, timestamps and the signature.
 */

export interface TEventContext {
  appId: string;
  oaId: string;
}
export interface TEventUser {
  /** OA-scoped id: `sender.id` / `follower.id` in events, `recipient.user_id` when sending. */
  userId: string;
  /** App-scoped id (`user_id_by_app`), the same id the mini-app sees. */
  appUserId: string;
}
export interface TEventMeta {
  timestamp: string;
  msgId: string;
}
export type TZaloEvent = Record<string, unknown> & { event_name: string; timestamp: string };

export type TMediaKind = 'sticker' | 'gif' | 'audio' | 'video';

function userMessage(ctx: TEventContext, user: TEventUser, eventName: string, message: Record<string, unknown>, meta: TEventMeta): TZaloEvent {
  // Key order follows Zalo's documented samples; it does not matter to JSON readers but keeps diffs readable.
  return {
    app_id: ctx.appId,
    sender: { id: user.userId },
    user_id_by_app: user.appUserId,
    recipient: { id: ctx.oaId },
    event_name: eventName,
    message: { msg_id: meta.msgId, ...message },
    timestamp: meta.timestamp,
  };
}

export function buildUserSendText(ctx: TEventContext, user: TEventUser, text: string, meta: TEventMeta): TZaloEvent {
  return userMessage(ctx, user, 'user_send_text', { text }, meta);
}

export function buildUserSendImage(ctx: TEventContext, user: TEventUser, urls: string[], meta: TEventMeta, text?: string): TZaloEvent {
  const attachments = urls.map((url) => ({ type: 'image', payload: { thumbnail: url, url } }));
  return userMessage(ctx, user, 'user_send_image', { ...(text === undefined ? {} : { text }), attachments }, meta);
}

export interface TFileInput {
  url: string;
  name: string;
  size: number | string;
  /** Zalo sends the extension here ("pdf", "docx"), not a MIME type. */
  type: string;
  checksum?: string;
}
export function buildUserSendFile(ctx: TEventContext, user: TEventUser, file: TFileInput, meta: TEventMeta): TZaloEvent {
  const payload = { url: file.url, name: file.name, size: String(file.size), checksum: file.checksum ?? '', type: file.type };
  return userMessage(ctx, user, 'user_send_file', { attachments: [{ type: 'file', payload }] }, meta);
}

export function buildUserSendLocation(ctx: TEventContext, user: TEventUser, latitude: number, longitude: number, meta: TEventMeta): TZaloEvent {
  // Zalo sends coordinates as strings.
  const coordinates = { latitude: String(latitude), longitude: String(longitude) };
  return userMessage(ctx, user, 'user_send_location', { text: '', attachments: [{ type: 'location', payload: { coordinates } }] }, meta);
}

export function buildUserSendMedia(ctx: TEventContext, user: TEventUser, kind: TMediaKind, url: string, meta: TEventMeta): TZaloEvent {
  const payload: Record<string, string> =
    kind === 'sticker' ? { id: 'bd1a3c8f5e7d4b2a', url }
      : kind === 'audio' ? { url }
        : kind === 'video' ? { thumbnail: url, description: '', url }
          : { thumbnail: url, url };
  return userMessage(ctx, user, `user_send_${kind}`, { attachments: [{ type: kind, payload }] }, meta);
}

export function buildFollow(ctx: TEventContext, user: TEventUser, eventName: 'follow' | 'unfollow', timestamp: string, source = 'oa_profile'): TZaloEvent {
  return {
    oa_id: ctx.oaId,
    follower: { id: user.userId },
    user_id_by_app: user.appUserId,
    event_name: eventName,
    source,
    app_id: ctx.appId,
    timestamp,
  };
}

export function buildUserClickChatNow(ctx: TEventContext, user: TEventUser, timestamp: string): TZaloEvent {
  return { oa_id: ctx.oaId, user_id: user.userId, user_id_by_app: user.appUserId, event_name: 'user_click_chatnow', app_id: ctx.appId, timestamp };
}

export interface TSubmitInfo {
  name?: string;
  phone?: string;
  address?: string;
  city?: string;
  district?: string;
  ward?: string;
  [key: string]: string | undefined;
}
export function buildUserSubmitInfo(ctx: TEventContext, user: TEventUser, info: TSubmitInfo, timestamp: string): TZaloEvent {
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(info)) if (typeof v === 'string') clean[k] = v;
  return {
    app_id: ctx.appId,
    sender: { id: user.userId },
    user_id_by_app: user.appUserId,
    recipient: { id: ctx.oaId },
    event_name: 'user_submit_info',
    info: clean,
    timestamp,
  };
}

/** Delivery receipts come from the OA side: sender = OA, recipient = the citizen. */
export function buildUserReceivedMessage(ctx: TEventContext, user: TEventUser, msgId: string, timestamp: string): TZaloEvent {
  return {
    app_id: ctx.appId,
    sender: { id: ctx.oaId },
    user_id_by_app: user.appUserId,
    recipient: { id: user.userId },
    event_name: 'user_received_message',
    message: { msg_id: msgId },
    timestamp,
  };
}
export function buildUserSeenMessage(ctx: TEventContext, user: TEventUser, msgIds: string[], timestamp: string): TZaloEvent {
  return {
    app_id: ctx.appId,
    sender: { id: ctx.oaId },
    user_id_by_app: user.appUserId,
    recipient: { id: user.userId },
    event_name: 'user_seen_message',
    message: { msg_ids: msgIds },
    timestamp,
  };
}

/** Echo of something the OA sent (the API, or a human agent typing in the OA console). */
export function buildOaSend(ctx: TEventContext, user: TEventUser, eventName: string, message: Record<string, unknown>, meta: TEventMeta): TZaloEvent {
  return {
    app_id: ctx.appId,
    sender: { id: ctx.oaId },
    user_id_by_app: user.appUserId,
    recipient: { id: user.userId },
    event_name: eventName,
    message: { msg_id: meta.msgId, ...message },
    timestamp: meta.timestamp,
  };
}
