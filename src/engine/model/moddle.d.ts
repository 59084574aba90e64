/**
 * The part of `bpmn-moddle` the model parser uses (the package ships no typings for its entry point).
 * Moddle elements are open objects: BPMN and Camunda properties are read by name.
 */
declare module 'bpmn-moddle' {
  /** Descriptor of one property of a moddle type. */
  export interface ModdlePropertyDescriptor {
    name: string;
    type: string;
    ns: { prefix: string; localName: string; name: string };
    isAttr?: boolean;
    isMany?: boolean;
    isReference?: boolean;
    isBody?: boolean;
    default?: unknown;
  }

  /** Descriptor of a moddle type (absent details on generic, foreign elements). */
  export interface ModdleTypeDescriptor {
    name: string;
    ns: { prefix: string; localName: string; name: string };
    properties: ModdlePropertyDescriptor[];
    propertiesByName: Record<string, ModdlePropertyDescriptor | undefined>;
    isGeneric?: boolean;
  }

  /** One parsed element. */
  export interface ModdleElement {
    readonly $type: string;
    readonly $descriptor: ModdleTypeDescriptor;
    $parent?: ModdleElement;
    $attrs?: Record<string, string>;
    id?: string;
    /** True when the element is of the given type or a subtype of it (e.g. `bpmn:FlowNode`). */
    $instanceOf?: (type: string) => boolean;
    [property: string]: unknown;
  }

  /** A problem moddle tolerated while reading (lax mode). */
  export interface ModdleWarning {
    message: string;
    error?: Error;
    element?: ModdleElement;
    property?: string;
    value?: string;
  }

  /** The result of {@link BpmnModdle.fromXML}. */
  export interface ModdleParseResult {
    rootElement: ModdleElement;
    elementsById: Record<string, ModdleElement | undefined>;
    warnings: ModdleWarning[];
  }

  /** Reads BPMN 2.0 XML into moddle elements. */
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, options?: Record<string, unknown>): Promise<ModdleParseResult>;
  }
}
