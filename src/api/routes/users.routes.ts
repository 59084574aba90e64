import { Router } from '@koa/router';
import { z } from 'zod';
import { NewPassword, PasswordChangeRequired } from '../schemas/password.js';
import { auditContextOf } from '../../audit/audit-context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { UserWithGroupsView } from '../../identity/identity.service.js';
import { can, grantsOf } from '../../jurisdiction/index.js';
import type { IdentityService } from '../../identity/identity.service.js';
import { GROUP_ID_PATTERN, GROUPS, USER_ID_PATTERN } from '../../identity/identity.types.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { UserWithGroups } from './auth.routes.js';
import { bilingual, localize } from '../../language.js';

const NewUser = z.strictObject({
  id: z.string().regex(USER_ID_PATTERN, { error: bilingual('must be 1-64 letters, digits or . _ @ -', '须为 1 至 64 位字母、数字或 . _ @ -') }),
  name: z.string().trim().min(1).max(64),
  password: NewPassword,
  passwordChangeRequired: PasswordChangeRequired,
  groups: z.array(z.string().regex(GROUP_ID_PATTERN, { error: bilingual('must be a group id', '须为有效的用户组编号') })).max(20).default([]),
});

const GroupIds = z.array(z.string().regex(GROUP_ID_PATTERN, { error: bilingual('must be a group id', '须为有效的用户组编号') })).max(20);
const UserIdParam = z.strictObject({ id: z.string().regex(USER_ID_PATTERN, { error: bilingual('must be a user id', '须为有效的用户编号') }) });

/** Query of `GET /api/admin/users`. */
export const UserListQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  group: z.string().regex(GROUP_ID_PATTERN, { error: bilingual('must be a group id', '须为有效的用户组编号') }).optional(),
  disabled: z.enum(['true', 'false'], { error: bilingual('must be true or false', '须为 true 或 false') }).transform((v) => v === 'true').optional(),
  offset: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(0).default(0),
  limit: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(1).max(200).default(50),
});

/** Body of `PATCH /api/admin/users/{id}`: parts left out stay as they are; `groups` replaces the user's groups. */
export const UserChangeRequest = z.strictObject({
  name: z.string().trim().min(1, { error: bilingual('must not be empty', '不得为空') }).max(64).optional(),
  disabled: z.boolean({ error: bilingual('must be true or false', '须为 true 或 false') }).optional(),
  groups: GroupIds.optional(),
});

/** Body of `PUT /api/admin/users/{id}/password`. */
export const PasswordReset = z.strictObject({ password: NewPassword, passwordChangeRequired: PasswordChangeRequired });

/** A user as administrators see it: with its groups and the roles those give, each with its jurisdiction. */
export const AdminUserView = z.object({
  id: z.string(), name: z.string(), email: z.string().nullable(), disabled: z.boolean(),
  passwordChangeRequired: z.boolean().describe('The password is still one an administrator chose: the user changes it at the next login.'),
  createdAt: z.iso.datetime(), updatedAt: z.iso.datetime(),
  groups: z.array(z.string()),
  roles: z.array(z.object({ role: z.string(), scope: z.string(), group: z.string() })),
});

/** Answer of `GET /api/admin/users`. */
export const UserListResponse = z.object({ items: z.array(AdminUserView), total: z.number().int(), offset: z.number().int(), limit: z.number().int() });

/** Query of `GET /api/admin/groups`. */
export const GroupListQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  offset: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(0).default(0),
  limit: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(1).max(500).default(100),
});

/** Answer of `GET /api/admin/groups`: a page of groups, each with its member count and the roles it gives. */
export const GroupListResponse = z.object({
  items: z.array(z.object({
    id: z.string(), name: z.string(), type: z.string().nullable(),
    members: z.number().int().describe('How many users belong to the group.'),
    roles: z.array(z.object({ role: z.string(), scope: z.string() })).describe('The roles the group gives, each with its jurisdiction (`*` for everywhere); empty for a group the permission table does not know.'),
  })),
  total: z.number().int(), offset: z.number().int(), limit: z.number().int(),
});

/**
 * Officer accounts under `/api/admin/users`, for administrators (`user.manage`): create a user in groups (missing
 * groups are created), list and find users, change a user's name, groups (and so roles and jurisdiction) or
 * whether it is disabled, and reset its password. Every change is in the audit log as done by the administrator;
 * administrators cannot disable themselves or take away their own administration. `GET /api/admin/groups` lists
 * the groups with their member counts and the roles they give.
 */
