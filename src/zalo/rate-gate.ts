import type { Redis } from 'ioredis';
import type { Logger } from '../log.ts';

/**
 * Zalo limits requests per OA (about 4,000 a minute, -32 beyond), whatever they carry. The outbound queue's limiter
 * counts jobs, and one job may make several requests (a procedure card is four messages; a file is an upload and
 * a send; a message cut short is first looked up), so at OUTBOUND_RATE_PER_MINUTE jobs a minute the OA still went
 * over Zalo's limit and got -32 storms (found by the reliability suite). This gate makes every OA API request take
 * a slot: at most ⌊perMinute / 60⌋ requests in each second of Redis's clock, shared by every process of the OA, so
 * at most perMinute × 61/60 in any sliding minute. It fails open: without Redis the request goes, and the -32
 * handling remains behind it.
 */

const SCRIPT = `
local t = redis.call('TIME')
local k = KEYS[1] .. ':' .. t[1]
local n = redis.call('INCR', k)
if n == 1 then redis.call('PEXPIRE', k, 2000) end
if n <= tonumber(ARGV[1]) then return 0 end
return 1000 - math.floor(tonumber(t[2]) / 1000)
`;

/** Waits in a loop this many times at most (about as many seconds), then lets the request go. */
const MAX_WAITS = 300;

export function createRateGate(redis: Redis, key: string, perMinute: number, log?: Logger): () => Promise<void> {
  const perSecond = Math.max(1, Math.floor(perMinute / 60));
  let lastWarnAt = 0;
  return async () => {
    for (let i = 0; i < MAX_WAITS; i++) {
      let waitMs: number;
      try {
        waitMs = Number(await redis.eval(SCRIPT, 1, key, perSecond));
      } catch (err) {
        if (Date.now() - lastWarnAt > 10_000) {
          lastWarnAt = Date.now();
          log?.warn({ err: (err as Error).message }, 'Zalo request rate gate unavailable: sending without it');
        }
        return;
      }
      if (!(waitMs > 0)) return;
      // Into the next second, spread a little so that the waiters of every process do not all ask at once.
      await new Promise((r) => setTimeout(r, waitMs + Math.floor(Math.random() * 25)));
    }
  };
}
