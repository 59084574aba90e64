import {
  BadUserRequestException, EngineException, InvalidRequestException, NullValueException, ProcessEngineException, RestException,
  TaskAlreadyClaimedException,
} from '../errors.js';
import { T, type CommentRow, type IdentityLinkRow, type TaskRow } from '../persistence/tables.js';
import type { Actor, CommandContext } from '../runtime/command-context.js';
import { Executor } from '../runtime/executor.js';
import { history } from '../runtime/history.js';
import { InstanceState } from '../runtime/instance-state.js';
import { SuspendedEntityInteractionException } from './suspension-service.js';
import { matchesFilter, type TypedValue, type VariableFilter, type VariableMap } from '../variables/index.js';
import type { CommandExecutor } from './command-executor.js';
import { limit, orderBy, Where, type Paging, type SortSpec } from './query-builder.js';

/** Filters of `GET /task` / `POST /task`. */
export interface TaskQuery extends Paging {
  taskId?: string; taskIdIn?: string[]; processInstanceId?: string; processInstanceIdIn?: string[];
  processInstanceBusinessKey?: string; processInstanceBusinessKeyIn?: string[]; processInstanceBusinessKeyLike?: string;
  processDefinitionId?: string; processDefinitionKey?: string; processDefinitionKeyIn?: string[]; executionId?: string;
  activityInstanceIdIn?: string[]; assignee?: string; assigneeLike?: string; assigneeIn?: string[]; assigneeNotIn?: string[];
  owner?: string; candidateGroup?: string; candidateGroups?: string[]; candidateGroupLike?: string; candidateUser?: string; includeAssignedTasks?: boolean;
  involvedUser?: string; assigned?: boolean; unassigned?: boolean; taskDefinitionKey?: string; taskDefinitionKeyIn?: string[];
  taskDefinitionKeyLike?: string; name?: string; nameNotEqual?: string; nameLike?: string; nameNotLike?: string;
  description?: string; descriptionLike?: string; priority?: number; maxPriority?: number; minPriority?: number;
  dueDate?: number; dueAfter?: number; dueBefore?: number; withoutDueDate?: boolean; followUpDate?: number;
  followUpAfter?: number; followUpBefore?: number; followUpBeforeOrNotExistent?: number; createdOn?: number;
  createdAfter?: number; createdBefore?: number; delegationState?: 'PENDING' | 'RESOLVED'; active?: boolean; suspended?: boolean;
  withCandidateGroups?: boolean; withoutCandidateGroups?: boolean; withCandidateUsers?: boolean; withoutCandidateUsers?: boolean;
  tenantIdIn?: string[]; withoutTenantId?: boolean; taskVariables?: VariableFilter[]; processVariables?: VariableFilter[];
  variableNamesIgnoreCase?: boolean; variableValuesIgnoreCase?: boolean; sorting?: SortSpec[];
}

/** Task sortBy values → columns. */
export const TASK_SORT_COLUMNS: Record<string, string> = {
  instanceId: 't.proc_inst_id', caseInstanceId: 't.id', dueDate: 't.due_date', executionId: 't.execution_id',
  caseExecutionId: 't.id', assignee: 't.assignee', created: 't.create_time', lastUpdated: 't.last_updated',
  description: 't.description', id: 't.id', name: 't.name', nameCaseInsensitive: 'LOWER(t.name)', priority: 't.priority',
  processDefinitionId: 't.proc_def_id', tenantId: 't.tenant_id', followUpDate: 't.follow_up_date',
};

/** The form of a task as `GET /task/{id}/form` returns it. */
export interface TaskForm {
  key: string | null;
  formRef: { key: string; binding: string; version: number | null } | null;
}

/** User tasks: queries, assignment operations, completion, variables, identity links and comments. */
export class TaskService {
  constructor(
    private readonly commands: CommandExecutor,
    private readonly groupIdsOf: (userId: string) => Promise<string[]>,
  ) {}

  /** A task by id; 404 InvalidRequestException "No matching task with id X" when there is none. */
  async get(actor: Actor, id: string): Promise<TaskRow> {
    const task = await this.find(actor, id);
    if (!task) throw new InvalidRequestException(404, `No matching task with id ${id}`);
    return task;
  }

