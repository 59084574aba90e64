import { Router } from '@koa/router';
import type { AppState } from '../state.js';

/** Response body of `GET /api/health`. */
export interface HealthResponse {
  status: 'ok';
}

/** `GET /api/health`: liveness probe, no authentication. */
export function healthRoutes(): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  router.get('/health', (ctx) => {
    const response: HealthResponse = { status: 'ok' };
    ctx.body = response;
  });
  return router;
}
