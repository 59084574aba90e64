import { ProcessEngineException } from '../errors.js';
import type { Actor } from '../runtime/command-context.js';
import { history } from '../runtime/history.js';
import { InstanceState } from '../runtime/instance-state.js';
import { isStartInstruction, modifyInstance, type ModificationInstruction } from '../runtime/modification.js';
import type { CommandExecutor } from './command-executor.js';
import { deleteProcessInstanceState } from './instance-deletion.js';
import { SuspendedEntityInteractionException } from './suspension-service.js';

/** A process instance modification, as `POST /process-instance/{id}/modification` describes it. */
export interface ModificationRequest {
  instructions: ModificationInstruction[];
  /** Execution listeners are not invoked (the embedded engine runs none: models with listeners are refused at deploy). */
  skipCustomListeners: boolean;
  /** Input/output mappings of the activities started or left by the modification are not applied. */
  skipIoMappings: boolean;
  /** Why the instance was modified; stored with the user operation log entry. */
  annotation: string | null;
}

/**
 * Process instance modification: moves a running instance to other activities (send a case back to an earlier step,
 * skip one, start one beside the others, cancel one), all instructions in one command, so that a failing instruction
 * changes nothing. An instance left with no activity ends as externally terminated. Each modification is recorded in
 * the user operation log (`ModifyProcessInstance`, with its annotation).
 */
export class ModificationService {
  constructor(private readonly commands: CommandExecutor) {}

  /**
   * Applies the instructions in order. No instructions: nothing happens (the instance is not even looked up, as in
   * Camunda 7). An unknown instance, or a start instruction on a suspended one, fails as in Camunda 7 (500).
   */
  async modify(actor: Actor, procInstId: string, request: ModificationRequest): Promise<void> {
    if (request.instructions.length === 0) return;
    await this.commands.run(actor, async (ctx) => {
      const inst = await InstanceState.load(ctx, procInstId);
      if (!inst) throw new ProcessEngineException(`Process instance '${procInstId}' cannot be modified. The process instance does not exist`);
      const { procDefId, procDefKey, suspended } = inst.root;
      if (suspended && request.instructions.some(isStartInstruction)) throw new SuspendedEntityInteractionException(`Execution with id '${procInstId}' is suspended.`);
      const def = await ctx.definitions.get(ctx.uow, procDefId);
      if (!def) throw new ProcessEngineException(`Process definition '${procDefId}' of instance '${procInstId}' is missing`);
      const outcome = await modifyInstance(ctx, inst, def, request.instructions, { skipIoMappings: request.skipIoMappings });
      if (outcome.emptied) await deleteProcessInstanceState(ctx, procInstId, null, 'EXTERNALLY_TERMINATED');
      history.userOperation(ctx, {
        operationType: 'ModifyProcessInstance', entityType: 'ProcessInstance', procInstId, procDefId, procDefKey, annotation: request.annotation,
      });
    });
  }
}
