import { InvalidRequestException } from '../errors.js';
import { parseEngineDate } from './engine-date.js';
import type { TypedValue } from './typed-value.js';

/** The comparison operators of Camunda's variable filters. */
export const VARIABLE_FILTER_OPERATORS = ['eq', 'neq', 'gt', 'gteq', 'lt', 'lteq', 'like', 'notLike'] as const;

/** A comparison operator of a variable filter. */
export type VariableFilterOperator = (typeof VARIABLE_FILTER_OPERATORS)[number];

/**
 * One variable condition of a query (`variables`, `processVariables`, `taskVariables`…). `text` is set by
 * {@link parseVariableFilterParam} to the value exactly as written in the URL, so that a string variable can still be
 * compared with a value that was read as a number or boolean (e.g. `code_eq_007`).
 */
export interface VariableFilter {
  name: string;
  operator: VariableFilterOperator;
  value: unknown;
  text?: string;
}

/** Options of {@link matchesFilter}: `valuesIgnoreCase` as the `variableValuesIgnoreCase` query parameter. */
export interface FilterMatchOptions {
  valuesIgnoreCase?: boolean;
}

/**
 * Reads a GET query parameter of variable conditions, `name_op_value` joined by commas (e.g. `amount_gt_5,city_eq_Xian`).
 * Values are read as a number, then as `true`/`false`, else as a string. A name or value containing `_` is accepted
 * when the operator is still unambiguous (the first operator token wins). An empty parameter gives no conditions.
 * Throws InvalidRequestException(400) for a malformed expression or an unknown operator.
 */
export function parseVariableFilterParam(param: string): VariableFilter[] {
  if (typeof param !== 'string' || param.trim() === '') return [];
  return param.split(',').map((expression) => {
    const parts = expression.split('_');
    const at = parts.length === 3 ? 1 : parts.findIndex((p, i) => i > 0 && i < parts.length - 1 && isOperator(p));
    if (at < 1 || parts.length < 3) {
      throw new InvalidRequestException(400, `variable query parameter has to have format KEY_OPERATOR_VALUE: '${expression}'`);
    }
    const name = parts.slice(0, at).join('_');
    const operator = parts[at] ?? '';
    const text = parts.slice(at + 1).join('_');
    if (name === '') throw new InvalidRequestException(400, `variable query parameter has an empty name: '${expression}'`);
    if (!isOperator(operator)) throw new InvalidRequestException(400, `Invalid variable comparator specified: ${operator}`);
    return { name, operator, value: readParamValue(text), text };
  });
}

/**
 * Reads variable conditions from a POST query body: `[{name, operator, value}]` with a scalar JSON value;
 * null/absent gives no conditions. Throws InvalidRequestException(400) for anything else.
 */
export function parseVariableFilterList(list: unknown): VariableFilter[] {
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) throw new InvalidRequestException(400, 'Variable conditions must be a JSON array of {name, operator, value}');
  return list.map((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new InvalidRequestException(400, `Variable condition #${i} must be a JSON object {name, operator, value}`);
    }
    const { name, operator, value } = item as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') {
      throw new InvalidRequestException(400, `Variable condition #${i} needs a non-empty string 'name'`);
    }
    if (!isOperator(operator)) throw new InvalidRequestException(400, `Invalid variable comparator specified: ${String(operator)}`);
    if (value !== null && value !== undefined && typeof value === 'object') {
      throw new InvalidRequestException(400, `Variable condition '${name}' needs a string, number, boolean or null value`);
    }
    return { name, operator, value: value ?? null };
  });
}

/**
 * True when a variable satisfies a condition; used by the engine for variable-filtered queries. Numbers compare
 * numerically (any numeric type), dates by time (the condition given as a Date or an engine-format date string),
 * strings by code units, `like`/`notLike` with `%` (any text) and `_` (one character) on strings only, booleans
 * with eq/neq only. A missing variable, a type mismatch or an operator that does not apply is a non-match.
 * A null condition value matches null variables with `eq` and non-null ones with `neq`.
 */
export function matchesFilter(v: TypedValue | undefined, f: VariableFilter, options?: FilterMatchOptions): boolean {
  if (!v) return false;
  const actual = v.value ?? null;
  const wanted = f.value ?? null;
  if (wanted === null) return f.operator === 'eq' ? actual === null : f.operator === 'neq' && actual !== null;
  if (actual === null) return false;
  switch (v.type) {
    case 'string': {
      const text = typeof wanted === 'string' ? wanted : f.text;
      return text !== undefined && typeof actual === 'string' && compareText(actual, text, f.operator, options?.valuesIgnoreCase === true);
    }
    case 'short':
    case 'integer':
    case 'long':
    case 'double':
      return typeof wanted === 'number' && typeof actual === 'number' && compare(actual, wanted, f.operator);
    case 'boolean':
      return typeof wanted === 'boolean' && typeof actual === 'boolean' && (f.operator === 'eq' || f.operator === 'neq') && compare(actual, wanted, f.operator);
    case 'date': {
      const date = wanted instanceof Date ? wanted : typeof wanted === 'string' ? parseEngineDate(wanted) : null;
      return date !== null && actual instanceof Date && compare(actual.getTime(), date.getTime(), f.operator);
    }
    default:
      return false;
  }
}

// helpers ////

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function isOperator(op: unknown): op is VariableFilterOperator {
  return typeof op === 'string' && (VARIABLE_FILTER_OPERATORS as readonly string[]).includes(op);
}

function readParamValue(text: string): unknown {
  if (NUMBER_TEXT.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function compareText(actual: string, wanted: string, op: VariableFilterOperator, ignoreCase: boolean): boolean {
  const a = ignoreCase ? actual.toLowerCase() : actual;
  const w = ignoreCase ? wanted.toLowerCase() : wanted;
  if (op === 'like') return likePattern(w).test(a);
  if (op === 'notLike') return !likePattern(w).test(a);
  return compare(a, w, op);
}

function compare<T extends number | string | boolean>(a: T, b: T, op: VariableFilterOperator): boolean {
  switch (op) {
    case 'eq': return a === b;
    case 'neq': return a !== b;
    case 'gt': return a > b;
    case 'gteq': return a >= b;
    case 'lt': return a < b;
    case 'lteq': return a <= b;
    default: return false;
  }
}

/** SQL LIKE as Camunda passes it to the database: `%` any text, `_` one character, `\` escapes the next one. */
function likePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern.charAt(++i));
    else if (ch === '%') source += '.*';
    else if (ch === '_') source += '.';
    else source += escapeRegExp(ch);
  }
  return new RegExp(`^${source}$`, 'su');
}

function escapeRegExp(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
