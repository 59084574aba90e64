import { evaluateCondition, compileExpression, type CompiledExpression } from '../expression/index.js';
import { ProcessEngineException } from '../errors.js';
import { canReach, type FlowElementModel, type ParameterValue, type ProcessModel, type SequenceFlowModel, type UserTaskModel, type ExternalTaskModel } from '../model/index.js';
import { T, type ExecutionRow, type TaskRow } from '../persistence/tables.js';
import { inferTypedValue, type TypedValue } from '../variables/index.js';
import type { CommandContext } from './command-context.js';
import type { DeployedProcess } from './definition-cache.js';
import { ACT_STATE, history } from './history.js';
import type { InstanceState } from './instance-state.js';
import { evaluateToDate, evaluateToStrings, evaluateToString, evaluateToNumber } from './evaluation.js';
import { createTimerCatchJob, deleteJobsOfExecution } from '../jobs/timer-jobs.js';
import { removeSubscriptionsOf, subscribeToMessage } from './message-subscriptions.js';

/**
 * Runs a process instance from wait state to wait state inside one command: enters flow nodes, applies
 * input/output mappings, creates user and external tasks, routes tokens through gateways (fork and join),
 * and completes the instance when its last token ends.
 */
export class Executor {
  private readonly model: ProcessModel;

  constructor(
    private readonly ctx: CommandContext,
    private readonly inst: InstanceState,
    private readonly def: DeployedProcess,
  ) {
    this.model = def.model;
  }

  /** Starts the instance at its initial start event, or at the given start event (e.g. a timer start event that fired). */
  async start(startEventId: string | null = this.model.startEventId): Promise<void> {
    if (!startEventId) throw new ProcessEngineException(`Process '${this.model.id}' has no start event to start an instance at`);
    await this.enter(this.inst.root, startEventId, null);
  }

  /** Continues a token that waited in a task: output mappings, then the outgoing flows. */
  async leaveWaitState(token: ExecutionRow): Promise<void> {
    const el = this.element(token.activityId);
    await this.leave(token, el);
  }

  /** Ends a token as a none end event would (an uncaught BPMN error, as Camunda 7 does by default). */
  async endWaitStateAsNoneEnd(token: ExecutionRow): Promise<void> {
    const el = this.element(token.activityId);
    if (token.actInstId) history.endActivity(this.ctx, token.actInstId);
    let exec = token;
    if (el.isScope) {
      const parent = this.inst.parent(token);
      this.inst.deleteExecution(token);
      if (!parent) return;
      exec = parent;
    }
    await this.endToken(exec, el.id);
  }

  /** Cancels every activity of the instance and removes its runtime state (delete or terminate). */
  cancelAll(reason: string): void {
    for (const e of this.inst.executions) this.cancelActivityOf(e, reason);
  }

  // token movement ////

  private async enter(exec: ExecutionRow, elementId: string, flowId: string | null): Promise<void> {
    if (!this.inst.isRunning) return;
    const el = this.element(elementId);
    exec.activityId = el.id;
    exec.incomingFlowId = flowId;
    exec.isActive = true;
    const actInstId = `${el.id}:${this.ctx.newId()}`;
    const parentActInstId = this.scopeActivityInstanceId(exec);
    let token = exec;
    if (el.isScope) {
      token = this.inst.newExecution(exec, { isScope: true, isConcurrent: false, activityId: el.id, actInstId, isActive: true });
      exec.isActive = false;
      exec.actInstId = exec.id === exec.procInstId ? exec.procInstId : null;
    } else {
      exec.actInstId = actInstId;
    }
    history.startActivity(this.ctx, token, el, actInstId, parentActInstId);
    if (el.isScope) {
      for (const p of el.inputParameters) this.inst.setVariableLocal(token, p.name, this.parameterValue(p.value, token));
    }
    await this.execute(token, el);
  }

  private async execute(token: ExecutionRow, el: FlowElementModel): Promise<void> {
    switch (el.kind) {
      case 'startEvent':
      case 'passThrough':
        return this.leave(token, el);
      case 'endEvent':
        history.endActivity(this.ctx, token.actInstId ?? '');
        if (el.terminate) return this.terminate(token, el.id);
        return this.endToken(token, el.id);
      case 'userTask':
        return this.createUserTask(token, el);
      case 'externalTask':
        return this.createExternalTask(token, el);
      case 'messageCatch':
        subscribeToMessage(this.ctx, token, el, this.inst.expressionContext(token));
        return;
      case 'timerCatch':
        createTimerCatchJob(this.ctx, token, el, this.inst.expressionContext(token), this.def.row.deploymentId);
        return;
      case 'exclusiveGateway':
        return this.leave(token, el, [this.selectExclusive(token, el)]);
      case 'parallelGateway':
      case 'inclusiveGateway':
        return this.join(token, el);
    }
  }

