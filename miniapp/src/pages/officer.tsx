import { useEffect, useState } from 'react';
import { Link, NavLink, useNavigate, useSearchParams } from 'react-router-dom';
import { Button } from 'zmp-ui';
import { apiDownload, apiGet, apiSend, type TUnit } from '../api.ts';
import { BarChart } from '../components/bar-chart.tsx';
import { Screen, Section } from '../components/layout.tsx';
import { NeedLogin } from '../components/need-login.tsx';
import { Empty, ErrorBox, Show, useLoad } from '../components/states.tsx';
import { formatChange, formatDate, formatDateTime, formatNumber, formatPercent, todayKey } from '../format.ts';
import { useSession } from '../session.tsx';
import { statusClass } from './my-feedback.tsx';

const AUTHORITIES = ['district', 'province', 'vertical', 'commune'] as const;
const AUTH_LABEL: Record<string, string> = { district: 'Cấp huyện', province: 'Cấp tỉnh', vertical: 'Ngành dọc', commune: 'Cấp xã' };
const SOURCE_LABEL: Record<string, string> = { national_portal: 'Cổng DVC quốc gia', province: 'Cấp tỉnh chuyển', city: 'Thành phố (Zalo, mini app…)' };

interface TDossierFig { total: number; new: number; carried_over: number; resolved: number; early_plus_on_time: number; late: number; pending: number; pending_overdue: number; on_time_rate_percent: number | null }
interface TFigures {
  period: { key: string; label: string; start: string; end: string; partial: boolean };
  dossiers: Record<string, TDossierFig>;
  online_and_digitisation: { fully_online_rate_percent: number | null; digitised_at_receipt_rate_percent: number | null };
  feedback: Record<string, { new: number; carried_over: number; resolved: number; processing: number }>;
}

function useUnits(): TUnit[] {
  const [units, setUnits] = useState<TUnit[]>([]);
  useEffect(() => { apiGet<{ units: TUnit[] }>('app/units').then((r) => setUnits(r.units), () => setUnits([])); }, []);
  return units;
}

function OfficerTabs() {
  return (
    <nav className="subtabs" aria-label="Trang cán bộ">
      <NavLink to="/officer" end>Số liệu</NavLink>
      <NavLink to="/officer/inbox">Hộp thư phản ánh</NavLink>
      <NavLink to="/officer/report">Báo cáo</NavLink>
    </nav>
  );
}

/** The change against the previous period; `upIsBad` for counts where more is worse (overdue). */
function Change({ now, before, percent, upIsBad }: { now: number | null; before: number | null; percent?: boolean; upIsBad?: boolean }) {
  if (now === null || before === null) return <span className="muted">—</span>;
  const d = now - before;
  const good = upIsBad ? d < 0 : d > 0;
  return <span className={d === 0 ? 'muted' : good ? 'up' : 'down'}>{formatChange(d)}{percent ? ' điểm' : ''}</span>;
}

/** The last 60 reporting months, newest first, as "06/2024" (a select: the browser's month picker is not Vietnamese everywhere). */
function periodOptions(): { key: string; label: string }[] {
  const [y, m] = todayKey().split('-').map(Number) as [number, number];
  return Array.from({ length: 60 }, (_, i) => {
    const idx = y * 12 + (m - 1) - i;
    const yy = Math.floor(idx / 12);
    const mm = String((idx % 12) + 1).padStart(2, '0');
    return { key: `${yy}-${mm}`, label: `${mm}/${yy}` };
  });
}

function PeriodSelect({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
      {periodOptions().map((p) => <option key={p.key} value={p.key}>{p.label}</option>)}
    </select>
  );
}

