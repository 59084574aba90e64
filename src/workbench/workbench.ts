import { randomUUID } from 'node:crypto';
import { BpmnModdle } from 'bpmn-moddle';
import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/tokens.js';
import type { ClockColour } from '../clocks/index.js';
import { EngineRequestError, type EngineClient } from '../engine-client/engine-client.js';
import { engineDate, isoFromEngine, isoFromEngineOrNull, taskWithIsoDates } from '../engine-client/variables.js';
import { ConflictError, ForbiddenError, NotFoundError, TooManyRequestsError, ValidationError, type ValidationIssue } from '../errors.js';
import type { IdentityService } from '../identity/identity.service.js';
import { can } from '../jurisdiction/index.js';
import type { ClockService } from '../licensing/clock-service.js';
import type { Notifications } from '../licensing/notifications.js';
import type { NotificationSubject } from '../notifications/kinds.js';
import type { ReviewTasks } from '../licensing/review-tasks.js';
import { LOOKUP_CHUNK, type ProcedureIndex, type ProcedureRow } from './procedure-index.js';
import { confirmOperations, dropOperations, storeOperations, type OnAction, type RecordedTask, type TaskOperation } from './pending-operations.js';
import { CarbonCopyEntity, PhraseEntity, TaskActionEntity, type TaskAction } from './workbench.entity.js';
import { localize } from '../language.js';

/** A runtime task as the engine's REST API returns it (the fields used here). */
export interface WorkbenchEngineTask {
  id: string;
  name: string | null;
  assignee: string | null;
  owner: string | null;
  delegationState: 'PENDING' | 'RESOLVED' | null;
  created: string;
  due: string | null;
  priority: number;
  processInstanceId: string;
  processDefinitionId: string;
  taskDefinitionKey: string;
}

/** A historic activity instance (the fields used here). */
interface HistoricActivity {
  id: string;
  activityId: string;
  activityName: string | null;
  activityType: string;
  assignee: string | null;
  startTime: string;
  endTime: string | null;
  canceled: boolean;
  taskId: string | null;
}

/** A historic task (the fields used here). */
interface HistoricTask {
  id: string;
  name: string | null;
  assignee: string | null;
  processInstanceId: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  taskDefinitionKey: string;
  startTime: string;
  endTime: string | null;
  deleteReason: string | null;
  due: string | null;
  activityInstanceId: string;
}

/** An item of a task list: the task with the case it belongs to and the colour of its most urgent clock. */
export interface TaskListItem {
  id: string;
  name: string | null;
  assignee: string | null;
  owner: string | null;
  delegationState: string | null;
  created: string;
  due: string | null;
  overdue: boolean;
  priority: number;
  procedureKey: string;
  processInstanceId: string;
  case: { kind: string; recordId: string; number: string | null; party: string | null; jurisdiction: string; status: string } | null;
  colour: ClockColour | null;
}

/** Filters and order of the 待办 list. */
export interface TodoFilter {
  scope: 'all' | 'assigned' | 'claimable';
  procedure?: string;
  number?: string;
  party?: string;
  dueBefore?: Date;
  dueAfter?: Date;
  overdue?: boolean;
  colour?: ClockColour;
  jurisdiction?: string;
  sort: 'due' | 'created' | 'priority';
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** Filters of the 已办 list. */
export interface DoneFilter extends CaseFilter {
  /** Completed at or after. */
  endedAfter?: Date;
  /** Completed before. */
  endedBefore?: Date;
  /** By completion (default) or start of the task. */
  sort: 'ended' | 'started';
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** Filters the lists 已办, 我发起的 and 抄送我的 share: the procedure and the case each entry belongs to. */
export interface CaseFilter {
  procedure?: string;
  /** Part of the case's number. */
  number?: string;
  /** Part of the applicant's or party's name. */
  party?: string;
  /** The case lies in this jurisdiction or below. */
  jurisdiction?: string;
  /** The colour of the case's most urgent running clock. */
  colour?: ClockColour;
}

/** Filters and order of 我发起的. */
export interface StartedFilter extends CaseFilter {
  status?: string;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

/** Filters of 抄送我的. */
export interface CopiesFilter extends CaseFilter {
  unread?: boolean;
  /** Only the copies of this procedure (process instance). */
  processInstanceId?: string;
  offset: number;
  limit: number;
}

/** What {@link Workbench} needs. */
export interface WorkbenchDeps {
  dataSource: DataSource;
  /** The engine's REST API as the caller with this Authorization header. */
  engineAs: (authorization: string) => EngineClient;
  identity: IdentityService;
  procedures: ProcedureIndex;
  clocks: ClockService;
  notifications: Notifications;
  forms: ReviewTasks;
  now: () => Date;
  /** Minimum time between two urges of the same task. */
  urgeIntervalMinutes: number;
  /** How many tasks one engine request reads when a list reads all of them. */
  readPage: number;
  /**
   * Called for every recorded task operation inside the transaction that stores it, so that both commit or
   * neither does (the audit log hooks in here).
   */
  onAction?: OnAction;
}

/** The operations that name people: 转办, 委派, 抄送. */
export type PeopleOperation = 'transfer' | 'delegate' | 'carbon-copy';

/** A person a task may be handed or copied to. */
export interface PersonView {
  id: string;
  name: string;
}

/** How many members of one group (or groups at a time) a people search reads. */
const PEOPLE_SCAN = 500;

/** A caller and the Authorization header its engine calls carry. */
export interface Caller {
  principal: Principal;
  authorization: string;
}

const COLOUR_RANK: Record<ClockColour, number> = { normal: 0, blue: 1, yellow: 2, red: 3 };

/**
 * The officers' workbench: the task lists 待办 / 已办 / 我发起的 / 抄送我的 with counts and filters, a task's
 * detail with its case, history and executed path, and the task operations Chinese approvers expect — claim,
 * complete, send back (退回), transfer (转办), delegate (委派), withdraw (撤回), carbon copy (抄送), urge (催办)
 * and approval comments — each recorded with who, when and a comment. Works only through the engine's REST API,
 * as the caller, so a remote Camunda 7 engine records the same people.
 */
export class Workbench {
  private readonly modelCache = new Map<string, ProcessModel>();

  constructor(private readonly deps: WorkbenchDeps) {}

  // lists ////

  /**
   * 待办: tasks assigned to the caller and tasks its groups may claim, filtered, sorted and paged, with counts. Reads
   * all of the caller's open tasks; the cases are looked up for all of them only when a case filter asks, the clocks
   * only when the colour does, else for the page.
   */
  async todo(caller: Caller, filter: TodoFilter): Promise<{ items: TaskListItem[]; total: number; counts: { assigned: number; claimable: number; overdue: number } }> {
    const engine = this.engine(caller);
    const assigned = filter.scope === 'claimable' ? [] : await this.allTasks(engine, { assignee: caller.principal.userId });
    const claimable = filter.scope === 'assigned' || !caller.principal.groupIds.length ? [] : await this.allTasks(engine, { candidateGroups: caller.principal.groupIds, unassigned: true });
    const now = this.deps.now().getTime();
    const items = [...assigned, ...claimable].map((t) => itemOf(t, now));
    let matching = items.filter((t) => matches(t, filter, now));
    if (filter.number || filter.party || filter.jurisdiction) {
      const passing = await this.deps.procedures.passing(unique(matching.map((t) => t.processInstanceId)), filter);
      matching = matching.filter((t) => passing.has(t.processInstanceId));
    }
    if (filter.colour) matching = (await this.withColours(matching)).filter((t) => t.colour === filter.colour);
    matching.sort(comparator(filter));
    let page = await this.withCases(matching.slice(filter.offset, filter.offset + filter.limit));
    if (!filter.colour) page = await this.withColours(page);
    return {
      items: page,
      total: matching.length,
      counts: { assigned: assigned.length, claimable: claimable.length, overdue: items.filter((t) => t.overdue).length },
    };
  }

