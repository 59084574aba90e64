import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from '../../logger.js';
import type { AppState } from '../state.js';

/** Name of the header that carries the request id, in both directions. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * Gives each request an id (the caller's `X-Request-Id` when it is a plausible id, else a new UUID), echoes it
 * in the response, binds it to a per-request logger on `ctx.state.log`, and logs each completed request.
 */
export function requestId(logger: Logger): Middleware<AppState> {
  return async (ctx, next) => {
    const incoming = ctx.get(REQUEST_ID_HEADER);
    const id = ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.state.log = logger.child({ requestId: id });
    ctx.set(REQUEST_ID_HEADER, id);
    const started = performance.now();
    try {
      await next();
    } finally {
      const meta = { method: ctx.method, path: ctx.path, status: ctx.status, durationMs: Math.round(performance.now() - started) };
      // Workers poll /engine-rest and probes hit /api/health continuously; keep those out of the default level.
      if (ctx.path.startsWith('/engine-rest') || ctx.path === '/api/health') ctx.state.log.debug('request completed', meta);
      else ctx.state.log.info('request completed', meta);
    }
  };
}

// helpers ////

const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;
