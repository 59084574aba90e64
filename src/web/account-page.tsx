import { LockOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { changePassword, logoutEverywhere, sessionOf } from './api';
import { placeFieldIssues } from './form-errors';
import { forgetDraftsOf } from './local-draft';
import { currentSession, endSession, startSession } from './session';
import { useSession } from './use-session';

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

/** The server's password rule, told before sending: at least 10 characters, at most 72. */
const MIN_LENGTH = 10;
const MAX_LENGTH = 72;

/**
 * `/account` (账号安全), for every signed-in user: changing one's own password (the current one is needed; every other
 * session of the account ends, this one goes on with a new token), and logging out on every device (after a phone or
 * computer is lost). The server's objections appear beside the fields.
 */
export function AccountPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const session = useSession();
  const [params] = useSearchParams();
  const required = session?.user.passwordChangeRequired === true;
  const [form] = Form.useForm<PasswordValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: PasswordValues) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await changePassword(values.currentPassword, values.newPassword);
      startSession(sessionOf(answer));
      form.resetFields();
      void message.success(t('account.password.changed'));
      // a first login goes on to the page it was for
      const next = params.get('next');
      if (required) void navigate(next?.startsWith('/') && !next.startsWith('//') ? next : '/', { replace: true });
    } catch (e) {
      setError(placeFieldIssues(form, e, ['currentPassword', 'newPassword'], { network: t('error.network'), unknown: t('error.unknown') }));
    } finally {
      setBusy(false);
    }
  };

  const everywhere = async () => {
    const confirmed = await modal.confirm({
      title: t('account.everywhere.title'), content: t('account.everywhere.content'),
      okText: t('account.everywhere.ok'), cancelText: t('account.everywhere.cancel'),
      okButtonProps: { danger: true, 'data-action': 'confirm-everywhere' },
    });
    if (!confirmed) return;
    try {
      await logoutEverywhere();
    } catch (e) {
      setError(placeFieldIssues(form, e, [], { network: t('error.network'), unknown: t('error.unknown') }));
      return;
    }
    const userId = currentSession()?.user.id;
    endSession();
    if (userId) forgetDraftsOf(userId);
    void navigate('/login', { replace: true });
  };

  return (
    <Space direction="vertical" size="large" className="account-page" style={{ width: '100%', maxWidth: 560 }}>
      <Typography.Title level={3}>{t('account.title')}</Typography.Title>
      {required && <Alert type="warning" showIcon message={t('account.required.title')} description={t('account.required.content')} data-notice="password-change-required" />}
      <Card title={<><LockOutlined /> {t('account.password.title')}</>}>
        <Typography.Paragraph type="secondary">{t('account.password.hint', { user: session?.user.id ?? '' })}</Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-error="account" />}
        <Form form={form} layout="vertical" onFinish={(values) => void submit(values)} requiredMark={false} autoComplete="off">
          <Form.Item name="currentPassword" label={t('account.password.current')} rules={[{ required: true, message: t('account.password.currentRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('account.password.new')}
            rules={[
              { required: true, message: t('account.password.newRequired') },
              { min: MIN_LENGTH, max: MAX_LENGTH, message: t('account.password.length', { min: MIN_LENGTH, max: MAX_LENGTH }) },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('account.password.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('account.password.confirmRequired') },
              ({ getFieldValue }) => ({
                validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('account.password.mismatch')))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-action="change-password">{t('account.password.submit')}</Button>
        </Form>
      </Card>
      <Card title={<><LogoutOutlined /> {t('account.everywhere.heading')}</>}>
        <Typography.Paragraph type="secondary">{t('account.everywhere.hint')}</Typography.Paragraph>
        <Button danger onClick={() => void everywhere()} data-action="logout-everywhere">{t('account.everywhere.button')}</Button>
      </Card>
    </Space>
  );
}
