/**
 * The project's own lint rules, over moddle elements: what bpmnlint cannot know because it needs this system's
 * workers, forms and the rest of the upload.
 */

import type { ModdleElement, ModdleWarning } from 'bpmn-moddle';
import { isA, nameOf, semanticElements, shownElement, text } from './bpmn-model.js';
import { PROJECT_RULES, type FindingCategory, type LintFinding } from './findings.js';

/** What the project rules check a model against. */
export interface ProjectRuleContext {
  /** The external-task topics the registered workers serve, each with the BPMN error codes its worker may throw. */
  topics: ReadonlyMap<string, readonly string[]>;
  /** Ids of the forms in the same upload. */
  formsInUpload: ReadonlySet<string>;
  /** Names of the files in the same upload (a `camunda:formKey` of `camunda-forms:deployment:<name>` names one). */
  resourcesInUpload: ReadonlySet<string>;
  /** Ids of the forms already deployed. */
  deployedForms: ReadonlySet<string>;
}

/**
 * Checks one BPMN document (`definitions`, read from `resource`) against the project rules: external topics have a
 * worker, every BPMN error that worker may throw is caught around its task, form references resolve, error events
 * name declared errors with codes, and there is an executable process.
 * `warnings` are the reader's; the unresolved error references among them are reported here, by the error rule.
 */
export function checkProjectRules(resource: string, definitions: ModdleElement, warnings: readonly ModdleWarning[], context: ProjectRuleContext): LintFinding[] {
  const findings: LintFinding[] = [];
  const report = (element: ModdleElement | undefined, rule: string, category: FindingCategory, message: string) => {
    const target = shownElement(element) ?? definitions;
    const name = nameOf(target);
    findings.push({ resource, elementId: text(target.id) ?? resource, ...(name ? { elementName: name } : {}), rule, message, category });
  };
  const unresolved = warnings.filter(isErrorReference);
  for (const warning of unresolved) {
    report(warning.element, PROJECT_RULES.errorCode, 'error', `Refers to error '${warning.value ?? ''}', which is not declared: add <bpmn:error id="${warning.value ?? ''}" errorCode="…"/> to the definitions`);
  }
  const elements = semanticElements(definitions);
  checkExecutableProcess(elements, definitions, report);
  const withUnresolvedRef = new Set(unresolved.map((w) => w.element));
  for (const element of elements) {
    checkExternalTopic(element, context, report);
    checkWorkerErrorsCaught(element, elements, context, report);
    checkFormReference(element, context, report);
    checkErrorEvent(element, withUnresolvedRef.has(element), report);
  }
  return findings;
}

/** Whether a reader warning is an unresolved error reference, which {@link checkProjectRules} reports. */
export function isErrorReference(warning: ModdleWarning): boolean {
  return /^unresolved reference/.test(warning.message) && typeof warning.property === 'string' && /(^|:)errorRef$/.test(warning.property);
}

/** The external-task topics used in a BPMN document. */
export function externalTopicsOf(definitions: ModdleElement): string[] {
  const topics = new Set<string>();
  for (const element of semanticElements(definitions)) {
    const topic = text(element['topic']);
    if (text(element['type']) === 'external' && topic) topics.add(topic);
  }
  return [...topics].sort();
}

// helpers ////

type Report = (element: ModdleElement | undefined, rule: string, category: FindingCategory, message: string) => void;

