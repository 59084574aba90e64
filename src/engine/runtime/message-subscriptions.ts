import { ProcessEngineException } from '../errors.js';
import type { ExpressionContext } from '../expression/index.js';
import type { MessageCatchModel, ProcessModel, StartEventModel } from '../model/index.js';
import { T, type EventSubscriptionRow, type ExecutionRow, type ProcessDefinitionRow } from '../persistence/tables.js';
import type { CommandContext } from './command-context.js';
import { removeStartSubscriptions } from './start-subscriptions.js';
import { evaluateToString } from './evaluation.js';

/** `event_type` of message subscriptions. */
export const MESSAGE_EVENT = 'message';

/**
 * Called when a token enters a message catch event or receive task: evaluates the message name in the token's scope
 * and subscribes the token's execution to that message (it then waits until a message is correlated to it).
 */
export function subscribeToMessage(ctx: CommandContext, token: ExecutionRow, el: Pick<MessageCatchModel, 'id' | 'messageName'>, scope: ExpressionContext): EventSubscriptionRow {
  const name = messageName(evaluateToString(el.messageName, scope, `the message name of '${el.id}'`), el.id);
  return ctx.uow.insert(T.eventSubscription, {
    id: ctx.newId(), rev: 1, eventType: MESSAGE_EVENT, eventName: name, executionId: token.id, procInstId: token.procInstId,
    procDefId: token.procDefId, activityId: el.id, configuration: null, created: ctx.now, tenantId: token.tenantId,
  });
}

/**
 * Removes the event subscriptions of an execution whose activity is cancelled (instance deleted, terminate end event):
 * the ones this command has loaded or created, and by a statement any others still in the database. Subscriptions of the
 * activities in `keepActivityIds` (e.g. the boundary events of a scope that keeps running) stay.
 */
export function removeSubscriptionsOf(ctx: CommandContext, executionId: string, keepActivityIds: readonly string[] = []): void {
  for (const s of ctx.uow.cached(T.eventSubscription, (s) => s.executionId === executionId && !keepActivityIds.includes(s.activityId ?? ''))) ctx.uow.delete(T.eventSubscription, s);
  const keep = keepActivityIds.length === 0 ? '' : ` AND (activity_id IS NULL OR activity_id NOT IN (${keepActivityIds.map(() => '?').join(', ')}))`;
  ctx.uow.statement(`DELETE FROM eng_event_subscription WHERE execution_id = ?${keep}`, [executionId, ...keepActivityIds]);
}

/**
 * Called when a new version of a process is deployed (it becomes the latest): removes the message start subscriptions
 * of the earlier versions of its key (same tenant) and subscribes its own message start events. Throws, as Camunda 7,
 * when another process already starts on one of its message names (also one deployed in the same command).
 */
export async function replaceMessageStartSubscriptions(ctx: CommandContext, def: ProcessDefinitionRow, model: ProcessModel): Promise<void> {
  const tenant = def.tenantId === null ? 'tenant_id IS NULL' : 'tenant_id = ?';
  const tenantParams = def.tenantId === null ? [] : [def.tenantId];
  const previous = await ctx.uow.select(T.eventSubscription,
    `event_type = ? AND execution_id IS NULL AND proc_def_id IN (SELECT id FROM eng_process_definition WHERE key_ = ? AND ${tenant}) AND proc_def_id <> ?`,
    [MESSAGE_EVENT, def.key, ...tenantParams, def.id]);
  for (const s of previous) ctx.uow.delete(T.eventSubscription, s);
  await addMessageStartSubscriptions(ctx, def, model);
}

/**
 * Called when a deployment's definition is deleted: removes its message start subscriptions and, when it was the
 * latest version of its key, subscribes the message start events of the version that becomes the latest (as Camunda 7).
 */
export async function removeMessageStartSubscriptions(ctx: CommandContext, def: ProcessDefinitionRow): Promise<void> {
  const next = await removeStartSubscriptions(ctx, def, MESSAGE_EVENT);
  if (next) await addMessageStartSubscriptions(ctx, next.row, next.model);
}

/** The message start events of a process model. */
export function messageStartEvents(model: ProcessModel): StartEventModel[] {
  const out: StartEventModel[] = [];
  for (const el of model.elements.values()) if (el.kind === 'startEvent' && el.messageName && !model.parentOf.has(el.id)) out.push(el);
  return out;
}

// helpers ////

async function addMessageStartSubscriptions(ctx: CommandContext, def: ProcessDefinitionRow, model: ProcessModel): Promise<void> {
  const noVariables: ExpressionContext = { has: () => false, resolve: () => undefined };
  for (const el of messageStartEvents(model)) {
    const expression = el.messageName;
    if (!expression) continue;
    const name = messageName(evaluateToString(expression, noVariables, `the message name of message start event '${el.id}'`), el.id);
    const sameTenant = (s: EventSubscriptionRow) => s.tenantId === def.tenantId;
    const tenant = def.tenantId === null ? 'tenant_id IS NULL' : 'tenant_id = ?';
    const stored = await ctx.uow.select(T.eventSubscription, `event_type = ? AND event_name = ? AND execution_id IS NULL AND ${tenant}`,
      def.tenantId === null ? [MESSAGE_EVENT, name] : [MESSAGE_EVENT, name, def.tenantId]);
    const pending = ctx.uow.cached(T.eventSubscription, (s) => s.eventType === MESSAGE_EVENT && s.eventName === name && s.executionId === null && sameTenant(s));
    if (stored.length > 0 || pending.length > 0) {
      throw new ProcessEngineException(`Cannot deploy process definition '${def.resourceName ?? def.key}': there already is a message event subscription for the message with name '${name}'.`);
    }
    ctx.uow.insert(T.eventSubscription, {
      id: ctx.newId(), rev: 1, eventType: MESSAGE_EVENT, eventName: name, executionId: null, procInstId: null, procDefId: def.id,
      activityId: el.id, configuration: def.id, created: ctx.now, tenantId: def.tenantId,
    });
  }
}

function messageName(name: string | null, elementId: string): string {
  if (name === null || name === '') throw new ProcessEngineException(`The message name of '${elementId}' evaluated to an empty value`);
  return name;
}
