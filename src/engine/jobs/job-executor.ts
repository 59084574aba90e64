import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { OptimisticLockingException, ProcessEngineException } from '../errors.js';
import { T, type JobRow } from '../persistence/tables.js';
import type { CommandContext } from '../runtime/command-context.js';
import { Executor } from '../runtime/executor.js';
import { history } from '../runtime/history.js';
import { InstanceState } from '../runtime/instance-state.js';
import { SYSTEM_ACTOR, type CommandExecutor } from '../services/command-executor.js';
import { TIMER_HANDLER, insertJob } from './timer-jobs.js';
import { nextDue } from './timer-schedule.js';

/** Starts a process instance at a given start event inside a running command (the runtime service does it). */
export type StartInstanceAt = (ctx: CommandContext, definitionId: string, startEventId: string) => Promise<unknown>;

/** Tuning of the job executor; the defaults suit one office server. */
export interface JobExecutorOptions {
  /** Name of this node in `eng_job.lock_owner`; a random one by default. */
  lockOwner?: string;
  /** How long an acquired job stays locked to this node (ms); another node may take it over afterwards. Default 5 min. */
  lockTimeMs?: number;
  /** Poll period for jobs created by other nodes (ms). Default 5 s. */
  pollIntervalMs?: number;
  /** Jobs acquired per acquisition. Default 10. */
  maxJobsPerAcquisition?: number;
  /**
   * Wait before a failed job is tried again (ms). Default 10 s: a failed job is retried twice more after 10 s
   * each (3 tries in all), then gets a `failedJob` incident; Camunda retries at once unless a retry cycle is set.
   */
  retryDelayMs?: number;
  /** Called with errors of the background loop (acquisition failures); job failures are stored on the job. */
  onError?: (error: unknown) => void;
}

/** `eng_job.exception_msg` holds at most this many characters. */
const MAX_MESSAGE = 700;

/**
 * Runs due jobs (timers, retried failures). Acquisition locks due rows (`lock_owner`, `lock_exp_time`) in one
 * command with revision checks, on MySQL/MariaDB with `FOR UPDATE SKIP LOCKED`, so that two nodes on one
 * database never run one job twice; each job then runs in its own command (one transaction: fire the timer, move
 * the token, delete or reschedule the job). A failure rolls that command back and, in a second command,
 * decrements the job's retries, stores the exception and, at 0 retries, raises a `failedJob` incident.
 *
 * `start()` runs it in the background: it wakes up at the earliest due date it learns of on this node (jobs
 * created or rescheduled by commands here) and polls periodically for jobs of other nodes. Jobs that fell due
 * while no node ran are simply due at the next start. Tests call `runDueJobs()` after moving the engine clock.
 */
