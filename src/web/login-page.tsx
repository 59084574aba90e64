import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, login, problemText, sessionOf } from './api';
import { LanguageSwitch } from './language-switch';
import { startSession } from './session';
import { useSession } from './use-session';

interface Credentials {
  username: string;
  password: string;
}

/**
 * `/login`: username and password; afterwards back to the page the user came from (`?next=`), else the home page of
 * the user's roles (待办 for officers, 我的申请 for companies). Below the
 * form, the links of the public portal (投诉举报, 查询举报进度) for visitors without an account.
 */
export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const session = useSession();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));

  if (session) return <Navigate to={next} replace />;

  const submit = async ({ username, password }: Credentials) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await login(username, password);
      startSession(sessionOf(answer));
      // a password an administrator chose is changed first (the shell allows nothing else), then the page asked for
      void navigate(answer.passwordChangeRequired ? `/account?next=${encodeURIComponent(next)}` : next, { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 0 ? t('error.network') : problemText(e, t));
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-language">
        <LanguageSwitch size="small" />
      </div>
      <Card className="login-card">
        <Typography.Title level={3} className="login-system">
          {t('app.name')}
        </Typography.Title>
        <Typography.Title level={5} type="secondary" className="login-title">
          {t('login.title')}
        </Typography.Title>
        {params.get('expired') && !error && <Alert type="warning" showIcon message={t('login.sessionEnded')} className="login-alert" />}
        {error && <Alert type="error" showIcon message={t('login.failed')} description={error} className="login-alert" role="alert" />}
        <Form<Credentials> layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} disabled={busy}>
          <Form.Item name="username" label={t('login.username')} rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <div className="login-links">
          <Typography.Text type="secondary">{t('tips.loginLinks')}</Typography.Text>{' '}
          <Link to="/public/tips/new">{t('tips.report')}</Link>
          {' · '}
          <Link to="/public/tips/track">{t('tips.track')}</Link>
        </div>
        <div className="login-links">
          <Typography.Text type="secondary">{t('company.registerLink')}</Typography.Text>{' '}
          <Link to="/public/company/register">{t('company.nav.register')}</Link>
          {' · '}
          <Link to="/public/verify">{t('company.nav.verify')}</Link>
        </div>
      </Card>
    </div>
  );
}

/** Only a path of this application is a place to return to (never another site). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}
