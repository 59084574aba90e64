import { InvalidRequestException, NullValueException, ProcessEngineException, RestException } from '../errors.js';
import type { Sql } from '../persistence/database.js';
import { T, type ExecutionRow, type HiProcInstRow, type ProcessDefinitionRow } from '../persistence/tables.js';
import type { Actor, CommandContext } from '../runtime/command-context.js';
import { Executor } from '../runtime/executor.js';
import { history } from '../runtime/history.js';
import { ASYNC_HANDLER } from '../jobs/async-jobs.js';
import { InstanceState } from '../runtime/instance-state.js';
import { isActivityScope, scopeActivityInstanceOf } from '../runtime/scopes.js';
import { matchesFilter, type TypedValue, type VariableFilter, type VariableMap } from '../variables/index.js';
import type { CommandExecutor } from './command-executor.js';
import { deleteProcessInstanceState } from './instance-deletion.js';
import { limit, orderBy, Where, type Paging, type SortSpec } from './query-builder.js';

/** Options of a process start. */
export interface StartInput {
  businessKey?: string | null;
  variables?: VariableMap;
  withVariablesInReturn?: boolean;
}

/** A started (or queried) process instance. */
export interface ProcessInstanceInfo {
  id: string;
  definitionId: string;
  definitionKey: string | null;
  businessKey: string | null;
  ended: boolean;
  suspended: boolean;
  tenantId: string | null;
  variables?: VariableMap;
}

/** Filters of `GET /process-instance`. */
export interface ProcessInstanceQuery extends Paging {
  processInstanceIds?: string[]; businessKey?: string; businessKeyLike?: string; processDefinitionId?: string;
  processDefinitionKey?: string; processDefinitionKeyIn?: string[]; processDefinitionKeyNotIn?: string[]; deploymentId?: string;
  active?: boolean; suspended?: boolean; withIncident?: boolean; incidentType?: string; activityIdIn?: string[];
  tenantIdIn?: string[]; withoutTenantId?: boolean; variables?: VariableFilter[]; variableNamesIgnoreCase?: boolean;
  variableValuesIgnoreCase?: boolean; sorting?: SortSpec[];
  /** Only instances called by a call activity of this instance. */
  superProcessInstance?: string;
  /** Only the instance whose call activity called this instance. */
  subProcessInstance?: string;
}

/** A node of the activity instance tree. */
export interface ActivityInstanceNode {
  id: string; parentActivityInstanceId: string | null; activityId: string; activityName: string | null; activityType: string;
  processInstanceId: string; processDefinitionId: string; childActivityInstances: ActivityInstanceNode[];
  childTransitionInstances: TransitionInstanceNode[]; executionIds: string[]; incidentIds: string[]; incidents: Array<{ id: string; activityId: string }>;
  name: string | null;
}

/** A token waiting in an asynchronous continuation before or after an activity (Camunda's transition instance). */
export interface TransitionInstanceNode {
  id: string; parentActivityInstanceId: string; activityId: string; activityName: string | null; activityType: string;
  processInstanceId: string; processDefinitionId: string; executionId: string; incidentIds: string[];
  incidents: Array<{ id: string; activityId: string }>;
}

/** Starting, querying, deleting process instances and their variables. */
export class RuntimeService {
  constructor(private readonly commands: CommandExecutor) {}

  /** Starts an instance of a definition and runs it to its first wait states. */
  async start(actor: Actor, def: ProcessDefinitionRow, input: StartInput): Promise<ProcessInstanceInfo> {
    return this.commands.run(actor, (ctx) => this.startIn(ctx, actor, def.id, input));
  }

  /** Starts the latest version of a key (without tenant) in one command; 404 when the key is unknown. */
  async startLatest(actor: Actor, key: string, input: StartInput): Promise<ProcessInstanceInfo> {
    return this.commands.run(actor, async (ctx) => {
      const rows = await ctx.uow.select(T.processDefinition, 'key_ = ? AND tenant_id IS NULL', [key], ' ORDER BY version DESC LIMIT 1');
      const def = rows[0];
      if (!def) throw new RestException(404, `No matching process definition with key: ${key} and no tenant-id`);
      return this.startIn(ctx, actor, def.id, input);
    });
  }

