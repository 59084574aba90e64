import { PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, Progress, Typography, Upload } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldIssues, problemText, trackTip, type TipTracking } from '../api';
import { formatDateTime } from '../format';
import { formatSize, uploadWithProgress } from './officer-api';
import './officer.css';

/** A file the complainant attached to a tip, as the tracking answer lists it. */
export interface TipAttachment {
  id: string;
  fileName: string;
  mediaType: string;
  size: number;
  at: string;
}

/** The largest file the server takes (`MAX_ATTACHMENT_BYTES` of the tip routes). */
const MAX_BYTES = 20 * 1024 * 1024;

/**
 * The complainant's photos and PDFs of a tip (举报材料), on the public portal without an account: the list of files
 * attached, and while the tip is open the upload of another one (with its progress and the server's objections: too
 * large, not a PDF/JPEG/PNG/OFD, tip closed). The secret travels in the `X-Tip-Secret` header only.
 */
export function TipAttachments({ code, secret, open, onUploaded }: { code: string; secret: string; open: boolean; onUploaded?: () => void }) {
  const { t, i18n } = useTranslation();
  const [items, setItems] = useState<TipAttachment[] | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(() => {
    trackTip(code, secret).then(
      (tracking: TipTracking) => setItems((tracking as TipTracking & { attachments?: TipAttachment[] }).attachments ?? []),
      () => setItems([]),
    );
  }, [code, secret]);
  useEffect(load, [load]);

  const upload = async (file: File) => {
    setProblem(null);
    setDone(null);
    if (file.size > MAX_BYTES) {
      setProblem(t('tipFiles.tooLarge', { name: file.name }));
      return;
    }
    const form = new FormData();
    form.set('file', file, file.name);
    setProgress(0);
    try {
      await uploadWithProgress(`/api/public/tips/${encodeURIComponent(code)}/attachments`, form, setProgress, { secret });
      setDone(t('tipFiles.uploaded', { name: file.name }));
      load();
      onUploaded?.();
    } catch (e) {
      const issue = fieldIssues(e)[0];
      setProblem(issue ? t('tipFiles.refused', { name: file.name, reason: issue.message })
        : e instanceof ApiError && e.status === 413 ? t('tipFiles.tooLarge', { name: file.name })
          : e instanceof ApiError && e.status === 409 ? t('tipFiles.closed')
            : problemText(e, t));
    } finally {
      setProgress(null);
    }
  };

  return (
    <Card className="public-card tip-attachments" title={t('tipFiles.title')}>
      {items === null ? null : items.length === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tipFiles.none')} /> : (
        <List size="small" dataSource={items} renderItem={(a) => (
          <List.Item data-attachment={a.fileName}>
            <Typography.Text><PaperClipOutlined /> {a.fileName}</Typography.Text>
            <Typography.Text type="secondary">{formatSize(a.size)} · {formatDateTime(a.at, i18n.language)}</Typography.Text>
          </List.Item>
        )} />
      )}
      {open && (
        <div style={{ marginTop: 12 }}>
          <Upload accept=".pdf,.jpg,.jpeg,.png,.ofd,image/*,application/pdf" showUploadList={false} disabled={progress !== null}
            beforeUpload={(file) => { void upload(file); return false; }}>
            <Button icon={<UploadOutlined />} size="large" block loading={progress !== null} data-action="attach">{t('tipFiles.add')}</Button>
          </Upload>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('tipFiles.hint')}</Typography.Paragraph>
          {progress !== null && <Progress percent={progress} className="upload-progress" />}
          {problem && <Alert type="error" showIcon message={problem} role="alert" className="tip-attachment-error" />}
          {done && <Alert type="success" showIcon message={done} />}
        </div>
      )}
    </Card>
  );
}
