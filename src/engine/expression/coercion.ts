import { ExpressionEvaluationError } from './errors.js';

/**
 * EL coercion to a number (EL 2.2 §1.18.3): null and "" are 0, numbers stay, numeric strings are parsed;
 * booleans, non-numeric strings and objects cannot be coerced.
 */
export function coerceToNumber(value: unknown): number {
  if (value === null || value === undefined || value === '') return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && NUMERIC.test(value)) return Number(value);
  throw coercionError(value, 'number');
}

/**
 * EL coercion to a boolean (EL 2.2 §1.18.5): null and "" are false, a string is true when it equals "true"
 * ignoring case (as Java's `Boolean.valueOf`); numbers and objects cannot be coerced.
 */
export function coerceToBoolean(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  throw coercionError(value, 'boolean');
}

/**
 * EL coercion to a string (EL 2.2 §1.18.2), for composite text: null is "", numbers and booleans are written out,
 * Dates as ISO-8601; arrays, objects and binary values cannot be coerced.
 */
export function coerceToString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  throw coercionError(value, 'string');
}

/** A short description of a value for error messages: `'text'`, `42`, `true`, `null`, `an array`, `a Date`… */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return `'${value.length > 40 ? `${value.slice(0, 40)}…` : value}'`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    case 'function':
      return 'a function';
    default:
      if (Array.isArray(value)) return 'an array';
      if (value instanceof Date) return 'a Date';
      if (value instanceof Map) return 'a Map';
      if (value instanceof Uint8Array) return 'binary data';
      return 'an object';
  }
}

// helpers ////

/** Decimal numbers as Java's Long.valueOf/Double.valueOf read them (no hex, no whitespace). */
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function coercionError(value: unknown, target: string): ExpressionEvaluationError {
  return new ExpressionEvaluationError(`Cannot coerce ${describeValue(value)} to ${target}`, 'coercion');
}
