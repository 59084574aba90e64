import { ProcessEngineException } from '../errors.js';

/** Every value type the engine knows, by its engine (lower-case) name; REST upper-cases the first letter. */
export const VALUE_TYPE_NAMES = [
  'string', 'boolean', 'short', 'integer', 'long', 'double', 'date', 'json', 'object', 'null', 'file', 'bytes',
] as const;

/** Engine name of a value type. */
export type ValueTypeName = (typeof VALUE_TYPE_NAMES)[number];

/**
 * An engine-side typed value. `value` is a string for string/json/object (json/object keep their serialized
 * text), a number for short/integer/long/double, a boolean, a Date for date, a Buffer for file/bytes, or null
 * (always for type null; for the other types a typed null). `valueInfo` holds only the keys that matter for
 * the type: `transient`, `objectTypeName`/`serializationDataFormat` (object), `filename`/`mimeType`/`encoding` (file).
 */
export interface TypedValue {
  type: ValueTypeName;
  value: unknown;
  valueInfo: Record<string, unknown>;
}

/** A variable as the REST API receives it: `{value, type, valueInfo}`. */
export interface VariableValueDto {
  type: string | null;
  value: unknown;
  valueInfo: Record<string, unknown> | null | undefined;
}

/** Variables by name. */
export type VariableMap = Record<string, TypedValue>;

/** True when `name` is an engine value type name (case-sensitive). */
export function isValueTypeName(name: unknown): name is ValueTypeName {
  return typeof name === 'string' && (VALUE_TYPE_NAMES as readonly string[]).includes(name);
}

/**
 * The plain JS value of a variable, for expression evaluation and scripts: strings, numbers, booleans, Dates and
 * null as they are; json parsed; object parsed when serialized as `application/json`, else its serialized text;
 * file/bytes as a Buffer.
 */
export function toJsValue(v: TypedValue): unknown {
  if (v.value === null || v.value === undefined) return null;
  switch (v.type) {
    case 'json':
      return parseStored(v);
    case 'object':
      return v.valueInfo.serializationDataFormat === 'application/json' ? parseStored(v) : v.value;
    default:
      return v.value;
  }
}

/**
 * The typed value for a plain JS value computed by an expression or by engine code, typed as Camunda's JUEL would:
 * integral numbers become `long`, other numbers `double`; strings, booleans, Dates, null/undefined, Buffers
 * (`bytes`) map to their own types; arrays and plain objects become `json`. Throws ProcessEngineException for
 * values that cannot be stored (functions, symbols, non-finite numbers, class instances such as Map).
 */
export function inferTypedValue(value: unknown): TypedValue {
  if (value === null || value === undefined) return typed('null', null);
  switch (typeof value) {
    case 'string':
      return typed('string', value);
    case 'boolean':
      return typed('boolean', value);
    case 'number':
      if (!Number.isFinite(value)) throw new ProcessEngineException(`Cannot store the number ${value} in a variable`);
      return typed(Number.isSafeInteger(value) ? 'long' : 'double', value);
    case 'bigint':
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new ProcessEngineException(`Cannot store the integer ${value} in a variable: out of the safe range`);
      }
      return typed('long', Number(value));
    case 'object':
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new ProcessEngineException('Cannot store an invalid date in a variable');
        return typed('date', new Date(value.getTime()));
      }
      if (value instanceof Uint8Array) return typed('bytes', Buffer.from(value));
      if (Array.isArray(value) || isPlainObject(value)) return typed('json', JSON.stringify(value));
      break;
    default:
      break;
  }
  throw new ProcessEngineException(`Cannot store a value of JS type '${describe(value)}' in a variable`);
}

// helpers ////

function typed(type: ValueTypeName, value: unknown): TypedValue {
  return { type, value, valueInfo: {} };
}

function parseStored(v: TypedValue): unknown {
  try {
    return JSON.parse(String(v.value)) as unknown;
  } catch (e) {
    throw new ProcessEngineException(`Cannot deserialize the ${v.type} value of a variable: invalid JSON`, { cause: e });
  }
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value !== 'object' || value === null) return typeof value;
  return (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
}
