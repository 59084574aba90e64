/**
 * Contract checks against the Camunda 7.23 OpenAPI description in `../shared/conformance/camunda7-openapi.json`.
 *
 * The document is OpenAPI 3.0.2, whose schema dialect is not JSON Schema: `nullable: true` has to become a union with
 * `null`, and `format: date-time` means Camunda's REST date format `yyyy-MM-dd'T'HH:mm:ss.SSSZ`
 * (e.g. `2026-01-25T13:33:42.165+0800`; a UTC `…Z` string as written by `Date.toISOString()` is a violation), not
 * RFC 3339. A bare `{type: object}` (how the generator writes Java `Object` fields such as a variable's `value`)
 * allows any JSON value, and a property given as a bare `$ref` (which OpenAPI 3.0 cannot mark nullable) may be `null`,
 * as Camunda writes absent DTO-valued properties. The schemas are converted once, registered with ajv as one document, and each response
 * schema is compiled on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/** The Camunda 7 REST contract: validates response bodies against the documented schemas. */
export interface CamundaContract {
  /** `info.version` of the OpenAPI document, e.g. `7.23.0`. */
  readonly version: string;
  /** Absolute path of the OpenAPI document that was loaded. */
  readonly file: string;
  /** True when the contract documents `status` for `method pathTemplate`. */
  hasResponse(method: string, pathTemplate: string, status: number): boolean;
  /**
   * Validates a response body against the schema documented for `method pathTemplate` (an OpenAPI path key such as
   * `/process-definition/{id}`; a leading `/engine-rest` is ignored) and `status`. Returns the violations, empty
   * when the body conforms. A documented response without content must have an empty body (`undefined`, `null`,
   * `''` or `{}`, which is what supertest reports for an empty body); a response documented only with non-JSON
   * content is not checked. Throws an `Error` naming the operation when the operation or status is not documented.
   */
  validateResponse(method: string, pathTemplate: string, status: number, body: unknown): string[];
}

/** Where the shared conformance material lives, relative to the project root. */
const CONFORMANCE_DIR = ['..', 'shared', 'conformance'];
const CONTRACT_FILE = 'camunda7-openapi.json';
const ABSENT_REASON = '../shared/conformance is absent: contract tests skipped';

/** The project root: this file lives in `<root>/test/helpers/`. */
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `ajv` id under which the converted components are registered. */
const DOCUMENT_ID = 'camunda7-openapi.json';

/** Camunda's REST date format: `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, the zone as `+HHmm`/`-HHmm` (never a literal `Z`). */
const CAMUNDA_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}[+-](\d{2})(\d{2})$/;

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

type JsonObject = Record<string, unknown>;

interface OpenApiResponse {
  content?: Record<string, { schema?: unknown }>;
}

interface OpenApiOperation {
  responses?: Record<string, OpenApiResponse>;
}

interface OpenApiDocument {
  info?: { version?: string };
  paths?: Record<string, Record<string, OpenApiOperation | undefined> | undefined>;
  components?: { schemas?: Record<string, unknown> };
}

let cached: { contract: CamundaContract | null } | undefined;

/**
 * Loads the Camunda 7 contract from `../shared/conformance/camunda7-openapi.json` (relative to the project root).
 * Returns `null` when that folder is absent. The result is cached for the test file.
 */
export function loadCamundaContract(): CamundaContract | null {
  if (cached) return cached.contract;
  const dir = resolve(PROJECT_ROOT, ...CONFORMANCE_DIR);
  const file = resolve(dir, CONTRACT_FILE);
  if (!existsSync(dir)) {
    cached = { contract: null };
    return null;
  }
  const document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  cached = { contract: createContract(document, file) };
  return cached.contract;
}

/**
 * A jest `describe` for contract tests. `fn` receives the loaded contract. When `../shared/conformance` is absent,
 * the block registers a single skipped test and prints a warning instead.
 */
export function describeContract(name: string, fn: (contract: CamundaContract) => void): void {
  const contract = loadCamundaContract();
  if (contract == null) {
    describe(name, () => {
      console.warn(`${name}: ${ABSENT_REASON}`);
      test.skip(ABSENT_REASON, () => undefined);
    });
    return;
  }
  describe(name, () => fn(contract));
}

function createContract(document: OpenApiDocument, file: string): CamundaContract {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  // ajv-formats is CommonJS; under NodeNext its default import is the module object.
  const addFormats = addFormatsModule.default;
  addFormats(ajv);
  ajv.addFormat('date-time', { type: 'string', validate: isCamundaDateTime });

  const schemas: JsonObject = {};
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    schemas[name] = toJsonSchema(schema);
  }
  ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });

  const validators = new Map<string, ValidateFunction | null>();

  const findResponse = (method: string, pathTemplate: string, status: number): OpenApiResponse | undefined => {
    const operation = findOperation(document, method, pathTemplate);
    return operation?.responses?.[String(status)];
  };

  return {
    version: document.info?.version ?? 'unknown',
    file,
    hasResponse(method, pathTemplate, status) {
      return findResponse(method, pathTemplate, status) !== undefined;
    },
    validateResponse(method, pathTemplate, status, body) {
      const label = `${method.toUpperCase()} ${normalisePath(pathTemplate)}`;
      const operation = findOperation(document, method, pathTemplate);
      if (!operation) throw new Error(`The Camunda contract has no operation ${label}`);
      const response = operation.responses?.[String(status)];
      if (!response) {
        const documented = Object.keys(operation.responses ?? {}).join(', ') || 'none';
        throw new Error(`The Camunda contract documents no status ${status} for ${label} (documented: ${documented})`);
      }
      if (!response.content || Object.keys(response.content).length === 0) {
        return isEmptyBody(body) ? [] : [`${label} ${status}: expected no body, got ${describeValue(body)}`];
      }
      const key = `${label} ${status}`;
      let validate = validators.get(key);
      if (validate === undefined) {
        const schema = response.content['application/json']?.schema;
        validate = schema === undefined ? null : ajv.compile(toJsonSchema(schema) as JsonObject);
        validators.set(key, validate);
      }
      if (validate === null) return [];
      if (validate(body)) return [];
      return relevantErrors(validate.errors ?? []).map(formatError);
    },
  };
}

