import type { ModdleElement } from 'bpmn-moddle';
import { REMOTE_HINT, asElements, capitalize, describe, documentationOf, tagName, text, type ValidationContext } from './context.js';
import type { ParameterModel, ParameterValue } from './types.js';

/** What an element's `bpmn:extensionElements` contribute to its model. */
export interface ExtensionModel {
  inputParameters: ParameterModel[];
  outputParameters: ParameterModel[];
  /** true when the element has `camunda:inputOutput`. */
  hasInputOutput: boolean;
  /** `camunda:properties` as name → value. */
  properties: Record<string, string>;
  /** true when the element has a `camunda:connector` (already reported as unsupported). */
  hasConnector: boolean;
}

/**
 * Reads the extension elements of a process, flow element or sequence flow: input/output mappings (only where
 * `inputOutput` is true), extension properties, and lets `camunda:in`/`camunda:out` pass where `callMappings` is true. Every other Camunda extension is reported as an error;
 * extensions of foreign namespaces are ignored with a warning.
 */
export function readExtensions(element: ModdleElement, ctx: ValidationContext, options: { inputOutput: boolean; callMappings?: boolean }): ExtensionModel {
  const model: ExtensionModel = { inputParameters: [], outputParameters: [], hasInputOutput: false, properties: {}, hasConnector: false };
  const id = element.id ?? null;
  const what = describe(element);
  const extensions = element.extensionElements as ModdleElement | undefined;
  for (const extension of asElements(extensions?.values)) {
    const tag = tagName(extension.$type);
    switch (extension.$type) {
      case 'camunda:InputOutput':
        if (!options.inputOutput) ctx.error(id, `camunda:inputOutput is not supported on ${what}.`);
        else if (model.hasInputOutput) ctx.error(id, `${capitalize(what)} has more than one camunda:inputOutput.`);
        else readInputOutput(extension, element, ctx, model);
        break;
      case 'camunda:Properties':
        for (const property of asElements(extension.values)) {
          if (typeof property.name !== 'string' || property.name === '') {
            ctx.error(id, `A camunda:property of ${what} has no name.`);
          } else {
            model.properties[property.name] = typeof property.value === 'string' ? property.value : '';
          }
        }
        break;
      case 'camunda:ExecutionListener':
      case 'camunda:TaskListener': {
        const kind = extension.$type === 'camunda:TaskListener' ? 'Task' : 'Execution';
        const event = typeof extension.event === 'string' ? `, event '${extension.event}'` : '';
        ctx.error(id, `${kind} listener (${tag}${event}) on ${what} is not supported by the embedded engine ` +
          `(listeners run Java code or scripts); ${REMOTE_HINT}`);
        break;
      }
      case 'camunda:In':
      case 'camunda:Out':
        // read by the call activity itself
        if (!options.callMappings) reportOther(extension, tag, element, ctx);
        break;
      case 'camunda:Connector':
        model.hasConnector = true;
        ctx.error(id, `${capitalize(what)} uses a connector (camunda:connector): connectors are not supported by the ` +
          `embedded engine (use an external task, camunda:type="external"), or ${REMOTE_HINT}`);
        break;
      default:
        reportOther(extension, tag, element, ctx);
    }
  }
  return model;
}

/** The fields every flow element model shares, from the element and its extension elements. */
export function elementBase(element: ModdleElement, extensions: ExtensionModel, activityType: string) {
  return {
    id: element.id ?? '',
    name: text(element.name),
    documentation: documentationOf(element),
    activityType,
    incoming: [] as string[],
    outgoing: [] as string[],
    defaultFlowId: text((element.default as ModdleElement | undefined)?.id),
    inputParameters: extensions.inputParameters,
    outputParameters: extensions.outputParameters,
    isScope: extensions.hasInputOutput,
    properties: extensions.properties,
  };
}

// helpers ////

function reportOther(extension: ModdleElement, tag: string, element: ModdleElement, ctx: ValidationContext): void {
  const id = element.id ?? null;
  const what = describe(element);
  const reason = OTHER_REASONS[extension.$type];
  if (reason) {
    ctx.error(id, `${capitalize(what)} has ${tag}: ${reason}`);
  } else if (!extension.$type.startsWith('camunda:') && !extension.$type.startsWith('bpmn:')) {
    ctx.warning(id, `Extension element <${extension.$type}> on ${what} is ignored by the engine.`);
  } else {
    ctx.error(id, `Extension element <${tag}> is not supported on ${what} by the embedded engine.`);
  }
}

