/**
 * Process management (流程管理) for process managers and administrators: lint and deploy BPMN models with their
 * form-js forms, list versions with their running instances, compare versions, suspend and activate a version.
 * Built by {@link createProcessModels}; talks to the engine only through its Camunda 7 REST API.
 */

import { join } from 'node:path';
import type { AuditLog } from '../audit/audit-log.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { Bpmnlint } from './bpmnlint.js';
import type { DeployedForms } from './deployed-forms.js';
import { ModelLinter, type WorkerContract } from './model-linter.js';
import { ProcessModels } from './process-models.js';

export { mayManageProcesses, PROCESS_MANAGEMENT_GROUPS, PROCESS_MANAGER_GROUP } from './access.js';
export { isReadable, readBpmn, type ReadBpmn, type UnreadableBpmn } from './bpmn-model.js';
export { Bpmnlint, type BpmnlintConfig, type BpmnlintReport } from './bpmnlint.js';
export { DeployedForms, type FormSource } from './deployed-forms.js';
export { ModelRejectedError } from './errors.js';
export { findingsByElement, hasErrors, PROJECT_RULES, type ElementFindings, type FindingCategory, type LintFinding } from './findings.js';
export { diffModels, type ChangedElement, type DiffAttribute, type DiffElement, type ModelDiff } from './model-diff.js';
export { MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_FILES, ModelLinter, type LintResult, type ModelLinterOptions, type WorkerContract, type UploadedFile, type UploadedProcess } from './model-linter.js';
export { externalTopicsOf } from './project-rules.js';
export {
  PROCESS_MANAGEMENT_SOURCE,
  PROJECT_DEPLOYMENT_NAME,
  ProcessModels,
  type DeploymentOutcome,
  type DeploymentSummary,
  type LintReport,
  type ProcessModelSummary,
  type ProcessModelsDeps,
  type ProcessVersion,
  type VersionDiff,
} from './process-models.js';

/** What {@link createProcessModels} needs. */
export interface ProcessModelsOptions {
  /** The directory holding `bpmn/.bpmnlintrc`. */
  root: string;
  /** The registered workers: the topic each serves and the BPMN error codes it may throw. */
  workers: Iterable<WorkerContract>;
  engineAs: (authorization: string) => EngineClient;
  forms: DeployedForms;
  audit: Pick<AuditLog, 'append'>;
  /** Whether deployments are recorded in the audit log here (remote engine). */
  auditDeployments: boolean;
}

/** Builds process management with the project's bpmnlint configuration (`bpmn/.bpmnlintrc`). */
export function createProcessModels(options: ProcessModelsOptions): ProcessModels {
  const linter = new ModelLinter({ bpmnlint: Bpmnlint.fromFile(join(options.root, 'bpmn', '.bpmnlintrc')), workers: options.workers });
  return new ProcessModels({ engineAs: options.engineAs, linter, forms: options.forms, audit: options.audit, auditDeployments: options.auditDeployments });
}
