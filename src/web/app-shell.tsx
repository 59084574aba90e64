import { CheckSquareOutlined, InboxOutlined, LogoutOutlined, MailOutlined, MenuOutlined, SendOutlined, UserOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Grid, Layout, Menu, Space, Typography, type MenuProps } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { get, type WorkbenchCounts } from './api';
import { LanguageSwitch } from './language-switch';
import { endSession } from './session';
import type { TaskList } from './task-list-page';
import { useSession } from './use-session';
import './app.css';

const ICONS: Record<TaskList, ReactNode> = { todo: <InboxOutlined />, done: <CheckSquareOutlined />, started: <SendOutlined />, copies: <MailOutlined /> };

/** The count on each list's badge: all of 待办, 已办 and 我发起的, the unread of 抄送我的. */
const BADGE: Record<TaskList, (c: WorkbenchCounts) => number> = { todo: (c) => c.todo, done: (c) => c.done, started: (c) => c.started, copies: (c) => c.unreadCopies };

/**
 * The frame of every page for signed-in users: a header with the system's name, the user, the language switch and
 * logout, and the menu of the four task lists with their counts — at the side on a wide screen, in a drawer on a phone.
 */
export function AppShell() {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [counts, setCounts] = useState<WorkbenchCounts | null>(null);

  const refreshCounts = useCallback(() => {
    get<WorkbenchCounts>('/api/workbench/counts').then(setCounts, () => setCounts(null));
  }, []);
  useEffect(refreshCounts, [refreshCounts, location.pathname]);

  const selected = location.pathname.split('/')[1] ?? '';
  const items: MenuProps['items'] = (['todo', 'done', 'started', 'copies'] as const).map((list) => ({
    key: list,
    icon: ICONS[list],
    label: (
      <span className="menu-label" data-list={list}>
        <span>{t(`nav.${list}`)}</span>
        {counts && <Badge count={BADGE[list](counts)} overflowCount={999} showZero={false} color={list === 'todo' ? 'red' : list === 'copies' ? 'orange' : 'blue'} />}
      </span>
    ),
  }));
  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      items={items}
      onClick={({ key }) => {
        setDrawerOpen(false);
        void navigate(`/${key}`);
      }}
    />
  );
  const logout = () => {
    endSession();
    void navigate('/login', { replace: true });
  };

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        {phone && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawerOpen(true)} className="header-button" />}
        <Typography.Text className="app-name" ellipsis>
          {phone ? t('app.shortName') : t('app.name')}
        </Typography.Text>
        {!phone && (
          <Space size="middle" className="header-tools">
            <span className="user-name" title={t('header.user')}>
              <UserOutlined /> {session?.user.name}
            </span>
            <LanguageSwitch size="small" />
            <Button type="text" icon={<LogoutOutlined />} onClick={logout} className="header-button">
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
          <Outlet context={{ refreshCounts }} />
        </Layout.Content>
      </Layout>
      {phone && (
        <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} width={260} title={t('app.name')} styles={{ body: { padding: 0 } }}>
          {menu}
          <div className="drawer-tools">
            <div className="user-name">
              <UserOutlined /> {session?.user.name}
            </div>
            <LanguageSwitch size="small" />
            <Button icon={<LogoutOutlined />} onClick={logout} block>
              {t('header.logout')}
            </Button>
          </div>
        </Drawer>
      )}
    </Layout>
  );
}
