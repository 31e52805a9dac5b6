/**
 * The citizen's feedback dialog in chat, as a pure state machine:
 * content → photos or files (optional, several) → place or unit (optional) → related procedure (optional) →
 * confirmation (with look-alike open items offered first) → filed. "hủy" cancels at any step.
 * The state is stored per citizen (dialogs table) by src/services/feedback-chat.ts, which also does the reads
 * and the filing this module asks for.
 */
import { z } from 'zod';
import { formatDate } from '../domain/format.ts';
import { ZFeedbackContent } from '../domain/feedback/model.ts';
import { findUnit, nearestUnit, type TOrg } from '../domain/org.ts';
import { maskPersonalData } from '../domain/privacy.ts';
import type { TSearchResult } from '../domain/search/index.ts';
import { fold } from '../domain/vietnamese.ts';
import type { TAttachment } from '../zalo/events.ts';
import type { TButton, TOutMessage } from './messages.ts';
import { FEEDBACK_TEXTS as T } from './texts.ts';

export const DIALOG_KIND = 'feedback';

const ZDraftAttachment = z.object({
  kind: z.enum(['image', 'file']),
  url: z.string(),
  name: z.string().optional(),
  size: z.number().optional(),
  mime: z.string().optional(),
});
export type TDraftAttachment = z.infer<typeof ZDraftAttachment>;

export const ZFeedbackDialog = z.object({
  step: z.enum(['content', 'attachments', 'place', 'procedure', 'confirm', 'filed']),
  content: z.string().optional(),
  attachments: z.array(ZDraftAttachment).default([]),
  unitCode: z.string().optional(),
  placeBy: z.enum(['chosen', 'location']).optional(),
  location: z.object({ lat: z.number(), lng: z.number() }).optional(),
  procedureCode: z.string().optional(),
  procedureName: z.string().optional(),
  procedureOptions: z.array(z.object({ code: z.string(), name: z.string() })).optional(),
  /** open items offered at confirmation; only these may be followed */
  similar: z.array(z.string()).optional(),
  filedCode: z.string().optional(),
});
export type TFeedbackDialog = z.infer<typeof ZFeedbackDialog>;

export interface TDialogInput {
  text: string;
  attachments: readonly TAttachment[];
  /** catalogue search of the text, read before the transaction (procedure step only) */
  search?: TSearchResult;
}

export interface TDialogContext {
  org?: TOrg;
  maxAttachments: number;
  /** a reason (Vietnamese) when a declared file is over the limit or of a refused type */
  attachmentProblem?: (a: TDraftAttachment, index: number) => string | undefined;
}

export type TDialogOutcome =
  /** the state to keep (undefined: the dialog ends) and the replies */
  | { kind: 'continue'; state: TFeedbackDialog | undefined; replies: TOutMessage[] }
  /** ready for confirmation: the caller looks up similar open items, then calls confirmMessages() */
  | { kind: 'confirm'; state: TFeedbackDialog; prefix: TOutMessage[] }
  | { kind: 'file'; state: TFeedbackDialog }
  | { kind: 'follow'; state: TFeedbackDialog; code: string };

const CANCEL = new Set(['huy', 'thoat', 'dung lai', 'huy bo', 'huy phan anh', 'cancel', 'stop', 'thoi']);
const SKIP = new Set(['bo qua', 'khong', 'ko', 'k', 'skip', 'khong co', 'khong lien quan', 'bo']);
const NEXT = new Set(['tiep tuc', 'tiep', 'xong', 'tiep theo', 'ok', 'khong co anh', 'bo qua', 'het', 'roi', 'da xong']);
const SEND = new Set(['gui', 'gui phan anh', 'gui phan anh moi', 'xac nhan', 'dong y', 'ok', 'gui di', 'co']);

