import { randomBytes, createHash } from 'node:crypto';
import { newNumericId, newToken, vietnameseNameFor } from './ids.ts';
import type { TDraft } from './message-rules.ts';
import type { TFault, TInboundRecord, TSentFilter, TSentMessage, TSimStats, TSimUser } from './types.ts';

/**
 * Everything the simulator remembers, in memory, with no HTTP in it: tokens, citizens, what the OA sent,
 * faults, the rate window and counters. One instance per simulator.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
export const REFRESH_TOKEN_TTL_MS = 90 * DAY; // "3 months"
export const UPLOAD_TTL_MS = 7 * DAY;
export const INTERACTION_WINDOW_MS = 7 * DAY;
export const MINIAPP_TOKEN_TTL_SEC = 3600;
const AUTH_CODE_TTL_MS = 10 * MINUTE;
/** Records kept per log; long benchmarks must not grow memory without bound (stats keep counting). */
export const MAX_RECORDS = 100_000;

function trim<T>(log: T[]): void {
  // Amortised: drop a tenth at once rather than shifting on every insert.
  if (log.length > MAX_RECORDS) log.splice(0, log.length - Math.floor(MAX_RECORDS * 0.9));
}

export type TTokenCheck = { ok: true } | { ok: false; error: -216 | -124; message: string };
export type TRefreshResult =
  | { ok: true; accessToken: string; refreshToken: string }
  | { ok: false; reason: 'unknown' | 'already-used' | 'expired' };

interface TUpload { kind: 'image' | 'file'; name: string; mime: string; bytes: Buffer; expiresAt: number }
interface TWaiter { predicate: (m: TSentMessage) => boolean; resolve: (m: TSentMessage) => void }
interface TFaultSlot { id: string; fault: TFault; remaining: number }

function emptyStats(): TSimStats {
  return {
    requests: 0, byEndpoint: {}, byError: {}, byHttpStatus: {}, refreshes: 0, refreshFailures: 0, codeExchanges: 0,
    faultsApplied: 0, rateLimited: 0, sent: 0, webhook: { delivered: 0, failed: 0, slow: 0, byStatus: {} },
  };
}
const bump = (m: Record<string, number>, key: string) => { m[key] = (m[key] ?? 0) + 1; };

export class SimState {
  readonly initialAccessToken: string;
  readonly initialRefreshToken: string;
  readonly accessTokenTtlMs: number;
  rateLimitPerMinute: number;

  epoch = randomBytes(6).toString('hex');
  private seq = 0;
  private lastTimestamp = 0;
  private accessTokens = new Map<string, number>(); // token → expiresAt
  private refreshTokens = new Map<string, { expiresAt: number; used: boolean }>();
  private authCodes = new Map<string, { expiresAt: number; codeChallenge?: string }>();
  private miniAppTokens = new Map<string, { userId: string; expiresAt: number }>();
  private usersById = new Map<string, TSimUser>();
  private uploads = new Map<string, TUpload>();
  private rateWindow: number[] = [];
  private faultSlots: TFaultSlot[] = [];
  private waiters = new Set<TWaiter>();
  readonly sentLog: TSentMessage[] = [];
  readonly inboundLog: TInboundRecord[] = [];
  counters: TSimStats = emptyStats();
  private current = { accessToken: '', refreshToken: '' };

  constructor(opts: { accessToken?: string; refreshToken?: string; accessTokenTtlSec?: number; rateLimitPerMinute?: number }) {
    this.initialAccessToken = opts.accessToken ?? newToken('sim-at-');
    this.initialRefreshToken = opts.refreshToken ?? newToken('sim-rt-');
    this.accessTokenTtlMs = (opts.accessTokenTtlSec ?? 90_000) * 1000;
    this.rateLimitPerMinute = opts.rateLimitPerMinute ?? 4000;
    this.installInitialPair();
  }

