/**
 * Process management for process managers: lint and deploy models with their forms, list versions with their
 * running instances, compare two versions, suspend and activate a version. Everything goes through the engine's
 * Camunda 7 REST API, as the caller.
 */

import type { AuditContext } from '../audit/audit-context.js';
import type { AuditLog } from '../audit/audit-log.js';
import { EngineRequestError, type EngineClient } from '../engine-client/engine-client.js';
import { isoFromEngine } from '../engine-client/variables.js';
import { NotFoundError } from '../errors.js';
import type { DeployedForms } from './deployed-forms.js';
import type { DeploymentDto, DeploymentWithDefinitionsDto, ParseExceptionDto, ProcessDefinitionDto } from './engine-dto.js';
import { ModelRejectedError } from './errors.js';
import { findingsByElement, hasErrors, PROJECT_RULES, sortFindings, type ElementFindings, type LintFinding } from './findings.js';
import { diffModels } from './model-diff.js';
import type { DeploymentOutcome, DeploymentSummary, ProcessModelSummary, ProcessVersion, VersionDiff } from './process-model-types.js';
import type { LintResult, ModelLinter, UploadedFile, UploadedProcess } from './model-linter.js';
import { localize } from '../language.js';

/** Name of the deployment the system makes of `bpmn/` and `forms/` at every start; managers' deployments use other names. */
export const PROJECT_DEPLOYMENT_NAME = 'security-supervision';

/** `deployment-source` of the deployments made through process management. */
export const PROCESS_MANAGEMENT_SOURCE = 'process-management';

/** What {@link ProcessModels} needs. */
export interface ProcessModelsDeps {
  /** The engine REST API as the caller with this Authorization header (embedded engine), or as the service account (remote). */
  engineAs: (authorization: string) => EngineClient;
  linter: ModelLinter;
  forms: DeployedForms;
  audit: Pick<AuditLog, 'append'>;
  /** Whether deployments are recorded in the audit log here: with a remote engine, whose REST API does not pass our audit. */
  auditDeployments: boolean;
}

/** The outcome of a lint. */
export interface LintReport {
  /** Whether the upload may be deployed: no finding is an error. */
  valid: boolean;
  errorCount: number;
  warningCount: number;
  findings: LintFinding[];
  /** The same findings, grouped by element. */
  elements: ElementFindings[];
  models: Array<{ resource: string; processes: UploadedProcess[] }>;
  forms: Array<{ resource: string; formId: string }>;
}

export type { DeploymentOutcome, DeploymentSummary, ProcessModelSummary, ProcessVersion, VersionDiff };

/** Process management over the engine REST API; see the module comment. */
export class ProcessModels {
  constructor(private readonly deps: ProcessModelsDeps) {}

  /** Lints an upload against the forms deployed now; for an editor, deploys nothing. */
  async lint(files: readonly UploadedFile[]): Promise<LintReport> {
    await this.deps.forms.refresh();
    return report(await this.deps.linter.lint(files, this.deps.forms.deployedIds()));
  }

