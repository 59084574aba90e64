import type { ExpressionContext } from '../expression/index.js';
import { T, type ExecutionRow, type VariableRow } from '../persistence/tables.js';
import { fromColumns, toColumns, toJsValue, type TypedValue, type VariableMap } from '../variables/index.js';
import type { CommandContext } from './command-context.js';
import { history, type VariableChange } from './history.js';

/**
 * The execution tree and the variables of one process instance, loaded into a command's unit of work. All
 * navigation and variable scoping rules of the runtime live here.
 */
export class InstanceState {
  private readonly transients = new Map<string, Map<string, TypedValue>>();
  /** The process-instance variables as they were when the root execution was deleted (instance ended). */
  endedRootVariables: VariableMap = {};
  /** The instance is being started by this command: variables it creates are `initial` in their history. */
  private starting = false;

  private constructor(
    private readonly ctx: CommandContext,
    readonly procInstId: string,
  ) {}

  /** Loads an existing instance (stored, or started by this command and not written yet); null when it does not exist. */
  static async load(ctx: CommandContext, procInstId: string): Promise<InstanceState | null> {
    const executions = await ctx.uow.select(T.execution, 'proc_inst_id = ?', [procInstId]);
    if (executions.length === 0 && ctx.uow.cached(T.execution, (e) => e.id === procInstId).length === 0) return null;
    await ctx.uow.select(T.variable, 'proc_inst_id = ?', [procInstId]);
    return new InstanceState(ctx, procInstId);
  }

  /** Wraps a new instance whose root execution the caller has just inserted. */
  static fresh(ctx: CommandContext, root: ExecutionRow): InstanceState {
    const inst = new InstanceState(ctx, root.id);
    inst.starting = true;
    return inst;
  }

  /** Loads the tasks, identity links, external tasks and incidents of the instance into the unit of work. */
  async loadWaitStates(): Promise<void> {
    const { uow } = this.ctx;
    await uow.select(T.task, 'proc_inst_id = ?', [this.procInstId]);
    await uow.select(T.identityLink, 'proc_inst_id = ?', [this.procInstId]);
    await uow.select(T.externalTask, 'proc_inst_id = ?', [this.procInstId]);
    await uow.select(T.incident, 'proc_inst_id = ?', [this.procInstId]);
  }

  /** The process instance execution. */
  get root(): ExecutionRow {
    const root = this.execution(this.procInstId);
    if (!root) throw new Error(`process instance ${this.procInstId} has no root execution`);
    return root;
  }

  /** All live executions of the instance. */
  get executions(): ExecutionRow[] {
    return this.ctx.uow.cached(T.execution, (e) => e.procInstId === this.procInstId);
  }

  /** True while the instance still has its root execution. */
  get isRunning(): boolean {
    return this.execution(this.procInstId) !== null;
  }

  execution(id: string): ExecutionRow | null {
    return this.ctx.uow.cached(T.execution, (e) => e.id === id)[0] ?? null;
  }

  children(parent: ExecutionRow): ExecutionRow[] {
    return this.ctx.uow.cached(T.execution, (e) => e.parentId === parent.id && e.procInstId === this.procInstId);
  }

  parent(e: ExecutionRow): ExecutionRow | null {
    return e.parentId ? this.execution(e.parentId) : null;
  }

  /** The scope execution a token belongs to (itself when it is a scope that carries its own token). */
  scopeOf(e: ExecutionRow): ExecutionRow {
    if (e.isConcurrent) {
      const p = this.parent(e);
      if (p) return p;
    }
    return e;
  }

  /** Creates a child execution. */
  newExecution(parent: ExecutionRow, fields: Partial<ExecutionRow>): ExecutionRow {
    const e: ExecutionRow = {
      ...parent,
      id: this.ctx.newId(),
      rev: 1,
      parentId: parent.id,
      activityId: null,
      actInstId: null,
      incomingFlowId: null,
      isActive: true,
      isConcurrent: false,
      isScope: false,
      startTime: this.ctx.now,
      sequence: 0,
      ...fields,
    };
    return this.ctx.uow.insert(T.execution, e);
  }

