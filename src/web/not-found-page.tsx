import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** A path the application does not know. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      extra={
        <Link to="/todo">
          <Button type="primary">{t('notFound.back')}</Button>
        </Link>
      }
    />
  );
}
