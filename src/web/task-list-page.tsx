import { Alert, Button, Card, Checkbox, Form, Grid, Input, List, Select, Space, Table, Tag, Typography, type TableColumnsType, type TableProps } from 'antd';
import { useEffect, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { get, post, problemText, type CaseSummary, type Colour, type CopyItem, type DoneItem, type Page, type ProcedureKind, type Query, type StartedItem, type TodoItem } from './api';
import { ClockTag } from './clock-tag';
import { formatDateTime } from './format';
import { caseFilePath } from './officer/officer-api';
import { statusName, useJurisdictionName } from './procedure-names';

/** The officers' four task lists: 待办, 已办, 我发起的, 抄送我的. */
export const TASK_LISTS = ['todo', 'done', 'started', 'copies'] as const;

/** One of the officers' task lists. */
export type TaskList = (typeof TASK_LISTS)[number];

const COLOURS: Colour[] = ['normal', 'blue', 'yellow', 'red'];
const SCOPES = ['all', 'assigned', 'claimable'] as const;
const PAGE_SIZES = [10, 20, 50, 100];

/** An item of any list, in the shape the table and the cards show. */
interface Row {
  key: string;
  /** The process instance of the row's case: its case file. */
  processInstanceId: string;
  title: string | null;
  kind: ProcedureKind | null;
  number: string | null;
  party: string | null;
  jurisdiction: string | null;
  colour: Colour | null;
  overdue: boolean;
  /** Date columns by name (a key of `column.*`). */
  dates: Record<string, string | null>;
  /** The list's own column (outcome, status, sender), when it has one. */
  extra: ReactNode;
}

/** What differs between the lists: where they come from, their date columns and how they sort. */
interface ListSpec {
  path: string;
  dateColumns: string[];
  /** Server sort key of each sortable date column; `null` when the list only orders (by its one date). */
  sortKeys: Record<string, string | null>;
  defaultSort: string | null;
  defaultOrder: 'asc' | 'desc';
  extraColumn: string | null;
  hasColour: boolean;
  toRows: (page: Page<never>, t: TFunction) => Row[];
}

const caseFields = (c: CaseSummary | null) => ({ kind: c?.kind ?? null, number: c?.number ?? null, party: c?.party ?? null, jurisdiction: c?.jurisdiction ?? null });

const SPECS: Record<TaskList, ListSpec> = {
  todo: {
    path: '/api/workbench/todo', dateColumns: ['created', 'due'], sortKeys: { created: 'created', due: 'due' }, defaultSort: 'due', defaultOrder: 'asc',
    extraColumn: null, hasColour: true,
    toRows: (page) => (page as Page<TodoItem>).items.map((i) => ({
      key: i.id, processInstanceId: i.processInstanceId, title: i.name, ...caseFields(i.case), colour: i.colour, overdue: i.overdue, dates: { created: i.created, due: i.due }, extra: null,
    })),
  },
  done: {
    path: '/api/workbench/done', dateColumns: ['taskStarted', 'ended'], sortKeys: { taskStarted: 'started', ended: 'ended' }, defaultSort: 'ended', defaultOrder: 'desc',
    extraColumn: 'outcome', hasColour: true,
    toRows: (page, t) => (page as Page<DoneItem>).items.map((i) => ({
      key: i.id, processInstanceId: i.processInstanceId, title: i.name, ...caseFields(i.case), colour: i.colour, overdue: false, dates: { taskStarted: i.started, ended: i.ended },
      extra: <Tag color={i.outcome === 'completed' ? 'success' : 'default'}>{t(`outcome.${i.outcome}`)}</Tag>,
    })),
  },
  started: {
    path: '/api/workbench/started', dateColumns: ['startedAt'], sortKeys: { startedAt: null }, defaultSort: null, defaultOrder: 'desc',
    extraColumn: 'status', hasColour: true,
    toRows: (page, t) => (page as Page<StartedItem>).items.map((i) => ({
      key: i.processInstanceId, processInstanceId: i.processInstanceId, title: t(`kind.${i.kind}`), kind: i.kind, number: i.number, party: i.party, jurisdiction: i.jurisdiction, colour: i.colour, overdue: false,
      dates: { startedAt: i.startedAt }, extra: <Tag data-status={i.status}>{statusName(i.kind, i.status, t)}</Tag>,
    })),
  },
  copies: {
    path: '/api/workbench/copies', dateColumns: ['copiedAt'], sortKeys: {}, defaultSort: null, defaultOrder: 'desc',
    extraColumn: 'from', hasColour: false,
    toRows: (page, t) => (page as Page<CopyItem>).items.map((i) => ({
      key: i.id, processInstanceId: i.processInstanceId, title: i.taskName, ...caseFields(i.case), colour: null, overdue: false, dates: { copiedAt: i.createdAt },
      extra: (
        <Space size={4} wrap>
          <span>{i.fromUser}</span>
          <Tag color={i.readAt ? 'default' : 'orange'}>{t(i.readAt ? 'read.read' : 'read.unread')}</Tag>
          {i.comment && <Typography.Text type="secondary">{i.comment}</Typography.Text>}
        </Space>
      ),
    })),
  },
};

interface Filters {
  number?: string;
  party?: string;
  colour?: Colour;
  scope?: (typeof SCOPES)[number];
  overdue?: boolean;
}

/**
 * One of the four task lists, with its filters (number, party, clock colour; scope and overdue for 待办), sorting
 * and server-side paging, all kept in the address (so reloading and going back keep them): a table on a wide
 * screen, cards on a phone.
 */
export function TaskListPage({ list }: { list: TaskList }) {
  const { t, i18n } = useTranslation();
  const jurisdictionName = useJurisdictionName();
  const spec = SPECS[list];
  const phone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  // the items of 待办 open their task page; those of 已办 the case file with the task highlighted (and 撤回 there),
  // those of 我发起的 and 抄送我的 the case file (a copy is then read)
  const taskPath = (row: Row): string | null => {
    if (list === 'todo') return `/tasks/${encodeURIComponent(row.key)}`;
    return caseFilePath(row.processInstanceId, list === 'done' ? row.key : undefined);
  };
  const openRow = (row: Row) => {
    if (list === 'copies') void post(`/api/workbench/copies/${encodeURIComponent(row.key)}/read`).catch(() => undefined);
    void navigate(taskPath(row) as string);
  };
  const [form] = Form.useForm<Filters>();
  const [page, setPage] = useState<Page<never> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [attempt, setAttempt] = useState(0);

  const pageNumber = positive(params.get('page'), 1);
  const pageSize = PAGE_SIZES.includes(positive(params.get('size'), 20)) ? positive(params.get('size'), 20) : 20;
  const sort = params.get('sort') ?? spec.defaultSort;
  const order = params.get('order') === 'asc' || params.get('order') === 'desc' ? (params.get('order') as 'asc' | 'desc') : spec.defaultOrder;
  const filters = useMemo<Filters>(() => readFilters(params, list), [params, list]);

  useEffect(() => {
    form.setFieldsValue({ number: undefined, party: undefined, colour: undefined, scope: undefined, overdue: undefined, ...filters });
  }, [form, filters]);

  useEffect(() => {
    let current = true;
    const query: Query = {
      number: filters.number, party: filters.party, colour: filters.colour, offset: (pageNumber - 1) * pageSize, limit: pageSize,
      ...(list === 'todo' ? { scope: filters.scope, overdue: filters.overdue ? 'true' : undefined } : {}),
      ...(list !== 'copies' ? { order } : {}),
      ...(sort && list !== 'started' && list !== 'copies' ? { sort } : {}),
    };
    setLoading(true);
    setError(null);
    get<Page<never>>(spec.path, query).then(
      (answer) => {
        if (!current) return;
        setPage(answer);
        setLoading(false);
      },
      (e: unknown) => {
        if (!current) return;
        setError(problemText(e, t));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [spec.path, list, filters, pageNumber, pageSize, sort, order, attempt]);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };
  const applyFilters = (values: Filters) => {
    update({
      number: values.number?.trim(), party: values.party?.trim(), colour: values.colour,
      scope: values.scope && values.scope !== 'all' ? values.scope : undefined, overdue: values.overdue ? 'true' : undefined, page: undefined,
    });
  };

  const rows = page ? spec.toRows(page, t) : [];
  const total = page?.total ?? 0;
  const language = i18n.language;
  const kindTag = (row: Row) => (row.kind && list !== 'started' ? <Tag>{t(`kind.${row.kind}`)}</Tag> : null);

  const columns: TableColumnsType<Row> = [
    {
      key: 'title', title: list === 'started' ? t('column.procedure') : t('column.task'),
      render: (_, row) => (
        <Space direction="vertical" size={2}>
          {taskPath(row) ? <Link to={taskPath(row) as string} onClick={(e) => { e.stopPropagation(); e.preventDefault(); openRow(row); }}>{row.title ?? '—'}</Link> : <span>{row.title ?? '—'}</span>}
          {kindTag(row)}
        </Space>
      ),
    },
    { key: 'number', title: t('column.number'), dataIndex: 'number', render: (v: string | null) => v ?? '—' },
    { key: 'party', title: t('column.party'), dataIndex: 'party', render: (v: string | null) => v ?? '—' },
    { key: 'jurisdiction', title: t('column.jurisdiction'), dataIndex: 'jurisdiction', render: (v: string | null) => jurisdictionName(v) },
    ...spec.dateColumns.map((name): TableColumnsType<Row>[number] => {
      const sortable = name in spec.sortKeys;
      const sorted = sortable && (spec.sortKeys[name] === null || spec.sortKeys[name] === sort);
      return {
        key: name, title: t(`column.${name}`),
        render: (_: unknown, row: Row) => formatDateTime(row.dates[name], language),
        ...(sortable ? { sorter: true, sortDirections: ['ascend', 'descend'], sortOrder: sorted ? (order === 'asc' ? 'ascend' : 'descend') : null } : {}),
      };
    }),
    ...(spec.hasColour ? [{ key: 'clock', title: t('column.clock'), render: (_: unknown, row: Row) => <ClockTag colour={row.colour} overdue={row.overdue} /> }] : []),
    ...(spec.extraColumn ? [{ key: 'extra', title: t(`column.${spec.extraColumn}`), render: (_: unknown, row: Row) => row.extra }] : []),
  ];

  const onTableChange: TableProps<Row>['onChange'] = (pagination, _filters, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const column = typeof s?.columnKey === 'string' ? s.columnKey : null;
    const changes: Record<string, string | undefined> = {
      page: pagination.current && pagination.current > 1 ? String(pagination.current) : undefined,
      size: pagination.pageSize && pagination.pageSize !== 20 ? String(pagination.pageSize) : undefined,
    };
    if (column && column in spec.sortKeys && s?.order) {
      const key = spec.sortKeys[column];
      changes['sort'] = key ?? undefined;
      changes['order'] = s.order === 'ascend' ? 'asc' : 'desc';
      if (key !== sort || changes['order'] !== order) changes['page'] = undefined;
    }
    update(changes);
  };

  const pagination = {
    current: pageNumber, pageSize, total, showSizeChanger: !phone, pageSizeOptions: PAGE_SIZES,
    showTotal: (count: number) => t('list.total', { count }), size: phone ? ('small' as const) : ('default' as const),
  };

  return (
    <div className="task-list" data-list={list}>
      <Typography.Title level={4}>{t(`nav.${list}`)}</Typography.Title>
      <Form<Filters> form={form} layout={phone ? 'vertical' : 'inline'} className="list-filters" onFinish={applyFilters}>
        {list === 'todo' && (
          <Form.Item name="scope" label={phone ? undefined : t('filter.scope')}>
            <Select style={{ minWidth: 110 }} placeholder={t('scope.all')} options={SCOPES.map((s) => ({ value: s, label: t(`scope.${s}`) }))} allowClear aria-label={t('filter.scope')} />
          </Form.Item>
        )}
        <Form.Item name="number">
          <Input placeholder={t('filter.number')} allowClear aria-label={t('filter.number')} />
        </Form.Item>
        <Form.Item name="party">
          <Input placeholder={t('filter.party')} allowClear aria-label={t('filter.party')} />
        </Form.Item>
        {spec.hasColour && (
          <Form.Item name="colour">
            <Select style={{ minWidth: 120 }} placeholder={t('filter.anyColour')} allowClear aria-label={t('filter.colour')}
              options={COLOURS.map((c) => ({ value: c, label: t(`colour.${c}`) }))} />
          </Form.Item>
        )}
        {list === 'todo' && (
          <Form.Item name="overdue" valuePropName="checked">
            <Checkbox>{t('filter.overdue')}</Checkbox>
          </Form.Item>
        )}
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('filter.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                applyFilters({});
              }}
            >
              {t('filter.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {error && (
        <Alert type="error" showIcon message={t('list.loadFailed')} description={error} style={{ marginBottom: 16 }}
          action={<Button size="small" onClick={() => setAttempt((a) => a + 1)}>{t('list.retry')}</Button>} />
      )}
      {phone ? (
        <List<Row>
          loading={loading}
          dataSource={rows}
          locale={{ emptyText: t('list.empty') }}
          pagination={{ ...pagination, simple: true, onChange: (p) => update({ page: p > 1 ? String(p) : undefined }) }}
          renderItem={(row) => (
            <Card
              className={taskPath(row) ? 'list-card clickable' : 'list-card'}
              data-row={row.key}
              {...(taskPath(row) ? {
                role: 'link', tabIndex: 0, 'aria-label': `${t('task.open')}：${row.title ?? ''}`,
                onClick: () => openRow(row),
                onKeyDown: (e: KeyboardEvent) => { if (e.key === 'Enter') openRow(row); },
              } : {})}
            >
              <div className="list-card-title">
                {row.title ?? '—'} {kindTag(row)}
              </div>
              <div className="list-card-row">
                {t('column.number')}：{row.number ?? '—'}
              </div>
              <div className="list-card-row">
                {t('column.party')}：{row.party ?? '—'}
              </div>
              <div className="list-card-row">
                {t('column.jurisdiction')}：{jurisdictionName(row.jurisdiction)}
              </div>
              {spec.dateColumns.map((name) => (
                <div className="list-card-row" key={name}>
                  {t(`column.${name}`)}：{formatDateTime(row.dates[name], language)}
                </div>
              ))}
              <Space size={4} wrap style={{ marginTop: 8 }}>
                {spec.hasColour && <ClockTag colour={row.colour} overdue={row.overdue} />}
                {row.extra}
              </Space>
            </Card>
          )}
        />
      ) : (
        <Table<Row>
          rowKey="key"
          loading={loading}
          columns={columns}
          dataSource={rows}
          locale={{ emptyText: t('list.empty') }}
          pagination={pagination}
          onChange={onTableChange}
          scroll={{ x: 'max-content' }}
          onRow={(row) => {
            const path = taskPath(row);
            return path ? { className: 'clickable', onClick: () => openRow(row) } : {};
          }}
        />
      )}
    </div>
  );
}

// helpers ////

function positive(value: string | null, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

function readFilters(params: URLSearchParams, list: TaskList): Filters {
  const colour = COLOURS.find((c) => c === params.get('colour'));
  const scope = SCOPES.find((s) => s === params.get('scope'));
  return {
    ...(params.get('number') ? { number: params.get('number') as string } : {}),
    ...(params.get('party') ? { party: params.get('party') as string } : {}),
    ...(colour ? { colour } : {}),
    ...(list === 'todo' && scope ? { scope } : {}),
    ...(list === 'todo' && params.get('overdue') === 'true' ? { overdue: true } : {}),
  };
}
