import type Router from '@koa/router';
import type { Context } from 'koa';
import { InvalidRequestException } from '../errors.js';
import { HISTORY_SORT_COLUMNS } from '../services/history-service.js';
import { fromColumns, type TypedValue } from '../variables/index.js';
import {
  historicActivityInstanceDto, historicDetailDto, historicIncidentDto, historicProcessInstanceDto, historicTaskInstanceDto,
  historicVariableInstanceDto, userOperationLogEntryDto,
} from './dto.js';
import type { Actor } from '../runtime/command-context.js';
import { actorOf, readJson, sendJson } from './http.js';
import { Params } from './params.js';
import type { RouteDeps } from './rest-router.js';

/** How a query parameter is read. */
type Kind = 'string' | 'bool' | 'int' | 'date' | 'list';

/**
 * History resources of the Camunda 7 REST API, read-only: `/history/process-instance`, `/history/activity-instance`,
 * `/history/task`, `/history/user-operation`, `/history/variable-instance`, `/history/detail` (variable updates) and
 * `/history/incident`, each with its `…/count` (and the `POST` query twins Camunda has). Registered by the engine router.
 */
export function registerHistoryRoutes(router: Router, { engine }: RouteDeps): void {
  const h = engine.history;
  const idOf = (ctx: Context) => String((ctx.params as Record<string, string | undefined>)['id']);
  const deserialize = (ctx: Context) => Params.query(ctx.query).bool('deserializeValues') ?? true;

  /** Registers `GET` (and `POST` when `withPost`) list and count routes of one query. */
  const query = <Q, R>(
    path: string, fields: Record<string, Kind>, sortColumns: Record<string, unknown>, withPost: boolean,
    list: (actor: Actor, q: Q) => Promise<R[]>, count: (actor: Actor, q: Q) => Promise<number>, dto: (row: R, ctx: Context) => unknown,
  ) => {
    const sortBy = Object.keys(sortColumns);
    const sendList = async (ctx: Context, p: Params) => {
      const q = { ...read(p, fields), sorting: p.sorting(sortBy), ...Params.query(ctx.query).paging() } as Q;
      sendJson(ctx, 200, (await list(actorOf(ctx), q)).map((r) => dto(r, ctx)));
    };
    const sendCount = async (ctx: Context, p: Params) => {
      sendJson(ctx, 200, { count: await count(actorOf(ctx), read(p, fields) as Q) });
    };
    router.get(path, (ctx) => sendList(ctx, Params.query(ctx.query)));
    router.get(`${path}/count`, (ctx) => sendCount(ctx, Params.query(ctx.query)));
    if (withPost) {
      router.post(path, async (ctx) => sendList(ctx, Params.body(await readJson(ctx))));
      router.post(`${path}/count`, async (ctx) => sendCount(ctx, Params.body(await readJson(ctx))));
    }
  };

  query('/history/process-instance', PROCESS_INSTANCE_FIELDS, HISTORY_SORT_COLUMNS.processInstance, true,
    h.processInstances.bind(h), h.countProcessInstances.bind(h), historicProcessInstanceDto);
  router.get('/history/process-instance/:id', async (ctx) => {
    sendJson(ctx, 200, historicProcessInstanceDto(await h.processInstance(actorOf(ctx), idOf(ctx))));
  });

  query('/history/activity-instance', ACTIVITY_INSTANCE_FIELDS, HISTORY_SORT_COLUMNS.activityInstance, true,
    h.activityInstances.bind(h), h.countActivityInstances.bind(h), historicActivityInstanceDto);
  router.get('/history/activity-instance/:id', async (ctx) => {
    sendJson(ctx, 200, historicActivityInstanceDto(await h.activityInstance(actorOf(ctx), idOf(ctx))));
  });

  query('/history/task', TASK_FIELDS, HISTORY_SORT_COLUMNS.task, true,
    h.tasks.bind(h), h.countTasks.bind(h), historicTaskInstanceDto);

  query('/history/user-operation', USER_OPERATION_FIELDS, HISTORY_SORT_COLUMNS.userOperation, false,
    h.userOperations.bind(h), h.countUserOperations.bind(h), userOperationLogEntryDto);

  query('/history/variable-instance', VARIABLE_INSTANCE_FIELDS, HISTORY_SORT_COLUMNS.variableInstance, true,
    h.variableInstances.bind(h), h.countVariableInstances.bind(h),
    (row, ctx) => historicVariableInstanceDto(row, deserialize(ctx)));
  router.get('/history/variable-instance/:id', async (ctx) => {
    sendJson(ctx, 200, historicVariableInstanceDto(await h.variableInstance(actorOf(ctx), idOf(ctx)), deserialize(ctx)));
  });
  router.get('/history/variable-instance/:id/data', async (ctx) => {
    const v = await h.variableInstance(actorOf(ctx), idOf(ctx));
    sendBinary(ctx, v.id, fromColumns(v as never));
  });

  query('/history/detail', DETAIL_FIELDS, HISTORY_SORT_COLUMNS.detail, false,
    h.details.bind(h), h.countDetails.bind(h), (row, ctx) => historicDetailDto(row, deserialize(ctx)));
  router.post('/history/detail', async (ctx) => {
    const p = Params.body(await readJson(ctx));
    const q = { ...read(p, DETAIL_FIELDS), sorting: p.sorting(Object.keys(HISTORY_SORT_COLUMNS.detail)), ...Params.query(ctx.query).paging() };
    sendJson(ctx, 200, (await h.details(actorOf(ctx), q)).map((d) => historicDetailDto(d, deserialize(ctx))));
  });
  router.get('/history/detail/:id', async (ctx) => {
    sendJson(ctx, 200, historicDetailDto(await h.detail(actorOf(ctx), idOf(ctx)), deserialize(ctx)));
  });
  router.get('/history/detail/:id/data', async (ctx) => {
    const d = await h.detail(actorOf(ctx), idOf(ctx));
    sendBinary(ctx, d.id, fromColumns({ ...d, type: d.varType } as never));
  });

  query('/history/incident', HISTORIC_INCIDENT_FIELDS, HISTORY_SORT_COLUMNS.incident, false,
    h.incidents.bind(h), h.countIncidents.bind(h), historicIncidentDto);
}

