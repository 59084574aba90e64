import type Router from '@koa/router';
import type { Context } from 'koa';
import { BadUserRequestException, EngineException, InvalidRequestException, RestException } from '../errors.js';
import type { TaskRow } from '../persistence/tables.js';
import type { TaskForm, TaskQuery } from '../services/task-service.js';
import { fromRestValue, fromRestVariables, type TypedValue, type VariableMap } from '../variables/index.js';
import { commentDto, taskDto, variablesDto } from './dto.js';
import { actorOf, noContent, readJson, sendJson } from './http.js';
import { Params } from './params.js';
import { baseUrlOf, type RouteDeps } from './rest-router.js';

/**
 * The `sortBy` values Camunda 7.23 accepts for tasks (`TaskQueryDto.VALID_SORT_BY_VALUES`). The variable sorts of
 * the OpenAPI enum (`processVariable`, …) need sorting parameters and are not supported here (400).
 */
export const TASK_SORT_BY = [
  'instanceId', 'caseInstanceId', 'dueDate', 'followUpDate', 'executionId', 'caseExecutionId', 'assignee', 'created',
  'lastUpdated', 'description', 'id', 'name', 'nameCaseInsensitive', 'priority', 'tenantId',
] as const;

/**
 * User task resources of the Camunda 7 REST API: the task query (`GET|POST /task`, `…/count`), one task, its
 * assignment operations (claim, unclaim, assignee, delegate, resolve), completion (complete, submit-form), its form
 * (form, form-variables, deployed-form), variables, identity links and comments. Registered by the engine router.
 */
