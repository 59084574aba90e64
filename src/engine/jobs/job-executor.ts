import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { OptimisticLockingException, ProcessEngineException } from '../errors.js';
import { T, type JobRow } from '../persistence/tables.js';
import type { CommandContext } from '../runtime/command-context.js';
import { Executor } from '../runtime/executor.js';
import { history } from '../runtime/history.js';
import { InstanceState } from '../runtime/instance-state.js';
import { SYSTEM_ACTOR, type CommandExecutor } from '../services/command-executor.js';
import { ExclusiveQueue } from './exclusive-queue.js';
import { TIMER_HANDLER, insertJob } from './timer-jobs.js';
import { nextDue } from './timer-schedule.js';
import { ASYNC_HANDLER, runAsyncContinuation } from './async-jobs.js';

/** Starts a process instance at a given start event inside a running command (the runtime service does it). */
export type StartInstanceAt = (ctx: CommandContext, definitionId: string, startEventId: string) => Promise<unknown>;

/** A job this node is running, as its observer sees it. */
export interface RunningJob {
  id: string;
  processInstanceId: string | null;
}

/** How running a job ended: `done` (it ran and committed), `skipped` (gone, suspended or no longer locked to this node), `failed`. */
export type JobOutcome = 'done' | 'skipped' | 'failed';

/** Told when this node begins and ends running a job (monitoring; the tests observe exclusivity with it). */
export interface JobObserver {
  started?(job: RunningJob): void;
  ended?(job: RunningJob, outcome: JobOutcome): void;
}

/** Tuning of the job executor; the defaults suit one office server. */
export interface JobExecutorOptions {
  /**
   * Name of this node in `eng_job.lock_owner`; a random one by default. Give every node its own name, stable across
   * its restarts (see `releaseOwnLocksOnStart`).
   */
  lockOwner?: string;
  /**
   * On `start()`, release the jobs still locked to `lockOwner` before acquiring any: they can only be left over from
   * an earlier run of this node that ended without unlocking them (a crash, SIGKILL), so the restarted node runs them
   * at once instead of waiting for their locks to expire. Only for a stable `lockOwner` that no other running node
   * uses. Default false.
   */
  releaseOwnLocksOnStart?: boolean;
  /**
   * Jobs this node runs at the same time (each in its own command and transaction). Exclusive jobs of one process
   * instance — every timer job is exclusive — never run at the same time: they run one after another. Default 4.
   */
  maxConcurrentJobs?: number;
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
  /** Told when this node begins and ends running each job. */
  observer?: JobObserver;
}

/** `eng_job.exception_msg` holds at most this many characters. */
const MAX_MESSAGE = 700;

