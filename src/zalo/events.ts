import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Zalo OA webhook events (spec/zalo-platform.md). Ids and timestamps are strings and exceed 2^53:
 * they are never parsed as numbers. Shapes are loose: extra fields are tolerated, optional ones may be missing.
 */
const ZId = z.union([z.string(), z.number()]).transform((v) => String(v));
const ZTimestamp = ZId;
const ZParty = z.looseObject({ id: ZId });

const ZBase = {
  app_id: ZId.optional(),
  user_id_by_app: ZId.optional(),
  timestamp: ZTimestamp,
};

const ZImageAttachment = z.looseObject({
  type: z.literal('image'),
  payload: z.looseObject({ url: z.string(), thumbnail: z.string().optional() }),
});
const ZFileAttachment = z.looseObject({
  type: z.literal('file'),
  payload: z.looseObject({
    url: z.string(),
    name: z.string().optional(),
    size: z.union([z.string(), z.number()]).optional(),
    checksum: z.string().optional(),
    type: z.string().optional(),
  }),
});
const ZLocationAttachment = z.looseObject({
  type: z.literal('location'),
  payload: z.looseObject({
    coordinates: z.looseObject({
      latitude: z.union([z.string(), z.number()]).transform((v) => Number(v)),
      longitude: z.union([z.string(), z.number()]).transform((v) => Number(v)),
    }),
  }),
});
const ZAnyAttachment = z.looseObject({ type: z.string(), payload: z.unknown().optional() });

const userMessage = <A extends z.ZodType>(name: string, message: A) =>
  z.looseObject({ ...ZBase, event_name: z.literal(name), sender: ZParty, recipient: ZParty.optional(), message });

export const ZUserSendText = userMessage(
  'user_send_text',
  z.looseObject({ msg_id: ZId, text: z.string() }),
);
export const ZUserSendImage = userMessage(
  'user_send_image',
  z.looseObject({ msg_id: ZId, text: z.string().optional(), attachments: z.array(ZImageAttachment).min(1) }),
);
export const ZUserSendFile = userMessage(
  'user_send_file',
  z.looseObject({ msg_id: ZId, text: z.string().optional(), attachments: z.array(ZFileAttachment).min(1) }),
);
export const ZUserSendLocation = userMessage(
  'user_send_location',
  z.looseObject({ msg_id: ZId, text: z.string().optional(), attachments: z.array(ZLocationAttachment).min(1) }),
);
const mediaMessage = (name: string) =>
  userMessage(name, z.looseObject({ msg_id: ZId, text: z.string().optional(), attachments: z.array(ZAnyAttachment).optional() }));
export const ZUserSendSticker = mediaMessage('user_send_sticker');
export const ZUserSendGif = mediaMessage('user_send_gif');
export const ZUserSendAudio = mediaMessage('user_send_audio');
export const ZUserSendVideo = mediaMessage('user_send_video');

export const ZFollow = z.looseObject({
  ...ZBase,
  event_name: z.enum(['follow', 'unfollow']),
  oa_id: ZId.optional(),
  follower: ZParty,
  source: z.string().optional(),
});
export const ZUserClickChatNow = z.looseObject({
  ...ZBase,
  event_name: z.literal('user_click_chatnow'),
  user_id: ZId,
  oa_id: ZId.optional(),
});
export const ZUserSubmitInfo = z.looseObject({
  ...ZBase,
  event_name: z.literal('user_submit_info'),
  sender: ZParty,
  recipient: ZParty.optional(),
  info: z.looseObject({}),
});
export const ZUserReceivedOrSeen = z.looseObject({
  ...ZBase,
  event_name: z.enum(['user_received_message', 'user_seen_message']),
  sender: ZParty.optional(),
  recipient: ZParty.optional(),
  message: z.looseObject({ msg_id: ZId.optional(), msg_ids: z.array(ZId).optional() }).optional(),
});
/** Echoes of what the OA sent, including a human agent typing in the OA console. */
export const ZOaSend = z.looseObject({
  ...ZBase,
  event_name: z.string().regex(/^oa_send_/),
  sender: ZParty,
  recipient: ZParty,
  message: z.looseObject({ msg_id: ZId.optional(), text: z.string().optional() }).optional(),
});

export const EVENT_SCHEMAS = {
  user_send_text: ZUserSendText,
  user_send_image: ZUserSendImage,
  user_send_file: ZUserSendFile,
  user_send_location: ZUserSendLocation,
  user_send_sticker: ZUserSendSticker,
  user_send_gif: ZUserSendGif,
  user_send_audio: ZUserSendAudio,
  user_send_video: ZUserSendVideo,
  follow: ZFollow,
  unfollow: ZFollow,
  user_click_chatnow: ZUserClickChatNow,
  user_submit_info: ZUserSubmitInfo,
  user_received_message: ZUserReceivedOrSeen,
  user_seen_message: ZUserReceivedOrSeen,
} as const;

export type TAttachment =
  | { type: 'image'; url: string; thumbnail?: string }
  | { type: 'file'; url: string; name?: string; size?: number; mime?: string }
  | { type: 'location'; latitude: number; longitude: number }
  | { type: 'other'; kind: string };

