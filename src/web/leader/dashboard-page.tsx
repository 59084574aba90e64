import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, DatePicker, Row, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Colour } from '../api';
import { ClockPanels } from './clock-panels';
import { FiguresPanel } from './figures-panel';
import { JurisdictionSelect } from './jurisdiction-select';
import { OverduePanel } from './overdue-panel';
import { allClocks, COLOURS, deployedProcedures, figures, jurisdictionTree, overdueList, type DeployedProcedure, type DueList, type Figures, type JurisdictionNode, type SupervisedClock } from './supervision-api';
import './dashboard.css';

/** What the dashboard shows, read once per filter change. */
interface Data {
  clocks: SupervisedClock[];
  overdue: DueList;
  totals: Figures;
  byMonth: Figures;
}

/** The figures drawn month by month. */
const TREND_MEASURES = ['procedures-started', 'inspections-done', 'admin-cases-opened', 'criminal-cases-opened', 'tips-received'];

/**
 * 监管看板 (`/dashboard`) for leaders and administrators: the running statutory clocks of their jurisdiction by
 * colour (clicking a colour filters the list), the open work by procedure with the way to each procedure's process
 * view, the overdue list, and the figures of a period as charts with their table; each list and the figures can be
 * exported as CSV. The jurisdiction, the period and the colour filter are kept in the address.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const jurisdiction = params.get('jurisdiction') ?? undefined;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  const colourParam = params.get('colour');
  const colour = COLOURS.find((c) => c === colourParam) ?? null;

  const [tree, setTree] = useState<JurisdictionNode[]>([]);
  const [procedures, setProcedures] = useState<DeployedProcedure[]>([]);
  const [data, setData] = useState<Data | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    jurisdictionTree().then(setTree, () => setTree([]));
    // every deployed business procedure has its row and its process view, open work or not
    deployedProcedures().then(setProcedures, () => setProcedures([]));
  }, []);

  useEffect(() => {
    let current = true;
    setLoading(true);
    setError(null);
    Promise.all([
      allClocks(jurisdiction),
      overdueList(jurisdiction),
      figures({ jurisdiction, from, to }),
      figures({ jurisdiction, from, to, groupBy: 'month', measures: TREND_MEASURES.join(',') }),
    ]).then(
      ([clocks, overdue, totals, byMonth]) => {
        if (!current) return;
        setData({ clocks, overdue, totals, byMonth });
        setLoading(false);
      },
      (e: unknown) => {
        if (!current) return;
        setError(e instanceof Error ? e.message : String(e));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [jurisdiction, from, to, reload]);

  const update = useCallback((changes: Record<string, string | undefined>) => {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    }, { replace: true });
  }, [setParams]);

  const period: [Dayjs, Dayjs] | null = data ? [dayjs(data.totals.from), dayjs(data.totals.to)] : null;

  return (
    <div className="dashboard-page" data-loading={loading ? 'true' : 'false'}>
      <div className="dashboard-header">
        <div>
          <Typography.Title level={3} className="dashboard-title">{t('dashboard.title')}</Typography.Title>
          <Typography.Text type="secondary">{t('dashboard.intro')}</Typography.Text>
        </div>
        <Space wrap className="dashboard-filters">
          <label className="dashboard-filter">
            <span>{t('dashboard.filters.jurisdiction')}</span>
            <JurisdictionSelect tree={tree} value={jurisdiction} onChange={(code) => update({ jurisdiction: code, colour: undefined })} />
          </label>
          <label className="dashboard-filter">
            <span>{t('dashboard.filters.period')}</span>
            <DatePicker.RangePicker
              aria-label={t('dashboard.filters.period')}
              value={period}
              allowClear={false}
              placeholder={[t('dashboard.filters.start'), t('dashboard.filters.end')]}
              onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
            />
          </label>
          <Button icon={<ReloadOutlined />} onClick={() => setReload((n) => n + 1)} loading={loading}>{t('dashboard.filters.refresh')}</Button>
        </Space>
      </div>
      {error && <Alert type="error" showIcon message={t('dashboard.loadFailed')} description={error} />}
      {data && (
        <Row gutter={[16, 16]}>
          <ClockPanels
            clocks={data.clocks}
            procedures={procedures}
            colour={colour}
            onColour={(c: Colour | null) => update({ colour: c ?? undefined })}
            jurisdiction={jurisdiction}
          />
          <Col xs={24}>
            <OverduePanel list={data.overdue} jurisdiction={jurisdiction} />
          </Col>
          <Col xs={24}>
            <FiguresPanel totals={data.totals} byMonth={data.byMonth} jurisdiction={jurisdiction} />
          </Col>
        </Row>
      )}
    </div>
  );
}
