import { Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Colour } from './api';

const TAG_COLOURS: Record<Colour, string> = { normal: 'green', blue: 'blue', yellow: 'gold', red: 'red' };

/** The clock colour of a procedure as a coloured tag (正常 / 蓝灯 / 黄灯 / 红灯), and an overdue mark. */
export function ClockTag({ colour, overdue = false }: { colour: Colour | null; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      {colour ? (
        <Tag color={TAG_COLOURS[colour]} data-colour={colour}>
          {t(`colour.${colour}`)}
        </Tag>
      ) : (
        <Tag data-colour="none">{t('colour.none')}</Tag>
      )}
      {overdue && (
        <Tag color="error" data-overdue="true">
          {t('overdue')}
        </Tag>
      )}
    </Space>
  );
}
