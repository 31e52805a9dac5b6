import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseZaloEvent, type TInboundEvent } from '../../src/zalo/events.ts';
import { signatureHeader, verifyEventSignature } from '../../src/zalo/signature.ts';
import {
  buildFollow, buildOaSend, buildUserClickChatNow, buildUserReceivedMessage, buildUserSeenMessage, buildUserSendFile,
  buildUserSendImage, buildUserSendLocation, buildUserSendMedia, buildUserSendText, buildUserSubmitInfo,
} from '../../src/zalo/simulator/event-builders.ts';
import { defaultSimulatorCredentials } from '../../src/zalo/simulator/credentials.ts';

/**
 * webhooks/*.json are the events exactly as Zalo sends them. Every one must parse into the product's event,
 * and the simulator must build events of the very same shape.
 */

const DIR = path.resolve(import.meta.dirname, '../../webhooks');
const USER = '7429516038125749871';
const APP_USER = '5893021746328815904';
const USER2 = '8157302946617283054';
const APP_USER2 = '6034718295530174422';
const { appId: APP_ID, oaId: OA_ID } = defaultSimulatorCredentials;

type TExpect = Partial<Omit<TInboundEvent, 'attachments' | 'info'>> & { attachments?: TInboundEvent['attachments']; info?: Record<string, unknown> };

const EXPECTED: Record<string, TExpect> = {
  user_send_text: {
    kind: 'message', userId: USER, appUserId: APP_USER, eventId: 'msg:4f2a9c1e7b3d58a06c1e9f2b7d4a3c81',
    text: 'Cho tôi hỏi thủ tục đăng ký khai sinh cần những giấy tờ gì ạ?', attachments: [],
  },
  user_send_image: {
    kind: 'message', userId: USER, appUserId: APP_USER, text: 'Ảnh căn cước công dân mặt trước',
    attachments: [{
      type: 'image',
      url: 'https://photo-stal-1.zadn.vn/3a1b7e8c2d4f5a6b/giay-to-cccd-mat-truoc.jpg',
      thumbnail: 'https://photo-stal-1.zadn.vn/3a1b7e8c2d4f5a6b/thumb-giay-to-cccd-mat-truoc.jpg',
    }],
  },
  user_send_file: {
    kind: 'message', userId: USER, text: undefined,
    attachments: [{ type: 'file', url: 'https://f12-zpc.zdn.vn/1234567890abcdef/to-khai-dang-ky-khai-sinh.pdf', name: 'Tờ khai đăng ký khai sinh.pdf', size: 184320, mime: 'pdf' }],
  },
  user_send_location: { kind: 'message', userId: USER, attachments: [{ type: 'location', latitude: 10.7769421, longitude: 106.7009183 }] },
  user_send_sticker: { kind: 'message', userId: USER, attachments: [{ type: 'other', kind: 'sticker' }] },
  user_send_gif: { kind: 'message', userId: USER, attachments: [{ type: 'other', kind: 'gif' }] },
  user_send_audio: { kind: 'message', userId: USER, attachments: [{ type: 'other', kind: 'audio' }] },
  user_send_video: { kind: 'message', userId: USER, attachments: [{ type: 'other', kind: 'video' }] },
  follow: { kind: 'follow', userId: USER2, appUserId: APP_USER2, attachments: [] },
  unfollow: { kind: 'unfollow', userId: USER2, appUserId: APP_USER2, attachments: [] },
  user_click_chatnow: { kind: 'chatnow', userId: USER2, appUserId: APP_USER2 },
  user_submit_info: {
    kind: 'submit_info', userId: USER, appUserId: APP_USER,
    info: { name: 'Nguyễn Thị Hạnh', phone: '84912345678', city: 'Thành phố Hồ Chí Minh', district: 'Quận 1', ward: 'Phường Bến Nghé', address: 'Số 12 đường Nguyễn Huệ' },
  },
  user_received_message: { kind: 'delivery', userId: USER },
  user_seen_message: { kind: 'delivery', userId: USER },
  oa_send_text: {
    kind: 'oa_echo', userId: USER, eventId: 'msg:c3d4e5f60718293a4b5c6d7e8f90a1b2',
    text: 'Chào anh/chị, cán bộ Bộ phận một cửa đã tiếp nhận câu hỏi và sẽ trả lời trong giờ hành chính.',
  },
};

const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
const load = (name: string) => {
  const raw = readFileSync(path.join(DIR, `${name}.json`), 'utf8');
  return { raw, body: JSON.parse(raw) as Record<string, unknown> };
};

/** Every id-like field of an event, wherever it sits. */
function idFields(body: Record<string, unknown>): string[] {
  const out: unknown[] = [body.app_id, body.user_id_by_app, body.oa_id, body.user_id];
  for (const k of ['sender', 'recipient', 'follower'] as const) out.push((body[k] as { id?: unknown } | undefined)?.id);
  return out.filter((v) => v !== undefined) as string[];
}