  /** A task by id, or null. */
  async find(actor: Actor, id: string): Promise<TaskRow | null> {
    return this.commands.run(actor, (ctx) => ctx.uow.byId(T.task, id));
  }

  async query(actor: Actor, q: TaskQuery): Promise<TaskRow[]> {
    const w = await this.where(q);
    const needsVariables = (q.taskVariables?.length ?? 0) + (q.processVariables?.length ?? 0) > 0;
    return this.commands.run(actor, async (ctx) => {
      const rows = await ctx.sql.query(`SELECT t.* FROM eng_task t WHERE ${w.toString()}${orderBy(q.sorting ?? [], TASK_SORT_COLUMNS, 't.id ASC')}${needsVariables ? '' : limit(q)}`, w.params);
      let tasks = rows.map((r) => fromTaskRow(r));
      if (needsVariables) {
        tasks = await filterTasksByVariables(ctx, tasks, q);
        if (q.firstResult != null || q.maxResults != null) {
          const first = q.firstResult ?? 0;
          tasks = tasks.slice(first, q.maxResults == null ? undefined : first + q.maxResults);
        }
      }
      return tasks;
    });
  }

  async count(actor: Actor, q: TaskQuery): Promise<number> {
    if ((q.taskVariables?.length ?? 0) + (q.processVariables?.length ?? 0) > 0) {
      return (await this.query(actor, { ...q, firstResult: null, maxResults: null })).length;
    }
    const w = await this.where(q);
    return this.commands.run(actor, async (ctx) => Number((await ctx.sql.query<Record<string, unknown>>(`SELECT COUNT(*) AS c FROM eng_task t WHERE ${w.toString()}`, w.params))[0]?.['c'] ?? 0));
  }

  /** Those of the given task ids that have at least one comment (the `comment` flag of task lists). */
  async idsWithComments(actor: Actor, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    return this.commands.run(actor, async (ctx) => {
      const rows = await ctx.sql.query<Record<string, unknown>>(
        `SELECT DISTINCT task_id FROM eng_comment WHERE task_id IN (${ids.map(() => '?').join(', ')})`, [...ids],
      );
      return new Set(rows.map((r) => String(r['task_id'])));
    });
  }

  /**
   * Claims a task for a user (500 TaskAlreadyClaimedException when someone else has it; a null user unclaims,
   * as Camunda's ClaimTaskCmd).
   */
  async claim(actor: Actor, id: string, userId: string | null): Promise<void> {
    await this.update(actor, id, 'Claim', missingTask, (task) => {
      if (userId !== null && task.assignee && task.assignee !== userId) throw new TaskAlreadyClaimedException(id);
      return { assignee: userId };
    });
  }

  /** Removes the assignee (Camunda: `setAssignee(id, null)`, so an unknown task is a 400 NotFoundException). */
  async unclaim(actor: Actor, id: string): Promise<void> {
    await this.update(actor, id, 'Assign', taskNotFound, () => ({ assignee: null }));
  }

  async setAssignee(actor: Actor, id: string, userId: string | null): Promise<void> {
    await this.update(actor, id, 'Assign', taskNotFound, () => ({ assignee: userId }));
  }

  /** Delegates to a user; the current assignee becomes the owner (if there is none yet). */
  async delegate(actor: Actor, id: string, userId: string | null): Promise<void> {
    await this.update(actor, id, 'Delegate', missingTask, (task) => ({ owner: task.owner ?? task.assignee, assignee: userId, delegationState: 'PENDING' }));
  }

