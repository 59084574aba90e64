import { App, Alert, Button, Card, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get, problemText } from '../api';
import { formatDateTime } from '../format';
import { caseFilePath } from '../officer/officer-api';
import { useAccess } from '../use-access';
import { placeName, useRegions } from '../use-regions';
import type { TipRow, TipStatus } from './desk-api';
import { usePagedList, type OffsetPage } from '../use-paged-list';
import './desk.css';

const STATUSES: TipStatus[] = ['received', 'verifying', 'closed', 'transferred'];
/** The list's filter kept in the address. */
const STATUS_FILTER = ['status'];
const STATUS_COLOURS: Record<TipStatus, string> = { received: 'blue', verifying: 'processing', closed: 'success', transferred: 'default' };

/**
 * `/desk/tips` (举报线索): the tips of the officer's jurisdiction, newest first, by status, without the complainant;
 * a row opens the tip's case file. Intake officers register a tip received by phone or at the window from here.
 */
export function TipsDeskPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const access = useAccess();
  const { regions } = useRegions();
  const list = usePagedList<OffsetPage<TipRow>>('/api/tips', { filters: STATUS_FILTER });

  const open = async (tip: TipRow) => {
    try {
      const detail = await get<{ processInstanceId: string | null }>(`/api/tips/${tip.id}`);
      if (detail.processInstanceId) void navigate(caseFilePath(detail.processInstanceId));
      else void message.info(t('desk.tips.noProcedure'));
    } catch (e) {
      void message.error(problemText(e, t));
    }
  };

  const columns: TableColumnsType<TipRow> = [
    { key: 'code', title: t('desk.tips.code'), dataIndex: 'trackingCode', render: (code: string, tip) => <a onClick={() => void open(tip)} data-tip={code}>{code}</a> },
    { key: 'category', title: t('desk.tips.category'), dataIndex: 'category', render: (c: string) => t(`tipCategory.${c}`) },
    { key: 'subject', title: t('desk.tips.subject'), dataIndex: 'subjectName' },
    { key: 'region', title: t('desk.tips.region'), dataIndex: 'regionCode', render: (code: string) => placeName(regions, code) },
    { key: 'channel', title: t('desk.tips.channel'), dataIndex: 'channel', render: (c: string) => t(`desk.channel.${c}`) },
    { key: 'status', title: t('desk.tips.status'), dataIndex: 'status', render: (s: TipStatus) => <Tag color={STATUS_COLOURS[s]}>{t(`desk.tipStatus.${s}`)}</Tag> },
    { key: 'outcome', title: t('desk.tips.outcome'), dataIndex: 'outcome', render: (o: string | null) => (o ? t(`tipOutcome.${o}`) : '—') },
    { key: 'created', title: t('desk.tips.received'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at, i18n.language) },
    { key: 'closed', title: t('desk.tips.closed'), dataIndex: 'closedAt', render: (at: string | null) => formatDateTime(at, i18n.language) },
  ];

  return (
    <Card title={t('desk.tips.title')} className="desk-page" data-page="desk-tips"
      extra={access?.permissions.has('tip.intake') && <Link to="/desk/tips/new"><Button type="primary">{t('desk.tips.register')}</Button></Link>}>
      <Space wrap className="desk-filters">
        <Typography.Text>{t('desk.tips.status')}</Typography.Text>
        <Select allowClear placeholder={t('desk.all')} style={{ minWidth: 140 }} value={list.filters['status']} aria-label={t('desk.tips.status')}
          options={STATUSES.map((s) => ({ value: s, label: t(`desk.tipStatus.${s}`) }))} onChange={(status?: string) => list.filter({ status })} />
      </Space>
      {list.error !== null && <Alert type="error" showIcon message={t('desk.loadFailed')} description={problemText(list.error, t)} action={<Button onClick={list.reload}>{t('desk.retry')}</Button>} />}
      <Table<TipRow> rowKey="id" size="middle" columns={columns} dataSource={list.page?.items ?? []} loading={list.loading} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('desk.empty') }}
        pagination={{ current: list.current, pageSize: list.size, total: list.page?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('desk.total', { count: total }), onChange: list.goTo }} />
      <Typography.Paragraph type="secondary" className="desk-note">{t('desk.tips.privacy')}</Typography.Paragraph>
    </Card>
  );
}
