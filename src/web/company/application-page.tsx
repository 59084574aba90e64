import { DownloadOutlined, EyeOutlined, SaveOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, Input, Result, Space, Spin, Steps, Timeline, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, download, fieldIssues, problemText, saveFile, type FieldIssue } from '../api';
import { formatDateTime } from '../format';
import { useLeaveGuard } from '../leave-guard';
import { clearLocalDraft, readLocalDraft, saveLocalDraft, type LocalDraft } from '../local-draft';
import { useSession } from '../use-session';
import { ApplicationForm, type ApplicationFormHandle } from './application-form';
import {
  answerCorrection, applicationFormOf, readApplication, reportBusinessRegistration, saveApplicationData, submitApplication, type ApplicationDetail, type ApplicationStatus, type OfficialDocument,
} from './company-api';
import { DocumentsSection } from './documents-section';
import { ClockLine, StatusTag } from './status';
import './company.css';

/** The stage (of 填报, 受理, 审查, 决定) each status is at. */
const STAGE: Record<ApplicationStatus, number> = {
  draft: 0, submitted: 1, 'correction-requested': 1, 'not-accepted': 1, accepted: 2, 'on-site-check': 2, 'under-review': 2, eligible: 2,
  granted: 3, refused: 3, recorded: 3, withdrawn: 1, registered: 3, lapsed: 3, revoked: 3,
};
const FAILED: ReadonlySet<ApplicationStatus> = new Set(['not-accepted', 'refused', 'withdrawn', 'lapsed', 'revoked']);

/**
 * `/company/applications/:id`: an application from the company's side — the stage and clocks; the application form
 * (editable as a draft and under correction: save the draft, submit); the documents; the correction request and its
 * answer; the official documents issued (download); and the history of what happened. Unsaved edits of the form are
 * kept in the browser per user and application (`local-draft.ts`) and restored, with a notice, when the page opens
 * again — after a login that followed an expired session — until they are saved, submitted or discarded.
 */
