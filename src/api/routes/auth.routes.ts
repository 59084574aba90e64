import { Router } from '@koa/router';
import { z } from 'zod';
import { auditContextOf } from '../../audit/audit-context.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { Principal, TokenService } from '../../auth/tokens.js';
import { UnauthenticatedError, UnexpectedError } from '../../errors.js';
import type { IdentityService } from '../../identity/identity.service.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';

/** Request body of `POST /api/auth/login`. */
export const LoginRequest = z.object({
  username: z.string().trim().min(1, { error: 'is required' }).max(64),
  password: z.string().min(1, { error: 'is required' }).max(1024),
});

/** Response body of `POST /api/auth/login`. */
export interface LoginResponse {
  token: string;
  tokenType: 'Bearer';
  /** Lifetime of the token in seconds. */
  expiresIn: number;
  user: { id: string; name: string; groups: string[] };
}

/** Response body of `GET /api/auth/me`. */
export type MeResponse = Principal;

/** Dependencies of {@link authRoutes}. */
export interface AuthRoutesDeps {
  identity: Pick<IdentityService, 'verifyPassword'>;
  tokens: Pick<TokenService, 'sign' | 'expiresInSeconds'>;
  audit: Pick<AuditLog, 'append'>;
}

/**
 * `POST /api/auth/login` (username and password → bearer token) and `GET /api/auth/me` (the caller, from its
 * token). Every login is recorded in the audit log: `auth.login`, or `auth.login-failed` with the attempted user
 * name (never the password).
 */
export function authRoutes(deps: AuthRoutesDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/auth' });

  router.post('/login', async (ctx) => {
    const body = parseInput(LoginRequest, ctx.request.body);
    const user = await deps.identity.verifyPassword(body.username, body.password);
    if (!user) {
      await deps.audit.append({ ...auditContextOf(ctx, null), action: 'auth.login-failed', details: { username: body.username } });
      throw new UnauthenticatedError('INVALID_CREDENTIALS', 'Invalid username or password');
    }
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
    responses: [{ status: 200, description: '`{token, tokenType: "Bearer", expiresIn, user: {id, name, groups}}`', contentType: 'application/json' }],
    errors: [401],
  },
  {
    method: 'get', path: '/api/auth/me', tags: ['auth'], security: 'bearer',
    summary: '当前用户 · The caller, from its token',
    responses: [{ status: 200, description: '`{userId, groupIds}`', contentType: 'application/json' }],
  },
];
