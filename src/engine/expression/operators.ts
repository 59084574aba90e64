import { coerceToBoolean, coerceToNumber, describeValue } from './coercion.js';
import { ExpressionEvaluationError } from './errors.js';

/** `A + B`: numeric addition after coercion (EL never concatenates strings with `+`). */
export function add(a: unknown, b: unknown): number {
  return coerceToNumber(a) + coerceToNumber(b);
}

/** `A - B`. */
export function subtract(a: unknown, b: unknown): number {
  return coerceToNumber(a) - coerceToNumber(b);
}

/** `A * B`. */
export function multiply(a: unknown, b: unknown): number {
  return coerceToNumber(a) * coerceToNumber(b);
}

/** `A / B` and `A div B`: floating-point division (x/0 is ±Infinity); null / null is 0. */
export function divide(a: unknown, b: unknown): number {
  if (a == null && b == null) return 0;
  return coerceToNumber(a) / coerceToNumber(b);
}

/** `A % B` and `A mod B`; null % null is 0; an integer modulo 0 fails as Java's long arithmetic does. */
export function remainder(a: unknown, b: unknown): number {
  if (a == null && b == null) return 0;
  const x = coerceToNumber(a);
  const y = coerceToNumber(b);
  if (y === 0 && Number.isInteger(x)) throw new ExpressionEvaluationError('Division by zero', 'arithmetic');
  return x % y;
}

/** Unary `-A`; null is 0. */
export function negate(a: unknown): number {
  const n = coerceToNumber(a);
  return n === 0 ? 0 : -n;
}

/**
 * `A == B` (EL 2.2 §1.8.2): identical values are equal; null equals only null; with a number on either side both
 * are compared as numbers, else with a boolean as booleans, else with a string as strings (a string never equals
 * an object or a Date); two Dates compare by time; other values only by identity.
 */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return false;
  if (typeof a === 'number' || typeof b === 'number') return coerceToNumber(a) === coerceToNumber(b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return coerceToBoolean(a) === coerceToBoolean(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return false;
}

/** Relational operators `<`, `>`, `<=`, `>=` (and `lt gt le ge`). */
export type RelationalOperator = '<' | '>' | '<=' | '>=';

/**
 * `A < B` and friends (EL 2.2 §1.8.1): null on either side is false (but `null <= null` is true); numbers (and
 * numeric strings against numbers) compare numerically, strings by UTF-16 code units, Dates by time, booleans
 * with false < true; any other combination is an evaluation error.
 */
export function compareWith(op: RelationalOperator, a: unknown, b: unknown): boolean {
  if (a === b && (op === '<=' || op === '>=')) return true;
  if (a == null || b == null) return false;
  const x = comparable(a, b);
  const y = comparable(b, a);
  switch (op) {
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
  }
}

/** `empty A`: true for null, "", and empty arrays, Maps, Sets, binary values and plain objects. */
export function isEmpty(a: unknown): boolean {
  if (a == null) return true;
  if (typeof a === 'string' || Array.isArray(a) || a instanceof Uint8Array) return a.length === 0;
  if (a instanceof Map || a instanceof Set) return a.size === 0;
  if (typeof a === 'object' && isPlainObject(a)) return Object.keys(a).length === 0;
  return false;
}

/** True for objects created by literals or JSON.parse (prototype Object.prototype or null). */
export function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// helpers ////

/** The form in which `value` is compared with `other`: both numbers, both strings, or both Date times/booleans. */
function comparable(value: unknown, other: unknown): number | string {
  if (value instanceof Date && other instanceof Date) return value.getTime();
  if (typeof value === 'number' || typeof other === 'number') return coerceToNumber(value);
  if ((typeof value === 'string' || typeof other === 'string') && !(value instanceof Date || other instanceof Date)) {
    if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  } else if (typeof value === 'boolean' && typeof other === 'boolean') {
    return Number(value);
  }
  throw new ExpressionEvaluationError(`Cannot compare ${describeValue(value)} with ${describeValue(other)}`, 'coercion');
}
