import { Router } from '@koa/router';
import { z } from 'zod';
import { InspectionPlan, type InspectionService } from '../../inspections/inspection-service.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';

const Id = z.object({ id: z.uuid({ error: 'must be a UUID' }) });

/** Supervision inspections under `/api/inspections`: plan one (which starts its process) and read it with its clocks and documents. */
export function inspectionRoutes(deps: { inspections: InspectionService }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/inspections' });

  router.post('/', async (ctx) => {
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