/** Structure only: keys (sorted) and value types, arrays by their first element. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return [v.length === 0 ? 'empty' : shape(v[0])];
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape((v as Record<string, unknown>)[k])]));
  return typeof v;
}

describe('webhooks/ samples', () => {
  it('has exactly one sample per handled event', () => {
    expect(files.map((f) => f.replace(/\.json$/, ''))).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.keys(EXPECTED))('%s parses into the expected event', (name) => {
    const { body } = load(name);
    expect(body.event_name).toBe(name);
    const r = parseZaloEvent(body);
    if (!r.ok) throw new Error(`${name} did not parse: ${r.reason} ${r.detail ?? ''}`);
    expect(r.event.eventName).toBe(name);
    expect(r.event.timestamp).toBe(body.timestamp);
    const { attachments, info, ...scalars } = EXPECTED[name]!;
    expect(r.event).toMatchObject(scalars);
    if (attachments) expect(r.event.attachments).toEqual(attachments);
    if (info) expect(r.event.info).toEqual(info);
    // Message events de-duplicate by msg_id, the others by a hash: either way a stable, non-empty key.
    const again = parseZaloEvent(JSON.parse(JSON.stringify(body)));
    expect(again.ok && again.event.eventId).toBe(r.event.eventId);
    expect(r.event.eventId.length).toBeGreaterThan(4);
  });

  it.each(Object.keys(EXPECTED))('%s carries ids and timestamp as strings, ids above 2^53, NFC text', (name) => {
    const { raw, body } = load(name);
    expect(body.app_id).toBe(APP_ID);
    expect(typeof body.timestamp).toBe('string');
    expect(body.timestamp).toMatch(/^\d{13}$/);
    const ids = idFields(body);
    expect(ids.length).toBeGreaterThanOrEqual(2);
    for (const id of ids) {
      expect(typeof id).toBe('string');
      expect(BigInt(id)).toBeGreaterThan(2n ** 53n);
    }
    expect(ids).toContain(OA_ID); // as oa_id, or as sender/recipient depending on the direction
    expect(raw).toBe(raw.normalize('NFC'));
  });

  it('signs and verifies a sample over its exact bytes', () => {
    const { raw, body } = load('user_send_text');
    const secret = defaultSimulatorCredentials.oaSecretKey;
    const header = signatureHeader(APP_ID, raw, String(body.timestamp), secret);
    expect(verifyEventSignature({ header, rawBody: Buffer.from(raw), timestamp: String(body.timestamp), appId: APP_ID, oaSecretKey: secret })).toEqual({ ok: true });
    const tampered = Buffer.from(raw.replace('khai sinh', 'kết hôn'));
    expect(verifyEventSignature({ header, rawBody: tampered, timestamp: String(body.timestamp), appId: APP_ID, oaSecretKey: secret }).ok).toBe(false);
  });

  it('the simulator builds events of the same shape as every sample', () => {
    const ctx = { appId: APP_ID, oaId: OA_ID };
    const u = { userId: USER, appUserId: APP_USER };
    const meta = { msgId: '0123456789abcdef0123456789abcdef', timestamp: '1732680000000' };
    const url = 'http://127.0.0.1/_sim/files/sample.png';
    const built: Record<string, Record<string, unknown>> = {
      user_send_text: buildUserSendText(ctx, u, 'Xin chào', meta),
      user_send_image: buildUserSendImage(ctx, u, [url], meta, 'Ảnh'),
      user_send_file: buildUserSendFile(ctx, u, { url, name: 'to-khai.pdf', size: 1024, type: 'pdf', checksum: 'abc' }, meta),
      user_send_location: buildUserSendLocation(ctx, u, 10.77, 106.7, meta),
      user_send_sticker: buildUserSendMedia(ctx, u, 'sticker', url, meta),
      user_send_gif: buildUserSendMedia(ctx, u, 'gif', url, meta),
      user_send_audio: buildUserSendMedia(ctx, u, 'audio', url, meta),
      user_send_video: buildUserSendMedia(ctx, u, 'video', url, meta),
      follow: buildFollow(ctx, u, 'follow', meta.timestamp),
      unfollow: buildFollow(ctx, u, 'unfollow', meta.timestamp),
      user_click_chatnow: buildUserClickChatNow(ctx, u, meta.timestamp),
      user_submit_info: buildUserSubmitInfo(ctx, u, { address: 'a', phone: 'p', city: 'c', district: 'd', name: 'n', ward: 'w' }, meta.timestamp),
      user_received_message: buildUserReceivedMessage(ctx, u, meta.msgId, meta.timestamp),
      user_seen_message: buildUserSeenMessage(ctx, u, [meta.msgId], meta.timestamp),
      oa_send_text: buildOaSend(ctx, u, 'oa_send_text', { text: 'Chào bạn' }, meta),
    };
    for (const name of Object.keys(EXPECTED)) {
      expect(shape(built[name]), name).toEqual(shape(load(name).body));
      expect(parseZaloEvent(built[name]).ok, name).toBe(true);
    }
  });
});
