import { BadUserRequestException, InvalidRequestException, NullValueException, ProcessEngineException, RestException } from '../errors.js';
import { T, type ExternalTaskRow, type IncidentRow } from '../persistence/tables.js';
import type { Actor, CommandContext } from '../runtime/command-context.js';
import { Executor } from '../runtime/executor.js';
import { history } from '../runtime/history.js';
import { InstanceState } from '../runtime/instance-state.js';
import { matchesFilter, type TypedValue, type VariableMap } from '../variables/index.js';
import type { CommandExecutor } from './command-executor.js';
import { limit, orderBy, Where, type Paging, type SortSpec } from './query-builder.js';

/** One topic of a fetch-and-lock request. */
export interface FetchTopic {
  topicName: string;
  lockDuration: number;
  variables?: string[] | null;
  localVariables?: boolean;
  businessKey?: string | null;
  processDefinitionId?: string | null;
  processDefinitionIdIn?: string[] | null;
  processDefinitionKey?: string | null;
  processDefinitionKeyIn?: string[] | null;
  processDefinitionVersionTag?: string | null;
  withoutTenantId?: boolean;
  tenantIdIn?: string[] | null;
  processVariables?: Record<string, TypedValue> | null;
  includeExtensionProperties?: boolean;
}

/** A fetch-and-lock request. */
export interface FetchRequest {
  workerId: string;
  maxTasks: number;
  usePriority: boolean;
  sortByCreateTime?: 'asc' | 'desc' | null;
  topics: FetchTopic[];
}

/** A task locked for a worker, with its variables. */
export interface LockedTask {
  task: ExternalTaskRow;
  variables: VariableMap;
  extensionProperties: Record<string, string>;
}

/** Filters of `GET /external-task`. */
export interface ExternalTaskQuery extends Paging {
  externalTaskId?: string; externalTaskIdIn?: string[]; topicName?: string; workerId?: string; locked?: boolean; notLocked?: boolean;
  withRetriesLeft?: boolean; noRetriesLeft?: boolean; lockExpirationAfter?: number; lockExpirationBefore?: number;
  activityId?: string; activityIdIn?: string[]; executionId?: string; processInstanceId?: string; processInstanceIdIn?: string[];
  processDefinitionId?: string; active?: boolean; suspended?: boolean; priorityHigherThanOrEquals?: number;
  priorityLowerThanOrEquals?: number; tenantIdIn?: string[]; sorting?: SortSpec[];
}

const MAX_ERROR_MESSAGE = 666;

/** External tasks: fetch and lock, complete, failure, BPMN error, locks and retries. */
export class ExternalTaskService {
  constructor(private readonly commands: CommandExecutor) {}

