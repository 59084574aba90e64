import type { ModdleElement } from 'bpmn-moddle';
import type { CompiledExpression } from '../expression/index.js';
import { REMOTE_HINT, asElements, capitalize, describe, tagName, text, type ValidationContext } from './context.js';
import type {
  CallActivityModel, EventGatewayModel, FlowElementModel, LoopModel, MultiInstanceBodyModel, SequenceFlowModel,
  VariableMappingModel,
} from './types.js';
import { checkProperties } from './validate-attributes.js';
import { elementBase, readExtensions } from './validate-extensions.js';

/**
 * Reads the `bpmn:multiInstanceLoopCharacteristics` of an activity: `isSequential`, `loopCardinality`,
 * `camunda:collection` (an expression, or the name of a variable as Camunda 7 allows), `camunda:elementVariable` and
 * `completionCondition`. A standard loop, data inputs/outputs, complex behaviour definitions and asynchronous loop
 * continuations are refused. Returns undefined when the element has no loop or it was refused (reported).
 */
export function readLoop(element: ModdleElement, ctx: ValidationContext): LoopModel | undefined {
  const loop = element.loopCharacteristics as ModdleElement | undefined;
  if (!loop) return undefined;
  const id = element.id ?? '';
  const what = capitalize(describe(element));
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    ctx.error(id, `${what} has <${tagName(loop.$type)}>: standard loops are not supported by the embedded engine; use multi-instance.`);
    return undefined;
  }
  if (element.$type === 'bpmn:SubProcess' && element.triggeredByEvent === true) {
    ctx.error(id, `${what} is an event sub-process with multi-instance loop characteristics, which BPMN does not allow.`);
    return undefined;
  }
  const refused = checkProperties(loop, ctx, [
    'isSequential', 'loopCardinality', 'completionCondition', 'collection', 'elementVariable', 'extensionElements',
  ]);
  if (refused.length > 0) return undefined;
  readExtensions(loop, ctx, { inputOutput: false });
  const cardinality = formalExpression(loop.loopCardinality, id, 'bpmn:loopCardinality', ctx);
  const completionCondition = formalExpression(loop.completionCondition, id, 'bpmn:completionCondition', ctx);
  const collectionText = text(loop.collection);
  let collection: CompiledExpression | null = null;
  if (collectionText !== null) {
    // as Camunda 7: a plain name refers to a variable holding the collection
    const source = /[$#]\{/.test(collectionText) ? collectionText : `\${${collectionText}}`;
    collection = ctx.expression(id, 'camunda:collection', source, 'camunda:collection');
  }
  const elementVariable = text(loop.elementVariable);
  if (cardinality === null && collection === null) {
    if (loop.loopCardinality === undefined && collectionText === null) {
      ctx.error(id, `${what} is a multi-instance activity without bpmn:loopCardinality or camunda:collection: ` +
        'one of them must say how many instances run.');
    }
    return undefined;
  }
  if (elementVariable !== null && collection === null) {
    ctx.error({ elementId: id, attribute: 'camunda:elementVariable' }, `${what} has camunda:elementVariable but no camunda:collection to take its values from.`);
    return undefined;
  }
  return { sequential: loop.isSequential === true, cardinality, collection, elementVariable, completionCondition };
}

/**
 * Builds a call activity: `calledElement` (may be an expression), `camunda:calledElementBinding` latest (default),
 * deployment, version (with `camunda:calledElementVersion`) or versionTag (with `camunda:calledElementVersionTag`),
 * and its `camunda:in` / `camunda:out` mappings. Case calls, tenant ids and Java variable mapping delegates are refused.
 */