export function registerTaskRoutes(router: Router, { engine }: RouteDeps): void {
  const tasks = engine.tasks;
  const id = (ctx: { params: Record<string, string | undefined> }) => ctx.params['id'] ?? '';

  // query ////

  const list = async (ctx: Context, filters: Params) => {
    const actor = actorOf(ctx);
    const rows = await tasks.query(actor, { ...taskQuery(filters), ...Params.query(ctx.query).paging() });
    const commented = await tasks.idsWithComments(actor, rows.map((t) => t.id));
    sendJson(ctx, 200, rows.map((t) => taskDto(t, { attachment: false, comment: commented.has(t.id) })));
  };
  const count = async (ctx: Context, filters: Params) => {
    sendJson(ctx, 200, { count: await tasks.count(actorOf(ctx), taskQuery(filters)) });
  };

  router.get('/task', (ctx) => list(ctx, Params.query(ctx.query)));
  router.post('/task', async (ctx) => list(ctx, Params.body(await readJson(ctx))));
  router.get('/task/count', (ctx) => count(ctx, Params.query(ctx.query)));
  router.post('/task/count', async (ctx) => count(ctx, Params.body(await readJson(ctx))));

  router.get('/task/:id', async (ctx) => {
    const actor = actorOf(ctx);
    const task = await tasks.get(actor, id(ctx));
    if (Params.query(ctx.query).bool('withCommentAttachmentInfo')) {
      const commented = await tasks.idsWithComments(actor, [task.id]);
      sendJson(ctx, 200, taskDto(task, { attachment: false, comment: commented.has(task.id) }));
      return;
    }
    sendJson(ctx, 200, taskDto(task));
  });

  // assignment ////

  router.post('/task/:id/claim', async (ctx) => {
    await tasks.claim(actorOf(ctx), id(ctx), userIdOf(await readJson(ctx)));
    noContent(ctx);
  });

  router.post('/task/:id/unclaim', async (ctx) => {
    await tasks.unclaim(actorOf(ctx), id(ctx));
    noContent(ctx);
  });

  router.post('/task/:id/assignee', async (ctx) => {
    await tasks.setAssignee(actorOf(ctx), id(ctx), userIdOf(await readJson(ctx)));
    noContent(ctx);
  });

  router.post('/task/:id/delegate', async (ctx) => {
    await tasks.delegate(actorOf(ctx), id(ctx), userIdOf(await readJson(ctx)));
    noContent(ctx);
  });

  router.post('/task/:id/resolve', async (ctx) => {
    const body = await readJson(ctx);
    const variables = variablesIn(body, `Cannot resolve task ${id(ctx)}: `);
    await tasks.resolve(actorOf(ctx), id(ctx), variables);
    noContent(ctx);
  });

  // completion ////

  router.post('/task/:id/complete', async (ctx) => {
    const body = await readJson(ctx);
    const prefix = `Cannot complete task ${id(ctx)}: `;
    const variables = variablesIn(body, prefix);
    const withVariables = Params.body(body).bool('withVariablesInReturn') ?? false;
    const result = await asRestException(prefix, 500, () => tasks.complete(actorOf(ctx), id(ctx), variables, withVariables));
    sendVariablesOrNoContent(ctx, result);
  });

  router.post('/task/:id/submit-form', async (ctx) => {
    const body = await readJson(ctx);
    const prefix = `Cannot submit task form ${id(ctx)}: `;
    const variables = variablesIn(body, prefix);
    const withVariables = Params.body(body).bool('withVariablesInReturn') ?? false;
    const result = await asRestException(prefix, 500, () => tasks.submitForm(actorOf(ctx), id(ctx), variables, withVariables));
    sendVariablesOrNoContent(ctx, result);
  });

  // forms ////

  router.get('/task/:id/form', async (ctx) => {
    sendJson(ctx, 200, formDto(await tasks.getForm(actorOf(ctx), id(ctx))));
  });

  router.get('/task/:id/form-variables', async (ctx) => {
    const p = Params.query(ctx.query);
    const names = p.list('variableNames') ?? null;
    const vars = await tasks.getFormVariables(actorOf(ctx), id(ctx), names);
    sendJson(ctx, 200, variablesDto(vars, p.bool('deserializeValues') ?? true));
  });

  router.get('/task/:id/deployed-form', async (ctx) => {
    const form = await deployedForm({ engine }, ctx, id(ctx));
    ctx.status = 200;
    ctx.body = form.bytes;
    ctx.set('Content-Type', form.mediaType);
  });

  // variables ////

  const variableOf = async (ctx: Context & { params: Record<string, string | undefined> }, name: string, local: boolean): Promise<TypedValue> => {
    const vars = await asRestException(`Cannot get task variable ${name}: `, 500, () => tasks.getVariables(actorOf(ctx), id(ctx), local));
    const value = Object.prototype.hasOwnProperty.call(vars, name) ? vars[name] : undefined;
    if (!value) throw new InvalidRequestException(404, `task variable with name ${name} does not exist`);
    return value;
  };

  for (const [segment, local] of [['variables', false], ['localVariables', true]] as const) {
    router.get(`/task/:id/${segment}`, async (ctx) => {
      const vars = await tasks.getVariables(actorOf(ctx), id(ctx), local);
      sendJson(ctx, 200, variablesDto(vars, Params.query(ctx.query).bool('deserializeValues') ?? true));
    });

    router.post(`/task/:id/${segment}`, async (ctx) => {
      const body = await readJson(ctx);
      const modifications = variablesIn({ variables: body['modifications'] }, 'Cannot modify variables for task: ');
      const deletions = deletionsIn(body);
      await asRestException(`Cannot modify variables for task ${id(ctx)}: `, 500, () =>
        tasks.modifyVariables(actorOf(ctx), id(ctx), modifications, deletions, local));
      noContent(ctx);
    });

    router.get(`/task/:id/${segment}/:name`, async (ctx) => {
      const name = String(ctx.params['name']);
      const value = await variableOf(ctx, name, local);
      sendJson(ctx, 200, variablesDto({ [name]: value }, Params.query(ctx.query).bool('deserializeValue') ?? true)[name]);
    });

    router.get(`/task/:id/${segment}/:name/data`, async (ctx) => {
      const name = String(ctx.params['name']);
      const value = await variableOf(ctx, name, local);
      if (value.type !== 'file' && value.type !== 'bytes') throw new InvalidRequestException(400, `Value of variable with id ${name} is not a binary value.`);
      ctx.status = 200;
      const mimeType = value.valueInfo['mimeType'];
      ctx.body = value.value;
      ctx.set('Content-Type', value.type === 'file' && typeof mimeType === 'string' ? mimeType : 'application/octet-stream');
    });

    router.put(`/task/:id/${segment}/:name`, async (ctx) => {
      const name = String(ctx.params['name']);
      const prefix = `Cannot put task variable ${name}: `;
      const body = await readJson(ctx);
      const value = withPrefix(prefix, () => fromRestValue(name, body));
      await asRestException(prefix, 500, () => tasks.modifyVariables(actorOf(ctx), id(ctx), { [name]: value }, [], local), 400);
      noContent(ctx);
    });

    router.delete(`/task/:id/${segment}/:name`, async (ctx) => {
      const name = String(ctx.params['name']);
      await asRestException(`Cannot delete task variable ${name}: `, 500, () => tasks.modifyVariables(actorOf(ctx), id(ctx), {}, [name], local));
      noContent(ctx);
    });
  }

  // identity links ////

  router.get('/task/:id/identity-links', async (ctx) => {
    sendJson(ctx, 200, await tasks.identityLinks(actorOf(ctx), id(ctx), Params.query(ctx.query).string('type')));
  });

  router.post('/task/:id/identity-links', async (ctx) => {
    await tasks.addIdentityLink(actorOf(ctx), id(ctx), identityLinkOf(await readJson(ctx)));
    noContent(ctx);
  });

  router.post('/task/:id/identity-links/delete', async (ctx) => {
    await tasks.deleteIdentityLink(actorOf(ctx), id(ctx), identityLinkOf(await readJson(ctx)));
    noContent(ctx);
  });

  // comments ////

  router.get('/task/:id/comment', async (ctx) => {
    const rows = await tasks.comments(actorOf(ctx), id(ctx));
    sendJson(ctx, 200, rows.map((c) => ({ ...commentDto(c, baseUrlOf(ctx)), links: [] })));
  });

  router.post('/task/:id/comment/create', async (ctx) => {
    const message = Params.body(await readJson(ctx)).string('message');
    if (message === undefined) throw new InvalidRequestException(400, 'Not enough parameters submitted');
    sendJson(ctx, 200, commentDto(await tasks.addComment(actorOf(ctx), id(ctx), message), baseUrlOf(ctx)));
  });

  router.get('/task/:id/comment/:commentId', async (ctx) => {
    const row = await tasks.comment(actorOf(ctx), id(ctx), String(ctx.params['commentId']));
    sendJson(ctx, 200, { ...commentDto(row, baseUrlOf(ctx)), links: [] });
  });
}

