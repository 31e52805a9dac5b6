import { Rng } from '../../src/domain/demo/rng.ts';
import { SIMULATOR_CREDENTIALS } from '../../src/config.ts';
import { buildUserSendText, type TZaloEvent } from '../../src/zalo/simulator/event-builders.ts';
import { newMsgId } from '../../src/zalo/simulator/ids.ts';
import type { Simulator } from '../../src/zalo/simulator/simulator.ts';

/**
 * The reliability suite's traffic: a population of citizens and officers, a deterministic mix of what they type,
 * an open-loop plan (message i leaves at i / rate whatever the product does) and a sender that behaves like Zalo's
 * webhook delivery: a refused or failed POST (503 while Redis is away, a reset connection) is sent again, the same
 * event with the same msg_id and timestamp, after 1, 2, 4, 8 and 16 s.
 */

export type TKind = 'search' | 'card' | 'feedback' | 'stats' | 'other';

export interface TPopulation {
  citizens: string[];
  /** officers who ask for figures, with their unit */
  officers: { userId: string; unit: string; role: 'officer' | 'leader' }[];
}

/** Units of config/org-phu-quoc-2024.json other than the desk (PQ): their officers get their own unit's figures. */
const WARD_UNITS = ['DUONG-DONG', 'AN-THOI', 'CUA-CAN', 'CUA-DUONG', 'BAI-THOM', 'GANH-DAU', 'HAM-NINH', 'DUONG-TO', 'THO-CHAU'];

/**
 * Citizens' ids 84…, officers' 99…, all 19 digits like Zalo's. Two officers sit at the desk unit (PQ): they also
 * receive the notice of every feedback item filed (routed to the desk); the others at the nine wards and communes.
 */
export function population(citizens: number, officers: number): TPopulation {
  const id = (prefix: string, i: number) => `${prefix}${String(i).padStart(17, '0')}`;
  return {
    citizens: Array.from({ length: citizens }, (_, i) => id('84', i + 1)),
    officers: Array.from({ length: officers }, (_, i) => ({
      userId: id('99', i + 1),
      unit: i < 2 ? 'PQ' : WARD_UNITS[(i - 2) % WARD_UNITS.length]!,
      role: i === 0 ? 'leader' as const : 'officer' as const,
    })),
  };
}

/** What citizens search for: colloquial words, no diacritics, typos. */
const SEARCHES = [
  'khai sinh', 'sổ đỏ', 'làm giấy khai sinh cho con', 'dang ky ket hon', 'khai sihn', 'đăng kí kết hôn', 'so do',
  'chứng thực bản sao', 'xac nhan tinh trang hon nhan', 'cấp lại giấy khai sinh', 'làm căn cước', 'hộ nghèo',
  'trợ cấp xã hội hàng tháng', 'dang ky khai tu', 'ket hon voi nguoi nuoc ngoai', 'hỗ trợ mai táng phí',
  'chung thuc chu ky', 'giấy phép xây dựng nhà ở', 'dang ki thuong tru', 'thủ tục nhận con nuôi',
];
/** Procedure cards: the menu's and the posters' "#TTHC <code>", and a bare code copied from a poster. */
const CARDS = ['#TTHC 1.001193', '#TTHC 1.000894', '#TTHC 1.004873', '#TTHC 2.000815', '#TTHC 1.000656', '1.001193', '#TTHC 1.001776', '#TTHC 2.000635'];
const FEEDBACK = [
  'đèn chiếu sáng công cộng trên đường số {n} bị hỏng nhiều ngày, buổi tối rất tối',
  'rác thải để tràn ra vỉa hè ở hẻm {n} chưa được thu gom, mùi hôi',
  'cán bộ tiếp nhận hẹn trả kết quả hồ sơ số {n} nhưng đến hạn chưa có',
  'nước ngập sau mưa tại tổ dân phố {n}, đề nghị khơi thông cống',
  'xin hỏi vì sao hồ sơ cấp giấy khai sinh nộp trực tuyến lần {n} bị trả lại',
];
const STATS = ['thống kê tháng 6/2024', 'tk tháng 5/2024', 'thong ke thang 7/2024', 'hồ sơ quá hạn', 'thống kê tháng 6/2024', 'so lieu thang 8/2024'];
const OTHER = ['menu', 'Xin chào', 'hướng dẫn', 'cảm ơn nhiều nha', 'Tra cứu thủ tục'];

/** Shares of the mix (sum 1): searches, cards, feedback one-liners, officers' figures, the rest. */
export const MIX: Record<TKind, number> = { search: 0.55, card: 0.2, feedback: 0.06, stats: 0.04, other: 0.15 };

export interface TPhase {
  name: string;
  /** messages per second */
  rate: number;
  seconds: number;
}

export interface TPlanned {
  /** ms after the start of the traffic */
  atMs: number;
  phase: string;
  kind: TKind;
  userId: string;
  text: string;
}

/**
 * The whole run's messages in order. Citizens take turns through a shuffled ring (2,000 citizens at 50/s: each
 * writes about every 40 s), officers through their own ring, so nobody sends twice within a second or so.
 */
