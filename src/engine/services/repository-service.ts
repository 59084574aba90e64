import { createHash } from 'node:crypto';
import { parseBpmn, type ProcessModel } from '../model/index.js';
import { BadUserRequestException, InvalidRequestException, ParseException, ProcessEngineException, RestException, type ResourceReport } from '../errors.js';
import { T, type DeploymentRow, type ProcessDefinitionRow, type ResourceRow } from '../persistence/tables.js';
import type { UnitOfWork } from '../persistence/unit-of-work.js';
import type { Actor, CommandContext } from '../runtime/command-context.js';
import type { DefinitionCache } from '../runtime/definition-cache.js';
import { history } from '../runtime/history.js';
import type { CommandExecutor } from './command-executor.js';
import { limit, orderBy, Where, type Paging, type SortSpec } from './query-builder.js';
import { deleteProcessInstanceState } from './instance-deletion.js';
import { setInstancesSuspended, setStartTimerJobsSuspended } from './suspension-service.js';
import { scheduleTimerStartJobs } from '../jobs/timer-jobs.js';
import { removeMessageStartSubscriptions, replaceMessageStartSubscriptions } from '../runtime/message-subscriptions.js';
import { removeSignalStartSubscriptions, replaceSignalStartSubscriptions } from '../runtime/signal-events.js';

/** One resource of a deployment upload. */
export interface DeploymentResourceInput {
  name: string;
  bytes: Buffer;
}

/** A deployment request, as `POST /deployment/create` carries it. */
export interface DeployInput {
  name: string | null;
  source: string | null;
  tenantId: string | null;
  resources: DeploymentResourceInput[];
  enableDuplicateFiltering: boolean;
  deployChangedOnly: boolean;
}

/** The result of a deployment: the deployment and the definitions it created (null when nothing changed). */
export interface DeployResult {
  deployment: DeploymentRow;
  processDefinitions: ProcessDefinitionRow[] | null;
}

/** Filters of `GET /deployment`. */
export interface DeploymentQuery extends Paging {
  id?: string; name?: string; nameLike?: string; source?: string; withoutSource?: boolean; tenantIdIn?: string[];
  withoutTenantId?: boolean; before?: number; after?: number; sorting?: SortSpec[];
}

/** Filters of `GET /process-definition`. */
export interface ProcessDefinitionQuery extends Paging {
  processDefinitionId?: string; processDefinitionIdIn?: string[]; name?: string; nameLike?: string; deploymentId?: string;
  key?: string; keysIn?: string[]; keyLike?: string; category?: string; categoryLike?: string; version?: number;
  latestVersion?: boolean; resourceName?: string; resourceNameLike?: string; suspended?: boolean; active?: boolean;
  versionTag?: string; versionTagLike?: string; withoutVersionTag?: boolean; startableInTasklist?: boolean;
  notStartableInTasklist?: boolean; tenantIdIn?: string[]; withoutTenantId?: boolean; sorting?: SortSpec[];
}

const BPMN_SUFFIXES = ['.bpmn', '.bpmn20.xml'];
const FORM_SUFFIX = '.form';

/** Deployments, resources and process definitions. */
export class RepositoryService {
  constructor(
    private readonly commands: CommandExecutor,
    private readonly definitions: DefinitionCache,
  ) {}

