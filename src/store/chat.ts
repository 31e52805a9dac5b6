import type { TOutMessage } from '../bot/messages.ts';
import type { Db } from './db.ts';

/** Repositories of the chat loop: citizens, processed events, outbound messages, officers. */

export interface TUserRow {
  user_id: string;
  display_name: string | null;
  human_handoff_until: Date | null;
}

export async function touchUser(db: Db, u: { userId: string; appUserId?: string; interacted: boolean; follower?: boolean; displayName?: string }): Promise<TUserRow> {
  const { rows } = await db.query<TUserRow>(
    `INSERT INTO zalo_users (user_id, app_user_id, follower, last_interaction_at, display_name)
     VALUES ($1, $2, coalesce($3, false), CASE WHEN $4 THEN now() END, $5)
     ON CONFLICT (user_id) DO UPDATE SET
       app_user_id = coalesce(zalo_users.app_user_id, EXCLUDED.app_user_id),
       display_name = coalesce(EXCLUDED.display_name, zalo_users.display_name),
       follower = coalesce($3, zalo_users.follower),
       last_interaction_at = CASE WHEN $4 THEN now() ELSE zalo_users.last_interaction_at END,
       updated_at = now()
     RETURNING user_id, display_name, human_handoff_until`,
    [u.userId, u.appUserId ?? null, u.follower ?? null, u.interacted, u.displayName ?? null],
  );
  return rows[0]!;
}

export async function setHandoffUntil(db: Db, userId: string, until: Date): Promise<void> {
  await db.query('UPDATE zalo_users SET human_handoff_until = $2, updated_at = now() WHERE user_id = $1', [userId, until]);
}

