import type { TOutboundRow } from './chat.ts';
import type { Db } from './db.ts';

/** Read-only queries of the operator's `status` command. */

export async function appliedMigrations(db: Db): Promise<{ version: string; appliedAt: Date }[]> {
  const { rows } = await db.query<{ version: string; applied_at: Date }>('SELECT version, applied_at FROM schema_migrations ORDER BY version');
  return rows.map((r) => ({ version: r.version, appliedAt: new Date(r.applied_at) }));
}

export async function outboundCountsByStatus(db: Db): Promise<Record<TOutboundRow['status'], number>> {
  const counts: Record<TOutboundRow['status'], number> = { queued: 0, sending: 0, sent: 0, undeliverable: 0, failed: 0 };
  const { rows } = await db.query<{ status: TOutboundRow['status']; n: number }>('SELECT status, count(*)::int AS n FROM outbound_messages GROUP BY status');
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

export interface TUndeliverable {
  userId: string;
  errorCode: number | null;
  reason: string | null;
  at: Date;
}

/** Messages Zalo refused for good (the citizen blocked the OA, the 7-day window closed…), newest first. */
export async function recentUndeliverable(db: Db, sinceDays: number, limit: number): Promise<{ total: number; items: TUndeliverable[] }> {
  const since = `${sinceDays} days`;
  const total = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbound_messages WHERE status = 'undeliverable' AND updated_at > now() - $1::interval`,
    [since],
  );
  const { rows } = await db.query<{ user_id: string; error_code: number | null; error_reason: string | null; updated_at: Date }>(
    `SELECT user_id, error_code, error_reason, updated_at FROM outbound_messages
     WHERE status = 'undeliverable' AND updated_at > now() - $1::interval ORDER BY updated_at DESC LIMIT $2`,
    [since, limit],
  );
  return {
    total: Number(total.rows[0]?.n ?? 0),
    items: rows.map((r) => ({ userId: r.user_id, errorCode: r.error_code, reason: r.error_reason, at: new Date(r.updated_at) })),
  };
}
