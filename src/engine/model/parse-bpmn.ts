import { ValidationContext } from './context.js';
import { indexPositions } from './positions.js';
import { readBpmnXml } from './read-xml.js';
import type { ParsedBpmn } from './types.js';
import { buildProcesses } from './validate-process.js';

/**
 * Parses and validates one BPMN resource (BPMN 2.0 XML in the Camunda 7 dialect). Never throws for bad input:
 * every XML error and every element, attribute or expression the embedded engine does not support is returned
 * in `errors`, each with its element id and, where known, line and column. Only processes with
 * `isExecutable="true"` become models (others, and a resource without any, give warnings). `processes` is empty
 * whenever `errors` is not: a resource with errors must not be deployed.
 */
export async function parseBpmn(xml: string): Promise<ParsedBpmn> {
  const source = typeof xml === 'string' ? xml : '';
  const ctx = new ValidationContext(indexPositions(source));
  try {
    const definitions = await readBpmnXml(source, ctx);
    const processes = definitions ? buildProcesses(definitions, ctx) : [];
    return { processes: ctx.errors.length === 0 ? processes : [], errors: ctx.errors, warnings: ctx.warnings };
  } catch (err) {
    ctx.error(null, `The BPMN resource could not be validated: ${err instanceof Error ? err.message : String(err)}`);
    return { processes: [], errors: ctx.errors, warnings: ctx.warnings };
  }
}