  /** Parses and validates every resource, then stores the deployment and its new definition versions in one command. */
  async deploy(actor: Actor, input: DeployInput): Promise<DeployResult> {
    if (input.resources.length === 0) throw new InvalidRequestException(400, 'No deployment resources contained in the form upload.');
    const parsed = await parseResources(input.resources);
    return this.commands.run(actor, async (ctx) => {
      const { uow } = ctx;
      let toDeploy = input.resources;
      if (input.enableDuplicateFiltering || input.deployChangedOnly) {
        const previous = await latestResources(ctx.uow, input.name, input.tenantId);
        const changed = input.resources.filter((r) => previous.get(r.name) !== checksum(r.bytes));
        if (changed.length === 0) {
          const latest = await uow.select(T.deployment, `${nameClause(input.name)} AND ${tenantClause(input.tenantId)}`, paramsOf(input.name, input.tenantId), ' ORDER BY deploy_time DESC LIMIT 1');
          if (latest[0]) return { deployment: latest[0], processDefinitions: null };
        }
        if (input.deployChangedOnly) toDeploy = changed;
      }
      const deployment = uow.insert(T.deployment, {
        id: ctx.newId(), name: input.name, source: input.source, tenantId: input.tenantId, deployTime: ctx.now,
      });
      const definitions: ProcessDefinitionRow[] = [];
      for (const r of toDeploy) {
        uow.insert(T.resource, { id: ctx.newId(), deploymentId: deployment.id, name: r.name, bytes: r.bytes, checksum: checksum(r.bytes) });
        for (const model of parsed.processes.get(r.name) ?? []) {
          const version = (await maxVersion(ctx.uow, 'eng_process_definition', model.id, input.tenantId)) + 1;
          const row = uow.insert(T.processDefinition, {
            id: definitionId(model.id, version, ctx.newId()), rev: 1, key: model.id, version, name: model.name,
            category: parsed.namespaces.get(r.name) ?? null, deploymentId: deployment.id, resourceName: r.name,
            suspended: false, versionTag: model.versionTag, historyTtl: model.historyTimeToLive,
            startable: model.isStartableInTasklist, tenantId: input.tenantId, description: model.documentation,
          });
          definitions.push(row);
          await scheduleTimerStartJobs(ctx, row, model);
          await replaceMessageStartSubscriptions(ctx, row, model);
          await replaceSignalStartSubscriptions(ctx, row, model);
          ctx.afterCommit.push(() => this.definitions.put(row.id, model));
        }
        const formId = parsed.forms.get(r.name);
        if (formId) {
          const version = (await maxVersion(ctx.uow, 'eng_form_definition', formId, input.tenantId)) + 1;
          uow.insert(T.formDefinition, { id: definitionId(formId, version, ctx.newId()), key: formId, version, deploymentId: deployment.id, resourceName: r.name, tenantId: input.tenantId });
        }
      }
      history.userOperation(ctx, { operationType: 'Create', entityType: 'Deployment', deploymentId: deployment.id, category: 'Operator' }, [
        { property: 'duplicateFilterEnabled', newValue: String(input.enableDuplicateFiltering || input.deployChangedOnly) },
      ]);
      return { deployment, processDefinitions: definitions };
    });
  }

  async getDeployment(actor: Actor, id: string): Promise<DeploymentRow> {
    const row = await this.commands.run(actor, (ctx) => ctx.uow.byId(T.deployment, id));
    if (!row) throw new InvalidRequestException(404, `Deployment with id '${id}' does not exist`);
    return row;
  }

  async queryDeployments(actor: Actor, q: DeploymentQuery): Promise<DeploymentRow[]> {
    const w = deploymentWhere(q);
    const sortColumns = { id: 'id', name: 'name', deploymentTime: 'deploy_time', tenantId: 'tenant_id' };
    return this.commands.run(actor, (ctx) => ctx.uow.select(T.deployment, w.toString(), w.params, orderBy(q.sorting ?? [], sortColumns, 'id ASC') + limit(q)));
  }

  async countDeployments(actor: Actor, q: DeploymentQuery): Promise<number> {
    const w = deploymentWhere(q);
    return this.commands.run(actor, async (ctx) => count(await ctx.sql.query(`SELECT COUNT(*) AS c FROM eng_deployment WHERE ${w.toString()}`, w.params)));
  }

  /** Resources of a deployment (404 when the deployment does not exist). */
  async getResources(actor: Actor, deploymentId: string): Promise<ResourceRow[]> {
    await this.getDeployment(actor, deploymentId);
    return this.commands.run(actor, (ctx) => ctx.uow.select(T.resource, 'deployment_id = ?', [deploymentId], ' ORDER BY name'));
  }

