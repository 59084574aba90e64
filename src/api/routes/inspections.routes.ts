import { Router } from '@koa/router';
import { z } from 'zod';
import type { InspectionResult, InspectionStatus } from '../../inspections/inspection.entity.js';
import { InspectionListQuery, InspectionPlan, type InspectionService } from '../../inspections/inspection-service.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import { allValues, CaseReference, ProcedureClock, ProcedureDocument, startedProcedure } from '../schemas/cases-shared.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { bilingual } from '../../language.js';

const Id = z.object({ id: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }) });

const InspectionStatusSchema = z.enum(allValues<InspectionStatus>({ planned: true, rectifying: true, closed: true }));

/** The columns of an inspection, as the list answers them and the detail extends them. */
const InspectionColumns = {
  id: z.uuid(), number: z.string(), kind: InspectionPlan.shape.kind, unitName: z.string(), unitCreditCode: z.string().nullable(),
  unitAddress: z.string().nullable(), regionCode: z.string(), inspectorGroup: z.string(), status: InspectionStatusSchema,
  result: z.enum(allValues<InspectionResult>({ compliant: true, rectified: true, 'case-referred': true })).nullable(),
  processInstanceId: z.string().nullable(), createdBy: z.string(), sourceTipId: z.string().nullable(), plannedFor: z.iso.datetime().nullable(),
  inspectedAt: z.iso.datetime().nullable(), rectificationDueAt: z.iso.datetime().nullable(), createdAt: z.iso.datetime(), closedAt: z.iso.datetime().nullable(),
};

/** Answer of `GET /api/inspections`: a page of inspections with their findings. */
export const InspectionListResponse = z.object({
  items: z.array(z.object({ ...InspectionColumns, findings: z.array(z.string()) })),
  total: z.number().int(), offset: z.number().int(), limit: z.number().int(),
});

/** Answer of `POST /api/inspections`: the planned inspection and its process. */
export const InspectionPlannedResponse = startedProcedure(InspectionStatusSchema);

/** Answer of `GET /api/inspections/{id}`: an inspection with its findings, the case it led to, its clocks and documents. */
export const InspectionViewResponse = z.object({
  ...InspectionColumns, findings: z.array(z.string()), case: CaseReference.nullable(), clocks: z.array(ProcedureClock), documents: z.array(ProcedureDocument),
});

/**
 * Supervision inspections under `/api/inspections`: list those of the caller's jurisdiction, plan one (which starts
 * its process) and read it with its clocks and documents.
 */
export function inspectionRoutes(deps: { inspections: InspectionService }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/inspections' });

  router.get('/', async (ctx) => {
    const q = parseInput(InspectionListQuery, ctx.query, 'query');
    ctx.body = { ...(await deps.inspections.list(principalOf(ctx.state), q)), offset: q.offset, limit: q.limit };
  });

  router.post('/', async (ctx) => {
    deps.inspections.assertPlanner(principalOf(ctx.state));
    const body = parseInput(InspectionPlan, ctx.request.body);
    const inspection = await deps.inspections.plan(principalOf(ctx.state), body);
    ctx.status = 201;
    ctx.body = { id: inspection.id, number: inspection.number, processInstanceId: inspection.processInstanceId, status: inspection.status };
  });

  router.get('/:id', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = await deps.inspections.view(principalOf(ctx.state), id);
  });

  return router;
}

/** The operations of {@link inspectionRoutes}, for the OpenAPI description. */
export const inspectionOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/inspections', tags: ['inspections'], security: 'bearer',
    summary: '检查列表 · The inspections of the caller\'s jurisdiction',
    query: InspectionListQuery,
    responses: [{ status: 200, description: '`{items, total, offset, limit}`; each item with its findings, as in the detail.', contentType: 'application/json', schema: InspectionListResponse }],
    errors: [403],
  },
  {
    method: 'post', path: '/api/inspections', tags: ['inspections'], security: 'bearer',
    summary: '制定检查计划 · Plan an inspection, which starts its procedure',
    body: { contentType: 'application/json', schema: InspectionPlan },
    responses: [{ status: 201, description: '`{id, number, processInstanceId, status}`', contentType: 'application/json', schema: InspectionPlannedResponse }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/inspections/{id}', tags: ['inspections'], security: 'bearer',
    summary: '检查详情 · An inspection with its findings, clocks and documents',
    params: Id,
    responses: [{ status: 200, description: 'The inspection.', contentType: 'application/json', schema: InspectionViewResponse }],
    errors: [403, 404],
  },
];