  /**
   * 已办: tasks the caller finished, newest first unless asked otherwise. The engine filters by procedure, number and
   * date and pages; with a filter on the case or its colour, all of the caller's finished tasks the engine passes
   * are read and filtered here.
   */
  async done(caller: Caller, filter: DoneFilter): Promise<{ items: Array<Record<string, unknown>>; total: number }> {
    const engine = this.engine(caller);
    const query: Record<string, unknown> = { taskAssignee: caller.principal.userId, finished: true };
    if (filter.procedure) query['processDefinitionKey'] = filter.procedure;
    if (filter.number) query['processInstanceBusinessKeyLike'] = `%${filter.number}%`;
    if (filter.endedAfter) query['finishedAfter'] = engineDate(filter.endedAfter);
    if (filter.endedBefore) query['finishedBefore'] = engineDate(filter.endedBefore);
    const params = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
    params.set('sortBy', filter.sort === 'started' ? 'startTime' : 'endTime');
    params.set('sortOrder', filter.order);
    const byCase = Boolean(filter.party || filter.jurisdiction || filter.colour);
    let tasks: HistoricTask[];
    let total: number;
    if (byCase) {
      tasks = await readAll(this.deps.readPage, (first, max) => engine.request<HistoricTask[]>('GET', `/history/task?${withPage(params, first, max)}`));
      const passing = filter.party || filter.jurisdiction ? await this.deps.procedures.passing(unique(tasks.map((t) => t.processInstanceId)), { party: filter.party, jurisdiction: filter.jurisdiction }) : null;
      if (passing) tasks = tasks.filter((t) => passing.has(t.processInstanceId));
      if (filter.colour) {
        const colours = await this.coloursOf(unique(tasks.map((t) => t.processInstanceId)));
        tasks = tasks.filter((t) => colours.get(t.processInstanceId) === filter.colour);
      }
      total = tasks.length;
      tasks = tasks.slice(filter.offset, filter.offset + filter.limit);
    } else {
      total = (await engine.request<{ count: number }>('GET', `/history/task/count?${params.toString()}`)).count;
      tasks = await engine.request<HistoricTask[]>('GET', `/history/task?${withPage(params, filter.offset, filter.limit)}`);
    }
    const ids = unique(tasks.map((t) => t.processInstanceId));
    const cases = await this.deps.procedures.byInstances(ids);
    const colours = await this.coloursOf(ids);
    const items = tasks.map((t) => ({
      id: t.id, name: t.name, procedureKey: t.processDefinitionKey, processInstanceId: t.processInstanceId, activityId: t.taskDefinitionKey,
      started: isoFromEngine(t.startTime), ended: isoFromEngineOrNull(t.endTime), outcome: t.deleteReason === 'completed' ? 'completed' : 'cancelled', deleteReason: t.deleteReason,
      case: caseOf(cases.get(t.processInstanceId)), colour: colours.get(t.processInstanceId) ?? null,
    }));
    return { total, items };
  }

  /** 我发起的: procedures the caller started through the API, newest first unless asked otherwise. */
  async started(caller: Caller, filter: StartedFilter) {
    const base = { procedureKey: filter.procedure, number: filter.number, party: filter.party, status: filter.status, jurisdiction: filter.jurisdiction, order: filter.order };
    // the colour comes from the clocks, so with that filter all the caller's matching procedures are read and filtered here
    const { items, total } = await this.deps.procedures.startedBy(caller.principal.userId, filter.colour ? { ...base, offset: 0, limit: null } : { ...base, offset: filter.offset, limit: filter.limit });
    const colours = await this.coloursOf(items.map((i) => i.processInstanceId));
    const withColours = items.map((p) => ({ ...p, colour: colours.get(p.processInstanceId) ?? null }));
    if (!filter.colour) return { total, items: withColours };
    const matching = withColours.filter((p) => p.colour === filter.colour);
    return { total: matching.length, items: matching.slice(filter.offset, filter.offset + filter.limit) };
  }

  /** 抄送我的: cases copied to the caller, newest first, with the unread count. */
  async copies(caller: Caller, filter: CopiesFilter) {
    const repo = this.deps.dataSource.getRepository(CarbonCopyEntity);
    const me = caller.principal.userId;
    const query = repo.createQueryBuilder('c').where('c.to_user = :user', { user: me });
    if (filter.unread) query.andWhere('c.read_at IS NULL');
    if (filter.processInstanceId) query.andWhere('c.process_instance_id = :pid', { pid: filter.processInstanceId });
    const byCase = Boolean(filter.procedure || filter.number || filter.party || filter.jurisdiction || filter.colour);
    const ordered = query.orderBy('c.created_at', 'DESC').addOrderBy('c.id', 'ASC');
    let [rows, total] = byCase ? [await ordered.getMany(), 0] : await ordered.skip(filter.offset).take(filter.limit).getManyAndCount();
    const unread = await repo.createQueryBuilder('c').where('c.to_user = :user', { user: me }).andWhere('c.read_at IS NULL').getCount();
    if (byCase) {
      const passing = await this.deps.procedures.passing(unique(rows.map((r) => r.processInstanceId)), { procedureKey: filter.procedure, number: filter.number, party: filter.party, jurisdiction: filter.jurisdiction });
      rows = rows.filter((r) => passing.has(r.processInstanceId));
      if (filter.colour) {
        const colours = await this.coloursOf(unique(rows.map((r) => r.processInstanceId)));
        rows = rows.filter((r) => colours.get(r.processInstanceId) === filter.colour);
      }
      total = rows.length;
      rows = rows.slice(filter.offset, filter.offset + filter.limit);
    }
    const cases = await this.deps.procedures.byInstances(unique(rows.map((r) => r.processInstanceId)));
    return { total, unread, items: rows.map((r) => ({ ...r, case: caseOf(cases.get(r.processInstanceId)) })) };
  }

  /** Marks a copy to the caller as read; 404 when it is not the caller's. */
  async markCopyRead(caller: Caller, id: string): Promise<void> {
    const repo = this.deps.dataSource.getRepository(CarbonCopyEntity);
    const copy = await repo.findOneBy({ id, toUser: caller.principal.userId });
    NotFoundError.assert(copy, 'NOT_FOUND', localize(`Copy ${id} is not addressed to you`, `抄送 ${id} 不是发给您的`));
    if (!copy.readAt) await repo.update({ id }, { readAt: this.deps.now() });
  }

  /** The counts of the four lists, for the badges of the workbench. */
  async counts(caller: Caller): Promise<Record<string, number>> {
    const engine = this.engine(caller);
    const count = async (query: Record<string, unknown>) => (await engine.request<{ count: number }>('POST', '/task/count', query)).count;
    const assigned = await count({ assignee: caller.principal.userId });
    const claimable = caller.principal.groupIds.length ? await count({ candidateGroups: caller.principal.groupIds, unassigned: true }) : 0;
    const done = (await engine.request<{ count: number }>('GET', `/history/task/count?taskAssignee=${encodeURIComponent(caller.principal.userId)}&finished=true`)).count;
    const started = (await this.deps.procedures.startedBy(caller.principal.userId, { offset: 0, limit: 1 })).total;
    const repo = this.deps.dataSource.getRepository(CarbonCopyEntity);
    const copied = await repo.countBy({ toUser: caller.principal.userId });
    const unreadCopies = await repo.createQueryBuilder('c').where('c.to_user = :u', { u: caller.principal.userId }).andWhere('c.read_at IS NULL').getCount();
    return { todo: assigned + claimable, assigned, claimable, done, started, copied, unreadCopies };
  }

  // one task ////

