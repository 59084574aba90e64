import { EngineException, ProcessEngineException } from '../errors.js';
import { T, type EventSubscriptionRow } from '../persistence/tables.js';
import type { Actor, CommandContext } from '../runtime/command-context.js';
import { Executor } from '../runtime/executor.js';
import { history } from '../runtime/history.js';
import { InstanceState } from '../runtime/instance-state.js';
import { MESSAGE_EVENT } from '../runtime/message-subscriptions.js';
import { matchesFilter, toJsValue, type TypedValue, type VariableMap } from '../variables/index.js';
import type { CommandExecutor } from './command-executor.js';
import { RuntimeService, type ProcessInstanceInfo } from './runtime-service.js';

/** What a message correlation asks for (`POST /message`, `CorrelationMessageDto`). */
export interface CorrelationInput {
  messageName: string;
  /** Only executions of instances with this business key; the business key of an instance a start event starts. */
  businessKey?: string | null;
  /** Only executions of this instance; message start events are then not considered. */
  processInstanceId?: string | null;
  /** Only executions and message start events of this tenant (`withoutTenantId`: of no tenant). */
  tenantId?: string | null;
  withoutTenantId?: boolean;
  /** Process instance variables that must equal these values. */
  correlationKeys?: VariableMap;
  /** Variables local to the waiting execution that must equal these values. */
  localCorrelationKeys?: VariableMap;
  /** Set on the triggered execution as `setVariable` does (nearest scope that has them, else the instance), or on a started instance. */
  processVariables?: VariableMap;
  /** Set locally on the triggered execution (on a started instance: on the instance). */
  processVariablesLocal?: VariableMap;
  /** Correlate to every match instead of exactly one. */
  all?: boolean;
  /** Return the process instance variables in each result. */
  variablesInResult?: boolean;
}

/** The execution a message was correlated to, as `ExecutionDto`. */
export interface CorrelatedExecution { id: string; processInstanceId: string; ended: boolean; tenantId: string | null }

/** One correlation: a waiting execution that continued, or a process instance a message start event started. */
export interface CorrelationResult {
  resultType: 'Execution' | 'ProcessDefinition';
  execution: CorrelatedExecution | null;
  processInstance: ProcessInstanceInfo | null;
  /** The process instance variables after the correlation, when `variablesInResult` was asked for. */
  variables?: VariableMap;
}

/**
 * A message could not be correlated: nothing matches, or more than one match without `all` (Camunda's
 * `MismatchingMessageCorrelationException`, answered by the REST layer as 400 `RestException` with this class name
 * and message).
 */
export class MismatchingMessageCorrelationException extends EngineException {
  constructor(message: string) {
    super(message, 'MismatchingMessageCorrelationException', 500, 0);
  }
}

/**
 * Message correlation as Camunda 7's `MessageCorrelationBuilder`: finds the executions waiting for the message
 * (message catch events and receive tasks) and the message start events of the latest definitions, triggers or starts
 * them, all in one command.
 */
export class MessageService {
  constructor(
    private readonly commands: CommandExecutor,
    /** Starts instances at message start events (stateless: any instance over the same commands will do). */
    private readonly runtime: RuntimeService = new RuntimeService(commands),
  ) {}

