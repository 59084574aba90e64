import { Router } from '@koa/router';
import { z } from 'zod';
import { CaseExtension, CaseOpening, type CaseService } from '../../cases/case-service.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';

const Id = z.object({ id: z.uuid({ error: 'must be a UUID' }) });

/** Administrative cases under `/api/cases`: a case officer opens one directly; the city's officers read one with its clocks and documents. */
export function caseRoutes(deps: { cases: CaseService }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/cases' });

  router.post('/', async (ctx) => {
    const body = parseInput(CaseOpening, ctx.request.body);
    const principal = principalOf(ctx.state);
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
