import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_PERIOD_RULE, PERIOD_RULES, type TPeriodRule } from './domain/periods.ts';

/**
 * One zod schema over the environment (design.md). A bad or missing value stops boot with a message
 * naming every problem at once.
 */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const url = (def: string) => z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).default(def));

export const DEFAULT_MINIAPP_LINK_TEMPLATE = 'https://zalo.me/s/{MINI_APP_ID}/procedure/{code}?src=qr';

/** The link a procedure's QR code encodes (spec/zalo-platform.md "QR at the counter"). */
export const ZMiniAppLinkEnv = z.object({
  MINIAPP_LINK_TEMPLATE: z.preprocess(
    emptyToUndefined,
    z.string()
      .default(DEFAULT_MINIAPP_LINK_TEMPLATE)
      .refine((t) => t.includes('{code}'), 'mẫu đường dẫn phải chứa {code}')
      .refine((t) => /^https:\/\//.test(t), 'mẫu đường dẫn phải bắt đầu bằng https://'),
  ),
  ZALO_MINI_APP_ID: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'mã mini app chỉ gồm chữ, số, - và _').optional()),
});

export const ZEnv = z
  .object({
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'production', 'test']).default('development')),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
    HOST: z.preprocess(emptyToUndefined, z.string().default('0.0.0.0')),
    PUBLIC_URL: z.preprocess(emptyToUndefined, z.url().optional()),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    DATABASE_URL: z.preprocess(emptyToUndefined, z.string().regex(/^postgres(ql)?:\/\//, 'phải là postgres://…').optional()),
    REDIS_URL: z.preprocess(emptyToUndefined, z.string().regex(/^rediss?:\/\//, 'phải là redis://…').optional()),
    REDIS_SERVER_BIN: z.preprocess(emptyToUndefined, z.string().default('redis-server')),
    QUEUE_PREFIX: z.preprocess(emptyToUndefined, z.string().regex(/^[a-z0-9:_-]+$/i).default('motcua')),
    ZALO_MODE: z.preprocess(emptyToUndefined, z.enum(['simulator', 'live']).optional()),
    ZALO_APP_ID: optionalString,
    ZALO_APP_SECRET: optionalString,
    ZALO_OA_ID: optionalString,
    ZALO_OA_SECRET_KEY: optionalString,
    ZALO_ACCESS_TOKEN: optionalString,
    ZALO_REFRESH_TOKEN: optionalString,
    ZALO_API_BASE_URL: url('https://openapi.zalo.me'),
    ZALO_OAUTH_BASE_URL: url('https://oauth.zaloapp.com'),
    ZALO_GRAPH_BASE_URL: url('https://graph.zalo.me'),
    ZALO_EVENT_MAX_AGE_HOURS: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(24)),
    SIMULATOR_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3900)),
    HANDOFF_QUIET_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().positive().default(30)),
    OUTBOUND_RATE_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(3600)),
    // Per-user flood guard: messages a citizen (an officer) may send per minute before the rest of the minute is
    // acknowledged but not processed; 0 turns it off (for officers: no limit).
    USER_MESSAGES_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(100_000).default(20)),
    OFFICER_MESSAGES_PER_MINUTE: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(100_000).default(120)),
    WORKER_CONCURRENCY: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(200).default(16)),
    WORKER_LOCK_DURATION_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1000).default(30_000)),
    SHUTDOWN_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(10_000)),
    DEFAULT_DESK_UNIT: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Z0-9-]+$/, 'mã đơn vị viết hoa, ví dụ PQ').default('PQ')),
    ORG_CONFIG_FILE: z.preprocess(emptyToUndefined, z.string().default('config/org-phu-quoc-2024.json')),
    PERIOD_RULE: z.preprocess(emptyToUndefined, z.enum(PERIOD_RULES).default(DEFAULT_PERIOD_RULE)),
    ADMIN_API_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'cần ít nhất 16 ký tự').optional()),
    ZALO_SITE_VERIFICATION: optionalString,
    ...ZMiniAppLinkEnv.shape,
    // Origins allowed to call the mini-app API from a browser (the mini-app served by Zalo), comma-separated.
    MINIAPP_CORS_ORIGINS: z.preprocess(
      emptyToUndefined,
      z.string().optional().transform((v) => (v ?? '').split(',').map((o) => o.trim()).filter(Boolean))
        .pipe(z.array(z.url({ protocol: /^https?$/ }).refine((o) => new URL(o).origin === o.replace(/\/$/, ''), 'chỉ ghi origin, ví dụ https://h5.zdn.vn'))),
    ),
    // Folder with DejaVuSans.ttf / DejaVuSans-Bold.ttf for PDFs (default: the Debian fonts-dejavu-core path).
    PDF_FONT_DIR: optionalString,
    // Feedback (PAKN): answer deadline, holidays, attachments, the answer template.
    FEEDBACK_ANSWER_WORKING_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(90).default(10)),
    HOLIDAYS_FILE: z.preprocess(emptyToUndefined, z.string().default('config/holidays-vi.json')),
    FEEDBACK_DIALOG_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(24 * 60).default(30)),
    ATTACHMENT_DIR: optionalString,
    ATTACHMENT_MAX_BYTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024)),
    ATTACHMENT_MAX_COUNT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(20).default(5)),
    ZALO_TEMPLATE_FEEDBACK_ANSWER: optionalString,
    // Zalo's consultation window: later notices need the template above (zalo-platform.md).
    ZALO_MESSAGE_WINDOW_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(30).default(7)),
    // Signs links to stored attachments (officers' photos); default: derived from ZALO_APP_SECRET.
    FILE_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, 'cần ít nhất 16 ký tự').optional()),
    // When the daily check drafts the monthly report of a period that has closed (cron, Vietnam time).
    REPORT_DRAFT_CRON: z.preprocess(emptyToUndefined, z.string().default('0 7 * * *')),
    FEEDBACK_DEADLINE_CRON: z.preprocess(emptyToUndefined, z.string().default('0 8 * * *')),
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  })
  .superRefine((env, ctx) => {
    if (env.ZALO_MODE === 'live') {
      for (const key of ['ZALO_APP_ID', 'ZALO_APP_SECRET', 'ZALO_OA_SECRET_KEY'] as const) {
        if (!env[key]) ctx.addIssue({ code: 'custom', path: [key], message: 'bắt buộc khi ZALO_MODE=live' });
      }
    }
  }, { when: () => true });
