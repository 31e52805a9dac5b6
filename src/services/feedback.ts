/**
 * The feedback (PAKN) workflow on the database, shared by the chat, the officer API and the mini-app API:
 * filing (code, due date, routing), following, answering, rejecting, reassigning, rating and reopening, each
 * authorised for the actor and recorded in the item's timeline. Every function runs inside the caller's
 * transaction and returns the messages to send (to the actor and to others); the caller queues them.
 */
import type { TOutMessage, TButton } from '../bot/messages.ts';
import { FEEDBACK_TEXTS as T } from '../bot/texts.ts';
import type { TDraftAttachment } from '../bot/feedback-dialog.ts';
import { addWorkingDays, type THolidays } from '../domain/calendar.ts';
import {
  actorId,
  canHandle,
  canReassign,
  canView,
  isOpen,
  STATUS_LABELS,
  subjectOf,
  ZAnswerText,
  type TActor,
  type TFeedbackItem,
  type TRoutedBy,
} from '../domain/feedback/model.ts';
import { similarItems } from '../domain/feedback/similar.ts';
import { addDays, formatDate, todayInVietnam, type TIsoDate } from '../domain/format.ts';
import { findUnit, nearestUnit, unitsReceiving, type TOrg } from '../domain/org.ts';
import { maskPersonalData } from '../domain/privacy.ts';
import { cleanText } from '../domain/vietnamese.ts';
import type { Db } from '../store/db.ts';
import { lastInteractionAt, leadersOfUnit, officersOfUnit } from '../store/chat.ts';
import { insertAttachments, listAttachments } from '../store/feedback-attachments.ts';
import {
  addFeedbackEvent,
  addFollower,
  answerFeedback,
  followersOf,
  getFeedback,
  insertFeedback,
  nextFeedbackCode,
  openItemsNear,
  reassignFeedback,
  rateFeedback,
  rejectFeedback,
  reopenFeedback,
  setAnswerNotice,
} from '../store/feedback.ts';
import { listProcedures } from '../store/procedures.ts';

export interface TFeedbackEnv {
  org?: TOrg;
  deskUnit: string;
  holidays: THolidays;
  answerWorkingDays: number;
  /** Zalo template for answers outside the messaging window */
  answerTemplateId?: string;
  messageWindowMs: number;
  now: Date;
  /** signed links to stored attachments, for officers' "xem" (undefined: not shown as images) */
  fileLink?: (code: string, seq: number) => string | undefined;
}

/** A message to someone else than the actor. `tag` marks the citizen's answer notice for the delivery layer. */
export interface TNotice {
  userId: string;
  message: TOutMessage;
  tag?: string;
}

/** The delivery layer turns an undeliverable answer notice into one shown on the citizen's next visit. */
export const ANSWER_TAG_PREFIX = 'fb-answer:';
export const answerTag = (code: string) => `${ANSWER_TAG_PREFIX}${code}`;

export type TActionResult =
  | { ok: true; item: TFeedbackItem; reply: TOutMessage[]; notices: TNotice[] }
  | { ok: false; status: 400 | 403 | 404 | 409; error: string };

const fail = (status: 400 | 403 | 404 | 409, error: string): TActionResult => ({ ok: false, status, error });
const text = (t: string): TOutMessage => ({ kind: 'text', text: t });
const short = (s: string, n = 300) => {
  const m = maskPersonalData(s.replace(/\s+/g, ' ').trim());
  return m.length <= n ? m : `${m.slice(0, n - 1)}…`;
};

export function unitLabel(env: Pick<TFeedbackEnv, 'org'>, code: string): string {
  return env.org?.units.find((u) => u.code === code)?.name ?? code;
}

const today = (env: TFeedbackEnv) => todayInVietnam(env.now);

// ---------------------------------------------------------------------------------------------------------------
// Filing

export interface TFeedbackDraft {
  content: string;
  attachments: readonly TDraftAttachment[];
  unitCode?: string;
  placeBy?: 'chosen' | 'location';
  location?: { lat: number; lng: number };
  procedureCode?: string;
  channel: 'zalo' | 'miniapp' | 'counter' | 'hotline';
  citizenUserId?: string;
  /** the event or request that files it: filing twice with it files once */
  filedEventId: string;
}

