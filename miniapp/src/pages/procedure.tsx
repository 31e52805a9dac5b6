import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button } from 'zmp-ui';
import { apiGet, APP_BASE, type TProcedure } from '../api.ts';
import { Screen, Section } from '../components/layout.tsx';
import { Show, useLoad } from '../components/states.tsx';
import { rememberProcedure } from '../recent.ts';
import { openChat } from '../zalo.ts';

const AUTHORITY: Record<string, string> = { province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã', vertical: 'Cơ quan ngành dọc' };
const ONLINE: Record<string, string> = { full: 'Dịch vụ công trực tuyến toàn trình', partial: 'Dịch vụ công trực tuyến một phần', none: 'Chưa nộp trực tuyến được' };
const CHANNEL: Record<string, string> = { counter: 'Nộp trực tiếp', online: 'Nộp trực tuyến', postal: 'Qua bưu chính' };

/** Catalogue text keeps its typed bullets ("- …", "* …") and stray asterisks in headings: drop them for display. */
const clean = (t: string) => t.replace(/^\s*[-*+•]\s*/, '').trim();
const cleanHeading = (t: string) => t.replace(/\s*\*\s*/g, ' ').replace(/\s+:/g, ':').replace(/\s{2,}/g, ' ').trim();

function Documents({ docs }: { docs: TProcedure['documents'] }) {
  if (!docs.length) return <p className="muted">Danh mục chưa ghi thành phần hồ sơ; xin hỏi cán bộ bộ phận một cửa.</p>;
  const groups: { heading: string | undefined; items: TProcedure['documents'] }[] = [];
  for (const d of docs) {
    const last = groups[groups.length - 1];
    if (last && last.heading === d.case) last.items.push(d);
    else groups.push({ heading: d.case, items: [d] });
  }
  return (
    <>
      {groups.map((g, i) => (
        <div key={i}>
          {g.heading ? <h3 className="case">{cleanHeading(g.heading)}</h3> : null}
          <ol className="docs">
            {g.items.map((d, j) => (
              <li key={j}>{clean(d.name)}{d.quantity ? <span className="muted"> — {d.quantity}</span> : null}</li>
            ))}
          </ol>
        </div>
      ))}
    </>
  );
}

export function ProcedurePage({ code }: { code: string }) {
  const [load, reload] = useLoad((signal) => apiGet<TProcedure>(`procedures/${encodeURIComponent(code)}`, { signal }), [code]);
  const [chat, setChat] = useState<string | null>(null);
  useEffect(() => {
    if (load.state === 'ok') rememberProcedure({ code: load.data.code, name: load.data.name });
  }, [load]);
  const ask = async (p: TProcedure) => {
    setChat(null);
    try {
      const r = await openChat(`#TTHC ${p.code}`, APP_BASE);
      setChat(r === 'sent' ? 'Đã gửi “#TTHC ' + p.code + '” tới Zalo OA; câu trả lời có trong khung chat.' : r === 'unavailable' ? 'Chỉ mở được khung chat khi dùng mini app trong Zalo.' : null);
    } catch {
      setChat('Không mở được khung chat Zalo.');
    }
  };
  return (
    <Screen title="Thủ tục" back>
      <Show load={load} retry={reload} loading="Đang tải thủ tục…">
        {(p) => (
          <article className="procedure">
            <h2 className="title">{p.name}</h2>
            <p className="meta">Mã {p.code} · {p.field} · {AUTHORITY[p.authority] ?? p.authority}</p>
            {p.status === 'withdrawn' ? <p className="state error" role="alert">Thủ tục này đã bị bãi bỏ.</p> : null}
            <section className="card summary" aria-label="Thời hạn, phí và nơi nộp">
              <dl className="facts">
                <dt>Thời hạn</dt><dd>{p.processingTime ?? 'Chưa ghi trong danh mục'}</dd>
                <dt>Phí, lệ phí</dt><dd>{p.fee ?? 'Chưa ghi trong danh mục'}</dd>
                <dt>Nơi nộp</dt><dd>{p.receptionPoint ?? 'Bộ phận Tiếp nhận và Trả kết quả theo thẩm quyền'}</dd>
                <dt>Trực tuyến</dt><dd>{p.onlineLevel ? ONLINE[p.onlineLevel] : 'Danh mục chưa ghi'}</dd>
              </dl>
              {p.channels.length ? (
                <ul className="channels">
                  {p.channels.map((c, i) => <li key={i}><strong>{CHANNEL[c.channel]}:</strong> {c.time ?? '—'}{c.fee ? `; phí: ${c.fee}` : ''}</li>)}
                </ul>
              ) : null}
              {p.onlineUrl ? <a className="btn secondary" href={p.onlineUrl} target="_blank" rel="noopener noreferrer">Nộp hồ sơ trực tuyến</a> : null}
            </section>
            <div className="actions">
              <Button fullWidth onClick={() => void ask(p)}>Hỏi trong chat</Button>
            </div>
            {chat ? <p className="notice" role="status">{chat}</p> : null}
            <Section title="Thành phần hồ sơ">
              <Documents docs={p.documents} />
            </Section>
            {p.steps.length ? (
              <Section title="Trình tự thực hiện">
                <ol className="docs">{p.steps.map((x, i) => <li key={i}>{clean(x)}</li>)}</ol>
              </Section>
            ) : null}
            <div className="actions">
              <Link className="btn secondary" to={`/feedback/new?procedure=${encodeURIComponent(p.code)}`}>Phản ánh về thủ tục này</Link>
            </div>
          </article>
        )}
      </Show>
    </Screen>
  );
}