export function ApplicationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const [application, setApplication] = useState<ApplicationDetail | null>(null);
  const [schema, setSchema] = useState<Record<string, unknown> | null>(null);
  const [formData, setFormData] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | 'correction' | null>(null);
  const [problems, setProblems] = useState<FieldIssue[]>([]);
  const [noteForm] = Form.useForm<{ note: string }>();
  const form = useRef<ApplicationFormHandle>(null);
  const userId = useSession()?.user.id ?? '';
  // the unsaved edits restored from the browser when the page opened
  const [restored, setRestored] = useState<LocalDraft<Record<string, unknown>> | null>(null);
  // whether the form holds edits not saved: leaving the page (a link, back, logout, closing the tab) asks first
  const [edited, setEdited] = useState(false);
  useEffect(() => setEdited(false), [formData]);
  useLeaveGuard(edited ? { title: t('company.keptEdits.leave.title'), content: t('company.keptEdits.leave.content'), okText: t('company.keptEdits.leave.ok'), cancelText: t('company.keptEdits.leave.cancel') } : null);

  /** Reads the application again; `withForm` also puts its data back into the form. */
  const load = useCallback(async (withForm: boolean) => {
    try {
      const detail = await readApplication(id);
      setApplication(detail);
      if (withForm) setFormData(detail.data);
      return detail;
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
      return null;
    }
  }, [id]);

  useEffect(() => {
    let current = true;
    setApplication(null);
    setSchema(null);
    setError(null);
    setRestored(null);
    void load(true).then((detail) => {
      if (detail && current && userId && (detail.status === 'draft' || detail.status === 'correction-requested')) {
        const draft = readLocalDraft<Record<string, unknown>>('application-draft', userId, detail.id);
        if (draft) {
          setFormData(draft.content);
          setRestored(draft);
        }
      }
      if (detail && current) applicationFormOf(detail.procedure).then((s) => current && setSchema(s), (e: unknown) => current && setError(e instanceof Error ? e : new Error(String(e))));
    });
    return () => {
      current = false;
    };
  }, [load, userId]);

  if (error && !application) {
    return <Result status={error instanceof ApiError && error.status === 404 ? '404' : 'error'} title={error instanceof ApiError && error.status === 404 ? t('company.notFound') : t('company.loadFailed')}
      subTitle={error.message} extra={<Link to="/company/applications">{t('company.backToList')}</Link>} />;
  }
  if (!application) return <Spin size="large" className="page-spin" />;

  const editable = application.status === 'draft' || application.status === 'correction-requested';
  const correction = application.status === 'correction-requested' ? [...application.history].reverse().find((h) => h.status === 'correction-requested') ?? null : null;
  const running = application.clocks.filter((c) => c.status !== 'stopped');

  /** Shows a failed request: field problems beside the fields (the rest above the form), or a message. */
  const failed = (e: unknown) => {
    const issues = fieldIssues(e);
    if (issues.length) {
      const rest = form.current?.showIssues(issues) ?? issues;
      setProblems(rest);
      void message.error(t('company.fixForm'));
    } else if (e instanceof ApiError && e.status === 409) {
      void message.error(t('company.changedMeanwhile'));
      void load(true);
    } else {
      void message.error(e instanceof ApiError && e.status === 0 ? t('error.network') : problemText(e, t));
    }
  };

  /** Keeps the form's unsaved edits in the browser; edits undone remove them (unless restored ones are showing). */
  const keepEdits = (data: Record<string, unknown>, edited: boolean) => {
    setEdited(edited);
    if (!userId) return;
    if (edited) saveLocalDraft('application-draft', userId, application.id, data);
    else if (!restored) clearLocalDraft('application-draft', userId, application.id);
  };
  /** Forgets the kept edits: saved, submitted or discarded. */
  const forgetEdits = () => {
    setEdited(false);
    if (userId) clearLocalDraft('application-draft', userId, application.id);
    setRestored(null);
  };
  const discardEdits = () => {
    forgetEdits();
    setFormData({ ...application.data });
    void message.info(t('company.keptEdits.discarded'));
  };

  /** Saves what the form holds; returns the saved application, or null when the server refused. */
  const save = async (): Promise<ApplicationDetail | null> => {
    const data = form.current?.data() ?? application.data;
    const saved = await saveApplicationData(application.id, data, application.version);
    setApplication(saved);
    forgetEdits();
    return saved;
  };

  const saveDraft = async () => {
    setBusy('save');
    setProblems([]);
    try {
      const saved = await save();
      if (saved) setFormData(saved.data);
      void message.success(t('company.saved'));
    } catch (e) {
      failed(e);
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    setProblems([]);
    if (!form.current?.validate()) {
      void message.error(t('company.fixForm'));
      return;
    }
    const missing = application.checklist.filter((i) => i.required && !i.supplied);
    if (missing.length > 0) {
      const go = await modal.confirm({
        title: t('company.missingTitle', { count: missing.length }), okText: t('company.submitAnyway'), cancelText: t('company.cancel'),
        content: <ul className="company-missing">{missing.map((m) => <li key={m.kind}>{m.label}</li>)}</ul>,
      });
      if (!go) return;
    }
    setBusy('submit');
    try {
      await save();
      const submitted = await submitApplication(application.id);
      setApplication(submitted);
      setFormData(submitted.data);
      window.scrollTo(0, 0);
      void message.success(t('company.submitted', { number: submitted.number }));
    } catch (e) {
      failed(e);
      void load(false);
    } finally {
      setBusy(null);
    }
  };

  const answer = async ({ note }: { note: string }) => {
    setProblems([]);
    if (!form.current?.validate()) {
      void message.error(t('company.fixForm'));
      return;
    }
    setBusy('correction');
    try {
      await save();
      const answered = await answerCorrection(application.id, note.trim());
      setApplication(answered);
      setFormData(answered.data);
      noteForm.resetFields();
      window.scrollTo(0, 0);
      void message.success(t('company.correctionSent'));
    } catch (e) {
      const issues = fieldIssues(e);
      const noteIssue = issues.find((i) => i.path === 'note');
      if (noteIssue) noteForm.setFields([{ name: 'note', errors: [noteIssue.message] }]);
      if (issues.some((i) => i.path !== 'note') || !noteIssue) failed(e);
      void load(false);
    } finally {
      setBusy(null);
    }
  };

  const stage = STAGE[application.status];
  return (
    <div className="company-page company-application" data-application={application.id} data-status={application.status}>
      <Card className="company-section company-summary">
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Typography.Title level={4} className="company-title">{application.title}</Typography.Title>
            <StatusTag status={application.status} />
          </Space>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('company.procedure')}>{application.procedureName}</Descriptions.Item>
            <Descriptions.Item label={t('company.applicationNumber')}><span className="company-number">{application.number ?? t('company.notNumbered')}</span></Descriptions.Item>
            <Descriptions.Item label={t('company.submittedAt')}>{formatDateTime(application.submittedAt, i18n.language)}</Descriptions.Item>
            {application.decidedAt && <Descriptions.Item label={t('company.decidedAt')}>{formatDateTime(application.decidedAt, i18n.language)}</Descriptions.Item>}
            {application.permit && <Descriptions.Item label={t('company.permitNumber')}><span className="company-permit">{application.permit.number}</span></Descriptions.Item>}
            {application.certificate && <Descriptions.Item label={t('company.certificateNumber')}>{application.certificate.number}</Descriptions.Item>}
          </Descriptions>
          <Steps size="small" current={stage} status={FAILED.has(application.status) ? 'error' : stage === 3 ? 'finish' : 'process'} responsive
            items={['fill', 'acceptance', 'review', 'decision'].map((s) => ({ title: t(`company.stages.${s}`) }))} className="company-steps" />
          <div className="company-clocks">
            {running.length === 0
              ? <Typography.Text type="secondary">{t(application.status === 'draft' ? 'company.clockAfterSubmit' : 'company.noClock')}</Typography.Text>
              : running.map((c) => <ClockLine key={`${c.name}-${c.startedAt}`} clock={c} showRule />)}
          </div>
        </Space>
      </Card>

      {correction && (
        <Alert type="warning" showIcon className="company-section company-correction" message={t('company.correctionRequested')}
          description={(
            <div>
              <Typography.Paragraph>{t('company.correctionIntro')}</Typography.Paragraph>
              <ul className="company-correction-items">
                {(correction.note ?? '').split('\n').map((line) => line.trim()).filter(Boolean).map((line, i) => <li key={i}>{line}</li>)}
              </ul>
              <Typography.Text type="secondary">{t('company.correctionAt', { at: formatDateTime(correction.at, i18n.language) })}</Typography.Text>
            </div>
          )} />
      )}

      {problems.length > 0 && (
        <Alert type="error" showIcon className="company-section" role="alert" message={t('company.problems')}
          description={<ul>{problems.map((p, i) => <li key={i}>{p.path ? `${p.path}：` : ''}{p.message}</li>)}</ul>} />
      )}

      <Card title={t('company.form')} className="company-section">
        {restored && editable && (
          <Alert type="info" showIcon className="company-kept-edits" data-draft="restored"
            message={t('company.keptEdits.restored', { at: formatDateTime(restored.savedAt, i18n.language) })}
            action={<Button size="small" onClick={discardEdits} data-action="discard-draft">{t('company.keptEdits.discard')}</Button>} />
        )}
        {schema ? <ApplicationForm ref={form} schema={schema} data={formData} readOnly={!editable} onChange={editable ? keepEdits : undefined} /> : <Spin />}
        {application.status === 'draft' && (
          <Space wrap className="company-actions">
            <Button icon={<SaveOutlined />} loading={busy === 'save'} disabled={busy !== null} onClick={() => void saveDraft()}>{t('company.saveDraft')}</Button>
            <Button type="primary" icon={<SendOutlined />} loading={busy === 'submit'} disabled={busy !== null} onClick={() => void submit()}>{t('company.submit')}</Button>
          </Space>
        )}
        {application.status === 'correction-requested' && (
          <Space wrap className="company-actions">
            <Button icon={<SaveOutlined />} loading={busy === 'save'} disabled={busy !== null} onClick={() => void saveDraft()}>{t('company.saveCorrection')}</Button>
          </Space>
        )}
      </Card>

      <DocumentsSection application={application} editable={editable} onChanged={() => void load(false)} />

      {application.status === 'correction-requested' && (
        <Card title={t('company.answerCorrection')} className="company-section company-answer">
          <Form form={noteForm} layout="vertical" onFinish={(v) => void answer(v)} disabled={busy !== null}>
            <Form.Item name="note" label={t('company.correctionNote')} rules={[{ required: true, whitespace: true, message: t('company.correctionNoteRequired') }, { min: 2, max: 2000, message: t('company.correctionNoteLength') }]}>
              <Input.TextArea rows={3} placeholder={t('company.correctionNotePlaceholder')} />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={busy === 'correction'}>{t('company.sendCorrection')}</Button>
          </Form>
        </Card>
      )}

      {application.awaiting === 'business-registration' && <BusinessRegistration application={application} onReported={() => void load(false)} />}

      {application.officialDocuments.length > 0 && <OfficialDocuments documents={application.officialDocuments} />}

      <Card title={t('company.history')} className="company-section company-history">
        <Timeline items={[...application.history].reverse().map((h, i) => ({
          key: i,
          color: FAILED.has(h.status) ? 'red' : h.status === 'correction-requested' ? 'orange' : 'blue',
          children: (
            <div className="company-history-item" data-status={h.status}>
              <Space wrap size={4}>
                <StatusTag status={h.status} />
                <Typography.Text type="secondary">{formatDateTime(h.at, i18n.language)}</Typography.Text>
                <Typography.Text type="secondary">{h.actor === 'system' ? t('company.bySystem') : h.actor}</Typography.Text>
              </Space>
              {h.note && <div className="company-history-note">{h.note}</div>}
            </div>
          ),
        }))} />
      </Card>
    </div>
  );
}

