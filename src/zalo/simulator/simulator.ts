import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { signatureHeader } from '../signature.ts';
import { controlRoutes } from './control-routes.ts';
import { SimulatorError, ZFault } from './errors.ts';
import {
  buildFollow, buildOaSend, buildUserClickChatNow, buildUserReceivedMessage, buildUserSeenMessage, buildUserSendFile,
  buildUserSendImage, buildUserSendLocation, buildUserSendMedia, buildUserSendText, buildUserSubmitInfo,
  type TEventContext, type TFileInput, type TMediaKind, type TSubmitInfo, type TZaloEvent,
} from './event-builders.ts';
import { newMsgId } from './ids.ts';
import { sampleFiles } from './sample-files.ts';
import { SimState } from './state.ts';
import type {
  TDelivery, TFault, TInboundRecord, TPostRawOptions, TSentFilter, TSentMessage, TSimStats, TSimUser, TSimulatorOptions,
} from './types.ts';
import { zaloErrorHandler, zaloRoutes } from './zalo-routes.ts';

export { defaultSimulatorCredentials } from './credentials.ts';
export { SimulatorError, ZFault } from './errors.ts';
export type * from './types.ts';

/** A local, real-HTTP stand-in for Zalo (spec/zalo-platform.md): OA API, OAuth, graph, and the webhook sender. */
export interface Simulator {
  /** e.g. http://127.0.0.1:3900 — use it as the OA API, OAuth and graph base URL alike. */
  readonly url: string;
  readonly port: number;
  readonly chatUrl: string;
  readonly appId: string;
  readonly oaId: string;
  webhookUrl: string | undefined;
  echo: boolean;

  /** The live token pair (after refreshes, the newest). */
  tokens(): { accessToken: string; refreshToken: string };
  createUser(input?: { userId?: string; name?: string; follower?: boolean }): TSimUser;
  user(userId: string): TSimUser | undefined;
  users(): TSimUser[];
  setLastInteraction(userId: string, at: Date | null): void;

  // Events to the bot: built like webhooks/*.json, signed, POSTed to webhookUrl. Each counts as an interaction.
  sendText(userId: string, text: string, opts?: { hidden?: boolean }): Promise<TDelivery>;
  sendImage(userId: string, urls: string[], text?: string): Promise<TDelivery>;
  sendFile(userId: string, file: TFileInput): Promise<TDelivery>;
  sendLocation(userId: string, latitude: number, longitude: number): Promise<TDelivery>;
  sendMedia(userId: string, kind: TMediaKind, url?: string): Promise<TDelivery>;
  follow(userId: string): Promise<TDelivery>;
  unfollow(userId: string): Promise<TDelivery>;
  clickChatNow(userId: string): Promise<TDelivery>;
  submitInfo(userId: string, info: TSubmitInfo): Promise<TDelivery>;
  /** Delivery receipts (sender = OA); not an interaction. */
  sendReceived(userId: string, msgId: string): Promise<TDelivery>;
  sendSeen(userId: string, msgIds: string[]): Promise<TDelivery>;
  /** A human agent typing in the OA console: recorded as sent (endpoint "console") and echoed as oa_send_text. */
  consoleReply(userId: string, text: string): Promise<TDelivery>;
  /** Signs and posts any event object as is (no state change). */
  postEvent(event: TZaloEvent): Promise<TDelivery>;
  /** Posts a raw body (string bytes as given) with control over the signature header. */
  postRaw(body: string | object, opts?: TPostRawOptions): Promise<{ status: number; body: unknown }>;

  /** Everything the OA sent, oldest first. */
  sent(filter?: TSentFilter): TSentMessage[];
  inbound(userId?: string): TInboundRecord[];
  /** Cursor: the seq of the newest record; `waitFor(m => m.seq > mark && …)` waits for new ones only. */
  lastSeq(): number;
  /** Resolves with the first recorded message (already sent or future) matching predicate. */
  waitFor(predicate: (m: TSentMessage) => boolean, timeoutMs?: number): Promise<TSentMessage>;
  stats(): TSimStats;

