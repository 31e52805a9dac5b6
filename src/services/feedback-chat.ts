/**
 * Feedback in chat: the citizen's dialog (src/bot/feedback-dialog.ts, stored per citizen), the one-line form,
 * "phản ánh của tôi", ratings, and the officers' commands. Runs inside the event's transaction (the citizen's
 * users row is locked by then, so two events of one citizen never move the dialog at once).
 */
import {
  confirmMessages,
  DIALOG_KIND,
  isRepeatedSend,
  startDialog,
  stepDialog,
  ZFeedbackDialog,
  type TDialogContext,
  type TDraftAttachment,
  type TFeedbackDialog,
} from '../bot/feedback-dialog.ts';
import type { TOutMessage } from '../bot/messages.ts';
import type { TOfficerInfo } from '../bot/officer-query.ts';
import { routeText, type TFeedbackIntent, type TIntent } from '../bot/router.ts';
import { FEEDBACK_TEXTS as T } from '../bot/texts.ts';
import { STATUS_LABELS, ZFeedbackContent, type TActor } from '../domain/feedback/model.ts';
import { formatDate } from '../domain/format.ts';
import type { TSearchResult } from '../domain/search/index.ts';
import { fold } from '../domain/vietnamese.ts';
import type { Db } from '../store/db.ts';
import { clearDialog, getDialog, listFeedback, pendingAnswerNotices, saveDialog, setAnswerNotice } from '../store/feedback.ts';
import type { TInboundEvent } from '../zalo/events.ts';
import {
  answerFeedbackAs,
  fileFeedback,
  followFeedback,
  listLines,
  rateFeedbackAs,
  reassignFeedbackAs,
  rejectFeedbackAs,
  similarOpenItems,
  unitLabel,
  viewFeedbackAs,
  type TActionResult,
  type TFeedbackEnv,
  type TNotice,
} from './feedback.ts';

export interface TFeedbackChatDeps {
  env: TFeedbackEnv;
  dialogMs: number;
  maxAttachments: number;
  attachmentProblem?: TDialogContext['attachmentProblem'];
}

export interface TFeedbackTurn {
  /** true: the message was about feedback and is answered here; false: route it as usual (after `prefix`) */
  handled: boolean;
  prefix: TOutMessage[];
  replies: TOutMessage[];
  notices: TNotice[];
  /** items filed by this event (their attachments are then copied into storage) */
  filed: string[];
}

const text = (t: string): TOutMessage => ({ kind: 'text', text: t });

/** The dialog of a citizen as stored, when it is still running (read before the transaction to skip searches). */
export async function activeDialog(db: Db, userId: string, now: Date): Promise<TFeedbackDialog | undefined> {
  const row = await getDialog<unknown>(db, userId);
  if (!row || row.kind !== DIALOG_KIND || row.expiresAt.getTime() <= now.getTime()) return undefined;
  const parsed = ZFeedbackDialog.safeParse(row.state);
  return parsed.success && parsed.data.step !== 'filed' ? parsed.data : undefined;
}

/** The procedure step searches the citizen's words in the catalogue: that read happens before the transaction. */
export function dialogNeedsSearch(dialog: TFeedbackDialog | undefined, rawText: string | undefined): string | undefined {
  if (!dialog || dialog.step !== 'procedure' || !rawText?.trim()) return undefined;
  const k = fold(rawText);
  if (/^\d$/.test(k) || ['bo qua', 'khong', 'ko', 'k', 'skip', 'huy', 'tiep tuc', 'xong'].includes(k)) return undefined;
  return fold(k).length >= 2 ? rawText : undefined;
}

function actorOf(userId: string, officer: TOfficerInfo | undefined): TActor {
  return officer ? { kind: 'officer', userId, unitCode: officer.unitCode, role: officer.role } : { kind: 'citizen', userId };
}

function resultTurn(r: TActionResult, prefix: TOutMessage[]): TFeedbackTurn {
  if (!r.ok) return { handled: true, prefix, replies: [text(r.error)], notices: [], filed: [] };
  return { handled: true, prefix, replies: r.reply, notices: r.notices, filed: [] };
}

/**
 * Feedback's part of one citizen message. `search` is the catalogue search of the text when dialogNeedsSearch()
 * asked for one.
 */
