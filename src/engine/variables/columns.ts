import { ProcessEngineException } from '../errors.js';
import { isValueTypeName } from './typed-value.js';
import type { TypedValue, ValueTypeName } from './typed-value.js';

/** The value columns of a variable row (variable instances, history, task/external-task snapshots). */
export interface VariableColumns {
  type: ValueTypeName;
  textValue: string | null;
  text2Value: string | null;
  longValue: number | null;
  doubleValue: number | null;
  bytesValue: Buffer | null;
}

/**
 * The database columns for a typed value, when a variable is written. `transient` is not stored: the engine
 * decides not to persist transient values before it gets here.
 */
export function toColumns(v: TypedValue): VariableColumns {
  const c: VariableColumns = { type: v.type, textValue: null, text2Value: null, longValue: null, doubleValue: null, bytesValue: null };
  const value = v.value ?? null;
  switch (v.type) {
    case 'string':
    case 'json':
      c.textValue = toText(value);
      break;
    case 'object':
      c.textValue = toText(value);
      c.text2Value = infoJson(v, OBJECT_INFO_KEYS);
      break;
    case 'short':
    case 'integer':
    case 'long':
      c.longValue = value === null ? null : Number(value);
      break;
    case 'double':
      c.doubleValue = value === null ? null : Number(value);
      break;
    case 'boolean':
      c.longValue = value === null ? null : value === true ? 1 : 0;
      break;
    case 'date':
      c.longValue = value instanceof Date ? value.getTime() : null;
      break;
    case 'file':
      c.bytesValue = toBuffer(value);
      c.text2Value = infoJson(v, FILE_INFO_KEYS);
      break;
    case 'bytes':
      c.bytesValue = toBuffer(value);
      break;
    case 'null':
      break;
  }
  return c;
}

/**
 * The typed value stored in a variable row, when a variable is read. Accepts what database drivers hand back:
 * 64-bit integers as number, string or bigint, doubles as number or string, binary as Buffer or Uint8Array.
 * Throws ProcessEngineException for an unknown type or unreadable columns.
 */
export function fromColumns(c: VariableColumns): TypedValue {
  const type: unknown = c.type;
  if (!isValueTypeName(type)) throw new ProcessEngineException(`Unknown variable type '${String(type)}' in the database`);
  const result = (value: unknown, valueInfo: Record<string, unknown> = {}): TypedValue => ({ type, value, valueInfo });
  switch (type) {
    case 'string':
    case 'json':
      return result(c.textValue ?? null);
    case 'object':
      return result(c.textValue ?? null, readInfo(c.text2Value, OBJECT_INFO_KEYS));
    case 'short':
    case 'integer':
    case 'long':
      return result(toNumber(c.longValue));
    case 'double':
      return result(toNumber(c.doubleValue));
    case 'boolean': {
      const n = toNumber(c.longValue);
      return result(n === null ? null : n !== 0);
    }
    case 'date': {
      const n = toNumber(c.longValue);
      return result(n === null ? null : new Date(n));
    }
    case 'file':
      return result(c.bytesValue == null ? null : asBuffer(c.bytesValue), readInfo(c.text2Value, FILE_INFO_KEYS));
    case 'bytes':
      return result(c.bytesValue == null ? null : asBuffer(c.bytesValue));
    case 'null':
      return result(null);
  }
}

// helpers ////

const OBJECT_INFO_KEYS = ['objectTypeName', 'serializationDataFormat'] as const;
const FILE_INFO_KEYS = ['filename', 'mimeType', 'encoding'] as const;

function infoJson(v: TypedValue, keys: readonly string[]): string | null {
  const kept: Record<string, string> = {};
  for (const key of keys) {
    const value = v.valueInfo[key];
    if (typeof value === 'string') kept[key] = value;
  }
  return Object.keys(kept).length === 0 ? null : JSON.stringify(kept);
}

function readInfo(text: string | null, keys: readonly string[]): Record<string, unknown> {
  if (text == null || text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ProcessEngineException(`Unreadable variable value info in the database: ${text}`, { cause: e });
  }
  const info: Record<string, unknown> = {};
  if (typeof parsed !== 'object' || parsed === null) return info;
  for (const key of keys) {
    const value = (parsed as Record<string, unknown>)[key];
    if (typeof value === 'string') info[key] = value;
  }
  return info;
}

function toNumber(x: unknown): number | null {
  if (x === null || x === undefined) return null;
  const n = typeof x === 'number' || typeof x === 'string' || typeof x === 'bigint' ? Number(x) : NaN;
  if (Number.isNaN(n)) throw new ProcessEngineException(`Unreadable number in a variable row: ${typeof x} ${JSON.stringify(x)}`);
  return n;
}

function toText(value: unknown): string | null {
  if (value === null || typeof value === 'string') return value;
  throw new ProcessEngineException(`A text variable holds a non-string value of JS type ${typeof value}`);
}

function toBuffer(value: unknown): Buffer | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return asBuffer(value);
  throw new ProcessEngineException('A binary variable holds a non-binary value');
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
