import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useOutletContext, useParams } from 'react-router';
import { ApiError, fieldIssues, get, post, problemText, type TaskDetail, type TaskOperation } from './api';
import { ApprovalComment } from './approval-comment';
import { ClockTag } from './clock-tag';
import { formatDateTime } from './format';
import { leaveFreely, useLeaveGuard } from './leave-guard';
import { ClockLine } from './officer/clock-line';
import { caseFilePath, finishedTaskOf, type FinishedTask } from './officer/officer-api';
import { clearDraft, readDraft, saveDraft, type TaskDraft } from './officer/task-draft';
import './officer/officer.css';
import { OperationModal, type ModalOperation } from './operation-modal';
import { ProcessDiagram } from './process-diagram';
import { statusName, useJurisdictionName } from './procedure-names';
import { TaskForm, type TaskFormHandle } from './task-form';
import { TaskHistory } from './task-history';
import { usePeopleNames } from './use-people-names';
import { useSession } from './use-session';

/** The order of the operation buttons; the page shows those the server lists for the caller. */
const BUTTONS: TaskOperation[] = ['complete', 'claim', 'resolve', 'send-back', 'transfer', 'delegate', 'unclaim', 'carbon-copy', 'urge', 'comment'];

/** Operations after which the task stays with the caller: the page reloads instead of going back to 待办. */
const STAYS: TaskOperation[] = ['claim', 'carbon-copy', 'urge', 'comment'];

const MODAL_OPERATIONS: TaskOperation[] = ['send-back', 'transfer', 'delegate', 'carbon-copy'];

/**
 * The page of one task (`/tasks/:id`): its name, case and clocks; its form (form-js) with the approval comment and
 * the buttons of exactly the operations the server allows the caller; the history of the case's operations; and
 * the flow chart with the steps passed and the current one. A task that has ended meanwhile shows who handled it and
 * when (one someone else has taken, who holds it), with its case file and 待办 to go on with.
 */
export function TaskPage() {
  const id = useParams()['id'] ?? '';
  // a fresh page (comment, dialogs) for every task
  return <TaskView key={id} id={id} />;
}

