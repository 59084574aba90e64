import { Router } from '@koa/router';
import { z } from 'zod';
import { ForbiddenError } from '../../errors.js';
import { can } from '../../jurisdiction/index.js';
import type { ReviewTasks } from '../../licensing/review-tasks.js';
import type { Workbench } from '../../workbench/workbench.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { bilingual, localize } from '../../language.js';

const TaskId = z.object({ id: z.string().regex(/^[\w-]{1,64}$/, { error: bilingual('must be a task id', '须为有效的任务编号') }) });
const Completion = z.strictObject({ values: z.record(z.string(), z.unknown()) });

/**
 * A task as the engine's REST API answers it (`TaskDto`), passed through; open, since a remote engine may add the
 * properties of its version.
 */
const EngineTask = z.looseObject({
  id: z.string(), name: z.string().nullable(), assignee: z.string().nullable(), owner: z.string().nullable(),
  created: z.iso.datetime(), lastUpdated: z.iso.datetime().nullable(), due: z.iso.datetime().nullable(), followUp: z.iso.datetime().nullable(),
  delegationState: z.enum(['PENDING', 'RESOLVED']).nullable(), description: z.string().nullable(), executionId: z.string().nullable(),
  parentTaskId: z.string().nullable(), priority: z.number().int(), processDefinitionId: z.string().nullable(), processInstanceId: z.string().nullable(),
  caseExecutionId: z.string().nullable(), caseDefinitionId: z.string().nullable(), caseInstanceId: z.string().nullable(),
  taskDefinitionKey: z.string().nullable(), suspended: z.boolean(), formKey: z.string().nullable(),
  camundaFormRef: z.object({ key: z.string(), binding: z.string(), version: z.number().int().nullable() }).nullable(),
  tenantId: z.string().nullable(), taskState: z.string().nullable(),
});

/** A form-js form as deployed with the process; open, as form-js schemas carry more properties than these. */
const DeployedForm = z.looseObject({
  id: z.string().optional(), type: z.string().optional(), schemaVersion: z.number().int().optional(), executionPlatform: z.string().optional(),
  executionPlatformVersion: z.string().optional(), components: z.array(z.looseObject({ type: z.string() })),
});

/** Answer of `GET /api/tasks/{id}`: the engine's task, its deployed form and the process variables as plain values. */
export const TaskDetailResponse = z.object({ task: EngineTask, form: DeployedForm, variables: z.record(z.string(), z.unknown()) });

/** Answer of `POST /api/tasks/{id}/complete`: the validated values the task was completed with. */
export const TaskCompletedResponse = z.object({ completed: z.literal(true), variables: z.record(z.string(), z.unknown()) });

/**
 * Officers' form steps under `/api/tasks`: a task with its form and the case's variables, and completing it
 * through its form (validated on the server). The task lists themselves come from the engine's task API.
 */
export function taskRoutes(deps: { tasks: ReviewTasks; workbench: Workbench }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/tasks' });
  router.use(async (ctx, next) => {
    if (!can(principalOf(ctx.state), 'workbench')) throw new ForbiddenError('FORBIDDEN', localize('Form steps are for officers', '只有民警可以办理表单环节'));
    await next();
  });

  router.get('/:id', async (ctx) => {
    const { id } = parseInput(TaskId, ctx.params, 'path');
    ctx.body = await deps.tasks.get(principalOf(ctx.state), ctx.get('Authorization'), id);
  });

  router.post('/:id/complete', async (ctx) => {
    const { id } = parseInput(TaskId, ctx.params, 'path');
    const body = parseInput(Completion, ctx.request.body);
    // through the workbench, so that the completion is recorded in the case's history and the audit log like any other
    const result = await deps.workbench.complete({ principal: principalOf(ctx.state), authorization: ctx.get('Authorization') }, id, body.values);
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
    responses: [{ status: 200, description: 'The task, its form (form-js) and the variables it shows.', contentType: 'application/json', schema: TaskDetailResponse }],
    errors: [403, 404],
  },
  {
    method: 'post', path: '/api/tasks/{id}/complete', tags: ['tasks'], security: 'bearer',
    summary: '提交表单完成任务 · Complete a task through its form',
    description: 'The values are validated against the task\'s form on the server (required fields, patterns, ranges, options, checksums).',
    params: TaskId,
    body: { contentType: 'application/json', schema: Completion },
    responses: [{ status: 200, description: '`{completed: true, variables}`', contentType: 'application/json', schema: TaskCompletedResponse }],
    errors: [403, 404, 422],
  },
];
