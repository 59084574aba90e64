import type { ModdleElement } from 'bpmn-moddle';
import type { CompiledExpression } from '../expression/index.js';
import { REMOTE_HINT, asElements, capitalize, describe, nearestId, text, type ValidationContext } from './context.js';
import type { FlowElementModel } from './types.js';
import { checkProperties } from './validate-attributes.js';

/** True when the event has exactly one event definition and it is a `bpmn:signalEventDefinition`. */
export function isSignalEvent(element: ModdleElement): boolean {
  const definitions = [...asElements(element.eventDefinitions), ...asElements(element.eventDefinitionRef)];
  return definitions.length === 1 && definitions[0]?.$type === 'bpmn:SignalEventDefinition';
}

/**
 * Reads the signal name of a signal catch, start, intermediate throw or end event (its `bpmn:signalEventDefinition`)
 * when it is deployed, and compiles the `name` of the root `bpmn:signal` its `signalRef` refers to. The name may be an
 * expression (`${…}`), evaluated when a token arrives at a catch or throw event, or at deployment without variables for
 * a signal start event, as in Camunda 7. The definition must carry nothing but `signalRef`: `camunda:async="true"`
 * (an asynchronous throw) is refused, and so is a payload (`camunda:in`) on a throwing event (`throwing`). Problems
 * are reported on the event: no signalRef, a signal without name, an invalid name expression. Returns null when there
 * was one.
 */
export function readSignalEventName(element: ModdleElement, ctx: ValidationContext, throwing: boolean): CompiledExpression | null {
  const definition = asElements(element.eventDefinitions)[0] ?? asElements(element.eventDefinitionRef)[0];
  if (!definition) return null;
  const id = element.id ?? '';
  const what = capitalize(describe(element));
  if (checkProperties(definition, ctx, ['signalRef']).length > 0) return null;
  const extensions = asElements((definition.extensionElements as ModdleElement | undefined)?.values);
  if (throwing && extensions.some((e) => e.$type === 'camunda:In')) {
    ctx.error(id, `${what} passes variables with the signal (camunda:in on its signal event definition): signal payloads ` +
      `are not supported yet by the embedded engine; ${REMOTE_HINT}`);
    return null;
  }
  const signal = definition.signalRef as ModdleElement | undefined;
  if (!signal) {
    if (!ctx.unresolvedReferences.has(`${nearestId(definition) ?? ''}|signalRef`)) {
      ctx.error(id, `${what} has no signalRef: the embedded engine needs a signal (a root <bpmn:signal> with a name) to ` +
        `${throwing ? 'broadcast' : 'wait for'}.`);
    }
    return null;
  }
  const signalId = signal.id ?? '';
  const name = text(signal.name);
  if (name === null) {
    ctx.error({ elementId: id, relatedIds: signalId ? [signalId] : [] }, `${what} refers to signal '${signalId}', which has no name; ` +
      'signals are broadcast by name.');
    return null;
  }
  return ctx.expression(id, `the name of signal '${signalId}'`, name);
}

/**
 * Process-level rules of signal start events: two of them in one process may not wait for the same signal name
 * (Camunda 7 refuses the deployment as well: one signal event subscription per name and scope).
 */
export function checkSignalStartEvents(processId: string, elements: ReadonlyMap<string, FlowElementModel>, ctx: ValidationContext): void {
  const byName = new Map<string, string>();
  for (const element of elements.values()) {
    if (element.kind !== 'startEvent' || !element.signalName) continue;
    const name = element.signalName.source;
    const other = byName.get(name);
    if (other !== undefined) {
      ctx.error({ elementId: element.id, relatedIds: [other, processId] }, `Signal start events '${other}' and '${element.id}' of ` +
        `process '${processId}' both wait for the signal '${name}'; a process can have only one signal start event per signal name.`);
    } else {
      byName.set(name, element.id);
    }
  }
}
