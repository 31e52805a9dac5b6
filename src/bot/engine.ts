import type { TDossier } from '../domain/dossier.ts';
import type { TFigures } from '../domain/figures/index.ts';
import { todayInVietnam } from '../domain/format.ts';
import type { TOrg } from '../domain/org.ts';
import type { TProcedure } from '../domain/procedure.ts';
import type { TSearchResult } from '../domain/search/index.ts';
import { DEFAULT_PERIOD_RULE, type TPeriodRule } from '../domain/periods.ts';
import { maskPersonalData } from '../domain/privacy.ts';
import { fold } from '../domain/vietnamese.ts';
import type { TInboundEvent } from '../zalo/events.ts';
import type { TButton, TOutMessage } from './messages.ts';
import { procedureCardMessages, searchResultsMessages } from './procedure-messages.ts';
import { parseOfficerQuery, type TOfficerInfo, type TOfficerQuery } from './officer-query.ts';
import { isOfficerIntent, routeText, type TIntent } from './router.ts';
import {
  buildDossierMessage,
  buildDossierNotFound,
  buildFullReportMessages,
  buildOverdueMessages,
  buildStatsMessages,
  type TOverdueItem,
} from './stats-messages.ts';
import { MENU_PAYLOAD, STATS_TEXTS, TEXTS } from './texts.ts';
import { startDialog } from './feedback-dialog.ts';

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
  /** set when the sender is an officer, leader or admin (officers table) */
  officer?: TOfficerInfo;
  org?: TOrg;
  periodRule?: TPeriodRule;
  /** the instant "tháng này" and "quá hạn" are judged at (tests fix it) */
  now?: Date;
  /** what the caller loaded for this message, as asked by dataRequest() */
  loaded?: TLoaded;
}

/** Reads the caller must do before deciding (the engine itself does no I/O). */
export type TDataRequest =
  | { kind: 'figures'; query: TOfficerQuery; oldestOverdue: boolean }
  | { kind: 'dossier'; code: string };

/** The answers to a TDataRequest. */
export type TLoaded =
  | { kind: 'figures'; query: TOfficerQuery; figures: TFigures; oldestOverdue?: TOverdueItem[] }
  | { kind: 'dossier'; code: string; dossier?: TDossier; procedureName?: string }
  | { kind: 'procedure'; code: string; procedure?: TProcedure }
  | { kind: 'search'; text: string; result: TSearchResult; procedure?: TProcedure }
  /** the monthly report, generated before the transaction and written to a file for upload */
  | { kind: 'report'; path: string; displayName: string; summary: string }
  | { kind: 'report-error'; error: string };

/**
 * Catalogue reads the caller does before the event's transaction (they go through the shared search index, which
 * must not wait on that transaction): the procedure a citizen names, or a search of their free text.
 */
export type TCatalogueRequest = { kind: 'procedure'; code: string } | { kind: 'search'; text: string };

