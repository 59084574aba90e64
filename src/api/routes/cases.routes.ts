import { Router } from '@koa/router';
import { z } from 'zod';
import type { AdminCaseEntity } from '../../cases/admin-case.entity.js';
import { CaseExtension, CaseOpening, type CaseService } from '../../cases/case-service.js';
import { ForbiddenError } from '../../errors.js';
import { can } from '../../jurisdiction/index.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import { AcceptedResponse, AdminCaseStatusSchema, allValues, ProcedureClock, ProcedureDocument, startedProcedure } from '../schemas/cases-shared.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { bilingual, localize } from '../../language.js';

const Id = z.object({ id: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }) });

/** Answer of `POST /api/cases`: the opened case and its process. */
export const CaseOpenedResponse = startedProcedure(AdminCaseStatusSchema);

/** Answer of `GET /api/cases/{id}`: an administrative case with its clocks, documents and the extension of its time limit. */
export const CaseViewResponse = z.object({
  id: z.uuid(), number: z.string(), sourceType: z.enum(allValues<AdminCaseEntity['sourceType']>({ tip: true, inspection: true, direct: true })), sourceId: z.string().nullable(), sourceReference: z.string().nullable(),
  partyKind: z.enum(allValues<AdminCaseEntity['partyKind']>({ unit: true, person: true })), partyName: z.string(), partyIdentifier: z.string().nullable(), regionCode: z.string(),
  status: AdminCaseStatusSchema, violationId: z.string().nullable(), facts: z.string(),
  violation: z.object({ id: z.string(), violation: z.string().describe('What was done (违法行为).'), basis: z.string().describe('The legal basis as decisions cite it.') }).nullable()
    .describe('The violation found, from the penalty catalogue, once the investigation names it; null before.'),
  decision: z.enum(allValues<NonNullable<AdminCaseEntity['decision']>>({ penalty: true, 'no-penalty': true, 'transferred-criminal': true })).nullable(),
  penalty: z.string().nullable(), fineAmount: z.number().int().nullable(), processInstanceId: z.string().nullable(), createdBy: z.string(),
  createdAt: z.iso.datetime(), decidedAt: z.iso.datetime().nullable(), closedAt: z.iso.datetime().nullable(),
  clocks: z.array(ProcedureClock), documents: z.array(ProcedureDocument),
  extension: z.object({
    approvedBy: z.string().describe('The approving authority (the next-higher public security organ).'), approvalDocument: z.string().describe('The approval document number.'),
    by: z.string().describe('The leader who recorded it.'), recordedAt: z.iso.datetime(),
  }).nullable().describe('The extension of the time limit, once recorded (one at most); null while none.'),
});

/** Administrative cases under `/api/cases`: a case officer opens one directly; the city's officers read one with its clocks and documents. */
export function caseRoutes(deps: { cases: CaseService }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/cases' });

  router.post('/', async (ctx) => {
    const principal = principalOf(ctx.state);
    if (!can(principal, 'case.open')) throw new ForbiddenError('FORBIDDEN', localize('Only case, legal and leading officers open cases', '只有办案民警、法制民警和领导可以受案'));
    const body = parseInput(CaseOpening, ctx.request.body);
    deps.cases.assertCityOfficer(principal, body.regionCode);
    const opened = await deps.cases.open(body, { type: 'direct', id: null, reference: null }, principal.userId);
    ctx.status = 201;
    ctx.body = { id: opened.id, number: opened.number, processInstanceId: opened.processInstanceId, status: opened.status };
  });

  router.post('/:id/extension', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(CaseExtension, ctx.request.body);
    await deps.cases.extend(principalOf(ctx.state), id, body);
    ctx.status = 202;
    ctx.body = { accepted: true };
  });

  router.get('/:id', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = await deps.cases.view(principalOf(ctx.state), id);
  });

  return router;
}

/** The operations of {@link caseRoutes}, for the OpenAPI description. */
export const caseOperations: ApiOperation[] = [
  {
    method: 'post', path: '/api/cases', tags: ['cases'], security: 'bearer',
    summary: '受案 · Open an administrative case directly (case officers)',
    body: { contentType: 'application/json', schema: CaseOpening },
    responses: [{ status: 201, description: '`{id, number, processInstanceId, status}`', contentType: 'application/json', schema: CaseOpenedResponse }],
    errors: [403],
  },
  {
    method: 'post', path: '/api/cases/{id}/extension', tags: ['cases'], security: 'bearer',
    summary: '延长办案期限 · Record the approval of a longer time limit for the case',
    params: Id,
    body: { contentType: 'application/json', schema: CaseExtension },
    responses: [{ status: 202, description: '`{accepted: true}`', contentType: 'application/json', schema: AcceptedResponse }],
    errors: [403, 404, 409, 422],
  },
  {
    method: 'get', path: '/api/cases/{id}', tags: ['cases'], security: 'bearer',
    summary: '案件详情 · An administrative case with its clocks and documents',
    params: Id,
    responses: [{ status: 200, description: 'The case.', contentType: 'application/json', schema: CaseViewResponse }],
    errors: [403, 404],
  },
];
