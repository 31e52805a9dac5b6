/**
 * Feedback's wiring to a running process: its settings from configuration, the attachment copy job and the daily
 * deadline run. Used by the workers, the officer API and the mini-app API.
 */
import { createHmac } from 'node:crypto';
import { FEEDBACK_TEXTS as T } from '../bot/texts.ts';
import type { TConfig } from '../config.ts';
import { addWorkingDays, type THolidays } from '../domain/calendar.ts';
import { formatDate, todayInVietnam } from '../domain/format.ts';
import type { TOrg } from '../domain/org.ts';
import { maskPersonalData } from '../domain/privacy.ts';
import type { Logger } from '../log.ts';
import { signFileUrl } from '../http/file-routes.ts';
import type { Db } from '../store/db.ts';
import { leadersOfUnit, officersOfUnit } from '../store/chat.ts';
import { claimDueReminders, claimOverdueAlerts, getFeedback } from '../store/feedback.ts';
import { declaredAttachmentProblem, storeFeedbackAttachments } from './attachments.ts';
import type { TConversationDeps } from './conversation.ts';
import { unitLabel, type TFeedbackEnv, type TNotice } from './feedback.ts';
import { queueNotices, writeNotices } from './notify.ts';
import type { Queue } from 'bullmq';

export interface TFeedbackRuntime {
  config: TConfig;
  db: Db;
  log: Logger;
  org: TOrg | undefined;
  deskUnit: string;
  holidays: THolidays;
  queues: { outbound: Queue };
  /** where this process's http server listens, when PUBLIC_URL is unset (set once it listens) */
  listeningUrl?: string;
}

/** The key signing attachment links: FILE_LINK_SECRET, else derived from the app secret (same on every instance). */
export function fileLinkSecret(config: TConfig): string {
  return config.fileLinkSecret ?? createHmac('sha256', config.zalo.appSecret || 'motcua').update('motcua file links').digest('hex');
}

export function publicBaseUrl(config: TConfig, listening?: string): string {
  return config.publicUrl ?? listening ?? `http://127.0.0.1:${config.port}`;
}

export function feedbackEnv(rt: TFeedbackRuntime, now: Date, listening?: string): TFeedbackEnv {
  const f = rt.config.feedback;
  // Read at call time: the server's address is known only once it listens.
  const base = () => publicBaseUrl(rt.config, listening ?? rt.listeningUrl);
  const secret = fileLinkSecret(rt.config);
  return {
    org: rt.org,
    deskUnit: rt.deskUnit,
    holidays: rt.holidays,
    answerWorkingDays: f.answerWorkingDays,
    ...(f.answerTemplateId ? { answerTemplateId: f.answerTemplateId } : {}),
    messageWindowMs: f.messageWindowMs,
    now,
    fileLink: (code, seq) => signFileUrl(base(), code, seq, { secret, ttlSeconds: 7 * 86_400, now }),
  };
}

/** What the conversation needs of feedback (the clock and the organisation are added per event). */
export function conversationFeedback(rt: TFeedbackRuntime, listening?: string): NonNullable<TConversationDeps['feedback']> {
  const f = rt.config.feedback;
  const { now: _now, org: _org, deskUnit: _desk, ...env } = feedbackEnv(rt, new Date(), listening);
  return {
    env,
    dialogMs: f.dialogMs,
    maxAttachments: f.attachmentMaxCount,
    attachmentProblem: (a, index) => declaredAttachmentProblem({ type: a.kind, ...(a.name ? { name: a.name } : {}), ...(a.size !== undefined ? { size: a.size } : {}), ...(a.mime ? { mime: a.mime } : {}) }, { maxBytes: f.attachmentMaxBytes, index }),
  };
}

/**
 * The attachment job: copies the item's files into storage; when some could not be kept, the citizen is told
 * which and why. A network failure is retried by the queue (the job throws) until its last attempt.
 */
export async function runStoreAttachments(rt: TFeedbackRuntime, code: string, opts: { finalAttempt: boolean }): Promise<void> {
  const f = rt.config.feedback;
  const summary = await storeFeedbackAttachments(rt.db, code, { dir: f.attachmentDir, maxBytes: f.attachmentMaxBytes, log: rt.log, finalAttempt: opts.finalAttempt });
  const problems = [...summary.rejected, ...summary.failed.filter((x) => !x.willRetry)];
  if (problems.length === 0) return;
  const item = await getFeedback(rt.db, code);
  if (!item?.citizenUserId) return;
  const keyBase = `att:${code}:${problems.map((p) => p.seq).join('-')}`;
  const notice: TNotice = { userId: item.citizenUserId, message: { kind: 'text', text: T.attachmentsProblem(code, problems.map((p) => `- ${p.reason}`).join('\n')) } };
  await rt.db.transaction((tx) => writeNotices(tx, keyBase, [notice]));
  await queueNotices(rt, keyBase);
}

/**
 * The daily deadline run: officers of the unit are reminded of open items due within 2 working days, and the
 * unit's leaders alerted of overdue ones. Each item is claimed by one UPDATE, so any number of instances (or a
 * repeated run) sends each reminder and each alert once.
 */
export async function runFeedbackDeadlines(rt: TFeedbackRuntime, now: Date): Promise<{ reminders: number; alerts: number }> {
  const today = todayInVietnam(now);
  const dueBy = addWorkingDays(today, 2, rt.holidays);
  const keyBase = `deadlines:${today}:${now.getTime()}`;
  const env = { org: rt.org };
  const counts = await rt.db.transaction(async (tx) => {
    const notices: TNotice[] = [];
    const due = await claimDueReminders(tx, dueBy, today);
    for (const it of due) {
      for (const userId of await officersOfUnit(tx, it.unitCode)) {
        notices.push({ userId, message: { kind: 'text', text: T.reminderNotice(it.code, formatDate(it.dueDate!), maskPersonalData(it.subject ?? it.content).slice(0, 120)) } });
      }
    }
    const overdue = await claimOverdueAlerts(tx, today);
    for (const it of overdue) {
      for (const userId of await leadersOfUnit(tx, it.unitCode)) {
        notices.push({ userId, message: { kind: 'text', text: T.overdueNotice(it.code, formatDate(it.dueDate!), unitLabel(env, it.unitCode), maskPersonalData(it.subject ?? it.content).slice(0, 120)) } });
      }
    }
    await writeNotices(tx, keyBase, notices);
    return { reminders: due.length, alerts: overdue.length };
  });
  if (counts.reminders + counts.alerts > 0) await queueNotices(rt, keyBase);
  rt.log.info(counts, 'feedback deadlines: reminders and overdue alerts sent');
  return counts;
}
