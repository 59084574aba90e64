import { NotValidException, ProcessEngineException } from '../errors.js';
import { ASYNC_HANDLER } from '../jobs/async-jobs.js';
import type { FlowElementModel, SequenceFlowModel } from '../model/index.js';
import { T, type ExecutionRow } from '../persistence/tables.js';
import type { TypedValue } from '../variables/index.js';
import type { CommandContext } from './command-context.js';
import type { DeployedProcess } from './definition-cache.js';
import { Executor } from './executor.js';
import type { InstanceState } from './instance-state.js';
import { isActivityScope, scopeActivityInstanceOf } from './scopes.js';

/** A variable a start instruction sets on the execution that enters its target: on that execution itself when `local`, else as `setVariable` from it. */
export interface InstructionVariable {
  name: string;
  value: TypedValue;
  local: boolean;
}

/** What every start instruction carries. */
interface StartInstructionBase {
  /** The activity instance (a sub-process instance or the process instance) under which the target starts; null: the single one there is. */
  ancestorActivityInstanceId: string | null;
  variables: InstructionVariable[];
}

/**
 * One instruction of a process instance modification, as Camunda 7's `ProcessInstanceModificationBuilder` takes them:
 * enter an activity, take the single outgoing flow of an activity, take a sequence flow, or cancel an activity instance,
 * a transition instance (a token waiting in an asynchronous continuation), or every instance of an activity.
 */
export type ModificationInstruction =
  | (StartInstructionBase & { type: 'startBeforeActivity'; activityId: string })
  | (StartInstructionBase & { type: 'startAfterActivity'; activityId: string })
  | (StartInstructionBase & { type: 'startTransition'; transitionId: string })
  | { type: 'cancelActivityInstance'; activityInstanceId: string }
  | { type: 'cancelTransitionInstance'; transitionInstanceId: string }
  | { type: 'cancelActivity'; activityId: string };

/** How the instructions run. */
export interface ModificationOptions {
  /** Input and output mappings of the activities started or left by the modification are not applied. */
  skipIoMappings: boolean;
}

/** What a modification left behind. */
export interface ModificationOutcome {
  /**
   * Every activity of the instance was cancelled and nothing started again: as in Camunda 7, the caller deletes the
   * instance (it ends `EXTERNALLY_TERMINATED`).
   */
  emptied: boolean;
}

/** True for the instructions that start something (they need an active instance). */
export function isStartInstruction(i: ModificationInstruction): boolean {
  return i.type === 'startBeforeActivity' || i.type === 'startAfterActivity' || i.type === 'startTransition';
}

/**
 * Applies modification instructions to a loaded instance, in order, inside the running command (so that a failing
 * instruction leaves nothing changed). Semantics as Camunda 7's process instance modification: a start instruction
 * creates the missing sub-process instances around its target and runs it beside what already runs; a cancellation
 * removes the instance with everything inside it, and when it removes the last token of a sub-process, the sub-process
 * instance goes too.
 */
export async function modifyInstance(
  ctx: CommandContext,
  inst: InstanceState,
  def: DeployedProcess,
  instructions: readonly ModificationInstruction[],
  options: ModificationOptions,
): Promise<ModificationOutcome> {
  await inst.loadWaitStates();
  // jobs and subscriptions move with the tokens that own them when the execution tree expands
  await ctx.uow.select(T.job, 'proc_inst_id = ?', [inst.procInstId]);
  await ctx.uow.select(T.eventSubscription, 'proc_inst_id = ?', [inst.procInstId]);
  // a concurrent command on the instance cannot commit too
  ctx.uow.forceUpdate(T.execution, inst.root);
  const modification = new InstanceModification(ctx, inst, options.skipIoMappings ? withoutIoMappings(def) : def);
  for (const [n, instruction] of instructions.entries()) {
    if (!inst.isRunning) throw new ProcessEngineException(`Process instance '${inst.procInstId}' ended before instruction ${n + 1} (${describe(instruction)}) could be applied`);
    await modification.apply(instruction);
  }
  if (!inst.isRunning) return { emptied: false };
  const root = inst.root;
  return { emptied: root.activityId === null && inst.children(root).length === 0 };
}