  /**
   * Starts an instance inside a running command, at the definition's initial start event or at `startEventId`
   * (the job executor starts timer-start instances this way).
   */
  async startIn(ctx: CommandContext, actor: Actor, definitionId: string, input: StartInput, startEventId?: string): Promise<ProcessInstanceInfo> {
    {
      const deployed = await ctx.definitions.get(ctx.uow, definitionId);
      if (!deployed) throw new RestException(404, `No matching definition with id ${definitionId}`);
      const def = deployed.row;
      const startId = startEventId ?? deployed.model.startEventId;
      if (!startId) {
        throw new RestException(500, `Cannot instantiate process definition ${def.id}: Cannot start process instance, initial activity where the process instance should start is null: initial is null`);
      }
      if (def.suspended) throw new ProcessEngineException(`Cannot start process instance. Process definition ${def.name ?? def.key} (id = ${def.id}) is suspended`);
      const id = ctx.newId();
      const root = ctx.uow.insert(T.execution, {
        id, rev: 1, procInstId: id, parentId: null, procDefId: def.id, procDefKey: def.key, businessKey: input.businessKey ?? null,
        activityId: null, actInstId: null, incomingFlowId: null, isActive: true, isConcurrent: false, isScope: true,
        suspended: false, startTime: ctx.now, startUserId: actor.userId, rootProcInstId: id, superExecId: null,
        tenantId: def.tenantId, sequence: 0,
      });
      const inst = InstanceState.fresh(ctx, root);
      for (const [name, value] of Object.entries(input.variables ?? {})) inst.setVariableLocal(root, name, value);
      const start = deployed.model.elements.get(startId);
      if (start?.kind === 'startEvent' && start.initiator && actor.userId) {
        inst.setVariableLocal(root, start.initiator, { type: 'string', value: actor.userId, valueInfo: {} });
      }
      history.startProcessInstance(ctx, root, { name: def.name, version: def.version }, startId);
      await new Executor(ctx, inst, deployed).start(startId);
      const info: ProcessInstanceInfo = {
        id, definitionId: def.id, definitionKey: def.key, businessKey: root.businessKey, ended: !inst.isRunning,
        suspended: false, tenantId: def.tenantId,
      };
      if (input.withVariablesInReturn) info.variables = inst.isRunning ? inst.localVariables(root.id) : inst.endedRootVariables;
      return info;
    }
  }

  async get(actor: Actor, id: string): Promise<ProcessInstanceInfo> {
    const rows = await this.query(actor, { processInstanceIds: [id] });
    const row = rows[0];
    if (!row) throw new InvalidRequestException(404, `Process instance with id ${id} does not exist`);
    return row;
  }

  async query(actor: Actor, q: ProcessInstanceQuery): Promise<ProcessInstanceInfo[]> {
    return this.commands.run(actor, async (ctx) => {
      const w = instanceWhere(q);
      const sortColumns = { instanceId: 'e.id', definitionKey: 'e.proc_def_key', definitionId: 'e.proc_def_id', tenantId: 'e.tenant_id', businessKey: 'e.business_key' };
      const paging = q.variables?.length ? '' : limit(q);
      const rows = await ctx.sql.query<Record<string, unknown>>(
        `SELECT e.id, e.proc_def_id, e.proc_def_key, e.business_key, e.suspended, e.tenant_id FROM eng_execution e WHERE ${w.toString()}${orderBy(q.sorting ?? [], sortColumns, 'e.id ASC')}${paging}`,
        w.params,
      );
      let out = rows.map(toInfo);
      if (q.variables?.length) {
        out = await filterByVariables(ctx.sql, out, q.variables, q.variableValuesIgnoreCase ?? false, q.variableNamesIgnoreCase ?? false);
        const first = q.firstResult ?? 0;
        out = q.maxResults == null && q.firstResult == null ? out : out.slice(first, q.maxResults == null ? undefined : first + q.maxResults);
      }
      return out;
    });
  }

  async count(actor: Actor, q: ProcessInstanceQuery): Promise<number> {
    if (q.variables?.length) return (await this.query(actor, { ...q, firstResult: null, maxResults: null })).length;
    return this.commands.run(actor, async (ctx) => {
      const w = instanceWhere(q);
      const rows = await ctx.sql.query<Record<string, unknown>>(`SELECT COUNT(*) AS c FROM eng_execution e WHERE ${w.toString()}`, w.params);
      return Number(rows[0]?.['c'] ?? 0);
    });
  }