  /**
   * Lints the upload and, when no finding is an error, deploys all its files together as deployment `name`: when any
   * file differs from the last deployment of that name, all of them (so a model's version always comes with its
   * forms), else nothing new. Refuses with `ModelRejectedError` (422) — nothing deployed — when a finding is an
   * error or the engine refuses the models. Deployed forms take effect at once.
   */
  async deploy(authorization: string, name: string, files: readonly UploadedFile[], by: AuditContext): Promise<DeploymentOutcome> {
    const linted = await this.lint(files);
    if (!linted.valid) throw new ModelRejectedError(localize(`Not deployed: ${summary(linted.findings)}`, `未部署：${summary(linted.findings)}`), linted.findings);
    const engine = this.deps.engineAs(authorization);
    const previous = await engine.request<DeploymentDto[]>('GET', `/deployment?name=${encodeURIComponent(name)}&sortBy=deploymentTime&sortOrder=desc&maxResults=1`);
    let result: DeploymentWithDefinitionsDto;
    try {
      result = (await engine.deploy(name, files.map((f) => ({ name: f.name, bytes: f.bytes })), PROCESS_MANAGEMENT_SOURCE, { changedOnly: false })) as DeploymentWithDefinitionsDto;
    } catch (error) {
      const refused = engineFindings(error);
      if (refused) throw new ModelRejectedError(localize(`The engine refused the deployment: ${summary(refused)}`, `流程引擎拒绝部署：${summary(refused)}`), refused);
      throw error;
    }
    const created = result.id !== previous[0]?.id;
    const definitions = Object.values(result.deployedProcessDefinitions ?? {})
      .map((d) => ({ id: d.id, key: d.key, version: d.version, name: d.name }))
      .sort((a, b) => a.key.localeCompare(b.key));
    await this.deps.forms.refresh();
    if (created && this.deps.auditDeployments) {
      await this.deps.audit.append({
        ...by, action: 'deployment.create', subjectType: 'deployment', subjectId: result.id,
        details: { name, source: PROCESS_MANAGEMENT_SOURCE, engine: 'remote', processDefinitions: definitions.map((d) => `${d.key}:${d.version}`) },
      });
    }
    return {
      deployment: deploymentSummary(result),
      created,
      processDefinitions: definitions,
      forms: linted.forms.map((f) => f.formId).sort(),
      findings: linted.findings,
    };
  }

  /**
   * The form-js JSON of the latest deployed version of form `id` (what a user task's `camunda:formRef` with binding
   * `latest` opens), for the form editor.
   */
  async form(id: string): Promise<unknown> {
    await this.deps.forms.refresh();
    const document = this.deps.forms.document(id);
    NotFoundError.assert(document, 'FORM_NOT_FOUND', localize(`No form ${id} is deployed`, `未部署表单 ${id}`));
    return document;
  }

  /** Every process key with all its versions (newest first), their suspension and running instances; keys in order. */
  async list(authorization: string): Promise<ProcessModelSummary[]> {
    const engine = this.deps.engineAs(authorization);
    const [definitions, deployments] = await Promise.all([
      engine.request<ProcessDefinitionDto[]>('GET', '/process-definition?sortBy=version&sortOrder=desc'),
      engine.request<DeploymentDto[]>('GET', '/deployment'),
    ]);
    const deploymentById = new Map(deployments.map((d) => [d.id, d]));
    const versions = await Promise.all(definitions.map(async (d) => [d, await this.versionOf(engine, d, deploymentById.get(d.deploymentId))] as const));
    const byKey = new Map<string, ProcessVersion[]>();
    for (const [d, version] of versions) byKey.set(d.key, [...(byKey.get(d.key) ?? []), version]);
    return [...byKey.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, list]) => {
        const sorted = list.sort((a, b) => b.version - a.version);
        const latest = sorted[0] as ProcessVersion;
        return { key, name: latest.name, latestVersion: latest.version, versions: sorted };
      });
  }

  /** The BPMN XML of version `version` of process `key`. */
  async xml(authorization: string, key: string, version: number): Promise<string> {
    const engine = this.deps.engineAs(authorization);
    const definition = await findVersion(engine, key, version);
    return (await engine.request<{ bpmn20Xml: string }>('GET', `/process-definition/${encodeURIComponent(definition.id)}/xml`)).bpmn20Xml;
  }

  /** What changed from version `from` to version `to` of process `key`. */
  async diff(authorization: string, key: string, from: number, to: number): Promise<VersionDiff> {
    const engine = this.deps.engineAs(authorization);
    const [before, after] = await Promise.all([findVersion(engine, key, from), findVersion(engine, key, to)]);
    const [oldXml, newXml] = await Promise.all(
      [before, after].map(async (d) => (await engine.request<{ bpmn20Xml: string }>('GET', `/process-definition/${encodeURIComponent(d.id)}/xml`)).bpmn20Xml),
    );
    return { key, from: { version: from, id: before.id }, to: { version: to, id: after.id }, ...(await diffModels(oldXml as string, newXml as string)) };
  }

  /**
   * Suspends (no new instances of it start) or activates version `version` of process `key`. Its running instances
   * go on as they are: they stay on their version either way.
   */
  async setSuspended(authorization: string, key: string, version: number, suspended: boolean, by: AuditContext): Promise<ProcessVersion> {
    const engine = this.deps.engineAs(authorization);
    const definition = await findVersion(engine, key, version);
    await engine.request('PUT', `/process-definition/${encodeURIComponent(definition.id)}/suspended`, { suspended, includeProcessInstances: false });
    await this.deps.audit.append({
      ...by, action: suspended ? 'process-definition.suspend' : 'process-definition.activate', subjectType: 'process-definition', subjectId: definition.id,
      details: { key, version },
    });
    const deployment = await engine.request<DeploymentDto>('GET', `/deployment/${encodeURIComponent(definition.deploymentId)}`).catch(() => undefined);
    return this.versionOf(engine, { ...definition, suspended }, deployment);
  }

  // helpers ////

  private async versionOf(engine: EngineClient, d: ProcessDefinitionDto, deployment: DeploymentDto | undefined): Promise<ProcessVersion> {
    const { count } = await engine.request<{ count: number }>('GET', `/process-instance/count?processDefinitionId=${encodeURIComponent(d.id)}`);
    return {
      id: d.id, version: d.version, name: d.name, versionTag: d.versionTag, suspended: d.suspended, runningInstances: count, resource: d.resource,
      deployment: deployment ? deploymentSummary(deployment) : null,
    };
  }
}

