import { Router } from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { z } from 'zod';
import { JURISDICTION_CODE } from '../../jurisdiction/index.js';
import {
  CSV_MEDIA_TYPE, FIGURE_DIMENSIONS, MEASURE_IDS, PROCEDURE_KINDS, clocksCsv, dueListCsv, figuresCsv, type FigureDimension, type Measure, type Supervision,
} from '../../supervision/index.js';
import type { ClockList, DeployedProcedure, DueList, Figures, ProcedureSteps } from '../../supervision/supervision-types.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { bilingual } from '../../language.js';

/** Most rows a CSV export holds; exports ignore `offset` and `limit` and take every matching row up to this. */
export const SUPERVISION_EXPORT_LIMIT = 50_000;

const bool = z.enum(['true', 'false'], { error: bilingual('must be true or false', '须为 true 或 false') }).transform((v) => v === 'true');
const jurisdiction = z.string().regex(JURISDICTION_CODE, { error: bilingual('must be a jurisdiction code such as 440100 or 440106-shipai', '须为辖区代码，如 440100 或 440106-shipai') });
const localDate = z.iso.date({ error: bilingual('must be a date YYYY-MM-DD', '须为 YYYY-MM-DD 格式的日期') });
const format = z.enum(['json', 'csv'], { error: bilingual('must be json or csv', '须为 json 或 csv') });
const paging = {
  offset: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int({ error: bilingual('must be a whole number', '须为整数') }).min(0, { error: bilingual('must be 0 or more', '不得小于 0') }).default(0),
  limit: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int({ error: bilingual('must be a whole number', '须为整数') }).min(1, { error: bilingual('must be at least 1', '不得小于 1') }).max(500, { error: bilingual('must be at most 500', '不得大于 500') }).default(50),
};
const procedureFilters = {
  jurisdiction: jurisdiction.optional(),
  kind: z.enum(PROCEDURE_KINDS, { error: `must be one of ${PROCEDURE_KINDS.join(', ')}` }).optional(),
  procedure: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, { error: bilingual('must be a procedure key such as administrative-case', '须为流程标识，如 administrative-case') }).optional(),
};

/** A comma-separated list of values of `values`, e.g. `groupBy=jurisdiction,month`. */
function listOf<T extends string>(values: readonly T[], what: string) {
  const one = values.join('|');
  return z.string()
    .regex(new RegExp(`^(${one})(,(${one}))*$`), { error: `must be a comma-separated list of ${what}: ${values.join(', ')}` })
    .transform((v) => [...new Set(v.split(','))] as T[]);
}

/** Query of `GET /api/supervision/clocks`. */
export const SupervisionClocksQuery = z.strictObject({
  ...procedureFilters,
  colour: z.enum(['normal', 'blue', 'yellow', 'red'], { error: bilingual('must be normal, blue, yellow or red', '须为 normal、blue、yellow 或 red') }).optional(),
  overdue: bool.optional(),
  dueBefore: z.iso.datetime({ offset: true, error: bilingual('must be an ISO date-time', '须为 ISO 8601 格式的日期时间') }).transform((v) => new Date(v)).optional(),
  format: format.optional(),
  ...paging,
});

/** Query of `GET /api/supervision/overdue` and `GET /api/supervision/soon-due`. */
export const SupervisionDueListQuery = z.strictObject({
  ...procedureFilters,
  /** What a CSV export lists: the clocks (default), or the counts by jurisdiction or by officer. */
  rows: z.enum(['items', 'jurisdiction', 'officer'], { error: bilingual('must be items, jurisdiction or officer', '须为 items、jurisdiction 或 officer') }).default('items'),
  format: format.optional(),
  ...paging,
});