function TaskView({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const jurisdictionName = useJurisdictionName();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const userId = useSession()?.user.id ?? '';
  const { refreshCounts } = useOutletContext<{ refreshCounts: () => void }>();
  const formRef = useRef<TaskFormHandle>(null);
  const [detail, setDetail] = useState<TaskDetail | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [operationError, setOperationError] = useState<string | null>(null);
  const [busy, setBusy] = useState<TaskOperation | null>(null);
  const [modal, setModal] = useState<ModalOperation | null>(null);
  // the draft kept in the browser (form values edited, comment) and the one restored when the page opened
  const edited = useRef<Record<string, unknown> | null>(null);
  const [restored, setRestored] = useState<TaskDraft | null>(null);
  const [formVersion, setFormVersion] = useState(0);
  // whether the form holds edits not yet sent: leaving the page (a link, back, logout, closing the tab) asks first
  const [formEdited, setFormEdited] = useState(false);
  useLeaveGuard(formEdited ? { title: t('draft.leave.title'), content: t('draft.leave.content'), okText: t('draft.leave.ok'), cancelText: t('draft.leave.cancel') } : null);

  useEffect(() => {
    let current = true;
    setError(null);
    get<TaskDetail>(`/api/workbench/tasks/${encodeURIComponent(id)}`).then(
      (answer) => {
        if (!current) return;
        if (attempt === 0 && userId) {
          const draft = readDraft(userId, id);
          if (draft && answer.operations.length > 0) {
            edited.current = Object.keys(draft.values).length ? draft.values : null;
            setComment(draft.comment);
            setRestored(draft);
          }
        }
        setDetail(answer);
      },
      (e: unknown) => current && setError(e instanceof ApiError ? e : new ApiError(0, 'UNKNOWN', String(e))),
    );
    return () => {
      current = false;
    };
    // the draft is read once, when the page opens; later loads keep what is being edited
  }, [id, attempt]);

  // the form opens with the case's variables and, over them, the values being edited (restored or kept across reloads)
  const formData = useMemo(() => (detail ? { ...detail.variables, ...(edited.current ?? {}) } : {}),
    [detail, formVersion]);

  const keepDraft = useCallback((values: Record<string, unknown> | null, text: string) => {
    if (userId) saveDraft(userId, id, values ?? {}, text);
  }, [userId, id]);

  const discardDraft = () => {
    if (userId) clearDraft(userId, id);
    edited.current = null;
    setFormEdited(false);
    setRestored(null);
    setComment('');
    setFormVersion((v) => v + 1);
    void message.info(t('draft.discarded'));
  };

  const finished = useCallback((operation: TaskOperation) => {
    void message.success(t('task.succeeded', { operation: t(`op.${operation}`) }));
    setModal(null);
    setComment('');
    setRestored(null);
    // the comment went with the operation; the form's values stay in the draft until the task leaves the caller
    if (STAYS.includes(operation)) keepDraft(edited.current, '');
    else if (userId) clearDraft(userId, id);
    if (STAYS.includes(operation)) {
      refreshCounts();
      setAttempt((a) => a + 1);
    } else {
      // the edits went with the operation
      leaveFreely(() => void navigate('/todo'));
    }
  }, [message, t, navigate, refreshCounts, keepDraft, userId, id]);
  // a task that ended, or that someone else took, before the page was opened (a message read late): said so, with the
  // way to its case file
  const ended = finishedTaskOf(error);
  const nameOf = usePeopleNames([detail?.task.assignee, ended?.assignee]);

  if (ended) return <EndedTask ended={ended} nameOf={nameOf} />;
  if (error) {
    return (
      <Alert type="error" showIcon message={error.status === 404 ? t('task.notFound') : t('list.loadFailed')} description={error.message}
        action={<Space direction="vertical"><Button size="small" onClick={() => setAttempt((a) => a + 1)}>{t('list.retry')}</Button><Button size="small" onClick={() => void navigate('/todo')}>{t('notFound.back')}</Button></Space>} />
    );
  }
  if (!detail) return <Spin size="large" className="page-spin" />;

  const { task, operations } = detail;
  const schema = detail.form && typeof detail.form === 'object' ? detail.form : null;
  const text = comment.trim();

  const perform = async (operation: TaskOperation) => {
    setCommentError(null);
    setOperationError(null);
    if (MODAL_OPERATIONS.includes(operation)) {
      setModal(operation as ModalOperation);
      return;
    }
    if ((operation === 'resolve' || operation === 'comment') && !text) {
      setCommentError(t('task.commentRequired'));
      return;
    }
    let body: unknown = text ? { comment: text } : {};
    if (operation === 'comment') body = { text };
    if (operation === 'complete') {
      if (schema && formRef.current && !formRef.current.validate()) {
        void message.error(t('task.fixForm'));
        return;
      }
      body = { values: schema && formRef.current ? formRef.current.data() : {}, ...(text ? { comment: text } : {}) };
    }
    setBusy(operation);
    try {
      await post(`/api/workbench/tasks/${encodeURIComponent(task.id)}/${operation}`, body);
      finished(operation);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'URGE_TOO_SOON') {
        setOperationError(t('task.urgeTooSoon'));
        return;
      }
      const issues = fieldIssues(e);
      const formIssues = issues.filter((i) => i.path !== 'comment' && i.path !== 'text');
      const rest = formRef.current && operation === 'complete' ? formRef.current.showIssues(formIssues) : formIssues;
      const onComment = issues.find((i) => i.path === 'comment' || i.path === 'text');
      if (onComment) setCommentError(onComment.message);
      if (rest.length > 0 || issues.length === 0) setOperationError(problemText(e, t));
      else if (formIssues.length > 0) void message.error(t('task.fixForm'));
    } finally {
      setBusy(null);
    }
  };

  const header = (
    <Card className="task-header">
      <Space direction="vertical" size={8} style={{ width: '100%' }}>
        <Space wrap align="center">
          <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('task.back')} onClick={() => void navigate(-1)} />
          <Typography.Title level={4} className="task-title">{task.name ?? task.taskDefinitionKey}</Typography.Title>
          {detail.case && <Tag color="blue">{t(`kind.${detail.case.kind}`)}</Tag>}
          {task.assignee ? <Tag data-user={task.assignee}>{t('task.assignee', { user: nameOf(task.assignee) })}</Tag> : <Tag color="orange">{t('task.unclaimed')}</Tag>}
          <Link to={caseFilePath(task.processInstanceId)} data-action="case-file">{t('caseFile.open')}</Link>
        </Space>
        {detail.case && (
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} className="task-case">
            <Descriptions.Item label={t('column.number')}>{detail.case.number ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('column.party')}>{detail.case.party ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('column.jurisdiction')}>{jurisdictionName(detail.case.jurisdiction)}</Descriptions.Item>
            <Descriptions.Item label={t('column.status')}><span data-status={detail.case.status}>{statusName(detail.case.kind, detail.case.status, t)}</span></Descriptions.Item>
          </Descriptions>
        )}
        <div className="task-clocks">
          {detail.clocks.length === 0 ? <ClockTag colour={null} /> : detail.clocks.map((clock) => <ClockLine key={clock.name} clock={clock} />)}
        </div>
      </Space>
    </Card>
  );

  const actions = (
    <Card title={t('task.handle')} className="task-actions">
      <ApprovalComment value={comment} onChange={(v) => { setComment(v); setCommentError(null); keepDraft(edited.current, v); }} error={commentError} />
      {operationError && <Alert type="error" showIcon message={operationError} className="operation-error" />}
      <Space wrap className="operation-buttons">
        {BUTTONS.filter((op) => operations.includes(op)).map((op) => (
          <Button key={op} data-operation={op} type={op === 'complete' || (op === 'claim' && !task.assignee) ? 'primary' : 'default'}
            danger={op === 'send-back'} loading={busy === op} disabled={busy !== null && busy !== op} onClick={() => void perform(op)}>
            {t(`op.${op}`)}
          </Button>
        ))}
        {operations.length === 0 && <Typography.Text type="secondary">{t('task.noOperations')}</Typography.Text>}
      </Space>
    </Card>
  );

  return (
    <div className="task-page" data-task={task.id}>
      {header}
      <Row gutter={[16, 16]} className="task-body">
        <Col xs={24} lg={15}>
          <Space direction="vertical" size={16} style={{ width: '100%' }}>
            <Card title={t('task.form')} className="task-form-card">
              {restored && (
                <Alert type="info" showIcon className="draft-notice" data-draft="restored"
                  message={t('draft.restored', { at: formatDateTime(restored.savedAt, i18n.language) })}
                  action={<Button size="small" onClick={discardDraft} data-action="discard-draft">{t('draft.discard')}</Button>} />
              )}
              {schema ? <TaskForm key={formVersion} ref={formRef} schema={schema} data={formData} baseline={detail.variables} readOnly={!operations.includes('complete')}
                onChange={(values, changed) => { edited.current = changed ? values : null; setFormEdited(changed); keepDraft(edited.current, comment); }} />
                : detail.form ? <Alert type="warning" showIcon message={t('task.formUnsupported')} />
                  : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('task.noForm')} />}
            </Card>
            {actions}
          </Space>
        </Col>
        <Col xs={24} lg={9}>
          <Card title={t('task.history')} className="task-history-card">
            <TaskHistory actions={detail.actions} path={detail.path} />
          </Card>
        </Col>
        <Col span={24}>
          <Card title={t('task.diagram')} className="task-diagram-card">
            <ProcessDiagram taskId={task.id} />
          </Card>
        </Col>
      </Row>
      {modal && (
        <OperationModal taskId={task.id} operation={modal} targets={detail.sendBackTargets} comment={comment} onClose={() => setModal(null)} onDone={finished} />
      )}
    </div>
  );
}