export async function feedbackTurn(
  tx: Db,
  deps: TFeedbackChatDeps,
  event: TInboundEvent,
  ctx: { officer?: TOfficerInfo; search?: TSearchResult },
): Promise<TFeedbackTurn> {
  const userId = event.userId;
  const raw = event.text?.trim() ?? '';
  const prefix: TOutMessage[] = [];
  const none = (): TFeedbackTurn => ({ handled: false, prefix, replies: [], notices: [], filed: [] });

  // Answers the citizen could not receive in Zalo are shown when they next write.
  if (!ctx.officer) {
    const pending = await pendingAnswerNotices(tx, userId);
    if (pending.length > 0) {
      prefix.push(text(T.pendingAnswers));
      for (const it of pending) {
        prefix.push(text(it.status === 'rejected' ? T.rejectedToCitizen(it.code, it.rejectReason ?? '') : T.answerToCitizen(it.code, unitLabel(deps.env, it.unitCode), it.answer ?? '')));
        await setAnswerNotice(tx, it.code, 'shown');
      }
    }
  }

  const dialogCtx: TDialogContext = { org: deps.env.org, maxAttachments: deps.maxAttachments, attachmentProblem: deps.attachmentProblem };
  const row = await getDialog<unknown>(tx, userId);
  if (row && row.kind === DIALOG_KIND) {
    const parsed = ZFeedbackDialog.safeParse(row.state);
    const expired = row.expiresAt.getTime() <= deps.env.now.getTime();
    if (!parsed.success || expired) {
      await clearDialog(tx, userId);
      if (parsed.success && parsed.data.step !== 'filed') prefix.push(text(T.expired(Math.round(deps.dialogMs / 60_000))));
    } else if (parsed.data.step === 'filed') {
      if (isRepeatedSend(parsed.data, raw)) return { handled: true, prefix, replies: [text(T.alreadyFiled(parsed.data.filedCode ?? ''))], notices: [], filed: [] };
      await clearDialog(tx, userId);
    } else {
      return runDialog(tx, deps, event, parsed.data, dialogCtx, ctx.search, prefix);
    }
  }

  if (!raw) return none();
  const intent = routeText(raw);
  if (!isFeedback(intent)) return none();
  return command(tx, deps, event, intent, ctx.officer, prefix);
}

const isFeedback = (i: TIntent): i is TFeedbackIntent => i.name.startsWith('feedback-');

async function runDialog(
  tx: Db,
  deps: TFeedbackChatDeps,
  event: TInboundEvent,
  state: TFeedbackDialog,
  dialogCtx: TDialogContext,
  search: TSearchResult | undefined,
  prefix: TOutMessage[],
): Promise<TFeedbackTurn> {
  const userId = event.userId;
  const expires = new Date(deps.env.now.getTime() + deps.dialogMs);
  const out = stepDialog(state, { text: event.text ?? '', attachments: event.attachments, ...(search ? { search } : {}) }, dialogCtx);
  switch (out.kind) {
    case 'continue':
      if (out.state) await saveDialog(tx, userId, DIALOG_KIND, out.state, expires);
      else await clearDialog(tx, userId);
      return { handled: true, prefix, replies: out.replies, notices: [], filed: [] };
    case 'confirm': {
      const similar = await similarOpenItems(tx, deps.env, { content: out.state.content ?? '', unitCode: out.state.unitCode, placeBy: out.state.placeBy, procedureCode: out.state.procedureCode, location: out.state.location });
      const c = confirmMessages(out.state, similar.map((s) => ({ code: s.code, receivedDate: s.receivedDate, unitCode: s.unitCode, content: s.subject ?? s.content })), deps.env.org);
      await saveDialog(tx, userId, DIALOG_KIND, c.state, expires);
      return { handled: true, prefix, replies: [...out.prefix, ...c.replies], notices: [], filed: [] };
    }
    case 'follow': {
      const r = await followFeedback(tx, out.code, userId);
      await clearDialog(tx, userId);
      return resultTurn(r, prefix);
    }
    case 'file': {
      const filed = await fileFeedback(tx, deps.env, {
        content: out.state.content ?? '',
        attachments: out.state.attachments as TDraftAttachment[],
        unitCode: out.state.unitCode,
        placeBy: out.state.placeBy,
        location: out.state.location,
        procedureCode: out.state.procedureCode,
        channel: 'zalo',
        citizenUserId: userId,
        filedEventId: event.eventId,
      });
      // Kept a while as 'filed' so a second press of "Gửi" says it was sent rather than filing again.
      await saveDialog(tx, userId, DIALOG_KIND, { ...out.state, step: 'filed', filedCode: filed.item.code }, expires);
      return { handled: true, prefix, replies: filed.reply, notices: filed.notices, filed: filed.created && filed.attachments > 0 ? [filed.item.code] : [] };
    }
  }
}