function normalisePath(pathTemplate: string): string {
  const path = pathTemplate.replace(/^\/engine-rest(?=\/)/, '');
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function findOperation(document: OpenApiDocument, method: string, pathTemplate: string): OpenApiOperation | undefined {
  const verb = method.toLowerCase();
  if (!HTTP_METHODS.has(verb)) return undefined;
  return document.paths?.[normalisePath(pathTemplate)]?.[verb];
}

/**
 * Converts an OpenAPI 3.0 schema object to JSON Schema for ajv: `nullable` becomes a union with `null`, references
 * to `#/components/...` point into the registered document, and examples are dropped.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as JsonObject;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    switch (key) {
      case 'nullable':
      case 'example':
      case 'examples':
        break;
      case '$ref':
        out.$ref = typeof value === 'string' && value.startsWith('#/') ? `${DOCUMENT_ID}${value}` : value;
        break;
      case 'properties':
      case 'patternProperties':
      case 'definitions': {
        // maps from names to schemas: convert the values, keep the names
        const map: JsonObject = {};
        for (const [name, sub] of Object.entries((value ?? {}) as JsonObject)) {
          const converted = toJsonSchema(sub);
          // OpenAPI 3.0 cannot mark a `$ref` nullable, yet Camunda writes null DTO-valued properties as `null`.
          map[name] = key === 'properties' && isReference(sub) ? makeNullable(converted as JsonObject) : converted;
        }
        out[key] = map;
        break;
      }
      case 'enum':
      case 'required':
      case 'default':
        out[key] = value;
        break;
      default:
        out[key] = toJsonSchema(value);
    }
  }
  if (isUntypedJavaObject(out)) delete out.type;
  return source.nullable === true ? makeNullable(out) : out;
}

/**
 * The generator writes Java `Object` fields (variable `value`, form `fieldValue`, filter `query`) as a bare
 * `{type: object}`, although they hold any JSON value (strings, numbers, …). Such a schema allows any value here.
 */
function isUntypedJavaObject(schema: JsonObject): boolean {
  if (schema.type !== 'object') return false;
  const constraints = ['properties', 'additionalProperties', 'patternProperties', 'required', 'allOf', 'anyOf', 'oneOf'];
  return constraints.every((key) => !(key in schema));
}

function isReference(schema: unknown): boolean {
  return schema !== null && typeof schema === 'object' && '$ref' in schema;
}

function makeNullable(schema: JsonObject): JsonObject {
  const composite = '$ref' in schema || 'allOf' in schema || 'anyOf' in schema || 'oneOf' in schema || 'not' in schema;
  if (composite || schema.type === undefined) {
    if (!composite && Object.keys(schema).every((key) => key === 'description' || key === 'title')) {
      return schema; // no constraints at all: null is already allowed
    }
    return { anyOf: [{ type: 'null' }, schema] };
  }
  const types = Array.isArray(schema.type) ? (schema.type as unknown[]) : [schema.type];
  const result: JsonObject = { ...schema, type: types.includes('null') ? types : [...types, 'null'] };
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) result.enum = [...(schema.enum as unknown[]), null];
  return result;
}

function isCamundaDateTime(value: string): boolean {
  const match = CAMUNDA_DATE_TIME.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second, zoneHour, zoneMinute] = match.slice(1).map(Number) as [
    number, number, number, number, number, number, number, number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth &&
    hour <= 23 && minute <= 59 && second <= 59 && zoneHour <= 18 && zoneMinute <= 59
  );
}

function isEmptyBody(body: unknown): boolean {
  if (body === undefined || body === null || body === '') return true;
  if (Buffer.isBuffer(body)) return body.length === 0;
  return typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * Drops the noise of the `anyOf: [{type: null}, …]` wrappers this module adds: the failed null branch, and the
 * `anyOf` summary when the other branch reported what is wrong.
 */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const detailed = errors.filter((error) => !(error.keyword === 'type' && (error.params as { type?: unknown }).type === 'null'));
  return detailed.filter(
    (error) =>
      error.keyword !== 'anyOf' ||
      !detailed.some((other) => other !== error && other.keyword !== 'anyOf' && other.instancePath.startsWith(error.instancePath)),
  );
}

/** `/items/0/version: must be integer,null` — the property path first, so a violation names what is wrong. */
function formatError(error: ErrorObject): string {
  let path = error.instancePath || '(body)';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
    path = `${error.instancePath}/${params.missingProperty}`;
  } else if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
    path = `${error.instancePath}/${params.additionalProperty}`;
  }
  const detail = error.keyword === 'enum' && Array.isArray(params.allowedValues)
    ? ` (${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')})`
    : '';
  return `${path}: ${error.message ?? error.keyword}${detail}`;
}