// helpers ////

/** Reason of the tasks cancelled by an instruction that cancels every instance of an activity (sic, Camunda 7's text). */
const CANCEL_ALL_REASON = 'Cancellation due to process instance modifcation';
/** Reason of the tasks cancelled by an instruction that cancels one activity instance (Camunda 7's default). */
const CANCEL_ONE_REASON = 'deleted';

/** An activity instance (or transition instance) of the instance, found by its id. */
interface InstanceRef {
  id: string;
  /** The activity; null for the process instance. */
  activityId: string | null;
  /** The execution that stands for the instance among the tokens of its flow scope (the root for the process instance). */
  token: ExecutionRow;
  /** The execution the instance's own scope runs in: the scope execution of a sub-process, the root for the process instance. */
  scopeExecution: ExecutionRow;
}

/** Where a start instruction instantiates its target. */
interface Placement {
  /** The execution of the flow scope the new token runs in. */
  scope: ExecutionRow;
  /** The sub-processes around the target that have to be instantiated first, outermost first. */
  stack: string[];
}

class InstanceModification {
  private readonly executor: Executor;

  constructor(
    private readonly ctx: CommandContext,
    private readonly inst: InstanceState,
    private readonly def: DeployedProcess,
  ) {
    this.executor = new Executor(ctx, inst, def);
  }

  async apply(i: ModificationInstruction): Promise<void> {
    const what = describe(i);
    switch (i.type) {
      case 'startBeforeActivity': {
        const el = this.def.model.elements.get(i.activityId);
        if (!el) throw new NotValidException(failure(what, `Element '${i.activityId}' does not exist in process '${this.def.row.id}': element is null`));
        return this.start(i, what, el, null);
      }
      case 'startAfterActivity': {
        const el = this.def.model.elements.get(i.activityId);
        if (!el) throw new NotValidException(failure(what, `Activity '${i.activityId}' does not exist: activity is null`));
        if (el.outgoing.length === 0) throw new ProcessEngineException(`Cannot start after activity ${el.id}; activity has no outgoing sequence flow to take`);
        if (el.outgoing.length > 1) throw new ProcessEngineException(`Cannot start after activity ${el.id}; activity has more than one outgoing sequence flow`);
        return this.start(i, what, null, this.flow(el.outgoing[0] as string));
      }
      case 'startTransition': {
        const flow = this.def.model.flows.get(i.transitionId);
        if (!flow) throw new NotValidException(failure(what, `Element '${i.transitionId}' does not exist in process '${this.def.row.id}': element is null`));
        return this.start(i, what, null, flow);
      }
      case 'cancelActivityInstance': {
        const found = this.activityInstances().find((a) => a.id === i.activityInstanceId);
        if (!found) throw new NotValidException(failure(what, `Activity instance '${i.activityInstanceId}' does not exist: activityInstance is null`));
        return this.cancel(found, CANCEL_ONE_REASON);
      }
      case 'cancelTransitionInstance': {
        const found = this.transitionInstances().find((t) => t.id === i.transitionInstanceId);
        if (!found) throw new NotValidException(failure(what, `Transition instance '${i.transitionInstanceId}' does not exist: transitionInstance is null`));
        return this.cancel(found, CANCEL_ONE_REASON);
      }
      case 'cancelActivity': {
        // as Camunda 7: the instances are those of the tree before this instruction, cancelled one after another
        const ids = [...this.activityInstances(), ...this.transitionInstances()].filter((a) => a.activityId === i.activityId).map((a) => a.id);
        for (const id of ids) {
          const found = [...this.activityInstances(), ...this.transitionInstances()].find((a) => a.id === id);
          if (!found) throw new NotValidException(failure(`Cancel activity instance '${id}'`, `Activity instance '${id}' does not exist: activityInstance is null`));
          await this.cancel(found, CANCEL_ALL_REASON);
        }
        return;
      }
    }
  }

