import { Router } from '@koa/router';
import { z } from 'zod';
import type { CriminalCaseEntity, CriminalCaseStatus } from '../../cases/criminal-case.entity.js';
import { type CUSTODY_EXTENSIONS, CriminalCaseOpening, CustodyExtension, ProcuratorateDecision, ProsecutionDecision, type CriminalCaseService } from '../../cases/criminal-case-service.js';
import { ForbiddenError } from '../../errors.js';
import { can } from '../../jurisdiction/index.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import { AcceptedResponse, allValues, ProcedureClock, ProcedureDocument, startedProcedure } from '../schemas/cases-shared.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { bilingual, localize } from '../../language.js';

const Id = z.object({ id: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }) });

const CriminalCaseStatusSchema = z.enum(allValues<CriminalCaseStatus>({
  'filing-review': true, filed: true, detained: true, 'arrest-requested': true, arrested: true, released: true, 'on-bail': true, 'under-surveillance': true,
  'prosecution-review': true, 'supplementary-investigation': true, withdrawn: true, closed: true,
}));
/** The article of the Criminal Procedure Law a custody extension rests on. */
const CustodyArticle = z.enum(allValues<(typeof CUSTODY_EXTENSIONS)[number]['article']>({ '156': true, '158': true, '159': true }));
/** What every recorded decision of the procuratorate shows. */
const RecordedDecision = {
  ordinal: z.number().int().min(1), procuratorate: z.string(), documentNumber: z.string(), decidedOn: z.iso.date(), recordedBy: z.string(), recordedAt: z.iso.datetime(),
};

/** Answer of `POST /api/criminal-cases`: the case put to filing review and its process. */
export const CriminalCaseOpenedResponse = startedProcedure(CriminalCaseStatusSchema);

/** Answer of `GET /api/criminal-cases/{id}`: a criminal case with its clocks, documents, custody extensions and prosecution decisions. */
export const CriminalCaseViewResponse = z.object({
  id: z.uuid(), number: z.string(), sourceType: z.enum(allValues<CriminalCaseEntity['sourceType']>({ 'admin-case': true, direct: true })),
  sourceId: z.string().nullable(), sourceReference: z.string().nullable(), suspectName: z.string(), suspectResidentId: z.string().nullable(),
  regionCode: z.string(), status: CriminalCaseStatusSchema, measure: z.string().nullable(), facts: z.string(),
  outcome: z.enum(['not-filed', 'prosecuted', 'not-prosecuted', 'withdrawn', 'transferred-for-prosecution']).nullable(),
  processInstanceId: z.string().nullable(), createdBy: z.string(), createdAt: z.iso.datetime(), closedAt: z.iso.datetime().nullable(),
  clocks: z.array(ProcedureClock), documents: z.array(ProcedureDocument),
  custodyExtensions: z.array(z.object({ ...RecordedDecision, decision: z.literal('approved'), article: CustodyArticle, ground: CustodyExtension.shape.ground, months: z.number().int() })),
  prosecutionDecisions: z.array(z.object({ ...RecordedDecision, decision: ProsecutionDecision.shape.decision, reasons: z.string().nullable() })),
});

/** Answer of `POST /api/criminal-cases/{id}/custody-extension`: which extension was recorded, under which article, for how many months. */
export const CustodyExtensionResponse = z.object({ accepted: z.literal(true), ordinal: z.number().int().min(1), article: CustodyArticle, months: z.number().int() });

/** Answer of `POST /api/criminal-cases/{id}/prosecution-decision`: which decision on the case this was, and what it was. */
export const ProsecutionDecisionResponse = z.object({ accepted: z.literal(true), ordinal: z.number().int().min(1), decision: ProsecutionDecision.shape.decision });

/**
 * Criminal cases under `/api/criminal-cases`: put a matter to filing review, read a case with its custody clocks,
 * and record the procuratorate's decisions: on an arrest request, on an extension of investigative custody, and
 * on a case transferred for prosecution.
 */
