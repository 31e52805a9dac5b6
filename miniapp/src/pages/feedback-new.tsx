import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button } from 'zmp-ui';
import { apiGet, apiSend, type TFeedbackView, type TUnit } from '../api.ts';
import { Screen } from '../components/layout.tsx';
import { NeedLogin } from '../components/need-login.tsx';
import { ErrorBox } from '../components/states.tsx';
import { formatDate, formatNumber } from '../format.ts';
import { useSession } from '../session.tsx';
import { chooseImages, getPosition, inZalo } from '../zalo.ts';

const newKey = () => `fb-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

function Form() {
  const { me } = useSession();
  const [params] = useSearchParams();
  const max = me?.limits.photos ?? 5;
  const maxBytes = me?.limits.photoBytes ?? 10 * 1024 * 1024;
  const [content, setContent] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [unit, setUnit] = useState('');
  const [procedure, setProcedure] = useState(params.get('procedure') ?? '');
  const [place, setPlace] = useState<{ lat: number; lng: number } | null>(null);
  const [placeMsg, setPlaceMsg] = useState<string | null>(null);
  const [units, setUnits] = useState<TUnit[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<TFeedbackView | null>(null);
  const key = useRef(newKey());
  const fileInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    apiGet<{ units: TUnit[] }>('app/units').then((r) => setUnits(r.units), () => setUnits([]));
  }, []);
  const previews = useMemo(() => photos.map((f) => URL.createObjectURL(f)), [photos]);
  useEffect(() => () => previews.forEach((u) => URL.revokeObjectURL(u)), [previews]);

  const addFiles = (files: File[]) => {
    setProblem(null);
    const ok: File[] = [];
    for (const f of files) {
      if (!f.type.startsWith('image/')) { setProblem(`“${f.name}” không phải ảnh.`); continue; }
      if (f.size > maxBytes) { setProblem(`Ảnh “${f.name}” lớn hơn ${formatNumber(maxBytes / 1048576)} MB.`); continue; }
      ok.push(f);
    }
    const all = [...photos, ...ok];
    if (all.length > max) setProblem(`Chỉ gửi được tối đa ${max} ảnh.`);
    setPhotos(all.slice(0, max));
  };
  const pickInZalo = async () => {
    try { addFiles(await chooseImages(max - photos.length)); } catch { setProblem('Không chọn được ảnh.'); }
  };
  const locate = async () => {
    setPlaceMsg('Đang lấy vị trí…');
    try {
      setPlace(await getPosition());
      setPlaceMsg('Đã lấy vị trí của bạn: phản ánh sẽ được chuyển tới đơn vị gần nhất.');
    } catch (e) {
      setPlace(null);
      setPlaceMsg((e as Error).message);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (content.trim().length < 10) return void setProblem('Xin mô tả rõ hơn (ít nhất 10 ký tự).');
    setSending(true);
    setError(null);
    const form = new FormData();
    form.set('content', content);
    if (unit) form.set('unit', unit);
    if (procedure.trim()) form.set('procedure', procedure.trim());
    if (place && !unit) { form.set('lat', String(place.lat)); form.set('lng', String(place.lng)); }
    photos.forEach((p) => form.append('photos', p, p.name));
    try {
      const r = await apiSend<{ item: TFeedbackView }>('POST', 'app/feedback', form, { 'Idempotency-Key': key.current });
      setDone(r.item);
      key.current = newKey();
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  };

  if (done) {
    return (
      <div className="card success" role="status" aria-live="polite">
        <h2>Đã gửi phản ánh</h2>
        <p>Mã phản ánh: <strong className="code">{done.code}</strong></p>
        <p>Đơn vị xử lý: {done.unit.name}</p>
        <p>Hạn trả lời: <strong>{formatDate(done.dueDate)}</strong></p>
        {done.photos.length ? <p>Đã nhận {formatNumber(done.photos.filter((p) => p.status === 'stored').length)} ảnh.</p> : null}
        <div className="actions">
          <Link className="btn" to={`/feedback/${done.code}`}>Theo dõi phản ánh</Link>
          <Button variant="secondary" fullWidth onClick={() => { setDone(null); setContent(''); setPhotos([]); }}>Gửi phản ánh khác</Button>
        </div>
      </div>
    );
  }
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor="fb-content">Nội dung phản ánh <span aria-hidden="true">*</span></label>
      <textarea id="fb-content" required minLength={10} maxLength={4000} rows={5} value={content} onChange={(e) => setContent(e.target.value)} placeholder="Mô tả sự việc: ở đâu, khi nào, việc gì…" aria-describedby="fb-content-help" />
      <p id="fb-content-help" className="help">{formatNumber(content.length)}/4.000 ký tự. Không ghi số CMND/CCCD, số điện thoại của người khác.</p>

      <fieldset>
        <legend>Ảnh kèm theo (tối đa {max})</legend>
        <ul className="photos">
          {previews.map((u, i) => (
            <li key={u}>
              <img src={u} alt={`Ảnh ${i + 1}`} />
              <button type="button" className="remove" aria-label={`Bỏ ảnh ${i + 1}`} onClick={() => setPhotos(photos.filter((_, j) => j !== i))}>×</button>
            </li>
          ))}
        </ul>
        {photos.length < max ? (
          inZalo() ? (
            <Button variant="secondary" size="small" htmlType="button" onClick={() => void pickInZalo()}>Thêm ảnh</Button>
          ) : (
            <label className="btn secondary small file">
              Thêm ảnh
              <input ref={fileInput} type="file" accept="image/jpeg,image/png,image/webp,image/gif" multiple aria-label="Thêm ảnh" onChange={(e) => { addFiles([...(e.target.files ?? [])]); e.target.value = ''; }} />
            </label>
          )
        ) : null}
      </fieldset>

      <label htmlFor="fb-unit">Đơn vị hoặc địa điểm</label>
      <select id="fb-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
        <option value="">Để bộ phận một cửa chuyển đúng nơi</option>
        {units.map((u) => <option key={u.code} value={u.code}>{u.shortName}</option>)}
      </select>
      {!unit ? <button type="button" className="linklike" onClick={() => void locate()}>Dùng vị trí hiện tại của tôi</button> : null}
      {placeMsg ? <p className="help" role="status">{placeMsg}</p> : null}

      <label htmlFor="fb-procedure">Thủ tục liên quan (nếu có)</label>
      <input id="fb-procedure" type="text" inputMode="decimal" value={procedure} onChange={(e) => setProcedure(e.target.value)} placeholder="Mã thủ tục, ví dụ 1.001193" />

      {problem ? <p className="state error" role="alert">{problem}</p> : null}
      {error ? <ErrorBox error={error} /> : null}
      <Button htmlType="submit" fullWidth loading={sending} disabled={sending}>Gửi phản ánh</Button>
    </form>
  );
}

export function FeedbackNewPage() {
  return (
    <Screen title="Gửi phản ánh, kiến nghị" back>
      <NeedLogin><Form /></NeedLogin>
    </Screen>
  );
}
