import fs from 'node:fs';
import { cpuMsOf, machineBusyMs } from './stats.ts';

/**
 * CPU and memory of groups of processes over a run, sampled from /proc (Linux) once a second. A group is a
 * function returning its current pids, so a process restarted mid-run (a killed worker, a restarted Redis or
 * PostgreSQL) is followed: its CPU time is added from its first sample on (a process first seen after the start
 * counts from its own birth), and the group's RSS is the sum over its live processes at each sample.
 */
export interface TGroupUse {
  /** CPU time over the run, ms */
  cpuMs: number;
  /** mean CPU over the run, % of one core */
  cpuPercent: number;
  /** highest 1-s CPU, % of one core */
  cpuPeakPercent: number;
  /** highest sum of VmRSS of the group's processes, MB */
  rssMaxMb: number;
  /** RSS at the last sample, MB */
  rssEndMb: number;
  /** distinct pids seen (a restart adds one) */
  pids: number;
}

export interface TResourceUse {
  seconds: number;
  groups: Record<string, TGroupUse>;
  /** the rest of the machine's busy time, % of one core (other users' processes: noise) */
  othersCpuPercent?: number;
  cpus: number;
}

/** VmRSS of a process in kB, undefined when it is gone. */
export function rssKbOf(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Direct children of a process (e.g. PostgreSQL's backends under the postmaster). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export class ResourceSampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly state = new Map<string, { last: Map<number, number>; cpuMs: number; peak: number; rssMax: number; rssEnd: number; seen: Set<number> }>();
  private started = 0;
  private lastAt = 0;
  private machine0: number | undefined;

  constructor(private readonly groups: Record<string, () => (number | undefined)[]>, private readonly intervalMs = 1000) {}

  start(): this {
    this.started = performance.now();
    this.lastAt = this.started;
    this.machine0 = machineBusyMs();
    for (const [name, pidsOf] of Object.entries(this.groups)) {
      const last = new Map<number, number>();
      for (const pid of pidsOf()) {
        const cpu = pid ? cpuMsOf(pid) : undefined;
        if (pid && cpu !== undefined) last.set(pid, cpu);
      }
      this.state.set(name, { last, cpuMs: 0, peak: 0, rssMax: 0, rssEnd: 0, seen: new Set(last.keys()) });
    }
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  private sample(): void {
    const now = performance.now();
    const dt = now - this.lastAt;
    this.lastAt = now;
    for (const [name, pidsOf] of Object.entries(this.groups)) {
      const s = this.state.get(name)!;
      let delta = 0;
      let rss = 0;
      for (const pid of pidsOf()) {
        if (!pid) continue;
        const cpu = cpuMsOf(pid);
        if (cpu === undefined) continue;
        // A process first seen now counts from its birth (a restarted worker's start-up is part of the cost).
        const before = s.last.get(pid) ?? (s.seen.has(pid) ? cpu : 0);
        delta += Math.max(0, cpu - before);
        s.last.set(pid, cpu);
        s.seen.add(pid);
        rss += rssKbOf(pid) ?? 0;
      }
      s.cpuMs += delta;
      if (dt > 0) s.peak = Math.max(s.peak, (delta / dt) * 100);
      s.rssMax = Math.max(s.rssMax, rss);
      s.rssEnd = rss;
    }
  }

  stop(): TResourceUse {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const ms = performance.now() - this.started;
    const groups: Record<string, TGroupUse> = {};
    let ours = 0;
    for (const [name, s] of this.state) {
      ours += s.cpuMs;
      groups[name] = {
        cpuMs: Math.round(s.cpuMs),
        cpuPercent: Math.round((s.cpuMs / ms) * 1000) / 10,
        cpuPeakPercent: Math.round(s.peak),
        rssMaxMb: Math.round(s.rssMax / 1024),
        rssEndMb: Math.round(s.rssEnd / 1024),
        pids: s.seen.size,
      };
    }
    const machine1 = machineBusyMs();
    const others = this.machine0 !== undefined && machine1 !== undefined ? Math.max(0, machine1 - this.machine0 - ours) : undefined;
    return {
      seconds: Math.round(ms / 100) / 10,
      groups,
      ...(others === undefined ? {} : { othersCpuPercent: Math.round((others / ms) * 1000) / 10 }),
      cpus: navigatorCpus(),
    };
  }
}

function navigatorCpus(): number {
  try {
    return fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length;
  } catch {
    return 0;
  }
}
