import { InvalidRequestException } from '../errors.js';
import type { SqlParam } from '../persistence/database.js';
import {
  fromRow, T, type HiActInstRow, type HiDetailRow, type HiIncidentRow, type HiProcInstRow, type HiTaskInstRow, type HiVarInstRow,
  type OpLogRow, type TableMeta,
} from '../persistence/tables.js';
import type { Actor } from '../runtime/command-context.js';
import { INCIDENT_STATE } from '../runtime/history.js';
import type { CommandExecutor } from './command-executor.js';
import { limit, Where, type Paging, type SortSpec } from './query-builder.js';

/** Filters of `GET|POST /history/process-instance` (and `…/count`). Dates are epoch milliseconds. */
export interface HistoricProcessInstanceQuery extends Paging {
  processInstanceId?: string; processInstanceIds?: string[]; processInstanceIdNotIn?: string[]; processDefinitionId?: string;
  processDefinitionKey?: string; processDefinitionKeyIn?: string[]; processDefinitionKeyNotIn?: string[]; processDefinitionName?: string;
  processDefinitionNameLike?: string; processInstanceBusinessKey?: string; processInstanceBusinessKeyIn?: string[];
  processInstanceBusinessKeyLike?: string; rootProcessInstances?: boolean; superProcessInstanceId?: string; finished?: boolean;
  unfinished?: boolean; withIncidents?: boolean; withRootIncidents?: boolean; incidentIdIn?: string[]; incidentType?: string;
  incidentStatus?: 'open' | 'resolved'; incidentMessage?: string; incidentMessageLike?: string; startedBefore?: number;
  startedAfter?: number; finishedBefore?: number; finishedAfter?: number; startedBy?: string; tenantIdIn?: string[];
  withoutTenantId?: boolean; activeActivityIdIn?: string[]; executedActivityIdIn?: string[]; activityIdIn?: string[];
  active?: boolean; suspended?: boolean; completed?: boolean; externallyTerminated?: boolean; internallyTerminated?: boolean;
  sorting?: SortSpec[];
}

/** Filters of `GET|POST /history/activity-instance` (and `…/count`). */
export interface HistoricActivityInstanceQuery extends Paging {
  activityInstanceId?: string; processInstanceId?: string; processDefinitionId?: string; executionId?: string; activityId?: string;
  activityName?: string; activityNameLike?: string; activityType?: string; taskAssignee?: string; finished?: boolean;
  unfinished?: boolean; canceled?: boolean; completeScope?: boolean; startedBefore?: number; startedAfter?: number;
  finishedBefore?: number; finishedAfter?: number; tenantIdIn?: string[]; withoutTenantId?: boolean; sorting?: SortSpec[];
}

/** Filters of `GET|POST /history/task` (and `…/count`). */
export interface HistoricTaskInstanceQuery extends Paging {
  taskId?: string; taskParentTaskId?: string; processInstanceId?: string; rootProcessInstanceId?: string;
  processInstanceBusinessKey?: string; processInstanceBusinessKeyIn?: string[]; processInstanceBusinessKeyLike?: string;
  executionId?: string; processDefinitionId?: string; processDefinitionKey?: string; processDefinitionName?: string;
  activityInstanceIdIn?: string[]; taskName?: string; taskNameLike?: string; taskDescription?: string; taskDescriptionLike?: string;
  taskDefinitionKey?: string; taskDefinitionKeyIn?: string[]; taskDeleteReason?: string; taskDeleteReasonLike?: string;
  taskAssignee?: string; taskAssigneeLike?: string; taskOwner?: string; taskOwnerLike?: string; taskPriority?: number;
  assigned?: boolean; unassigned?: boolean; finished?: boolean; unfinished?: boolean; processFinished?: boolean;
  processUnfinished?: boolean; taskDueDate?: number; taskDueDateBefore?: number; taskDueDateAfter?: number; withoutTaskDueDate?: boolean;
  taskFollowUpDate?: number; taskFollowUpDateBefore?: number; taskFollowUpDateAfter?: number; startedBefore?: number;
  startedAfter?: number; finishedBefore?: number; finishedAfter?: number; tenantIdIn?: string[]; withoutTenantId?: boolean;
  sorting?: SortSpec[];
}

