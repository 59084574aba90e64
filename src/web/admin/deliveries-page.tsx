import { RedoOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../api';
import { formatDateTime } from '../format';
import { usePagedList } from '../use-paged-list';
import type { PagedList } from './admin-api';
import { errorText, placeFieldErrors } from './admin-common';

/** Delivery states and channels as the server names them (`DELIVERY_STATUSES`, `CHANNEL_NAMES` of `src/notifications`). */
const STATUSES = ['failed', 'pending', 'sent'] as const;
const CHANNELS = ['email', 'sms'] as const;
const STATUS_COLOURS: Record<Delivery['status'], string> = { failed: 'red', pending: 'blue', sent: 'green' };
const PAGE_SIZES = [20, 50, 100, 200];

/** An e-mail or SMS delivery of a notification (`GET /api/admin/notification-deliveries`). */
interface Delivery {
  id: string;
  notificationId: string;
  kind: string | null;
  title: string | null;
  userId: string;
  channel: (typeof CHANNELS)[number];
  status: (typeof STATUSES)[number];
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

interface Filters {
  status?: Delivery['status'];
  channel?: Delivery['channel'];
  userId?: string;
}

/**
 * 消息发送记录 (`/admin/notifications`, administrators): the e-mail and SMS deliveries of notifications, the failed
 * ones first shown with their reason, and a failed delivery put back in the queue (重新发送).
 */
export function DeliveriesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({ status: 'failed' });
  const list = usePagedList<PagedList<Delivery> & { failed: number }>('/api/admin/notification-deliveries', { query: { ...filters }, defaultSize: 50, paging: 'state', keep: true });
  const { page, loading, reload } = list;
  const [error, setError] = useState<string | null>(null);
  const [retrying, setRetrying] = useState<string | null>(null);

  // a refused search names the field it objects to beside it; other problems go above the list
  useEffect(() => {
    setError(list.error ? placeFieldErrors(form, list.error, ['userId'], t).join('；') || null : null);
  }, [list.error, form, t]);

  const retry = async (delivery: Delivery) => {
    setRetrying(delivery.id);
    try {
      await post<Delivery>(`/api/admin/notification-deliveries/${encodeURIComponent(delivery.id)}/retry`);
      void message.success(t('admin.deliveries.retried', { user: delivery.userId }));
      reload();
    } catch (e) {
      void message.error(errorText(t, e));
    } finally {
      setRetrying(null);
    }
  };

  const columns: TableColumnsType<Delivery> = [
    { title: t('admin.deliveries.createdAt'), key: 'createdAt', width: 150, render: (_, d) => formatDateTime(d.createdAt, i18n.language) },
    { title: t('admin.deliveries.user'), dataIndex: 'userId', key: 'userId', width: 130 },
    { title: t('admin.deliveries.channel'), key: 'channel', width: 90, render: (_, d) => t(`admin.deliveries.channels.${d.channel}`) },
    { title: t('admin.deliveries.title'), key: 'title', render: (_, d) => d.title ?? '—' },
    { title: t('admin.deliveries.status'), key: 'status', width: 90, render: (_, d) => <Tag color={STATUS_COLOURS[d.status]}>{t(`admin.deliveries.statuses.${d.status}`)}</Tag> },
    { title: t('admin.deliveries.attempts'), dataIndex: 'attempts', key: 'attempts', width: 80 },
    { title: t('admin.deliveries.lastError'), key: 'lastError', render: (_, d) => d.lastError ?? '—' },
    { title: t('admin.deliveries.nextAttemptAt'), key: 'next', width: 150, render: (_, d) => formatDateTime(d.status === 'sent' ? d.sentAt : d.nextAttemptAt, i18n.language) },
    {
      title: t('admin.actions'), key: 'retry', width: 110,
      render: (_, d) => d.status === 'failed' && (
        <Button type="link" size="small" icon={<RedoOutlined />} loading={retrying === d.id} onClick={() => void retry(d)}>{t('admin.deliveries.retry')}</Button>
      ),
    },
  ];

  return (
    <div className="admin-page">
      <div className="admin-title-row">
        <Typography.Title level={3} className="admin-title">{t('admin.deliveries.heading')}</Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => reload()}>{t('admin.refresh')}</Button>
      </div>
      {page && page.failed > 0 && <Alert type="warning" showIcon message={t('admin.deliveries.failedCount', { count: page.failed })} />}
      <Form<Filters> form={form} layout="inline" className="admin-filters" initialValues={filters} onFinish={(values) => {
        setFilters({ status: values.status, channel: values.channel, userId: values.userId?.trim() || undefined });
        list.goTo(1, list.size);
      }}>
        <Form.Item name="status" label={t('admin.deliveries.status')}>
          <Select allowClear placeholder={t('admin.deliveries.anyStatus')} className="delivery-filter" options={STATUSES.map((s) => ({ value: s, label: t(`admin.deliveries.statuses.${s}`) }))} />
        </Form.Item>
        <Form.Item name="channel" label={t('admin.deliveries.channel')}>
          <Select allowClear placeholder={t('admin.deliveries.anyChannel')} className="delivery-filter" options={CHANNELS.map((c) => ({ value: c, label: t(`admin.deliveries.channels.${c}`) }))} />
        </Form.Item>
        <Form.Item name="userId" label={t('admin.deliveries.user')}><Input allowClear className="audit-filter" /></Form.Item>
        <Form.Item><Space><Button type="primary" htmlType="submit">{t('filter.search')}</Button></Space></Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={t('list.loadFailed')} description={error} className="admin-alert" />}
      <Table<Delivery>
        rowKey="id"
        columns={columns}
        dataSource={page?.items ?? []}
        loading={loading}
        scroll={{ x: 1100 }}
        size="middle"
        pagination={{
          current: list.current, pageSize: list.size, total: page?.total ?? 0, pageSizeOptions: PAGE_SIZES, showSizeChanger: true,
          showTotal: (total) => t('list.total', { count: total }),
          onChange: list.goTo,
        }}
      />
    </div>
  );
}
