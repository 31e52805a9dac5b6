import { z } from 'zod';
import { ZInboundEvent } from '../zalo/events.ts';

/**
 * Queue names and jobs as data: {name, schema}. Payloads are re-validated in the worker; one that fails is an
 * UnrecoverableError, never a retry. Handlers are bound in workers.ts.
 */
export const QUEUES = { inbound: 'inbound', outbound: 'outbound', tasks: 'tasks' } as const;

export const ZDeliverJob = z.object({
  userId: z.string().min(1),
  /** outbound_messages idempotency keys, sent in this order */
  keys: z.array(z.string().min(1)).min(1),
});
export type TDeliverJob = z.infer<typeof ZDeliverJob>;

/** Copy a filed feedback item's attachments from Zalo's expiring links into storage. */
export const ZStoreAttachmentsJob = z.object({ code: z.string().min(1) });
/** The daily feedback deadline run (reminders and overdue alerts); `at` only names the run. */
export const ZDeadlinesJob = z.object({}).loose();

export const JOBS = {
  event: { queue: QUEUES.inbound, name: 'event', schema: ZInboundEvent },
  deliver: { queue: QUEUES.outbound, name: 'deliver', schema: ZDeliverJob },
  storeAttachments: { queue: QUEUES.tasks, name: 'store-attachments', schema: ZStoreAttachmentsJob },
  feedbackDeadlines: { queue: QUEUES.tasks, name: 'feedback-deadlines', schema: ZDeadlinesJob },
  /** The daily check that drafts the report of a period that has closed (once, whatever the instances). */
  reportDraft: { queue: QUEUES.tasks, name: 'report-draft', schema: ZDeadlinesJob },
} as const satisfies Record<string, { queue: string; name: string; schema: z.ZodType }>;

/** Exponential backoff with jitter: many failed jobs must not retry in lock-step. */
export const RETRY = {
  attempts: 10,
  backoff: { type: 'exponential' as const, delay: 1000, jitter: 0.5 },
};

/**
 * Completed jobs are kept 48 h: a job id is the event id, so a Zalo retry of the same event within that window
 * finds the job and adds nothing. The processed_events table is the durable guard behind it.
 */
export const RETENTION = {
  // The count bounds Redis memory in a flood (about 1 KB a job); processed_events guards beyond it.
  removeOnComplete: { age: 48 * 3600, count: 50_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/** BullMQ job ids may not contain ':' in custom ids; event ids are mapped to a safe form. */
export function jobIdOf(key: string): string {
  return key.replace(/:/g, '_');
}
