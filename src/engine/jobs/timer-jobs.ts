import { history } from '../runtime/history.js';
import { ProcessEngineException } from '../errors.js';
import { contextFromRecord, type ExpressionContext } from '../expression/index.js';
import type { BoundaryEventModel, ProcessModel, TimerCatchModel, TimerModel } from '../model/index.js';
import { T, type ExecutionRow, type JobRow, type ProcessDefinitionRow } from '../persistence/tables.js';
import type { CommandContext } from '../runtime/command-context.js';
import { firstDue, type TimerSchedule } from './timer-schedule.js';

/** The handler types of timer jobs, as Camunda 7 names them. */
export const TIMER_HANDLER = {
  /** An intermediate timer catch event: firing moves the waiting token on. */
  intermediate: 'timer-intermediate-transition',
  /** A timer start event: firing starts a process instance at the event. */
  start: 'timer-start-event',
  /** A timer boundary event: firing interrupts the activity, or (non-interrupting) starts a concurrent token. */
  boundary: 'timer-transition',
} as const;

/** Retries a new job has (Camunda's default). */
export const DEFAULT_JOB_RETRIES = 3;

/**
 * Creates the timer job of an intermediate timer catch event a token has just entered (the token waits until
 * the job fires). Called by the executor inside the command that moves the token.
 */
export function createTimerCatchJob(ctx: CommandContext, token: ExecutionRow, el: TimerCatchModel, variables: ExpressionContext, deploymentId: string | null): JobRow {
  const where = `timer of intermediate catch event '${el.id}'`;
  const schedule = scheduleOf(el.timer, variables, ctx.now, where, false);
  if (!schedule) throw new ProcessEngineException(`${where}: the cycle '${el.timer.expression.source}' has no occurrence after now`);
  return insertJob(ctx, {
    handlerType: TIMER_HANDLER.intermediate, handlerCfg: el.id, executionId: token.id, procInstId: token.procInstId,
    procDefId: token.procDefId, procDefKey: token.procDefKey, activityId: el.id, dueDate: schedule.dueDate, repeat: null,
    deploymentId, tenantId: token.tenantId,
  });
}

/**
 * Creates the timer job of a boundary event when its activity is entered, on the activity's scope execution (and of a
 * timer start event of an event sub-process when its scope starts). A cycle repeats only when non-interrupting (an
 * interrupting one fires once and ends the activity).
 */
export function createBoundaryTimerJob(ctx: CommandContext, scope: ExecutionRow, el: Pick<BoundaryEventModel, 'id' | 'cancelActivity'> & { timer: TimerModel }, variables: ExpressionContext, deploymentId: string | null): JobRow {
  const where = `timer of boundary event '${el.id}'`;
  const schedule = scheduleOf(el.timer, variables, ctx.now, where, !el.cancelActivity);
  if (!schedule) throw new ProcessEngineException(`${where}: the cycle '${el.timer.expression.source}' has no occurrence after now`);
  return insertJob(ctx, {
    handlerType: TIMER_HANDLER.boundary, handlerCfg: el.id, executionId: scope.id, procInstId: scope.procInstId,
    procDefId: scope.procDefId, procDefKey: scope.procDefKey, activityId: el.id, dueDate: schedule.dueDate, repeat: schedule.repeat,
    deploymentId, tenantId: scope.tenantId,
  });
}

/**
 * Deletes the jobs of an execution whose activity is cancelled or left (loaded ones, and any others by statement);
 * jobs of the activities in `keepActivityIds` (e.g. the boundary timers of a scope that keeps running) stay.
 */
export function deleteJobsOfExecution(ctx: CommandContext, executionId: string, keepActivityIds: readonly string[] = []): void {
  for (const j of ctx.uow.cached(T.job, (j) => j.executionId === executionId && !keepActivityIds.includes(j.activityId ?? ''))) ctx.uow.delete(T.job, j);
  const keep = keepActivityIds.length === 0 ? '' : ` AND (activity_id IS NULL OR activity_id NOT IN (${keepActivityIds.map(() => '?').join(', ')}))`;
  ctx.uow.statement(`DELETE FROM ${T.job.table} WHERE execution_id = ?${keep}`, [executionId, ...keepActivityIds]);
}

/**
 * At deployment of a new latest version: deletes the timer-start jobs of the earlier versions of the same key
 * (and tenant), as Camunda 7 does, then creates one job per timer start event of the new version at its first
 * occurrence. A start timer's expression is evaluated without variables (there is no instance yet).
 */
export async function scheduleTimerStartJobs(ctx: CommandContext, def: ProcessDefinitionRow, model: ProcessModel): Promise<void> {
  const tenant = def.tenantId === null ? 'tenant_id IS NULL' : 'tenant_id = ?';
  const params = def.tenantId === null ? [TIMER_HANDLER.start, def.key] : [TIMER_HANDLER.start, def.key, def.tenantId];
  for (const old of await ctx.uow.select(T.job, `handler_type = ? AND proc_def_key = ? AND ${tenant}`, params)) {
    if (old.procDefId !== def.id) {
      ctx.uow.delete(T.job, old);
      for (const i of await ctx.uow.select(T.incident, 'incident_type = ? AND configuration = ?', ['failedJob', old.id])) {
        history.incidentDeleted(ctx, i);
        ctx.uow.delete(T.incident, i);
      }
    }
  }
  const noVariables = contextFromRecord({});
  for (const id of model.timerStartEventIds) {
    const el = model.elements.get(id);
    if (el?.kind !== 'startEvent' || !el.timer) continue;
    const schedule = scheduleOf(el.timer, noVariables, ctx.now, `timer of start event '${id}' of process '${def.key}'`, true);
    if (!schedule) continue; // every occurrence of the cycle lies in the past
    insertJob(ctx, {
      handlerType: TIMER_HANDLER.start, handlerCfg: id, executionId: null, procInstId: null, procDefId: def.id, procDefKey: def.key,
      activityId: id, dueDate: schedule.dueDate, repeat: schedule.repeat, deploymentId: def.deploymentId, tenantId: def.tenantId,
    });
  }
}

/** Inserts a new timer job and, after the commit, tells the job executor when it is due. */
export function insertJob(
  ctx: CommandContext,
  fields: Pick<JobRow, 'handlerType' | 'handlerCfg' | 'executionId' | 'procInstId' | 'procDefId' | 'procDefKey' | 'activityId' | 'dueDate' | 'repeat' | 'deploymentId' | 'tenantId'>,
): JobRow {
  const job = ctx.uow.insert(T.job, {
    id: ctx.newId(), rev: 1, type: 'timer', lockOwner: null, lockExpTime: null, exclusive: true, failedActId: null,
    retries: DEFAULT_JOB_RETRIES, exceptionMsg: null, exceptionStack: null, suspended: false, priority: 0, createTime: ctx.now,
    ...fields,
  });
  const due = job.dueDate;
  ctx.afterCommit.push(() => ctx.events.jobScheduled(due));
  return job;
}

// helpers ////

function scheduleOf(timer: TimerModel, variables: ExpressionContext, now: number, where: string, repeat: boolean): TimerSchedule | null {
  let value: unknown;
  try {
    value = timer.expression.evaluate(variables);
  } catch (error) {
    throw new ProcessEngineException(`${where}: cannot evaluate '${timer.expression.source}': ${(error as Error).message}`, { cause: error });
  }
  return firstDue(timer.type, value, now, where, repeat);
}
