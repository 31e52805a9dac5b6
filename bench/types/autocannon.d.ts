/**
 * The part of autocannon@8 the benchmarks use (the package ships no types and @types/autocannon is not installed).
 * Shapes follow node_modules/autocannon/lib/{run,httpClient,aggregateResult}.js.
 */
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      /** called before every request this entry produces (per client); return the request to send */
      setupRequest?: (req: Request, context: Record<string, unknown>) => Request | null | undefined;
      onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => void;
    }
    interface Options {
      url: string;
      connections?: number;
      /** seconds */
      duration?: number;
      amount?: number;
      pipelining?: number;
      /** seconds */
      timeout?: number;
      /** requests per second over all connections (split per connection, each connection bursts up to its share every second) */
      overallRate?: number;
      connectionRate?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      requests?: Request[];
      setupClient?: (client: EventEmitter) => void;
      ignoreCoordinatedOmission?: boolean;
      excludeErrorStats?: boolean;
      renderProgressBar?: boolean;
      renderResultsTable?: boolean;
      title?: string;
    }
    interface Histogram {
      average: number;
      mean: number;
      stddev: number;
      min: number;
      max: number;
      total: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
      p99_9: number;
    }
    interface Result {
      title?: string;
      url: string;
      connections: number;
      /** seconds */
      duration: number;
      errors: number;
      timeouts: number;
      mismatches: number;
      non2xx: number;
      resets: number;
      '1xx': number;
      '2xx': number;
      '3xx': number;
      '4xx': number;
      '5xx': number;
      statusCodeStats: Record<string, { count: number }>;
      /** milliseconds (integer buckets) */
      latency: Histogram & { totalCount: number };
      /** requests per second sample */
      requests: Histogram & { sent: number };
      throughput: Histogram;
    }
    interface Instance extends EventEmitter {
      stop(): void;
    }
  }

  function autocannon(opts: autocannon.Options, cb: (err: Error | null, result: autocannon.Result) => void): autocannon.Instance;
  export = autocannon;
}
