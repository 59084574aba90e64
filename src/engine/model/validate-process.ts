import type { ModdleElement } from 'bpmn-moddle';
import type { CompiledExpression } from '../expression/index.js';
import {
  REMOTE_HINT, asElements, capitalize, describe, documentationOf, tagName, text, type ValidationContext,
} from './context.js';
import type { FlowElementModel, ProcessModel, SequenceFlowModel } from './types.js';
import { checkProperties } from './validate-attributes.js';
import { DATA_ELEMENT_TYPES, buildFlowNode } from './validate-elements.js';
import { readExtensions } from './validate-extensions.js';
import { isTimerEvent } from './validate-timers.js';
import { checkMessageStartEvents, isMessageEvent } from './validate-messages.js';
import { checkSignalStartEvents, isSignalEvent } from './validate-signals.js';
import { checkScopes } from './validate-scopes.js';
import { addMultiInstanceBodies, checkEventGateways } from './validate-activities.js';

/**
 * Validates the root elements of a `bpmn:definitions` element and builds the model of every executable process.
 * Non-executable processes are skipped with a warning, as Camunda 7 skips them.
 */
export function buildProcesses(definitions: ModdleElement, ctx: ValidationContext): ProcessModel[] {
  for (const imported of asElements(definitions.imports)) {
    ctx.error(null, `Imports (<bpmn:import> of '${text(imported.location) ?? ''}') are not supported by the embedded engine.`);
  }
  const processes: ProcessModel[] = [];
  let executable = 0;
  for (const root of asElements(definitions.rootElements)) {
    if (root.$type === 'bpmn:Process') {
      if (!root.id) {
        ctx.error(null, 'A process has no id.');
      } else if (root.isExecutable === true) {
        executable++;
        processes.push(buildProcess(root, ctx));
      } else {
        ctx.warning(root.id, `${capitalize(describe(root))} is not executable (isExecutable is not "true"), ` +
          'so it is not deployed, as in Camunda 7.');
      }
    } else if (!ROOT_TYPES_ALLOWED.has(root.$type)) {
      ctx.error(root.id ?? null, `Root element <${tagName(root.$type)}>${root.id ? ` '${root.id}'` : ''} is not supported by the embedded engine.`);
    }
  }
  if (executable === 0) ctx.warning(null, 'The resource contains no executable process: nothing of it is deployed.');
  return processes;
}

// helpers ////

const ROOT_TYPES_ALLOWED = new Set([
  'bpmn:Collaboration', 'bpmn:Message', 'bpmn:Signal', 'bpmn:Error', 'bpmn:Escalation', 'bpmn:Category',
]);

function buildProcess(process: ModdleElement, ctx: ValidationContext): ProcessModel {
  const id = process.id ?? '';
  checkProperties(process, ctx, [
    'isExecutable', 'versionTag', 'historyTimeToLive', 'isStartableInTasklist', 'taskPriority',
    'candidateStarterGroups', 'candidateStarterUsers', 'laneSets', 'flowElements', 'artifacts', 'processType', 'isClosed',
  ]);
  for (const key of ['candidateStarterGroups', 'candidateStarterUsers']) {
    if (text(process[key]) !== null) {
      ctx.warning({ elementId: id, attribute: `camunda:${key}` }, `camunda:${key} of ${describe(process)} is not enforced ` +
        'by the embedded engine: whoever may start processes can start this one.');
    }
  }
  readExtensions(process, ctx, { inputOutput: false });

  const elements = new Map<string, FlowElementModel>();
  const parentOf = new Map<string, string>();
  const sequenceFlows: Array<[flow: ModdleElement, container: ModdleElement, nodeIds: Set<string>]> = [];
  // the elements of (event) sub-processes join the process's elements, each remembering its sub-process
  const collect = (container: ModdleElement, scopeId: string | null): void => {
    const nodeIds = new Set<string>();
    for (const element of asElements(container.flowElements)) {
      if (!element.id) {
        ctx.error(container.id ?? id, `An element <${tagName(element.$type)}> of ${describe(container)} has no id.`);
        continue;
      }
      if (scopeId !== null) parentOf.set(element.id, scopeId);
      if (element.$type === 'bpmn:SequenceFlow') {
        sequenceFlows.push([element, container, nodeIds]);
        continue;
      }
      if (!DATA_ELEMENT_TYPES.has(element.$type)) nodeIds.add(element.id);
      const model = buildFlowNode(element, ctx);
      if (model) elements.set(model.id, model);
      if (model?.kind === 'subProcess') collect(element, model.id);
    }
  };
  collect(process, null);
  const flows = new Map<string, SequenceFlowModel>();
  for (const [element, container, nodeIds] of sequenceFlows) {
    const flow = buildFlow(element, container, nodeIds, ctx);
    if (!flow) continue;
    flows.set(flow.id, flow);
    elements.get(flow.sourceId)?.outgoing.push(flow.id);
    elements.get(flow.targetId)?.incoming.push(flow.id);
  }
  checkFlowStructure(elements, flows, ctx);
  const topLevel = new Map([...elements].filter(([elementId]) => !parentOf.has(elementId)));
  checkMessageStartEvents(id, topLevel, ctx);
  checkSignalStartEvents(id, topLevel, ctx);
  const { boundaryEventIds, eventSubProcessIds } = checkScopes(elements, parentOf, ctx);
  checkEventGateways(elements, flows, ctx);
  addMultiInstanceBodies(elements, flows, parentOf, boundaryEventIds);
  const taskPriority = text(process.taskPriority);
  return {
    id,
    name: text(process.name),
    documentation: documentationOf(process),
    versionTag: text(process.versionTag),
    historyTimeToLive: historyTimeToLive(process, ctx),
    isStartableInTasklist: process.isStartableInTasklist !== false,
    taskPriority: taskPriority === null ? null : ctx.expression(id, 'camunda:taskPriority', taskPriority, 'camunda:taskPriority'),
    startEventId: noneStartEvent(process, topLevel, ctx),
    timerStartEventIds: [...topLevel.values()].filter((e) => e.kind === 'startEvent' && e.timer).map((e) => e.id),
    elements,
    flows,
    parentOf,
    boundaryEventIds,
    eventSubProcessIds,
  };
}

