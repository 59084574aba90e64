import { BadUserRequestException } from '../errors.js';
import type { Actor } from '../runtime/command-context.js';
import { broadcastSignal, deliverSignalToExecution, type SignalBroadcastResult, type SignalTenantScope } from '../runtime/signal-events.js';
import type { VariableMap } from '../variables/index.js';
import type { CommandExecutor } from './command-executor.js';

/** What a signal delivery asks for (`POST /signal`, `SignalDto`). */
export interface SignalInput {
  name: string;
  /** Only this execution (it must exist and wait for the signal); signal start events are then not considered. */
  executionId?: string | null;
  /** Set on each woken execution (as `setVariable` does) and on each started instance. */
  variables?: VariableMap;
  /** Only executions and signal start events of this tenant. Cannot be combined with `executionId`. */
  tenantId?: string | null;
  /** Only executions and signal start events of no tenant (ignored when `tenantId` is given, as in Camunda 7). Cannot be combined with `executionId`. */
  withoutTenantId?: boolean;
}

/**
 * Signal delivery as Camunda 7's `SignalEventReceivedBuilder`: broadcasts a signal to every execution waiting for it
 * and starts an instance at every signal start event of the latest definitions subscribed to it, or delivers it to one
 * execution only, all in one command.
 */
export class SignalService {
  constructor(private readonly commands: CommandExecutor) {}

  /**
   * Delivers a signal. Without `executionId`: a broadcast that may reach nothing (no error). With `executionId`: throws
   * `NullValueException` when the execution does not exist and `ProcessEngineException` when it is not subscribed
   * to the signal (or suspended); combined with `tenantId` or `withoutTenantId` it throws `BadUserRequestException`
   * (ENGINE-13027) before running anything.
   */
  async send(actor: Actor, input: SignalInput): Promise<SignalBroadcastResult> {
    const tenantSet = input.tenantId != null || input.withoutTenantId === true;
    const executionId = input.executionId ?? null;
    if (executionId !== null && tenantSet) {
      throw new BadUserRequestException('ENGINE-13027 Cannot specify a tenant-id when deliver a signal to a single execution.');
    }
    return this.commands.run(actor, async (ctx) => {
      if (executionId !== null) {
        await deliverSignalToExecution(ctx, input.name, executionId, input.variables);
        return { triggeredExecutionIds: [executionId], startedInstances: [] };
      }
      const tenant: SignalTenantScope = tenantSet ? { tenantId: input.tenantId ?? null } : 'any';
      return broadcastSignal(ctx, actor, { name: input.name, variables: input.variables, tenant });
    });
  }
}
