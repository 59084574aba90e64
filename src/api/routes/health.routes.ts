import { Router } from '@koa/router';
import { z } from 'zod';
import type { ApiOperation } from '../openapi/api-operation.js';
import type { AppState } from '../state.js';

/** Response body of `GET /api/health`: always `{"status": "ok"}` while the process serves requests. */
export const HealthResponse = z.object({ status: z.literal('ok') });

/** Response body of `GET /api/health`. */
export type HealthResponse = z.output<typeof HealthResponse>;

/** `GET /api/health`: liveness probe, no authentication. */
export function healthRoutes(): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  router.get('/health', (ctx) => {
    const response: HealthResponse = { status: 'ok' };
    ctx.body = response;
  });
  return router;
}

/** The operation of {@link healthRoutes}, for the OpenAPI description. */
export const healthOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/health', tags: ['health'], security: 'public',
    summary: '运行状态 · Liveness probe',
    responses: [{ status: 200, description: '`{"status": "ok"}`', contentType: 'application/json', schema: HealthResponse }],
  },
];
