import { coerceToString, describeValue } from './coercion.js';
import type { ExpressionContext } from './context.js';
import { ExpressionEvaluationError } from './errors.js';
import { compileNode } from './evaluator.js';
import type { Evaluator } from './evaluator.js';
import { parseTemplate } from './parser.js';

/** A compiled expression or literal text from a BPMN attribute. */
export interface CompiledExpression {
  /** The original text. */
  readonly source: string;
  /** True when the text has no `${...}`/`#{...}` part; `evaluate` then returns the text (with `\${` unescaped). */
  readonly isLiteral: boolean;
  /** When the whole text is exactly one `${identifier}` (e.g. "${applicant}"), that identifier; else null. */
  readonly singleIdentifier: string | null;
  /** Top-level identifiers the expression reads (for diagnostics), in order of first appearance. */
  readonly identifiers: readonly string[];
  /** The value: the raw value for a text that is one `${...}`, else the parts concatenated as strings. */
  evaluate(context: ExpressionContext): unknown;
}

/**
 * Compiles a BPMN attribute text (literal text, `${...}`/`#{...}` or a mix) the way Camunda 7's JUEL reads it.
 * Throws ExpressionSyntaxError for invalid text and for JUEL constructs this engine does not support.
 */
export function compileExpression(text: string): CompiledExpression {
  const { parts, identifiers } = parseTemplate(text);
  const base = { source: text, identifiers: Object.freeze(identifiers) };
  const [first] = parts;
  if (parts.length === 1 && typeof first === 'string') {
    return { ...base, isLiteral: true, singleIdentifier: null, evaluate: () => first };
  }
  if (parts.length === 1 && first !== undefined && typeof first !== 'string') {
    const singleIdentifier = first.type === 'identifier' ? first.name : null;
    return { ...base, isLiteral: false, singleIdentifier, evaluate: compileNode(first) };
  }
  const pieces: ReadonlyArray<string | Evaluator> = parts.map((p) => (typeof p === 'string' ? p : compileNode(p)));
  const evaluate = (context: ExpressionContext): string => {
    let result = '';
    for (const piece of pieces) result += typeof piece === 'string' ? piece : coerceToString(piece(context));
    return result;
  };
  return { ...base, isLiteral: false, singleIdentifier: null, evaluate };
}

/**
 * Evaluates a condition (sequence-flow condition, conditional event) and requires a boolean result, as Camunda
 * does: the result is not coerced, so a string such as "true" is an error.
 */
export function evaluateCondition(expr: CompiledExpression, context: ExpressionContext): boolean {
  const result = expr.evaluate(context);
  if (typeof result === 'boolean') return result;
  throw new ExpressionEvaluationError(
    `condition expression returns non-Boolean: ${describeValue(result)} (in '${expr.source}')`, 'not-boolean');
}