/** Query of `GET /api/supervision/figures`. */
export const SupervisionFiguresQuery = z.strictObject({
  from: localDate.optional(),
  to: localDate.optional(),
  jurisdiction: jurisdiction.optional(),
  groupBy: listOf<FigureDimension>(FIGURE_DIMENSIONS, 'dimensions').optional(),
  measures: listOf<Measure>(MEASURE_IDS, 'figures').optional(),
  format: format.optional(),
}).refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { error: bilingual('must not be before from', '不得早于起始日期'), path: ['to'] });

/** Answer of `GET /api/supervision/procedures`. */
export const SupervisionProceduresResponse = z.array(z.object({ key: z.string(), name: z.string().nullable(), version: z.number().int() })) satisfies z.ZodType<DeployedProcedure[]>;

/** Path of `GET /api/supervision/procedures/{key}/steps`. */
export const SupervisionProcedureParams = z.object({
  key: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, { error: bilingual('must be a procedure key such as administrative-case', '须为流程标识，如 administrative-case') }),
});

/** Query of `GET /api/supervision/procedures/{key}/steps`. */
export const SupervisionStepsQuery = z.strictObject({ jurisdiction: jurisdiction.optional() });

const ClockColour = z.enum(['normal', 'blue', 'yellow', 'red']);

/** Answer of `GET /api/supervision/procedures/{key}/steps`. */
export const SupervisionStepsResponse = z.object({
  procedureKey: z.string(), name: z.string().nullable(), processDefinitionId: z.string(), version: z.number().int(), xml: z.string(),
  jurisdiction: z.string().nullable(), scopes: z.array(z.string()), total: z.number().int(),
  steps: z.array(z.object({
    activityId: z.string(), name: z.string().nullable(), count: z.number().int(), colour: ClockColour.nullable(),
    colours: z.object({ normal: z.number().int(), blue: z.number().int(), yellow: z.number().int(), red: z.number().int(), none: z.number().int() }),
    cases: z.array(z.object({
      processInstanceId: z.string(), kind: z.enum(PROCEDURE_KINDS), number: z.string().nullable(), party: z.string().nullable(), jurisdiction: z.string(), procedureStatus: z.string(),
      taskId: z.string(), taskName: z.string().nullable(), assignee: z.string().nullable(), assigneeName: z.string().nullable(), created: z.string(),
      colour: ClockColour.nullable(), overdue: z.boolean(),
    })),
  })),
}) satisfies z.ZodType<ProcedureSteps>;

const ClockItem = z.object({
  clockId: z.string(), name: z.string(), ruleId: z.string(), ruleName: z.string(), status: z.enum(['running', 'paused']),
  colour: z.enum(['normal', 'blue', 'yellow', 'red']), startedAt: z.iso.datetime(), warnAt: z.iso.datetime(), dueAt: z.iso.datetime(),
  remaining: z.number(), unit: z.enum(['workingDays', 'calendarDays', 'hours']), overdue: z.boolean(), responsibleGroup: z.string().nullable(),
  processInstanceId: z.string(), kind: z.enum(PROCEDURE_KINDS), procedureKey: z.string(), number: z.string().nullable(), party: z.string().nullable(),
  jurisdiction: z.string(), procedureStatus: z.string(),
  tasks: z.array(z.object({
    id: z.string(), name: z.string().nullable(), activityId: z.string(), assignee: z.string().nullable(), assigneeName: z.string().nullable(),
    candidateGroups: z.array(z.string()), created: z.string(),
  })),
});
const DueGroup = z.object({ key: z.string().nullable(), name: z.string().nullable(), count: z.number().int() });

/** Answer of `GET /api/supervision/clocks`. */
export const SupervisionClocksResponse = z.object({ total: z.number().int(), items: z.array(ClockItem) }) satisfies z.ZodType<ClockList>;

/** Answer of the overdue and soon-due lists. */
export const SupervisionDueListResponse = z.object({ total: z.number().int(), byJurisdiction: z.array(DueGroup), byOfficer: z.array(DueGroup), items: z.array(ClockItem) }) satisfies z.ZodType<DueList>;

