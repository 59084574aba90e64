import { Empty, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PathActivity, TaskActionName, TaskActionRecord } from './api';
import { formatDateTime } from './format';
import { usePeopleNames } from './use-people-names';

const ACTION_COLOURS: Partial<Record<TaskActionName, string>> = {
  complete: 'green', 'send-back': 'red', withdraw: 'red', transfer: 'blue', delegate: 'blue', resolve: 'green', urge: 'orange', 'carbon-copy': 'purple',
};

/** The operations whose target is people (user ids, comma-separated for 抄送). */
const USER_TARGETS: ReadonlySet<TaskActionName> = new Set(['transfer', 'delegate', 'resolve', 'carbon-copy']);

/**
 * The history of the case's tasks, oldest first: who did what (签收, 办理, 退回, 转办, 委派, 撤回, 抄送, 催办, 意见…)
 * to which step or person, when (China time) and with which approval comment.
 */
export function TaskHistory({ actions, path }: { actions: TaskActionRecord[]; path: PathActivity[] }) {
  const { t, i18n } = useTranslation();
  const nameOf = usePeopleNames(actions.flatMap((a) => [a.actor, ...(USER_TARGETS.has(a.action) ? (a.target ?? '').split(',') : [])]));
  if (actions.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('history.empty')} />;
  const stepName = (activityId: string) => path.find((a) => a.activityId === activityId)?.name ?? activityId;
  const targetOf = (a: TaskActionRecord): string | null => {
    if (!a.target) return null;
    if (a.action === 'send-back') return t('history.toStep', { step: stepName(a.target) });
    if (USER_TARGETS.has(a.action)) return t('history.toUser', { user: a.target.split(',').map(nameOf).join('、') });
    return null;
  };
  return (
    <Timeline
      className="task-history"
      items={actions.map((a) => ({
        key: a.id,
        color: ACTION_COLOURS[a.action] ?? 'gray',
        children: (
          <div className="history-item" data-action={a.action}>
            <div>
              <Typography.Text strong className="history-actor" data-user={a.actor}>{nameOf(a.actor)}</Typography.Text>{' '}
              <Tag color={ACTION_COLOURS[a.action]} className="history-action">{t(`action.${a.action}`)}</Tag>
              {a.taskName && <Typography.Text type="secondary">{a.taskName}</Typography.Text>}
              {targetOf(a) && <Typography.Text type="secondary"> {targetOf(a)}</Typography.Text>}
            </div>
            <Typography.Text type="secondary" className="history-time">{formatDateTime(a.at, i18n.language)}</Typography.Text>
            {a.comment && <div className="history-comment">{a.comment}</div>}
          </div>
        ),
      }))}
    />
  );
}
