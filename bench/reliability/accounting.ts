import type { Db } from '../../src/store/db.ts';
import type { Simulator, TSentMessage, TSimStats } from '../../src/zalo/simulator/simulator.ts';
import { latencyOf, round, type TLatency } from '../lib/stats.ts';
import type { TKind, TSent } from './traffic.ts';

/**
 * Counting, from the two sides that cannot lie to each other: what the simulator (Zalo) recorded as sent, and what
 * the product's database says it decided and delivered.
 *
 * The product keys every message it decides to send `<event id>|r<n>` (replies) or `<event id>|n<n>` (notices to
 * officers) and stores the Zalo message id of each one sent (docs/decisions.md, exactly-once replies). So, per
 * webhook event the simulator had accepted (2xx):
 * - answered: the event was processed and every reply row was sent, each with a message id that the simulator
 *   recorded, to that citizen;
 * - undeliverable: some reply rows are recorded `undeliverable`/`failed` with Zalo's code or a reason, the rest sent;
 * - lost: anything else (never processed, no reply decided, a reply still queued, or marked sent with an id the
 *   simulator never issued).
 * Doubled: a message the simulator recorded whose id no row holds — the same row sent twice leaves one of its two
 * ids unclaimed. It is attributed to the event of the row with the same citizen and text.
 * Latency: from the first POST of the event to the moment the simulator recorded its first reply (`r0`).
 */

interface TRow { idempotency_key: string; user_id: string; status: string; zalo_message_id: string | null; error_code: number | null; error_reason: string | null; attempts: number; created_at: Date; updated_at: Date; body: { text?: string } }

export interface TCounts {
  sent: number;
  accepted: number;
  /** accepted only after Zalo-like redelivery (the first POST refused or unanswered) */
  acceptedAfterRetry: number;
  /** refused on every attempt */
  notAccepted: number;
  answered: number;
  undeliverable: number;
  undeliverableReasons: Record<string, number>;
  lost: number;
  /** extra messages the simulator recorded (a row sent twice) */
  doubled: number;
  /** events those doubles belong to */
  doubledEvents: number;
  notices: { decided: number; delivered: number; recorded: number; lost: number };
  feedback: { oneLinersAccepted: number; itemsFiled: number; lost: number; doubled: number };
  latencyMs: Record<string, TLatency>;
  /** reply messages decided per accepted event, mean by kind of message, and officers' notices per event */
  repliesPerEvent: Record<string, number>;
  webhookAnswerMs: TLatency;
  /** ids of the first few lost events, for the log */
  lostSamples: string[];
  doubledSamples: string[];
}

