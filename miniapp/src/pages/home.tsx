import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { apiGet, type TProcedureSummary, type TSearchAnswer } from '../api.ts';
import { Screen, Section } from '../components/layout.tsx';
import { Empty, ErrorBox, Loading, Show, useLoad } from '../components/states.tsx';
import { formatNumber } from '../format.ts';
import { recentProcedures } from '../recent.ts';
import { useSession } from '../session.tsx';

interface TListed { count: number; procedures: (TProcedureSummary & { sector: string | null })[] }

function ProcedureList({ items }: { items: TProcedureSummary[] }) {
  return (
    <ul className="list">
      {items.map((p) => (
        <li key={p.code}>
          <Link to={`/procedure/${p.code}`} className="row">
            <span className="row-title">{p.name}</span>
            <span className="row-sub">{p.code} · {p.field}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function HomePage() {
  const { me } = useSession();
  const [q, setQ] = useState('');
  const [debounced, setDebounced] = useState('');
  // Typing searches with partial=1 (not logged as a catalogue gap); Enter searches for real.
  const [submitted, setSubmitted] = useState(false);
  useEffect(() => {
    setSubmitted(false);
    const t = setTimeout(() => setDebounced(q.trim()), 250);
    return () => clearTimeout(t);
  }, [q]);
  const [search, setSearch] = useState<{ state: 'idle' } | { state: 'loading' } | { state: 'ok'; data: TSearchAnswer } | { state: 'error'; error: unknown }>({ state: 'idle' });
  useEffect(() => {
    if (debounced.length < 2) return void setSearch({ state: 'idle' });
    const ac = new AbortController();
    setSearch({ state: 'loading' });
    apiGet<TSearchAnswer>(`procedures?limit=8${submitted ? '' : '&partial=1'}&q=${encodeURIComponent(debounced)}`, { signal: ac.signal }).then(
      (data) => setSearch({ state: 'ok', data }),
      (error: unknown) => { if (!ac.signal.aborted) setSearch({ state: 'error', error }); },
    );
    return () => ac.abort();
  }, [debounced, submitted]);
  const [all, reload] = useLoad((signal) => apiGet<TListed>('procedures', { signal }), []);
  const fields = useMemo(() => {
    if (all.state !== 'ok') return [];
    const m = new Map<string, number>();
    for (const p of all.data.procedures) m.set(p.field, (m.get(p.field) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'vi'));
  }, [all]);
  const recent = recentProcedures();

  return (
    <Screen title="Thủ tục hành chính">
      <p className="greeting">{me ? `Xin chào ${me.name}!` : 'Xin chào!'} Bạn cần làm thủ tục gì?</p>
      <form role="search" className="search" onSubmit={(e) => { e.preventDefault(); setDebounced(q.trim()); setSubmitted(true); }}>
        <label htmlFor="q" className="sr-only">Tìm thủ tục</label>
        <input id="q" type="search" inputMode="search" autoComplete="off" placeholder="Ví dụ: khai sinh, sổ đỏ, căn cước…" value={q} onChange={(e) => setQ(e.target.value)} />
      </form>
      {search.state === 'loading' ? <Loading label="Đang tìm…" /> : null}
      {search.state === 'error' ? <ErrorBox error={search.error} /> : null}
      {search.state === 'ok' ? (
        <Section title={`Kết quả cho “${debounced}”`}>
          {search.data.didYouMean ? <p className="hint">Có phải bạn muốn tìm: <button type="button" className="linklike" onClick={() => setQ(search.data.didYouMean!)}>{search.data.didYouMean}</button>?</p> : null}
          {search.data.results.length ? <ProcedureList items={search.data.results} /> : <Empty>Không tìm thấy thủ tục phù hợp. Thử gõ ngắn hơn, ví dụ “khai sinh”.</Empty>}
        </Section>
      ) : null}
      {search.state === 'idle' ? (
        <>
          {recent.length ? (
            <Section title="Xem gần đây">
              <ProcedureList items={recent.map((r) => ({ ...r, field: 'đã xem' }))} />
            </Section>
          ) : null}
          <Section title="Lĩnh vực">
            <Show load={all} retry={reload} loading="Đang tải danh mục…">
              {() => (fields.length ? (
                <ul className="chips">
                  {fields.map(([field, n]) => (
                    <li key={field}><Link className="chip" to={`/field/${encodeURIComponent(field)}`}>{field} <span className="count">{formatNumber(n)}</span></Link></li>
                  ))}
                </ul>
              ) : <Empty>Danh mục thủ tục chưa có dữ liệu.</Empty>)}
            </Show>
          </Section>
          <div className="quick">
            <Link className="btn" to="/feedback/new">Gửi phản ánh, kiến nghị</Link>
            <Link className="btn secondary" to="/dossier">Tra cứu hồ sơ</Link>
          </div>
        </>
      ) : null}
    </Screen>
  );
}

export function FieldPage({ field }: { field: string }) {
  const [list, reload] = useLoad((signal) => apiGet<TListed>(`procedures?field=${encodeURIComponent(field)}`, { signal }), [field]);
  return (
    <Screen title={field} back>
      <Show load={list} retry={reload}>
        {(d) => (d.procedures.length ? <ProcedureList items={d.procedures} /> : <Empty>Lĩnh vực này chưa có thủ tục.</Empty>)}
      </Show>
    </Screen>
  );
}