/** Filters of `GET /history/user-operation` (and `…/count`). */
export interface UserOperationLogQuery extends Paging {
  deploymentId?: string; processDefinitionId?: string; processDefinitionKey?: string; processInstanceId?: string; executionId?: string;
  taskId?: string; externalTaskId?: string; jobId?: string; userId?: string; operationId?: string; operationType?: string;
  entityType?: string; entityTypeIn?: string[]; category?: string; categoryIn?: string[]; property?: string;
  afterTimestamp?: number; beforeTimestamp?: number; sorting?: SortSpec[];
}

/** Filters of `GET|POST /history/variable-instance` (and `…/count`). */
export interface HistoricVariableInstanceQuery extends Paging {
  variableName?: string; variableNameLike?: string; variableNameIn?: string[]; variableTypeIn?: string[]; includeDeleted?: boolean;
  processInstanceId?: string; processInstanceIdIn?: string[]; processDefinitionId?: string; processDefinitionKey?: string;
  executionIdIn?: string[]; taskIdIn?: string[]; activityInstanceIdIn?: string[]; tenantIdIn?: string[]; withoutTenantId?: boolean;
  sorting?: SortSpec[];
}

/** Filters of `GET|POST /history/detail` (and `…/count`); only variable updates exist (no form fields). */
export interface HistoricDetailQuery extends Paging {
  processInstanceId?: string; processInstanceIdIn?: string[]; executionId?: string; taskId?: string; activityInstanceId?: string;
  variableInstanceId?: string; variableTypeIn?: string[]; variableNameLike?: string; tenantIdIn?: string[]; withoutTenantId?: boolean;
  userOperationId?: string; formFields?: boolean; variableUpdates?: boolean; excludeTaskDetails?: boolean; initial?: boolean;
  occurredBefore?: number; occurredAfter?: number; sorting?: SortSpec[];
}

/** Filters of `GET /history/incident` (and `…/count`). */
export interface HistoricIncidentQuery extends Paging {
  incidentId?: string; incidentType?: string; incidentMessage?: string; incidentMessageLike?: string; processDefinitionId?: string;
  processDefinitionKey?: string; processDefinitionKeyIn?: string[]; processInstanceId?: string; executionId?: string;
  createTimeBefore?: number; createTimeAfter?: number; endTimeBefore?: number; endTimeAfter?: number; activityId?: string;
  failedActivityId?: string; causeIncidentId?: string; rootCauseIncidentId?: string; configuration?: string;
  historyConfiguration?: string; open?: boolean; resolved?: boolean; deleted?: boolean; tenantIdIn?: string[];
  withoutTenantId?: boolean; jobDefinitionIdIn?: string[]; sorting?: SortSpec[];
}

/** `sortBy` → column(s) of each history query (the values Camunda 7.23 accepts). */
export const HISTORY_SORT_COLUMNS = {
  processInstance: {
    instanceId: 'p.id', definitionId: 'p.proc_def_id', definitionKey: 'p.proc_def_key', definitionName: 'p.proc_def_name',
    definitionVersion: 'p.proc_def_version', businessKey: 'p.business_key', startTime: 'p.start_time', endTime: 'p.end_time',
    duration: 'p.duration', tenantId: 'p.tenant_id',
  },
  activityInstance: {
    activityInstanceId: 'a.id', instanceId: 'a.proc_inst_id', executionId: 'a.execution_id', activityId: 'a.act_id',
    activityName: 'a.act_name', activityType: 'a.act_type', startTime: 'a.start_time', endTime: 'a.end_time', duration: 'a.duration',
    definitionId: 'a.proc_def_id', occurrence: ['a.start_time', 'a.sequence'], tenantId: 'a.tenant_id',
  },
  task: {
    taskId: 't.id', activityInstanceId: 't.act_inst_id', processDefinitionId: 't.proc_def_id', processDefinitionKey: 't.proc_def_key',
    processDefinitionName: 'p.proc_def_name', processInstanceId: 't.proc_inst_id', executionId: 't.execution_id',
    duration: 't.duration', endTime: 't.end_time', startTime: 't.start_time', taskName: 't.name', taskDescription: 't.description',
    assignee: 't.assignee', owner: 't.owner', dueDate: 't.due_date', followUpDate: 't.follow_up_date',
    deleteReason: 't.delete_reason', taskDefinitionKey: 't.task_def_key', priority: 't.priority', tenantId: 't.tenant_id',
  },
  userOperation: { timestamp: 'o.timestamp' },
  variableInstance: { instanceId: 'v.proc_inst_id', variableName: 'v.name', tenantId: 'v.tenant_id' },
  detail: {
    processInstanceId: 'd.proc_inst_id', variableName: 'd.name', variableType: 'd.var_type', variableRevision: 'd.rev',
    formPropertyId: 'd.name', time: 'd.time', occurrence: ['d.time', 'd.sequence'], tenantId: 'd.tenant_id',
  },
  incident: {
    incidentId: 'i.id', incidentMessage: 'i.incident_msg', createTime: 'i.create_time', endTime: 'i.end_time',
    incidentType: 'i.incident_type', executionId: 'i.execution_id', activityId: 'i.activity_id', processInstanceId: 'i.proc_inst_id',
    processDefinitionId: 'i.proc_def_id', processDefinitionKey: 'i.proc_def_key', causeIncidentId: 'i.cause_incident_id',
    rootCauseIncidentId: 'i.root_cause_incident_id', configuration: 'i.configuration',
    historyConfiguration: 'i.history_configuration', tenantId: 'i.tenant_id', incidentState: 'i.incident_state',
  },
} satisfies Record<string, Record<string, string | string[]>>;

