import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Clock } from '../api';
import { ClockTag } from '../clock-tag';
import { formatDateTime } from '../format';

/** One statutory clock: its rule, colour, what remains (or how late it is), paused or stopped, and when it falls due. */
export function ClockLine({ clock }: { clock: Clock }) {
  const { t, i18n } = useTranslation();
  const amount = Math.abs(clock.remaining);
  const unit = t(`unit.${clock.unit}`);
  return (
    <Space size={4} wrap className="clock-line" data-clock={clock.name} data-status={clock.status}>
      <Typography.Text>{clock.ruleName}</Typography.Text>
      <ClockTag colour={clock.colour} overdue={clock.overdue} />
      <Typography.Text type="secondary">
        {clock.status !== 'running' ? t(`clock.${clock.status}`) : clock.overdue ? t('clock.late', { amount, unit }) : t('clock.remaining', { amount, unit })}
        {' · '}{t('clock.due', { at: formatDateTime(clock.dueAt, i18n.language) })}
      </Typography.Text>
    </Space>
  );
}
