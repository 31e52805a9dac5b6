import { catalogueRequest, dataRequest, decide, type TConversationContext, type TDataRequest, type TLoaded } from '../bot/engine.ts';
import { routeText } from '../bot/router.ts';
import { catalogueServiceFor } from './catalogue.ts';
import type { TOutMessage } from '../bot/messages.ts';
import { splitText } from '../bot/messages.ts';
import type { Logger } from '../log.ts';
import { BUILTIN_PROCEDURES } from '../domain/demo/procedures.ts';
import type { TOrg } from '../domain/org.ts';
import type { TPeriodRule } from '../domain/periods.ts';
import { shortId } from '../domain/privacy.ts';
import type { Db } from '../store/db.ts';
import { getOfficer, insertOutbound, isOwnEcho, officersOfUnit, pendingOutboundOfEvent, recordEvent, setHandoffUntil, touchUser } from '../store/chat.ts';
import { computePeriodFigures } from '../store/dossier-figures.ts';
import { findDossierByCode, listOverdueDossiers } from '../store/dossiers.ts';
import { listProcedures } from '../store/procedures.ts';
import type { TInboundEvent } from '../zalo/events.ts';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseOfficerQuery } from '../bot/officer-query.ts';
import { DEFAULT_PERIOD_RULE } from '../domain/periods.ts';
import { generateReport, ReportPeriodError } from '../report/service.ts';
import { activeDialog, dialogNeedsSearch, feedbackTurn, type TFeedbackChatDeps } from './feedback-chat.ts';
import type { TFeedbackEnv } from './feedback.ts';

export interface TConversationDeps {
  db: Db;
  log: Logger;
  /** looks up a citizen's Zalo display name (best effort) so the welcome can greet them by name */
  profile?: (userId: string) => Promise<string | undefined>;
  handoffQuietMs: number;
  deskUnit: string;
  /** the organisation configuration: unit names for officers' questions and citizens' answers */
  org?: TOrg;
  periodRule?: TPeriodRule;
  /** names of procedures by national code; default: the stored catalogue, then the built-in demo list */
  procedureNames?: (db: Db, codes: readonly string[]) => Promise<Map<string, string>>;
  now?: () => Date;
  /** where report files for officers are written before upload (the monthly report in chat); unset: text only */
  reportsDir?: string;
  /** feedback (PAKN): working days, holidays, attachment limits; without it feedback falls back to defaults */
  feedback?: Omit<TFeedbackChatDeps, 'env'> & { env: Omit<TFeedbackEnv, 'now' | 'org' | 'deskUnit'> };
}

export interface THandled {
  deliveries: { userId: string; keys: string[] }[];
  /** feedback items filed by this event that have attachments to copy into storage */
  filedWithAttachments: string[];
}

const BUILTIN_NAMES = new Map(BUILTIN_PROCEDURES.filter((p) => p.name).map((p) => [p.code, p.name as string]));

async function catalogueProcedureNames(db: Db, codes: readonly string[]): Promise<Map<string, string>> {
  const names = new Map(codes.flatMap((c) => (BUILTIN_NAMES.has(c) ? [[c, BUILTIN_NAMES.get(c) as string] as const] : [])));
  if (codes.length === 0) return names;
  for (const p of await listProcedures(db, { codes })) names.set(p.code, p.name);
  return names;
}

/** Runs the reads the engine asked for, inside the event's transaction. */
async function load(tx: Db, deps: TConversationDeps, request: TDataRequest): Promise<TLoaded> {
  const names = deps.procedureNames ?? catalogueProcedureNames;
  if (request.kind === 'dossier') {
    const dossier = await findDossierByCode(tx, request.code);
    const procedureName = dossier ? (await names(tx, [dossier.procedureCode])).get(dossier.procedureCode) : undefined;
    return { kind: 'dossier', code: request.code, ...(dossier ? { dossier } : {}), ...(procedureName ? { procedureName } : {}) };
  }
  const { query } = request;
  const unit = query.unit?.code;
  const figures = await computePeriodFigures(tx, query.period, { org: deps.org, unit });
  if (!request.oldestOverdue) return { kind: 'figures', query, figures };
  const oldest = await listOverdueDossiers(tx, { asOf: query.period.end, unit, limit: 10 });
  const known = await names(tx, [...new Set(oldest.map((d) => d.procedureCode))]);
  return {
    kind: 'figures',
    query,
    figures,
    oldestOverdue: oldest.map((d) => ({
      code: d.code,
      procedureCode: d.procedureCode,
      dueDate: d.dueDate,
      ...(known.has(d.procedureCode) ? { procedureName: known.get(d.procedureCode) } : {}),
    })),
  };
}

