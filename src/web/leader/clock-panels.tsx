import { Button, Card, Col, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Colour } from '../api';
import { ClockTag } from '../clock-tag';
import { formatDateTime } from '../format';
import { useJurisdictionName } from '../procedure-names';
import { ExportButton } from './export-button';
import { COLOURS, type DeployedProcedure, type SupervisedClock } from './supervision-api';
import { formatCount, handlersText, procedureName, remainingText, stepsText } from './supervision-format';
import { useECharts } from './use-echarts';

/** The colour each clock colour is drawn in (those of the tags). */
export const CHART_COLOURS: Record<Colour, string> = { normal: '#52c41a', blue: '#1677ff', yellow: '#faad14', red: '#f5222d' };

interface Props {
  clocks: SupervisedClock[];
  /** Every deployed business procedure: each has its row in the table (with nothing open, zeros) and its process view. */
  procedures: DeployedProcedure[];
  /** The colour the list is filtered by, or null for all. */
  colour: Colour | null;
  onColour: (colour: Colour | null) => void;
  jurisdiction: string | undefined;
}

/**
 * The running clocks of the jurisdiction: their count by colour (buttons and a pie chart, both filtering the list),
 * the open work by procedure (a stacked bar chart and a table leading to each procedure's process view), and the
 * list of clocks of the colour chosen, with its CSV export.
 */
