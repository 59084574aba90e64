import { Alert, App, Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { get, post, problemText } from '../api';
import { formatDateTime } from '../format';
import { placeFieldIssues } from '../form-errors';
import { caseFilePath } from '../officer/officer-api';
import { useJurisdictionName, useUnitGroupName } from '../procedure-names';
import { useAccess, type Access } from '../use-access';
import type { InspectionKind, InspectionRow, InspectionStatus, StartedProcedure } from './desk-api';
import { RegionFields, regionCodeOf, regionField, type RegionValues } from './region-fields';
import { usePagedList, type OffsetPage } from '../use-paged-list';
import './desk.css';

const STATUSES: InspectionStatus[] = ['planned', 'rectifying', 'closed'];
/** The list's filter kept in the address. */
const STATUS_FILTER = ['status'];
const KINDS: InspectionKind[] = ['planned', 'random', 'unannounced'];
const STATUS_COLOURS: Record<InspectionStatus, string> = { planned: 'blue', rectifying: 'gold', closed: 'success' };

/** The values of the planning form. */
interface PlanValues extends RegionValues {
  kind: InspectionKind;
  unit: { name: string; creditCode?: string; address?: string };
  inspectorGroup: string;
  plannedFor?: Dayjs;
}

/** Server paths of the plan's fields, as the form names them. */
const PLAN_FIELDS = ['kind', 'unit.name', 'unit.creditCode', 'unit.address', 'inspectorGroup', 'plannedFor'];

/**
 * `/desk/inspections` (监督检查): the inspections of the officer's jurisdiction by status, each opening its case file;
 * officers who may start inspections plan one here (检查方式, the unit, where, the inspecting station or squad and the
 * day), which starts its procedure.
 */
export function InspectionsPage() {
  const { t, i18n } = useTranslation();
  const access = useAccess();
  const jurisdictionName = useJurisdictionName();
  const unitGroupName = useUnitGroupName(t);
  const list = usePagedList<OffsetPage<InspectionRow>>('/api/inspections', { filters: STATUS_FILTER });
  const [planning, setPlanning] = useState(false);

  const columns: TableColumnsType<InspectionRow> = [
    { key: 'number', title: t('desk.inspections.number'), dataIndex: 'number',
      render: (n: string, row) => (row.processInstanceId ? <Link to={caseFilePath(row.processInstanceId)} data-inspection={n}>{n}</Link> : n) },
    { key: 'kind', title: t('desk.inspections.kind'), dataIndex: 'kind', render: (k: InspectionKind) => t(`desk.inspectionKind.${k}`) },
    { key: 'unit', title: t('desk.inspections.unit'), dataIndex: 'unitName' },
    { key: 'region', title: t('desk.inspections.region'), dataIndex: 'regionCode', render: (code: string) => jurisdictionName(code) },
    { key: 'group', title: t('desk.inspections.group'), dataIndex: 'inspectorGroup', render: (group: string) => unitGroupName(group) },
    { key: 'status', title: t('desk.inspections.status'), dataIndex: 'status', render: (s: InspectionStatus) => <Tag color={STATUS_COLOURS[s]}>{t(`desk.inspectionStatus.${s}`)}</Tag> },
    { key: 'result', title: t('desk.inspections.result'), dataIndex: 'result', render: (r: string | null) => (r ? t(`desk.inspectionResult.${r}`) : '—') },
    { key: 'plannedFor', title: t('desk.inspections.plannedFor'), dataIndex: 'plannedFor', render: (at: string | null) => (at ? formatDateTime(at, i18n.language).slice(0, 10) : '—') },
    { key: 'created', title: t('desk.inspections.created'), dataIndex: 'createdAt', render: (at: string) => formatDateTime(at, i18n.language) },
  ];

  return (
    <Card title={t('desk.inspections.title')} className="desk-page" data-page="desk-inspections"
      extra={access?.permissions.has('inspection.start') && <Button type="primary" onClick={() => setPlanning(true)}>{t('desk.inspections.plan')}</Button>}>
      <Space wrap className="desk-filters">
        <Typography.Text>{t('desk.inspections.status')}</Typography.Text>
        <Select allowClear placeholder={t('desk.all')} style={{ minWidth: 140 }} value={list.filters['status']} aria-label={t('desk.inspections.status')}
          options={STATUSES.map((s) => ({ value: s, label: t(`desk.inspectionStatus.${s}`) }))} onChange={(status?: string) => list.filter({ status })} />
      </Space>
      {list.error !== null && <Alert type="error" showIcon message={t('desk.loadFailed')} description={problemText(list.error, t)} action={<Button onClick={list.reload}>{t('desk.retry')}</Button>} />}
      <Table<InspectionRow> rowKey="id" size="middle" columns={columns} dataSource={list.page?.items ?? []} loading={list.loading} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('desk.empty') }}
        pagination={{ current: list.current, pageSize: list.size, total: list.page?.total ?? 0, showSizeChanger: true, showTotal: (total) => t('desk.total', { count: total }), onChange: list.goTo }} />
      {planning && access && <PlanInspection access={access} onClose={() => setPlanning(false)} />}
    </Card>
  );
}