/** Answer of `GET /api/supervision/figures`. */
export const SupervisionFiguresResponse = z.object({
  from: z.iso.date(), to: z.iso.date(), jurisdiction: z.string().nullable(), scopes: z.array(z.string()), groupBy: z.array(z.enum(FIGURE_DIMENSIONS)),
  totals: z.record(z.string(), z.number()),
  rows: z.array(z.object({
    measure: z.enum(MEASURE_IDS), label: z.string(), procedure: z.string().nullable().optional(), stage: z.string().nullable().optional(),
    outcome: z.string().nullable().optional(), type: z.string().nullable().optional(), jurisdiction: z.string().nullable().optional(),
    jurisdictionName: z.string().nullable().optional(), month: z.string().nullable().optional(), count: z.number(),
  })),
}) satisfies z.ZodType<Figures>;

/**
 * Supervision (督办) under `/api/supervision` for leaders and administrators (`supervision.read`), each within
 * their jurisdiction and below: the clocks of open procedures, the overdue and soon-due lists, and the figures of
 * a period. Every list is also a CSV file (`?format=csv` or `Accept: text/csv`).
 */
export function supervisionRoutes(deps: { supervision: Supervision }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/supervision' });
  const s = deps.supervision;

  router.get('/clocks', async (ctx) => {
    const q = parseInput(SupervisionClocksQuery, ctx.query, 'query');
    const csv = wantsCsv(ctx, q.format);
    const result = await s.clocks(principalOf(ctx.state), csv ? { ...q, offset: 0, limit: SUPERVISION_EXPORT_LIMIT } : q);
    if (csv) sendCsv(ctx, 'clocks', clocksCsv(result.items));
    else ctx.body = result;
  });

  const dueList = (path: 'overdue' | 'soon-due', read: (...args: Parameters<Supervision['overdue']>) => ReturnType<Supervision['overdue']>) =>
    router.get(`/${path}`, async (ctx) => {
      const q = parseInput(SupervisionDueListQuery, ctx.query, 'query');
      const csv = wantsCsv(ctx, q.format);
      const list = await read(principalOf(ctx.state), csv ? { ...q, offset: 0, limit: SUPERVISION_EXPORT_LIMIT } : q);
      if (csv) sendCsv(ctx, q.rows === 'items' ? path : `${path}-by-${q.rows}`, dueListCsv(list, q.rows));
      else ctx.body = list;
    });
  dueList('overdue', (principal, filter) => s.overdue(principal, filter));
  dueList('soon-due', (principal, filter) => s.soonDue(principal, filter));

  router.get('/figures', async (ctx) => {
    const q = parseInput(SupervisionFiguresQuery, ctx.query, 'query');
    const figures = await s.figures(principalOf(ctx.state), { ...q, groupBy: q.groupBy ?? [] });
    if (wantsCsv(ctx, q.format)) sendCsv(ctx, 'figures', figuresCsv(figures));
    else ctx.body = figures;
  });

  router.get('/procedures', async (ctx) => {
    ctx.body = await s.procedures(principalOf(ctx.state));
  });

  router.get('/procedures/:key/steps', async (ctx) => {
    const { key } = parseInput(SupervisionProcedureParams, ctx.params, 'path');
    const q = parseInput(SupervisionStepsQuery, ctx.query, 'query');
    ctx.body = await s.steps(principalOf(ctx.state), key, q);
  });

  return router;
}

const csvResponse = { status: 200, description: 'The same list as CSV (UTF-8 with BOM, Chinese headers), with `format=csv` or `Accept: text/csv`.', contentType: 'text/csv' } as const;