export type TEnv = z.infer<typeof ZEnv>;

export interface TConfig {
  env: TEnv['NODE_ENV'];
  port: number;
  host: string;
  publicUrl: string | undefined;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  redisServerBin: string;
  queuePrefix: string;
  zalo: {
    mode: 'simulator' | 'live';
    /** true when simulator mode was chosen because no credentials were set */
    modeDefaulted: boolean;
    appId: string;
    appSecret: string;
    oaId: string;
    oaSecretKey: string;
    accessToken: string | undefined;
    refreshToken: string | undefined;
    apiBaseUrl: string;
    oauthBaseUrl: string;
    graphBaseUrl: string;
    eventMaxAgeMs: number;
    siteVerification: string | undefined;
  };
  simulatorPort: number;
  handoffQuietMs: number;
  outboundRatePerMinute: number;
  /** per-user message limits (USER_MESSAGES_PER_MINUTE, OFFICER_MESSAGES_PER_MINUTE); 0 = off / unlimited */
  floodGuard: { perMinute: number; officerPerMinute: number };
  workerConcurrency: number;
  /** how soon a job of a dead worker is picked up again */
  workerLockDurationMs: number;
  shutdownTimeoutMs: number;
  adminApiToken: string | undefined;
  /** the unit whose officers answer "gặp cán bộ" and unrouted items */
  deskUnit: string;
  orgConfigFile: string;
  /** reporting period cut-off: decree-09-2019 (15th → 14th, default) or calendar-month */
  periodRule: TPeriodRule;
  logLevel: TEnv['LOG_LEVEL'];
  miniAppLink: { template: string; miniAppId: string | undefined };
  /** MINIAPP_CORS_ORIGINS: browser origins allowed on the mini-app API (none: same origin only) */
  miniAppCorsOrigins: string[];
  fileLinkSecret: string | undefined;
  /** cron pattern (Asia/Ho_Chi_Minh) of the daily monthly-report draft check */
  reportDraftCron: string;
  feedback: {
    answerWorkingDays: number;
    holidaysFile: string;
    dialogMs: number;
    attachmentDir: string;
    attachmentMaxBytes: number;
    attachmentMaxCount: number;
    /** Zalo template id for an answer outside the messaging window; unset → recorded as pending delivery */
    answerTemplateId: string | undefined;
    messageWindowMs: number;
    /** cron pattern (Asia/Ho_Chi_Minh) of the daily deadline reminders */
    deadlineCron: string;
  };
}