/** Which unit must answer: the one chosen, else the nearest to the location, else the procedure's, else the desk. */
async function route(tx: Db, env: TFeedbackEnv, d: TFeedbackDraft): Promise<{ unitCode: string; routedBy: TRoutedBy }> {
  const known = (code: string | undefined) => (code && (!env.org || env.org.units.some((u) => u.code === code)) ? code : undefined);
  const chosen = known(d.unitCode);
  if (chosen) return { unitCode: chosen, routedBy: d.placeBy === 'location' ? 'location' : 'chosen' };
  if (d.location && env.org) {
    const u = nearestUnit(env.org, d.location);
    if (u) return { unitCode: u.code, routedBy: 'location' };
  }
  if (d.procedureCode && env.org) {
    const [p] = await listProcedures(tx, { codes: [d.procedureCode] });
    // A procedure decided above the commune has one counter receiving it: route there. Commune procedures are
    // received by every commune, so without a place the desk decides.
    const receiving = p ? unitsReceiving(env.org, p.authority) : [];
    if (receiving.length === 1) return { unitCode: receiving[0]!.code, routedBy: 'procedure' };
  }
  return { unitCode: env.org?.defaultDesk ?? env.deskUnit, routedBy: 'desk' };
}

export interface TFiled {
  item: TFeedbackItem;
  /** false when this filing event was seen before: nothing new was written */
  created: boolean;
  reply: TOutMessage[];
  notices: TNotice[];
  attachments: number;
}

export async function fileFeedback(tx: Db, env: TFeedbackEnv, d: TFeedbackDraft): Promise<TFiled> {
  const received = today(env);
  const { unitCode, routedBy } = await route(tx, env, d);
  const code = await nextFeedbackCode(tx, received);
  const due = addWorkingDays(received, env.answerWorkingDays, env.holidays);
  const { item, created } = await insertFeedback(tx, {
    code,
    source: 'city',
    channel: d.channel,
    citizenUserId: d.citizenUserId,
    subject: subjectOf(d.content),
    content: d.content,
    unitCode,
    routedBy,
    procedureCode: d.procedureCode,
    location: d.location,
    receivedAt: env.now,
    receivedDate: received,
    dueDate: due,
    filedEventId: d.filedEventId,
  });
  if (!created) {
    // The same confirmation delivered twice: the code drawn above is simply unused.
    return { item, created: false, reply: [text(T.alreadyFiled(item.code))], notices: [], attachments: 0 };
  }
  const n = await insertAttachments(
    tx,
    item.code,
    d.attachments.map((a) => ({ kind: a.kind, sourceUrl: a.url, ...(a.name && cleanText(a.name).trim() ? { originalName: cleanText(a.name).trim().slice(0, 255) } : {}), ...(a.mime ? { mime: a.mime } : {}), ...(a.size !== undefined ? { sizeBytes: a.size } : {}) })),
  );
  await addFeedbackEvent(tx, item.code, { actor: d.citizenUserId ? 'citizen' : d.channel, action: 'filed', detail: { channel: d.channel, unit: unitCode, routedBy, attachments: n } });

  const unit = unitLabel(env, unitCode);
  const reply: TOutMessage[] = [text(T.filed(item.code, unit, formatDate(due), env.answerWorkingDays))];
  if (n > 0) reply.push(text(T.filedAttachments(n)));
  const notices = await officerNotices(tx, unitCode, T.officerNotice(item.code, unit, formatDate(due), short(d.content), n), item.code, env);
  return { item, created: true, reply, notices, attachments: n };
}

/** The unit's officers (all roles); the default desk's when the unit has none yet. */
async function officerNotices(tx: Db, unitCode: string, body: string, code: string, env: TFeedbackEnv): Promise<TNotice[]> {
  let to = await officersOfUnit(tx, unitCode);
  if (to.length === 0) to = await officersOfUnit(tx, env.org?.defaultDesk ?? env.deskUnit);
  const viewButton: TButton = { type: 'oa.query.hide', title: T.officerView(code), payload: `xem ${code}` };
  return to.map((userId) => ({ userId, message: { kind: 'buttons', text: body, buttons: [viewButton] } }));
}

