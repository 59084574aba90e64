import { NullValueException, ProcessEngineException } from '../errors.js';
import type { CompiledExpression, ExpressionContext } from '../expression/index.js';
import type { ProcessModel, SignalCatchModel, StartEventModel } from '../model/index.js';
import { T, type EventSubscriptionRow, type ExecutionRow, type ProcessDefinitionRow } from '../persistence/tables.js';
import type { CommandExecutor } from '../services/command-executor.js';
import { RuntimeService, type ProcessInstanceInfo } from '../services/runtime-service.js';
import type { VariableMap } from '../variables/index.js';
import type { Actor, CommandContext } from './command-context.js';
import { removeStartSubscriptions } from './start-subscriptions.js';
import { evaluateToString } from './evaluation.js';
import { Executor } from './executor.js';
import { InstanceState } from './instance-state.js';

/** `event_type` of signal subscriptions. */
export const SIGNAL_EVENT = 'signal';

/**
 * Which subscriptions a signal reaches by tenant: `'any'` (every tenant's and those without tenant: `POST /signal`
 * without tenant options), or those of `tenantId` (null: of no tenant), plus those without tenant when
 * `includeWithoutTenant` (a throw event of a tenant's instance, as Camunda 7).
 */
export type SignalTenantScope = 'any' | { tenantId: string | null; includeWithoutTenant?: boolean };

/** One signal broadcast: its name, the variables it carries, the tenants it reaches. */
export interface SignalBroadcast {
  name: string;
  /** Set on each woken execution as `setVariable` does, and on each started instance. */
  variables?: VariableMap;
  tenant: SignalTenantScope;
}

/** What a broadcast did: the executions it woke and the instances its signal start events started. */
export interface SignalBroadcastResult { triggeredExecutionIds: string[]; startedInstances: ProcessInstanceInfo[] }

/**
 * Called when a token enters an intermediate signal catch event: evaluates the signal name in the token's scope and
 * subscribes the token's execution to that signal (it then waits until the signal is broadcast).
 */
export function subscribeToSignal(ctx: CommandContext, token: ExecutionRow, el: Pick<SignalCatchModel, 'id' | 'signalName'>, scope: ExpressionContext): EventSubscriptionRow {
  const name = signalName(evaluateToString(el.signalName, scope, `the signal name of '${el.id}'`), el.id);
  return ctx.uow.insert(T.eventSubscription, {
    id: ctx.newId(), rev: 1, eventType: SIGNAL_EVENT, eventName: name, executionId: token.id, procInstId: token.procInstId,
    procDefId: token.procDefId, activityId: el.id, configuration: null, created: ctx.now, tenantId: token.tenantId,
  });
}

/**
 * Called when a token reaches a signal intermediate throw or end event: evaluates the signal name in the token's scope
 * and broadcasts it synchronously, in the running command, as Camunda 7's (non-async) throw does: to the waiting
 * executions and signal start events without tenant, and, when the instance has a tenant, to those of its tenant too.
 * The signal carries no variables. Returns false when the throwing token itself was removed meanwhile (a woken execution
 * of its own instance terminated it): the executor must then not move it on.
 */
export async function throwSignal(ctx: CommandContext, token: ExecutionRow, name: CompiledExpression, elementId: string, scope: ExpressionContext): Promise<boolean> {
  const evaluated = signalName(evaluateToString(name, scope, `the signal name of '${elementId}'`), elementId);
  const tenant: SignalTenantScope = token.tenantId === null ? { tenantId: null } : { tenantId: token.tenantId, includeWithoutTenant: true };
  await broadcastSignal(ctx, ctx.actor, { name: evaluated, tenant });
  return ctx.uow.cached(T.execution, (e) => e.id === token.id).length > 0;
}

/**
 * Broadcasts a signal inside a command (Camunda's `SignalEventReceivedCmd` without execution id): first continues
 * every active execution waiting for it (executions of suspended instances are skipped), then starts one instance at
 * each signal start event of a latest, active definition subscribed to it. Subscriptions created earlier in the same
 * command count too; one removed by an earlier trigger of this broadcast (its instance ended) is skipped.
 */