/**
 * Catalogue answers are read before the event's transaction: the search index is shared by the process and reads
 * through the pool, which (on PGlite) would wait for that very transaction.
 */
async function loadCatalogue(deps: TConversationDeps, event: TInboundEvent, dialogSearch: string | undefined): Promise<TLoaded | undefined> {
  if (dialogSearch !== undefined) {
    // The feedback dialog's procedure step: a search, without logging the words as a catalogue gap.
    try {
      const result = await catalogueServiceFor(deps.db, { onError: (err, what) => deps.log.warn({ err }, what) }).searchProcedures(dialogSearch);
      return { kind: 'search', text: dialogSearch, result };
    } catch (err) {
      deps.log.warn({ err: (err as Error).message }, 'catalogue lookup failed');
      return undefined;
    }
  }
  const request = catalogueRequest(event);
  if (!request) return undefined;
  const catalogue = catalogueServiceFor(deps.db, { onError: (err, what) => deps.log.warn({ err }, what) });
  try {
    if (request.kind === 'procedure') {
      const procedure = await catalogue.getProcedure(request.code);
      return { kind: 'procedure', code: request.code, ...(procedure ? { procedure } : {}) };
    }
    const result = await catalogue.searchProcedures(request.text, { recordGap: true });
    const top = result.confidence === 'exact' ? result.results[0] : undefined;
    const procedure = top ? await catalogue.getProcedure(top.code) : undefined;
    return { kind: 'search', text: request.text, result, ...(procedure ? { procedure } : {}) };
  } catch (err) {
    // The chat still answers (with the general fallback) when the catalogue cannot be read.
    deps.log.warn({ err: (err as Error).message }, 'catalogue lookup failed');
    return undefined;
  }
}

/**
 * An officer's "báo cáo tháng 6/2024": the monthly report (src/report) is generated before the event's transaction
 * (it reads through the pool and may start the period's texts) and written to a file the outbound job uploads.
 */
async function loadReport(deps: TConversationDeps, event: TInboundEvent, now: Date): Promise<TLoaded | undefined> {
  if (event.kind !== 'message' || !event.text || !deps.reportsDir || !deps.org) return undefined;
  const intent = routeText(event.text);
  if (intent.name !== 'full-report') return undefined;
  const officer = await getOfficer(deps.db, event.userId);
  if (!officer) return undefined;
  const q = parseOfficerQuery(intent, { now, rule: deps.periodRule ?? DEFAULT_PERIOD_RULE, org: deps.org, officer: { unitCode: officer.unit_code, role: officer.role } });
  if (!q.ok) return undefined;
  try {
    const report = await generateReport(deps.db, { periodKey: q.query.period.key, org: deps.org, now, ...(deps.periodRule ? { periodRule: deps.periodRule } : {}) });
    fs.mkdirSync(deps.reportsDir, { recursive: true });
    const file = path.join(deps.reportsDir, `${report.filename.replace(/\.docx$/, '')}-${now.getTime()}-${randomBytes(3).toString('hex')}.docx`);
    fs.writeFileSync(file, report.buffer);
    if (report.failures.length > 0) deps.log.warn({ period: report.period.key, failures: report.failures.length }, 'report figures break invariants: officer warned');
    return { kind: 'report', path: file, displayName: report.displayName, summary: report.summary };
  } catch (err) {
    if (err instanceof ReportPeriodError) return { kind: 'report-error', error: err.message };
    deps.log.warn({ err: (err as Error).message }, 'report generation failed: answering with the text breakdown');
    return undefined;
  }
}

/** Long texts become several messages; everything else stays one. */
function expand(messages: TOutMessage[]): TOutMessage[] {
  return messages.flatMap((m): TOutMessage[] => (m.kind === 'text' ? splitText(m.text).map((text) => ({ kind: 'text' as const, text })) : [m]));
}

/**
 * Handles one inbound event exactly once: the decision and the messages it implies are written in one
 * transaction keyed by the event id. A retry of the same event finds it recorded and only returns the messages
 * still waiting to be delivered, so it never decides (or sends) twice.
 */
export const DEFAULT_FEEDBACK: NonNullable<TConversationDeps['feedback']> = {
  env: { holidays: new Set(), answerWorkingDays: 10, messageWindowMs: 7 * 86_400_000 },
  dialogMs: 30 * 60_000,
  maxAttachments: 5,
};