  async getResource(actor: Actor, deploymentId: string, resourceId: string): Promise<ResourceRow> {
    await this.getDeployment(actor, deploymentId);
    const rows = await this.commands.run(actor, (ctx) => ctx.uow.select(T.resource, 'deployment_id = ? AND id = ?', [deploymentId, resourceId]));
    const row = rows[0];
    if (!row) throw new InvalidRequestException(404, `Deployment resource with resource id '${resourceId}' for deployment id '${deploymentId}' does not exist.`);
    return row;
  }

  /** Deletes a deployment; with `cascade` also its process instances and their history. */
  async deleteDeployment(actor: Actor, id: string, cascade: boolean): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const deployment = await ctx.uow.byId(T.deployment, id);
      if (!deployment) throw new InvalidRequestException(404, `Deployment with id '${id}' do not exist`);
      const defs = await ctx.uow.select(T.processDefinition, 'deployment_id = ?', [id]);
      for (const def of defs) {
        const roots = await ctx.sql.query<{ id: string }>('SELECT id FROM eng_execution WHERE proc_def_id = ? AND parent_id IS NULL', [def.id]);
        if (roots.length > 0 && !cascade) {
          throw new ProcessEngineException(`Deletion of process definition without cascading failed: ${roots.length} process instance(s) of '${def.id}' are running.`);
        }
        for (const r of roots) await deleteProcessInstanceState(ctx, r.id, 'deployment deleted', 'EXTERNALLY_TERMINATED');
        if (cascade) {
          for (const table of ['eng_hi_actinst', 'eng_hi_taskinst', 'eng_hi_varinst', 'eng_hi_procinst']) {
            await ctx.sql.execute(`DELETE FROM ${table} WHERE proc_def_id = ?`, [def.id]);
          }
        }
        await removeMessageStartSubscriptions(ctx, def);
        await removeSignalStartSubscriptions(ctx, def);
        await ctx.sql.execute('DELETE FROM eng_job WHERE proc_def_id = ? AND proc_inst_id IS NULL', [def.id]);
        ctx.uow.delete(T.processDefinition, def);
        ctx.afterCommit.push(() => this.definitions.evict(def.id));
      }
      await ctx.sql.execute('DELETE FROM eng_resource WHERE deployment_id = ?', [id]);
      await ctx.sql.execute('DELETE FROM eng_form_definition WHERE deployment_id = ?', [id]);
      ctx.uow.delete(T.deployment, deployment);
      history.userOperation(ctx, { operationType: 'Delete', entityType: 'Deployment', deploymentId: id }, [{ property: 'cascade', newValue: String(cascade) }]);
    });
  }

  /** A process definition by id (404 when unknown). */
  async getProcessDefinition(actor: Actor, id: string): Promise<ProcessDefinitionRow> {
    const row = await this.commands.run(actor, (ctx) => ctx.uow.byId(T.processDefinition, id));
    if (!row) throw new InvalidRequestException(404, `No matching definition with id ${id}`);
    return row;
  }

  /** The latest version of a key without tenant (404 when unknown, as Camunda's REST layer answers). */
  async getLatestByKey(actor: Actor, key: string, tenantId: string | null = null): Promise<ProcessDefinitionRow> {
    const rows = await this.commands.run(actor, (ctx) =>
      ctx.uow.select(T.processDefinition, `key_ = ? AND ${tenantClause(tenantId)}`, paramsOf(key, tenantId).slice(0, tenantId ? 2 : 1), ' ORDER BY version DESC LIMIT 1'),
    );
    const row = rows[0];
    if (!row) throw new RestException(404, `No matching process definition with key: ${key} and ${tenantId ? `tenant-id: ${tenantId}` : 'no tenant-id'}`);
    return row;
  }

  async queryProcessDefinitions(actor: Actor, q: ProcessDefinitionQuery): Promise<ProcessDefinitionRow[]> {
    const w = definitionWhere(q);
    const sortColumns = { category: 'category', key: 'key_', id: 'id', name: 'name', version: 'version', deploymentId: 'deployment_id', deployTime: 'deployment_id', tenantId: 'tenant_id', 'tenantId ': 'tenant_id', versionTag: 'version_tag' };
    return this.commands.run(actor, (ctx) => ctx.uow.select(T.processDefinition, w.toString(), w.params, orderBy(q.sorting ?? [], sortColumns, 'id ASC') + limit(q)));
  }

  async countProcessDefinitions(actor: Actor, q: ProcessDefinitionQuery): Promise<number> {
    const w = definitionWhere(q);
    return this.commands.run(actor, async (ctx) => count(await ctx.sql.query(`SELECT COUNT(*) AS c FROM eng_process_definition WHERE ${w.toString()}`, w.params)));
  }

  /** The BPMN XML of a definition. */
  async getBpmnXml(actor: Actor, def: ProcessDefinitionRow): Promise<string> {
    const rows = await this.commands.run(actor, (ctx) => ctx.uow.select(T.resource, 'deployment_id = ? AND name = ?', [def.deploymentId, def.resourceName]));
    const r = rows[0];
    if (!r) throw new InvalidRequestException(404, `No BPMN resource for process definition ${def.id}`);
    return r.bytes.toString('utf8');
  }

  /** The executable model of a definition. */
  async getModel(actor: Actor, definitionId: string): Promise<ProcessModel> {
    const deployed = await this.commands.run(actor, (ctx) => this.definitions.get(ctx.uow, definitionId));
    if (!deployed) throw new InvalidRequestException(404, `No matching definition with id ${definitionId}`);
    return deployed.model;
  }

  /**
   * Suspends or activates a definition together with its timer-start-event jobs, and optionally its instances
   * (with their tasks, external tasks, jobs and historic state).
   */
  async setSuspended(actor: Actor, definitionId: string, suspended: boolean, includeProcessInstances: boolean): Promise<void> {
    await this.commands.run(actor, (ctx) => this.suspendIn(ctx, definitionId, suspended, includeProcessInstances));
  }

  /** Suspends or activates every version of a key (of one tenant, or of none), in one command, as Camunda's by-key calls do. */
  async setSuspendedByKey(actor: Actor, key: string, tenantId: string | null, suspended: boolean, includeProcessInstances: boolean): Promise<void> {
    await this.commands.run(actor, async (ctx) => {
      const defs = await ctx.uow.select(T.processDefinition, `key_ = ? AND ${tenantId === null ? 'tenant_id IS NULL' : 'tenant_id = ?'}`, tenantId === null ? [key] : [key, tenantId]);
      if (defs.length === 0) throw new InvalidRequestException(404, `No matching process definition with key: ${key}`);
      for (const def of defs) await this.suspendIn(ctx, def.id, suspended, includeProcessInstances);
    });
  }

  private async suspendIn(ctx: CommandContext, definitionId: string, suspended: boolean, includeProcessInstances: boolean): Promise<void> {
    const def = await ctx.uow.byId(T.processDefinition, definitionId);
    if (!def) throw new InvalidRequestException(404, `No matching definition with id ${definitionId}`);
    def.suspended = suspended;
    await setStartTimerJobsSuspended(ctx, definitionId, suspended);
    if (includeProcessInstances) await setInstancesSuspended(ctx, 'proc_def_id', definitionId, suspended);
    history.userOperation(ctx, { operationType: suspended ? 'SuspendProcessDefinition' : 'ActivateProcessDefinition', entityType: 'ProcessDefinition', procDefId: def.id, procDefKey: def.key }, [
      { property: 'suspensionState', newValue: suspended ? 'suspended' : 'active' },
      { property: 'includeProcessInstances', newValue: String(includeProcessInstances) },
    ]);
  }

  /** Deployed form resource of a `camunda:formRef` binding, or null. */
  async findForm(actor: Actor, key: string, binding: string | null, version: number | null, deploymentId: string | null): Promise<{ resource: ResourceRow; version: number } | null> {
    return this.commands.run(actor, async (ctx) => {
      let where = 'key_ = ?';
      const params: Array<string | number> = [key];
      if (binding === 'deployment' && deploymentId) {
        where += ' AND deployment_id = ?';
        params.push(deploymentId);
      } else if (binding === 'version' && version !== null) {
        where += ' AND version = ?';
        params.push(version);
      }
      const forms = await ctx.uow.select(T.formDefinition, where, params, ' ORDER BY version DESC LIMIT 1');
      const form = forms[0];
      if (!form) return null;
      const res = await ctx.uow.select(T.resource, 'deployment_id = ? AND name = ?', [form.deploymentId, form.resourceName]);
      return res[0] ? { resource: res[0], version: form.version } : null;
    });
  }
}