export async function account(db: Db, sim: Simulator, sent: TSent[], feedbackBefore: number, users: Set<string>): Promise<TCounts> {
  const accepted = sent.filter((s) => s.acceptedAt !== undefined);
  const ids = accepted.map((s) => s.eventId);
  const rows = (await db.query<TRow>(
    `SELECT idempotency_key, user_id, status, zalo_message_id, error_code, error_reason, attempts, created_at, updated_at, body FROM outbound_messages
     WHERE split_part(idempotency_key, '|', 1) = ANY($1::text[])`, [ids],
  )).rows;
  const processed = new Set((await db.query<{ event_id: string }>('SELECT event_id FROM processed_events WHERE event_id = ANY($1::text[])', [ids])).rows.map((r) => r.event_id));
  const filed = (await db.query<{ filed_event_id: string }>('SELECT filed_event_id FROM feedback_items WHERE filed_event_id = ANY($1::text[])', [ids])).rows;
  const feedbackNow = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM feedback_items')).rows[0]!.n;

  const simMessages = sim.sent((m) => m.source === 'api' && users.has(m.userId));
  const simById = new Map<string, TSentMessage>(simMessages.map((m) => [m.message_id, m]));
  const claimed = new Set<string>();
  const rowsByEvent = new Map<string, TRow[]>();
  for (const r of rows) {
    const ev = r.idempotency_key.split('|')[0]!;
    const list = rowsByEvent.get(ev) ?? [];
    list.push(r);
    rowsByEvent.set(ev, list);
  }
  const orderOf = (key: string) => Number(/\|[rn](\d+)/.exec(key)?.[1] ?? 0);

  const latencies: Record<string, number[]> = { all: [] };
  const replyCount: Record<string, { events: number; replies: number }> = {};
  let noticeRows = 0;
  const undeliverableReasons: Record<string, number> = {};
  let answered = 0;
  let undeliverable = 0;
  let lost = 0;
  const lostSamples: string[] = [];
  const notices = { decided: 0, delivered: 0, recorded: 0, lost: 0 };
  const delivered = (r: TRow) => r.status === 'sent' && r.zalo_message_id !== null && simById.get(r.zalo_message_id)?.userId === r.user_id;

  for (const s of accepted) {
    const evRows = rowsByEvent.get(s.eventId) ?? [];
    const replies = evRows.filter((r) => /\|r\d+/.test(r.idempotency_key)).sort((a, b) => orderOf(a.idempotency_key) - orderOf(b.idempotency_key));
    for (const r of evRows) if (r.zalo_message_id) claimed.add(r.zalo_message_id);
    const rc = (replyCount[s.kind] ??= { events: 0, replies: 0 });
    rc.events++;
    rc.replies += replies.length;
    noticeRows += evRows.length - replies.length;
    for (const n of evRows.filter((r) => /\|n\d+/.test(r.idempotency_key))) {
      notices.decided++;
      if (delivered(n)) notices.delivered++;
      else if ((n.status === 'undeliverable' || n.status === 'failed') && (n.error_code !== null || n.error_reason)) notices.recorded++;
      else notices.lost++;
    }
    let state: 'answered' | 'undeliverable' | 'lost';
    if (!processed.has(s.eventId) || replies.length === 0) state = 'lost';
    else if (replies.every(delivered)) state = 'answered';
    else if (replies.every((r) => delivered(r) || ((r.status === 'undeliverable' || r.status === 'failed') && (r.error_code !== null || r.error_reason)))) state = 'undeliverable';
    else state = 'lost';
    if (state === 'answered') answered++;
    else if (state === 'undeliverable') {
      undeliverable++;
      for (const r of replies.filter((x) => !delivered(x))) {
        const reason = r.error_code !== null ? `Zalo ${r.error_code}` : (r.error_reason ?? '?').slice(0, 60);
        undeliverableReasons[reason] = (undeliverableReasons[reason] ?? 0) + 1;
      }
    } else {
      lost++;
      if (lostSamples.length < 5) lostSamples.push(`${s.eventId} (${s.kind} "${s.text}"): processed=${processed.has(s.eventId)}, rows=${replies.map((r) => `${r.status}${r.zalo_message_id ? '' : ' no-id'}`).join(',') || 'none'}`);
    }
    const first = replies[0];
    if (first && delivered(first)) {
      const ms = Date.parse(simById.get(first.zalo_message_id!)!.at) - s.sentAt;
      latencies.all!.push(ms);
      (latencies[s.phase] ??= []).push(ms);
      (latencies[`kind:${s.kind}`] ??= []).push(ms);
    }
  }

  // Doubles: recorded by Zalo, claimed by no row.
  const unclaimed = simMessages.filter((m) => !claimed.has(m.message_id));
  const rowByUserText = new Map<string, TRow>();
  for (const r of rows) if (r.body?.text) rowByUserText.set(`${r.user_id}\u0000${r.body.text}`, r);
  const doubledEvents = new Set<string>();
  const doubledSamples: string[] = [];
  for (const m of unclaimed) {
    const row = rowByUserText.get(`${m.userId}\u0000${m.text ?? ''}`);
    const ev = row?.idempotency_key.split('|')[0];
    doubledEvents.add(ev ?? `?${m.message_id}`);
    if (doubledSamples.length < 5) {
      // Both copies and the row, for the cause: when each was recorded, what the row claims and when it last changed.
      const kept = row?.zalo_message_id ? simById.get(row.zalo_message_id) : undefined;
      doubledSamples.push(`${row?.idempotency_key ?? 'unknown event'} → ${m.userId}: "${(m.text ?? m.kind).slice(0, 40).replace(/\n/g, ' ')}": extra copy at ${m.at.slice(11, 23)}` +
        (row ? `, kept copy at ${kept?.at.slice(11, 23) ?? '?'}; row created ${new Date(row.created_at).toISOString().slice(11, 23)}, last changed ${new Date(row.updated_at).toISOString().slice(11, 23)}, ${row.attempts} attempt(s)` : ''));
    }
  }

  const oneLiners = accepted.filter((s) => s.kind === 'feedback');
  const filedBy = new Set(filed.map((f) => f.filed_event_id));
  const feedbackLost = oneLiners.filter((s) => !filedBy.has(s.eventId)).length;
  const newItems = feedbackNow - feedbackBefore;

  const kinds: TKind[] = ['search', 'card', 'feedback', 'stats', 'other'];
  const latencyMs: Record<string, TLatency> = {};
  for (const [k, v] of Object.entries(latencies)) latencyMs[k] = roundLatency(latencyOf(v));
  for (const k of kinds) if (!latencyMs[`kind:${k}`]) delete latencyMs[`kind:${k}`];

  return {
    sent: sent.length,
    accepted: accepted.length,
    acceptedAfterRetry: accepted.filter((s) => s.attempts > 1).length,
    notAccepted: sent.length - accepted.length,
    answered,
    undeliverable,
    undeliverableReasons,
    lost,
    doubled: unclaimed.length,
    doubledEvents: doubledEvents.size,
    notices,
    feedback: { oneLinersAccepted: oneLiners.length, itemsFiled: newItems, lost: feedbackLost, doubled: Math.max(0, newItems - (oneLiners.length - feedbackLost)) },
    latencyMs,
    repliesPerEvent: {
      ...Object.fromEntries(Object.entries(replyCount).map(([k, v]) => [k, round(v.replies / v.events, 2)])),
      all: round(Object.values(replyCount).reduce((a, v) => a + v.replies, 0) / Math.max(1, accepted.length), 2),
      notices: round(noticeRows / Math.max(1, accepted.length), 2),
    },
    webhookAnswerMs: roundLatency(latencyOf(accepted.map((s) => s.answerMs ?? Number.NaN).filter(Number.isFinite))),
    lostSamples,
    doubledSamples,
  };
}

