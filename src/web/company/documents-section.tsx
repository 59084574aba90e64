import { DeleteOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, List, Popconfirm, Progress, Space, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, download, fieldIssues, problemText, saveFile } from '../api';
import { formatDateTime } from '../format';
import { removeDocument, uploadDocument, type ApplicationDetail, type ApplicationDocument } from './company-api';

/** The file types the server accepts (it reads the content, not the name). */
const ACCEPT = '.pdf,.jpg,.jpeg,.png,.ofd,application/pdf,image/jpeg,image/png';

/** A file's size for people: 12.3 KB, 4.5 MB. */
function sizeOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The procedure's checklist of documents with what was uploaded for each item: upload (with progress) and remove
 * while the application is a draft or under correction (documents of an earlier round stay), download always.
 */
export function DocumentsSection({ application, editable, onChanged }: { application: ApplicationDetail; editable: boolean; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const round = application.history.filter((h) => h.status === 'correction-requested').length;
  const current = application.status === 'correction-requested' ? round : 0;
  const missing = application.checklist.filter((i) => i.required && !i.supplied).length;

  const fetchDocument = async (doc: ApplicationDocument) => {
    try {
      const { blob, fileName } = await download(`/api/applications/${application.id}/documents/${doc.id}`);
      saveFile(blob, fileName ?? doc.fileName);
    } catch (e) {
      void message.error(problemText(e, t));
    }
  };

  return (
    <Card title={t('company.documents')} className="company-section company-documents"
      extra={<Typography.Text type={missing ? 'warning' : 'success'} data-missing={missing}>{missing ? t('company.missingCount', { count: missing }) : t('company.allSupplied')}</Typography.Text>}>
      {editable && <Typography.Paragraph type="secondary">{t('company.uploadHint')}</Typography.Paragraph>}
      <List
        dataSource={application.checklist.filter((item) => item.required || application.documents.some((d) => d.kind === item.kind))}
        renderItem={(item) => (
          <List.Item className="company-checklist-item" data-kind={item.kind} data-supplied={item.supplied}>
            <div className="company-checklist-body">
              <Space wrap size={4}>
                <Typography.Text strong>{item.label}</Typography.Text>
                {item.required && <Tag color={item.supplied ? 'green' : 'orange'}>{item.supplied ? t('company.supplied') : t('company.required')}</Tag>}
              </Space>
              {application.documents.filter((d) => d.kind === item.kind).map((doc) => (
                <div key={doc.id} className="company-file" data-document={doc.id}>
                  <Typography.Text ellipsis className="company-file-name">{doc.fileName}</Typography.Text>
                  <Typography.Text type="secondary" className="company-file-meta">
                    {sizeOf(doc.size)} · {formatDateTime(doc.uploadedAt, i18n.language)}{doc.round > 0 ? ` · ${t('company.correctionRound', { round: doc.round })}` : ''}
                  </Typography.Text>
                  <Space size={0}>
                    <Button type="link" size="small" icon={<DownloadOutlined />} onClick={() => void fetchDocument(doc)} aria-label={t('company.downloadFile', { name: doc.fileName })} />
                    {editable && doc.round >= current && (
                      <Popconfirm title={t('company.removeConfirm', { name: doc.fileName })} okText={t('company.remove')} cancelText={t('company.cancel')}
                        onConfirm={() => void removeDocument(application.id, doc.id).then(onChanged, (e: unknown) => void message.error(problemText(e, t)))}>
                        <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('company.removeFile', { name: doc.fileName })} />
                      </Popconfirm>
                    )}
                  </Space>
                </div>
              ))}
              {editable && <Uploader applicationId={application.id} kind={item.kind} label={item.label} onUploaded={onChanged} />}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The upload button of one checklist item: progress while sending, the server's objection (type, size) beside it. */
function Uploader({ applicationId, kind, label, onUploaded }: { applicationId: string; kind: string; label: string; onUploaded: () => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const send = async (file: File) => {
    setError(null);
    setProgress(0);
    try {
      await uploadDocument(applicationId, kind, file, setProgress);
      onUploaded();
    } catch (e) {
      const issues = fieldIssues(e);
      setError(issues.length ? issues.map((i) => i.message).join('；')
        : e instanceof ApiError && e.status === 413 ? t('company.fileTooLarge', { message: e.message })
          : e instanceof ApiError && e.status === 415 ? t('company.fileType', { message: e.message })
            : e instanceof ApiError && e.status === 0 ? t('error.network') : problemText(e, t));
    } finally {
      setProgress(null);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <div className="company-uploader">
      <input ref={input} type="file" accept={ACCEPT} hidden data-upload={kind} aria-label={t('company.uploadFor', { label })}
        onChange={(e) => { const file = e.target.files?.[0]; if (file) void send(file); }} />
      <Button size="small" icon={<UploadOutlined />} loading={progress !== null} onClick={() => input.current?.click()}>
        {t('company.upload')}
      </Button>
      {progress !== null && <Progress percent={progress} size="small" className="company-progress" />}
      {error && <Alert type="error" showIcon message={error} className="company-upload-error" role="alert" />}
    </div>
  );
}
