import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useSession } from '../session.tsx';
import { ErrorBox, Loading } from './states.tsx';

/** Pages that need a signed-in Zalo user: in Zalo the token is there; in a browser, dev login (simulator) or a hint. */
export function NeedLogin({ children, officer }: { children: ReactNode; officer?: boolean }) {
  const s = useSession();
  if (!s.ready) return <Loading label="Đang đăng nhập Zalo…" />;
  if (!s.me) {
    if (s.problem === 'error') return <ErrorBox error={new Error(s.error ?? 'Không đăng nhập được.')} onRetry={s.refresh} />;
    return (
      <div className="state" role="alert">
        <p>{s.error ?? 'Trang này cần đăng nhập Zalo. Xin mở mini app “Một cửa” trong ứng dụng Zalo.'}</p>
        {s.dev ? <Link className="btn" to="/dev-login">Đăng nhập thử (trình mô phỏng Zalo)</Link> : null}
      </div>
    );
  }
  if (officer && !s.me.can.officerPages) {
    return (
      <div className="state error forbidden" role="alert">
        <p><strong>Không có quyền truy cập (403).</strong></p>
        <p>Trang này chỉ dành cho cán bộ bộ phận một cửa. Nếu bạn là cán bộ, đề nghị quản trị viên thêm tài khoản Zalo của bạn vào danh sách cán bộ.</p>
      </div>
    );
  }
  return <>{children}</>;
}
