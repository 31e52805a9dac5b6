import type { TSentButton, TSentElement, TSentMessage } from './types.ts';

/**
 * Validation of OA message bodies the way Zalo answers them: HTTP 200 with a negative `error`.
 * Where Zalo's limits are not documented (button and element counts) the simulator picks the commonly cited
 * values and says so in the message, so a product that trips over them knows where the rule comes from.
 */

export const MAX_TEXT_CHARS = 2000;
export const MAX_BUTTONS = 5;
export const MAX_LIST_ELEMENTS = 5;
export const ERR_INVALID_PARAM = -201;

export type TDraft = Omit<TSentMessage, 'seq' | 'message_id' | 'endpoint' | 'source' | 'at' | 'userId'>;
export type TRuleResult = { ok: true; userId: string; draft: TDraft } | { ok: false; error: number; message: string };

export interface TUploadLookup {
  image(attachmentId: string): { url: string } | undefined;
  file(token: string): { url: string; name: string; size: number } | undefined;
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
const isHttpUrl = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/\S+$/i.test(v);
const idString = (v: unknown): string | undefined =>
  (typeof v === 'string' && v.trim() !== '') ? v.trim() : (typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);
const bad = (message: string): TRuleResult => ({ ok: false, error: ERR_INVALID_PARAM, message: `Parameter is invalid: ${message}` });

/** Code points, not UTF-16 units: what a person would call characters (NFD text is longer: send NFC). */
export const charCount = (s: string): number => [...s].length;

const ACTION_TYPES = new Set(['oa.open.url', 'oa.query.show', 'oa.query.hide', 'oa.open.sms', 'oa.open.phone']);

function checkAction(where: string, type: unknown, payload: unknown): string | undefined {
  if (typeof type !== 'string' || !ACTION_TYPES.has(type)) return `${where}.type must be one of ${[...ACTION_TYPES].join(', ')}`;
  switch (type) {
    case 'oa.open.url':
      if (!isObj(payload) || !isHttpUrl(payload.url)) return `${where}.payload.url must be an http(s) URL`;
      return undefined;
    case 'oa.query.show':
    case 'oa.query.hide':
      if (!nonEmpty(payload)) return `${where}.payload must be a non-empty string`;
      if (charCount(payload) > 1000) return `${where}.payload exceeds 1000 characters`;
      return undefined;
    case 'oa.open.phone':
      if (!isObj(payload) || !nonEmpty(payload.phone_code)) return `${where}.payload.phone_code is required`;
      return undefined;
    default: // oa.open.sms
      if (!isObj(payload) || !nonEmpty(payload.phone_code) || typeof payload.content !== 'string') return `${where}.payload needs content and phone_code`;
      return undefined;
  }
}

function parseButtons(raw: unknown, where = 'buttons'): TSentButton[] | string {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return `${where} must be an array`;
  if (raw.length > MAX_BUTTONS) return `at most ${MAX_BUTTONS} buttons (simulator limit)`;
  const out: TSentButton[] = [];
  for (const [i, b] of raw.entries()) {
    if (!isObj(b)) return `${where}[${i}] must be an object`;
    if (!nonEmpty(b.title)) return `${where}[${i}].title is required`;
    const problem = checkAction(`${where}[${i}]`, b.type, b.payload);
    if (problem) return problem;
    out.push({ title: b.title, type: b.type as string, payload: b.payload });
  }
  return out;
}

function parseListElements(raw: unknown): TSentElement[] | string {
  if (!Array.isArray(raw) || raw.length === 0) return 'payload.elements must be a non-empty array';
  if (raw.length > MAX_LIST_ELEMENTS) return `at most ${MAX_LIST_ELEMENTS} list elements (simulator limit)`;
  const out: TSentElement[] = [];
  for (const [i, e] of raw.entries()) {
    if (!isObj(e) || !nonEmpty(e.title)) return `elements[${i}].title is required`;
    if (e.subtitle !== undefined && typeof e.subtitle !== 'string') return `elements[${i}].subtitle must be a string`;
    if (e.image_url !== undefined && !isHttpUrl(e.image_url)) return `elements[${i}].image_url must be an http(s) URL`;
    const el: TSentElement = { title: e.title, subtitle: e.subtitle as string | undefined, image_url: e.image_url as string | undefined };
    if (e.default_action !== undefined) {
      const a = e.default_action;
      if (!isObj(a)) return `elements[${i}].default_action must be an object`;
      // Zalo's list samples put the URL either in payload.url or directly in url.
      const payload = a.type === 'oa.open.url' && a.payload === undefined && a.url !== undefined ? { url: a.url } : a.payload;
      const problem = checkAction(`elements[${i}].default_action`, a.type, payload);
      if (problem) return problem;
      el.default_action = { type: a.type as string, payload };
    }
    out.push(el);
  }
  return out;
}

/** POST /v3.0/oa/message/cs */
export function checkConsultationMessage(body: unknown, uploads: TUploadLookup): TRuleResult {
  if (!isObj(body)) return bad('body must be a JSON object');
  const recipient = body.recipient;
  const userId = isObj(recipient) ? idString(recipient.user_id) : undefined;
  if (!userId) return bad('recipient.user_id is required');
  const message = body.message;
  if (!isObj(message)) return bad('message is required');
  if (message.text !== undefined && typeof message.text !== 'string') return bad('message.text must be a string');
  const text = message.text as string | undefined;
  if (text !== undefined && charCount(text) > MAX_TEXT_CHARS) return bad(`message.text exceeds ${MAX_TEXT_CHARS} characters (${charCount(text)})`);
  const attachment = message.attachment;

  if (attachment === undefined) {
    if (!nonEmpty(text)) return bad('message.text is required');
    return { ok: true, userId, draft: { kind: 'text', text, buttons: [] } };
  }
  if (!isObj(attachment) || !isObj(attachment.payload)) return bad('message.attachment needs type and payload');
  const payload = attachment.payload;

  if (attachment.type === 'file') {
    if (!nonEmpty(payload.token)) return bad('attachment.payload.token is required');
    const f = uploads.file(payload.token);
    if (!f) return bad('file token is unknown or expired (upload the file first; uploads live 7 days)');
    return { ok: true, userId, draft: { kind: 'file', text, buttons: [], attachment, file: { token: payload.token, ...f } } };
  }
  if (attachment.type !== 'template') return bad(`attachment.type "${String(attachment.type)}" is not supported (use "template" or "file")`);

  const templateType = payload.template_type;
  switch (templateType) {
    case 'media': {
      const els = payload.elements;
      if (!Array.isArray(els) || els.length !== 1 || !isObj(els[0])) return bad('media template needs exactly one element');
      const el = els[0];
      if (el.media_type !== 'image' && el.media_type !== 'gif') return bad('elements[0].media_type must be "image" or "gif"');
      let image: { url: string; attachmentId?: string };
      if (nonEmpty(el.attachment_id)) {
        const up = uploads.image(el.attachment_id);
        if (!up) return bad('attachment_id is unknown or expired');
        image = { url: up.url, attachmentId: el.attachment_id };
      } else if (isHttpUrl(el.url)) {
        image = { url: el.url };
      } else return bad('elements[0] needs an http(s) url or an attachment_id');
      const buttons = parseButtons(payload.buttons);
      if (typeof buttons === 'string') return bad(buttons);
      return { ok: true, userId, draft: { kind: 'image', templateType, text, buttons, attachment, image } };
    }
    case 'request_user_info': {
      const els = payload.elements;
      if (!Array.isArray(els) || els.length !== 1 || !isObj(els[0])) return bad('request_user_info needs exactly one element');
      const el = els[0];
      if (!nonEmpty(el.title)) return bad('elements[0].title is required');
      if (typeof el.subtitle !== 'string') return bad('elements[0].subtitle is required');
      if (!isHttpUrl(el.image_url)) return bad('elements[0].image_url must be an http(s) URL');
      const element: TSentElement = { title: el.title, subtitle: el.subtitle, image_url: el.image_url };
      return { ok: true, userId, draft: { kind: 'template', templateType, text, buttons: [], elements: [element], attachment } };
    }
    case 'list': {
      const elements = parseListElements(payload.elements);
      if (typeof elements === 'string') return bad(elements);
      const buttons = parseButtons(payload.buttons);
      if (typeof buttons === 'string') return bad(buttons);
      return { ok: true, userId, draft: { kind: 'template', templateType, text, buttons, elements, attachment } };
    }
    case 'button':
    case undefined: {
      // v3 samples send message.text plus payload.buttons and no template_type; older ones put text in payload.
      const shown = text ?? (typeof payload.text === 'string' ? payload.text : undefined);
      if (!nonEmpty(shown)) return bad('a button message needs message.text');
      if (charCount(shown) > MAX_TEXT_CHARS) return bad(`text exceeds ${MAX_TEXT_CHARS} characters`);
      const buttons = parseButtons(payload.buttons);
      if (typeof buttons === 'string') return bad(buttons);
      if (buttons.length === 0) return bad('payload.buttons must hold at least one button');
      return { ok: true, userId, draft: { kind: 'template', templateType: 'button', text: shown, buttons, attachment } };
    }
    default:
      return bad(`template_type "${String(templateType)}" is not supported`);
  }
}

/** POST /v3.0/oa/message/template: allowed outside the 7-day window. */
export function checkTemplateMessage(body: unknown): TRuleResult {
  if (!isObj(body)) return bad('body must be a JSON object');
  const userId = idString(body.user_id) ?? (isObj(body.recipient) ? idString(body.recipient.user_id) : undefined);
  if (!userId) return bad('user_id is required');
  const templateId = idString(body.template_id);
  if (!templateId) return bad('template_id is required');
  if (body.template_data !== undefined && !isObj(body.template_data)) return bad('template_data must be an object');
  const templateData = (body.template_data ?? {}) as Record<string, unknown>;
  return { ok: true, userId, draft: { kind: 'template_message', buttons: [], templateId, templateData } };
}

/** Target user of a request, for faults scoped to one user. */
export function requestUserId(body: unknown, query: Record<string, unknown>): string | undefined {
  if (isObj(body)) {
    const r = isObj(body.recipient) ? idString(body.recipient.user_id) : undefined;
    if (r) return r;
    const u = idString(body.user_id);
    if (u) return u;
  }
  if (typeof query.data === 'string') {
    try {
      const d: unknown = JSON.parse(query.data);
      if (isObj(d)) return idString(d.user_id);
    } catch { /* not JSON: no user */ }
  }
  return undefined;
}