  /** Locks up to `maxTasks` available tasks of the requested topics for a worker. */
  async fetchAndLock(actor: Actor, req: FetchRequest): Promise<LockedTask[]> {
    if (!req.workerId) throw new NullValueException('workerId is null');
    if (req.maxTasks < 0) throw new ProcessEngineException('maxResults is not greater than or equal to 0');
    for (const t of req.topics) {
      if (!t.topicName) throw new NullValueException('topicName is null');
      if (!(t.lockDuration > 0)) throw new ProcessEngineException(`lockTime is not greater than 0`);
    }
    if (req.maxTasks === 0 || req.topics.length === 0) return [];
    return this.commands.run(actor, async (ctx) => {
      const now = ctx.now;
      const w = new Where()
        .add('(x.lock_exp_time IS NULL OR x.lock_exp_time <= ?)', now)
        .add('x.suspended = 0')
        .add('(x.retries IS NULL OR x.retries > 0)');
      const topicClauses: string[] = [];
      const topicParams: Array<string | number> = [];
      for (const t of req.topics) {
        const tw = new Where().eq('x.topic', t.topicName).eq('x.business_key', t.businessKey ?? undefined)
          .eq('x.proc_def_id', t.processDefinitionId ?? undefined).in('x.proc_def_id', t.processDefinitionIdIn ?? undefined)
          .eq('x.proc_def_key', t.processDefinitionKey ?? undefined).in('x.proc_def_key', t.processDefinitionKeyIn ?? undefined)
          .like('x.proc_def_version_tag', t.processDefinitionVersionTag ?? undefined).in('x.tenant_id', t.tenantIdIn ?? undefined);
        if (t.withoutTenantId) tw.add('x.tenant_id IS NULL');
        topicClauses.push(`(${tw.toString()})`);
        topicParams.push(...(tw.params as Array<string | number>));
      }
      w.add(`(${topicClauses.join(' OR ')})`, ...topicParams);
      const order = [req.usePriority ? 'x.priority DESC' : null, req.sortByCreateTime ? `x.create_time ${req.sortByCreateTime === 'desc' ? 'DESC' : 'ASC'}` : null, 'x.id ASC'].filter(Boolean).join(', ');
      const needsVarFilter = req.topics.some((t) => t.processVariables && Object.keys(t.processVariables).length > 0);
      const fetchLimit = needsVarFilter ? '' : ` LIMIT ${req.maxTasks}`;
      const candidates = await ctx.uow.select(T.externalTask, w.toString().replace(/\bx\./g, ''), w.params, ` ORDER BY ${order.replace(/\bx\./g, '')}${fetchLimit}${ctx.dialect.skipLocked}`);
      const locked: LockedTask[] = [];
      const instances = new Map<string, InstanceState | null>();
      for (const task of candidates) {
        if (locked.length >= req.maxTasks) break;
        const topic = req.topics.find((t) => t.topicName === task.topic && topicMatches(task, t));
        if (!topic) continue;
        let inst = instances.get(task.procInstId);
        if (inst === undefined) {
          inst = await InstanceState.load(ctx, task.procInstId);
          instances.set(task.procInstId, inst);
        }
        const exec = inst?.execution(task.executionId);
        if (!inst || !exec) continue;
        if (topic.processVariables && Object.keys(topic.processVariables).length > 0) {
          const procVars = inst.localVariables(task.procInstId);
          const ok = Object.entries(topic.processVariables).every(([name, v]) => matchesFilter(procVars[name], { name, operator: 'eq', value: v.value }));
          if (!ok) continue;
        }
        task.workerId = req.workerId;
        task.lockExpTime = now + topic.lockDuration;
        const all = topic.localVariables ? inst.localVariables(exec.id) : inst.visibleVariables(exec);
        const variables = topic.variables == null ? all : Object.fromEntries(topic.variables.filter((n) => all[n] !== undefined).map((n) => [n, all[n] as TypedValue]));
        const properties = topic.includeExtensionProperties ? await this.extensionProperties(ctx, task) : {};
        locked.push({ task, variables, extensionProperties: properties });
      }
      return locked;
    });
  }