/** What the bot needs of any event: the product's own, stable shape. */
export const ZInboundEvent = z.object({
  eventId: z.string().min(1),
  eventName: z.string(),
  kind: z.enum(['message', 'follow', 'unfollow', 'chatnow', 'submit_info', 'delivery', 'oa_echo']),
  userId: z.string().min(1),
  appUserId: z.string().optional(),
  timestamp: z.string(),
  text: z.string().optional(),
  attachments: z
    .array(
      z.union([
        z.object({ type: z.literal('image'), url: z.string(), thumbnail: z.string().optional() }),
        z.object({ type: z.literal('file'), url: z.string(), name: z.string().optional(), size: z.number().optional(), mime: z.string().optional() }),
        z.object({ type: z.literal('location'), latitude: z.number(), longitude: z.number() }),
        z.object({ type: z.literal('other'), kind: z.string() }),
      ]),
    )
    .default([]),
  info: z.record(z.string(), z.unknown()).optional(),
});
export type TInboundEvent = z.infer<typeof ZInboundEvent>;

export type TParseResult =
  | { ok: true; event: TInboundEvent }
  | { ok: false; reason: 'unknown-event' | 'bad-shape'; eventName: string | undefined; detail?: string };

function hashId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function mapAttachments(raw: unknown[] | undefined): TAttachment[] {
  const out: TAttachment[] = [];
  for (const a of raw ?? []) {
    const img = ZImageAttachment.safeParse(a);
    if (img.success) { out.push({ type: 'image', url: img.data.payload.url, thumbnail: img.data.payload.thumbnail }); continue; }
    const file = ZFileAttachment.safeParse(a);
    if (file.success) {
      const size = file.data.payload.size === undefined ? undefined : Number(file.data.payload.size);
      out.push({ type: 'file', url: file.data.payload.url, name: file.data.payload.name, size: Number.isFinite(size) ? size : undefined, mime: file.data.payload.type });
      continue;
    }
    const loc = ZLocationAttachment.safeParse(a);
    if (loc.success) { out.push({ type: 'location', latitude: loc.data.payload.coordinates.latitude, longitude: loc.data.payload.coordinates.longitude }); continue; }
    const any = ZAnyAttachment.safeParse(a);
    out.push({ type: 'other', kind: any.success ? any.data.type : 'unknown' });
  }
  return out;
}

/**
 * Parses a signed webhook body into the product's event shape.
 * De-duplication key: message.msg_id where present, else a hash of event_name + sender + timestamp.
 */
export function parseZaloEvent(body: unknown): TParseResult {
  const eventName = typeof body === 'object' && body !== null && typeof (body as { event_name?: unknown }).event_name === 'string'
    ? (body as { event_name: string }).event_name
    : undefined;
  if (!eventName) return { ok: false, reason: 'bad-shape', eventName, detail: 'event_name missing' };

  if (eventName.startsWith('oa_send_')) {
    const r = ZOaSend.safeParse(body);
    if (!r.success) return { ok: false, reason: 'bad-shape', eventName, detail: r.error.message };
    const e = r.data;
    const msgId = e.message?.msg_id;
    return {
      ok: true,
      event: {
        eventId: msgId ? `msg:${msgId}` : `h:${hashId(eventName, e.recipient.id, e.timestamp)}`,
        eventName, kind: 'oa_echo', userId: e.recipient.id, timestamp: e.timestamp, text: e.message?.text, attachments: [],
      },
    };
  }

  const schema = (EVENT_SCHEMAS as Record<string, z.ZodType>)[eventName];
  if (!schema) return { ok: false, reason: 'unknown-event', eventName };
  const r = schema.safeParse(body);
  if (!r.success) return { ok: false, reason: 'bad-shape', eventName, detail: r.error.message };
  const e = r.data as Record<string, unknown> & { timestamp: string; user_id_by_app?: string };

  switch (eventName) {
    case 'follow':
    case 'unfollow': {
      const f = e as z.infer<typeof ZFollow>;
      return { ok: true, event: { eventId: `h:${hashId(eventName, f.follower.id, f.timestamp)}`, eventName, kind: eventName, userId: f.follower.id, appUserId: f.user_id_by_app, timestamp: f.timestamp, attachments: [] } };
    }
    case 'user_click_chatnow': {
      const c = e as z.infer<typeof ZUserClickChatNow>;
      return { ok: true, event: { eventId: `h:${hashId(eventName, c.user_id, c.timestamp)}`, eventName, kind: 'chatnow', userId: c.user_id, appUserId: c.user_id_by_app, timestamp: c.timestamp, attachments: [] } };
    }
    case 'user_submit_info': {
      const s = e as z.infer<typeof ZUserSubmitInfo>;
      return { ok: true, event: { eventId: `h:${hashId(eventName, s.sender.id, s.timestamp)}`, eventName, kind: 'submit_info', userId: s.sender.id, appUserId: s.user_id_by_app, timestamp: s.timestamp, info: s.info, attachments: [] } };
    }
    case 'user_received_message':
    case 'user_seen_message': {
      const d = e as z.infer<typeof ZUserReceivedOrSeen>;
      const who = d.recipient?.id ?? d.sender?.id ?? '';
      const ids = d.message?.msg_ids?.join(',') ?? d.message?.msg_id ?? '';
      return { ok: true, event: { eventId: `h:${hashId(eventName, who, ids, d.timestamp)}`, eventName, kind: 'delivery', userId: who || 'unknown', timestamp: d.timestamp, attachments: [] } };
    }
    default: {
      const m = e as unknown as { sender: { id: string }; message: { msg_id: string; text?: string; attachments?: unknown[] } };
      return {
        ok: true,
        event: {
          eventId: `msg:${m.message.msg_id}`, eventName, kind: 'message', userId: m.sender.id, appUserId: e.user_id_by_app,
          timestamp: e.timestamp, text: m.message.text, attachments: mapAttachments(m.message.attachments),
        },
      };
    }
  }
}
