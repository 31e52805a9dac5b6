import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sleep, startStack, waitUntil, type TStack } from '../helpers/stack.ts';

/**
 * A separate worker process is killed (-9) in the middle of a burst and started again: every message is still
 * answered exactly once. The server process (this one) holds the PGlite folder; the worker reaches the same
 * data through its socket.
 */
let stack: TStack;
const workers: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
    env: { ...process.env, ...stack.env, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  workers.push(child);
  return child;
}

beforeAll(async () => { stack = await startStack({ role: 'server', env: { WORKER_LOCK_DURATION_MS: '4000', WORKER_CONCURRENCY: '8' } }); });
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
  await stack?.close();
});

it('the worker killed mid-burst and restarted → every message answered exactly once', async () => {
  const users = Array.from({ length: 30 }, (_, i) => stack.sim.createUser({ userId: `84471132${String(i).padStart(8, '0')}` }).userId);
  const perUser = 10;
  let worker = startWorker();
  const burst = (async () => {
    for (let k = 0; k < perUser; k++) {
      await Promise.all(users.map(async (u) => {
        const r = await stack.sim.sendText(u, k % 2 ? 'menu' : 'hướng dẫn');
        expect(r.status).toBe(200);
      }));
      await sleep(30);
    }
  })();
  // Kill the worker once it is in the middle of the work.
  await waitUntil(() => stack.sim.sent().length >= 60, 30_000, 10);
  worker.kill('SIGKILL');
  await new Promise((r) => worker.once('exit', r));
  const answeredAtKill = stack.sim.sent().length;
  await burst;
  await sleep(300);
  worker = startWorker();
  const total = users.length * perUser;
  try {
    await waitUntil(() => stack.sim.sent().length >= total, 90_000, 100);
  } catch (err) {
    const q = await stack.running!.rt.db.query('SELECT status, count(*) FROM outbound_messages GROUP BY 1');
    const ev = await stack.running!.rt.db.query('SELECT count(*) FROM processed_events');
    const jobs = await stack.running!.rt.queues.inbound.getJobCounts();
    const ojobs = await stack.running!.rt.queues.outbound.getJobCounts();
    console.log('DEBUG', stack.sim.sent().length, JSON.stringify(q.rows), JSON.stringify(ev.rows), JSON.stringify(jobs), JSON.stringify(ojobs), JSON.stringify(stack.sim.stats()));
    throw err;
  }
  await sleep(2500); // anything doubled by a late retry would show up here
  const counts = users.map((u) => stack.sim.sent({ userId: u }).length);
  expect(answeredAtKill).toBeLessThan(total);
  expect(counts.every((c) => c === perUser)).toBe(true);
  expect(stack.sim.sent()).toHaveLength(total);
}, 180_000);
