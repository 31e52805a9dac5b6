import { SIMULATOR_CREDENTIALS } from '../../src/config.ts';
import { readTokenPair } from '../../src/zalo/token-store.ts';
import type { ProductStack } from './stack.ts';
import type { TPhase } from './traffic.ts';

/**
 * The scenarios of issue 8 (load and faults). Each runs on a fresh product (stack.ts) with the same traffic mix
 * (traffic.ts) and the same counting (accounting.ts); a fault scenario adds a script run alongside the traffic.
 */

export interface TScriptContext {
  stack: ProductStack;
  /** resolves `ms` after the first message left */
  at(ms: number): Promise<void>;
  /** a timed line in the scenario's fault log */
  note(text: string): void;
}

export interface TScenario {
  name: string;
  title: string;
  /** for the table: what was injected */
  faults: string;
  engine: 'pglite' | 'postgres';
  workers: number;
  phases: TPhase[];
  /** a control run only: Zalo's per-OA limit (simulator) and the product's outbound limit raised */
  unthrottled?: boolean;
  /** how to read the scenario's figures (printed under its details) */
  reading?: string;
  script?: (ctx: TScriptContext) => Promise<void>;
  /** checks after the drain, before the product stops */
  after?: (stack: ProductStack) => Promise<Record<string, unknown>>;
}

/**
 * The fault scenarios' load: 30 messages/s for 30 s (900 messages), the fault 10 s in. With this mix a message costs
 * 1.7 Zalo requests (a procedure card is four messages), so 30/s needs 51 requests/s, within the 60/s the OA may
 * send: latency then shows the fault and the recovery, not the OA's capacity (which the load scenario shows).
 */
export const FAULT_RATE = 30;
const FAULT_LOAD = (scale: number): TPhase[] => [{ name: 'steady', rate: FAULT_RATE, seconds: Math.max(4, Math.round(30 * scale)) }];

const DOWN_MS = 3000;