/**
 * 工商登记: a company granted a permit reports, within the period the permit gives, the credit code of its business
 * registration; the permit then comes into force.
 */
function BusinessRegistration({ application, onReported }: { application: ApplicationDetail; onReported: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ creditCode: string }>();
  const [busy, setBusy] = useState(false);
  const [reported, setReported] = useState(false);
  const send = async ({ creditCode }: { creditCode: string }) => {
    setBusy(true);
    try {
      await reportBusinessRegistration(application.id, creditCode.trim().toUpperCase());
      setReported(true);
      void message.success(t('company.registrationReported'));
      onReported();
    } catch (e) {
      const issue = fieldIssues(e).find((i) => i.path === 'creditCode');
      if (issue) form.setFields([{ name: 'creditCode', errors: [issue.message] }]);
      else void message.error(e instanceof ApiError && e.status === 409 ? t('company.registrationNotYet') : problemText(e, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('company.businessRegistration')} className="company-section company-registration">
      <Typography.Paragraph>
        {application.permit?.registrationDueAt
          ? t('company.businessRegistrationIntro', { at: formatDateTime(application.permit.registrationDueAt, i18n.language) })
          : t('company.businessRegistrationIntroUndated')}
      </Typography.Paragraph>
      {reported ? <Alert type="success" showIcon message={t('company.registrationReported')} /> : (
        <Form form={form} layout="vertical" onFinish={(v) => void send(v)} disabled={busy}>
          <Form.Item name="creditCode" label={t('company.creditCode')}
            rules={[{ required: true, message: t('company.creditCodeRequired') }, { pattern: /^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{2}\d{6}[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{10}$/, message: t('company.creditCodeInvalid') }]}>
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>{t('company.reportRegistration')}</Button>
        </Form>
      )}
    </Card>
  );
}

/** The official documents issued in the procedure (notices, decisions, the permit): view and download as printable HTML. */
function OfficialDocuments({ documents }: { documents: OfficialDocument[] }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const fetchDocument = async (doc: OfficialDocument, view: boolean) => {
    try {
      const { blob } = await download(`/api/official-documents/${doc.id}`);
      if (view) {
        const url = URL.createObjectURL(blob);
        window.open(url, '_blank', 'noopener');
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } else saveFile(blob, `${doc.title}-${doc.number}.html`);
    } catch (e) {
      void message.error(problemText(e, t));
    }
  };
  return (
    <Card title={t('company.officialDocuments')} className="company-section company-official">
      {documents.map((doc) => (
        <div key={doc.id} className="company-official-item" data-document-type={doc.type}>
          <div>
            <Typography.Text strong>{doc.title}</Typography.Text>
            <div className="company-file-meta">{doc.number} · {doc.issuedBy} · {formatDateTime(doc.issuedAt, i18n.language)}</div>
          </div>
          <Space size={0}>
            <Button type="link" icon={<EyeOutlined />} onClick={() => void fetchDocument(doc, true)}>{t('company.view')}</Button>
            <Button type="link" icon={<DownloadOutlined />} onClick={() => void fetchDocument(doc, false)} data-download={doc.type}>{t('company.download')}</Button>
          </Space>
        </div>
      ))}
    </Card>
  );
}
