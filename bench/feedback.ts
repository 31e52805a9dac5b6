/**
 * Feedback filing latency: `npx tsx bench/feedback.ts` (options: --items 500 --rate 20 --out <file.json>).
 *
 * What is measured: the time from a citizen's confirmation ("Gửi phản ánh", the webhook POST of that message) to
 * the moment the simulator records the notification to the unit's officer naming the new item's code — the whole
 * path: simulator → signed webhook → inbound queue → dialog + filing transaction (code, due date, routing,
 * look-alike search) → outbound queue (BullMQ limiter) → Zalo client → simulator.
 *
 * The product runs in this process against the simulator over real HTTP (test/helpers/stack.ts: live mode, PGlite
 * in a temp DATA_DIR, Redis). --items citizens are first brought to the confirmation step through the real dialog
 * (phản ánh → content → tiếp tục → bỏ qua → bỏ qua), then confirm at --rate per second. Two scenarios on one
 * product: the shipped outbound limit (3,600/min) and the same with the limit raised, to separate queueing from work.
 * Counts: items filed, notifications received, lost (no notification) and doubled (two items or notices).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { upsertOfficer } from '../src/store/chat.ts';
import { saveOrg } from '../src/store/dossiers.ts';
import { demoOrg } from '../test/helpers/golden.ts';
import { sleep, startStack, waitUntil, type TStack } from '../test/helpers/stack.ts';
import { guard } from './lib/cleanup.ts';
import { latencyOf, round, table, type TLatency } from './lib/stats.ts';

const { values: argv } = parseArgs({ options: { items: { type: 'string', default: '500' }, rate: { type: 'string', default: '20' }, out: { type: 'string' } } });
const ITEMS = Number(argv.items);
const RATE = Number(argv.rate);
guard(15 * 60_000);

interface TResult { scenario: string; outboundPerMinute: number; items: number; filed: number; notified: number; lost: number; doubled: number; latencyMs: TLatency; wallSeconds: number }

async function scenario(name: string, outboundPerMinute: number): Promise<TResult> {
  const stack: TStack = await startStack({ env: { LOG_LEVEL: 'warn', OUTBOUND_RATE_PER_MINUTE: String(outboundPerMinute), WORKER_CONCURRENCY: '16' }, rateLimitPerMinute: 1_000_000 });
  try {
    const db = stack.running!.rt.db;
    await saveOrg(db, demoOrg);
    const officer = stack.sim.createUser({ userId: '9900000000000000001', name: 'Cán bộ một cửa' }).userId;
    await upsertOfficer(db, { userId: officer, unitCode: 'PQ', role: 'officer' });
    stack.sim.setLastInteraction(officer, new Date());
    const citizens = Array.from({ length: ITEMS }, (_, i) => stack.sim.createUser({ userId: `88${String(i).padStart(10, '0')}`, name: `Công dân ${i}` }).userId);

    // Bring everyone to the confirmation step through the real dialog, 50 at a time.
    const steps = ['phản ánh', '', 'tiếp tục', 'bỏ qua', 'bỏ qua'];
    for (let i = 0; i < citizens.length; i += 50) {
      await Promise.all(citizens.slice(i, i + 50).map(async (u, j) => {
        for (const s of steps) {
          const before = stack.sim.sent({ userId: u }).length;
          const text = s || `Đèn chiếu sáng công cộng hỏng ở tổ ${i + j} khu phố ${(i + j) % 7}, đề nghị sửa chữa sớm (mẫu ${i + j}).`;
          await stack.sim.sendText(u, text);
          await waitUntil(() => stack.sim.sent({ userId: u }).length > before, 60_000);
        }
      }));
    }

    const sentAt = new Map<string, number>();
    const started = Date.now();
    for (let i = 0; i < citizens.length; i++) {
      const due = started + (i * 1000) / RATE;
      if (due > Date.now()) await sleep(due - Date.now());
      const u = citizens[i]!;
      sentAt.set(u, Date.now());
      void stack.sim.sendText(u, 'Gửi phản ánh', { hidden: true });
    }
    // Every citizen's reply carries the code; the officer's notice names it.
    await waitUntil(() => citizens.every((u) => stack.sim.sent({ userId: u }).some((m) => /Đã tiếp nhận phản ánh/.test(m.text ?? ''))), 300_000, 100);
    await waitUntil(() => stack.sim.sent({ userId: officer }).length >= citizens.length, 300_000, 100).catch(() => undefined);
    await sleep(1000);
    const codeOf = new Map<string, string>();
    for (const u of citizens) {
      const m = stack.sim.sent({ userId: u }).find((x) => /Đã tiếp nhận phản ánh/.test(x.text ?? ''));
      const code = /PA-\d{4}-\d{4}/.exec(m?.text ?? '')?.[0];
      if (code) codeOf.set(code, u);
    }
    const notices = stack.sim.sent({ userId: officer }).filter((m) => /Phản ánh mới/.test(m.text ?? ''));
    const seen = new Map<string, number>();
    const latencies: number[] = [];
    for (const m of notices) {
      const code = /PA-\d{4}-\d{4}/.exec(m.text ?? '')?.[0];
      if (!code) continue;
      seen.set(code, (seen.get(code) ?? 0) + 1);
      const u = codeOf.get(code);
      if (u && seen.get(code) === 1) latencies.push(Date.parse(m.at) - sentAt.get(u)!);
    }
    const rows = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM feedback_items`)).rows[0]!.n;
    return {
      scenario: name,
      outboundPerMinute,
      items: ITEMS,
      filed: rows,
      notified: seen.size,
      lost: ITEMS - seen.size,
      doubled: [...seen.values()].filter((c) => c > 1).length + Math.max(0, rows - ITEMS),
      latencyMs: latencyOf(latencies),
      wallSeconds: round((Date.now() - started) / 1000, 1),
    };
  } finally {
    await stack.close();
  }
}

const results = [await scenario('shipped outbound limit', 3600), await scenario('outbound limit raised', 600_000)];
console.log(`\nFeedback: confirmation → officer's notification, ${ITEMS} items at ${RATE}/s\n`);
console.log(table(
  ['scenario', 'outbound/min', 'filed', 'notified', 'lost', 'doubled', 'p50 ms', 'p95 ms', 'p99 ms'],
  results.map((r) => [r.scenario, r.outboundPerMinute, r.filed, r.notified, r.lost, r.doubled, round(r.latencyMs.p50, 0), round(r.latencyMs.p95, 0), round(r.latencyMs.p99, 0)]),
));
const out = argv.out ?? 'bench/results/feedback.json';
fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), items: ITEMS, ratePerSecond: RATE, results }, null, 2)}\n`);
process.exitCode = results.some((r) => r.lost > 0 || r.doubled > 0) ? 1 : 0;
process.exit();
