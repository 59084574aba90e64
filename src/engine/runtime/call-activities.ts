import { ProcessEngineException } from '../errors.js';
import type { CallActivityModel, VariableMappingModel } from '../model/index.js';
import { T, type ExecutionRow, type ProcessDefinitionRow } from '../persistence/tables.js';
import { deleteProcessInstanceState } from '../services/instance-deletion.js';
import { inferTypedValue, toJsValue, type VariableMap } from '../variables/index.js';
import type { CommandContext } from './command-context.js';
import type { DeployedProcess } from './definition-cache.js';
import { evaluateToNumber, evaluateToString } from './evaluation.js';
import { Executor } from './executor.js';
import { history } from './history.js';
import { InstanceState } from './instance-state.js';

/**
 * Starts the instance a call activity calls, inside the running command: resolves the called definition by its
 * binding, copies the `camunda:in` variables and business key, links it to the calling execution (super execution) and
 * runs it to its first wait state. Returns the called instance, and whether it already ended.
 */
export async function startCalledInstance(
  ctx: CommandContext, caller: InstanceState, token: ExecutionRow, el: CallActivityModel, callerDef: DeployedProcess,
): Promise<{ instanceId: string; ended: boolean; variables: VariableMap }> {
  const scope = caller.expressionContext(token);
  const where = `call activity '${el.id}'`;
  const key = evaluateToString(el.calledElement, scope, `calledElement of ${where}`);
  if (!key) throw new ProcessEngineException(`The calledElement of ${where} evaluated to an empty value`);
  const def = await resolveCalled(ctx, el, key, token, callerDef, scope);
  const deployed = await ctx.definitions.get(ctx.uow, def.id);
  if (!deployed) throw new ProcessEngineException(`Process definition '${def.id}' called by ${where} is missing`);
  if (def.suspended) throw new ProcessEngineException(`Cannot start process instance. Process definition ${def.name ?? def.key} (id = ${def.id}) is suspended`);
  const startId = deployed.model.startEventId;
  if (!startId) throw new ProcessEngineException(`Process '${def.key}' called by ${where} has no none start event to start at`);
  const variables = mapVariables(el.inMappings, (local) => (local ? caller.localVariables(token.id) : caller.visibleVariables(token)), scope);
  const businessKey = el.businessKey ? evaluateToString(el.businessKey, scope, `the business key of ${where}`) : null;
  const parentRoot = caller.root;
  const id = ctx.newId();
  const root = ctx.uow.insert(T.execution, {
    id, rev: 1, procInstId: id, parentId: null, procDefId: def.id, procDefKey: def.key, businessKey,
    activityId: null, actInstId: null, incomingFlowId: null, isActive: true, isConcurrent: false, isScope: true,
    suspended: false, startTime: ctx.now, startUserId: ctx.actor.userId, rootProcInstId: parentRoot.rootProcInstId ?? parentRoot.id,
    superExecId: token.id, tenantId: def.tenantId, sequence: 0,
  });
  const called = InstanceState.fresh(ctx, root);
  for (const [name, value] of Object.entries(variables)) called.setVariableLocal(root, name, value);
  history.startProcessInstance(ctx, root, { name: def.name, version: def.version }, startId);
  const hiProc = ctx.uow.cached(T.hiProcInst, (h) => h.id === id)[0];
  if (hiProc) Object.assign(hiProc, { superProcInstId: token.procInstId, rootProcInstId: root.rootProcInstId });
  const hiAct = token.actInstId ? ctx.uow.cached(T.hiActInst, (h) => h.id === token.actInstId)[0] : undefined;
  if (hiAct) hiAct.callProcInstId = id;
  startingCalls(ctx).add(id);
  try {
    await new Executor(ctx, called, deployed).start(startId);
  } finally {
    startingCalls(ctx).delete(id);
  }
  return { instanceId: id, ended: !called.isRunning, variables: called.isRunning ? {} : called.endedRootVariables };
}

/**
 * Called when a called instance has ended (its root execution is gone): unless its call activity is still starting it
 * in this command (the caller then continues itself), the calling execution copies the `camunda:out` variables and
 * leaves the call activity.
 */
export async function calledInstanceEnded(ctx: CommandContext, root: ExecutionRow, variables: VariableMap): Promise<void> {
  if (startingCalls(ctx).has(root.id)) return;
  const caller = await callerOf(ctx, root);
  if (caller) await caller.executor.calledInstanceEnded(caller.token, variables);
}

/** The execution waiting in the call activity that called the instance of `root`, with an executor of its instance; null when none. */
export async function callerOf(ctx: CommandContext, root: ExecutionRow): Promise<{ executor: Executor; token: ExecutionRow } | null> {
  if (!root.superExecId) return null;
  const superExec = await ctx.uow.byId(T.execution, root.superExecId);
  const inst = superExec ? await InstanceState.load(ctx, superExec.procInstId) : null;
  const token = superExec ? inst?.execution(superExec.id) : null;
  if (!inst || !token) return null;
  const def = await ctx.definitions.get(ctx.uow, token.procDefId);
  if (!def) throw new ProcessEngineException(`Process definition '${token.procDefId}' of instance '${token.procInstId}' is missing`);
  return { executor: new Executor(ctx, inst, def), token };
}

