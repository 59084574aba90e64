import { T } from '../persistence/tables.js';
import type { CommandContext } from '../runtime/command-context.js';
import { Executor } from '../runtime/executor.js';
import { history } from '../runtime/history.js';
import { InstanceState } from '../runtime/instance-state.js';
import { ProcessEngineException } from '../errors.js';

/**
 * Cancels a running process instance inside a command: closes its open activity instances and tasks in
 * history, removes every runtime row (executions, variables, tasks, identity links, external tasks,
 * incidents, jobs, event subscriptions) and ends the historic process instance with `state`; its open historic
 * incidents end as `deleted`.
 * Returns false when the instance does not exist.
 */
export async function deleteProcessInstanceState(ctx: CommandContext, procInstId: string, reason: string | null, state: string): Promise<boolean> {
  const inst = await InstanceState.load(ctx, procInstId);
  if (!inst) return false;
  const def = await ctx.definitions.get(ctx.uow, inst.root.procDefId);
  if (!def) throw new ProcessEngineException(`Process definition '${inst.root.procDefId}' of instance '${procInstId}' is missing`);
  await inst.loadWaitStates();
  for (const i of ctx.uow.cached(T.incident, (i) => i.procInstId === procInstId)) history.incidentDeleted(ctx, i);
  new Executor(ctx, inst, def).cancelAll(reason ?? 'deleted');
  for (const e of inst.executions.filter((x) => x.parentId === null)) inst.deleteExecution(e);
  for (const table of ['eng_job', 'eng_event_subscription']) ctx.uow.statement(`DELETE FROM ${table} WHERE proc_inst_id = ?`, [procInstId]);
  history.endProcessInstance(ctx, procInstId, state, null, reason);
  return true;
}
