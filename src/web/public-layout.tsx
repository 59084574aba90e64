import { Layout, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { LanguageSwitch } from './language-switch';

/** The part of the public pages `pathname` belongs to: 投诉举报, 企业办事 or 文书核验. */
function portalOf(pathname: string): 'tips' | 'company' | 'verify' {
  if (pathname.startsWith('/public/company')) return 'company';
  if (pathname.startsWith('/public/verify')) return 'verify';
  return 'tips';
}

/**
 * The frame of the public pages (投诉举报, 企业办事, 文书核验), outside the officers' shell: a header titled after the
 * page's part, the language switch, no login.
 */
export function PublicLayout() {
  const { t } = useTranslation();
  const portal = portalOf(useLocation().pathname);
  return (
    <Layout className="public-layout">
      <Layout.Header className="public-header">
        <Typography.Text className="public-name" data-portal={portal}>
          {t(`publicPortal.${portal}`)}
        </Typography.Text>
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