export function plan(phases: TPhase[], pop: TPopulation, seed = 8): TPlanned[] {
  const rng = new Rng(seed);
  const ring = [...pop.citizens];
  for (let i = ring.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [ring[i], ring[j]] = [ring[j]!, ring[i]!];
  }
  const pick = <T>(list: readonly T[]) => list[rng.int(0, list.length - 1)]!;
  let nextCitizen = 0;
  let nextOfficer = 0;
  let feedbackNo = 0;
  const out: TPlanned[] = [];
  let startMs = 0;
  for (const ph of phases) {
    const n = Math.round(ph.rate * ph.seconds);
    for (let i = 0; i < n; i++) {
      const r = rng.next();
      let acc = 0;
      let kind: TKind = 'other';
      for (const [k, share] of Object.entries(MIX) as [TKind, number][]) {
        acc += share;
        if (r < acc) { kind = k; break; }
      }
      if (kind === 'stats' && pop.officers.length === 0) kind = 'search';
      const atMs = startMs + (i * 1000) / ph.rate;
      if (kind === 'stats') {
        const o = pop.officers[nextOfficer++ % pop.officers.length]!;
        out.push({ atMs, phase: ph.name, kind, userId: o.userId, text: pick(STATS) });
        continue;
      }
      const userId = ring[nextCitizen++ % ring.length]!;
      const text = kind === 'search' ? pick(SEARCHES)
        : kind === 'card' ? pick(CARDS)
          : kind === 'feedback' ? `phản ánh: ${pick(FEEDBACK).replace('{n}', String(++feedbackNo))}`
            : pick(OTHER);
      out.push({ atMs, phase: ph.name, kind, userId, text });
    }
    startMs += ph.seconds * 1000;
  }
  return out;
}

export interface TSent extends TPlanned {
  msgId: string;
  /** the product's event id for it (src/zalo/events.ts) */
  eventId: string;
  /** epoch ms of the first POST */
  sentAt: number;
  /** epoch ms of the 2xx answer; undefined when never accepted */
  acceptedAt?: number;
  /** POSTs made (1 = accepted at once) */
  attempts: number;
  /** HTTP status of each refused attempt (0 = no answer) */
  refusals: number[];
  /** webhook answer time of the accepted POST, ms */
  answerMs?: number;
}

/** Zalo-like redelivery of a refused webhook: the same event again after these delays. */
export const REDELIVERY_DELAYS_MS = [1000, 2000, 4000, 8000, 16_000];

/**
 * Sends the plan open-loop: each message at its time, never waiting for an answer before the next one. Resolves
 * once every message was accepted or refused for good. `t0` (epoch ms) is when the first message left.
 */
export async function sendPlan(sim: Simulator, planned: TPlanned[], hooks: { onStart?: (t0: number) => void } = {}): Promise<{ sent: TSent[]; t0: number; lastSendAt: number }> {
  const c = SIMULATOR_CREDENTIALS;
  const ctx = { appId: c.appId, oaId: c.oaId };
  const sent: TSent[] = [];
  const inFlight: Promise<void>[] = [];
  const t0 = Date.now();
  hooks.onStart?.(t0);
  const start = performance.now();
  let lastSendAt = t0;

  const deliver = async (rec: TSent, event: TZaloEvent) => {
    for (let attempt = 0; ; attempt++) {
      rec.attempts++;
      let status = 0;
      let ms = 0;
      try {
        const d = await sim.postEvent(event);
        status = d.status;
        ms = d.durationMs;
      } catch {
        status = 0; // no answer (connection refused or reset, timeout)
      }
      if (status >= 200 && status < 300) {
        rec.acceptedAt = Date.now();
        rec.answerMs = ms;
        return;
      }
      rec.refusals.push(status);
      const delay = REDELIVERY_DELAYS_MS[attempt];
      if (delay === undefined) return;
      await new Promise((r) => setTimeout(r, delay));
    }
  };

  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now() - start;
      while (i < planned.length && planned[i]!.atMs <= now) {
        const p = planned[i++]!;
        const user = sim.user(p.userId) ?? sim.createUser({ userId: p.userId });
        const msgId = newMsgId();
        const sentAt = Date.now();
        lastSendAt = sentAt;
        // Zalo needs the citizen's interaction within 7 days for a consultation message: this message is one.
        sim.setLastInteraction(p.userId, new Date(sentAt));
        const event = buildUserSendText(ctx, user, p.text, { msgId, timestamp: String(sentAt) });
        const rec: TSent = { ...p, msgId, eventId: `msg:${msgId}`, sentAt, attempts: 0, refusals: [] };
        sent.push(rec);
        inFlight.push(deliver(rec, event));
      }
      if (i >= planned.length) return resolve();
      setTimeout(tick, Math.max(0, Math.min(20, planned[i]!.atMs - (performance.now() - start))));
    };
    tick();
  });
  await Promise.all(inFlight);
  return { sent, t0, lastSendAt };
}