export function callActivity(element: ModdleElement, ctx: ValidationContext): CallActivityModel | null {
  const id = element.id ?? '';
  const what = capitalize(describe(element));
  checkProperties(element, ctx, [
    'calledElement', 'calledElementBinding', 'calledElementVersion', 'calledElementVersionTag',
  ]);
  const extensions = readExtensions(element, ctx, { inputOutput: true, callMappings: true });
  const calledText = text(element.calledElement);
  if (calledText === null) {
    ctx.error({ elementId: id, attribute: 'calledElement' }, `${what} has no calledElement: the embedded engine needs the key of the process to call.`);
    return null;
  }
  const calledElement = ctx.expression(id, 'calledElement', calledText, 'calledElement');
  const bindingText = text(element.calledElementBinding) ?? 'latest';
  if (!BINDINGS.has(bindingText)) {
    ctx.error({ elementId: id, attribute: 'camunda:calledElementBinding' }, `camunda:calledElementBinding="${bindingText}" of ${describe(element)} ` +
      'must be latest, deployment, version or versionTag.');
    return null;
  }
  const binding = bindingText as CallActivityModel['binding'];
  const versionText = text(element.calledElementVersion);
  const tagText = text(element.calledElementVersionTag);
  if (binding === 'version' && versionText === null) {
    ctx.error(id, `${what} has camunda:calledElementBinding="version" but no camunda:calledElementVersion.`);
    return null;
  }
  if (binding === 'versionTag' && tagText === null) {
    ctx.error(id, `${what} has camunda:calledElementBinding="versionTag" but no camunda:calledElementVersionTag.`);
    return null;
  }
  const version = binding === 'version' && versionText !== null ? ctx.expression(id, 'camunda:calledElementVersion', versionText, 'camunda:calledElementVersion') : null;
  const versionTag = binding === 'versionTag' && tagText !== null ? ctx.expression(id, 'camunda:calledElementVersionTag', tagText, 'camunda:calledElementVersionTag') : null;
  const mappings = readCallMappings(element, ctx);
  if (!calledElement || !mappings) return null;
  return {
    ...elementBase(element, extensions, 'callActivity'),
    kind: 'callActivity', calledElement, binding, version, versionTag, ...mappings,
  };
}

/** Builds an event-based gateway; what may follow it is checked by {@link checkEventGateways} once flows are known. */
export function eventBasedGateway(element: ModdleElement, ctx: ValidationContext): EventGatewayModel | null {
  const id = element.id ?? '';
  checkProperties(element, ctx, ['gatewayDirection']);
  if (element.instantiate === true || (text(element.eventGatewayType) ?? 'Exclusive') !== 'Exclusive') {
    ctx.error(id, `${capitalize(describe(element))} is an instantiating or parallel event-based gateway, which Camunda 7 does not run either.`);
    return null;
  }
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  return { ...elementBase(element, extensions, 'eventBasedGateway'), kind: 'eventBasedGateway' };
}

/**
 * Rules of event-based gateways once the flows are known (as Camunda 7): at least two outgoing flows, none with a
 * condition, each to an intermediate timer, message or signal catch event that has no other incoming flow.
 */
export function checkEventGateways(elements: ReadonlyMap<string, FlowElementModel>, flows: ReadonlyMap<string, SequenceFlowModel>, ctx: ValidationContext): void {
  for (const el of elements.values()) {
    if (el.kind !== 'eventBasedGateway') continue;
    if (el.outgoing.length < 2) {
      ctx.error(el.id, `Event-based gateway '${el.id}' has ${el.outgoing.length} outgoing sequence flow${el.outgoing.length === 1 ? '' : 's'}; it needs at least two.`);
    }
    for (const flowId of el.outgoing) {
      const flow = flows.get(flowId);
      if (!flow) continue;
      if (flow.condition) ctx.error({ elementId: el.id, relatedIds: [flowId] }, `Sequence flow '${flowId}' leaving event-based gateway '${el.id}' has a condition; it cannot have one.`);
      const target = elements.get(flow.targetId);
      if (!target) continue;
      if (!EVENT_GATEWAY_TARGETS.has(target.kind)) {
        ctx.error({ elementId: el.id, relatedIds: [target.id] }, `Event-based gateway '${el.id}' leads to '${target.id}', which is not an ` +
          'intermediate timer, message or signal catch event (a receive task is not supported after it either).');
      } else if (target.activityType === 'receiveTask') {
        ctx.error({ elementId: el.id, relatedIds: [target.id] }, `Event-based gateway '${el.id}' leads to the receive task '${target.id}': ` +
          `receive tasks after an event-based gateway are not supported yet by the embedded engine; use a message catch event, or ${REMOTE_HINT}`);
      } else if (target.incoming.length > 1) {
        ctx.error({ elementId: target.id, relatedIds: [el.id] }, `Catch event '${target.id}' after event-based gateway '${el.id}' has other incoming sequence flows; it may have only the one from the gateway.`);
      } else if (target.loop || target.asyncBefore) {
        ctx.error({ elementId: target.id, relatedIds: [el.id] }, `Catch event '${target.id}' after event-based gateway '${el.id}' cannot be asynchronous.`);
      }
    }
  }
}

/**
 * Gives every activity with a loop its multi-instance body (as Camunda 7): the body takes over the activity's incoming
 * and outgoing flows, default flow and boundary events, and becomes the scope the inner activity runs in.
 */
