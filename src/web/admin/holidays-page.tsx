import { EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../format';
import { usePeopleNames } from '../use-people-names';
import { holidayCalendar, type HolidaySource, type HolidayYearSummary } from './admin-api';
import { useLoaded } from './admin-common';

/** The colour of each source's tag: the bundled package plain, the operator's file blue, entered here green. */
export const SOURCE_COLOURS: Record<HolidaySource, string> = { bundled: 'default', file: 'blue', entered: 'green' };

/**
 * 节假日安排 (`/admin/holidays`, `calendar.manage`): the years the working-day calendar covers, each with where its
 * arrangement comes from (内置, 配置文件, 系统录入), its days off and adjusted working days, the State Council notice
 * it follows and who entered it; a warning names the current or next year not covered yet and the procedures stopped
 * until it is entered. Each year opens in the editor (`/admin/holidays/:year`), and so does a year to enter.
 */
export function HolidaysPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const calendar = useLoaded(holidayCalendar);
  const overview = calendar.value;
  const years = useMemo(() => [...(overview?.years ?? [])].sort((a, b) => b.year - a.year), [overview]);
  const nameOf = usePeopleNames(years.map((y) => y.updatedBy));
  const missing = overview?.missing ?? [];
  // the year after the last one covered, offered when no year is missing (an arrangement published early)
  const nextYear = overview ? Math.max(overview.currentYear, ...years.map((y) => y.year)) + 1 : null;
  const open = (year: number) => void navigate(`/admin/holidays/${year}`);

  const columns: TableColumnsType<HolidayYearSummary> = [
    { title: t('admin.holidays.year'), key: 'year', width: 90, render: (_, y) => t('admin.holidays.yearValue', { year: y.year }) },
    { title: t('admin.holidays.source'), key: 'source', width: 100, render: (_, y) => <Tag color={SOURCE_COLOURS[y.source]} data-source={y.source}>{t(`admin.holidays.sources.${y.source}`)}</Tag> },
    { title: t('admin.holidays.holidayCount'), dataIndex: 'holidays', key: 'holidays', width: 100, align: 'right' },
    { title: t('admin.holidays.workdayCount'), dataIndex: 'workdays', key: 'workdays', width: 120, align: 'right' },
    { title: t('admin.holidays.basis'), key: 'basis', render: (_, y) => y.basis ?? '—' },
    { title: t('admin.holidays.updatedBy'), key: 'updatedBy', width: 120, render: (_, y) => (y.updatedBy ? nameOf(y.updatedBy) : '—') },
    { title: t('admin.holidays.updatedAt'), key: 'updatedAt', width: 150, render: (_, y) => formatDateTime(y.updatedAt, i18n.language) },
    {
      title: t('admin.actions'), key: 'open', width: 110,
      render: (_, y) => <Button type="link" size="small" icon={<EditOutlined />} onClick={() => open(y.year)}>{t('admin.holidays.open')}</Button>,
    },
  ];

  return (
    <div className="admin-page">
      <div className="admin-title-row">
        <Typography.Title level={3} className="admin-title">{t('admin.holidays.title')}</Typography.Title>
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => calendar.reload()}>{t('admin.refresh')}</Button>
          {nextYear !== null && missing.length === 0 && (
            <Button icon={<PlusOutlined />} onClick={() => open(nextYear)}>{t('admin.holidays.enterYear', { year: nextYear })}</Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('admin.holidays.intro')}</Typography.Paragraph>
      {overview && missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-missing={missing.join(',')}
          message={t(overview.waiting > 0 ? 'admin.holidays.missing' : 'admin.holidays.missingNoneWaiting', { years: missing.join(t('admin.holidays.yearSeparator')), count: overview.waiting })}
          action={(
            <Space direction="vertical">
              {missing.map((year) => (
                <Button key={year} type="primary" size="small" icon={<PlusOutlined />} onClick={() => open(year)}>{t('admin.holidays.enterYear', { year })}</Button>
              ))}
            </Space>
          )}
        />
      )}
      {calendar.error && <Alert type="error" showIcon message={t('list.loadFailed')} description={calendar.error} className="admin-alert" />}
      <Table<HolidayYearSummary>
        rowKey="year"
        columns={columns}
        dataSource={years}
        loading={calendar.loading}
        scroll={{ x: 960 }}
        size="middle"
        pagination={years.length > 20 ? { pageSize: 20 } : false}
      />
    </div>
  );
}
