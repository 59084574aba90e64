import { randomUUID } from 'node:crypto';
import { newId } from './ids.js';
import type { Sql } from '../persistence/database.js';
import { UnitOfWork } from '../persistence/unit-of-work.js';
import type { DefinitionCache } from './definition-cache.js';
import type { EngineEvents } from './engine-events.js';
import type { Dialect } from '../../db/dialect.js';

/** Who runs a command, as the REST layer authenticated them. */
export interface Actor {
  userId: string | null;
  groupIds: readonly string[];
}

/**
 * Everything one command needs: its transaction, its unit of work, the time it runs at, who runs it, the
 * shared definition cache, and hooks that run after the transaction commits.
 */
export class CommandContext {
  readonly uow: UnitOfWork;
  readonly afterCommit: Array<() => void> = [];
  /** Work the command must still do before it is flushed (e.g. deleting the instances of cancelled call activities). */
  readonly beforeFlush: Array<() => Promise<void>> = [];
  /** One operation id per command, shared by its user-operation-log entries. */
  readonly operationId = randomUUID();

  constructor(
    readonly sql: Sql,
    readonly now: number,
    readonly actor: Actor,
    readonly definitions: DefinitionCache,
    readonly events: EngineEvents,
    /** The database dialect (row-locking clauses differ). */
    readonly dialect: Dialect,
  ) {
    this.uow = new UnitOfWork(sql);
  }

  /** Runs the `beforeFlush` work, including work that it adds in turn. */
  async runBeforeFlush(): Promise<void> {
    for (let next = this.beforeFlush.shift(); next; next = this.beforeFlush.shift()) await next();
  }

  /** A new unique id. */
  newId(): string {
    return newId();
  }
}
