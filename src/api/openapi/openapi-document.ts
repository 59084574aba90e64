import { z } from 'zod';
import type { ApiErrorStatus, ApiOperation, ApiRequestBody, ApiResponse } from './api-operation.js';

/** A JSON object: a Schema Object, an Operation Object, … */
export type JsonObject = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document that {@link buildOpenApiDocument} writes. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  servers: Array<{ url: string; description?: string }>;
  tags: Array<{ name: string; description?: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, Record<string, JsonObject>>;
  components: {
    securitySchemes: Record<string, JsonObject>;
    schemas: Record<string, JsonObject>;
    responses: Record<string, JsonObject>;
  };
}

/** What the document says about the API as a whole. */
export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
  /** One line per tag, shown as the tag's description; tags not listed appear without one. */
  tagDescriptions?: Readonly<Record<string, string>>;
}

/** Name of the bearer JWT security scheme in `components.securitySchemes`. */
export const BEARER_SCHEME = 'bearerAuth';

/** Name of the error body schema in `components.schemas`. */
export const ERROR_SCHEMA = 'Error';

/**
 * The JSON Schema (draft 2020-12, as OpenAPI 3.1 uses it) of what a zod schema accepts (`io: 'input'`, for
 * requests: defaults make a field optional, coerced and transformed fields show their input type) or produces
 * (`io: 'output'`, for responses). Parts JSON Schema cannot express (transform outputs, dates, custom checks)
 * become the empty schema `{}`, which allows any value; refinements are not shown.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const converted = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonObject;
  delete converted['$schema'];
  return converted;
}

/**
 * Builds the OpenAPI 3.1 document of `operations`: one path item per path, request parameters and bodies from the
 * operations' zod schemas, the error responses in the shape of `src/api/middleware/error-handler.ts`, and the
 * bearer JWT security scheme (operations marked `public` need no token). Throws when two operations share a
 * method and path, when two get the same `operationId`, or when a params schema names a parameter the path lacks.
 */
export function buildOpenApiDocument(operations: readonly ApiOperation[], info: OpenApiInfo): OpenApiDocument {
  const components = { securitySchemes: { [BEARER_SCHEME]: BEARER_SECURITY_SCHEME }, schemas: { [ERROR_SCHEMA]: ERROR_BODY_SCHEMA } as Record<string, JsonObject>, responses: {} as Record<string, JsonObject> };
  const paths: OpenApiDocument['paths'] = {};
  const operationIds = new Set<string>();
  const tags: string[] = [];

  for (const op of operations) {
    const label = `${op.method.toUpperCase()} ${op.path}`;
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`The operation ${label} is described twice`);
    const operationId = operationIdOf(op);
    if (operationIds.has(operationId)) throw new Error(`The operationId ${operationId} of ${label} is taken by another operation`);
    operationIds.add(operationId);
    for (const tag of op.tags) if (!tags.includes(tag)) tags.push(tag);

    const described: JsonObject = { operationId, summary: op.summary, tags: [...op.tags] };
    if (op.description) described['description'] = op.description;
    if (op.security === 'public') described['security'] = [];
    const parameters = parametersOf(op, components.schemas);
    if (parameters.length) described['parameters'] = parameters;
    if (op.body) described['requestBody'] = requestBodyOf(op.body, components.schemas);
    described['responses'] = responsesOf(op, components);
    item[op.method] = described;
  }

  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, ...(info.description ? { description: info.description } : {}) },
    servers: [{ url: '/', description: 'this server' }],
    tags: tags.map((name) => ({ name, ...(info.tagDescriptions?.[name] ? { description: info.tagDescriptions[name] } : {}) })),
    security: [{ [BEARER_SCHEME]: [] }],
    paths,
    components,
  };
}

/** The names of the parameters in an OpenAPI path template, e.g. `['id', 'documentId']` for `/api/applications/{id}/documents/{documentId}`. */
export function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
}

// helpers ////

const BEARER_SECURITY_SCHEME: JsonObject = {
  type: 'http',
  scheme: 'bearer',
  bearerFormat: 'JWT',
  description: '由 `POST /api/auth/login` 签发的令牌 · The token issued by `POST /api/auth/login`, sent as `Authorization: Bearer <token>`.',
};

