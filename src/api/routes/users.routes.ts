import { Router } from '@koa/router';
import { z } from 'zod';
import { auditContextOf } from '../../audit/audit-context.js';
import { ConflictError, ForbiddenError } from '../../errors.js';
import { can } from '../../jurisdiction/index.js';
import type { IdentityService } from '../../identity/identity.service.js';
import { GROUP_ID_PATTERN, USER_ID_PATTERN } from '../../identity/identity.types.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { UserWithGroups } from './auth.routes.js';

const NewUser = z.strictObject({
  id: z.string().regex(USER_ID_PATTERN, { error: 'must be 1-64 letters, digits or . _ @ -' }),
  name: z.string().trim().min(1).max(64),
  password: z.string().min(10, { error: 'must be at least 10 characters long' }).max(72),
  groups: z.array(z.string().regex(GROUP_ID_PATTERN, { error: 'must be a group id' })).max(20).default([]),
});

/**
 * Officer accounts under `/api/admin/users`, for administrators: create a user in groups (missing groups are
 * created; every change is in the audit log as done by the administrator). The full user, group and jurisdiction administration comes with the workbench.
 */
export function userRoutes(deps: { identity: IdentityService }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/admin/users' });

  router.post('/', async (ctx) => {
    const principal = principalOf(ctx.state);
    if (!can(principal, 'user.manage')) throw new ForbiddenError('FORBIDDEN', 'Only administrators create users');
    const body = parseInput(NewUser, ctx.request.body);
    if (await deps.identity.getUser(body.id)) throw new ConflictError('USER_EXISTS', `User '${body.id}' already exists`);
    const by = auditContextOf(ctx);
    await deps.identity.ensureGroups(body.groups.map((id) => ({ id, name: id })), by);
    await deps.identity.createUser({ id: body.id, name: body.name, password: body.password }, by);
    for (const g of body.groups) await deps.identity.addMembership(body.id, g, by);
    ctx.state.log.info('user created', { userId: body.id, groups: body.groups, by: principal.userId });
    ctx.status = 201;
    ctx.body = { id: body.id, name: body.name, groups: body.groups };
  });

  return router;
}

/** The operation of {@link userRoutes}, for the OpenAPI description. */
export const userOperations: ApiOperation[] = [
  {
    method: 'post', path: '/api/admin/users', tags: ['admin'], security: 'bearer',
    summary: '新建用户 · Create an officer account (administrators)',
    description: 'Creates the user in the given groups; groups that do not exist yet are created. Recorded in the audit log.',
    body: { contentType: 'application/json', schema: NewUser },
    responses: [{ status: 201, description: '`{id, name, groups}`', contentType: 'application/json', schema: UserWithGroups }],
    errors: [403, 409],
  },
];