/** The operations of {@link supervisionRoutes}, for the OpenAPI document. */
export const supervisionOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/supervision/clocks', tags: ['supervision'], security: 'bearer', query: SupervisionClocksQuery,
    summary: '期限监控 · Clocks of open procedures',
    description: 'Running and paused statutory clocks of the open procedures in the caller\'s jurisdiction and below, the nearest due first, with colour, procedure, party and the officers holding its tasks. Leaders and administrators (`supervision.read`).',
    responses: [{ status: 200, description: 'A page of clocks and the total.', contentType: 'application/json', schema: SupervisionClocksResponse }, csvResponse],
    errors: [403],
  },
  {
    method: 'get', path: '/api/supervision/overdue', tags: ['supervision'], security: 'bearer', query: SupervisionDueListQuery,
    summary: '超期督办 · Overdue clocks by jurisdiction and officer',
    responses: [{ status: 200, description: 'The overdue clocks (paged) with counts by jurisdiction and by officer.', contentType: 'application/json', schema: SupervisionDueListResponse }, csvResponse],
    errors: [403],
  },
  {
    method: 'get', path: '/api/supervision/soon-due', tags: ['supervision'], security: 'bearer', query: SupervisionDueListQuery,
    summary: '临期预警 · Soon-due clocks by jurisdiction and officer',
    responses: [{ status: 200, description: 'The clocks past their warning date but not yet due (yellow), paged, with counts by jurisdiction and by officer.', contentType: 'application/json', schema: SupervisionDueListResponse }, csvResponse],
    errors: [403],
  },
  {
    method: 'get', path: '/api/supervision/figures', tags: ['supervision'], security: 'bearer', query: SupervisionFiguresQuery,
    summary: '统计数据 · Figures of a period',
    description: 'Inspections done, problems found, rectification orders, administrative and criminal cases, permits, filings, guard certificates and tips of a period (local days in China time), by procedure, stage, outcome, type, jurisdiction and month.',
    responses: [{ status: 200, description: 'Totals and rows by the dimensions asked for.', contentType: 'application/json', schema: SupervisionFiguresResponse }, csvResponse],
    errors: [403],
  },
  {
    method: 'get', path: '/api/supervision/procedures', tags: ['supervision'], security: 'bearer',
    summary: '流程清单 · The deployed procedures',
    description: 'Every business procedure deployed in the engine (licensing, tips, inspections, cases, revocations; not the example models such as `example-greeting`), by key, at its newest version (key, name, version), for choosing one to look into by step. Leaders and administrators (`supervision.read`).',
    responses: [{ status: 200, description: '`[{key, name, version}]`, by key.', contentType: 'application/json', schema: SupervisionProceduresResponse }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/supervision/procedures/{key}/steps', tags: ['supervision'], security: 'bearer', params: SupervisionProcedureParams, query: SupervisionStepsQuery,
    summary: '流程节点监控 · Open cases by step of a procedure',
    description: 'The newest BPMN diagram of the procedure and, for each step, the open tasks of its cases in the caller\'s jurisdiction and below (or the jurisdiction asked for), with the worst colour of each case\'s clocks. Leaders and administrators (`supervision.read`). 404 for a key that is no deployed business procedure (e.g. the example `example-greeting`).',
    responses: [{ status: 200, description: 'The diagram and the cases waiting at each step.', contentType: 'application/json', schema: SupervisionStepsResponse }],
    errors: [403, 404],
  },
];

// helpers ////

type Ctx = ParameterizedContext<AppState>;

/** CSV when asked by `format=csv`, or by `Accept: text/csv` without `format=json`. */
function wantsCsv(ctx: Ctx, format: 'json' | 'csv' | undefined): boolean {
  if (format) return format === 'csv';
  return /(^|,)\s*text\/csv\b/i.test(ctx.get('Accept'));
}

function sendCsv(ctx: Ctx, name: string, csv: string): void {
  ctx.status = 200;
  ctx.body = csv;
  ctx.set('Content-Type', CSV_MEDIA_TYPE);
  ctx.set('Content-Disposition', `attachment; filename="supervision-${name}.csv"`);
}
