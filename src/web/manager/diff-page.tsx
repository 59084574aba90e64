import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Row, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { drawVersion, markerOf, type ChangeKind, type DiffDiagram } from './diff-viewer';
import zhCN from './bpmn-translations.zh-CN.json';
import { listProcessModels, versionDiff, versionXml, type ProcessModelSummary, type VersionDiff } from './process-models-api';
import './manager.css';
import { problemText } from '../api';

/** One row of the list of changes. */
interface ChangeRow {
  id: string;
  kind: ChangeKind;
  type: string;
  name: string | null;
  details: string;
}

const KINDS: readonly ChangeKind[] = ['added', 'removed', 'changed', 'layout'];

/**
 * 版本比较 (`/manager/procedures/:key/diff?from=&to=`): the two versions side by side, the elements added, removed,
 * changed and moved coloured (from the server's comparison), with a legend and the list of changes.
 */
export function DiffPage() {
  const { key = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const from = Number(search.get('from'));
  const to = Number(search.get('to'));
  const [model, setModel] = useState<ProcessModelSummary | null>(null);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [drawn, setDrawn] = useState(false);
  const before = useRef<HTMLDivElement>(null);
  const after = useRef<HTMLDivElement>(null);
  const diagrams = useRef<DiffDiagram[]>([]);

  useEffect(() => {
    listProcessModels().then((all) => setModel(all.find((m) => m.key === key) ?? null), () => undefined);
  }, [key]);

  useEffect(() => {
    if (!(from >= 1 && to >= 1)) {
      setFailure(t('modeler.diff.badVersions'));
      return undefined;
    }
    let current = true;
    setDiff(null);
    setDrawn(false);
    setFailure(null);
    const made: DiffDiagram[] = [];
    (async () => {
      const [found, oldXml, newXml] = await Promise.all([versionDiff(key, from, to), versionXml(key, from), versionXml(key, to)]);
      if (!current || !before.current || !after.current) return;
      setDiff(found);
      const oldMarks = new Map<string, ChangeKind>([...found.removed.map((e) => [e.id, 'removed'] as const), ...found.changed.map((e) => [e.id, 'changed'] as const), ...found.layoutChanged.map((e) => [e.id, 'layout'] as const)]);
      const newMarks = new Map<string, ChangeKind>([...found.added.map((e) => [e.id, 'added'] as const), ...found.changed.map((e) => [e.id, 'changed'] as const), ...found.layoutChanged.map((e) => [e.id, 'layout'] as const)]);
      before.current.replaceChildren();
      after.current.replaceChildren();
      made.push(await drawVersion(before.current, oldXml, oldMarks), await drawVersion(after.current, newXml, newMarks));
      diagrams.current = made;
      if (current) setDrawn(true);
    })().catch((error: unknown) => current && setFailure(problemText(error, t)));
    return () => {
      current = false;
      for (const d of made) d.destroy();
    };
  }, [key, from, to, t]);

  const rows = useMemo<ChangeRow[]>(() => {
    if (!diff) return [];
    const attributes = (list: Array<{ name: string; oldValue: unknown; newValue: unknown }>) =>
      list.map((a) => `${a.name}: ${shown(a.oldValue)} → ${shown(a.newValue)}`).join('；');
    return [
      ...diff.added.map((e) => ({ ...e, kind: 'added' as const, details: '' })),
      ...diff.removed.map((e) => ({ ...e, kind: 'removed' as const, details: '' })),
      ...diff.changed.map((e) => ({ id: e.id, type: e.type, name: e.name, kind: 'changed' as const, details: attributes(e.attributes) })),
      ...diff.layoutChanged.map((e) => ({ ...e, kind: 'layout' as const, details: '' })),
    ];
  }, [diff]);

  const versions = (model?.versions ?? []).map((v) => ({ value: v.version, label: t('modeler.versionLabel', { version: v.version }) }));
  const choose = (which: 'from' | 'to', value: number) => {
    const next = new URLSearchParams(search);
    next.set(which, String(value));
    setSearch(next);
  };

  const columns: ColumnsType<ChangeRow> = [
    { title: t('modeler.diff.change'), dataIndex: 'kind', width: 110, render: (kind: ChangeKind) => <Tag className={`diff-tag ${markerOf(kind)}`}>{t(`modeler.diff.kinds.${kind}`)}</Tag> },
    { title: t('modeler.diff.element'), key: 'element', render: (_, r) => <Typography.Link onClick={() => diagrams.current.forEach((d) => d.show(r.id))}>{r.name ? `${r.name}（${r.id}）` : r.id}</Typography.Link> },
    { title: t('modeler.diff.type'), dataIndex: 'type', width: 180, render: (type: string) => typeName(type, i18n.language) },
    { title: t('modeler.diff.details'), dataIndex: 'details' },
  ];

  return (
    <Card
      className="diff-page"
      data-from={from}
      data-to={to}
      title={
        <Space wrap>
          <Button type="text" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/manager/procedures')} aria-label={t('modeler.back')} />
          {t('modeler.diff.title', { name: model?.name ?? key })}
        </Space>
      }
      extra={
        <Space wrap>
          <span>{t('modeler.diff.from')}</span>
          <Select aria-label={t('modeler.diff.from')} value={from} options={versions} onChange={(v) => choose('from', v)} style={{ width: 110 }} />
          <span>{t('modeler.diff.to')}</span>
          <Select aria-label={t('modeler.diff.to')} value={to} options={versions} onChange={(v) => choose('to', v)} style={{ width: 110 }} />
        </Space>
      }
    >
      {failure && <Alert type="error" showIcon message={t('modeler.loadFailed')} description={failure} className="modeler-alert" />}
      <Space wrap className="diff-legend" aria-label={t('modeler.diff.legend')}>
        <Typography.Text strong>{t('modeler.diff.legend')}</Typography.Text>
        {KINDS.map((kind) => (
          <Tag key={kind} className={`diff-tag ${markerOf(kind)}`} data-kind={kind}>
            {t(`modeler.diff.kinds.${kind}`)}
            {diff ? ` ${rows.filter((r) => r.kind === kind).length}` : ''}
          </Tag>
        ))}
      </Space>
      <Spin spinning={!drawn && !failure}>
        <Row gutter={12}>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t('modeler.diff.before', { version: from })}</Typography.Title>
            <div ref={before} className="diff-canvas" data-version={from} data-drawn={drawn} />
          </Col>
          <Col xs={24} lg={12}>
            <Typography.Title level={5}>{t('modeler.diff.after', { version: to })}</Typography.Title>
            <div ref={after} className="diff-canvas" data-version={to} data-drawn={drawn} />
          </Col>
        </Row>
      </Spin>
      <Typography.Title level={5} className="diff-list-title">{t('modeler.diff.list')}</Typography.Title>
      <Table<ChangeRow> rowKey={(r) => `${r.kind}:${r.id}`} className="diff-list" size="small" columns={columns} dataSource={rows} pagination={false} locale={{ emptyText: t('modeler.diff.none') }} />
    </Card>
  );
}

/** A BPMN type (`bpmn:UserTask`) as the modeler names it: 用户任务 in Chinese, "User Task" in English. */
function typeName(type: string, language: string): string {
  const words = type.replace(/^bpmn:/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  return language === 'zh-CN' ? ((zhCN as Record<string, string>)[words] ?? words) : words;
}

function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
