import { ProcessEngineException } from '../errors.js';
import { T, type ExecutionRow, type JobRow } from '../persistence/tables.js';
import type { CommandContext } from '../runtime/command-context.js';
import { Executor } from '../runtime/executor.js';
import { InstanceState } from '../runtime/instance-state.js';
import { DEFAULT_JOB_RETRIES } from './timer-jobs.js';

/** The handler type of asynchronous continuation jobs, as Camunda 7 names it. */
export const ASYNC_HANDLER = 'async-continuation';

/** Where an asynchronous continuation resumes: before entering its activity, or after leaving it. */
export type AsyncPhase = 'before' | 'after';

/**
 * Creates the job of an asynchronous continuation (`camunda:asyncBefore` / `asyncAfter`) of the token at `activityId`:
 * the running command commits, then the job executor continues the token in a new transaction, with retries and a
 * `failedJob` incident when they are exhausted. Due at once (type `message`, as Camunda 7).
 */
export function insertAsyncJob(ctx: CommandContext, token: ExecutionRow, activityId: string, phase: AsyncPhase, deploymentId: string | null): JobRow {
  const job = ctx.uow.insert(T.job, {
    id: ctx.newId(), rev: 1, type: 'message', handlerType: ASYNC_HANDLER, handlerCfg: phase, lockOwner: null, lockExpTime: null,
    exclusive: true, executionId: token.id, procInstId: token.procInstId, procDefId: token.procDefId, procDefKey: token.procDefKey,
    activityId, failedActId: null, retries: DEFAULT_JOB_RETRIES, exceptionMsg: null, exceptionStack: null, dueDate: null, repeat: null,
    suspended: token.suspended, priority: 0, deploymentId, tenantId: token.tenantId, createTime: ctx.now,
  });
  ctx.afterCommit.push(() => ctx.events.jobScheduled(null));
  return job;
}

/** Runs an asynchronous continuation job: the token continues where it stopped; nothing happens when it is gone. */
export async function runAsyncContinuation(ctx: CommandContext, job: JobRow): Promise<void> {
  ctx.uow.delete(T.job, job);
  const inst = job.procInstId ? await InstanceState.load(ctx, job.procInstId) : null;
  const token = job.executionId ? inst?.execution(job.executionId) : null;
  if (!inst || !token || token.activityId !== job.activityId) return;
  const def = await ctx.definitions.get(ctx.uow, token.procDefId);
  if (!def) throw new ProcessEngineException(`Process definition '${token.procDefId}' of job '${job.id}' is missing`);
  await new Executor(ctx, inst, def).continueAsync(token, job.handlerCfg === 'after' ? 'after' : 'before');
}
