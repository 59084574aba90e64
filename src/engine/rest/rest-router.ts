import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Engine } from '../engine.js';
import { engineErrorHandler } from './http.js';
import { registerDeploymentRoutes } from './deployment.routes.js';
import { registerEngineRoutes } from './engine.routes.js';
import { registerExternalTaskRoutes } from './external-task.routes.js';
import { registerHistoryRoutes } from './history.routes.js';
import { registerIncidentRoutes } from './incident.routes.js';
import { registerMessageRoutes } from './message.routes.js';
import { registerSignalRoutes } from './signal.routes.js';
import { registerProcessDefinitionRoutes } from './process-definition.routes.js';
import { registerProcessInstanceRoutes } from './process-instance.routes.js';
import { registerTaskRoutes } from './task.routes.js';
import { registerJobRoutes } from './job.routes.js';
import { LongPollRegistry } from './long-poll.js';

/** The path prefix of the Camunda 7 REST API. */
export const ENGINE_REST_PREFIX = '/engine-rest';

/** What route modules receive. */
export interface RouteDeps {
  engine: Engine;
  /** Absolute base of links in responses, e.g. `http://host:8080/engine-rest`; derived per request when null. */
  prefix: string;
  longPoll: LongPollRegistry;
}

/** The embedded engine's REST API as one Koa middleware (answers only paths under `/engine-rest`). */
export interface EngineRest {
  middleware: Middleware;
  /** Answers every parked fetch-and-lock request (server shutdown). */
  close(): void;
}

/** Builds the `/engine-rest` middleware of the embedded engine. */
export function createEngineRest(engine: Engine, onUnexpected: (error: unknown) => void = () => undefined): EngineRest {
  const router = new Router({ prefix: ENGINE_REST_PREFIX });
  const longPoll = new LongPollRegistry(engine);
  const deps: RouteDeps = { engine, prefix: ENGINE_REST_PREFIX, longPoll };
  registerEngineRoutes(router, deps);
  registerDeploymentRoutes(router, deps);
  registerProcessDefinitionRoutes(router, deps);
  registerProcessInstanceRoutes(router, deps);
  registerTaskRoutes(router, deps);
  registerExternalTaskRoutes(router, deps);
  registerJobRoutes(router, deps);
  registerHistoryRoutes(router, deps);
  registerIncidentRoutes(router, deps);
  registerMessageRoutes(router, deps);
  registerSignalRoutes(router, deps);
  const routes = router.routes() as unknown as Middleware;
  const errors = engineErrorHandler(onUnexpected);
  const middleware: Middleware = async (ctx, next) => {
    if (ctx.path !== ENGINE_REST_PREFIX && !ctx.path.startsWith(`${ENGINE_REST_PREFIX}/`)) return next() as Promise<void>;
    await errors(ctx, async () => {
      await routes(ctx, () => Promise.resolve());
      if (ctx.status === 404 && ctx.body === undefined) {
        const { sendJson } = await import('./http.js');
        sendJson(ctx, 404, { type: 'NotFoundException', message: `No resource ${ctx.method} ${ctx.path}`, code: null });
      }
    });
  };
  return { middleware, close: () => longPoll.close() };
}

/** Absolute base URL for links (`http://host/engine-rest`). */
export function baseUrlOf(ctx: { origin: string }): string {
  return `${ctx.origin}${ENGINE_REST_PREFIX}`;
}
