import { ArrowLeftOutlined, DownloadOutlined, EyeOutlined, RollbackOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Progress, Row, Select, Space, Spin, Table, Tag, Timeline, Typography, Upload,
  type UploadFile,
} from 'antd';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useOutletContext, useParams, useSearchParams } from 'react-router';
import { ApiError, download, fieldIssues, get, post, saveFile, type PathActivity, type TaskActionRecord } from '../api';
import { formatDateTime } from '../format';
import { ProcessDiagram } from '../process-diagram';
import { statusName, useJurisdictionName } from '../procedure-names';
import { useAccess } from '../use-access';
import { usePeopleNames } from '../use-people-names';
import { useSession } from '../use-session';
import { AdminCaseExtension, ApplicationMaterials, CriminalCaseDecisions } from './case-actions';
import { ClockLine } from './clock-line';
import {
  EVIDENCE_KINDS, RECORD_PATHS, formatSize, markCopiesRead, uploadWithProgress, type ComplainantIdentity, type EvidenceKind, type EvidenceRow, type IssuedDocument,
  type ProcedureFile, type RegisteredParty,
} from './officer-api';
import './officer.css';

/** A record as its API answers it (an application, tip, inspection or case): read field by field. */
type RecordView = Record<string, unknown>;

/** The steps a timeline shows: the people's and the system's steps, not the routing between them. */
const SHOWN_STEPS = new Set(['startEvent', 'noneEndEvent', 'endEvent', 'userTask', 'serviceTask', 'externalTask', 'receiveTask', 'boundaryTimer', 'intermediateTimer', 'messageEndEvent', 'terminateEndEvent']);

/**
 * The case file (案卷) of a procedure, `/case-files/:processInstanceId` — every list row and task names its process
 * instance, whatever its kind (application, tip, inspection, administrative or criminal case): the header (number,
 * party, status, current stage, jurisdiction), the statutory clocks, the parties (never a tip's complainant, whose
 * identity is revealed only to those allowed, with a logged reason), the evidence (uploaded by the case officers), the
 * documents issued, the timeline of every step and operation, and the flow chart. With `?doneTask=` (from 已办) the
 * caller's task is highlighted in the timeline and 撤回 is offered when the server allows it, or its reason shown.
 * Opening the file marks the caller's unread carbon copies (抄送) of the procedure read, as 抄送我的 does.
 */
export function CaseFilePage() {
  const id = useParams()['id'] ?? '';
  const [params] = useSearchParams();
  const doneTask = params.get('doneTask') ?? undefined;
  return <CaseFileView key={`${id}:${doneTask ?? ''}`} processInstanceId={id} doneTaskId={doneTask} />;
}