  /**
   * Correlates a message. Without `all`: a waiting execution wins over a message start event; more than one matching
   * execution (or, without executions, more than one matching start event) or no match at all throws
   * {@link MismatchingMessageCorrelationException} and changes nothing. With `all`: every match, possibly none.
   */
  async correlate(actor: Actor, input: CorrelationInput): Promise<CorrelationResult[]> {
    return this.commands.run(actor, async (ctx) => {
      const name = input.messageName;
      const executions = await this.waitingExecutions(ctx, input);
      let starts: EventSubscriptionRow[] = [];
      if (input.processInstanceId == null && (input.all || executions.length === 0)) starts = await this.startSubscriptions(ctx, input);
      if (!input.all) {
        if (executions.length > 1) {
          throw new MismatchingMessageCorrelationException(`ENGINE-13031 Cannot correlate a message with name '${name}' to a single execution. ` +
            `${executions.length} executions match the correlation keys: ${correlationSet(input)}`);
        }
        if (executions.length === 0 && starts.length > 1) {
          throw new MismatchingMessageCorrelationException(`ENGINE-13030 Cannot correlate a message with name '${name}' to a single process ` +
            `definition. ${starts.length} process definitions match the correlations keys: ${correlationSet(input)}`);
        }
        if (executions.length + starts.length === 0) {
          throw new MismatchingMessageCorrelationException(`Cannot correlate message '${name}': No process definition or execution matches the parameters`);
        }
        if (executions.length === 1) starts = [];
      }
      const results: CorrelationResult[] = [];
      for (const s of executions) {
        const result = await this.trigger(ctx, s, input);
        if (result) results.push(result);
      }
      for (const s of starts) results.push(await this.startInstance(ctx, actor, s, input));
      return results;
    });
  }

  // helpers ////

  /** Subscriptions of active executions waiting for the message that pass every filter of the input. */
  private async waitingExecutions(ctx: CommandContext, input: CorrelationInput): Promise<EventSubscriptionRow[]> {
    let where = 'event_type = ? AND event_name = ? AND execution_id IS NOT NULL AND EXISTS (SELECT 1 FROM eng_execution x WHERE x.id = eng_event_subscription.execution_id AND x.suspended = 0)';
    const params: Array<string | number> = [MESSAGE_EVENT, input.messageName];
    if (input.processInstanceId != null) {
      where += ' AND proc_inst_id = ?';
      params.push(input.processInstanceId);
    }
    if (input.businessKey != null) {
      where += ' AND proc_inst_id IN (SELECT id FROM eng_execution WHERE parent_id IS NULL AND business_key = ?)';
      params.push(input.businessKey);
    }
    if (input.tenantId != null) {
      where += ' AND tenant_id = ?';
      params.push(input.tenantId);
    } else if (input.withoutTenantId) {
      where += ' AND tenant_id IS NULL';
    }
    const candidates = await ctx.uow.select(T.eventSubscription, where, params, ' ORDER BY created, id');
    const keys = Object.entries(input.correlationKeys ?? {});
    const localKeys = Object.entries(input.localCorrelationKeys ?? {});
    if (keys.length === 0 && localKeys.length === 0) return candidates;
    const out: EventSubscriptionRow[] = [];
    for (const s of candidates) {
      const inst = s.procInstId ? await InstanceState.load(ctx, s.procInstId) : null;
      const exec = inst && s.executionId ? inst.execution(s.executionId) : null;
      if (!inst || !exec) continue;
      const instanceVars = inst.localVariables(inst.root.id);
      const localVars = inst.localVariables(exec.id);
      if (keys.every(([k, v]) => valueEquals(instanceVars[k], v)) && localKeys.every(([k, v]) => valueEquals(localVars[k], v))) out.push(s);
    }
    return out;
  }

  /** Message start subscriptions of the message (latest definitions), of active definitions only. */
  private async startSubscriptions(ctx: CommandContext, input: CorrelationInput): Promise<EventSubscriptionRow[]> {
    let where = 'event_type = ? AND event_name = ? AND execution_id IS NULL AND proc_def_id IN (SELECT id FROM eng_process_definition WHERE suspended = 0)';
    const params: string[] = [MESSAGE_EVENT, input.messageName];
    if (input.tenantId != null) {
      where += ' AND tenant_id = ?';
      params.push(input.tenantId);
    } else if (input.withoutTenantId) {
      where += ' AND tenant_id IS NULL';
    }
    return ctx.uow.select(T.eventSubscription, where, params, ' ORDER BY created, id');
  }