/**
 * Read-only queries over the engine's history: process instances, activity instances, tasks, user operations,
 * variable instances, variable updates (details) and incidents. Each query reads committed rows in its own command.
 */
export class HistoryService {
  constructor(private readonly commands: CommandExecutor) {}

  async processInstances(actor: Actor, q: HistoricProcessInstanceQuery): Promise<HiProcInstRow[]> {
    return this.list(actor, T.hiProcInst, 'eng_hi_procinst p', processInstanceWhere(q), q, HISTORY_SORT_COLUMNS.processInstance, 'p.id');
  }

  async countProcessInstances(actor: Actor, q: HistoricProcessInstanceQuery): Promise<number> {
    return this.count(actor, 'eng_hi_procinst p', processInstanceWhere(q));
  }

  /** A historic process instance; unknown → 404 InvalidRequestException, as Camunda's REST layer. */
  async processInstance(actor: Actor, id: string): Promise<HiProcInstRow> {
    const row = await this.byId(actor, T.hiProcInst, id);
    if (!row) throw new InvalidRequestException(404, `Historic process instance with id ${id} does not exist`);
    return row;
  }

  async activityInstances(actor: Actor, q: HistoricActivityInstanceQuery): Promise<HiActInstRow[]> {
    return this.list(actor, T.hiActInst, 'eng_hi_actinst a', activityInstanceWhere(q), q, HISTORY_SORT_COLUMNS.activityInstance, 'a.start_time ASC, a.sequence ASC, a.id');
  }

  async countActivityInstances(actor: Actor, q: HistoricActivityInstanceQuery): Promise<number> {
    return this.count(actor, 'eng_hi_actinst a', activityInstanceWhere(q));
  }

  /** A historic activity instance; unknown → 404 InvalidRequestException. */
  async activityInstance(actor: Actor, id: string): Promise<HiActInstRow> {
    const row = await this.byId(actor, T.hiActInst, id);
    if (!row) throw new InvalidRequestException(404, `Historic activity instance with id ${id} does not exist`);
    return row;
  }

  async tasks(actor: Actor, q: HistoricTaskInstanceQuery): Promise<HiTaskInstRow[]> {
    return this.list(actor, T.hiTaskInst, TASK_FROM, taskWhere(q), q, HISTORY_SORT_COLUMNS.task, 't.id');
  }

  async countTasks(actor: Actor, q: HistoricTaskInstanceQuery): Promise<number> {
    return this.count(actor, TASK_FROM, taskWhere(q));
  }

  async userOperations(actor: Actor, q: UserOperationLogQuery): Promise<OpLogRow[]> {
    return this.list(actor, T.opLog, 'eng_hi_op_log o', userOperationWhere(q), q, HISTORY_SORT_COLUMNS.userOperation, 'o.id');
  }

  async countUserOperations(actor: Actor, q: UserOperationLogQuery): Promise<number> {
    return this.count(actor, 'eng_hi_op_log o', userOperationWhere(q));
  }

