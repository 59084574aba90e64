import type { ModdleElement } from 'bpmn-moddle';
import type { CompiledExpression } from '../expression/index.js';
import { asElements, capitalize, describe, nearestId, text, type ValidationContext } from './context.js';
import type { FlowElementModel } from './types.js';
import { checkProperties } from './validate-attributes.js';

/** True when the event has exactly one event definition and it is a `bpmn:messageEventDefinition`. */
export function isMessageEvent(element: ModdleElement): boolean {
  const definitions = [...asElements(element.eventDefinitions), ...asElements(element.eventDefinitionRef)];
  return definitions.length === 1 && definitions[0]?.$type === 'bpmn:MessageEventDefinition';
}

/**
 * Reads the message name of a message catch or start event (its `bpmn:messageEventDefinition`) when it is deployed.
 * The definition must carry nothing but `messageRef`; see {@link readMessageRef} for the message itself. Every problem
 * is reported on the event; returns null when there was one.
 */
export function readMessageEventName(element: ModdleElement, ctx: ValidationContext): CompiledExpression | null {
  const definition = asElements(element.eventDefinitions)[0] ?? asElements(element.eventDefinitionRef)[0];
  if (!definition) return null;
  if (checkProperties(definition, ctx, ['messageRef']).length > 0) return null;
  return readMessageRef(element, definition, ctx);
}

/**
 * Reads the `messageRef` of `holder` (a message event definition, or the receive task itself) and compiles the `name`
 * of the root `bpmn:message` it refers to. The name may be an expression (`${…}`), evaluated when a token arrives (or,
 * for a message start event, at deployment without variables), as in Camunda 7. Problems are reported on `element`:
 * no messageRef, a message without name, an invalid name expression. Returns null when there was one.
 */
export function readMessageRef(element: ModdleElement, holder: ModdleElement, ctx: ValidationContext): CompiledExpression | null {
  const id = element.id ?? '';
  const what = capitalize(describe(element));
  const message = holder.messageRef as ModdleElement | undefined;
  if (!message) {
    if (!ctx.unresolvedReferences.has(`${nearestId(holder) ?? ''}|messageRef`)) {
      ctx.error({ elementId: id, attribute: holder === element ? 'messageRef' : undefined }, `${what} has no messageRef: the embedded ` +
        'engine needs a message (a root <bpmn:message> with a name) to correlate to it.');
    }
    return null;
  }
  const messageId = message.id ?? '';
  const name = text(message.name);
  if (name === null) {
    ctx.error({ elementId: id, relatedIds: messageId ? [messageId] : [] }, `${what} refers to message '${messageId}', which has no name; ` +
      'messages are correlated by name.');
    return null;
  }
  return ctx.expression(id, `the name of message '${messageId}'`, name);
}

/**
 * Process-level rules of message start events: two of them in one process may not wait for the same message name
 * (Camunda 7 refuses the deployment as well).
 */
export function checkMessageStartEvents(processId: string, elements: ReadonlyMap<string, FlowElementModel>, ctx: ValidationContext): void {
  const byName = new Map<string, string>();
  for (const element of elements.values()) {
    if (element.kind !== 'startEvent' || !element.messageName) continue;
    const name = element.messageName.source;
    const other = byName.get(name);
    if (other !== undefined) {
      ctx.error({ elementId: element.id, relatedIds: [other, processId] }, `Message start events '${other}' and '${element.id}' of ` +
        `process '${processId}' both wait for the message '${name}'; a process can have only one message start event per message name.`);
    } else {
      byName.set(name, element.id);
    }
  }
}
