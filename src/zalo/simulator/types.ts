/** Public types of the Zalo simulator. Dates are ISO strings so records serialise as they are. */

export interface TSimulatorOptions {
  /** 0 = a random free port. */
  port?: number;
  host?: string;
  appId: string;
  appSecret: string;
  oaSecretKey: string;
  oaId: string;
  /** Where events are POSTed (the bot's webhook). Can be set later with setWebhookUrl. */
  webhookUrl?: string;
  /** Initial valid pair; generated when absent. reset() restores it. */
  accessToken?: string;
  refreshToken?: string;
  /** Default 90000 (25 h), like Zalo. */
  accessTokenTtlSec?: number;
  /** OA API requests allowed in any sliding 60 s window; default 4000. */
  rateLimitPerMinute?: number;
  /** POST an oa_send_* echo to the webhook after every message the OA sends through the API. Default false. */
  echo?: boolean;
  /** One line per request on stdout (never tokens or bodies). */
  log?: boolean;
}

export interface TSimUser {
  /** OA-scoped id (sender.id in events, recipient.user_id when sending). */
  userId: string;
  /** App-scoped id: user_id_by_app in events, `id` from graph /me. Different from userId on purpose. */
  appUserId: string;
  name: string;
  follower: boolean;
  lastInteractionAt: string | null;
  sharedInfo?: Record<string, string>;
  createdAt: string;
}

export interface TSentButton {
  title: string;
  type: string;
  payload: unknown;
}

export interface TSentElement {
  title?: string;
  subtitle?: string;
  image_url?: string;
  default_action?: { type: string; payload?: unknown; url?: string };
}

export type TSentKind = 'text' | 'image' | 'file' | 'template' | 'template_message';

/** One message the OA sent: through the API, or typed by a human agent in the OA console. */
export interface TSentMessage {
  /** Shared, ever-increasing sequence across sent and inbound records (use it as a cursor). */
  seq: number;
  message_id: string;
  /** The API path, or "console" for consoleReply. */
  endpoint: string;
  source: 'api' | 'console';
  userId: string;
  kind: TSentKind;
  /** list | button | media | request_user_info, for kind "template" (and "media" for images). */
  templateType?: string;
  text?: string;
  buttons: TSentButton[];
  elements?: TSentElement[];
  /** The raw `message.attachment` as sent. */
  attachment?: unknown;
  image?: { url: string; attachmentId?: string };
  file?: { token: string; name: string; size: number; url: string };
  templateId?: string;
  templateData?: Record<string, unknown>;
  at: string;
}

/** Something the citizen did, as the simulator delivered it to the bot (for the chat page). */
export interface TInboundRecord {
  seq: number;
  userId: string;
  eventName: string;
  text?: string;
  /** oa.query.hide payloads: sent as text but not shown in the chat, like Zalo. */
  hidden?: boolean;
  attachments?: unknown[];
  info?: Record<string, string>;
  at: string;
}

export type TConversationEntry = ({ direction: 'out' } & TSentMessage) | ({ direction: 'in' } & TInboundRecord);

export interface TFault {
  /** Path prefix, e.g. "/v3.0/oa/message" or "/v4/oa/access_token". Absent = every Zalo endpoint. */
  endpoint?: string;
  /** Answer HTTP 200 with this Zalo error code instead of handling the request. */
  error?: number;
  /** Answer with this HTTP status (e.g. 500, 502) and a gateway-style HTML body (JSON if `error` is set too). */
  httpStatus?: number;
  /** Wait this long first; alone, the request is then handled normally. */
  delayMs?: number;
  /** Destroy the socket without answering (a network failure, not a Zalo refusal). */
  networkError?: boolean;
  /** How many matching requests it affects; default 1; Infinity allowed. */
  times?: number;
  /** Only requests addressed to this user (recipient.user_id, user_id, or data.user_id). */
  userId?: string;
}

export interface TSimStats {
  requests: number;
  byEndpoint: Record<string, number>;
  byError: Record<string, number>;
  /** "0" counts connections destroyed by an injected network error. */
  byHttpStatus: Record<string, number>;
  refreshes: number;
  refreshFailures: number;
  codeExchanges: number;
  faultsApplied: number;
  rateLimited: number;
  sent: number;
  webhook: { delivered: number; failed: number; slow: number; byStatus: Record<string, number> };
}

export interface TDelivery {
  /** HTTP status the bot answered. */
  status: number;
  /** Parsed JSON when the answer is JSON, else text. */
  body: unknown;
  event: Record<string, unknown>;
  durationMs: number;
}

export interface TPostRawOptions {
  /**
   * undefined: sign correctly (timestamp from the body, or the X-ZEvent-Timestamp header);
   * a string: send this header value as is; null or false: send no signature header.
   */
  signature?: string | null | false;
  headers?: Record<string, string>;
}

export type TSentFilter = {
  userId?: string;
  kind?: TSentKind;
  endpoint?: string;
  /** Only records with seq greater than this. */
  after?: number;
} | ((m: TSentMessage) => boolean);