  private installInitialPair(): void {
    const now = Date.now();
    this.accessTokens.set(this.initialAccessToken, now + this.accessTokenTtlMs);
    this.refreshTokens.set(this.initialRefreshToken, { expiresAt: now + REFRESH_TOKEN_TTL_MS, used: false });
    this.current = { accessToken: this.initialAccessToken, refreshToken: this.initialRefreshToken };
  }

  nextSeq(): number { return ++this.seq; }
  lastSeq(): number { return this.seq; }

  /** Event timestamps (ms strings) strictly increase, so hash-based event ids never collide within a run. */
  nextTimestamp(): string {
    this.lastTimestamp = Math.max(Date.now(), this.lastTimestamp + 1);
    return String(this.lastTimestamp);
  }

  // ---- OA tokens -------------------------------------------------------------------------------------------
  currentTokens(): { accessToken: string; refreshToken: string } { return { ...this.current }; }

  checkAccessToken(token: string | undefined): TTokenCheck {
    if (!token) return { ok: false, error: -216, message: 'Access token is invalid (missing access_token header)' };
    const exp = this.accessTokens.get(token);
    if (exp === undefined) return { ok: false, error: -216, message: 'Access token is invalid' };
    if (exp <= Date.now()) return { ok: false, error: -124, message: 'Access token has expired' };
    return { ok: true };
  }

  /** Issues a new pair; every earlier refresh token dies (single use, one live pair per OA). */
  private issuePair(): { accessToken: string; refreshToken: string } {
    const now = Date.now();
    for (const rt of this.refreshTokens.values()) rt.used = true;
    const accessToken = newToken('sim-at-');
    const refreshToken = newToken('sim-rt-');
    this.accessTokens.set(accessToken, now + this.accessTokenTtlMs);
    this.refreshTokens.set(refreshToken, { expiresAt: now + REFRESH_TOKEN_TTL_MS, used: false });
    this.current = { accessToken, refreshToken };
    return { accessToken, refreshToken };
  }

  refresh(refreshToken: string): TRefreshResult {
    const rt = this.refreshTokens.get(refreshToken);
    if (!rt) { this.counters.refreshFailures++; return { ok: false, reason: 'unknown' }; }
    if (rt.used) { this.counters.refreshFailures++; return { ok: false, reason: 'already-used' }; }
    if (rt.expiresAt <= Date.now()) { this.counters.refreshFailures++; return { ok: false, reason: 'expired' }; }
    this.counters.refreshes++;
    return { ok: true, ...this.issuePair() };
  }

  issueAuthCode(codeChallenge?: string): string {
    const code = newToken('sim-code-');
    this.authCodes.set(code, { expiresAt: Date.now() + AUTH_CODE_TTL_MS, codeChallenge });
    return code;
  }

  /** authorization_code grant; PKCE S256 checked when the code was issued with a challenge. */
  exchangeCode(code: string, codeVerifier: string | undefined): TRefreshResult | { ok: false; reason: 'bad-verifier' } {
    const c = this.authCodes.get(code);
    if (!c || c.expiresAt <= Date.now()) return { ok: false, reason: 'unknown' };
    if (c.codeChallenge) {
      const expected = createHash('sha256').update(codeVerifier ?? '').digest('base64url');
      if (expected !== c.codeChallenge) return { ok: false, reason: 'bad-verifier' };
    }
    this.authCodes.delete(code); // single use
    this.counters.codeExchanges++;
    return { ok: true, ...this.issuePair() };
  }

  expireAccessTokens(): void {
    const past = Date.now() - 1;
    for (const t of this.accessTokens.keys()) this.accessTokens.set(t, past);
  }