function Figures() {
  const units = useUnits();
  const [period, setPeriod] = useState(todayKey());
  const [unit, setUnit] = useState('');
  const [load, reload] = useLoad((signal) => apiGet<{ current: TFigures; previous: TFigures }>(`app/officer/figures?period=${encodeURIComponent(period)}${unit ? `&unit=${encodeURIComponent(unit)}` : ''}`, { signal }), [period, unit]);
  return (
    <>
      <div className="filters">
        <label htmlFor="fig-period">Kỳ báo cáo</label>
        <PeriodSelect id="fig-period" value={period} onChange={setPeriod} />
        <label htmlFor="fig-unit">Nơi tiếp nhận</label>
        <select id="fig-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
          <option value="">Toàn bộ</option>
          {units.map((u) => <option key={u.code} value={u.code}>{u.shortName}</option>)}
        </select>
      </div>
      <Show load={load} retry={reload} loading="Đang tính số liệu…">
        {({ current: c, previous: p }) => {
          const rows = AUTHORITIES.filter((a) => (c.dossiers[a]?.total ?? 0) + (p.dossiers[a]?.total ?? 0) > 0);
          const label = `Tháng ${c.period.label}`;
          return (
            <>
              <p className="help">{label}: {formatDate(c.period.start)} – {formatDate(c.period.end)}{c.period.partial ? ' (số liệu đến hôm nay)' : ''}. So với tháng {p.period.label}.</p>
              {rows.length === 0 ? <Empty>Chưa có dữ liệu hồ sơ của kỳ này.</Empty> : (
                <>
                  <Section title="Tổng số hồ sơ theo cấp thẩm quyền">
                    <BarChart title={`Tổng số hồ sơ ${label} so với tháng ${p.period.label}`} currentLabel={label} previousLabel={`Tháng ${p.period.label}`}
                      rows={rows.map((a) => ({ label: AUTH_LABEL[a]!, current: c.dossiers[a]!.total, previous: p.dossiers[a]!.total }))} />
                  </Section>
                  <Section title="Chi tiết và thay đổi so với kỳ trước">
                    <div className="table-wrap">
                      <table className="figures">
                        <thead><tr><th scope="col">Cấp</th><th scope="col">Tổng</th><th scope="col">Đã giải quyết</th><th scope="col">Quá hạn</th><th scope="col">Đúng hạn</th></tr></thead>
                        <tbody>
                          {rows.map((a) => {
                            const x = c.dossiers[a]!;
                            const y = p.dossiers[a]!;
                            return (
                              <tr key={a}>
                                <th scope="row">{AUTH_LABEL[a]}</th>
                                <td>{formatNumber(x.total)}<br /><Change now={x.total} before={y.total} /></td>
                                <td>{formatNumber(x.resolved)}<br /><Change now={x.resolved} before={y.resolved} /></td>
                                <td>{formatNumber(x.pending_overdue)}<br /><Change now={x.pending_overdue} before={y.pending_overdue} upIsBad /></td>
                                <td>{formatPercent(x.on_time_rate_percent)}<br /><Change now={x.on_time_rate_percent} before={y.on_time_rate_percent} percent /></td>
                              </tr>
                            );
                          })}
                        </tbody>
                      </table>
                    </div>
                    <p className="help">Toàn trình: {formatPercent(c.online_and_digitisation.fully_online_rate_percent, 2)} · Số hóa khi tiếp nhận: {formatPercent(c.online_and_digitisation.digitised_at_receipt_rate_percent, 2)}</p>
                  </Section>
                </>
              )}
              <Section title="Phản ánh, kiến nghị theo nguồn">
                <ul className="list compact">
                  {Object.entries(c.feedback).map(([s, f]) => (
                    <li key={s}><span>{SOURCE_LABEL[s] ?? s}</span><span>mới {formatNumber(f.new)} · đã giải quyết {formatNumber(f.resolved)} · đang xử lý {formatNumber(f.processing)}</span></li>
                  ))}
                </ul>
              </Section>
            </>
          );
        }}
      </Show>
    </>
  );
}

export function OfficerFiguresPage() {
  return (
    <Screen title="Số liệu một cửa">
      <NeedLogin officer><OfficerTabs /><Figures /></NeedLogin>
    </Screen>
  );
}