  private async leave(token: ExecutionRow, el: FlowElementModel, chosen?: SequenceFlowModel[]): Promise<void> {
    // As Camunda 7: the outgoing conditions are evaluated in the activity's own scope (its input variables are
    // visible), before the output mapping runs.
    const flows = chosen ?? this.selectOutgoing(token, el);
    if (token.actInstId) history.endActivity(this.ctx, token.actInstId);
    let exec = token;
    if (el.isScope) {
      const parent = this.inst.parent(token);
      if (!parent) throw new ProcessEngineException(`Scope execution of '${el.id}' has no parent`);
      // one after another, as Camunda's IoMapping: a later output parameter sees what an earlier one set
      for (const p of el.outputParameters) this.inst.setVariable(parent, p.name, this.parameterValue(p.value, token));
      this.inst.deleteExecution(token);
      exec = parent;
      exec.isActive = true;
    }
    if (flows.length === 0) return this.endToken(exec, el.id);
    if (flows.length === 1) return this.take(exec, flows[0] as SequenceFlowModel);
    return this.fork(exec, flows);
  }

  private async take(exec: ExecutionRow, flow: SequenceFlowModel): Promise<void> {
    exec.activityId = null;
    exec.actInstId = null;
    await this.enter(exec, flow.targetId, flow.id);
  }

  private async fork(exec: ExecutionRow, flows: SequenceFlowModel[]): Promise<void> {
    const tokens: Array<[ExecutionRow, SequenceFlowModel]> = [];
    // New tokens stand at the forking element until they take their flow (as in Camunda 7), so an inclusive join
    // reached by an earlier token of the same fork knows they can still arrive.
    const activityId = exec.activityId;
    if (exec.isConcurrent) {
      const scope = this.inst.parent(exec) as ExecutionRow;
      tokens.push([exec, flows[0] as SequenceFlowModel]);
      for (const f of flows.slice(1)) tokens.push([this.inst.newExecution(scope, { isConcurrent: true, isScope: false, activityId }), f]);
    } else {
      exec.isActive = false;
      exec.activityId = null;
      exec.actInstId = exec.id === exec.procInstId ? exec.procInstId : exec.actInstId;
      for (const f of flows) tokens.push([this.inst.newExecution(exec, { isConcurrent: true, isScope: false, activityId }), f]);
    }
    for (const [t, f] of tokens) {
      if (this.inst.execution(t.id)) await this.take(t, f);
    }
  }

  /** A token reached a none end event or an activity without outgoing flows. */
  private async endToken(exec: ExecutionRow, endActivityId: string): Promise<void> {
    if (exec.isConcurrent) {
      const scope = this.inst.parent(exec) as ExecutionRow;
      // Whether this was the scope's last token depends on its siblings: bump the scope's revision so that a
      // concurrent command ending or joining a sibling cannot commit too (else neither sees itself as the last).
      this.ctx.uow.forceUpdate(T.execution, scope);
      this.inst.deleteExecution(exec);
      const remaining = this.inst.children(scope);
      if (remaining.length === 0) return this.completeScope(scope, endActivityId);
      return this.retryInclusiveJoins(scope);
    }
    return this.completeScope(exec, endActivityId);
  }

  private completeScope(scope: ExecutionRow, endActivityId: string): void {
    if (scope.id !== scope.procInstId) throw new ProcessEngineException(`Unsupported scope completion of '${scope.id}'`);
    history.endProcessInstance(this.ctx, scope.procInstId, 'COMPLETED', endActivityId, null);
    this.inst.deleteExecution(scope);
  }

  private async terminate(token: ExecutionRow, endActivityId: string): Promise<void> {
    await this.inst.loadWaitStates();
    for (const e of this.inst.executions) {
      if (e.id !== token.id) this.cancelActivityOf(e, 'terminated');
    }
    history.endProcessInstance(this.ctx, token.procInstId, 'COMPLETED', endActivityId, null);
    this.inst.deleteExecution(this.inst.root);
  }

  // gateways ////

  private async join(token: ExecutionRow, el: FlowElementModel): Promise<void> {
    const isParallel = el.kind === 'parallelGateway';
    token.isActive = false;
    if (!token.isConcurrent) {
      if (isParallel && el.incoming.length > 1) return; // a single token waits for the others forever, as in Camunda
      token.isActive = true;
      return this.leave(token, el, this.selectFork(token, el));
    }
    const scope = this.inst.parent(token) as ExecutionRow;
    this.ctx.uow.forceUpdate(T.execution, scope);
    if (isParallel) return this.tryParallelJoin(scope, el, token);
    return this.tryInclusiveJoin(scope, el, token);
  }

