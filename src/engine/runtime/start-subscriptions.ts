import type { ProcessDefinitionRow } from '../persistence/tables.js';
import { T } from '../persistence/tables.js';
import type { CommandContext } from './command-context.js';
import type { DeployedProcess } from './definition-cache.js';

/**
 * Removes the event-less start subscriptions (message or signal) of a definition that is being deleted, and
 * returns the version that becomes the latest of its key — whose start events must be subscribed again, as
 * Camunda 7 does — or null when the deleted definition was not the latest or no earlier version exists.
 */
export async function removeStartSubscriptions(ctx: CommandContext, def: ProcessDefinitionRow, eventType: string): Promise<DeployedProcess | null> {
  const own = await ctx.uow.select(T.eventSubscription, 'event_type = ? AND execution_id IS NULL AND proc_def_id = ?', [eventType, def.id]);
  for (const s of own) ctx.uow.delete(T.eventSubscription, s);
  const tenant = def.tenantId === null ? 'tenant_id IS NULL' : 'tenant_id = ?';
  const tenantParams = def.tenantId === null ? [] : [def.tenantId];
  const newer = await ctx.sql.query(`SELECT id FROM eng_process_definition WHERE key_ = ? AND ${tenant} AND version > ?`, [def.key, ...tenantParams, def.version]);
  if (newer.length > 0) return null;
  const earlier = await ctx.uow.select(T.processDefinition, `key_ = ? AND ${tenant} AND version < ?`, [def.key, ...tenantParams, def.version], ' ORDER BY version DESC LIMIT 1');
  const next = earlier[0];
  return next ? ctx.definitions.get(ctx.uow, next.id) : null;
}
