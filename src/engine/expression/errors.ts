/** Why an evaluation failed, so callers can word Camunda-like messages (e.g. "Unknown property used in expression"). */
export type EvaluationFailureReason =
  | 'unknown-identifier'
  | 'property-access'
  | 'coercion'
  | 'arithmetic'
  | 'not-boolean'
  | 'other';

/** The text is not valid JUEL, or uses a JUEL construct this engine refuses (reported at deploy time). */
export class ExpressionSyntaxError extends Error {
  constructor(
    /** What is wrong, without the position. */
    readonly problem: string,
    /** The whole text that was compiled. */
    readonly source: string,
    /** 1-based column in `source` where the problem was found. */
    readonly column: number,
  ) {
    super(`Error parsing '${source}' at column ${column}: ${problem}`);
    this.name = 'ExpressionSyntaxError';
  }
}

/** Evaluating a valid expression failed: an unknown identifier, a forbidden property access or a failed coercion. */
export class ExpressionEvaluationError extends Error {
  constructor(
    message: string,
    /** The kind of failure. */
    readonly reason: EvaluationFailureReason = 'other',
  ) {
    super(message);
    this.name = 'ExpressionEvaluationError';
  }
}

/** The error a context's `resolve` throws for a name it does not know (Camunda: "Cannot resolve identifier"). */
export function unknownIdentifierError(name: string): ExpressionEvaluationError {
  return new ExpressionEvaluationError(`Cannot resolve identifier '${name}'`, 'unknown-identifier');
}
