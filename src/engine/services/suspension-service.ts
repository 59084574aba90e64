import { EngineException, InvalidRequestException } from '../errors.js';
import type { Actor, CommandContext } from '../runtime/command-context.js';
import { history } from '../runtime/history.js';
import { TIMER_HANDLER } from '../jobs/timer-jobs.js';
import type { CommandExecutor } from './command-executor.js';

/** Work on a suspended process instance was attempted (500, as Camunda's `SuspendedEntityInteractionException`). */
export class SuspendedEntityInteractionException extends EngineException {
  constructor(message: string) {
    super(message, 'SuspendedEntityInteractionException', 500, 0);
  }
}

/** Which instances a bulk suspension applies to. */
export interface InstanceSelection {
  processInstanceIds?: string[];
  processDefinitionId?: string;
  processDefinitionKey?: string;
}

/**
 * Suspends and activates process instances: their executions, user tasks, external tasks and jobs are flagged
 * together in one command, so suspended work can be neither fetched, completed nor run by the job executor until it
 * is activated; the historic process instance shows the state (`SUSPENDED`, `ACTIVE`) as in Camunda 7.
 */
export class SuspensionService {
  constructor(private readonly commands: CommandExecutor) {}

  /** Suspends or activates one instance; 404 when it does not exist. */
  async setInstanceSuspended(actor: Actor, procInstId: string, suspended: boolean): Promise<void> {
    const changed = await this.apply(actor, [procInstId], suspended);
    if (changed === 0) throw new InvalidRequestException(404, `Process instance with id ${procInstId} does not exist`);
  }

  /** Suspends or activates every instance of the selection; 400 when the selection is empty. */
  async setInstancesSuspended(actor: Actor, selection: InstanceSelection, suspended: boolean): Promise<number> {
    const { processInstanceIds, processDefinitionId, processDefinitionKey } = selection;
    const given = [processInstanceIds?.length ? 1 : 0, processDefinitionId ? 1 : 0, processDefinitionKey ? 1 : 0].reduce((a, b) => a + b, 0);
    if (given === 0) throw new InvalidRequestException(400, 'Either processInstanceIds, processDefinitionId or processDefinitionKey must be set to update the suspension state.');
    if (given > 1) throw new InvalidRequestException(400, 'Only one of processInstanceIds, processDefinitionId or processDefinitionKey may be set to update the suspension state.');
    return this.commands.run(actor, async (ctx) => {
      let ids = processInstanceIds ?? [];
      if (!ids.length) {
        const rows = await ctx.sql.query<{ id: string }>(
          `SELECT id FROM eng_execution WHERE parent_id IS NULL AND ${processDefinitionId ? 'proc_def_id' : 'proc_def_key'} = ?`,
          [processDefinitionId ?? processDefinitionKey ?? ''],
        );
        ids = rows.map((r) => r.id);
      }
      let changed = 0;
      for (const id of ids) changed += await this.flag(ctx, id, suspended);
      return changed;
    });
  }

  // helpers ////

  private apply(actor: Actor, ids: string[], suspended: boolean): Promise<number> {
    return this.commands.run(actor, async (ctx) => {
      let changed = 0;
      for (const id of ids) changed += await this.flag(ctx, id, suspended);
      return changed;
    });
  }

  private async flag(ctx: CommandContext, procInstId: string, suspended: boolean): Promise<number> {
    const roots = await ctx.sql.query<{ id: string; proc_def_id: string; proc_def_key: string | null }>(
      'SELECT id, proc_def_id, proc_def_key FROM eng_execution WHERE id = ? AND parent_id IS NULL',
      [procInstId],
    );
    const root = roots[0];
    if (!root) return 0;
    await setInstancesSuspended(ctx, 'proc_inst_id', procInstId, suspended);
    history.userOperation(ctx, {
      operationType: suspended ? 'Suspend' : 'Activate', entityType: 'ProcessInstance', procInstId,
      procDefId: root.proc_def_id, procDefKey: root.proc_def_key,
    }, [{ property: 'suspensionState', newValue: suspended ? 'suspended' : 'active' }]);
    return 1;
  }
}

/**
 * Suspends or activates, inside a running command, the process instances whose `column` (`proc_inst_id` or
 * `proc_def_id`) is `value`: their executions, user tasks, external tasks and jobs, and the state of their historic
 * process instances. Jobs lose their locks when suspended, so that a node holding one does not run it. After an
 * activation the job executor and waiting fetch-and-lock requests on this node are told that work may be due.
 */
export async function setInstancesSuspended(ctx: CommandContext, column: 'proc_inst_id' | 'proc_def_id', value: string, suspended: boolean): Promise<void> {
  const flag = suspended ? 1 : 0;
  await ctx.sql.execute(`UPDATE eng_execution SET suspended = ?, rev = rev + 1 WHERE ${column} = ?`, [flag, value]);
  await ctx.sql.execute(`UPDATE eng_task SET suspended = ?, rev = rev + 1 WHERE ${column} = ?`, [flag, value]);
  await ctx.sql.execute(`UPDATE eng_external_task SET suspended = ?, rev = rev + 1 WHERE ${column} = ?`, [flag, value]);
  await setJobsSuspended(ctx, `${column} = ? AND proc_inst_id IS NOT NULL`, [value], suspended);
  history.processInstancesSuspensionChanged(ctx, column, value, suspended);
  if (!suspended && !activatedIn.has(ctx)) {
    activatedIn.add(ctx);
    ctx.afterCommit.push(() => ctx.events.externalTaskAvailable(null));
  }
}

/**
 * Suspends or activates, inside a running command, the timer-start-event jobs of a process definition (Camunda 7
 * suspends them with the definition, whether or not its instances are included).
 */
export async function setStartTimerJobsSuspended(ctx: CommandContext, definitionId: string, suspended: boolean): Promise<void> {
  await setJobsSuspended(ctx, 'proc_def_id = ? AND handler_type = ?', [definitionId, TIMER_HANDLER.start], suspended);
}

// helpers ////

/** Commands that activated instances: they wake waiting fetch-and-lock requests once, after their commit. */
const activatedIn = new WeakSet<CommandContext>();

async function setJobsSuspended(ctx: CommandContext, where: string, params: string[], suspended: boolean): Promise<void> {
  if (suspended) {
    // lock_exp_time first: MySQL assigns left to right and would otherwise see the new lock_owner
    await ctx.sql.execute(
      `UPDATE eng_job SET suspended = 1, lock_exp_time = CASE WHEN lock_owner IS NULL THEN lock_exp_time ELSE NULL END, lock_owner = NULL, rev = rev + 1 WHERE ${where}`,
      params,
    );
    return;
  }
  await ctx.sql.execute(`UPDATE eng_job SET suspended = 0, rev = rev + 1 WHERE ${where} AND suspended = 1`, params);
  const [next] = await ctx.sql.query<{ due: number | string | null; n: number | string }>(`SELECT MIN(COALESCE(due_date, 0)) AS due, COUNT(*) AS n FROM eng_job WHERE ${where}`, params);
  if (next && Number(next.n) > 0) {
    const due = Number(next.due) || null; // a job without a due date is due at once
    ctx.afterCommit.push(() => ctx.events.jobScheduled(due));
  }
}
