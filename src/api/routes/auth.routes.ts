import { Router } from '@koa/router';
import { z } from 'zod';
import { auditContextOf } from '../../audit/audit-context.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { LoginThrottle } from '../../auth/login-throttle.js';
import type { ParameterizedContext } from 'koa';
import type { Principal, TokenService, TokenSession } from '../../auth/tokens.js';
import { UnauthenticatedError, UnexpectedError, ValidationError } from '../../errors.js';
import type { IdentityService } from '../../identity/identity.service.js';
import type { AuthenticatedUser } from '../../identity/identity.types.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { bilingual, localize } from '../../language.js';
import { NewPassword } from '../schemas/password.js';

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
  passwordChangeRequired: z.boolean().describe('The password was set by an administrator: until it is changed (`PUT /api/auth/password`), every other operation answers 403 `PASSWORD_CHANGE_REQUIRED`.'),
});

/** Response body of `POST /api/auth/login`. */
export type LoginResponse = z.output<typeof LoginResponse>;

/** Request body of `POST /api/auth/logout`. */
export const LogoutRequest = z.strictObject({
  everywhere: z.boolean().default(false).describe('End every session of the account (all its tokens), not only this one.'),
});

/** Request body of `PUT /api/auth/password`: the caller's own password change. */
export const PasswordChangeRequest = z.strictObject({
  currentPassword: z.string().min(1, { error: bilingual('is required', '为必填项') }).max(1024),
  newPassword: NewPassword,
});

/** Response body of `GET /api/auth/me`: the caller's user id and groups, from its token. */
export const MeResponse = z.object({ userId: z.string(), groupIds: z.array(z.string()) });

/** Response body of `GET /api/auth/me`. */
export type MeResponse = Principal;

/** Dependencies of {@link authRoutes}. */
export interface AuthRoutesDeps {
  identity: Pick<IdentityService, 'verifyPassword' | 'endSession' | 'endAllSessions' | 'changePassword'>;
  tokens: Pick<TokenService, 'sign' | 'expiresInSeconds'>;
  audit: Pick<AuditLog, 'append'>;
  /** Locks out password guessing; none when absent. */
  throttle?: Pick<LoginThrottle, 'check' | 'failed' | 'succeeded'>;
}

/**
 * `POST /api/auth/login` (username and password → bearer token), `POST /api/auth/logout` (this token, or every token
 * of the account, stops working), `PUT /api/auth/password` (the caller's own password; ends every session and answers
 * a new token) and `GET /api/auth/me` (the caller, from its token). Every login is recorded in the audit log:
 * `auth.login`, or `auth.login-failed` with the attempted user name (never the password); logouts and password
 * changes record themselves. With a throttle, too many failures answer 429 `TOO_MANY_ATTEMPTS` with `Retry-After`,
 * even for the right password, until the lockout ends; a wrong current password counts as a failed login.
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
    ctx.state.log.info('user logged in', { userId: user.id });
    ctx.body = sessionFor(deps.tokens, user);
  });

  router.post('/logout', async (ctx) => {
    const { principal, session } = callerOf(ctx);
    const body = parseInput(LogoutRequest, ctx.request.body ?? {});
    if (body.everywhere) await deps.identity.endAllSessions(principal.userId, auditContextOf(ctx));
    else await deps.identity.endSession({ userId: principal.userId, tokenId: session.tokenId, expiresAt: session.expiresAt }, auditContextOf(ctx));
    ctx.state.log.info('user logged out', { userId: principal.userId, everywhere: body.everywhere });
    ctx.status = 204;
  });

  router.put('/password', async (ctx) => {
    const { principal } = callerOf(ctx);
    const body = parseInput(PasswordChangeRequest, ctx.request.body);
    await deps.throttle?.check(principal.userId, ctx.ip);
    let user;
    try {
      user = await deps.identity.changePassword(principal.userId, body.currentPassword, body.newPassword, auditContextOf(ctx));
    } catch (err) {
      if (err instanceof ValidationError && err.issues.some((issue) => issue.path === 'currentPassword')) await deps.throttle?.failed(principal.userId, ctx.ip);
      throw err;
    }
    ctx.state.log.info('user changed their password', { userId: principal.userId });
    ctx.body = sessionFor(deps.tokens, user);
  });

  router.get('/me', (ctx) => {
    const { principal } = callerOf(ctx);
    const response: MeResponse = { userId: principal.userId, groupIds: principal.groupIds };
    ctx.body = response;
  });

  return router;
}

/** A new session for `user`: a token of the account's current generation, answered as the login answers it. */
function sessionFor(tokens: AuthRoutesDeps['tokens'], user: AuthenticatedUser): LoginResponse {
  return {
    token: tokens.sign({ userId: user.id, groupIds: user.groupIds }, user.tokenGeneration),
    tokenType: 'Bearer',
    expiresIn: tokens.expiresInSeconds,
    user: { id: user.id, name: user.name, groups: user.groupIds },
    passwordChangeRequired: user.passwordChangeRequired,
  };
}

function callerOf(ctx: ParameterizedContext<AppState>): { principal: Principal; session: TokenSession } {
  const { principal, session } = ctx.state;
  if (!principal || !session) throw new UnexpectedError('INTERNAL_ERROR', `${ctx.method} ${ctx.path} reached without an authenticated caller`);
  return { principal, session };
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
    method: 'post', path: '/api/auth/logout', tags: ['auth'], security: 'bearer',
    summary: '退出登录 · Log out: this token, or every token of the account, stops working',
    description: 'With `everywhere: true` every session of the account ends (e.g. after a phone is lost). Recorded in the audit log (`auth.logout`, `auth.logout-everywhere`).',
    body: { contentType: 'application/json', schema: LogoutRequest, required: false },
    responses: [{ status: 204, description: 'Logged out' }],
    errors: [400],
  },
  {
    method: 'put', path: '/api/auth/password', tags: ['auth'], security: 'bearer',
    summary: '修改密码 · Change one\'s own password; every session of the account ends',
    description: 'Needs the current password (a wrong one counts as a failed login). Answers a new token, as the login does; the account\'s other tokens stop working. Recorded in the audit log (`user.password-change`).',
    body: { contentType: 'application/json', schema: PasswordChangeRequest },
    responses: [{ status: 200, description: '`{token, tokenType: "Bearer", expiresIn, user: {id, name, groups}}`', contentType: 'application/json', schema: LoginResponse }],
    errors: [400, 429],
  },
  {
    method: 'get', path: '/api/auth/me', tags: ['auth'], security: 'bearer',
    summary: '当前用户 · The caller, from its token',
    responses: [{ status: 200, description: '`{userId, groupIds}`', contentType: 'application/json', schema: MeResponse }],
  },
];
