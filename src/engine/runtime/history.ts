import {
  T, type ExecutionRow, type HiActInstRow, type HiIncidentRow, type HiVarInstRow, type IncidentRow, type OpLogRow, type TaskRow,
  type VariableRow,
} from '../persistence/tables.js';
import type { CommandContext } from './command-context.js';

/** Camunda's activity instance states as stored in history. */
export const ACT_STATE = { default: 0, scopeComplete: 1, canceled: 2 } as const;

/** Camunda's incident states (`IncidentState`) as stored in `eng_hi_incident.incident_state`. */
export const INCIDENT_STATE = { open: 0, resolved: 1, deleted: 2 } as const;

/** What a variable change is, for its history. */
export type VariableChange = 'create' | 'update' | 'delete';

/** Where a variable lives, beyond what its row says: written into its history rows. */
export interface VariableHistoryScope {
  rootProcInstId: string | null;
  procDefKey: string | null;
  tenantId: string | null;
  /** The activity instance of the variable's scope (the process instance id for process variables). */
  actInstId: string | null;
  /** The variable was created while its process instance started. */
  initial: boolean;
}

/** What a historic incident needs beyond the runtime incident row. */
export interface IncidentHistoryExtras {
  procDefKey: string | null;
  rootProcInstId: string | null;
}

