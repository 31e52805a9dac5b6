import fs from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import axios, { type AxiosInstance } from 'axios';
import type { TButton, TOutMessage } from '../bot/messages.ts';
import { buttonsAsText } from '../bot/messages.ts';
import { ZaloApiError, ZaloHttpError } from './errors.ts';
import type { TokenManager } from './token-manager.ts';

export interface TZaloAnswer<T = Record<string, unknown>> {
  error: number;
  message?: string;
  data?: T;
}

export interface TZaloClientOptions {
  apiBaseUrl: string;
  tokens: TokenManager;
  timeoutMs?: number;
  onAnswer?: (endpoint: string, errorCode: number) => void;
  /** awaited before every OA API request: the per-OA request rate shared by every process (rate-gate.ts) */
  beforeRequest?: () => Promise<void>;
}

/**
 * The Zalo OA API over axios. Every answer is HTTP 200 with {error, message, data}: `error` decides.
 * A refused token is refreshed once (single-flight) and the request retried once; everything else surfaces as
 * ZaloApiError (Zalo said no) or ZaloHttpError (no usable answer) for the caller to classify.
 */
export class ZaloClient {
  private readonly http: AxiosInstance;

  constructor(private readonly o: TZaloClientOptions) {
    // Keep-alive to Zalo and no redirect following (an API answer is never a redirect).
    this.http = axios.create({ baseURL: o.apiBaseUrl, timeout: o.timeoutMs ?? 10_000, validateStatus: () => true, maxRedirects: 0, httpAgent: new http.Agent({ keepAlive: true }), httpsAgent: new https.Agent({ keepAlive: true }) });
  }