const OTHER_REASONS: Record<string, string> = {
  'camunda:FormData': 'generated task forms are not supported by the embedded engine; use camunda:formRef (Camunda Forms) or camunda:formKey.',
  'camunda:FormField': 'generated task forms are not supported by the embedded engine; use camunda:formRef (Camunda Forms) or camunda:formKey.',
  'camunda:FormProperty': 'generated task forms are not supported by the embedded engine; use camunda:formRef (Camunda Forms) or camunda:formKey.',
  'camunda:Field': `field injection into Java delegates is not supported by the embedded engine; ${REMOTE_HINT}`,
  'camunda:In': 'variable mappings (camunda:in) belong on call activities.',
  'camunda:Out': 'variable mappings (camunda:out) belong on call activities.',
  'camunda:FailedJobRetryTimeCycle': `job retry cycles are not supported yet by the embedded engine (a failed job is tried 3 times); ${REMOTE_HINT}`,
  'camunda:ErrorEventDefinition': `error events on external tasks are not supported yet by the embedded engine; ${REMOTE_HINT}`,
  'camunda:PotentialStarter': 'potential starters are not supported; use camunda:candidateStarterGroups / camunda:candidateStarterUsers.',
  'camunda:Script': `scripts are not supported by the embedded engine (no sandboxed script engine); ${REMOTE_HINT}`,
};

function readInputOutput(io: ModdleElement, owner: ModdleElement, ctx: ValidationContext, model: ExtensionModel): void {
  model.hasInputOutput = true;
  if (io.connectorId !== undefined || io.inputOutput !== undefined) {
    ctx.error(owner.id ?? null, `camunda:inputOutput of ${describe(owner)} has connector content, which is not supported.`);
  }
  model.inputParameters = readParameters(asElements(io.inputParameters), 'input', owner, ctx);
  model.outputParameters = readParameters(asElements(io.outputParameters), 'output', owner, ctx);
}

function readParameters(parameters: ModdleElement[], kind: 'input' | 'output', owner: ModdleElement, ctx: ValidationContext): ParameterModel[] {
  const result: ParameterModel[] = [];
  for (const parameter of parameters) {
    const name = typeof parameter.name === 'string' ? parameter.name : '';
    if (name === '') {
      ctx.error(owner.id ?? null, `An ${kind} parameter of ${describe(owner)} has no name.`);
      continue;
    }
    result.push({ name, value: parameterValue(parameter, `${kind} parameter '${name}'`, owner, ctx) });
  }
  return result;
}

/** The value of a parameter or map entry: its nested definition, else its text. */
function parameterValue(holder: ModdleElement, label: string, owner: ModdleElement, ctx: ValidationContext): ParameterValue {
  const definition = holder.definition as ModdleElement | undefined;
  const text = typeof holder.value === 'string' ? holder.value.trim() : '';
  if (!definition) return textValue(text, label, owner, ctx);
  if (text !== '') {
    ctx.error(owner.id ?? null, `The ${label} of ${describe(owner)} mixes text with <${tagName(definition.$type)}>.`);
  }
  return definitionValue(definition, label, owner, ctx);
}

function definitionValue(definition: ModdleElement, label: string, owner: ModdleElement, ctx: ValidationContext): ParameterValue {
  switch (definition.$type) {
    case 'camunda:Value':
      return textValue(typeof definition.value === 'string' ? definition.value.trim() : '', label, owner, ctx);
    case 'camunda:List':
      return { kind: 'list', items: asElements(definition.items).map((item) => definitionValue(item, label, owner, ctx)) };
    case 'camunda:Map':
      return {
        kind: 'map',
        entries: asElements(definition.entries).map((entry) => {
          const key = typeof entry.key === 'string' ? entry.key : '';
          if (key === '') ctx.error(owner.id ?? null, `A camunda:entry in the ${label} of ${describe(owner)} has no key.`);
          return { key, value: parameterValue(entry, label, owner, ctx) };
        }),
      };
    case 'camunda:Script':
      ctx.error(owner.id ?? null, `The ${label} of ${describe(owner)} is a script (camunda:script): scripts are not ` +
        `supported by the embedded engine (no sandboxed script engine); ${REMOTE_HINT}`);
      return { kind: 'null' };
    default:
      ctx.error(owner.id ?? null, `The ${label} of ${describe(owner)} contains <${tagName(definition.$type)}>, which is not supported.`);
      return { kind: 'null' };
  }
}

function textValue(text: string, label: string, owner: ModdleElement, ctx: ValidationContext): ParameterValue {
  if (text === '') return { kind: 'null' };
  const expression = ctx.expression(owner.id ?? '', label, text);
  return expression ? { kind: 'expression', expression } : { kind: 'null' };
}
