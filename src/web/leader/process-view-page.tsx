import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Col, Result, Row, Space, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useRef, useState, type HTMLAttributes, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../api';
import { ClockTag } from '../clock-tag';
import { formatDateTime } from '../format';
import { useSession } from '../use-session';
import { JurisdictionSelect } from './jurisdiction-select';
import type { StepDiagram } from './step-diagram';
import { jurisdictionTree, procedureSteps, type JurisdictionNode, type ProcedureStep, type ProcedureSteps, type WaitingCase } from './supervision-api';
import { statusName, useJurisdictionName } from '../procedure-names';
import { procedureName } from './supervision-format';
import './dashboard.css';

/**
 * The process view of a procedure (`/dashboard/processes/:key`): its diagram (bpmn-js, loaded only here) with, on
 * each step, how many open cases of the leader's jurisdiction wait there, coloured by their most urgent clock; a
 * click on a step (or on its row of the step table) lists those cases. The jurisdiction and step are kept in the address.
 */
export function ProcessViewPage() {
  const { t, i18n } = useTranslation();
  const { key = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const session = useSession();
  const jurisdictionName = useJurisdictionName();
  const jurisdiction = params.get('jurisdiction') ?? undefined;
  const selected = params.get('step');
  const language = i18n.language;

  const [tree, setTree] = useState<JurisdictionNode[]>([]);
  const [data, setData] = useState<ProcedureSteps | null>(null);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const [diagramError, setDiagramError] = useState<string | null>(null);
  const [drawing, setDrawing] = useState(true);
  const container = useRef<HTMLDivElement>(null);
  const diagram = useRef<StepDiagram | null>(null);

  const select = (activityId: string | null) => setParams((previous) => {
    const next = new URLSearchParams(previous);
    if (activityId) next.set('step', activityId);
    else next.delete('step');
    return next;
  }, { replace: true });
  const selectRef = useRef(select);
  selectRef.current = select;

  useEffect(() => {
    jurisdictionTree().then(setTree, () => setTree([]));
  }, []);

  useEffect(() => {
    let current = true;
    setError(null);
    procedureSteps(key, jurisdiction).then((d) => current && setData(d), (e: unknown) => current && setError(e instanceof Error ? e : new Error(String(e))));
    return () => {
      current = false;
    };
  }, [key, jurisdiction]);

  useEffect(() => {
    if (!data || !container.current) return;
    let current = true;
    let drawn: StepDiagram | null = null;
    setDrawing(true);
    setDiagramError(null);
    const element = container.current;
    import('./step-diagram')
      .then(async (viewer) => {
        element.replaceChildren();
        const result = await viewer.drawStepDiagram(element, data.xml, data.steps, (s) => t('dashboard.process.badge', { step: s.name ?? s.activityId, count: s.count }), (id) => selectRef.current(id));
        if (!current) return result.destroy();
        drawn = result;
        diagram.current = result;
        setDrawing(false);
      })
      .catch((e: unknown) => {
        if (!current) return;
        setDiagramError(e instanceof Error ? e.message : String(e));
        setDrawing(false);
      });
    return () => {
      current = false;
      drawn?.destroy();
      diagram.current = null;
    };
  }, [data, t]);

  useEffect(() => {
    if (!drawing) diagram.current?.select(selected);
  }, [selected, drawing]);

  const step: ProcedureStep | null = data?.steps.find((s) => s.activityId === selected) ?? null;
  const title = data?.name ?? procedureName(key, t);

  if (error instanceof ApiError && error.status === 404) {
    return <Result status="404" title={t('dashboard.process.notFound')} extra={<Link to="/dashboard">{t('dashboard.process.back')}</Link>} />;
  }

  const stepColumns: TableColumnsType<ProcedureStep> = [
    { key: 'name', title: t('dashboard.process.step'), render: (_, s) => s.name ?? s.activityId },
    { key: 'count', title: t('dashboard.process.waiting'), dataIndex: 'count', align: 'right', render: (v: number) => <span data-count={v}>{v}</span> },
    { key: 'worst', title: t('dashboard.process.worst'), render: (_, s) => <ClockTag colour={s.colour} /> },
  ];
  const caseColumns: TableColumnsType<WaitingCase> = [
    { key: 'colour', title: t('dashboard.list.colour'), render: (_, c) => <ClockTag colour={c.colour} overdue={c.overdue} /> },
    {
      key: 'number', title: t('dashboard.list.number'),
      render: (_, c) => (c.assignee !== null && c.assignee === session?.user.id ? <Link to={`/tasks/${encodeURIComponent(c.taskId)}`} data-task={c.taskId}>{c.number ?? c.taskId}</Link> : (c.number ?? '—')),
    },
    { key: 'party', title: t('dashboard.list.party'), render: (_, c) => c.party ?? '—' },
    { key: 'jurisdiction', title: t('dashboard.list.jurisdiction'), render: (_, c) => jurisdictionName(c.jurisdiction) },
    { key: 'handler', title: t('dashboard.list.handler'), render: (_, c) => (c.assignee === null ? t('dashboard.overdue.unclaimed') : (c.assigneeName ?? c.assignee)) },
    { key: 'since', title: t('dashboard.process.since'), render: (_, c) => formatDateTime(c.created, language), sorter: (a, b) => a.created.localeCompare(b.created) },
    { key: 'status', title: t('dashboard.overdue.status'), render: (_, c) => statusName(c.kind, c.procedureStatus, t) },
  ];

  return (
    <div className="process-view-page" data-procedure={key}>
      <div className="dashboard-header">
        <div>
          <Link to={jurisdiction ? `/dashboard?jurisdiction=${encodeURIComponent(jurisdiction)}` : '/dashboard'}><ArrowLeftOutlined /> {t('dashboard.process.back')}</Link>
          <Typography.Title level={3} className="dashboard-title">{t('dashboard.process.title', { name: title })}</Typography.Title>
          {data && (
            <Space wrap>
              <Tag>{t('dashboard.process.version', { version: data.version })}</Tag>
              <Tag color="processing" data-total={data.total}>{t('dashboard.process.total', { count: data.total })}</Tag>
            </Space>
          )}
        </div>
        <label className="dashboard-filter">
          <span>{t('dashboard.filters.jurisdiction')}</span>
          <JurisdictionSelect tree={tree} value={jurisdiction} onChange={(code) => setParams(code ? { jurisdiction: code } : {}, { replace: true })} />
        </label>
      </div>
      {error && <Alert type="error" showIcon message={t('dashboard.loadFailed')} description={error.message} />}
      <Card title={t('dashboard.process.diagram')} className="dashboard-card">
        <Typography.Paragraph type="secondary">{t('dashboard.process.hint')}</Typography.Paragraph>
        <Space size={4} wrap className="step-legend">
          {(['normal', 'blue', 'yellow', 'red', 'none'] as const).map((c) => <span key={c} className="step-badge legend" data-colour={c}>{t(`colour.${c}`)}</span>)}
        </Space>
        {diagramError && <Alert type="error" showIcon message={t('dashboard.process.diagramFailed')} description={diagramError} />}
        <Spin spinning={!data || drawing}>
          <div ref={container} className="step-diagram" data-testid="step-diagram" />
        </Spin>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card title={t('dashboard.process.steps')} className="dashboard-card">
            <Table
              size="small"
              rowKey="activityId"
              pagination={false}
              dataSource={data?.steps ?? []}
              columns={stepColumns}
              loading={!data && !error}
              locale={{ emptyText: t('dashboard.process.empty') }}
              rowClassName={(s) => (s.activityId === selected ? 'step-row selected' : 'step-row')}
              onRow={(s) => ({ 'data-activity': s.activityId, onClick: () => select(s.activityId), tabIndex: 0, onKeyDown: (e: KeyboardEvent) => e.key === 'Enter' && select(s.activityId) }) as HTMLAttributes<HTMLElement>}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card title={step ? t('dashboard.process.cases', { step: step.name ?? step.activityId }) : t('dashboard.process.chooseStep')} className="dashboard-card" data-card="step-cases" data-step={step?.activityId ?? ''}>
            {step && (
              <Table
                size="small"
                rowKey="taskId"
                dataSource={step.cases}
                columns={caseColumns}
                scroll={{ x: 'max-content' }}
                pagination={{ pageSize: 10, showSizeChanger: false, showTotal: (total) => t('list.total', { count: total }) }}
                onRow={(c) => ({ 'data-number': c.number ?? '' }) as HTMLAttributes<HTMLElement>}
              />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
