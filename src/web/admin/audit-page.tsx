import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Progress, Space, Table, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatDateTime } from '../format';
import { usePagedList } from '../use-paged-list';
import { listAudit, verifyAudit, type AuditEntry, type AuditVerification, type PagedList } from './admin-api';
import { errorText, placeFieldErrors } from './admin-common';

const PAGE_SIZES = [20, 50, 100, 200];
const FILTERS = ['actor', 'action', 'subjectType', 'subjectId', 'from', 'to'] as const;

interface FilterValues {
  actor?: string;
  action?: string;
  subjectType?: string;
  subjectId?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

/**
 * 审计日志 (`/admin/audit`, administrators and auditors): the entries, newest first, found by actor, action (or its
 * prefix), subject and period, a page at a time (kept in the address); an entry's details as JSON; and the check of
 * the whole hash chain, which says whether the log is intact or the first entry where it breaks.
 */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FilterValues>();
  const list = usePagedList<PagedList<AuditEntry>>(listAudit, { filters: FILTERS, defaultSize: 50, keep: true });
  const { page, loading, current, size } = list;
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<AuditEntry | null>(null);

  const filterKey = FILTERS.map((f) => params.get(f) ?? '').join('|');

  // the form shows the search of the address — the period too — when opened from a link, or back and forward
  useEffect(() => {
    const instant = (name: 'from' | 'to') => {
      const value = params.get(name);
      const parsed = value ? dayjs(value) : null;
      return parsed?.isValid() ? parsed : null;
    };
    const from = instant('from');
    const to = instant('to');
    form.setFieldsValue({
      actor: params.get('actor') ?? undefined, action: params.get('action') ?? undefined, subjectType: params.get('subjectType') ?? undefined,
      subjectId: params.get('subjectId') ?? undefined,
    });
    form.setFieldValue('period', from || to ? [from, to] : null);
    // `filterKey` says when the address's search changed
  }, [filterKey, form]);

  // a refused search shows its objections beside the fields; other problems go above the list
  useEffect(() => {
    setError(list.error ? placeFieldErrors(form, list.error, ['actor', 'action', 'subjectType', 'subjectId'], t).join('；') || null : null);
  }, [list.error, form, t]);

  const search = (values: FilterValues) => {
    const next = new URLSearchParams();
    for (const key of ['actor', 'action', 'subjectType', 'subjectId'] as const) if (values[key]?.trim()) next.set(key, values[key].trim());
    const [from, to] = values.period ?? [];
    if (from) next.set('from', from.startOf('minute').toISOString());
    if (to) next.set('to', to.endOf('minute').toISOString());
    if (size !== 50) next.set('size', String(size));
    setParams(next);
  };

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('admin.audit.sequence'), dataIndex: 'sequence', key: 'sequence', width: 80 },
    { title: t('admin.audit.at'), key: 'at', width: 150, render: (_, e) => formatDateTime(e.at, i18n.language) },
    { title: t('admin.audit.actor'), key: 'actor', width: 130, render: (_, e) => e.actor ?? t('admin.audit.system') },
    {
      title: t('admin.audit.action'), key: 'action', width: 200,
      render: (_, e) => (
        <span data-action={e.action}>
          {t(`admin.auditAction.${e.action.replace(/\./g, '_')}`, { defaultValue: e.action })}
          <div><Typography.Text type="secondary" className="admin-code">{e.action}</Typography.Text></div>
        </span>
      ),
    },
    { title: t('admin.audit.subject'), key: 'subject', render: (_, e) => (e.subjectType ? `${e.subjectType} ${e.subjectId ?? ''}` : '—') },
    { title: t('admin.audit.ip'), key: 'ip', width: 130, render: (_, e) => e.ip ?? '—' },
    { title: t('admin.actions'), key: 'open', width: 80, render: (_, e) => <Button type="link" size="small" onClick={() => setOpen(e)}>{t('admin.audit.details')}</Button> },
  ];

  return (
    <div className="admin-page">
      <Typography.Title level={3} className="admin-title">{t('admin.audit.title')}</Typography.Title>
      <ChainCheck total={page?.total ?? null} filtered={filterKey !== '|||||'} />
      <Form<FilterValues>
        form={form}
        layout="inline"
        className="admin-filters"
        onFinish={search}
      >
        <Form.Item name="actor" label={t('admin.audit.actor')}><Input allowClear className="audit-filter" /></Form.Item>
        <Form.Item name="action" label={t('admin.audit.action')} tooltip={t('admin.audit.actionHint')}><Input allowClear className="audit-filter" placeholder="user.create" /></Form.Item>
        <Form.Item name="subjectType" label={t('admin.audit.subjectType')}><Input allowClear className="audit-filter" placeholder="user" /></Form.Item>
        <Form.Item name="subjectId" label={t('admin.audit.subjectId')}><Input allowClear className="audit-filter" /></Form.Item>
        <Form.Item name="period" label={t('admin.audit.period')}><DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} /></Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">{t('filter.search')}</Button>
            <Button onClick={() => {
              form.resetFields();
              setParams(new URLSearchParams());
            }}>{t('filter.reset')}</Button>
          </Space>
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={t('list.loadFailed')} description={error} className="admin-alert" />}
      <Table<AuditEntry>
        rowKey="sequence"
        columns={columns}
        dataSource={page?.items ?? []}
        loading={loading}
        scroll={{ x: 900 }}
        size="middle"
        onRow={(entry) => ({ 'data-sequence': entry.sequence } as HTMLAttributes<HTMLElement>)}
        pagination={{
          current, pageSize: size, total: page?.total ?? 0, pageSizeOptions: PAGE_SIZES, showSizeChanger: true,
          showTotal: (total) => t('list.total', { count: total }),
          onChange: list.goTo,
        }}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} title={open ? t('admin.audit.entryTitle', { sequence: open.sequence }) : ''} width={Math.min(640, window.innerWidth)}>
        {open && (
          <>
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('admin.audit.at')}>{formatDateTime(open.at, i18n.language)}</Descriptions.Item>
              <Descriptions.Item label={t('admin.audit.actor')}>{open.actor ?? t('admin.audit.system')}</Descriptions.Item>
              <Descriptions.Item label={t('admin.audit.action')}>{open.action}</Descriptions.Item>
              <Descriptions.Item label={t('admin.audit.subject')}>{open.subjectType ? `${open.subjectType} ${open.subjectId ?? ''}` : '—'}</Descriptions.Item>
              <Descriptions.Item label={t('admin.audit.ip')}>{open.ip ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('admin.audit.requestId')}>{open.requestId ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('admin.audit.hash')}><span className="admin-code admin-hash">{`${open.algorithm} ${open.hash}`}</span></Descriptions.Item>
              <Descriptions.Item label={t('admin.audit.previousHash')}><span className="admin-code admin-hash">{open.previousHash}</span></Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} className="audit-details-title">{t('admin.audit.detailsJson')}</Typography.Title>
            <pre className="audit-json" data-testid="audit-details">{JSON.stringify(open.details, null, 2)}</pre>
          </>
        )}
      </Drawer>
    </div>
  );
}

