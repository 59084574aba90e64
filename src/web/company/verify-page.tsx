import { CheckCircleFilled, CloseCircleFilled, StopFilled } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Result, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, fieldIssues, problemText } from '../api';
import { formatDateTime } from '../format';
import { verifyDocument, type Verification } from './company-api';
import './company.css';

interface VerifyValues {
  number: string;
  code: string;
}

type Outcome = { kind: 'found'; result: Verification } | { kind: 'not-found' } | null;

/**
 * `/public/verify`: anyone checks an official document (permit, certificate, notice) by its number and verification
 * code, typed in or read from the QR code's link (`?number=&code=`); shows what the issuing authority recorded.
 */
export function VerifyPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<VerifyValues>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [error, setError] = useState<string | null>(null);
  const number = params.get('number') ?? '';
  const code = params.get('code') ?? '';

  useEffect(() => {
    form.setFieldsValue({ number, code });
    if (!number.trim() || !code.trim()) {
      setOutcome(null);
      return undefined;
    }
    let current = true;
    setBusy(true);
    setError(null);
    verifyDocument(number, code).then(
      (result) => current && setOutcome(result ? { kind: 'found', result } : { kind: 'not-found' }),
      (e: unknown) => {
        if (!current) return;
        setOutcome(null);
        const issues = fieldIssues(e);
        form.setFields(issues.filter((i) => i.path === 'number' || i.path === 'code').map((i) => ({ name: i.path as keyof VerifyValues, errors: [i.message] })));
        setError(e instanceof ApiError && e.status === 0 ? t('error.network') : problemText(e, t));
      },
    ).finally(() => current && setBusy(false));
    return () => {
      current = false;
    };
  }, [number, code, form, t]);

  const submit = (values: VerifyValues) => setParams({ number: values.number.trim(), code: values.code.trim().toUpperCase() });

  return (
    <>
      <Card className="public-card" title={t('verify.title')}>
        <Typography.Paragraph type="secondary">{t('verify.intro')}</Typography.Paragraph>
        <Form<VerifyValues> form={form} layout="vertical" onFinish={submit} disabled={busy}>
          <Form.Item name="number" label={t('verify.number')} rules={[{ required: true, whitespace: true, message: t('verify.numberRequired') }, { max: 64 }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="code" label={t('verify.code')} rules={[{ required: true, whitespace: true, message: t('verify.codeRequired') }, { max: 16 }]}>
            <Input autoComplete="off" className="verify-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('verify.check')}
          </Button>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon message={t('verify.failed')} description={error} className="company-alert public-card" role="alert" />}
      {outcome?.kind === 'not-found' && (
        <Card className="public-card verify-result" data-outcome="not-found">
          <Result status="error" icon={<CloseCircleFilled />} title={t('verify.notFound')} subTitle={t('verify.notFoundHint')} />
        </Card>
      )}
      {outcome?.kind === 'found' && (
        <Card className="public-card verify-result" data-outcome={outcome.result.status}>
          <Result
            status={outcome.result.status === 'valid' ? 'success' : 'warning'}
            icon={outcome.result.status === 'valid' ? <CheckCircleFilled /> : <StopFilled />}
            title={t(outcome.result.status === 'valid' ? 'verify.valid' : 'verify.void')}
            subTitle={t(outcome.result.status === 'valid' ? 'verify.validHint' : 'verify.voidHint')}
          />
          <Descriptions column={1} bordered size="small">
            <Descriptions.Item label={t('verify.documentTitle')}>{outcome.result.title}</Descriptions.Item>
            <Descriptions.Item label={t('verify.number')}>{outcome.result.number}</Descriptions.Item>
            <Descriptions.Item label={t('verify.holder')}>{outcome.result.holderName}</Descriptions.Item>
            <Descriptions.Item label={t('verify.issuer')}>{outcome.result.issuer}</Descriptions.Item>
            <Descriptions.Item label={t('verify.issuedAt')}>{formatDateTime(outcome.result.issuedAt, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('verify.status')}>{t(`verify.statuses.${outcome.result.status}`)}</Descriptions.Item>
            {outcome.result.licence && (
              <Descriptions.Item label={t('verify.licence')}>
                <span data-licence-status={outcome.result.licence.status}>{outcome.result.licence.number}（{t(`verify.licenceStatuses.${outcome.result.licence.status}`)}）</span>
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      )}
    </>
  );
}