  /** Deletes a running instance; returns false when it does not exist. */
  async delete(actor: Actor, id: string, reason: string | null): Promise<boolean> {
    return this.commands.run(actor, async (ctx) => {
      const root = await ctx.uow.byId(T.execution, id);
      if (!root || root.parentId !== null) return false;
      await deleteProcessInstanceState(ctx, id, reason, 'EXTERNALLY_TERMINATED');
      history.userOperation(ctx, { operationType: 'Delete', entityType: 'ProcessInstance', procInstId: id, procDefId: root.procDefId, procDefKey: root.procDefKey });
      return true;
    });
  }

  /** Variables of an instance (the process instance scope). */
  async getVariables(actor: Actor, procInstId: string, executionId: string = procInstId): Promise<VariableMap> {
    return this.commands.run(actor, async (ctx) => {
      const inst = await InstanceState.load(ctx, procInstId);
      const e = inst?.execution(executionId);
      if (!inst || !e) throw new InvalidRequestException(404, `process instance ${procInstId} doesn't exist`);
      return executionId === procInstId ? inst.localVariables(e.id) : inst.visibleVariables(e);
    });
  }

  /** The local variables of any execution, found by execution id (404 when unknown). */
  async getExecutionLocalVariables(actor: Actor, executionId: string): Promise<VariableMap> {
    return this.commands.run(actor, async (ctx) => {
      const exec = await ctx.uow.byId(T.execution, executionId);
      if (!exec) throw new InvalidRequestException(404, `execution ${executionId} doesn't exist`);
      const inst = await InstanceState.load(ctx, exec.procInstId);
      return inst ? inst.localVariables(executionId) : {};
    });
  }