  async variableInstances(actor: Actor, q: HistoricVariableInstanceQuery): Promise<HiVarInstRow[]> {
    return this.list(actor, T.hiVarInst, 'eng_hi_varinst v', variableInstanceWhere(q), q, HISTORY_SORT_COLUMNS.variableInstance, 'v.id');
  }

  async countVariableInstances(actor: Actor, q: HistoricVariableInstanceQuery): Promise<number> {
    return this.count(actor, 'eng_hi_varinst v', variableInstanceWhere(q));
  }

  /** A historic variable instance (also a deleted one); unknown → 404 InvalidRequestException. */
  async variableInstance(actor: Actor, id: string): Promise<HiVarInstRow> {
    const row = await this.byId(actor, T.hiVarInst, id);
    if (!row) throw new InvalidRequestException(404, `Historic variable instance with Id '${id}' does not exist.`);
    return row;
  }

  async details(actor: Actor, q: HistoricDetailQuery): Promise<HiDetailRow[]> {
    return this.list(actor, T.hiDetail, 'eng_hi_detail d', detailWhere(q), q, HISTORY_SORT_COLUMNS.detail, 'd.time ASC, d.sequence');
  }

  async countDetails(actor: Actor, q: HistoricDetailQuery): Promise<number> {
    return this.count(actor, 'eng_hi_detail d', detailWhere(q));
  }

  /** One variable update; unknown → 404 InvalidRequestException. */
  async detail(actor: Actor, id: string): Promise<HiDetailRow> {
    const row = await this.byId(actor, T.hiDetail, id);
    if (!row) throw new InvalidRequestException(404, `Historic detail with Id '${id}' does not exist.`);
    return row;
  }

  async incidents(actor: Actor, q: HistoricIncidentQuery): Promise<HiIncidentRow[]> {
    return this.list(actor, T.hiIncident, 'eng_hi_incident i', incidentWhere(q), q, HISTORY_SORT_COLUMNS.incident, 'i.id');
  }

  async countIncidents(actor: Actor, q: HistoricIncidentQuery): Promise<number> {
    return this.count(actor, 'eng_hi_incident i', incidentWhere(q));
  }

  // helpers ////

  private async list<R>(
    actor: Actor, meta: TableMeta<R>, from: string, w: Where, q: Paging & { sorting?: SortSpec[] },
    columns: Record<string, string | string[]>, fallback: string,
  ): Promise<R[]> {
    const alias = from.split(' ')[1] as string;
    const sql = `SELECT ${alias}.* FROM ${from} WHERE ${w.toString()}${sortClause(q.sorting ?? [], columns, `${fallback} ASC`)}${limit(q)}`;
    return this.commands.run(actor, async (ctx) => (await ctx.sql.query<Record<string, unknown>>(sql, w.params)).map((r) => fromRow(meta, r)));
  }

  private async count(actor: Actor, from: string, w: Where): Promise<number> {
    return this.commands.run(actor, async (ctx) => {
      const rows = await ctx.sql.query<Record<string, unknown>>(`SELECT COUNT(*) AS c FROM ${from} WHERE ${w.toString()}`, w.params);
      return Number(rows[0]?.['c'] ?? 0);
    });
  }

  private async byId<R>(actor: Actor, meta: TableMeta<R>, id: string): Promise<R | null> {
    return this.commands.run(actor, async (ctx) => {
      const row = (await ctx.sql.query<Record<string, unknown>>(`SELECT * FROM ${meta.table} WHERE id = ?`, [id]))[0];
      return row ? fromRow(meta, row) : null;
    });
  }
}

/**
 * ORDER BY for validated sort specs; a sortBy may map to several columns (all sorted in its direction). The
 * fallback keeps the order stable.
 */
export function sortClause(sorting: readonly SortSpec[], columns: Record<string, string | string[]>, fallback: string): string {
  const parts: string[] = [];
  for (const s of sorting) {
    const c = columns[s.sortBy];
    if (!c) throw new InvalidRequestException(400, `Cannot set query sortBy parameter to value ${s.sortBy}`);
    const direction = s.sortOrder === 'desc' ? 'DESC' : 'ASC';
    for (const column of Array.isArray(c) ? c : [c]) parts.push(`${column} ${direction}`);
  }
  parts.push(fallback);
  return ` ORDER BY ${parts.join(', ')}`;
}