  /** Resolves a delegated task back to its owner, setting variables. */
  async resolve(actor: Actor, id: string, variables: VariableMap): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id, missingTask);
      if (task.delegationState !== 'PENDING') {
        throw new ProcessEngineException(`Cannot resolve task ${id}: the task is not delegated (delegation state is ${task.delegationState ?? 'null'})`);
      }
      await this.resolveIn(ctx, task, variables, 'execution');
    });
  }

  /** Completes a task: sets the variables, then continues the process; returns the process variables when asked. */
  async complete(actor: Actor, id: string, variables: VariableMap, withVariablesInReturn: boolean, operation = 'Complete'): Promise<VariableMap | null> {
    return this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id, missingTask);
      return this.completeIn(ctx, task, variables, withVariablesInReturn, operation, 'execution');
    });
  }

  /**
   * Submits a task form as Camunda's FormService does: a delegated (PENDING) task is resolved back to its owner,
   * any other task is completed. Returns the process variables when asked.
   */
  async submitForm(actor: Actor, id: string, variables: VariableMap, withVariablesInReturn: boolean): Promise<VariableMap | null> {
    return this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id, missingTask);
      if (task.delegationState !== 'PENDING') return this.completeIn(ctx, task, variables, withVariablesInReturn, 'Complete', 'task');
      const inst = await this.resolveIn(ctx, task, variables, 'task');
      return withVariablesInReturn ? (inst?.isRunning ? inst.localVariables(inst.procInstId) : {}) : null;
    });
  }

  /** The form reference of a task (400 RestException "Cannot get form for task X" when it does not exist, as Camunda). */
  async getForm(actor: Actor, id: string): Promise<TaskForm> {
    const task = await this.find(actor, id);
    if (!task) throw new RestException(400, `Cannot get form for task ${id}`);
    return {
      key: task.formKey,
      formRef: task.formRefKey ? { key: task.formRefKey, binding: task.formRefBinding ?? 'latest', version: task.formRefVersion } : null,
    };
  }

  /** Variables visible from a task (task-local first), or only its local ones. */
  async getVariables(actor: Actor, id: string, localOnly: boolean): Promise<VariableMap> {
    return this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id, (t) => new NullValueException(`task ${t} doesn't exist: task is null`));
      return this.variablesOf(ctx, task, localOnly);
    });
  }

  /**
   * The variables of a task form: all variables visible from the task (there are no generated form fields),
   * restricted to `names` when given. An unknown task is a 400 BadUserRequestException, as Camunda.
   */
  async getFormVariables(actor: Actor, id: string, names: readonly string[] | null): Promise<VariableMap> {
    return this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id, (t) => new BadUserRequestException(`Cannot find task with id '${t}'.: task is null`));
      const all = await this.variablesOf(ctx, task, false);
      if (names === null) return all;
      return Object.fromEntries(Object.entries(all).filter(([name]) => names.includes(name)));
    });
  }

  /** Sets task variables (propagating to the process like Camunda unless `local`) and deletes others. */
  async modifyVariables(actor: Actor, id: string, modifications: VariableMap, deletions: string[], local: boolean): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id, (t) => new NullValueException(`task ${t} doesn't exist: task is null`));
      const inst = await this.setVariablesIn(ctx, task, modifications, local ? 'task-local' : 'task');
      const exec = task.executionId ? inst?.execution(task.executionId) : null;
      for (const name of deletions) {
        const removedLocal = inst?.localVariables(task.executionId ?? '', id)[name] !== undefined;
        if (removedLocal && inst) {
          inst.removeTaskVariableLocal(id, name);
        } else if (!local && inst && exec) inst.removeVariable(exec, name);
      }
      this.log(ctx, task, local ? 'SetTaskVariableLocal' : 'SetTaskVariable', [...Object.keys(modifications), ...deletions].map((n) => ({ property: 'name', newValue: n })));
    });
  }

  /** The identity links of a task: stored links, then the assignee and the owner (as Camunda lists them). */
  async identityLinks(actor: Actor, id: string, type?: string): Promise<Array<{ userId: string | null; groupId: string | null; type: string }>> {
    return this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id, missingTask);
      const links = await ctx.uow.select(T.identityLink, 'task_id = ?', [id]);
      const out = links.map((l) => ({ userId: l.userId, groupId: l.groupId, type: l.type }));
      if (task.assignee) out.push({ userId: task.assignee, groupId: null, type: 'assignee' });
      if (task.owner) out.push({ userId: task.owner, groupId: null, type: 'owner' });
      return type ? out.filter((l) => l.type === type) : out;
    });
  }

  async addIdentityLink(actor: Actor, id: string, link: { userId?: string | null; groupId?: string | null; type: string }): Promise<void> {
    validateLink(link);
    if ((link.type === 'assignee' || link.type === 'owner') && link.groupId != null) {
      throw new BadUserRequestException(`Incompatible usage: cannot use ${link.type === 'assignee' ? 'ASSIGNEE' : 'OWNER'} together with a groupId`);
    }
    if (link.type === 'assignee') return this.setAssignee(actor, id, link.userId ?? null);
    if (link.type === 'owner') return this.update(actor, id, 'SetOwner', taskNotFound, () => ({ owner: link.userId ?? null }));
    await this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id, taskNotFound);
      const links = await ctx.uow.select(T.identityLink, 'task_id = ?', [id]);
      if (!links.some((l) => l.type === link.type && l.userId === (link.userId ?? null) && l.groupId === (link.groupId ?? null))) {
        ctx.uow.insert(T.identityLink, { id: ctx.newId(), rev: 1, taskId: id, procDefId: null, procInstId: task.procInstId, type: link.type, userId: link.userId ?? null, groupId: link.groupId ?? null });
      }
      this.log(ctx, task, link.userId ? 'AddUserLink' : 'AddGroupLink', [{ property: link.userId ? 'candidateUser' : 'candidateGroup', newValue: link.userId ?? link.groupId }]);
    });
  }

  async deleteIdentityLink(actor: Actor, id: string, link: { userId?: string | null; groupId?: string | null; type: string }): Promise<void> {
    validateLink(link);
    if (link.type === 'assignee' || link.type === 'owner') {
      if (link.groupId != null) throw new ProcessEngineException(`Incompatible usage: cannot use type '${link.type}' together with a groupId`);
      const field = link.type;
      return this.update(actor, id, field === 'assignee' ? 'Assign' : 'SetOwner', missingTask, () => ({ [field]: null }));
    }
    await this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id, missingTask);
      const links: IdentityLinkRow[] = await ctx.uow.select(T.identityLink, 'task_id = ?', [id]);
      for (const l of links) {
        if (l.type === link.type && l.userId === (link.userId ?? null) && l.groupId === (link.groupId ?? null)) ctx.uow.delete(T.identityLink, l);
      }
      this.log(ctx, task, link.userId ? 'DeleteUserLink' : 'DeleteGroupLink', [{ property: link.userId ? 'candidateUser' : 'candidateGroup', orgValue: link.userId ?? link.groupId }]);
    });
  }

  /** Comments of a task, oldest first (404 when the task never existed; a completed task still has its comments). */
  async comments(actor: Actor, id: string): Promise<CommentRow[]> {
    return this.commands.run(actor, async (ctx) => {
      await this.load(ctx, id, (t) => new InvalidRequestException(404, `No task found for task id ${t}`), true);
      return ctx.uow.select(T.comment, 'task_id = ?', [id], ' ORDER BY time ASC, id ASC');
    });
  }

  /** One comment of a task (404 when there is no such comment on that task). */
  async comment(actor: Actor, id: string, commentId: string): Promise<CommentRow> {
    const rows = await this.commands.run(actor, (ctx) => ctx.uow.select(T.comment, 'task_id = ? AND id = ?', [id, commentId]));
    const row = rows[0];
    if (!row) throw new InvalidRequestException(404, `Task comment with id ${commentId} does not exist for task id '${id}'.`);
    return row;
  }

  /** Adds a comment by the caller to a running task (400 when the task does not exist, as Camunda's REST layer). */
  async addComment(actor: Actor, id: string, message: string): Promise<CommentRow> {
    return this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id, (t) => new InvalidRequestException(400, `No task found for task id ${t}`));
      const row = ctx.uow.insert(T.comment, {
        id: ctx.newId(), type: 'comment', time: ctx.now, userId: actor.userId, taskId: id, procInstId: task.procInstId, action: 'AddComment', message,
      });
      this.log(ctx, task, 'CreateComment', [{ property: 'comment', newValue: message }]);
      return row;
    });
  }

  // helpers ////

  private async update(actor: Actor, id: string, operation: string, missing: MissingTask, change: (task: TaskRow) => Partial<TaskRow>): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const task = await this.load(ctx, id, missing);
      const patch = change(task);
      const props = Object.entries(patch)
        .filter(([k, v]) => task[k as keyof TaskRow] !== v)
        .map(([k, v]) => ({ property: k === 'delegationState' ? 'delegation' : k, orgValue: task[k as keyof TaskRow], newValue: v }));
      if (props.length === 0) return;
      Object.assign(task, patch, { lastUpdated: ctx.now });
      history.updateTask(ctx, task);
      this.log(ctx, task, operation, props);
    });
  }

  /** Loads a running task; `missing` builds the exception Camunda throws for this operation when there is none. */
  private async load(ctx: CommandContext, id: string, missing: MissingTask, allowHistoric = false): Promise<TaskRow> {
    const task = await ctx.uow.byId(T.task, id);
    if (task) return task;
    if (allowHistoric && (await ctx.uow.byId(T.hiTaskInst, id))) return { id } as TaskRow;
    throw missing(id);
  }

  private async completeIn(ctx: CommandContext, task: TaskRow, variables: VariableMap, withVariablesInReturn: boolean, operation: string, target: VariableTarget): Promise<VariableMap | null> {
    const id = task.id;
    if (task.delegationState === 'PENDING') throw new ProcessEngineException(`Cannot complete task ${id}: A delegated task cannot be completed, but should be resolved instead.`);
    if (task.suspended) throw new SuspendedEntityInteractionException(`Cannot complete task ${id}: task ${id} is suspended`);
    if (!task.procInstId || !task.executionId) {
      ctx.uow.delete(T.task, task);
      history.endTask(ctx, id, 'completed', 'Completed');
      return withVariablesInReturn ? {} : null;
    }
    const inst = await InstanceState.load(ctx, task.procInstId);
    const exec = inst?.execution(task.executionId);
    if (!inst || !exec) throw new ProcessEngineException(`Cannot complete task ${id}: its execution ${task.executionId} is missing`);
    await this.setVariablesIn(ctx, task, variables, target, inst);
    await ctx.uow.select(T.identityLink, 'task_id = ?', [id]);
    for (const l of ctx.uow.cached(T.identityLink, (l) => l.taskId === id)) ctx.uow.delete(T.identityLink, l);
    inst.deleteTaskVariables(id);
    ctx.uow.delete(T.task, task);
    history.endTask(ctx, id, 'completed', 'Completed');
    this.log(ctx, task, operation, [{ property: null }]);
    const def = await ctx.definitions.get(ctx.uow, exec.procDefId);
    if (!def) throw new ProcessEngineException(`Process definition ${exec.procDefId} missing`);
    await new Executor(ctx, inst, def).leaveWaitState(exec);
    if (!withVariablesInReturn) return null;
    // as Camunda 7: the variables of the process instance (as they were when it ended, if it did)
    return inst.isRunning ? inst.localVariables(inst.procInstId) : inst.endedRootVariables;
  }

  /** Sets the variables, hands the task back to its owner and marks it RESOLVED. */
  private async resolveIn(ctx: CommandContext, task: TaskRow, variables: VariableMap, target: VariableTarget): Promise<InstanceState | null> {
    const inst = await this.setVariablesIn(ctx, task, variables, target);
    const before = { assignee: task.assignee, delegationState: task.delegationState };
    Object.assign(task, { assignee: task.owner, delegationState: 'RESOLVED', lastUpdated: ctx.now });
    history.updateTask(ctx, task);
    this.log(ctx, task, 'Resolve', [
      { property: 'assignee', orgValue: before.assignee, newValue: task.assignee },
      { property: 'delegation', orgValue: before.delegationState, newValue: 'RESOLVED' },
    ]);
    return inst;
  }

  private async variablesOf(ctx: CommandContext, task: TaskRow, localOnly: boolean): Promise<VariableMap> {
    const inst = task.procInstId ? await InstanceState.load(ctx, task.procInstId) : null;
    const exec = task.executionId ? inst?.execution(task.executionId) : null;
    const local = inst ? inst.localVariables(task.executionId ?? '', task.id) : {};
    if (localOnly || !inst || !exec) return local;
    return { ...inst.visibleVariables(exec), ...local };
  }

  private async setVariablesIn(ctx: CommandContext, task: TaskRow, variables: VariableMap, target: VariableTarget, loaded?: InstanceState): Promise<InstanceState | null> {
    const inst = loaded ?? (task.procInstId ? await InstanceState.load(ctx, task.procInstId) : null);
    const exec = task.executionId ? inst?.execution(task.executionId) : null;
    for (const [name, value] of Object.entries(variables)) {
      if (!inst) throw new BadUserRequestException(`Task ${task.id} has no process instance to hold variable ${name}`);
      const hasLocal = target === 'task' && inst.localVariables(task.executionId ?? '', task.id)[name] !== undefined;
      if (target === 'task-local' || hasLocal || !exec) inst.setTaskVariableLocal(task.id, task.executionId, name, value);
      else inst.setVariable(exec, name, value);
    }
    return inst;
  }

  private log(ctx: CommandContext, task: TaskRow, operationType: string, properties: Array<{ property: string | null; orgValue?: unknown; newValue?: unknown }>): void {
    history.userOperation(ctx, { operationType, entityType: 'Task', taskId: task.id, procInstId: task.procInstId, executionId: task.executionId, procDefId: task.procDefId, procDefKey: task.procDefKey, category: 'TaskWorker' }, properties);
  }

  private async where(q: TaskQuery): Promise<Where> {
    const w = new Where()
      .eq('t.id', q.taskId).in('t.id', q.taskIdIn).eq('t.proc_inst_id', q.processInstanceId).in('t.proc_inst_id', q.processInstanceIdIn)
      .eq('t.business_key', q.processInstanceBusinessKey).in('t.business_key', q.processInstanceBusinessKeyIn)
      .like('t.business_key', q.processInstanceBusinessKeyLike).eq('t.proc_def_id', q.processDefinitionId)
      .eq('t.proc_def_key', q.processDefinitionKey).in('t.proc_def_key', q.processDefinitionKeyIn).eq('t.execution_id', q.executionId)
      .in('t.act_inst_id', q.activityInstanceIdIn).eq('t.assignee', q.assignee).like('t.assignee', q.assigneeLike)
      .in('t.assignee', q.assigneeIn).eq('t.owner', q.owner).eq('t.task_def_key', q.taskDefinitionKey)
      .in('t.task_def_key', q.taskDefinitionKeyIn).like('t.task_def_key', q.taskDefinitionKeyLike).eq('t.name', q.name)
      .like('t.name', q.nameLike).eq('t.description', q.description).like('t.description', q.descriptionLike)
      .eq('t.priority', q.priority).eq('t.delegation_state', q.delegationState).in('t.tenant_id', q.tenantIdIn);
    if (q.assigneeNotIn?.length) w.add(`(t.assignee IS NULL OR t.assignee NOT IN (${q.assigneeNotIn.map(() => '?').join(', ')}))`, ...q.assigneeNotIn);
    if (q.nameNotEqual !== undefined) w.add('(t.name IS NULL OR t.name <> ?)', q.nameNotEqual);
    if (q.nameNotLike !== undefined) w.add('(t.name IS NULL OR t.name NOT LIKE ?)', q.nameNotLike);
    if (q.maxPriority !== undefined) w.add('t.priority <= ?', q.maxPriority);
    if (q.minPriority !== undefined) w.add('t.priority >= ?', q.minPriority);
    if (q.assigned) w.add('t.assignee IS NOT NULL');
    if (q.unassigned) w.add('t.assignee IS NULL');
    if (q.dueDate !== undefined) w.add('t.due_date = ?', q.dueDate);
    if (q.dueAfter !== undefined) w.add('t.due_date > ?', q.dueAfter);
    if (q.dueBefore !== undefined) w.add('t.due_date < ?', q.dueBefore);
    if (q.withoutDueDate) w.add('t.due_date IS NULL');
    if (q.followUpDate !== undefined) w.add('t.follow_up_date = ?', q.followUpDate);
    if (q.followUpAfter !== undefined) w.add('t.follow_up_date > ?', q.followUpAfter);
    if (q.followUpBefore !== undefined) w.add('t.follow_up_date < ?', q.followUpBefore);
    if (q.followUpBeforeOrNotExistent !== undefined) w.add('(t.follow_up_date IS NULL OR t.follow_up_date < ?)', q.followUpBeforeOrNotExistent);
    if (q.createdOn !== undefined) w.add('t.create_time = ?', q.createdOn);
    if (q.createdAfter !== undefined) w.add('t.create_time > ?', q.createdAfter);
    if (q.createdBefore !== undefined) w.add('t.create_time < ?', q.createdBefore);
    if (q.active) w.add('t.suspended = 0');
    if (q.suspended) w.add('t.suspended = 1');
    if (q.withoutTenantId) w.add('t.tenant_id IS NULL');
    if (q.involvedUser) {
      w.add(`(t.assignee = ? OR t.owner = ? OR EXISTS (SELECT 1 FROM eng_identity_link l WHERE l.task_id = t.id AND l.user_id = ?))`, q.involvedUser, q.involvedUser, q.involvedUser);
    }
    await this.candidateConditions(w, q);
    return w;
  }

  /**
   * Camunda's candidate conditions: tasks with a `candidate` link to the user (or one of the user's groups), to the
   * groups or to a group like the pattern, restricted to unassigned tasks unless `includeAssignedTasks`.
   * `candidateGroup` and `candidateGroups` together mean their intersection; combining either with `candidateUser`,
   * or `includeAssignedTasks` without any candidate criterion, is an invalid query (ProcessEngineException).
   */
  private async candidateConditions(w: Where, q: TaskQuery): Promise<void> {
    if (q.candidateUser !== undefined && q.candidateGroup !== undefined) {
      throw new ProcessEngineException('Invalid query usage: cannot set both candidateUser and candidateGroup');
    }
    if (q.candidateUser !== undefined && q.candidateGroups !== undefined) {
      throw new ProcessEngineException('Invalid query usage: cannot set both candidateGroupIn and candidateUser');
    }
    const byCandidate = q.candidateUser !== undefined || q.candidateGroup !== undefined || q.candidateGroups !== undefined
      || q.candidateGroupLike !== undefined || !!q.withCandidateGroups || !!q.withCandidateUsers;
    const byMissingCandidate = !!q.withoutCandidateGroups || !!q.withoutCandidateUsers;
    if (q.includeAssignedTasks && !byCandidate && !byMissingCandidate) {
      throw new ProcessEngineException("Invalid query usage: candidateUser, candidateGroup, candidateGroupLike, candidateGroupIn, withCandidateGroups, withoutCandidateGroups, withCandidateUsers, withoutCandidateUsers has to be called before 'includeAssignedTasks'.");
    }
    const unassigned = q.includeAssignedTasks ? '' : 't.assignee IS NULL AND ';
    if (byCandidate) {
      let groups: string[] | null = null;
      if (q.candidateGroup !== undefined && q.candidateGroups !== undefined) groups = q.candidateGroups.filter((g) => g === q.candidateGroup);
      else if (q.candidateGroup !== undefined) groups = [q.candidateGroup];
      else if (q.candidateGroups !== undefined) groups = [...q.candidateGroups];
      if (q.candidateUser !== undefined) groups = [...new Set([...(groups ?? []), ...(await this.groupIdsOf(q.candidateUser))])];
      const conds = ['l.task_id = t.id', "l.type = 'candidate'"];
      const params: string[] = [];
      if (q.candidateUser !== undefined || groups !== null || q.candidateGroupLike !== undefined) {
        const any: string[] = [];
        if (q.candidateUser !== undefined) {
          any.push('l.user_id = ?');
          params.push(q.candidateUser);
        }
        if (groups?.length) {
          any.push(`l.group_id IN (${groups.map(() => '?').join(', ')})`);
          params.push(...groups);
        }
        if (q.candidateGroupLike !== undefined) {
          any.push('l.group_id LIKE ?');
          params.push(q.candidateGroupLike);
        }
        conds.push(any.length ? `(${any.join(' OR ')})` : '1 = 0');
      }
      if (q.withCandidateGroups) conds.push('l.group_id IS NOT NULL');
      if (q.withCandidateUsers) conds.push('l.user_id IS NOT NULL');
      if (groups?.length && q.candidateUser === undefined && q.candidateGroupLike === undefined && !readsInIdOrder(q)) {
        // by groups only: the tasks come from the group index (as many rows as the groups have tasks), not from a
        // probe per open task; see readsInIdOrder for when the probe is better
        w.add(`(${unassigned}t.id IN (SELECT l.task_id FROM eng_identity_link l WHERE ${conds.slice(1).join(' AND ')}))`, ...params);
      } else {
        w.add(`(${unassigned}EXISTS (SELECT 1 FROM eng_identity_link l WHERE ${conds.join(' AND ')}))`, ...params);
      }
    }
    if (byMissingCandidate) {
      const none = (cond: string) => `NOT EXISTS (SELECT 1 FROM eng_identity_link l WHERE l.task_id = t.id AND l.type = 'candidate' AND ${cond})`;
      const conds: string[] = [];
      if (q.withoutCandidateGroups) conds.push(none('l.group_id IS NOT NULL'));
      if (q.withoutCandidateUsers) conds.push(none('l.user_id IS NOT NULL'));
      w.add(`(${unassigned}${conds.join(' AND ')})`);
    }
  }
}