  // starting ////

  private async start(i: StartInstructionBase, what: string, target: FlowElementModel | null, flow: SequenceFlowModel | null): Promise<void> {
    const model = this.def.model;
    const targetId = target?.id ?? flow?.id ?? '';
    const { scope, stack } = this.place(i.ancestorActivityInstanceId, model.parentOf.get(target?.id ?? flow?.sourceId ?? '') ?? null, targetId, what);
    for (const id of stack) {
      if (model.elements.get(id)?.kind !== 'subProcess') throw unsupported(what, `the instance of '${id}' around it would have to be created`);
    }
    // an event sub-process started at its start event runs as if its event occurred (interrupting its scope or not)
    const startOfEventSubProcess = this.eventSubProcessStart(target, stack);
    if (startOfEventSubProcess) {
      this.setVariables(scope, i.variables);
      return this.executor.fireBoundaryEvent(scope, startOfEventSubProcess);
    }
    // an interrupting boundary event cancels the running instance of its activity, whose token then takes the event
    if (target?.kind === 'boundaryEvent' && target.cancelActivity && stack.length === 0) {
      const attached = this.scopeExecutions(target.attachedToId);
      if (attached.length > 1) throw new ProcessEngineException(`Executions for activity ${target.attachedToId} ambiguous`);
      const owner = attached[0] ? this.inst.parent(attached[0]) : null;
      if (attached[0] && owner) {
        this.setVariables(owner, i.variables);
        return this.executor.fireBoundaryEvent(attached[0], target.id);
      }
    }
    let token = scope;
    if (scope.activityId !== null || this.inst.children(scope).length > 0) {
      // something runs in the scope already: the target starts beside it on a new concurrent token
      await this.executor.expandScope(scope);
      token = this.inst.newExecution(scope, { isConcurrent: true, isScope: false, activityId: null, isActive: true });
      this.ctx.uow.forceUpdate(T.execution, scope);
    }
    for (const id of stack) token = this.executor.instantiateScope(token, id);
    this.setVariables(token, i.variables);
    if (target?.kind === 'multiInstanceBody') return this.executor.startBefore(token, target.innerId);
    if (target) return this.executor.startBefore(token, target.id);
    if (flow) return this.executor.startTransition(token, flow.id);
  }

  /**
   * The execution under which a target in the flow scope `flowScopeId` starts, and the sub-process instances to create
   * on the way. Without an ancestor: the single execution of the innermost enclosing scope that has one (ambiguous when
   * there are several). With one: that ancestor's scope execution, which must enclose the target.
   */
  private place(ancestorId: string | null, flowScopeId: string | null, targetId: string, what: string): Placement {
    const model = this.def.model;
    const stack: string[] = [];
    let scopeId = flowScopeId;
    if (ancestorId === null) {
      while (scopeId !== null && this.scopeExecutions(scopeId).length === 0) {
        stack.unshift(scopeId);
        scopeId = model.parentOf.get(scopeId) ?? null;
      }
      const executions = this.scopeExecutions(scopeId);
      if (executions.length > 1) throw new ProcessEngineException(`Ancestor activity execution is ambiguous for activity ${flowScopeId ?? model.id}`);
      this.assertSubProcessScope(scopeId, what);
      return { scope: executions[0] as ExecutionRow, stack };
    }
    const ancestor = this.activityInstances().find((a) => a.id === ancestorId);
    if (!ancestor) throw new NotValidException(failure(what, `Ancestor activity instance '${ancestorId}' does not exist: ancestorInstance is null`));
    while (scopeId !== null && !(scopeId === ancestor.activityId && this.scopeExecutions(scopeId).includes(ancestor.scopeExecution))) {
      stack.unshift(scopeId);
      scopeId = model.parentOf.get(scopeId) ?? null;
    }
    if (!this.scopeExecutions(scopeId).includes(ancestor.scopeExecution)) {
      throw new NotValidException(failure(what, `Scope execution for '${ancestorId}' cannot be found in parent hierarchy of flow element '${targetId}'`));
    }
    this.assertSubProcessScope(scopeId, what);
    return { scope: ancestor.scopeExecution, stack };
  }

