import { z } from 'zod';

/** Fault description as accepted by inject() and POST /_sim/faults. */
export const ZFault = z.object({
  endpoint: z.string().startsWith('/').optional(),
  error: z.number().int().optional(),
  httpStatus: z.number().int().min(400).max(599).optional(),
  delayMs: z.number().min(0).max(300_000).optional(),
  networkError: z.boolean().optional(),
  // JSON has no Infinity: over HTTP, "Infinity" or null mean "until cleared" (zod's number refuses Infinity).
  times: z.preprocess(
    (v) => (v === Infinity || v === null ? 'Infinity' : v),
    z.union([z.number().int().positive(), z.literal('Infinity')]).optional(),
  ).transform((v) => (v === 'Infinity' ? Infinity : v)),
  userId: z.string().min(1).optional(),
});

/** Trouble reaching the bot, as opposed to the bot answering with an error status. */
export class SimulatorError extends Error {
  constructor(readonly code: 'webhook-not-configured' | 'webhook-unreachable', message: string) {
    super(message);
    this.name = 'SimulatorError';
  }
}