  private async tryParallelJoin(scope: ExecutionRow, el: FlowElementModel, arrived: ExecutionRow): Promise<void> {
    const waiting = this.waitingAt(scope, el.id);
    const chosen: ExecutionRow[] = [];
    for (const flowId of el.incoming) {
      const candidates = waiting.filter((w) => w.incomingFlowId === flowId);
      const pick = candidates.find((c) => c.id === arrived.id) ?? candidates[0];
      if (!pick) return;
      chosen.push(pick);
    }
    return this.activateJoin(scope, el, chosen, arrived);
  }

  private async tryInclusiveJoin(scope: ExecutionRow, el: FlowElementModel, arrived: ExecutionRow | null): Promise<void> {
    const waiting = this.waitingAt(scope, el.id);
    if (waiting.length === 0) return;
    const ids = new Set(waiting.map((w) => w.id));
    for (const other of this.inst.children(scope)) {
      if (ids.has(other.id)) continue;
      if (other.activityId && canReach(this.model, other.activityId, el.id)) return;
    }
    return this.activateJoin(scope, el, waiting, arrived ?? (waiting[0] as ExecutionRow));
  }

  private async retryInclusiveJoins(scope: ExecutionRow): Promise<void> {
    const gateways = new Set(
      this.inst.children(scope)
        .filter((c) => !c.isActive && c.activityId && this.model.elements.get(c.activityId)?.kind === 'inclusiveGateway')
        .map((c) => c.activityId as string),
    );
    for (const g of gateways) {
      if (!this.inst.isRunning) return;
      await this.tryInclusiveJoin(scope, this.element(g), null);
    }
  }

  private async activateJoin(scope: ExecutionRow, el: FlowElementModel, joined: ExecutionRow[], arrived: ExecutionRow): Promise<void> {
    const joinedIds = new Set(joined.map((j) => j.id));
    const others = this.inst.children(scope).filter((c) => !joinedIds.has(c.id));
    const leading = joinedIds.has(arrived.id) ? arrived : (joined[0] as ExecutionRow);
    for (const j of joined) {
      if (j.id !== leading.id && j.actInstId) history.endActivity(this.ctx, j.actInstId);
    }
    let continuing: ExecutionRow;
    if (others.length === 0) {
      // the scope execution replaces the last token and continues its activity instance (one per arrived token, as Camunda 7)
      for (const j of joined) this.inst.deleteExecution(j);
      continuing = scope;
      continuing.activityId = el.id;
      continuing.actInstId = leading.actInstId;
    } else {
      continuing = leading;
      for (const j of joined) if (j.id !== continuing.id) this.inst.deleteExecution(j);
      // the continuing token stands for all joined ones: its own local variables do not pass the join (as Camunda 7)
      if (joined.length > 1) for (const name of Object.keys(this.inst.localVariables(continuing.id))) this.inst.removeVariableLocal(continuing, name);
    }
    continuing.isActive = true;
    const flows = this.selectFork(continuing, el);
    if (continuing.actInstId) history.endActivity(this.ctx, continuing.actInstId);
    continuing.actInstId = continuing.id === continuing.procInstId ? null : continuing.actInstId;
    if (flows.length === 0) return this.endToken(continuing, el.id);
    if (flows.length === 1) return this.take(continuing, flows[0] as SequenceFlowModel);
    return this.fork(continuing, flows);
  }

  private waitingAt(scope: ExecutionRow, activityId: string): ExecutionRow[] {
    return this.inst.children(scope).filter((c) => c.isConcurrent && !c.isActive && c.activityId === activityId && this.inst.children(c).length === 0);
  }

  // flow selection ////

  private selectExclusive(token: ExecutionRow, el: FlowElementModel): SequenceFlowModel {
    for (const id of el.outgoing) {
      if (id === el.defaultFlowId) continue;
      const flow = this.flow(id);
      if (!flow.condition || this.condition(flow, token)) return flow;
    }
    if (el.defaultFlowId) return this.flow(el.defaultFlowId);
    throw new ProcessEngineException(`No outgoing sequence flow for the element with id '${el.id}' could be selected for continuing the process.`);
  }