export function userRoutes(deps: { identity: IdentityService }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/admin' });

  const administrator = (ctx: { state: AppState }) => {
    const principal = principalOf(ctx.state);
    if (!can(principal, 'user.manage')) throw new ForbiddenError('FORBIDDEN', localize('Only administrators manage users', '只有系统管理员可以管理用户'));
    return principal;
  };
  const view = (user: UserWithGroupsView) => ({ ...user, roles: grantsOf({ userId: user.id, groupIds: user.groups }) });
  /**
   * The workers' technical account keeps working as it is: disabled or out of its group the automated steps would stop,
   * and a password would let someone sign in with the workers' rights (they use tokens, never a password).
   */
  const assertNotTechnical = async (id: string, change: { disabled?: boolean; groups?: string[]; password?: boolean }) => {
    if (!(await deps.identity.groupIdsOf(id)).includes(GROUPS.worker)) return;
    if (change.disabled === true || change.password || (change.groups && !change.groups.includes(GROUPS.worker))) {
      throw new ConflictError('CONFLICT', localize(`'${id}' is the workers' technical account: it cannot be disabled, given a password or taken out of its group`, `“${id}”是自动任务执行的系统账号，不能停用、设置密码或移出其用户组`));
    }
  };

  router.get('/users', async (ctx) => {
    administrator(ctx);
    const q = parseInput(UserListQuery, ctx.query, 'query');
    const page = await deps.identity.listUsers({ ...(q.q ? { query: q.q } : {}), ...(q.group ? { group: q.group } : {}), ...(q.disabled !== undefined ? { disabled: q.disabled } : {}), offset: q.offset, limit: q.limit });
    ctx.body = { items: page.items.map(view), total: page.total, offset: q.offset, limit: q.limit };
  });

  router.get('/users/:id', async (ctx) => {
    administrator(ctx);
    const { id } = parseInput(UserIdParam, ctx.params, 'path');
    const user = await deps.identity.getUser(id);
    NotFoundError.assert(user, 'USER_NOT_FOUND', localize(`User '${id}' does not exist`, `用户“${id}”不存在`));
    ctx.body = view({ ...user, groups: await deps.identity.groupIdsOf(id) });
  });

  router.patch('/users/:id', async (ctx) => {
    const principal = administrator(ctx);
    const { id } = parseInput(UserIdParam, ctx.params, 'path');
    const change = parseInput(UserChangeRequest, ctx.request.body);
    await assertNotTechnical(id, change);
    if (id === principal.userId && (change.disabled === true || (change.groups && !can({ userId: id, groupIds: change.groups }, 'user.manage')))) {
      throw new ConflictError('CONFLICT', localize('You cannot disable yourself or take away your own administration; ask another administrator', '不能停用本人账号或取消本人的管理员权限，请由其他系统管理员办理'));
    }
    const updated = await deps.identity.updateUser(id, { ...(change.name !== undefined ? { name: change.name } : {}), ...(change.disabled !== undefined ? { disabled: change.disabled } : {}), ...(change.groups ? { groups: change.groups } : {}) }, auditContextOf(ctx));
    ctx.body = view(updated);
  });

  router.put('/users/:id/password', async (ctx) => {
    administrator(ctx);
    const { id } = parseInput(UserIdParam, ctx.params, 'path');
    const { password, passwordChangeRequired } = parseInput(PasswordReset, ctx.request.body);
    await assertNotTechnical(id, { password: true });
    await deps.identity.setPassword(id, password, auditContextOf(ctx), passwordChangeRequired);
    ctx.status = 204;
  });

  router.post('/users', async (ctx) => {
    const principal = administrator(ctx);
    const body = parseInput(NewUser, ctx.request.body);
    if (await deps.identity.getUser(body.id)) throw new ConflictError('USER_EXISTS', localize(`User '${body.id}' already exists`, `用户“${body.id}”已存在`));
    const by = auditContextOf(ctx);
    await deps.identity.ensureGroups(body.groups.map((id) => ({ id, name: id })), by);
    await deps.identity.createUser({ id: body.id, name: body.name, password: body.password, passwordChangeRequired: body.passwordChangeRequired }, by);
    for (const g of body.groups) await deps.identity.addMembership(body.id, g, by);
    ctx.state.log.info('user created', { userId: body.id, groups: body.groups, by: principal.userId });
    ctx.status = 201;
    ctx.body = { id: body.id, name: body.name, groups: body.groups };
  });

  router.get('/groups', async (ctx) => {
    administrator(ctx);
    const q = parseInput(GroupListQuery, ctx.query, 'query');
    const page = await deps.identity.listGroups({ ...(q.q ? { query: q.q } : {}), offset: q.offset, limit: q.limit });
    ctx.body = { items: page.items.map((g) => ({ ...g, roles: grantsOf({ userId: '', groupIds: [g.id] }).map(({ role, scope }) => ({ role, scope })) })), total: page.total, offset: q.offset, limit: q.limit };
  });

  return router;
}

