import { Card, Col, Row, Table, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportButton } from './export-button';
import { MEASURE_IDS, type Figures, type Measure } from './supervision-api';
import { formatCount } from './supervision-format';
import { useECharts } from './use-echarts';

/**
 * 执法统计: the figures of the period as a bar chart with the same numbers in a table, the main figures month by
 * month as a line chart, and the CSV export of the figures.
 */
export function FiguresPanel({ totals, byMonth, jurisdiction }: { totals: Figures; byMonth: Figures; jurisdiction: string | undefined }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const rows = useMemo(() => MEASURE_IDS.filter((m) => totals.totals[m] !== undefined).map((m) => ({ measure: m, name: t(`dashboard.measure.${m}`), count: totals.totals[m] ?? 0 })), [totals, t]);

  const bar = useMemo<EChartsCoreOption>(() => ({
    aria: { enabled: true, label: { description: t('dashboard.figures.chart') } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
    series: [{ type: 'bar', data: rows.map((r) => r.count), itemStyle: { color: '#1d4ed8' }, label: { show: true, position: 'right' } }],
  }), [rows, t]);
  const barRef = useECharts<HTMLDivElement>({ option: bar });

  const trend = useMemo<EChartsCoreOption>(() => {
    const months = [...new Set(byMonth.rows.map((r) => r.month).filter((m): m is string => !!m))].sort();
    const measures = [...new Set(byMonth.rows.map((r) => r.measure))] as Measure[];
    return {
      aria: { enabled: true, label: { description: t('dashboard.figures.trendChart') } },
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, type: 'scroll' },
      grid: { left: 8, right: 16, top: 16, bottom: 40, containLabel: true },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', minInterval: 1 },
      series: measures.map((m) => ({
        type: 'line', name: t(`dashboard.measure.${m}`), smooth: false,
        data: months.map((month) => byMonth.rows.filter((r) => r.measure === m && r.month === month).reduce((sum, r) => sum + r.count, 0)),
      })),
    };
  }, [byMonth, t]);
  const trendRef = useECharts<HTMLDivElement>({ option: trend });

  return (
    <Card
      title={t('dashboard.figures.title')}
      className="dashboard-card"
      data-card="figures"
      extra={<ExportButton name="figures" query={{ jurisdiction, from: totals.from, to: totals.to }} />}
    >
      <Typography.Paragraph type="secondary" data-period={`${totals.from}/${totals.to}`}>
        {t('dashboard.figures.hint', { from: totals.from, to: totals.to })}
      </Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <div ref={barRef} className="dashboard-chart tall" data-chart="figures" role="img" aria-label={t('dashboard.figures.chart')} />
        </Col>
        <Col xs={24} lg={10}>
          <Table
            size="small"
            rowKey="measure"
            pagination={false}
            dataSource={rows}
            className="figures-table"
            title={() => t('dashboard.figures.table')}
            locale={{ emptyText: t('dashboard.figures.empty') }}
            onRow={(r) => ({ 'data-measure': r.measure }) as HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'name', title: t('dashboard.figures.measure'), dataIndex: 'name' },
              { key: 'count', title: t('dashboard.figures.count'), dataIndex: 'count', align: 'right', render: (v: number) => <span data-count={v}>{formatCount(v, language)}</span> },
            ]}
          />
        </Col>
        <Col xs={24}>
          <Typography.Title level={5}>{t('dashboard.figures.trend')}</Typography.Title>
          <div ref={trendRef} className="dashboard-chart" data-chart="trend" role="img" aria-label={t('dashboard.figures.trendChart')} />
        </Col>
      </Row>
    </Card>
  );
}