// helpers ////

/** Historic tasks joined with their historic process instance (business key, definition name). */
const TASK_FROM = 'eng_hi_taskinst t LEFT JOIN eng_hi_procinst p ON p.id = t.proc_inst_id';

function notIn(w: Where, column: string, values: readonly SqlParam[] | undefined): void {
  if (values?.length) w.add(`(${column} IS NULL OR ${column} NOT IN (${values.map(() => '?').join(', ')}))`, ...values);
}

function range(w: Where, column: string, from: number | undefined, to: number | undefined, inclusive = true): void {
  const [lo, hi] = inclusive ? ['>=', '<='] : ['>', '<'];
  if (from !== undefined) w.add(`${column} ${lo} ?`, from);
  if (to !== undefined) w.add(`${column} ${hi} ?`, to);
}

function processInstanceWhere(q: HistoricProcessInstanceQuery): Where {
  const w = new Where()
    .eq('p.id', q.processInstanceId).in('p.id', q.processInstanceIds).eq('p.proc_def_id', q.processDefinitionId)
    .eq('p.proc_def_key', q.processDefinitionKey).in('p.proc_def_key', q.processDefinitionKeyIn)
    .eq('p.proc_def_name', q.processDefinitionName).like('p.proc_def_name', q.processDefinitionNameLike)
    .eq('p.business_key', q.processInstanceBusinessKey).in('p.business_key', q.processInstanceBusinessKeyIn)
    .like('p.business_key', q.processInstanceBusinessKeyLike).eq('p.super_proc_inst_id', q.superProcessInstanceId)
    .eq('p.start_user_id', q.startedBy).in('p.tenant_id', q.tenantIdIn);
  notIn(w, 'p.id', q.processInstanceIdNotIn);
  notIn(w, 'p.proc_def_key', q.processDefinitionKeyNotIn);
  if (q.rootProcessInstances) w.add('p.super_proc_inst_id IS NULL');
  if (q.finished) w.add('p.end_time IS NOT NULL');
  if (q.unfinished) w.add('p.end_time IS NULL');
  if (q.withoutTenantId) w.add('p.tenant_id IS NULL');
  range(w, 'p.start_time', q.startedAfter, q.startedBefore);
  range(w, 'p.end_time', q.finishedAfter, q.finishedBefore);
  const states: Array<[boolean | undefined, string]> = [
    [q.active, 'ACTIVE'], [q.suspended, 'SUSPENDED'], [q.completed, 'COMPLETED'],
    [q.externallyTerminated, 'EXTERNALLY_TERMINATED'], [q.internallyTerminated, 'INTERNALLY_TERMINATED'],
  ];
  const wanted = states.filter(([flag]) => flag).map(([, state]) => state);
  if (wanted.length) w.in('p.state', wanted);
  const incident = new Where().add('hi.proc_inst_id = p.id').in('hi.id', q.incidentIdIn).eq('hi.incident_type', q.incidentType)
    .eq('hi.incident_msg', q.incidentMessage).like('hi.incident_msg', q.incidentMessageLike);
  if (q.withRootIncidents) incident.add('hi.id = hi.root_cause_incident_id');
  if (q.incidentStatus === 'open') incident.add('hi.incident_state = ?', INCIDENT_STATE.open);
  if (q.incidentStatus === 'resolved') incident.add('hi.incident_state = ?', INCIDENT_STATE.resolved);
  if (q.withIncidents || incident.clauses.length > 1) w.add(`EXISTS (SELECT 1 FROM eng_hi_incident hi WHERE ${incident.toString()})`, ...incident.params);
  if (q.activeActivityIdIn?.length || q.activityIdIn?.length) {
    const ids = [...(q.activeActivityIdIn ?? []), ...(q.activityIdIn ?? [])];
    w.add(`EXISTS (SELECT 1 FROM eng_hi_actinst ha WHERE ha.proc_inst_id = p.id AND ha.end_time IS NULL AND ha.act_id IN (${ids.map(() => '?').join(', ')}))`, ...ids);
  }
  if (q.executedActivityIdIn?.length) {
    const ids = q.executedActivityIdIn;
    w.add(`EXISTS (SELECT 1 FROM eng_hi_actinst ha WHERE ha.proc_inst_id = p.id AND ha.end_time IS NOT NULL AND ha.act_id IN (${ids.map(() => '?').join(', ')}))`, ...ids);
  }
  return w;
}

