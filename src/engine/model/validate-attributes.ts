import type { ModdleElement } from 'bpmn-moddle';
import { REMOTE_HINT, capitalize, describe, tagName, type ValidationContext } from './context.js';

/**
 * Reports every property set on `element` (attribute or child element) that is neither in `allowed` nor one that
 * every element may carry (id, name, documentation, extension elements, modeler template), one error each, saying
 * why it is refused. An attribute set to its BPMN/Camunda default (e.g. `camunda:asyncBefore="false"`,
 * `implementation="##unspecified"`) changes nothing and passes. Returns the names of the refused properties.
 */
export function checkProperties(element: ModdleElement, ctx: ValidationContext, allowed: readonly string[]): string[] {
  const refused: string[] = [];
  for (const [key, value] of Object.entries(element)) {
    if (key.startsWith('$') || ALWAYS_ALLOWED.has(key) || allowed.includes(key)) continue;
    if (ASYNC_CONTINUATION.has(key) && isFlowNode(element)) continue; // read by buildFlowNode
    if (key === 'loopCharacteristics' && LOOP_CAPABLE.has(element.$type)) continue; // read by buildFlowNode
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (key === 'implementation' && value === '##unspecified') continue;
    const property = element.$descriptor.propertiesByName[key];
    if (property?.isAttr && property.default !== undefined && value === property.default) continue;
    refused.push(key);
    const attribute = property?.isAttr ? attributeName(element, key) : undefined;
    ctx.error({ elementId: element.id ?? null, attribute }, refusalMessage(element, key, value));
  }
  return refused;
}

/** The attribute as written in XML: BPMN attributes unprefixed, Camunda ones as `camunda:name`. */
export function attributeName(element: ModdleElement, key: string): string {
  const ns = element.$descriptor.propertiesByName[key]?.ns;
  if (!ns) return key;
  return ns.prefix === 'bpmn' ? ns.localName : ns.name;
}

/** Why `key` (an attribute or child element of `element`) is refused, as a full sentence. */
export function refusalMessage(element: ModdleElement, key: string, value: unknown): string {
  const what = capitalize(describe(element));
  const property = element.$descriptor.propertiesByName[key];
  const shown = property?.isAttr ? attributeName(element, key) : childTag(value, key);
  if (ASYNC.has(key)) {
    if (key === 'jobPriority') return `${what} uses ${shown}: job priorities are not supported yet by the embedded engine; ${REMOTE_HINT}`;
    return element.$type === 'bpmn:SignalEventDefinition'
      ? `${what} uses ${shown}: asynchronous signal throws are not supported yet by the embedded engine; ${REMOTE_HINT}`
      : `${what} uses ${shown}: asynchronous continuations are supported on flow nodes only.`;
  }
  if (JAVA.has(key)) {
    return `${what} uses ${shown}: Java delegates are not supported by the embedded engine (use an external task, ` +
      `camunda:type="external" with a camunda:topic), or ${REMOTE_HINT}`;
  }
  if (DMN.has(key)) {
    return `${what} uses ${shown}: DMN decisions are not supported by the embedded engine; ${REMOTE_HINT}`;
  }
  if (DATA.has(key)) {
    return `${what} has ${shown}: data inputs/outputs and data associations are not supported by the embedded engine; ` +
      'use camunda:inputOutput mappings instead.';
  }
  switch (key) {
    case 'loopCharacteristics':
      return shown === 'bpmn:multiInstanceLoopCharacteristics'
        ? `${what} is a multi-instance activity (${shown}): multi-instance is not supported yet by the embedded engine; ${REMOTE_HINT}`
        : `${what} has ${shown}: loops are not supported by the embedded engine.`;
    case 'isForCompensation':
      return `${what} is a compensation handler (isForCompensation): compensation is not supported by the embedded engine; ${REMOTE_HINT}`;
    case 'resources':
      return element.$type === 'bpmn:Process'
        ? `${what} has ${shown}: BPMN potential starters are not supported; use camunda:candidateStarterGroups / camunda:candidateStarterUsers.`
        : `${what} has ${shown}: BPMN resource assignments are not supported by the embedded engine; ` +
          'use camunda:assignee, camunda:candidateUsers and camunda:candidateGroups instead.';
    case 'formHandlerClass':
      return `${what} uses ${shown}: Java form handlers are not supported by the embedded engine; use camunda:formRef or camunda:formKey.`;
    default:
      return typeof value === 'object' && value !== null
        ? `Element <${shown}> in ${describe(element)} is not supported by the embedded engine.`
        : `Attribute ${shown}="${String(value)}" on ${describe(element)} is not supported by the embedded engine.`;
  }
}

/** Flow node types that may carry `bpmn:multiInstanceLoopCharacteristics` in the embedded engine. */
export const LOOP_CAPABLE: ReadonlySet<string> = new Set([
  'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ReceiveTask', 'bpmn:Task',
  'bpmn:ManualTask', 'bpmn:SubProcess', 'bpmn:CallActivity',
]);

// helpers ////

const ALWAYS_ALLOWED = new Set(['id', 'name', 'documentation', 'extensionElements', 'modelerTemplate', 'modelerTemplateVersion']);
const ASYNC = new Set(['async', 'asyncBefore', 'asyncAfter', 'exclusive', 'jobPriority']);
const ASYNC_CONTINUATION = new Set(['async', 'asyncBefore', 'asyncAfter', 'exclusive']);
const JAVA = new Set(['class', 'delegateExpression', 'expression', 'resultVariable']);
const DMN = new Set(['decisionRef', 'decisionRefBinding', 'decisionRefVersion', 'mapDecisionResult', 'decisionRefTenantId']);
const DATA = new Set([
  'ioSpecification', 'ioBinding', 'properties', 'dataInputAssociations', 'dataOutputAssociations',
  'dataInputs', 'dataOutputs', 'inputSet', 'outputSet',
]);

function isFlowNode(element: ModdleElement): boolean {
  return element.$instanceOf?.('bpmn:FlowNode') === true;
}

function childTag(value: unknown, key: string): string {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  const type = (first as { $type?: unknown } | null)?.$type;
  return typeof type === 'string' ? tagName(type) : key;
}