// helpers ////

async function findVersion(engine: EngineClient, key: string, version: number): Promise<ProcessDefinitionDto> {
  const found = await engine.request<ProcessDefinitionDto[]>('GET', `/process-definition?key=${encodeURIComponent(key)}&version=${version}`);
  const definition = found[0];
  NotFoundError.assert(definition, 'PROCESS_VERSION_NOT_FOUND', localize(`Process ${key} has no version ${version}`, `流程 ${key} 没有第 ${version} 版`));
  return definition;
}

function report(result: LintResult): LintReport {
  const errorCount = result.findings.filter((f) => f.category === 'error').length;
  return {
    valid: !hasErrors(result.findings), errorCount, warningCount: result.findings.length - errorCount,
    findings: result.findings, elements: findingsByElement(result.findings), models: result.models, forms: result.forms,
  };
}

function deploymentSummary(d: DeploymentDto): DeploymentSummary {
  return { id: d.id, name: d.name, deployedAt: isoFromEngine(d.deploymentTime) };
}

function summary(findings: readonly LintFinding[]): string {
  const errors = findings.filter((f) => f.category === 'error');
  const shown = errors.slice(0, 5).map((f) => localize(`${f.resource} ${f.elementId}: ${f.message}`, `${f.resource} ${f.elementId}：${f.message}`)).join(localize('; ', '；'));
  const more = errors.length > 5 ? localize('; …', '；……') : '';
  return localize(`${errors.length} error(s): ${shown}${more}`, `${errors.length} 处错误：${shown}${more}`);
}

/** The findings of the engine's refusal of a deployment (`ParseException`), or null for any other failure. */
function engineFindings(error: unknown): LintFinding[] | null {
  if (!(error instanceof EngineRequestError) || error.status !== 400) return null;
  const body = error.body as ParseExceptionDto | null;
  if (body?.type !== 'ParseException' || !body.details) return null;
  const findings: LintFinding[] = [];
  for (const [resource, problems] of Object.entries(body.details)) {
    for (const [list, category] of [[problems.errors ?? [], 'error'], [problems.warnings ?? [], 'warn']] as const) {
      for (const p of list) {
        const elementId = p.mainBpmnElementId ?? p.mainElementId ?? p.bpmnElementIds?.[0] ?? p.elementIds?.[0] ?? resource;
        const where = p.line ? ` (line ${p.line}${p.column ? `, column ${p.column}` : ''})` : '';
        findings.push({ resource, elementId, rule: PROJECT_RULES.engine, message: `${p.message}${where}`, category });
      }
    }
  }
  if (findings.length === 0) findings.push({ resource: '', elementId: '', rule: PROJECT_RULES.engine, message: body.message, category: 'error' });
  return sortFindings(findings);
}
