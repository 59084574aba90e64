import { createRequire } from 'node:module';
import { BpmnModdle, type ModdleElement, type ModdleParseResult, type ModdleWarning } from 'bpmn-moddle';
import { capitalize, describe, nearestId, type ValidationContext } from './context.js';
import type { SourcePosition } from './positions.js';

/**
 * Reads BPMN 2.0 XML (with the Camunda 7 extensions) into moddle elements. Reports, on `ctx`: text that is not
 * well-formed XML or not a BPMN document (then returns null), unknown elements, unknown BPMN/Camunda attributes,
 * duplicate or illegal ids and unresolved references.
 */
export async function readBpmnXml(xml: string, ctx: ValidationContext): Promise<ModdleElement | null> {
  let result: ModdleParseResult;
  try {
    result = await moddle.fromXML(xml);
  } catch (err) {
    reportUnreadable(err, ctx);
    return null;
  }
  const classified = result.warnings.map((warning) => ({ warning, parsed: parseUnparsable(warning.message) }));
  const syntaxErrors = classified.filter(({ parsed }) => parsed && !MODEL_ERROR.test(parsed.reason));
  if (syntaxErrors.length > 0) {
    for (const { parsed } of syntaxErrors) if (parsed) reportMalformed(parsed, ctx);
    return null;
  }
  for (const { warning, parsed } of classified) {
    if (parsed) reportModelError(parsed, result, ctx);
    else reportWarning(warning, ctx);
  }
  return result.rootElement;
}

// helpers ////

const require = createRequire(import.meta.url);
const moddle = new BpmnModdle({ camunda: require('camunda-bpmn-moddle/resources/camunda.json') as unknown });

const BPMN_NS = 'http://www.omg.org/spec/BPMN/20100524/MODEL';
/** Errors moddle raises for well-formed XML that does not fit the BPMN/Camunda meta-model. */
const MODEL_ERROR = /^(unknown type|unrecognized element|unexpected element|expected no sub nodes|unexpected body text|duplicate ID|illegal ID)\b/;

interface Unparsable {
  tag: string | null;
  position: SourcePosition | null;
  reason: string;
}

function parseUnparsable(message: string): Unparsable | null {
  const match = /^unparsable content ([\s\S]*?) ?detected\n\tline: (\d+)\n\tcolumn: (\d+)\n\tnested error: ([\s\S]*)$/.exec(message);
  if (!match) return null;
  const [, data = '', line = '0', column = '0', reason = ''] = match;
  const tag = /^<\/?([^\s/>]+)/.exec(data)?.[1] ?? null;
  return { tag, reason, position: { line: Number(line) + 1, column: Number(column) + 1 } };
}

function reportUnreadable(err: unknown, ctx: ValidationContext): void {
  const message = err instanceof Error ? err.message : String(err);
  const warnings = (err as { warnings?: ModdleWarning[] } | null)?.warnings ?? [];
  const parsed = parseUnparsable(message);
  if (parsed) {
    reportMalformed(parsed, ctx);
    return;
  }
  const rootProblem = warnings.map((w) => parseUnparsable(w.message)).find((p) => p !== null);
  if (message.startsWith('failed to parse document') && rootProblem) {
    const found = rootProblem.tag ? `the root element is <${rootProblem.tag}>` : 'it has no root element';
    ctx.error({ elementId: null, position: rootProblem.position },
      `The resource is not a BPMN 2.0 document: ${found}, expected <definitions> in the namespace ${BPMN_NS}.`);
    return;
  }
  ctx.error({ elementId: null, position: rootProblem?.position ?? null }, `The resource is not a BPMN 2.0 document: ${message}.`);
}

function reportMalformed({ reason, position }: Unparsable, ctx: ValidationContext): void {
  const at = reason === 'unexpected end of file' ? ctx.positions.end : position;
  const where = at ? ` (line ${at.line}, column ${at.column})` : '';
  ctx.error({ elementId: null, position: at }, `The resource is not well-formed XML: ${reason}${where}.`);
}

function reportModelError({ tag, reason, position }: Unparsable, result: ModdleParseResult, ctx: ValidationContext): void {
  const here = position ? ctx.positions.elementAt(position) : { id: null, enclosingId: null };
  const duplicate = /^(duplicate|illegal) ID <(.*)>$/.exec(reason);
  if (duplicate) {
    const [, kind, id = ''] = duplicate;
    ctx.error({ elementId: id, position }, kind === 'duplicate'
      ? `Duplicate id '${id}': another element of this resource already has it.`
      : `Illegal id '${id}': an id must start with a letter or '_' and contain only letters, digits, '-', '_' and '.'.`);
    return;
  }
  const named = (id: string | null): string => {
    const element = id ? result.elementsById[id] : undefined;
    return element ? describe(element) : `'${id ?? 'definitions'}'`;
  };
  if (tag === null) {
    const ownerId = here.id ?? here.enclosingId;
    ctx.error({ elementId: ownerId, position }, `Text in ${named(ownerId)} is not allowed there (${reason}).`);
    return;
  }
  const self = here.id ? ` '${here.id}'` : '';
  const inside = here.enclosingId ? ` in ${named(here.enclosingId)}` : '';
  const why = /^(unknown type|unrecognized element|unexpected element)/.test(reason)
    ? 'is not part of BPMN 2.0 or of the Camunda 7 extensions, or is not allowed at this place'
    : `cannot be read (${reason})`;
  ctx.error({ elementId: here.id ?? here.enclosingId, position }, `Element <${tag}>${self}${inside} ${why}.`);
}

function reportWarning(warning: ModdleWarning, ctx: ValidationContext): void {
  const element = warning.element;
  const ownerId = nearestId(element);
  const unknownAttribute = /^unknown attribute <(.+)>$/.exec(warning.message);
  if (unknownAttribute && element) {
    const name = unknownAttribute[1] ?? '';
    const prefix = name.includes(':') ? name.slice(0, name.indexOf(':')) : element.$descriptor.ns.prefix;
    const where = { elementId: ownerId, attribute: name };
    if (prefix === 'bpmn' || prefix === 'camunda') {
      ctx.error(where, `Attribute ${name} is not supported on ${describe(element)}: it is not a BPMN 2.0 or Camunda 7 attribute of this element.`);
    } else {
      ctx.warning(where, `Attribute ${name} on ${describe(element)} is unknown and ignored.`);
    }
    return;
  }
  const unresolved = /^unresolved reference <(.*)>$/.exec(warning.message);
  if (unresolved && element) {
    const property = (warning.property ?? '').replace(/^bpmn:/, '');
    if (ownerId) ctx.unresolvedReferences.add(`${ownerId}|${property}`);
    const message = `${capitalize(describe(element))} refers to '${unresolved[1] ?? ''}' in ${property}, but no element has this id.`;
    if (element.$type.startsWith('bpmndi:')) ctx.warning({ elementId: ownerId }, message);
    else ctx.error({ elementId: ownerId, attribute: property }, message);
    return;
  }
  ctx.warning(ownerId, `The BPMN reader reported: ${warning.message}`);
}