export function roundLatency(l: TLatency): TLatency {
  return { count: l.count, p50: round(l.p50, 0), p95: round(l.p95, 0), p99: round(l.p99, 0), max: round(l.max, 0), mean: round(l.mean, 0) };
}

/** What Zalo saw between two snapshots of the simulator's counters. */
export function zaloDelta(a: TSimStats, b: TSimStats): { requests: number; sent: number; rateLimited32: number; all32: number; refreshes: number; refreshFailures: number; faultsApplied: number; byError: Record<string, number>; byHttpStatus: Record<string, number> } {
  const diff = (x: Record<string, number>, y: Record<string, number>) => Object.fromEntries(Object.keys(y).map((k) => [k, (y[k] ?? 0) - (x[k] ?? 0)]).filter(([, v]) => v !== 0));
  const byError = diff(a.byError, b.byError);
  delete byError['0'];
  return {
    requests: b.requests - a.requests,
    sent: b.sent - a.sent,
    rateLimited32: b.rateLimited - a.rateLimited,
    all32: (b.byError['-32'] ?? 0) - (a.byError['-32'] ?? 0),
    refreshes: b.refreshes - a.refreshes,
    refreshFailures: b.refreshFailures - a.refreshFailures,
    faultsApplied: b.faultsApplied - a.faultsApplied,
    byError,
    byHttpStatus: diff(a.byHttpStatus, b.byHttpStatus),
  };
}

/** The OA's sending pace from the simulator's record: busiest second and busiest sliding minute. */
export function sendingPace(messages: TSentMessage[], from: number, to: number): { busiestSecond: number; busiestMinute: number; meanPerSecond: number } {
  const t = messages.map((m) => Date.parse(m.at)).filter((x) => x >= from && x <= to).sort((a, b) => a - b);
  let sec = 0;
  let min = 0;
  for (let i = 0, j = 0, k = 0; i < t.length; i++) {
    while (t[j]! <= t[i]! - 1000) j++;
    while (t[k]! <= t[i]! - 60_000) k++;
    sec = Math.max(sec, i - j + 1);
    min = Math.max(min, i - k + 1);
  }
  const span = (to - from) / 1000;
  return { busiestSecond: sec, busiestMinute: min, meanPerSecond: span > 0 ? round(t.length / span, 1) : 0 };
}