  /** Applies modifications then deletions to the instance's variables, in one command. */
  async modifyVariables(actor: Actor, procInstId: string, modifications: VariableMap, deletions: string[]): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const inst = await InstanceState.load(ctx, procInstId);
      if (!inst) throw new InvalidRequestException(500, `Cannot modify variables for process instance ${procInstId}: execution ${procInstId} doesn't exist`);
      const root = inst.root;
      for (const [name, value] of Object.entries(modifications)) inst.setVariableLocal(root, name, value);
      for (const name of deletions) inst.removeVariableLocal(root, name);
      this.logVariables(ctx, root, 'ModifyVariable', [...Object.keys(modifications), ...deletions]);
    });
  }

  /** Sets one variable of the instance scope. */
  async setVariable(actor: Actor, procInstId: string, name: string, value: TypedValue): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const inst = await InstanceState.load(ctx, procInstId);
      if (!inst) throw new InvalidRequestException(500, `Cannot put process instance variable ${name}: execution ${procInstId} doesn't exist`);
      inst.setVariableLocal(inst.root, name, value);
      this.logVariables(ctx, inst.root, 'SetVariable', [name]);
    });
  }

  /** Removes one variable of the instance scope. */
  async removeVariable(actor: Actor, procInstId: string, name: string): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const inst = await InstanceState.load(ctx, procInstId);
      if (!inst) throw new InvalidRequestException(500, `Cannot delete process instance variable ${name}: execution ${procInstId} doesn't exist`);
      inst.removeVariableLocal(inst.root, name);
      this.logVariables(ctx, inst.root, 'RemoveVariable', [name]);
    });
  }

  /** The activity instance tree of a running instance. */
  async activityInstances(actor: Actor, procInstId: string): Promise<ActivityInstanceNode> {
    return this.commands.run(actor, async (ctx) => {
      const inst = await InstanceState.load(ctx, procInstId);
      if (!inst) throw new NullValueException(`Process instance with id ${procInstId} does not exist: process instance is null`);
      const deployed = await ctx.definitions.get(ctx.uow, inst.root.procDefId);
      if (!deployed) throw new ProcessEngineException(`Definition ${inst.root.procDefId} missing`);
      const incidents = await ctx.uow.select(T.incident, 'proc_inst_id = ?', [procInstId]);
      const root: ActivityInstanceNode = {
        id: procInstId, parentActivityInstanceId: null, activityId: inst.root.procDefId, activityName: deployed.model.name ?? deployed.model.id,
        activityType: 'processDefinition', processInstanceId: procInstId, processDefinitionId: inst.root.procDefId,
        childActivityInstances: [], childTransitionInstances: [], executionIds: [procInstId], incidentIds: [], incidents: [],
        name: deployed.model.name ?? deployed.model.id,
      };
      const nodes = new Map<string, ActivityInstanceNode>([[procInstId, root]]);
      const node = (id: string, parentId: string, activityId: string, executionId: string): ActivityInstanceNode => {
        const el = deployed.model.elements.get(activityId);
        const own = incidents.filter((i) => i.executionId === executionId);
        const created: ActivityInstanceNode = {
          id, parentActivityInstanceId: parentId, activityId, activityName: el?.name ?? null,
          activityType: el?.activityType ?? 'unknown', processInstanceId: procInstId, processDefinitionId: inst.root.procDefId,
          childActivityInstances: [], childTransitionInstances: [], executionIds: [executionId],
          incidentIds: own.map((i) => i.id), incidents: own.map((i) => ({ id: i.id, activityId: i.activityId ?? activityId })),
          name: el?.name ?? null,
        };
        nodes.set(id, created);
        return created;
      };
      // the instance of the scope an execution's token belongs to (for a scope execution of a task: the scope around the task)
      const flowScopeInstance = (e: ExecutionRow): string => scopeActivityInstanceOf(inst, inst.scopeOf(e));
      const created: ActivityInstanceNode[] = [];
      for (const e of inst.executions) {
        const owner = isActivityScope(inst, e) ? inst.parent(e) : null;
        const ownerActivity = owner?.activityId ? deployed.model.elements.get(owner.activityId) : undefined;
        if (owner && (ownerActivity?.kind === 'subProcess' || ownerActivity?.kind === 'multiInstanceBody')) {
          // a (event) sub-process instance: its scope execution; tokens inside it are its children
          created.push(node(scopeActivityInstanceOf(inst, e), flowScopeInstance(owner), ownerActivity.id, e.id));
        }
        if (!e.activityId || !e.actInstId || e.actInstId === procInstId) continue;
        if (!e.isActive && inst.children(e).length > 0) continue;
        const parentId = owner && owner.activityId === e.activityId ? flowScopeInstance(owner) : flowScopeInstance(e);
        created.push(node(e.actInstId, parentId, e.activityId, e.id));
      }
      for (const n of created) (nodes.get(n.parentActivityInstanceId ?? procInstId) ?? root).childActivityInstances.push(n);
      // tokens waiting in an asynchronous continuation are transition instances of their flow scope (id: the execution's)
      for (const job of await ctx.uow.select(T.job, 'proc_inst_id = ? AND handler_type = ?', [procInstId, ASYNC_HANDLER])) {
        const e = job.executionId ? inst.execution(job.executionId) : null;
        if (!e || e.activityId !== job.activityId || !e.activityId) continue;
        const el = deployed.model.elements.get(e.activityId);
        const own = incidents.filter((i) => i.executionId === e.id);
        const parentId = flowScopeInstance(e);
        (nodes.get(parentId) ?? root).childTransitionInstances.push({
          id: e.id, parentActivityInstanceId: parentId, activityId: e.activityId, activityName: el?.name ?? null,
          activityType: el?.activityType ?? 'unknown', processInstanceId: procInstId, processDefinitionId: inst.root.procDefId,
          executionId: e.id, incidentIds: own.map((i) => i.id), incidents: own.map((i) => ({ id: i.id, activityId: i.activityId ?? e.activityId ?? '' })),
        });
      }
      // as Camunda 7: a concurrent execution whose token is in a scope activity is listed by its flow scope; the activity lists its scope execution
      for (const e of inst.executions) {
        if (e.isConcurrent && inst.children(e).length > 0) nodes.get(flowScopeInstance(e))?.executionIds.push(e.id);
      }
      return root;
    });
  }

  /** The historic process instance row, or null. */
  async historic(actor: Actor, id: string): Promise<HiProcInstRow | null> {
    return this.commands.run(actor, (ctx) => ctx.uow.byId(T.hiProcInst, id));
  }

  private logVariables(ctx: CommandContext, root: ExecutionRow, operationType: string, names: string[]): void {
    history.userOperation(ctx, { operationType, entityType: 'Variable', procInstId: root.id, executionId: root.id, procDefId: root.procDefId, procDefKey: root.procDefKey }, names.map((n) => ({ property: 'name', newValue: n })));
  }
}

