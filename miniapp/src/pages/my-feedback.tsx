import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Button } from 'zmp-ui';
import { apiGet, apiSend, type TFeedbackView } from '../api.ts';
import { Screen, Section } from '../components/layout.tsx';
import { NeedLogin } from '../components/need-login.tsx';
import { Empty, ErrorBox, Show, useLoad } from '../components/states.tsx';
import { formatDate, formatDateTime } from '../format.ts';

interface TMine { items: { code: string; status: string; statusLabel: string; subject: string; receivedDate: string; dueDate: string | null; closedDate: string | null; unit: string; canRate: boolean }[] }

export function statusClass(status: string): string {
  return status === 'answered' ? 'ok' : status === 'rejected' ? 'bad' : 'open';
}

function MyList() {
  const [load, reload] = useLoad((signal) => apiGet<TMine>('app/feedback', { signal }), []);
  return (
    <Show load={load} retry={reload} loading="Đang tải phản ánh của bạn…">
      {(d) => (d.items.length ? (
        <ul className="list">
          {d.items.map((i) => (
            <li key={i.code}>
              <Link to={`/feedback/${i.code}`} className="row">
                <span className="row-head"><strong>{i.code}</strong><span className={`badge ${statusClass(i.status)}`}>{i.statusLabel}</span></span>
                <span className="row-title">{i.subject}</span>
                <span className="row-sub">Gửi {formatDate(i.receivedDate)} · {i.closedDate ? `xong ${formatDate(i.closedDate)}` : `hạn ${formatDate(i.dueDate)}`}{i.canRate ? ' · chờ bạn đánh giá' : ''}</span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>
          <p>Bạn chưa gửi phản ánh nào.</p>
          <Link className="btn" to="/feedback/new">Gửi phản ánh</Link>
        </Empty>
      ))}
    </Show>
  );
}

export function MyFeedbackPage() {
  return (
    <Screen title="Phản ánh của tôi">
      <NeedLogin><MyList /></NeedLogin>
    </Screen>
  );
}

const ACTIONS: Record<string, string> = {
  filed: 'Đã tiếp nhận',
  reassigned: 'Chuyển đơn vị xử lý',
  answered: 'Đã trả lời',
  rejected: 'Từ chối xử lý',
  rated: 'Bạn đã đánh giá',
  reopened: 'Mở lại để xem xét tiếp',
};

export function Timeline({ events }: { events: TFeedbackView['timeline'] }) {
  return (
    <ol className="timeline">
      {events.map((e, i) => (
        <li key={i}>
          <span className="when">{formatDateTime(e.at)}</span>
          <span className="what">
            {ACTIONS[e.action] ?? e.action}
            {e.unit ? `: ${e.unit}` : ''}
            {e.rating ? `: ${e.rating === 'satisfied' ? 'hài lòng' : 'chưa hài lòng'}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Detail({ code }: { code: string }) {
  const [load, reload] = useLoad((signal) => apiGet<{ item: TFeedbackView }>(`app/feedback/${encodeURIComponent(code)}`, { signal }), [code]);
  const [rating, setRating] = useState<{ busy: boolean; message: string | null; error: unknown }>({ busy: false, message: null, error: null });
  const rate = async (value: 'satisfied' | 'unsatisfied') => {
    setRating({ busy: true, message: null, error: null });
    try {
      const r = await apiSend<{ message: string }>('POST', `app/feedback/${encodeURIComponent(code)}/rate`, { rating: value });
      setRating({ busy: false, message: r.message, error: null });
      reload();
    } catch (error) {
      setRating({ busy: false, message: null, error });
    }
  };
  return (
    <Show load={load} retry={reload} loading="Đang tải phản ánh…">
      {({ item }) => (
        <article className="feedback">
          <p className="row-head"><strong className="code">{item.code}</strong><span className={`badge ${statusClass(item.status)}`}>{item.statusLabel}</span></p>
          <dl className="facts card facts-card">
            <dt>Đơn vị xử lý</dt><dd>{item.unit.name}</dd>
            <dt>Ngày gửi</dt><dd>{formatDate(item.receivedDate)}</dd>
            {item.open ? <><dt>Hạn trả lời</dt><dd>{formatDate(item.dueDate)}</dd></> : null}
            {item.procedureCode ? <><dt>Thủ tục</dt><dd><Link to={`/procedure/${item.procedureCode}`}>{item.procedureCode}</Link></dd></> : null}
          </dl>
          <Section title="Nội dung">
            <p className="pre">{item.content}</p>
            {item.photos.some((p) => p.url) ? (
              <ul className="photos">
                {item.photos.filter((p) => p.url).map((p) => <li key={p.seq}><img src={p.url} alt={`Ảnh ${p.seq} của phản ánh`} /></li>)}
              </ul>
            ) : null}
            {item.photos.filter((p) => p.status === 'rejected').map((p) => <p key={p.seq} className="help">{p.reason}</p>)}
          </Section>
          {item.answer ? (
            <Section title="Câu trả lời">
              <p className="pre answer">{item.answer}</p>
              <p className="help">Trả lời ngày {formatDate(item.closedDate ?? item.answeredAt)}</p>
            </Section>
          ) : null}
          {item.rejectReason && item.status === 'rejected' ? (
            <Section title="Lý do từ chối xử lý"><p className="pre">{item.rejectReason}</p></Section>
          ) : null}
          {item.canRate ? (
            <Section title="Bạn có hài lòng với câu trả lời?">
              <div className="actions row2">
                <Button loading={rating.busy} onClick={() => void rate('satisfied')}>Hài lòng</Button>
                <Button variant="secondary" disabled={rating.busy} onClick={() => void rate('unsatisfied')}>Chưa hài lòng</Button>
              </div>
            </Section>
          ) : null}
          {item.rating ? <p className="notice">Bạn đã đánh giá: {item.rating === 'satisfied' ? 'hài lòng' : 'chưa hài lòng'}.</p> : null}
          {rating.message ? <p className="notice" role="status">{rating.message}</p> : null}
          {rating.error ? <ErrorBox error={rating.error} /> : null}
          <Section title="Diễn biến"><Timeline events={item.timeline} /></Section>
        </article>
      )}
    </Show>
  );
}

export function FeedbackDetailPage({ code }: { code: string }) {
  return (
    <Screen title="Phản ánh" back>
      <NeedLogin><Detail code={code} /></NeedLogin>
    </Screen>
  );
}

export function DossierPage() {
  const [code, setCode] = useState('');
  const [state, setState] = useState<{ s: 'idle' } | { s: 'loading' } | { s: 'ok'; d: TDossier } | { s: 'error'; e: unknown }>({ s: 'idle' });
  const look = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!code.trim()) return;
    setState({ s: 'loading' });
    try {
      setState({ s: 'ok', d: await apiGet<TDossier>(`app/dossiers/${encodeURIComponent(code.trim())}`) });
    } catch (err) {
      setState({ s: 'error', e: err });
    }
  };
  return (
    <Screen title="Tra cứu hồ sơ">
      <NeedLogin>
        <form className="form" onSubmit={(e) => void look(e)}>
          <label htmlFor="dossier-code">Mã hồ sơ (in trên giấy tiếp nhận và hẹn trả kết quả)</label>
          <input id="dossier-code" type="text" autoCapitalize="characters" value={code} onChange={(e) => setCode(e.target.value)} placeholder="Ví dụ: 000.00.30.H33-240601-0001" />
          <Button htmlType="submit" fullWidth loading={state.s === 'loading'}>Tra cứu</Button>
        </form>
        {state.s === 'error' ? <ErrorBox error={state.e} /> : null}
        {state.s === 'ok' ? (
          <Section title={`Hồ sơ ${state.d.code}`}>
            <dl className="facts">
              <dt>Thủ tục</dt><dd>{state.d.procedure.name ?? state.d.procedure.code} ({state.d.procedure.code})</dd>
              <dt>Nơi tiếp nhận</dt><dd>{state.d.receptionPoint}</dd>
              <dt>Ngày tiếp nhận</dt><dd>{formatDate(state.d.receivedDate)}</dd>
              <dt>Ngày hẹn trả</dt><dd>{formatDate(state.d.dueDate)}</dd>
              <dt>Tình trạng</dt><dd className={`status-${state.d.status.kind}`}>{state.d.status.text}</dd>
            </dl>
          </Section>
        ) : null}
      </NeedLogin>
    </Screen>
  );
}

interface TDossier { code: string; procedure: { code: string; name: string | null }; receptionPoint: string; receivedDate: string; dueDate: string; status: { kind: string; text: string } }