// ---------------------------------------------------------------------------------------------------------------
// Look-alikes and following

/** Open items that look like the draft: compared within the unit the draft would be routed to. */
export async function similarOpenItems(tx: Db, env: TFeedbackEnv, d: Pick<TFeedbackDraft, 'content' | 'unitCode' | 'placeBy' | 'procedureCode' | 'location'>): Promise<TFeedbackItem[]> {
  const { unitCode } = await route(tx, env, { ...d, attachments: [], channel: 'zalo', filedEventId: '' });
  const draft = { ...d, unitCode };
  const candidates = await openItemsNear(tx, { unitCode, procedureCode: d.procedureCode, location: d.location, since: addDays(today(env), -90) });
  return similarItems(draft, candidates, 2);
}

export async function followFeedback(tx: Db, code: string, userId: string): Promise<TActionResult> {
  const item = await getFeedback(tx, code);
  if (!item) return fail(404, T.notFound(code));
  if (await addFollower(tx, code, userId)) await addFeedbackEvent(tx, code, { actor: 'citizen', action: 'followed' });
  return { ok: true, item, reply: [text(T.followed(code))], notices: [] };
}

// ---------------------------------------------------------------------------------------------------------------
// Officers' actions

async function loadForHandling(tx: Db, actor: TActor, code: string): Promise<TFeedbackItem | TActionResult> {
  const item = await getFeedback(tx, code, { forUpdate: true });
  if (!item) return fail(404, T.notFound(code));
  if (actor.kind === 'citizen') return fail(403, T.notForCitizens);
  if (!canHandle(actor, item)) return fail(403, T.notAllowed);
  if (!isOpen(item.status)) return fail(409, T.alreadyClosed(code, STATUS_LABELS[item.status]));
  return item;
}
const isResult = (x: TFeedbackItem | TActionResult): x is TActionResult => 'ok' in x;

/**
 * How the citizen learns of an answer: in chat within Zalo's window; by template outside it when one is
 * configured; otherwise kept and shown when they next write (or open the mini-app).
 */
async function citizenNotice(tx: Db, env: TFeedbackEnv, item: TFeedbackItem, body: string, buttons: TButton[]): Promise<{ notices: TNotice[]; how: 'chat' | 'template' | 'pending' | 'none' }> {
  if (!item.citizenUserId) return { notices: [], how: 'none' };
  const last = await lastInteractionAt(tx, item.citizenUserId);
  const inWindow = last !== undefined && env.now.getTime() - last.getTime() < env.messageWindowMs;
  if (inWindow) {
    const message: TOutMessage = buttons.length ? { kind: 'buttons', text: body, buttons } : { kind: 'text', text: body };
    return { notices: [{ userId: item.citizenUserId, message, tag: answerTag(item.code) }], how: 'chat' };
  }
  if (env.answerTemplateId) {
    const data = { code: item.code, status: STATUS_LABELS[item.status], answer: short(item.answer ?? item.rejectReason ?? '', 400) };
    return { notices: [{ userId: item.citizenUserId, message: { kind: 'template', templateId: env.answerTemplateId, data, text: body.slice(0, 2000) }, tag: answerTag(item.code) }], how: 'template' };
  }
  return { notices: [], how: 'pending' };
}

function rateButtons(code: string): TButton[] {
  return [
    { type: 'oa.query.hide', title: T.satisfiedButton, payload: T.ratePayload(code, true) },
    { type: 'oa.query.hide', title: T.unsatisfiedButton, payload: T.ratePayload(code, false) },
  ];
}