  inject(fault: TFault): string;
  faults(): Array<TFault & { id: string; remaining: number }>;
  clearFaults(): void;
  /** Every access token issued so far becomes expired (-124 until a refresh). */
  expireAccessToken(): void;
  /** An OAuth code for grant_type=authorization_code; with a PKCE S256 challenge when given. */
  issueAuthorizationCode(codeChallenge?: string): string;
  /** A mini-app user token for graph /me (the user is created if needed). */
  issueMiniAppToken(userId: string): { accessToken: string; appUserId: string; userId: string; expiresIn: number };
  /** Forgets users, messages, faults, stats, uploads; restores the initial token pair. Keeps webhookUrl/echo. */
  reset(): void;
  close(): Promise<void>;
}

const echoEventName = (m: TSentMessage): string =>
  m.kind === 'text' ? 'oa_send_text'
    : m.kind === 'image' ? 'oa_send_image'
      : m.kind === 'file' ? 'oa_send_file'
        : m.kind === 'template_message' ? 'oa_send_template'
          : m.templateType === 'button' ? 'oa_send_text' : 'oa_send_list';

class ZaloSimulator implements Simulator {
  url = '';
  port = 0;
  chatUrl = '';
  readonly appId: string;
  readonly oaId: string;
  webhookUrl: string | undefined;
  echo: boolean;
  private readonly ctx: TEventContext;
  private server: http.Server | undefined;

  constructor(private readonly opts: TSimulatorOptions, readonly state: SimState) {
    this.appId = opts.appId;
    this.oaId = opts.oaId;
    this.webhookUrl = opts.webhookUrl;
    this.echo = opts.echo ?? false;
    this.ctx = { appId: opts.appId, oaId: opts.oaId };
  }