/** Query of `GET /api/people`: the user ids to name, comma-separated. */
const PeopleQuery = z.strictObject({
  ids: z.string().max(6600).transform((v) => [...new Set(v.split(',').map((id) => id.trim()).filter(Boolean))])
    .pipe(z.array(z.string().regex(USER_ID_PATTERN, { error: bilingual('must list user ids', '须为用户编号列表') })).min(1, { error: bilingual('name at least one user id', '须至少列出一个用户编号') }).max(100, { error: bilingual('name at most 100 user ids', '最多列出 100 个用户编号') })),
});

/** Answer of `GET /api/people`: the names of those of the ids that exist. */
export const PeopleResponse = z.array(z.object({ id: z.string(), name: z.string() }));

/**
 * `GET /api/people?ids=`: the names of users, so that pages show who handled a step (承办人, 办理记录) by name rather
 * than by user name. For officers, managers and administrators; companies and the public get 403.
 */
export function peopleRoutes(deps: { identity: IdentityService }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  router.get('/people', async (ctx) => {
    const grants = grantsOf(principalOf(ctx.state)).filter((g) => g.role !== 'applicant' && g.role !== 'worker');
    if (!grants.length) throw new ForbiddenError('FORBIDDEN', localize('Names of users are for officers, managers and administrators', '只有民警、流程管理员和系统管理员可以查看人员姓名'));
    const { ids } = parseInput(PeopleQuery, ctx.query, 'query');
    const names = await deps.identity.namesOf(ids);
    ctx.body = ids.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id) as string }));
  });
  return router;
}

/** The operations of {@link userRoutes}, for the OpenAPI description. */
export const userOperations: ApiOperation[] = [
  {
    method: 'post', path: '/api/admin/users', tags: ['admin'], security: 'bearer',
    summary: '新建用户 · Create an officer account (administrators)',
    description: 'Creates the user in the given groups; groups that do not exist yet are created. Recorded in the audit log.',
    body: { contentType: 'application/json', schema: NewUser },
    responses: [{ status: 201, description: '`{id, name, groups}`', contentType: 'application/json', schema: UserWithGroups }],
    errors: [403, 409],
  },
  {
    method: 'get', path: '/api/admin/users', tags: ['admin'], security: 'bearer',
    summary: '用户列表 · Users by id, with their groups and roles (administrators)',
    description: '`q` matches part of the id or the name; `group` and `disabled` narrow the list.',
    query: UserListQuery,
    responses: [{ status: 200, description: 'A page of users and the total.', contentType: 'application/json', schema: UserListResponse }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/admin/users/{id}', tags: ['admin'], security: 'bearer',
    summary: '用户详情 · A user with its groups and the roles they give (administrators)',
    params: UserIdParam,
    responses: [{ status: 200, description: 'The user.', contentType: 'application/json', schema: AdminUserView }],
    errors: [403, 404],
  },
  {
    method: 'patch', path: '/api/admin/users/{id}', tags: ['admin'], security: 'bearer',
    summary: '修改用户 · Rename a user, disable or enable it, or replace its groups (administrators; audited)',
    description: 'Groups decide roles and jurisdiction: moving an officer to another unit is replacing its groups. Missing groups are created. An administrator cannot disable itself or drop its own administration (409).',
    params: UserIdParam,
    body: { contentType: 'application/json', schema: UserChangeRequest },
    responses: [{ status: 200, description: 'The user after the change.', contentType: 'application/json', schema: AdminUserView }],
    errors: [403, 404, 409],
  },
  {
    method: 'put', path: '/api/admin/users/{id}/password', tags: ['admin'], security: 'bearer',
    summary: '重置密码 · Set a new password for a user (administrators; audited)',
    params: UserIdParam,
    body: { contentType: 'application/json', schema: PasswordReset },
    responses: [{ status: 204, description: 'Set.' }],
    errors: [403, 404],
  },
  {
    method: 'get', path: '/api/people', tags: ['users'], security: 'bearer',
    summary: '人员姓名 · The names of users, by id (officers, managers and administrators)',
    description: 'For pages that show who handled a step. Ids that do not exist are left out; disabled users are named too.',
    query: PeopleQuery,
    responses: [{ status: 200, description: 'Each existing id with its name, in the order asked.', contentType: 'application/json', schema: PeopleResponse }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/admin/groups', tags: ['admin'], security: 'bearer',
    summary: '用户组列表 · Groups by id, with their member counts and the roles they give (administrators)',
    description: '`q` matches part of the id or the name.',
    query: GroupListQuery,
    responses: [{ status: 200, description: 'A page of groups and the total.', contentType: 'application/json', schema: GroupListResponse }],
    errors: [403],
  },
];
