/**
 * A safe subset of JUEL (the Unified Expression Language of Camunda 7) for BPMN attributes: literal text,
 * `${...}`/`#{...}` expressions and composite text, evaluated against variables without ever calling JS code.
 */
export { compileExpression, evaluateCondition } from './compile.js';
export type { CompiledExpression } from './compile.js';
export { contextFromRecord } from './context.js';
export type { ExpressionContext } from './context.js';
export { ExpressionSyntaxError, ExpressionEvaluationError, unknownIdentifierError } from './errors.js';
export type { EvaluationFailureReason } from './errors.js';