export class JobExecutor {
  /** This node's lock owner name. */
  readonly lockOwner: string;
  private readonly lockTimeMs: number;
  private readonly pollIntervalMs: number;
  private readonly maxJobs: number;
  private readonly retryDelayMs: number;
  private readonly onError: (error: unknown) => void;
  private running = false;
  private poll: NodeJS.Timeout | null = null;
  private wake: { timer: NodeJS.Timeout; at: number } | null = null;
  private unsubscribe: (() => void) | null = null;
  private current: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly commands: CommandExecutor,
    private readonly startInstanceAt: StartInstanceAt,
    options: JobExecutorOptions = {},
  ) {
    this.lockOwner = options.lockOwner ?? `${hostname()}:${randomUUID()}`;
    this.lockTimeMs = options.lockTimeMs ?? 300_000;
    this.pollIntervalMs = options.pollIntervalMs ?? 5_000;
    this.maxJobs = options.maxJobsPerAcquisition ?? 10;
    this.retryDelayMs = options.retryDelayMs ?? 10_000;
    this.onError = options.onError ?? (() => undefined);
  }

  /** True while the background loop runs. */
  get isRunning(): boolean {
    return this.running;
  }

  /** Starts the background loop (idempotent): runs what is due now, then polls and wakes up at due dates. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.commands.events.onJobScheduled((due) => this.scheduleWake(due));
    this.poll = setInterval(() => this.trigger(), this.pollIntervalMs);
    this.poll.unref();
    this.trigger();
  }

  /** Stops the background loop and waits for the jobs it is running to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    if (this.wake) clearTimeout(this.wake.timer);
    this.wake = null;
    await this.current?.catch(() => 0);
  }

  /**
   * Acquires and executes every job that is due now (by the engine clock), batch after batch, until none is
   * left; returns how many jobs were executed (successfully or not). Concurrent calls share one run.
   */
  async runDueJobs(): Promise<number> {
    if (this.current) {
      // a run is under way: let it look once more, and answer with its count
      this.again = true;
      return this.current;
    }
    const run = (async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          for (;;) {
            const ids = await this.acquire();
            if (ids.length === 0) break;
            for (const id of ids) {
              await this.executeAcquired(id);
              total++;
            }
          }
        } while (this.again);
      } finally {
        this.current = null;
      }
      return total;
    })();
    this.current = run;
    return run;
  }

  /**
   * Executes one job now, whether due or not (`POST /job/{id}/execute`). A failure is recorded on the job
   * (retries, exception, incident) and then thrown. Throws a 404-style error when the job does not exist.
   */
  async execute(jobId: string): Promise<void> {
    const outcome = await this.runJob(jobId, null);
    if (outcome === 'missing') throw new ProcessEngineException(`No job found with id '${jobId}'`);
    if (outcome instanceof Error) throw outcome;
  }

  // acquisition and execution ////

  private async acquire(): Promise<string[]> {
    return this.commands.run(SYSTEM_ACTOR, async (ctx) => {
      const rows = await ctx.uow.select(
        T.job,
        'retries > 0 AND suspended = 0 AND (due_date IS NULL OR due_date <= ?) AND (lock_exp_time IS NULL OR lock_exp_time < ?)',
        [ctx.now, ctx.now],
        ` ORDER BY due_date ASC LIMIT ${this.maxJobs}${ctx.dialect.skipLocked}`,
      );
      for (const job of rows) {
        job.lockOwner = this.lockOwner;
        job.lockExpTime = ctx.now + this.lockTimeMs;
      }
      return rows.map((r) => r.id);
    }).catch((error: unknown) => {
      // another node locked some of these rows first: try again in the next round
      if (error instanceof OptimisticLockingException) return [];
      throw error;
    });
  }

  private async executeAcquired(jobId: string): Promise<void> {
    await this.runJob(jobId, this.lockOwner);
  }

  /** Runs a job in its own command; on failure records it in a second one. `owner` null: run regardless of the lock. */
  private async runJob(jobId: string, owner: string | null): Promise<'done' | 'missing' | Error> {
    try {
      const found = await this.commands.run(SYSTEM_ACTOR, async (ctx) => {
        const job = await ctx.uow.byId(T.job, jobId);
        if (!job || (owner !== null && job.lockOwner !== owner)) return false;
        await this.handle(ctx, job);
        return true;
      });
      return found ? 'done' : 'missing';
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      await this.recordFailure(jobId, failure).catch((e: unknown) => this.onError(e));
      return failure;
    }
  }

  private async handle(ctx: CommandContext, job: JobRow): Promise<void> {
    switch (job.handlerType) {
      case TIMER_HANDLER.intermediate:
        return this.fireIntermediateTimer(ctx, job);
      case TIMER_HANDLER.start:
        return this.fireStartTimer(ctx, job);
      case TIMER_HANDLER.boundary:
        return this.fireBoundaryTimer(ctx, job);
      default:
        throw new ProcessEngineException(`Job '${job.id}' has the unknown handler type '${job.handlerType}'`);
    }
  }

  /** The token waiting in an intermediate timer catch event moves on; the job is deleted. */
  private async fireIntermediateTimer(ctx: CommandContext, job: JobRow): Promise<void> {
    ctx.uow.delete(T.job, job);
    const inst = job.procInstId ? await InstanceState.load(ctx, job.procInstId) : null;
    const token = job.executionId ? inst?.execution(job.executionId) : null;
    if (!inst || !token || token.activityId !== job.activityId) return; // the activity is gone: nothing to fire
    const def = await ctx.definitions.get(ctx.uow, token.procDefId);
    if (!def) throw new ProcessEngineException(`Process definition '${token.procDefId}' of job '${job.id}' is missing`);
    await this.resolveIncidents(ctx, job);
    await new Executor(ctx, inst, def).leaveWaitState(token);
  }

  /**
   * A boundary timer fires on the scope execution of its activity (interrupting or not); a non-interrupting cycle gets a
   * new job for its next occurrence on the same execution. Nothing happens when the activity has ended meanwhile.
   */
  private async fireBoundaryTimer(ctx: CommandContext, job: JobRow): Promise<void> {
    ctx.uow.delete(T.job, job);
    const inst = job.procInstId ? await InstanceState.load(ctx, job.procInstId) : null;
    const scope = job.executionId ? inst?.execution(job.executionId) : null;
    if (!inst || !scope || !job.activityId) return;
    const def = await ctx.definitions.get(ctx.uow, scope.procDefId);
    if (!def) throw new ProcessEngineException(`Process definition '${scope.procDefId}' of job '${job.id}' is missing`);
    await this.resolveIncidents(ctx, job);
    const next = nextDue(job.repeat, job.dueDate ?? ctx.now, ctx.now);
    if (next) {
      insertJob(ctx, {
        handlerType: job.handlerType, handlerCfg: job.handlerCfg, executionId: job.executionId, procInstId: job.procInstId, procDefId: job.procDefId,
        procDefKey: job.procDefKey, activityId: job.activityId, dueDate: next.dueDate, repeat: next.repeat, deploymentId: job.deploymentId, tenantId: job.tenantId,
      });
    }
    await new Executor(ctx, inst, def).fireBoundaryEvent(scope, job.activityId);
  }

  /** A process instance starts at the timer start event; a cycle gets a new job for its next occurrence. */
  private async fireStartTimer(ctx: CommandContext, job: JobRow): Promise<void> {
    ctx.uow.delete(T.job, job);
    await this.resolveIncidents(ctx, job);
    const next = nextDue(job.repeat, job.dueDate ?? ctx.now, ctx.now);
    if (next) {
      insertJob(ctx, {
        handlerType: job.handlerType, handlerCfg: job.handlerCfg, executionId: null, procInstId: null, procDefId: job.procDefId,
        procDefKey: job.procDefKey, activityId: job.activityId, dueDate: next.dueDate, repeat: next.repeat,
        deploymentId: job.deploymentId, tenantId: job.tenantId,
      });
    }
    if (!job.procDefId || !job.activityId) throw new ProcessEngineException(`Timer start job '${job.id}' names no process definition`);
    await this.startInstanceAt(ctx, job.procDefId, job.activityId);
  }

  private async resolveIncidents(ctx: CommandContext, job: JobRow): Promise<void> {
    for (const i of await ctx.uow.select(T.incident, 'incident_type = ? AND configuration = ?', ['failedJob', job.id])) {
      ctx.uow.delete(T.incident, i);
      history.incidentResolved(ctx, i);
    }
  }

  /** Decrements the retries, stores the failure, unlocks the job until the retry time; at 0 retries raises an incident. */
  private async recordFailure(jobId: string, error: Error): Promise<void> {
    await this.commands.run(SYSTEM_ACTOR, async (ctx) => {
      const job = await ctx.uow.byId(T.job, jobId);
      if (!job) return;
      job.lockOwner = null;
      if (error instanceof OptimisticLockingException) {
        // another command changed the same rows: not the job's fault, try again soon without using up a retry
        job.lockExpTime = ctx.now + 1_000;
        return;
      }
      job.retries = Math.max(0, job.retries - 1);
      job.exceptionMsg = error.message.slice(0, MAX_MESSAGE);
      job.exceptionStack = error.stack ?? error.message;
      job.failedActId = job.activityId;
      job.lockExpTime = job.retries > 0 ? ctx.now + this.retryDelayMs : null;
      if (job.retries === 0) await createFailedJobIncident(ctx, job);
      const due = job.lockExpTime;
      ctx.afterCommit.push(() => ctx.events.jobScheduled(due));
    });
  }

  // background loop ////

  private trigger(): void {
    if (!this.running) return;
    this.runDueJobs().catch((error: unknown) => this.onError(error));
  }

  private scheduleWake(due: number | null): void {
    if (!this.running) return;
    const at = due ?? this.commands.clock();
    if (this.wake && this.wake.at <= at) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const delay = Math.max(0, Math.min(at - this.commands.clock(), 2_147_000_000));
    const timer = setTimeout(() => {
      this.wake = null;
      this.trigger();
    }, delay + 5);
    timer.unref();
    this.wake = { timer, at };
  }
}

/** Raises the `failedJob` incident of a job that has no retries left (once; `configuration` is the job id). */
export async function createFailedJobIncident(ctx: CommandContext, job: JobRow): Promise<void> {
  const existing = await ctx.uow.select(T.incident, 'incident_type = ? AND configuration = ?', ['failedJob', job.id]);
  if (existing.length > 0) return;
  const id = ctx.newId();
  const incident = ctx.uow.insert(T.incident, {
    id, rev: 1, incidentType: 'failedJob', incidentMsg: job.exceptionMsg, executionId: job.executionId, procInstId: job.procInstId,
    procDefId: job.procDefId, activityId: job.activityId, failedActivityId: job.failedActId ?? job.activityId, causeIncidentId: id,
    rootCauseIncidentId: id, configuration: job.id, incidentTimestamp: ctx.now, annotation: null, jobDefId: null, tenantId: job.tenantId,
  });
  history.incidentCreated(ctx, incident, { procDefKey: job.procDefKey, rootProcInstId: job.procInstId });
}
