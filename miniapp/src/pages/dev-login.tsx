import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { Button } from 'zmp-ui';
import { APP_BASE } from '../api.ts';
import { goBack, Screen } from '../components/layout.tsx';
import { Empty, ErrorBox, Show, useLoad } from '../components/states.tsx';
import { useSession } from '../session.tsx';
import { devFallback, devLogin, devLogout } from '../zalo.ts';

interface TDevUser { userId: string; name: string; role: string; unit: string | null }
const ROLE: Record<string, string> = { citizen: 'Người dân', officer: 'Cán bộ', leader: 'Lãnh đạo', admin: 'Quản trị' };

/** Simulator mode only: choose a simulator user and get a real simulator mini-app token for them. */
export function DevLoginPage() {
  const s = useSession();
  const navigate = useNavigate();
  const [load, reload] = useLoad(async (signal) => {
    const r = await fetch(`${APP_BASE}dev/users`, { signal });
    if (!r.ok) throw new Error('Không tải được danh sách người dùng của trình mô phỏng.');
    return ((await r.json()) as { users: TDevUser[] }).users;
  }, []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const login = async (userId?: string) => {
    setBusy(true);
    setError(null);
    try {
      await devLogin(APP_BASE, userId);
      s.refresh();
      goBack(navigate);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (s.ready && !devFallback()) {
    return <Screen title="Đăng nhập thử" back><Empty>Chỉ dùng được khi máy chủ chạy với trình mô phỏng Zalo.</Empty></Screen>;
  }
  return (
    <Screen title="Đăng nhập thử" back>
      <p className="help">Trình mô phỏng Zalo: chọn một người dùng để dùng mini app như trong Zalo. Máy chủ vẫn kiểm tra mã đăng nhập với graph /me.</p>
      {s.me ? <p className="notice">Đang đăng nhập: {s.me.name} ({s.me.roleLabel}). <button type="button" className="linklike" onClick={() => { devLogout(); s.refresh(); }}>Đăng xuất</button></p> : null}
      <Button fullWidth variant="secondary" loading={busy} onClick={() => void login()}>Tạo người dân mới và đăng nhập</Button>
      {error ? <ErrorBox error={error} /> : null}
      <Show load={load} retry={reload}>
        {(users) => (users.length ? (
          <ul className="list">
            {users.map((u) => (
              <li key={u.userId}>
                <button type="button" className="row" disabled={busy} onClick={() => void login(u.userId)} data-user-id={u.userId}>
                  <span className="row-title">{u.name}</span>
                  <span className="row-sub">{ROLE[u.role] ?? u.role}{u.unit ? ` · ${u.unit}` : ''} · {u.userId}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : <Empty>Trình mô phỏng chưa có người dùng.</Empty>)}
      </Show>
    </Screen>
  );
}