/** Copies the `camunda:out` variables of an ended called instance onto the calling execution. */
export function applyOutMappings(caller: InstanceState, token: ExecutionRow, el: CallActivityModel, calledVariables: VariableMap): void {
  const calledScope = {
    has: (name: string) => name in calledVariables,
    resolve: (name: string) => {
      const v = calledVariables[name];
      return v === undefined ? undefined : toJsValue(v);
    },
  };
  for (const m of el.outMappings) {
    const values = mapVariables([m], () => calledVariables, calledScope);
    for (const [name, value] of Object.entries(values)) {
      if (m.local) caller.setVariableLocal(token, name, value);
      else caller.setVariable(token, name, value);
    }
  }
}

/**
 * Deletes the instances called from an execution whose call activity is cancelled (an interrupting event, a deletion,
 * a modification), with everything they called in turn.
 */
export async function deleteCalledInstances(ctx: CommandContext, superExecId: string, reason: string, state: string): Promise<void> {
  const stored = await ctx.uow.select(T.execution, 'super_exec_id = ? AND parent_id IS NULL', [superExecId]);
  const pending = ctx.uow.cached(T.execution, (e) => e.superExecId === superExecId && e.parentId === null);
  const ids = new Set([...stored, ...pending].map((e) => e.id));
  for (const id of ids) await deleteProcessInstanceState(ctx, id, reason, state);
}

// helpers ////

const starting = new WeakMap<CommandContext, Set<string>>();

/** The called instances this command is starting right now (their callers continue by themselves if they end at once). */
function startingCalls(ctx: CommandContext): Set<string> {
  let set = starting.get(ctx);
  if (!set) starting.set(ctx, (set = new Set()));
  return set;
}

async function resolveCalled(
  ctx: CommandContext, el: CallActivityModel, key: string, token: ExecutionRow, callerDef: DeployedProcess, scope: ReturnType<InstanceState['expressionContext']>,
): Promise<ProcessDefinitionRow> {
  const tenant = token.tenantId === null ? 'tenant_id IS NULL' : 'tenant_id = ?';
  const tenantParams = token.tenantId === null ? [] : [token.tenantId];
  const where = `call activity '${el.id}'`;
  let rows: ProcessDefinitionRow[];
  switch (el.binding) {
    case 'latest':
      rows = await ctx.uow.select(T.processDefinition, `key_ = ? AND ${tenant}`, [key, ...tenantParams], ' ORDER BY version DESC LIMIT 1');
      if (!rows[0]) throw new ProcessEngineException(`no processes deployed with key '${key}' (called by ${where})`);
      return rows[0];
    case 'deployment':
      rows = await ctx.uow.select(T.processDefinition, 'key_ = ? AND deployment_id = ?', [key, callerDef.row.deploymentId]);
      if (!rows[0]) throw new ProcessEngineException(`no processes deployed with key = '${key}' and deployment id = '${callerDef.row.deploymentId}' (called by ${where})`);
      return rows[0];
    case 'version': {
      const version = el.version ? evaluateToNumber(el.version, scope, `camunda:calledElementVersion of ${where}`) : null;
      if (version === null || !Number.isInteger(version)) throw new ProcessEngineException(`camunda:calledElementVersion of ${where} is not a whole number`);
      rows = await ctx.uow.select(T.processDefinition, `key_ = ? AND version = ? AND ${tenant}`, [key, version, ...tenantParams]);
      if (!rows[0]) throw new ProcessEngineException(`no processes deployed with key = '${key}' and version = '${version}' (called by ${where})`);
      return rows[0];
    }
    case 'versionTag': {
      const tag = el.versionTag ? evaluateToString(el.versionTag, scope, `camunda:calledElementVersionTag of ${where}`) : null;
      rows = await ctx.uow.select(T.processDefinition, `key_ = ? AND version_tag = ? AND ${tenant}`, [key, tag, ...tenantParams]);
      if (rows.length > 1) throw new ProcessEngineException(`There are ${rows.length} process definitions with key = '${key}' and versionTag = '${tag ?? ''}' (called by ${where})`);
      if (!rows[0]) throw new ProcessEngineException(`no processes deployed with key = '${key}' and versionTag = '${tag ?? ''}' (called by ${where})`);
      return rows[0];
    }
    default:
      throw new ProcessEngineException(`Unknown binding of ${where}`);
  }
}

/** The variables a list of `camunda:in`/`camunda:out` mappings yields from a source scope. */
function mapVariables(mappings: VariableMappingModel[], all: (local: boolean) => VariableMap, scope: ReturnType<InstanceState['expressionContext']>): VariableMap {
  const out: VariableMap = {};
  for (const m of mappings) {
    switch (m.kind) {
      case 'all':
        for (const [name, value] of Object.entries(all(m.local))) out[name] = { ...value, valueInfo: { ...value.valueInfo } };
        break;
      case 'variable': {
        const value = all(m.local)[m.source] ?? all(false)[m.source];
        out[m.target] = value ? { ...value, valueInfo: { ...value.valueInfo } } : inferTypedValue(null);
        break;
      }
      case 'expression':
        try {
          out[m.target] = inferTypedValue(m.expression.evaluate(scope));
        } catch (error) {
          throw new ProcessEngineException(`Error while evaluating '${m.expression.source}': ${(error as Error).message}`, { cause: error });
        }
        break;
    }
  }
  return out;
}
