import type { EngineDatabase } from '../persistence/database.js';
import { CommandContext, type Actor } from '../runtime/command-context.js';
import type { DefinitionCache } from '../runtime/definition-cache.js';
import type { EngineEvents } from '../runtime/engine-events.js';

/** The actor of commands the engine runs on its own behalf. */
export const SYSTEM_ACTOR: Actor = { userId: null, groupIds: [] };

/** A source of the current time in epoch milliseconds (injectable so tests can move time). */
export type Clock = () => number;

/**
 * Runs each command in its own transaction: the command works on a unit of work, which is flushed at the
 * end; after the commit, the command's after-commit hooks run (e.g. waking long-polling workers).
 */
export class CommandExecutor {
  constructor(
    private readonly db: EngineDatabase,
    private readonly definitions: DefinitionCache,
    readonly events: EngineEvents,
    readonly clock: Clock,
  ) {}

  /** Runs `fn` as one command. */
  async run<T>(actor: Actor, fn: (ctx: CommandContext) => Promise<T>): Promise<T> {
    let hooks: Array<() => void> = [];
    const result = await this.db.transaction(async (sql) => {
      const ctx = new CommandContext(sql, this.clock(), actor, this.definitions, this.events, this.db.dialect);
      const value = await fn(ctx);
      await ctx.runBeforeFlush();
      await ctx.uow.flush();
      hooks = ctx.afterCommit;
      return value;
    });
    for (const h of hooks) h();
    return result;
  }
}
