import { Router } from '@koa/router';
import { z } from 'zod';
import { auditContextOf } from '../../audit/audit-context.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { LoginThrottle } from '../../auth/login-throttle.js';
import type { Principal, TokenService } from '../../auth/tokens.js';
import { UnauthenticatedError, UnexpectedError } from '../../errors.js';
import type { IdentityService } from '../../identity/identity.service.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { bilingual, localize } from '../../language.js';

/** Request body of `POST /api/auth/login`. */
export const LoginRequest = z.object({
  username: z.string().trim().min(1, { error: bilingual('is required', '为必填项') }).max(64),
  password: z.string().min(1, { error: bilingual('is required', '为必填项') }).max(1024),
});

/** A user with the ids of its groups, as the login and the creation of a user answer it. */
export const UserWithGroups = z.object({ id: z.string(), name: z.string(), groups: z.array(z.string()) });

/** Response body of `POST /api/auth/login`: the bearer token and the user it is for. */
export const LoginResponse = z.object({
  token: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('Lifetime of the token in seconds.'),
  user: UserWithGroups,
});

/** Response body of `POST /api/auth/login`. */
export type LoginResponse = z.output<typeof LoginResponse>;

/** Response body of `GET /api/auth/me`: the caller's user id and groups, from its token. */
export const MeResponse = z.object({ userId: z.string(), groupIds: z.array(z.string()) });

/** Response body of `GET /api/auth/me`. */
export type MeResponse = Principal;

/** Dependencies of {@link authRoutes}. */
export interface AuthRoutesDeps {
  identity: Pick<IdentityService, 'verifyPassword'>;
  tokens: Pick<TokenService, 'sign' | 'expiresInSeconds'>;
  audit: Pick<AuditLog, 'append'>;
  /** Locks out password guessing; none when absent. */
  throttle?: Pick<LoginThrottle, 'check' | 'failed' | 'succeeded'>;
}

/**
 * `POST /api/auth/login` (username and password → bearer token) and `GET /api/auth/me` (the caller, from its
 * token). Every login is recorded in the audit log: `auth.login`, or `auth.login-failed` with the attempted user
 * name (never the password). With a throttle, too many failures answer 429 `TOO_MANY_ATTEMPTS` with `Retry-After`,
 * even for the right password, until the lockout ends.
 */
export function authRoutes(deps: AuthRoutesDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/auth' });

  router.post('/login', async (ctx) => {
    const body = parseInput(LoginRequest, ctx.request.body);
    await deps.throttle?.check(body.username, ctx.ip);
    const user = await deps.identity.verifyPassword(body.username, body.password);
    if (!user) {
      await deps.audit.append({ ...auditContextOf(ctx, null), action: 'auth.login-failed', details: { username: body.username } });
      await deps.throttle?.failed(body.username, ctx.ip);
      throw new UnauthenticatedError('INVALID_CREDENTIALS', localize('Invalid username or password', '用户名或密码错误'));
    }
    await deps.throttle?.succeeded(body.username, ctx.ip);
    await deps.audit.append({ ...auditContextOf(ctx, user.id), action: 'auth.login', subjectType: 'user', subjectId: user.id });
    const response: LoginResponse = {
      token: deps.tokens.sign({ userId: user.id, groupIds: user.groupIds }),
      tokenType: 'Bearer',
      expiresIn: deps.tokens.expiresInSeconds,
      user: { id: user.id, name: user.name, groups: user.groupIds },
    };
    ctx.state.log.info('user logged in', { userId: user.id });
    ctx.body = response;
  });

  router.get('/me', (ctx) => {
    const principal = ctx.state.principal;
    if (!principal) throw new UnexpectedError('INTERNAL_ERROR', 'GET /api/auth/me reached without a principal');
    const response: MeResponse = { userId: principal.userId, groupIds: principal.groupIds };
    ctx.body = response;
  });

  return router;
}

/** The operations of {@link authRoutes}, for the OpenAPI description. */
export const authOperations: ApiOperation[] = [
  {
    method: 'post', path: '/api/auth/login', tags: ['auth'], security: 'public',
    summary: '登录 · Log in with user name and password',
    description: 'Answers a bearer JWT for the other operations. Every attempt is recorded in the audit log.',
    body: { contentType: 'application/json', schema: LoginRequest },
    responses: [{ status: 200, description: '`{token, tokenType: "Bearer", expiresIn, user: {id, name, groups}}`', contentType: 'application/json', schema: LoginResponse }],
    errors: [401],
  },
  {
    method: 'get', path: '/api/auth/me', tags: ['auth'], security: 'bearer',
    summary: '当前用户 · The caller, from its token',
    responses: [{ status: 200, description: '`{userId, groupIds}`', contentType: 'application/json', schema: MeResponse }],
  },
];