function CaseFileView({ processInstanceId, doneTaskId }: { processInstanceId: string; doneTaskId: string | undefined }) {
  const { t, i18n } = useTranslation();
  const jurisdictionName = useJurisdictionName();
  const navigate = useNavigate();
  const [file, setFile] = useState<ProcedureFile | null>(null);
  const [record, setRecord] = useState<RecordView | null>(null);
  const [recordError, setRecordError] = useState<ApiError | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  const shell = useOutletContext<{ refreshCounts?: () => void } | undefined>();

  useEffect(() => {
    let current = true;
    setError(null);
    get<ProcedureFile>(`/api/workbench/procedures/${encodeURIComponent(processInstanceId)}`, { doneTask: doneTaskId }).then(
      async (answer) => {
        if (!current) return;
        setFile(answer);
        if (!answer.case) return;
        try {
          const view = await get<RecordView>(`${RECORD_PATHS[answer.case.kind]}/${encodeURIComponent(answer.case.recordId)}`);
          if (current) {
            setRecord(view);
            setRecordError(null);
          }
        } catch (e) {
          if (current) setRecordError(asApiError(e));
        }
      },
      (e: unknown) => current && setError(asApiError(e)),
    );
    return () => {
      current = false;
    };
  }, [processInstanceId, doneTaskId, attempt]);

  // once the file is shown, the copies of it are read: 抄送我的 and its count in the menu follow
  const shown = file !== null;
  useEffect(() => {
    if (!shown) return;
    markCopiesRead(processInstanceId).then((marked) => {
      if (marked > 0) shell?.refreshCounts?.();
    }, () => undefined);
  }, [shown, processInstanceId]);

  const diagram = useMemo(() => (file ? { xml: file.xml, path: file.path } : undefined), [file]);

  if (error) {
    return (
      <Alert type="error" showIcon message={error.status === 404 ? t('caseFile.notFound') : t('list.loadFailed')} description={error.message}
        action={<Space direction="vertical"><Button size="small" onClick={reload}>{t('list.retry')}</Button><Button size="small" onClick={() => void navigate(-1)}>{t('caseFile.back')}</Button></Space>} />
    );
  }
  if (!file) return <Spin size="large" className="page-spin" />;

  const summary = file.case;
  const kind = summary?.kind ?? null;
  const currentSteps = file.path.filter((a) => a.end === null && a.type === 'userTask').map((a) => a.name ?? a.activityId);
  const isCase = kind === 'admin-case' || kind === 'criminal-case';
  const casePath = isCase && summary ? `${RECORD_PATHS[summary.kind]}/${encodeURIComponent(summary.recordId)}` : null;

  return (
    <div className="case-file" data-process={file.processInstanceId} data-kind={kind ?? ''}>
      <Card className="case-file-header">
        <Space direction="vertical" size={8} style={{ width: '100%' }}>
          <Space wrap align="center">
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('caseFile.back')} onClick={() => void navigate(-1)} />
            <Typography.Title level={4} className="case-file-title">{summary?.number ?? t('caseFile.noNumber')}</Typography.Title>
            {kind && <Tag color="blue">{t(`kind.${kind}`)}</Tag>}
            <Tag color={file.endedAt ? 'default' : 'processing'}>{file.endedAt ? t('caseFile.ended') : t('caseFile.running')}</Tag>
          </Space>
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} className="case-file-summary">
            <Descriptions.Item label={t('column.party')}>{summary?.party ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('column.status')}><span data-status={summary?.status ?? ''}>{summary ? statusName(summary.kind, summary.status, t) : '—'}</span></Descriptions.Item>
            <Descriptions.Item label={t('caseFile.stage')}>
              <span className="case-file-stage">{currentSteps.length ? currentSteps.join('、') : file.endedAt ? t('caseFile.ended') : '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('column.jurisdiction')}>{jurisdictionName(summary?.jurisdiction)}</Descriptions.Item>
            <Descriptions.Item label={t('caseFile.startedAt')}>{formatDateTime(file.startedAt, i18n.language)}</Descriptions.Item>
            <Descriptions.Item label={t('caseFile.endedAt')}>{formatDateTime(file.endedAt, i18n.language)}</Descriptions.Item>
          </Descriptions>
          {file.doneTask && <WithdrawBar doneTask={file.doneTask} onWithdrawn={(taskId) => void navigate(taskId ? `/tasks/${encodeURIComponent(taskId)}` : '/todo')} />}
        </Space>
      </Card>
      <Row gutter={[16, 16]} className="case-file-body">
        <Col xs={24} lg={15}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('caseFile.clocks')} className="case-file-clocks">
              {file.clocks.length === 0 ? <Typography.Text type="secondary">{t('caseFile.noClocks')}</Typography.Text>
                : <Space direction="vertical" size={4}>{file.clocks.map((clock) => <ClockLine key={clock.name} clock={clock} />)}</Space>}
            </Card>
            {record && summary && kind === 'admin-case' && <AdminCaseExtension caseId={summary.recordId} record={record} onChanged={reload} />}
            {record && summary && kind === 'criminal-case' && <CriminalCaseDecisions caseId={summary.recordId} record={record} onChanged={reload} />}
            <Card title={t('caseFile.parties')} className="case-file-parties">
              {recordError ? <Alert type="warning" showIcon message={t('caseFile.recordUnavailable')} description={recordError.message} />
                : !record ? <Spin /> : <Parties kind={kind} record={record} casePath={casePath} party={summary?.party ?? null} onRevealed={reload} />}
            </Card>
            {record && <RecordDetails kind={kind} record={record} />}
            {record && kind === 'application' && <ApplicationMaterials record={record} />}
            {casePath && <EvidenceCard casePath={casePath} closed={summary?.status === 'closed'} />}
            <DocumentsCard casePath={casePath} record={record} />
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('caseFile.timeline')} className="case-file-timeline">
            <CaseTimeline path={file.path} actions={file.actions} doneTask={file.doneTask} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('task.diagram')} className="case-file-diagram">
            <ProcessDiagram diagram={diagram} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** 撤回 of the caller's task from 已办: the button when the server allows it now, its reason when it does not. */
