import { describe, expect, it } from 'vitest';
import { decide, type TConversationContext, type TDecision } from '../../src/bot/engine.ts';
import { ZOutMessage, type TOutMessage } from '../../src/bot/messages.ts';
import { FEEDBACK_TEXTS, MENU_PAYLOAD, TEXTS } from '../../src/bot/texts.ts';
import type { TInboundEvent } from '../../src/zalo/events.ts';

/** The engine is pure: an event and what is known of the citizen → what to send and what to change. */

const CITIZEN = '7429516038125749871';
const OFFICERS = ['8157302946617283054', '6034718295530174422'];

function event(kind: TInboundEvent['kind'], extra: Partial<TInboundEvent> = {}): TInboundEvent {
  return { eventId: 'msg:0123', eventName: kind === 'message' ? 'user_send_text' : kind, kind, userId: CITIZEN, timestamp: '1732680000000', attachments: [], ...extra };
}
const text = (t: string) => event('message', { text: t });
const ctx = (c: Partial<TConversationContext> = {}): TConversationContext => ({ handoffActive: false, deskOfficers: [], ...c });

/** Every message the engine asks for must be sendable as is. */
function expectValid(d: TDecision): void {
  for (const m of [...d.replies, ...d.notify.map((n) => n.message)]) expect(ZOutMessage.safeParse(m).success, JSON.stringify(m)).toBe(true);
}
const only = (d: TDecision): TOutMessage => {
  expect(d.replies).toHaveLength(1);
  return d.replies[0]!;
};
const MENU_TITLES = ['Tra cứu thủ tục', 'Gửi phản ánh', 'Tra cứu hồ sơ', 'Hướng dẫn'];

describe('decide: welcome and menu', () => {
  it.each(['follow', 'chatnow'] as const)('%s → a Vietnamese welcome with the 4-button main menu', (kind) => {
    const d = decide(event(kind), ctx());
    expectValid(d);
    const m = only(d);
    expect(m.kind).toBe('buttons');
    if (m.kind !== 'buttons') return;
    expect(m.text).toBe(TEXTS.welcome());
    expect(m.text).toMatch(/^Xin chào!/);
    expect(m.buttons).toHaveLength(4);
    expect(m.buttons.map((b) => b.title)).toEqual(MENU_TITLES);
    for (const b of m.buttons) expect(b.type).toBe('oa.query.hide');
    expect(d.notify).toEqual([]);
    expect(d.startHandoff).toBeFalsy();
  });

  it('greets the citizen by name when known', () => {
    const m = only(decide(event('follow'), ctx({ displayName: 'Nguyễn Thị Hạnh' })));
    expect(m.kind === 'buttons' && m.text.startsWith('Xin chào Nguyễn Thị Hạnh!')).toBe(true);
  });

  it.each([['menu', TEXTS.menu], ['bat dau', TEXTS.menu], ['Hướng dẫn', TEXTS.help]])('"%s" → the menu buttons under the right text', (typed, expected) => {
    const d = decide(text(typed), ctx());
    expectValid(d);
    const m = only(d);
    expect(m).toMatchObject({ kind: 'buttons', text: expected });
    expect(m.kind === 'buttons' && m.buttons.map((b) => b.title)).toEqual(MENU_TITLES);
  });

  it.each([
    ['Tra cứu thủ tục', TEXTS.proceduresPrompt], ['tra cuu ho so', TEXTS.dossierPrompt],
  ])('"%s" → its prompt', (typed, prompt) => {
    expect(only(decide(text(typed), ctx()))).toEqual({ kind: 'text', text: prompt });
  });

  it.each(['gửi phản ánh', 'Gui phan anh', 'góp ý', 'KIẾN NGHỊ'])('"%s" → the feedback dialog asks for the content, with a cancel button', (typed) => {
    expect(only(decide(text(typed), ctx()))).toMatchObject({ kind: 'buttons', text: FEEDBACK_TEXTS.askContent, buttons: [{ title: 'Hủy' }] });
  });

  it('anything unrecognised → a polite answer saying what the bot can do, with a way to reach a person', () => {
    const d = decide(text('thời tiết hôm nay thế nào'), ctx());
    expectValid(d);
    const m = only(d);
    expect(m).toMatchObject({ kind: 'buttons', text: TEXTS.fallback });
    expect(m.kind === 'buttons' && m.buttons.map((b) => b.title)).toEqual([...MENU_TITLES.slice(0, 3), MENU_PAYLOAD.handoff]);
    expect(d.notify).toEqual([]);
  });

  it('unfollow and delivery receipts → nothing', () => {
    expect(decide(event('unfollow'), ctx())).toEqual({ replies: [], notify: [] });
    expect(decide(event('delivery'), ctx())).toEqual({ replies: [], notify: [] });
  });
});