/** Writes the history of process instances, activity instances, tasks and user operations. */
export const history = {
  startProcessInstance(ctx: CommandContext, root: ExecutionRow, def: { name: string | null; version: number }, startActId: string): void {
    ctx.uow.insert(T.hiProcInst, {
      id: root.id, procInstId: root.id, businessKey: root.businessKey, procDefId: root.procDefId, procDefKey: root.procDefKey,
      procDefName: def.name, procDefVersion: def.version, startTime: ctx.now, endTime: null, duration: null,
      startUserId: root.startUserId, startActId, endActId: null, deleteReason: null, superProcInstId: null,
      rootProcInstId: root.id, state: 'ACTIVE', tenantId: root.tenantId, removalTime: null,
    });
  },

  endProcessInstance(ctx: CommandContext, procInstId: string, state: string, endActId: string | null, deleteReason: string | null): void {
    const cached = ctx.uow.cached(T.hiProcInst, (h) => h.id === procInstId)[0];
    if (cached) {
      Object.assign(cached, { endTime: ctx.now, duration: ctx.now - cached.startTime, state, endActId, deleteReason });
      return;
    }
    ctx.uow.statement(
      `UPDATE ${T.hiProcInst.table} SET end_time = ?, duration = ? - start_time, state = ?, end_act_id = ?, delete_reason = ? WHERE id = ?`,
      [ctx.now, ctx.now, state, endActId, deleteReason, procInstId],
    );
  },

  /**
   * The unfinished historic process instances whose `column` (`proc_inst_id` or `proc_def_id`) is `value` were
   * suspended (state `SUSPENDED`) or activated (`ACTIVE`), as Camunda 7 records it.
   */
  processInstancesSuspensionChanged(ctx: CommandContext, column: 'proc_inst_id' | 'proc_def_id', value: string, suspended: boolean): void {
    const state = suspended ? 'SUSPENDED' : 'ACTIVE';
    const field = column === 'proc_inst_id' ? 'procInstId' : 'procDefId';
    for (const cached of ctx.uow.cached(T.hiProcInst, (h) => h[field] === value && h.endTime === null)) cached.state = state;
    ctx.uow.statement(`UPDATE ${T.hiProcInst.table} SET state = ? WHERE ${column} = ? AND end_time IS NULL`, [state, value]);
  },

  startActivity(
    ctx: CommandContext,
    e: ExecutionRow,
    activity: { id: string; name: string | null; activityType: string },
    actInstId: string,
    parentActInstId: string,
  ): HiActInstRow {
    return ctx.uow.insert(T.hiActInst, {
      id: actInstId, parentActInstId, procDefKey: e.procDefKey, procDefId: e.procDefId, procInstId: e.procInstId,
      rootProcInstId: e.rootProcInstId, executionId: e.id, actId: activity.id, taskId: null, callProcInstId: null,
      actName: activity.name, actType: activity.activityType, assignee: null, startTime: ctx.now, endTime: null,
      duration: null, actInstState: ACT_STATE.default, sequence: nextSequence(), tenantId: e.tenantId, removalTime: null,
    });
  },

  endActivity(ctx: CommandContext, actInstId: string, state: number = ACT_STATE.default): void {
    const cached = ctx.uow.cached(T.hiActInst, (h) => h.id === actInstId)[0];
    if (cached) {
      if (cached.endTime === null) Object.assign(cached, { endTime: ctx.now, duration: ctx.now - cached.startTime, actInstState: state });
      return;
    }
    ctx.uow.statement(
      `UPDATE ${T.hiActInst.table} SET end_time = ?, duration = ? - start_time, act_inst_state = ? WHERE id = ? AND end_time IS NULL`,
      [ctx.now, ctx.now, state, actInstId],
    );
  },

  /** Sets the task id / assignee of an activity instance. */
  activityTask(ctx: CommandContext, actInstId: string, taskId: string, assignee: string | null): void {
    const cached = ctx.uow.cached(T.hiActInst, (h) => h.id === actInstId)[0];
    if (cached) {
      cached.taskId = taskId;
      cached.assignee = assignee;
      return;
    }
    ctx.uow.statement(`UPDATE ${T.hiActInst.table} SET task_id = ?, assignee = ? WHERE id = ?`, [taskId, assignee, actInstId]);
  },

  createTask(ctx: CommandContext, t: TaskRow, rootProcInstId: string | null): void {
    ctx.uow.insert(T.hiTaskInst, {
      id: t.id, taskDefKey: t.taskDefKey, procDefKey: t.procDefKey, procDefId: t.procDefId, procInstId: t.procInstId,
      rootProcInstId, executionId: t.executionId, actInstId: t.actInstId, name: t.name, parentTaskId: t.parentTaskId,
      description: t.description, owner: t.owner, assignee: t.assignee, startTime: t.createTime, endTime: null, duration: null,
      deleteReason: null, priority: t.priority, dueDate: t.dueDate, followUpDate: t.followUpDate, tenantId: t.tenantId,
      taskState: 'Created', removalTime: null,
    });
  },

  /** Mirrors a task's changeable fields into its history row. */
  updateTask(ctx: CommandContext, t: TaskRow): void {
    const cached = ctx.uow.cached(T.hiTaskInst, (h) => h.id === t.id)[0];
    const fields = {
      name: t.name, description: t.description, owner: t.owner, assignee: t.assignee, priority: t.priority,
      dueDate: t.dueDate, followUpDate: t.followUpDate, taskState: 'Updated',
    };
    if (cached) {
      Object.assign(cached, fields);
      return;
    }
    ctx.uow.statement(
      `UPDATE ${T.hiTaskInst.table} SET name = ?, description = ?, owner = ?, assignee = ?, priority = ?, due_date = ?, follow_up_date = ?, task_state = ? WHERE id = ?`,
      [fields.name, fields.description, fields.owner, fields.assignee, fields.priority, fields.dueDate, fields.followUpDate, fields.taskState, t.id],
    );
    if (t.actInstId) {
      ctx.uow.statement(`UPDATE ${T.hiActInst.table} SET assignee = ? WHERE id = ?`, [t.assignee, t.actInstId]);
    }
  },

  endTask(ctx: CommandContext, taskId: string, deleteReason: string, state: 'Completed' | 'Deleted'): void {
    const cached = ctx.uow.cached(T.hiTaskInst, (h) => h.id === taskId)[0];
    if (cached) {
      Object.assign(cached, { endTime: ctx.now, duration: ctx.now - cached.startTime, deleteReason, taskState: state });
      return;
    }
    ctx.uow.statement(
      `UPDATE ${T.hiTaskInst.table} SET end_time = ?, duration = ? - start_time, delete_reason = ?, task_state = ? WHERE id = ?`,
      [ctx.now, ctx.now, deleteReason, state, taskId],
    );
  },

  /** Records a user operation (who did what, when) — one row per changed property. */
  userOperation(
    ctx: CommandContext,
    op: Pick<OpLogRow, 'operationType' | 'entityType'> & Partial<OpLogRow>,
    properties: Array<{ property: string | null; orgValue?: unknown; newValue?: unknown }> = [{ property: null }],
  ): void {
    for (const p of properties) {
      ctx.uow.insert(T.opLog, {
        id: ctx.newId(), operationId: ctx.operationId, operationType: op.operationType, entityType: op.entityType,
        category: op.category ?? 'Operator', userId: ctx.actor.userId, timestamp: ctx.now, property: p.property,
        orgValue: stringify(p.orgValue), newValue: stringify(p.newValue), deploymentId: op.deploymentId ?? null,
        procDefId: op.procDefId ?? null, procDefKey: op.procDefKey ?? null, procInstId: op.procInstId ?? null,
        executionId: op.executionId ?? null, taskId: op.taskId ?? null, externalTaskId: op.externalTaskId ?? null,
        jobId: op.jobId ?? null, annotation: op.annotation ?? null,
      });
    }
  },

  /**
   * Records a change of a (non-transient) variable: the create inserts its historic variable instance (state
   * `CREATED`), an update keeps that row's value current, a delete marks it `DELETED`; every change also adds a
   * `VariableUpdate` detail row with the value and revision the variable had. Called where variables are set or
   * removed (`InstanceState`), after the runtime row was changed. Variables that disappear because their
   * execution, task or instance ended are not changes: their history stays `CREATED`, as in Camunda.
   */
  variableChanged(ctx: CommandContext, v: VariableRow, change: VariableChange, scope: VariableHistoryScope): void {
    const revision = change === 'create' ? 0 : v.rev;
    const value = {
      type: v.type, textValue: v.textValue, text2Value: v.text2Value, longValue: v.longValue, doubleValue: v.doubleValue,
      bytesValue: v.bytesValue,
    };
    const state = change === 'delete' ? 'DELETED' : 'CREATED';
    const created = createdIn(ctx).varinst;
    if (change === 'create') {
      created.set(v.id, ctx.uow.insert(T.hiVarInst, {
        id: v.id, procInstId: v.procInstId, rootProcInstId: scope.rootProcInstId, executionId: v.executionId,
        actInstId: scope.actInstId, taskId: v.taskId, procDefKey: scope.procDefKey, procDefId: v.procDefId, name: v.name,
        ...value, state, createTime: ctx.now, lastUpdated: ctx.now, rev: revision, tenantId: scope.tenantId, removalTime: null,
      }));
    } else {
      const row = created.get(v.id);
      if (row) {
        Object.assign(row, value, { state, lastUpdated: ctx.now, rev: revision });
      } else {
        ctx.uow.statement(
          `UPDATE ${T.hiVarInst.table} SET type = ?, text_value = ?, text2_value = ?, long_value = ?, double_value = ?, bytes_value = ?, state = ?, last_updated = ?, rev = ? WHERE id = ?`,
          [value.type, value.textValue, value.text2Value, value.longValue, value.doubleValue, value.bytesValue, state, ctx.now, revision, v.id],
        );
      }
    }
    ctx.uow.insert(T.hiDetail, {
      id: ctx.newId(), type: 'VariableUpdate', procInstId: v.procInstId, rootProcInstId: scope.rootProcInstId,
      executionId: v.executionId, actInstId: scope.actInstId, taskId: v.taskId, procDefKey: scope.procDefKey, procDefId: v.procDefId,
      varInstId: v.id, name: v.name, varType: v.type, rev: revision, time: ctx.now, sequence: nextSequence(),
      textValue: v.textValue, text2Value: v.text2Value, longValue: v.longValue, doubleValue: v.doubleValue, bytesValue: v.bytesValue,
      isInitial: change === 'create' && scope.initial, operationId: ctx.actor.userId === null ? null : ctx.operationId,
      tenantId: scope.tenantId, removalTime: null,
    });
  },

  /** Opens the historic incident of a new runtime incident (call right after inserting it). */
  incidentCreated(ctx: CommandContext, i: IncidentRow, extras: IncidentHistoryExtras): void {
    createdIn(ctx).incidents.set(i.id, ctx.uow.insert(T.hiIncident, {
      id: i.id, procDefKey: extras.procDefKey, procDefId: i.procDefId, procInstId: i.procInstId, rootProcInstId: extras.rootProcInstId,
      executionId: i.executionId, createTime: i.incidentTimestamp, endTime: null, incidentMsg: i.incidentMsg, incidentType: i.incidentType,
      activityId: i.activityId, failedActivityId: i.failedActivityId, causeIncidentId: i.causeIncidentId,
      rootCauseIncidentId: i.rootCauseIncidentId, configuration: i.configuration, historyConfiguration: i.configuration,
      incidentState: INCIDENT_STATE.open, tenantId: i.tenantId, jobDefId: i.jobDefId, annotation: i.annotation, removalTime: null,
    }));
  },

  /**
   * Closes the historic incident of a runtime incident that is removed because its cause was fixed (retries set
   * again, the external task completed or its BPMN error handled): state `resolved`. Idempotent.
   */
  incidentResolved(ctx: CommandContext, i: IncidentRow): void {
    endIncident(ctx, i.id, INCIDENT_STATE.resolved);
  },

  /**
   * Closes the historic incident of a runtime incident that is removed because its activity or process instance was
   * cancelled: state `deleted`. Call it wherever a runtime incident is deleted without being resolved (e.g. the
   * executor's activity cancellation). Idempotent: an incident already closed keeps its first end state.
   */
  incidentDeleted(ctx: CommandContext, i: IncidentRow): void {
    endIncident(ctx, i.id, INCIDENT_STATE.deleted);
  },

  /** Mirrors a changed incident annotation into the historic incident. */
  incidentAnnotated(ctx: CommandContext, id: string, annotation: string | null): void {
    const row = createdIn(ctx).incidents.get(id);
    if (row) {
      row.annotation = annotation;
      return;
    }
    ctx.uow.statement(`UPDATE ${T.hiIncident.table} SET annotation = ? WHERE id = ?`, [annotation, id]);
  },
};

// helpers ////

/** History rows a command inserted, by id, so that later changes in the same command edit them before the flush. */
interface CreatedRows {
  varinst: Map<string, HiVarInstRow>;
  incidents: Map<string, HiIncidentRow>;
}

const created = new WeakMap<CommandContext, CreatedRows>();

function createdIn(ctx: CommandContext): CreatedRows {
  let rows = created.get(ctx);
  if (!rows) created.set(ctx, (rows = { varinst: new Map(), incidents: new Map() }));
  return rows;
}

let sequence = 0;

/** A counter that orders the activity instances and detail rows of one millisecond (they sort by time, then by it). */
function nextSequence(): number {
  sequence = (sequence + 1) % 2_000_000_000;
  return sequence;
}

function endIncident(ctx: CommandContext, id: string, state: number): void {
  const row = createdIn(ctx).incidents.get(id);
  if (row) {
    if (row.endTime === null) Object.assign(row, { endTime: ctx.now, incidentState: state });
    return;
  }
  ctx.uow.statement(`UPDATE ${T.hiIncident.table} SET end_time = ?, incident_state = ? WHERE id = ? AND end_time IS NULL`, [ctx.now, state, id]);
}

function stringify(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