  // ---- mini-app tokens (graph /me) ---------------------------------------------------------------------------
  issueMiniAppToken(userId: string): { accessToken: string; user: TSimUser; expiresIn: number } {
    const user = this.ensureUser(userId);
    const accessToken = newToken('sim-mini-');
    this.miniAppTokens.set(accessToken, { userId: user.userId, expiresAt: Date.now() + MINIAPP_TOKEN_TTL_SEC * 1000 });
    return { accessToken, user, expiresIn: MINIAPP_TOKEN_TTL_SEC };
  }
  miniAppUser(token: string): TSimUser | undefined {
    const t = this.miniAppTokens.get(token);
    if (!t || t.expiresAt <= Date.now()) return undefined;
    return this.usersById.get(t.userId);
  }

  // ---- citizens ---------------------------------------------------------------------------------------------
  user(userId: string): TSimUser | undefined { return this.usersById.get(userId); }
  users(): TSimUser[] { return [...this.usersById.values()]; }

  createUser(input: { userId?: string; name?: string; follower?: boolean } = {}): TSimUser {
    const existing = input.userId ? this.usersById.get(input.userId) : undefined;
    if (existing) {
      if (input.name && input.name.trim()) existing.name = input.name.trim().normalize('NFC');
      return existing;
    }
    const userId = input.userId ?? newNumericId();
    const user: TSimUser = {
      userId,
      appUserId: newNumericId(),
      name: input.name?.trim() ? input.name.trim().normalize('NFC') : vietnameseNameFor(userId),
      follower: input.follower ?? false,
      lastInteractionAt: null,
      createdAt: new Date().toISOString(),
    };
    this.usersById.set(userId, user);
    return user;
  }
  ensureUser(userId: string): TSimUser { return this.usersById.get(userId) ?? this.createUser({ userId }); }

  touch(userId: string, at = new Date()): TSimUser {
    const u = this.ensureUser(userId);
    u.lastInteractionAt = at.toISOString();
    return u;
  }
  setLastInteraction(userId: string, at: Date | null): void {
    this.ensureUser(userId).lastInteractionAt = at ? at.toISOString() : null;
  }
  /** Consultation messages need an interaction within the last 7 days. */
  withinWindow(userId: string, now = Date.now()): boolean {
    const u = this.usersById.get(userId);
    if (!u?.lastInteractionAt) return false;
    return now - Date.parse(u.lastInteractionAt) <= INTERACTION_WINDOW_MS;
  }

  // ---- uploads ----------------------------------------------------------------------------------------------
  addUpload(kind: 'image' | 'file', name: string, mime: string, bytes: Buffer): string {
    // Attachment ids look like Zalo's opaque strings; file tokens are longer.
    const id = kind === 'image' ? randomBytes(20).toString('base64url') : randomBytes(36).toString('base64url');
    this.uploads.set(id, { kind, name, mime, bytes, expiresAt: Date.now() + UPLOAD_TTL_MS });
    return id;
  }
  upload(id: string, kind?: 'image' | 'file'): TUpload | undefined {
    const u = this.uploads.get(id);
    if (!u || u.expiresAt <= Date.now() || (kind && u.kind !== kind)) return undefined;
    return u;
  }

  // ---- rate limit ------------------------------------------------------------------------------------------
  /** Sliding 60 s window over OA API requests; refused requests do not take a slot. */
  takeRateSlot(now = Date.now()): boolean {
    while (this.rateWindow.length > 0 && this.rateWindow[0]! <= now - MINUTE) this.rateWindow.shift();
    if (this.rateWindow.length >= this.rateLimitPerMinute) { this.counters.rateLimited++; return false; }
    this.rateWindow.push(now);
    return true;
  }