export async function broadcastSignal(ctx: CommandContext, actor: Actor, signal: SignalBroadcast): Promise<SignalBroadcastResult> {
  const subscriptions = await findSubscriptions(ctx, signal);
  const result: SignalBroadcastResult = { triggeredExecutionIds: [], startedInstances: [] };
  for (const s of subscriptions.filter((x) => x.executionId !== null)) {
    if (await trigger(ctx, s, signal.variables)) result.triggeredExecutionIds.push(s.executionId as string);
  }
  const runtime = new RuntimeService(joiningCommand(ctx));
  for (const s of subscriptions.filter((x) => x.executionId === null)) {
    const definitionId = s.configuration ?? s.procDefId ?? '';
    const deployed = await ctx.definitions.get(ctx.uow, definitionId);
    if (!deployed || deployed.row.suspended) continue;
    result.startedInstances.push(await runtime.startIn(ctx, actor, definitionId, { variables: signal.variables ?? {} }, s.activityId ?? undefined));
  }
  return result;
}

/**
 * Delivers a signal to one execution only (`executionId` of `POST /signal`). As Camunda 7: an unknown execution throws
 * `NullValueException`; an execution that has no (active) subscription to the signal throws `ProcessEngineException`;
 * both answer 500 over REST.
 */
export async function deliverSignalToExecution(ctx: CommandContext, name: string, executionId: string, variables?: VariableMap): Promise<void> {
  const execution = await ctx.uow.byId(T.execution, executionId);
  if (!execution) throw new NullValueException(`Cannot find execution with id '${executionId}': execution is null`);
  const subscriptions = await ctx.uow.select(T.eventSubscription,
    'event_type = ? AND event_name = ? AND execution_id = ? AND EXISTS (SELECT 1 FROM eng_execution x WHERE x.id = eng_event_subscription.execution_id AND x.suspended = 0)',
    [SIGNAL_EVENT, name, executionId], ' ORDER BY created, id');
  if (subscriptions.length === 0) {
    throw new ProcessEngineException(`Execution '${executionId}' has not subscribed to a signal event with name '${name}'.`);
  }
  for (const s of subscriptions) await trigger(ctx, s, variables);
}

/**
 * Called when a new version of a process is deployed (it becomes the latest): removes the signal start subscriptions
 * of the earlier versions of its key (same tenant) and subscribes its own signal start events. Unlike message start
 * events, any number of definitions may start on the same signal.
 */
export async function replaceSignalStartSubscriptions(ctx: CommandContext, def: ProcessDefinitionRow, model: ProcessModel): Promise<void> {
  const tenant = def.tenantId === null ? 'tenant_id IS NULL' : 'tenant_id = ?';
  const tenantParams = def.tenantId === null ? [] : [def.tenantId];
  const previous = await ctx.uow.select(T.eventSubscription,
    `event_type = ? AND execution_id IS NULL AND proc_def_id IN (SELECT id FROM eng_process_definition WHERE key_ = ? AND ${tenant}) AND proc_def_id <> ?`,
    [SIGNAL_EVENT, def.key, ...tenantParams, def.id]);
  for (const s of previous) ctx.uow.delete(T.eventSubscription, s);
  addSignalStartSubscriptions(ctx, def, model);
}

/**
 * Called when a deployment's definition is deleted: removes its signal start subscriptions and, when it was the
 * latest version of its key, subscribes the signal start events of the version that becomes the latest (as Camunda 7).
 */
export async function removeSignalStartSubscriptions(ctx: CommandContext, def: ProcessDefinitionRow): Promise<void> {
  const next = await removeStartSubscriptions(ctx, def, SIGNAL_EVENT);
  if (next) addSignalStartSubscriptions(ctx, next.row, next.model);
}

/** The signal start events of a process model (not those of its event sub-processes). */
export function signalStartEvents(model: ProcessModel): StartEventModel[] {
  const out: StartEventModel[] = [];
  for (const el of model.elements.values()) if (el.kind === 'startEvent' && el.signalName && !model.parentOf.has(el.id)) out.push(el);
  return out;
}

// helpers ////

