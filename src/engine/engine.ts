import type { DataSource } from 'typeorm';
import { createEngineDatabase, type EngineDatabase } from './persistence/database.js';
import { DefinitionCache } from './runtime/definition-cache.js';
import { EngineEvents } from './runtime/engine-events.js';
import { CommandExecutor, type Clock } from './services/command-executor.js';
import { ExternalTaskService } from './services/external-task-service.js';
import { RepositoryService } from './services/repository-service.js';
import { RuntimeService } from './services/runtime-service.js';
import { TaskService } from './services/task-service.js';

/** What the embedded engine needs from its host. */
export interface EngineOptions {
  dataSource: DataSource;
  /** Groups of a user, for `candidateUser` task queries. */
  groupIdsOf: (userId: string) => Promise<string[]>;
  clock?: Clock;
  /** Engine name reported by `GET /engine` and in the Basic realm. */
  name?: string;
}

/** The embedded engine: its services share one database, one definition cache and one event bus. */
export interface Engine {
  readonly name: string;
  readonly db: EngineDatabase;
  readonly events: EngineEvents;
  readonly commands: CommandExecutor;
  readonly repository: RepositoryService;
  readonly runtime: RuntimeService;
  readonly tasks: TaskService;
  readonly externalTasks: ExternalTaskService;
}

/** Creates the embedded engine on an initialised, migrated data source. */
export function createEngine(options: EngineOptions): Engine {
  const db = createEngineDatabase(options.dataSource);
  const definitions = new DefinitionCache();
  const events = new EngineEvents();
  const commands = new CommandExecutor(db, definitions, events, options.clock ?? Date.now);
  return {
    name: options.name ?? 'default',
    db,
    events,
    commands,
    repository: new RepositoryService(commands, definitions),
    runtime: new RuntimeService(commands),
    tasks: new TaskService(commands, options.groupIdsOf),
    externalTasks: new ExternalTaskService(commands),
  };
}