export async function answerFeedbackAs(tx: Db, env: TFeedbackEnv, actor: TActor, code: string, answerText: string): Promise<TActionResult> {
  const parsed = ZAnswerText.safeParse(answerText);
  if (!parsed.success) return fail(400, parsed.error.issues[0]?.message ?? T.needText('nội dung trả lời', `trả lời ${code} <nội dung>`));
  const loaded = await loadForHandling(tx, actor, code);
  if (isResult(loaded)) return loaded;
  await answerFeedback(tx, code, { answer: parsed.data, by: actorId(actor), closedDate: today(env) });
  await addFeedbackEvent(tx, code, { actor: actorId(actor), action: 'answered', detail: { answer: parsed.data } });
  const item = (await getFeedback(tx, code))!;
  const unit = unitLabel(env, item.unitCode);
  const { notices, how } = await citizenNotice(tx, env, item, T.answerToCitizen(code, unit, parsed.data), rateButtons(code));
  if (how !== 'none') await setAnswerNotice(tx, code, how);
  // Followers are other citizens: the answer may name the author's phone or ID number, masked for them.
  for (const follower of await followersOf(tx, code)) notices.push({ userId: follower, message: text(T.answerToFollower(code, maskPersonalData(parsed.data))) });
  const done = how === 'chat' ? T.answered(code) : how === 'template' ? T.answeredTemplate(code) : how === 'pending' ? T.answeredPending(code) : T.answeredNoCitizen(code);
  return { ok: true, item: { ...item, answerNotice: how === 'none' ? null : how }, reply: [text(done)], notices };
}

export async function rejectFeedbackAs(tx: Db, env: TFeedbackEnv, actor: TActor, code: string, reason: string): Promise<TActionResult> {
  const parsed = ZAnswerText.safeParse(reason);
  if (!parsed.success) return fail(400, T.needText('lý do từ chối', `từ chối ${code} không thuộc thẩm quyền của thành phố`));
  const loaded = await loadForHandling(tx, actor, code);
  if (isResult(loaded)) return loaded;
  await rejectFeedback(tx, code, { reason: parsed.data, by: actorId(actor), closedDate: today(env) });
  await addFeedbackEvent(tx, code, { actor: actorId(actor), action: 'rejected', detail: { reason: parsed.data } });
  const item = (await getFeedback(tx, code))!;
  const { notices, how } = await citizenNotice(tx, env, item, T.rejectedToCitizen(code, parsed.data), []);
  if (how !== 'none') await setAnswerNotice(tx, code, how);
  return { ok: true, item, reply: [text(T.rejected(code))], notices };
}

export async function reassignFeedbackAs(tx: Db, env: TFeedbackEnv, actor: TActor, code: string, unitText: string): Promise<TActionResult> {
  if (!unitText.trim()) return fail(400, T.needText('đơn vị nhận', `chuyển ${code} An Thới`));
  const item = await getFeedback(tx, code, { forUpdate: true });
  if (!item) return fail(404, T.notFound(code));
  if (actor.kind === 'citizen') return fail(403, T.notForCitizens);
  if (!canReassign(actor)) return fail(403, T.leadersOnly);
  if (!isOpen(item.status)) return fail(409, T.alreadyClosed(code, STATUS_LABELS[item.status]));
  const unit = env.org ? findUnit(env.org, unitText) : undefined;
  if (!unit) return fail(400, T.unknownUnit(unitText.slice(0, 60)));
  if (unit.code === item.unitCode) return fail(409, T.sameUnit(unit.name));
  await reassignFeedback(tx, code, unit.code);
  await addFeedbackEvent(tx, code, { actor: actorId(actor), action: 'reassigned', detail: { from: item.unitCode, to: unit.code } });
  const notices = await officerNotices(tx, unit.code, T.reassignedNotice(code, unit.name, short(item.content)), code, env);
  return { ok: true, item: { ...item, unitCode: unit.code, routedBy: 'reassigned' }, reply: [text(T.reassigned(code, unit.name))], notices };
}