  /**
   * Deletes an execution, its descendants and their variables. Their historic variable instances stay `CREATED`:
   * as in Camunda, a variable that ends with its scope is not a deletion.
   */
  deleteExecution(e: ExecutionRow): void {
    if (e.id === this.procInstId) this.endedRootVariables = this.localVariables(e.id);
    for (const c of this.children(e)) this.deleteExecution(c);
    for (const v of this.localRows(e.id)) this.ctx.uow.delete(T.variable, v);
    this.transients.delete(e.id);
    this.ctx.uow.delete(T.execution, e);
  }

  // variables ////

  /** The variable visible from an execution (nearest scope upwards). */
  getVariable(e: ExecutionRow, name: string): TypedValue | undefined {
    for (let cur: ExecutionRow | null = e; cur; cur = this.parent(cur)) {
      const local = this.getLocal(cur.id, name);
      if (local) return local;
    }
    return undefined;
  }

  /** Variables visible from an execution, nearest scope winning. */
  visibleVariables(e: ExecutionRow): VariableMap {
    const chain: ExecutionRow[] = [];
    for (let cur: ExecutionRow | null = e; cur; cur = this.parent(cur)) chain.unshift(cur);
    const out: VariableMap = {};
    for (const scope of chain) Object.assign(out, this.localVariables(scope.id));
    return out;
  }

  /** Variables stored directly on an execution (or task, when `taskId` is given). */
  localVariables(scopeId: string, taskId: string | null = null): VariableMap {
    const out: VariableMap = {};
    for (const row of this.localRows(scopeId, taskId)) out[row.name] = fromColumns(row as never);
    const transient = this.transients.get(taskId ?? scopeId);
    if (transient) for (const [k, v] of transient) out[k] = v;
    return out;
  }

  /** Sets a variable where it already exists up the scope chain, else on the process instance. */
  setVariable(e: ExecutionRow, name: string, value: TypedValue): void {
    for (let cur: ExecutionRow | null = e; cur; cur = this.parent(cur)) {
      if (this.getLocal(cur.id, name)) {
        this.setVariableLocal(cur, name, value);
        return;
      }
      if (!cur.parentId) {
        this.setVariableLocal(cur, name, value);
        return;
      }
    }
  }

  /** Sets a variable on the execution itself. */
  setVariableLocal(e: ExecutionRow, name: string, value: TypedValue): void {
    this.setOn(e.id, null, name, value);
  }

  /** Sets a task-local variable. */
  setTaskVariableLocal(taskId: string, executionId: string | null, name: string, value: TypedValue): void {
    this.setOn(executionId, taskId, name, value);
  }

  /** Removes a variable stored on the execution itself; returns whether it existed. */
  removeVariableLocal(e: ExecutionRow, name: string): boolean {
    const row = this.localRows(e.id).find((r) => r.name === name);
    if (row) this.deleteRow(row);
    const had = this.transients.get(e.id)?.delete(name) ?? false;
    return !!row || had;
  }

  /** Removes a variable where it is visible from an execution. */
  removeVariable(e: ExecutionRow, name: string): boolean {
    for (let cur: ExecutionRow | null = e; cur; cur = this.parent(cur)) {
      if (this.removeVariableLocal(cur, name)) return true;
    }
    return false;
  }

  /** Removes a task-local variable (an explicit removal: its history becomes `DELETED`); returns whether it existed. */
  removeTaskVariableLocal(taskId: string, name: string): boolean {
    const row = this.localRows('', taskId).find((r) => r.name === name);
    if (row) this.deleteRow(row);
    const had = this.transients.get(taskId)?.delete(name) ?? false;
    return !!row || had;
  }

  /** Deletes the task-local variables of a task that ends (their historic variable instances stay `CREATED`). */
  deleteTaskVariables(taskId: string): void {
    for (const row of this.ctx.uow.cached(T.variable, (v) => v.taskId === taskId)) this.ctx.uow.delete(T.variable, row);
    this.transients.delete(taskId);
  }