  /** Completes a locked task and continues the process. */
  async complete(actor: Actor, id: string, workerId: string, variables: VariableMap, localVariables: VariableMap): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id);
      this.ensureWorker(task, workerId, `External Task ${id} cannot be completed by worker '${workerId}'`);
      if (task.suspended) throw new ProcessEngineException(`ExternalTask with id '${id}' is suspended`);
      const { inst, exec } = await this.instanceOf(ctx, task);
      for (const [n, v] of Object.entries(variables)) inst.setVariable(exec, n, v);
      for (const [n, v] of Object.entries(localVariables)) inst.setVariableLocal(exec, n, v);
      await this.removeTask(ctx, task);
      const def = await ctx.definitions.get(ctx.uow, exec.procDefId);
      if (!def) throw new ProcessEngineException(`Process definition ${exec.procDefId} missing`);
      await new Executor(ctx, inst, def).leaveWaitState(exec);
    });
  }

  /** Records a failure: new retries and a retry timeout; retries reaching 0 raise an incident. */
  async failure(actor: Actor, id: string, input: { workerId: string; errorMessage?: string | null; errorDetails?: string | null; retries: number; retryTimeout: number; variables?: VariableMap; localVariables?: VariableMap }): Promise<void> {
    if (input.retries < 0) throw new ProcessEngineException('retries is not greater than or equal to 0');
    if (input.retryTimeout < 0) throw new ProcessEngineException('retryDuration is not greater than or equal to 0');
    await this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id);
      this.ensureWorker(task, input.workerId, `Failure of External Task ${id} cannot be reported by worker '${input.workerId}'`);
      if (input.variables || input.localVariables) {
        const { inst, exec } = await this.instanceOf(ctx, task);
        for (const [n, v] of Object.entries(input.variables ?? {})) inst.setVariable(exec, n, v);
        for (const [n, v] of Object.entries(input.localVariables ?? {})) inst.setVariableLocal(exec, n, v);
      }
      task.errorMessage = input.errorMessage == null ? null : input.errorMessage.slice(0, MAX_ERROR_MESSAGE);
      task.errorDetails = input.errorDetails ?? null;
      task.lockExpTime = ctx.now + input.retryTimeout;
      await this.setRetries(ctx, task, input.retries);
      if (input.retries > 0) scheduleWake(ctx, task.topic, input.retryTimeout);
    });
  }

  /**
   * Reports a BPMN error: the variables are set first (as `setVariable`), then the error propagates from the task outwards to
   * the nearest matching error boundary event or error event sub-process; uncaught, the token ends as at a none end event
   * (Camunda 7's default).
   */
  async bpmnError(actor: Actor, id: string, input: { workerId: string; errorCode: string; errorMessage?: string | null; variables?: VariableMap }): Promise<void> {
    if (input.errorCode == null) throw new NullValueException('errorCode is null');
    await this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id);
      this.ensureWorker(task, input.workerId, `Bpmn error of External Task ${id} cannot be reported by worker '${input.workerId}'`);
      const { inst, exec } = await this.instanceOf(ctx, task);
      for (const [n, v] of Object.entries(input.variables ?? {})) inst.setVariable(exec, n, v);
      await this.removeTask(ctx, task);
      history.userOperation(ctx, { operationType: 'HandleBpmnError', entityType: 'ExternalTask', externalTaskId: id, procInstId: task.procInstId, executionId: task.executionId, procDefId: task.procDefId, procDefKey: task.procDefKey, category: 'TaskWorker' }, [
        { property: 'errorCode', newValue: input.errorCode },
        { property: 'errorMessage', newValue: input.errorMessage ?? null },
      ]);
      const def = await ctx.definitions.get(ctx.uow, exec.procDefId);
      if (!def) throw new ProcessEngineException(`Process definition ${exec.procDefId} missing`);
      await new Executor(ctx, inst, def).throwBpmnError(exec, input.errorCode, input.errorMessage ?? null);
    });
  }

  async extendLock(actor: Actor, id: string, workerId: string, newDuration: number): Promise<void> {
    if (!workerId) throw new NullValueException('workerId is null');
    if (!(newDuration > 0)) throw new BadUserRequestException(`lockTime is not greater than 0`);
    await this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id);
      if (task.workerId !== workerId) throw new BadUserRequestException(`The lock of the External Task ${id} cannot be extended by worker '${workerId}'`);
      if (task.lockExpTime === null || task.lockExpTime < ctx.now) throw new BadUserRequestException(`Cannot extend a lock that expired`);
      task.lockExpTime = ctx.now + newDuration;
    });
  }

  async lock(actor: Actor, id: string, workerId: string, lockDuration: number): Promise<void> {
    if (!workerId) throw new NullValueException('workerId is null');
    if (!(lockDuration > 0)) throw new BadUserRequestException(`lockDuration is not greater than 0`);
    await this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id);
      if (task.workerId && task.workerId !== workerId && task.lockExpTime !== null && task.lockExpTime > ctx.now) {
        throw new BadUserRequestException(`External Task ${id} cannot be locked by worker '${workerId}'. It is locked by worker '${task.workerId}'.`);
      }
      task.workerId = workerId;
      task.lockExpTime = ctx.now + lockDuration;
    });
  }

  async unlock(actor: Actor, id: string): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id);
      task.workerId = null;
      task.lockExpTime = null;
      const topic = task.topic;
      ctx.afterCommit.push(() => ctx.events.externalTaskAvailable(topic));
    });
  }

  /** Sets retries; a positive value resolves the task's incident, 0 raises one. */
  async setRetries(ctx: CommandContext, task: ExternalTaskRow, retries: number): Promise<void> {
    const previous = task.retries;
    task.retries = retries;
    const incidents = await ctx.uow.select(T.incident, "incident_type = 'failedExternalTask' AND configuration = ?", [task.id]);
    if (retries <= 0 && (previous === null || previous > 0) && incidents.length === 0) {
      const id = ctx.newId();
      const incident = ctx.uow.insert(T.incident, {
        id, rev: 1, incidentType: 'failedExternalTask', incidentMsg: task.errorMessage, executionId: task.executionId,
        procInstId: task.procInstId, procDefId: task.procDefId, activityId: task.activityId, failedActivityId: task.activityId,
        causeIncidentId: id, rootCauseIncidentId: id, configuration: task.id, incidentTimestamp: ctx.now, annotation: null,
        jobDefId: null, tenantId: task.tenantId,
      });
      history.incidentCreated(ctx, incident, { procDefKey: task.procDefKey, rootProcInstId: task.procInstId });
    } else if (retries > 0) {
      for (const i of incidents) this.resolveIncident(ctx, i);
      const topic = task.topic;
      ctx.afterCommit.push(() => ctx.events.externalTaskAvailable(topic));
    }
  }

  /** `PUT /external-task/{id}/retries` and the bulk variant. */
  async updateRetries(actor: Actor, ids: string[], retries: number): Promise<void> {
    if (retries == null) throw new InvalidRequestException(400, 'The number of retries cannot be null.');
    if (retries < 0) throw new BadUserRequestException('The number of retries cannot be negative.');
    await this.commands.run(actor, async (ctx) => {
      for (const id of ids) {
        const task = await this.load(ctx, id);
        await this.setRetries(ctx, task, retries);
        history.userOperation(ctx, { operationType: 'SetExternalTaskRetries', entityType: 'ExternalTask', externalTaskId: id, procInstId: task.procInstId, procDefId: task.procDefId, procDefKey: task.procDefKey }, [{ property: 'retries', newValue: retries }]);
      }
    });
  }

  /** One task by id; unknown → 404 RestException (code null, as Camunda's `GET /external-task/{id}`). */
  async get(actor: Actor, id: string): Promise<ExternalTaskRow> {
    const task = await this.commands.run(actor, (ctx) => ctx.uow.byId(T.externalTask, id));
    if (!task) throw new RestException(404, `External task with id ${id} does not exist`, null);
    return task;
  }

  /** The error details of the task's latest failure (null when none); unknown id → 404 RestException. */
  async errorDetails(actor: Actor, id: string): Promise<string | null> {
    return this.commands.run(actor, async (ctx) => (await this.load(ctx, id)).errorDetails);
  }

  async query(actor: Actor, q: ExternalTaskQuery): Promise<ExternalTaskRow[]> {
    return this.commands.run(actor, async (ctx) => {
      const w = externalWhere(q, ctx.now);
      const sortColumns = { id: 'id', lockExpirationTime: 'lock_exp_time', processInstanceId: 'proc_inst_id', processDefinitionId: 'proc_def_id', processDefinitionKey: 'proc_def_key', tenantId: 'tenant_id', taskPriority: 'priority', createTime: 'create_time' };
      return ctx.uow.select(T.externalTask, w.toString(), w.params, orderBy(q.sorting ?? [], sortColumns, 'id ASC') + limit(q));
    });
  }

  async count(actor: Actor, q: ExternalTaskQuery): Promise<number> {
    return this.commands.run(actor, async (ctx) => {
      const w = externalWhere(q, ctx.now);
      return Number((await ctx.sql.query<Record<string, unknown>>(`SELECT COUNT(*) AS c FROM eng_external_task WHERE ${w.toString()}`, w.params))[0]?.['c'] ?? 0);
    });
  }

  // helpers ////

  private async load(ctx: CommandContext, id: string): Promise<ExternalTaskRow> {
    const task = await ctx.uow.byId(T.externalTask, id);
    if (!task) throw new RestException(404, `External task with id ${id} does not exist`);
    return task;
  }

  private ensureWorker(task: ExternalTaskRow, workerId: string, message: string): void {
    if (!workerId) throw new NullValueException('workerId is null');
    if (task.workerId !== workerId) throw new BadUserRequestException(`${message}. It is locked by worker '${task.workerId ?? 'null'}'.`);
  }

  private async instanceOf(ctx: CommandContext, task: ExternalTaskRow) {
    const inst = await InstanceState.load(ctx, task.procInstId);
    const exec = inst?.execution(task.executionId);
    if (!inst || !exec) throw new ProcessEngineException(`Execution ${task.executionId} of external task ${task.id} is missing`);
    return { inst, exec };
  }

  /** Removes a task that was completed or whose BPMN error was handled: its incident counts as resolved (as Camunda). */
  private async removeTask(ctx: CommandContext, task: ExternalTaskRow): Promise<void> {
    for (const i of await ctx.uow.select(T.incident, "incident_type = 'failedExternalTask' AND configuration = ?", [task.id])) this.resolveIncident(ctx, i);
    ctx.uow.delete(T.externalTask, task);
  }

  private resolveIncident(ctx: CommandContext, incident: IncidentRow): void {
    ctx.uow.delete(T.incident, incident);
    history.incidentResolved(ctx, incident);
  }

  private async extensionProperties(ctx: CommandContext, task: ExternalTaskRow): Promise<Record<string, string>> {
    const def = await ctx.definitions.get(ctx.uow, task.procDefId);
    return { ...(def?.model.elements.get(task.activityId)?.properties ?? {}) };
  }
}

