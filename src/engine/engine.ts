import type { DataSource } from 'typeorm';
import { createEngineDatabase, type EngineDatabase } from './persistence/database.js';
import { DefinitionCache } from './runtime/definition-cache.js';
import { EngineEvents } from './runtime/engine-events.js';
import { CommandExecutor, type Clock } from './services/command-executor.js';
import { ExternalTaskService } from './services/external-task-service.js';
import { HistoryService } from './services/history-service.js';
import { IncidentService } from './services/incident-service.js';
import { MessageService } from './services/message-service.js';
import { RepositoryService } from './services/repository-service.js';
import { RuntimeService } from './services/runtime-service.js';
import { SignalService } from './services/signal-service.js';
import { TaskService } from './services/task-service.js';
import { JobExecutor, type JobExecutorOptions } from './jobs/job-executor.js';
import { JobService } from './jobs/job-service.js';

/** What the embedded engine needs from its host. */
export interface EngineOptions {
  dataSource: DataSource;
  /** Groups of a user, for `candidateUser` task queries. */
  groupIdsOf: (userId: string) => Promise<string[]>;
  clock?: Clock;
  /** Engine name reported by `GET /engine` and in the Basic realm. */
  name?: string;
  /** Tuning of the job executor (it runs only after `engine.jobs.start()`). */
  jobExecutor?: JobExecutorOptions;
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
  /** Jobs (timers): queries and management, and the job executor (`start()`, `stop()`, `runDueJobs()`). */
  readonly jobs: JobService;
  /** Read-only history queries (process/activity/task instances, user operations, variables, details, incidents). */
  readonly history: HistoryService;
  /** Open incidents: queries and annotations. */
  readonly incidents: IncidentService;
  /** Message correlation (`POST /message`): continues waiting executions, starts instances at message start events. */
  readonly messages: MessageService;
  /** Signals (`POST /signal`): wakes waiting executions, starts instances at signal start events. */
  readonly signals: SignalService;
}

/** Creates the embedded engine on an initialised, migrated data source. */
export function createEngine(options: EngineOptions): Engine {
  const db = createEngineDatabase(options.dataSource);
  const definitions = new DefinitionCache();
  const events = new EngineEvents();
  const commands = new CommandExecutor(db, definitions, events, options.clock ?? Date.now);
  const runtime = new RuntimeService(commands);
  const jobExecutor = new JobExecutor(commands, (ctx, definitionId, startEventId) => runtime.startIn(ctx, ctx.actor, definitionId, {}, startEventId), options.jobExecutor);
  return {
    name: options.name ?? 'default',
    db,
    events,
    commands,
    repository: new RepositoryService(commands, definitions),
    runtime,
    tasks: new TaskService(commands, options.groupIdsOf),
    externalTasks: new ExternalTaskService(commands),
    jobs: new JobService(commands, jobExecutor),
    history: new HistoryService(commands),
    incidents: new IncidentService(commands),
    messages: new MessageService(commands),
    signals: new SignalService(commands),
  };
}
