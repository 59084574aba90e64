import type { Middleware } from 'koa';
import type { TokenService, TokenSession } from '../../auth/tokens.js';
import type { IdentityService } from '../../identity/identity.service.js';
import { ForbiddenError, UnauthenticatedError } from '../../errors.js';
import type { AppState } from '../state.js';
import { localize } from '../../language.js';

/** Everything under this prefix is for the public and reachable without a token (tips, applicant accounts, verification). */
export const PUBLIC_API_PREFIX = '/api/public/';

/** `/api` paths reachable without a token. */
export const PUBLIC_API_PATHS: ReadonlySet<string> = new Set(['/api/auth/login', '/api/health', '/api/openapi.json', '/api/public/applicant-accounts', '/api/public/verify']);

/** What a user whose password an administrator chose may still do: change it, see who it is, log out. */
export const PASSWORD_CHANGE_PATHS: ReadonlySet<string> = new Set(['/api/auth/password', '/api/auth/me', '/api/auth/logout']);

/** Where {@link authenticate} reads an account's current state. */
export type AccountState = Pick<IdentityService, 'tokenStanding'>;

/**
 * Requires `Authorization: Bearer <jwt>` on every `/api` request except {@link PUBLIC_API_PATHS}, and puts the
 * caller on `ctx.state.principal` and its token's session on `ctx.state.session`. With `accounts`, a token also
 * stops working as soon as its account is disabled or deleted, its groups (and so its roles and jurisdiction)
 * change, its session is ended by a logout, or all the account's sessions are ended (a password change, a logout
 * everywhere): the holder logs in again. Throws `UnauthenticatedError` (`UNAUTHENTICATED`, 401) otherwise. A user
 * whose password an administrator chose reaches only {@link PASSWORD_CHANGE_PATHS} until it changes it: elsewhere
 * `ForbiddenError` (`PASSWORD_CHANGE_REQUIRED`, 403).
 */
export function authenticate(tokens: Pick<TokenService, 'verifySession'>, accounts?: AccountState): Middleware<AppState> {
  return async (ctx, next) => {
    if (!isApiPath(ctx.path) || PUBLIC_API_PATHS.has(normalise(ctx.path)) || ctx.path.startsWith(PUBLIC_API_PREFIX)) return next() as Promise<void>;
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(ctx.get('Authorization'));
    if (!match) throw new UnauthenticatedError('UNAUTHENTICATED', localize('A bearer token is required', '请先登录'));
    const { principal, session } = tokens.verifySession(match[1] as string);
    if (accounts) {
      const { stale, passwordChangeRequired } = await checkToken(accounts, principal, session);
      if (stale) throw new UnauthenticatedError('UNAUTHENTICATED', stale);
      if (passwordChangeRequired && !PASSWORD_CHANGE_PATHS.has(normalise(ctx.path))) throw passwordChangeRequiredError();
    }
    ctx.state.principal = principal;
    ctx.state.session = session;
    return next() as Promise<void>;
  };
}

/** Whether `path` belongs to the application API. */
export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** What {@link checkToken} finds: why the token no longer works (null when it does), and whether its user must change its password first. */
export interface TokenCheck {
  stale: string | null;
  passwordChangeRequired: boolean;
}

/**
 * Checks a token against its account: it is stale when the account is disabled or gone, its groups changed since the
 * token was issued, the token's session was ended by a logout, or all the account's sessions were ended.
 */
export async function checkToken(accounts: AccountState, principal: { userId: string; groupIds: readonly string[] }, session: TokenSession): Promise<TokenCheck> {
  const standing = await accounts.tokenStanding(principal.userId, session.tokenId);
  const stale = (text: string): TokenCheck => ({ stale: text, passwordChangeRequired: false });
  if (!standing || standing.disabled) return stale(localize('The account is disabled or no longer exists', '该账号已停用或已被删除'));
  if (standing.revoked) return stale(localize('This session has been logged out', '该会话已退出登录，请重新登录'));
  if (session.generation !== standing.tokenGeneration) return stale(localize('The account\'s password was changed or its sessions were ended; log in again', '该账号的密码已修改或已在各处退出登录，请重新登录'));
  if (!sameGroups(standing.groupIds, principal.groupIds)) return stale(localize('The account\'s groups have changed since this token was issued; log in again', '该账号的岗位权限已变更，请重新登录'));
  return { stale: null, passwordChangeRequired: standing.passwordChangeRequired };
}

/** The refusal of a request by a user who must change the password an administrator chose first. */
export function passwordChangeRequiredError(): ForbiddenError {
  return new ForbiddenError('PASSWORD_CHANGE_REQUIRED', localize('The password was set by an administrator: change it first (PUT /api/auth/password)', '当前密码由管理员设置，请先修改密码'));
}

// helpers ////

function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((g) => set.has(g));
}

function normalise(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}
