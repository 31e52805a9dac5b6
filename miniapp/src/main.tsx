import 'zmp-ui/zaui.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes, useParams } from 'react-router-dom';
import { App } from 'zmp-ui';
import { DevLoginPage } from './pages/dev-login.tsx';
import { FeedbackNewPage } from './pages/feedback-new.tsx';
import { FieldPage, HomePage } from './pages/home.tsx';
import { DossierPage, FeedbackDetailPage, MyFeedbackPage } from './pages/my-feedback.tsx';
import { OfficerFiguresPage, OfficerInboxPage, OfficerItemPage, OfficerReportPage } from './pages/officer.tsx';
import { ProcedurePage } from './pages/procedure.tsx';
import { SessionProvider } from './session.tsx';
import { inZalo } from './zalo.ts';
import { Screen } from './components/layout.tsx';
import { Empty } from './components/states.tsx';

/** Inside Zalo the app lives under /zapps/<APP_ID> (as zmp-ui's ZMPRouter computes it); in a browser under /miniapp. */
const basename = inZalo() && window.APP_ID ? `/zapps/${window.APP_ID}` : '/miniapp';

const WithCode = ({ page: P }: { page: (p: { code: string }) => JSX.Element }) => <P code={useParams().code ?? ''} />;
const Field = () => <FieldPage field={useParams().field ?? ''} />;

function NotFound() {
  return <Screen title="Không tìm thấy" back><Empty>Trang này không có. Quay lại trang chủ để tìm thủ tục.</Empty></Screen>;
}

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App>
      <SessionProvider>
        <BrowserRouter basename={basename}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/procedure/:code" element={<WithCode page={ProcedurePage} />} />
            <Route path="/field/:field" element={<Field />} />
            <Route path="/feedback/new" element={<FeedbackNewPage />} />
            <Route path="/feedback" element={<MyFeedbackPage />} />
            <Route path="/feedback/:code" element={<WithCode page={FeedbackDetailPage} />} />
            <Route path="/dossier" element={<DossierPage />} />
            <Route path="/officer" element={<OfficerFiguresPage />} />
            <Route path="/officer/inbox" element={<OfficerInboxPage />} />
            <Route path="/officer/inbox/:code" element={<WithCode page={OfficerItemPage} />} />
            <Route path="/officer/report" element={<OfficerReportPage />} />
            <Route path="/dev-login" element={<DevLoginPage />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </App>
  </StrictMode>,
);