  /**
   * A task with its form, variables, case, clocks, the history of actions and comments of its case, the executed
   * path of the diagram, the operations the caller may perform and the steps it may send the task back to. A task
   * that has ended meanwhile answers 404 with `details.finished` to a caller who may read its case file (see
   * {@link finishedTask}); one someone else has taken, 403 with `details.taken` (its process instance and assignee).
   */
  async detail(caller: Caller, taskId: string) {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId).catch(async (error: unknown) => {
      throw error instanceof NotFoundError ? await this.finishedTask(caller, engine, taskId, error) : error;
    });
    const access = await this.accessTo(caller, engine, task);
    if (access === 'none') {
      // a task someone else has taken (claimed, or transferred to them): named to those who may read its case file
      const taken = task.assignee && await this.readableProcedure(caller, engine, task.processInstanceId) ? { taken: { processInstanceId: task.processInstanceId, assignee: task.assignee } } : undefined;
      throw new ForbiddenError('FORBIDDEN', localize(`Task ${taskId} is not yours to see`, '无权查看该任务'), taken);
    }
    const form = await engine.request<unknown>('GET', `/task/${encodeURIComponent(taskId)}/deployed-form`).catch(() => null);
    const variables = await engine.request<Record<string, { value: unknown }>>('GET', `/process-instance/${encodeURIComponent(task.processInstanceId)}/variables?deserializeValues=false`);
    const procedure = await this.deps.procedures.ofInstance(task.processInstanceId);
    const clocks = (await this.deps.clocks.ofProcesses([task.processInstanceId])).get(task.processInstanceId) ?? [];
    const path = await this.executedPath(engine, task.processInstanceId);
    const recorded = await this.deps.dataSource.getRepository(TaskActionEntity).find({ where: { processInstanceId: task.processInstanceId, state: 'done' }, order: { at: 'ASC', id: 'ASC' } });
    const actions = recorded.map(({ state: _state, ...action }) => action);
    const operations = this.operationsFor(caller.principal, task, access);
    const sendBackTargets = operations.includes('send-back') ? await this.sendBackTargets(engine, task) : [];
    return {
      task: taskWithIsoDates(task), form, variables: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, v.value])), case: caseOf(procedure ?? undefined), clocks,
      actions, path, operations, sendBackTargets,
    };
  }

  /** The BPMN XML of the task's process version with the executed and current activities, for drawing the diagram. */
  async diagram(caller: Caller, taskId: string) {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    if ((await this.accessTo(caller, engine, task)) === 'none') throw new ForbiddenError('FORBIDDEN', localize(`Task ${taskId} is not yours to see`, '无权查看该任务'));
    const { bpmn20Xml } = await engine.request<{ bpmn20Xml: string }>('GET', `/process-definition/${encodeURIComponent(task.processDefinitionId)}/xml`);
    return { processDefinitionId: task.processDefinitionId, xml: bpmn20Xml, path: await this.executedPath(engine, task.processInstanceId) };
  }

  /**
   * The earlier user tasks of the case a task may be sent back to: finished user tasks of the same scope that lie on
   * the task's own path — reached backwards along the sequence flows without crossing a parallel or inclusive
   * gateway, since sending a branch back before its fork would leave the other branches running twice.
   */
  async sendBackTargets(engine: EngineClient, task: WorkbenchEngineTask): Promise<Array<{ activityId: string; name: string | null; lastAssignee: string | null }>> {
    const model = await this.model(engine, task.processDefinitionId);
    const scope = model.get(task.taskDefinitionKey)?.parent ?? null;
    const onPath = upstream(model, task.taskDefinitionKey);
    const history = await engine.request<HistoricActivity[]>('GET', `/history/activity-instance?processInstanceId=${encodeURIComponent(task.processInstanceId)}&activityType=userTask&sortBy=occurrence&sortOrder=asc`);
    const targets = new Map<string, { activityId: string; name: string | null; lastAssignee: string | null }>();
    for (const a of history) {
      if (!a.endTime || a.canceled || a.activityId === task.taskDefinitionKey) continue;
      const element = model.get(a.activityId);
      if (!element || element.type !== 'bpmn:UserTask' || element.parent !== scope || !onPath.has(a.activityId)) continue;
      targets.set(a.activityId, { activityId: a.activityId, name: a.activityName, lastAssignee: a.assignee });
    }
    return [...targets.values()];
  }

  // operations ////

  /** Claims an unassigned task for the caller, who must be one of its candidates. */
  async claim(caller: Caller, taskId: string, comment?: string): Promise<void> {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    await this.assertCanClaim(caller, engine, task);
    await this.perform([{ task, action: 'claim', actor: caller.principal.userId, target: null, comment }], () => claimFor(engine, task.id, caller.principal.userId));
  }

  /** Gives a task the caller holds back to its candidate groups. */
  async unclaim(caller: Caller, taskId: string, comment?: string): Promise<void> {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    this.assertAssignee(caller, task);
    if (task.delegationState === 'PENDING') throw new ValidationError('A delegated task is resolved, not released', [{ path: 'taskId', message: localize('is delegated to you; resolve it instead', '该任务系委派给您办理，请办理后交回') }]);
    await this.perform([{ task, action: 'unclaim', actor: caller.principal.userId, target: null, comment }], () => engine.request('POST', `/task/${encodeURIComponent(taskId)}/unclaim`));
  }

  /** Completes a task through its form (validated on the server) with the caller's approval comment. */
  async complete(caller: Caller, taskId: string, values: unknown, comment?: string): Promise<{ variables: Record<string, unknown> }> {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    if (task.delegationState === 'PENDING') throw new ValidationError('A delegated task is resolved back to its owner, who completes it', [{ path: 'taskId', message: localize('is delegated; resolve it instead', '该任务处于委派中，请办理后交回') }]);
    return this.perform([{ task, action: 'complete', actor: caller.principal.userId, target: null, comment }], () => this.deps.forms.complete(caller.principal, caller.authorization, taskId, values));
  }

  /** 退回: sends the task back to an earlier user task of its case, by process-instance modification. */
  async sendBack(caller: Caller, taskId: string, activityId: string, comment: string): Promise<void> {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    await this.assertCanAct(caller, engine, task);
    const targets = await this.sendBackTargets(engine, task);
    const target = targets.find((t) => t.activityId === activityId);
    if (!target) {
      throw new ValidationError(localize(`The case has not passed through step '${activityId}', or it cannot be sent back there`, `本案未经过环节“${activityId}”，或不能退回到该环节`), [
        { path: 'activityId', message: localize(`must be one of: ${targets.map((t) => t.activityId).join(', ') || '(none: no earlier step)'}`, `须为以下之一：${targets.map((t) => t.activityId).join('、') || '（无：此前没有可退回的环节）'}`), code: 'SEND_BACK_TARGET_INVALID' },
      ], 'SEND_BACK_TARGET_INVALID');
    }
    await this.perform([{ task, action: 'send-back', actor: caller.principal.userId, target: activityId, comment }], async () => {
      // the engine's history then names who sent it back
      if (!task.assignee) await engine.request('POST', `/task/${encodeURIComponent(taskId)}/claim`, { userId: caller.principal.userId });
      await engine.request('POST', `/process-instance/${encodeURIComponent(task.processInstanceId)}/modification`, {
        instructions: [{ type: 'startBeforeActivity', activityId }, { type: 'cancel', activityId: task.taskDefinitionKey }],
        annotation: `退回 ${target.name ?? activityId}: ${comment}`,
      });
    });
    const next = await this.taskAt(engine, task.processInstanceId, activityId);
    if (next && target.lastAssignee) {
      await engine.request('POST', `/task/${encodeURIComponent(next.id)}/assignee`, { userId: target.lastAssignee });
      await this.notify('user', target.lastAssignee, 'assignment', `任务被退回：${target.name ?? activityId}`, `${caller.principal.userId} 退回：${comment}`, `send-back:${next.id}`, { kind: 'task', id: next.id });
    }
  }

  /** 转办: hands the task over to another officer among its candidates. */
  async transfer(caller: Caller, taskId: string, userId: string, comment: string): Promise<void> {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    await this.assertCanAct(caller, engine, task);
    if (task.delegationState === 'PENDING') throw new ValidationError('A delegated task is resolved, not transferred', [{ path: 'taskId', message: localize('is delegated; resolve it instead', '该任务处于委派中，请办理后交回') }]);
    await this.assertEligible(engine, task, userId, caller.principal.userId);
    await this.perform([{ task, action: 'transfer', actor: caller.principal.userId, target: userId, comment }], () => engine.request('POST', `/task/${encodeURIComponent(taskId)}/assignee`, { userId }));
    await this.notify('user', userId, 'assignment', `转办任务：${task.name ?? task.taskDefinitionKey}`, `${await this.signature(caller)} 转办给您：${comment}`, `transfer:${taskId}:${userId}:${this.deps.now().getTime()}`, { kind: 'task', id: taskId });
  }

  /** 委派: asks another officer to work on the task; it comes back to the caller when they resolve it. */
  async delegate(caller: Caller, taskId: string, userId: string, comment: string): Promise<void> {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    this.assertAssignee(caller, task);
    if (task.delegationState === 'PENDING') throw new ValidationError('The task is already delegated', [{ path: 'taskId', message: localize('is delegated; resolve it first', '该任务处于委派中，请先办理交回') }]);
    await this.assertEligible(engine, task, userId, caller.principal.userId);
    await this.perform([{ task, action: 'delegate', actor: caller.principal.userId, target: userId, comment }], () => engine.request('POST', `/task/${encodeURIComponent(taskId)}/delegate`, { userId }));
    await this.notify('user', userId, 'assignment', `委派任务：${task.name ?? task.taskDefinitionKey}`, `${await this.signature(caller)} 委派给您：${comment}`, `delegate:${taskId}:${userId}:${this.deps.now().getTime()}`, { kind: 'task', id: taskId });
  }

  /** Returns a task delegated to the caller to its owner. */
  async resolve(caller: Caller, taskId: string, comment: string): Promise<void> {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    this.assertAssignee(caller, task);
    if (task.delegationState !== 'PENDING') throw new ValidationError('Only a delegated task is resolved', [{ path: 'taskId', message: localize('is not delegated to you', '该任务并非委派给您') }]);
    await this.perform([{ task, action: 'resolve', actor: caller.principal.userId, target: task.owner, comment }], () => engine.request('POST', `/task/${encodeURIComponent(taskId)}/resolve`, { variables: {} }));
    if (task.owner) await this.notify('user', task.owner, 'assignment', `委派已办结：${task.name ?? task.taskDefinitionKey}`, `${await this.signature(caller)}：${comment}`, `resolve:${taskId}:${this.deps.now().getTime()}`, { kind: 'task', id: taskId });
  }

  /**
   * 撤回: takes back a task the caller completed while the next handler has not acted (the next tasks are
   * unclaimed, untouched, and no automated step has run since), by process-instance modification.
   */
  async withdraw(caller: Caller, historicTaskId: string, comment: string): Promise<{ taskId: string }> {
    const engine = this.engine(caller);
    const { done, current, refusal } = await this.withdrawal(caller, engine, historicTaskId);
    if (refusal) throw new ValidationError(localize(`Task ${historicTaskId} cannot be withdrawn: ${refusal.en}`, `该任务不能撤回：${refusal.zh}`), [{ path: 'taskId', message: localize(refusal.en, refusal.zh), code: 'WITHDRAW_NOT_ALLOWED' }], 'WITHDRAW_NOT_ALLOWED');
    const withdrawn = { id: done.id, name: done.name, processInstanceId: done.processInstanceId, taskDefinitionKey: done.taskDefinitionKey };
    await this.perform([{ task: withdrawn, action: 'withdraw', actor: caller.principal.userId, target: current.map((t) => t.id).join(','), comment }], () => engine.request('POST', `/process-instance/${encodeURIComponent(done.processInstanceId)}/modification`, {
      instructions: [{ type: 'startBeforeActivity', activityId: done.taskDefinitionKey }, ...unique(current.map((t) => t.taskDefinitionKey)).map((activityId) => ({ type: 'cancel', activityId }))],
      annotation: `撤回: ${comment}`,
    }));
    const again = await this.taskAt(engine, done.processInstanceId, done.taskDefinitionKey);
    if (again) await engine.request('POST', `/task/${encodeURIComponent(again.id)}/assignee`, { userId: caller.principal.userId });
    return { taskId: again?.id ?? '' };
  }

  /**
   * Whether the caller may withdraw (撤回) a task they completed, as {@link withdraw} decides it: the task, the open
   * tasks of its case, and the reason it may not be withdrawn now, in English and Chinese (null when it may; the case
   * file's `reason` is the English one, which the web words from its catalogue). 404 when it is not the caller's
   * completed task.
   */
  private async withdrawal(caller: Caller, engine: EngineClient, historicTaskId: string): Promise<{ done: HistoricTask; current: WorkbenchEngineTask[]; refusal: { en: string; zh: string } | null }> {
    const [done] = await engine.request<HistoricTask[]>('GET', `/history/task?taskId=${encodeURIComponent(historicTaskId)}`);
    if (!done || done.assignee !== caller.principal.userId || !done.endTime || done.deleteReason !== 'completed') {
      throw new NotFoundError('NOT_FOUND', localize(`You have no completed task ${historicTaskId}`, `您没有已办结的任务 ${historicTaskId}`));
    }
    const current = await this.queryTasks(engine, { processInstanceId: done.processInstanceId });
    if (!current.length) return { done, current, refusal: { en: 'the case has no open step to take it back from', zh: '本案当前没有可撤回的待办环节' } };
    const ended = Date.parse(done.endTime);
    // urging the next handler or copying the case is not the next handler acting, nor is what the caller did
    const acted = await this.deps.dataSource.getRepository(TaskActionEntity).createQueryBuilder('a')
      .where('a.process_instance_id = :pid', { pid: done.processInstanceId }).andWhere('a.task_id IN (:...ids)', { ids: current.map((t) => t.id) })
      .andWhere("a.action NOT IN ('urge', 'carbon-copy')").andWhere("a.state = 'done'").andWhere('a.actor <> :me', { me: caller.principal.userId }).getCount();
    if (current.some((t) => t.assignee !== null) || acted > 0) return { done, current, refusal: { en: 'the next handler has already taken or acted on the case', zh: '下一环节的办理人已签收或办理' } };
    if (current.some((t) => Date.parse(t.created) < ended)) return { done, current, refusal: { en: 'another step of the case was already open before you completed yours', zh: '您办结前本案已有其他环节在办理' } };
    const history = await engine.request<HistoricActivity[]>('GET', `/history/activity-instance?processInstanceId=${encodeURIComponent(done.processInstanceId)}&sortBy=occurrence&sortOrder=asc`);
    const since = history.slice(history.findIndex((a) => a.id === done.activityInstanceId) + 1);
    const automated = since.filter((a) => /task$/i.test(a.activityType) && a.activityType !== 'userTask' && a.endTime && !a.canceled);
    if (automated.length) return { done, current, refusal: { en: `automated steps have run since (${unique(automated.map((a) => a.activityName ?? a.activityId)).join('、')})`, zh: `此后系统已自动执行了环节（${unique(automated.map((a) => a.activityName ?? a.activityId)).join('、')}）` } };
    return { done, current, refusal: null };
  }

  /**
   * A procedure as its file page shows it (办件详情): its case (with the record's id), clocks, recorded operations,
   * executed path and the BPMN XML of its version; with `doneTaskId` (a task of it the caller completed), whether the
   * caller may withdraw that task now, or the server's reason why not. For officers who work on or supervise the
   * procedure's jurisdiction, handled one of its tasks, or were copied it; to anyone else it does not exist.
   */
  async procedure(caller: Caller, processInstanceId: string, doneTaskId?: string) {
    const engine = this.engine(caller);
    const missing = () => new NotFoundError('NOT_FOUND', localize(`Procedure ${processInstanceId} does not exist`, `案件流程 ${processInstanceId} 不存在`));
    const procedure = await this.readableProcedure(caller, engine, processInstanceId);
    if (!procedure) throw missing();
    const [instance] = await engine.request<Array<{ processDefinitionId: string; state: string; startTime: string; endTime: string | null }>>('GET', `/history/process-instance?processInstanceId=${encodeURIComponent(processInstanceId)}`);
    if (!instance) throw missing();
    const { bpmn20Xml } = await engine.request<{ bpmn20Xml: string }>('GET', `/process-definition/${encodeURIComponent(instance.processDefinitionId)}/xml`);
    const clocks = (await this.deps.clocks.ofProcesses([processInstanceId])).get(processInstanceId) ?? [];
    const recorded = await this.deps.dataSource.getRepository(TaskActionEntity).find({ where: { processInstanceId, state: 'done' }, order: { at: 'ASC', id: 'ASC' } });
    let doneTask: { id: string; name: string | null; activityId: string; endedAt: string | null; withdrawable: boolean; reason: string | null } | null = null;
    if (doneTaskId) {
      const check = await this.withdrawal(caller, engine, doneTaskId);
      if (check.done.processInstanceId !== processInstanceId) throw new NotFoundError('NOT_FOUND', localize(`You have no completed task ${doneTaskId} in procedure ${processInstanceId}`, `您在该案件流程中没有已办结的任务 ${doneTaskId}`));
      doneTask = { id: doneTaskId, name: check.done.name, activityId: check.done.taskDefinitionKey, endedAt: isoFromEngineOrNull(check.done.endTime), withdrawable: check.refusal === null, reason: check.refusal?.en ?? null };
    }
    return {
      processInstanceId, processDefinitionId: instance.processDefinitionId, state: instance.state, startedAt: isoFromEngine(instance.startTime), endedAt: isoFromEngineOrNull(instance.endTime),
      case: caseOf(procedure), clocks, actions: recorded.map(({ state: _state, ...action }) => action),
      path: await this.executedPath(engine, processInstanceId), xml: bpmn20Xml, doneTask,
    };
  }

  /**
   * The people task `taskId` may be handed to (转办, 委派) or copied to (抄送) by the caller, as those operations would
   * accept them: for 转办/委派 the enabled members of the step's candidate groups and its candidate users, not the
   * caller; for 抄送 the enabled officers who work in the case's jurisdiction. Those whose id or name contains `query`,
   * by name, at most `limit`. Refused (403) to a caller who may not perform the operation on the task.
   */
  async people(caller: Caller, taskId: string, operation: PeopleOperation, query: string | undefined, limit: number): Promise<PersonView[]> {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    let groups: string[];
    let users: string[] = [];
    if (operation === 'carbon-copy') {
      const access = await this.accessTo(caller, engine, task);
      if (access === 'none' || access === 'copy') throw new ForbiddenError('FORBIDDEN', localize(`Task ${taskId} is not yours to copy`, '无权抄送该任务'));
      const procedure = await this.deps.procedures.ofInstance(task.processInstanceId);
      groups = procedure ? await this.groupsWorkingIn(procedure.jurisdiction) : await this.candidateGroups(engine, taskId);
    } else {
      if (operation === 'delegate') this.assertAssignee(caller, task);
      else await this.assertCanAct(caller, engine, task);
      groups = await this.candidateGroups(engine, taskId);
      users = await this.candidateUsers(engine, taskId);
    }
    const found = new Map<string, PersonView>();
    const wanted = (id: string) => id !== caller.principal.userId && !found.has(id);
    for (const group of groups) {
      const page = await this.deps.identity.listUsers({ group, disabled: false, ...(query ? { query } : {}), offset: 0, limit: PEOPLE_SCAN });
      for (const u of page.items) if (wanted(u.id)) found.set(u.id, { id: u.id, name: u.name });
    }
    for (const id of users) {
      const u = wanted(id) ? await this.deps.identity.getUser(id) : null;
      if (u && !u.disabled && (!query || u.id.includes(query) || u.name.includes(query))) found.set(u.id, { id: u.id, name: u.name });
    }
    return [...found.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id)).slice(0, limit);
  }

  /** The groups whose members work (`workbench`) in `jurisdiction`: those of the unit itself and of the units above it. */
  private async groupsWorkingIn(jurisdiction: string): Promise<string[]> {
    const groups: string[] = [];
    for (let offset = 0; ; offset += PEOPLE_SCAN) {
      const page = await this.deps.identity.listGroups({ offset, limit: PEOPLE_SCAN });
      groups.push(...page.items.map((g) => g.id).filter((id) => can({ userId: '', groupIds: [id] }, 'workbench', jurisdiction)));
      if (offset + PEOPLE_SCAN >= page.total) return groups;
    }
  }

  /** 抄送: copies the case of a task to people for information; they see it under 抄送我的. */
  async carbonCopy(caller: Caller, taskId: string, userIds: string[], comment?: string): Promise<void> {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    const access = await this.accessTo(caller, engine, task);
    if (access === 'none' || access === 'copy') throw new ForbiddenError('FORBIDDEN', localize(`Task ${taskId} is not yours to copy`, '无权抄送该任务'));
    const people = unique(userIds);
    // a copy opens the case to its recipient, so only to officers who work in the case's jurisdiction
    const procedure = await this.deps.procedures.ofInstance(task.processInstanceId);
    const groups = procedure ? [] : await this.candidateGroups(engine, taskId);
    const issues: ValidationIssue[] = [];
    for (const id of people) {
      const user = await this.deps.identity.getUser(id);
      if (!user || user.disabled) {
        issues.push({ path: 'userIds', message: localize(`user '${id}' does not exist or is disabled`, `用户“${id}”不存在或已停用`) });
        continue;
      }
      const recipient = { userId: id, groupIds: await this.deps.identity.groupIdsOf(id) };
      const inScope = procedure ? can(recipient, 'workbench', procedure.jurisdiction) : recipient.groupIds.some((g) => groups.includes(g));
      if (!inScope) issues.push({ path: 'userIds', message: localize(`user '${id}' does not work in the jurisdiction of this case`, `用户“${id}”不属于本案管辖单位`) });
    }
    if (issues.length) throw new ValidationError(localize('Some people cannot receive a copy of this case', '部分人员不能接收本案抄送'), issues);
    const now = this.deps.now();
    await this.deps.dataSource.getRepository(CarbonCopyEntity).insert(people.map((toUser) => ({
      id: randomUUID(), processInstanceId: task.processInstanceId, taskId, taskName: task.name, fromUser: caller.principal.userId, toUser, comment: comment ?? null, createdAt: now, readAt: null,
    })));
    await this.record(task, 'carbon-copy', caller.principal.userId, people.join(','), comment);
    for (const to of people) await this.notify('user', to, 'carbon-copy', `抄送：${task.name ?? task.taskDefinitionKey}`, `${await this.signature(caller)} 抄送给您${comment ? `：${comment}` : ''}`, `cc:${taskId}:${to}:${now.getTime()}`, { kind: 'case-file', id: task.processInstanceId });
  }

  /** 催办: reminds the current handler (or the candidate groups) of a task; once per task per interval. */
  async urge(caller: Caller, taskId: string, comment?: string): Promise<void> {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    if (!(await this.mayUrge(caller, engine, task))) throw new ForbiddenError('FORBIDDEN', localize('Only the person who started the case, an earlier handler or a supervising leader urges it', '只有本案发起人、此前环节的办理人或负有监督职责的领导可以催办'));
    const since = new Date(this.deps.now().getTime() - this.deps.urgeIntervalMinutes * 60_000);
    const recent = await this.deps.dataSource.getRepository(TaskActionEntity).createQueryBuilder('a')
      .where('a.task_id = :taskId', { taskId }).andWhere("a.action = 'urge'").andWhere('a.at > :since', { since }).getCount();
    if (recent > 0) throw new TooManyRequestsError('URGE_TOO_SOON', localize(`Task ${taskId} was urged less than ${this.deps.urgeIntervalMinutes} minutes ago`, `该任务在 ${this.deps.urgeIntervalMinutes} 分钟内已催办过，请稍后再试`));
    await this.record(task, 'urge', caller.principal.userId, task.assignee, comment);
    const title = `催办：${task.name ?? task.taskDefinitionKey}`;
    const body = `${await this.signature(caller)} 催办${comment ? `：${comment}` : ''}`;
    const key = `urge:${taskId}:${this.deps.now().getTime()}`;
    const subject = { kind: 'task', id: taskId } as const;
    if (task.assignee) await this.notify('user', task.assignee, 'urge', title, body, key, subject);
    else for (const group of await this.candidateGroups(engine, taskId)) await this.notify('group', group, 'urge', title, body, `${key}:${group}`, subject);
  }

  /** Adds an approval comment (审批意见) to the task's case without acting on it. */
  async comment(caller: Caller, taskId: string, text: string): Promise<void> {
    const engine = this.engine(caller);
    const task = await this.task(caller, engine, taskId);
    const access = await this.accessTo(caller, engine, task);
    if (access === 'none' || access === 'copy') throw new ForbiddenError('FORBIDDEN', localize(`Task ${taskId} is not yours to comment on`, '无权对该任务发表意见'));
    await this.record(task, 'comment', caller.principal.userId, null, text);
  }

  /**
   * Claims several tasks at once. Every task is checked first; if any cannot be claimed nothing is claimed and the
   * answer names each task at fault.
   */
  async bulkClaim(caller: Caller, taskIds: string[]): Promise<void> {
    const engine = this.engine(caller);
    const tasks = await this.checkAll(taskIds, async (id) => {
      const task = await this.task(caller, engine, id);
      await this.assertCanClaim(caller, engine, task);
      return task;
    });
    await this.perform(tasks.map((task) => ({ task, action: 'claim', actor: caller.principal.userId, target: null, comment: undefined })),
      () => this.allOrNone(engine, tasks, (task) => claimFor(engine, task.id, caller.principal.userId)));
  }

  /**
   * Transfers several tasks to one officer; all are checked first and nothing changes when one fails. A task that
   * was unclaimed when checked is claimed for the officer, so a claim someone made meanwhile is not overwritten.
   */
  async bulkTransfer(caller: Caller, taskIds: string[], userId: string, comment: string): Promise<void> {
    const engine = this.engine(caller);
    const tasks = await this.checkAll(taskIds, async (id) => {
      const task = await this.task(caller, engine, id);
      await this.assertCanAct(caller, engine, task);
      if (task.delegationState === 'PENDING') throw new ValidationError('A delegated task is resolved, not transferred', [{ path: 'taskId', message: localize('is delegated', '该任务处于委派中') }]);
      await this.assertEligible(engine, task, userId, caller.principal.userId);
      return task;
    });
    await this.perform(tasks.map((task) => ({ task, action: 'transfer', actor: caller.principal.userId, target: userId, comment })),
      () => this.allOrNone(engine, tasks, (task) => (task.assignee === null
        ? claimFor(engine, task.id, userId)
        : engine.request('POST', `/task/${encodeURIComponent(task.id)}/assignee`, { userId }))));
    // one task opens itself; several are found in 待办
    const [only, ...more] = tasks;
    await this.notify('user', userId, 'assignment', `转办任务 ${tasks.length} 件`, `${caller.principal.userId} 转办给您：${comment}`, `bulk-transfer:${userId}:${this.deps.now().getTime()}`,
      only && more.length === 0 ? { kind: 'task', id: only.id } : { kind: 'task-list', id: 'todo' });
  }

  /**
   * Applies `change` to every task in turn. When one fails, the tasks changed before it get back the assignee they
   * had when checked, and the failure is thrown: a claim by someone else as `TASK_ALREADY_CLAIMED` (409) naming the
   * task, and whether everything could be put back.
   */
  private async allOrNone(engine: EngineClient, tasks: WorkbenchEngineTask[], change: (task: WorkbenchEngineTask) => Promise<unknown>): Promise<void> {
    const changed: WorkbenchEngineTask[] = [];
    for (const task of tasks) {
      try {
        await change(task);
        changed.push(task);
      } catch (error) {
        const notRestored: string[] = [];
        for (const earlier of changed.reverse()) {
          const restore = earlier.assignee === null
            ? engine.request('POST', `/task/${encodeURIComponent(earlier.id)}/unclaim`)
            : engine.request('POST', `/task/${encodeURIComponent(earlier.id)}/assignee`, { userId: earlier.assignee });
          await restore.catch(() => notRestored.push(earlier.id));
        }
        const outcome = notRestored.length ? localize(`tasks ${notRestored.join(', ')} could not be put back as they were`, `任务 ${notRestored.join('、')} 未能恢复原状`) : localize('nothing was changed', '未作任何更改');
        if (error instanceof ConflictError) throw new ConflictError(error.code, localize(`${error.message}; ${outcome}`, `${error.message}；${outcome}`), { taskId: task.id, notRestored });
        throw error;
      }
    }
  }

  // phrases ////

  /** The caller's common approval phrases, in order. */
  async phrases(caller: Caller): Promise<PhraseEntity[]> {
    return this.deps.dataSource.getRepository(PhraseEntity).find({ where: { userId: caller.principal.userId }, order: { position: 'ASC', id: 'ASC' } });
  }

  /** Adds a phrase at the end of the caller's list (at most 50; the same text once). */
  async addPhrase(caller: Caller, text: string): Promise<PhraseEntity> {
    const existing = await this.phrases(caller);
    if (existing.some((p) => p.text === text)) throw new ValidationError('The phrase is already in your list', [{ path: 'text', message: localize('is already one of your phrases', '已在您的常用语中') }]);
    if (existing.length >= 50) throw new ValidationError('You keep at most 50 phrases', [{ path: 'text', message: localize('the list is full (50); delete one first', '常用语已满 50 条，请先删除一条') }]);
    const phrase = Object.assign(new PhraseEntity(), { id: randomUUID(), userId: caller.principal.userId, text, position: (existing.at(-1)?.position ?? 0) + 1, createdAt: this.deps.now() });
    await this.deps.dataSource.getRepository(PhraseEntity).insert(phrase);
    return phrase;
  }

  /** Deletes one of the caller's phrases; 404 when it is not theirs. */
  async deletePhrase(caller: Caller, id: string): Promise<void> {
    const result = await this.deps.dataSource.getRepository(PhraseEntity).delete({ id, userId: caller.principal.userId });
    if (!result.affected) throw new NotFoundError('NOT_FOUND', localize(`Phrase ${id} is not in your list`, '您的常用语中没有该条'));
  }

  // helpers ////

  private engine(caller: Caller): EngineClient {
    return this.deps.engineAs(caller.authorization);
  }

  /**
   * The procedure of a process instance when the caller may read its case file: they work on or supervise its
   * jurisdiction, handled one of its tasks, or were copied it; null otherwise, and for a process not started through
   * the API.
   */
  private async readableProcedure(caller: Caller, engine: EngineClient, processInstanceId: string): Promise<ProcedureRow | null> {
    const me = caller.principal.userId;
    const procedure = await this.deps.procedures.ofInstance(processInstanceId);
    if (!procedure) return null;
    const mayRead = can(caller.principal, 'workbench', procedure.jurisdiction) || can(caller.principal, 'supervision.read', procedure.jurisdiction)
      || await this.deps.dataSource.getRepository(CarbonCopyEntity).existsBy({ processInstanceId, toUser: me })
      || (await engine.request<{ count: number }>('GET', `/history/task/count?processInstanceId=${encodeURIComponent(processInstanceId)}&taskAssignee=${encodeURIComponent(me)}`)).count > 0;
    return mayRead ? procedure : null;
  }

  /**
   * The 404 of a task that is not running: for a task that has ended (completed, or cancelled by 退回, 撤回 or the
   * process moving on) and whose case file the caller may read, one that says so, with `details.finished` — the
   * process instance, when it ended, who held it and how it ended — so that a page opened late can lead to the case
   * file; `missing` itself for anything else, so that nothing of a case the caller may not read is revealed.
   */
  private async finishedTask(caller: Caller, engine: EngineClient, taskId: string, missing: NotFoundError): Promise<NotFoundError> {
    const [ended] = await engine.request<HistoricTask[]>('GET', `/history/task?taskId=${encodeURIComponent(taskId)}`);
    if (!ended?.endTime || !(await this.readableProcedure(caller, engine, ended.processInstanceId))) return missing;
    const finished = {
      processInstanceId: ended.processInstanceId, endedAt: isoFromEngine(ended.endTime), assignee: ended.assignee,
      outcome: ended.deleteReason === 'completed' ? 'completed' : 'cancelled',
    };
    return new NotFoundError('NOT_FOUND', localize(`Task ${taskId} has already ended`, `任务 ${taskId} 已办理结束`), { finished });
  }

  /**
   * The task, for a caller who may know of it: it works on it, may claim it, was copied its case, or holds the
   * workbench or supervision in the case's jurisdiction. To anyone else a task of another jurisdiction does not exist.
   */
  private async task(caller: Caller, engine: EngineClient, taskId: string): Promise<WorkbenchEngineTask> {
    const missing = () => new NotFoundError('NOT_FOUND', localize(`Task ${taskId} does not exist`, `任务 ${taskId} 不存在`));
    let task: WorkbenchEngineTask;
    try {
      task = await engine.request<WorkbenchEngineTask>('GET', `/task/${encodeURIComponent(taskId)}`);
    } catch (error) {
      if (error instanceof EngineRequestError && error.status === 404) throw missing();
      throw error;
    }
    const me = caller.principal.userId;
    if (task.assignee === me || task.owner === me) return task;
    const procedure = await this.deps.procedures.ofInstance(task.processInstanceId);
    if (!procedure) return task;
    if (can(caller.principal, 'workbench', procedure.jurisdiction) || can(caller.principal, 'supervision.read', procedure.jurisdiction)) return task;
    if (await this.isCandidate(caller, engine, task)) return task;
    if (await this.deps.dataSource.getRepository(CarbonCopyEntity).existsBy({ processInstanceId: task.processInstanceId, toUser: me })) return task;
    throw missing();
  }

  /**
   * Every open task the query matches, read page by page in creation order (then id, so that pages do not overlap);
   * a task seen twice while others end is kept once.
   */
  private async allTasks(engine: EngineClient, query: Record<string, unknown>): Promise<WorkbenchEngineTask[]> {
    const sorting = [{ sortBy: 'created', sortOrder: 'asc' }, { sortBy: 'id', sortOrder: 'asc' }];
    const tasks = await readAll(this.deps.readPage, (first, max) => engine.request<WorkbenchEngineTask[]>('POST', `/task?firstResult=${first}&maxResults=${max}`, { ...query, sorting }));
    return [...new Map(tasks.map((t) => [t.id, t])).values()];
  }

  private async queryTasks(engine: EngineClient, query: Record<string, unknown>): Promise<WorkbenchEngineTask[]> {
    return engine.request<WorkbenchEngineTask[]>('POST', '/task', { ...query, sorting: [{ sortBy: 'created', sortOrder: 'asc' }] });
  }

  private async taskAt(engine: EngineClient, processInstanceId: string, activityId: string): Promise<WorkbenchEngineTask | undefined> {
    const [task] = await this.queryTasks(engine, { processInstanceId, taskDefinitionKey: activityId });
    return task;
  }

  private async candidateGroups(engine: EngineClient, taskId: string): Promise<string[]> {
    const links = await engine.request<Array<{ type: string; groupId: string | null }>>('GET', `/task/${encodeURIComponent(taskId)}/identity-links`);
    return links.filter((l) => l.type === 'candidate' && l.groupId !== null).map((l) => l.groupId as string);
  }

  private async candidateUsers(engine: EngineClient, taskId: string): Promise<string[]> {
    const links = await engine.request<Array<{ type: string; userId: string | null }>>('GET', `/task/${encodeURIComponent(taskId)}/identity-links`);
    return links.filter((l) => l.type === 'candidate' && l.userId !== null).map((l) => l.userId as string);
  }

  private async isCandidate(caller: Caller, engine: EngineClient, task: WorkbenchEngineTask): Promise<boolean> {
    const groups = await this.candidateGroups(engine, task.id);
    if (groups.some((g) => caller.principal.groupIds.includes(g))) return true;
    return (await this.candidateUsers(engine, task.id)).includes(caller.principal.userId);
  }

  /** How the caller relates to a task: works on it, may claim it, supervises it, was copied, or none. */
  private async accessTo(caller: Caller, engine: EngineClient, task: WorkbenchEngineTask): Promise<'assignee' | 'owner' | 'candidate' | 'supervisor' | 'copy' | 'none'> {
    const me = caller.principal.userId;
    if (task.assignee === me) return 'assignee';
    if (task.owner === me) return 'owner';
    if (!task.assignee && (await this.isCandidate(caller, engine, task))) return 'candidate';
    const procedure = await this.deps.procedures.ofInstance(task.processInstanceId);
    if (procedure && can(caller.principal, 'supervision.read', procedure.jurisdiction)) return 'supervisor';
    const copied = await this.deps.dataSource.getRepository(CarbonCopyEntity).existsBy({ processInstanceId: task.processInstanceId, toUser: me });
    return copied ? 'copy' : 'none';
  }

  private operationsFor(principal: Principal, task: WorkbenchEngineTask, access: string): string[] {
    if (access === 'assignee') {
      return task.delegationState === 'PENDING'
        ? ['resolve', 'carbon-copy', 'comment', 'urge']
        : ['complete', 'unclaim', 'send-back', 'transfer', 'delegate', 'carbon-copy', 'comment'];
    }
    if (access === 'candidate') return ['claim', 'complete', 'send-back', 'transfer', 'carbon-copy', 'comment'];
    if (access === 'owner' || access === 'supervisor') return ['carbon-copy', 'comment', 'urge'];
    void principal;
    return [];
  }

  private assertAssignee(caller: Caller, task: WorkbenchEngineTask): void {
    if (task.assignee !== caller.principal.userId) throw new ForbiddenError('FORBIDDEN', localize(`Task ${task.id} is not assigned to you`, '该任务未分配给您'));
  }

  private async assertCanClaim(caller: Caller, engine: EngineClient, task: WorkbenchEngineTask): Promise<void> {
    if (task.assignee === caller.principal.userId) throw new ValidationError(`Task ${task.id} is already yours`, [{ path: 'taskId', message: localize('is already assigned to you', '该任务已由您办理') }]);
    if (task.assignee) throw new ForbiddenError('FORBIDDEN', localize(`Task ${task.id} is assigned to someone else`, '该任务已由他人办理'));
    if (!(await this.isCandidate(caller, engine, task))) throw new ForbiddenError('FORBIDDEN', localize(`Task ${task.id} is not for your groups`, '该任务不属于您所在岗位办理'));
  }

  /** The caller works on the task: its assignee, or a candidate while it is unassigned. */
  private async assertCanAct(caller: Caller, engine: EngineClient, task: WorkbenchEngineTask): Promise<void> {
    if (task.assignee === caller.principal.userId) return;
    if (task.assignee) throw new ForbiddenError('FORBIDDEN', localize(`Task ${task.id} is assigned to someone else`, '该任务已由他人办理'));
    if (!(await this.isCandidate(caller, engine, task))) throw new ForbiddenError('FORBIDDEN', localize(`Task ${task.id} is not for your groups`, '该任务不属于您所在岗位办理'));
  }

  /** The new handler exists, is not the caller, and belongs to one of the task's candidate groups. */
  private async assertEligible(engine: EngineClient, task: WorkbenchEngineTask, userId: string, me: string): Promise<void> {
    const issue = (message: string) => new ValidationError(localize(`User '${userId}' cannot take task ${task.id}`, `用户“${userId}”不能办理该任务`), [{ path: 'userId', message, code: 'TASK_TARGET_NOT_ELIGIBLE' }], 'TASK_TARGET_NOT_ELIGIBLE');
    if (userId === me) throw issue(localize('is yourself', '不能选择您本人'));
    const target = await this.deps.identity.getUser(userId);
    if (!target) throw issue(localize('does not exist', '该用户不存在'));
    if (target.disabled) throw issue(localize('is disabled', '该用户已停用'));
    const groups = await this.candidateGroups(engine, task.id);
    const theirs = await this.deps.identity.groupIdsOf(userId);
    const users = await this.candidateUsers(engine, task.id);
    if (!groups.some((g) => theirs.includes(g)) && !users.includes(userId)) throw issue(localize(`is not in the groups that handle this step (${groups.join(', ') || 'none'})`, `该用户不属于办理此环节的岗位（${groups.join('、') || '无'}）`));
  }

  /** Who acts, as messages name them: their name with their user name (张伟（zhangwei）), or the user name alone. */
  private async signature(caller: Caller): Promise<string> {
    const id = caller.principal.userId;
    const name = (await this.deps.identity.getUser(id))?.name;
    return name && name !== id ? `${name}（${id}）` : id;
  }

  private async mayUrge(caller: Caller, engine: EngineClient, task: WorkbenchEngineTask): Promise<boolean> {
    const procedure = await this.deps.procedures.ofInstance(task.processInstanceId);
    if (procedure?.startedBy === caller.principal.userId) return true;
    if (procedure && can(caller.principal, 'supervision.read', procedure.jurisdiction)) return true;
    if (task.owner === caller.principal.userId) return true;
    const { count } = await engine.request<{ count: number }>('GET', `/history/task/count?processInstanceId=${encodeURIComponent(task.processInstanceId)}&taskAssignee=${encodeURIComponent(caller.principal.userId)}&finished=true`);
    return count > 0;
  }

  private async checkAll(taskIds: string[], check: (id: string) => Promise<WorkbenchEngineTask>): Promise<WorkbenchEngineTask[]> {
    const tasks: WorkbenchEngineTask[] = [];
    const issues: Array<{ path: string; message: string }> = [];
    for (const [index, id] of unique(taskIds).entries()) {
      try {
        tasks.push(await check(id));
      } catch (error) {
        if (!(error instanceof Error) || !('status' in error)) throw error;
        issues.push({ path: `taskIds.${index}`, message: localize(`${id}: ${error.message}`, `${id}：${error.message}`) });
      }
    }
    if (issues.length) throw new ValidationError(localize('Some tasks cannot be handled; nothing was changed', '部分任务不能办理，未作任何更改'), issues);
    return tasks;
  }

  /** Records an operation that changes nothing in the engine (copy, urge, comment), with its audit entry. */
  private async record(task: RecordedTask, action: TaskAction, actor: string, target: string | null, comment: string | undefined): Promise<void> {
    await storeOperations(this.deps.dataSource, [{ task, action, actor, target, comment }], 'done', this.deps.now(), this.deps.onAction);
  }

  /**
   * Runs an engine change with its operation records: first stored as pending, then the change, then confirmed with
   * their audit entries. A failed change drops them; a crash or failure after the change leaves them pending, and
   * {@link PendingOperations} confirms them later from the engine's user operation log.
   */
  private async perform<T>(operations: TaskOperation[], change: () => Promise<T>): Promise<T> {
    const ids = await storeOperations(this.deps.dataSource, operations, 'pending', this.deps.now());
    let result: T;
    try {
      result = await change();
    } catch (error) {
      // when even this fails, the reconciliation finds no change in the engine and drops them
      await dropOperations(this.deps.dataSource, ids).catch(() => undefined);
      throw error;
    }
    await confirmOperations(this.deps.dataSource, ids, this.deps.onAction);
    return result;
  }

  private async notify(recipientType: 'user' | 'group', recipient: string, kind: 'assignment' | 'carbon-copy' | 'urge', title: string, body: string, key: string, subject: NotificationSubject): Promise<void> {
    await this.deps.notifications.send({ recipientType, recipient, kind, title, body, applicationId: null, subject, idempotencyKey: key.slice(0, 128) });
  }

  private async executedPath(engine: EngineClient, processInstanceId: string) {
    const activities = await engine.request<HistoricActivity[]>('GET', `/history/activity-instance?processInstanceId=${encodeURIComponent(processInstanceId)}&sortBy=occurrence&sortOrder=asc`);
    return activities.map((a) => ({ activityId: a.activityId, name: a.activityName, type: a.activityType, assignee: a.assignee, start: isoFromEngine(a.startTime), end: isoFromEngineOrNull(a.endTime), canceled: a.canceled }));
  }

  /** The flow elements of a process version by id, with their type, the subprocess holding them and what leads to them. */
  private async model(engine: EngineClient, processDefinitionId: string): Promise<ProcessModel> {
    const cached = this.modelCache.get(processDefinitionId);
    if (cached) return cached;
    const { bpmn20Xml } = await engine.request<{ bpmn20Xml: string }>('GET', `/process-definition/${encodeURIComponent(processDefinitionId)}/xml`);
    const { rootElement } = await new BpmnModdle().fromXML(bpmn20Xml);
    const elements: ProcessModel = new Map();
    const flows: Array<[source: string, target: string]> = [];
    const walk = (container: { flowElements?: ModdleElement[] }, parent: string | null) => {
      for (const e of container.flowElements ?? []) {
        // a boundary event follows the activity it is attached to
        elements.set(e.id, { type: e.$type, parent, before: e.attachedToRef ? [e.attachedToRef.id] : [] });
        if (e.sourceRef && e.targetRef) flows.push([e.sourceRef.id, e.targetRef.id]);
        if (e.flowElements) walk(e, e.id);
      }
    };
    const definitions = rootElement as unknown as { rootElements?: Array<{ $type: string; flowElements?: ModdleElement[] }> };
    for (const root of definitions.rootElements ?? []) if (root.$type === 'bpmn:Process') walk(root, null);
    for (const [source, target] of flows) elements.get(target)?.before.push(source);
    if (this.modelCache.size > 200) this.modelCache.clear();
    this.modelCache.set(processDefinitionId, elements);
    return elements;
  }

  /** The items with their case. */
  private async withCases(items: TaskListItem[]): Promise<TaskListItem[]> {
    const cases = await this.deps.procedures.byInstances(unique(items.map((t) => t.processInstanceId)));
    return items.map((t) => ({ ...t, case: caseOf(cases.get(t.processInstanceId)) }));
  }

  /** The items with the colour of their case's most urgent running clock. */
  private async withColours(items: TaskListItem[]): Promise<TaskListItem[]> {
    const colours = await this.coloursOf(unique(items.map((t) => t.processInstanceId)));
    return items.map((t) => ({ ...t, colour: colours.get(t.processInstanceId) ?? null }));
  }

  /** The colour of each process's most urgent running clock; absent or null when none runs. */
  private async coloursOf(processInstanceIds: string[]): Promise<Map<string, ClockColour | null>> {
    const colours = new Map<string, ClockColour | null>();
    for (let i = 0; i < processInstanceIds.length; i += LOOKUP_CHUNK) {
      for (const [id, list] of await this.deps.clocks.ofProcesses(processInstanceIds.slice(i, i + LOOKUP_CHUNK))) colours.set(id, worstColour(list));
    }
    return colours;
  }
}

