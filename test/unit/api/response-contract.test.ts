import Koa from 'koa';
import { Router } from '@koa/router';
import request from 'supertest';
import { z } from 'zod';
import { errorHandler } from '../../../src/api/middleware/error-handler.js';
import { jsonResponse } from '../../../src/api/middleware/json-response.js';
import { requestId } from '../../../src/api/middleware/request-id.js';
import { responseContract, type ResponseCheckMode } from '../../../src/api/middleware/response-contract.js';
import type { ApiOperation } from '../../../src/api/openapi/api-operation.js';
import type { AppState } from '../../../src/api/state.js';
import { createLogger } from '../../../src/logger.js';
import { Writable } from 'node:stream';

const Permit = z.object({ number: z.string().regex(/^XK\d{4}$/), issuedAt: z.iso.datetime() });

const operations: ApiOperation[] = [
  { method: 'get', path: '/api/permits/{id}', tags: ['t'], security: 'bearer', summary: 's', responses: [{ status: 200, description: 'd', contentType: 'application/json', schema: Permit }] },
  { method: 'get', path: '/api/notes', tags: ['t'], security: 'bearer', summary: 's', responses: [{ status: 200, description: 'prose only', contentType: 'application/json' }] },
];

/** An app whose routes answer what the test puts in `answers`, checked in `mode`; its warnings land in `warnings`. */
function appWith(mode: ResponseCheckMode, answers: Record<string, unknown>, warnings: unknown[] = []) {
  const destination = new Writable({ write(chunk: Buffer, _e, done) { warnings.push(JSON.parse(chunk.toString())); done(); } });
  const app = new Koa<AppState>();
  app.use(requestId(createLogger('warn', { destination })));
  app.use(errorHandler());
  app.use(jsonResponse() as Koa.Middleware<AppState>);
  app.use(responseContract(operations, mode));
  const api = new Router<AppState>();
  const permits = new Router<AppState>({ prefix: '/api/permits' });
  permits.get('/:id', (ctx) => { ctx.body = answers[ctx.params['id'] as string]; });
  api.use(permits.routes());
  api.get('/api/notes', (ctx) => { ctx.body = { anything: 1 }; });
  app.use(api.routes() as Koa.Middleware<AppState>);
  return app.callback();
}

const good = { number: 'XK0001', issuedAt: new Date('2026-03-11T01:00:00Z') };
const bad = { number: 'permit one', issuedAt: 'yesterday' };

describe('checking /api answers against their documented schemas', () => {
  it('lets an answer that matches through, as serialised (a Date becomes its ISO string)', async () => {
    const res = await request(appWith('strict', { p1: good })).get('/api/permits/p1');

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ number: 'XK0001', issuedAt: '2026-03-11T01:00:00.000Z' });
  });

  it('answers 500 RESPONSE_CONTRACT_VIOLATED naming the operation and the fields in strict mode', async () => {
    const res = await request(appWith('strict', { p1: bad })).get('/api/permits/p1');

    expect(res.status).toBe(500);
    expect(res.body.code).toBe('RESPONSE_CONTRACT_VIOLATED');
    expect(res.body.message).toContain('GET /api/permits/:id 200');
    expect(res.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['number', 'issuedAt']);
  });

  it('sends the answer but logs a warning in log mode', async () => {
    const warnings: Array<Record<string, unknown>> = [];
    const res = await request(appWith('log', { p1: bad }, warnings)).get('/api/permits/p1');

    expect(res.status).toBe(200);
    expect(res.body).toEqual(bad);
    expect(warnings).toEqual([expect.objectContaining({ msg: 'answer does not match its documented schema', operation: 'GET /api/permits/:id 200' })]);
  });

  it('checks nothing when off, and nothing where the description has no schema', async () => {
    expect((await request(appWith('off', { p1: bad })).get('/api/permits/p1')).status).toBe(200);
    expect((await request(appWith('strict', {})).get('/api/notes')).status).toBe(200);
  });
});
