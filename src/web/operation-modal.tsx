import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldIssues, post, problemText, type SendBackTarget } from './api';

/** The task operations that ask for more than the approval comment: a step to go back to, or people. */
export type ModalOperation = 'send-back' | 'transfer' | 'delegate' | 'carbon-copy';

interface Values {
  activityId?: string;
  userId?: string;
  userIds?: string[];
  comment?: string;
}

/**
 * The dialog of 退回 (the step to send the task back to, from `targets`; comment required), 转办 and 委派 (the user
 * id and a comment) and 抄送 (user ids, optional comment): it sends the operation and shows the server's
 * objections beside the fields they name.
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
        : { userId: values.userId?.trim(), comment: text };
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
            <Input autoComplete="off" />
          </Form.Item>
        )}
        {operation === 'carbon-copy' && (
          <Form.Item name="userIds" label={t('task.userIds')} extra={t('task.userIdsHint')} rules={[{ required: true, type: 'array', min: 1, message: t('task.userIdsRequired') }]}>
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
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
