import type { ModdleElement } from 'bpmn-moddle';
import type { ParseProblem } from '../errors.js';
import { compileExpression, type CompiledExpression } from '../expression/index.js';
import type { SourcePosition, XmlPositions } from './positions.js';

/** Where a problem is: the offending element, optionally one of its attributes, and other elements involved. */
export interface ProblemLocation {
  elementId: string | null;
  /** Qualified attribute name, e.g. `camunda:assignee`; the problem then points at that attribute. */
  attribute?: string;
  /** Further element ids (e.g. the flow of a gateway problem), added after `elementId`. */
  relatedIds?: string[];
  /** Explicit position, when the reader reported one. */
  position?: SourcePosition | null;
}

/** Suffix for constructs Camunda 7 runs but the embedded engine does not. */
export const REMOTE_HINT = 'deploy it to an Operaton/Camunda 7 engine instead.';

/** Collects the errors and warnings of one resource while it is read and validated. */
export class ValidationContext {
  readonly errors: ParseProblem[] = [];
  readonly warnings: ParseProblem[] = [];

  /** `ownerId|property` (e.g. `Flow_1|targetRef`) of references that could not be resolved, already reported. */
  readonly unresolvedReferences = new Set<string>();

  constructor(readonly positions: XmlPositions) {}

  /** Records an error: the resource must not be deployed. */
  error(at: ProblemLocation | string | null, message: string): void {
    this.errors.push(this.problem(at, message));
  }

  /** Records a warning: the resource deploys, but the author should know. */
  warning(at: ProblemLocation | string | null, message: string): void {
    this.warnings.push(this.problem(at, message));
  }

  /**
   * Compiles the expression of an attribute (or other expression-valued text) of an element. A syntax error is
   * recorded as an error on that element and yields null.
   */
  expression(elementId: string, label: string, text: string, attribute?: string): CompiledExpression | null {
    try {
      return compileExpression(text);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.error({ elementId, attribute }, `Invalid expression in ${label} '${text}': ${reason}`);
      return null;
    }
  }

  private problem(at: ProblemLocation | string | null, message: string): ParseProblem {
    const location: ProblemLocation = typeof at === 'string' || at === null ? { elementId: at } : at;
    const { elementId, attribute, relatedIds = [] } = location;
    const position =
      location.position !== undefined
        ? location.position
        : elementId !== null
          ? this.positions.ofElement(elementId, attribute)
          : null;
    const ids = elementId === null ? relatedIds : [elementId, ...relatedIds.filter((id) => id !== elementId)];
    return {
      message,
      line: position?.line ?? null,
      column: position?.column ?? null,
      mainBpmnElementId: elementId,
      bpmnElementIds: ids,
    };
  }
}

/** `user task 'Task_1'`: how messages name an element. */
export function describe(element: ModdleElement): string {
  const id = typeof element.id === 'string' ? ` '${element.id}'` : '';
  return `${typeLabel(element)}${id}`;
}

/** The text with its first letter upper-cased, to start a sentence with {@link describe}. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The element's tag as written in Camunda's XML, e.g. `camunda:inputOutput` for type `camunda:InputOutput`. */
export function tagName(type: string): string {
  const colon = type.indexOf(':');
  return `${type.slice(0, colon + 1)}${type.charAt(colon + 1).toLowerCase()}${type.slice(colon + 2)}`;
}

/** The id of the element or of its nearest ancestor that has one. */
export function nearestId(element: ModdleElement | undefined): string | null {
  for (let e = element; e; e = e.$parent) if (typeof e.id === 'string' && e.id !== '') return e.id;
  return null;
}

/** The moddle elements of a many-valued property (an empty list when it is not set). */
export function asElements(value: unknown): ModdleElement[] {
  return Array.isArray(value) ? (value as ModdleElement[]) : [];
}

/** A string attribute's value, or null when it is absent or empty. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The element's `bpmn:documentation` texts, trimmed and joined by blank lines; null when it has none. */
export function documentationOf(element: ModdleElement): string | null {
  const texts = asElements(element.documentation)
    .map((d) => (typeof d.text === 'string' ? d.text.trim() : ''))
    .filter((t) => t !== '');
  return texts.length > 0 ? texts.join('\n\n') : null;
}

// helpers ////

const TYPE_LABELS: Record<string, string> = {
  'bpmn:SubProcess': 'sub-process',
  'bpmn:AdHocSubProcess': 'ad-hoc sub-process',
  'bpmn:Transaction': 'transaction sub-process',
  'bpmn:EventBasedGateway': 'event-based gateway',
  'bpmn:Definitions': 'definitions',
  'bpmndi:BPMNShape': 'diagram shape',
  'bpmndi:BPMNEdge': 'diagram edge',
  'bpmndi:BPMNPlane': 'diagram plane',
  'bpmndi:BPMNDiagram': 'diagram',
};

function typeLabel(element: ModdleElement): string {
  if (element.$type === 'bpmn:SubProcess' && element.triggeredByEvent === true) return 'event sub-process';
  const known = TYPE_LABELS[element.$type];
  if (known) return known;
  const local = element.$type.slice(element.$type.indexOf(':') + 1);
  return local.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