  /** An expression context that resolves names from the execution's scope chain (task-local first when given). */
  expressionContext(e: ExecutionRow, taskId: string | null = null): ExpressionContext {
    const lookup = (name: string): TypedValue | undefined => {
      if (taskId) {
        const tv = this.localVariables(e.id, taskId)[name];
        if (tv) return tv;
      }
      return this.getVariable(e, name);
    };
    return {
      has: (name) => lookup(name) !== undefined || name === 'execution',
      resolve: (name) => {
        const v = lookup(name);
        if (v === undefined && name === 'execution') return this.executionBean(e);
        return v === undefined ? undefined : toJsValue(v);
      },
    };
  }

  /**
   * The read-only properties of Camunda's `execution` bean that models use in expressions, e.g.
   * `#{execution.processBusinessKey}` in a call activity's business key mapping.
   */
  private executionBean(e: ExecutionRow): Record<string, unknown> {
    const root = this.execution(this.procInstId);
    return {
      id: e.id, processInstanceId: e.procInstId, processDefinitionId: e.procDefId, currentActivityId: e.activityId,
      activityInstanceId: e.actInstId, parentId: e.parentId, tenantId: e.tenantId,
      processBusinessKey: root?.businessKey ?? null, businessKey: root?.businessKey ?? null,
    };
  }

  // helpers ////

  private localRows(scopeId: string, taskId: string | null = null): VariableRow[] {
    return this.ctx.uow.cached(T.variable, (v) => (taskId ? v.taskId === taskId : v.executionId === scopeId && v.taskId === null));
  }

  private getLocal(scopeId: string, name: string): TypedValue | undefined {
    const transient = this.transients.get(scopeId)?.get(name);
    if (transient) return transient;
    const row = this.localRows(scopeId).find((r) => r.name === name);
    return row ? fromColumns(row as never) : undefined;
  }

  private setOn(executionId: string | null, taskId: string | null, name: string, value: TypedValue): void {
    const scopeKey = taskId ?? executionId ?? '';
    const existing = this.ctx.uow.cached(
      T.variable,
      (v) => v.name === name && (taskId ? v.taskId === taskId : v.executionId === executionId && v.taskId === null),
    )[0];
    if (value.valueInfo['transient'] === true) {
      if (existing) this.deleteRow(existing);
      let map = this.transients.get(scopeKey);
      if (!map) this.transients.set(scopeKey, (map = new Map<string, TypedValue>()));
      map.set(name, value);
      return;
    }
    this.transients.get(scopeKey)?.delete(name);
    const cols = toColumns(value);
    if (existing) {
      Object.assign(existing, {
        type: cols.type, textValue: cols.textValue, text2Value: cols.text2Value, longValue: cols.longValue,
        doubleValue: cols.doubleValue, bytesValue: cols.bytesValue,
      });
      this.historise(existing, 'update');
      return;
    }
    const root = this.execution(this.procInstId);
    const row = this.ctx.uow.insert(T.variable, {
      id: this.ctx.newId(), rev: 1, name, type: cols.type, executionId, procInstId: this.procInstId, taskId,
      procDefId: root?.procDefId ?? null, textValue: cols.textValue, text2Value: cols.text2Value, longValue: cols.longValue,
      doubleValue: cols.doubleValue, bytesValue: cols.bytesValue, actInstId: null, createTime: this.ctx.now,
      scopeId: taskId ?? executionId ?? this.procInstId,
    });
    this.historise(row, 'create');
  }

  /** Deletes a variable row because the variable was removed (not because its scope ended). */
  private deleteRow(row: VariableRow): void {
    this.ctx.uow.delete(T.variable, row);
    this.historise(row, 'delete');
  }

  /** Writes the history of a variable change; the scope's activity instance is the task's or the execution's. */
  private historise(row: VariableRow, change: VariableChange): void {
    const root = this.execution(this.procInstId);
    let actInstId: string | null = this.procInstId;
    if (row.taskId) {
      const taskId = row.taskId;
      actInstId = this.ctx.uow.cached(T.task, (t) => t.id === taskId)[0]?.actInstId ?? null;
    } else if (row.executionId && row.executionId !== this.procInstId) {
      actInstId = this.execution(row.executionId)?.actInstId ?? this.procInstId;
    }
    history.variableChanged(this.ctx, row, change, {
      rootProcInstId: root?.rootProcInstId ?? this.procInstId, procDefKey: root?.procDefKey ?? null, tenantId: root?.tenantId ?? null,
      actInstId, initial: this.starting,
    });
  }
}
