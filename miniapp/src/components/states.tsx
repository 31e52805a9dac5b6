import type { ReactNode } from 'react';
import { useEffect, useState } from 'react';
import { Button, Spinner } from 'zmp-ui';
import { ApiError } from '../api.ts';

export function Loading({ label = 'Đang tải…' }: { label?: string }) {
  return (
    <div className="state" role="status" aria-live="polite">
      <Spinner visible />
      <p>{label}</p>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state empty" role="status">{children}</div>;
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const message = error instanceof Error ? error.message : 'Đã có lỗi, xin thử lại.';
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div className={`state error${forbidden ? ' forbidden' : ''}`} role="alert">
      <p>{message}</p>
      {onRetry && !forbidden ? <Button size="small" variant="secondary" onClick={onRetry}>Thử lại</Button> : null}
    </div>
  );
}

export type TLoad<T> = { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ok'; data: T };

/** Loads `fn` when `deps` change; `reload()` runs it again. Stale answers are dropped. */
export function useLoad<T>(fn: (signal: AbortSignal) => Promise<T>, deps: unknown[]): [TLoad<T>, () => void] {
  const [n, setN] = useState(0);
  const [s, setS] = useState<TLoad<T>>({ state: 'loading' });
  useEffect(() => {
    const ac = new AbortController();
    setS({ state: 'loading' });
    fn(ac.signal).then(
      (data) => { if (!ac.signal.aborted) setS({ state: 'ok', data }); },
      (error: unknown) => { if (!ac.signal.aborted) setS({ state: 'error', error }); },
    );
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, n]);
  return [s, () => setN((x) => x + 1)];
}

export function Show<T>({ load, retry, children, loading }: { load: TLoad<T>; retry?: () => void; children: (data: T) => ReactNode; loading?: string }) {
  if (load.state === 'loading') return <Loading label={loading} />;
  if (load.state === 'error') return <ErrorBox error={load.error} onRetry={retry} />;
  return <>{children(load.data)}</>;
}