  async listen(): Promise<void> {
    const files = sampleFiles();
    const app = express();
    app.disable('x-powered-by');
    app.set('etag', false);
    app.use(zaloRoutes({
      state: this.state, appId: this.opts.appId, appSecret: this.opts.appSecret, oaId: this.opts.oaId,
      baseUrl: () => this.url, onSent: (m) => this.onSent(m), log: (l) => this.log(l),
    }));
    app.use(controlRoutes(this, this.state, files));
    app.use(zaloErrorHandler(this.state));
    const server = http.createServer(app);
    // Idle keep-alive sockets (benchmarks) are dropped by close(); a short timeout limits them meanwhile.
    server.keepAliveTimeout = 5_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => { server.off('error', reject); resolve(); });
    });
    this.server = server;
    const addr = server.address() as AddressInfo;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    // A wildcard bind is reachable through loopback; advertise that rather than 0.0.0.0.
    const shown = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
    this.port = addr.port;
    this.url = `http://${shown}:${addr.port}`;
    this.chatUrl = `${this.url}/chat`;
  }

  private log(line: string): void {
    if (this.opts.log) console.log(`[zalo-sim] ${line}`);
  }

  private onSent(m: TSentMessage): void {
    if (!this.echo || !this.webhookUrl) return;
    const user = this.state.ensureUser(m.userId);
    const message: Record<string, unknown> = {};
    if (m.text !== undefined) message.text = m.text;
    if (m.image) message.attachments = [{ type: 'image', payload: { url: m.image.url, thumbnail: m.image.url } }];
    if (m.file) message.attachments = [{ type: 'file', payload: { url: m.file.url, name: m.file.name, size: String(m.file.size) } }];
    const event = buildOaSend(this.ctx, user, echoEventName(m), message, { msgId: m.message_id, timestamp: this.state.nextTimestamp() });
    // Zalo echoes asynchronously; an unreachable bot must not fail the API call that caused the echo.
    this.deliver(event).catch((e: unknown) => this.log(`echo failed: ${(e as Error).message}`));
  }

  tokens() { return this.state.currentTokens(); }
  createUser(input?: { userId?: string; name?: string; follower?: boolean }) { return this.state.createUser(input); }
  user(userId: string) { return this.state.user(userId); }
  users() { return this.state.users(); }
  setLastInteraction(userId: string, at: Date | null) { this.state.setLastInteraction(userId, at); }

  private meta() { return { msgId: newMsgId(), timestamp: this.state.nextTimestamp() }; }

  /** Fails before any state change when there is nowhere to deliver; else records the interaction. */
  private begin(userId: string): TSimUser {
    this.requireWebhook();
    return this.state.touch(userId);
  }
  private requireWebhook(): string {
    if (!this.webhookUrl) throw new SimulatorError('webhook-not-configured', 'The simulator has no webhook URL (set SIM_WEBHOOK_URL or POST /_sim/webhook)');
    return this.webhookUrl;
  }

  async sendText(userId: string, text: string, opts: { hidden?: boolean } = {}) {
    const user = this.begin(userId);
    this.state.recordInbound({ userId, eventName: 'user_send_text', text, ...(opts.hidden ? { hidden: true } : {}) });
    return this.deliver(buildUserSendText(this.ctx, user, text, this.meta()));
  }
  async sendImage(userId: string, urls: string[], text?: string) {
    if (urls.length === 0) throw new Error('sendImage needs at least one URL');
    const user = this.begin(userId);
    const event = buildUserSendImage(this.ctx, user, urls, this.meta(), text);
    this.state.recordInbound({ userId, eventName: 'user_send_image', text, attachments: urls.map((url) => ({ type: 'image', url })) });
    return this.deliver(event);
  }
  async sendFile(userId: string, file: TFileInput) {
    const user = this.begin(userId);
    this.state.recordInbound({ userId, eventName: 'user_send_file', attachments: [{ type: 'file', url: file.url, name: file.name, size: Number(file.size) }] });
    return this.deliver(buildUserSendFile(this.ctx, user, file, this.meta()));
  }
  async sendLocation(userId: string, latitude: number, longitude: number) {
    const user = this.begin(userId);
    this.state.recordInbound({ userId, eventName: 'user_send_location', attachments: [{ type: 'location', latitude, longitude }] });
    return this.deliver(buildUserSendLocation(this.ctx, user, latitude, longitude, this.meta()));
  }
  async sendMedia(userId: string, kind: TMediaKind, url = `${this.url}/_sim/files/sample.png`) {
    const user = this.begin(userId);
    this.state.recordInbound({ userId, eventName: `user_send_${kind}`, attachments: [{ type: kind, url }] });
    return this.deliver(buildUserSendMedia(this.ctx, user, kind, url, this.meta()));
  }
  async follow(userId: string) {
    const user = this.begin(userId);
    user.follower = true;
    this.state.recordInbound({ userId, eventName: 'follow' });
    return this.deliver(buildFollow(this.ctx, user, 'follow', this.state.nextTimestamp()));
  }
  async unfollow(userId: string) {
    const user = this.begin(userId);
    user.follower = false;
    this.state.recordInbound({ userId, eventName: 'unfollow' });
    return this.deliver(buildFollow(this.ctx, user, 'unfollow', this.state.nextTimestamp()));
  }
  async clickChatNow(userId: string) {
    const user = this.begin(userId);
    this.state.recordInbound({ userId, eventName: 'user_click_chatnow' });
    return this.deliver(buildUserClickChatNow(this.ctx, user, this.state.nextTimestamp()));
  }
  async submitInfo(userId: string, info: TSubmitInfo) {
    const user = this.begin(userId);
    const event = buildUserSubmitInfo(this.ctx, user, info, this.state.nextTimestamp());
    user.sharedInfo = event.info as Record<string, string>;
    this.state.recordInbound({ userId, eventName: 'user_submit_info', info: user.sharedInfo });
    return this.deliver(event);
  }
  async sendReceived(userId: string, msgId: string) {
    const user = this.state.ensureUser(userId);
    return this.deliver(buildUserReceivedMessage(this.ctx, user, msgId, this.state.nextTimestamp()));
  }
  async sendSeen(userId: string, msgIds: string[]) {
    const user = this.state.ensureUser(userId);
    return this.deliver(buildUserSeenMessage(this.ctx, user, msgIds, this.state.nextTimestamp()));
  }
  async consoleReply(userId: string, text: string) {
    this.requireWebhook();
    const user = this.state.ensureUser(userId);
    const msg = this.state.record(userId, { kind: 'text', text, buttons: [] }, { endpoint: 'console', source: 'console', messageId: newMsgId() });
    return this.deliver(buildOaSend(this.ctx, user, 'oa_send_text', { text }, { msgId: msg.message_id, timestamp: this.state.nextTimestamp() }));
  }

  async postEvent(event: TZaloEvent): Promise<TDelivery> { return this.deliver(event); }

  private async deliver(event: TZaloEvent): Promise<TDelivery> {
    const raw = JSON.stringify(event);
    const sig = signatureHeader(this.appId, raw, String(event.timestamp), this.opts.oaSecretKey);
    const r = await this.post(raw, { 'X-ZEvent-Signature': sig });
    return { ...r, event };
  }

  async postRaw(body: string | object, opts: TPostRawOptions = {}) {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.signature === undefined) {
      let ts: string | undefined = Object.entries(headers).find(([k]) => k.toLowerCase() === 'x-zevent-timestamp')?.[1];
      try {
        const parsed = JSON.parse(raw) as { timestamp?: unknown };
        if (parsed && (typeof parsed.timestamp === 'string' || typeof parsed.timestamp === 'number')) ts = String(parsed.timestamp);
      } catch { /* not JSON: sign with the header timestamp, if any */ }
      headers['X-ZEvent-Signature'] = signatureHeader(this.appId, raw, ts ?? '', this.opts.oaSecretKey);
    } else if (typeof opts.signature === 'string') {
      headers['X-ZEvent-Signature'] = opts.signature;
    }
    const { status, body: answer } = await this.post(raw, headers);
    return { status, body: answer };
  }

  private async post(raw: string, headers: Record<string, string>): Promise<{ status: number; body: unknown; durationMs: number }> {
    const url = this.requireWebhook();
    const started = performance.now();
    let res: globalThis.Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'ZaloWebhook-Simulator/1.0', ...headers },
        body: raw,
        signal: AbortSignal.timeout(10_000),
      });
    } catch (e) {
      this.state.countDelivery(undefined, performance.now() - started);
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      throw new SimulatorError('webhook-unreachable', `POST ${url} failed: ${cause}`);
    }
    const text = await res.text();
    const durationMs = performance.now() - started;
    this.state.countDelivery(res.status, durationMs);
    let body: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json')) {
      try { body = JSON.parse(text); } catch { /* keep text */ }
    }
    this.log(`webhook ← HTTP ${res.status} in ${Math.round(durationMs)} ms`);
    return { status: res.status, body, durationMs };
  }

  sent(filter?: TSentFilter) { return this.state.sent(filter); }
  inbound(userId?: string) { return this.state.inboundLog.filter((r) => userId === undefined || r.userId === userId); }
  lastSeq() { return this.state.lastSeq(); }
  waitFor(predicate: (m: TSentMessage) => boolean, timeoutMs = 5_000) { return this.state.waitFor(predicate, timeoutMs); }
  stats() { return this.state.stats(); }

  inject(fault: TFault): string {
    const parsed = ZFault.parse(fault);
    return this.state.addFault(parsed);
  }
  faults() { return this.state.faults(); }
  clearFaults() { this.state.clearFaults(); }
  expireAccessToken() { this.state.expireAccessTokens(); }
  issueAuthorizationCode(codeChallenge?: string) { return this.state.issueAuthCode(codeChallenge); }
  issueMiniAppToken(userId: string) {
    const t = this.state.issueMiniAppToken(userId);
    return { accessToken: t.accessToken, appUserId: t.user.appUserId, userId: t.user.userId, expiresIn: t.expiresIn };
  }
  reset() { this.state.reset(); }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

export async function startSimulator(opts: TSimulatorOptions): Promise<Simulator> {
  for (const key of ['appId', 'appSecret', 'oaSecretKey', 'oaId'] as const) {
    if (!opts[key]) throw new Error(`startSimulator: ${key} is required`);
  }
  const state = new SimState(opts);
  const sim = new ZaloSimulator(opts, state);
  await sim.listen();
  return sim;
}