/**
 * Claims a task for `userId` through the engine; someone else's claim, made since the task was checked, answers
 * `TASK_ALREADY_CLAIMED` (409).
 */
async function claimFor(engine: EngineClient, taskId: string, userId: string): Promise<void> {
  try {
    await engine.request('POST', `/task/${encodeURIComponent(taskId)}/claim`, { userId });
  } catch (error) {
    if (error instanceof EngineRequestError && error.engineType === 'TaskAlreadyClaimedException') {
      throw new ConflictError('TASK_ALREADY_CLAIMED', localize(`Task ${taskId} was claimed by someone else meanwhile`, '该任务已被他人签收'));
    }
    throw error;
  }
}

/** The flow elements of a process version by id: type, enclosing subprocess, and the elements leading to each. */
type ProcessModel = Map<string, { type: string; parent: string | null; before: string[] }>;

/** A flow element as bpmn-moddle reads it (the properties used here). */
interface ModdleElement {
  id: string;
  $type: string;
  flowElements?: ModdleElement[];
  /** Of a sequence flow. */
  sourceRef?: { id: string };
  /** Of a sequence flow. */
  targetRef?: { id: string };
  /** Of a boundary event. */
  attachedToRef?: { id: string };
}

/** Gateways that split a case into branches running at the same time. */
const CONCURRENT_GATEWAYS = new Set(['bpmn:ParallelGateway', 'bpmn:InclusiveGateway', 'bpmn:ComplexGateway']);