function buildFlow(flow: ModdleElement, process: ModdleElement, nodeIds: ReadonlySet<string>, ctx: ValidationContext): SequenceFlowModel | null {
  const id = flow.id ?? '';
  checkProperties(flow, ctx, ['conditionExpression', 'isImmediate']);
  readExtensions(flow, ctx, { inputOutput: false });
  const sourceId = flowEnd(flow, 'sourceRef', process, nodeIds, ctx);
  const targetId = flowEnd(flow, 'targetRef', process, nodeIds, ctx);
  const condition = flowCondition(flow, ctx);
  if (sourceId === null || targetId === null) return null;
  return { id, name: text(flow.name), sourceId, targetId, condition };
}

/** The id of the flow node a flow starts or ends at; null (reported) when it is missing or not a node of the process. */
function flowEnd(flow: ModdleElement, key: 'sourceRef' | 'targetRef', process: ModdleElement, nodeIds: ReadonlySet<string>, ctx: ValidationContext): string | null {
  const id = flow.id ?? '';
  const end = flow[key] as ModdleElement | undefined;
  if (!end?.id) {
    if (!ctx.unresolvedReferences.has(`${id}|${key}`)) ctx.error({ elementId: id, attribute: key }, `${capitalize(describe(flow))} has no ${key}.`);
    return null;
  }
  if (!nodeIds.has(end.id)) {
    ctx.error({ elementId: id, attribute: key, relatedIds: [end.id] },
      `The ${key} '${end.id}' of ${describe(flow)} is not a flow node of ${describe(process)}.`);
    return null;
  }
  return end.id;
}

function flowCondition(flow: ModdleElement, ctx: ValidationContext): CompiledExpression | null {
  const condition = flow.conditionExpression as ModdleElement | undefined;
  if (!condition) return null;
  const id = flow.id ?? '';
  const what = capitalize(describe(flow));
  const language = text(condition.language);
  if (language !== null) {
    ctx.error(id, `${what} has a script condition (language="${language}"): script conditions are not supported by the ` +
      `embedded engine (no sandboxed script engine); ${REMOTE_HINT}`);
    return null;
  }
  if (text(condition.resource) !== null) {
    ctx.error(id, `${what} loads its condition from a resource (camunda:resource): script conditions are not supported ` +
      `by the embedded engine (no sandboxed script engine); ${REMOTE_HINT}`);
    return null;
  }
  const body = typeof condition.body === 'string' ? condition.body.trim() : '';
  if (body === '') {
    ctx.error(id, `${what} has an empty condition expression.`);
    return null;
  }
  const expression = ctx.expression(id, 'bpmn:conditionExpression', body);
  if (expression?.isLiteral) {
    ctx.warning(id, `The condition of ${describe(flow)} is the literal text '${body}', not an expression such as ` +
      '${…}: it never yields a boolean, so evaluating it fails at runtime (as in Camunda 7).');
  }
  return expression;
}