export async function handleInboundEvent(deps: TConversationDeps, event: TInboundEvent): Promise<THandled> {
  // Outside the transaction: a slow or failing Zalo profile call must not hold the database.
  const displayName = event.kind === 'follow' && deps.profile ? await deps.profile(event.userId).catch(() => undefined) : undefined;
  const nowDate = new Date(deps.now?.() ?? Date.now());
  // A citizen in the middle of the feedback dialog is not searching the catalogue (except at its procedure step).
  const dialog = event.kind === 'message' ? await activeDialog(deps.db, event.userId, nowDate) : undefined;
  const catalogueLoaded = dialog && !dialogNeedsSearch(dialog, event.text) ? undefined : await loadCatalogue(deps, event, dialogNeedsSearch(dialog, event.text));
  const reportLoaded = dialog ? undefined : await loadReport(deps, event, nowDate);
  const fb = deps.feedback ?? DEFAULT_FEEDBACK;
  const filedWithAttachments: string[] = [];
  const fresh = await deps.db.transaction(async (tx) => {
    if (!(await recordEvent(tx, event))) return false;
    const interacted = event.kind === 'message' || event.kind === 'follow' || event.kind === 'chatnow' || event.kind === 'submit_info';
    const follower = event.kind === 'follow' ? true : event.kind === 'unfollow' ? false : undefined;
    const user = await touchUser(tx, { userId: event.userId, appUserId: event.appUserId, interacted, follower, displayName });
    const now = Date.now();
    const handoffActive = Boolean(user.human_handoff_until && new Date(user.human_handoff_until).getTime() > now);
    const officer = event.kind === 'message' ? await getOfficer(tx, event.userId) : undefined;
    const ctx: TConversationContext = {
      displayName: user.display_name ?? undefined,
      handoffActive,
      // Only a handoff request needs the desk's officers.
      deskOfficers: event.kind === 'message' && event.text && routeText(event.text).name === 'handoff' ? await officersOfUnit(tx, deps.deskUnit) : [],
      ...(officer ? { officer: { unitCode: officer.unit_code, role: officer.role } } : {}),
      org: deps.org,
      periodRule: deps.periodRule,
      now: new Date(deps.now?.() ?? now),
    };
    // Feedback first: a running dialog takes the message; its commands are answered there.
    const turn = event.kind === 'message' && !handoffActive
      ? await feedbackTurn(tx, { ...fb, env: { ...fb.env, org: deps.org, deskUnit: deps.deskUnit, now: ctx.now ?? new Date(now) } }, event, {
        ...(ctx.officer ? { officer: ctx.officer } : {}),
        ...(catalogueLoaded?.kind === 'search' ? { search: catalogueLoaded.result } : {}),
      })
      : undefined;
    filedWithAttachments.push(...(turn?.filed ?? []));
    let decision;
    if (turn?.handled) {
      decision = { replies: [...turn.prefix, ...turn.replies], notify: turn.notices };
    } else {
      // The engine is pure: it says what it needs, the reads run here, in the event's transaction.
      const request = reportLoaded ? undefined : dataRequest(event, ctx);
      const loaded = reportLoaded ?? (request ? await load(tx, deps, request) : catalogueLoaded);
      const decided = decide(event, loaded ? { ...ctx, loaded } : ctx);
      decision = { ...decided, replies: [...(turn?.prefix ?? []), ...decided.replies], notify: decided.notify as { userId: string; message: TOutMessage; tag?: string }[] };
    }

    if (decision.startHandoff) await setHandoffUntil(tx, event.userId, new Date(now + deps.handoffQuietMs));
    if (decision.humanAgentSpoke) {
      const msgId = event.eventId.startsWith('msg:') ? event.eventId.slice(4) : undefined;
      if (!(await isOwnEcho(tx, event.userId, msgId, event.text))) {
        // A person answered from the OA console: keep the bot quiet for this citizen a while longer.
        await setHandoffUntil(tx, event.userId, new Date(now + deps.handoffQuietMs));
        deps.log.info({ user: shortId(event.userId) }, 'human agent active: bot paused for this citizen');
      }
    }
    let i = 0;
    for (const m of expand(decision.replies)) await insertOutbound(tx, { key: `${event.eventId}|r${i++}`, userId: event.userId, message: m });
    let n = 0;
    for (const x of decision.notify) {
      // A tag (the citizen's answer notice) rides at the end of the key for the delivery layer.
      for (const m of expand([x.message])) await insertOutbound(tx, { key: `${event.eventId}|n${n++}${x.tag ? `|${x.tag}` : ''}`, userId: x.userId, message: m });
    }
    return true;
  });
  if (!fresh) deps.log.debug({ eventId: event.eventId }, 'event already handled: re-delivering what is still queued');
  return { deliveries: await pendingOutboundOfEvent(deps.db, event.eventId), filedWithAttachments: fresh ? filedWithAttachments : [] };
}
