import { Alert, Form, Input, Modal, Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldIssues, get, post, problemText, type SendBackTarget } from './api';

/** The task operations that ask for more than the approval comment: a step to go back to, or people. */
export type ModalOperation = 'send-back' | 'transfer' | 'delegate' | 'carbon-copy';

interface Values {
  activityId?: string;
  userId?: string;
  userIds?: string[];
  comment?: string;
}

/** A person the server offers for 转办, 委派 or 抄送 (`GET /api/workbench/tasks/{id}/people`). */
interface Person {
  id: string;
  name: string;
}

/**
 * The dialog of 退回 (the step to send the task back to, from `targets`; comment required), 转办 and 委派 (the person
 * and a comment) and 抄送 (people, optional comment), the people chosen by name among those the server offers: it
 * sends the operation and shows the server's objections beside the fields they name.
 */
export function OperationModal({ taskId, operation, targets, comment, onClose, onDone }: {
  taskId: string;
  operation: ModalOperation;
  targets: SendBackTarget[];
  comment: string;
  onClose: () => void;
  onDone: (operation: ModalOperation) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const commentRequired = operation !== 'carbon-copy';

  const submit = async (values: Values) => {
    const text = values.comment?.trim() || undefined;
    const body = operation === 'send-back' ? { activityId: values.activityId, comment: text }
      : operation === 'carbon-copy' ? { userIds: values.userIds?.map((u) => u.trim()).filter(Boolean), comment: text }
        : { userId: values.userId, comment: text };
    setBusy(true);
    setError(null);
    try {
      await post(`/api/workbench/tasks/${encodeURIComponent(taskId)}/${operation}`, body);
      onDone(operation);
    } catch (e) {
      const issues = fieldIssues(e);
      const names = new Set(['activityId', 'userId', 'userIds', 'comment']);
      const placed = issues.filter((i) => names.has(i.path.split('.')[0] ?? ''));
      form.setFields(placed.map((i) => ({ name: i.path.split('.')[0] as keyof Values, errors: [i.message] })));
      if (placed.length < issues.length || issues.length === 0) setError(problemText(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(`op.${operation}`)}
      okText={t('task.confirm')}
      cancelText={t('task.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      className={`operation-modal operation-${operation}`}
    >
      {error && <Alert type="error" showIcon message={error} className="modal-alert" />}
      <Form<Values> form={form} layout="vertical" initialValues={{ comment }} onFinish={(values) => void submit(values)}>
        {operation === 'send-back' && (
          <Form.Item name="activityId" label={t('task.sendBackTo')} rules={[{ required: true, message: t('task.sendBackToRequired') }]}
            initialValue={targets.length === 1 ? targets[0]?.activityId : undefined}>
            <Select
              options={targets.map((s) => ({ value: s.activityId, label: s.lastAssignee ? `${s.name ?? s.activityId}（${s.lastAssignee}）` : (s.name ?? s.activityId) }))}
              notFoundContent={t('task.noSendBackTargets')}
            />
          </Form.Item>
        )}
        {(operation === 'transfer' || operation === 'delegate') && (
          <Form.Item name="userId" label={t('task.userId')} rules={[{ required: true, whitespace: true, message: t('task.userIdRequired') }]}>
            <PeopleSelect taskId={taskId} operation={operation} />
          </Form.Item>
        )}
        {operation === 'carbon-copy' && (
          <Form.Item name="userIds" label={t('task.userIds')} extra={t('task.userIdsHint')} rules={[{ required: true, type: 'array', min: 1, message: t('task.userIdsRequired') }]}>
            <PeopleSelect taskId={taskId} operation={operation} multiple />
          </Form.Item>
        )}
        <Form.Item name="comment" label={t('task.comment')}
          rules={commentRequired ? [{ required: true, whitespace: true, message: t('task.commentRequired') }] : []}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** How long the people search waits after a keystroke before it asks the server. */
const SEARCH_DELAY_MS = 250;

/**
 * Chooses one person (or several, `multiple`) by name or user name among those the server offers for `operation` on
 * the task, searching as the user types; shows `姓名（用户名）`.
 */
function PeopleSelect({ taskId, operation, multiple = false, value, onChange }: {
  taskId: string;
  operation: 'transfer' | 'delegate' | 'carbon-copy';
  multiple?: boolean;
  value?: string | string[];
  onChange?: (value: string | string[]) => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [people, setPeople] = useState<Person[]>([]);
  const [loading, setLoading] = useState(true);
  const [failed, setFailed] = useState(false);
  // the chosen people stay named when a later search no longer lists them
  const known = useRef(new Map<string, Person>());

  useEffect(() => {
    let current = true;
    setLoading(true);
    const timer = setTimeout(() => {
      get<Person[]>(`/api/workbench/tasks/${encodeURIComponent(taskId)}/people`, { operation, ...(query.trim() ? { q: query.trim() } : {}) }).then(
        (found) => {
          if (!current) return;
          for (const p of found) known.current.set(p.id, p);
          setPeople(found);
          setFailed(false);
          setLoading(false);
        },
        () => {
          if (!current) return;
          setFailed(true);
          setLoading(false);
        },
      );
    }, query ? SEARCH_DELAY_MS : 0);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [taskId, operation, query]);

  const chosen = (Array.isArray(value) ? value : value ? [value] : []).filter((id) => !people.some((p) => p.id === id));
  const options = [...people, ...chosen.map((id) => known.current.get(id) ?? { id, name: id })]
    .map((p) => ({ value: p.id, label: p.name === p.id ? p.id : `${p.name}（${p.id}）` }));
  return (
    <Select
      {...(multiple ? { mode: 'multiple' as const } : {})}
      showSearch
      allowClear
      value={value}
      onChange={(v: string | string[]) => onChange?.(v)}
      onSearch={setQuery}
      filterOption={false}
      placeholder={t('task.peopleSearch')}
      options={options}
      notFoundContent={loading ? <Spin size="small" /> : failed ? t('task.peopleFailed') : t('task.noPeople')}
      className="people-select"
      data-people={operation}
    />
  );
}
