import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { useEffect, useMemo, useState, type Key } from 'react';
import { useTranslation } from 'react-i18next';
import { addJurisdiction, type JurisdictionLevel, type JurisdictionNode, type NewJurisdiction } from './admin-api';
import { placeFieldErrors, useJurisdictionTree } from './admin-common';

const LEVEL_COLOURS: Record<JurisdictionLevel, string> = { province: 'red', city: 'volcano', district: 'blue', station: 'green' };

/** The level of the units that may be added under a unit of `level`: districts under a city, stations under a district. */
const CHILD_LEVEL: Record<JurisdictionLevel, JurisdictionLevel | null> = { province: null, city: 'district', district: 'station', station: null };

/** The start of a child's code under `node`: the city's 4 digits, or the district's code and `-`. */
function codeStartOf(node: JurisdictionNode): string {
  return node.level === 'city' ? node.code.slice(0, 4) : `${node.code}-`;
}

function find(nodes: readonly JurisdictionNode[], code: string): JurisdictionNode | null {
  for (const node of nodes) {
    if (node.code === code) return node;
    const below = find(node.children, code);
    if (below) return below;
  }
  return null;
}

/**
 * 辖区管理 (`/admin/jurisdictions`, administrators): the jurisdiction tree (province → city → district/county → police
 * station); choosing a unit shows it, and under a city or a district a new district or station is added, with the
 * server's objections beside the fields.
 */
export function JurisdictionsPage() {
  const { t } = useTranslation();
  const tree = useJurisdictionTree();
  const [selected, setSelected] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Key[] | null>(null);
  const nodes = tree.value ?? [];
  const node = selected ? find(nodes, selected) : null;

  const treeData = useMemo(() => {
    const convert = (list: readonly JurisdictionNode[]): TreeDataNode[] => list.map((n) => ({
      key: n.code,
      title: (
        <span className="unit-title" data-unit={n.code}>
          {n.name} <Typography.Text type="secondary" className="admin-code">{n.code}</Typography.Text>{' '}
          <Tag color={LEVEL_COLOURS[n.level]}>{t(`admin.level.${n.level}`)}</Tag>
        </span>
      ),
      children: convert(n.children),
    }));
    return convert(nodes);
  }, [nodes, t]);

  return (
    <div className="admin-page">
      <Typography.Title level={3} className="admin-title">{t('admin.units.title')}</Typography.Title>
      {tree.error && <Alert type="error" showIcon message={t('list.loadFailed')} description={tree.error} className="admin-alert" />}
      <div className="units-layout">
        <Card className="units-tree" loading={tree.loading && !tree.value}>
          {tree.value && (
            <Tree
              treeData={treeData}
              expandedKeys={expanded ?? nodes.map((n) => n.code)}
              onExpand={setExpanded}
              selectedKeys={selected ? [selected] : []}
              onSelect={(keys) => setSelected(keys.length ? String(keys[0]) : null)}
              blockNode
            />
          )}
        </Card>
        <div className="units-side">
          {node ? <UnitPanel key={node.code} node={node} onAdded={(code) => {
            // the new unit is shown, selected, under its parent opened
            setExpanded((keys) => [...new Set([...(keys ?? nodes.map((n) => n.code)), node.code])]);
            tree.reload();
            setSelected(code);
          }} /> : <Card><Empty description={t('admin.units.choose')} /></Card>}
        </div>
      </div>
    </div>
  );
}

/** A unit: what it is, and the form adding a unit under it when its level has units below it that can be added. */
function UnitPanel({ node, onAdded }: { node: JurisdictionNode; onAdded: (code: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<NewJurisdiction>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const childLevel = CHILD_LEVEL[node.level];
  useEffect(() => form.setFieldsValue({ code: codeStartOf(node) }), [form, node]);

  const submit = async (values: NewJurisdiction) => {
    setBusy(true);
    setProblem(null);
    try {
      const body: NewJurisdiction = { code: values.code.trim(), name: values.name.trim(), ...(values.authority?.trim() ? { authority: values.authority.trim() } : {}) };
      await addJurisdiction(body);
      void message.success(t('admin.units.added', { name: body.name }));
      onAdded(body.code);
    } catch (e) {
      const rest = placeFieldErrors(form, e, ['code', 'name', 'authority'], t);
      if (rest.length) setProblem(rest.join('；'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Card title={node.name} className="unit-card">
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('admin.units.code')}>{node.code}</Descriptions.Item>
          <Descriptions.Item label={t('admin.units.level')}>{t(`admin.level.${node.level}`)}</Descriptions.Item>
          <Descriptions.Item label={t('admin.units.authority')}>{node.authority ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('admin.units.children')}>{node.children.length}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={childLevel ? t('admin.units.addUnder', { level: t(`admin.level.${childLevel}`), parent: node.name }) : t('admin.units.addTitle')} className="unit-card">
        {!childLevel ? (
          <Typography.Text type="secondary">{t(node.level === 'province' ? 'admin.units.citiesFixed' : 'admin.units.noChildren')}</Typography.Text>
        ) : (
          <Form<NewJurisdiction> form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="add-unit">
            {problem && <Alert type="error" showIcon message={problem} className="admin-alert" />}
            <Form.Item name="code" label={t('admin.units.code')} extra={t(childLevel === 'district' ? 'admin.units.districtCodeHint' : 'admin.units.stationCodeHint', { start: codeStartOf(node) })} rules={[{ required: true, message: t('admin.units.codeRequired') }]}>
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item name="name" label={t('admin.units.name')} rules={[{ required: true, whitespace: true, message: t('admin.units.nameRequired') }, { max: 100 }]}>
              <Input placeholder={t(childLevel === 'district' ? 'admin.units.districtNameExample' : 'admin.units.stationNameExample')} />
            </Form.Item>
            <Form.Item name="authority" label={t('admin.units.authorityOptional')} rules={[{ max: 100 }]}>
              <Input placeholder={t(childLevel === 'district' ? 'admin.units.districtAuthorityExample' : 'admin.units.stationAuthorityExample')} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy}>{t('admin.units.add')}</Button>
          </Form>
        )}
      </Card>
    </>
  );
}