export function ClockPanels({ clocks, procedures, colour, onColour, jurisdiction }: Props) {
  const { t, i18n } = useTranslation();
  const jurisdictionName = useJurisdictionName();
  const navigate = useNavigate();
  const language = i18n.language;

  const counts = useMemo(() => {
    const result: Record<Colour, number> = { normal: 0, blue: 0, yellow: 0, red: 0 };
    for (const clock of clocks) result[clock.colour] += 1;
    return result;
  }, [clocks]);

  const byProcedure = useMemo(() => {
    const rows = new Map<string, { key: string; name: string; total: number } & Record<Colour, number>>();
    for (const p of procedures) rows.set(p.key, { key: p.key, name: t(`dashboard.procedure.${p.key}`, { defaultValue: p.name ?? p.key }), total: 0, normal: 0, blue: 0, yellow: 0, red: 0 });
    for (const clock of clocks) {
      const row = rows.get(clock.procedureKey) ?? { key: clock.procedureKey, name: procedureName(clock.procedureKey, t), total: 0, normal: 0, blue: 0, yellow: 0, red: 0 };
      row[clock.colour] += 1;
      row.total += 1;
      rows.set(clock.procedureKey, row);
    }
    return [...rows.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  }, [clocks, procedures, t]);
  // the chart draws the procedures with open work; the table lists them all
  const busy = useMemo(() => byProcedure.filter((p) => p.total > 0), [byProcedure]);

  const pie = useMemo<EChartsCoreOption>(() => ({
    aria: { enabled: true, label: { description: t('dashboard.clocks.chart') } },
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{
      type: 'pie', radius: ['40%', '70%'], avoidLabelOverlap: true, label: { formatter: '{b}\n{c}' },
      // empty colours keep their legend entry but draw no label
      data: COLOURS.map((c) => ({ name: t(`colour.${c}`), value: counts[c], itemStyle: { color: CHART_COLOURS[c] }, label: { show: counts[c] > 0 }, labelLine: { show: counts[c] > 0 } })),
    }],
  }), [counts, t]);
  const pieRef = useECharts<HTMLDivElement>({
    option: pie,
    onClick: (name) => onColour(COLOURS.find((c) => t(`colour.${c}`) === name) ?? null),
  });

  const bar = useMemo<EChartsCoreOption>(() => ({
    aria: { enabled: true, label: { description: t('dashboard.procedures.chart') } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 8, bottom: 40, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: busy.map((p) => p.name), inverse: true },
    series: COLOURS.map((c) => ({ type: 'bar', stack: 'colour', name: t(`colour.${c}`), itemStyle: { color: CHART_COLOURS[c] }, data: busy.map((p) => p[c]) })),
  }), [busy, t]);
  const barRef = useECharts<HTMLDivElement>({
    option: bar,
    onClick: (name) => {
      const row = byProcedure.find((p) => p.name === name);
      if (row) void navigate(processPath(row.key, jurisdiction));
    },
  });

  const listed = colour ? clocks.filter((c) => c.colour === colour) : clocks;
  const columns: TableColumnsType<SupervisedClock> = [
    { key: 'colour', title: t('dashboard.list.colour'), width: 110, render: (_, c) => <ClockTag colour={c.colour} overdue={c.overdue} /> },
    { key: 'number', title: t('dashboard.list.number'), dataIndex: 'number', render: (v: string | null) => v ?? '—' },
    { key: 'party', title: t('dashboard.list.party'), dataIndex: 'party', render: (v: string | null) => v ?? '—' },
    { key: 'procedure', title: t('dashboard.list.procedure'), render: (_, c) => procedureName(c.procedureKey, t) },
    { key: 'step', title: t('dashboard.list.step'), render: (_, c) => stepsText(c.tasks) },
    { key: 'handler', title: t('dashboard.list.handler'), render: (_, c) => handlersText(c.tasks, t) },
    { key: 'rule', title: t('dashboard.list.rule'), dataIndex: 'ruleName' },
    { key: 'due', title: t('dashboard.list.due'), render: (_, c) => formatDateTime(c.dueAt, language), sorter: (a, b) => a.dueAt.localeCompare(b.dueAt), defaultSortOrder: 'ascend' },
    { key: 'remaining', title: t('dashboard.list.remaining'), render: (_, c) => remainingText(c, t) },
    { key: 'jurisdiction', title: t('dashboard.list.jurisdiction'), render: (_, c) => jurisdictionName(c.jurisdiction) },
  ];

  return (
    <>
      <Col xs={24} lg={12}>
        <Card title={t('dashboard.clocks.title')} className="dashboard-card" data-card="colours">
          <Typography.Paragraph type="secondary">{t('dashboard.clocks.hint')}</Typography.Paragraph>
          <div className="colour-counts" role="group" aria-label={t('dashboard.clocks.title')}>
            {COLOURS.map((c) => (
              <button
                key={c}
                type="button"
                className={`colour-count colour-${c}${colour === c ? ' selected' : ''}`}
                data-colour={c}
                aria-pressed={colour === c}
                aria-label={t('dashboard.clocks.count', { colour: t(`colour.${c}`), count: counts[c] })}
                onClick={() => onColour(colour === c ? null : c)}
              >
                <span className="colour-count-value" data-count={counts[c]}>{formatCount(counts[c], language)}</span>
                <span className="colour-count-label">{t(`colour.${c}`)}</span>
                <span className="colour-count-hint">{t(`dashboard.colourHint.${c}`)}</span>
              </button>
            ))}
          </div>
          <div ref={pieRef} className="dashboard-chart" data-chart="colours" role="img" aria-label={t('dashboard.clocks.chart')} />
          <Typography.Text type="secondary">{t('dashboard.clocks.total', { count: clocks.length })}</Typography.Text>
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('dashboard.procedures.title')} className="dashboard-card" data-card="procedures">
          <div ref={barRef} className="dashboard-chart" data-chart="procedures" role="img" aria-label={t('dashboard.procedures.chart')} />
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={byProcedure}
            locale={{ emptyText: t('dashboard.procedures.empty') }}
            scroll={{ x: true }}
            columns={[
              { key: 'name', title: t('dashboard.procedures.procedure'), dataIndex: 'name' },
              ...COLOURS.map((c) => ({ key: c, title: t(`colour.${c}`), dataIndex: c, align: 'right' as const })),
              { key: 'total', title: t('dashboard.procedures.open'), dataIndex: 'total', align: 'right' as const },
              { key: 'view', title: '', render: (_: unknown, row: { key: string }) => <Link to={processPath(row.key, jurisdiction)} data-process={row.key}>{t('dashboard.procedures.view')}</Link> },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24}>
        <Card
          title={t('dashboard.list.title')}
          className="dashboard-card"
          data-card="clocks"
          extra={<ExportButton name="clocks" query={{ jurisdiction, colour: colour ?? undefined }} />}
        >
          {colour && (
            <Space className="dashboard-list-filter">
              <Tag color={CHART_COLOURS[colour]} data-filter={colour}>{t('dashboard.list.filtered', { colour: t(`colour.${colour}`) })}</Tag>
              <Button size="small" onClick={() => onColour(null)}>{t('dashboard.list.clear')}</Button>
            </Space>
          )}
          <Table
            size="small"
            rowKey="clockId"
            dataSource={listed}
            columns={columns}
            scroll={{ x: 'max-content' }}
            pagination={{ pageSize: 10, showSizeChanger: false, showTotal: (total) => t('list.total', { count: total }) }}
            locale={{ emptyText: t('dashboard.list.empty') }}
            onRow={(c) => ({ 'data-colour': c.colour, 'data-number': c.number ?? '' }) as HTMLAttributes<HTMLElement>}
          />
        </Card>
      </Col>
    </>
  );
}

/** The process view of procedure `key`, in the jurisdiction chosen. */
export function processPath(key: string, jurisdiction: string | undefined): string {
  return `/dashboard/processes/${encodeURIComponent(key)}${jurisdiction ? `?jurisdiction=${encodeURIComponent(jurisdiction)}` : ''}`;
}
