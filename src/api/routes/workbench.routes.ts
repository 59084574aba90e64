import { Router } from '@koa/router';
import type { ParameterizedContext } from 'koa';
import { z } from 'zod';
import { ForbiddenError } from '../../errors.js';
import { can } from '../../jurisdiction/index.js';
import { PROCEDURE_KINDS } from '../../supervision/index.js';
import type { Caller, Workbench } from '../../workbench/workbench.js';
import { TASK_ACTIONS } from '../../workbench/workbench.entity.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { bilingual, localize } from '../../language.js';

const TaskId = z.object({ id: z.string().regex(/^[\w-]{1,64}$/, { error: bilingual('must be a task id', '须为有效的任务编号') }) });
const AnyId = z.object({ id: z.string().regex(/^[\w-]{1,64}$/, { error: bilingual('must be an id', '须为有效的编号') }) });
const UserId = z.string().regex(/^[\w.@-]{1,64}$/, { error: bilingual('must be a user id', '须为有效的用户编号') });
const Comment = z.string().trim().min(1, { error: bilingual('is required', '为必填项') }).max(2000);
const Paging = { offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(200).default(20) };
const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const date = z.iso.datetime({ offset: true, error: bilingual('must be an ISO date-time', '须为 ISO 8601 格式的日期时间') }).transform((v) => new Date(v));

