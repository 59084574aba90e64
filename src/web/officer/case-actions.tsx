import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, List, Radio, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { download, get, post, problemText, saveFile } from '../api';
import { formatDateTime } from '../format';
import { placeFieldIssues } from '../form-errors';
import { TaskForm } from '../task-form';
import { useAccess } from '../use-access';
import { formatSize } from './officer-api';

/** A record as its API answers it, read field by field. */
type RecordView = Record<string, unknown>;

/** A clock of a record (`clocks` of a case's view). */
interface RecordClock {
  name: string;
  ruleName: string;
  startedAt: string;
  dueAt: string;
  status: 'running' | 'paused' | 'stopped';
}

/** The custody extensions in the order the law allows them (刑事诉讼法第156、158、159条), as the server's `CUSTODY_EXTENSIONS`. */
const CUSTODY_EXTENSIONS = [
  { article: '156', months: 1 },
  { article: '158', months: 2 },
  { article: '159', months: 2 },
] as const;

/** The grounds of a custody extension by the article they fall under, as the server's `CUSTODY_EXTENSION_GROUNDS`. */
const CUSTODY_GROUNDS: Record<string, string> = {
  complex: '156', 'remote-area': '158', 'criminal-group': '158', roving: '158', 'wide-ranging': '158', 'ten-years': '159',
};

/** The decisions of the procuratorate on a case transferred for prosecution. */
const PROSECUTION_DECISIONS = ['prosecute', 'not-prosecute', 'supplementary-investigation'] as const;

/** The extension of an administrative case's time limit as the server recorded it (`extension` of the case's view). */
interface RecordedExtension {
  approvedBy: string;
  approvalDocument: string;
  by: string;
  recordedAt: string;
}

/** How long to wait for the engine to apply a decision to the case (the message is correlated in the background). */
const SETTLE_MS = 20_000;

/** The latest clock `name` of a record, if any. */
function clockOf(record: RecordView, name: string): RecordClock | undefined {
  return (Array.isArray(record['clocks']) ? (record['clocks'] as RecordClock[]) : []).filter((c) => c.name === name).at(-1);
}

