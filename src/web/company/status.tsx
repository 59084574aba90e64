import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ClockTag } from '../clock-tag';
import { formatDateTime } from '../format';
import type { ApplicationClock, ApplicationStatus } from './company-api';

const STATUS_COLOURS: Record<ApplicationStatus, string> = {
  draft: 'default', submitted: 'processing', 'correction-requested': 'warning', accepted: 'processing', 'not-accepted': 'error',
  'under-review': 'processing', 'on-site-check': 'processing', eligible: 'processing', granted: 'success', refused: 'error',
  recorded: 'success', withdrawn: 'default', lapsed: 'default', registered: 'success', revoked: 'error',
};

/** The status of an application as a coloured tag. */
export function StatusTag({ status }: { status: ApplicationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} data-status={status}>
      {t(`company.statuses.${status}`)}
    </Tag>
  );
}

/** A clock: its colour, what is left (e.g. 剩余 3 个工作日) and its last day; paused and stopped clocks say so. */
export function ClockLine({ clock, showRule = false }: { clock: ApplicationClock | null; showRule?: boolean }) {
  const { t, i18n } = useTranslation();
  if (!clock) return <Typography.Text type="secondary">{t('company.noClock')}</Typography.Text>;
  const left = clock.overdue
    ? t('company.overdueBy', { count: Math.abs(clock.remaining), unit: t(`company.units.${clock.unit}`, { count: Math.abs(clock.remaining) }) })
    : t('company.remaining', { count: clock.remaining, unit: t(`company.units.${clock.unit}`, { count: clock.remaining }) });
  return (
    <Space size={4} wrap className="company-clock" data-clock={clock.name} data-remaining={clock.remaining} data-unit={clock.unit}>
      {showRule && <Typography.Text strong>{clock.ruleName}</Typography.Text>}
      <ClockTag colour={clock.status === 'stopped' ? null : clock.colour} overdue={clock.overdue && clock.status !== 'stopped'} />
      {clock.status === 'stopped' ? (
        <Typography.Text type="secondary">{t('company.clockStopped', { at: formatDateTime(clock.stoppedAt, i18n.language) })}</Typography.Text>
      ) : (
        <>
          <Typography.Text className="company-remaining">{left}</Typography.Text>
          {clock.status === 'paused' && <Tag>{t('company.clockPaused')}</Tag>}
          <Typography.Text type="secondary">{t('company.dueAt', { at: formatDateTime(clock.dueAt, i18n.language) })}</Typography.Text>
        </>
      )}
    </Space>
  );
}
