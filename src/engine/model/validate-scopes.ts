import type { ModdleElement } from 'bpmn-moddle';
import { REMOTE_HINT, asElements, capitalize, describe, text, type ValidationContext } from './context.js';
import type {
  BoundaryEventModel, EndEventModel, ErrorEventModel, FlowElementModel, StartEventModel, SubProcessModel,
} from './types.js';
import { checkProperties } from './validate-attributes.js';
import { elementBase, readExtensions } from './validate-extensions.js';
import { isMessageEvent, readMessageEventName } from './validate-messages.js';
import { isTimerEvent, readTimer } from './validate-timers.js';
import { isSignalEvent, readSignalEventName } from './validate-signals.js';

/** True when the event has exactly one event definition and it is a `bpmn:errorEventDefinition`. */
export function isErrorEvent(element: ModdleElement): boolean {
  const definitions = definitionsOf(element);
  return definitions.length === 1 && definitions[0]?.$type === 'bpmn:ErrorEventDefinition';
}

/** True for a start event directly inside an event sub-process (`triggeredByEvent="true"`). */
export function isInEventSubProcess(element: ModdleElement): boolean {
  return element.$parent?.$type === 'bpmn:SubProcess' && element.$parent.triggeredByEvent === true;
}

/**
 * Builds an embedded sub-process or, with `triggeredByEvent`, an event sub-process (only error event sub-processes run;
 * the start event is checked by {@link checkScopes}). Both are scopes: they get their own execution when entered.
 * `refusal` is the message used for what stays refused (ad-hoc content is refused elsewhere).
 */
export function subProcess(element: ModdleElement, ctx: ValidationContext): SubProcessModel {
  const triggeredByEvent = element.triggeredByEvent === true;
  checkProperties(element, ctx, ['triggeredByEvent', 'flowElements', 'artifacts', 'laneSets']);
  const extensions = readExtensions(element, ctx, { inputOutput: !triggeredByEvent });
  return { ...elementBase(element, extensions, triggeredByEvent ? 'eventSubProcess' : 'subProcess'), isScope: true, kind: 'subProcess', triggeredByEvent, startEventId: null };
}

/**
 * Builds a timer, message or error boundary event attached to a user task, external task, receive task or embedded
 * sub-process. Other boundary events, and boundary events on other activities, are refused with `refusal` (the usual
 * "is not supported yet" message). An error boundary event must be interrupting.
 */
