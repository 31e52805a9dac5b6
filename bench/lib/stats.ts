import fs from 'node:fs';

/** Small helpers shared by the benchmarks: percentiles, CPU time of a process, a plain-text table. */

export interface TLatency {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of latencies in ms (floats, not histogram buckets). */
export function latencyOf(values: ArrayLike<number>): TLatency {
  const a = Float64Array.from(values as ArrayLike<number>).sort();
  const n = a.length;
  if (n === 0) return { count: 0, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN, mean: Number.NaN };
  const at = (p: number) => a[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
  let sum = 0;
  for (const v of a) sum += v;
  return { count: n, p50: at(50), p95: at(95), p99: at(99), max: a[n - 1]!, mean: sum / n };
}

export const round = (v: number, digits = 2): number => (Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : v);

const CLK_TCK = 100; // sysconf(_SC_CLK_TCK) on Linux x86-64 and arm64

/** User+system CPU time of a process in ms from /proc (Linux); undefined when unavailable. */
export function cpuMsOf(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/** Busy CPU ms of the whole machine (all cores: user, nice, system, irq, softirq, steal) from /proc/stat. */
export function machineBusyMs(): number | undefined {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = f;
    return ((user + nice + system + irq + softirq + steal) * 1000) / CLK_TCK;
  } catch {
    return undefined;
  }
}

/**
 * CPU ms used by each named process between two calls of the returned function, plus `others`: the rest of the
 * machine's busy time (other people's processes, forks such as a redis AOF rewrite, the kernel's own threads).
 */
export function cpuMeter(pids: Record<string, number | undefined>): () => Record<string, number | undefined> {
  const start = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMsOf(pid)]));
  const machine0 = machineBusyMs();
  return () => {
    const used: Record<string, number | undefined> = Object.fromEntries(Object.entries(pids).map(([k, pid]) => {
      const a = start[k];
      const b = cpuMsOf(pid);
      return [k, a === undefined || b === undefined ? undefined : b - a];
    }));
    const machine1 = machineBusyMs();
    if (machine0 !== undefined && machine1 !== undefined) {
      used.others = Math.max(0, machine1 - machine0 - Object.values(used).reduce<number>((a, v) => a + (v ?? 0), 0));
    }
    return used;
  };
}

export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? fmt(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? '').length)));
  const line = (r: (string | number)[]) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
  return [line(cells[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}