export function addMultiInstanceBodies(
  elements: Map<string, FlowElementModel>,
  flows: ReadonlyMap<string, SequenceFlowModel>,
  parentOf: Map<string, string>,
  boundaryEventIds: Map<string, string[]>,
): void {
  for (const el of [...elements.values()]) {
    if (!el.loop) continue;
    const bodyId = multiInstanceBodyId(el.id);
    const body: MultiInstanceBodyModel = {
      id: bodyId, name: el.name, documentation: null, activityType: 'multiInstanceBody', incoming: el.incoming, outgoing: el.outgoing,
      defaultFlowId: el.defaultFlowId, inputParameters: [], outputParameters: [], isScope: true, properties: {},
      kind: 'multiInstanceBody', innerId: el.id, multiInstance: el.loop, asyncBefore: el.asyncBefore, asyncAfter: el.asyncAfter,
    };
    el.incoming = [];
    el.outgoing = [];
    el.defaultFlowId = null;
    el.asyncBefore = false;
    el.asyncAfter = false;
    for (const f of flows.values()) {
      if (f.targetId === el.id) f.targetId = bodyId;
      if (f.sourceId === el.id) f.sourceId = bodyId;
    }
    const parent = parentOf.get(el.id);
    if (parent !== undefined) parentOf.set(bodyId, parent);
    parentOf.set(el.id, bodyId);
    const boundaries = boundaryEventIds.get(el.id);
    if (boundaries) {
      boundaryEventIds.delete(el.id);
      boundaryEventIds.set(bodyId, boundaries);
      for (const b of boundaries) {
        const be = elements.get(b);
        if (be?.kind === 'boundaryEvent') be.attachedToId = bodyId;
      }
    }
    elements.set(bodyId, body);
  }
}

/** The id of the multi-instance body of an activity, as Camunda 7 names it. */
export function multiInstanceBodyId(activityId: string): string {
  return `${activityId}#multiInstanceBody`;
}

// helpers ////

const BINDINGS = new Set(['latest', 'deployment', 'version', 'versionTag']);
const EVENT_GATEWAY_TARGETS = new Set<FlowElementModel['kind']>(['timerCatch', 'messageCatch', 'signalCatch']);

function formalExpression(value: unknown, id: string, label: string, ctx: ValidationContext): CompiledExpression | null {
  const expression = value as ModdleElement | undefined;
  if (!expression) return null;
  if (text(expression.language) !== null) {
    ctx.error(id, `The ${label} of '${id}' is a script (language="${String(expression.language)}"): scripts are not supported by the ` +
      `embedded engine; ${REMOTE_HINT}`);
    return null;
  }
  const body = typeof expression.body === 'string' ? expression.body.trim() : '';
  if (body === '') {
    ctx.error(id, `The ${label} of '${id}' is empty.`);
    return null;
  }
  return ctx.expression(id, label, body);
}

function readCallMappings(element: ModdleElement, ctx: ValidationContext): Pick<CallActivityModel, 'inMappings' | 'outMappings' | 'businessKey'> | null {
  const id = element.id ?? '';
  const what = describe(element);
  const inMappings: VariableMappingModel[] = [];
  const outMappings: VariableMappingModel[] = [];
  let businessKey: CompiledExpression | null = null;
  let ok = true;
  const values = asElements((element.extensionElements as ModdleElement | undefined)?.values);
  for (const m of values.filter((v) => v.$type === 'camunda:In' || v.$type === 'camunda:Out')) {
    const isIn = m.$type === 'camunda:In';
    const tag = isIn ? 'camunda:in' : 'camunda:out';
    const local = m.local === true;
    const key = text(m.businessKey);
    if (key !== null) {
      if (!isIn) {
        ctx.error(id, `A camunda:out of ${what} has businessKey: the business key is passed with camunda:in only.`);
        ok = false;
        continue;
      }
      businessKey = ctx.expression(id, 'camunda:in businessKey', key);
      if (!businessKey) ok = false;
      continue;
    }
    if (text(m.variables) !== null) {
      if (m.variables !== 'all') {
        ctx.error(id, `A ${tag} of ${what} has variables="${String(m.variables)}"; only "all" is allowed.`);
        ok = false;
        continue;
      }
      (isIn ? inMappings : outMappings).push({ kind: 'all', local });
      continue;
    }
    const target = text(m.target);
    const source = text(m.source);
    const sourceExpression = text(m.sourceExpression);
    if (target === null || (source === null) === (sourceExpression === null)) {
      ctx.error(id, `A ${tag} of ${what} needs a target and exactly one of source and sourceExpression (or variables="all", or businessKey).`);
      ok = false;
      continue;
    }
    if (source !== null) {
      (isIn ? inMappings : outMappings).push({ kind: 'variable', source, target, local });
    } else {
      const expression = ctx.expression(id, `the sourceExpression of a ${tag}`, sourceExpression ?? '');
      if (!expression) {
        ok = false;
        continue;
      }
      (isIn ? inMappings : outMappings).push({ kind: 'expression', expression, target, local });
    }
  }
  return ok ? { inMappings, outMappings, businessKey } : null;
}