export function scenarios(scale: number): TScenario[] {
  const mid = Math.round(10_000 * Math.min(1, scale * 1.5));
  return [
    {
      name: 'load',
      title: 'Load: 50 msg/s, then a 200 msg/s burst',
      faults: 'none',
      reading: 'The latency is the OA\'s sending capacity, not the product: every message waits its turn behind the ones before it in the outbound queue, which the OA may empty at 60 requests a second; the control scenario below runs the same 50/s without that limit.',
      engine: 'pglite',
      workers: 1,
      phases: [
        { name: 'steady', rate: 50, seconds: Math.max(4, Math.round(120 * scale)) },
        { name: 'burst', rate: 200, seconds: Math.max(2, Math.round(15 * scale)) },
      ],
    },
    {
      name: 'load-unthrottled',
      title: 'Control: the load\'s 50 msg/s with Zalo\'s rate limit lifted',
      faults: 'none; not a shipped setting: the simulator\'s limit and OUTBOUND_RATE_PER_MINUTE raised to 600,000/min, so the product\'s own pipeline is measured',
      engine: 'pglite',
      workers: 1,
      unthrottled: true,
      phases: [{ name: 'steady', rate: 50, seconds: Math.max(4, Math.round(60 * scale)) }],
    },
    {
      name: 'worker-kill',
      title: 'Worker killed (-9) mid-burst, restarted',
      faults: `the worker process SIGKILLed at t=${mid / 1000} s, a new one started ${DOWN_MS / 1000} s later`,
      engine: 'pglite',
      workers: 1,
      phases: FAULT_LOAD(scale),
      async script({ stack, at, note }) {
        await at(mid);
        const pid = stack.workers[0]?.proc.pid;
        await stack.killWorker(0);
        note(`worker ${pid} killed (SIGKILL)`);
        await new Promise((r) => setTimeout(r, DOWN_MS));
        const t = performance.now();
        const w = await stack.startWorker(0);
        note(`worker ${w.proc.pid} started, ready in ${Math.round(performance.now() - t)} ms`);
      },
    },
    {
      name: 'redis-restart',
      title: 'Redis restarted mid-burst',
      faults: `the private redis-server (AOF on) SIGKILLed at t=${mid / 1000} s, restarted on the same port and folder ${DOWN_MS / 1000} s later`,
      engine: 'pglite',
      workers: 1,
      phases: FAULT_LOAD(scale),
      async script({ stack, at, note }) {
        await at(mid);
        const pid = stack.redisPid();
        const t = performance.now();
        await stack.restartRedis(DOWN_MS);
        note(`redis-server ${pid} killed (SIGKILL); ${stack.redisPid()} answering again ${Math.round(performance.now() - t)} ms later`);
      },
    },
    {
      name: 'postgres-restart',
      title: 'PostgreSQL restarted mid-burst',
      faults: `the PostgreSQL server stopped with \`pg_ctl -m immediate\` at t=${mid / 1000} s, started again ${DOWN_MS / 1000} s later`,
      engine: 'postgres',
      workers: 1,
      phases: FAULT_LOAD(scale),
      async script({ stack, at, note }) {
        await at(mid);
        const t = performance.now();
        await stack.restartPostgres(DOWN_MS);
        note(`PostgreSQL stopped (immediate) and accepting connections again ${Math.round(performance.now() - t)} ms later`);
      },
    },
    {
      name: 'zalo-faults',
      title: 'Zalo API faults in bursts',
      faults: 'on /v3.0/oa/message: 60 × HTTP 500/502/503, 20 × connection reset, 16 × answer after 11 s (client timeout 10 s), 40 × -32, then every access token expired (-124)',
      reading: 'The latency is the designed back-off, not a stall of the product: the 16 hanging requests hold all 16 outbound slots for 15 s (10 s timeout, then 5 s before looking the message up), each -32 pauses the whole outbound queue 5–10 s (Zalo asks to slow down), and at 30 messages/s the OA has only 15 % of spare capacity to catch up.',
      engine: 'pglite',
      workers: 1,
      phases: FAULT_LOAD(scale),
      async script({ stack, at, note }) {
        // Apart in time, so that each kind of fault is met on its own (a -32 pauses the whole outbound queue).
        const sim = stack.sim;
        const endpoint = '/v3.0/oa/message';
        const k = Math.min(1, scale * 1.5);
        await at(3000 * k);
        for (const httpStatus of [500, 502, 503]) sim.inject({ endpoint, httpStatus, times: 20 });
        note('60 × HTTP 5xx queued');
        await at(6000 * k);
        sim.inject({ endpoint, networkError: true, times: 20 });
        note('20 × connection reset queued');
        await at(9000 * k);
        sim.inject({ endpoint, delayMs: 11_000, times: 16 });
        note('16 × answer after 11 s queued');
        await at(24_000 * k);
        sim.inject({ endpoint, error: -32, times: 40 });
        note('40 × -32 queued');
        await at(27_000 * k);
        sim.expireAccessToken();
        note('every access token expired');
      },
      after: tokenCheck,
    },
    {
      name: 'token-race',
      title: 'Four workers race to refresh one expired token',
      faults: `4 worker processes; every access token expired at t=${mid / 1000} s (-124 to all of them at once)`,
      engine: 'pglite',
      workers: 4,
      phases: FAULT_LOAD(scale),
      async script({ stack, at, note }) {
        await at(mid);
        stack.sim.expireAccessToken();
        note('every access token expired');
      },
      after: tokenCheck,
    },
  ];
}

/**
 * The stored pair after the run: is it the simulator's live pair, does its access token work, and is its refresh
 * token still unused (refreshing with it succeeds — done last, it rotates the simulator's pair)?
 */
async function tokenCheck(stack: ProductStack): Promise<Record<string, unknown>> {
  const stored = await readTokenPair(stack.db);
  const live = stack.sim.tokens();
  if (!stored) return { storedPair: 'missing' };
  const user = stack.o.pop.citizens[0]!;
  const detail = await fetch(`${stack.sim.url}/v3.0/oa/user/detail?data=${encodeURIComponent(JSON.stringify({ user_id: user }))}`, { headers: { access_token: stored.accessToken } });
  const apiError = ((await detail.json()) as { error?: number }).error;
  const form = new URLSearchParams({ refresh_token: stored.refreshToken, app_id: stack.sim.appId, grant_type: 'refresh_token' });
  const r = await fetch(`${stack.sim.url}/v4/oa/access_token`, { method: 'POST', headers: { secret_key: SIMULATOR_CREDENTIALS.appSecret, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() });
  const refreshed = ((await r.json()) as { access_token?: string }).access_token !== undefined;
  return {
    storedGeneration: stored.generation,
    storedIsLivePair: stored.accessToken === live.accessToken && stored.refreshToken === live.refreshToken,
    storedAccessTokenWorks: apiError === 0,
    storedRefreshTokenWorks: refreshed,
  };
}
