import { Router } from '@koa/router';
import { z } from 'zod';
import type { ReviewTasks } from '../../licensing/review-tasks.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';

const TaskId = z.object({ id: z.string().regex(/^[\w-]{1,64}$/, { error: 'must be a task id' }) });
const Completion = z.strictObject({ values: z.record(z.string(), z.unknown()) });

/**
 * Officers' form steps under `/api/tasks`: a task with its form and the case's variables, and completing it
 * through its form (validated on the server). The task lists themselves come from the engine's task API.
 */
export function taskRoutes(deps: { tasks: ReviewTasks }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/tasks' });

  router.get('/:id', async (ctx) => {
    const { id } = parseInput(TaskId, ctx.params, 'path');
    ctx.body = await deps.tasks.get(principalOf(ctx.state), ctx.get('Authorization'), id);
  });

  router.post('/:id/complete', async (ctx) => {
    const { id } = parseInput(TaskId, ctx.params, 'path');
    const body = parseInput(Completion, ctx.request.body);
    const result = await deps.tasks.complete(principalOf(ctx.state), ctx.get('Authorization'), id, body.values);
    ctx.body = { completed: true, variables: result.variables };
  });

  return router;
}
