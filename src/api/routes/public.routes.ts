import { Router } from '@koa/router';
import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { ApplicantRegistration, type ApplicantAccounts } from '../../licensing/applicant-accounts.js';
import type { DocumentIssuer } from '../../licensing/document-issuer.js';
import type { Regions } from '../../licensing/regions.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import { ApplicantAccountCreated, DocumentVerification } from '../schemas/licensing-responses.js';
import type { AppState } from '../state.js';
import { bilingual, localize } from '../../language.js';

/** `/api` paths of {@link publicRoutes}, reachable without a token. */
export const PUBLIC_LICENSING_PATHS = ['/api/public/applicant-accounts', '/api/public/verify', '/api/public/regions'] as const;

/** Answer of `GET /api/public/regions`: the province this installation serves and its cities, with their authorities. */
export const RegionTableResponse = z.object({
  province: z.object({ code: z.string(), name: z.string(), authority: z.string() }),
  cities: z.array(z.object({ code: z.string(), name: z.string(), authority: z.string() })),
});

const Verify = z.object({
  number: z.string().trim().min(1, { error: bilingual('is required', '为必填项') }).max(64),
  code: z.string().trim().min(1, { error: bilingual('is required', '为必填项') }).max(16),
});

/**
 * What the public reaches without an account: a company or unit opens an applicant account, anyone checks an
 * official document by its number and verification code, and reads the province's cities (where tips are reported
 * and applications filed).
 */
export function publicRoutes(deps: { accounts: ApplicantAccounts; documents: DocumentIssuer; regions: Regions }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/public' });

  router.post('/applicant-accounts', async (ctx) => {
    const body = parseInput(ApplicantRegistration, ctx.request.body);
    const created = await deps.accounts.register(body);
    ctx.state.log.info('applicant account registered', { userId: created.userId, organisationId: created.organisationId });
    ctx.status = 201;
    ctx.body = created;
  });

  router.get('/verify', async (ctx) => {
    const q = parseInput(Verify, ctx.query, 'query');
    const result = await deps.documents.verify(q.number, q.code);
    if (!result) throw new NotFoundError('NOT_FOUND', localize('No document has this number and verification code', '未查到与该文号和核验码相符的文书'));
    ctx.body = result;
  });

  router.get('/regions', (ctx) => {
    const { province, cities } = deps.regions.table;
    ctx.body = { province, cities };
  });

  return router;
}

/** The operations of {@link publicRoutes}, for the OpenAPI description. */
export const publicOperations: ApiOperation[] = [
  {
    method: 'post', path: '/api/public/applicant-accounts', tags: ['public'], security: 'public',
    summary: '开设申请人账户 · Open an applicant account for a company or unit',
    body: { contentType: 'application/json', schema: ApplicantRegistration },
    responses: [{ status: 201, description: 'The new user and organisation ids: `{organisationId, userId}`.', contentType: 'application/json', schema: ApplicantAccountCreated }],
    errors: [409],
  },
  {
    method: 'get', path: '/api/public/verify', tags: ['public'], security: 'public',
    summary: '文书核验 · Check an official document by its number and verification code',
    query: Verify,
    responses: [{ status: 200, description: 'Title, number, holder, issuer, issue date and status of the document.', contentType: 'application/json', schema: DocumentVerification }],
    errors: [404],
  },
  {
    method: 'get', path: '/api/public/regions', tags: ['public'], security: 'public',
    summary: '行政区划 · The province this installation serves and its cities',
    description: 'The built-in Guangdong table, or the one of `REGIONS_FILE`: the codes tips and applications name, and the authority acting for each city.',
    responses: [{ status: 200, description: '`{province, cities}`, each with `code`, `name` and `authority`.', contentType: 'application/json', schema: RegionTableResponse }],
  },
];