// helpers ////

/** Expression parameters of the task query; Camunda forbids expressions in ad-hoc queries by default. */
const EXPRESSION_PARAMS = [
  'processInstanceBusinessKeyExpression', 'processInstanceBusinessKeyLikeExpression', 'assigneeExpression', 'assigneeLikeExpression',
  'ownerExpression', 'candidateGroupExpression', 'candidateGroupsExpression', 'candidateUserExpression', 'involvedUserExpression',
  'dueDateExpression', 'dueAfterExpression', 'dueBeforeExpression', 'followUpDateExpression', 'followUpAfterExpression',
  'followUpBeforeExpression', 'followUpBeforeOrNotExistentExpression', 'createdOnExpression', 'createdAfterExpression',
  'createdBeforeExpression', 'updatedAfterExpression',
];

/** The task query filters under Camunda's parameter names (URL query or JSON body); unknown names are ignored. */
function taskQuery(p: Params): TaskQuery {
  if (EXPRESSION_PARAMS.some((name) => p.has(name))) {
    throw new BadUserRequestException('Expressions are forbidden in adhoc queries. This behavior can be toggled in the process engine configuration');
  }
  return {
    taskId: p.string('taskId'), taskIdIn: p.list('taskIdIn'),
    processInstanceId: p.string('processInstanceId'), processInstanceIdIn: p.list('processInstanceIdIn'),
    processInstanceBusinessKey: p.string('processInstanceBusinessKey'), processInstanceBusinessKeyIn: p.list('processInstanceBusinessKeyIn'),
    processInstanceBusinessKeyLike: p.string('processInstanceBusinessKeyLike'),
    processDefinitionId: p.string('processDefinitionId'), processDefinitionKey: p.string('processDefinitionKey'),
    processDefinitionKeyIn: p.list('processDefinitionKeyIn'), executionId: p.string('executionId'),
    activityInstanceIdIn: p.list('activityInstanceIdIn'), tenantIdIn: p.list('tenantIdIn'), withoutTenantId: p.bool('withoutTenantId'),
    assignee: p.string('assignee'), assigneeLike: p.string('assigneeLike'), assigneeIn: p.list('assigneeIn'), assigneeNotIn: p.list('assigneeNotIn'),
    owner: p.string('owner'), candidateGroup: p.string('candidateGroup'), candidateGroups: p.list('candidateGroups'),
    candidateGroupLike: p.string('candidateGroupLike'), candidateUser: p.string('candidateUser'),
    includeAssignedTasks: p.bool('includeAssignedTasks'), involvedUser: p.string('involvedUser'),
    assigned: p.bool('assigned'), unassigned: p.bool('unassigned'),
    taskDefinitionKey: p.string('taskDefinitionKey'), taskDefinitionKeyIn: p.list('taskDefinitionKeyIn'),
    taskDefinitionKeyLike: p.string('taskDefinitionKeyLike'),
    name: p.string('name'), nameNotEqual: p.string('nameNotEqual'), nameLike: p.string('nameLike'), nameNotLike: p.string('nameNotLike'),
    description: p.string('description'), descriptionLike: p.string('descriptionLike'),
    priority: p.int('priority'), maxPriority: p.int('maxPriority'), minPriority: p.int('minPriority'),
    dueDate: p.date('dueDate'), dueAfter: p.date('dueAfter'), dueBefore: p.date('dueBefore'), withoutDueDate: p.bool('withoutDueDate'),
    followUpDate: p.date('followUpDate'), followUpAfter: p.date('followUpAfter'), followUpBefore: p.date('followUpBefore'),
    followUpBeforeOrNotExistent: p.date('followUpBeforeOrNotExistent'),
    createdOn: p.date('createdOn'), createdAfter: p.date('createdAfter'), createdBefore: p.date('createdBefore'),
    delegationState: delegationStateOf(p.string('delegationState')),
    active: p.bool('active'), suspended: p.bool('suspended'),
    withCandidateGroups: p.bool('withCandidateGroups'), withoutCandidateGroups: p.bool('withoutCandidateGroups'),
    withCandidateUsers: p.bool('withCandidateUsers'), withoutCandidateUsers: p.bool('withoutCandidateUsers'),
    taskVariables: p.variables('taskVariables'), processVariables: p.variables('processVariables'),
    variableNamesIgnoreCase: p.bool('variableNamesIgnoreCase'), variableValuesIgnoreCase: p.bool('variableValuesIgnoreCase'),
    sorting: p.sorting(TASK_SORT_BY),
  };
}

