import { DownloadOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, saveFile, type Query } from '../api';
import { exportCsv, type ExportName } from './supervision-api';

/**
 * Downloads a CSV export of the supervision API with the session's token and offers it as a file; while it runs the
 * button spins and a notice says so, then the file's name (or the server's objection) is shown.
 */
export function ExportButton({ name, query }: { name: ExportName; query: Query }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [running, setRunning] = useState(false);
  const key = `export-${name}`;

  const run = async () => {
    setRunning(true);
    void message.open({ key, type: 'loading', content: t('dashboard.export.running'), duration: 0 });
    try {
      const file = await exportCsv(name, query);
      saveFile(file.blob, file.fileName);
      void message.open({ key, type: 'success', content: t('dashboard.export.done', { file: file.fileName }) });
    } catch (error) {
      const text = error instanceof ApiError && error.code === 'NETWORK' ? t('error.network') : error instanceof Error ? error.message : String(error);
      void message.open({ key, type: 'error', content: t('dashboard.export.failed', { message: text }) });
    } finally {
      setRunning(false);
    }
  };

  return (
    <Button icon={<DownloadOutlined />} loading={running} onClick={() => void run()} data-export={name} aria-busy={running}>
      {t('dashboard.export.button')}
    </Button>
  );
}
