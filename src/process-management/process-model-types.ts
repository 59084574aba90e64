/**
 * The types of what process management answers (`/api/process-models`): only types, without imports, so that the web
 * application reads the very same declarations (`import type`) as the server that answers with them.
 */

/** How bad a finding is: an `error` refuses the deployment, a `warn` is shown and the deployment goes ahead. */
export type FindingCategory = 'error' | 'warn';

/** One problem of an uploaded model or form. */
export interface LintFinding {
  /** The uploaded file the element is in, e.g. `permit-review.bpmn`. */
  resource: string;
  /** The BPMN element id (or form component id) the finding is about; the process or form id for the whole model. */
  elementId: string;
  /** The element's name or label, when it has one. */
  elementName?: string;
  /** The rule that found it: a bpmnlint rule (`label-required`, `camunda-compat/history-time-to-live`) or a project rule. */
  rule: string;
  message: string;
  category: FindingCategory;
}

/** An element that was added, removed or moved. */
export interface DiffElement {
  id: string;
  /** The BPMN type, e.g. `bpmn:UserTask`. */
  type: string;
  name: string | null;
}

/** An attribute of a changed element, with its value before and after (references as the referenced id). */
export interface DiffAttribute {
  name: string;
  oldValue: unknown;
  newValue: unknown;
}

/** An element whose semantics changed. */
export interface ChangedElement extends DiffElement {
  attributes: DiffAttribute[];
}

/** What changed from one version of a model to another. */
export interface ModelDiff {
  added: DiffElement[];
  removed: DiffElement[];
  changed: ChangedElement[];
  /** Elements only moved or reshaped in the diagram. */
  layoutChanged: DiffElement[];
}

/** A deployment as process management shows it. */
export interface DeploymentSummary {
  id: string;
  name: string | null;
  deployedAt: string;
}

/** The outcome of a deployment. */
export interface DeploymentOutcome {
  deployment: DeploymentSummary;
  /** False when every file was identical to the last deployment of that name: nothing new was deployed. */
  created: boolean;
  /** The process versions the deployment created. */
  processDefinitions: Array<{ id: string; key: string; version: number; name: string | null }>;
  /** Ids of the forms the deployment holds. */
  forms: string[];
  /** Warnings of the lint; they did not stop the deployment. */
  findings: LintFinding[];
}

/** One version of a process. */
export interface ProcessVersion {
  id: string;
  version: number;
  name: string | null;
  versionTag: string | null;
  suspended: boolean;
  /** Process instances of this version still running. */
  runningInstances: number;
  resource: string;
  deployment: DeploymentSummary | null;
}

/** A process key with all its versions, newest first. */
export interface ProcessModelSummary {
  key: string;
  /** The name of the latest version. */
  name: string | null;
  latestVersion: number;
  versions: ProcessVersion[];
}

/** A comparison of two versions of a process. */
export interface VersionDiff extends ModelDiff {
  key: string;
  from: { version: number; id: string };
  to: { version: number; id: string };
}