/**
 * Runs due jobs (timers, retried failures). Acquisition locks due rows (`lock_owner`, `lock_exp_time`) in one
 * command with revision checks, on MySQL/MariaDB with `FOR UPDATE SKIP LOCKED`, so that two nodes on one
 * database never run one job twice; suspended jobs are not acquired. Each job then runs in its own command (one
 * transaction: fire the timer, move the token, delete or reschedule the job), up to `maxConcurrentJobs` at a time;
 * exclusive jobs of one process instance run one after another, in the order acquired, so they never contend
 * for the same rows on this node. A failure rolls that command back and, in a second command, decrements the
 * job's retries, stores the exception and, at 0 retries, raises a `failedJob` incident; a lost optimistic lock
 * (another command changed the same rows) or a database deadlock only puts the job back for a second later.
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
  private readonly maxConcurrent: number;
  private readonly retryDelayMs: number;
  private readonly releaseOnStart: boolean;
  private readonly onError: (error: unknown) => void;
  private readonly observer: JobObserver;
  private readonly queue: ExclusiveQueue;
  private running = false;
  private halting = false;
  private poll: NodeJS.Timeout | null = null;
  private wake: { timer: NodeJS.Timeout; at: number } | null = null;
  private unsubscribe: (() => void) | null = null;
  private starting: Promise<unknown> | null = null;
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
    this.maxConcurrent = options.maxConcurrentJobs ?? 4;
    this.retryDelayMs = options.retryDelayMs ?? 10_000;
    this.releaseOnStart = options.releaseOwnLocksOnStart ?? false;
    this.onError = options.onError ?? (() => undefined);
    this.observer = options.observer ?? {};
    this.queue = new ExclusiveQueue(this.maxConcurrent);
  }

  /** True while the background loop runs. */
  get isRunning(): boolean {
    return this.running;
  }

  /**
   * Starts the background loop (idempotent): releases the jobs left locked to this node's name when so configured,
   * runs what is due now, then polls and wakes up at due dates.
   */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.unsubscribe = this.commands.events.onJobScheduled((due) => this.scheduleWake(due));
    this.poll = setInterval(() => this.trigger(), this.pollIntervalMs);
    this.poll.unref();
    if (this.releaseOnStart) this.starting = this.releaseOwnLocks().catch((error: unknown) => this.onError(error));
    this.trigger();
  }

  /** Stops the background loop: acquires no more jobs, and waits for those it acquired to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    if (this.wake) clearTimeout(this.wake.timer);
    this.wake = null;
    this.halting = true;
    try {
      await this.starting;
      await this.current?.catch(() => 0);
    } finally {
      this.halting = false;
    }
  }

  /**
   * Releases every job locked to this node's lock owner (`lock_owner = NULL`, `lock_exp_time = NULL`), so that it
   * can be acquired at once; returns how many were released. `start()` calls it when `releaseOwnLocksOnStart` is set.
   */
  async releaseOwnLocks(): Promise<number> {
    return this.commands.run(SYSTEM_ACTOR, (ctx) =>
      ctx.sql.execute(`UPDATE ${T.job.table} SET lock_owner = NULL, lock_exp_time = NULL, rev = rev + 1 WHERE lock_owner = ?`, [this.lockOwner]));
  }

  /**
   * Acquires and executes every job that is due now (by the engine clock), until none is left; returns how many
   * jobs were executed (successfully or not). Jobs run up to `maxConcurrentJobs` at a time, those of one process
   * instance one after another; more are acquired as slots free up. Concurrent calls share one run.
   */
  async runDueJobs(): Promise<number> {
    if (this.current) {
      // a run is under way: let it look once more, and answer with its count
      this.again = true;
      return this.current;
    }
    const run = (async () => {
      let total = 0;
      const inFlight = new Set<Promise<void>>();
      try {
        await this.starting;
        for (;;) {
          if (inFlight.size >= this.maxConcurrent) {
            await Promise.race(inFlight);
            continue;
          }
          this.again = false;
          const acquired = this.halting ? [] : await this.acquire();
          for (const job of acquired) {
            const done = this.dispatch(job).finally(() => inFlight.delete(done));
            inFlight.add(done);
            total++;
          }
          if (acquired.length > 0) continue;
          if (inFlight.size === 0) {
            if (this.again && !this.halting) continue;
            break;
          }
          // nothing more is due now; the running jobs may make more due (e.g. a timer of zero duration)
          await Promise.all(inFlight);
        }
      } finally {
        await Promise.all(inFlight);
        this.current = null;
      }
      return total;
    })();
    this.current = run;
    return run;
  }

  /**
   * Executes one job now, whether due or not (`POST /job/{id}/execute`); after any job of the same process instance
   * this node is running. A failure is recorded on the job (retries, exception, incident) and then thrown. Throws a
   * 404-style error when the job does not exist.
   */
  async execute(jobId: string): Promise<void> {
    const found = await this.commands.run(SYSTEM_ACTOR, (ctx) => ctx.uow.byId(T.job, jobId));
    if (!found) throw new ProcessEngineException(`No job found with id '${jobId}'`);
    const outcome = await this.queue.run(exclusiveKey(found), () => this.runJob(jobId, null), false);
    if (outcome === 'missing') throw new ProcessEngineException(`No job found with id '${jobId}'`);
    if (outcome instanceof Error) throw outcome;
  }

  // acquisition and execution ////

  private async acquire(): Promise<JobRow[]> {
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
      return rows;
    }).catch((error: unknown) => {
      // another node locked some of these rows first: try again in the next round
      if (error instanceof OptimisticLockingException || isTransientDatabaseError(error)) return [];
      throw error;
    });
  }

  /** Runs an acquired job in its turn: after the earlier jobs of its process instance, when a slot is free. Never rejects. */
  private dispatch(job: JobRow): Promise<void> {
    const running: RunningJob = { id: job.id, processInstanceId: job.procInstId };
    return this.queue.run(exclusiveKey(job), async () => {
      this.observer.started?.(running);
      let outcome: JobOutcome = 'failed';
      try {
        const result = await this.runJob(job.id, this.lockOwner);
        outcome = result === 'done' ? 'done' : result === 'missing' ? 'skipped' : 'failed';
      } finally {
        this.observer.ended?.(running, outcome);
      }
    }).catch((error: unknown) => this.onError(error));
  }

  /**
   * Runs a job in its own command; on failure records it in a second one. `owner` null: run regardless of the lock
   * (and of suspension); otherwise only while the job is still locked to `owner` and not suspended. A collision with
   * another command (optimistic locking, a deadlock) is tried again at once, a few times after a short pause, since
   * the job is still locked to this node; only then is it put back for a later acquisition.
   */
  private async runJob(jobId: string, owner: string | null): Promise<'done' | 'missing' | Error> {
    for (let attempt = 1; ; attempt++) {
      try {
        const found = await this.commands.run(SYSTEM_ACTOR, async (ctx) => {
          const job = await ctx.uow.byId(T.job, jobId);
          if (!job || (owner !== null && (job.lockOwner !== owner || job.suspended))) return false;
          await this.handle(ctx, job);
          return true;
        });
        return found ? 'done' : 'missing';
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        if (isCollision(failure) && attempt < COLLISION_ATTEMPTS) {
          await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 40 * attempt));
          continue;
        }
        await this.recordFailure(jobId, failure).catch((e: unknown) => this.onError(e));
        return failure;
      }
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
      case ASYNC_HANDLER:
        await this.resolveIncidents(ctx, job);
        return runAsyncContinuation(ctx, job);
      default:
        throw new ProcessEngineException(`Job '${job.id}' has the unknown handler type '${job.handlerType}'`);
    }
  }

  /** The token waiting in an intermediate timer catch event moves on; the job is deleted. */
  private async fireIntermediateTimer(ctx: CommandContext, job: JobRow): Promise<void> {
    ctx.uow.delete(T.job, job);
    const inst = job.procInstId ? await InstanceState.load(ctx, job.procInstId) : null;
    const token = job.executionId ? inst?.execution(job.executionId) : null;
    if (!inst || !token || !job.activityId) return;
    const def = await ctx.definitions.get(ctx.uow, token.procDefId);
    if (!def) throw new ProcessEngineException(`Process definition '${token.procDefId}' of job '${job.id}' is missing`);
    const executor = new Executor(ctx, inst, def);
    if (!executor.waitsFor(token, job.activityId)) return; // the activity is gone: nothing to fire
    await this.resolveIncidents(ctx, job);
    await executor.catchEventOccurred(token, job.activityId);
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
      if (isCollision(error)) {
        // another command changed the same rows: not the job's fault, try again soon without using up a retry
        job.lockExpTime = ctx.now + 1_000;
        const again = job.lockExpTime;
        ctx.afterCommit.push(() => ctx.events.jobScheduled(again));
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

// helpers ////

/** Jobs with the same key run one after another on this node: exclusive jobs of one process instance share one. */
function exclusiveKey(job: JobRow): string | null {
  return job.exclusive && job.procInstId !== null ? `instance:${job.procInstId}` : null;
}

/** How often a job that collided with another command is run before it is put back for a later acquisition. */
const COLLISION_ATTEMPTS = 4;

/** Whether a job failed only because another command changed the same rows at the same time. */
function isCollision(error: unknown): boolean {
  return error instanceof OptimisticLockingException || isTransientDatabaseError(error);
}

/** MySQL/MariaDB errors that say only that concurrent transactions collided: a deadlock, or a lock wait that timed out. */
function isTransientDatabaseError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
}
