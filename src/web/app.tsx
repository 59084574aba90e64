import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { AppShell } from './app-shell';
import { visibleEntries } from './navigation';
import { LoginPage } from './login-page';
import { NotFoundPage } from './not-found-page';
import { PublicLayout } from './public-layout';
import { sessionExpired } from './session';
import { TASK_LISTS, TaskListPage } from './task-list-page';
import { TipReportPage } from './tip-report-page';
import { TipTrackPage } from './tip-track-page';
import { useAccess } from './use-access';
import { useSession } from './use-session';

/** The task page, downloaded (with form-js) only when a task is opened: the lists do not need it. */
const TaskPage = lazy(() => import('./task-page').then((m) => ({ default: m.TaskPage })));

/**
 * The web application: locale, routes, the public pages of complainants (`/public/tips/…`, no login) and the login
 * wall around every officers' page but `/login`.
 */
export function App() {
  const { i18n } = useTranslation();
  useEffect(() => {
    document.title = i18n.t('app.name');
  }, [i18n, i18n.language]);
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1d4ed8' } }}>
      <AntApp>
        <BrowserRouter>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/public" element={<PublicLayout />}>
              <Route path="tips/new" element={<TipReportPage />} />
              <Route path="tips/track" element={<TipTrackPage />} />
              <Route path="*" element={<Navigate to="/public/tips/new" replace />} />
              <Route index element={<Navigate to="/public/tips/new" replace />} />
            </Route>
            <Route element={<RequireSession />}>
              <Route index element={<HomePage />} />
              {TASK_LISTS.map((list) => (
                <Route key={list} path={`/${list}`} element={<TaskListPage key={list} list={list} />} />
              ))}
              <Route path="/tasks/:id" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><TaskPage /></Suspense>} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

/** `/`: the first page of the user's menu (待办 for officers), or a notice when the user's roles open no page here. */
function HomePage() {
  const { t } = useTranslation();
  const access = useAccess();
  if (!access) return <Spin size="large" className="page-spin" />;
  const home = visibleEntries(access)[0];
  return home ? <Navigate to={home.path} replace /> : <Result status="403" title={t('home.nothing')} />;
}

/** The pages for signed-in users: the shell, or the login (coming back here afterwards) when nobody is signed in. */
function RequireSession() {
  const session = useSession();
  const location = useLocation();
  // nobody signed in, or the server refused the token (expired, user disabled): sign in, then come back here
  if (!session) return <Navigate to={loginPathFor(location.pathname + location.search, sessionExpired())} replace />;
  return <AppShell />;
}

function loginPathFor(from: string, expired: boolean): string {
  const params = new URLSearchParams({ next: from });
  if (expired) params.set('expired', '1');
  return `/login?${params.toString()}`;
}