/** Reads the record at `path` until `settled` says the server has applied what was recorded, or the wait is over. */
async function untilSettled(path: string, settled: (record: RecordView) => boolean): Promise<RecordView | null> {
  const until = Date.now() + SETTLE_MS;
  while (Date.now() < until) {
    const record = await get<RecordView>(path);
    if (settled(record)) return record;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return null;
}

/** Today in China as `YYYY-MM-DD`, the latest day a decision may be dated. */
function todayInChina(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

/**
 * 延长办案期限 on the case file of an administrative case: once extended, for every reader, who approved it (authority
 * and document number), who recorded it and when, and while the clock runs until when; before, for a leader
 * (`case.approve`) while the case is under investigation with its 30-day time limit running (公安机关办理行政案件程序规定
 * 第一百六十五条), the form recording the next-higher organ's approval (approving authority, approval document number);
 * the server's refusal (another jurisdiction, already extended) is shown as it answers. Once recorded, waits for the
 * longer clock and refreshes the case file.
 */
export function AdminCaseExtension({ caseId, record, onChanged }: { caseId: string; record: RecordView; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const [form] = Form.useForm<{ approvedBy: string; approvalDocument: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const clock = clockOf(record, 'case');
  const extension = (record['extension'] ?? null) as RecordedExtension | null;
  if (extension) {
    return (
      <Card title={t('caseActions.extension.title')} className="case-actions" data-action-card="extension">
        <Typography.Paragraph className="case-extension" data-extended="true">
          {t('caseActions.extension.approval', { approvedBy: extension.approvedBy, document: extension.approvalDocument, by: extension.by, at: formatDateTime(extension.recordedAt, i18n.language) })}
        </Typography.Paragraph>
        {clock && clock.status !== 'stopped' && <Typography.Text type="secondary">{t('caseActions.extension.done', { at: formatDateTime(clock.dueAt, i18n.language) })}</Typography.Text>}
      </Card>
    );
  }
  if (!access?.permissions.has('case.approve') || !clock || clock.status === 'stopped' || record['status'] !== 'investigating') return null;
  const path = `/api/cases/${encodeURIComponent(caseId)}`;

  const submit = async (values: { approvedBy: string; approvalDocument: string }) => {
    setBusy(true);
    setProblem(null);
    try {
      await post(`${path}/extension`, { approvedBy: values.approvedBy.trim(), approvalDocument: values.approvalDocument.trim() });
      const after = await untilSettled(path, (r) => clockOf(r, 'case')?.dueAt !== clock.dueAt);
      const due = after ? clockOf(after, 'case')?.dueAt : undefined;
      void message.success(due ? t('caseActions.extension.recorded', { at: formatDateTime(due, i18n.language) }) : t('caseActions.extension.pending'));
      onChanged();
    } catch (e) {
      setProblem(placeFieldIssues(form, e, ['approvedBy', 'approvalDocument'], { network: t('error.network'), unknown: t('error.unknown') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={t('caseActions.extension.title')} className="case-actions" data-action-card="extension">
      <Typography.Paragraph type="secondary">{t('caseActions.extension.hint', { at: formatDateTime(clock.dueAt, i18n.language) })}</Typography.Paragraph>
      <Form form={form} layout="vertical" disabled={busy} onFinish={(v) => void submit(v)}>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="approvedBy" label={t('caseActions.extension.approvedBy')} rules={[{ required: true, whitespace: true, min: 2, message: t('caseActions.extension.approvedByRequired') }]}>
              <Input maxLength={100} placeholder={t('caseActions.extension.approvedByPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="approvalDocument" label={t('caseActions.extension.approvalDocument')} rules={[{ required: true, whitespace: true, message: t('caseActions.extension.approvalDocumentRequired') }]}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
        </Row>
        {problem && <Alert type="error" showIcon message={t('caseActions.refused')} description={problem} role="alert" className="case-actions-problem" />}
        <Button type="primary" htmlType="submit" loading={busy} data-action="extend">{t('caseActions.extension.submit')}</Button>
      </Form>
    </Card>
  );
}

interface DecisionValues {
  approved?: boolean;
  ground?: string;
  decision?: (typeof PROSECUTION_DECISIONS)[number];
  procuratorate?: string;
  documentNumber: string;
  decidedOn: string;
  reasons?: string;
}

/** A decision of the procuratorate recorded on the case (`custodyExtensions`, `prosecutionDecisions` of its view). */
interface RecordedDecision {
  ordinal: number;
  decision: string;
  procuratorate: string;
  documentNumber: string;
  decidedOn: string;
  recordedBy: string;
  recordedAt: string;
  article?: string;
  ground?: string;
  months?: number;
  reasons?: string | null;
}

/**
 * The procuratorate's decisions on the case file of a criminal case, each offered at the stage where the case waits
 * for it: on the arrest request (提请批准逮捕, status `arrest-requested`), on an extension of investigative custody (the
 * suspect arrested, the custody clock running; the next extension in the order of 刑事诉讼法第156、158、159条) and on
 * the case transferred for prosecution (`prosecution-review`); with the server's field errors beside the fields, and
 * the decisions recorded so far. Once recorded, waits for the case to move on and refreshes the case file.
 */
export function CriminalCaseDecisions({ caseId, record, onChanged }: { caseId: string; record: RecordView; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const decision = Form.useWatch('decision', form);
  const status = typeof record['status'] === 'string' ? record['status'] : '';
  const custody = clockOf(record, 'custody');
  const extensions = (record['custodyExtensions'] ?? []) as RecordedDecision[];
  const prosecutions = (record['prosecutionDecisions'] ?? []) as RecordedDecision[];
  const next = CUSTODY_EXTENSIONS[extensions.length];
  const stage: 'arrest' | 'custody' | 'prosecution' | null =
    status === 'arrest-requested' ? 'arrest'
      : status === 'arrested' && custody && custody.status !== 'stopped' ? 'custody'
        : status === 'prosecution-review' ? 'prosecution' : null;
  const path = `/api/criminal-cases/${encodeURIComponent(caseId)}`;

  const submit = async (values: DecisionValues) => {
    setBusy(true);
    setProblem(null);
    const common = { documentNumber: values.documentNumber.trim(), decidedOn: values.decidedOn };
    try {
      if (stage === 'arrest') {
        await post(`${path}/procuratorate-decision`, { approved: values.approved, ...common });
        await untilSettled(path, (r) => r['status'] !== 'arrest-requested');
      } else if (stage === 'custody') {
        await post(`${path}/custody-extension`, { ground: values.ground, procuratorate: values.procuratorate?.trim(), ...common });
        await untilSettled(path, (r) => clockOf(r, 'custody')?.dueAt !== custody?.dueAt);
      } else if (stage === 'prosecution') {
        await post(`${path}/prosecution-decision`, {
          decision: values.decision, procuratorate: values.procuratorate?.trim(), ...common, ...(values.reasons?.trim() ? { reasons: values.reasons.trim() } : {}),
        });
        await untilSettled(path, (r) => r['status'] !== 'prosecution-review');
      }
      void message.success(t('caseActions.criminal.recorded'));
      form.resetFields();
      onChanged();
    } catch (e) {
      setProblem(placeFieldIssues(form, e, ['approved', 'ground', 'decision', 'procuratorate', 'documentNumber', 'decidedOn', 'reasons'], { network: t('error.network'), unknown: t('error.unknown') }));
    } finally {
      setBusy(false);
    }
  };

  const required = (key: string) => [{ required: true, whitespace: true, message: t(`caseActions.criminal.required.${key}`) }];
  const groundOptions = Object.entries(CUSTODY_GROUNDS).filter(([, article]) => article === next?.article)
    .map(([ground]) => ({ value: ground, label: t(`caseActions.criminal.ground.${ground}`) }));

  const history = [
    ...extensions.map((d) => ({ key: `e${d.ordinal}`, text: t('caseActions.criminal.extensionLine', { ordinal: d.ordinal, article: d.article, months: d.months, ground: t(`caseActions.criminal.ground.${d.ground ?? ''}`, { defaultValue: d.ground ?? '' }) }), d })),
    ...prosecutions.map((d) => ({ key: `p${d.ordinal}`, text: t(`caseActions.criminal.decision.${d.decision}`, { defaultValue: d.decision }), d })),
  ];
  if (!stage && history.length === 0) return null;

  return (
    <Card title={t('caseActions.criminal.title')} className="case-actions" data-action-card="criminal" data-stage={stage ?? ''}>
      {history.length > 0 && (
        <List size="small" className="case-actions-history" dataSource={history} renderItem={(h) => (
          <List.Item key={h.key} data-decision={h.key}>
            <Space direction="vertical" size={0}>
              <Typography.Text strong>{h.text}</Typography.Text>
              <Typography.Text type="secondary">{h.d.procuratorate} · {h.d.documentNumber} · {t('caseActions.criminal.decidedOnValue', { on: h.d.decidedOn })} · {h.d.recordedBy} {formatDateTime(h.d.recordedAt, i18n.language)}</Typography.Text>
              {h.d.reasons && <Typography.Text className="pre-line">{h.d.reasons}</Typography.Text>}
            </Space>
          </List.Item>
        )} />
      )}
      {stage === 'custody' && !next && <Alert type="info" showIcon message={t('caseActions.criminal.noMoreExtensions')} />}
      {stage && (stage !== 'custody' || next) && (
        <Form<DecisionValues> key={stage} form={form} layout="vertical" disabled={busy} onFinish={(v) => void submit(v)} initialValues={{ decidedOn: todayInChina() }}
          data-form={stage}>
          <Typography.Title level={5}>{t(`caseActions.criminal.${stage}.title`)}</Typography.Title>
          <Typography.Paragraph type="secondary">
            {stage === 'custody' && next
              ? t('caseActions.criminal.custody.hint', { ordinal: extensions.length + 1, article: next.article, months: next.months, at: custody ? formatDateTime(custody.dueAt, i18n.language) : '—' })
              : t(`caseActions.criminal.${stage}.hint`)}
          </Typography.Paragraph>
          {stage === 'arrest' && (
            <Form.Item name="approved" label={t('caseActions.criminal.arrest.approved')} rules={[{ required: true, message: t('caseActions.criminal.required.approved') }]}>
              <Radio.Group options={[{ value: true, label: t('caseActions.criminal.arrest.approve') }, { value: false, label: t('caseActions.criminal.arrest.refuse') }]} />
            </Form.Item>
          )}
          {stage === 'custody' && (
            <Form.Item name="ground" label={t('caseActions.criminal.custody.ground')} rules={[{ required: true, message: t('caseActions.criminal.required.ground') }]}>
              <Select options={groundOptions} placeholder={t('caseActions.criminal.custody.groundPlaceholder')} />
            </Form.Item>
          )}
          {stage === 'prosecution' && (
            <Form.Item name="decision" label={t('caseActions.criminal.prosecution.decision')} rules={[{ required: true, message: t('caseActions.criminal.required.decision') }]}>
              <Radio.Group options={PROSECUTION_DECISIONS.map((d) => ({ value: d, label: t(`caseActions.criminal.decision.${d}`) }))} />
            </Form.Item>
          )}
          <Row gutter={12}>
            {stage !== 'arrest' && (
              <Col xs={24} sm={12}>
                <Form.Item name="procuratorate" label={t('caseActions.criminal.procuratorate')} rules={required('procuratorate')}>
                  <Input maxLength={200} placeholder={t('caseActions.criminal.procuratoratePlaceholder')} />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} sm={stage === 'arrest' ? 12 : 6}>
              <Form.Item name="documentNumber" label={t('caseActions.criminal.documentNumber')} rules={required('documentNumber')}>
                <Input maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={stage === 'arrest' ? 12 : 6}>
              <Form.Item name="decidedOn" label={t('caseActions.criminal.decidedOn')} rules={required('decidedOn')}>
                <Input type="date" max={todayInChina()} />
              </Form.Item>
            </Col>
          </Row>
          {stage === 'prosecution' && (
            <Form.Item name="reasons" label={t('caseActions.criminal.prosecution.reasons')}
              rules={decision === 'supplementary-investigation' || decision === 'not-prosecute' ? required('reasons') : []}
              extra={decision === 'supplementary-investigation' ? t('caseActions.criminal.prosecution.outline') : undefined}>
              <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          )}
          {problem && <Alert type="error" showIcon message={t('caseActions.refused')} description={problem} role="alert" className="case-actions-problem" />}
          <Button type="primary" htmlType="submit" loading={busy} data-action={`record-${stage}`}>{t('caseActions.criminal.submit')}</Button>
        </Form>
      )}
    </Card>
  );
}

/** An uploaded document of an application (`documents` of `GET /api/applications/{id}`). */
interface ApplicationDocument {
  id: string;
  kind: string;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  round: number;
}

/**
 * What the applicant submitted, on the case file of an application procedure, for the permit reviewers: the data
 * drawn read-only by form-js with the procedure's application form, and the uploaded documents (by the checklist's
 * names, with the correction round they came in) with their download.
 */
export function ApplicationMaterials({ record }: { record: RecordView }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [schema, setSchema] = useState<Record<string, unknown> | null>(null);
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const procedure = typeof record['procedure'] === 'string' ? record['procedure'] : '';
  const id = typeof record['id'] === 'string' ? record['id'] : '';
  const data = useMemo(() => (record['data'] && typeof record['data'] === 'object' ? (record['data'] as Record<string, unknown>) : {}), [record]);
  const documents = (Array.isArray(record['documents']) ? record['documents'] : []) as ApplicationDocument[];
  const labels = new Map(((record['checklist'] ?? []) as Array<{ kind: string; label: string }>).map((i) => [i.kind, i.label]));

  useEffect(() => {
    let current = true;
    if (procedure) get<Record<string, unknown>>(`/api/procedures/${encodeURIComponent(procedure)}/form`).then((s) => current && setSchema(s), (e: unknown) => current && setFormProblem(problemText(e, t)));
    return () => {
      current = false;
    };
  }, [procedure]);

  const fetchFile = async (doc: ApplicationDocument) => {
    try {
      const { blob, fileName } = await download(`/api/applications/${encodeURIComponent(id)}/documents/${encodeURIComponent(doc.id)}`);
      saveFile(blob, fileName ?? doc.fileName);
    } catch (e) {
      void message.error(problemText(e, t));
    }
  };

  return (
    <>
      <Card title={t('caseActions.application.data')} className="case-file-application" data-application={id}>
        {formProblem ? <Alert type="warning" showIcon message={t('caseActions.application.formFailed')} description={formProblem} />
          : !schema ? <Spin />
            : <div className="application-data"><TaskForm schema={schema} data={data} readOnly /></div>}
      </Card>
      <Card title={t('caseActions.application.documents')} className="case-file-application-documents">
        <Table<ApplicationDocument> size="small" rowKey="id" dataSource={documents} pagination={false} scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('caseActions.application.noDocuments') }}
          columns={[
            { key: 'kind', title: t('caseActions.application.kind'), render: (_, d) => <span data-document-kind={d.kind}>{labels.get(d.kind) ?? d.kind}</span> },
            { key: 'round', title: t('caseActions.application.round'), render: (_, d) => (d.round > 0 ? <Tag color="orange">{t('caseActions.application.correctionRound', { round: d.round })}</Tag> : <Tag>{t('caseActions.application.firstRound')}</Tag>) },
            { key: 'uploaded', title: t('caseActions.application.uploadedAt'), render: (_, d) => formatDateTime(d.uploadedAt, i18n.language) },
            { key: 'file', title: t('caseActions.application.file'), render: (_, d) => (
              <Button size="small" type="link" icon={<DownloadOutlined />} data-download={d.id} onClick={() => void fetchFile(d)} title={`SHA-256 ${d.sha256}`}>
                {d.fileName} ({formatSize(d.size)})
              </Button>
            ) },
          ]} />
      </Card>
    </>
  );
}