interface TInboxItem { code: string; status: string; subject: string | null; content: string; unitCode: string; receivedDate: string; dueDate: string | null; channel: string }
const STATUS_LABEL: Record<string, string> = { received: 'Đang xử lý', answered: 'Đã trả lời', rejected: 'Từ chối xử lý', reopened: 'Đang xử lý lại' };

function Inbox() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? 'open';
  const units = useUnits();
  const unit = params.get('unit') ?? '';
  const { me } = useSession();
  const [load, reload] = useLoad((signal) => apiGet<{ items: TInboxItem[] }>(`app/officer/feedback?limit=100${status !== 'all' ? `&status=${status}` : ''}${unit ? `&unit=${encodeURIComponent(unit)}` : ''}`, { signal }), [status, unit]);
  const set = (k: string, v: string) => { const n = new URLSearchParams(params); if (v) n.set(k, v); else n.delete(k); setParams(n, { replace: true }); };
  const unitName = (code: string) => units.find((u) => u.code === code)?.shortName ?? code;
  return (
    <>
      <div className={`filters${me?.role === 'officer' ? ' one' : ''}`}>
        <label htmlFor="inbox-status">Trạng thái</label>
        <select id="inbox-status" value={status} onChange={(e) => set('status', e.target.value)}>
          <option value="open">Chưa trả lời</option>
          <option value="answered">Đã trả lời</option>
          <option value="rejected">Từ chối xử lý</option>
          <option value="all">Tất cả</option>
        </select>
        {me?.role !== 'officer' ? (
          <>
            <label htmlFor="inbox-unit">Đơn vị</label>
            <select id="inbox-unit" value={unit} onChange={(e) => set('unit', e.target.value)}>
              <option value="">Tất cả đơn vị</option>
              {units.map((u) => <option key={u.code} value={u.code}>{u.shortName}</option>)}
            </select>
          </>
        ) : null}
      </div>
      <Show load={load} retry={reload} loading="Đang tải hộp thư…">
        {(d) => (d.items.length ? (
          <ul className="list">
            {d.items.map((i) => {
              const overdue = (i.status === 'received' || i.status === 'reopened') && i.dueDate !== null && i.dueDate < new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
              return (
                <li key={i.code}>
                  <Link to={`/officer/inbox/${i.code}`} className="row">
                    <span className="row-head"><strong>{i.code}</strong><span className={`badge ${overdue ? 'bad' : statusClass(i.status)}`}>{overdue ? 'Quá hạn' : STATUS_LABEL[i.status]}</span></span>
                    <span className="row-title">{i.subject ?? i.content.slice(0, 80)}</span>
                    <span className="row-sub">{unitName(i.unitCode)} · nhận {formatDate(i.receivedDate)} · hạn {formatDate(i.dueDate)}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        ) : <Empty>Không có phản ánh nào {status === 'open' ? 'đang chờ trả lời' : 'theo bộ lọc này'}.</Empty>)}
      </Show>
    </>
  );
}

export function OfficerInboxPage() {
  return (
    <Screen title="Hộp thư phản ánh">
      <NeedLogin officer><OfficerTabs /><Inbox /></NeedLogin>
    </Screen>
  );
}

interface TOfficerItem {
  item: TInboxItem & { answer: string | null; rejectReason: string | null; rating: string | null; procedureCode: string | null };
  attachments: { seq: number; url?: string; status: string; mime: string | null }[];
  events?: { at: string; actor: string; action: string; detail: Record<string, unknown> }[];
}

function OfficerItem({ code }: { code: string }) {
  const { me } = useSession();
  const units = useUnits();
  const navigate = useNavigate();
  const [load, reload] = useLoad((signal) => apiGet<TOfficerItem>(`app/officer/feedback/${encodeURIComponent(code)}`, { signal }), [code]);
  const [text, setText] = useState('');
  const [unit, setUnit] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<string | null>(null);
  const [err, setErr] = useState<unknown>(null);
  const act = async (path: string, body: unknown) => {
    setBusy(true); setErr(null); setMsg(null);
    try {
      const r = await apiSend<{ message: string }>('POST', `app/officer/feedback/${encodeURIComponent(code)}/${path}`, body);
      setMsg(r.message);
      setText('');
      reload();
    } catch (e) {
      setErr(e);
    } finally {
      setBusy(false);
    }
  };
  const ACT: Record<string, string> = { filed: 'Tiếp nhận', answered: 'Trả lời', rejected: 'Từ chối', reassigned: 'Chuyển đơn vị', rated: 'Người dân đánh giá', reopened: 'Mở lại', followed: 'Có người theo dõi' };
  return (
    <Show load={load} retry={reload} loading="Đang tải phản ánh…">
      {({ item, attachments, events }) => {
        const open = item.status === 'received' || item.status === 'reopened';
        return (
          <article className="feedback">
            <p className="row-head"><strong className="code">{item.code}</strong><span className={`badge ${statusClass(item.status)}`}>{STATUS_LABEL[item.status]}</span></p>
            <dl className="facts card facts-card">
              <dt>Đơn vị</dt><dd>{units.find((u) => u.code === item.unitCode)?.shortName ?? item.unitCode}</dd>
              <dt>Nhận</dt><dd>{formatDate(item.receivedDate)} ({item.channel === 'miniapp' ? 'mini app' : item.channel})</dd>
              <dt>Hạn trả lời</dt><dd>{formatDate(item.dueDate)}</dd>
              {item.procedureCode ? <><dt>Thủ tục</dt><dd>{item.procedureCode}</dd></> : null}
            </dl>
            <Section title="Nội dung"><p className="pre">{item.content}</p>
              {attachments.some((a) => a.url) ? (
                <ul className="photos">{attachments.filter((a) => a.url).map((a) => <li key={a.seq}><a href={a.url} target="_blank" rel="noreferrer"><img src={a.url} alt={`Ảnh ${a.seq} kèm phản ánh`} /></a></li>)}</ul>
              ) : null}
            </Section>
            {item.answer ? <Section title="Câu trả lời"><p className="pre answer">{item.answer}</p></Section> : null}
            {item.rejectReason ? <Section title="Lý do từ chối"><p className="pre">{item.rejectReason}</p></Section> : null}
            {open ? (
              <Section title="Xử lý">
                <form className="form" onSubmit={(e) => { e.preventDefault(); void act('answer', { text }); }}>
                  <label htmlFor="answer-text">Nội dung trả lời hoặc lý do từ chối</label>
                  <textarea id="answer-text" rows={5} maxLength={4000} value={text} onChange={(e) => setText(e.target.value)} />
                  <div className="actions row2">
                    <Button htmlType="submit" loading={busy} disabled={busy || text.trim().length < 5}>Gửi trả lời</Button>
                    <Button variant="secondary" disabled={busy || text.trim().length < 5} onClick={() => void act('reject', { reason: text })}>Từ chối xử lý</Button>
                  </div>
                </form>
                {me?.can.reassign ? (
                  <form className="form" onSubmit={(e) => { e.preventDefault(); if (unit) void act('reassign', { unit }); }}>
                    <label htmlFor="reassign-unit">Chuyển cho đơn vị</label>
                    <select id="reassign-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
                      <option value="">Chọn đơn vị…</option>
                      {units.filter((u) => u.code !== item.unitCode).map((u) => <option key={u.code} value={u.code}>{u.shortName}</option>)}
                    </select>
                    <Button htmlType="submit" variant="secondary" disabled={busy || !unit}>Chuyển</Button>
                  </form>
                ) : <p className="help">Chỉ lãnh đạo được chuyển phản ánh sang đơn vị khác.</p>}
              </Section>
            ) : null}
            {msg ? <p className="notice" role="status">{msg}</p> : null}
            {err ? <ErrorBox error={err} /> : null}
            {events?.length ? (
              <Section title="Diễn biến">
                <ol className="timeline">{events.map((e, i) => <li key={i}><span className="when">{formatDateTime(e.at)}</span><span className="what">{ACT[e.action] ?? e.action}</span></li>)}</ol>
              </Section>
            ) : null}
            <Button variant="tertiary" onClick={() => navigate('/officer/inbox')}>Về hộp thư</Button>
          </article>
        );
      }}
    </Show>
  );
}

export function OfficerItemPage({ code }: { code: string }) {
  return (
    <Screen title="Xử lý phản ánh" back>
      <NeedLogin officer><OfficerItem code={code} /></NeedLogin>
    </Screen>
  );
}

interface TTexts { period: { key: string; label: string }; parts: { part: string; label: string; text: string; updated_by: string | null; updated_at: string | null }[] }

function Report() {
  const { me } = useSession();
  const [period, setPeriod] = useState(todayKey());
  const [load, reload] = useLoad((signal) => apiGet<TTexts>(`app/officer/reports/${period}/texts`, { signal }), [period]);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const [err, setErr] = useState<unknown>(null);
  useEffect(() => { setDrafts({}); setMsg(null); }, [period]);
  const download = async () => {
    setBusy('download'); setErr(null);
    try {
      const { blob, fileName } = await apiDownload(`app/officer/reports/${period}.docx`);
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      setMsg(`Đã tải “${fileName}”.`);
    } catch (e) { setErr(e); } finally { setBusy(null); }
  };
  const save = async (part: string) => {
    setBusy(part); setErr(null); setMsg(null);
    try {
      await apiSend('PUT', `app/officer/reports/${period}/texts`, { part, text: drafts[part] ?? '' });
      setMsg('Đã lưu.');
      setDrafts((d) => { const n = { ...d }; delete n[part]; return n; });
      reload();
    } catch (e) { setErr(e); } finally { setBusy(null); }
  };
  return (
    <>
      <div className="filters one">
        <label htmlFor="report-period">Kỳ báo cáo</label>
        <PeriodSelect id="report-period" value={period} onChange={setPeriod} />
      </div>
      <Button fullWidth loading={busy === 'download'} onClick={() => void download()}>Tải báo cáo (DOCX)</Button>
      {msg ? <p className="notice" role="status">{msg}</p> : null}
      {err ? <ErrorBox error={err} /> : null}
      <Show load={load} retry={reload} loading="Đang tải lời văn báo cáo…">
        {(t) => (
          <Section title={`Lời văn báo cáo tháng ${t.period.label}`}>
            {!me?.can.writeReport ? <p className="help">Bạn xem được lời văn; lãnh đạo và cán bộ bộ phận đầu mối sửa được.</p> : null}
            {t.parts.map((p) => (
              <div key={p.part} className="part">
                <label htmlFor={`part-${p.part}`}>{/^[IVX]+(\.\d+)*$/.test(p.part) ? `${p.part}. ` : ''}{p.label}</label>
                <textarea id={`part-${p.part}`} rows={4} value={drafts[p.part] ?? p.text} readOnly={!me?.can.writeReport} onChange={(e) => setDrafts({ ...drafts, [p.part]: e.target.value })} />
                {p.updated_at ? <p className="help">Sửa lần cuối {formatDateTime(p.updated_at)}</p> : null}
                {me?.can.writeReport && drafts[p.part] !== undefined ? <Button size="small" loading={busy === p.part} onClick={() => void save(p.part)}>Lưu</Button> : null}
              </div>
            ))}
          </Section>
        )}
      </Show>
    </>
  );
}

export function OfficerReportPage() {
  return (
    <Screen title="Báo cáo tháng">
      <NeedLogin officer><OfficerTabs /><Report /></NeedLogin>
    </Screen>
  );
}
