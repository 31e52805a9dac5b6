import { randomBytes } from 'node:crypto';
import axios, { type AxiosInstance } from 'axios';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import type { Db } from '../store/db.ts';
import { ZaloAuthError, ZaloHttpError } from './errors.ts';
import { readTokenPair, seedTokenPair, storeRotatedPair, type TTokenPair } from './token-store.ts';

/**
 * The OA's token pair. Refresh tokens are single-use, so exactly one process may refresh at a time (a Redis lock
 * across every instance, plus a generation fence in the database), and the rotated pair is persisted before use.
 */
export interface TTokenManagerOptions {
  db: Db;
  redis: Redis;
  log: Logger;
  oauthBaseUrl: string;
  appId: string;
  appSecret: string;
  initialAccessToken?: string;
  initialRefreshToken?: string;
  lockKey: string;
  http?: AxiosInstance;
  onRefresh?: () => void;
}

const LOCK_TTL_MS = 20_000;
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class TokenManager {
  private cached: TTokenPair | undefined;
  private inFlight: Promise<string> | undefined;
  private readonly http: AxiosInstance;

  constructor(private readonly o: TTokenManagerOptions) {
    this.http = o.http ?? axios.create({ timeout: 10_000 });
  }

  async accessToken(): Promise<string> {
    let pair = this.cached ?? (await this.load());
    // Refresh a little before expiry rather than failing a send first.
    if (pair.accessExpiresAt.getTime() - Date.now() < 60_000) {
      return this.refresh(pair.accessToken);
    }
    pair = this.cached ?? pair;
    return pair.accessToken;
  }

  private async load(): Promise<TTokenPair> {
    let pair = await readTokenPair(this.o.db);
    if (!pair) {
      if (!this.o.initialAccessToken || !this.o.initialRefreshToken) {
        throw new ZaloAuthError('Chưa có cặp token Zalo: đặt ZALO_ACCESS_TOKEN và ZALO_REFRESH_TOKEN (lần đầu) hoặc chạy `cli zalo authorize`.');
      }
      await seedTokenPair(this.o.db, this.o.initialAccessToken, this.o.initialRefreshToken);
      pair = await readTokenPair(this.o.db);
    }
    if (!pair) throw new ZaloAuthError('Không đọc được token Zalo đã lưu.');
    this.cached = pair;
    return pair;
  }

  /** Drops the in-memory copy: another process may have rotated the pair. */
  invalidate(): void {
    this.cached = undefined;
  }

  /**
   * Called with the token Zalo just refused. Returns a token different from it: one another process already
   * rotated in, or a freshly refreshed one. Single-flight within the process and across processes.
   */
  refresh(staleToken: string): Promise<string> {
    this.inFlight ??= this.refreshAcrossProcesses(staleToken).finally(() => { this.inFlight = undefined; });
    return this.inFlight;
  }

  private async refreshAcrossProcesses(staleToken: string): Promise<string> {
    const owner = randomBytes(12).toString('hex');
    const deadline = Date.now() + LOCK_TTL_MS * 2;
    for (;;) {
      const stored = await readTokenPair(this.o.db);
      if (stored && stored.accessToken !== staleToken && stored.accessExpiresAt.getTime() > Date.now() + 60_000) {
        this.cached = stored;
        return stored.accessToken;
      }
      const got = await this.o.redis.set(this.o.lockKey, owner, 'PX', LOCK_TTL_MS, 'NX');
      if (got === 'OK') {
        try {
          return await this.refreshHoldingLock(staleToken);
        } finally {
          await this.o.redis.eval(RELEASE_SCRIPT, 1, this.o.lockKey, owner).catch(() => {});
        }
      }
      if (Date.now() > deadline) throw new ZaloHttpError('Timed out waiting for another process to refresh the Zalo token', 'oauth');
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 100));
    }
  }

  private async refreshHoldingLock(staleToken: string): Promise<string> {
    const current = await readTokenPair(this.o.db);
    if (!current) throw new ZaloAuthError('Không có token Zalo để làm mới.');
    // Re-check under the lock: the previous holder may have finished just before we got it.
    if (current.accessToken !== staleToken && current.accessExpiresAt.getTime() > Date.now() + 60_000) {
      this.cached = current;
      return current.accessToken;
    }
    const form = new URLSearchParams({ refresh_token: current.refreshToken, app_id: this.o.appId, grant_type: 'refresh_token' });
    let data: { access_token?: string; refresh_token?: string; expires_in?: string | number; error?: number; message?: string; error_name?: string };
    try {
      const res = await this.http.post(`${this.o.oauthBaseUrl}/v4/oa/access_token`, form.toString(), {
        headers: { secret_key: this.o.appSecret, 'content-type': 'application/x-www-form-urlencoded' },
        validateStatus: () => true,
      });
      if (res.status >= 500) throw new ZaloHttpError(`OAuth answered HTTP ${res.status}`, 'oauth', res.status);
      data = res.data;
    } catch (err) {
      if (err instanceof ZaloHttpError) throw err;
      throw new ZaloHttpError(`OAuth request failed: ${(err as Error).message}`, 'oauth');
    }
    if (!data?.access_token || !data.refresh_token) {
      this.o.log.error({ zaloError: data?.error, zaloMessage: data?.message ?? data?.error_name }, 'Zalo refused the refresh token: an administrator must re-authorise the OA');
      throw new ZaloAuthError(`Zalo từ chối làm mới token (${data?.error ?? '?'}): cần cấp quyền lại cho OA.`);
    }
    const expiresInSec = Number(data.expires_in ?? 90_000) || 90_000;
    // Persist before use: the old refresh token is already dead.
    const stored = await storeRotatedPair(this.o.db, current.generation, { accessToken: data.access_token, refreshToken: data.refresh_token, expiresInSec });
    if (!stored) this.o.log.error('token pair changed while holding the refresh lock; keeping the newest stored pair');
    this.o.onRefresh?.();
    this.o.log.info({ generation: current.generation + 1 }, 'Zalo access token refreshed');
    const fresh = await readTokenPair(this.o.db);
    this.cached = fresh;
    return fresh?.accessToken ?? data.access_token;
  }
}