  /** The start event of the event sub-process a target starts as if its event occurred; null for any other target. */
  private eventSubProcessStart(target: FlowElementModel | null, stack: string[]): string | null {
    if (!target) return null;
    if (stack.length === 0 && target.kind === 'subProcess' && target.triggeredByEvent) return target.startEventId;
    const sub = stack.length === 1 ? this.def.model.elements.get(stack[0] as string) : undefined;
    if (sub?.kind === 'subProcess' && sub.triggeredByEvent && sub.startEventId === target.id) return target.id;
    return null;
  }

  private setVariables(exec: ExecutionRow, variables: InstructionVariable[]): void {
    // as Camunda 7: the non-local variables first, then the local ones
    for (const v of variables) if (!v.local) this.inst.setVariable(exec, v.name, v.value);
    for (const v of variables) if (v.local) this.inst.setVariableLocal(exec, v.name, v.value);
  }

  // cancelling ////

  /**
   * Cancels an instance with everything inside it. When its token is the last one of its flow scope, the scope goes
   * with it (outwards, scope by scope); the process instance itself stays, emptied, for later instructions.
   */
  private async cancel(instance: InstanceRef, reason: string): Promise<void> {
    let unit = instance.token;
    for (;;) {
      if (unit.isConcurrent) {
        const scope = this.parent(unit);
        this.assertCancellableIn(scope);
        if (this.inst.children(scope).length > 1) {
          this.ctx.uow.forceUpdate(T.execution, scope);
          this.executor.cancelExecution(unit, reason);
          return;
        }
        unit = scope;
        continue;
      }
      if (unit.id === unit.procInstId) return this.clear(unit, reason);
      // the last token of a sub-process instance: its owner stands for the instance in the enclosing scope
      this.assertCancellableIn(unit);
      unit = this.parent(unit);
    }
  }

  /** Cancels everything that runs in a scope execution; it stays, with nothing in it (and the triggers of its event sub-processes). */
  private async clear(scope: ExecutionRow, reason: string): Promise<void> {
    // the scope's own token moves to a concurrent execution first, so that what waits on it is cancelled with that
    await this.executor.expandScope(scope);
    for (const c of this.inst.children(scope)) this.executor.cancelExecution(c, reason);
    scope.activityId = null;
    scope.incomingFlowId = null;
    scope.isActive = false;
    scope.actInstId = scope.id === scope.procInstId ? scope.procInstId : null;
    this.ctx.uow.forceUpdate(T.execution, scope);
  }

  /** Tokens of a multi-instance body cannot be added or removed one by one (its counters would be wrong). */
  private assertCancellableIn(scope: ExecutionRow): void {
    if (scope.id === scope.procInstId) return;
    const owner = this.parent(scope).activityId;
    const kind = owner ? this.def.model.elements.get(owner)?.kind : undefined;
    if (kind !== 'subProcess') {
      throw new ProcessEngineException(`Cancelling a single instance inside '${owner ?? ''}' is not supported by the embedded engine; cancel the instance of '${owner ?? ''}' instead`);
    }
  }

  private assertSubProcessScope(scopeId: string | null, what: string): void {
    if (scopeId !== null && this.def.model.elements.get(scopeId)?.kind !== 'subProcess') throw unsupported(what, `it would start inside a running instance of '${scopeId}'`);
  }

  // the instance tree ////

