import { Button, Card, Descriptions, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../format';
import { useSession } from '../use-session';
import { ExportButton } from './export-button';
import type { DueList, SupervisedClock } from './supervision-api';
import { statusName, useJurisdictionName, useUnitGroupName } from '../procedure-names';
import { handlersText, lateText, ownTask, procedureName, stepsText } from './supervision-format';

/**
 * 超期督办: the clocks past their due date with case number, party, step, handler and how late, sortable; the number
 * opens the task where the leader has one, otherwise it unfolds the case summary (units and the responsible group
 * by name). Counts by unit and by handler on top; CSV export.
 */
export function OverduePanel({ list, jurisdiction }: { list: DueList; jurisdiction: string | undefined }) {
  const { t, i18n } = useTranslation();
  const jurisdictionName = useJurisdictionName();
  const unitGroupName = useUnitGroupName(t);
  const session = useSession();
  const language = i18n.language;
  const [expanded, setExpanded] = useState<string[]>([]);
  const toggle = (key: string) => setExpanded((keys) => (keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key]));

  const columns: TableColumnsType<SupervisedClock> = [
    {
      key: 'number', title: t('dashboard.list.number'), sorter: (a, b) => (a.number ?? '').localeCompare(b.number ?? ''),
      render: (_, c) => {
        const task = ownTask(c.tasks, session);
        if (task) return <Link to={`/tasks/${encodeURIComponent(task.id)}`} data-task={task.id} title={t('dashboard.overdue.openTask')}>{c.number ?? task.name ?? task.id}</Link>;
        return (
          <Button type="link" size="small" className="overdue-summary-toggle" aria-expanded={expanded.includes(c.clockId)} onClick={() => toggle(c.clockId)}>
            {c.number ?? t('dashboard.overdue.summary')}
          </Button>
        );
      },
    },
    { key: 'party', title: t('dashboard.list.party'), sorter: (a, b) => (a.party ?? '').localeCompare(b.party ?? '', 'zh-CN'), render: (_, c) => c.party ?? '—' },
    { key: 'procedure', title: t('dashboard.list.procedure'), render: (_, c) => procedureName(c.procedureKey, t) },
    { key: 'step', title: t('dashboard.list.step'), sorter: (a, b) => stepsText(a.tasks).localeCompare(stepsText(b.tasks), 'zh-CN'), render: (_, c) => stepsText(c.tasks) },
    { key: 'handler', title: t('dashboard.list.handler'), sorter: (a, b) => handlersText(a.tasks, t).localeCompare(handlersText(b.tasks, t), 'zh-CN'), render: (_, c) => handlersText(c.tasks, t) },
    { key: 'rule', title: t('dashboard.list.rule'), dataIndex: 'ruleName' },
    { key: 'due', title: t('dashboard.list.due'), sorter: (a, b) => a.dueAt.localeCompare(b.dueAt), render: (_, c) => formatDateTime(c.dueAt, language) },
    {
      key: 'late', title: t('dashboard.overdue.days'), defaultSortOrder: 'descend', sorter: (a, b) => b.dueAt.localeCompare(a.dueAt),
      render: (_, c) => <Tag color="error" data-late={-c.remaining}>{lateText(c, t)}</Tag>,
    },
  ];

  return (
    <Card
      title={<Space>{t('dashboard.overdue.title')}<Tag color="error" data-overdue-total={list.total}>{t('dashboard.overdue.total', { count: list.total })}</Tag></Space>}
      className="dashboard-card"
      data-card="overdue"
      extra={<ExportButton name="overdue" query={{ jurisdiction }} />}
    >
      <Typography.Paragraph type="secondary">{t('dashboard.overdue.hint')}</Typography.Paragraph>
      {list.total > 0 && (
        <Space wrap className="overdue-groups">
          <span>{t('dashboard.overdue.byJurisdiction')}：</span>
          {list.byJurisdiction.map((g) => <Tag key={g.key ?? ''}>{`${g.name ?? jurisdictionName(g.key)} ${g.count}`}</Tag>)}
          <span>{t('dashboard.overdue.byOfficer')}：</span>
          {list.byOfficer.map((g) => <Tag key={g.key ?? 'none'}>{`${g.key === null ? t('dashboard.overdue.unclaimed') : (g.name ?? g.key)} ${g.count}`}</Tag>)}
        </Space>
      )}
      <Table
        size="small"
        rowKey="clockId"
        dataSource={list.items}
        columns={columns}
        // a fixed scroll width, not max-content: the unfolded summary must wrap within the table, not widen it
        scroll={{ x: 1000 }}
        pagination={{ pageSize: 10, showSizeChanger: false, showTotal: (total) => t('list.total', { count: total }) }}
        locale={{ emptyText: t('dashboard.overdue.empty') }}
        onRow={(c) => ({ 'data-number': c.number ?? '' }) as HTMLAttributes<HTMLElement>}
        expandable={{
          expandedRowKeys: expanded,
          showExpandColumn: false,
          expandedRowRender: (c) => (
            <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} title={t('dashboard.overdue.summary')} className="overdue-summary" data-summary={c.number ?? c.clockId}>
              <Descriptions.Item label={t('dashboard.list.number')}>{c.number ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('dashboard.list.party')}>{c.party ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('dashboard.list.procedure')}>{procedureName(c.procedureKey, t)}</Descriptions.Item>
              <Descriptions.Item label={t('dashboard.list.jurisdiction')}>{jurisdictionName(c.jurisdiction)}</Descriptions.Item>
              <Descriptions.Item label={t('dashboard.overdue.status')}>{statusName(c.kind, c.procedureStatus, t)}</Descriptions.Item>
              <Descriptions.Item label={t('dashboard.list.step')}>{stepsText(c.tasks)}</Descriptions.Item>
              <Descriptions.Item label={t('dashboard.list.handler')}>{handlersText(c.tasks, t)}</Descriptions.Item>
              <Descriptions.Item label={t('dashboard.list.rule')}>{c.ruleName}</Descriptions.Item>
              <Descriptions.Item label={t('dashboard.overdue.startedAt')}>{formatDateTime(c.startedAt, language)}</Descriptions.Item>
              <Descriptions.Item label={t('dashboard.list.due')}>{formatDateTime(c.dueAt, language)}</Descriptions.Item>
              <Descriptions.Item label={t('dashboard.overdue.responsible')}><span data-responsible={c.responsibleGroup ?? ''}>{unitGroupName(c.responsibleGroup)}</span></Descriptions.Item>
            </Descriptions>
          ),
        }}
      />
    </Card>
  );
}
