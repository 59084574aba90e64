import { EngineException, InvalidRequestException, ProcessEngineException } from '../errors.js';
import { T, type JobRow } from '../persistence/tables.js';
import type { Actor, CommandContext } from '../runtime/command-context.js';
import { history } from '../runtime/history.js';
import type { CommandExecutor } from '../services/command-executor.js';
import { limit, orderBy, Where, type Paging, type SortSpec } from '../services/query-builder.js';
import type { JobExecutor } from './job-executor.js';

/** A due-date condition of `GET /job?dueDates=gt_…,lt_…`. */
export interface DueDateCondition { operator: 'gt' | 'lt'; value: number }

/** Filters of `GET /job`. */
export interface JobQuery extends Paging {
  jobId?: string; jobIds?: string[]; processInstanceId?: string; processInstanceIds?: string[]; executionId?: string;
  processDefinitionId?: string; processDefinitionKey?: string; activityId?: string; withRetriesLeft?: boolean;
  noRetriesLeft?: boolean; executable?: boolean; timers?: boolean; messages?: boolean; dueDates?: DueDateCondition[];
  withException?: boolean; exceptionMessage?: string; failedActivityId?: string; active?: boolean; suspended?: boolean;
  tenantIdIn?: string[]; withoutTenantId?: boolean; sorting?: SortSpec[];
}

/** `sortBy` values of `GET /job` and their columns. */
export const JOB_SORT_COLUMNS: Record<string, string> = {
  jobId: 'id', executionId: 'execution_id', processInstanceId: 'proc_inst_id', processDefinitionId: 'proc_def_id',
  processDefinitionKey: 'proc_def_key', jobPriority: 'priority', jobRetries: 'retries', jobDueDate: 'due_date', tenantId: 'tenant_id',
};

/** Jobs as Camunda's management service exposes them: queries, retries, due dates, stack traces, execution now. */
export class JobService {
  constructor(
    private readonly commands: CommandExecutor,
    /** The job executor of this engine node. */
    readonly executor: JobExecutor,
  ) {}

  /** Starts running due jobs in the background on this node (the composition root calls it). */
  start(): void {
    this.executor.start();
  }

  /** Stops the background job execution and waits for running jobs (shutdown). */
  stop(): Promise<void> {
    return this.executor.stop();
  }

  /** Acquires and executes every job due now; returns how many ran (tests call it after moving the clock). */
  runDueJobs(): Promise<number> {
    return this.executor.runDueJobs();
  }

  /** Jobs matching a query. */
  async query(actor: Actor, q: JobQuery): Promise<JobRow[]> {
    return this.commands.run(actor, (ctx) => {
      const w = jobWhere(q, ctx.now);
      return ctx.uow.select(T.job, w.toString(), w.params, orderBy(q.sorting ?? [], JOB_SORT_COLUMNS, 'id ASC') + limit(q));
    });
  }

  /** Number of jobs matching a query. */
  async count(actor: Actor, q: JobQuery): Promise<number> {
    return this.commands.run(actor, async (ctx) => {
      const w = jobWhere(q, ctx.now);
      const rows = await ctx.sql.query<Record<string, unknown>>(`SELECT COUNT(*) AS c FROM ${T.job.table} WHERE ${w.toString()}`, w.params);
      return Number(rows[0]?.['c'] ?? 0);
    });
  }

  /** One job; 404 when it does not exist. */
  async get(actor: Actor, id: string): Promise<JobRow> {
    return this.commands.run(actor, (ctx) => this.load(ctx, id));
  }

  /** The stack trace of the job's last failure (null when it has not failed); 404 when the job does not exist. */
  async stacktrace(actor: Actor, id: string): Promise<string | null> {
    return (await this.get(actor, id)).exceptionStack;
  }