/** A citizen rates the answer; "chưa hài lòng" reopens the item once, to the unit's leaders. */
export async function rateFeedbackAs(tx: Db, env: TFeedbackEnv, actor: TActor, code: string, rating: 'satisfied' | 'unsatisfied'): Promise<TActionResult> {
  const item = await getFeedback(tx, code, { forUpdate: true });
  if (!item) return fail(404, T.notFound(code));
  if (actor.kind !== 'citizen' || item.citizenUserId !== actor.userId) return fail(403, T.notYours(code));
  if (item.status !== 'answered') return fail(409, T.rateNotAnswered(code));
  await rateFeedback(tx, code, rating);
  await addFeedbackEvent(tx, code, { actor: 'citizen', action: 'rated', detail: { rating } });
  if (rating === 'satisfied') return { ok: true, item: { ...item, rating }, reply: [text(T.ratedThanks)], notices: [] };
  const leaders = await leadersOfUnit(tx, item.unitCode);
  const unit = unitLabel(env, item.unitCode);
  if (item.reopenCount >= 1) {
    return { ok: true, item: { ...item, rating }, reply: [text(T.ratedNoMoreReopen(code))], notices: leaders.map((userId) => ({ userId, message: text(T.unsatisfiedAgainNotice(code)) })) };
  }
  const due = addWorkingDays(today(env), env.answerWorkingDays, env.holidays);
  await reopenFeedback(tx, code, { dueDate: due });
  await addFeedbackEvent(tx, code, { actor: 'citizen', action: 'reopened', detail: { to: 'leaders', due } });
  const viewButton: TButton = { type: 'oa.query.hide', title: T.officerView(code), payload: `xem ${code}` };
  const notices: TNotice[] = leaders.map((userId) => ({ userId, message: { kind: 'buttons', text: T.reopenedNotice(code, unit, short(item.content)), buttons: [viewButton] } }));
  return { ok: true, item: { ...item, status: 'reopened', rating, closedDate: null, dueDate: due }, reply: [text(T.ratedReopened(code))], notices };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

const isOverdue = (item: TFeedbackItem, day: TIsoDate) => isOpen(item.status) && item.dueDate !== null && item.dueDate < day;

/** "xem PA-…": the item for who may see it; officers also get its photos as images. */
export async function viewFeedbackAs(tx: Db, env: TFeedbackEnv, actor: TActor, code: string): Promise<TActionResult> {
  const item = await getFeedback(tx, code);
  if (!item) return fail(404, T.notFound(code));
  if (!canView(actor, item)) return fail(403, actor.kind === 'citizen' ? T.notYours(code) : T.notAllowed);
  const day = today(env);
  const atts = await listAttachments(tx, code);
  const lines = [
    T.viewTitle(code),
    T.viewStatus(STATUS_LABELS[item.status]),
    T.viewReceived(formatDate(item.receivedDate)),
    ...(item.dueDate && isOpen(item.status) ? [T.viewDue(formatDate(item.dueDate), isOverdue(item, day))] : []),
    T.viewUnit(unitLabel(env, item.unitCode)),
    ...(item.procedureCode ? [T.viewProcedure(item.procedureCode)] : []),
    // Officers read the citizen's words as written; only notifications to others are masked.
    T.viewContent(item.content),
    ...(atts.length ? [T.viewAttachments(atts.length)] : []),
    ...(item.status === 'answered' && item.answer ? [T.viewAnswer(item.answer, formatDate(item.closedDate ?? day))] : []),
    ...(item.status === 'rejected' && item.rejectReason ? [T.viewRejected(item.rejectReason, formatDate(item.closedDate ?? day))] : []),
    ...(item.rating ? [T.viewRating(item.rating === 'satisfied' ? T.satisfied : T.unsatisfied)] : []),
  ];
  const reply: TOutMessage[] = [text(lines.join('\n'))];
  if (actor.kind !== 'citizen' && env.fileLink) {
    for (const a of atts.filter((x) => x.status === 'stored' && x.kind === 'image').slice(0, 5)) {
      const url = env.fileLink(code, a.seq);
      if (url) reply.push({ kind: 'image', url, caption: `${code} — ảnh ${a.seq}` });
    }
  }
  if (actor.kind === 'citizen' && item.status === 'answered' && !item.rating) {
    reply.push({ kind: 'buttons', text: 'Bạn có hài lòng với câu trả lời không?', buttons: rateButtons(code) });
  }
  return { ok: true, item, reply, notices: [] };
}

export function listLines(items: readonly TFeedbackItem[], env: TFeedbackEnv, opts: { showUnit: boolean }): string[] {
  const day = today(env);
  return items.map((it) => T.inboxItem(it.code, formatDate(it.receivedDate), it.dueDate ? formatDate(it.dueDate) : '—', isOverdue(it, day), opts.showUnit ? unitLabel(env, it.unitCode) : '', short(it.subject ?? it.content, 90)));
}

export { isOverdue };
