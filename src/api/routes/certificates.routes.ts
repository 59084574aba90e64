import { Router } from '@koa/router';
import { z } from 'zod';
import { ForbiddenError } from '../../errors.js';
import { isOfficer } from '../../licensing/access.js';
import type { GuardCertificates } from '../../licensing/revocations.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';

const Query = z.object({ residentId: z.string().regex(/^\d{17}[\dXx]$/, { error: 'must be an 18-character resident ID' }).optional(), number: z.string().max(64).optional() });
const Id = z.object({ id: z.uuid({ error: 'must be a UUID' }) });
const Proposal = z.strictObject({ values: z.record(z.string(), z.unknown()) });

/** Officers' access to guard certificates under `/api/guard-certificates`: lookup and revocation proposals. */
export function certificateRoutes(deps: { certificates: GuardCertificates }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/guard-certificates' });

  router.get('/', async (ctx) => {
    if (!isOfficer(principalOf(ctx.state))) throw new ForbiddenError('FORBIDDEN', 'Only officers look up guard certificates');
    const q = parseInput(Query, ctx.query, 'query');
    const items = await deps.certificates.find(q);
    ctx.body = items.map((c) => ({ id: c.id, number: c.number, holderName: c.holderName, residentId: c.residentId, status: c.status, issuedAt: c.issuedAt, revokedAt: c.revokedAt }));
  });

  router.post('/:id/revocation', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(Proposal, ctx.request.body);
    ctx.status = 201;
    ctx.body = await deps.certificates.proposeRevocation(principalOf(ctx.state), ctx.get('Authorization'), id, body.values);
  });

  return router;
}