/**
 * Whether a task query reads tasks in id order (the default order, or sorted by id) and stops after a page: then a
 * probe per task (EXISTS) finds a page of a big group's tasks at once, while the group index (IN) would first collect
 * all of them. Any other order, an unpaged read or a count goes through all matches anyway, and then the group index
 * is far cheaper with many open tasks of other groups (SQLite does not turn EXISTS into a semi-join).
 */
function readsInIdOrder(q: TaskQuery): boolean {
  const filtersVariables = (q.taskVariables?.length ?? 0) + (q.processVariables?.length ?? 0) > 0;
  return q.maxResults != null && !filtersVariables && (q.sorting ?? []).every((s) => s.sortBy === 'id');
}

/** Maps a raw `eng_task` row. */
export function fromTaskRow(r: Record<string, unknown>): TaskRow {
  return fromRowOf(r);
}

// helpers ////

import { fromRow } from '../persistence/tables.js';

function fromRowOf(r: Record<string, unknown>): TaskRow {
  return fromRow(T.task, r);
}

/**
 * Where task commands put variables: `task-local` on the task itself; `task` as Camunda's `task.setVariables` (on the
 * task where it has a local variable of that name, else up the execution's scopes: variable updates and submitted
 * forms); `execution` as Camunda's `task.setExecutionVariables` (always on the execution's scopes: complete, resolve).
 */
