/**
 * Clean-up that also runs when a benchmark is interrupted (Ctrl-C, SIGTERM) or overruns its time limit: stop the
 * product processes it started (which stop their private redis-server) and remove its temp folders.
 */
const tasks: (() => Promise<void>)[] = [];

/** Registers a clean-up; the returned function runs it now (once) and forgets it. */
export function onCleanup(task: () => Promise<void>): () => Promise<void> {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    const i = tasks.indexOf(once);
    if (i >= 0) tasks.splice(i, 1);
    await task().catch((err: unknown) => console.error('clean-up failed:', err));
  };
  tasks.push(once);
  return once;
}

async function runAll(): Promise<void> {
  for (const t of [...tasks].reverse()) await t();
}

/** Exits with `code` after the registered clean-ups (bounded to 30 s). */
async function bail(code: number, message: string): Promise<never> {
  console.error(message);
  const hard = setTimeout(() => process.exit(code), 30_000);
  hard.unref();
  await runAll();
  process.exit(code);
}

/** Time limit for the whole benchmark, and clean exits on SIGINT / SIGTERM. */
export function guard(limitMs: number): void {
  const timer = setTimeout(() => void bail(2, `benchmark took longer than ${Math.round(limitMs / 1000)} s: giving up`), limitMs);
  timer.unref();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void bail(130, `${sig}: cleaning up`));
}