/** The body of every `/api` error response (`ErrorBody` in `src/api/middleware/error-handler.ts`). */
const ERROR_BODY_SCHEMA: JsonObject = {
  type: 'object',
  description: '错误 · An error: a stable machine-readable code, a message, and for invalid input the offending fields.',
  properties: {
    code: { type: 'string', description: 'Stable error code (`src/errors.ts`), e.g. `VALIDATION_FAILED`, `FORBIDDEN`, `NOT_FOUND`.', examples: ['VALIDATION_FAILED'] },
    message: { type: 'string', description: 'Human-readable message; shown for errors of the caller, generic otherwise. May change.' },
    details: {
      type: 'object',
      description: 'Present for validation errors (`issues`) and other caller errors that carry details.',
      properties: {
        issues: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              path: { type: 'string', description: 'Dotted path of the offending field (`` for the input as a whole), e.g. `items.0.name`.' },
              message: { type: 'string' },
              code: { type: 'string', description: 'Machine-readable kind of the problem where the validator sets one, e.g. `required`.' },
            },
            required: ['path', 'message'],
          },
        },
      },
      additionalProperties: true,
    },
  },
  required: ['code', 'message'],
};

const ERROR_RESPONSES: Record<ApiErrorStatus, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: '请求无效 · Invalid input (`VALIDATION_FAILED` with `details.issues`, or `BAD_REQUEST`).' },
  401: { name: 'Unauthenticated', description: '未认证 · No valid bearer token (`UNAUTHENTICATED`).' },
  403: { name: 'Forbidden', description: '无权限 · The caller may not do this (`FORBIDDEN`).' },
  404: { name: 'NotFound', description: '不存在 · No such resource, or none the caller may see (`NOT_FOUND` or a more specific code).' },
  409: { name: 'Conflict', description: '冲突 · The request conflicts with the current state (`CONFLICT` or a more specific code).' },
  413: { name: 'PayloadTooLarge', description: '请求过大 · The body or file is too large (`PAYLOAD_TOO_LARGE`).' },
  415: { name: 'UnsupportedMediaType', description: '不支持的媒体类型 · The body is in a media type the operation does not take (`UNSUPPORTED_MEDIA_TYPE`).' },
  422: { name: 'BusinessRuleViolated', description: '违反业务规则 · The request breaks a business rule (`BUSINESS_RULE_VIOLATED` or a more specific code).' },
  429: { name: 'TooManyRequests', description: '请求过多 · Too many attempts; retry later.' },
  503: { name: 'ServiceUnavailable', description: '暂不可用 · A service the operation needs is unavailable; retry later (`SERVICE_UNAVAILABLE`).' },
};

type Components = OpenApiDocument['components'];

function operationIdOf(op: ApiOperation): string {
  const words = op.path
    .split('/')
    .filter((segment) => segment !== '' && segment !== 'api')
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      return param ? `By-${param[1] as string}` : segment;
    })
    .join('-')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return op.method + words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function parametersOf(op: ApiOperation, schemas: Record<string, JsonObject>): JsonObject[] {
  const parameters: JsonObject[] = [];
  const pathSchema = op.params ? objectSchemaOf(op.params, 'input', `path parameters of ${op.method.toUpperCase()} ${op.path}`, schemas) : null;
  const names = pathParameterNames(op.path);
  const stray = Object.keys(pathSchema?.properties ?? {}).filter((name) => !names.includes(name));
  if (stray.length) throw new Error(`The path ${op.path} of ${op.method.toUpperCase()} has no parameter ${stray.join(', ')} of its params schema`);
  for (const name of names) {
    const property = pathSchema?.properties[name] ?? { type: 'string' };
    parameters.push(parameter(name, 'path', true, property));
  }
  if (op.query) {
    const query = objectSchemaOf(op.query, 'input', `query of ${op.method.toUpperCase()} ${op.path}`, schemas);
    for (const [name, property] of Object.entries(query.properties)) parameters.push(parameter(name, 'query', query.required.includes(name), property));
  }
  for (const header of op.headers ?? []) {
    parameters.push({ name: header.name, in: 'header', required: header.required, description: header.description, schema: { type: 'string' } });
  }
  return parameters;
}

function parameter(name: string, location: 'path' | 'query', required: boolean, schema: JsonObject): JsonObject {
  const { description, ...rest } = schema;
  return { name, in: location, required, ...(typeof description === 'string' ? { description } : {}), schema: rest };
}

function requestBodyOf(body: ApiRequestBody, schemas: Record<string, JsonObject>): JsonObject {
  if ('files' in body) {
    const fields = body.schema ? objectSchemaOf(body.schema, 'input', 'form fields', schemas) : { properties: {}, required: [] as string[] };
    const properties: JsonObject = { ...fields.properties };
    const required = [...fields.required];
    for (const field of body.fields ?? []) {
      properties[field.name] = { type: 'string', description: field.description };
      if (field.required) required.push(field.name);
    }
    for (const file of body.files) {
      const binary = { type: 'string', contentMediaType: 'application/octet-stream' };
      properties[file.name] = file.multiple ? { type: 'array', items: binary, description: file.description } : { ...binary, description: file.description };
      if (file.required) required.push(file.name);
    }
    return { required: true, content: { [body.contentType]: { schema: { type: 'object', properties, ...(required.length ? { required } : {}) } } } };
  }
  if ('schema' in body) {
    const parts: readonly z.ZodType[] = Array.isArray(body.schema) ? body.schema : [body.schema as z.ZodType];
    const schema = parts.length === 1
      ? hoistDefs(jsonSchemaOf(parts[0] as z.ZodType, 'input'), schemas)
      : mergeObjects(parts.map((p) => objectSchemaOf(p, 'input', 'request body', schemas)));
    return { required: body.required ?? true, content: { [body.contentType]: { schema } } };
  }
  const types: readonly string[] = typeof body.contentType === 'string' ? [body.contentType] : body.contentType;
  return { required: true, description: body.description, content: Object.fromEntries(types.map((type) => [type, { schema: { type: 'string' } }])) };
}

