import type { Middleware, ParameterizedContext } from 'koa';
import { Readable } from 'node:stream';

/**
 * Sends `payload` as JSON with `status` and a `Content-Type` of exactly `application/json` (Koa's `ctx.type`
 * would add `; charset=utf-8`, which the Camunda external-task client does not accept).
 */
export function sendJson(ctx: ParameterizedContext<unknown>, status: number, payload: unknown): void {
  ctx.status = status;
  ctx.body = JSON.stringify(payload);
  ctx.set('Content-Type', 'application/json');
}

/**
 * Lets route handlers assign plain objects and arrays to `ctx.body`, and sends them as JSON with a
 * `Content-Type` of exactly `application/json`. Strings, buffers and streams pass through untouched.
 */
export function jsonResponse(): Middleware<unknown> {
  return async (ctx, next) => {
    await next();
    const body: unknown = ctx.body;
    if (body === null || typeof body !== 'object' || Buffer.isBuffer(body) || body instanceof Readable || body instanceof Uint8Array) return;
    if (isWebBody(body)) return;
    sendJson(ctx, ctx.status, body);
  };
}

// helpers ////

function isWebBody(body: object): boolean {
  return body instanceof Blob || body instanceof ReadableStream || body instanceof Response;
}