export function boundaryEvent(element: ModdleElement, ctx: ValidationContext, refusal: string): BoundaryEventModel | null {
  const id = element.id ?? '';
  const attached = element.attachedToRef as ModdleElement | undefined;
  const kind = isTimerEvent(element) ? 'timer' : isMessageEvent(element) ? 'message' : isSignalEvent(element) ? 'signal' : isErrorEvent(element) ? 'error' : null;
  if (kind === null) {
    ctx.error(id, refusal);
    return null;
  }
  if (!attached?.id) {
    if (!ctx.unresolvedReferences.has(`${id}|attachedToRef`)) ctx.error({ elementId: id, attribute: 'attachedToRef' }, `${capitalize(describe(element))} has no attachedToRef.`);
    return null;
  }
  if (!ATTACHABLE.has(attached.$type) || attached.triggeredByEvent === true) {
    ctx.error({ elementId: id, relatedIds: [attached.id] }, `${refusal} (The embedded engine supports boundary events on user tasks, ` +
      `external tasks, receive tasks, sub-processes and call activities, not on ${describe(attached)}.)`);
    return null;
  }
  checkProperties(element, ctx, ['eventDefinitions', 'cancelActivity']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  const cancelActivity = element.cancelActivity !== false;
  const model = {
    ...elementBase(element, extensions, BOUNDARY_TYPES[kind]),
    kind: 'boundaryEvent' as const, attachedToId: attached.id, cancelActivity,
  };
  if (kind === 'timer') {
    const timer = readTimer(element, ctx, ['duration', 'date', 'cycle']);
    return timer ? { ...model, timer } : null;
  }
  if (kind === 'message') {
    const messageName = readMessageEventName(element, ctx);
    return messageName ? { ...model, messageName } : null;
  }
  if (kind === 'signal') {
    const signalName = readSignalEventName(element, ctx, false);
    return signalName ? { ...model, signalName } : null;
  }
  if (!cancelActivity) {
    ctx.error({ elementId: id, attribute: 'cancelActivity' }, `${capitalize(describe(element))} is an error boundary event with ` +
      'cancelActivity="false": error boundary events are always interrupting (as in Camunda 7).');
    return null;
  }
  const error = readErrorDefinition(element, ctx, true);
  return error ? { ...model, error } : null;
}

/**
 * The start event of an event sub-process: an error start event (always interrupting), or a timer (duration, date or
 * cycle), message or signal start event, interrupting or not (`isInterrupting`).
 */
export function eventSubProcessStartEvent(element: ModdleElement, ctx: ValidationContext, refusal: string): StartEventModel | null {
  if (isErrorEvent(element)) return errorStartEvent(element, ctx);
  const kind = isTimerEvent(element) ? 'timer' : isMessageEvent(element) ? 'message' : isSignalEvent(element) ? 'signal' : null;
  if (kind === null) {
    ctx.error(element.id ?? null, refusal);
    return null;
  }
  checkProperties(element, ctx, ['eventDefinitions', 'isInterrupting']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  const base = {
    ...elementBase(element, extensions, kind === 'timer' ? 'startTimerEvent' : kind === 'message' ? 'messageStartEvent' : 'signalStartEvent'),
    kind: 'startEvent' as const, formKey: null, formRef: null, initiator: null, isInterrupting: element.isInterrupting !== false,
  };
  if (kind === 'timer') {
    const timer = readTimer(element, ctx, ['duration', 'date', 'cycle']);
    return timer ? { ...base, timer } : null;
  }
  if (kind === 'message') {
    const messageName = readMessageEventName(element, ctx);
    return messageName ? { ...base, messageName } : null;
  }
  const signalName = readSignalEventName(element, ctx, false);
  return signalName ? { ...base, signalName } : null;
}

/** An error start event of an error event sub-process (always interrupting). */
export function errorStartEvent(element: ModdleElement, ctx: ValidationContext): StartEventModel | null {
  checkProperties(element, ctx, ['eventDefinitions', 'isInterrupting']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  if (element.isInterrupting === false) {
    ctx.error({ elementId: element.id ?? null, attribute: 'isInterrupting' }, `${capitalize(describe(element))} is an error start event with ` +
      'isInterrupting="false": error start events are always interrupting.');
    return null;
  }
  const error = readErrorDefinition(element, ctx, true);
  if (!error) return null;
  return { ...elementBase(element, extensions, 'errorStartEvent'), kind: 'startEvent', formKey: null, formRef: null, initiator: null, error };
}

/** An error end event: throws the error it refers to (which must exist and have an errorCode without expressions). */
export function errorEndEvent(element: ModdleElement, ctx: ValidationContext): EndEventModel | null {
  checkProperties(element, ctx, ['eventDefinitions']);
  const extensions = readExtensions(element, ctx, { inputOutput: false });
  const error = readErrorDefinition(element, ctx, false);
  if (!error) return null;
  return { ...elementBase(element, extensions, 'errorEndEvent'), kind: 'endEvent', terminate: false, error };
}

/**
 * Rules between the elements of nested scopes, after all elements are built: every embedded sub-process starts at
 * exactly one none start event, every event sub-process at exactly one error start event and has no sequence flows,
 * a boundary event lies in the scope of its activity and has no incoming flows. Fills `startEventId` of the
 * sub-processes, makes activities with boundary events scopes, and returns the boundary events per activity and the event sub-processes per scope ('' = process).
 */
export function checkScopes(
  elements: ReadonlyMap<string, FlowElementModel>,
  parentOf: ReadonlyMap<string, string>,
  ctx: ValidationContext,
): { boundaryEventIds: Map<string, string[]>; eventSubProcessIds: Map<string, string[]> } {
  const boundaryEventIds = new Map<string, string[]>();
  const eventSubProcessIds = new Map<string, string[]>();
  for (const el of elements.values()) {
    if (el.kind === 'subProcess') {
      const starts = [...elements.values()].filter((c) => c.kind === 'startEvent' && parentOf.get(c.id) === el.id);
      if (el.triggeredByEvent) checkEventSubProcess(el, starts, ctx, eventSubProcessIds, parentOf.get(el.id) ?? '');
      else checkEmbedded(el, starts, ctx);
    } else if (el.kind === 'boundaryEvent') {
      const attached = elements.get(el.attachedToId);
      // as in Camunda 7, an activity with boundary events is a scope: its own execution carries the boundary events
      if (attached) attached.isScope = true;
      if (attached && parentOf.get(attached.id) !== parentOf.get(el.id)) {
        ctx.error({ elementId: el.id, relatedIds: [attached.id] }, `Boundary event '${el.id}' is not in the same scope as the activity '${attached.id}' it is attached to.`);
      }
      if (el.incoming.length > 0) {
        ctx.error({ elementId: el.id, relatedIds: el.incoming }, `Boundary event '${el.id}' has incoming sequence flows; a boundary event cannot have any.`);
      }
      const list = boundaryEventIds.get(el.attachedToId) ?? [];
      list.push(el.id);
      boundaryEventIds.set(el.attachedToId, list);
    }
  }
  return { boundaryEventIds, eventSubProcessIds };
}

// helpers ////

const ATTACHABLE = new Set(['bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ReceiveTask', 'bpmn:SubProcess', 'bpmn:CallActivity']);
const BOUNDARY_TYPES = { timer: 'boundaryTimer', message: 'boundaryMessage', signal: 'boundarySignal', error: 'boundaryError' } as const;

function checkEmbedded(el: SubProcessModel, starts: FlowElementModel[], ctx: ValidationContext): void {
  const none = starts.filter((s) => s.activityType === 'startEvent');
  for (const s of starts) {
    if (s.activityType !== 'startEvent') {
      ctx.error({ elementId: s.id, relatedIds: [el.id] }, `Start event '${s.id}' of sub-process '${el.id}' is not a none start event: ` +
        'an embedded sub-process starts only at a none start event.');
    }
  }
  if (none.length !== 1) {
    ctx.error({ elementId: el.id, relatedIds: none.map((s) => s.id) }, `Sub-process '${el.id}' has ${none.length === 0 ? 'no' : none.length} none ` +
      'start event' + (none.length > 1 ? 's' : '') + '; the embedded engine needs exactly one.');
    return;
  }
  el.startEventId = none[0]?.id ?? null;
}

function checkEventSubProcess(el: SubProcessModel, starts: FlowElementModel[], ctx: ValidationContext, ids: Map<string, string[]>, scopeId: string): void {
  const start = starts[0];
  if (starts.length !== 1 || start?.kind !== 'startEvent') {
    ctx.error({ elementId: el.id, relatedIds: starts.map((s) => s.id) }, `Event sub-process '${el.id}' has ${starts.length === 0 ? 'no' : starts.length} ` +
      'start events; it needs exactly one (an error, timer, message or signal start event).');
    return;
  }
  if (el.incoming.length > 0 || el.outgoing.length > 0) {
    ctx.error({ elementId: el.id, relatedIds: [...el.incoming, ...el.outgoing] }, `Event sub-process '${el.id}' has sequence flows; an event sub-process cannot have any.`);
  }
  el.startEventId = start.id;
  const list = ids.get(scopeId) ?? [];
  list.push(el.id);
  ids.set(scopeId, list);
}

/**
 * Reads the `bpmn:errorEventDefinition` of an error event. Catching: errorRef optional (none: catches every error),
 * `camunda:errorCodeVariable`/`camunda:errorMessageVariable` allowed. Throwing: errorRef required; the code must be a
 * literal. A referenced element must be a root `bpmn:error` (an unresolved reference is reported when the XML is read).
 */
function readErrorDefinition(element: ModdleElement, ctx: ValidationContext, catching: boolean): ErrorEventModel | null {
  const id = element.id ?? '';
  const what = capitalize(describe(element));
  const definition = definitionsOf(element)[0];
  if (!definition) return null;
  if (!catching && (text(definition.errorCodeVariable) !== null || text(definition.errorMessageVariable) !== null)) {
    ctx.error(id, `${what} has camunda:errorCodeVariable or camunda:errorMessageVariable: they belong on the event that catches the error.`);
    return null;
  }
  if (checkProperties(definition, ctx, ['errorRef', 'errorCodeVariable', 'errorMessageVariable']).length > 0) return null;
  const codeVariable = catching ? text(definition.errorCodeVariable) : null;
  const messageVariable = catching ? text(definition.errorMessageVariable) : null;
  const ref = definition.errorRef as ModdleElement | undefined;
  if (!ref) {
    if (ctx.unresolvedReferences.has(`${id}|errorRef`)) return null;
    if (catching) return { errorCode: null, errorMessage: null, codeVariable, messageVariable };
    ctx.error(id, `${what} has no errorRef: an error end event needs a root <bpmn:error> with an errorCode to throw.`);
    return null;
  }
  if (ref.$type !== 'bpmn:Error') {
    ctx.error({ elementId: id, relatedIds: ref.id ? [ref.id] : [] }, `${what} refers to '${ref.id ?? ''}' in errorRef, which is not a <bpmn:error>.`);
    return null;
  }
  const errorCode = text(ref.errorCode);
  if (!catching && errorCode !== null && /[$#]\{/.test(errorCode)) {
    ctx.error({ elementId: id, relatedIds: ref.id ? [ref.id] : [] }, `The errorCode '${errorCode}' of error '${ref.id ?? ''}' thrown by ${describe(element)} ` +
      `is an expression: expressions in error codes are not supported yet by the embedded engine; ${REMOTE_HINT}`);
    return null;
  }
  const messageText = catching ? null : text(ref.errorMessage);
  const errorMessage = messageText === null ? null : ctx.expression(id, `camunda:errorMessage of error '${ref.id ?? ''}'`, messageText);
  return { errorCode, errorMessage, codeVariable, messageVariable };
}

function definitionsOf(element: ModdleElement): ModdleElement[] {
  return [...asElements(element.eventDefinitions), ...asElements(element.eventDefinitionRef)];
}