const EXPRESSION = /[$#]\{/;
/** `camunda:formKey` values that name a resource of the deployment, as the engine resolves them. */
const DEPLOYED_FORM_KEY = /^(?:embedded:|camunda-forms:)?deployment:(.+)$/;

function checkExecutableProcess(elements: ModdleElement[], definitions: ModdleElement, report: Report): void {
  const processes = elements.filter((e) => e.$type === 'bpmn:Process');
  if (!processes.some((p) => p['isExecutable'] === true)) {
    report(processes[0] ?? definitions, PROJECT_RULES.executableProcess, 'error', 'The file has no executable process (isExecutable="true"): deploying it would create no process version');
  }
}

function checkExternalTopic(element: ModdleElement, context: ProjectRuleContext, report: Report): void {
  if (text(element['type']) !== 'external') return;
  const topic = text(element['topic']);
  if (!topic) {
    report(element, PROJECT_RULES.externalTopic, 'error', 'Has camunda:type="external" but no camunda:topic');
  } else if (EXPRESSION.test(topic)) {
    report(element, PROJECT_RULES.externalTopic, 'warn', `Topic '${topic}' is an expression: whether a worker serves it cannot be checked before it runs`);
  } else if (!context.topics.has(topic)) {
    report(element, PROJECT_RULES.externalTopic, 'error', `No worker serves topic '${topic}': its tasks would wait forever (use a topic of src/workers/topics.ts)`);
  }
}

function checkWorkerErrorsCaught(element: ModdleElement, elements: readonly ModdleElement[], context: ProjectRuleContext, report: Report): void {
  if (text(element['type']) !== 'external') return;
  const topic = text(element['topic']);
  for (const code of (topic ? context.topics.get(topic) : undefined) ?? []) {
    if (!caughtAround(element, code, elements)) {
      report(element, PROJECT_RULES.workerError, 'error', `The worker of topic '${topic}' may throw BPMN error '${code}', which nothing catches here: the case would end silently. Add an error boundary event (a bpmn:error with errorCode="${code}") or an error event subprocess`);
    }
  }
}

/** Whether an error with `code` thrown at `task` is caught: by a boundary event of it or of an enclosing sub-process, or by an error event sub-process of an enclosing scope. */
function caughtAround(task: ModdleElement, code: string, elements: readonly ModdleElement[]): boolean {
  for (let scope: ModdleElement | undefined = task; scope; scope = scope.$parent) {
    const boundary = elements.filter((e) => isA(e, 'bpmn:BoundaryEvent') && e['attachedToRef'] === scope);
    if (boundary.some((e) => catchesCode(e, code))) return true;
    const children = (scope['flowElements'] as ModdleElement[] | undefined) ?? [];
    const eventSubprocesses = scope === task ? [] : children.filter((c) => isA(c, 'bpmn:SubProcess') && c['triggeredByEvent'] === true);
    for (const sub of eventSubprocesses) {
      const starts = ((sub['flowElements'] as ModdleElement[] | undefined) ?? []).filter((c) => isA(c, 'bpmn:StartEvent'));
      if (starts.some((s) => catchesCode(s, code))) return true;
    }
    if (isA(scope, 'bpmn:Process')) return false;
  }
  return false;
}

/** Whether a catching event has an error definition that matches `code` (no error, or an error without a code, matches every code). */
function catchesCode(event: ModdleElement, code: string): boolean {
  const definitions = (event['eventDefinitions'] as ModdleElement[] | undefined) ?? [];
  return definitions.some((d) => {
    if (d.$type !== 'bpmn:ErrorEventDefinition') return false;
    const error = d['errorRef'] as ModdleElement | undefined;
    const errorCode = error ? text(error['errorCode']) : null;
    return errorCode === null || errorCode === code;
  });
}

function checkFormReference(element: ModdleElement, context: ProjectRuleContext, report: Report): void {
  if (!isA(element, 'bpmn:UserTask') && !isA(element, 'bpmn:StartEvent')) return;
  const formRef = text(element['formRef']);
  if (formRef) {
    const binding = text(element['formRefBinding']) ?? 'latest';
    if (EXPRESSION.test(formRef)) {
      report(element, PROJECT_RULES.formRef, 'warn', `camunda:formRef '${formRef}' is an expression: whether the form exists cannot be checked before it runs`);
    } else if (binding === 'deployment') {
      if (!context.formsInUpload.has(formRef)) report(element, PROJECT_RULES.formRef, 'error', `Form '${formRef}' is bound to the deployment (camunda:formRefBinding="deployment") but is not in this upload: add its .form file`);
    } else if (!context.formsInUpload.has(formRef) && !context.deployedForms.has(formRef)) {
      report(element, PROJECT_RULES.formRef, 'error', `Form '${formRef}' is neither in this upload nor deployed`);
    } else if (binding === 'version' && !text(element['formRefVersion'])) {
      report(element, PROJECT_RULES.formRef, 'error', `Form '${formRef}' is bound to a version (camunda:formRefBinding="version") but camunda:formRefVersion is missing`);
    }
  }
  const formKey = text(element['formKey']);
  const deployed = formKey ? DEPLOYED_FORM_KEY.exec(formKey)?.[1] : undefined;
  if (deployed && !EXPRESSION.test(deployed) && !context.resourcesInUpload.has(deployed)) {
    report(element, PROJECT_RULES.formRef, 'error', `camunda:formKey names the deployed file '${deployed}', which is not in this upload`);
  }
}

function checkErrorEvent(element: ModdleElement, unresolved: boolean, report: Report): void {
  if (element.$type === 'camunda:ErrorEventDefinition') {
    const error = element['errorRef'] as ModdleElement | undefined;
    if (error && (!isA(error, 'bpmn:Error') || !text(error['errorCode']))) {
      report(element, PROJECT_RULES.errorCode, 'error', `camunda:errorEventDefinition refers to '${text(error.id) ?? '?'}', which is not a bpmn:error with an errorCode`);
    }
    return;
  }
  if (element.$type !== 'bpmn:ErrorEventDefinition') return;
  const event = element.$parent;
  const throwing = event !== undefined && (isA(event, 'bpmn:EndEvent') || isA(event, 'bpmn:IntermediateThrowEvent'));
  const error = element['errorRef'] as ModdleElement | undefined;
  if (!error) {
    if (throwing && !unresolved) report(element, PROJECT_RULES.errorCode, 'error', 'Throws an error without naming it: set errorRef to a bpmn:error with an errorCode');
    return;
  }
  const id = text(error.id) ?? '?';
  if (!isA(error, 'bpmn:Error')) {
    report(element, PROJECT_RULES.errorCode, 'error', `errorRef '${id}' is a ${error.$type}, not a bpmn:error`);
  } else if (!text(error['errorCode'])) {
    if (throwing) report(element, PROJECT_RULES.errorCode, 'error', `Throws error '${id}', which has no errorCode: a catching event cannot match it`);
    else report(element, PROJECT_RULES.errorCode, 'warn', `Catches every error: error '${id}' has no errorCode`);
  }
}