  // ---- faults ----------------------------------------------------------------------------------------------
  addFault(fault: TFault): string {
    const id = randomBytes(4).toString('hex');
    const times = fault.times ?? 1;
    this.faultSlots.push({ id, fault: { ...fault, times }, remaining: times });
    return id;
  }
  faults(): Array<TFault & { id: string; remaining: number }> {
    return this.faultSlots.map((s) => ({ ...s.fault, id: s.id, remaining: s.remaining }));
  }
  clearFaults(): void { this.faultSlots = []; }
  /** The first queued fault matching this request, consumed once. */
  takeFault(path: string, userId: string | undefined): TFault | undefined {
    const slot = this.faultSlots.find((s) =>
      (s.fault.endpoint === undefined || path.startsWith(s.fault.endpoint))
      && (s.fault.userId === undefined || s.fault.userId === userId));
    if (!slot) return undefined;
    slot.remaining -= 1;
    if (slot.remaining <= 0) this.faultSlots = this.faultSlots.filter((s) => s !== slot);
    this.counters.faultsApplied++;
    return slot.fault;
  }

  // ---- recording --------------------------------------------------------------------------------------------
  countRequest(path: string): void { this.counters.requests++; bump(this.counters.byEndpoint, path); }
  countAnswer(error: number | undefined, httpStatus: number): void {
    bump(this.counters.byHttpStatus, String(httpStatus));
    if (error !== undefined) bump(this.counters.byError, String(error));
  }
  countDelivery(status: number | undefined, durationMs: number): void {
    const w = this.counters.webhook;
    if (status === undefined) { w.failed++; return; }
    bump(w.byStatus, String(status));
    if (status >= 200 && status < 300) w.delivered++; else w.failed++;
    if (durationMs > 2000) w.slow++; // Zalo wants an answer within 2 s
  }

  record(userId: string, draft: TDraft, meta: { endpoint: string; source: 'api' | 'console'; messageId: string }): TSentMessage {
    const msg: TSentMessage = {
      seq: this.nextSeq(), message_id: meta.messageId, endpoint: meta.endpoint, source: meta.source, userId,
      ...draft, at: new Date().toISOString(),
    };
    this.sentLog.push(msg);
    trim(this.sentLog);
    this.counters.sent++;
    for (const w of [...this.waiters]) {
      if (w.predicate(msg)) { this.waiters.delete(w); w.resolve(msg); }
    }
    return msg;
  }
  recordInbound(rec: Omit<TInboundRecord, 'seq' | 'at'>): TInboundRecord {
    const full: TInboundRecord = { ...rec, seq: this.nextSeq(), at: new Date().toISOString() };
    this.inboundLog.push(full);
    trim(this.inboundLog);
    return full;
  }

  sent(filter?: TSentFilter): TSentMessage[] {
    if (!filter) return [...this.sentLog];
    if (typeof filter === 'function') return this.sentLog.filter(filter);
    return this.sentLog.filter((m) =>
      (filter.userId === undefined || m.userId === filter.userId)
      && (filter.kind === undefined || m.kind === filter.kind)
      && (filter.endpoint === undefined || m.endpoint === filter.endpoint)
      && (filter.after === undefined || m.seq > filter.after));
  }

  waitFor(predicate: (m: TSentMessage) => boolean, timeoutMs: number): Promise<TSentMessage> {
    const already = this.sentLog.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter: TWaiter = {
        predicate,
        resolve: (m) => { clearTimeout(timer); resolve(m); },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const recent = this.sentLog.slice(-5).map((m) => `#${m.seq} ${m.kind} to ${m.userId}: ${(m.text ?? '').slice(0, 60)}`);
        reject(new Error(`simulator.waitFor: no matching message within ${timeoutMs} ms; last sent: ${recent.join(' | ') || 'nothing'}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  stats(): TSimStats { return structuredClone(this.counters); }

  reset(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.authCodes.clear();
    this.miniAppTokens.clear();
    this.usersById.clear();
    this.uploads.clear();
    this.rateWindow = [];
    this.faultSlots = [];
    this.sentLog.length = 0;
    this.inboundLog.length = 0;
    this.counters = emptyStats();
    this.epoch = randomBytes(6).toString('hex');
    this.installInitialPair();
    // Pending waiters keep waiting: a message recorded after the reset may still satisfy them.
  }
}