  /** The activity instances of the instance (ids as `GET /process-instance/{id}/activity-instances` shows them), the process instance included. */
  private activityInstances(): InstanceRef[] {
    const root = this.inst.root;
    const found = new Map<string, InstanceRef>([[root.id, { id: root.id, activityId: null, token: root, scopeExecution: root }]]);
    for (const e of this.inst.executions) {
      const owner = isActivityScope(this.inst, e) ? this.inst.parent(e) : null;
      if (owner?.activityId) {
        const id = scopeActivityInstanceOf(this.inst, e);
        if (!found.has(id)) found.set(id, { id, activityId: owner.activityId, token: owner, scopeExecution: e });
      }
      if (e.activityId && e.actInstId && e.actInstId !== root.id && !found.has(e.actInstId)) {
        found.set(e.actInstId, { id: e.actInstId, activityId: e.activityId, token: e, scopeExecution: e });
      }
    }
    return [...found.values()];
  }

  /** Tokens waiting in an asynchronous continuation (Camunda's transition instances; the id is the execution's). */
  private transitionInstances(): InstanceRef[] {
    const waiting = new Set(this.ctx.uow.cached(T.job, (j) => j.handlerType === ASYNC_HANDLER).map((j) => `${j.executionId ?? ''} ${j.activityId ?? ''}`));
    return this.inst.executions
      .filter((e) => e.activityId !== null && waiting.has(`${e.id} ${e.activityId}`))
      .map((e) => ({ id: e.id, activityId: e.activityId, token: e, scopeExecution: e }));
  }

  /** The scope executions of the instances of a sub-process (or other scope activity); the root for the process (null). */
  private scopeExecutions(scopeId: string | null): ExecutionRow[] {
    if (scopeId === null) return [this.inst.root];
    return this.inst.executions.filter((e) => isActivityScope(this.inst, e) && this.inst.parent(e)?.activityId === scopeId);
  }

  private parent(e: ExecutionRow): ExecutionRow {
    const p = this.inst.parent(e);
    if (!p) throw new ProcessEngineException(`Execution '${e.id}' has no parent`);
    return p;
  }

  private flow(id: string): SequenceFlowModel {
    const f = this.def.model.flows.get(id);
    if (!f) throw new ProcessEngineException(`Sequence flow '${id}' not found in process '${this.def.model.id}'`);
    return f;
  }
}

/** The instruction as Camunda 7 describes it in its messages. */
function describe(i: ModificationInstruction): string {
  const ancestor = 'ancestorActivityInstanceId' in i && i.ancestorActivityInstanceId ? ` with ancestor activity instance '${i.ancestorActivityInstanceId}'` : '';
  switch (i.type) {
    case 'startBeforeActivity':
      return `Start before activity '${i.activityId}'${ancestor}`;
    case 'startAfterActivity':
      return `Start after activity '${i.activityId}'${ancestor}`;
    case 'startTransition':
      return `Start transition '${i.transitionId}'${ancestor}`;
    case 'cancelActivityInstance':
      return `Cancel activity instance '${i.activityInstanceId}'`;
    case 'cancelTransitionInstance':
      return `Cancel transition instance '${i.transitionInstanceId}'`;
    case 'cancelActivity':
      return `Cancel all instances of activity '${i.activityId}'`;
  }
}

function failure(what: string, detail: string): string {
  return `Cannot perform instruction: ${what}; ${detail}`;
}

function unsupported(what: string, detail: string): ProcessEngineException {
  return new ProcessEngineException(`Cannot perform instruction: ${what}; ${detail}, which the embedded engine does not support yet (multi-instance bodies are started or cancelled as a whole)`);
}

/** The deployed process as the modification runs it with `skipIoMappings`: no element has input or output parameters. */
function withoutIoMappings(def: DeployedProcess): DeployedProcess {
  const elements = new Map<string, FlowElementModel>();
  for (const [id, el] of def.model.elements) {
    elements.set(id, el.inputParameters.length || el.outputParameters.length ? { ...el, inputParameters: [], outputParameters: [] } : el);
  }
  return { ...def, model: { ...def.model, elements } };
}
