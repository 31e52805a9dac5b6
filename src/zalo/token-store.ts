import type { Db } from '../store/db.ts';

export interface TTokenPair {
  accessToken: string;
  refreshToken: string;
  accessExpiresAt: Date;
  generation: number;
}

interface Row { access_token: string; refresh_token: string; access_expires_at: Date; generation: number }

const toPair = (r: Row): TTokenPair => ({
  accessToken: r.access_token, refreshToken: r.refresh_token, accessExpiresAt: new Date(r.access_expires_at), generation: r.generation,
});

export async function readTokenPair(db: Db): Promise<TTokenPair | undefined> {
  const { rows } = await db.query<Row>('SELECT access_token, refresh_token, access_expires_at, generation FROM zalo_tokens WHERE id = 1');
  return rows[0] ? toPair(rows[0]) : undefined;
}

/** The configured pair is only the first one: once a pair is stored, the stored pair wins. */
export async function seedTokenPair(db: Db, accessToken: string, refreshToken: string, ttlSec = 90_000): Promise<void> {
  await db.query(
    `INSERT INTO zalo_tokens (id, access_token, refresh_token, access_expires_at)
     VALUES (1, $1, $2, now() + make_interval(secs => $3)) ON CONFLICT (id) DO NOTHING`,
    [accessToken, refreshToken, ttlSec],
  );
}

/**
 * Stores a rotated pair, fenced on the generation it replaces: a writer holding a stale view changes nothing.
 * Returns false when the fence did not match.
 */
export async function storeRotatedPair(db: Db, previousGeneration: number, pair: { accessToken: string; refreshToken: string; expiresInSec: number }): Promise<boolean> {
  const r = await db.query(
    `UPDATE zalo_tokens SET access_token = $1, refresh_token = $2, access_expires_at = now() + make_interval(secs => $3),
       refreshed_at = now(), generation = generation + 1
     WHERE id = 1 AND generation = $4`,
    [pair.accessToken, pair.refreshToken, pair.expiresInSec, previousGeneration],
  );
  return r.rowCount === 1;
}

/** An administrator re-authorised: replaces the pair unconditionally. */
export async function replaceTokenPair(db: Db, accessToken: string, refreshToken: string, ttlSec: number): Promise<void> {
  await db.query(
    `INSERT INTO zalo_tokens (id, access_token, refresh_token, access_expires_at, refreshed_at)
     VALUES (1, $1, $2, now() + make_interval(secs => $3), now())
     ON CONFLICT (id) DO UPDATE SET access_token = EXCLUDED.access_token, refresh_token = EXCLUDED.refresh_token,
       access_expires_at = EXCLUDED.access_expires_at, refreshed_at = now(), generation = zalo_tokens.generation + 1`,
    [accessToken, refreshToken, ttlSec],
  );
}