/** The elements from which `activityId` is reached along sequence flows without passing a concurrent gateway. */
function upstream(model: ProcessModel, activityId: string): Set<string> {
  const seen = new Set<string>();
  const queue = [activityId];
  while (queue.length) {
    for (const id of model.get(queue.pop() as string)?.before ?? []) {
      if (seen.has(id) || CONCURRENT_GATEWAYS.has(model.get(id)?.type ?? '')) continue;
      seen.add(id);
      queue.push(id);
    }
  }
  return seen;
}

/** A task as an item of a list, without its case and colour yet. */
function itemOf(t: WorkbenchEngineTask, now: number): TaskListItem {
  return {
    id: t.id, name: t.name, assignee: t.assignee, owner: t.owner, delegationState: t.delegationState, created: isoFromEngine(t.created), due: isoFromEngineOrNull(t.due),
    overdue: t.due !== null && Date.parse(isoFromEngine(t.due)) < now, priority: t.priority, procedureKey: t.processDefinitionId.split(':')[0] ?? '',
    processInstanceId: t.processInstanceId, case: null, colour: null,
  };
}

function caseOf(row: ProcedureRow | undefined): TaskListItem['case'] {
  return row ? { kind: row.kind, recordId: row.recordId, number: row.number, party: row.party, jurisdiction: row.jurisdiction, status: row.status } : null;
}