function addSignalStartSubscriptions(ctx: CommandContext, def: ProcessDefinitionRow, model: ProcessModel): void {
  const noVariables: ExpressionContext = { has: () => false, resolve: () => undefined };
  for (const el of signalStartEvents(model)) {
    if (!el.signalName) continue;
    const name = signalName(evaluateToString(el.signalName, noVariables, `the signal name of signal start event '${el.id}'`), el.id);
    ctx.uow.insert(T.eventSubscription, {
      id: ctx.newId(), rev: 1, eventType: SIGNAL_EVENT, eventName: name, executionId: null, procInstId: null, procDefId: def.id,
      activityId: el.id, configuration: def.id, created: ctx.now, tenantId: def.tenantId,
    });
  }
}

/**
 * The subscriptions a broadcast reaches, in creation order: those of active executions and of active definitions in
 * the database, then those created by this command and not written yet.
 */
async function findSubscriptions(ctx: CommandContext, signal: SignalBroadcast): Promise<EventSubscriptionRow[]> {
  let where = 'event_type = ? AND event_name = ? AND (' +
    '(execution_id IS NULL AND proc_def_id IN (SELECT id FROM eng_process_definition WHERE suspended = 0)) OR ' +
    'EXISTS (SELECT 1 FROM eng_execution x WHERE x.id = eng_event_subscription.execution_id AND x.suspended = 0))';
  const params: string[] = [SIGNAL_EVENT, signal.name];
  const { tenant } = signal;
  if (tenant !== 'any') {
    if (tenant.tenantId === null) {
      where += ' AND tenant_id IS NULL';
    } else {
      where += tenant.includeWithoutTenant ? ' AND (tenant_id = ? OR tenant_id IS NULL)' : ' AND tenant_id = ?';
      params.push(tenant.tenantId);
    }
  }
  const stored = await ctx.uow.select(T.eventSubscription, where, params, ' ORDER BY created, id');
  const seen = new Set(stored.map((s) => s.id));
  const reaches = (tenantId: string | null) => tenant === 'any' || tenantId === tenant.tenantId || (tenant.includeWithoutTenant === true && tenantId === null);
  const pending = ctx.uow.cached(T.eventSubscription, (s) => !seen.has(s.id) && s.eventType === SIGNAL_EVENT && s.eventName === signal.name && reaches(s.tenantId));
  return [...stored, ...pending];
}

/** Continues the execution of a catch subscription; false when an earlier trigger of this command removed it or ended its instance. */
async function trigger(ctx: CommandContext, sub: EventSubscriptionRow, variables: VariableMap | undefined): Promise<boolean> {
  if (ctx.uow.cached(T.eventSubscription, (s) => s.id === sub.id).length === 0 || !sub.procInstId || !sub.executionId) return false;
  const inst = await loadInstance(ctx, sub.procInstId);
  const exec = inst?.execution(sub.executionId) ?? null;
  if (!inst || !exec) return false;
  const def = await ctx.definitions.get(ctx.uow, exec.procDefId);
  if (!def) throw new ProcessEngineException(`Process definition ${exec.procDefId} missing`);
  const executor = new Executor(ctx, inst, def);
  if (!executor.waitsFor(exec, sub.activityId ?? '')) return false;
  for (const [k, v] of Object.entries(variables ?? {})) inst.setVariable(exec, k, v);
  await executor.eventReceived(exec, sub);
  return true;
}

/** The instance as stored, or one this command started and has not written yet. */
async function loadInstance(ctx: CommandContext, procInstId: string): Promise<InstanceState | null> {
  const stored = await InstanceState.load(ctx, procInstId);
  if (stored) return stored;
  const root = ctx.uow.cached(T.execution, (e) => e.id === procInstId)[0];
  return root ? InstanceState.fresh(ctx, root) : null;
}

/**
 * A command executor that runs work in the running command instead of a new one: `RuntimeService.startIn` runs
 * inside the command given to it and never opens one, so it is safe to call through this.
 */
function joiningCommand(ctx: CommandContext): CommandExecutor {
  const joining: Pick<CommandExecutor, 'run'> = { run: (_actor, fn) => fn(ctx) };
  return joining as CommandExecutor;
}

function signalName(name: string | null, elementId: string): string {
  if (name === null || name === '') throw new ProcessEngineException(`The signal name of '${elementId}' evaluated to an empty value`);
  return name;
}
