import { Router } from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { z } from 'zod';
import { ForbiddenError } from '../../errors.js';
import { can } from '../../jurisdiction/index.js';
import type { Caller, Workbench } from '../../workbench/workbench.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';

const TaskId = z.object({ id: z.string().regex(/^[\w-]{1,64}$/, { error: 'must be a task id' }) });
const AnyId = z.object({ id: z.string().regex(/^[\w-]{1,64}$/, { error: 'must be an id' }) });
const UserId = z.string().regex(/^[\w.@-]{1,64}$/, { error: 'must be a user id' });
const Comment = z.string().trim().min(1, { error: 'is required' }).max(2000);
const Paging = { offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(200).default(20) };
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const date = z.iso.datetime({ offset: true, error: 'must be an ISO date-time' }).transform((v) => new Date(v));

const TodoQuery = z.strictObject({
  scope: z.enum(['all', 'assigned', 'claimable']).default('all'),
  procedure: z.string().max(255).optional(), number: z.string().max(64).optional(), party: z.string().max(200).optional(),
  dueBefore: date.optional(), dueAfter: date.optional(), overdue: bool.optional(),
  colour: z.enum(['normal', 'blue', 'yellow', 'red']).optional(),
  jurisdiction: z.string().regex(/^\d{6}(-[a-z0-9]{1,24})?$/, { error: 'must be a jurisdiction code' }).optional(),
  sort: z.enum(['due', 'created', 'priority']).default('due'), order: z.enum(['asc', 'desc']).default('asc'),
  ...Paging,
});
const DoneQuery = z.strictObject({ procedure: z.string().max(255).optional(), number: z.string().max(64).optional(), ...Paging });
const StartedQuery = z.strictObject({ procedure: z.string().max(255).optional(), number: z.string().max(64).optional(), party: z.string().max(200).optional(), status: z.string().max(32).optional(), ...Paging });
const CopiesQuery = z.strictObject({ unread: bool.optional(), ...Paging });
const OptionalComment = z.strictObject({ comment: Comment.optional() });
const RequiredComment = z.strictObject({ comment: Comment });
const Completion = z.strictObject({ values: z.record(z.string(), z.unknown()), comment: Comment.optional() });
const SendBack = z.strictObject({ activityId: z.string().min(1).max(255), comment: Comment });
const Handover = z.strictObject({ userId: UserId, comment: Comment });
const Copy = z.strictObject({ userIds: z.array(UserId).min(1, { error: 'name at least one person' }).max(20), comment: Comment.optional() });
const Remark = z.strictObject({ text: Comment });
const TaskIds = z.array(z.string().regex(/^[\w-]{1,64}$/, { error: 'must be a task id' })).min(1, { error: 'name at least one task' }).max(100);
const BulkClaim = z.strictObject({ taskIds: TaskIds });
const BulkTransfer = z.strictObject({ taskIds: TaskIds, userId: UserId, comment: Comment });
const Phrase = z.strictObject({ text: z.string().trim().min(1, { error: 'is required' }).max(500) });

/**
 * The officers' workbench under `/api/workbench`: the lists 待办 (`todo`), 已办 (`done`), 我发起的 (`started`) and
 * 抄送我的 (`copies`) with their counts, a task's detail and diagram, the task operations (claim, complete, send
 * back, transfer, delegate, resolve, withdraw, carbon copy, urge, comment, bulk claim and transfer) and the
 * caller's common approval phrases. Every officer with a workbench role may use it.
 */