/** Records the event; false when it was recorded before (a retry or a duplicate delivery). */
export async function recordEvent(db: Db, e: { eventId: string; eventName: string; userId: string }): Promise<boolean> {
  const r = await db.query('INSERT INTO processed_events (event_id, event_name, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [e.eventId, e.eventName, e.userId]);
  return r.rowCount === 1;
}

export async function insertOutbound(db: Db, m: { key: string; userId: string; message: TOutMessage }): Promise<void> {
  await db.query(
    'INSERT INTO outbound_messages (idempotency_key, user_id, kind, body) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
    [m.key, m.userId, m.message.kind, JSON.stringify(m.message)],
  );
}

export interface TOutboundRow {
  idempotency_key: string;
  user_id: string;
  body: TOutMessage;
  status: 'queued' | 'sending' | 'sent' | 'undeliverable' | 'failed';
  attempts: number;
  updated_at: Date;
}

export async function getOutbound(db: Db, key: string): Promise<TOutboundRow | undefined> {
  const { rows } = await db.query<TOutboundRow>('SELECT idempotency_key, user_id, body, status, attempts, updated_at FROM outbound_messages WHERE idempotency_key = $1', [key]);
  return rows[0];
}

/** Keys of an event's messages not yet final, grouped by recipient in creation order. */
export async function pendingOutboundOfEvent(db: Db, eventId: string): Promise<{ userId: string; keys: string[] }[]> {
  const { rows } = await db.query<{ user_id: string; idempotency_key: string }>(
    `SELECT user_id, idempotency_key FROM outbound_messages
     WHERE idempotency_key LIKE $1 AND status IN ('queued', 'sending') ORDER BY created_at, idempotency_key`,
    [`${eventId.replace(/[\\%_]/g, (c) => `\\${c}`)}|%`],
  );
  const byUser = new Map<string, string[]>();
  for (const r of rows) byUser.set(r.user_id, [...(byUser.get(r.user_id) ?? []), r.idempotency_key]);
  return [...byUser].map(([userId, keys]) => ({ userId, keys }));
}

/** Marks a message as possibly in flight, just before the request to Zalo. */
export async function markSending(db: Db, key: string): Promise<void> {
  await db.query(`UPDATE outbound_messages SET status = 'sending', updated_at = now() WHERE idempotency_key = $1 AND status IN ('queued', 'sending')`, [key]);
}

/** Zalo answered that it did not send the message (-32, a token or quota error): queued again, not in flight. */
export async function markQueuedAgain(db: Db, key: string): Promise<void> {
  await db.query(`UPDATE outbound_messages SET status = 'queued', updated_at = now() WHERE idempotency_key = $1 AND status = 'sending'`, [key]);
}

export async function markOutbound(db: Db, key: string, u: { status: TOutboundRow['status']; zaloMessageId?: string; errorCode?: number; reason?: string }): Promise<void> {
  await db.query(
    `UPDATE outbound_messages SET status = $2, zalo_message_id = coalesce($3, zalo_message_id), error_code = $4, error_reason = $5,
       attempts = attempts + 1, updated_at = now() WHERE idempotency_key = $1`,
    [key, u.status, u.zaloMessageId ?? null, u.errorCode ?? null, u.reason ?? null],
  );
}

/** Was this OA echo one of the bot's own messages (by Zalo message id, or same text to the same user just now)? */
export async function isOwnEcho(db: Db, userId: string, zaloMessageId: string | undefined, text: string | undefined): Promise<boolean> {
  const { rows } = await db.query(
    `SELECT 1 FROM outbound_messages WHERE user_id = $1 AND (
       ($2::text IS NOT NULL AND zalo_message_id = $2)
       OR ($3::text IS NOT NULL AND created_at > now() - interval '2 minutes' AND body->>'text' = $3)
     ) LIMIT 1`,
    [userId, zaloMessageId ?? null, text ?? null],
  );
  return rows.length > 0;
}

export type TRole = 'officer' | 'leader' | 'admin';

export async function officersOfUnit(db: Db, unitCode: string): Promise<string[]> {
  const { rows } = await db.query<{ zalo_user_id: string }>('SELECT zalo_user_id FROM officers WHERE unit_code = $1 ORDER BY zalo_user_id', [unitCode]);
  return rows.map((r) => r.zalo_user_id);
}

export async function upsertOfficer(db: Db, o: { userId: string; unitCode: string; role: TRole; name?: string }): Promise<void> {
  await db.query(
    `INSERT INTO officers (zalo_user_id, unit_code, role, display_name) VALUES ($1, $2, $3, $4)
     ON CONFLICT (zalo_user_id) DO UPDATE SET unit_code = EXCLUDED.unit_code, role = EXCLUDED.role,
       display_name = coalesce(EXCLUDED.display_name, officers.display_name)`,
    [o.userId, o.unitCode, o.role, o.name ?? null],
  );
}

export async function removeOfficer(db: Db, userId: string): Promise<boolean> {
  return (await db.query('DELETE FROM officers WHERE zalo_user_id = $1', [userId])).rowCount === 1;
}

export async function listOfficers(db: Db): Promise<{ zalo_user_id: string; unit_code: string; role: TRole; display_name: string | null }[]> {
  return (await db.query<{ zalo_user_id: string; unit_code: string; role: TRole; display_name: string | null }>('SELECT zalo_user_id, unit_code, role, display_name FROM officers ORDER BY unit_code, role, zalo_user_id')).rows;
}

export interface TOfficerRow {
  zalo_user_id: string;
  unit_code: string;
  role: TRole;
  display_name: string | null;
}

/** The officer record of a Zalo user, or undefined for a citizen. */
export async function getOfficer(db: Db, userId: string): Promise<TOfficerRow | undefined> {
  const { rows } = await db.query<TOfficerRow>('SELECT zalo_user_id, unit_code, role, display_name FROM officers WHERE zalo_user_id = $1', [userId]);
  return rows[0];
}

/** Leaders of a unit; when it has none, the organisation's admins (someone must hear of it). */
export async function leadersOfUnit(db: Db, unitCode: string): Promise<string[]> {
  const { rows } = await db.query<{ zalo_user_id: string }>(
    `SELECT zalo_user_id FROM officers WHERE (unit_code = $1 AND role = 'leader')
       OR (role = 'admin' AND NOT EXISTS (SELECT 1 FROM officers WHERE unit_code = $1 AND role = 'leader'))
     ORDER BY zalo_user_id`,
    [unitCode],
  );
  return rows.map((r) => r.zalo_user_id);
}

/** When the citizen last wrote to the OA (Zalo's messaging window counts from it). */
export async function lastInteractionAt(db: Db, userId: string): Promise<Date | undefined> {
  const { rows } = await db.query<{ last_interaction_at: Date | string | null }>('SELECT last_interaction_at FROM zalo_users WHERE user_id = $1', [userId]);
  const v = rows[0]?.last_interaction_at;
  return v ? new Date(v) : undefined;
}

/** Leaders and admins of the whole organisation (the monthly report goes to them). */
export async function leadersAndAdmins(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ zalo_user_id: string }>(`SELECT zalo_user_id FROM officers WHERE role IN ('leader', 'admin') ORDER BY zalo_user_id`);
  return rows.map((r) => r.zalo_user_id);
}
