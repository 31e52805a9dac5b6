import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';

/**
 * A benchmark target in a process of its own (so that the load generator and the server do not share one event
 * loop): `node --import tsx <file>`, an IPC channel for the ready message, and a bounded stop.
 */
export interface TReady {
  type: 'ready';
  /** '' for the worker role (no HTTP) */
  url: string;
  redisUrl?: string;
  redisPid?: number;
  queuePrefix?: string;
}

export interface TChild {
  proc: ChildProcess;
  ready: TReady;
  stop(): Promise<number | null>;
}

/** `logFile`: the child's stdout and stderr are appended there instead of the parent's terminal. */
export async function spawnChild(file: string, args: string[], opts: { env?: NodeJS.ProcessEnv; nodeArgs?: string[]; readyTimeoutMs?: number; logFile?: string } = {}): Promise<TChild> {
  const fd = opts.logFile ? fs.openSync(opts.logFile, 'a') : undefined;
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', file, ...args], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', fd ?? 'inherit', fd ?? 'inherit', 'ipc'],
  });
  if (fd !== undefined) fs.closeSync(fd); // the child holds its own copy
  let exited = false;
  proc.once('exit', () => { exited = true; });
  const stop = async (): Promise<number | null> => {
    if (exited || proc.exitCode !== null) return proc.exitCode;
    const done = once(proc, 'exit').then(() => proc.exitCode);
    // Ask first (the child closes the product, its queues and the redis-server it started), then insist.
    if (proc.connected) proc.send({ type: 'stop' });
    else proc.kill('SIGTERM');
    const timer = setTimeout(() => { if (!exited) proc.kill('SIGKILL'); }, 20_000);
    try {
      return await done;
    } finally {
      clearTimeout(timer);
    }
  };
  const ready = await new Promise<TReady>((resolve, reject) => {
    const timer = setTimeout(() => { cleanup(); reject(new Error(`${file} not ready within ${opts.readyTimeoutMs ?? 60_000} ms`)); }, opts.readyTimeoutMs ?? 60_000);
    const onMessage = (m: unknown) => {
      if (m && typeof m === 'object' && (m as { type?: unknown }).type === 'ready') { cleanup(); resolve(m as TReady); }
    };
    const onExit = (code: number | null) => { cleanup(); reject(new Error(`${file} exited with code ${code} before it was ready`)); };
    const cleanup = () => { clearTimeout(timer); proc.off('message', onMessage); proc.off('exit', onExit); };
    proc.on('message', onMessage);
    proc.once('exit', onExit);
  }).catch(async (err: unknown) => {
    await stop();
    throw err;
  });
  return { proc, ready, stop };
}
