import { evaluateCondition, compileExpression, type CompiledExpression } from '../expression/index.js';
import { ProcessEngineException } from '../errors.js';
import { canReach, type FlowElementModel, type ParameterValue, type ProcessModel, type SequenceFlowModel, type UserTaskModel, type ExternalTaskModel, type BoundaryEventModel, type ErrorEventModel, type SubProcessModel, type MultiInstanceBodyModel, type CallActivityModel, type StartEventModel, type TimerModel } from '../model/index.js';
import { multiInstanceBodyId } from '../model/validate-activities.js';
import { insertAsyncJob, type AsyncPhase } from '../jobs/async-jobs.js';
import { applyOutMappings, calledInstanceEnded, callerOf, deleteCalledInstances, startCalledInstance } from './call-activities.js';
import { T, type EventSubscriptionRow, type ExecutionRow, type TaskRow } from '../persistence/tables.js';
import { inferTypedValue, toJsValue, type TypedValue, type VariableMap } from '../variables/index.js';
import type { CommandContext } from './command-context.js';
import type { DeployedProcess } from './definition-cache.js';
import { ACT_STATE, history } from './history.js';
import type { InstanceState } from './instance-state.js';
import { evaluateToDate, evaluateToStrings, evaluateToString, evaluateToNumber } from './evaluation.js';
import { createBoundaryTimerJob, createTimerCatchJob, deleteJobsOfExecution } from '../jobs/timer-jobs.js';
import { executionOfScope, isActivityScope, scopeActivityInstanceOf, scopeInstanceId } from './scopes.js';
import { removeSubscriptionsOf, subscribeToMessage } from './message-subscriptions.js';
import { subscribeToSignal, throwSignal } from './signal-events.js';

/**
 * Runs a process instance from wait state to wait state inside one command: enters flow nodes, applies
 * input/output mappings, creates user and external tasks, routes tokens through gateways (fork and join),
 * and completes the instance when its last token ends.
 */
