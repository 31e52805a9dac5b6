import { createHash } from 'node:crypto';
import { z } from 'zod';
import { cleanText } from '../domain/vietnamese.ts';

/**
 * Zalo OA webhook events (spec/zalo-platform.md). Ids and timestamps are strings and exceed 2^53:
 * they are never parsed as numbers. Shapes are loose: extra fields are tolerated, optional ones may be missing.
 */
// An id is a short printable string: a control character or a kilobyte of "id" is no Zalo event (bad-shape, 200).
// eslint-disable-next-line no-control-regex -- control characters are what the pattern refuses
const ZId = z.union([z.string(), z.number()]).transform((v) => String(v)).pipe(z.string().min(1).max(256).regex(/^[^\u0000-\u001f\u007f-\u009f]+$/));
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

/** Text as the product keeps it (cleanText: NFC, no NUL or other control or invisible characters). */
const clean = <T extends string | undefined>(text: T): T => (text === undefined ? text : cleanText(text)) as T;

/** At most this many attachments of one message are kept (Zalo sends a handful; a forged list is cut short). */
const MAX_ATTACHMENTS = 20;

function mapAttachments(raw: unknown): TAttachment[] {
  const out: TAttachment[] = [];
  // A text event's attachments are not validated by its schema: `{}` or "x" there is no list (found by fuzzing).
  if (!Array.isArray(raw)) return out;
  for (const a of raw.slice(0, MAX_ATTACHMENTS)) {
    const img = ZImageAttachment.safeParse(a);
    if (img.success) { out.push({ type: 'image', url: clean(img.data.payload.url), thumbnail: clean(img.data.payload.thumbnail) }); continue; }
    const file = ZFileAttachment.safeParse(a);
    if (file.success) {
      const size = file.data.payload.size === undefined ? undefined : Number(file.data.payload.size);
      out.push({ type: 'file', url: clean(file.data.payload.url), name: clean(file.data.payload.name), size: Number.isFinite(size) ? size : undefined, mime: clean(file.data.payload.type) });
      continue;
    }
    const loc = ZLocationAttachment.safeParse(a);
    if (loc.success) {
      const { latitude, longitude } = loc.data.payload.coordinates;
      // "abc" or 1e999 is no place: kept as an attachment of unknown kind rather than a NaN location.
      if (Number.isFinite(latitude) && Number.isFinite(longitude)) out.push({ type: 'location', latitude, longitude });
      else out.push({ type: 'other', kind: 'location' });
      continue;
    }
    const any = ZAnyAttachment.safeParse(a);
    out.push({ type: 'other', kind: any.success ? clean(any.data.type).slice(0, 40) : 'unknown' });
  }
  return out;
}

/**
 * The shared info of user_submit_info (name, phone, address…) as flat text: nested values are dropped, so a signed
 * but absurd body (an object nested 100,000 deep) can neither reach the queue nor be serialised there.
 */
function flatInfo(info: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(info).slice(0, 50)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[clean(k).slice(0, 100)] = clean(String(v)).slice(0, 2000);
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
  // Zalo's names are short snake_case words; anything else is not for us (and is not logged at length).
  if (!/^[a-z][a-z0-9_]{0,63}$/.test(eventName)) return { ok: false, reason: 'unknown-event', eventName: cleanText(eventName.slice(0, 64)) };

  if (eventName.startsWith('oa_send_')) {
    const r = ZOaSend.safeParse(body);
    if (!r.success) return { ok: false, reason: 'bad-shape', eventName, detail: r.error.message };
    const e = r.data;
    const msgId = e.message?.msg_id;
    return {
      ok: true,
      event: {
        eventId: msgId ? `msg:${msgId}` : `h:${hashId(eventName, e.recipient.id, e.timestamp)}`,
        eventName, kind: 'oa_echo', userId: e.recipient.id, timestamp: e.timestamp, text: clean(e.message?.text), attachments: [],
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
      return { ok: true, event: { eventId: `h:${hashId(eventName, s.sender.id, s.timestamp)}`, eventName, kind: 'submit_info', userId: s.sender.id, appUserId: s.user_id_by_app, timestamp: s.timestamp, info: flatInfo(s.info), attachments: [] } };
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
          timestamp: e.timestamp, text: clean(m.message.text), attachments: mapAttachments(m.message.attachments),
        },
      };
    }
  }
}
