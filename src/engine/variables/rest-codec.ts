import { InvalidRequestException, ProcessEngineException } from '../errors.js';
import { formatEngineDate, parseEngineDate } from './engine-date.js';
import { isValueTypeName } from './typed-value.js';
import type { TypedValue, ValueTypeName, VariableMap } from './typed-value.js';

/** A variable as the REST API writes it. */
export interface RestVariable {
  type: string;
  value: unknown;
  valueInfo: Record<string, unknown>;
}

/** Options of the REST rendering; `deserializeValues` (default false) renders `application/json` Objects parsed. */
export interface RestRenderOptions {
  deserializeValues?: boolean;
}

/**
 * Converts one `{value, type, valueInfo}` received by the REST API into a typed value, with Camunda 7's rules
 * (untyped values inferred, first letter of `type` case-insensitive, numeric strings accepted for numbers, Json/Object
 * as serialized strings, File/Bytes as base64). Throws InvalidRequestException(400) naming the variable and the problem.
 */
export function fromRestValue(name: string, dto: unknown): TypedValue {
  if (!isRecord(dto)) throw invalid(name, 'a variable must be a JSON object {"value", "type", "valueInfo"}');
  const info = readValueInfo(name, dto.valueInfo);
  const base: Record<string, unknown> = readTransient(name, info) ? { transient: true } : {};
  const value = dto.value === undefined ? null : dto.value;
  const rawType = dto.type;
  if (rawType === null || rawType === undefined) return untyped(name, value, base);
  const type = typeof rawType === 'string' ? rawType.charAt(0).toLowerCase() + rawType.slice(1) : null;
  if (!isValueTypeName(type)) throw invalid(name, `Unsupported value type '${show(rawType)}'`);
  const result = (v: unknown, extra: Record<string, unknown> = {}): TypedValue =>
    ({ type, value: v, valueInfo: { ...extra, ...base } });

  switch (type) {
    case 'null':
      if (value !== null) throw invalid(name, `a value of type 'Null' must be null, got ${show(value)}`);
      return result(null);
    case 'json':
    case 'object':
      return readSerializable(name, type, value, info, result);
    case 'file':
      return readFile(name, value, info, result);
    default:
      return result(value === null ? null : readPrimitive(name, type, value));
  }
}

/**
 * Converts a REST variables map (`{name: {value, type, valueInfo}}`) into typed values; null/absent gives an empty
 * map. Throws InvalidRequestException(400) when it is not a JSON object or any variable is invalid.
 */
export function fromRestVariables(dtos: unknown): VariableMap {
  if (dtos === null || dtos === undefined) return {};
  if (!isRecord(dtos)) throw new InvalidRequestException(400, 'Variables must be a JSON object of {value, type, valueInfo}');
  const result: VariableMap = {};
  for (const [name, dto] of Object.entries(dtos)) setOwn(result, name, fromRestValue(name, dto));
  return result;
}

/**
 * Renders a typed value as the REST API returns it: type name with an upper-case first letter, dates in the engine
 * format, bytes as base64, files without their content, Json/Object as serialized text (application/json Objects
 * parsed when `deserializeValues` is set).
 */
export function toRestValue(v: TypedValue, options?: RestRenderOptions): RestVariable {
  const info: Record<string, unknown> = {};
  let value: unknown = v.value ?? null;
  switch (v.type) {
    case 'file':
      for (const key of FILE_INFO_KEYS) if (typeof v.valueInfo[key] === 'string') info[key] = v.valueInfo[key];
      value = null;
      break;
    case 'object':
      for (const key of OBJECT_INFO_KEYS) if (typeof v.valueInfo[key] === 'string') info[key] = v.valueInfo[key];
      if (options?.deserializeValues && value !== null && info.serializationDataFormat === 'application/json') {
        value = parseSerialized(value);
      }
      break;
    case 'date':
      if (value !== null && !(value instanceof Date)) throw new ProcessEngineException('A date variable holds a non-date value');
      value = value === null ? null : formatEngineDate(value);
      break;
    case 'bytes':
      value = value === null ? null : Buffer.from(value as Uint8Array).toString('base64');
      break;
    default:
      break;
  }
  if (v.valueInfo.transient === true) info.transient = true;
  return { type: restTypeName(v.type), value, valueInfo: info };
}

/** Renders a map of typed values for a REST response (see {@link toRestValue}). */
export function toRestVariables(vars: VariableMap, options?: RestRenderOptions): Record<string, RestVariable> {
  const result: Record<string, RestVariable> = {};
  for (const [name, v] of Object.entries(vars)) setOwn(result, name, toRestValue(v, options));
  return result;
}

/** The REST spelling of a type name: the engine name with an upper-case first letter (`String`, `Json`, …). */
export function restTypeName(type: ValueTypeName): string {
  return type.charAt(0).toUpperCase() + type.slice(1);
}

// helpers ////

