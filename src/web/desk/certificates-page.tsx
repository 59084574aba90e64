import { Alert, Button, Card, Form, Input, Radio, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { get } from '../api';
import { formatDateTime } from '../format';
import { placeFieldIssues } from '../form-errors';
import { useAccess } from '../use-access';
import type { CertificateRow } from './desk-api';
import './desk.css';
import { RevocationProposal } from './revocation-proposal';

/** What a lookup goes by: the holder's resident ID, or the certificate's number. */
type LookupBy = 'residentId' | 'number';

interface LookupValues {
  by: LookupBy;
  value: string;
}

/**
 * `/desk/certificates` (保安员证查询): an officer looks a guard certificate up by the holder's resident ID or by its
 * number — exact values only, and every lookup is recorded in the audit log — and sees whether it is valid or revoked.
 */
export function CertificatesPage() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<LookupValues>();
  const by = Form.useWatch('by', form) ?? 'residentId';
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [found, setFound] = useState<CertificateRow[] | null>(null);
  const [revoking, setRevoking] = useState<CertificateRow | null>(null);
  // permit reviewers propose revocations (`certificate.revoke`); the server checks the certificate's city
  const mayRevoke = useAccess()?.permissions.has('certificate.revoke') ?? false;

  const lookUp = async (values: LookupValues) => {
    setBusy(true);
    setProblem(null);
    setFound(null);
    setRevoking(null);
    try {
      setFound(await get<CertificateRow[]>('/api/guard-certificates', { [values.by]: values.value.trim().toUpperCase() }));
    } catch (e) {
      setProblem(placeFieldIssues(form, e, { residentId: 'value', number: 'value' }, { network: t('error.network'), unknown: t('error.unknown') }));
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<CertificateRow> = [
    { key: 'number', title: t('desk.certificates.number'), dataIndex: 'number' },
    { key: 'holder', title: t('desk.certificates.holder'), dataIndex: 'holderName' },
    { key: 'residentId', title: t('desk.certificates.residentId'), dataIndex: 'residentId' },
    { key: 'status', title: t('desk.certificates.status'), dataIndex: 'status',
      render: (s: string) => <Tag color={s === 'valid' ? 'success' : 'error'} data-status={s}>{t(`desk.certificateStatus.${s}`, { defaultValue: s })}</Tag> },
    { key: 'issued', title: t('desk.certificates.issued'), dataIndex: 'issuedAt', render: (at: string) => formatDateTime(at, i18n.language) },
    { key: 'revoked', title: t('desk.certificates.revoked'), dataIndex: 'revokedAt', render: (at: string | null) => formatDateTime(at, i18n.language) },
    ...(mayRevoke ? [{ key: 'revoke', title: '', render: (_: unknown, c: CertificateRow) => (c.status === 'valid'
      ? <Button size="small" danger data-action="revoke" onClick={() => setRevoking(c)}>{t('certRevocation.propose')}</Button> : null) }] : []),
  ];

  return (
    <Card title={t('desk.certificates.title')} className="desk-page" data-page="desk-certificates">
      <div className="desk-form">
        <Alert type="info" showIcon message={t('desk.certificates.recorded')} className="desk-filters" />
        <Form<LookupValues> form={form} layout="vertical" requiredMark={false} disabled={busy} onFinish={(v) => void lookUp(v)} initialValues={{ by: 'residentId' }}>
          <Form.Item name="by" label={t('desk.certificates.by')}>
            <Radio.Group optionType="button" onChange={() => form.setFields([{ name: 'value', errors: [] }])}
              options={[{ value: 'residentId', label: t('desk.certificates.byResidentId') }, { value: 'number', label: t('desk.certificates.byNumber') }]} />
          </Form.Item>
          <Form.Item name="value" label={t(by === 'residentId' ? 'desk.certificates.residentId' : 'desk.certificates.number')}
            rules={[{ required: true, whitespace: true, message: t('desk.certificates.valueRequired') },
              ...(by === 'residentId' ? [{ pattern: /^\s*\d{17}[\dXx]\s*$/, message: t('desk.certificates.residentIdInvalid') }] : [{ max: 64 }])]}>
            <Input maxLength={by === 'residentId' ? 18 : 64} allowClear />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>{t('desk.certificates.lookUp')}</Button>
        </Form>
      </div>
      {problem && <Alert type="error" showIcon message={t('desk.failed')} description={problem} role="alert" className="desk-note" />}
      {found && (
        <div className="desk-note">
          {found.length === 0
            ? <Typography.Text type="secondary" data-result="none">{t('desk.certificates.none')}</Typography.Text>
            : <Table<CertificateRow> rowKey="id" size="middle" columns={columns} dataSource={found} pagination={false} scroll={{ x: 'max-content' }} />}
        </div>
      )}
      {revoking && <RevocationProposal key={revoking.id} certificate={revoking} onClose={() => setRevoking(null)} />}
    </Card>
  );
}
