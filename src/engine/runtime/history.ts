import { T, type ExecutionRow, type HiActInstRow, type OpLogRow, type TaskRow } from '../persistence/tables.js';
import type { CommandContext } from './command-context.js';

/** Camunda's activity instance states as stored in history. */
export const ACT_STATE = { default: 0, scopeComplete: 1, canceled: 2 } as const;

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
      duration: null, actInstState: ACT_STATE.default, sequence: 0, tenantId: e.tenantId, removalTime: null,
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
};

// helpers ////

function stringify(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}
