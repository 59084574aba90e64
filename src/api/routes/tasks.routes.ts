import { Router } from '@koa/router';
import { z } from 'zod';
import { ForbiddenError } from '../../errors.js';
import { can } from '../../jurisdiction/index.js';
import type { ReviewTasks } from '../../licensing/review-tasks.js';
import type { ApiOperation } from '../openapi/api-operation.js';
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
  router.use(async (ctx, next) => {
    if (!can(principalOf(ctx.state), 'workbench')) throw new ForbiddenError('FORBIDDEN', 'Form steps are for officers');
    await next();
  });

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

/** The operations of {@link taskRoutes}, for the OpenAPI description. */
export const taskOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/tasks/{id}', tags: ['tasks'], security: 'bearer',
    summary: '待办任务及其表单 · A task with its form and the case\'s variables',
    params: TaskId,
    responses: [{ status: 200, description: 'The task, its form (form-js) and the variables it shows.', contentType: 'application/json' }],
    errors: [403, 404],
  },
  {
    method: 'post', path: '/api/tasks/{id}/complete', tags: ['tasks'], security: 'bearer',
    summary: '提交表单完成任务 · Complete a task through its form',
    description: 'The values are validated against the task\'s form on the server (required fields, patterns, ranges, options, checksums).',
    params: TaskId,
    body: { contentType: 'application/json', schema: Completion },
    responses: [{ status: 200, description: '`{completed: true, variables}`', contentType: 'application/json' }],
    errors: [403, 404, 422],
  },
];
