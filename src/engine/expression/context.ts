import { unknownIdentifierError } from './errors.js';

/** Where an expression looks up the values of its identifiers (typically the variables of an execution scope). */
export interface ExpressionContext {
  /** Returns the value of a variable/identifier, or throws `unknownIdentifierError(name)` when there is none. */
  resolve(name: string): unknown;
  /** True when `resolve(name)` has a value (possibly null) to return. */
  has(name: string): boolean;
}

/** Builds a context from a plain record (for tests and simple callers); only own keys are visible. */
export function contextFromRecord(values: Record<string, unknown>): ExpressionContext {
  return {
    has: (name) => Object.hasOwn(values, name),
    resolve: (name) => {
      if (!Object.hasOwn(values, name)) throw unknownIdentifierError(name);
      return values[name];
    },
  };
}
