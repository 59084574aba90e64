import { auditContextOf } from '../../audit/audit-context.js';
import { Router } from '@koa/router';
import { z } from 'zod';
import { ForbiddenError } from '../../errors.js';
import { grantsOf, JURISDICTION_LEVELS, NewJurisdiction, can, PERMISSIONS, ROLE_TABLE, ROLES, type JurisdictionNode, type JurisdictionTree } from '../../jurisdiction/index.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { localize } from '../../language.js';

/** A unit of the jurisdiction tree with the units below it. */
export const JurisdictionNodeResponse: z.ZodType<JurisdictionNode> = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(JURISDICTION_LEVELS),
  authority: z.string().nullable(),
  get children() {
    return z.array(JurisdictionNodeResponse);
  },
}).meta({ id: 'JurisdictionNode', description: 'A unit of the jurisdiction tree with the units below it.' });

/** Answer of `GET /api/jurisdictions`: the subtrees of the caller's jurisdictions (every unit for administrators). */
export const JurisdictionTreeResponse = z.array(JurisdictionNodeResponse);

/** Answer of `POST /api/admin/jurisdictions`: the unit added. */
export const JurisdictionResponse = z.object({
  code: z.string(),
  name: z.string(),
  parentCode: z.string().nullable(),
  level: z.enum(JURISDICTION_LEVELS),
  authority: z.string().nullable(),
  createdAt: z.iso.datetime(),
});

/** Answer of `GET /api/me/roles`: the caller's roles, each with its jurisdiction (`*` for everywhere), the group giving it, its name and permissions. */
export const MyRolesResponse = z.array(z.object({
  role: z.enum(ROLES),
  scope: z.string(),
  group: z.string(),
  name: z.string(),
  permissions: z.array(z.enum(PERMISSIONS)),
}));

/** Answer of `GET /api/admin/roles`: the permission table. */
export const RoleTableResponse = z.array(z.object({
  role: z.enum(ROLES),
  name: z.string(),
  groupPrefixes: z.array(z.string()),
  globalGroups: z.array(z.string()),
  permissions: z.array(z.enum(PERMISSIONS)),
}));

/**
 * The jurisdiction tree and the permission table: `GET /api/jurisdictions` (the caller's part of the tree, every
 * unit for administrators), `POST /api/admin/jurisdictions` (administrators add districts, counties and police
 * stations), `GET /api/me/roles` (the caller's roles with their jurisdictions) and `GET /api/admin/roles`.
 */
export function jurisdictionRoutes(deps: { jurisdictions: JurisdictionTree }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.get('/jurisdictions', async (ctx) => {
    const grants = grantsOf(principalOf(ctx.state)).filter((g) => g.role !== 'applicant' && g.role !== 'worker');
    if (!grants.length) throw new ForbiddenError('FORBIDDEN', localize('The jurisdiction tree is for officers, managers and administrators', '只有民警、流程管理员和系统管理员可以查看辖区'));
    const scopes = [...new Set(grants.map((g) => g.scope))];
    ctx.body = await deps.jurisdictions.tree(scopes);
  });

  router.post('/admin/jurisdictions', async (ctx) => {
    if (!can(principalOf(ctx.state), 'user.manage')) throw new ForbiddenError('FORBIDDEN', localize('Only administrators change the jurisdiction tree', '只有系统管理员可以调整辖区'));
    const body = parseInput(NewJurisdiction, ctx.request.body);
    ctx.status = 201;
    ctx.body = await deps.jurisdictions.add(body, auditContextOf(ctx));
  });

  router.get('/me/roles', (ctx) => {
    ctx.body = grantsOf(principalOf(ctx.state)).map((g) => ({ ...g, name: ROLE_TABLE.find((r) => r.role === g.role)?.name ?? g.role, permissions: ROLE_TABLE.find((r) => r.role === g.role)?.permissions ?? [] }));
  });

  router.get('/admin/roles', (ctx) => {
    if (!can(principalOf(ctx.state), 'user.manage')) throw new ForbiddenError('FORBIDDEN', localize('Only administrators read the permission table', '只有系统管理员可以查看权限表'));
    ctx.body = ROLE_TABLE;
  });

  return router;
}

/** The operations of {@link jurisdictionRoutes}, for the OpenAPI description. */
export const jurisdictionOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/jurisdictions', tags: ['jurisdictions'], security: 'bearer',
    summary: '辖区树 · The caller\'s part of the jurisdiction tree (every unit for administrators)',
    responses: [{ status: 200, description: 'The tree of units.', contentType: 'application/json', schema: JurisdictionTreeResponse }],
    errors: [403],
  },
  {
    method: 'post', path: '/api/admin/jurisdictions', tags: ['jurisdictions', 'admin'], security: 'bearer',
    summary: '新增辖区单位 · Add a district, county or police station (administrators)',
    body: { contentType: 'application/json', schema: NewJurisdiction },
    responses: [{ status: 201, description: 'The unit.', contentType: 'application/json', schema: JurisdictionResponse }],
    errors: [403, 404, 409],
  },
  {
    method: 'get', path: '/api/me/roles', tags: ['jurisdictions'], security: 'bearer',
    summary: '我的角色 · The caller\'s roles with their jurisdictions and permissions',
    responses: [{ status: 200, description: '`[{role, scope, group, name, permissions}]`', contentType: 'application/json', schema: MyRolesResponse }],
  },
  {
    method: 'get', path: '/api/admin/roles', tags: ['jurisdictions', 'admin'], security: 'bearer',
    summary: '角色权限表 · The role and permission table (administrators)',
    responses: [{ status: 200, description: 'The roles with their permissions.', contentType: 'application/json', schema: RoleTableResponse }],
    errors: [403],
  },
];
