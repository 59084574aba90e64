import { EngineException, InvalidRequestException } from '../errors.js';
import type { Actor, CommandContext } from '../runtime/command-context.js';
import { history } from '../runtime/history.js';
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
 * Suspends and activates process instances: their executions, user tasks and external tasks are flagged
 * together in one command, so suspended work can be neither fetched nor completed until it is activated.
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
    const flag = suspended ? 1 : 0;
    const roots = await ctx.sql.query<{ id: string; proc_def_id: string; proc_def_key: string | null }>(
      'SELECT id, proc_def_id, proc_def_key FROM eng_execution WHERE id = ? AND parent_id IS NULL',
      [procInstId],
    );
    const root = roots[0];
    if (!root) return 0;
    await ctx.sql.execute('UPDATE eng_execution SET suspended = ?, rev = rev + 1 WHERE proc_inst_id = ?', [flag, procInstId]);
    await ctx.sql.execute('UPDATE eng_task SET suspended = ?, rev = rev + 1 WHERE proc_inst_id = ?', [flag, procInstId]);
    await ctx.sql.execute('UPDATE eng_external_task SET suspended = ?, rev = rev + 1 WHERE proc_inst_id = ?', [flag, procInstId]);
    history.userOperation(ctx, {
      operationType: suspended ? 'Suspend' : 'Activate', entityType: 'ProcessInstance', procInstId,
      procDefId: root.proc_def_id, procDefKey: root.proc_def_key,
    }, [{ property: 'suspensionState', newValue: suspended ? 'suspended' : 'active' }]);
    return 1;
  }
}
