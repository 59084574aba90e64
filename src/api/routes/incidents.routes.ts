import { Router } from '@koa/router';
import { z } from 'zod';
import { auditContextOf } from '../../audit/audit-context.js';
import { ForbiddenError } from '../../errors.js';
import { can } from '../../jurisdiction/index.js';
import { bilingual, localize } from '../../language.js';
import type { IncidentDetail, IncidentSummary, Incidents } from '../../process-management/incidents.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';

const IncidentListQuery = z.object({
  processDefinitionKey: z.string().min(1).max(255).optional().describe('Only the incidents of this procedure.'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const IncidentParams = z.object({ id: z.string().min(1).max(64) });

/** Body of `POST /api/incidents/retry`. */
export const IncidentRetryBody = z.strictObject({
  ids: z.array(z.string().min(1).max(64), { error: bilingual('must be a list of incident ids', '须为异常编号列表') })
    .min(1, { error: bilingual('must name at least one incident', '须至少选择一条异常') })
    .max(100, { error: bilingual('must name at most 100 incidents', '一次最多重试 100 条') }),
});

const IncidentView = z.object({
  id: z.string(), type: z.string(), message: z.string().nullable(), at: z.iso.datetime(),
  processInstanceId: z.string().nullable(), processDefinitionKey: z.string().nullable(), procedureName: z.string().nullable(), version: z.number().int().nullable(),
  activityId: z.string().nullable(), activityName: z.string().nullable(), businessKey: z.string().nullable(),
  retryable: z.boolean(), calendarYear: z.number().int().nullable(),
});

/** Answer of `GET /api/incidents`. */
export const IncidentListResponse = z.object({ items: z.array(IncidentView), total: z.number().int(), offset: z.number().int(), limit: z.number().int() });
/** Answer of `GET /api/incidents/{id}`. */
export const IncidentResponse = IncidentView.extend({ details: z.string().nullable().describe('The stack trace or error details the worker or job left.') });
/** Answer of `POST /api/incidents/retry`. */
export const IncidentRetryResponse = z.object({ retried: z.array(z.string()) });

/**
 * The stopped steps of running procedures (流程异常) for administrators, process managers and engine operators
 * (`incident.manage`): `GET /api/incidents` lists them newest first, `GET /api/incidents/{id}` adds the error
 * details, `POST /api/incidents/retry` sends steps again.
 */
export function incidentRoutes(deps: { incidents: Incidents }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/incidents' });

  router.get('/', async (ctx) => {
    assertOperator(ctx.state);
    const q = parseInput(IncidentListQuery, ctx.query, 'query');
    const { items, total } = await deps.incidents.list(q);
    ctx.body = { items: items.map(view), total, offset: q.offset, limit: q.limit };
  });

  router.post('/retry', async (ctx) => {
    assertOperator(ctx.state);
    const { ids } = parseInput(IncidentRetryBody, ctx.request.body);
    ctx.body = { retried: await deps.incidents.retry(ids, auditContextOf(ctx)) };
  });

  router.get('/:id', async (ctx) => {
    assertOperator(ctx.state);
    const { id } = parseInput(IncidentParams, ctx.params, 'path');
    ctx.body = view(await deps.incidents.get(id));
  });

  return router;
}

/** Refuses (403) a caller who does not operate the procedures. */
function assertOperator(state: AppState): void {
  if (!can(principalOf(state), 'incident.manage')) {
    throw new ForbiddenError('FORBIDDEN', localize('Only administrators, process managers and engine operators handle incidents', '只有系统管理员、流程管理员和流程引擎运维人员可以处理流程异常'));
  }
}

function view<T extends IncidentSummary | IncidentDetail>(incident: T) {
  return { ...incident, at: incident.at.toISOString() };
}

/** The operations of {@link incidentRoutes}, for the OpenAPI description. */
export const incidentOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/incidents', tags: ['process-models'], security: 'bearer',
    summary: '流程异常 · The stopped steps of running procedures, newest first',
    query: IncidentListQuery,
    responses: [{ status: 200, description: 'A page of incidents with their procedure, case and step.', contentType: 'application/json', schema: IncidentListResponse }],
    errors: [403],
  },
  {
    method: 'post', path: '/api/incidents/retry', tags: ['process-models'], security: 'bearer',
    summary: '重试 · Send the steps of some incidents again (all or none)',
    body: { contentType: 'application/json', schema: IncidentRetryBody },
    responses: [{ status: 200, description: 'The incidents retried.', contentType: 'application/json', schema: IncidentRetryResponse }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/incidents/{id}', tags: ['process-models'], security: 'bearer',
    summary: '异常详情 · One incident with its error details',
    params: IncidentParams,
    responses: [{ status: 200, description: 'The incident.', contentType: 'application/json', schema: IncidentResponse }],
    errors: [403, 404],
  },
];
