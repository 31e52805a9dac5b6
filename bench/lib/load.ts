import http from 'node:http';
import autocannon from 'autocannon';
import type { TSignedBody } from './zalo-bodies.ts';

/**
 * Two ways of loading a webhook with signed bodies, both on loopback:
 * - `cannon`: autocannon (closed loop per connection; `overallRate` caps each connection at its share per second);
 * - `paced`: open loop at a constant arrival rate with node:http keep-alive, latency measured from the *scheduled*
 *   send time so that a stalled generator cannot hide queueing (no coordinated omission).
 * Both hand out bodies through `next()`, one per request, so that every request carries a distinct event.
 */
export interface TLoadResult {
  /** seconds, as measured by the tool */
  durationS: number;
  /** responses received */
  completed: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** bodies handed to the wire (a few may be in flight when a duration-bound run stops) */
  handedOut: number;
  /** per-response latency in ms (floats) */
  latencies: number[];
  /** autocannon's own figures (integer-ms histogram, coordinated-omission corrected when rate-limited) */
  tool?: { p50: number; p99: number; rpsAverage: number };
}

export function cannon(url: string, next: () => TSignedBody, opts: { connections: number; durationS: number; overallRate?: number }): Promise<TLoadResult> {
  const latencies: number[] = [];
  let handedOut = 0;
  let ok2xx = 0;
  const request: autocannon.Request = {
    method: 'POST',
    path: '/webhooks/zalo',
    setupRequest: (req) => {
      const b = next();
      handedOut++;
      return { ...req, method: 'POST', path: '/webhooks/zalo', body: b.body, headers: { 'content-type': 'application/json', 'x-zevent-signature': b.signature, 'user-agent': 'motcua-bench' } };
    },
  };
  return new Promise((resolve, reject) => {
    const inst = autocannon({
      url,
      connections: opts.connections,
      duration: opts.durationS,
      overallRate: opts.overallRate,
      timeout: 10,
      requests: [request],
    }, (err, r) => {
      if (err) return reject(err);
      resolve({
        durationS: r.duration,
        completed: r['1xx'] + r['2xx'] + r['3xx'] + r['4xx'] + r['5xx'],
        ok2xx,
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        handedOut,
        latencies,
        tool: { p50: r.latency.p50, p99: r.latency.p99, rpsAverage: r.requests.average },
      });
    });
    inst.on('response', (_client: unknown, status: number, _bytes: number, responseTime: number) => {
      latencies.push(responseTime);
      if (status >= 200 && status < 300) ok2xx++;
    });
  });
}

export async function paced(url: string, next: () => TSignedBody, opts: { rate: number; durationS: number; maxSockets?: number }): Promise<TLoadResult> {
  const target = new URL('/webhooks/zalo', url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 64 });
  const total = Math.round(opts.rate * opts.durationS);
  const latencies: number[] = [];
  let sent = 0;
  let completed = 0;
  let ok2xx = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  const t0 = performance.now();
  const interval = 1000 / opts.rate;

  const fire = (scheduledAt: number) => {
    const b = next();
    const req = http.request({
      agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', timeout: 10_000,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b.body), 'x-zevent-signature': b.signature, 'user-agent': 'motcua-bench' },
    }, (res) => {
      res.resume();
      res.once('end', () => {
        latencies.push(performance.now() - scheduledAt);
        completed++;
        if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) ok2xx++; else non2xx++;
      });
    });
    req.once('timeout', () => { timeouts++; req.destroy(new Error('timeout')); });
    req.once('error', () => { errors++; completed++; });
    req.end(b.body);
  };

  await new Promise<void>((resolve) => {
    const deadline = t0 + opts.durationS * 1000 + 15_000;
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - t0) / interval) + 1);
      while (sent < due) fire(t0 + sent++ * interval);
      if ((sent >= total && completed >= total) || now > deadline) return resolve();
      setTimeout(tick, 1);
    };
    tick();
  });
  agent.destroy();
  return { durationS: (performance.now() - t0) / 1000, completed, ok2xx, non2xx, errors, timeouts, handedOut: sent, latencies };
}
