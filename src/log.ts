import pino, { type Logger } from 'pino';
import { maskPersonalData } from './domain/privacy.ts';

export type { Logger };

const SECRET_KEYS = /^(access_?token|refresh_?token|secret_?key|app_?secret|oa_?secret_?key|authorization|password|appsecret_proof|token|x-zevent-signature)$/i;

/** Deep copy with secrets replaced and phone/ID numbers masked in every string. */
function scrub(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[depth]';
  if (typeof value === 'string') return maskPersonalData(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: maskPersonalData(value.message), stack: value.stack ? maskPersonalData(value.stack) : undefined, code: (value as { code?: unknown }).code };
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.test(k) ? '[redacted]' : scrub(v, depth + 1);
    return out;
  }
  return value;
}

export function createLogger(level: string, name = 'motcua', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name,
      level,
      formatters: { log: (obj) => scrub(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          // Masks the message string too: pino does not pass it through formatters.log.
          const masked = args.map((a) => (typeof a === 'string' ? maskPersonalData(a) : a)) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
      serializers: { err: (e: unknown) => scrub(e) },
    },
    destination,
  );
}
