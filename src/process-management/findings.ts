/** What a lint of process models reports: one finding per problem, each naming the element it is about. */

import type { FindingCategory, LintFinding } from './process-model-types.js';

export type { FindingCategory, LintFinding };

/** The findings of one element, for showing them next to it (e.g. as overlays in the modeler). */
export interface ElementFindings {
  resource: string;
  elementId: string;
  elementName?: string;
  findings: Array<Pick<LintFinding, 'rule' | 'message' | 'category'>>;
}

/** Names of the rules whose findings do not come from bpmnlint: the project's own rules, the XML reader and the engine. */
export const PROJECT_RULES = {
  /** Every external task's topic is served by a registered worker. */
  externalTopic: 'project/external-topic-has-worker',
  /** Every `camunda:formRef` (and `camunda:formKey` of a deployed form) names a form of the upload or one already deployed. */
  formRef: 'project/form-ref-resolves',
  /** Every BPMN error a topic's worker may throw is caught around its external task (boundary event or error event sub-process). */
  workerError: 'project/worker-error-caught',
  /** Every error an error event throws or catches is declared as a `bpmn:error` with an error code. */
  errorCode: 'project/error-code-declared',
  /** A BPMN file holds at least one executable process, and no process id twice in one upload. */
  executableProcess: 'project/executable-process',
  /** A form is a valid form-js form that the server can check submissions against, and its id is unique in the upload. */
  formDefinition: 'project/form-definition',
  /** Something the XML reader could not fit to the BPMN 2.0 / Camunda 7 meta-model (unknown attribute, unresolved reference). */
  importWarning: 'bpmn-import',
  /** A problem the engine reported when it refused the deployment. */
  engine: 'engine/parse',
} as const;

/** Whether any finding refuses a deployment. */
export function hasErrors(findings: readonly LintFinding[]): boolean {
  return findings.some((f) => f.category === 'error');
}

/** The findings grouped by element, in the order the elements first appear. */
export function findingsByElement(findings: readonly LintFinding[]): ElementFindings[] {
  const groups = new Map<string, ElementFindings>();
  for (const f of findings) {
    const key = `${f.resource}\u0000${f.elementId}`;
    let group = groups.get(key);
    if (!group) {
      group = { resource: f.resource, elementId: f.elementId, ...(f.elementName ? { elementName: f.elementName } : {}), findings: [] };
      groups.set(key, group);
    }
    group.findings.push({ rule: f.rule, message: f.message, category: f.category });
  }
  return [...groups.values()];
}

/** Sorts findings by resource, then errors before warnings, keeping the order of discovery otherwise. */
export function sortFindings(findings: readonly LintFinding[]): LintFinding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => a.f.resource.localeCompare(b.f.resource) || rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
}

// helpers ////

function rank(f: LintFinding): number {
  return f.category === 'error' ? 0 : 1;
}
