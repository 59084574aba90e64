import { DiffOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatDateTime } from '../format';
import { listProcessModels, setSuspended, type ProcessModelSummary, type ProcessVersion } from './process-models-api';
import './manager.css';
import { problemText } from '../api';

/**
 * 流程管理 (`/manager/procedures`): every procedure with its versions (number, deployment time, running cases,
 * suspended or active); a manager suspends or activates a version, opens the modeler, or compares two versions.
 */
export function ProceduresPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const [models, setModels] = useState<ProcessModelSummary[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [comparing, setComparing] = useState<ProcessModelSummary | null>(null);

  const load = useCallback(async () => {
    setFailure(null);
    try {
      setModels(await listProcessModels());
    } catch (error) {
      setFailure(problemText(error, t));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const toggle = (model: ProcessModelSummary, version: ProcessVersion) => {
    const suspending = !version.suspended;
    modal.confirm({
      title: t(suspending ? 'modeler.procedures.suspendTitle' : 'modeler.procedures.activateTitle', { name: model.name ?? model.key, version: version.version }),
      content: t(suspending ? 'modeler.procedures.suspendNotice' : 'modeler.procedures.activateNotice', { count: version.runningInstances }),
      okText: t(suspending ? 'modeler.procedures.suspend' : 'modeler.procedures.activate'),
      okButtonProps: { danger: suspending },
      cancelText: t('modeler.cancel'),
      onOk: async () => {
        try {
          await setSuspended(model.key, version.version, suspending);
          message.success(t(suspending ? 'modeler.procedures.suspended' : 'modeler.procedures.activated', { version: version.version }));
          await load();
        } catch (error) {
          message.error(problemText(error, t));
        }
      },
    });
  };

  const versionColumns = (model: ProcessModelSummary): ColumnsType<ProcessVersion> => [
    { title: t('modeler.procedures.version'), dataIndex: 'version', width: 90, render: (v: number) => <Typography.Text strong>{t('modeler.versionLabel', { version: v })}</Typography.Text> },
    { title: t('modeler.procedures.deployedAt'), key: 'deployedAt', render: (_, v) => (v.deployment ? formatDateTime(v.deployment.deployedAt, i18n.language) : '—') },
    { title: t('modeler.procedures.deployment'), key: 'deployment', render: (_, v) => v.deployment?.name ?? '—' },
    { title: t('modeler.procedures.running'), dataIndex: 'runningInstances', width: 120, align: 'right' },
    {
      title: t('modeler.procedures.state'), key: 'state', width: 110,
      render: (_, v) => (v.suspended ? <Tag color="orange" data-state="suspended">{t('modeler.procedures.stateSuspended')}</Tag> : <Tag color="green" data-state="active">{t('modeler.procedures.stateActive')}</Tag>),
    },
    {
      title: t('modeler.procedures.actions'), key: 'actions', width: 240,
      render: (_, v) => (
        <Space size="small" wrap>
          <Button size="small" danger={!v.suspended} data-action={v.suspended ? 'activate' : 'suspend'} onClick={() => toggle(model, v)}>
            {t(v.suspended ? 'modeler.procedures.activate' : 'modeler.procedures.suspend')}
          </Button>
          {v.version > 1 && (
            <Link to={`/manager/procedures/${encodeURIComponent(model.key)}/diff?from=${v.version - 1}&to=${v.version}`} data-action="diff-previous">
              {t('modeler.procedures.diffPrevious')}
            </Link>
          )}
        </Space>
      ),
    },
  ];

  const columns: ColumnsType<ProcessModelSummary> = [
    {
      title: t('modeler.procedures.name'), key: 'name',
      render: (_, m) => (
        <Space direction="vertical" size={0}>
          <Typography.Text strong>{m.name ?? m.key}</Typography.Text>
          <Typography.Text type="secondary" className="modeler-key">{m.key}</Typography.Text>
        </Space>
      ),
    },
    { title: t('modeler.procedures.latest'), dataIndex: 'latestVersion', width: 110, render: (v: number) => t('modeler.versionLabel', { version: v }) },
    { title: t('modeler.procedures.versions'), key: 'count', width: 100, render: (_, m) => m.versions.length },
    { title: t('modeler.procedures.running'), key: 'running', width: 120, align: 'right', render: (_, m) => m.versions.reduce((sum, v) => sum + v.runningInstances, 0) },
    {
      title: t('modeler.procedures.actions'), key: 'actions', width: 230,
      render: (_, m) => (
        <Space size="small">
          <Button size="small" type="primary" icon={<EditOutlined />} data-action="edit" onClick={() => void navigate(`/manager/procedures/${encodeURIComponent(m.key)}/edit`)}>
            {t('modeler.procedures.edit')}
          </Button>
          <Button size="small" icon={<DiffOutlined />} data-action="compare" disabled={m.versions.length < 2} onClick={() => setComparing(m)}>
            {t('modeler.procedures.compare')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Card
      className="procedures-page"
      title={t('modeler.procedures.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void load()}>{t('modeler.procedures.refresh')}</Button>
          <Button type="primary" icon={<PlusOutlined />} data-action="new" onClick={() => void navigate('/manager/procedures/new')}>{t('modeler.procedures.new')}</Button>
        </Space>
      }
    >
      {failure && <Alert type="error" showIcon message={t('modeler.loadFailed')} description={failure} className="modeler-alert" />}
      <Table<ProcessModelSummary>
        rowKey="key"
        loading={!models && !failure}
        dataSource={models ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 760 }}
        expandable={{
          expandedRowRender: (m) => (
            <div className="procedure-versions" data-procedure={m.key}>
              <Table<ProcessVersion> rowKey="version" size="small" dataSource={m.versions} columns={versionColumns(m)} pagination={false} />
            </div>
          ),
        }}
      />
      {comparing && <CompareModal model={comparing} onClose={() => setComparing(null)} />}
    </Card>
  );
}

/** Picks the two versions of `model` to compare, then opens the diff page. */
function CompareModal({ model, onClose }: { model: ProcessModelSummary; onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [to, setTo] = useState(model.latestVersion);
  const [from, setFrom] = useState(model.versions.find((v) => v.version < model.latestVersion)?.version ?? 1);
  const options = model.versions.map((v) => ({ value: v.version, label: t('modeler.versionLabel', { version: v.version }) }));
  return (
    <Modal
      open
      title={t('modeler.procedures.compareTitle', { name: model.name ?? model.key })}
      okText={t('modeler.procedures.compare')}
      cancelText={t('modeler.cancel')}
      okButtonProps={{ disabled: from === to }}
      onCancel={onClose}
      onOk={() => void navigate(`/manager/procedures/${encodeURIComponent(model.key)}/diff?from=${from}&to=${to}`)}
    >
      <Space wrap>
        <span>{t('modeler.diff.from')}</span>
        <Select aria-label={t('modeler.diff.from')} value={from} onChange={setFrom} options={options} style={{ width: 120 }} />
        <span>{t('modeler.diff.to')}</span>
        <Select aria-label={t('modeler.diff.to')} value={to} onChange={setTo} options={options} style={{ width: 120 }} />
      </Space>
    </Modal>
  );
}
