import type { Context, Middleware } from 'koa';
import getRawBody from 'raw-body';
import { EngineException, InvalidRequestException, ParseException } from '../errors.js';
import type { Actor } from '../runtime/command-context.js';

/** Sends a JSON body with exactly `Content-Type: application/json` (no charset), as Camunda does. */
export function sendJson(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.body = JSON.stringify(body);
  ctx.set('Content-Type', 'application/json');
}

/** Answers 204 No Content. */
export function noContent(ctx: Context): void {
  ctx.status = 204;
  ctx.body = null;
}

/** Reads the request body as a JSON object (empty body → `{}`); malformed JSON → 400 InvalidRequestException. */
export async function readJson(ctx: Context): Promise<Record<string, unknown>> {
  const raw = await getRawBody(ctx.req, { limit: '50mb', encoding: 'utf8' });
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new InvalidRequestException(400, `Unexpected JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidRequestException(400, 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** The authenticated caller of an engine REST request. */
export function actorOf(ctx: Context): Actor {
  const user = (ctx.state as { engineUser?: { userId: string; groupIds: string[] } }).engineUser;
  return user ? { userId: user.userId, groupIds: user.groupIds } : { userId: null, groupIds: [] };
}

/**
 * Maps thrown errors to Camunda's error body `{type, message, code}` with its status; a `ParseException`
 * also carries `details`. Anything unexpected becomes a 500 `ProcessEngineException`.
 */
export function engineErrorHandler(onUnexpected: (error: unknown) => void): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (error instanceof EngineException) {
        const body: Record<string, unknown> = { type: error.type, message: error.message, code: error.code };
        if (error instanceof ParseException) body['details'] = error.details;
        sendJson(ctx, error.status, body);
        return;
      }
      const status = (error as { status?: number; expose?: boolean }).status;
      if (status && status >= 400 && status < 500) {
        sendJson(ctx, status, { type: 'InvalidRequestException', message: (error as Error).message, code: null });
        return;
      }
      onUnexpected(error);
      sendJson(ctx, 500, { type: 'ProcessEngineException', message: (error as Error).message ?? 'Internal error', code: 0 });
    }
  };
}