const key = (text: string) => fold(text).replace(/[.!?,;:"“”]+/g, '').trim();

export function isCancel(text: string): boolean {
  return CANCEL.has(key(text));
}

const cancelButton = (): TButton => ({ type: 'oa.query.hide', title: T.cancelButton, payload: T.cancelButton });
const button = (title: string, payload = title): TButton => ({ type: 'oa.query.hide', title: title.slice(0, 100), payload });
const withButtons = (text: string, ...buttons: TButton[]): TOutMessage => ({ kind: 'buttons', text, buttons: buttons.slice(0, 5) });
const text = (t: string): TOutMessage => ({ kind: 'text', text: t });

export function startDialog(): { state: TFeedbackDialog; replies: TOutMessage[] } {
  return { state: { step: 'content', attachments: [] }, replies: [withButtons(T.askContent, cancelButton())] };
}

function unitName(org: TOrg | undefined, code: string | undefined): string {
  if (!code) return '';
  return org?.units.find((u) => u.code === code)?.name ?? code;
}

function askPlace(ctx: TDialogContext): TOutMessage {
  const units = (ctx.org?.units ?? []).map((u) => u.shortName ?? u.name).join(', ');
  return withButtons(T.askPlace(units || '—'), button(T.skipButton), cancelButton());
}

const askProcedure = (): TOutMessage => withButtons(T.askProcedure, button(T.skipButton), cancelButton());

/** Adds the photos and files of a message; the replies say what was taken and what was refused. */
function addAttachments(state: TFeedbackDialog, atts: readonly TAttachment[], ctx: TDialogContext): { state: TFeedbackDialog; refused: string[]; tooMany: boolean } {
  const list = [...state.attachments];
  const refused: string[] = [];
  let tooMany = false;
  for (const a of atts) {
    if (a.type !== 'image' && a.type !== 'file') continue;
    if (list.length >= ctx.maxAttachments) { tooMany = true; continue; }
    const draft: TDraftAttachment = a.type === 'image'
      ? { kind: 'image', url: a.url }
      : { kind: 'file', url: a.url, ...(a.name ? { name: a.name } : {}), ...(a.size !== undefined ? { size: a.size } : {}), ...(a.mime ? { mime: a.mime } : {}) };
    const problem = ctx.attachmentProblem?.(draft, list.length + 1);
    if (problem) { refused.push(problem); continue; }
    list.push(draft);
  }
  return { state: { ...state, attachments: list }, refused, tooMany };
}

const mediaOf = (atts: readonly TAttachment[]) => atts.filter((a) => a.type === 'image' || a.type === 'file');

/** One step of the dialog for a citizen's message. */
export function stepDialog(state: TFeedbackDialog, input: TDialogInput, ctx: TDialogContext): TDialogOutcome {
  const raw = input.text.trim();
  const k = key(raw);
  if (raw && isCancel(raw)) return { kind: 'continue', state: undefined, replies: [text(T.cancelled)] };

  const media = mediaOf(input.attachments);
  const location = input.attachments.find((a) => a.type === 'location');

  switch (state.step) {
    case 'content': {
      let s = state;
      const replies: TOutMessage[] = [];
      if (media.length > 0) {
        const r = addAttachments(s, media, ctx);
        s = r.state;
        for (const reason of r.refused) replies.push(text(reason));
        if (r.tooMany) replies.push(text(T.attachmentTooMany(ctx.maxAttachments)));
      }
      if (location?.type === 'location') s = { ...s, location: { lat: location.latitude, lng: location.longitude } };
      if (!raw) {
        return { kind: 'continue', state: s, replies: [...replies, withButtons(T.attachmentBeforeContent(s.attachments.length), cancelButton())] };
      }
      const content = ZFeedbackContent.safeParse(raw);
      if (!content.success) {
        const msg = raw.length > 4000 ? T.contentTooLong : T.contentTooShort;
        return { kind: 'continue', state: s, replies: [...replies, withButtons(msg, cancelButton())] };
      }
      s = { ...s, content: content.data, step: 'attachments' };
      return { kind: 'continue', state: s, replies: [...replies, withButtons(T.askAttachments(ctx.maxAttachments), button(T.continueButton), cancelButton())] };
    }

    case 'attachments': {
      if (media.length > 0) {
        const r = addAttachments(state, media, ctx);
        const replies: TOutMessage[] = r.refused.map((reason) => withButtons(T.attachmentRefused(reason), button(T.continueButton), cancelButton()));
        if (r.tooMany) replies.push(withButtons(T.attachmentTooMany(ctx.maxAttachments), button(T.continueButton), cancelButton()));
        else if (r.state.attachments.length > state.attachments.length) {
          replies.push(withButtons(T.attachmentReceived(r.state.attachments.length, ctx.maxAttachments), button(T.continueButton), cancelButton()));
        }
        return { kind: 'continue', state: r.state, replies };
      }
      if (location?.type === 'location') return placeFromLocation(state, location, ctx);
      if (NEXT.has(k) || SKIP.has(k)) return { kind: 'continue', state: { ...state, step: 'place' }, replies: [askPlace(ctx)] };
      return { kind: 'continue', state, replies: [withButtons(T.attachmentHint, button(T.continueButton), cancelButton())] };
    }

    case 'place': {
      if (location?.type === 'location') return placeFromLocation(state, location, ctx);
      if (media.length > 0) return { kind: 'continue', ...withMedia(state, media, ctx, askPlace(ctx)) };
      if (SKIP.has(k) || NEXT.has(k)) return { kind: 'continue', state: { ...state, step: 'procedure' }, replies: [askProcedure()] };
      const unit = ctx.org && raw ? findUnit(ctx.org, raw) : undefined;
      if (!unit) return { kind: 'continue', state, replies: [withButtons(T.placeNotFound(raw.slice(0, 60)), button(T.skipButton), cancelButton())] };
      return { kind: 'continue', state: { ...state, unitCode: unit.code, placeBy: 'chosen', step: 'procedure' }, replies: [askProcedure()] };
    }

    case 'procedure': {
      if (media.length > 0) return { kind: 'continue', ...withMedia(state, media, ctx, askProcedure()) };
      if (SKIP.has(k) || NEXT.has(k)) return { kind: 'confirm', state: { ...state, step: 'confirm', procedureOptions: undefined }, prefix: [] };
      const options = state.procedureOptions ?? [];
      const pick = /^(\d)$/.exec(k);
      const chosen = pick ? options[Number(pick[1]) - 1] : options.find((o) => k === fold(o.name) || raw === o.code);
      if (chosen) {
        return { kind: 'confirm', state: { ...state, step: 'confirm', procedureCode: chosen.code, procedureName: chosen.name, procedureOptions: undefined }, prefix: [] };
      }
      const found = input.search;
      if (found?.confidence === 'exact' && found.results[0]) {
        const top = found.results[0];
        return { kind: 'confirm', state: { ...state, step: 'confirm', procedureCode: top.code, procedureName: top.name, procedureOptions: undefined }, prefix: [] };
      }
      if (!found || found.confidence === 'none' || found.results.length === 0) {
        return { kind: 'continue', state, replies: [withButtons(T.procedureNotFound, button(T.skipButton), cancelButton())] };
      }
      const top = found.results.slice(0, 3).map((r) => ({ code: r.code, name: r.name }));
      const list = top.map((o, i) => `${i + 1}. ${o.name} (${o.code})`).join('\n');
      return {
        kind: 'continue',
        state: { ...state, procedureOptions: top },
        replies: [withButtons(`${T.procedureChoices}\n${list}`, ...top.map((o, i) => button(`${i + 1}. ${o.name}`, String(i + 1))), button(T.skipButton))],
      };
    }

    case 'confirm': {
      if (media.length > 0) {
        const r = addAttachments(state, media, ctx);
        const replies = r.refused.map((reason) => text(reason));
        if (r.tooMany) replies.push(text(T.attachmentTooMany(ctx.maxAttachments)));
        return { kind: 'confirm', state: r.state, prefix: replies };
      }
      const follow = /^theo doi\s+(pa[\s-]*\d{4}[\s-]*\d+)$/.exec(k);
      if (follow) {
        const code = follow[1]!.toUpperCase().replace(/^PA[\s-]*(\d{4})[\s-]*(\d+)$/, (_m, a: string, b: string) => `PA-${a}-${b.padStart(4, '0')}`);
        if (state.similar?.includes(code)) return { kind: 'follow', state, code };
        return { kind: 'continue', state, replies: [text(T.followNotOffered(code))] };
      }
      if (SEND.has(k)) return { kind: 'file', state };
      return { kind: 'confirm', state, prefix: [text(T.confirmHint)] };
    }

    case 'filed':
      // Only reached for a repeated "gửi" (the caller ends a filed dialog on any other message).
      return { kind: 'continue', state, replies: [text(T.alreadyFiled(state.filedCode ?? ''))] };
  }
}

function withMedia(state: TFeedbackDialog, media: readonly TAttachment[], ctx: TDialogContext, again: TOutMessage): { state: TFeedbackDialog; replies: TOutMessage[] } {
  const r = addAttachments(state, media, ctx);
  const replies: TOutMessage[] = r.refused.map((reason) => text(reason));
  if (r.tooMany) replies.push(text(T.attachmentTooMany(ctx.maxAttachments)));
  else if (r.state.attachments.length > state.attachments.length) replies.push(text(T.attachmentReceived(r.state.attachments.length, ctx.maxAttachments)));
  return { state: r.state, replies: [...replies, again] };
}

function placeFromLocation(state: TFeedbackDialog, loc: Extract<TAttachment, { type: 'location' }>, ctx: TDialogContext): TDialogOutcome {
  const location = { lat: loc.latitude, lng: loc.longitude };
  const unit = ctx.org ? nearestUnit(ctx.org, location) : undefined;
  return {
    kind: 'continue',
    state: { ...state, location, ...(unit ? { unitCode: unit.code, placeBy: 'location' as const } : {}), step: 'procedure' },
    replies: [askProcedure()],
  };
}

/** Does this message repeat the sending of an item already filed ("gửi" pressed twice)? */
export function isRepeatedSend(state: TFeedbackDialog, rawText: string): boolean {
  return state.step === 'filed' && SEND.has(key(rawText));
}

export interface TSimilarShown {
  code: string;
  receivedDate: string;
  unitCode: string;
  content: string;
}

const excerpt = (s: string) => {
  const m = maskPersonalData(s.replace(/\s+/g, ' ').trim());
  return m.length <= 90 ? m : `${m.slice(0, 89).replace(/\s+\S*$/, '')}…`;
};

/** The confirmation: look-alike open items first (to follow instead), then the summary and the send button. */
export function confirmMessages(state: TFeedbackDialog, similar: readonly TSimilarShown[], org: TOrg | undefined): { state: TFeedbackDialog; replies: TOutMessage[] } {
  const lines = [T.confirmTitle, T.confirmContent(excerpt(state.content ?? '').slice(0, 600))];
  if (state.attachments.length > 0) lines.push(T.confirmAttachments(state.attachments.length));
  if (state.unitCode) lines.push(`${T.confirmPlace(unitName(org, state.unitCode))}${state.placeBy === 'location' ? ` ${T.confirmLocation}` : ''}`);
  if (state.procedureCode) lines.push(T.confirmProcedure(state.procedureCode, state.procedureName ?? state.procedureCode));
  const shown = similar.slice(0, 2);
  const next: TFeedbackDialog = { ...state, step: 'confirm', similar: shown.map((s) => s.code) };
  if (shown.length === 0) {
    return { state: next, replies: [withButtons(`${lines.join('\n')}\n\n${T.confirmAsk}`, button(T.sendButton), cancelButton())] };
  }
  const intro = [T.similarIntro(shown.length), ...shown.map((s) => T.similarItem(s.code, formatDate(s.receivedDate), unitName(org, s.unitCode), excerpt(s.content)))].join('\n');
  return {
    state: next,
    replies: [
      text(lines.join('\n')),
      withButtons(intro, ...shown.map((s) => button(T.followButton(s.code), T.followPayload(s.code))), button(T.sendNewButton, T.sendButton), cancelButton()),
    ],
  };
}