export function catalogueRequest(event: TInboundEvent): TCatalogueRequest | undefined {
  if (event.kind !== 'message' || !event.text?.trim()) return undefined;
  const intent = routeText(event.text);
  if (intent.name === 'procedure') return { kind: 'procedure', code: intent.code };
  if (intent.name === 'unknown' && fold(intent.text).length >= 2) return { kind: 'search', text: intent.text };
  return undefined;
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

/** Leaders (and admins) see the oldest overdue dossiers themselves; officers the counts. */
const SEES_DOSSIER_LIST = new Set<TOfficerInfo['role']>(['leader', 'admin']);

function messageIntent(event: TInboundEvent, ctx: TConversationContext): TIntent | undefined {
  if (event.kind !== 'message' || ctx.handoffActive) return undefined;
  const text = event.text?.trim() ?? '';
  return text ? routeText(text) : undefined;
}

function queryContext(ctx: TConversationContext, officer: TOfficerInfo) {
  return { now: ctx.now ?? new Date(), rule: ctx.periodRule ?? DEFAULT_PERIOD_RULE, org: ctx.org, officer };
}

/**
 * What must be read from storage to answer this event, if anything: the figures an officer asks for, or the dossier
 * a citizen looks up. The caller loads it and passes it back as `ctx.loaded` to decide().
 */
export function dataRequest(event: TInboundEvent, ctx: TConversationContext): TDataRequest | undefined {
  const intent = messageIntent(event, ctx);
  if (!intent) return undefined;
  if (intent.name === 'dossier-lookup') return { kind: 'dossier', code: intent.code };
  if (isOfficerIntent(intent) && ctx.officer) {
    const q = parseOfficerQuery(intent, queryContext(ctx, ctx.officer));
    if (!q.ok) return undefined;
    return { kind: 'figures', query: q.query, oldestOverdue: q.query.kind === 'overdue' && SEES_DOSSIER_LIST.has(ctx.officer.role) };
  }
  return undefined;
}

const fallback = (): TDecision => ({
  replies: [{ kind: 'buttons', text: TEXTS.fallback, buttons: [...menuButtons().slice(0, 3), { type: 'oa.query.hide', title: MENU_PAYLOAD.handoff, payload: MENU_PAYLOAD.handoff }] }],
  notify: [],
});

const reply = (...messages: TOutMessage[]): TDecision => ({ replies: messages, notify: [] });

function officerAnswer(intent: Extract<TIntent, { name: 'stats' | 'overdue' | 'full-report' }>, ctx: TConversationContext): TDecision {
  if (!ctx.officer) {
    // "báo cáo …" from a citizen is more likely a report of a problem than a request for figures.
    return intent.name === 'full-report' ? fallback() : reply({ kind: 'text', text: STATS_TEXTS.notForCitizens });
  }
  if (intent.name === 'full-report' && ctx.loaded?.kind === 'report') {
    // The report as a Word file (upload, then send), its three-line summary as the caption.
    return reply({ kind: 'file', path: ctx.loaded.path, name: ctx.loaded.displayName, caption: ctx.loaded.summary });
  }
  if (intent.name === 'full-report' && ctx.loaded?.kind === 'report-error') return reply({ kind: 'text', text: ctx.loaded.error });
  const loaded = ctx.loaded?.kind === 'figures' ? ctx.loaded : undefined;
  if (!loaded) {
    const q = parseOfficerQuery(intent, queryContext(ctx, ctx.officer));
    return reply({ kind: 'text', text: q.ok ? STATS_TEXTS.unavailable : q.error });
  }
  const { query, figures } = loaded;
  if (query.kind === 'overdue') return reply(...buildOverdueMessages(query, figures, ctx.org, loaded.oldestOverdue));
  if (query.kind === 'full-report') return reply(...buildFullReportMessages(query, figures, ctx.org));
  return reply(...buildStatsMessages(query, figures));
}

function procedureAnswer(code: string, ctx: TConversationContext): TDecision {
  const loaded = ctx.loaded?.kind === 'procedure' ? ctx.loaded : undefined;
  if (loaded?.procedure) return reply(...procedureCardMessages(loaded.procedure));
  return reply({ kind: 'buttons', text: TEXTS.procedureNotFound(code), buttons: [menuButtons()[0]!, { type: 'oa.query.hide', title: MENU_PAYLOAD.handoff, payload: MENU_PAYLOAD.handoff }] });
}

/** Free text that is no command: a catalogue search; the general fallback when nothing sensible matched. */
function searchAnswer(ctx: TConversationContext): TDecision {
  const loaded = ctx.loaded?.kind === 'search' ? ctx.loaded : undefined;
  if (!loaded || loaded.result.confidence === 'none' || loaded.result.results.length === 0) return fallback();
  if (loaded.result.confidence === 'exact' && loaded.procedure) return reply(...procedureCardMessages(loaded.procedure));
  return reply(...searchResultsMessages(loaded.result, { query: loaded.text }));
}

function dossierAnswer(code: string, ctx: TConversationContext): TDecision {
  const loaded = ctx.loaded?.kind === 'dossier' ? ctx.loaded : undefined;
  if (!loaded?.dossier) return reply(buildDossierNotFound(code));
  const today = todayInVietnam(ctx.now ?? new Date());
  return reply(buildDossierMessage(loaded.dossier, { today, procedureName: loaded.procedureName, org: ctx.org }));
}

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
      // Normally taken by the feedback dialog (src/services/feedback-chat.ts), which also stores its state.
      return { replies: startDialog().replies, notify: [] };
    case 'feedback-oneline':
    case 'feedback-mine':
    case 'feedback-inbox':
    case 'feedback-view':
    case 'feedback-answer':
    case 'feedback-reassign':
    case 'feedback-reject':
    case 'feedback-rate':
    case 'feedback-follow':
      // Answered by src/services/feedback-chat.ts inside the event's transaction; never reached there.
      return { replies: [{ kind: 'text', text: STATS_TEXTS.unavailable }], notify: [] };
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
    case 'stats':
    case 'overdue':
    case 'full-report':
      return officerAnswer(intent, ctx);
    case 'dossier-lookup':
      return dossierAnswer(intent.code, ctx);
    case 'procedure':
      return procedureAnswer(intent.code, ctx);
    case 'unknown':
      return searchAnswer(ctx);
  }
}
