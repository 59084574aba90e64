/**
 * The OpenAPI description served at `/api/openapi.json` against the app itself: every registered `/api` route is
 * described and every described operation is registered, the document is valid OpenAPI 3.1, public operations are
 * exactly those the authentication lets through, the generated request schemas say what the zod schemas do, and
 * every JSON answer has a response schema.
 */
import { readFileSync } from 'node:fs';
import { validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { z } from 'zod';
import { PUBLIC_API_PATHS, PUBLIC_API_PREFIX } from '../../src/api/middleware/authenticate.js';
import { API_OPERATIONS } from '../../src/api/routes/openapi.routes.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is read as plain JSON
type JsonObject = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

describe('GET /api/openapi.json', () => {
  let server: LicensingServer;
  let document: JsonObject;

  beforeAll(async () => {
    server = await startLicensingServer();
    const response = await server.http.get('/api/openapi.json');
    expect(response.status).toBe(200);
    document = response.body as JsonObject;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  test('is served without a token as JSON, titled and versioned like the package', async () => {
    // when
    const response = await server.http.get('/api/openapi.json');

    // then
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    expect(response.body.openapi).toBe('3.1.0');
    expect(response.body.info).toMatchObject({ title: '保安服务监管信息系统 API', version: pkg.version });
    expect(response.body.servers).toEqual([{ url: '/', description: 'this server' }]);
  });

  test('is a valid OpenAPI 3.1 document', async () => {
    // when
    const result = await validate(structuredClone(document) as never);

    // then
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
  });

  test('gives every successful JSON answer a schema, which the tests then hold each answer to (API_RESPONSE_CHECK=strict)', () => {
    // when
    const withoutSchema = API_OPERATIONS.flatMap((op) => op.responses
      .filter((r) => [r.contentType ?? []].flat().includes('application/json') && !r.schema)
      .map((r) => `${op.method.toUpperCase()} ${op.path} ${r.status}`));

    // then
    expect(withoutSchema).toEqual([]);
  });

  test('describes every route the app registers', () => {
    // given
    const described = new Set(operationsOf(document));

    // when
    const undescribed = registeredRoutes(server).filter((route) => !described.has(route));

    // then
    expect(undescribed).toEqual([]);
  });

  test('describes no operation the app does not register', () => {
    // given
    const registered = new Set(registeredRoutes(server));

    // when
    const unrouted = operationsOf(document).filter((operation) => !registered.has(operation));

    // then
    expect(unrouted).toEqual([]);
  });

  test('marks public exactly the operations that need no token', () => {
    for (const [path, method, operation] of eachOperation(document)) {
      const publicPath = PUBLIC_API_PATHS.has(path) || path.startsWith(PUBLIC_API_PREFIX);
      const markedPublic = Array.isArray(operation.security) && operation.security.length === 0;
      expect({ operation: `${method.toUpperCase()} ${path}`, public: markedPublic }).toEqual({ operation: `${method.toUpperCase()} ${path}`, public: publicPath });
      if (!publicPath) expect(operation.responses['401']).toEqual({ $ref: '#/components/responses/Unauthenticated' });
    }
  });

  test('describes the error body the app answers with', async () => {
    // given
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const isError = ajv.compile(document.components.schemas.Error);
    const officer = await server.officer('openapi-reader', ['case-440100']);

    // when
    const unauthenticated = await server.http.get('/api/cases/00000000-0000-4000-8000-000000000000');
    const invalid = await server.http.get('/api/cases/not-a-uuid').set('Authorization', `Bearer ${officer.token}`);

    // then
    expect(unauthenticated.status).toBe(401);
    expect(invalid.status).toBe(400);
    for (const body of [unauthenticated.body, invalid.body]) {
      expect(isError(body) ? [] : isError.errors).toEqual([]);
    }
    expect(invalid.body.details.issues[0].path).toBe('id');
  });

  describe('request schemas', () => {
    test('require in bodies, parameters and form fields exactly what the zod schemas require', () => {
      for (const op of API_OPERATIONS) {
        const described = document.paths[op.path][op.method];
        const label = `${op.method.toUpperCase()} ${op.path}`;
        if (op.query) {
          const required = described.parameters.filter((p: JsonObject) => p.in === 'query' && p.required).map((p: JsonObject) => p.name);
          expect({ label, required: required.sort() }).toEqual({ label, required: missingFields(op.query) });
        }
        if (op.params) {
          const named = described.parameters.filter((p: JsonObject) => p.in === 'path').map((p: JsonObject) => p.name);
          expect({ label, path: named.sort() }).toEqual({ label, path: missingFields(op.params) });
        }
        const body = op.body;
        if (body && 'schema' in body && body.schema !== undefined) {
          const content = described.requestBody.content[Array.isArray(body.contentType) ? body.contentType[0] : (body.contentType as string)];
          const parts: z.ZodType[] = Array.isArray(body.schema) ? body.schema : [body.schema];
          const fromZod = [...new Set(parts.flatMap(missingFields))].sort();
          const files = 'files' in body ? body.files.filter((f) => f.required).map((f) => f.name) : [];
          const fields = 'fields' in body ? (body.fields ?? []).filter((f) => f.required).map((f) => f.name) : [];
          const required = ((content.schema.required ?? []) as string[]).filter((name) => !files.includes(name) && !fields.includes(name));
          expect({ label, required: [...required].sort() }).toEqual({ label, required: fromZod });
        }
      }
    });

    test('POST /api/auth/login requires the user name and the password', () => {
      const schema = document.paths['/api/auth/login'].post.requestBody.content['application/json'].schema;
      expect(schema.required).toEqual(['username', 'password']);
      expect(schema.properties.username).toMatchObject({ type: 'string', minLength: 1, maxLength: 64 });
    });

    test('GET /api/admin/audit shows the defaults, bounds and choices of its query', () => {
      const parameters = Object.fromEntries(document.paths['/api/admin/audit'].get.parameters.map((p: JsonObject) => [p.name, p]));
      expect(parameters.limit).toMatchObject({ in: 'query', required: false, schema: { type: 'integer', minimum: 1, default: 50 } });
      expect(parameters.order.schema).toMatchObject({ enum: ['asc', 'desc'], default: 'desc' });
      expect(parameters.from.schema).toMatchObject({ type: 'string', format: 'date-time' });
    });

    test('POST /api/tips takes the public report and its channel, and nothing else', () => {
      const schema = document.paths['/api/tips'].post.requestBody.content['application/json'].schema;
      expect(schema.properties.channel).toMatchObject({ enum: ['phone', 'window'] });
      expect(schema.required).toEqual(expect.arrayContaining(['channel', 'anonymous', 'regionCode']));
      expect(schema.properties.confidential).toMatchObject({ type: 'boolean', default: true });
      expect(schema.additionalProperties).toBe(false);
    });

    test('evidence is uploaded as multipart form fields with an optional file', () => {
      const schema = document.paths['/api/criminal-cases/{id}/evidence'].post.requestBody.content['multipart/form-data'].schema;
      expect(schema.properties.kind.enum).toContain('expert-opinion');
      expect(schema.properties.file).toMatchObject({ type: 'string', contentMediaType: 'application/octet-stream' });
      expect(schema.required).toEqual(['kind', 'title']);
    });

    test('file downloads and CSV uploads name their media types', () => {
      expect(Object.keys(document.paths['/api/official-documents/{id}'].get.responses['200'].content)).toEqual(['text/html', 'application/pdf']);
      expect(Object.keys(document.paths['/api/records/import'].post.requestBody.content)).toEqual(['text/csv', 'text/plain']);
      expect(Object.keys(document.paths['/api/process-models/{key}/versions/{version}/xml'].get.responses['200'].content)).toEqual(['application/xml']);
    });
  });
});

// helpers ////

/** `GET /api/cases/{id}` for each route of the app, `:id` written `{id}`, without a trailing slash. */
function registeredRoutes(server: LicensingServer): string[] {
  return [...new Set(server.routes.map((r) => `${r.method.toUpperCase()} ${openApiPath(r.path)}`))];
}

function openApiPath(koaPath: string): string {
  const path = koaPath.replace(/:(\w+)/g, '{$1}');
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}

function operationsOf(document: JsonObject): string[] {
  return eachOperation(document).map(([path, method]) => `${method.toUpperCase()} ${path}`);
}

function eachOperation(document: JsonObject): Array<[string, string, JsonObject]> {
  const operations: Array<[string, string, JsonObject]> = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, JsonObject>)) {
    for (const method of METHODS) if (item[method]) operations.push([path, method, item[method]]);
  }
  return operations;
}

/** The top-level fields zod reports missing when `schema` is given an empty object: the ones it requires. */
function missingFields(schema: z.ZodType): string[] {
  const result = schema.safeParse({});
  if (result.success) return [];
  // with an empty input, every top-level issue but a refinement's is about a field that is absent
  const missing = result.error.issues.filter((issue) => issue.path.length === 1 && issue.code !== 'custom');
  return [...new Set(missing.map((issue) => String(issue.path[0])))].sort();
}