/** The most urgent colour among the running clocks; null when none runs. */
function worstColour(clocks: Array<{ status: string; colour: ClockColour }>): ClockColour | null {
  const running = clocks.filter((c) => c.status !== 'stopped');
  if (!running.length) return null;
  return running.map((c) => c.colour).reduce((a, b) => (COLOUR_RANK[b] > COLOUR_RANK[a] ? b : a));
}

/** Whether a task passes the filters on the task itself (procedure, due date, overdue). */
function matches(t: TaskListItem, f: TodoFilter, now: number): boolean {
  if (f.procedure && t.procedureKey !== f.procedure) return false;
  if (f.dueBefore && (t.due === null || Date.parse(t.due) >= f.dueBefore.getTime())) return false;
  if (f.dueAfter && (t.due === null || Date.parse(t.due) <= f.dueAfter.getTime())) return false;
  if (f.overdue !== undefined && (t.due !== null && Date.parse(t.due) < now) !== f.overdue) return false;
  return true;
}

function comparator(f: TodoFilter): (a: TaskListItem, b: TaskListItem) => number {
  const sign = f.order === 'desc' ? -1 : 1;
  const key = (t: TaskListItem): number => {
    if (f.sort === 'priority') return t.priority;
    if (f.sort === 'created') return Date.parse(t.created);
    return t.due === null ? (f.order === 'desc' ? -Infinity : Infinity) : Date.parse(t.due);
  };
  return (a, b) => sign * (key(a) - key(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Reads a paged list to its end, `size` entries at a time. */
async function readAll<T>(size: number, page: (firstResult: number, maxResults: number) => Promise<T[]>): Promise<T[]> {
  const all: T[] = [];
  for (let first = 0; ; first += size) {
    const batch = await page(first, size);
    all.push(...batch);
    if (batch.length < size) return all;
  }
}

/** `params` with `firstResult` and `maxResults`, as a query string. */
function withPage(params: URLSearchParams, firstResult: number, maxResults: number): string {
  const paged = new URLSearchParams(params);
  paged.set('firstResult', String(firstResult));
  paged.set('maxResults', String(maxResults));
  return paged.toString();
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
