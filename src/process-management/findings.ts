/** What a lint of process models reports: one finding per problem, each naming the element it is about. */

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
