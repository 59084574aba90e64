import { Router } from '@koa/router';
import { z } from 'zod';
import { auditContextOf } from '../../audit/audit-context.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { ForbiddenError } from '../../errors.js';
import { can, type Permission } from '../../jurisdiction/index.js';
import type { GuardCertificates } from '../../licensing/revocations.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import { GuardCertificateList, RevocationDetail, RevocationFormSchema, RevocationStarted } from '../schemas/licensing-responses.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { bilingual, localize } from '../../language.js';

const Query = z.object({ residentId: z.string().regex(/^\d{17}[\dXx]$/, { error: bilingual('must be an 18-character resident ID', '须为 18 位公民身份号码') }).optional(), number: z.string().max(64).optional() });
const Id = z.object({ id: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }) });
const Proposal = z.strictObject({ values: z.record(z.string(), z.unknown()) });

/** Officers who meet guards in their work: licensing, tips, inspections and cases. A lookup needs an exact resident ID or number, so it is not limited to a jurisdiction. */
const LOOKUP_PERMISSIONS: readonly Permission[] = ['application.read', 'tip.read', 'inspection.read', 'case.read'];

/**
 * Officers' access to guard certificates under `/api/guard-certificates`: lookup (recorded in the audit log as
 * `certificate.lookup` with the ids found) and revocation proposals.
 */
export function certificateRoutes(deps: { certificates: GuardCertificates; audit: Pick<AuditLog, 'append'> }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/guard-certificates' });

  router.get('/', async (ctx) => {
    const principal = principalOf(ctx.state);
    if (!LOOKUP_PERMISSIONS.some((p) => can(principal, p))) throw new ForbiddenError('FORBIDDEN', localize('Only officers look up guard certificates', '只有民警可以查询保安员证'));
    const q = parseInput(Query, ctx.query, 'query');
    const items = await deps.certificates.find(q);
    // a lookup by resident ID reads a person's data: who looked, how and what was found, by ids only
    await deps.audit.append({
      ...auditContextOf(ctx), action: 'certificate.lookup', subjectType: 'guard-certificate', subjectId: items.length === 1 ? (items[0] as { id: string }).id : null,
      details: { by: Object.keys(q).filter((k) => q[k as keyof typeof q] !== undefined).sort(), found: items.map((c) => c.id) },
    });
    ctx.body = items.map((c) => ({ id: c.id, number: c.number, holderName: c.holderName, residentId: c.residentId, status: c.status, issuedAt: c.issuedAt, revokedAt: c.revokedAt }));
  });

  router.get('/revocation-form', (ctx) => {
    // the form is for those who may propose a revocation (`certificate.revoke`), as the proposal is
    ctx.body = deps.certificates.revocationForm(principalOf(ctx.state));
  });

  router.post('/:id/revocation', async (ctx) => {
    // only reviewers of guard certificates propose; the service checks the group of the certificate's city
    if (!can(principalOf(ctx.state), 'application.read')) throw new ForbiddenError('FORBIDDEN', localize('Only licensing officers propose revoking a guard certificate', '只有许可审核民警可以提请吊销保安员证'));
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(Proposal, ctx.request.body);
    ctx.status = 201;
    ctx.body = await deps.certificates.proposeRevocation(principalOf(ctx.state), ctx.get('Authorization'), id, body.values);
  });

  router.get('/revocations/:id', async (ctx) => {
    // the service hides the proposal (404) from all but its proposer and the licensing officers of its place
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = await deps.certificates.revocation(principalOf(ctx.state), id);
  });

  return router;
}

/** The operations of {@link certificateRoutes}, for the OpenAPI description. */
export const certificateOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/guard-certificates', tags: ['guard-certificates'], security: 'bearer',
    summary: '查询保安员证 · Look up guard certificates (officers)',
    query: Query,
    responses: [{ status: 200, description: 'The matching certificates: `[{id, number, holderName, residentId, status, issuedAt, revokedAt}]`', contentType: 'application/json', schema: GuardCertificateList }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/guard-certificates/revocation-form', tags: ['guard-certificates'], security: 'bearer',
    summary: '吊销保安员证建议表 · The form-js schema of the revocation proposal form, for drawing it',
    description: 'For officers who may propose revoking a guard certificate (`certificate.revoke`).',
    responses: [{ status: 200, description: 'The form-js schema (`{id, type, components, …}`) of `guard-certificate-revocation-request`.', contentType: 'application/json', schema: RevocationFormSchema }],
    errors: [403],
  },
  {
    method: 'post', path: '/api/guard-certificates/{id}/revocation', tags: ['guard-certificates'], security: 'bearer',
    summary: '提请吊销保安员证 · Propose the revocation of a guard certificate',
    description: 'Starts the revocation procedure with the values of its proposal form.',
    params: Id,
    body: { contentType: 'application/json', schema: Proposal },
    responses: [{ status: 201, description: 'The revocation procedure started: `{processInstanceId}`.', contentType: 'application/json', schema: RevocationStarted }],
    errors: [403, 404, 409, 422],
  },
  {
    method: 'get', path: '/api/guard-certificates/revocations/{id}', tags: ['guard-certificates'], security: 'bearer',
    summary: '吊销保安员证案卷 · A revocation proposal: the certificate, the facts, the decision and the documents issued',
    description: 'For its proposer and the officers who read licensing (`application.read`) in the certificate\'s place; to others it does not exist (404).',
    params: Id,
    responses: [{ status: 200, description: 'The proposal.', contentType: 'application/json', schema: RevocationDetail }],
    errors: [404],
  },
];
