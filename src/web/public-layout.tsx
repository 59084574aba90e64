import { Layout, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet } from 'react-router';
import { LanguageSwitch } from './language-switch';

/** The frame of the public pages (投诉举报), outside the officers' shell: a simple header, the language switch, no login. */
export function PublicLayout() {
  const { t } = useTranslation();
  return (
    <Layout className="public-layout">
      <Layout.Header className="public-header">
        <Typography.Text className="public-name">{t('tips.portal')}</Typography.Text>
        <LanguageSwitch size="small" />
      </Layout.Header>
      <nav className="public-nav">
        <NavLink to="/public/tips/new">{t('tips.navReport')}</NavLink>
        <NavLink to="/public/tips/track">{t('tips.navTrack')}</NavLink>
        <NavLink to="/public/company/register">{t('company.nav.portal')}</NavLink>
        <NavLink to="/public/verify">{t('company.nav.verify')}</NavLink>
      </nav>
      <Layout.Content className="public-content">
        <Outlet />
      </Layout.Content>
      <Layout.Footer className="public-footer">
        <Link to="/login">{t('tips.officerLogin')}</Link>
      </Layout.Footer>
    </Layout>
  );
}
