import { maskPersonalData } from '../domain/privacy.ts';
import type { TInboundEvent } from '../zalo/events.ts';
import type { TButton, TOutMessage } from './messages.ts';
import { routeText } from './router.ts';
import { MENU_PAYLOAD, TEXTS } from './texts.ts';

/**
 * The conversation engine: event + what is known of the citizen → what to send and what to change.
 * Pure: storage and Zalo are the caller's business.
 */
export interface TConversationContext {
  displayName?: string;
  /** a human agent answers this citizen now: the bot stays quiet */
  handoffActive: boolean;
  /** OA user ids of the officers on the default desk, to notify on handoff */
  deskOfficers: string[];
}

export interface TDecision {
  replies: TOutMessage[];
  /** messages to other users (officers), each with its recipient */
  notify: { userId: string; message: TOutMessage }[];
  /** start (or extend) the human handoff period for this citizen */
  startHandoff?: boolean;
  /** a human agent spoke from the OA console */
  humanAgentSpoke?: boolean;
}

export function menuButtons(): TButton[] {
  return [
    { type: 'oa.query.hide', title: MENU_PAYLOAD.procedures, payload: MENU_PAYLOAD.procedures },
    { type: 'oa.query.hide', title: MENU_PAYLOAD.feedback, payload: MENU_PAYLOAD.feedback },
    { type: 'oa.query.hide', title: MENU_PAYLOAD.dossier, payload: MENU_PAYLOAD.dossier },
    { type: 'oa.query.hide', title: MENU_PAYLOAD.help, payload: MENU_PAYLOAD.help },
  ];
}

const none = (): TDecision => ({ replies: [], notify: [] });

export function decide(event: TInboundEvent, ctx: TConversationContext): TDecision {
  switch (event.kind) {
    case 'follow':
    case 'chatnow':
      return { replies: [{ kind: 'buttons', text: TEXTS.welcome(ctx.displayName), buttons: menuButtons() }], notify: [] };
    case 'unfollow':
    case 'delivery':
      return none();
    case 'oa_echo':
      return { ...none(), humanAgentSpoke: true };
    case 'submit_info':
      return ctx.handoffActive ? none() : { replies: [{ kind: 'text', text: TEXTS.submitInfoThanks }], notify: [] };
    case 'message':
      break;
  }
  if (ctx.handoffActive) return none();

  const text = event.text?.trim() ?? '';
  if (!text) {
    const isLocation = event.attachments.some((a) => a.type === 'location');
    return { replies: [{ kind: 'text', text: isLocation ? TEXTS.locationThanks : TEXTS.mediaThanks }], notify: [] };
  }

  const intent = routeText(text);
  switch (intent.name) {
    case 'menu':
      return { replies: [{ kind: 'buttons', text: TEXTS.menu, buttons: menuButtons() }], notify: [] };
    case 'help':
      return { replies: [{ kind: 'buttons', text: TEXTS.help, buttons: menuButtons() }], notify: [] };
    case 'procedures-prompt':
      return { replies: [{ kind: 'text', text: TEXTS.proceduresPrompt }], notify: [] };
    case 'feedback-prompt':
      return { replies: [{ kind: 'text', text: TEXTS.feedbackPrompt }], notify: [] };
    case 'dossier-prompt':
      return { replies: [{ kind: 'text', text: TEXTS.dossierPrompt }], notify: [] };
    case 'handoff': {
      if (ctx.deskOfficers.length === 0) return { replies: [{ kind: 'text', text: TEXTS.handoffNoOfficer }], notify: [] };
      const who = ctx.displayName ?? 'chưa rõ tên';
      return {
        replies: [{ kind: 'text', text: TEXTS.handoffAck }],
        notify: ctx.deskOfficers.map((userId) => ({ userId, message: { kind: 'text', text: TEXTS.handoffOfficerNotice(who, maskPersonalData(text).slice(0, 300)) } })),
        startHandoff: true,
      };
    }
    case 'unknown':
      return { replies: [{ kind: 'buttons', text: TEXTS.fallback, buttons: [...menuButtons().slice(0, 3), { type: 'oa.query.hide', title: MENU_PAYLOAD.handoff, payload: MENU_PAYLOAD.handoff }] }], notify: [] };
  }
}
