import type { ModdleElement } from 'bpmn-moddle';
import type { CompiledExpression } from '../expression/index.js';
import {
  REMOTE_HINT, asElements, capitalize, describe, tagName, text, type ValidationContext,
} from './context.js';
import type {
  EndEventModel, ExternalTaskModel, FlowElementModel, FormRefModel, GatewayModel, PassThroughModel, StartEventModel,
  UserTaskModel,
} from './types.js';
import { LOOP_CAPABLE, checkProperties } from './validate-attributes.js';
import { callActivity, eventBasedGateway, readLoop } from './validate-activities.js';
import { elementBase, readExtensions } from './validate-extensions.js';
import { isTimerEvent, readTimer } from './validate-timers.js';
import type { TimerCatchModel } from './types.js';
import { isMessageEvent, readMessageEventName, readMessageRef } from './validate-messages.js';
import type { MessageCatchModel } from './types.js';
import { isSignalEvent, readSignalEventName } from './validate-signals.js';
import type { SignalCatchModel, SignalThrowModel } from './types.js';
import { boundaryEvent, errorEndEvent, eventSubProcessStartEvent, isErrorEvent, isInEventSubProcess, subProcess } from './validate-scopes.js';

/** Flow element types that are not flow nodes: sequence flows may not start or end at them. */
export const DATA_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  'bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference',
]);

/**
 * Builds the model of one flow element other than a sequence flow, reporting every attribute, extension or
 * expression the embedded engine does not support. Returns null when the element itself cannot be executed
 * (an error has been recorded). `incoming`/`outgoing` are left empty for the process to fill.
 */
export function buildFlowNode(element: ModdleElement, ctx: ValidationContext): FlowElementModel | null {
  const model = buildNode(element, ctx);
  if (!model) return null;
  if (element.loopCharacteristics !== undefined && LOOP_CAPABLE.has(element.$type)) {
    model.loop = readLoop(element, ctx);
    if (!model.loop) return null;
  }
  return readAsync(element, model, ctx) ? model : null;
}

// helpers ////

function buildNode(element: ModdleElement, ctx: ValidationContext): FlowElementModel | null {
  switch (element.$type) {
    case 'bpmn:StartEvent':
      return startEvent(element, ctx);
    case 'bpmn:EndEvent':
      return endEvent(element, ctx);
    case 'bpmn:UserTask':
      return userTask(element, ctx);
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask':
    case 'bpmn:BusinessRuleTask':
      return externalTask(element, ctx);
    case 'bpmn:ExclusiveGateway':
    case 'bpmn:ParallelGateway':
    case 'bpmn:InclusiveGateway':
      return gateway(element, ctx);
    case 'bpmn:Task':
    case 'bpmn:ManualTask':
      return passThrough(element, ctx, element.$type === 'bpmn:Task' ? 'task' : 'manualTask', true);
    case 'bpmn:ReceiveTask':
      return receiveTask(element, ctx);
    case 'bpmn:IntermediateCatchEvent':
      if (isTimerEvent(element)) return timerCatchEvent(element, ctx);
      if (isMessageEvent(element)) return messageCatchEvent(element, ctx);
      if (isSignalEvent(element)) return signalEvent(element, ctx, 'signalCatch');
      ctx.error(element.id ?? null, refusedElementMessage(element));
      return null;
    case 'bpmn:IntermediateThrowEvent':
      if (eventDefinitionsOf(element).length === 0) return passThrough(element, ctx, 'intermediateNoneThrowEvent', false);
      if (isSignalEvent(element)) return signalEvent(element, ctx, 'signalThrow');
      if (isMessageEvent(element)) return messageThrowEvent(element, ctx, 'intermediateMessageThrowEvent');
      ctx.error(element.id ?? null, `${capitalize(eventKind(element))} ${describe(element)} is not supported yet by the embedded engine; ${REMOTE_HINT}`);
      return null;
    case 'bpmn:SubProcess':
      return subProcess(element, ctx);
    case 'bpmn:CallActivity':
      return callActivity(element, ctx);
    case 'bpmn:EventBasedGateway':
      return eventBasedGateway(element, ctx);
    case 'bpmn:BoundaryEvent':
      return boundaryEvent(element, ctx, refusedElementMessage(element));
    default:
      ctx.error(element.id ?? null, refusedElementMessage(element));
      return null;
  }
}