function activityInstanceWhere(q: HistoricActivityInstanceQuery): Where {
  const w = new Where()
    .eq('a.id', q.activityInstanceId).eq('a.proc_inst_id', q.processInstanceId).eq('a.proc_def_id', q.processDefinitionId)
    .eq('a.execution_id', q.executionId).eq('a.act_id', q.activityId).eq('a.act_name', q.activityName)
    .like('a.act_name', q.activityNameLike).eq('a.act_type', q.activityType).eq('a.assignee', q.taskAssignee)
    .in('a.tenant_id', q.tenantIdIn);
  if (q.finished) w.add('a.end_time IS NOT NULL');
  if (q.unfinished) w.add('a.end_time IS NULL');
  if (q.canceled) w.add('a.act_inst_state = 2');
  if (q.completeScope) w.add('a.act_inst_state = 1');
  if (q.withoutTenantId) w.add('a.tenant_id IS NULL');
  range(w, 'a.start_time', q.startedAfter, q.startedBefore);
  range(w, 'a.end_time', q.finishedAfter, q.finishedBefore);
  return w;
}

function taskWhere(q: HistoricTaskInstanceQuery): Where {
  const w = new Where()
    .eq('t.id', q.taskId).eq('t.parent_task_id', q.taskParentTaskId).eq('t.proc_inst_id', q.processInstanceId)
    .eq('t.root_proc_inst_id', q.rootProcessInstanceId).eq('p.business_key', q.processInstanceBusinessKey)
    .in('p.business_key', q.processInstanceBusinessKeyIn).like('p.business_key', q.processInstanceBusinessKeyLike)
    .eq('t.execution_id', q.executionId).eq('t.proc_def_id', q.processDefinitionId).eq('t.proc_def_key', q.processDefinitionKey)
    .eq('p.proc_def_name', q.processDefinitionName).in('t.act_inst_id', q.activityInstanceIdIn).eq('t.name', q.taskName)
    .like('t.name', q.taskNameLike).eq('t.description', q.taskDescription).like('t.description', q.taskDescriptionLike)
    .eq('t.task_def_key', q.taskDefinitionKey).in('t.task_def_key', q.taskDefinitionKeyIn).eq('t.delete_reason', q.taskDeleteReason)
    .like('t.delete_reason', q.taskDeleteReasonLike).eq('t.assignee', q.taskAssignee).like('t.assignee', q.taskAssigneeLike)
    .eq('t.owner', q.taskOwner).like('t.owner', q.taskOwnerLike).eq('t.priority', q.taskPriority).eq('t.due_date', q.taskDueDate)
    .eq('t.follow_up_date', q.taskFollowUpDate).in('t.tenant_id', q.tenantIdIn);
  if (q.assigned) w.add('t.assignee IS NOT NULL');
  if (q.unassigned) w.add('t.assignee IS NULL');
  if (q.finished) w.add('t.end_time IS NOT NULL');
  if (q.unfinished) w.add('t.end_time IS NULL');
  if (q.processFinished) w.add('p.end_time IS NOT NULL');
  if (q.processUnfinished) w.add('p.id IS NOT NULL AND p.end_time IS NULL');
  if (q.withoutTaskDueDate) w.add('t.due_date IS NULL');
  if (q.withoutTenantId) w.add('t.tenant_id IS NULL');
  range(w, 't.due_date', q.taskDueDateAfter, q.taskDueDateBefore, false);
  range(w, 't.follow_up_date', q.taskFollowUpDateAfter, q.taskFollowUpDateBefore, false);
  range(w, 't.start_time', q.startedAfter, q.startedBefore);
  range(w, 't.end_time', q.finishedAfter, q.finishedBefore);
  return w;
}

