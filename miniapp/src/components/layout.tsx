import type { ReactNode } from 'react';
import { NavLink, useNavigate, type NavigateFunction } from 'react-router-dom';
import { Page } from 'zmp-ui';
import { useSession } from '../session.tsx';

/** Back within the app; to the home page when the app was opened on this page (a QR link, a deep link). */
export function goBack(navigate: NavigateFunction): void {
  const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
  if (idx > 0) navigate(-1);
  else navigate('/', { replace: true });
}

export function Screen({ title, back, children, className }: { title: string; back?: boolean; children: ReactNode; className?: string }) {
  const navigate = useNavigate();
  return (
    <Page className={`screen ${className ?? ''}`}>
      <header className="topbar">
        {back ? (
          <button type="button" className="back" aria-label="Quay lại" onClick={() => goBack(navigate)}>
            <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="M15 5l-7 7 7 7" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" /></svg>
          </button>
        ) : null}
        <h1>{title}</h1>
      </header>
      <main className="content">{children}</main>
      <BottomNav />
    </Page>
  );
}

const ICONS: Record<string, string> = {
  home: 'M3 11l9-7 9 7v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z',
  send: 'M4 4h16v12H7l-3 3z',
  list: 'M5 6h14M5 12h14M5 18h9',
  search: 'M11 4a7 7 0 1 0 0 14a7 7 0 0 0 0-14zM20 20l-4-4',
  chart: 'M5 20V10M12 20V4M19 20v-7',
};

function Tab({ to, label, icon, end }: { to: string; label: string; icon: string; end?: boolean }) {
  return (
    <NavLink to={to} end={end} className={({ isActive }) => `tab${isActive ? ' active' : ''}`}>
      <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true"><path d={ICONS[icon]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" /></svg>
      <span>{label}</span>
    </NavLink>
  );
}

export function BottomNav() {
  const { me } = useSession();
  return (
    <nav className="bottomnav" aria-label="Điều hướng chính">
      <Tab to="/" end label="Thủ tục" icon="home" />
      <Tab to="/feedback/new" label="Phản ánh" icon="send" />
      <Tab to="/feedback" end label="Của tôi" icon="list" />
      <Tab to="/dossier" label="Hồ sơ" icon="search" />
      {me?.can.officerPages ? <Tab to="/officer" label="Cán bộ" icon="chart" /> : null}
    </nav>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}
