import { AlertOutlined, ApartmentOutlined, AuditOutlined, BellOutlined, CalendarOutlined, CheckSquareOutlined, ClusterOutlined, DashboardOutlined, FileAddOutlined, FileSearchOutlined, FileTextOutlined, FolderAddOutlined, IdcardOutlined, InboxOutlined, MailOutlined, NotificationOutlined, SafetyOutlined, ScheduleOutlined, SendOutlined, TeamOutlined, WarningOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Access } from './use-access';

/** An entry of the signed-in users' menu. */
export interface NavEntry {
  /** The page it opens; also selects the entry on every page below it. */
  path: string;
  icon: ReactNode;
  /** Message key of its label. */
  label: string;
  /** The menu section it belongs to (its heading is `nav.section.<section>`). */
  section: NavSection;
  /** Whether the user sees the entry (the server checks every request anyway). */
  visible(access: Access): boolean;
}

/** The menu's sections: 工作台, 业务办理, 企业办事, 监管, 流程管理, 系统管理. */
export type NavSection = 'workbench' | 'business' | 'company' | 'supervision' | 'process' | 'admin';

/** A section of the menu with the entries a user sees in it. */
export interface NavGroup {
  section: NavSection;
  entries: NavEntry[];
}

const officer = (access: Access) => access.permissions.has('workbench');

/** Who looks guard certificates up: officers of licensing, tips, inspections and cases (`certificates.routes.ts`). */
const CERTIFICATE_READERS = ['application.read', 'tip.read', 'inspection.read', 'case.read'] as const;

/**
 * The menu of the signed-in users, in its order: the officers' task lists, then each area's pages. An area adds its
 * entries here; the first entry a user sees is their home page.
 */
export const NAV_ENTRIES: readonly NavEntry[] = [
  { path: '/todo', icon: <InboxOutlined />, label: 'nav.todo', section: 'workbench', visible: officer },
  { path: '/done', icon: <CheckSquareOutlined />, label: 'nav.done', section: 'workbench', visible: officer },
  { path: '/started', icon: <SendOutlined />, label: 'nav.started', section: 'workbench', visible: officer },
  { path: '/copies', icon: <MailOutlined />, label: 'nav.copies', section: 'workbench', visible: officer },
  // the officers' desk: tips, inspections, opening cases, guard certificates — each for the roles that work with them
  { path: '/desk/tips', icon: <AlertOutlined />, label: 'desk.nav.tips', section: 'business', visible: (access) => access.permissions.has('tip.read') },
  { path: '/desk/inspections', icon: <ScheduleOutlined />, label: 'desk.nav.inspections', section: 'business', visible: (access) => access.permissions.has('inspection.read') },
  { path: '/desk/cases/new', icon: <FolderAddOutlined />, label: 'desk.nav.openCase', section: 'business', visible: (access) => access.permissions.has('case.open') },
  { path: '/desk/certificates', icon: <IdcardOutlined />, label: 'desk.nav.certificates', section: 'business', visible: (access) => CERTIFICATE_READERS.some((p) => access.permissions.has(p)) },
  // 我的申请, 新建申请: companies (申请单位); first for them, so that 我的申请 is their home page
  { path: '/company/applications', icon: <FileTextOutlined />, label: 'company.nav.applications', section: 'company', visible: (access) => access.roles.has('applicant') },
  { path: '/company/applications/new', icon: <FileAddOutlined />, label: 'company.nav.new', section: 'company', visible: (access) => access.roles.has('applicant') },
  // 消息: every signed-in user's notifications (officers and companies alike), with the unread count
  { path: '/inbox', icon: <BellOutlined />, label: 'inbox.nav', section: 'workbench', visible: () => true },
  // 监管看板: leaders and administrators (both hold `supervision.read`)
  { path: '/dashboard', icon: <DashboardOutlined />, label: 'dashboard.nav', section: 'supervision', visible: (access) => access.permissions.has('supervision.read') },
  // 流程管理: process managers and administrators (both hold `process.manage`)
  { path: '/manager/procedures', icon: <ApartmentOutlined />, label: 'modeler.nav', section: 'process', visible: (access) => access.permissions.has('process.manage') },
  // 流程异常: the stopped steps of procedures, for managers, engine operators and administrators (`incident.manage`)
  { path: '/manager/incidents', icon: <WarningOutlined />, label: 'modeler.navIncidents', section: 'process', visible: (access) => access.permissions.has('incident.manage') },
  // 系统管理: users, roles and the jurisdiction tree for administrators (`user.manage`), the records register
  // (`records.manage`), the audit log for administrators and auditors (`audit.read`), the holiday calendar (`calendar.manage`)
  { path: '/admin/users', icon: <TeamOutlined />, label: 'admin.nav.users', section: 'admin', visible: (access) => access.permissions.has('user.manage') },
  { path: '/admin/roles', icon: <SafetyOutlined />, label: 'admin.nav.roles', section: 'admin', visible: (access) => access.permissions.has('user.manage') },
  { path: '/admin/jurisdictions', icon: <ClusterOutlined />, label: 'admin.nav.units', section: 'admin', visible: (access) => access.permissions.has('user.manage') },
  { path: '/admin/records', icon: <FileSearchOutlined />, label: 'admin.nav.records', section: 'admin', visible: (access) => access.permissions.has('records.manage') },
  { path: '/admin/audit', icon: <AuditOutlined />, label: 'admin.nav.audit', section: 'admin', visible: (access) => access.permissions.has('audit.read') },
  { path: '/admin/notifications', icon: <NotificationOutlined />, label: 'admin.nav.deliveries', section: 'admin', visible: (access) => access.permissions.has('user.manage') },
  { path: '/admin/holidays', icon: <CalendarOutlined />, label: 'admin.nav.holidays', section: 'admin', visible: (access) => access.permissions.has('calendar.manage') },
];

/** The entries `access` sees. */
export function visibleEntries(access: Access): NavEntry[] {
  return NAV_ENTRIES.filter((entry) => entry.visible(access));
}

/**
 * The entries `access` sees, in sections: each section in the order of its first visible entry (so the home page's
 * section comes first — 工作台 for officers, 企业办事 for companies), its entries in the order of {@link NAV_ENTRIES}.
 */
export function visibleGroups(access: Access): NavGroup[] {
  const groups: NavGroup[] = [];
  for (const entry of visibleEntries(access)) {
    const group = groups.find((g) => g.section === entry.section);
    if (group) group.entries.push(entry);
    else groups.push({ section: entry.section, entries: [entry] });
  }
  return groups;
}

/** The entry of the page at `pathname`: the one whose path is its longest prefix. */
export function entryOf(pathname: string, entries: readonly NavEntry[]): NavEntry | undefined {
  return entries
    .filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`))
    .sort((a, b) => b.path.length - a.path.length)[0];
}
