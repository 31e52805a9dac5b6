import path from 'node:path';
import { catalogueServiceFor } from '../../src/services/catalogue.ts';
import { fileFeedback } from '../../src/services/feedback.ts';
import { feedbackEnv } from '../../src/services/feedback-runtime.ts';
import { importProcedureFiles } from '../../src/services/catalogue-import.ts';
import type { Db } from '../../src/store/db.ts';
import { computeEventMac } from '../../src/zalo/signature.ts';
import type { TStack } from './stack.ts';

/** Helpers of the hostile-input tests (test/security): signed raw webhook bodies, a catalogue to search. */

export const sigOf = (stack: TStack, body: string | Buffer, ts: string, secret = stack.config.zalo.oaSecretKey) =>
  `mac=${computeEventMac(stack.config.zalo.appId, body, ts, secret)}`;

/** POST /webhooks/zalo with exactly these bytes and headers. */
export function postWebhook(stack: TStack, body: string | Buffer, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(stack.webhookUrl, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

/** POST a body signed as Zalo signs it (timestamp from the body). */
export function postSigned(stack: TStack, body: string | Buffer, ts: string): Promise<Response> {
  return postWebhook(stack, body, { 'x-zevent-signature': sigOf(stack, body, ts) });
}

let seq = 0;
/** A user_send_text event as Zalo shapes it, for a user the simulator knows (so replies can be delivered). */
export function textEvent(stack: TStack, userId: string, text: string, o: { ts?: number; msgId?: string; extra?: Record<string, unknown> } = {}) {
  const ts = String(o.ts ?? Date.now());
  return {
    app_id: stack.config.zalo.appId,
    user_id_by_app: `app${userId}`,
    event_name: 'user_send_text',
    timestamp: ts,
    sender: { id: userId },
    recipient: { id: stack.config.zalo.oaId },
    message: { msg_id: o.msgId ?? `hostile${Date.now().toString(36)}${(++seq).toString(36)}`, text, ...o.extra },
  };
}

/** A simulator user who wrote to the OA just now (Zalo delivers only within the messaging window). */
export function simUser(stack: TStack, prefix: string): string {
  const userId = `${prefix}${String(Date.now()).slice(-7)}${String(++seq).padStart(4, '0')}`;
  stack.sim.createUser({ userId, name: `Người dùng ${seq}` });
  stack.sim.setLastInteraction(userId, new Date());
  return userId;
}

/** The small test catalogue (test/fixtures/catalogue), so that searches have something to find. */
export async function importTestCatalogue(db: Db): Promise<void> {
  const r = await importProcedureFiles(catalogueServiceFor(db), [{ source: path.resolve(import.meta.dirname, '../fixtures/catalogue/procedures-semicolon.csv') }], { full: false, skipInvalid: true });
  if (r.status !== 'imported') throw new Error(`test catalogue not imported: ${r.reason}`);
}

/** Files a feedback item straight through the workflow (as the chat would), returning its code. */
export async function fileItem(stack: TStack, o: { content: string; unitCode?: string; citizenUserId?: string; attachments?: { kind: 'image' | 'file'; url: string; name?: string }[] }): Promise<string> {
  const rt = stack.running!.rt;
  const env = feedbackEnv(rt, new Date(), rt.listeningUrl);
  return rt.db.transaction(async (tx) => {
    const r = await fileFeedback(tx, env, {
      content: o.content,
      attachments: o.attachments ?? [],
      ...(o.unitCode ? { unitCode: o.unitCode, placeBy: 'chosen' as const } : {}),
      channel: 'zalo',
      ...(o.citizenUserId ? { citizenUserId: o.citizenUserId } : {}),
      filedEventId: `test:${Date.now()}:${++seq}`,
    });
    return r.item.code;
  });
}