function delegationStateOf(value: string | undefined): 'PENDING' | 'RESOLVED' | undefined {
  if (value === undefined) return undefined;
  const upper = value.toUpperCase();
  if (upper === 'PENDING' || upper === 'RESOLVED') return upper;
  throw new InvalidRequestException(400, `Valid values for property 'delegationState' are 'PENDING' or 'RESOLVED', but was '${value}'`);
}

/** `UserIdDto.userId` (absent or null → null). */
function userIdOf(body: Record<string, unknown>): string | null {
  return Params.body(body).string('userId') ?? null;
}

/** `IdentityLinkDto` of a request body. */
function identityLinkOf(body: Record<string, unknown>): { userId: string | null; groupId: string | null; type: string } {
  const p = Params.body(body);
  return { userId: p.string('userId') ?? null, groupId: p.string('groupId') ?? null, type: p.string('type') ?? '' };
}

/** The `variables` of a request body as typed values; a bad variable is a 400 whose message starts with `prefix`. */
function variablesIn(body: Record<string, unknown>, prefix: string): VariableMap {
  return withPrefix(prefix, () => fromRestVariables(body['variables']));
}

function deletionsIn(body: Record<string, unknown>): string[] {
  const deletions = body['deletions'] ?? [];
  if (!Array.isArray(deletions) || deletions.some((d) => typeof d !== 'string')) {
    throw new InvalidRequestException(400, "Cannot modify variables for task: 'deletions' must be a list of variable names");
  }
  return deletions as string[];
}