  private selectFork(token: ExecutionRow, el: FlowElementModel): SequenceFlowModel[] {
    if (el.kind === 'parallelGateway') return el.outgoing.map((id) => this.flow(id));
    const taken = el.outgoing.filter((id) => id !== el.defaultFlowId).map((id) => this.flow(id)).filter((f) => !f.condition || this.condition(f, token));
    if (taken.length > 0) return taken;
    if (el.defaultFlowId) return [this.flow(el.defaultFlowId)];
    if (el.outgoing.length === 0) return [];
    throw new ProcessEngineException(`No outgoing sequence flow for the element with id '${el.id}' could be selected for continuing the process.`);
  }

  private selectOutgoing(token: ExecutionRow, el: FlowElementModel): SequenceFlowModel[] {
    if (el.outgoing.length === 0) return [];
    const taken = el.outgoing.filter((id) => id !== el.defaultFlowId).map((id) => this.flow(id)).filter((f) => !f.condition || this.condition(f, token));
    if (taken.length > 0) return taken;
    if (el.defaultFlowId) return [this.flow(el.defaultFlowId)];
    throw new ProcessEngineException(`No conditional sequence flow leaving the Flow Node '${el.id}' could be selected for continuing the process`);
  }

  private condition(flow: SequenceFlowModel, token: ExecutionRow): boolean {
    try {
      return evaluateCondition(flow.condition as CompiledExpression, this.inst.expressionContext(token));
    } catch (error) {
      throw new ProcessEngineException(`Error while evaluating the condition of sequence flow '${flow.id}': ${(error as Error).message}`, { cause: error });
    }
  }

  // wait states ////

  private createUserTask(token: ExecutionRow, el: UserTaskModel): void {
    const ctx = this.inst.expressionContext(token);
    const root = this.inst.root;
    const where = `user task '${el.id}'`;
    const task: TaskRow = {
      id: this.ctx.newId(), rev: 1, executionId: token.id, procInstId: token.procInstId, procDefId: token.procDefId,
      procDefKey: token.procDefKey, businessKey: root.businessKey, taskDefKey: el.id, actInstId: token.actInstId,
      name: el.name === null ? null : textOf(el.name, ctx, where), description: el.documentation === null ? null : textOf(el.documentation, ctx, where),
      owner: null, assignee: el.assignee ? evaluateToString(el.assignee, ctx, `camunda:assignee of ${where}`) : null,
      delegationState: null, priority: el.priority ? evaluateToNumber(el.priority, ctx, `camunda:priority of ${where}`) ?? 50 : 50,
      createTime: this.ctx.now, lastUpdated: null,
      dueDate: el.dueDate ? evaluateToDate(el.dueDate, ctx, this.ctx.now, `camunda:dueDate of ${where}`) : null,
      followUpDate: el.followUpDate ? evaluateToDate(el.followUpDate, ctx, this.ctx.now, `camunda:followUpDate of ${where}`) : null,
      suspended: false, formKey: el.formKey ? evaluateToString(el.formKey, ctx, `camunda:formKey of ${where}`) : null,
      formRefKey: el.formRef ? evaluateToString(el.formRef.key, ctx, `camunda:formRef of ${where}`) : null,
      formRefBinding: el.formRef?.binding ?? null,
      formRefVersion: el.formRef?.version ? evaluateToNumber(el.formRef.version, ctx, `camunda:formRefVersion of ${where}`) : null,
      parentTaskId: null, tenantId: token.tenantId, deploymentId: this.def.row.deploymentId,
    };
    this.ctx.uow.insert(T.task, task);
    const link = (type: string, userId: string | null, groupId: string | null) =>
      this.ctx.uow.insert(T.identityLink, { id: this.ctx.newId(), rev: 1, taskId: task.id, procDefId: null, procInstId: task.procInstId, type, userId, groupId });
    const users = new Set(el.candidateUsers.flatMap((e) => evaluateToStrings(e, ctx, `camunda:candidateUsers of ${where}`)));
    const groups = new Set(el.candidateGroups.flatMap((e) => evaluateToStrings(e, ctx, `camunda:candidateGroups of ${where}`)));
    for (const u of users) link('candidate', u, null);
    for (const g of groups) link('candidate', null, g);
    history.createTask(this.ctx, task, root.rootProcInstId);
    if (token.actInstId) history.activityTask(this.ctx, token.actInstId, task.id, task.assignee);
  }

