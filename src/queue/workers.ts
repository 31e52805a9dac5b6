import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { TRuntime } from '../runtime.ts';
import { createRedis } from '../redis/connections.ts';
import { handleInboundEvent } from '../services/conversation.ts';
import { FloodGuard, handleThrottledEvent } from '../services/flood-guard.ts';
import { deliverMessages, giveUp, RateLimitedError } from '../services/delivery.ts';
import { reportsDir, runReportDraft } from '../services/report-runtime.ts';
import { conversationFeedback, runFeedbackDeadlines, runStoreAttachments } from '../services/feedback-runtime.ts';
import { JOBS, jobIdOf, QUEUES, RETENTION, RETRY } from './definitions.ts';

/**
 * Both handlers are safe to repeat (decisions and sends are keyed in the database), so a job whose worker died or
 * starved for CPU several times is taken up again rather than failed for good.
 */
const MAX_STALLED = 5;

export interface TWorkers {
  inbound: Worker;
  outbound: Worker;
  tasks: Worker;
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
  const connTasks = createRedis(rt.redisUrl, 'worker', log);
  const feedback = conversationFeedback(rt);
  const flood = new FloodGuard({ redis: rt.redis, db: rt.db, log, prefix, limits: config.floodGuard });

  const inbound = new Worker(
    QUEUES.inbound,
    async (job) => {
      const event = validate(JOBS.event.schema, job);
      // A user over USER_MESSAGES_PER_MINUTE: acknowledged, not processed (src/services/flood-guard.ts).
      const verdict = await flood.admit(event);
      const { deliveries, filedWithAttachments } = !verdict.admitted ? await handleThrottledEvent(rt, event, verdict) : await handleInboundEvent({
        db: rt.db, log, handoffQuietMs: config.handoffQuietMs, deskUnit: rt.deskUnit, org: rt.org, periodRule: config.periodRule, feedback, reportsDir: reportsDir(config),
        profile: (userId) => Promise.race([
          rt.zalo.getUserDetail(userId).then((d) => d.display_name?.normalize('NFC') || undefined),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000).unref()),
        ]),
      }, event);
      for (const d of deliveries) {
        await rt.queues.outbound.add(JOBS.deliver.name, d, { jobId: jobIdOf(`${event.eventId}|${d.userId}`), ...RETRY, ...RETENTION });
      }
      for (const code of filedWithAttachments) {
        await rt.queues.tasks.add(JOBS.storeAttachments.name, { code }, { jobId: jobIdOf(`att|${code}`), ...RETRY, ...RETENTION });
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

  // Occasional work: attachment copies and the daily deadline run (a job scheduler: one run per day whatever the
  // number of instances; each reminder is also claimed in the database, so a repeated run sends nothing twice).
  const tasks = new Worker(
    QUEUES.tasks,
    async (job) => {
      if (job.name === JOBS.storeAttachments.name) {
        const { code } = validate(JOBS.storeAttachments.schema, job);
        await runStoreAttachments(rt, code, { finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
        return;
      }
      if (job.name === JOBS.feedbackDeadlines.name) return runFeedbackDeadlines(rt, new Date());
      if (job.name === JOBS.reportDraft.name) return runReportDraft(rt, new Date()).then((r) => r && { periodKey: r.periodKey, drafted: r.drafted });
      throw new UnrecoverableError(`unknown task ${job.name}`);
    },
    { connection: connTasks, prefix, concurrency: 4, lockDuration: 120_000, maxStalledCount: MAX_STALLED, autorun: true },
  );
  void rt.queues.tasks
    .upsertJobScheduler('feedback-deadlines', { pattern: config.feedback.deadlineCron, tz: 'Asia/Ho_Chi_Minh' }, { name: JOBS.feedbackDeadlines.name, data: {}, opts: { ...RETENTION } })
    .catch((err: Error) => log.warn({ err: err.message }, 'could not schedule the feedback deadline run'));
  void rt.queues.tasks
    .upsertJobScheduler('report-draft', { pattern: config.reportDraftCron, tz: 'Asia/Ho_Chi_Minh' }, { name: JOBS.reportDraft.name, data: {}, opts: { ...RETENTION } })
    .catch((err: Error) => log.warn({ err: err.message }, 'could not schedule the monthly report draft'));

  outbound.on('failed', (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) void giveUp({ db: rt.db, log }, job.data as { keys: string[] }, err.message).catch(() => {});
    else log.warn({ jobId: job.id, attempt: job.attemptsMade, err: err.message }, 'delivery failed, will retry');
  });
  inbound.on('failed', (job, err) => {
    log.error({ jobId: job?.id, attempt: job?.attemptsMade, err: err.message }, 'inbound event failed');
  });
  tasks.on('failed', (job, err) => log.warn({ job: job?.name, attempt: job?.attemptsMade, err: err.message }, 'task failed'));
  for (const w of [inbound, outbound, tasks]) w.on('error', (err) => log.warn({ err: err.message }, 'worker error'));

  return {
    inbound,
    outbound,
    tasks,
    async close() {
      await Promise.all([inbound.close(), outbound.close(), tasks.close()]);
      connIn.disconnect();
      connOut.disconnect();
      connTasks.disconnect();
    },
  };
}