/** Checks what depends on the flows between the elements: start/end event flows, default flows, ignored conditions. */
function checkFlowStructure(elements: ReadonlyMap<string, FlowElementModel>, flows: ReadonlyMap<string, SequenceFlowModel>, ctx: ValidationContext): void {
  for (const element of elements.values()) {
    if (element.kind === 'startEvent' && element.incoming.length > 0) {
      ctx.error({ elementId: element.id, relatedIds: element.incoming },
        `Start event '${element.id}' has incoming sequence flows; a start event cannot have any.`);
    }
    if (element.kind === 'endEvent' && element.outgoing.length > 0) {
      ctx.error({ elementId: element.id, relatedIds: element.outgoing },
        `End event '${element.id}' has outgoing sequence flows; an end event cannot have any.`);
    }
    const defaultFlowId = element.defaultFlowId;
    if (defaultFlowId !== null) {
      const at = { elementId: element.id, attribute: 'default', relatedIds: [defaultFlowId] };
      if (!element.outgoing.includes(defaultFlowId)) {
        ctx.error(at, `The default flow '${defaultFlowId}' of '${element.id}' is not one of its outgoing sequence flows.`);
      } else if (flows.get(defaultFlowId)?.condition) {
        ctx.warning(at, `The condition of default flow '${defaultFlowId}' of '${element.id}' is ignored, as in Camunda 7.`);
      }
    }
    if (element.kind === 'parallelGateway') {
      for (const flowId of element.outgoing) {
        if (flows.get(flowId)?.condition) {
          ctx.warning({ elementId: element.id, relatedIds: [flowId] }, `The condition of sequence flow '${flowId}' leaving ` +
            `parallel gateway '${element.id}' is ignored, as in Camunda 7.`);
        }
      }
    }
  }
}

/**
 * The id of the process's initial start event, as Camunda's `BpmnParse.selectInitial`: its one none or timer start
 * event (a process may have only one of them, so a timer-only process also starts at its timer start event when
 * started by REST), else its only start event of another kind. '' when it has no start event or more than one
 * none/timer start event (reported); null when there is no initial one (several message start events, or a start
 * event that was refused and reported on its own).
 */
function noneStartEvent(process: ModdleElement, elements: ReadonlyMap<string, FlowElementModel>, ctx: ValidationContext): string | null {
  const all = [...elements.values()].filter((e) => e.kind === 'startEvent');
  const exclusive = all.filter((e) => e.activityType === 'startEvent' || e.activityType === 'startTimerEvent');
  const starts = exclusive.map((e) => e.id);
  const id = process.id ?? '';
  // a timer or message start event that was refused is reported on its own
  if (all.length === 0 && asElements(process.flowElements).some((e) => e.$type === 'bpmn:StartEvent' && (isTimerEvent(e) || isMessageEvent(e) || isSignalEvent(e)))) return null;
  if (all.length === 0) {
    ctx.error(id, `${capitalize(describe(process))} has no none start event; the embedded engine needs exactly one.`);
    return '';
  }
  if (starts.length > 1 && exclusive.some((e) => e.activityType === 'startTimerEvent')) {
    ctx.error({ elementId: id, relatedIds: starts }, `${capitalize(describe(process))} has ${starts.length} none or timer start ` +
      `events (${starts.map((s) => `'${s}'`).join(', ')}): multiple none start events or timer start events not supported on process definition (as in Camunda 7).`);
    return '';
  }
  if (starts.length > 1) {
    ctx.error({ elementId: id, relatedIds: starts }, `${capitalize(describe(process))} has ${starts.length} none start ` +
      `events (${starts.map((s) => `'${s}'`).join(', ')}); the embedded engine needs exactly one.`);
    return '';
  }
  if (starts.length === 1) return starts[0] ?? '';
  return all.length === 1 ? (all[0]?.id ?? null) : null;
}

/** `camunda:historyTimeToLive` in days: a whole number or an ISO-8601 duration `P<n>D`. */
function historyTimeToLive(process: ModdleElement, ctx: ValidationContext): number | null {
  const value = text(process.historyTimeToLive)?.trim() ?? '';
  const id = process.id ?? '';
  if (value === '') {
    ctx.warning(id, `${capitalize(describe(process))} has no camunda:historyTimeToLive; Camunda 7.20+ and Operaton ` +
      'refuse such deployments unless their engine is configured otherwise.');
    return null;
  }
  const days = /^(?:(\d+)|P(\d+)D)$/.exec(value);
  if (!days) {
    ctx.error({ elementId: id, attribute: 'camunda:historyTimeToLive' }, `camunda:historyTimeToLive="${value}" of ` +
      `${describe(process)} is neither a number of days nor an ISO-8601 duration in days such as P30D.`);
    return null;
  }
  return Number(days[1] ?? days[2]);
}