  private async call<T>(method: 'GET' | 'POST', endpoint: string, opts: { data?: unknown; params?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<T> {
    let token = await this.o.tokens.accessToken();
    for (let attempt = 0; ; attempt++) {
      let res;
      await this.o.beforeRequest?.();
      try {
        res = await this.http.request({ method, url: endpoint, data: opts.data, params: opts.params, headers: { ...opts.headers, access_token: token } });
      } catch (err) {
        this.o.onAnswer?.(endpoint, Number.NaN);
        const code = (err as { code?: unknown }).code;
        throw new ZaloHttpError(`${endpoint}: ${(err as Error).message}`, endpoint, undefined, code === 'ECONNABORTED' || code === 'ETIMEDOUT');
      }
      if (res.status >= 400 || typeof res.data !== 'object' || res.data === null || typeof res.data.error !== 'number') {
        this.o.onAnswer?.(endpoint, Number.NaN);
        throw new ZaloHttpError(`${endpoint}: HTTP ${res.status}${typeof res.data === 'object' ? '' : ' (not JSON)'}`, endpoint, res.status);
      }
      const answer = res.data as TZaloAnswer<T>;
      this.o.onAnswer?.(endpoint, answer.error);
      if (answer.error === 0) return (answer.data ?? {}) as T;
      const err = new ZaloApiError(answer.error, answer.message ?? '', endpoint);
      if (err.cls === 'token' && attempt === 0) {
        token = await this.o.tokens.refresh(token);
        continue;
      }
      throw err;
    }
  }

  sendText(userId: string, text: string) {
    return this.call<{ message_id?: string }>('POST', '/v3.0/oa/message/cs', { data: { recipient: { user_id: userId }, message: { text } } });
  }

  sendButtons(userId: string, text: string, buttons: TButton[]) {
    const zaloButtons = buttons.map((b) => {
      if (b.type === 'oa.open.url') return { title: b.title, type: b.type, payload: { url: b.url } };
      if (b.type === 'oa.open.phone') return { title: b.title, type: b.type, payload: { phone_code: b.phone } };
      return { title: b.title, type: b.type, payload: b.payload };
    });
    return this.call<{ message_id?: string }>('POST', '/v3.0/oa/message/cs', {
      data: { recipient: { user_id: userId }, message: { text, attachment: { type: 'template', payload: { buttons: zaloButtons } } } },
    });
  }

  sendImage(userId: string, url: string, caption?: string) {
    return this.call<{ message_id?: string }>('POST', '/v3.0/oa/message/cs', {
      data: {
        recipient: { user_id: userId },
        message: { text: caption, attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url }] } } },
      },
    });
  }

  async uploadFile(filePath: string, name: string): Promise<string> {
    const buf = await fs.readFile(filePath);
    const form = new FormData();
    form.append('file', new Blob([buf]), name || path.basename(filePath));
    const data = await this.call<{ token?: string }>('POST', '/v2.0/oa/upload/file', { data: form });
    if (!data.token) throw new ZaloHttpError('upload/file answered without a token', '/v2.0/oa/upload/file');
    return data.token;
  }

  sendFile(userId: string, fileToken: string) {
    return this.call<{ message_id?: string }>('POST', '/v3.0/oa/message/cs', {
      data: { recipient: { user_id: userId }, message: { attachment: { type: 'file', payload: { token: fileToken } } } },
    });
  }

  sendTemplate(userId: string, templateId: string, templateData: Record<string, string>) {
    return this.call<{ msg_id?: string; message_id?: string }>('POST', '/v3.0/oa/message/template', {
      data: { user_id: userId, template_id: templateId, template_data: templateData },
    });
  }

  getUserDetail(userId: string) {
    return this.call<{ display_name?: string; avatar?: string; user_is_follower?: boolean; user_id_by_app?: string }>('GET', '/v3.0/oa/user/detail', {
      params: { data: JSON.stringify({ user_id: userId }) },
    });
  }

  /**
   * The latest messages of a conversation, newest first (GET /v2.0/oa/conversation; at most 10 a page, `offset`
   * pages back). Used only to find out whether a message whose request was cut short (a crash mid-send, a
   * timeout) reached the citizen.
   */
  async recentMessages(userId: string, count = 10, offset = 0): Promise<{ messageId?: string; fromOa: boolean; text?: string; time?: number }[]> {
    const data = await this.call<unknown>('GET', '/v2.0/oa/conversation', { params: { data: JSON.stringify({ user_id: userId, offset, count }) } });
    const list = Array.isArray(data) ? data : [];
    return list.map((m: Record<string, unknown>) => ({
      messageId: m.message_id === undefined ? undefined : String(m.message_id),
      // Zalo marks the OA's own messages with src = 0 (the citizen's with 1).
      fromOa: Number(m.src) === 0,
      text: typeof m.message === 'string' ? m.message : undefined,
      time: typeof m.time === 'number' ? m.time : undefined,
    }));
  }

  /**
   * Sends one bot message. Rich messages fall back to plain text when Zalo refuses the rich form
   * (template support on v3 consultation messages is unverified).
   */
  async send(userId: string, msg: TOutMessage): Promise<{ messageId?: string; fallback?: boolean }> {
    switch (msg.kind) {
      case 'text':
        return { messageId: (await this.sendText(userId, msg.text)).message_id };
      case 'buttons':
        try {
          return { messageId: (await this.sendButtons(userId, msg.text, msg.buttons)).message_id };
        } catch (err) {
          if (err instanceof ZaloApiError && err.cls === 'refused') {
            return { messageId: (await this.sendText(userId, buttonsAsText(msg.text, msg.buttons))).message_id, fallback: true };
          }
          throw err;
        }
      case 'image':
        try {
          return { messageId: (await this.sendImage(userId, msg.url, msg.caption)).message_id };
        } catch (err) {
          if (err instanceof ZaloApiError && err.cls === 'refused') {
            return { messageId: (await this.sendText(userId, `${msg.caption ? `${msg.caption}\n` : ''}${msg.url}`)).message_id, fallback: true };
          }
          throw err;
        }
      case 'template': {
        const r = await this.sendTemplate(userId, msg.templateId, msg.data);
        return { messageId: r.msg_id ?? r.message_id };
      }
      case 'file': {
        const token = await this.uploadFile(msg.path, msg.name);
        if (msg.caption) await this.sendText(userId, msg.caption);
        return { messageId: (await this.sendFile(userId, token)).message_id };
      }
    }
  }
}
