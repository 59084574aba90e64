import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { App, Badge, Button, Drawer, Grid, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { get, logout as endServerSession, type WorkbenchCounts } from './api';
import { LanguageSwitch } from './language-switch';
import { leaveQuestion } from './leave-guard';
import { forgetDraftsOf } from './local-draft';
import { entryOf, visibleEntries, visibleGroups, type NavEntry } from './navigation';
import { currentSession, endSession } from './session';
import type { TaskList } from './task-list-page';
import { useAccess } from './use-access';
import { useSession } from './use-session';
import './app.css';

/** The count on each list's badge: all of 待办, 已办 and 我发起的, the unread of 抄送我的. */
const BADGE: Record<TaskList, (c: WorkbenchCounts) => number> = { todo: (c) => c.todo, done: (c) => c.done, started: (c) => c.started, copies: (c) => c.unreadCopies };
const BADGE_COLOUR: Record<TaskList, string> = { todo: 'red', done: 'blue', started: 'blue', copies: 'orange' };

function isTaskList(key: string): key is TaskList {
  return key in BADGE;
}

/**
 * The frame of every page for signed-in users: a header with the system's name, the user, the language switch and
 * logout, and the menu of the pages the user's roles open ({@link NAV_ENTRIES}; the task lists with their counts) — at
 * the side on a wide screen, in a drawer on a phone.
 */
export function AppShell() {
  const { t } = useTranslation();
  const session = useSession();
  const access = useAccess();
  const location = useLocation();
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [counts, setCounts] = useState<WorkbenchCounts | null>(null);

  const [unread, setUnread] = useState(0);
  const officer = access?.permissions.has('workbench') ?? false;
  const refreshCounts = useCallback(() => {
    // 消息 is everyone's; the task lists are the officers'
    if (session) get<{ unread: number }>('/api/inbox/counts').then((c) => setUnread(c.unread), () => setUnread(0));
    if (!officer) return;
    get<WorkbenchCounts>('/api/workbench/counts').then(setCounts, () => setCounts(null));
  }, [officer, session]);
  useEffect(refreshCounts, [refreshCounts, location.pathname]);

  // a password an administrator chose is changed before anything else (the server refuses the rest meanwhile)
  const mustChangePassword = session?.user.passwordChangeRequired === true;
  const entries = access && !mustChangePassword ? visibleEntries(access) : [];
  const selected = entryOf(location.pathname, entries)?.path ?? '';
  const item = (entry: NavEntry) => {
    const key = entry.path.slice(1);
    return {
      key: entry.path,
      icon: entry.icon,
      label: (
        <span className="menu-label" data-list={key}>
          <span>{t(entry.label)}</span>
          {counts && isTaskList(key) && <Badge count={BADGE[key](counts)} overflowCount={999} showZero={false} color={BADGE_COLOUR[key]} />}
          {key === 'inbox' && <Badge count={unread} overflowCount={999} showZero={false} data-unread={unread} />}
        </span>
      ),
    };
  };
  // the menu in sections (工作台, 业务办理, …); a section of a single entry needs no heading
  const items: MenuProps['items'] = (access && !mustChangePassword ? visibleGroups(access) : []).map((group) =>
    group.entries.length === 1 && group.entries[0]
      ? item(group.entries[0])
      : { type: 'group' as const, key: `section-${group.section}`, label: <span data-section={group.section}>{t(`nav.section.${group.section}`)}</span>, children: group.entries.map(item) },
  );
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      items={items}
      onClick={({ key }) => {
        setDrawerOpen(false);
        // a page with unsaved edits asks before it is left (useLeaveGuard)
        void navigate(key);
      }}
    />
  );
  /** Whether the current page may be left: true unless it has unsaved edits and the user chooses to stay. */
  const mayLeave = async (): Promise<boolean> => {
    const question = leaveQuestion();
    if (!question) return true;
    return !!(await modal.confirm({ ...question, okButtonProps: { danger: true, 'data-action': 'leave' }, cancelButtonProps: { 'data-action': 'stay' } }));
  };
  const logout = async () => {
    if (!(await mayLeave())) return;
    const userId = currentSession()?.user.id;
    // the server ends the token too, so that a copy of it (a shared computer, a stolen tab) no longer works
    await endServerSession().catch(() => undefined);
    endSession();
    if (userId) forgetDraftsOf(userId);
    void navigate('/login', { replace: true });
  };
  const account = (
    <Button type="text" icon={<UserOutlined />} onClick={() => { setDrawerOpen(false); void navigate('/account'); }} className="header-button user-name" title={t('header.account')} data-action="account">
      {session?.user.name}
    </Button>
  );

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        {phone && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawerOpen(true)} className="header-button" />}
        <Typography.Text className="app-name" ellipsis>
          {phone ? t('app.shortName') : t('app.name')}
        </Typography.Text>
        {!phone && (
          <Space size="middle" className="header-tools">
            {account}
            <LanguageSwitch size="small" />
            <Button type="text" icon={<LogoutOutlined />} onClick={() => void logout()} className="header-button">
              {t('header.logout')}
            </Button>
          </Space>
        )}
      </Layout.Header>
      <Layout>
        {!phone && (
          <Layout.Sider theme="light" width={200} breakpoint="lg" collapsible collapsedWidth={64} className="app-sider">
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content className="app-content">
          {mustChangePassword && location.pathname !== '/account'
            ? <Navigate to={`/account?next=${encodeURIComponent(location.pathname + location.search)}`} replace />
            : <Outlet context={{ refreshCounts }} />}
        </Layout.Content>
      </Layout>
      {phone && (
        <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} width={260} title={t('app.name')} styles={{ body: { padding: 0 } }}>
          {menu}
          <div className="drawer-tools">
            <div>{account}</div>
            <LanguageSwitch size="small" />
            <Button icon={<LogoutOutlined />} onClick={() => void logout()} block>
              {t('header.logout')}
            </Button>
          </div>
        </Drawer>
      )}
    </Layout>
  );
}