/** A unit of the jurisdiction tree (`GET /api/jurisdictions`). */
interface TreeUnit {
  code: string;
  level: string;
  children: TreeUnit[];
}

/**
 * The stations and squads the officer may plan inspections for: their own groups of those kinds, and the police
 * stations and district squads of their part of the jurisdiction tree.
 */
function useInspectorGroups(access: Access): string[] {
  const own = access.grants.filter((g) => /^(station|squad)-\d{6}/.test(g.group)).map((g) => g.group);
  const [fromTree, setFromTree] = useState<string[]>([]);
  useEffect(() => {
    let current = true;
    get<TreeUnit[]>('/api/jurisdictions').then((tree) => {
      const found: string[] = [];
      const visit = (unit: TreeUnit) => {
        if (unit.level === 'station') found.push(`station-${unit.code}`);
        if (unit.level === 'district') found.push(`station-${unit.code}`, `squad-${unit.code}`);
        unit.children.forEach(visit);
      };
      tree.forEach(visit);
      if (current) setFromTree(found);
    }, () => undefined);
    return () => {
      current = false;
    };
  }, []);
  return [...new Set([...own, ...fromTree])];
}

/** The planning form, in a dialog; on success, the new inspection's case file. */
function PlanInspection({ access, onClose }: { access: Access; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<PlanValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const groups = useInspectorGroups(access);
  const unitGroupName = useUnitGroupName(t);

  const submit = async (values: PlanValues) => {
    setBusy(true);
    setProblem(null);
    try {
      const unit = { name: values.unit.name, ...(values.unit.creditCode?.trim() ? { creditCode: values.unit.creditCode.trim() } : {}), ...(values.unit.address?.trim() ? { address: values.unit.address.trim() } : {}) };
      const started = await post<StartedProcedure>('/api/inspections', {
        kind: values.kind, unit, regionCode: regionCodeOf(values), inspectorGroup: values.inspectorGroup.trim(),
        ...(values.plannedFor ? { plannedFor: values.plannedFor.format('YYYY-MM-DD') } : {}),
      });
      void message.success(t('desk.inspections.planned', { number: started.number }));
      onClose();
      void navigate(caseFilePath(started.processInstanceId));
    } catch (e) {
      const fields: Record<string, string> = Object.fromEntries(PLAN_FIELDS.map((f) => [f, f]));
      fields['regionCode'] = regionField(values);
      setProblem(placeFieldIssues(form, e, fields, { network: t('error.network'), unknown: t('error.unknown') }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('desk.inspections.plan')} onCancel={onClose} okText={t('desk.inspections.submitPlan')} cancelText={t('desk.cancel')}
      confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden maskClosable={false}>
      <Form<PlanValues> form={form} layout="vertical" requiredMark={false} disabled={busy} onFinish={(v) => void submit(v)}
        initialValues={{ kind: 'planned', inspectorGroup: groups[0] }}>
        <Form.Item name="kind" label={t('desk.inspections.kind')}>
          <Radio.Group optionType="button" options={KINDS.map((k) => ({ value: k, label: t(`desk.inspectionKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name={['unit', 'name']} label={t('desk.inspections.unitName')} rules={[{ required: true, whitespace: true, message: t('desk.inspections.unitNameRequired') }, { min: 2, message: t('desk.inspections.unitNameRequired') }, { max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name={['unit', 'creditCode']} label={t('desk.inspections.creditCode')} rules={[{ pattern: /^\s*[0-9A-Za-z]{18}\s*$/, message: t('desk.inspections.creditCodeInvalid') }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name={['unit', 'address']} label={t('desk.inspections.unitAddress')} rules={[{ max: 300 }]}>
          <Input />
        </Form.Item>
        <RegionFields />
        <Form.Item name="inspectorGroup" label={t('desk.inspections.group')} extra={t('desk.inspections.groupHint')}
          rules={[{ required: true, message: t('desk.inspections.groupRequired') }, { pattern: /^(station|squad)-\d{6}(-[a-z0-9]+)?$/, message: t('desk.inspections.groupInvalid') }]}>
          {groups.length > 0 ? <Select showSearch optionFilterProp="label" options={groups.map((g) => ({ value: g, label: unitGroupName(g) }))} /> : <Input placeholder="station-440106" />}
        </Form.Item>
        <Form.Item name="plannedFor" label={t('desk.inspections.plannedFor')}>
          <DatePicker style={{ width: '100%' }} inputReadOnly />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={t('desk.failed')} description={problem} role="alert" />}
      </Form>
    </Modal>
  );
}