/** Reads the listed parameters (absent ones stay undefined); bad values answer 400 naming the parameter. */
export function read(p: Params, fields: Record<string, Kind>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(fields)) {
    const v = p[kind](name);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

// helpers ////

const PROCESS_INSTANCE_FIELDS: Record<string, Kind> = {
  processInstanceId: 'string', processInstanceIds: 'list', processInstanceIdNotIn: 'list', processDefinitionId: 'string',
  processDefinitionKey: 'string', processDefinitionKeyIn: 'list', processDefinitionKeyNotIn: 'list', processDefinitionName: 'string',
  processDefinitionNameLike: 'string', processInstanceBusinessKey: 'string', processInstanceBusinessKeyIn: 'list',
  processInstanceBusinessKeyLike: 'string', rootProcessInstances: 'bool', superProcessInstanceId: 'string', finished: 'bool',
  unfinished: 'bool', withIncidents: 'bool', withRootIncidents: 'bool', incidentIdIn: 'list', incidentType: 'string',
  incidentStatus: 'string', incidentMessage: 'string', incidentMessageLike: 'string', startedBefore: 'date', startedAfter: 'date',
  finishedBefore: 'date', finishedAfter: 'date', startedBy: 'string', tenantIdIn: 'list', withoutTenantId: 'bool',
  activeActivityIdIn: 'list', executedActivityIdIn: 'list', activityIdIn: 'list', active: 'bool', suspended: 'bool',
  completed: 'bool', externallyTerminated: 'bool', internallyTerminated: 'bool',
};

const ACTIVITY_INSTANCE_FIELDS: Record<string, Kind> = {
  activityInstanceId: 'string', processInstanceId: 'string', processDefinitionId: 'string', executionId: 'string',
  activityId: 'string', activityName: 'string', activityNameLike: 'string', activityType: 'string', taskAssignee: 'string',
  finished: 'bool', unfinished: 'bool', canceled: 'bool', completeScope: 'bool', startedBefore: 'date', startedAfter: 'date',
  finishedBefore: 'date', finishedAfter: 'date', tenantIdIn: 'list', withoutTenantId: 'bool',
};

const TASK_FIELDS: Record<string, Kind> = {
  taskId: 'string', taskParentTaskId: 'string', processInstanceId: 'string', rootProcessInstanceId: 'string',
  processInstanceBusinessKey: 'string', processInstanceBusinessKeyIn: 'list', processInstanceBusinessKeyLike: 'string',
  executionId: 'string', processDefinitionId: 'string', processDefinitionKey: 'string', processDefinitionName: 'string',
  activityInstanceIdIn: 'list', taskName: 'string', taskNameLike: 'string', taskDescription: 'string', taskDescriptionLike: 'string',
  taskDefinitionKey: 'string', taskDefinitionKeyIn: 'list', taskDeleteReason: 'string', taskDeleteReasonLike: 'string',
  taskAssignee: 'string', taskAssigneeLike: 'string', taskOwner: 'string', taskOwnerLike: 'string', taskPriority: 'int',
  assigned: 'bool', unassigned: 'bool', finished: 'bool', unfinished: 'bool', processFinished: 'bool', processUnfinished: 'bool',
  taskDueDate: 'date', taskDueDateBefore: 'date', taskDueDateAfter: 'date', withoutTaskDueDate: 'bool', taskFollowUpDate: 'date',
  taskFollowUpDateBefore: 'date', taskFollowUpDateAfter: 'date', startedBefore: 'date', startedAfter: 'date',
  finishedBefore: 'date', finishedAfter: 'date', tenantIdIn: 'list', withoutTenantId: 'bool',
};

const USER_OPERATION_FIELDS: Record<string, Kind> = {
  deploymentId: 'string', processDefinitionId: 'string', processDefinitionKey: 'string', processInstanceId: 'string',
  executionId: 'string', taskId: 'string', externalTaskId: 'string', jobId: 'string', userId: 'string', operationId: 'string',
  operationType: 'string', entityType: 'string', entityTypeIn: 'list', category: 'string', categoryIn: 'list', property: 'string',
  afterTimestamp: 'date', beforeTimestamp: 'date',
};

const VARIABLE_INSTANCE_FIELDS: Record<string, Kind> = {
  variableName: 'string', variableNameLike: 'string', variableNameIn: 'list', variableTypeIn: 'list', includeDeleted: 'bool',
  processInstanceId: 'string', processInstanceIdIn: 'list', processDefinitionId: 'string', processDefinitionKey: 'string',
  executionIdIn: 'list', taskIdIn: 'list', activityInstanceIdIn: 'list', tenantIdIn: 'list', withoutTenantId: 'bool',
};

const DETAIL_FIELDS: Record<string, Kind> = {
  processInstanceId: 'string', processInstanceIdIn: 'list', executionId: 'string', taskId: 'string', activityInstanceId: 'string',
  variableInstanceId: 'string', variableTypeIn: 'list', variableNameLike: 'string', tenantIdIn: 'list', withoutTenantId: 'bool',
  userOperationId: 'string', formFields: 'bool', variableUpdates: 'bool', excludeTaskDetails: 'bool', initial: 'bool',
  occurredBefore: 'date', occurredAfter: 'date',
};

const HISTORIC_INCIDENT_FIELDS: Record<string, Kind> = {
  incidentId: 'string', incidentType: 'string', incidentMessage: 'string', incidentMessageLike: 'string',
  processDefinitionId: 'string', processDefinitionKey: 'string', processDefinitionKeyIn: 'list', processInstanceId: 'string',
  executionId: 'string', createTimeBefore: 'date', createTimeAfter: 'date', endTimeBefore: 'date', endTimeAfter: 'date',
  activityId: 'string', failedActivityId: 'string', causeIncidentId: 'string', rootCauseIncidentId: 'string',
  configuration: 'string', historyConfiguration: 'string', open: 'bool', resolved: 'bool', deleted: 'bool', tenantIdIn: 'list',
  withoutTenantId: 'bool', jobDefinitionIdIn: 'list',
};

/** Answers a bytes or file value with its raw content; any other type is a 400, as Camunda's binary resources. */
function sendBinary(ctx: Context, id: string, v: TypedValue): void {
  if (v.type !== 'file' && v.type !== 'bytes') throw new InvalidRequestException(400, `Value of variable with id ${id} is not a binary value.`);
  const mime = v.valueInfo['mimeType'];
  ctx.status = 200;
  ctx.body = v.value == null ? Buffer.alloc(0) : Buffer.from(v.value as Uint8Array);
  ctx.set('Content-Type', v.type === 'file' && typeof mime === 'string' && mime !== '' ? mime : 'application/octet-stream');
}
