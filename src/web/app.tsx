import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, createRoutesFromElements, Navigate, Route, RouterProvider, useLocation } from 'react-router';
import { AppShell } from './app-shell';
import { visibleEntries } from './navigation';
import { LoginPage } from './login-page';
import { NotFoundPage } from './not-found-page';
import { PublicLayout } from './public-layout';
import { sessionExpired } from './session';
import { TASK_LISTS, TaskListPage } from './task-list-page';
import { TipIntakePage, TipReportPage } from './tip-report-page';
import { TipTrackPage } from './tip-track-page';
import { useAccess } from './use-access';
import { useSession } from './use-session';

/** The task page, downloaded (with form-js) only when a task is opened: the lists do not need it. */
const TaskPage = lazy(() => import('./task-page').then((m) => ({ default: m.TaskPage })));
/** The companies' pages (申请单位), their registration and the public document verification, each loaded when opened. */
const ApplicationListPage = lazy(() => import('./company/application-list-page').then((m) => ({ default: m.ApplicationListPage })));
const NewApplicationPage = lazy(() => import('./company/new-application-page').then((m) => ({ default: m.NewApplicationPage })));
const ApplicationPage = lazy(() => import('./company/application-page').then((m) => ({ default: m.ApplicationPage })));
const CompanyRegisterPage = lazy(() => import('./company/register-page').then((m) => ({ default: m.CompanyRegisterPage })));
const VerifyPage = lazy(() => import('./company/verify-page').then((m) => ({ default: m.VerifyPage })));
/** The officers' case file (案卷) of a procedure, and everyone's inbox (消息): each its own chunk. */
const CaseFilePage = lazy(() => import('./officer/case-file-page').then((m) => ({ default: m.CaseFilePage })));
const InboxPage = lazy(() => import('./officer/inbox-page').then((m) => ({ default: m.InboxPage })));
/** The officers' desk (举报线索, 监督检查, 受案立案, 保安员证查询), each its own chunk. */
const TipsDeskPage = lazy(() => import('./desk/tips-desk-page').then((m) => ({ default: m.TipsDeskPage })));
const InspectionsPage = lazy(() => import('./desk/inspections-page').then((m) => ({ default: m.InspectionsPage })));
const OpenCasePage = lazy(() => import('./desk/open-case-page').then((m) => ({ default: m.OpenCasePage })));
const CertificatesPage = lazy(() => import('./desk/certificates-page').then((m) => ({ default: m.CertificatesPage })));
/** The managers' pages (流程管理): the procedures, the modeler (bpmn-js, form-js's editor) and the diff, each its own chunk. */
const ProceduresPage = lazy(() => import('./manager/procedures-page').then((m) => ({ default: m.ProceduresPage })));
const ModelerPage = lazy(() => import('./manager/modeler-page').then((m) => ({ default: m.ModelerPage })));
const DiffPage = lazy(() => import('./manager/diff-page').then((m) => ({ default: m.DiffPage })));
/** The administrators' pages (系统管理), each its own chunk. */
const UsersPage = lazy(() => import('./admin/users-page').then((m) => ({ default: m.UsersPage })));
const RolesPage = lazy(() => import('./admin/roles-page').then((m) => ({ default: m.RolesPage })));
const JurisdictionsPage = lazy(() => import('./admin/jurisdictions-page').then((m) => ({ default: m.JurisdictionsPage })));
const RecordsPage = lazy(() => import('./admin/records-page').then((m) => ({ default: m.RecordsPage })));
const AuditPage = lazy(() => import('./admin/audit-page').then((m) => ({ default: m.AuditPage })));
const DeliveriesPage = lazy(() => import('./admin/deliveries-page').then((m) => ({ default: m.DeliveriesPage })));
// leaders (监管看板): the dashboard with ECharts, the process view with bpmn-js
const DashboardPage = lazy(() => import('./leader/dashboard-page').then((m) => ({ default: m.DashboardPage })));
const ProcessViewPage = lazy(() => import('./leader/process-view-page').then((m) => ({ default: m.ProcessViewPage })));

/**
 * The routes of the web application, in a data router (so that a page with unsaved edits can hold back any
 * navigation, the browser's back and forward included: `useBlocker`): the public pages of complainants
 * (`/public/tips/…`, no login) and the login wall around every officers' page but `/login`.
 */
const router = createBrowserRouter(createRoutesFromElements(
  <>
    <Route path="/login" element={<LoginPage />} />
    <Route path="/public" element={<PublicLayout />}>
      <Route path="tips/new" element={<TipReportPage />} />
      <Route path="tips/track" element={<TipTrackPage />} />
      <Route path="company/register" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><CompanyRegisterPage /></Suspense>} />
      <Route path="verify" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><VerifyPage /></Suspense>} />
      <Route path="*" element={<Navigate to="/public/tips/new" replace />} />
      <Route index element={<Navigate to="/public/tips/new" replace />} />
    </Route>
    <Route element={<RequireSession />}>
      <Route index element={<HomePage />} />
      {TASK_LISTS.map((list) => (
        <Route key={list} path={`/${list}`} element={<TaskListPage key={list} list={list} />} />
      ))}
      <Route path="/tasks/:id" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><TaskPage /></Suspense>} />
      <Route path="/case-files/:id" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><CaseFilePage /></Suspense>} />
      <Route path="/company/applications" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><ApplicationListPage /></Suspense>} />
      <Route path="/company/applications/new" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><NewApplicationPage /></Suspense>} />
      <Route path="/company/applications/:id" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><ApplicationPage /></Suspense>} />
      <Route path="/desk/tips" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><TipsDeskPage /></Suspense>} />
      <Route path="/desk/tips/new" element={<TipIntakePage />} />
      <Route path="/desk/inspections" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><InspectionsPage /></Suspense>} />
      <Route path="/desk/cases/new" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><OpenCasePage /></Suspense>} />
      <Route path="/desk/certificates" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><CertificatesPage /></Suspense>} />
      <Route path="/inbox" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><InboxPage /></Suspense>} />
      <Route path="/manager/procedures" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><ProceduresPage /></Suspense>} />
      <Route path="/manager/procedures/new" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><ModelerPage /></Suspense>} />
      <Route path="/manager/procedures/:key/edit" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><ModelerPage /></Suspense>} />
      <Route path="/manager/procedures/:key/diff" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><DiffPage /></Suspense>} />
      <Route path="/admin/users" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><UsersPage /></Suspense>} />
      <Route path="/admin/roles" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><RolesPage /></Suspense>} />
      <Route path="/admin/jurisdictions" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><JurisdictionsPage /></Suspense>} />
      <Route path="/admin/records" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><RecordsPage /></Suspense>} />
      <Route path="/admin/audit" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><AuditPage /></Suspense>} />
      <Route path="/admin/notifications" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><DeliveriesPage /></Suspense>} />
      <Route path="/dashboard" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><DashboardPage /></Suspense>} />
      <Route path="/dashboard/processes/:key" element={<Suspense fallback={<Spin size="large" className="page-spin" />}><ProcessViewPage /></Suspense>} />
      <Route path="*" element={<NotFoundPage />} />
    </Route>
  </>,
));

/**
 * The web application: locale, messages of antd, and the routes ({@link router}).
 */
export function App() {
  const { i18n } = useTranslation();
  useEffect(() => {
    document.title = i18n.t('app.name');
  }, [i18n, i18n.language]);
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1d4ed8' } }}>
      <AntApp>
        <RouterProvider router={router} />
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
