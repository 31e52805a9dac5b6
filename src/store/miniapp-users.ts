import type { Db } from './db.ts';
import type { TRole } from './chat.ts';

/**
 * The mini-app's users: a Zalo mini-app id (graph /me `id`, the events' `user_id_by_app`) linked to the OA-scoped id
 * the chat knows (zalo_users.app_user_id, written from signed webhook events — the spec's idByOA link), and the
 * officer row of that OA id. A mini-app user who never wrote to the OA has no OA id: their items are filed under
 * `app:<mini-app id>` and adopted by the OA id once the link appears.
 */

export const APP_ID_PREFIX = 'app:';

export interface TMiniAppLink {
  oaUserId: string | null;
  officer: { unitCode: string; role: TRole; name: string | null } | null;
}

/** One query: the OA id linked to this mini-app id and its officer row, if any. */
export async function findMiniAppLink(db: Db, appUserId: string): Promise<TMiniAppLink> {
  const { rows } = await db.query<{ user_id: string; unit_code: string | null; role: TRole | null; display_name: string | null }>(
    `SELECT u.user_id, o.unit_code, o.role, o.display_name
       FROM zalo_users u LEFT JOIN officers o ON o.zalo_user_id = u.user_id
      WHERE u.app_user_id = $1`,
    [appUserId],
  );
  const r = rows[0];
  if (!r) return { oaUserId: null, officer: null };
  return { oaUserId: r.user_id, officer: r.unit_code && r.role ? { unitCode: r.unit_code, role: r.role, name: r.display_name } : null };
}

/**
 * Items filed in the mini-app before the citizen was linked to an OA id move to that id (so chat notices reach
 * them and "my feedback" lists one history). Returns how many moved; safe to run again.
 */
export async function adoptAppItems(db: Db, appUserId: string, oaUserId: string): Promise<number> {
  const appId = `${APP_ID_PREFIX}${appUserId}`;
  const r = await db.query('UPDATE feedback_items SET citizen_user_id = $2, updated_at = now() WHERE citizen_user_id = $1', [appId, oaUserId]);
  await db.query(
    `UPDATE feedback_followers f SET user_id = $2 WHERE f.user_id = $1
       AND NOT EXISTS (SELECT 1 FROM feedback_followers g WHERE g.feedback_code = f.feedback_code AND g.user_id = $2)`,
    [appId, oaUserId],
  );
  return r.rowCount;
}

/** Simulator mode only (dev login): records the link a webhook event would have recorded. */
export async function linkMiniAppUser(db: Db, oaUserId: string, appUserId: string, displayName?: string): Promise<void> {
  await db.query(
    `INSERT INTO zalo_users (user_id, app_user_id, display_name) VALUES ($1, $2, $3)
     ON CONFLICT (user_id) DO UPDATE SET app_user_id = coalesce(zalo_users.app_user_id, EXCLUDED.app_user_id),
       display_name = coalesce(zalo_users.display_name, EXCLUDED.display_name), updated_at = now()`,
    [oaUserId, appUserId, displayName ?? null],
  );
}
