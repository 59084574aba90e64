import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useEffect } from 'react';
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
const TaskPage = () => import('./task-page').then((m) => ({ Component: m.TaskPage }));
/** The companies' pages (申请单位), their registration and the public document verification, each loaded when opened. */
const ApplicationListPage = () => import('./company/application-list-page').then((m) => ({ Component: m.ApplicationListPage }));
const NewApplicationPage = () => import('./company/new-application-page').then((m) => ({ Component: m.NewApplicationPage }));
const ApplicationPage = () => import('./company/application-page').then((m) => ({ Component: m.ApplicationPage }));
const CompanyRegisterPage = () => import('./company/register-page').then((m) => ({ Component: m.CompanyRegisterPage }));
const VerifyPage = () => import('./company/verify-page').then((m) => ({ Component: m.VerifyPage }));
/** Everyone's 账号安全 (password change, logout everywhere). */
const AccountPage = () => import('./account-page').then((m) => ({ Component: m.AccountPage }));
/** The officers' case file (案卷) of a procedure, and everyone's inbox (消息): each its own chunk. */
const CaseFilePage = () => import('./officer/case-file-page').then((m) => ({ Component: m.CaseFilePage }));
const InboxPage = () => import('./officer/inbox-page').then((m) => ({ Component: m.InboxPage }));
/** The officers' desk (举报线索, 监督检查, 受案立案, 保安员证查询), each its own chunk. */
const TipsDeskPage = () => import('./desk/tips-desk-page').then((m) => ({ Component: m.TipsDeskPage }));
const InspectionsPage = () => import('./desk/inspections-page').then((m) => ({ Component: m.InspectionsPage }));
const OpenCasePage = () => import('./desk/open-case-page').then((m) => ({ Component: m.OpenCasePage }));
const CertificatesPage = () => import('./desk/certificates-page').then((m) => ({ Component: m.CertificatesPage }));
/** The managers' pages (流程管理): the procedures, the modeler (bpmn-js, form-js's editor) and the diff, each its own chunk. */
const ProceduresPage = () => import('./manager/procedures-page').then((m) => ({ Component: m.ProceduresPage }));
const IncidentsPage = () => import('./manager/incidents-page').then((m) => ({ Component: m.IncidentsPage }));
const ModelerPage = () => import('./manager/modeler-page').then((m) => ({ Component: m.ModelerPage }));
const DiffPage = () => import('./manager/diff-page').then((m) => ({ Component: m.DiffPage }));
/** The administrators' pages (系统管理), each its own chunk. */
const UsersPage = () => import('./admin/users-page').then((m) => ({ Component: m.UsersPage }));
const RolesPage = () => import('./admin/roles-page').then((m) => ({ Component: m.RolesPage }));
const JurisdictionsPage = () => import('./admin/jurisdictions-page').then((m) => ({ Component: m.JurisdictionsPage }));
const RecordsPage = () => import('./admin/records-page').then((m) => ({ Component: m.RecordsPage }));
const AuditPage = () => import('./admin/audit-page').then((m) => ({ Component: m.AuditPage }));
const DeliveriesPage = () => import('./admin/deliveries-page').then((m) => ({ Component: m.DeliveriesPage }));
const HolidaysPage = () => import('./admin/holidays-page').then((m) => ({ Component: m.HolidaysPage }));
const HolidayYearEditor = () => import('./admin/holiday-year-editor').then((m) => ({ Component: m.HolidayYearEditor }));
// leaders (监管看板): the dashboard with ECharts, the process view with bpmn-js
const DashboardPage = () => import('./leader/dashboard-page').then((m) => ({ Component: m.DashboardPage }));
const ProcessViewPage = () => import('./leader/process-view-page').then((m) => ({ Component: m.ProcessViewPage }));

/**
 * The routes of the web application, in a data router (so that a page with unsaved edits can hold back any
 * navigation, the browser's back and forward included: `useBlocker`): the public pages of complainants
 * (`/public/tips/…`, no login) and the login wall around every officers' page but `/login`. The pages of each area are
 * their own chunks, downloaded by the route (`lazy`) before the address changes to them; a spinner shows while the
 * first page opened is downloaded.
 */
const router = createBrowserRouter(createRoutesFromElements(
  <Route hydrateFallbackElement={<Spin size="large" className="page-spin" />}>
    <Route path="/login" element={<LoginPage />} />
    <Route path="/public" element={<PublicLayout />}>
      <Route path="tips/new" element={<TipReportPage />} />
      <Route path="tips/track" element={<TipTrackPage />} />
      <Route path="company/register" lazy={CompanyRegisterPage} />
      <Route path="verify" lazy={VerifyPage} />
      <Route path="*" element={<Navigate to="/public/tips/new" replace />} />
      <Route index element={<Navigate to="/public/tips/new" replace />} />
    </Route>
    <Route element={<RequireSession />}>
      <Route index element={<HomePage />} />
      {TASK_LISTS.map((list) => (
        <Route key={list} path={`/${list}`} element={<TaskListPage key={list} list={list} />} />
      ))}
      <Route path="/tasks/:id" lazy={TaskPage} />
      <Route path="/case-files/:id" lazy={CaseFilePage} />
      <Route path="/company/applications" lazy={ApplicationListPage} />
      <Route path="/company/applications/new" lazy={NewApplicationPage} />
      <Route path="/company/applications/:id" lazy={ApplicationPage} />
      <Route path="/desk/tips" lazy={TipsDeskPage} />
      <Route path="/desk/tips/new" element={<TipIntakePage />} />
      <Route path="/desk/inspections" lazy={InspectionsPage} />
      <Route path="/desk/cases/new" lazy={OpenCasePage} />
      <Route path="/desk/certificates" lazy={CertificatesPage} />
      <Route path="/inbox" lazy={InboxPage} />
      <Route path="/account" lazy={AccountPage} />
      <Route path="/manager/procedures" lazy={ProceduresPage} />
      <Route path="/manager/incidents" lazy={IncidentsPage} />
      <Route path="/manager/procedures/new" lazy={ModelerPage} />
      <Route path="/manager/procedures/:key/edit" lazy={ModelerPage} />
      <Route path="/manager/procedures/:key/diff" lazy={DiffPage} />
      <Route path="/admin/users" lazy={UsersPage} />
      <Route path="/admin/roles" lazy={RolesPage} />
      <Route path="/admin/jurisdictions" lazy={JurisdictionsPage} />
      <Route path="/admin/records" lazy={RecordsPage} />
      <Route path="/admin/audit" lazy={AuditPage} />
      <Route path="/admin/notifications" lazy={DeliveriesPage} />
      <Route path="/admin/holidays" lazy={HolidaysPage} />
      <Route path="/admin/holidays/:year" lazy={HolidayYearEditor} />
      <Route path="/dashboard" lazy={DashboardPage} />
      <Route path="/dashboard/processes/:key" lazy={ProcessViewPage} />
      <Route path="*" element={<NotFoundPage />} />
    </Route>
  </Route>,
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
