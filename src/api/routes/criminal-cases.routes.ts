import { Router } from '@koa/router';
import { z } from 'zod';
import { CriminalCaseOpening, CustodyExtension, ProcuratorateDecision, ProsecutionDecision, type CriminalCaseService } from '../../cases/criminal-case-service.js';
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
    const body = parseInput(CriminalCaseOpening, ctx.request.body);
    const principal = principalOf(ctx.state);
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