async function command(tx: Db, deps: TFeedbackChatDeps, event: TInboundEvent, intent: TFeedbackIntent, officer: TOfficerInfo | undefined, prefix: TOutMessage[]): Promise<TFeedbackTurn> {
  const env = deps.env;
  const actor = actorOf(event.userId, officer);
  switch (intent.name) {
    case 'feedback-prompt': {
      const s = startDialog();
      await saveDialog(tx, event.userId, DIALOG_KIND, s.state, new Date(env.now.getTime() + deps.dialogMs));
      return { handled: true, prefix, replies: s.replies, notices: [], filed: [] };
    }
    case 'feedback-oneline': {
      const content = ZFeedbackContent.safeParse(intent.content);
      if (!content.success) return { handled: true, prefix, replies: [text(content.error.issues[0]?.message ?? T.contentTooShort)], notices: [], filed: [] };
      const media = event.attachments.flatMap((a): TDraftAttachment[] => (a.type === 'image' ? [{ kind: 'image', url: a.url }] : a.type === 'file' ? [{ kind: 'file', url: a.url, ...(a.name ? { name: a.name } : {}) }] : []));
      const filed = await fileFeedback(tx, env, { content: content.data, attachments: media.slice(0, deps.maxAttachments), channel: 'zalo', citizenUserId: event.userId, filedEventId: event.eventId });
      return { handled: true, prefix, replies: filed.reply, notices: filed.notices, filed: filed.created && filed.attachments > 0 ? [filed.item.code] : [] };
    }
    case 'feedback-mine':
      return { handled: true, prefix, replies: await mine(tx, env, event.userId), notices: [], filed: [] };
    case 'feedback-inbox': {
      if (!officer) return { handled: true, prefix, replies: await mine(tx, env, event.userId), notices: [], filed: [] };
      const all = officer.role === 'leader' || officer.role === 'admin';
      const items = await listFeedback(tx, { status: 'open', ...(all ? {} : { unitCode: officer.unitCode }), order: 'oldest', limit: 11 });
      const scope = all ? 'tất cả đơn vị' : unitLabel(env, officer.unitCode);
      if (items.length === 0) return { handled: true, prefix, replies: [text(T.inboxNone(scope))], notices: [], filed: [] };
      const shown = items.slice(0, 10);
      const total = items.length > 10 ? (await listFeedback(tx, { status: 'open', ...(all ? {} : { unitCode: officer.unitCode }), limit: 10_000 })).length : items.length;
      const lines = [T.inboxTitle(total, scope), ...listLines(shown, env, { showUnit: all }), ...(total > shown.length ? [T.inboxMore(total - shown.length)] : []), '', T.inboxHint];
      return { handled: true, prefix, replies: [text(lines.join('\n'))], notices: [], filed: [] };
    }
    case 'feedback-view':
      return resultTurn(await viewFeedbackAs(tx, env, actor, intent.code), prefix);
    case 'feedback-answer':
      return resultTurn(await answerFeedbackAs(tx, env, actor, intent.code, intent.text), prefix);
    case 'feedback-reject':
      return resultTurn(await rejectFeedbackAs(tx, env, actor, intent.code, intent.reason), prefix);
    case 'feedback-reassign':
      return resultTurn(await reassignFeedbackAs(tx, env, actor, intent.code, intent.unit), prefix);
    case 'feedback-rate':
      return resultTurn(await rateFeedbackAs(tx, env, actor, intent.code, intent.rating), prefix);
    case 'feedback-follow':
      // Outside the dialog, following is offered only for look-alikes: a bare "theo dõi <code>" is refused.
      return { handled: true, prefix, replies: [text(T.followNotOffered(intent.code))], notices: [], filed: [] };
  }
}

async function mine(tx: Db, env: TFeedbackEnv, userId: string): Promise<TOutMessage[]> {
  const items = await listFeedback(tx, { involving: userId, order: 'newest', limit: 10 });
  if (items.length === 0) return [text(T.mineNone)];
  const lines = [T.mineTitle(items.length), ...items.map((it) => T.mineItem(it.code, formatDate(it.receivedDate), STATUS_LABELS[it.status], (it.citizenUserId === userId ? it.subject ?? it.content : '(phản ánh bạn theo dõi)').slice(0, 90)))];
  lines.push('', 'Gõ "xem PA-…" để xem chi tiết và câu trả lời.');
  return [text(lines.join('\n'))];
}
