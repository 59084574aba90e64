import type { Middleware } from 'koa';
import type { z } from 'zod';
import { ResponseContractError } from '../../errors.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import type { AppState } from '../state.js';

/** How `/api` treats an answer that does not match its documented schema (`API_RESPONSE_CHECK`). */
export const RESPONSE_CHECK_MODES = ['off', 'log', 'strict'] as const;

/** One of {@link RESPONSE_CHECK_MODES}. */
export type ResponseCheckMode = (typeof RESPONSE_CHECK_MODES)[number];

/** Where an answer differs from its schema: the JSON path and zod's message. */
export interface ResponseContractIssue {
  path: string;
  message: string;
}

/**
 * Checks each successful JSON answer of an `/api` route against the response schema its operation declares for
 * that status (see `ApiResponse.schema`), as the answer will be serialised. In `log` mode a mismatch is logged as a
 * warning and the answer goes out; in `strict` mode the answer is replaced by a 500 `RESPONSE_CONTRACT_VIOLATED`
 * naming the operation and the first mismatches, so that tests fail where the description and the code part.
 * Answers without a declared schema, errors and non-JSON bodies pass unchecked. Must run inside the router (it reads
 * the matched route) and before the body is serialised.
 */
export function responseContract(operations: readonly ApiOperation[], mode: ResponseCheckMode): Middleware<AppState> {
  const schemas = new Map<string, Map<number, z.ZodType>>();
  for (const op of operations) {
    const byStatus = new Map<number, z.ZodType>();
    for (const r of op.responses) if (r.schema) byStatus.set(r.status, r.schema);
    if (byStatus.size) schemas.set(`${op.method.toUpperCase()} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`, byStatus);
  }
  return async (ctx, next) => {
    await next();
    if (mode === 'off') return;
    const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute;
    const schema = route === undefined ? undefined : schemas.get(`${ctx.method === 'HEAD' ? 'GET' : ctx.method} ${route}`)?.get(ctx.status);
    const body: unknown = ctx.body;
    if (!schema || body === null || typeof body !== 'object' || Buffer.isBuffer(body) || typeof (body as { pipe?: unknown }).pipe === 'function') return;
    const result = schema.safeParse(JSON.parse(JSON.stringify(body)));
    if (result.success) return;
    const issues: ResponseContractIssue[] = result.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
    const where = `${ctx.method} ${route} ${ctx.status}`;
    ctx.state.log.warn('answer does not match its documented schema', { operation: where, issues });
    if (mode === 'strict') {
      throw new ResponseContractError('RESPONSE_CONTRACT_VIOLATED', `The answer of ${where} does not match its documented schema: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, { issues });
    }
  };
}