// helpers ////

interface ParsedResources {
  processes: Map<string, ProcessModel[]>;
  namespaces: Map<string, string>;
  forms: Map<string, string>;
}

async function parseResources(resources: DeploymentResourceInput[]): Promise<ParsedResources> {
  const details: Record<string, ResourceReport> = {};
  const out: ParsedResources = { processes: new Map(), namespaces: new Map(), forms: new Map() };
  const keys = new Map<string, string>();
  let failed = false;
  const seen = new Set<string>();
  for (const r of resources) {
    const report: ResourceReport = { errors: [], warnings: [] };
    details[r.name] = report;
    if (seen.has(r.name)) report.errors.push(problem(`Resource name '${r.name}' appears more than once in the deployment`));
    seen.add(r.name);
    const lower = r.name.toLowerCase();
    if (BPMN_SUFFIXES.some((s) => lower.endsWith(s))) {
      const parsed = await parseBpmn(r.bytes.toString('utf8'));
      report.errors.push(...parsed.errors);
      report.warnings.push(...parsed.warnings);
      for (const p of parsed.processes) {
        const other = keys.get(p.id);
        if (other) report.errors.push({ ...problem(`The deployment contains definitions with the same key '${p.id}' (id attribute), this is not allowed (also in '${other}')`), mainBpmnElementId: p.id, bpmnElementIds: [p.id] });
        keys.set(p.id, r.name);
      }
      out.processes.set(r.name, parsed.processes);
      const ns = /targetNamespace\s*=\s*"([^"]*)"/.exec(r.bytes.toString('utf8').slice(0, 4000))?.[1];
      if (ns) out.namespaces.set(r.name, ns);
    } else if (lower.endsWith(FORM_SUFFIX)) {
      try {
        const json = JSON.parse(r.bytes.toString('utf8')) as unknown;
        const id = typeof json === 'object' && json !== null ? (json as { id?: unknown }).id : undefined;
        if (typeof id !== 'string' || id === '') report.errors.push(problem('A form (.form) must be a JSON object with a non-empty string "id"'));
        else out.forms.set(r.name, id);
      } catch (error) {
        report.errors.push(problem(`Form '${r.name}' is not valid JSON: ${(error as Error).message}`));
      }
    } else if (lower.endsWith('.dmn') || lower.endsWith('.dmn11.xml') || lower.endsWith('.cmmn') || lower.endsWith('.cmmn11.xml')) {
      report.errors.push(problem(`DMN and CMMN resources are not supported by the embedded engine ('${r.name}'); deploy them to an Operaton/Camunda 7 engine instead`));
    }
    if (report.errors.length > 0) failed = true;
  }
  if (failed) {
    const summary = Object.entries(details)
      .flatMap(([name, rep]) => rep.errors.map((e) => `${name}${e.mainBpmnElementId ? ` | ${e.mainBpmnElementId}` : ''}${e.line ? ` | line ${e.line}` : ''}: ${e.message}`))
      .join('\n');
    const filtered = Object.fromEntries(Object.entries(details).filter(([, rep]) => rep.errors.length + rep.warnings.length > 0));
    throw new ParseException(`ENGINE-09005 Could not parse BPMN process. Errors: \n${summary}`, filtered);
  }
  return out;
}