  private createExternalTask(token: ExecutionRow, el: ExternalTaskModel): void {
    const ctx = this.inst.expressionContext(token);
    const where = `external task '${el.id}'`;
    const topic = evaluateToString(el.topic, ctx, `camunda:topic of ${where}`);
    if (!topic) throw new ProcessEngineException(`camunda:topic of ${where} evaluated to an empty value`);
    const priorityExpr = el.priority ?? this.model.taskPriority;
    const priority = priorityExpr ? evaluateToNumber(priorityExpr, ctx, `camunda:taskPriority of ${where}`) ?? 0 : 0;
    this.ctx.uow.insert(T.externalTask, {
      id: this.ctx.newId(), rev: 1, topic, workerId: null, lockExpTime: null, retries: null, errorMessage: null,
      errorDetails: null, suspended: false, executionId: token.id, procInstId: token.procInstId, procDefId: token.procDefId,
      procDefKey: token.procDefKey, procDefVersionTag: this.def.row.versionTag, activityId: el.id, actInstId: token.actInstId,
      priority, businessKey: this.inst.root.businessKey, tenantId: token.tenantId, createTime: this.ctx.now,
    });
    this.ctx.afterCommit.push(() => this.ctx.events.externalTaskAvailable(topic));
  }

  /** Removes what an execution waits in (user task, external task) and closes its activity instance as canceled. */
  private cancelActivityOf(e: ExecutionRow, reason: string): void {
    for (const t of this.ctx.uow.cached(T.task, (t) => t.executionId === e.id)) {
      for (const l of this.ctx.uow.cached(T.identityLink, (l) => l.taskId === t.id)) this.ctx.uow.delete(T.identityLink, l);
      this.inst.deleteTaskVariables(t.id);
      history.endTask(this.ctx, t.id, reason, 'Deleted');
      this.ctx.uow.delete(T.task, t);
    }
    for (const x of this.ctx.uow.cached(T.externalTask, (x) => x.executionId === e.id)) this.ctx.uow.delete(T.externalTask, x);
    deleteJobsOfExecution(this.ctx, e.id);
    removeSubscriptionsOf(this.ctx, e.id);
    for (const i of this.ctx.uow.cached(T.incident, (i) => i.executionId === e.id)) {
      history.incidentDeleted(this.ctx, i);
      this.ctx.uow.delete(T.incident, i);
    }
    if (e.actInstId && e.actInstId !== e.procInstId) history.endActivity(this.ctx, e.actInstId, ACT_STATE.canceled);
  }

  // helpers ////

  private parameterValue(value: ParameterValue, token: ExecutionRow): TypedValue {
    if (value.kind === 'expression' && value.expression.singleIdentifier) {
      const typed = this.inst.getVariable(token, value.expression.singleIdentifier);
      if (typed) return { ...typed, valueInfo: { ...typed.valueInfo } };
    }
    return inferTypedValue(this.evaluateParameter(value, token));
  }

  private evaluateParameter(value: ParameterValue, token: ExecutionRow): unknown {
    switch (value.kind) {
      case 'null':
        return null;
      case 'list':
        return value.items.map((i) => this.evaluateParameter(i, token));
      case 'map':
        return Object.fromEntries(value.entries.map((e) => [e.key, this.evaluateParameter(e.value, token)]));
      case 'expression': {
        try {
          return value.expression.evaluate(this.inst.expressionContext(token));
        } catch (error) {
          throw new ProcessEngineException(`Error while evaluating '${value.expression.source}': ${(error as Error).message}`, { cause: error });
        }
      }
    }
  }

  private scopeActivityInstanceId(exec: ExecutionRow): string {
    let cur: ExecutionRow | null = exec.isConcurrent ? this.inst.parent(exec) : exec.id === exec.procInstId ? exec : this.inst.parent(exec);
    while (cur && cur.id !== cur.procInstId && !cur.isScope) cur = this.inst.parent(cur);
    if (!cur || cur.id === cur.procInstId) return exec.procInstId;
    return cur.actInstId ?? exec.procInstId;
  }

  private element(id: string | null): FlowElementModel {
    const el = id ? this.model.elements.get(id) : undefined;
    if (!el) throw new ProcessEngineException(`Activity '${id}' not found in process '${this.model.id}'`);
    return el;
  }

  private flow(id: string): SequenceFlowModel {
    const f = this.model.flows.get(id);
    if (!f) throw new ProcessEngineException(`Sequence flow '${id}' not found in process '${this.model.id}'`);
    return f;
  }
}

const nameExpressions = new Map<string, CompiledExpression>();

function textOf(text: string, ctx: ReturnType<InstanceState['expressionContext']>, where: string): string {
  if (!text.includes('${') && !text.includes('#{')) return text;
  let expr = nameExpressions.get(text);
  if (!expr) {
    expr = compileExpression(text);
    nameExpressions.set(text, expr);
  }
  return evaluateToString(expr, ctx, where) ?? '';
}
