import type { Middleware } from 'koa';
import getRawBody from 'raw-body';
import { ValidationError } from '../../errors.js';
import type { AppState } from '../state.js';
import { localize } from '../../language.js';

/** Options of {@link jsonBody}. */
export interface JsonBodyOptions {
  /** Largest accepted body, in bytes or as text such as `10mb`; `10mb` by default. */
  limit?: number | string;
}

/**
 * Parses JSON request bodies (`application/json` or `*+json`) into `ctx.request.body`. Requests without a body
 * leave it undefined; other media types are left unread for the route to handle (e.g. multipart uploads).
 * Malformed JSON is rejected with `ValidationError` (`VALIDATION_FAILED`, 400); an oversized body with 413.
 * Not for `/engine-rest`, whose handlers read their own bodies.
 */
export function jsonBody(options: JsonBodyOptions = {}): Middleware<AppState> {
  const limit = options.limit ?? '10mb';
  return async (ctx, next) => {
    if (ctx.request.is('application/json', '+json')) {
      const text = await getRawBody(ctx.req, { limit, length: ctx.get('Content-Length') || undefined, encoding: 'utf8' });
      if (text.trim() !== '') {
        try {
          ctx.request.body = JSON.parse(text) as unknown;
        } catch {
          throw new ValidationError(localize('Request body is not valid JSON', '提交的内容不是有效的 JSON'));
        }
      }
    }
    return next() as Promise<void>;
  };
}