describe('decide: handoff to a person', () => {
  it('with officers on the desk: acknowledges, notifies each officer, starts the handoff', () => {
    const d = decide(text('cho tôi gặp cán bộ'), ctx({ deskOfficers: OFFICERS, displayName: 'Trần Văn Nam' }));
    expectValid(d);
    expect(only(d)).toEqual({ kind: 'text', text: TEXTS.handoffAck });
    expect(d.startHandoff).toBe(true);
    expect(d.notify.map((n) => n.userId)).toEqual(OFFICERS);
    for (const n of d.notify) {
      expect(n.message.kind).toBe('text');
      expect(n.message.kind === 'text' && n.message.text).toContain('Trần Văn Nam');
      expect(n.message.kind === 'text' && n.message.text).toContain('cho tôi gặp cán bộ');
    }
  });

  it('without officers: says so, notifies nobody, does not pause the bot', () => {
    const d = decide(text('gặp cán bộ'), ctx({ deskOfficers: [] }));
    expect(only(d)).toEqual({ kind: 'text', text: TEXTS.handoffNoOfficer });
    expect(d.notify).toEqual([]);
    expect(d.startHandoff).toBeFalsy();
  });

  it("the officers' notice masks phone and ID numbers the citizen typed", () => {
    const d = decide(text('gặp cán bộ giúp tôi, số của tôi 0912 345 678, CCCD 079203001234'), ctx({ deskOfficers: OFFICERS }));
    const notice = d.notify[0]!.message;
    expect(notice.kind).toBe('text');
    if (notice.kind !== 'text') return;
    expect(notice.text).not.toContain('0912 345 678');
    expect(notice.text).not.toMatch(/345/);
    expect(notice.text).not.toContain('079203001234');
    expect(notice.text).toContain('********78');
    expect(notice.text).toContain('**********34');
    expect(notice.text).toContain('chưa rõ tên'); // no display name known
  });

  it('a phone number at the 300-character cut is not leaked in part', () => {
    const typed = `gặp cán bộ ${'x'.repeat(284)} 0912345678`;
    const notice = decide(text(typed), ctx({ deskOfficers: OFFICERS })).notify[0]!.message;
    expect(notice.kind === 'text' && notice.text).not.toMatch(/0912/);
  });

  it('while a person handles the citizen the bot stays silent, whatever is typed', () => {
    for (const typed of ['menu', 'gặp cán bộ', 'thời tiết', 'hướng dẫn']) {
      expect(decide(text(typed), ctx({ handoffActive: true, deskOfficers: OFFICERS }))).toEqual({ replies: [], notify: [] });
    }
    expect(decide(event('message', { attachments: [{ type: 'image', url: 'https://x/y.jpg' }] }), ctx({ handoffActive: true }))).toEqual({ replies: [], notify: [] });
    expect(decide(event('submit_info', { info: { name: 'A' } }), ctx({ handoffActive: true }))).toEqual({ replies: [], notify: [] });
  });

  it('an OA console echo marks that a human agent spoke, and sends nothing', () => {
    const d = decide(event('oa_echo', { text: 'Chào anh, em là cán bộ một cửa' }), ctx());
    expect(d).toEqual({ replies: [], notify: [], humanAgentSpoke: true });
  });
});

describe('decide: media and other messages', () => {
  it.each([
    [[{ type: 'image' as const, url: 'https://x/y.jpg' }], TEXTS.mediaThanks],
    [[{ type: 'file' as const, url: 'https://x/y.pdf', name: 'to-khai.pdf' }], TEXTS.mediaThanks],
    [[{ type: 'other' as const, kind: 'sticker' }], TEXTS.mediaThanks],
    [[], TEXTS.mediaThanks],
    [[{ type: 'location' as const, latitude: 10.2, longitude: 103.9 }], TEXTS.locationThanks],
  ])('attachments %j → thanks', (attachments, expected) => {
    expect(only(decide(event('message', { attachments }), ctx()))).toEqual({ kind: 'text', text: expected });
  });

  it('an image with a caption is routed by its caption', () => {
    const d = decide(event('message', { text: 'menu', attachments: [{ type: 'image', url: 'https://x/y.jpg' }] }), ctx());
    expect(only(d)).toMatchObject({ kind: 'buttons', text: TEXTS.menu });
  });

  it('shared contact info → thanks', () => {
    expect(only(decide(event('submit_info', { info: { phone: '0912345678' } }), ctx()))).toEqual({ kind: 'text', text: TEXTS.submitInfoThanks });
  });
});