function WithdrawBar({ doneTask, onWithdrawn }: { doneTask: NonNullable<ProcedureFile['doneTask']>; onWithdrawn: (taskId: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!doneTask.withdrawable) {
    return <Alert type="info" showIcon className="withdraw-refused" message={t('caseFile.withdrawRefused', { task: doneTask.name ?? doneTask.activityId })} description={refusalText(t, doneTask.reason)} />;
  }
  const submit = async () => {
    if (!comment.trim()) {
      setProblem(t('task.commentRequired'));
      return;
    }
    setBusy(true);
    try {
      const answer = await post<{ taskId: string }>(`/api/workbench/done/${encodeURIComponent(doneTask.id)}/withdraw`, { comment: comment.trim() });
      void message.success(t('caseFile.withdrawn'));
      setOpen(false);
      onWithdrawn(answer.taskId);
    } catch (e) {
      setProblem(fieldIssues(e)[0]?.message ?? (e instanceof Error ? e.message : String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert type="success" showIcon className="withdraw-offer" message={t('caseFile.withdrawOffer', { task: doneTask.name ?? doneTask.activityId })}
      action={<Button icon={<RollbackOutlined />} danger data-withdraw="offer" onClick={() => setOpen(true)}>{t('caseFile.withdraw')}</Button>}
      description={
        <Modal open={open} title={t('caseFile.withdraw')} okText={t('caseFile.withdraw')} cancelText={t('caseFile.cancel')} confirmLoading={busy}
          onOk={() => void submit()} onCancel={() => setOpen(false)} okButtonProps={{ danger: true }}>
          <Input.TextArea value={comment} aria-label={t('caseFile.withdrawReason')} placeholder={t('caseFile.withdrawReason')} maxLength={2000}
            status={problem ? 'error' : undefined} onChange={(e) => { setComment(e.target.value); setProblem(null); }} />
          {problem && <div className="field-error" role="alert">{problem}</div>}
        </Modal>
      } />
  );
}

/** The parties of the record: the case's party or suspect with the registers' entry, the tip's subject, the inspected unit. */
function Parties({ kind, record, casePath, party, onRevealed }: { kind: string | null; record: RecordView; casePath: string | null; party: string | null; onRevealed: () => void }) {
  const { t } = useTranslation();
  const [registered, setRegistered] = useState<RegisteredParty | null>(null);
  useEffect(() => {
    if (!casePath) return;
    get<RegisteredParty>(`${casePath}/party`).then(setRegistered, () => setRegistered(null));
  }, [casePath]);
  const rows: Array<[string, ReactNode]> = [];
  if (kind === 'admin-case') {
    rows.push([t('caseFile.party.kind'), typeof record['partyKind'] === 'string' ? t(`caseFile.partyKind.${record['partyKind']}`) : '—'], [t('caseFile.party.name'), str(record['partyName'])], [t('caseFile.party.identifier'), str(record['partyIdentifier'])]);
  } else if (kind === 'criminal-case') {
    rows.push([t('caseFile.party.suspect'), str(record['suspectName'])], [t('caseFile.party.residentId'), str(record['suspectResidentId'])]);
  } else if (kind === 'inspection') {
    rows.push([t('caseFile.party.unit'), str(record['unitName'])], [t('caseFile.party.identifier'), str(record['unitCreditCode'])], [t('caseFile.party.address'), str(record['unitAddress'])]);
  } else if (kind === 'tip') {
    const subject = (record['subject'] ?? {}) as Record<string, unknown>;
    rows.push([t('caseFile.party.subject'), str(subject['name'])], [t('caseFile.party.identifier'), str(subject['creditCode'])], [t('caseFile.party.certificate'), str(subject['certificateNumber'])], [t('caseFile.party.address'), str(subject['address'])]);
  } else if (kind === 'revocation') {
    const certificate = (record['certificate'] ?? {}) as Record<string, unknown>;
    rows.push([t('caseFile.party.name'), str(record['guardName'])], [t('caseFile.party.certificate'), str(record['certificateNumber'])], [t('caseFile.party.residentId'), str(certificate['residentId'])]);
  } else if (kind === 'application') {
    const organisation = (record['organisation'] ?? {}) as Record<string, unknown>;
    // an application's view names no organisation: the procedure index's party is the applicant
    rows.push([t('caseFile.party.applicant'), str(organisation['name'] ?? record['organisationName'] ?? party)]);
    if (organisation['creditCode'] ?? record['creditCode']) rows.push([t('caseFile.party.identifier'), str(organisation['creditCode'] ?? record['creditCode'])]);
  }
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} className="party-details">
        {rows.map(([label, value]) => <Descriptions.Item key={label} label={label}>{value}</Descriptions.Item>)}
      </Descriptions>
      {registered && <RegisterEntry party={registered} />}
      {kind === 'tip' && <Complainant tipId={String(record['id'])} label={str(record['complainant'])} onRevealed={onRevealed} />}
    </Space>
  );
}

/** What the registers hold of a case's party: the organisation and its permits, or the person and their guard certificates. */
function RegisterEntry({ party }: { party: RegisteredParty }) {
  const { t } = useTranslation();
  if (!party.known) return <Typography.Text type="secondary" className="register-entry">{t('caseFile.register.unknown')}</Typography.Text>;
  if ('organisation' in party) {
    return (
      <div className="register-entry">
        <Typography.Text strong>{t('caseFile.register.organisation')}：</Typography.Text>{party.organisation.name}（{party.organisation.creditCode}）
        <div>{party.permits.length ? party.permits.map((p) => <Tag key={p.id}>{p.number} · {t(`caseFile.permitStatus.${p.status}`, { defaultValue: p.status })}</Tag>) : t('caseFile.register.noPermit')}</div>
      </div>
    );
  }
  return (
    <div className="register-entry">
      <Typography.Text strong>{t('caseFile.register.person')}：</Typography.Text>{party.person?.name ?? '—'}
      <div>{party.guardCertificates.length ? party.guardCertificates.map((c) => <Tag key={c.id} color={c.status === 'revoked' ? 'red' : 'green'}>{c.number} · {t(`caseFile.certificateStatus.${c.status}`, { defaultValue: c.status })}</Tag>) : t('caseFile.register.noCertificate')}</div>
    </div>
  );
}

/**
 * A tip's complainant: anonymous or confidential as the server says; for officers holding `tip.identity.read`, the
 * 查看举报人信息 action that asks for the reason (logged by the server) and shows the identity.
 */
function Complainant({ tipId, label, onRevealed }: { tipId: string; label: ReactNode; onRevealed: () => void }) {
  const { t } = useTranslation();
  const access = useAccess();
  const [open, setOpen] = useState(false);
  const [purpose, setPurpose] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [identity, setIdentity] = useState<ComplainantIdentity | null>(null);
  const [busy, setBusy] = useState(false);
  const anonymous = label === '匿名';
  const allowed = access?.permissions.has('tip.identity.read') ?? false;
  const reveal = async () => {
    if (purpose.trim().length < 2) {
      setProblem(t('caseFile.complainant.reasonRequired'));
      return;
    }
    setBusy(true);
    try {
      setIdentity(await post<ComplainantIdentity>(`/api/tips/${encodeURIComponent(tipId)}/complainant`, { purpose: purpose.trim() }));
      setOpen(false);
      onRevealed();
    } catch (e) {
      setProblem(fieldIssues(e)[0]?.message ?? (e instanceof Error ? e.message : String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="complainant" data-complainant={anonymous ? 'anonymous' : 'confidential'}>
      <Typography.Text strong>{t('caseFile.complainant.title')}：</Typography.Text>
      <Tag color={anonymous ? 'default' : 'gold'}>{anonymous ? t('caseFile.complainant.anonymous') : t('caseFile.complainant.confidential')}</Tag>
      {!anonymous && allowed && !identity && (
        <Button size="small" icon={<EyeOutlined />} data-action="reveal" onClick={() => setOpen(true)}>{t('caseFile.complainant.reveal')}</Button>
      )}
      {identity && (
        <Descriptions size="small" column={1} className="complainant-identity">
          <Descriptions.Item label={t('caseFile.complainant.name')}>{identity.name}</Descriptions.Item>
          <Descriptions.Item label={t('caseFile.party.residentId')}>{identity.residentId ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('caseFile.complainant.phone')}>{identity.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('caseFile.party.address')}>{identity.address ?? '—'}</Descriptions.Item>
        </Descriptions>
      )}
      <Modal open={open} title={t('caseFile.complainant.reveal')} okText={t('caseFile.complainant.confirm')} cancelText={t('caseFile.cancel')} confirmLoading={busy}
        onOk={() => void reveal()} onCancel={() => setOpen(false)}>
        <Alert type="warning" showIcon message={t('caseFile.complainant.warning')} style={{ marginBottom: 12 }} />
        <Input.TextArea value={purpose} aria-label={t('caseFile.complainant.reason')} placeholder={t('caseFile.complainant.reason')} maxLength={500}
          status={problem ? 'error' : undefined} onChange={(e) => { setPurpose(e.target.value); setProblem(null); }} />
        {problem && <div className="field-error" role="alert">{problem}</div>}
      </Modal>
    </div>
  );
}

/** The record's own facts: what the case is about and how it was decided, the tip's facts and outcome, the inspection's findings. */
function RecordDetails({ kind, record }: { kind: string | null; record: RecordView }) {
  const { t, i18n } = useTranslation();
  const fields: Record<string, string[]> = {
    'admin-case': ['sourceReference', 'facts', 'violation', 'decision', 'penalty', 'fineAmount', 'decidedAt', 'closedAt'],
    'criminal-case': ['sourceReference', 'facts', 'measure', 'outcome', 'closedAt'],
    tip: ['trackingCode', 'category', 'facts', 'occurredAt', 'outcome', 'feedback', 'closedAt'],
    inspection: ['kind', 'result', 'findings', 'inspectedAt', 'rectificationDueAt', 'closedAt'],
    application: ['procedureName', 'title', 'submittedAt', 'decidedAt'],
    revocation: ['ground', 'facts', 'statementOfDefence', 'proposedAt', 'outcome', 'decisionReason', 'decidedAt'],
  };
  const shown = (fields[kind ?? ''] ?? []).filter((f) => record[f] !== null && record[f] !== undefined && record[f] !== '');
  if (shown.length === 0) return null;
  const value = (f: string) => (f.endsWith('At') ? formatDateTime(String(record[f]), i18n.language)
    : f === 'violation' ? violationText(record[f])
    : f === 'decision' || f === 'category' || f === 'outcome' || f === 'ground' ? t(`caseFile.${f}Value.${str(record[f])}`, { defaultValue: str(record[f]) }) : str(record[f]));
  return (
    <Card title={t('caseFile.details')} className="case-file-details">
      <Descriptions size="small" column={1} bordered>
        {shown.map((f) => <Descriptions.Item key={f} label={t(`caseFile.field.${f}`)}><span className="pre-line">{value(f)}</span></Descriptions.Item>)}
      </Descriptions>
    </Card>
  );
}

/** A case's violation as the server names it (`{violation, basis}`): what was done, and the article it breaks. */
function violationText(value: unknown): string {
  const v = value as { violation?: unknown; basis?: unknown } | null;
  return typeof v?.violation === 'string' ? `${v.violation}（${typeof v.basis === 'string' ? v.basis : ''}）` : str(value);
}

/** The evidence of a case: the list with downloads, and for its officers the upload of a new item with its progress. */
function EvidenceCard({ casePath, closed }: { casePath: string; closed: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [items, setItems] = useState<EvidenceRow[] | null>(null);
  const [form] = Form.useForm<{ kind: EvidenceKind; title: string; description?: string }>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(() => {
    get<EvidenceRow[]>(`${casePath}/evidence`).then(setItems, () => setItems([]));
  }, [casePath]);
  useEffect(load, [load]);

  const submit = async (values: { kind: EvidenceKind; title: string; description?: string }) => {
    setProblem(null);
    const body = new FormData();
    body.set('kind', values.kind);
    body.set('title', values.title);
    if (values.description?.trim()) body.set('description', values.description.trim());
    const chosen = files[0]?.originFileObj;
    if (chosen) body.set('file', chosen, chosen.name);
    setProgress(0);
    try {
      await uploadWithProgress(`${casePath}/evidence`, body, setProgress);
      void message.success(t('caseFile.evidence.added'));
      form.resetFields();
      setFiles([]);
      load();
    } catch (e) {
      const issues = fieldIssues(e);
      form.setFields(issues.filter((i) => ['kind', 'title', 'description'].includes(i.path)).map((i) => ({ name: i.path as 'kind', errors: [i.message] })));
      const rest = issues.filter((i) => !['kind', 'title', 'description'].includes(i.path));
      setProblem(rest.length ? rest.map((i) => `${i.path === 'file' ? t('caseFile.evidence.file') : i.path}：${i.message}`).join('；') : issues.length ? null : e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  };

  const fetchFile = async (item: EvidenceRow) => {
    try {
      const { blob, fileName } = await download(`${casePath}/evidence/${encodeURIComponent(item.id)}/file`);
      saveFile(blob, fileName ?? item.fileName ?? item.title);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <Card title={t('caseFile.evidence.title')} className="case-file-evidence">
      <Table<EvidenceRow> size="small" rowKey="id" loading={items === null} dataSource={items ?? []} pagination={false} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('caseFile.evidence.none') }}
        columns={[
          { key: 'title', title: t('caseFile.evidence.name'), render: (_, e) => <Space direction="vertical" size={0}><span>{e.title}</span>{e.description && <Typography.Text type="secondary">{e.description}</Typography.Text>}</Space> },
          { key: 'kind', title: t('caseFile.evidence.kind'), render: (_, e) => t(`caseFile.evidenceKind.${e.kind}`) },
          { key: 'by', title: t('caseFile.evidence.by'), render: (_, e) => <span>{e.collectedBy}<br /><Typography.Text type="secondary">{formatDateTime(e.collectedAt, i18n.language)}</Typography.Text></span> },
          { key: 'file', title: t('caseFile.evidence.file'), render: (_, e) => (e.fileName ? (
            <Button size="small" type="link" icon={<DownloadOutlined />} onClick={() => void fetchFile(e)} title={e.sha256 ? `SHA-256 ${e.sha256}` : undefined}>
              {e.fileName} ({formatSize(e.size)})
            </Button>
          ) : '—') },
        ]} />
      {!closed && (
        <Form form={form} layout="vertical" className="evidence-form" onFinish={(v) => void submit(v)} initialValues={{ kind: 'document' }}>
          <Typography.Title level={5}>{t('caseFile.evidence.add')}</Typography.Title>
          <Row gutter={12}>
            <Col xs={24} sm={8}>
              <Form.Item name="kind" label={t('caseFile.evidence.kind')} rules={[{ required: true }]}>
                <Select options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`caseFile.evidenceKind.${k}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={16}>
              <Form.Item name="title" label={t('caseFile.evidence.name')} rules={[{ required: true, min: 2, message: t('caseFile.evidence.nameRequired') }]}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="description" label={t('caseFile.evidence.description')}>
            <Input.TextArea maxLength={2000} autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
          <Form.Item label={t('caseFile.evidence.file')} extra={t('caseFile.evidence.fileHint')}>
            <Upload fileList={files} beforeUpload={() => false} maxCount={1} accept=".pdf,.jpg,.jpeg,.png,.ofd" onChange={({ fileList }) => setFiles(fileList.slice(-1))}>
              <Button icon={<UploadOutlined />}>{t('caseFile.evidence.choose')}</Button>
            </Upload>
          </Form.Item>
          {progress !== null && <Progress percent={progress} size="small" className="upload-progress" />}
          {problem && <Alert type="error" showIcon message={problem} className="evidence-error" style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" loading={progress !== null} data-action="add-evidence">{t('caseFile.evidence.submit')}</Button>
        </Form>
      )}
    </Card>
  );
}

/** The official documents issued in the procedure (受案回执, decisions, notices), each opened from the server. */
function DocumentsCard({ casePath, record }: { casePath: string | null; record: RecordView | null }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [documents, setDocuments] = useState<IssuedDocument[] | null>(null);
  useEffect(() => {
    if (casePath) get<IssuedDocument[]>(`${casePath}/documents`).then(setDocuments, () => setDocuments([]));
    // an application's `documents` are the applicant's uploads; what was issued to it is `officialDocuments`
    else if (Array.isArray(record?.['officialDocuments'])) setDocuments(record['officialDocuments'] as IssuedDocument[]);
    else setDocuments(Array.isArray(record?.['documents']) ? (record['documents'] as IssuedDocument[]) : []);
  }, [casePath, record]);
  const open = async (doc: IssuedDocument, format: 'html' | 'pdf') => {
    try {
      const { blob, fileName } = await download(`/api/official-documents/${encodeURIComponent(doc.id)}`, format === 'pdf' ? { format: 'pdf' } : undefined);
      saveFile(blob, fileName ?? `${doc.title}-${doc.number}.${format}`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <Card title={t('caseFile.documents.title')} className="case-file-documents">
      <Table<IssuedDocument> size="small" rowKey="id" loading={documents === null} dataSource={documents ?? []} pagination={false} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('caseFile.documents.none') }}
        columns={[
          { key: 'title', title: t('caseFile.documents.name'), render: (_, d) => <span data-document={d.type}>{d.title}</span> },
          { key: 'number', title: t('caseFile.documents.number'), dataIndex: 'number' },
          { key: 'issued', title: t('caseFile.documents.issued'), render: (_, d) => `${formatDateTime(d.issuedAt, i18n.language)} · ${d.issuedBy}` },
          { key: 'open', title: '', render: (_, d) => (
            <Space size={0}>
              <Button size="small" type="link" icon={<DownloadOutlined />} onClick={() => void open(d, 'pdf')}>PDF</Button>
              <Button size="small" type="link" onClick={() => void open(d, 'html')}>HTML</Button>
            </Space>
          ) },
        ]} />
    </Card>
  );
}

/** One entry of the timeline: a step of the process or an operation on one of its tasks. */
interface TimelineEntry {
  key: string;
  at: string;
  kind: 'step' | 'action';
  step?: PathActivity;
  action?: TaskActionRecord;
  highlighted: boolean;
}

/**
 * Every step (with its handler, start and end) and every recorded operation (签收, 办理, 退回, 撤回… with its
 * comment) of the procedure, in the order they happened; the caller's task from 已办 is highlighted.
 */
function CaseTimeline({ path, actions, doneTask }: { path: PathActivity[]; actions: TaskActionRecord[]; doneTask: ProcedureFile['doneTask'] }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const nameOf = usePeopleNames([...path.map((s) => s.assignee), ...actions.map((a) => a.actor)]);
  const highlightedStep = useMemo(() => {
    if (!doneTask) return -1;
    let best = -1;
    let distance = Infinity;
    path.forEach((a, i) => {
      if (a.activityId !== doneTask.activityId || !a.end || !doneTask.endedAt) return;
      const d = Math.abs(Date.parse(a.end) - Date.parse(doneTask.endedAt));
      if (d < distance) {
        distance = d;
        best = i;
      }
    });
    return best;
  }, [path, doneTask]);
  const entries: TimelineEntry[] = [
    ...path.map((step, i): TimelineEntry => ({ key: `s${i}`, at: step.end ?? step.start, kind: 'step', step, highlighted: i === highlightedStep }))
      .filter((e) => e.step && SHOWN_STEPS.has(e.step.type)),
    ...actions.map((action): TimelineEntry => ({ key: `a${action.id}`, at: action.at, kind: 'action', action, highlighted: !!doneTask && action.taskId === doneTask.id })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.kind === b.kind ? 0 : a.kind === 'action' ? -1 : 1));
  if (entries.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.empty')} />;
  const me = session?.user.id;
  return (
    <Timeline
      className="case-timeline"
      items={entries.map((e) => {
        if (e.step) {
          const s = e.step;
          const running = s.end === null;
          return {
            key: e.key,
            color: s.canceled ? 'gray' : running ? 'blue' : 'green',
            children: (
              <div className={`timeline-step${e.highlighted ? ' timeline-mine' : ''}`} data-step={s.activityId} data-highlighted={e.highlighted ? 'true' : undefined}>
                <Typography.Text strong>{s.name ?? t(`caseFile.stepType.${s.type}`, { defaultValue: s.activityId })}</Typography.Text>
                {running && <Tag color="processing" className="timeline-tag">{t('caseFile.inProgress')}</Tag>}
                {s.canceled && <Tag className="timeline-tag">{t('caseFile.canceled')}</Tag>}
                {e.highlighted && <Tag color="gold" className="timeline-tag">{t('caseFile.myTask')}</Tag>}
                <div className="timeline-meta">
                  {s.assignee && <span>{t('diagram.handler', { assignee: s.assignee === me ? `${nameOf(s.assignee)}（${t('caseFile.me')}）` : nameOf(s.assignee) })} · </span>}
                  {running ? t('diagram.since', { start: formatDateTime(s.start, i18n.language) }) : t('diagram.period', { start: formatDateTime(s.start, i18n.language), end: formatDateTime(s.end, i18n.language) })}
                </div>
              </div>
            ),
          };
        }
        const a = e.action as TaskActionRecord;
        return {
          key: e.key,
          color: a.action === 'send-back' || a.action === 'withdraw' ? 'red' : 'gray',
          children: (
            <div className={`timeline-action${e.highlighted ? ' timeline-mine' : ''}`} data-action={a.action}>
              <Typography.Text data-user={a.actor}>{nameOf(a.actor)}</Typography.Text> <Tag className="timeline-tag">{t(`action.${a.action}`)}</Tag>
              {a.taskName && <Typography.Text type="secondary">{a.taskName}</Typography.Text>}
              <div className="timeline-meta">{formatDateTime(a.at, i18n.language)}</div>
              {a.comment && <div className="history-comment">{a.comment}</div>}
            </div>
          ),
        };
      })}
    />
  );
}

// helpers ////

/** The server's reason for refusing a withdrawal (`WITHDRAW_NOT_ALLOWED`) in the catalogue's words; an unknown reason as the server wrote it. */
function refusalText(t: (key: string, options?: Record<string, unknown>) => string, reason: string | null): string | null {
  if (!reason) return null;
  if (reason.startsWith('the case has no open step')) return t('caseFile.refusal.noOpenStep');
  if (reason.startsWith('the next handler has already')) return t('caseFile.refusal.nextActed');
  if (reason.startsWith('another step of the case was already open')) return t('caseFile.refusal.otherOpen');
  const automated = /^automated steps have run since \((.*)\)$/.exec(reason);
  if (automated) return t('caseFile.refusal.automated', { steps: automated[1] });
  return reason;
}

function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', String(e));
}

function str(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
