import { ProfileOutlined, RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldIssues, get, post, problemText } from '../api';
import { formatDateTime } from '../format';
import { useAccess } from '../use-access';
import { usePagedList, type OffsetPage } from '../use-paged-list';
import './manager.css';

/** A stopped step of a running procedure (`GET /api/incidents`). */
interface Incident {
  id: string;
  type: string;
  message: string | null;
  at: string;
  processInstanceId: string | null;
  processDefinitionKey: string | null;
  procedureName: string | null;
  version: number | null;
  activityId: string | null;
  activityName: string | null;
  businessKey: string | null;
  retryable: boolean;
  calendarYear: number | null;
}

/** An incident with the worker's error details (`GET /api/incidents/{id}`). */
interface IncidentDetail extends Incident {
  details: string | null;
}

const PAGE_SIZES = [20, 50, 100];

/**
 * 流程异常 (`/manager/incidents`, `incident.manage`): the stopped steps of running procedures, newest first, with their
 * procedure, case number, step and reason; one is read with the worker's error details, and steps are sent again
 * (重试) one at a time or selected together. A step stopped because the holiday calendar lacks a year links to that
 * year's entry, which resumes it.
 */
export function IncidentsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const access = useAccess();
  const list = usePagedList<OffsetPage<Incident>>('/api/incidents', { defaultSize: 20, sizes: PAGE_SIZES, paging: 'state', keep: true });
  const { page, loading, reload } = list;
  const [selected, setSelected] = useState<string[]>([]);
  const [retrying, setRetrying] = useState<string[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [open, setOpen] = useState<IncidentDetail | 'loading' | null>(null);

  const retry = async (ids: string[]) => {
    setRetrying(ids);
    setFailure(null);
    try {
      const { retried } = await post<{ retried: string[] }>('/api/incidents/retry', { ids });
      void message.success(t('modeler.incidents.retried', { count: retried.length }));
      setSelected([]);
      reload();
    } catch (e) {
      const issues = fieldIssues(e);
      setFailure(issues.length ? issues.map((i) => i.message).join('；') : problemText(e, t));
    } finally {
      setRetrying(null);
    }
  };

  const show = async (incident: Incident) => {
    setOpen('loading');
    try {
      setOpen(await get<IncidentDetail>(`/api/incidents/${encodeURIComponent(incident.id)}`));
    } catch (e) {
      setOpen(null);
      void message.error(problemText(e, t));
    }
  };

  const reason = (incident: Incident) => (
    <Space direction="vertical" size={2}>
      {incident.calendarYear !== null && (
        <Space size={[4, 2]} wrap>
          <Tag color="orange" data-calendar-year={incident.calendarYear}>{t('modeler.incidents.calendarGap', { year: incident.calendarYear })}</Tag>
          {access?.permissions.has('calendar.manage') && <Link to={`/admin/holidays/${incident.calendarYear}`}>{t('modeler.incidents.enterYear', { year: incident.calendarYear })}</Link>}
        </Space>
      )}
      <Typography.Text type="secondary" ellipsis={{ tooltip: incident.message }} className="incident-message">{incident.message ?? '—'}</Typography.Text>
    </Space>
  );

  const columns: TableColumnsType<Incident> = [
    { title: t('modeler.incidents.at'), key: 'at', width: 140, render: (_, i) => formatDateTime(i.at, i18n.language) },
    {
      title: t('modeler.incidents.procedure'), key: 'procedure', width: 170,
      render: (_, i) => (i.procedureName ?? i.processDefinitionKey ?? '—') + (i.version !== null ? ` ${t('modeler.versionLabel', { version: i.version })}` : ''),
    },
    { title: t('modeler.incidents.businessKey'), key: 'businessKey', width: 180, render: (_, i) => <span className="incident-key">{i.businessKey ?? '—'}</span> },
    { title: t('modeler.incidents.step'), key: 'step', width: 160, render: (_, i) => i.activityName ?? i.activityId ?? '—' },
    { title: t('modeler.incidents.reason'), key: 'reason', width: 320, render: (_, i) => reason(i) },
    {
      title: t('modeler.incidents.actions'), key: 'actions', width: 160,
      render: (_, i) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<ProfileOutlined />} onClick={() => void show(i)} data-action="details">{t('modeler.incidents.details')}</Button>
          {i.retryable && (
            <Button type="link" size="small" icon={<RedoOutlined />} loading={retrying?.length === 1 && retrying[0] === i.id} disabled={retrying !== null}
              onClick={() => void retry([i.id])} data-action="retry">{t('modeler.incidents.retry')}</Button>
          )}
        </Space>
      ),
    },
  ];

  const detail = open !== null && open !== 'loading' ? open : null;
  return (
    <div className="incidents-page">
      <div className="incidents-heading">
        <Typography.Title level={3}>{t('modeler.incidents.heading')}</Typography.Title>
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => reload()}>{t('modeler.incidents.refresh')}</Button>
          <Button type="primary" icon={<RedoOutlined />} disabled={selected.length === 0 || retrying !== null} loading={retrying !== null && retrying.length > 1}
            onClick={() => void retry(selected)} data-action="retry-selected">{t('modeler.incidents.retrySelected', { count: selected.length })}</Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('modeler.incidents.explained')}</Typography.Paragraph>
      {failure && <Alert type="error" showIcon message={t('modeler.incidents.retryFailed')} description={failure} closable onClose={() => setFailure(null)} className="incident-failure" />}
      {list.error !== null && <Alert type="error" showIcon message={t('modeler.loadFailed')} description={problemText(list.error, t)} />}
      <Table<Incident>
        rowKey="id"
        columns={columns}
        dataSource={page?.items ?? []}
        loading={loading}
        size="middle"
        scroll={{ x: 1160 }}
        tableLayout="fixed"
        locale={{ emptyText: t('modeler.incidents.none') }}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)), getCheckboxProps: (i) => ({ disabled: !i.retryable }) }}
        pagination={{
          current: list.current, pageSize: list.size, total: page?.total ?? 0, pageSizeOptions: PAGE_SIZES, showSizeChanger: true,
          showTotal: (total) => t('modeler.incidents.total', { count: total }),
          onChange: list.goTo,
        }}
      />
      <Drawer open={open !== null} onClose={() => setOpen(null)} width={720} title={t('modeler.incidents.detailTitle')} className="incident-drawer">
        {open === 'loading' && <Spin />}
        {detail && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Descriptions column={1} size="small" bordered styles={{ label: { width: 110, whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('modeler.incidents.at')}>{formatDateTime(detail.at, i18n.language)}</Descriptions.Item>
              <Descriptions.Item label={t('modeler.incidents.procedure')}>{detail.procedureName ?? detail.processDefinitionKey ?? '—'}{detail.version !== null ? ` ${t('modeler.versionLabel', { version: detail.version })}` : ''}</Descriptions.Item>
              <Descriptions.Item label={t('modeler.incidents.businessKey')}>{detail.businessKey ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('modeler.incidents.step')}>{detail.activityName ?? detail.activityId ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('modeler.incidents.type')}>{t(`modeler.incidents.types.${detail.type}`, { defaultValue: detail.type })}</Descriptions.Item>
              <Descriptions.Item label={t('modeler.incidents.processInstance')}><Typography.Text copyable>{detail.processInstanceId ?? '—'}</Typography.Text></Descriptions.Item>
              <Descriptions.Item label={t('modeler.incidents.reason')}>{detail.message ?? '—'}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>{t('modeler.incidents.errorDetails')}</Typography.Title>
            <pre className="incident-details">{detail.details ?? t('modeler.incidents.noDetails')}</pre>
            {detail.retryable && (
              <Button type="primary" icon={<RedoOutlined />} loading={retrying !== null} onClick={() => { setOpen(null); void retry([detail.id]); }}>{t('modeler.incidents.retry')}</Button>
            )}
          </Space>
        )}
      </Drawer>
    </div>
  );
}
