import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { apiGet, ApiError, APP_BASE, type TMe } from './api.ts';
import { devFallback, getAccessToken, loadServerConfig } from './zalo.ts';

export interface TSession {
  ready: boolean;
  me: TMe | null;
  /** why there is no user: no token (open in Zalo / dev login), or the check failed */
  problem: 'no-token' | 'error' | null;
  error: string | null;
  dev: boolean;
  refresh: () => void;
}

const Ctx = createContext<TSession>({ ready: false, me: null, problem: null, error: null, dev: false, refresh: () => {} });
export const useSession = () => useContext(Ctx);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [s, setS] = useState<Omit<TSession, 'refresh'>>({ ready: false, me: null, problem: null, error: null, dev: false });
  const [n, setN] = useState(0);
  const refresh = useCallback(() => setN((x) => x + 1), []);
  useEffect(() => {
    let alive = true;
    (async () => {
      await loadServerConfig(APP_BASE);
      const dev = devFallback();
      const token = await getAccessToken().catch(() => undefined);
      if (!token) return { ready: true, me: null, problem: 'no-token' as const, error: null, dev };
      try {
        return { ready: true, me: await apiGet<TMe>('me'), problem: null, error: null, dev };
      } catch (err) {
        const noToken = err instanceof ApiError && err.status === 401;
        return { ready: true, me: null, problem: noToken ? 'no-token' as const : 'error' as const, error: (err as Error).message, dev };
      }
    })().then((v) => { if (alive) setS(v); });
    return () => { alive = false; };
  }, [n]);
  return <Ctx.Provider value={{ ...s, refresh }}>{children}</Ctx.Provider>;
}