  /** Continues the execution of a subscription; null when an earlier correlation of this command ended it. */
  private async trigger(ctx: CommandContext, sub: EventSubscriptionRow, input: CorrelationInput): Promise<CorrelationResult | null> {
    const inst = sub.procInstId ? await InstanceState.load(ctx, sub.procInstId) : null;
    const exec = inst && sub.executionId ? inst.execution(sub.executionId) : null;
    if (!inst || !exec || ctx.uow.cached(T.eventSubscription, (s) => s.id === sub.id).length === 0) return null;
    const def = await ctx.definitions.get(ctx.uow, exec.procDefId);
    if (!def) throw new ProcessEngineException(`Process definition ${exec.procDefId} missing`);
    const root = inst.root;
    for (const [k, v] of Object.entries(input.processVariables ?? {})) inst.setVariable(exec, k, v);
    for (const [k, v] of Object.entries(input.processVariablesLocal ?? {})) inst.setVariableLocal(exec, k, v);
    this.log(ctx, input, root.id, root.procDefId, root.procDefKey);
    await new Executor(ctx, inst, def).eventReceived(exec, sub);
    const result: CorrelationResult = {
      resultType: 'Execution',
      execution: { id: exec.id, processInstanceId: exec.procInstId, ended: inst.execution(exec.id) === null, tenantId: exec.tenantId },
      processInstance: null,
    };
    if (input.variablesInResult) result.variables = inst.isRunning ? inst.localVariables(root.id) : inst.endedRootVariables;
    return result;
  }

  /** Starts an instance of the subscription's definition at its message start event. */
  private async startInstance(ctx: CommandContext, actor: Actor, sub: EventSubscriptionRow, input: CorrelationInput): Promise<CorrelationResult> {
    const definitionId = sub.procDefId ?? sub.configuration ?? '';
    const variables = { ...(input.processVariables ?? {}), ...(input.processVariablesLocal ?? {}) };
    const info = await this.runtime.startIn(ctx, actor, definitionId, {
      businessKey: input.businessKey ?? null, variables, withVariablesInReturn: input.variablesInResult === true,
    }, sub.activityId ?? undefined);
    this.log(ctx, input, info.id, info.definitionId, info.definitionKey);
    const { variables: instanceVariables, ...processInstance } = info;
    const result: CorrelationResult = { resultType: 'ProcessDefinition', execution: null, processInstance };
    if (input.variablesInResult) result.variables = instanceVariables ?? {};
    return result;
  }

  private log(ctx: CommandContext, input: CorrelationInput, procInstId: string, procDefId: string, procDefKey: string | null): void {
    const count = Object.keys(input.processVariables ?? {}).length + Object.keys(input.processVariablesLocal ?? {}).length;
    history.userOperation(ctx, { operationType: 'CorrelateMessage', entityType: 'ProcessInstance', procInstId, procDefId, procDefKey }, [
      { property: 'messageName', newValue: input.messageName },
      { property: 'nrOfVariables', newValue: String(count) },
    ]);
  }
}

// helpers ////

/** Whether a variable equals a correlation key value (as Camunda's `variableValueEquals`: typed, null matches null). */
function valueEquals(actual: TypedValue | undefined, wanted: TypedValue): boolean {
  if (!actual) return false;
  const value = wanted.value ?? null;
  if (value === null || ['string', 'short', 'integer', 'long', 'double', 'boolean', 'date'].includes(wanted.type)) {
    return matchesFilter(actual, { name: '', operator: 'eq', value });
  }
  return actual.type === wanted.type && JSON.stringify(toJsValue(actual)) === JSON.stringify(toJsValue(wanted));
}

/** Camunda's `CorrelationSet.toString()`, for the text of correlation errors. */
function correlationSet(input: CorrelationInput): string {
  const map = (vars: VariableMap | undefined) =>
    vars && Object.keys(vars).length > 0 ? `{${Object.entries(vars).map(([k, v]) => `${k}=${String(v.value)}`).join(', ')}}` : 'null';
  const tenantSet = input.tenantId != null || input.withoutTenantId === true;
  return `CorrelationSet [businessKey=${input.businessKey ?? 'null'}, processInstanceId=${input.processInstanceId ?? 'null'}, ` +
    `processDefinitionId=null, correlationKeys=${map(input.correlationKeys)}, localCorrelationKeys=${map(input.localCorrelationKeys)}, ` +
    `tenantId=${input.tenantId ?? 'null'}, isTenantIdSet=${String(tenantSet)}, isExecutionsOnly=false]`;
}