export class Executor {
  private readonly model: ProcessModel;
  /** The end state of the instances of call activities this executor cancels. */
  private calledState = 'INTERNALLY_TERMINATED';

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
    this.createEventSubProcessTriggers(this.inst.root, '');
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
      this.dropScope(token, el);
      if (!parent) return;
      exec = parent;
    }
    await this.endToken(exec, el.id);
  }

  /**
   * Cancels every activity of the instance and removes its runtime state (delete or terminate); the instances its call
   * activities called end with `calledState`.
   */
  cancelAll(reason: string, calledState = 'EXTERNALLY_TERMINATED'): void {
    this.calledState = calledState;
    for (const e of this.inst.executions) this.cancelActivityOf(e, reason);
  }

  // token movement ////

  private async enter(exec: ExecutionRow, elementId: string, flowId: string | null, opts: EnterOptions = {}): Promise<void> {
    if (!this.inst.isRunning) return;
    let el = this.element(elementId);
    if (el.loop && !opts.asInstance) el = this.element(multiInstanceBodyId(el.id));
    if (el.asyncBefore && !opts.pastAsync) {
      // a transaction boundary: this command ends here; a job enters the activity
      exec.activityId = el.id;
      exec.incomingFlowId = flowId;
      exec.isActive = true;
      exec.actInstId = exec.id === exec.procInstId ? exec.procInstId : null;
      insertAsyncJob(this.ctx, exec, el.id, 'before', this.def.row.deploymentId);
      return;
    }
    exec.activityId = el.id;
    exec.incomingFlowId = flowId;
    exec.isActive = true;
    const scopeExecutionId = el.isScope ? this.ctx.newId() : null;
    const actInstId = scopeExecutionId ? scopeInstanceId(el.id, scopeExecutionId) : `${el.id}:${this.ctx.newId()}`;
    const parentActInstId = this.scopeActivityInstanceId(exec);
    let token = exec;
    if (scopeExecutionId) {
      token = this.inst.newExecution(exec, { id: scopeExecutionId, isScope: true, isConcurrent: false, activityId: el.id, actInstId, isActive: true });
      exec.isActive = false;
      exec.actInstId = exec.id === exec.procInstId ? exec.procInstId : null;
    } else {
      exec.actInstId = actInstId;
    }
    history.startActivity(this.ctx, token, el, actInstId, parentActInstId);
    if (el.isScope) {
      for (const p of el.inputParameters) this.inst.setVariableLocal(token, p.name, this.parameterValue(p.value, token));
      if (this.model.boundaryEventIds.has(el.id)) this.createBoundaryEvents(token, el);
      if (el.kind === 'subProcess') this.createEventSubProcessTriggers(token, el.id);
    }
    await this.execute(token, el, opts.triggered === true);
  }

  private async execute(token: ExecutionRow, el: FlowElementModel, triggered: boolean): Promise<void> {
    if (triggered) return this.leave(token, el); // a catch event after an event-based gateway whose event occurred
    switch (el.kind) {
      case 'startEvent':
      case 'passThrough':
        return this.leave(token, el);
      case 'endEvent':
        if (el.signalName && !(await throwSignal(this.ctx, token, el.signalName, el.id, this.inst.expressionContext(token)))) return;
        // as Camunda 7: the end event whose token was the last of its scope completes the scope
        history.endActivity(this.ctx, token.actInstId ?? '', !el.error && (el.terminate || this.isLastToken(token)) ? ACT_STATE.scopeComplete : ACT_STATE.default);
        if (el.error) return this.throwError(token, el.id, false, el.error.errorCode, this.errorMessageOf(el.error, token));
        if (el.terminate) return this.terminate(token, el.id);
        return this.endToken(token, el.id);
      case 'userTask':
        return this.createUserTask(token, el);
      case 'externalTask':
        return this.createExternalTask(token, el);
      case 'messageCatch':
        subscribeToMessage(this.ctx, token, el, this.inst.expressionContext(token));
        return;
      case 'signalCatch':
        subscribeToSignal(this.ctx, token, el, this.inst.expressionContext(token));
        return;
      case 'signalThrow':
        if (!(await throwSignal(this.ctx, token, el.signalName, el.id, this.inst.expressionContext(token)))) return;
        return this.leave(token, el);
      case 'subProcess':
        if (!el.startEventId) throw new ProcessEngineException(`Sub-process '${el.id}' has no start event`);
        return this.enter(token, el.startEventId, null);
      case 'boundaryEvent':
        return this.leave(token, el);
      case 'timerCatch':
        createTimerCatchJob(this.ctx, token, el, this.inst.expressionContext(token), this.def.row.deploymentId);
        return;
      case 'exclusiveGateway':
        return this.leave(token, el, [this.selectExclusive(token, el)]);
      case 'parallelGateway':
      case 'inclusiveGateway':
        return this.join(token, el);
      case 'eventBasedGateway':
        return this.waitAtEventGateway(token, el);
      case 'multiInstanceBody':
        return this.startInstances(token, el);
      case 'callActivity':
        return this.callProcess(token, el);
    }
  }

  private async leave(token: ExecutionRow, el: FlowElementModel, chosen?: SequenceFlowModel[]): Promise<void> {
    // As Camunda 7: the outgoing conditions are evaluated in the activity's own scope (its input variables are
    // visible), before the output mapping runs. Behind an asynchronous continuation, the job selects them.
    const flows = el.loop || el.asyncAfter ? [] : chosen ?? this.selectOutgoing(token, el);
    if (token.actInstId) history.endActivity(this.ctx, token.actInstId);
    let exec = token;
    if (el.isScope) {
      const parent = this.inst.parent(token);
      if (!parent) throw new ProcessEngineException(`Scope execution of '${el.id}' has no parent`);
      // one after another, as Camunda's IoMapping: a later output parameter sees what an earlier one set
      for (const p of el.outputParameters) this.inst.setVariable(parent, p.name, this.parameterValue(p.value, token));
      this.dropScope(token, el);
      exec = parent;
      exec.isActive = true;
    }
    if (el.loop) return this.instanceCompleted(exec, el);
    if (el.asyncAfter) {
      exec.activityId = el.id;
      exec.actInstId = exec.id === exec.procInstId ? exec.procInstId : null;
      insertAsyncJob(this.ctx, exec, el.id, 'after', this.def.row.deploymentId);
      return;
    }
    return this.takeFlows(exec, el, flows);
  }

  private async takeFlows(exec: ExecutionRow, el: FlowElementModel, flows: SequenceFlowModel[]): Promise<void> {
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

  /** True when no other token runs in the token's scope. */
  private isLastToken(token: ExecutionRow): boolean {
    if (!token.isConcurrent) return true;
    const scope = this.inst.parent(token);
    return !scope || this.inst.children(scope).length === 1;
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

  private async completeScope(scope: ExecutionRow, endActivityId: string): Promise<void> {
    if (scope.id !== scope.procInstId) {
      // the last token of a sub-process ended: the sub-process completes and its parent token leaves it
      const el = this.element(this.inst.parent(scope)?.activityId ?? null);
      scope.actInstId = scopeActivityInstanceOf(this.inst, scope);
      scope.activityId = el.id;
      scope.isActive = true;
      return this.leave(scope, el);
    }
    history.endProcessInstance(this.ctx, scope.procInstId, 'COMPLETED', endActivityId, null);
    this.endInstance(scope);
    await calledInstanceEnded(this.ctx, scope, this.inst.endedRootVariables);
  }

  /** Deletes the root execution of an ended instance, with the triggers of its event sub-processes. */
  private endInstance(root: ExecutionRow): void {
    if (this.hasScopeTriggers('')) {
      deleteJobsOfExecution(this.ctx, root.id);
      removeSubscriptionsOf(this.ctx, root.id);
    }
    this.inst.deleteExecution(root);
  }

  private async terminate(token: ExecutionRow, endActivityId: string): Promise<void> {
    await this.inst.loadWaitStates();
    const scope = this.inst.scopeOf(token);
    if (scope.id !== scope.procInstId) {
      // inside a sub-process only the sub-process ends (as Camunda 7): its other tokens are cancelled, then it completes
      for (const c of this.inst.children(scope)) this.cancelTree(c, 'terminated');
      return this.completeScope(scope, endActivityId);
    }
    for (const e of this.inst.executions) {
      if (e.id !== token.id) this.cancelActivityOf(e, 'terminated');
    }
    const root = this.inst.root;
    history.endProcessInstance(this.ctx, token.procInstId, 'COMPLETED', endActivityId, null);
    this.endInstance(root);
    await calledInstanceEnded(this.ctx, root, this.inst.endedRootVariables);
  }

  // scopes, boundary and error events ////

  /**
   * A timer or message of a boundary event fired on the scope execution of its activity. Interrupting: the activity
   * and everything inside it is cancelled, then the token takes the boundary event. Non-interrupting: a new concurrent
   * token takes the boundary event and the activity keeps running.
   */
  async fireBoundaryEvent(scope: ExecutionRow, boundaryId: string): Promise<void> {
    const b = this.element(boundaryId);
    if (b.kind === 'startEvent') return this.startEventSubProcess(scope, b);
    if (b.kind !== 'boundaryEvent') throw new ProcessEngineException(`'${boundaryId}' is not a boundary event`);
    if (b.cancelActivity) return this.interrupt(scope, b);
    const owner = this.inst.parent(scope);
    if (!owner) throw new ProcessEngineException(`Scope execution of '${b.attachedToId}' has no parent`);
    let flowScope = owner;
    if (owner.isConcurrent) {
      flowScope = this.inst.parent(owner) as ExecutionRow;
    } else {
      // the token of the flow scope becomes one of two concurrent tokens: the activity moves under a concurrent execution
      const concurrent = this.inst.newExecution(owner, { isConcurrent: true, isScope: false, activityId: owner.activityId, isActive: false, incomingFlowId: owner.incomingFlowId });
      scope.parentId = concurrent.id;
      owner.activityId = null;
      owner.isActive = false;
      owner.actInstId = owner.id === owner.procInstId ? owner.procInstId : null;
    }
    this.ctx.uow.forceUpdate(T.execution, flowScope);
    const token = this.inst.newExecution(flowScope, { isConcurrent: true, isScope: false, activityId: b.id });
    await this.enter(token, b.id, null);
  }

  /**
   * A message or signal reached one of the execution's subscriptions: a waiting catch event or receive task continues,
   * a boundary event fires, the path of an event-based gateway is taken, an event sub-process starts.
   */
  async eventReceived(exec: ExecutionRow, sub: EventSubscriptionRow): Promise<void> {
    const el = sub.activityId ? this.model.elements.get(sub.activityId) : undefined;
    // a non-interrupting boundary event or event sub-process keeps its subscription while its scope runs (it may fire again)
    const keeps = (el?.kind === 'boundaryEvent' && !el.cancelActivity) || (el?.kind === 'startEvent' && el.isInterrupting === false);
    if (!keeps) this.ctx.uow.delete(T.eventSubscription, sub);
    if (el?.kind === 'boundaryEvent' || el?.kind === 'startEvent') return this.fireBoundaryEvent(exec, el.id);
    if (el && el.id !== exec.activityId) return this.catchEventOccurred(exec, el.id);
    return this.leaveWaitState(exec);
  }

  /** True when the execution still waits for the event `activityId` (a catch event, a path of its event-based gateway, a boundary event or event sub-process of its scope). */
  waitsFor(exec: ExecutionRow, activityId: string): boolean {
    if (exec.activityId === activityId) return true;
    const current = exec.activityId ? this.model.elements.get(exec.activityId) : undefined;
    if (current?.kind === 'eventBasedGateway') return current.outgoing.some((f) => this.flow(f).targetId === activityId);
    const el = this.model.elements.get(activityId);
    return el?.kind === 'boundaryEvent' || (el?.kind === 'startEvent' && this.model.parentOf.has(el.id));
  }

  /**
   * The event a token waits for occurred (a timer fired): at a catch event the token moves on; at an event-based gateway
   * the other paths are cancelled and the token passes the gateway and the event that occurred.
   */
  async catchEventOccurred(token: ExecutionRow, eventId: string): Promise<void> {
    if (token.activityId === eventId) return this.leaveWaitState(token);
    const gateway = this.element(token.activityId);
    if (gateway.kind !== 'eventBasedGateway') throw new ProcessEngineException(`Execution '${token.id}' does not wait for '${eventId}'`);
    deleteJobsOfExecution(this.ctx, token.id);
    removeSubscriptionsOf(this.ctx, token.id);
    const flow = gateway.outgoing.map((f) => this.flow(f)).find((f) => f.targetId === eventId);
    if (!flow) throw new ProcessEngineException(`Event-based gateway '${gateway.id}' has no path to '${eventId}'`);
    if (token.actInstId) history.endActivity(this.ctx, token.actInstId);
    token.activityId = null;
    token.actInstId = null;
    await this.enter(token, eventId, flow.id, { triggered: true });
  }

  /** Continues a token behind an asynchronous continuation: entering its activity (before), or taking its outgoing flows (after). */
  async continueAsync(token: ExecutionRow, phase: AsyncPhase): Promise<void> {
    const el = this.element(token.activityId);
    if (phase === 'before') return this.enter(token, el.id, token.incomingFlowId, { pastAsync: true, asInstance: el.kind !== 'multiInstanceBody' && !!el.loop });
    const flows = el.kind === 'exclusiveGateway' ? [this.selectExclusive(token, el)]
      : el.kind === 'parallelGateway' || el.kind === 'inclusiveGateway' ? this.selectFork(token, el) : this.selectOutgoing(token, el);
    token.isActive = true;
    return this.takeFlows(token, el, flows);
  }

  /** The instance a call activity called has ended: its `camunda:out` variables are copied and the token leaves the call activity. */
  async calledInstanceEnded(token: ExecutionRow, calledVariables: VariableMap): Promise<void> {
    const el = this.element(token.activityId);
    if (el.kind !== 'callActivity') throw new ProcessEngineException(`Execution '${token.id}' does not wait in a call activity`);
    applyOutMappings(this.inst, token, el, calledVariables);
    return this.leaveWaitState(token);
  }

  /**
   * The activity the token waits in (an external task) throws a BPMN error: it is caught by the nearest matching error
   * boundary event or error event sub-process, outwards scope by scope; uncaught, the token ends as at a none end event
   * (Camunda 7's default).
   */
  async throwBpmnError(token: ExecutionRow, errorCode: string, errorMessage: string | null): Promise<void> {
    return this.throwError(token, this.element(token.activityId).id, true, errorCode, errorMessage);
  }

  private async throwError(token: ExecutionRow, activityId: string, ownBoundaries: boolean, code: string | null, message: string | null): Promise<void> {
    const handler = this.findErrorHandler(activityId, ownBoundaries, code);
    if (!handler && (await this.propagateToCaller(code, message))) return;
    if (!handler) return ownBoundaries ? this.endWaitStateAsNoneEnd(token) : this.endToken(token, activityId);
    await this.inst.loadWaitStates();
    const scope = executionOfScope(this.inst, token, handler.scopeActivityId);
    if (!scope) throw new ProcessEngineException(`No execution of scope '${handler.scopeActivityId ?? this.model.id}' found for the error handler '${handler.event.id}'`);
    // as Camunda 7: the variables are set (setVariable) on the execution of the handler's event scope
    if (handler.error.codeVariable) this.inst.setVariable(scope, handler.error.codeVariable, inferTypedValue(code));
    if (handler.error.messageVariable) this.inst.setVariable(scope, handler.error.messageVariable, inferTypedValue(message));
    if (handler.event.kind === 'boundaryEvent') return this.interrupt(scope, handler.event);
    // an error event sub-process interrupts everything else in its scope, then runs inside it
    for (const c of this.inst.children(scope)) this.cancelTree(c, 'deleted');
    this.cancelActivityOf(scope, 'deleted', handler.scopeActivityId ?? '');
    scope.isActive = true;
    await this.enter(scope, handler.event.id, null);
  }

  /**
   * An error no handler of this instance catches travels to the call activity that called it, as in Camunda 7: when a
   * handler there (or further up) catches it, this instance is deleted and the error is thrown at the call activity.
   */
  private async propagateToCaller(code: string | null, message: string | null): Promise<boolean> {
    const caller = await callerOf(this.ctx, this.inst.root);
    if (!caller || !(await caller.executor.catchesError(caller.token, code))) return false;
    // the called instance ends as its call activity is interrupted (the cancellation deletes it)
    await caller.executor.throwBpmnError(caller.token, code ?? '', message);
    return true;
  }

  /** True when an error thrown at the activity the token waits in is caught in this instance or a calling one. */
  private async catchesError(token: ExecutionRow, code: string | null): Promise<boolean> {
    if (this.findErrorHandler(this.element(token.activityId).id, true, code)) return true;
    const caller = await callerOf(this.ctx, this.inst.root);
    return caller !== null && caller.executor.catchesError(caller.token, code);
  }

  /** The nearest handler of an error thrown at `activityId`: its own boundary events, then outwards scope by scope. */
  private findErrorHandler(activityId: string, ownBoundaries: boolean, code: string | null): ErrorHandler | null {
    if (ownBoundaries) {
      const own = this.matchingBoundary(activityId, code);
      if (own) return own;
    }
    let inner = activityId;
    let scopeId: string | null = this.model.parentOf.get(activityId) ?? null;
    for (;;) {
      const candidates = (this.model.eventSubProcessIds.get(scopeId ?? '') ?? []).filter((id) => id !== inner)
        .map((id) => this.element(id) as SubProcessModel)
        .map((sub) => ({ sub, start: this.element(sub.startEventId) }));
      const esp = pickError(candidates.map(({ sub, start }) => ({ event: sub, error: start.kind === 'startEvent' ? start.error : undefined })), code);
      if (esp) return { ...esp, scopeActivityId: scopeId };
      if (scopeId === null) return null;
      const boundary = this.matchingBoundary(scopeId, code);
      if (boundary) return boundary;
      inner = scopeId;
      scopeId = this.model.parentOf.get(scopeId) ?? null;
    }
  }

  private matchingBoundary(activityId: string, code: string | null): ErrorHandler | null {
    const boundaries = (this.model.boundaryEventIds.get(activityId) ?? []).map((id) => this.element(id))
      .filter((b): b is BoundaryEventModel => b.kind === 'boundaryEvent');
    const found = pickError(boundaries.map((b) => ({ event: b, error: b.error })), code);
    return found ? { ...found, scopeActivityId: activityId } : null;
  }

  private errorMessageOf(error: ErrorEventModel, token: ExecutionRow): string | null {
    if (!error.errorMessage) return null;
    return evaluateToString(error.errorMessage, this.inst.expressionContext(token), 'camunda:errorMessage');
  }

  /** Interrupts the activity of a scope execution (cancelled with everything inside it); its token takes the boundary event. */
  private async interrupt(scope: ExecutionRow, b: BoundaryEventModel): Promise<void> {
    const owner = this.inst.parent(scope);
    if (!owner) throw new ProcessEngineException(`Scope execution of '${b.attachedToId}' has no parent`);
    await this.inst.loadWaitStates();
    this.cancelTree(scope, 'deleted');
    owner.isActive = true;
    await this.enter(owner, b.id, null);
  }

  /** Cancels an execution and everything below it (activity instances canceled, waiting rows removed), then deletes it. */
  private cancelTree(e: ExecutionRow, reason: string): void {
    for (const c of this.inst.children(e)) this.cancelTree(c, reason);
    this.cancelActivityOf(e, reason);
    this.inst.deleteExecution(e);
  }

  /** Creates the timers and message subscriptions of the boundary events of an activity on its new scope execution. */
  private createBoundaryEvents(scope: ExecutionRow, el: FlowElementModel): void {
    for (const id of this.model.boundaryEventIds.get(el.id) ?? []) {
      const b = this.element(id);
      if (b.kind !== 'boundaryEvent') continue;
      if (b.timer) createBoundaryTimerJob(this.ctx, scope, { ...b, timer: b.timer }, this.inst.expressionContext(scope), this.def.row.deploymentId);
      else if (b.messageName) subscribeToMessage(this.ctx, scope, { id: b.id, messageName: b.messageName }, this.inst.expressionContext(scope));
      else if (b.signalName) subscribeToSignal(this.ctx, scope, { id: b.id, signalName: b.signalName }, this.inst.expressionContext(scope));
    }
  }

  // event sub-processes ////

  /** The timer, message and signal start events of the event sub-processes directly inside a scope ('' = the process). */
  private eventSubProcessTriggers(scopeId: string): StartEventModel[] {
    const out: StartEventModel[] = [];
    for (const id of this.model.eventSubProcessIds.get(scopeId) ?? []) {
      const sub = this.element(id);
      const start = sub.kind === 'subProcess' && sub.startEventId ? this.element(sub.startEventId) : undefined;
      if (start?.kind === 'startEvent' && !start.error) out.push(start);
    }
    return out;
  }

  /** True when ending a scope must remove jobs or subscriptions of its execution (boundary events, event sub-process triggers). */
  private hasScopeTriggers(scopeId: string): boolean {
    return this.model.boundaryEventIds.has(scopeId) || this.eventSubProcessTriggers(scopeId).length > 0;
  }

  /** Creates the timers and subscriptions of the event sub-processes of a scope that has just started, on its execution. */
  private createEventSubProcessTriggers(scope: ExecutionRow, scopeId: string): void {
    for (const start of this.eventSubProcessTriggers(scopeId)) {
      const variables = this.inst.expressionContext(scope);
      const timer: TimerModel | undefined = start.timer;
      if (timer) createBoundaryTimerJob(this.ctx, scope, { id: start.id, cancelActivity: start.isInterrupting !== false, timer }, variables, this.def.row.deploymentId);
      else if (start.messageName) subscribeToMessage(this.ctx, scope, { id: start.id, messageName: start.messageName }, variables);
      else if (start.signalName) subscribeToSignal(this.ctx, scope, { id: start.id, signalName: start.signalName }, variables);
    }
  }

  /**
   * The start event of an event sub-process was triggered on the execution of its scope. Interrupting: everything else in
   * the scope is cancelled (with the other triggers of the scope), then the event sub-process runs in it. Non-interrupting:
   * it runs beside what runs in the scope, on a new concurrent token.
   */
  private async startEventSubProcess(scope: ExecutionRow, start: StartEventModel): Promise<void> {
    const subId = this.model.parentOf.get(start.id);
    if (!subId) throw new ProcessEngineException(`Start event '${start.id}' is not in an event sub-process`);
    await this.inst.loadWaitStates();
    if (start.isInterrupting !== false) {
      for (const c of this.inst.children(scope)) this.cancelTree(c, 'deleted');
      const scopeActivityId = this.model.parentOf.get(subId) ?? '';
      this.cancelActivityOf(scope, 'deleted', scopeActivityId);
      scope.isActive = true;
      return this.enter(scope, subId, null);
    }
    await this.expandToConcurrent(scope);
    this.ctx.uow.forceUpdate(T.execution, scope);
    const token = this.inst.newExecution(scope, { isConcurrent: true, isScope: false, activityId: subId });
    await this.enter(token, subId, null);
  }

  /**
   * Makes room for a concurrent token in a scope whose execution is itself the token (it waits in an activity): the
   * activity and what waits in it (task, external task, jobs, subscriptions, child scope) move to a new concurrent
   * execution, as Camunda 7 expands the execution tree.
   */
  private async expandToConcurrent(scope: ExecutionRow): Promise<void> {
    const children = this.inst.children(scope);
    if (children.some((c) => c.isConcurrent) || scope.activityId === null) return;
    const c = this.inst.newExecution(scope, {
      isConcurrent: true, isScope: false, activityId: scope.activityId, actInstId: scope.actInstId === scope.procInstId ? null : scope.actInstId,
      isActive: scope.isActive, incomingFlowId: scope.incomingFlowId,
    });
    for (const child of children) child.parentId = c.id;
    const scopeTriggers = new Set<string>([
      ...this.eventSubProcessTriggers(this.scopeActivityIdOf(scope)).map((t) => t.id),
      ...(this.model.boundaryEventIds.get(this.scopeActivityIdOf(scope)) ?? []),
    ]);
    for (const t of this.ctx.uow.cached(T.task, (t) => t.executionId === scope.id)) t.executionId = c.id;
    for (const x of this.ctx.uow.cached(T.externalTask, (x) => x.executionId === scope.id)) x.executionId = c.id;
    for (const i of this.ctx.uow.cached(T.incident, (i) => i.executionId === scope.id)) i.executionId = c.id;
    for (const j of await this.ctx.uow.select(T.job, 'execution_id = ?', [scope.id])) if (!scopeTriggers.has(j.activityId ?? '')) j.executionId = c.id;
    for (const sub of await this.ctx.uow.select(T.eventSubscription, 'execution_id = ?', [scope.id])) if (!scopeTriggers.has(sub.activityId ?? '')) sub.executionId = c.id;
    for (const j of this.ctx.uow.cached(T.job, (j) => j.executionId === scope.id)) if (!scopeTriggers.has(j.activityId ?? '')) j.executionId = c.id;
    for (const sub of this.ctx.uow.cached(T.eventSubscription, (x) => x.executionId === scope.id)) if (!scopeTriggers.has(sub.activityId ?? '')) sub.executionId = c.id;
    // an instance called from the moved token stays linked to it
    for (const called of await this.ctx.uow.select(T.execution, 'super_exec_id = ?', [scope.id])) called.superExecId = c.id;
    for (const called of this.ctx.uow.cached(T.execution, (x) => x.superExecId === scope.id)) called.superExecId = c.id;
    scope.activityId = null;
    scope.isActive = false;
    scope.actInstId = scope.id === scope.procInstId ? scope.procInstId : null;
  }

  /** The activity whose instance a scope execution runs ('' for the process instance). */
  private scopeActivityIdOf(scope: ExecutionRow): string {
    if (scope.id === scope.procInstId) return '';
    return this.inst.parent(scope)?.activityId ?? '';
  }

  /** Deletes the scope execution of an activity that ends, with the timers and subscriptions of its boundary events. */
  private dropScope(scope: ExecutionRow, el: FlowElementModel): void {
    if (this.hasScopeTriggers(el.id)) {
      deleteJobsOfExecution(this.ctx, scope.id);
      removeSubscriptionsOf(this.ctx, scope.id);
    }
    this.inst.deleteExecution(scope);
  }

  // multi-instance and call activities ////

  /** Starts the instances of a multi-instance body: all at once (parallel), or the first (sequential). */
  private async startInstances(body: ExecutionRow, el: MultiInstanceBodyModel): Promise<void> {
    const inner = this.element(el.innerId);
    const collection = this.loopCollection(body, el);
    const n = this.numberOfInstances(body, el, collection);
    this.inst.setVariableLocal(body, 'nrOfInstances', integer(n));
    this.inst.setVariableLocal(body, 'nrOfCompletedInstances', integer(0));
    this.inst.setVariableLocal(body, 'nrOfActiveInstances', integer(el.multiInstance.sequential ? Math.min(n, 1) : n));
    if (n === 0) return this.leaveBody(body, el);
    if (el.multiInstance.sequential) return this.startInstance(body, el, inner, 0, collection);
    body.isActive = false;
    body.actInstId = null;
    const tokens: ExecutionRow[] = [];
    for (let i = 0; i < n; i++) tokens.push(this.inst.newExecution(body, { isConcurrent: true, isScope: false, activityId: inner.id }));
    for (const [i, t] of tokens.entries()) {
      if (this.inst.execution(t.id)) await this.startInstance(t, el, inner, i, collection);
    }
  }

  private async startInstance(exec: ExecutionRow, el: MultiInstanceBodyModel, inner: FlowElementModel, index: number, collection: unknown[] | null): Promise<void> {
    this.inst.setVariableLocal(exec, 'loopCounter', integer(index));
    if (el.multiInstance.elementVariable) {
      if (!collection || index >= collection.length) {
        throw new ProcessEngineException(`The collection of multi-instance activity '${inner.id}' has no element at index ${index}`);
      }
      this.inst.setVariableLocal(exec, el.multiInstance.elementVariable, inferTypedValue(collection[index]));
    }
    await this.enter(exec, inner.id, null, { asInstance: true });
  }

  /**
   * An instance of a multi-instance activity completed on `exec`: the counters are updated and the completion condition
   * is checked; the next instance starts (sequential), or the body completes when all are done or the condition holds
   * (the instances still running are cancelled).
   */
  private async instanceCompleted(exec: ExecutionRow, inner: FlowElementModel): Promise<void> {
    const body = exec.isConcurrent ? (this.inst.parent(exec) as ExecutionRow) : exec;
    const el = this.element(multiInstanceBodyId(inner.id));
    if (el.kind !== 'multiInstanceBody') throw new ProcessEngineException(`'${inner.id}' has no multi-instance body`);
    // siblings completing in concurrent commands must not both see themselves as the last one
    this.ctx.uow.forceUpdate(T.execution, body);
    const completed = this.counter(body, 'nrOfCompletedInstances') + 1;
    const n = this.counter(body, 'nrOfInstances');
    this.inst.setVariableLocal(body, 'nrOfCompletedInstances', integer(completed));
    if (!el.multiInstance.sequential) this.inst.setVariableLocal(body, 'nrOfActiveInstances', integer(this.counter(body, 'nrOfActiveInstances') - 1));
    const satisfied = el.multiInstance.completionCondition !== null && this.completionCondition(el, exec);
    if (el.multiInstance.sequential) {
      if (satisfied || completed >= n) {
        this.inst.setVariableLocal(body, 'nrOfActiveInstances', integer(0));
        return this.leaveBody(body, el);
      }
      return this.startInstance(body, el, inner, completed, this.loopCollection(body, el));
    }
    this.inst.deleteExecution(exec);
    const running = this.inst.children(body);
    if (!satisfied && running.length > 0) return;
    await this.inst.loadWaitStates();
    for (const c of running) this.cancelTree(c, 'deleted');
    return this.leaveBody(body, el);
  }

  private leaveBody(body: ExecutionRow, el: MultiInstanceBodyModel): Promise<void> {
    body.activityId = el.id;
    body.actInstId = scopeActivityInstanceOf(this.inst, body);
    body.isActive = true;
    return this.leave(body, el);
  }

  private loopCollection(body: ExecutionRow, el: MultiInstanceBodyModel): unknown[] | null {
    if (!el.multiInstance.collection) return null;
    let value: unknown;
    try {
      value = el.multiInstance.collection.evaluate(this.inst.expressionContext(body));
    } catch (error) {
      throw new ProcessEngineException(`Error while evaluating the collection '${el.multiInstance.collection.source}' of '${el.innerId}': ${(error as Error).message}`, { cause: error });
    }
    if (!Array.isArray(value)) throw new ProcessEngineException(`The collection '${el.multiInstance.collection.source}' of '${el.innerId}' is not a list`);
    return value as unknown[];
  }

  private numberOfInstances(body: ExecutionRow, el: MultiInstanceBodyModel, collection: unknown[] | null): number {
    if (!el.multiInstance.cardinality) return collection?.length ?? 0;
    const n = evaluateToNumber(el.multiInstance.cardinality, this.inst.expressionContext(body), `the loopCardinality of '${el.innerId}'`);
    if (n === null || !Number.isInteger(n) || n < 0) {
      throw new ProcessEngineException(`Invalid number of instances of '${el.innerId}': loopCardinality must be a positive integer value or zero, but was ${String(n)}`);
    }
    return n;
  }

  private completionCondition(el: MultiInstanceBodyModel, exec: ExecutionRow): boolean {
    try {
      return evaluateCondition(el.multiInstance.completionCondition as CompiledExpression, this.inst.expressionContext(exec));
    } catch (error) {
      throw new ProcessEngineException(`Error while evaluating the completion condition of '${el.innerId}': ${(error as Error).message}`, { cause: error });
    }
  }

  private counter(body: ExecutionRow, name: string): number {
    const v = this.inst.localVariables(body.id)[name];
    return v ? Number(toJsValue(v)) : 0;
  }

  /** Starts the called instance; the token waits in the call activity until it ends (at once, when it ends at once). */
  private async callProcess(token: ExecutionRow, el: CallActivityModel): Promise<void> {
    const called = await startCalledInstance(this.ctx, this.inst, token, el, this.def);
    if (called.ended && this.inst.execution(token.id)?.activityId === el.id) await this.calledInstanceEnded(token, called.variables);
  }

  /** The token waits at an event-based gateway for the first of the events after it: their timers and subscriptions are created. */
  private waitAtEventGateway(token: ExecutionRow, el: FlowElementModel): void {
    const variables = this.inst.expressionContext(token);
    for (const flowId of el.outgoing) {
      const target = this.element(this.flow(flowId).targetId);
      if (target.kind === 'timerCatch') createTimerCatchJob(this.ctx, token, target, variables, this.def.row.deploymentId);
      else if (target.kind === 'messageCatch') subscribeToMessage(this.ctx, token, target, variables);
      else if (target.kind === 'signalCatch') subscribeToSignal(this.ctx, token, target, variables);
    }
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

  /**
   * Removes what an execution waits in (user task, external task, jobs, subscriptions) and closes its activity instance
   * as canceled, and the instance of the scope activity it runs. `keepScopeOf`: the execution's scope activity keeps
   * running (an event sub-process starts in it), so its instance and its boundary events stay.
   */
  private cancelActivityOf(e: ExecutionRow, reason: string, keepScopeOf: string | null = null): void {
    for (const t of this.ctx.uow.cached(T.task, (t) => t.executionId === e.id)) {
      for (const l of this.ctx.uow.cached(T.identityLink, (l) => l.taskId === t.id)) this.ctx.uow.delete(T.identityLink, l);
      this.inst.deleteTaskVariables(t.id);
      history.endTask(this.ctx, t.id, reason, 'Deleted');
      this.ctx.uow.delete(T.task, t);
    }
    for (const x of this.ctx.uow.cached(T.externalTask, (x) => x.executionId === e.id)) this.ctx.uow.delete(T.externalTask, x);
    if (e.activityId && this.model.elements.get(e.activityId)?.kind === 'callActivity') {
      const state = this.calledState;
      this.ctx.beforeFlush.push(() => deleteCalledInstances(this.ctx, e.id, reason, state));
    }
    const keep = keepScopeOf === null ? [] : this.model.boundaryEventIds.get(keepScopeOf) ?? [];
    deleteJobsOfExecution(this.ctx, e.id, keep);
    removeSubscriptionsOf(this.ctx, e.id, keep);
    for (const i of this.ctx.uow.cached(T.incident, (i) => i.executionId === e.id)) {
      history.incidentDeleted(this.ctx, i);
      this.ctx.uow.delete(T.incident, i);
    }
    if (e.actInstId && e.actInstId !== e.procInstId) history.endActivity(this.ctx, e.actInstId, ACT_STATE.canceled);
    if (keepScopeOf === null && isActivityScope(this.inst, e)) history.endActivity(this.ctx, scopeActivityInstanceOf(this.inst, e), ACT_STATE.canceled);
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

  /** The activity instance that what `exec` enters belongs to: the instance of the scope `exec` is a token of. */
  private scopeActivityInstanceId(exec: ExecutionRow): string {
    return scopeActivityInstanceOf(this.inst, this.inst.scopeOf(exec));
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

  // modification ////

  /** Process instance modification: the token enters a flow node as if it had arrived there (without a sequence flow). */
  async startBefore(token: ExecutionRow, elementId: string): Promise<void> {
    await this.enter(token, elementId, null);
  }

  /** Process instance modification: the token takes a sequence flow. */
  async startTransition(token: ExecutionRow, flowId: string): Promise<void> {
    await this.take(token, this.flow(flowId));
  }

  /**
   * Process instance modification: creates an instance of a sub-process for the token (as entering it does) without
   * starting it at its start event; returns the sub-process's scope execution, in which the token inside is to start.
   */
  instantiateScope(token: ExecutionRow, subProcessId: string): ExecutionRow {
    const el = this.element(subProcessId);
    if (el.kind !== 'subProcess') throw new ProcessEngineException(`'${el.id}' is not a sub-process`);
    token.activityId = el.id;
    token.incomingFlowId = null;
    token.isActive = false;
    const scopeExecutionId = this.ctx.newId();
    const actInstId = scopeInstanceId(el.id, scopeExecutionId);
    const parentActInstId = this.scopeActivityInstanceId(token);
    const scope = this.inst.newExecution(token, { id: scopeExecutionId, isScope: true, isConcurrent: false, activityId: el.id, actInstId, isActive: true });
    token.actInstId = token.id === token.procInstId ? token.procInstId : null;
    history.startActivity(this.ctx, scope, el, actInstId, parentActInstId);
    for (const p of el.inputParameters) this.inst.setVariableLocal(scope, p.name, this.parameterValue(p.value, scope));
    if (this.model.boundaryEventIds.has(el.id)) this.createBoundaryEvents(scope, el);
    this.createEventSubProcessTriggers(scope, el.id);
    return scope;
  }

  /** Process instance modification: a scope execution that is itself a token hands it to a new concurrent execution. */
  async expandScope(scope: ExecutionRow): Promise<void> {
    await this.expandToConcurrent(scope);
  }

  /** Process instance modification: cancels an execution with everything below it (called instances end externally terminated). */
  cancelExecution(e: ExecutionRow, reason: string): void {
    this.calledState = 'EXTERNALLY_TERMINATED';
    this.cancelTree(e, reason);
  }
}

/** How a token enters an element. */
interface EnterOptions {
  /** Enter a multi-instance activity as one of its instances (not its body). */
  asInstance?: boolean;
  /** The asynchronous continuation before the element has happened. */
  pastAsync?: boolean;
  /** The element is a catch event after an event-based gateway whose event has occurred: it passes the token on. */
  triggered?: boolean;
}

/** A Camunda `Integer` variable (the multi-instance counters). */
function integer(value: number): TypedValue {
  return { type: 'integer', value, valueInfo: {} };
}

/** Where an error is caught: an error boundary event, or an error event sub-process (its start event's definition). */
interface ErrorHandler {
  event: BoundaryEventModel | SubProcessModel;
  error: ErrorEventModel;
  /** The activity whose scope execution handles the error (the boundary's activity, the event sub-process's sub-process); null: the process. */
  scopeActivityId: string | null;
}

/** The candidate whose error code equals `code`, else the first catch-all one (as Camunda 7 prefers specific codes). */
function pickError<E>(candidates: Array<{ event: E; error: ErrorEventModel | undefined }>, code: string | null): { event: E; error: ErrorEventModel } | null {
  const withError = candidates.filter((c): c is { event: E; error: ErrorEventModel } => c.error !== undefined);
  return withError.find((c) => c.error.errorCode !== null && c.error.errorCode === code) ?? withError.find((c) => c.error.errorCode === null) ?? null;
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
