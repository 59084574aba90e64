import type { Middleware } from 'koa';
import type { TokenService } from '../../auth/tokens.js';
import { UnauthenticatedError } from '../../errors.js';
import type { AppState } from '../state.js';

/** Everything under this prefix is for the public and reachable without a token (tips, applicant accounts, verification). */
export const PUBLIC_API_PREFIX = '/api/public/';

/** `/api` paths reachable without a token. */
export const PUBLIC_API_PATHS: ReadonlySet<string> = new Set(['/api/auth/login', '/api/health', '/api/openapi.json', '/api/public/applicant-accounts', '/api/public/verify']);

/**
 * Requires `Authorization: Bearer <jwt>` on every `/api` request except {@link PUBLIC_API_PATHS}, and puts the
 * caller on `ctx.state.principal`. Throws `UnauthenticatedError` (`UNAUTHENTICATED`, 401) otherwise.
 */
export function authenticate(tokens: Pick<TokenService, 'verify'>): Middleware<AppState> {
  return async (ctx, next) => {
    if (!isApiPath(ctx.path) || PUBLIC_API_PATHS.has(normalise(ctx.path)) || ctx.path.startsWith(PUBLIC_API_PREFIX)) return next() as Promise<void>;
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(ctx.get('Authorization'));
    if (!match) throw new UnauthenticatedError('UNAUTHENTICATED', 'A bearer token is required');
    ctx.state.principal = tokens.verify(match[1] as string);
    return next() as Promise<void>;
  };
}

/** Whether `path` belongs to the application API. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

// helpers ////

function normalise(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