const FILE_INFO_KEYS = ['filename', 'mimeType', 'encoding'] as const;
const OBJECT_INFO_KEYS = ['objectTypeName', 'serializationDataFormat'] as const;
const INT32 = 2 ** 31;
const JAVA_TYPES: Partial<Record<ValueTypeName, string>> = {
  string: 'java.lang.String', boolean: 'java.lang.Boolean', short: 'java.lang.Short', integer: 'java.lang.Integer',
  long: 'java.lang.Long', double: 'java.lang.Double', date: 'java.util.Date', bytes: 'byte[]',
};
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BASE64_TEXT = /^[A-Za-z0-9+/_-]*={0,2}$/;

type Build = (value: unknown, extra?: Record<string, unknown>) => TypedValue;

function invalid(name: string, problem: string): InvalidRequestException {
  return new InvalidRequestException(400, `Invalid variable '${name}': ${problem}`);
}

function cannotConvert(name: string, type: ValueTypeName, value: unknown): InvalidRequestException {
  const javaType = JAVA_TYPES[type] ?? type;
  return invalid(name, `Cannot convert value '${show(value)}' of type '${restTypeName(type)}' to java type ${javaType}`);
}

function untyped(name: string, value: unknown, base: Record<string, unknown>): TypedValue {
  const result = (type: ValueTypeName): TypedValue => ({ type, value, valueInfo: base });
  if (value === null) return result('null');
  if (typeof value === 'string') return result('string');
  if (typeof value === 'boolean') return result('boolean');
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return result('double');
    if (value >= -INT32 && value < INT32) return result('integer');
    return result(Number.isSafeInteger(value) ? 'long' : 'double');
  }
  throw invalid(name, "an object or array value needs a type: send it with type 'Json' and its JSON text as a string value");
}

function readPrimitive(name: string, type: ValueTypeName, value: unknown): unknown {
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      break;
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      break;
    case 'short':
      return readInteger(name, type, value, -(2 ** 15), 2 ** 15 - 1);
    case 'integer':
      return readInteger(name, type, value, -INT32, INT32 - 1);
    case 'long':
      return readInteger(name, type, value, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
    case 'double': {
      const n = typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value) : value;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      break;
    }
    case 'date': {
      const d = typeof value === 'string' ? parseEngineDate(value) : Number.isSafeInteger(value) ? new Date(value as number) : null;
      if (d) return d;
      break;
    }
    case 'bytes':
      return readBase64(name, type, value);
    default:
      break;
  }
  throw cannotConvert(name, type, value);
}

function readInteger(name: string, type: ValueTypeName, value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' && INTEGER_TEXT.test(value.trim()) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max) return n;
  throw cannotConvert(name, type, value);
}

function readSerializable(name: string, type: 'json' | 'object', value: unknown, info: Record<string, unknown>, result: Build): TypedValue {
  if (value !== null && typeof value !== 'string') {
    throw invalid(name, `Must provide 'null' or String value for value of SerializableValue type '${restTypeName(type)}'.`);
  }
  const extra: Record<string, unknown> = {};
  if (type === 'object') for (const key of OBJECT_INFO_KEYS) copyString(name, info, key, extra);
  const mustBeJson = type === 'json' || extra.serializationDataFormat === 'application/json';
  if (mustBeJson && value !== null) {
    try {
      JSON.parse(value);
    } catch {
      throw invalid(name, `the value of type '${restTypeName(type)}' is not valid JSON text: ${show(value)}`);
    }
  }
  return result(value, extra);
}

function readFile(name: string, value: unknown, info: Record<string, unknown>, result: Build): TypedValue {
  if (typeof info.filename !== 'string' || info.filename === '') {
    throw invalid(name, 'Cannot create file without filename! Please set a name into ValueInfo with key filename.');
  }
  const extra: Record<string, unknown> = {};
  for (const key of FILE_INFO_KEYS) copyString(name, info, key, extra);
  return result(value === null ? null : readBase64(name, 'file', value), extra);
}

function readBase64(name: string, type: ValueTypeName, value: unknown): Buffer {
  if (typeof value === 'string') {
    const text = value.replace(/\s+/g, '');
    if (BASE64_TEXT.test(text)) return Buffer.from(text, 'base64');
  }
  throw invalid(name, `the value of type '${restTypeName(type)}' must be a base64 string, got ${show(value)}`);
}

function readValueInfo(name: string, info: unknown): Record<string, unknown> {
  if (info === null || info === undefined) return {};
  if (!isRecord(info)) throw invalid(name, `valueInfo must be a JSON object, got ${show(info)}`);
  return info;
}

function readTransient(name: string, info: Record<string, unknown>): boolean {
  const t = info.transient;
  if (t === undefined || t === null) return false;
  if (typeof t !== 'boolean') throw invalid(name, "The property 'transient' should have a value of type 'boolean'.");
  return t;
}

function copyString(name: string, from: Record<string, unknown>, key: string, to: Record<string, unknown>): void {
  const v = from[key];
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') throw invalid(name, `valueInfo.${key} must be a string, got ${show(v)}`);
  to[key] = v;
}

function parseSerialized(value: unknown): unknown {
  try {
    return JSON.parse(String(value)) as unknown;
  } catch (e) {
    throw new ProcessEngineException('Cannot deserialize an Object variable: invalid JSON', { cause: e });
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Defines an own property, so that a variable named `__proto__` stays a variable. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
