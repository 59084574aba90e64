import { Alert, App, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, fieldIssues, login, problemText, sessionOf } from '../api';
import { startSession } from '../session';
import { TIP_CITIES } from '../tip-report-page';
import { ORGANISATION_KINDS, registerApplicant, type ApplicantRegistrationBody } from './company-api';
import './company.css';

interface RegistrationValues {
  kind: ApplicantRegistrationBody['organisation']['kind'];
  name: string;
  creditCode?: string;
  city: string;
  district?: string;
  address?: string;
  legalRepresentative?: string;
  contactPhone: string;
  username: string;
  userName: string;
  password: string;
  confirm: string;
}

/** The form field each path of the server's issues names. */
const FIELD_OF: Record<string, keyof RegistrationValues> = {
  'organisation.kind': 'kind', 'organisation.name': 'name', 'organisation.creditCode': 'creditCode', 'organisation.address': 'address',
  'organisation.legalRepresentative': 'legalRepresentative', 'organisation.contactPhone': 'contactPhone',
  'user.username': 'username', 'user.name': 'userName', 'user.password': 'password',
};

/**
 * `/public/company/register`: a company or unit opens its applicant account (no account needed) and is signed in to
 * 我的申请 afterwards; the server's objections appear beside the fields.
 */
export function CompanyRegisterPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegistrationValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (values: RegistrationValues) => {
    setBusy(true);
    setError(null);
    const optional = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
    const body: ApplicantRegistrationBody = {
      organisation: {
        kind: values.kind, name: values.name.trim(), creditCode: optional(values.creditCode)?.toUpperCase(), regionCode: optional(values.district) ?? values.city,
        address: optional(values.address), legalRepresentative: optional(values.legalRepresentative), contactPhone: values.contactPhone.trim(),
      },
      user: { username: values.username.trim(), name: values.userName.trim(), password: values.password },
    };
    try {
      await registerApplicant(body);
      const answer = await login(body.user.username, body.user.password);
      startSession(sessionOf(answer));
      void message.success(t('company.registered'));
      void navigate('/company/applications', { replace: true });
    } catch (e) {
      setBusy(false);
      const issues = fieldIssues(e);
      const placed: Array<{ name: keyof RegistrationValues; errors: string[] }> = [];
      const unplaced: string[] = [];
      for (const issue of issues) {
        const field = issue.path === 'organisation.regionCode' ? (values.district?.trim() ? 'district' : 'city') : FIELD_OF[issue.path];
        if (field) placed.push({ name: field, errors: [issue.message] });
        else unplaced.push(`${issue.path}: ${issue.message}`);
      }
      if (e instanceof ApiError && e.code === 'USER_EXISTS') placed.push({ name: 'username', errors: [t('company.usernameTaken')] });
      else if (e instanceof ApiError && e.status === 409) placed.push({ name: 'creditCode', errors: [t('company.creditCodeTaken')] });
      form.setFields(placed);
      if (placed.length > 0) void message.error(t('company.fixForm'));
      if (unplaced.length > 0 || placed.length === 0) {
        setError(unplaced.length > 0 ? unplaced.join('；') : e instanceof ApiError && e.status === 0 ? t('error.network') : problemText(e, t));
      }
    }
  };

  return (
    <Card className="public-card company-register" title={t('company.registerTitle')}>
      <Typography.Paragraph type="secondary">{t('company.registerIntro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={t('company.registerFailed')} description={error} className="company-alert" role="alert" />}
      <Form<RegistrationValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={busy} initialValues={{ kind: 'applicant-company', city: '440100' }} scrollToFirstError>
        <Typography.Title level={5}>{t('company.organisation')}</Typography.Title>
        <Form.Item name="kind" label={t('company.kind')} rules={[{ required: true }]}>
          <Select options={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`company.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('company.name')} rules={[{ required: true, whitespace: true, message: t('company.nameRequired') }, { min: 2, max: 200, message: t('company.nameLength') }]}>
          <Input autoComplete="organization" />
        </Form.Item>
        <Form.Item name="creditCode" label={t('company.creditCode')} extra={t('company.creditCodeHint')}
          rules={[{ pattern: /^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{2}\d{6}[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{10}$/, message: t('company.creditCodeInvalid') }]}>
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item name="city" label={t('company.city')} rules={[{ required: true, message: t('company.cityRequired') }]}>
          <Select showSearch optionFilterProp="label" options={TIP_CITIES.map((c) => ({ value: c.code, label: c.name }))} />
        </Form.Item>
        <Form.Item name="district" label={t('company.district')} extra={t('company.districtHint')} dependencies={['city']}
          rules={[({ getFieldValue }) => ({
            validator: (_, value: string | undefined) => !value?.trim() || (/^\d{6}$/.test(value.trim()) && value.trim().slice(0, 4) === String(getFieldValue('city')).slice(0, 4))
              ? Promise.resolve() : Promise.reject(new Error(t('company.districtInvalid'))),
          })]}>
          <Input maxLength={6} inputMode="numeric" />
        </Form.Item>
        <Form.Item name="address" label={t('company.address')} rules={[{ max: 300 }]}>
          <Input autoComplete="street-address" />
        </Form.Item>
        <Form.Item name="legalRepresentative" label={t('company.legalRepresentative')} rules={[{ max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('company.contactPhone')} rules={[{ required: true, message: t('company.phoneRequired') }, { pattern: /^[0-9+()\- ]{7,20}$/, message: t('company.phoneInvalid') }]}>
          <Input inputMode="tel" autoComplete="tel" />
        </Form.Item>
        <Typography.Title level={5}>{t('company.account')}</Typography.Title>
        <Form.Item name="username" label={t('company.username')} extra={t('company.usernameHint')}
          rules={[{ required: true, message: t('company.usernameRequired') }, { pattern: /^[A-Za-z0-9._@-]{1,64}$/, message: t('company.usernameInvalid') }]}>
          <Input autoComplete="username" />
        </Form.Item>
        <Form.Item name="userName" label={t('company.userName')} rules={[{ required: true, whitespace: true, message: t('company.userNameRequired') }, { max: 64 }]}>
          <Input autoComplete="name" />
        </Form.Item>
        <Form.Item name="password" label={t('company.password')} rules={[{ required: true, message: t('company.passwordRequired') }, { min: 10, max: 72, message: t('company.passwordLength') }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label={t('company.confirm')} dependencies={['password']}
          rules={[{ required: true, message: t('company.confirmRequired') }, ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) => (!value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('company.confirmMismatch')))),
          })]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={busy}>
          {t('company.register')}
        </Button>
      </Form>
      <div className="company-links">
        {t('company.haveAccount')} <Link to="/login?next=/">{t('company.signIn')}</Link>
      </div>
    </Card>
  );
}
