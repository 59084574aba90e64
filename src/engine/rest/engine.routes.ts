import type Router from '@koa/router';
import { sendJson } from './http.js';
import type { RouteDeps } from './rest-router.js';

/** The Camunda REST version this engine imitates. */
export const REST_API_VERSION = '7.23.0';

/** `GET /version`, `GET /engine`. */
export function registerEngineRoutes(router: Router, { engine }: RouteDeps): void {
  router.get('/version', (ctx) => sendJson(ctx, 200, { version: REST_API_VERSION }));
  router.get('/engine', (ctx) => sendJson(ctx, 200, [{ name: engine.name }]));
}