  /**
   * Sets the retries of a job; more than 0 resolves its `failedJob` incident and makes it executable again (its
   * retry wait is dropped). Negative retries are refused as Camunda refuses them (500).
   */
  async setRetries(actor: Actor, id: string, retries: number): Promise<void> {
    if (!Number.isInteger(retries) || retries < 0) {
      throw new InvalidRequestException(500, `The number of job retries must be a non-negative Integer, but '${retries}' has been provided.`);
    }
    await this.commands.run(actor, async (ctx) => {
      const job = await this.load(ctx, id);
      const previous = job.retries;
      job.retries = retries;
      if (retries > 0) {
        job.lockExpTime = job.lockOwner === null ? null : job.lockExpTime;
        for (const i of await ctx.uow.select(T.incident, 'incident_type = ? AND configuration = ?', ['failedJob', job.id])) {
          ctx.uow.delete(T.incident, i);
          history.incidentResolved(ctx, i);
        }
        const due = job.dueDate;
        ctx.afterCommit.push(() => ctx.events.jobScheduled(due));
      }
      history.userOperation(ctx, { operationType: 'SetJobRetries', entityType: 'Job', jobId: job.id, procInstId: job.procInstId, procDefId: job.procDefId, procDefKey: job.procDefKey }, [
        { property: 'retries', orgValue: previous, newValue: retries },
      ]);
    });
  }

  /** Sets the due date of a job (null: due at once). */
  async setDueDate(actor: Actor, id: string, dueDate: number | null): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const job = await this.load(ctx, id);
      const previous = job.dueDate;
      job.dueDate = dueDate;
      ctx.afterCommit.push(() => ctx.events.jobScheduled(dueDate));
      history.userOperation(ctx, { operationType: 'SetDueDate', entityType: 'Job', jobId: job.id, procInstId: job.procInstId, procDefId: job.procDefId, procDefKey: job.procDefKey }, [
        { property: 'duedate', orgValue: previous, newValue: dueDate },
      ]);
    });
  }

  /** Executes a job now, due or not; 404 when it does not exist; its failure (recorded on the job) is thrown as a 500. */
  async execute(actor: Actor, id: string): Promise<void> {
    await this.get(actor, id);
    try {
      await this.executor.execute(id);
    } catch (error) {
      if (error instanceof EngineException && error.status === 500) throw error;
      throw new ProcessEngineException((error as Error).message, { cause: error });
    }
  }

  private async load(ctx: CommandContext, id: string): Promise<JobRow> {
    const job = await ctx.uow.byId(T.job, id);
    if (!job) throw new InvalidRequestException(404, `Job with id ${id} does not exist`);
    return job;
  }
}

// helpers ////

function jobWhere(q: JobQuery, now: number): Where {
  const w = new Where()
    .eq('id', q.jobId).in('id', q.jobIds).eq('proc_inst_id', q.processInstanceId).in('proc_inst_id', q.processInstanceIds)
    .eq('execution_id', q.executionId).eq('proc_def_id', q.processDefinitionId).eq('proc_def_key', q.processDefinitionKey)
    .eq('activity_id', q.activityId).eq('exception_msg', q.exceptionMessage).eq('failed_act_id', q.failedActivityId)
    .in('tenant_id', q.tenantIdIn);
  if (q.withRetriesLeft) w.add('retries > 0');
  if (q.noRetriesLeft) w.add('retries = 0');
  if (q.executable) w.add('retries > 0 AND (due_date IS NULL OR due_date <= ?)', now);
  if (q.timers) w.add("type = 'timer'");
  if (q.messages) w.add("type = 'message'");
  if (q.withException) w.add('exception_msg IS NOT NULL');
  if (q.active) w.add('suspended = 0');
  if (q.suspended) w.add('suspended = 1');
  if (q.withoutTenantId) w.add('tenant_id IS NULL');
  for (const d of q.dueDates ?? []) w.add(`due_date ${d.operator === 'gt' ? '>' : '<'} ?`, d.value);
  return w;
}
