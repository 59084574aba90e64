import { Alert, Button, Card, Result, Space, Spin } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldIssues, get, post, problemText } from '../api';
import { caseFilePath } from '../officer/officer-api';
import { TaskForm, type TaskFormHandle } from '../task-form';
import type { CertificateRow } from './desk-api';

/**
 * 提请吊销保安员证 for a valid guard certificate found by the lookup: the revocation request form
 * (`GET /api/guard-certificates/revocation-form`) drawn by form-js, checked as form-js checks it, then sent as
 * `POST /api/guard-certificates/{id}/revocation`; the server's field errors appear beside the fields, its refusal
 * (another city, a revocation already under way) above them. Once proposed, links to the new procedure's case file.
 */
export function RevocationProposal({ certificate, onClose }: { certificate: CertificateRow; onClose: () => void }) {
  const { t } = useTranslation();
  const form = useRef<TaskFormHandle>(null);
  const [schema, setSchema] = useState<Record<string, unknown> | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [started, setStarted] = useState<string | null>(null);
  const data = useMemo(() => ({ certificateNumber: certificate.number }), [certificate.number]);

  useEffect(() => {
    let current = true;
    get<Record<string, unknown>>('/api/guard-certificates/revocation-form').then((s) => current && setSchema(s), (e: unknown) => current && setProblem(problemText(e, t)));
    return () => {
      current = false;
    };
  }, [t]);

  const submit = async () => {
    const handle = form.current;
    if (!handle) return;
    // the server checks the proposal against the same form and its answer names the fields: its words are shown beside them
    setBusy(true);
    setProblem(null);
    try {
      // the certificate's number is the server's to fill in: the proposal names the certificate by its id
      const { certificateNumber: _number, ...values } = handle.data();
      const answer = await post<{ processInstanceId: string }>(`/api/guard-certificates/${encodeURIComponent(certificate.id)}/revocation`, { values });
      setStarted(answer.processInstanceId);
    } catch (e) {
      const issues = fieldIssues(e);
      const unplaced = handle.showIssues(issues);
      setProblem(issues.length === 0 ? problemText(e, t) : unplaced.length ? unplaced.map((i) => `${i.path}：${i.message}`).join('；') : null);
    } finally {
      setBusy(false);
    }
  };

  if (started) {
    return (
      <Card className="desk-note revocation-proposal" data-proposed={started}>
        <Result status="success" title={t('certRevocation.proposed', { number: certificate.number })} subTitle={t('certRevocation.proposedHint')}
          extra={
            <Space wrap>
              <Link to={caseFilePath(started)} data-action="open-case-file"><Button type="primary">{t('certRevocation.openCaseFile')}</Button></Link>
              <Button onClick={onClose}>{t('certRevocation.close')}</Button>
            </Space>
          } />
      </Card>
    );
  }

  return (
    <Card title={t('certRevocation.title', { number: certificate.number, holder: certificate.holderName })} className="desk-note revocation-proposal" data-certificate={certificate.id}>
      {problem && <Alert type="error" showIcon message={t('certRevocation.refused')} description={problem} role="alert" className="desk-filters" />}
      {!schema ? (problem ? null : <Spin />) : (
        <Space direction="vertical" size={12} style={{ width: '100%' }}>
          <TaskForm ref={form} schema={schema} data={data} readOnly={false} />
          <Space wrap>
            <Button type="primary" danger loading={busy} onClick={() => void submit()} data-action="propose-revocation">{t('certRevocation.submit')}</Button>
            <Button onClick={onClose} disabled={busy}>{t('certRevocation.cancel')}</Button>
          </Space>
        </Space>
      )}
    </Card>
  );
}