/** Dev-only credentials shared by the product and the simulator when no real ones are set. */
export const SIMULATOR_CREDENTIALS = {
  appId: '4318009912345678901',
  appSecret: 'sim-app-secret-not-for-production',
  oaId: '2960781234567890123',
  oaSecretKey: 'sim-oa-secret-key-not-for-production',
  accessToken: 'sim-initial-access-token',
  refreshToken: 'sim-initial-refresh-token',
} as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Cấu hình không hợp lệ (${problems.length} lỗi):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads ./.env when present (variables already set win); Node's own parser, no dependency. */
export function loadDotEnv(file = '.env'): void {
  if (!fs.existsSync(file)) return;
  const before = { ...process.env };
  process.loadEnvFile(file);
  for (const [k, v] of Object.entries(before)) process.env[k] = v;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): TConfig {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const hasCredentials = Boolean(e.ZALO_APP_ID && e.ZALO_APP_SECRET && e.ZALO_OA_SECRET_KEY);
  const mode = e.ZALO_MODE ?? (hasCredentials ? 'live' : 'simulator');
  const sim = mode === 'simulator';
  const simBase = `http://127.0.0.1:${e.SIMULATOR_PORT}`;
  const explicit = (key: 'ZALO_API_BASE_URL' | 'ZALO_OAUTH_BASE_URL' | 'ZALO_GRAPH_BASE_URL') =>
    typeof source[key] === 'string' && source[key]!.trim() !== '';
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisServerBin: e.REDIS_SERVER_BIN,
    queuePrefix: e.QUEUE_PREFIX,
    zalo: {
      mode,
      modeDefaulted: !e.ZALO_MODE && !hasCredentials,
      appId: e.ZALO_APP_ID ?? (sim ? SIMULATOR_CREDENTIALS.appId : ''),
      appSecret: e.ZALO_APP_SECRET ?? (sim ? SIMULATOR_CREDENTIALS.appSecret : ''),
      oaId: e.ZALO_OA_ID ?? (sim ? SIMULATOR_CREDENTIALS.oaId : ''),
      oaSecretKey: e.ZALO_OA_SECRET_KEY ?? (sim ? SIMULATOR_CREDENTIALS.oaSecretKey : ''),
      accessToken: e.ZALO_ACCESS_TOKEN ?? (sim ? SIMULATOR_CREDENTIALS.accessToken : undefined),
      refreshToken: e.ZALO_REFRESH_TOKEN ?? (sim ? SIMULATOR_CREDENTIALS.refreshToken : undefined),
      // In simulator mode the real Zalo hosts are never the default: an unset base URL points at the simulator.
      apiBaseUrl: sim && !explicit('ZALO_API_BASE_URL') ? simBase : e.ZALO_API_BASE_URL,
      oauthBaseUrl: sim && !explicit('ZALO_OAUTH_BASE_URL') ? simBase : e.ZALO_OAUTH_BASE_URL,
      graphBaseUrl: sim && !explicit('ZALO_GRAPH_BASE_URL') ? simBase : e.ZALO_GRAPH_BASE_URL,
      eventMaxAgeMs: e.ZALO_EVENT_MAX_AGE_HOURS * 3600_000,
      siteVerification: e.ZALO_SITE_VERIFICATION,
    },
    simulatorPort: e.SIMULATOR_PORT,
    handoffQuietMs: e.HANDOFF_QUIET_MINUTES * 60_000,
    outboundRatePerMinute: e.OUTBOUND_RATE_PER_MINUTE,
    floodGuard: { perMinute: e.USER_MESSAGES_PER_MINUTE, officerPerMinute: e.OFFICER_MESSAGES_PER_MINUTE },
    workerConcurrency: e.WORKER_CONCURRENCY,
    workerLockDurationMs: e.WORKER_LOCK_DURATION_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    adminApiToken: e.ADMIN_API_TOKEN,
    deskUnit: e.DEFAULT_DESK_UNIT,
    orgConfigFile: path.resolve(e.ORG_CONFIG_FILE),
    periodRule: e.PERIOD_RULE,
    logLevel: e.LOG_LEVEL,
    miniAppLink: { template: e.MINIAPP_LINK_TEMPLATE, miniAppId: e.ZALO_MINI_APP_ID },
    miniAppCorsOrigins: e.MINIAPP_CORS_ORIGINS.map((o) => o.replace(/\/$/, '')),
    fileLinkSecret: e.FILE_LINK_SECRET,
    reportDraftCron: e.REPORT_DRAFT_CRON,
    feedback: {
      answerWorkingDays: e.FEEDBACK_ANSWER_WORKING_DAYS,
      holidaysFile: path.resolve(e.HOLIDAYS_FILE),
      dialogMs: e.FEEDBACK_DIALOG_MINUTES * 60_000,
      attachmentDir: path.resolve(e.ATTACHMENT_DIR ?? path.join(e.DATA_DIR, 'files')),
      attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
      attachmentMaxCount: e.ATTACHMENT_MAX_COUNT,
      answerTemplateId: e.ZALO_TEMPLATE_FEEDBACK_ANSWER,
      messageWindowMs: e.ZALO_MESSAGE_WINDOW_DAYS * 86_400_000,
      deadlineCron: e.FEEDBACK_DEADLINE_CRON,
    },
  };
}