function startEvent(element: ModdleElement, ctx: ValidationContext): StartEventModel | null {
  if (isInEventSubProcess(element)) return eventSubProcessStartEvent(element, ctx, refusedElementMessage(element));
  if (isTimerEvent(element)) return timerStartEvent(element, ctx);
  if (isMessageEvent(element)) return messageStartEvent(element, ctx);
  if (isSignalEvent(element)) return signalStartEvent(element, ctx);
  if (eventDefinitionsOf(element).length > 0) {
    const kind = eventKind(element);
    ctx.error(element.id ?? null, `${capitalize(describe(element))} is ${article(kind)} ${kind} start event: ${kind} start events are not ` +
      `supported yet by the embedded engine; ${REMOTE_HINT}`);
    return null;
  }
  checkProperties(element, ctx, ['formKey', 'formRef', 'formRefBinding', 'formRefVersion', 'initiator']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  return {
    ...elementBase(element, extensions, 'startEvent'),
    kind: 'startEvent',
    ...readForm(element, ctx),
    initiator: text(element.initiator),
  };
}

/** A timer start event (timeDate or timeCycle): an additional start event that a job triggers. */
function timerStartEvent(element: ModdleElement, ctx: ValidationContext): StartEventModel | null {
  checkProperties(element, ctx, ['eventDefinitions', 'formKey', 'formRef', 'formRefBinding', 'formRefVersion', 'initiator']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  const timer = readTimer(element, ctx, ['date', 'cycle']);
  if (!timer) return null;
  return { ...elementBase(element, extensions, 'startTimerEvent'), kind: 'startEvent', ...readForm(element, ctx), initiator: text(element.initiator), timer };
}

/** An intermediate timer catch event: the token waits for its timer job. */
function timerCatchEvent(element: ModdleElement, ctx: ValidationContext): TimerCatchModel | null {
  checkProperties(element, ctx, ['eventDefinitions']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  const timer = readTimer(element, ctx, ['duration', 'date', 'cycle']);
  if (!timer) return null;
  return { ...elementBase(element, extensions, 'intermediateTimer'), kind: 'timerCatch', timer };
}

/** A message start event: an additional start event that a correlated message triggers. */
function messageStartEvent(element: ModdleElement, ctx: ValidationContext): StartEventModel | null {
  checkProperties(element, ctx, ['eventDefinitions', 'formKey', 'formRef', 'formRefBinding', 'formRefVersion', 'initiator']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  const messageName = readMessageEventName(element, ctx);
  if (!messageName) return null;
  return { ...elementBase(element, extensions, 'messageStartEvent'), kind: 'startEvent', ...readForm(element, ctx), initiator: text(element.initiator), messageName };
}

/** A signal start event: an additional start event that a broadcast signal triggers. */
function signalStartEvent(element: ModdleElement, ctx: ValidationContext): StartEventModel | null {
  checkProperties(element, ctx, ['eventDefinitions', 'formKey', 'formRef', 'formRefBinding', 'formRefVersion', 'initiator']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  const signalName = readSignalEventName(element, ctx, false);
  if (!signalName) return null;
  return { ...elementBase(element, extensions, 'signalStartEvent'), kind: 'startEvent', ...readForm(element, ctx), initiator: text(element.initiator), signalName };
}

/** An intermediate signal catch event (the token waits) or throw event (broadcasts the signal, passes the token on). */
function signalEvent(element: ModdleElement, ctx: ValidationContext, kind: 'signalCatch' | 'signalThrow'): SignalCatchModel | SignalThrowModel | null {
  checkProperties(element, ctx, ['eventDefinitions']);
  const extensions = readExtensions(element, ctx, { inputOutput: true });
  const signalName = readSignalEventName(element, ctx, kind === 'signalThrow');
  if (!signalName) return null;
  return { ...elementBase(element, extensions, kind === 'signalCatch' ? 'intermediateSignalCatch' : 'intermediateSignalThrow'), kind, signalName };
}

/** A signal end event: broadcasts the signal, then ends the token as a none end event. */
function signalEndEvent(element: ModdleElement, ctx: ValidationContext): EndEventModel | null {
  checkProperties(element, ctx, ['eventDefinitions']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  const signalName = readSignalEventName(element, ctx, true);
  return signalName ? { ...elementBase(element, extensions, 'signalEndEvent'), kind: 'endEvent', terminate: false, signalName } : null;
}

/** An intermediate message catch event: the token waits for a correlated message. */
function messageCatchEvent(element: ModdleElement, ctx: ValidationContext): MessageCatchModel | null {
  checkProperties(element, ctx, ['eventDefinitions']);
  const extensions = readExtensions(element, ctx, { inputOutput: true });
  const messageName = readMessageEventName(element, ctx);
  if (!messageName) return null;
  return { ...elementBase(element, extensions, 'intermediateMessageCatch'), kind: 'messageCatch', messageName };
}

/** A receive task (with messageRef): the token waits for a correlated message, as at a message catch event. */
function receiveTask(element: ModdleElement, ctx: ValidationContext): MessageCatchModel | null {
  checkProperties(element, ctx, ['messageRef']);
  const extensions = readExtensions(element, ctx, { inputOutput: true });
  const messageName = readMessageRef(element, element, ctx);
  if (!messageName) return null;
  return { ...elementBase(element, extensions, 'receiveTask'), kind: 'messageCatch', messageName };
}

function endEvent(element: ModdleElement, ctx: ValidationContext): FlowElementModel | null {
  if (isErrorEvent(element)) return errorEndEvent(element, ctx);
  if (isSignalEvent(element)) return signalEndEvent(element, ctx);
  if (isMessageEvent(element)) return messageThrowEvent(element, ctx, 'messageEndEvent');
  const definitions = eventDefinitionsOf(element);
  const terminate = definitions.length === 1 && definitions[0]?.$type === 'bpmn:TerminateEventDefinition';
  if (definitions.length > 0 && !terminate) {
    const kind = eventKind(element);
    ctx.error(element.id ?? null, `${capitalize(describe(element))} is ${article(kind)} ${kind} end event: ${kind} end events are not ` +
      `supported yet by the embedded engine; ${REMOTE_HINT}`);
    return null;
  }
  checkProperties(element, ctx, ['eventDefinitions']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  return { ...elementBase(element, extensions, terminate ? 'terminateEndEvent' : 'noneEndEvent'), kind: 'endEvent', terminate };
}

function userTask(element: ModdleElement, ctx: ValidationContext): UserTaskModel {
  checkProperties(element, ctx, [
    'assignee', 'candidateUsers', 'candidateGroups', 'dueDate', 'followUpDate', 'priority',
    'formKey', 'formRef', 'formRefBinding', 'formRefVersion',
  ]);
  const extensions = readExtensions(element, ctx, { inputOutput: true });
  const id = element.id ?? '';
  return {
    ...elementBase(element, extensions, 'userTask'),
    kind: 'userTask',
    assignee: attributeExpression(element, 'assignee', ctx),
    candidateUsers: listExpressions(id, 'candidateUsers', element.candidateUsers, ctx),
    candidateGroups: listExpressions(id, 'candidateGroups', element.candidateGroups, ctx),
    dueDate: attributeExpression(element, 'dueDate', ctx),
    followUpDate: attributeExpression(element, 'followUpDate', ctx),
    priority: attributeExpression(element, 'priority', ctx),
    ...readForm(element, ctx),
  };
}

function externalTask(element: ModdleElement, ctx: ValidationContext): ExternalTaskModel | null {
  const refused = checkProperties(element, ctx, ['type', 'topic', 'taskPriority']);
  const extensions = readExtensions(element, ctx, { inputOutput: true });
  const what = capitalize(describe(element));
  const type = text(element.type);
  if (type !== 'external') {
    if (type !== null) {
      ctx.error({ elementId: element.id ?? null, attribute: 'camunda:type' }, `${what} has camunda:type="${type}": ` +
        'the embedded engine supports only camunda:type="external".');
    } else if (!extensions.hasConnector && !refused.some((key) => IMPLEMENTATIONS.has(key))) {
      ctx.error(element.id ?? null, `${what} has no implementation: the embedded engine runs only external tasks ` +
        '(camunda:type="external" with a camunda:topic).');
    }
    return null;
  }
  const topic = attributeExpression(element, 'topic', ctx);
  if (text(element.topic) === null) ctx.error(element.id ?? null, `${what} has camunda:type="external" but no camunda:topic.`);
  if (!topic) return null;
  const activityType = element.$type === 'bpmn:SendTask' ? 'sendTask' : element.$type === 'bpmn:BusinessRuleTask' ? 'businessRuleTask' : 'serviceTask';
  return {
    ...elementBase(element, extensions, activityType),
    kind: 'externalTask',
    topic,
    priority: attributeExpression(element, 'taskPriority', ctx),
  };
}

function gateway(element: ModdleElement, ctx: ValidationContext): GatewayModel {
  checkProperties(element, ctx, ['gatewayDirection']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  const kind = element.$type === 'bpmn:ExclusiveGateway' ? 'exclusiveGateway'
    : element.$type === 'bpmn:ParallelGateway' ? 'parallelGateway' : 'inclusiveGateway';
  return { ...elementBase(element, extensions, kind), kind };
}

/**
 * An intermediate message throw event or message end event, as Camunda 7 runs them: with `camunda:type="external"` and a
 * topic on its message event definition it is an external task (a worker delivers the message, e.g. by `POST /message`
 * to a catch event of this engine); without an implementation it does nothing but pass the token on (or end it).
 */
function messageThrowEvent(element: ModdleElement, ctx: ValidationContext, activityType: 'intermediateMessageThrowEvent' | 'messageEndEvent'): FlowElementModel | null {
  checkProperties(element, ctx, ['eventDefinitions']);
  const extensions = readExtensions(element, ctx, { inputOutput: activityType === 'intermediateMessageThrowEvent' });
  const definition = eventDefinitionsOf(element)[0];
  if (!definition) return null;
  const refused = checkProperties(definition, ctx, ['messageRef', 'type', 'topic', 'taskPriority']);
  if (refused.length > 0) return null;
  const type = text(definition.type);
  const base = elementBase(element, extensions, activityType);
  if (type === null) {
    ctx.warning(element.id ?? null, `${capitalize(describe(element))} has no implementation (camunda:type="external" with a camunda:topic ` +
      'on its message event definition), so it sends nothing, as in Camunda 7.');
    return activityType === 'messageEndEvent' ? { ...base, kind: 'endEvent', terminate: false } : { ...base, kind: 'passThrough' };
  }
  if (type !== 'external') {
    ctx.error({ elementId: element.id ?? null, attribute: 'camunda:type' }, `${capitalize(describe(element))} has camunda:type="${type}": ` +
      'the embedded engine supports only camunda:type="external".');
    return null;
  }
  const topicText = text(definition.topic);
  if (topicText === null) {
    ctx.error(element.id ?? null, `${capitalize(describe(element))} has camunda:type="external" but no camunda:topic.`);
    return null;
  }
  const topic = ctx.expression(element.id ?? '', 'camunda:topic', topicText, 'camunda:topic');
  const priorityText = text(definition.taskPriority);
  const priority = priorityText === null ? null : ctx.expression(element.id ?? '', 'camunda:taskPriority', priorityText, 'camunda:taskPriority');
  return topic ? { ...base, kind: 'externalTask', topic, priority } : null;
}

/**
 * Reads `camunda:asyncBefore` (or the older `camunda:async`) and `camunda:asyncAfter` of a flow node into its model.
 * Refused where the embedded engine cannot place a transaction boundary faithfully; returns false then (reported).
 */
function readAsync(element: ModdleElement, model: FlowElementModel, ctx: ValidationContext): boolean {
  const before = element.asyncBefore === true || element.async === true;
  const after = element.asyncAfter === true;
  if (!before && !after) return true;
  const id = element.id ?? null;
  const what = capitalize(describe(element));
  if (model.kind === 'boundaryEvent' || (model.kind === 'startEvent' && isInEventSubProcess(element))) {
    ctx.error(id, `${what} is asynchronous: asynchronous continuations on boundary events and event sub-process start events ` +
      `are not supported yet by the embedded engine; ${REMOTE_HINT}`);
    return false;
  }
  if (after && model.kind === 'endEvent') {
    ctx.error({ elementId: id, attribute: 'camunda:asyncAfter' }, `${what} has camunda:asyncAfter: nothing follows an end event to continue asynchronously.`);
    return false;
  }
  if (element.exclusive === false) {
    ctx.warning({ elementId: id, attribute: 'camunda:exclusive' }, `camunda:exclusive="false" of ${describe(element)} is ignored: ` +
      'the embedded engine runs the jobs of one process instance one after another.');
  }
  model.asyncBefore = before;
  model.asyncAfter = after;
  return true;
}

function passThrough(element: ModdleElement, ctx: ValidationContext, activityType: string, inputOutput: boolean): PassThroughModel {
  checkProperties(element, ctx, []);
  const extensions = readExtensions(element, ctx, { inputOutput });
  return { ...elementBase(element, extensions, activityType), kind: 'passThrough' };
}

/** Reads `camunda:formKey` and the `camunda:formRef` group of a start event or user task. */
function readForm(element: ModdleElement, ctx: ValidationContext): { formKey: CompiledExpression | null; formRef: FormRefModel | null } {
  const id = element.id ?? null;
  const what = describe(element);
  const formKey = attributeExpression(element, 'formKey', ctx);
  const key = text(element.formRef);
  const binding = text(element.formRefBinding);
  const version = text(element.formRefVersion);
  if (key === null) {
    if (binding !== null || version !== null) {
      ctx.error(id, `${capitalize(what)} has camunda:formRefBinding or camunda:formRefVersion but no camunda:formRef.`);
    }
    return { formKey, formRef: null };
  }
  if (text(element.formKey) !== null) {
    ctx.error(id, `${capitalize(what)} has both camunda:formKey and camunda:formRef; use only one of them.`);
  }
  const keyExpression = attributeExpression(element, 'formRef', ctx);
  if (binding !== null && !FORM_BINDINGS.has(binding)) {
    ctx.error({ elementId: id, attribute: 'camunda:formRefBinding' },
      `camunda:formRefBinding="${binding}" of ${what} must be latest, deployment or version.`);
  }
  const effectiveBinding = binding === 'deployment' || binding === 'version' ? binding : 'latest';
  if (effectiveBinding === 'version' && version === null) {
    ctx.error(id, `${capitalize(what)} has camunda:formRefBinding="version" but no camunda:formRefVersion.`);
  }
  if (effectiveBinding !== 'version' && version !== null) {
    ctx.warning({ elementId: id, attribute: 'camunda:formRefVersion' },
      `camunda:formRefVersion of ${what} is ignored unless camunda:formRefBinding is "version" (as in Camunda 7).`);
  }
  const versionExpression = effectiveBinding === 'version' ? attributeExpression(element, 'formRefVersion', ctx) : null;
  return { formKey, formRef: keyExpression ? { key: keyExpression, binding: effectiveBinding, version: versionExpression } : null };
}

/** Compiles the expression of a Camunda attribute; null when it is absent, empty or invalid (then reported). */
function attributeExpression(element: ModdleElement, key: string, ctx: ValidationContext): CompiledExpression | null {
  const value = text(element[key]);
  return value === null ? null : ctx.expression(element.id ?? '', `camunda:${key}`, value, `camunda:${key}`);
}

/** Compiles each item of a comma-separated list such as `camunda:candidateGroups="a, ${b}"`. */
function listExpressions(elementId: string, key: string, value: unknown, ctx: ValidationContext): CompiledExpression[] {
  const list = text(value);
  if (list === null) return [];
  return splitCommaList(list)
    .map((item) => ctx.expression(elementId, `camunda:${key}`, item, `camunda:${key}`))
    .filter((e): e is CompiledExpression => e !== null);
}

/** Splits on commas outside `${…}` / `#{…}` (and outside quoted strings within them); items trimmed, empty ones dropped. */
function splitCommaList(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list.charAt(i);
    if (depth > 0 && quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if ((c === '$' || c === '#') && list.charAt(i + 1) === '{') {
      depth++;
      i++;
    } else if (depth > 0 && (c === '"' || c === "'")) {
      quote = c;
    } else if (depth > 0 && c === '{') {
      depth++;
    } else if (depth > 0 && c === '}') {
      depth--;
    } else if (depth === 0 && c === ',') {
      items.push(list.slice(start, i));
      start = i + 1;
    }
  }
  items.push(list.slice(start));
  return items.map((item) => item.trim()).filter((item) => item !== '');
}

const FORM_BINDINGS = new Set(['latest', 'deployment', 'version']);
const IMPLEMENTATIONS = new Set(['class', 'delegateExpression', 'expression', 'decisionRef']);

const EVENT_KINDS: Record<string, string> = {
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:CompensateEventDefinition': 'compensation',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:CancelEventDefinition': 'cancel',
  'bpmn:TerminateEventDefinition': 'terminate',
};

/** The event definitions of an event, contained or referenced (`bpmn:eventDefinitionRef`). */
function eventDefinitionsOf(element: ModdleElement): ModdleElement[] {
  return [...asElements(element.eventDefinitions), ...asElements(element.eventDefinitionRef)];
}

/** `timer`, `message`, …; `none` without and `multiple` with several event definitions. */
function eventKind(element: ModdleElement): string {
  const definitions = eventDefinitionsOf(element);
  if (definitions.length === 0) return 'none';
  if (definitions.length > 1) return 'multiple';
  const type = definitions[0]?.$type ?? '';
  return EVENT_KINDS[type] ?? tagName(type);
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function refusedElementMessage(element: ModdleElement): string {
  const what = capitalize(describe(element));
  switch (element.$type) {
    case 'bpmn:ScriptTask':
      return `${what} is not supported by the embedded engine (no sandboxed script engine); ${REMOTE_HINT}`;
    case 'bpmn:ReceiveTask':
      return `${what} is not supported yet by the embedded engine (no message correlation yet); ${REMOTE_HINT}`;
    case 'bpmn:SubProcess':
    case 'bpmn:CallActivity':
    case 'bpmn:EventBasedGateway':
      return `${what} is not supported yet by the embedded engine; ${REMOTE_HINT}`;
    case 'bpmn:Transaction':
      return `${what} is not supported by the embedded engine (no compensation); ${REMOTE_HINT}`;
    case 'bpmn:AdHocSubProcess':
    case 'bpmn:ComplexGateway':
      return `${what} is not supported by the embedded engine (nor by Camunda 7).`;
    case 'bpmn:BoundaryEvent':
    case 'bpmn:IntermediateCatchEvent':
    case 'bpmn:StartEvent':
      return `${capitalize(eventKind(element))} ${describe(element)} is not supported yet by the embedded engine; ${REMOTE_HINT}`;
    default:
      return DATA_ELEMENT_TYPES.has(element.$type)
        ? `${what} is not supported by the embedded engine (no data objects or data stores); use process variables instead.`
        : `${what} (<${tagName(element.$type)}>) is not supported by the embedded engine.`;
  }
}
