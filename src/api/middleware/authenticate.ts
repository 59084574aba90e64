import type { Middleware } from 'koa';
import type { TokenService } from '../../auth/tokens.js';
import type { IdentityService } from '../../identity/identity.service.js';
import { UnauthenticatedError } from '../../errors.js';
import type { AppState } from '../state.js';
import { localize } from '../../language.js';

/** Everything under this prefix is for the public and reachable without a token (tips, applicant accounts, verification). */
export const PUBLIC_API_PREFIX = '/api/public/';

/** `/api` paths reachable without a token. */
export const PUBLIC_API_PATHS: ReadonlySet<string> = new Set(['/api/auth/login', '/api/health', '/api/openapi.json', '/api/public/applicant-accounts', '/api/public/verify']);

/** Where {@link authenticate} reads an account's current state. */
export type AccountState = Pick<IdentityService, 'getUser' | 'groupIdsOf'>;

/**
 * Requires `Authorization: Bearer <jwt>` on every `/api` request except {@link PUBLIC_API_PATHS}, and puts the
 * caller on `ctx.state.principal`. With `accounts`, a token also stops working as soon as its account is disabled
 * or deleted, or its groups (and so its roles and jurisdiction) change: the holder logs in again. Throws
 * `UnauthenticatedError` (`UNAUTHENTICATED`, 401) otherwise.
 */
export function authenticate(tokens: Pick<TokenService, 'verify'>, accounts?: AccountState): Middleware<AppState> {
  return async (ctx, next) => {
    if (!isApiPath(ctx.path) || PUBLIC_API_PATHS.has(normalise(ctx.path)) || ctx.path.startsWith(PUBLIC_API_PREFIX)) return next() as Promise<void>;
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(ctx.get('Authorization'));
    if (!match) throw new UnauthenticatedError('UNAUTHENTICATED', localize('A bearer token is required', '请先登录'));
    const principal = tokens.verify(match[1] as string);
    if (accounts) {
      const stale = await staleness(accounts, principal);
      if (stale) throw new UnauthenticatedError('UNAUTHENTICATED', stale);
    }
    ctx.state.principal = principal;
    return next() as Promise<void>;
  };
}

/** Whether `path` belongs to the application API. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/**
 * Why a token's principal no longer stands for its account — the account is disabled or gone, or its groups changed
 * since the token was issued — or null when it still does.
 */
export async function staleness(accounts: AccountState, principal: { userId: string; groupIds: readonly string[] }): Promise<string | null> {
  const user = await accounts.getUser(principal.userId);
  if (!user || user.disabled) return localize('The account is disabled or no longer exists', '该账号已停用或已被删除');
  const current = await accounts.groupIdsOf(principal.userId);
  if (!sameGroups(current, principal.groupIds)) return localize('The account\'s groups have changed since this token was issued; log in again', '该账号的岗位权限已变更，请重新登录');
  return null;
}

// helpers ////

function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((g) => set.has(g));
}

function normalise(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