export function criminalCaseRoutes(deps: { criminalCases: CriminalCaseService }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/criminal-cases' });

  router.post('/', async (ctx) => {
    const principal = principalOf(ctx.state);
    if (!can(principal, 'case.open')) throw new ForbiddenError('FORBIDDEN', localize('Only case, legal and leading officers put matters to criminal filing review', '只有办案民警、法制民警和领导可以提请刑事立案审查'));
    const body = parseInput(CriminalCaseOpening, ctx.request.body);
    deps.criminalCases.assertCityOfficer(principal, body.regionCode);
    const opened = await deps.criminalCases.open(body, { type: 'direct', id: null, reference: null }, principal.userId);
    ctx.status = 201;
    ctx.body = { id: opened.id, number: opened.number, processInstanceId: opened.processInstanceId, status: opened.status };
  });

  router.get('/:id', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = await deps.criminalCases.view(principalOf(ctx.state), id);
  });

  router.post('/:id/procuratorate-decision', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(ProcuratorateDecision, ctx.request.body);
    await deps.criminalCases.procuratorateDecision(principalOf(ctx.state), id, body);
    ctx.status = 202;
    ctx.body = { accepted: true };
  });

  router.post('/:id/custody-extension', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(CustodyExtension, ctx.request.body);
    const recorded = await deps.criminalCases.extendCustody(principalOf(ctx.state), id, body);
    ctx.status = 202;
    ctx.body = { accepted: true, ordinal: recorded.ordinal, article: recorded.article, months: recorded.months };
  });

  router.post('/:id/prosecution-decision', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(ProsecutionDecision, ctx.request.body);
    const recorded = await deps.criminalCases.prosecutionDecision(principalOf(ctx.state), id, body);
    ctx.status = 202;
    ctx.body = { accepted: true, ordinal: recorded.ordinal, decision: recorded.decision };
  });

  return router;
}

/** The operations of {@link criminalCaseRoutes}, for the OpenAPI description. */
export const criminalCaseOperations: ApiOperation[] = [
  {
    method: 'post', path: '/api/criminal-cases', tags: ['criminal-cases'], security: 'bearer',
    summary: '提请立案审查 · Put a matter to criminal filing review',
    body: { contentType: 'application/json', schema: CriminalCaseOpening },
    responses: [{ status: 201, description: '`{id, number, processInstanceId, status}`', contentType: 'application/json', schema: CriminalCaseOpenedResponse }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/criminal-cases/{id}', tags: ['criminal-cases'], security: 'bearer',
    summary: '刑事案件详情 · A criminal case with its custody clocks',
    params: Id,
    responses: [{ status: 200, description: 'The case.', contentType: 'application/json', schema: CriminalCaseViewResponse }],
    errors: [403, 404],
  },
  {
    method: 'post', path: '/api/criminal-cases/{id}/procuratorate-decision', tags: ['criminal-cases'], security: 'bearer',
    summary: '检察院批捕决定 · Record the procuratorate\'s decision on an arrest request',
    params: Id,
    body: { contentType: 'application/json', schema: ProcuratorateDecision },
    responses: [{ status: 202, description: '`{accepted: true}`', contentType: 'application/json', schema: AcceptedResponse }],
    errors: [403, 404, 409, 422],
  },
  {
    method: 'post', path: '/api/criminal-cases/{id}/custody-extension', tags: ['criminal-cases'], security: 'bearer',
    summary: '延长侦查羁押期限 · Record an approved extension of investigative custody',
    params: Id,
    body: { contentType: 'application/json', schema: CustodyExtension },
    responses: [{ status: 202, description: '`{accepted: true, ordinal, article, months}`', contentType: 'application/json', schema: CustodyExtensionResponse }],
    errors: [403, 404, 409, 422],
  },
  {
    method: 'post', path: '/api/criminal-cases/{id}/prosecution-decision', tags: ['criminal-cases'], security: 'bearer',
    summary: '审查起诉决定 · Record the procuratorate\'s decision on a case transferred for prosecution',
    params: Id,
    body: { contentType: 'application/json', schema: ProsecutionDecision },
    responses: [{ status: 202, description: '`{accepted: true, ordinal, decision}`', contentType: 'application/json', schema: ProsecutionDecisionResponse }],
    errors: [403, 404, 409, 422],
  },
];