/**
 * What the page of a task that is no longer for the caller shows: that it has been handled (by whom and when), has
 * ended otherwise (sent back, withdrawn) or is held by someone else, and the links to its case file and to 待办.
 */
function EndedTask({ ended, nameOf }: { ended: FinishedTask; nameOf: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const at = formatDateTime(ended.endedAt, i18n.language);
  const user = ended.assignee ? nameOf(ended.assignee) : null;
  const title = { completed: 'task.finishedTitle', cancelled: 'task.cancelledTitle', taken: 'task.takenTitle' }[ended.outcome];
  const description = ended.outcome === 'taken' ? t('task.takenBy', { user })
    : ended.outcome === 'cancelled' ? t('task.cancelledAt', { at })
      : user ? t('task.finishedBy', { user, at }) : t('task.finishedAt', { at });
  return (
    <Alert type="info" showIcon className="task-ended" data-outcome={ended.outcome} message={t(title)}
      description={<Space direction="vertical" size={4}><span className="task-ended-detail">{description}</span><Typography.Text type="secondary">{t('task.finishedHint')}</Typography.Text></Space>}
      action={
        <Space direction="vertical">
          <Link to={caseFilePath(ended.processInstanceId)} data-action="case-file">{t('caseFile.open')}</Link>
          <Button size="small" onClick={() => void navigate('/todo')} data-action="todo">{t('notFound.back')}</Button>
        </Space>
      } />
  );
}