function problem(message: string) {
  return { message, line: null, column: null, mainBpmnElementId: null, bpmnElementIds: [] as string[] };
}

function checksum(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function latestResources(uow: UnitOfWork, name: string | null, tenantId: string | null): Promise<Map<string, string | null>> {
  const deployments = await uow.select(T.deployment, `${nameClause(name)} AND ${tenantClause(tenantId)}`, paramsOf(name, tenantId), ' ORDER BY deploy_time ASC');
  const out = new Map<string, string | null>();
  for (const d of deployments) {
    for (const r of await uow.select(T.resource, 'deployment_id = ?', [d.id])) out.set(r.name, r.checksum);
  }
  return out;
}

async function maxVersion(uow: UnitOfWork, table: string, key: string, tenantId: string | null): Promise<number> {
  const rows = await uow.sql.query<{ v: number | null }>(
    `SELECT MAX(version) AS v FROM ${table} WHERE key_ = ? AND ${tenantClause(tenantId)}`,
    tenantId ? [key, tenantId] : [key],
  );
  return Number(rows[0]?.v ?? 0);
}

function nameClause(name: string | null): string {
  return name === null ? 'name IS NULL' : 'name = ?';
}

function tenantClause(tenantId: string | null): string {
  return tenantId === null ? 'tenant_id IS NULL' : 'tenant_id = ?';
}

function paramsOf(...values: Array<string | null>): string[] {
  return values.filter((v): v is string => v !== null);
}

function count(rows: Array<Record<string, unknown>>): number {
  return Number(rows[0]?.['c'] ?? 0);
}

function deploymentWhere(q: DeploymentQuery): Where {
  const w = new Where().eq('id', q.id).eq('name', q.name).like('name', q.nameLike).eq('source', q.source).in('tenant_id', q.tenantIdIn);
  if (q.withoutSource) w.add('source IS NULL');
  if (q.withoutTenantId) w.add('tenant_id IS NULL');
  if (q.before !== undefined) w.add('deploy_time < ?', q.before);
  if (q.after !== undefined) w.add('deploy_time > ?', q.after);
  return w;
}

function definitionWhere(q: ProcessDefinitionQuery): Where {
  const w = new Where()
    .eq('id', q.processDefinitionId).in('id', q.processDefinitionIdIn).eq('name', q.name).like('name', q.nameLike)
    .eq('deployment_id', q.deploymentId).eq('key_', q.key).in('key_', q.keysIn).like('key_', q.keyLike)
    .eq('category', q.category).like('category', q.categoryLike).eq('version', q.version).eq('resource_name', q.resourceName)
    .like('resource_name', q.resourceNameLike).eq('version_tag', q.versionTag).like('version_tag', q.versionTagLike)
    .in('tenant_id', q.tenantIdIn);
  if (q.latestVersion) w.add('version = (SELECT MAX(p2.version) FROM eng_process_definition p2 WHERE p2.key_ = eng_process_definition.key_)');
  if (q.suspended) w.add('suspended = 1');
  if (q.active) w.add('suspended = 0');
  if (q.withoutVersionTag) w.add('version_tag IS NULL');
  if (q.startableInTasklist) w.add('startable = 1');
  if (q.notStartableInTasklist) w.add('startable = 0');
  if (q.withoutTenantId) w.add('tenant_id IS NULL');
  if (q.version !== undefined && q.version !== null && !Number.isInteger(q.version)) throw new BadUserRequestException('version must be an integer');
  return w;
}

/**
 * A definition id as Camunda 7 makes it: `key:version:uuid`, or only the uuid when that would exceed the
 * 64 characters of the id column (long keys such as `cross-region-service-filing`).
 */
function definitionId(key: string, version: number, uuid: string): string {
  const id = `${key}:${version}:${uuid}`;
  return id.length <= 64 ? id : uuid;
}
