import { DeleteOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Popconfirm, Progress, Select, Space, Table, Typography, Upload, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { saveFile, type Page } from '../api';
import { formatDateTime } from '../format';
import { usePagedList } from '../use-paged-list';
import { addRecord, importRecords, importReportOf, listRecords, RECORD_TYPES, RECORDS_CSV_HEADER, removeRecord, type ImportProblem, type ImportReport, type ImportResult, type NewRecord, type RecordEntry, type RecordType } from './admin-api';
import { errorText, placeFieldErrors } from './admin-common';

const PAGE_SIZES = [10, 20, 50, 100];
/** The filter kept in the address (the person searched for is not). */
const RECORD_FILTERS = ['recordType'];

interface Filters {
  name?: string;
  residentId?: string;
  recordType?: RecordType;
}

/**
 * 不良记录库 (`/admin/records`, `records.manage`): the register of criminal and administrative records that permit and
 * certificate procedures screen guards against — found by name, resident ID number and kind; an entry added or
 * removed; and a CSV file imported (all rows or none) with the upload's progress, then the count imported or the
 * report of the bad rows. The template offers the header row the import expects. The search and the page are kept in
 * the address, so that going back or reloading finds the same entries.
 */
export function RecordsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  const recordTypeParam = params.get('recordType');
  // a person's name and resident ID stay out of the address (and so out of the browser's history and the links people share)
  const [person, setPerson] = useState<{ name?: string; residentId?: string }>({});
  const { name, residentId } = person;
  const recordType = RECORD_TYPES.find((r) => r === recordTypeParam);
  const list = usePagedList<Page<RecordEntry>>((query) => listRecords({ ...query, recordType }), { filters: RECORD_FILTERS, query: person, sizes: PAGE_SIZES, keep: true });
  const { page, current, size, loading, reload } = list;
  const error = list.error ? errorText(t, list.error) : null;
  const [adding, setAdding] = useState(false);

  // the form shows the search (the record type and page from the address: opened from a link, or back and forward)
  useEffect(() => {
    form.setFieldsValue({ name, residentId, recordType });
  }, [form, name, residentId, recordType]);

  /** Puts the record type and the page into the address, the person searched for into the page's state (the list follows). */
  const show = (filters: Filters, page: number, pageSize: number) => {
    const next = new URLSearchParams();
    setPerson({ ...(filters.name ? { name: filters.name } : {}), ...(filters.residentId ? { residentId: filters.residentId } : {}) });
    if (filters.recordType) next.set('recordType', filters.recordType);
    if (page > 1) next.set('page', String(page));
    if (pageSize !== 20) next.set('size', String(pageSize));
    setParams(next);
  };

  const remove = async (entry: RecordEntry) => {
    try {
      await removeRecord(entry.id);
      void message.success(t('admin.records.removed', { name: entry.name }));
      reload();
    } catch (e) {
      void message.error(errorText(t, e));
    }
  };

  const columns: TableColumnsType<RecordEntry> = [
    { title: t('admin.records.name'), dataIndex: 'name', key: 'name', width: 110 },
    { title: t('admin.records.residentId'), key: 'residentId', width: 190, render: (_, r) => r.residentId ?? '—' },
    { title: t('admin.records.recordType'), key: 'recordType', width: 150, render: (_, r) => t(`admin.recordType.${r.recordType}`) },
    { title: t('admin.records.occurredOn'), dataIndex: 'occurredOn', key: 'occurredOn', width: 110 },
    { title: t('admin.records.source'), dataIndex: 'source', key: 'source', width: 160 },
    { title: t('admin.records.note'), key: 'note', render: (_, r) => r.note ?? '—' },
    { title: t('admin.records.createdAt'), key: 'createdAt', width: 150, render: (_, r) => `${formatDateTime(r.createdAt, i18n.language)} ${r.createdBy}` },
    {
      title: t('admin.actions'), key: 'actions', width: 90,
      render: (_, r) => (
        <Popconfirm title={t('admin.records.confirmRemove', { name: r.name })} okText={t('admin.confirm')} cancelText={t('admin.cancel')} okButtonProps={{ danger: true }} onConfirm={() => void remove(r)}>
          <Button type="link" size="small" danger icon={<DeleteOutlined />}>{t('admin.records.remove')}</Button>
        </Popconfirm>
      ),
    },
  ];

  return (
    <div className="admin-page">
      <div className="admin-title-row">
        <Typography.Title level={3} className="admin-title">{t('admin.records.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>{t('admin.records.add')}</Button>
      </div>
      <Typography.Paragraph type="secondary">{t('admin.records.intro')}</Typography.Paragraph>
      <ImportCard onImported={() => reload()} />
      <Form<Filters> form={form} layout="inline" className="admin-filters" onFinish={(values) => {
        show({ name: values.name?.trim() || undefined, residentId: values.residentId?.trim() || undefined, recordType: values.recordType }, 1, size);
      }}>
        <Form.Item name="name" label={t('admin.records.name')}><Input allowClear /></Form.Item>
        <Form.Item name="residentId" label={t('admin.records.residentId')}><Input allowClear maxLength={18} /></Form.Item>
        <Form.Item name="recordType" label={t('admin.records.recordType')}>
          <Select allowClear className="record-type-filter" options={RECORD_TYPES.map((r) => ({ value: r, label: t(`admin.recordType.${r}`) }))} popupMatchSelectWidth={false} />
        </Form.Item>
        <Form.Item><Button htmlType="submit">{t('filter.search')}</Button></Form.Item>
      </Form>
      {error && <Alert type="error" showIcon message={t('list.loadFailed')} description={error} className="admin-alert" />}
      <Table<RecordEntry>
        rowKey="id"
        columns={columns}
        dataSource={page?.items ?? []}
        loading={loading}
        scroll={{ x: 1100 }}
        size="middle"
        pagination={{
          current, pageSize: size, total: page?.total ?? 0, pageSizeOptions: PAGE_SIZES, showSizeChanger: true,
          showTotal: (total) => t('list.total', { count: total }),
          onChange: (nextPage, nextSize) => show({ name, residentId, recordType }, nextSize === size ? nextPage : 1, nextSize),
        }}
      />
      {adding && <RecordDialog onClose={(added) => {
        setAdding(false);
        if (added) reload();
      }} />}
    </div>
  );
}

/** The import: the template, the file chosen, the upload's progress, then the outcome or the report of the bad rows. */
function ImportCard({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<{ file: string; result: ImportResult } | null>(null);
  const [report, setReport] = useState<{ file: string; report: ImportReport } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const upload = async (file: File) => {
    setResult(null);
    setReport(null);
    setFailure(null);
    setProgress(0);
    try {
      const outcome = await importRecords(file, (f) => setProgress(Math.round(f * 100)));
      setResult({ file: file.name, result: outcome });
      onImported();
    } catch (e) {
      const found = importReportOf(e);
      if (found) setReport({ file: file.name, report: found });
      else setFailure(errorText(t, e));
    } finally {
      setProgress(null);
    }
  };

  const template = () => {
    // the byte order mark makes spreadsheet programs read the file as UTF-8
    saveFile(new Blob([`\uFEFF${RECORDS_CSV_HEADER.join(',')}\r\n`], { type: 'text/csv;charset=utf-8' }), t('admin.records.templateFile'));
  };

  const problemColumns: TableColumnsType<ImportProblem> = [
    { title: t('admin.records.line'), dataIndex: 'line', key: 'line', width: 80 },
    { title: t('admin.records.column'), key: 'column', width: 140, render: (_, p) => p.column ?? '—' },
    { title: t('admin.records.reason'), dataIndex: 'message', key: 'message' },
  ];

  return (
    <Card title={t('admin.records.importTitle')} className="import-card" size="small">
      <Typography.Paragraph type="secondary">{t('admin.records.importIntro', { header: RECORDS_CSV_HEADER.join(',') })}</Typography.Paragraph>
      <Space wrap>
        <Upload accept=".csv,text/csv" showUploadList={false} beforeUpload={(file) => {
          void upload(file);
          return false;
        }} disabled={progress !== null}>
          <Button type="primary" icon={<UploadOutlined />} loading={progress !== null}>{t('admin.records.chooseFile')}</Button>
        </Upload>
        <Button icon={<DownloadOutlined />} onClick={template} data-testid="records-template">{t('admin.records.template')}</Button>
      </Space>
      {progress !== null && <Progress percent={progress} status="active" className="import-progress" aria-label={t('admin.records.uploading')} />}
      {result && (
        <Alert type="success" showIcon className="import-outcome" data-testid="import-result"
          message={t('admin.records.imported', { file: result.file, imported: result.result.imported, skipped: result.result.skipped })} />
      )}
      {failure && <Alert type="error" showIcon className="import-outcome" message={failure} />}
      {report && (
        <div className="import-outcome" data-testid="import-report">
          <Alert type="error" showIcon message={t('admin.records.refused', { file: report.file, count: report.report.errorCount })} description={t('admin.records.refusedHint')} />
          <Table<ImportProblem>
            rowKey={(p) => `${p.line}/${p.column ?? ''}/${p.message}`}
            columns={problemColumns}
            dataSource={report.report.errors}
            size="small"
            pagination={report.report.errors.length > 20 ? { pageSize: 20 } : false}
            className="import-problems"
          />
          {report.report.errorCount > report.report.errors.length && (
            <Typography.Text type="secondary">{t('admin.records.moreProblems', { shown: report.report.errors.length, count: report.report.errorCount })}</Typography.Text>
          )}
        </div>
      )}
    </Card>
  );
}

interface RecordValues {
  residentId?: string;
  name: string;
  recordType: RecordType;
  occurredOn: Dayjs;
  note?: string;
  source: string;
}

/** Adds one entry to the register, with the server's objections beside the fields. */
function RecordDialog({ onClose }: { onClose: (added: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RecordValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (values: RecordValues) => {
    setBusy(true);
    setProblem(null);
    try {
      const body: NewRecord = {
        name: values.name.trim(), recordType: values.recordType, occurredOn: values.occurredOn.format('YYYY-MM-DD'), source: values.source.trim(),
        ...(values.residentId?.trim() ? { residentId: values.residentId.trim() } : {}),
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      };
      await addRecord(body);
      void message.success(t('admin.records.added', { name: body.name }));
      onClose(true);
    } catch (e) {
      const rest = placeFieldErrors(form, e, ['residentId', 'name', 'recordType', 'occurredOn', 'note', 'source'], t);
      if (rest.length) setProblem(rest.join('；'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('admin.records.addTitle')} onCancel={() => onClose(false)} onOk={() => form.submit()} okText={t('admin.save')} cancelText={t('admin.cancel')} confirmLoading={busy} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} className="admin-alert" />}
      <Form<RecordValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ source: t('admin.records.defaultSource') }}>
        <Form.Item name="name" label={t('admin.records.name')} rules={[{ required: true, whitespace: true, message: t('admin.records.nameRequired') }, { max: 64 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="residentId" label={t('admin.records.residentIdOptional')} rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('admin.records.residentIdInvalid') }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="recordType" label={t('admin.records.recordType')} rules={[{ required: true, message: t('admin.records.recordTypeRequired') }]}>
          <Select options={RECORD_TYPES.map((r) => ({ value: r, label: t(`admin.recordType.${r}`) }))} />
        </Form.Item>
        <Form.Item name="occurredOn" label={t('admin.records.occurredOn')} rules={[{ required: true, message: t('admin.records.occurredOnRequired') }]}>
          <DatePicker className="admin-date" />
        </Form.Item>
        <Form.Item name="source" label={t('admin.records.source')} extra={t('admin.records.sourceHint')} rules={[{ required: true, whitespace: true, message: t('admin.records.sourceRequired') }, { max: 128 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="note" label={t('admin.records.noteOptional')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