export function workbenchRoutes(deps: { workbench: Workbench }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/workbench' });
  const wb = deps.workbench;
  router.use(async (ctx, next) => {
    if (!can(principalOf(ctx.state), 'workbench')) throw new ForbiddenError('FORBIDDEN', 'The workbench is for officers');
    await next();
  });

  router.get('/counts', async (ctx) => { ctx.body = await wb.counts(callerOf(ctx)); });
  router.get('/todo', async (ctx) => { ctx.body = await wb.todo(callerOf(ctx), parseInput(TodoQuery, ctx.query, 'query')); });
  router.get('/done', async (ctx) => { ctx.body = await wb.done(callerOf(ctx), parseInput(DoneQuery, ctx.query, 'query')); });
  router.get('/started', async (ctx) => { ctx.body = await wb.started(callerOf(ctx), parseInput(StartedQuery, ctx.query, 'query')); });
  router.get('/copies', async (ctx) => { ctx.body = await wb.copies(callerOf(ctx), parseInput(CopiesQuery, ctx.query, 'query')); });
  router.post('/copies/:id/read', async (ctx) => {
    await wb.markCopyRead(callerOf(ctx), parseInput(AnyId, ctx.params, 'path').id);
    ctx.status = 204;
  });

  router.get('/tasks/:id', async (ctx) => { ctx.body = await wb.detail(callerOf(ctx), taskIdOf(ctx)); });
  router.get('/tasks/:id/diagram', async (ctx) => { ctx.body = await wb.diagram(callerOf(ctx), taskIdOf(ctx)); });

  const act = (path: string, run: (ctx: Ctx, caller: Caller, id: string) => Promise<unknown>) =>
    router.post(`/tasks/:id/${path}`, async (ctx) => {
      const id = taskIdOf(ctx);
      const result = await run(ctx, callerOf(ctx), id);
      ctx.body = { done: true, ...(result && typeof result === 'object' ? result : {}) };
    });
  act('claim', (ctx, c, id) => wb.claim(c, id, parseInput(OptionalComment, ctx.request.body ?? {}).comment));
  act('unclaim', (ctx, c, id) => wb.unclaim(c, id, parseInput(OptionalComment, ctx.request.body ?? {}).comment));
  act('complete', (ctx, c, id) => {
    const body = parseInput(Completion, ctx.request.body);
    return wb.complete(c, id, body.values, body.comment);
  });
  act('send-back', (ctx, c, id) => {
    const body = parseInput(SendBack, ctx.request.body);
    return wb.sendBack(c, id, body.activityId, body.comment);
  });
  act('transfer', (ctx, c, id) => {
    const body = parseInput(Handover, ctx.request.body);
    return wb.transfer(c, id, body.userId, body.comment);
  });
  act('delegate', (ctx, c, id) => {
    const body = parseInput(Handover, ctx.request.body);
    return wb.delegate(c, id, body.userId, body.comment);
  });
  act('resolve', (ctx, c, id) => wb.resolve(c, id, parseInput(RequiredComment, ctx.request.body).comment));
  act('carbon-copy', (ctx, c, id) => {
    const body = parseInput(Copy, ctx.request.body);
    return wb.carbonCopy(c, id, body.userIds, body.comment);
  });
  act('urge', (ctx, c, id) => wb.urge(c, id, parseInput(OptionalComment, ctx.request.body ?? {}).comment));
  act('comment', (ctx, c, id) => wb.comment(c, id, parseInput(Remark, ctx.request.body).text));

  router.post('/done/:id/withdraw', async (ctx) => {
    const id = taskIdOf(ctx);
    ctx.body = { done: true, ...(await wb.withdraw(callerOf(ctx), id, parseInput(RequiredComment, ctx.request.body).comment)) };
  });
  router.post('/bulk/claim', async (ctx) => {
    await wb.bulkClaim(callerOf(ctx), parseInput(BulkClaim, ctx.request.body).taskIds);
    ctx.body = { done: true };
  });
  router.post('/bulk/transfer', async (ctx) => {
    const body = parseInput(BulkTransfer, ctx.request.body);
    await wb.bulkTransfer(callerOf(ctx), body.taskIds, body.userId, body.comment);
    ctx.body = { done: true };
  });

  router.get('/phrases', async (ctx) => { ctx.body = await wb.phrases(callerOf(ctx)); });
  router.post('/phrases', async (ctx) => {
    ctx.status = 201;
    ctx.body = await wb.addPhrase(callerOf(ctx), parseInput(Phrase, ctx.request.body).text);
  });
  router.delete('/phrases/:id', async (ctx) => {
    await wb.deletePhrase(callerOf(ctx), parseInput(AnyId, ctx.params, 'path').id);
    ctx.status = 204;
  });

  return router;
}

