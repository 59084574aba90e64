import { createHash } from 'node:crypto';
import type { Middleware, ParameterizedContext } from 'koa';
import type { EnginePrincipal, Principal, TokenService } from '../../auth/tokens.js';
import type { IdentityService } from '../../identity/identity.service.js';
import type { AppState } from '../state.js';
import { checkToken, type AccountState } from './authenticate.js';

/** Path prefix of the Camunda 7 REST API served by the embedded engine. */
export const ENGINE_REST_PREFIX = '/engine-rest';

/** Options of {@link engineAuth}. */
export interface EngineAuthOptions {
  identity: Pick<IdentityService, 'verifyPassword'>;
  tokens: Pick<TokenService, 'verifyForEngine'>;
  /** How long a successful Basic verification is remembered, in milliseconds; 60 s by default. */
  cacheTtlMs?: number;
  /** Most Basic verifications remembered at once; 1000 by default. */
  cacheSize?: number;
  /** Current time in milliseconds since the epoch; `Date.now` by default. */
  clock?: () => number;
  /**
   * Callers who are authenticated but may not use the engine API themselves (e.g. officers and applicants, who work
   * through `/api`); none by default. The application's delegation tokens for such callers are always admitted.
   */
  forbidden?: (principal: Principal) => boolean;
  /**
   * Where a Bearer token's account is checked on every request: a token stops working as soon as its account is
   * disabled or deleted or its groups change, its session is ended by a logout, or the account's sessions are ended. The application's own delegation tokens are not checked again (`/api`
   * checked the caller when it made them, for five minutes).
   */
  accounts?: AccountState;
}

/** Whether `path` belongs to the engine's REST API. */
export function isEngineRestPath(path: string): boolean {
  return path === ENGINE_REST_PREFIX || path.startsWith(`${ENGINE_REST_PREFIX}/`);
}

/**
 * Authenticates `/engine-rest` requests the way Camunda 7's `ProcessEngineAuthenticationFilter` does:
 * `Authorization: Basic` checked against the identity store, or `Authorization: Bearer` with one of our JWTs.
 * Only `/engine-rest/engine` (the engine list) is open. Failures get 401 with `WWW-Authenticate: Basic
 * realm="default"` and an empty body; on success `ctx.state.engineUser` holds the caller. Successful Basic
 * checks are remembered for a minute so that bcrypt does not run on every worker poll (a disabled account's password
 * therefore still opens the engine for up to that minute); Bearer tokens are checked against `accounts` each time.
 */
export function engineAuth(options: EngineAuthOptions): Middleware<AppState> {
  const ttl = options.cacheTtlMs ?? 60_000;
  const maxEntries = options.cacheSize ?? 1000;
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, { principal: Principal; expiresAt: number }>();
  /** Users remembered by the Basic cache whose password an administrator chose. */
  const mustChange = new Set<string>();

  const verifyBasic = async (header: string, encoded: string): Promise<Principal | null> => {
    const key = createHash('sha256').update(header).digest('hex');
    const now = clock();
    const hit = cache.get(key);
    if (hit && hit.expiresAt > now) return hit.principal;
    if (hit) cache.delete(key);

    const credentials = decodeBasic(encoded);
    if (!credentials) return null;
    const user = await options.identity.verifyPassword(credentials.user, credentials.password);
    if (!user) return null;
    const principal: Principal = { userId: user.id, groupIds: user.groupIds };
    if (user.passwordChangeRequired) mustChange.add(user.id);
    else mustChange.delete(user.id);
    if (cache.size >= maxEntries) evict(cache, now, maxEntries);
    cache.set(key, { principal, expiresAt: now + ttl });
    return principal;
  };

  return async (ctx, next) => {
    if (!isEngineRestPath(ctx.path) || isOpenPath(ctx.path)) return next() as Promise<void>;

    const header = ctx.get('Authorization');
    const match = /^(Basic|Bearer)[ ]+(\S+)\s*$/i.exec(header);
    let principal: Principal | null = null;
    let delegated = false;
    let passwordChangeRequired = false;
    if (match) {
      const scheme = (match[1] as string).toLowerCase();
      const value = match[2] as string;
      if (scheme === 'basic') {
        principal = await verifyBasic(header, value);
        passwordChangeRequired = principal !== null && mustChange.has(principal.userId);
      } else {
        const verified = verifyBearer(options.tokens, value);
        principal = verified?.principal ?? null;
        delegated = verified?.delegated ?? false;
        if (verified && principal && !delegated && options.accounts) {
          const { stale, passwordChangeRequired: mustChangeFirst } = await checkToken(options.accounts, principal, verified.session);
          passwordChangeRequired = mustChangeFirst;
          if (stale) {
            ctx.state.log.debug('engine request with a stale token', { userId: principal.userId, reason: stale });
            principal = null;
          }
        }
      }
    }
    if (!principal) {
      ctx.state.log.debug('engine request not authenticated', { scheme: match?.[1] ?? null });
      return challenge(ctx);
    }
    if (passwordChangeRequired) {
      ctx.status = 403;
      ctx.type = 'application/json';
      ctx.body = { type: 'AuthorizationException', message: `The password of user '${principal.userId}' was set by an administrator: change it first (PUT /api/auth/password).`, code: null };
      return;
    }
    if (!delegated && options.forbidden?.(principal)) {
      ctx.status = 403;
      ctx.type = 'application/json';
      ctx.body = { type: 'AuthorizationException', message: `The user with id '${principal.userId}' may not use the engine REST API; officers work through /api.`, code: null };
      return;
    }
    ctx.state.engineUser = principal;
    return next() as Promise<void>;
  };
}

// helpers ////

/** Camunda's `WHITE_LISTED_URL_PATTERNS`: only the engine list. */
function isOpenPath(path: string): boolean {
  return path === `${ENGINE_REST_PREFIX}/engine` || path === `${ENGINE_REST_PREFIX}/engine/`;
}

function decodeBasic(encoded: string): { user: string; password: string } | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

function verifyBearer(tokens: Pick<TokenService, 'verifyForEngine'>, token: string): EnginePrincipal | null {
  try {
    return tokens.verifyForEngine(token);
  } catch {
    return null;
  }
}

function challenge(ctx: ParameterizedContext<AppState>): void {
  ctx.body = null;
  ctx.status = 401;
  ctx.set('WWW-Authenticate', 'Basic realm="default"');
}

/** Drops expired entries, then the oldest ones, until there is room for one more. */
function evict(cache: Map<string, { expiresAt: number }>, now: number, maxEntries: number): void {
  for (const [key, entry] of cache) if (entry.expiresAt <= now) cache.delete(key);
  for (const key of cache.keys()) {
    if (cache.size < maxEntries) break;
    cache.delete(key);
  }
}