type VariableTarget = 'task-local' | 'task' | 'execution';

/** What Camunda throws when an operation names a task that does not exist. */
type MissingTask = (id: string) => EngineException;

/** Most task commands: `NullValueException` (500) "Cannot find task with id X: task is null". */
const missingTask: MissingTask = (id) => new NullValueException(`Cannot find task with id ${id}: task is null`);

/** Commands that set a task property (assignee, owner, identity links): `NotFoundException` (a 400 BadUserRequestException). */
const taskNotFound: MissingTask = (id) => new EngineException(`Cannot find task with id ${id}: task is null`, 'NotFoundException', 400, 0);

/** Camunda's `IdentityLinkDto.validate()` (400) and the engine's check of the type (NullValueException). */
function validateLink(link: { userId?: string | null; groupId?: string | null; type: string }): void {
  if (link.userId != null && link.groupId != null) throw new InvalidRequestException(400, 'Identity Link requires userId or groupId, but not both.');
  if (link.userId == null && link.groupId == null) throw new InvalidRequestException(400, 'Identity Link requires userId or groupId.');
  if (!link.type) throw new NullValueException('type is required when adding a new task identity link: type is null');
}

async function filterTasksByVariables(ctx: CommandContext, tasks: TaskRow[], q: TaskQuery): Promise<TaskRow[]> {
  const out: TaskRow[] = [];
  const options = { valuesIgnoreCase: q.variableValuesIgnoreCase ?? false };
  const lookup = (vars: VariableMap, name: string) => (q.variableNamesIgnoreCase ? findIgnoringCase(vars, name) : vars[name]);
  for (const task of tasks) {
    const inst = task.procInstId ? await InstanceState.load(ctx, task.procInstId) : null;
    const local = inst ? inst.localVariables(task.executionId ?? '', task.id) : {};
    const procVars = inst ? inst.localVariables(task.procInstId ?? '') : {};
    const ok = (q.taskVariables ?? []).every((f) => matchesFilter(lookup(local, f.name), f, options))
      && (q.processVariables ?? []).every((f) => matchesFilter(lookup(procVars, f.name), f, options));
    if (ok) out.push(task);
  }
  return out;
}

function findIgnoringCase(vars: VariableMap, name: string): TypedValue | undefined {
  const wanted = name.toLowerCase();
  const key = Object.keys(vars).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : vars[key];
}