function responsesOf(op: ApiOperation, components: Components): JsonObject {
  const responses: JsonObject = {};
  for (const response of op.responses) responses[String(response.status)] = successResponse(response, components.schemas);
  const errors = new Set<ApiErrorStatus>(op.errors ?? []);
  if (op.params || op.query || op.body || op.headers?.length) errors.add(400);
  if (op.security === 'bearer') errors.add(401);
  for (const status of [...errors].sort((a, b) => a - b)) {
    const { name, description } = ERROR_RESPONSES[status];
    components.responses[name] ??= { description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } } };
    responses[String(status)] = { $ref: `#/components/responses/${name}` };
  }
  return responses;
}

function successResponse(response: ApiResponse, schemas: Record<string, JsonObject>): JsonObject {
  if (response.contentType === undefined) return { description: response.description };
  const types = typeof response.contentType === 'string' ? [response.contentType] : response.contentType;
  const content: JsonObject = {};
  for (const type of types) {
    content[type] = response.schema && type === 'application/json' ? { schema: hoistDefs(jsonSchemaOf(response.schema, 'output'), schemas) } : {};
  }
  return { description: response.description, content };
}

interface ObjectSchema {
  properties: Record<string, JsonObject>;
  required: string[];
  closed: boolean;
}

/** The properties of a zod schema that describes an object (parameters, form fields, a body in parts). */
function objectSchemaOf(schema: z.ZodType, io: 'input' | 'output', what: string, schemas: Record<string, JsonObject>): ObjectSchema {
  const json = hoistDefs(jsonSchemaOf(schema, io), schemas);
  if (json['type'] !== 'object' || typeof json['properties'] !== 'object' || json['properties'] === null) {
    throw new Error(`The zod schema of the ${what} must describe an object with properties`);
  }
  return {
    properties: json['properties'] as Record<string, JsonObject>,
    required: Array.isArray(json['required']) ? (json['required'] as string[]) : [],
    closed: json['additionalProperties'] === false,
  };
}

/** One object with the properties of all `parts`; closed (no other properties) when any part is closed. */
function mergeObjects(parts: ObjectSchema[]): JsonObject {
  const properties: Record<string, JsonObject> = {};
  const required = new Set<string>();
  for (const part of parts) {
    Object.assign(properties, part.properties);
    for (const name of part.required) required.add(name);
  }
  const closed = parts.some((p) => p.closed);
  return { type: 'object', properties, ...(required.size ? { required: [...required] } : {}), ...(closed ? { additionalProperties: false } : {}) };
}

/**
 * Moves the `$defs` of a converted schema (schemas registered with an `id`, or recursive ones) into
 * `components.schemas` and points the references there, since a `#/$defs/…` reference inside an OpenAPI document
 * would resolve against the document's root.
 */
function hoistDefs(schema: JsonObject, schemas: Record<string, JsonObject>): JsonObject {
  const defs = schema['$defs'] as Record<string, JsonObject> | undefined;
  if (defs === undefined && !JSON.stringify(schema).includes('"$ref":"#')) return schema;
  const { $defs: _defs, ...rest } = schema;
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value === null || typeof value !== 'object') return value;
    const out: JsonObject = {};
    for (const [key, sub] of Object.entries(value as JsonObject)) {
      if (key === '$ref' && typeof sub === 'string' && sub.startsWith('#/$defs/')) out[key] = `#/components/schemas/${sub.slice('#/$defs/'.length)}`;
      else if (key === '$ref' && sub === '#') throw new Error('A recursive zod schema must be registered with an id (`.meta({ id })`) to be described');
      else out[key] = rewrite(sub);
    }
    return out;
  };
  for (const [name, def] of Object.entries(defs ?? {})) {
    const converted = rewrite(def) as JsonObject;
    const existing = schemas[name];
    if (existing && JSON.stringify(existing) !== JSON.stringify(converted)) throw new Error(`Two different zod schemas are registered with the id ${name}`);
    schemas[name] = converted;
  }
  return rewrite(rest) as JsonObject;
}
