import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { TRuntime } from '../runtime.ts';
import { createRedis } from '../redis/connections.ts';
import { handleInboundEvent } from '../services/conversation.ts';
import { deliverMessages, giveUp, RateLimitedError } from '../services/delivery.ts';
import { JOBS, jobIdOf, QUEUES, RETENTION, RETRY } from './definitions.ts';

/**
 * Both handlers are safe to repeat (decisions and sends are keyed in the database), so a job whose worker died or
 * starved for CPU several times is taken up again rather than failed for good.
 */
const MAX_STALLED = 5;

export interface TWorkers {
  inbound: Worker;
  outbound: Worker;
  close(): Promise<void>;
}

function validate<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } } }, job: Job): T {
  const r = schema.safeParse(job.data);
  // A payload that does not validate will never validate: fail it for good instead of retrying.
  if (!r.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${r.error.message}`);
  return r.data;
}

export function startWorkers(rt: TRuntime): TWorkers {
  const { config, log } = rt;
  const prefix = config.queuePrefix;
  const connIn = createRedis(rt.redisUrl, 'worker', log);
  const connOut = createRedis(rt.redisUrl, 'worker', log);

  const inbound = new Worker(
    QUEUES.inbound,
    async (job) => {
      const event = validate(JOBS.event.schema, job);
      const deliveries = await handleInboundEvent({
        db: rt.db, log, handoffQuietMs: config.handoffQuietMs, deskUnit: rt.deskUnit, org: rt.org, periodRule: config.periodRule,
        profile: (userId) => Promise.race([
          rt.zalo.getUserDetail(userId).then((d) => d.display_name?.normalize('NFC') || undefined),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000).unref()),
        ]),
      }, event);
      for (const d of deliveries) {
        await rt.queues.outbound.add(JOBS.deliver.name, d, { jobId: jobIdOf(`${event.eventId}|${d.userId}`), ...RETRY, ...RETENTION });
      }
      return { deliveries: deliveries.length };
    },
    { connection: connIn, prefix, concurrency: config.workerConcurrency, lockDuration: config.workerLockDurationMs, stalledInterval: config.workerLockDurationMs, maxStalledCount: MAX_STALLED, autorun: true },
  );

  const perSecond = Math.max(1, Math.floor(config.outboundRatePerMinute / 60));
  const outbound: Worker = new Worker(
    QUEUES.outbound,
    async (job) => {
      const data = validate(JOBS.deliver.schema, job);
      try {
        await deliverMessages({ db: rt.db, log, zalo: rt.zalo }, data);
      } catch (err) {
        if (err instanceof RateLimitedError) {
          await outbound.rateLimit(err.retryAfterMs);
          throw Worker.RateLimitError();
        }
        throw err;
      }
    },
    // The limiter keeps the whole fleet under Zalo's per-OA rate, shared through Redis across instances.
    { connection: connOut, prefix, concurrency: config.workerConcurrency, lockDuration: config.workerLockDurationMs, stalledInterval: config.workerLockDurationMs, maxStalledCount: MAX_STALLED, limiter: { max: perSecond, duration: 1000 }, autorun: true },
  );

  outbound.on('failed', (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) void giveUp({ db: rt.db, log }, job.data as { keys: string[] }, err.message).catch(() => {});
    else log.warn({ jobId: job.id, attempt: job.attemptsMade, err: err.message }, 'delivery failed, will retry');
  });
  inbound.on('failed', (job, err) => {
    log.error({ jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'inbound event failed');
  });
  for (const w of [inbound, outbound]) w.on('error', (err) => log.warn({ err: err.message }, 'worker error'));

  return {
    inbound,
    outbound,
    async close() {
      await Promise.all([inbound.close(), outbound.close()]);
      connIn.disconnect();
      connOut.disconnect();
    },
  };
}
