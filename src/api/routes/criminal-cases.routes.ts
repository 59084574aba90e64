import { Router } from '@koa/router';
import { z } from 'zod';
import { CriminalCaseOpening, CustodyExtension, ProcuratorateDecision, ProsecutionDecision, type CriminalCaseService } from '../../cases/criminal-case-service.js';
import { ForbiddenError } from '../../errors.js';
import { can } from '../../jurisdiction/index.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';

const Id = z.object({ id: z.uuid({ error: 'must be a UUID' }) });

/**
 * Criminal cases under `/api/criminal-cases`: put a matter to filing review, read a case with its custody clocks,
 * and record the procuratorate's decisions: on an arrest request, on an extension of investigative custody, and
 * on a case transferred for prosecution.
 */
export function criminalCaseRoutes(deps: { criminalCases: CriminalCaseService }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/criminal-cases' });

  router.post('/', async (ctx) => {
    const principal = principalOf(ctx.state);
    if (!can(principal, 'case.open')) throw new ForbiddenError('FORBIDDEN', 'Only case, legal and leading officers put matters to criminal filing review');
    const body = parseInput(CriminalCaseOpening, ctx.request.body);
    deps.criminalCases.assertCityOfficer(principal, body.regionCode);
    const opened = await deps.criminalCases.open(body, { type: 'direct', id: null, reference: null }, principal.userId);
    ctx.status = 201;
    ctx.body = { id: opened.id, number: opened.number, processInstanceId: opened.processInstanceId, status: opened.status };
  });

  router.get('/:id', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = await deps.criminalCases.view(principalOf(ctx.state), id);
  });

  router.post('/:id/procuratorate-decision', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(ProcuratorateDecision, ctx.request.body);
    await deps.criminalCases.procuratorateDecision(principalOf(ctx.state), id, body);
    ctx.status = 202;
    ctx.body = { accepted: true };
  });

  router.post('/:id/custody-extension', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(CustodyExtension, ctx.request.body);
    const recorded = await deps.criminalCases.extendCustody(principalOf(ctx.state), id, body);
    ctx.status = 202;
    ctx.body = { accepted: true, ordinal: recorded.ordinal, article: recorded.article, months: recorded.months };
  });

  router.post('/:id/prosecution-decision', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(ProsecutionDecision, ctx.request.body);
    const recorded = await deps.criminalCases.prosecutionDecision(principalOf(ctx.state), id, body);
    ctx.status = 202;
    ctx.body = { accepted: true, ordinal: recorded.ordinal, decision: recorded.decision };
  });

  return router;
}

/** The operations of {@link criminalCaseRoutes}, for the OpenAPI description. */
export const criminalCaseOperations: ApiOperation[] = [
  {
    method: 'post', path: '/api/criminal-cases', tags: ['criminal-cases'], security: 'bearer',
    summary: '提请立案审查 · Put a matter to criminal filing review',
    body: { contentType: 'application/json', schema: CriminalCaseOpening },
    responses: [{ status: 201, description: '`{id, number, processInstanceId, status}`', contentType: 'application/json' }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/criminal-cases/{id}', tags: ['criminal-cases'], security: 'bearer',
    summary: '刑事案件详情 · A criminal case with its custody clocks',
    params: Id,
    responses: [{ status: 200, description: 'The case.', contentType: 'application/json' }],
    errors: [403, 404],
  },
  {
    method: 'post', path: '/api/criminal-cases/{id}/procuratorate-decision', tags: ['criminal-cases'], security: 'bearer',
    summary: '检察院批捕决定 · Record the procuratorate\'s decision on an arrest request',
    params: Id,
    body: { contentType: 'application/json', schema: ProcuratorateDecision },
    responses: [{ status: 202, description: '`{accepted: true}`', contentType: 'application/json' }],
    errors: [403, 404, 409, 422],
  },
  {
    method: 'post', path: '/api/criminal-cases/{id}/custody-extension', tags: ['criminal-cases'], security: 'bearer',
    summary: '延长侦查羁押期限 · Record an approved extension of investigative custody',
    params: Id,
    body: { contentType: 'application/json', schema: CustodyExtension },
    responses: [{ status: 202, description: '`{accepted: true, ordinal, article, months}`', contentType: 'application/json' }],
    errors: [403, 404, 409, 422],
  },
  {
    method: 'post', path: '/api/criminal-cases/{id}/prosecution-decision', tags: ['criminal-cases'], security: 'bearer',
    summary: '审查起诉决定 · Record the procuratorate\'s decision on a case transferred for prosecution',
    params: Id,
    body: { contentType: 'application/json', schema: ProsecutionDecision },
    responses: [{ status: 202, description: '`{accepted: true, ordinal, decision}`', contentType: 'application/json' }],
    errors: [403, 404, 409, 422],
  },
];