// helpers ////

function toInfo(r: Record<string, unknown>): ProcessInstanceInfo {
  return {
    id: String(r['id']), definitionId: String(r['proc_def_id']), definitionKey: (r['proc_def_key'] as string | null) ?? null,
    businessKey: (r['business_key'] as string | null) ?? null, ended: false,
    suspended: r['suspended'] === 1 || r['suspended'] === true, tenantId: (r['tenant_id'] as string | null) ?? null,
  };
}

function instanceWhere(q: ProcessInstanceQuery): Where {
  const w = new Where().add('e.parent_id IS NULL')
    .in('e.id', q.processInstanceIds).eq('e.business_key', q.businessKey).like('e.business_key', q.businessKeyLike)
    .eq('e.proc_def_id', q.processDefinitionId).eq('e.proc_def_key', q.processDefinitionKey)
    .in('e.proc_def_key', q.processDefinitionKeyIn).in('e.tenant_id', q.tenantIdIn);
  if (q.processDefinitionKeyNotIn?.length) w.add(`e.proc_def_key NOT IN (${q.processDefinitionKeyNotIn.map(() => '?').join(', ')})`, ...q.processDefinitionKeyNotIn);
  if (q.deploymentId) w.add('e.proc_def_id IN (SELECT id FROM eng_process_definition WHERE deployment_id = ?)', q.deploymentId);
  if (q.active) w.add('e.suspended = 0');
  if (q.suspended) w.add('e.suspended = 1');
  if (q.withoutTenantId) w.add('e.tenant_id IS NULL');
  if (q.superProcessInstance) w.add('e.super_exec_id IN (SELECT s.id FROM eng_execution s WHERE s.proc_inst_id = ?)', q.superProcessInstance);
  if (q.subProcessInstance) w.add('e.id IN (SELECT s.proc_inst_id FROM eng_execution s JOIN eng_execution c ON c.super_exec_id = s.id WHERE c.id = ?)', q.subProcessInstance);
  if (q.withIncident) w.add('EXISTS (SELECT 1 FROM eng_incident i WHERE i.proc_inst_id = e.id)');
  if (q.incidentType) w.add('EXISTS (SELECT 1 FROM eng_incident i WHERE i.proc_inst_id = e.id AND i.incident_type = ?)', q.incidentType);
  if (q.activityIdIn?.length) {
    w.add(`EXISTS (SELECT 1 FROM eng_execution a WHERE a.proc_inst_id = e.id AND a.activity_id IN (${q.activityIdIn.map(() => '?').join(', ')}))`, ...q.activityIdIn);
  }
  return w;
}

async function filterByVariables(
  sql: Sql,
  instances: ProcessInstanceInfo[],
  filters: VariableFilter[],
  valuesIgnoreCase: boolean,
  namesIgnoreCase: boolean,
): Promise<ProcessInstanceInfo[]> {
  const { fromColumns } = await import('../variables/index.js');
  const out: ProcessInstanceInfo[] = [];
  for (const i of instances) {
    const rows = await sql.query<Record<string, unknown>>('SELECT * FROM eng_variable WHERE execution_id = ? AND task_id IS NULL', [i.id]);
    const vars = new Map<string, TypedValue>();
    for (const r of rows) {
      const name = String(r['name']);
      vars.set(namesIgnoreCase ? name.toLowerCase() : name, fromColumns({
        type: r['type'] as never, textValue: (r['text_value'] as string | null) ?? null, text2Value: (r['text2_value'] as string | null) ?? null,
        longValue: r['long_value'] == null ? null : Number(r['long_value']), doubleValue: r['double_value'] == null ? null : Number(r['double_value']),
        bytesValue: (r['bytes_value'] as Buffer | null) ?? null,
      }));
    }
    if (filters.every((f) => matchesFilter(vars.get(namesIgnoreCase ? f.name.toLowerCase() : f.name), f, { valuesIgnoreCase }))) out.push(i);
  }
  return out;
}