/** The check of the whole hash chain: while it runs, how many entries it goes through; then intact, or broken at entry N. */
function ChainCheck({ total, filtered }: { total: number | null; filtered: boolean }) {
  const { t } = useTranslation();
  const [running, setRunning] = useState<{ started: number; elapsed: number } | null>(null);
  const [outcome, setOutcome] = useState<AuditVerification | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setRunning((r) => (r ? { ...r, elapsed: Date.now() - r.started } : r)), 250);
    return () => clearInterval(timer);
  }, [running]);

  const check = async () => {
    setOutcome(null);
    setFailure(null);
    setRunning({ started: Date.now(), elapsed: 0 });
    try {
      setOutcome(await verifyAudit());
    } catch (e) {
      setFailure(errorText(t, e));
    } finally {
      setRunning(null);
    }
  };

  return (
    <Card size="small" className="chain-check" data-testid="chain-check">
      <Space wrap align="center">
        <Button icon={<SafetyCertificateOutlined />} onClick={() => void check()} loading={!!running}>{t('admin.audit.verify')}</Button>
        <Typography.Text type="secondary">{t('admin.audit.verifyIntro')}</Typography.Text>
      </Space>
      {running && (
        <div className="chain-progress">
          <Progress percent={100} status="active" showInfo={false} />
          <Typography.Text>{total !== null && !filtered ? t('admin.audit.verifying', { count: total }) : t('admin.audit.verifyingAll')}{` ${(running.elapsed / 1000).toFixed(1)} s`}</Typography.Text>
        </div>
      )}
      {outcome?.ok && <Alert type="success" showIcon className="chain-outcome" data-chain="intact" message={t('admin.audit.intact', { count: outcome.checked })} />}
      {outcome && !outcome.ok && (
        <Alert
          type="error"
          showIcon
          className="chain-outcome"
          data-chain="broken"
          message={outcome.firstBroken ? t('admin.audit.broken', { sequence: outcome.firstBroken.sequence, checked: outcome.checked }) : t('admin.audit.brokenHead')}
          description={outcome.firstBroken ? `${t(`admin.audit.reason.${outcome.firstBroken.reason}`)}（${outcome.firstBroken.message}）` : undefined}
        />
      )}
      {failure && <Alert type="error" showIcon className="chain-outcome" message={failure} />}
    </Card>
  );
}