function userOperationWhere(q: UserOperationLogQuery): Where {
  const w = new Where()
    .eq('o.deployment_id', q.deploymentId).eq('o.proc_def_id', q.processDefinitionId).eq('o.proc_def_key', q.processDefinitionKey)
    .eq('o.proc_inst_id', q.processInstanceId).eq('o.execution_id', q.executionId).eq('o.task_id', q.taskId)
    .eq('o.external_task_id', q.externalTaskId).eq('o.job_id', q.jobId).eq('o.user_id', q.userId).eq('o.operation_id', q.operationId)
    .eq('o.operation_type', q.operationType).eq('o.entity_type', q.entityType).in('o.entity_type', q.entityTypeIn)
    .eq('o.category', q.category).in('o.category', q.categoryIn).eq('o.property', q.property);
  range(w, 'o.timestamp', q.afterTimestamp, q.beforeTimestamp, false);
  return w;
}

function variableInstanceWhere(q: HistoricVariableInstanceQuery): Where {
  const w = new Where()
    .eq('v.name', q.variableName).like('v.name', q.variableNameLike).in('v.name', q.variableNameIn)
    .in('v.type', q.variableTypeIn?.map(engineTypeName)).eq('v.proc_inst_id', q.processInstanceId)
    .in('v.proc_inst_id', q.processInstanceIdIn).eq('v.proc_def_id', q.processDefinitionId).eq('v.proc_def_key', q.processDefinitionKey)
    .in('v.execution_id', q.executionIdIn).in('v.task_id', q.taskIdIn).in('v.act_inst_id', q.activityInstanceIdIn)
    .in('v.tenant_id', q.tenantIdIn);
  if (!q.includeDeleted) w.add("v.state = 'CREATED'");
  if (q.withoutTenantId) w.add('v.tenant_id IS NULL');
  return w;
}

function detailWhere(q: HistoricDetailQuery): Where {
  const w = new Where()
    .eq('d.proc_inst_id', q.processInstanceId).in('d.proc_inst_id', q.processInstanceIdIn).eq('d.execution_id', q.executionId)
    .eq('d.task_id', q.taskId).eq('d.act_inst_id', q.activityInstanceId).eq('d.var_inst_id', q.variableInstanceId)
    .in('d.var_type', q.variableTypeIn?.map(engineTypeName)).like('d.name', q.variableNameLike).in('d.tenant_id', q.tenantIdIn)
    .eq('d.operation_id', q.userOperationId);
  // only variable updates are recorded: asking for form fields alone finds nothing
  if (q.formFields && !q.variableUpdates) w.add('1 = 0');
  if (q.excludeTaskDetails) w.add('d.task_id IS NULL');
  if (q.initial) w.add('d.is_initial = 1');
  if (q.withoutTenantId) w.add('d.tenant_id IS NULL');
  range(w, 'd.time', q.occurredAfter, q.occurredBefore);
  return w;
}

function incidentWhere(q: HistoricIncidentQuery): Where {
  const w = new Where()
    .eq('i.id', q.incidentId).eq('i.incident_type', q.incidentType).eq('i.incident_msg', q.incidentMessage)
    .like('i.incident_msg', q.incidentMessageLike).eq('i.proc_def_id', q.processDefinitionId).eq('i.proc_def_key', q.processDefinitionKey)
    .in('i.proc_def_key', q.processDefinitionKeyIn).eq('i.proc_inst_id', q.processInstanceId).eq('i.execution_id', q.executionId)
    .eq('i.activity_id', q.activityId).eq('i.failed_activity_id', q.failedActivityId).eq('i.cause_incident_id', q.causeIncidentId)
    .eq('i.root_cause_incident_id', q.rootCauseIncidentId).eq('i.configuration', q.configuration)
    .eq('i.history_configuration', q.historyConfiguration).in('i.tenant_id', q.tenantIdIn).in('i.job_def_id', q.jobDefinitionIdIn);
  if (q.open) w.add('i.incident_state = ?', INCIDENT_STATE.open);
  if (q.resolved) w.add('i.incident_state = ?', INCIDENT_STATE.resolved);
  if (q.deleted) w.add('i.incident_state = ?', INCIDENT_STATE.deleted);
  if (q.withoutTenantId) w.add('i.tenant_id IS NULL');
  range(w, 'i.create_time', q.createTimeAfter, q.createTimeBefore, false);
  range(w, 'i.end_time', q.endTimeAfter, q.endTimeBefore, false);
  return w;
}

/** A REST type name (`String`) as stored (`string`). */
function engineTypeName(type: string): string {
  return type.charAt(0).toLowerCase() + type.slice(1);
}
