/** Reading BPMN 2.0 XML in the Camunda 7 dialect into bpmn-moddle elements, and walking them. */

import { createRequire } from 'node:module';
import { BpmnModdle, type ModdleElement, type ModdleWarning } from 'bpmn-moddle';

/** A BPMN document read into moddle elements, with what the reader tolerated. */
export interface ReadBpmn {
  /** The `bpmn:Definitions` root. */
  definitions: ModdleElement;
  /** Unknown attributes and elements, unresolved references: the document is readable but not clean. */
  warnings: ModdleWarning[];
}

/** Why a text is not a BPMN document. */
export interface UnreadableBpmn {
  reason: string;
}

/**
 * Reads BPMN 2.0 XML with the Camunda 7 extensions (the meta-model Camunda Modeler and the engine use). Returns the
 * reason when the text is not well-formed XML or not a BPMN `definitions` document.
 */
export async function readBpmn(xml: string): Promise<ReadBpmn | UnreadableBpmn> {
  try {
    const { rootElement, warnings } = await moddle.fromXML(xml);
    if (rootElement?.$type !== 'bpmn:Definitions') return { reason: 'not a BPMN 2.0 document (the root element is not bpmn:definitions)' };
    return { definitions: rootElement, warnings };
  } catch (error) {
    return { reason: unreadableReason(error) };
  }
}

/** Whether a read result is a readable document. */
export function isReadable(result: ReadBpmn | UnreadableBpmn): result is ReadBpmn {
  return 'definitions' in result;
}

/** Every semantic element under `root` (not the diagram interchange), `root` included, parents before children. */
export function semanticElements(root: ModdleElement): ModdleElement[] {
  const out: ModdleElement[] = [];
  const visit = (element: ModdleElement) => {
    out.push(element);
    for (const property of element.$descriptor?.properties ?? []) {
      if (property.isReference || property.isAttr || property.name === 'diagrams') continue;
      const value = element[property.name];
      for (const child of Array.isArray(value) ? (value as unknown[]) : [value]) {
        if (isElement(child)) visit(child);
      }
    }
  };
  visit(root);
  return out;
}

/** Whether the element is of `type` or a subtype of it (e.g. `bpmn:Event`). */
export function isA(element: ModdleElement, type: string): boolean {
  return element.$instanceOf ? element.$instanceOf(type) : element.$type === type;
}

/**
 * The element a diagram shows for `element`: itself, or for an event definition, an extension element or anything
 * without an id, its nearest ancestor that is a BPMN element with an id (the event, the task).
 */
export function shownElement(element: ModdleElement | undefined): ModdleElement | undefined {
  let current = element;
  while (current && (!text(current.id) || isA(current, 'bpmn:EventDefinition') || !current.$type.startsWith('bpmn:'))) current = current.$parent;
  return current;
}

/** A string property of an element, or null when it is absent or blank. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** The element's name, when it has one. */
export function nameOf(element: ModdleElement | undefined): string | undefined {
  return text(element?.['name']) ?? undefined;
}

// helpers ////

const require = createRequire(import.meta.url);
const moddle = new BpmnModdle({ camunda: require('camunda-bpmn-moddle/resources/camunda.json') as unknown });

function isElement(value: unknown): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as { $type?: unknown }).$type === 'string';
}

function unreadableReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unparsable = /^unparsable content [\s\S]*?detected\n\tline: (\d+)\n\tcolumn: (\d+)\n\tnested error: ([\s\S]*)$/.exec(message);
  if (unparsable) return `not well-formed XML at line ${Number(unparsable[1]) + 1}, column ${Number(unparsable[2]) + 1}: ${(unparsable[3] ?? '').split('\n')[0]}`;
  if (/failed to parse document as <bpmn:Definitions>/.test(message)) return 'not a BPMN 2.0 document (the root element is not bpmn:definitions)';
  return `not readable as BPMN 2.0 XML: ${message.split('\n')[0]}`;
}