const TodoQuery = z.strictObject({
  scope: z.enum(['all', 'assigned', 'claimable']).default('all'),
  procedure: z.string().max(255).optional(), number: z.string().max(64).optional(), party: z.string().max(200).optional(),
  dueBefore: date.optional(), dueAfter: date.optional(), overdue: bool.optional(),
  colour: z.enum(['normal', 'blue', 'yellow', 'red']).optional(),
  jurisdiction: z.string().regex(/^\d{6}(-[a-z0-9]{1,24})?$/, { error: bilingual('must be a jurisdiction code', '须为有效的辖区代码') }).optional(),
  sort: z.enum(['due', 'created', 'priority']).default('due'), order: z.enum(['asc', 'desc']).default('asc'),
  ...Paging,
});
/** Filters on the case that 已办, 我发起的 and 抄送我的 share. */
const CaseFilters = {
  procedure: z.string().max(255).optional(), number: z.string().max(64).optional(), party: z.string().max(200).optional(),
  jurisdiction: z.string().regex(/^\d{6}(-[a-z0-9]{1,24})?$/, { error: bilingual('must be a jurisdiction code', '须为有效的辖区代码') }).optional(),
  colour: z.enum(['normal', 'blue', 'yellow', 'red']).optional(),
};
const Order = z.enum(['asc', 'desc']).default('desc');
const DoneQuery = z.strictObject({ ...CaseFilters, endedAfter: date.optional(), endedBefore: date.optional(), sort: z.enum(['ended', 'started']).default('ended'), order: Order, ...Paging });
const StartedQuery = z.strictObject({ ...CaseFilters, status: z.string().max(32).optional(), order: Order, ...Paging });
const CopiesQuery = z.strictObject({
  ...CaseFilters, unread: bool.optional(),
  processInstanceId: z.string().regex(/^[\w-]{1,64}$/, { error: bilingual('must be a process instance id', '须为有效的流程实例编号') }).optional()
    .describe('Only the copies of this procedure (process instance)'),
  ...Paging,
});
const OptionalComment = z.strictObject({ comment: Comment.optional() });
const RequiredComment = z.strictObject({ comment: Comment });
const Completion = z.strictObject({ values: z.record(z.string(), z.unknown()), comment: Comment.optional() });
const SendBack = z.strictObject({ activityId: z.string().min(1).max(255), comment: Comment });
const Handover = z.strictObject({ userId: UserId, comment: Comment });
const Copy = z.strictObject({ userIds: z.array(UserId).min(1, { error: bilingual('name at least one person', '须至少指定一名人员') }).max(20), comment: Comment.optional() });
const Remark = z.strictObject({ text: Comment });
const PeopleQuery = z.strictObject({
  operation: z.enum(['transfer', 'delegate', 'carbon-copy'], { error: bilingual('must be transfer, delegate or carbon-copy', '须为 transfer（转办）、delegate（委派）或 carbon-copy（抄送）') }),
  q: z.string().trim().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const TaskIds = z.array(z.string().regex(/^[\w-]{1,64}$/, { error: bilingual('must be a task id', '须为有效的任务编号') })).min(1, { error: bilingual('name at least one task', '须至少指定一项任务') }).max(100);
const BulkClaim = z.strictObject({ taskIds: TaskIds });
const BulkTransfer = z.strictObject({ taskIds: TaskIds, userId: UserId, comment: Comment });
const Phrase = z.strictObject({ text: z.string().trim().min(1, { error: bilingual('is required', '为必填项') }).max(500) });

const int = z.number().int();
const Colour = z.enum(['normal', 'blue', 'yellow', 'red']);
const DelegationState = z.enum(['PENDING', 'RESOLVED']);
/** The procedure a task or copy belongs to; null when it was not started through the API. */
const CaseSummary = z.object({ kind: z.enum(PROCEDURE_KINDS), recordId: z.string().describe('The id of the application, tip, inspection or case'), number: z.string().nullable(), party: z.string().nullable(), jurisdiction: z.string(), status: z.string() }).nullable();
/** The activities a process instance passed through and is at, in order (engine history). */
const ExecutedPath = z.array(z.object({
  activityId: z.string(), name: z.string().nullable(), type: z.string(), assignee: z.string().nullable(), start: z.iso.datetime(), end: z.iso.datetime().nullable(), canceled: z.boolean(),
}));

/** Answer of `GET /api/workbench/counts`: the number of entries of each list. */
export const WorkbenchCountsResponse = z.object({ todo: int, assigned: int, claimable: int, done: int, started: int, copied: int, unreadCopies: int });

/** Answer of `GET /api/workbench/todo`: a page of tasks to do and the counts of the caller's tasks. */
export const WorkbenchTodoResponse = z.object({
  items: z.array(z.object({
    id: z.string(), name: z.string().nullable(), assignee: z.string().nullable(), owner: z.string().nullable(), delegationState: DelegationState.nullable(),
    created: z.iso.datetime(), due: z.iso.datetime().nullable(), overdue: z.boolean(), priority: int, procedureKey: z.string(), processInstanceId: z.string(),
    case: CaseSummary, colour: Colour.nullable(),
  })),
  total: int,
  counts: z.object({ assigned: int, claimable: int, overdue: int }),
});

/** Answer of `GET /api/workbench/done`: a page of the tasks the caller finished, newest first. */
export const WorkbenchDoneResponse = z.object({
  total: int,
  items: z.array(z.object({
    id: z.string(), name: z.string().nullable(), procedureKey: z.string(), processInstanceId: z.string(), activityId: z.string(), started: z.iso.datetime(),
    ended: z.iso.datetime().nullable(), outcome: z.enum(['completed', 'cancelled']), deleteReason: z.string().nullable(), case: CaseSummary,
    colour: Colour.nullable(),
  })),
});

/** Answer of `GET /api/workbench/started`: a page of the procedures the caller started, newest first. */
export const WorkbenchStartedResponse = z.object({
  total: int,
  items: z.array(z.object({
    processInstanceId: z.string(), kind: z.enum(PROCEDURE_KINDS), procedureKey: z.string(), recordId: z.string(), number: z.string().nullable(),
    party: z.string().nullable(), jurisdiction: z.string(), status: z.string(), startedBy: z.string().nullable(), startedAt: z.iso.datetime().nullable(),
    colour: Colour.nullable(),
  })),
});

/** Answer of `GET /api/workbench/copies`: a page of the carbon copies sent to the caller, newest first, and how many are unread. */
export const WorkbenchCopiesResponse = z.object({
  total: int,
  unread: int,
  items: z.array(z.object({
    id: z.string(), processInstanceId: z.string(), taskId: z.string().nullable(), taskName: z.string().nullable(), fromUser: z.string(), toUser: z.string(),
    comment: z.string().nullable(), createdAt: z.iso.datetime(), readAt: z.iso.datetime().nullable(), case: CaseSummary,
  })),
});

/** Answer of `GET /api/workbench/tasks/{id}`: the task with its form, variables, procedure, clocks, recorded operations, executed path and what the caller may do. */
export const WorkbenchTaskDetailResponse = z.object({
  /** The engine's `TaskDto`. */
  task: z.object({
    id: z.string(), name: z.string().nullable(), assignee: z.string().nullable(), owner: z.string().nullable(), created: z.iso.datetime(),
    lastUpdated: z.iso.datetime().nullable(), due: z.iso.datetime().nullable(), followUp: z.iso.datetime().nullable(), delegationState: DelegationState.nullable(),
    description: z.string().nullable(), executionId: z.string(), parentTaskId: z.string().nullable(), priority: int, processDefinitionId: z.string(),
    processInstanceId: z.string(), caseExecutionId: z.string().nullable(), caseDefinitionId: z.string().nullable(), caseInstanceId: z.string().nullable(),
    taskDefinitionKey: z.string(), suspended: z.boolean(), formKey: z.string().nullable(),
    camundaFormRef: z.object({ key: z.string(), binding: z.string(), version: int.nullable() }).nullable(), tenantId: z.string().nullable(), taskState: z.string().nullable(),
  }),
  form: z.union([z.record(z.string(), z.unknown()), z.string()]).nullable()
    .describe('The task\'s deployed form: a form-js schema, the text of an embedded (HTML) form, or null when the task has none'),
  variables: z.record(z.string(), z.unknown()).describe('The process variables by name, as the engine holds them (serialised objects as text)'),
  case: CaseSummary,
  clocks: z.array(z.object({
    name: z.string(), ruleId: z.string(), ruleName: z.string(), basis: z.string(), startedAt: z.iso.datetime(), dueAt: z.iso.datetime(), warnAt: z.iso.datetime(),
    status: z.enum(['running', 'paused', 'stopped']), colour: Colour, remaining: z.number(), unit: z.enum(['workingDays', 'calendarDays', 'hours']), overdue: z.boolean(),
    stoppedAt: z.iso.datetime().nullable(),
  })),
  actions: z.array(z.object({
    id: z.string(), taskId: z.string(), processInstanceId: z.string(), taskName: z.string().nullable(), activityId: z.string().nullable(), action: z.enum(TASK_ACTIONS),
    actor: z.string(), target: z.string().nullable(), comment: z.string().nullable(), at: z.iso.datetime(),
  })),
  path: ExecutedPath,
  operations: z.array(z.enum(TASK_ACTIONS).exclude(['withdraw'])),
  sendBackTargets: z.array(z.object({ activityId: z.string(), name: z.string().nullable(), lastAssignee: z.string().nullable() })),
});

/** Answer of `GET /api/workbench/tasks/{id}/people`: the people the operation accepts, by name. */
export const WorkbenchPeopleResponse = z.array(z.object({ id: z.string(), name: z.string() }));

/** Answer of `GET /api/workbench/tasks/{id}/diagram`: the BPMN XML of the task's process version and the executed path. */
export const WorkbenchDiagramResponse = z.object({ processDefinitionId: z.string(), xml: z.string(), path: ExecutedPath });

/** Answer of `GET /api/workbench/procedures/{processInstanceId}`: a procedure for its file page. */
export const WorkbenchProcedureResponse = z.object({
  processInstanceId: z.string(), processDefinitionId: z.string(), state: z.string(), startedAt: z.iso.datetime(), endedAt: z.iso.datetime().nullable(),
  case: CaseSummary, clocks: WorkbenchTaskDetailResponse.shape.clocks, actions: WorkbenchTaskDetailResponse.shape.actions, path: ExecutedPath,
  xml: z.string().describe('The BPMN XML of the procedure\'s process version'),
  doneTask: z.object({
    id: z.string(), name: z.string().nullable(), activityId: z.string(), endedAt: z.iso.datetime().nullable(), withdrawable: z.boolean(),
    reason: z.string().nullable().describe('Why the task cannot be withdrawn now'),
  }).nullable().describe('With `?doneTask=`: that task of the caller\'s, and whether they may withdraw (撤回) it now'),
});

/** Query of `GET /api/workbench/procedures/{processInstanceId}`. */
const ProcedureQuery = z.strictObject({ doneTask: z.string().regex(/^[\w-]{1,64}$/, { error: bilingual('must be a task id', '须为有效的任务编号') }).optional() });

/** Answer of a task operation that answers nothing more than that it was done. */
export const WorkbenchDoneFlag = z.object({ done: z.literal(true) });

/** Answer of `POST /api/workbench/tasks/{id}/complete`: the form values the task was completed with, as validated. */
export const WorkbenchCompletedResponse = WorkbenchDoneFlag.extend({ variables: z.record(z.string(), z.unknown()) });

/** Answer of `POST /api/workbench/done/{id}/withdraw`: the id of the task given back to the caller (empty when none was found). */
export const WorkbenchWithdrawnResponse = WorkbenchDoneFlag.extend({ taskId: z.string() });

/** One of the caller's common approval phrases. */
export const WorkbenchPhrase = z.object({ id: z.string(), userId: z.string(), text: z.string(), position: int, createdAt: z.iso.datetime() });

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
    if (!can(principalOf(ctx.state), 'workbench')) throw new ForbiddenError('FORBIDDEN', localize('The workbench is for officers', '工作台仅供民警使用'));
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
  router.get('/tasks/:id/people', async (ctx) => {
    const id = taskIdOf(ctx);
    const q = parseInput(PeopleQuery, ctx.query, 'query');
    ctx.body = await wb.people(callerOf(ctx), id, q.operation, q.q || undefined, q.limit);
  });

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

  router.get('/procedures/:id', async (ctx) => {
    const { id } = parseInput(AnyId, ctx.params, 'path');
    ctx.body = await wb.procedure(callerOf(ctx), id, parseInput(ProcedureQuery, ctx.query, 'query').doneTask);
  });
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
  wbGet('/counts', '各列表数量 · The number of entries in each list', WorkbenchCountsResponse),
  { ...wbGet('/todo', '待办 · Tasks to do: assigned to the caller or claimable, with due dates and colours', WorkbenchTodoResponse), query: TodoQuery },
  { ...wbGet('/done', '已办 · Tasks the caller completed', WorkbenchDoneResponse), query: DoneQuery },
  { ...wbGet('/started', '我发起的 · Procedures the caller started', WorkbenchStartedResponse), query: StartedQuery },
  { ...wbGet('/copies', '抄送我的 · Carbon copies sent to the caller', WorkbenchCopiesResponse), query: CopiesQuery },
  wbPost('/copies/{id}/read', '标记抄送已读 · Mark a carbon copy read', AnyId, undefined, null),
  {
    ...wbGet('/tasks/{id}', '任务详情 · A task with its procedure, form, history and allowed operations', WorkbenchTaskDetailResponse), params: TaskId, errors: [403, 404],
    description: 'A task that has ended meanwhile (completed, sent back, withdrawn) answers 404 with `details.finished` = `{processInstanceId, endedAt, assignee, outcome: completed|cancelled}` '
      + 'to a caller who may read its case file (`GET /api/workbench/procedures/{id}`); to anyone else, and for a task that never existed, a plain 404. '
      + 'A task someone else has taken (claimed, transferred) answers such a caller 403 with `details.taken` = `{processInstanceId, assignee}`.',
  },
  { ...wbGet('/tasks/{id}/diagram', '流程图 · The BPMN diagram of the task\'s process, with the active and completed steps', WorkbenchDiagramResponse), params: TaskId, errors: [403, 404] },
  {
    ...wbGet('/tasks/{id}/people', '可选人员 · The people a task may be transferred, delegated or copied to, by name', WorkbenchPeopleResponse),
    params: TaskId, query: PeopleQuery, errors: [403, 404],
    description: 'As the operation itself would accept them: for transfer and delegate the enabled members of the step\'s candidate groups (not the caller), for carbon-copy the enabled officers who work in the case\'s jurisdiction; those whose id or name contains `q`, at most `limit`.',
  },
  wbPost('/tasks/{id}/claim', '签收 · Claim a task', TaskId, OptionalComment, WorkbenchDoneFlag),
  wbPost('/tasks/{id}/unclaim', '退回签收 · Give a claimed task back', TaskId, OptionalComment, WorkbenchDoneFlag),
  wbPost('/tasks/{id}/complete', '办理 · Complete a task through its form', TaskId, Completion, WorkbenchCompletedResponse),
  wbPost('/tasks/{id}/send-back', '退回 · Send a task back to an earlier step', TaskId, SendBack, WorkbenchDoneFlag),
  wbPost('/tasks/{id}/transfer', '转办 · Transfer a task to another officer', TaskId, Handover, WorkbenchDoneFlag),
  wbPost('/tasks/{id}/delegate', '委托 · Delegate a task; it comes back when resolved', TaskId, Handover, WorkbenchDoneFlag),
  wbPost('/tasks/{id}/resolve', '委托办结 · Resolve a delegated task', TaskId, RequiredComment, WorkbenchDoneFlag),
  wbPost('/tasks/{id}/carbon-copy', '抄送 · Send a carbon copy of a task', TaskId, Copy, WorkbenchDoneFlag),
  { ...wbPost('/tasks/{id}/urge', '催办 · Urge the holder of a task', TaskId, OptionalComment, WorkbenchDoneFlag), errors: [403, 404, 409, 422, 429] },
  wbPost('/tasks/{id}/comment', '批注 · Comment on a task', TaskId, Remark, WorkbenchDoneFlag),
  {
    ...wbGet('/procedures/{id}', '办件详情 · A procedure (process instance) for its file page: case, clocks, operations, path, diagram; with `doneTask`, whether the caller may withdraw it', WorkbenchProcedureResponse),
    params: AnyId, query: ProcedureQuery, errors: [403, 404],
    description: 'For officers who work on or supervise its jurisdiction, handled one of its tasks, or were copied it (404 to anyone else). `doneTask.reason` is the reason `POST /api/workbench/done/{id}/withdraw` would give for refusing.',
  },
  wbPost('/done/{id}/withdraw', '撤回 · Withdraw a completed task while the next step has not started', TaskId, RequiredComment, WorkbenchWithdrawnResponse),
  wbPost('/bulk/claim', '批量签收 · Claim several tasks, all or none', undefined, BulkClaim, WorkbenchDoneFlag),
  wbPost('/bulk/transfer', '批量转办 · Transfer several tasks, all or none', undefined, BulkTransfer, WorkbenchDoneFlag),
  wbGet('/phrases', '常用语 · The caller\'s common approval phrases', z.array(WorkbenchPhrase)),
  wbPost('/phrases', '新增常用语 · Add a common phrase', undefined, Phrase, WorkbenchPhrase, 201),
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

function wbGet(path: string, summary: string, schema: z.ZodType): ApiOperation {
  return { method: 'get', path: `/api/workbench${path}`, tags: ['workbench'], security: 'bearer', summary, responses: [{ status: 200, description: 'The list or entry.', contentType: 'application/json', schema }], errors: [403] };
}

/**
 * A workbench operation that changes something; the comment-only bodies may be omitted. `schema` describes its JSON
 * answer (with `status` 200 or 201), or is null for an operation that answers 204 without a body.
 */
function wbPost(path: string, summary: string, params: z.ZodType | undefined, body: z.ZodType | undefined, schema: z.ZodType | null, status: 200 | 201 = 200): ApiOperation {
  const optional = body === OptionalComment;
  return {
    method: 'post', path: `/api/workbench${path}`, tags: ['workbench'], security: 'bearer', summary,
    ...(params ? { params } : {}),
    ...(body ? { body: { contentType: 'application/json', schema: body, required: !optional } } : {}),
    responses: [schema === null ? { status: 204, description: 'Done.' } : { status, description: status === 201 ? 'The new entry.' : '`{done: true, …}`', contentType: 'application/json', schema }],
    errors: [403, 404, 409, 422],
  };
}