// helpers ////

function topicMatches(task: ExternalTaskRow, t: FetchTopic): boolean {
  if (t.businessKey != null && task.businessKey !== t.businessKey) return false;
  if (t.processDefinitionId != null && task.procDefId !== t.processDefinitionId) return false;
  if (t.processDefinitionIdIn && !t.processDefinitionIdIn.includes(task.procDefId)) return false;
  if (t.processDefinitionKey != null && task.procDefKey !== t.processDefinitionKey) return false;
  if (t.processDefinitionKeyIn && !t.processDefinitionKeyIn.includes(task.procDefKey ?? '')) return false;
  if (t.tenantIdIn && !t.tenantIdIn.includes(task.tenantId ?? '')) return false;
  if (t.withoutTenantId && task.tenantId !== null) return false;
  return true;
}

function scheduleWake(ctx: CommandContext, topic: string, afterMs: number): void {
  ctx.afterCommit.push(() => {
    const timer = setTimeout(() => ctx.events.externalTaskAvailable(topic), afterMs + 5);
    timer.unref();
  });
}

function externalWhere(q: ExternalTaskQuery, now: number): Where {
  const w = new Where()
    .eq('id', q.externalTaskId).in('id', q.externalTaskIdIn).eq('topic', q.topicName).eq('worker_id', q.workerId)
    .eq('activity_id', q.activityId).in('activity_id', q.activityIdIn).eq('execution_id', q.executionId)
    .eq('proc_inst_id', q.processInstanceId).in('proc_inst_id', q.processInstanceIdIn).eq('proc_def_id', q.processDefinitionId)
    .in('tenant_id', q.tenantIdIn);
  if (q.locked) w.add('lock_exp_time IS NOT NULL AND lock_exp_time > ?', now);
  if (q.notLocked) w.add('(lock_exp_time IS NULL OR lock_exp_time <= ?)', now);
  if (q.withRetriesLeft) w.add('(retries IS NULL OR retries > 0)');
  if (q.noRetriesLeft) w.add('retries = 0');
  if (q.lockExpirationAfter !== undefined) w.add('lock_exp_time > ?', q.lockExpirationAfter);
  if (q.lockExpirationBefore !== undefined) w.add('lock_exp_time < ?', q.lockExpirationBefore);
  if (q.active) w.add('suspended = 0');
  if (q.suspended) w.add('suspended = 1');
  if (q.priorityHigherThanOrEquals !== undefined) w.add('priority >= ?', q.priorityHigherThanOrEquals);
  if (q.priorityLowerThanOrEquals !== undefined) w.add('priority <= ?', q.priorityLowerThanOrEquals);
  return w;
}