/** The operations of {@link workbenchRoutes}, for the OpenAPI description. */
export const workbenchOperations: ApiOperation[] = [
  wbGet('/counts', '各列表数量 · The number of entries in each list'),
  { ...wbGet('/todo', '待办 · Tasks to do: assigned to the caller or claimable, with due dates and colours'), query: TodoQuery },
  { ...wbGet('/done', '已办 · Tasks the caller completed'), query: DoneQuery },
  { ...wbGet('/started', '我发起的 · Procedures the caller started'), query: StartedQuery },
  { ...wbGet('/copies', '抄送我的 · Carbon copies sent to the caller'), query: CopiesQuery },
  wbPost('/copies/{id}/read', '标记抄送已读 · Mark a carbon copy read', AnyId, undefined, 204),
  { ...wbGet('/tasks/{id}', '任务详情 · A task with its procedure, form, history and allowed operations'), params: TaskId, errors: [403, 404] },
  { ...wbGet('/tasks/{id}/diagram', '流程图 · The BPMN diagram of the task\'s process, with the active and completed steps'), params: TaskId, errors: [403, 404] },
  wbPost('/tasks/{id}/claim', '签收 · Claim a task', TaskId, OptionalComment),
  wbPost('/tasks/{id}/unclaim', '退回签收 · Give a claimed task back', TaskId, OptionalComment),
  wbPost('/tasks/{id}/complete', '办理 · Complete a task through its form', TaskId, Completion),
  wbPost('/tasks/{id}/send-back', '退回 · Send a task back to an earlier step', TaskId, SendBack),
  wbPost('/tasks/{id}/transfer', '转办 · Transfer a task to another officer', TaskId, Handover),
  wbPost('/tasks/{id}/delegate', '委托 · Delegate a task; it comes back when resolved', TaskId, Handover),
  wbPost('/tasks/{id}/resolve', '委托办结 · Resolve a delegated task', TaskId, RequiredComment),
  wbPost('/tasks/{id}/carbon-copy', '抄送 · Send a carbon copy of a task', TaskId, Copy),
  { ...wbPost('/tasks/{id}/urge', '催办 · Urge the holder of a task', TaskId, OptionalComment), errors: [403, 404, 409, 422, 429] },
  wbPost('/tasks/{id}/comment', '批注 · Comment on a task', TaskId, Remark),
  wbPost('/done/{id}/withdraw', '撤回 · Withdraw a completed task while the next step has not started', TaskId, RequiredComment),
  wbPost('/bulk/claim', '批量签收 · Claim several tasks, all or none', undefined, BulkClaim),
  wbPost('/bulk/transfer', '批量转办 · Transfer several tasks, all or none', undefined, BulkTransfer),
  wbGet('/phrases', '常用语 · The caller\'s common approval phrases'),
  wbPost('/phrases', '新增常用语 · Add a common phrase', undefined, Phrase, 201),
  { method: 'delete', path: '/api/workbench/phrases/{id}', tags: ['workbench'], security: 'bearer', summary: '删除常用语 · Delete a common phrase', params: AnyId, responses: [{ status: 204, description: 'Deleted.' }], errors: [403, 404] },
];

// helpers ////

type Ctx = ParameterizedContext<AppState>;

function callerOf(ctx: Ctx): Caller {
  return { principal: principalOf(ctx.state), authorization: ctx.get('Authorization') };
}

function taskIdOf(ctx: Ctx): string {
  return parseInput(TaskId, ctx.params, 'path').id;
}

function wbGet(path: string, summary: string): ApiOperation {
  return { method: 'get', path: `/api/workbench${path}`, tags: ['workbench'], security: 'bearer', summary, responses: [{ status: 200, description: 'The list or entry.', contentType: 'application/json' }], errors: [403] };
}

/** A workbench operation that changes something; the comment-only bodies may be omitted. */
function wbPost(path: string, summary: string, params: z.ZodType | undefined, body: z.ZodType | undefined, status: 200 | 201 | 204 = 200): ApiOperation {
  const optional = body === OptionalComment;
  return {
    method: 'post', path: `/api/workbench${path}`, tags: ['workbench'], security: 'bearer', summary,
    ...(params ? { params } : {}),
    ...(body ? { body: { contentType: 'application/json', schema: body, required: !optional } } : {}),
    responses: [status === 204 ? { status, description: 'Done.' } : { status, description: status === 201 ? 'The new entry.' : '`{done: true, …}`', contentType: 'application/json' }],
    errors: [403, 404, 409, 422],
  };
}