/** Runs a REST-side conversion; its InvalidRequestException gets `prefix` in front of the message (same status). */
function withPrefix<T>(prefix: string, convert: () => T): T {
  try {
    return convert();
  } catch (error) {
    if (error instanceof InvalidRequestException) throw new InvalidRequestException(error.status, `${prefix}${error.message}`);
    throw error;
  }
}

/**
 * Runs an engine call the way Camunda's REST layer wraps it: a failing engine command (anything but authorization
 * and REST-layer errors) becomes a `RestException` with `status` (`badUserStatus` for a BadUserRequestException),
 * the engine's code and `prefix` in front of the message (unless the engine message already starts with it).
 */
async function asRestException<T>(prefix: string, status: number, call: () => Promise<T>, badUserStatus = status): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof EngineException) || error instanceof InvalidRequestException || error instanceof RestException) throw error;
    if (error.type === 'AuthorizationException') throw error;
    const message = error.message.startsWith(prefix.replace(/: $/, '')) ? error.message : `${prefix}${error.message}`;
    throw new RestException(error.type === 'BadUserRequestException' ? badUserStatus : status, message, error.code);
  }
}

function sendVariablesOrNoContent(ctx: Context, result: VariableMap | null): void {
  if (result === null) noContent(ctx);
  else sendJson(ctx, 200, variablesDto(result, false));
}

/** `FormDto`: the form key, the Camunda Form reference, and the context path (always null: no process applications). */
function formDto(form: TaskForm) {
  return {
    key: form.key,
    camundaFormRef: form.formRef ? { key: form.formRef.key, binding: form.formRef.binding, version: form.formRef.version } : null,
    contextPath: null,
  };
}

/**
 * The deployed form of a task, as Camunda's `GetDeployedTaskFormCmd`: a `formKey` of the form
 * `[embedded:|camunda-forms:]deployment:<resource>` names a resource of the task's deployment; a `camunda:formRef` names
 * a deployed Camunda Form (`.form`) by key and binding. `.form` content is `application/json`, anything else XHTML.
 */
async function deployedForm({ engine }: Pick<RouteDeps, 'engine'>, ctx: Context, taskId: string): Promise<{ bytes: Buffer; mediaType: string }> {
  const actor = actorOf(ctx);
  const task: TaskRow | null = await engine.tasks.find(actor, taskId);
  if (!task) throw new InvalidRequestException(400, `No task found for taskId '${taskId}': task is null`);
  if (task.formKey !== null) {
    const resourceName = deployedResourceName(task.formKey);
    const resources = task.deploymentId ? await engine.repository.getResources(actor, task.deploymentId) : [];
    const resource = resources.find((r) => r.name === resourceName);
    if (!resource) {
      throw new InvalidRequestException(404, `The form with the resource name '${resourceName}' cannot be found in deployment with id ${task.deploymentId ?? 'null'}`);
    }
    return { bytes: resource.bytes, mediaType: task.formKey.endsWith('.form') ? 'application/json' : 'application/xhtml+xml' };
  }
  if (task.formRefKey !== null) {
    const binding = task.formRefBinding ?? 'latest';
    const found = await engine.repository.findForm(actor, task.formRefKey, binding, task.formRefVersion, task.deploymentId);
    if (!found) {
      throw new InvalidRequestException(404, `No Camunda Form Definition was found for Camunda Form Ref: CamundaFormRefImpl [key=${task.formRefKey}, binding=${binding}, version=${task.formRefVersion ?? 'null'}]`);
    }
    return { bytes: found.resource.bytes, mediaType: 'application/json' };
  }
  throw new InvalidRequestException(400, "One of the attributes 'formKey' and 'camunda:formRef' must be supplied but none were set.");
}

function deployedResourceName(formKey: string): string {
  let name = formKey;
  if (name.startsWith('embedded:')) name = name.slice('embedded:'.length);
  else if (name.startsWith('camunda-forms:')) name = name.slice('camunda-forms:'.length);
  if (!name.startsWith('deployment:')) throw new InvalidRequestException(400, `The form key '${formKey}' does not reference a deployed form.`);
  return name.slice('deployment:'.length);
}
