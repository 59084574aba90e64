import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Grid, List, Select, Space, Table, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatDateTime } from '../format';
import { listApplications, type ApplicationStatus, type ApplicationSummary } from './company-api';
import { ClockLine, StatusTag } from './status';
import './company.css';
import { problemText } from '../api';

const PAGE_SIZE = 20;
const STATUSES: ApplicationStatus[] = ['draft', 'submitted', 'correction-requested', 'accepted', 'on-site-check', 'under-review', 'eligible', 'granted', 'registered', 'recorded', 'refused', 'not-accepted', 'withdrawn', 'lapsed', 'revoked'];

/**
 * `/company/applications` (我的申请): the company's applications and filings, newest first, with their status and
 * the clock running now; a table on a wide screen, cards on a phone.
 */
export function ApplicationListPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const status = params.get('status') ?? undefined;
  const [items, setItems] = useState<ApplicationSummary[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(() => {
    setLoading(true);
    setError(null);
    listApplications((page - 1) * PAGE_SIZE, PAGE_SIZE, status).then(
      (answer) => {
        setItems(answer.items);
        setTotal(answer.total);
      },
      (e: unknown) => setError(problemText(e, t)),
    ).finally(() => setLoading(false));
  }, [page, status]);
  useEffect(load, [load]);

  const open = (a: ApplicationSummary) => void navigate(`/company/applications/${a.id}`);
  const setQuery = (next: { page?: number; status?: string | undefined }) => {
    const query = new URLSearchParams();
    const s = 'status' in next ? next.status : status;
    if (s) query.set('status', s);
    if (next.page && next.page > 1) query.set('page', String(next.page));
    setParams(query);
  };

  return (
    <div className="company-page">
      <div className="company-page-header">
        <Typography.Title level={4}>{t('company.myApplications')}</Typography.Title>
        <Space wrap>
          <Select allowClear placeholder={t('company.allStatuses')} value={status} style={{ minWidth: 140 }} aria-label={t('company.status')}
            options={STATUSES.map((s) => ({ value: s, label: t(`company.statuses.${s}`) }))} onChange={(v?: string) => setQuery({ status: v, page: 1 })} />
          <Button icon={<ReloadOutlined />} onClick={load} aria-label={t('company.refresh')} />
          <Link to="/company/applications/new">
            <Button type="primary" icon={<PlusOutlined />}>{t('company.newApplication')}</Button>
          </Link>
        </Space>
      </div>
      {error && <Alert type="error" showIcon message={error} className="company-alert" />}
      {phone ? (
        <List<ApplicationSummary>
          loading={loading}
          dataSource={items ?? []}
          locale={{ emptyText: <Empty description={t('company.noApplications')} /> }}
          pagination={total > PAGE_SIZE ? { current: page, pageSize: PAGE_SIZE, total, simple: true, onChange: (p) => setQuery({ page: p }) } : false}
          renderItem={(a) => (
            <Card className="list-card clickable company-card" data-application={a.id} onClick={() => open(a)}>
              <div className="list-card-title">{a.title}</div>
              <div className="list-card-row">{a.procedureName}</div>
              <div className="list-card-row">{a.number ?? t('company.notNumbered')} · {formatDateTime(a.submittedAt ?? a.createdAt, i18n.language)}</div>
              <Space wrap size={4} className="company-card-status">
                <StatusTag status={a.status} />
                <ClockLine clock={a.clock} />
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table<ApplicationSummary>
          rowKey="id"
          loading={loading}
          dataSource={items ?? []}
          locale={{ emptyText: <Empty description={t('company.noApplications')} /> }}
          rowClassName={() => 'clickable'}
          onRow={(a) => ({ onClick: () => open(a), 'data-application': a.id } as React.HTMLAttributes<HTMLTableRowElement>)}
          pagination={{ current: page, pageSize: PAGE_SIZE, total, showSizeChanger: false, hideOnSinglePage: true, onChange: (p) => setQuery({ page: p }) }}
          columns={[
            { title: t('company.applicationNumber'), dataIndex: 'number', render: (n: string | null) => n ?? <Typography.Text type="secondary">{t('company.notNumbered')}</Typography.Text> },
            { title: t('company.procedure'), dataIndex: 'procedureName' },
            { title: t('company.applicationTitle'), dataIndex: 'title' },
            { title: t('company.status'), dataIndex: 'status', render: (s: ApplicationStatus) => <StatusTag status={s} /> },
            { title: t('company.clock'), key: 'clock', render: (_, a) => <ClockLine clock={a.clock} /> },
            { title: t('company.date'), key: 'date', render: (_, a) => formatDateTime(a.submittedAt ?? a.createdAt, i18n.language) },
          ]}
        />
      )}
    </div>
  );
}
