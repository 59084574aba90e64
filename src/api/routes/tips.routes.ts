import { Router } from '@koa/router';
import { z } from 'zod';
import { auditContextOf } from '../../audit/audit-context.js';
import { ValidationError } from '../../errors.js';
import { TIP_CATEGORIES, TipListQuery, TipReport, type TipEntity, type TipOutcome, type TipService, type TipStatus, type TipTracking } from '../../tips/index.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import { allValues, CaseReference, Sha256 } from '../schemas/cases-shared.js';
import type { AppState } from '../state.js';
import { readUpload, sniffMediaType } from '../upload.js';
import { principalOf } from './applications.routes.js';
import { bilingual, localize } from '../../language.js';

const Code = z.object({ code: z.string().regex(/^JB[2-9A-HJ-NP-Z]{10}$/i, { error: bilingual('must be a tracking code such as JB7K3M9Q2WXY', '须为查询码，如 JB7K3M9Q2WXY') }) });
const Id = z.object({ id: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }) });
const Addition = z.strictObject({ body: z.string().trim().min(2, { error: bilingual('must say something', '内容不得为空') }).max(4000) });
const Rating = z.strictObject({ rating: z.int().min(1, { error: bilingual('must be 1 to 5', '须为 1 至 5') }).max(5, { error: bilingual('must be 1 to 5', '须为 1 至 5') }), comment: z.string().trim().max(500).optional() });
const OfficerIntake = z.looseObject({ channel: z.enum(['phone', 'window'], { error: bilingual('must be phone or window', '须为 phone（电话）或 window（窗口）') }), regionCode: z.string().regex(/^\d{6}$/, { error: bilingual('must be a 6-digit division code', '须为 6 位行政区划代码') }) });
const Purpose = z.strictObject({ purpose: z.string().trim().min(2, { error: bilingual('must say why the identity is needed', '须说明查看举报人身份的事由') }).max(200) });

const TipStatusSchema = z.enum(allValues<TipStatus>({ received: true, verifying: true, closed: true, transferred: true }));
const TipOutcomeSchema = z.enum(allValues<TipOutcome>({
  duplicate: true, 'not-police': true, transferred: true, unfounded: true, rectification: true, 'administrative-case': true, 'criminal-case': true, 'other-authority': true,
}));
const TipChannel = z.enum(allValues<TipEntity['channel']>({ portal: true, phone: true, window: true }));
const TrackingCode = z.string().regex(/^JB[2-9A-HJKMNP-Z]{10}$/);
/** Answer of reporting a tip (`POST /api/public/tips`, `POST /api/tips`): the tracking code and the secret, shown only once. */
export const TipCreatedResponse = z.object({ trackingCode: TrackingCode, secret: z.string().regex(/^[2-9A-HJKMNP-Z]{20}$/), notice: z.string() });

/** Answer of `GET /api/public/tips/{code}`: what the complainant may see of the tip. */
export const TipTrackingResponse = z.object({
  trackingCode: TrackingCode,
  stage: z.enum(allValues<TipTracking['stage']>({ 已受理: true, 核查中: true, 已办结: true, 已移送: true })),
  receivedAt: z.iso.datetime(), closedAt: z.iso.datetime().nullable(), outcome: TipOutcomeSchema.nullable(), feedback: z.string().nullable(),
  additions: z.array(z.object({ body: z.string(), at: z.iso.datetime() })),
  attachments: z.array(z.object({ id: z.uuid(), fileName: z.string(), mediaType: z.string(), size: z.number().int(), at: z.iso.datetime() }))
    .describe('The files the complainant attached (name, type, size, time), oldest first'),
  rating: z.number().int().min(1).max(5).nullable(), canAddInformation: z.boolean(), canRate: z.boolean(),
});

/** Answer of `POST /api/public/tips/{code}/attachments`: the attachment's id and the SHA-256 of its file. */
export const TipAttachmentResponse = z.object({ id: z.uuid(), sha256: Sha256 });

/** Answer of `GET /api/tips`: a page of tips, never the complainant. */
export const TipListResponse = z.object({
  items: z.array(z.object({
    id: z.uuid(), trackingCode: TrackingCode, channel: TipChannel, category: z.enum(TIP_CATEGORIES), subjectName: z.string(), regionCode: z.string(),
    status: TipStatusSchema, outcome: TipOutcomeSchema.nullable(), assignedGroup: z.string().nullable(), createdAt: z.iso.datetime(), closedAt: z.iso.datetime().nullable(),
  })),
  total: z.number().int(), offset: z.number().int(), limit: z.number().int(),
});

/** Answer of `GET /api/tips/{id}`: the tip as officers see it, the complainant only as 匿名 or 已保密. */
export const TipOfficerViewResponse = z.object({
  id: z.uuid(), trackingCode: TrackingCode, channel: TipChannel, category: z.enum(TIP_CATEGORIES), regionCode: z.string(), facts: z.string(),
  occurredAt: z.iso.datetime().nullable(),
  subject: z.object({ name: z.string(), creditCode: z.string().nullable(), certificateNumber: z.string().nullable(), address: z.string().nullable() }),
  complainant: z.enum(['匿名', '已保密（查看须经授权并记录）']), confidential: z.boolean(), status: TipStatusSchema, outcome: TipOutcomeSchema.nullable(),
  feedback: z.string().nullable(), assignedGroup: z.string().nullable(), processInstanceId: z.string().nullable(), createdAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(), rating: z.number().int().min(1).max(5).nullable(), ratingComment: z.string().nullable(),
  case: CaseReference.nullable(),
  messages: z.array(z.object({ authorKind: z.enum(['complainant', 'officer']), author: z.string().nullable(), body: z.string(), at: z.iso.datetime() })),
  attachments: z.array(z.object({ id: z.uuid(), fileName: z.string(), mediaType: z.string(), size: z.number().int(), sha256: Sha256, uploadedAt: z.iso.datetime() })),
});

/** Answer of `POST /api/tips/{id}/complainant`: the complainant's identity. */
export const TipComplainantResponse = z.object({ name: z.string(), residentId: z.string().nullable(), phone: z.string().nullable(), address: z.string().nullable() });

/** Answer of `GET /api/tips/{id}/identity-reads`: who read the complainant's identity, why and when, oldest first. */
export const TipIdentityReadsResponse = z.array(z.object({ userId: z.string(), purpose: z.string(), at: z.iso.datetime() }));

/** Largest attachment to a tip. */
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/**
 * Tips: the public side under `/api/public/tips` (report; follow, add information and files, rate — with the
 * tracking code in the path and the secret in the `X-Tip-Secret` header, never in a URL) and the officers' side
 * under `/api/tips` (the tips of the caller's jurisdiction; a tip without the complainant; the complainant's identity
 * on its own, logged call).
 */
export function tipRoutes(deps: { tips: TipService }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  const secretOf = (header: string | undefined) => {
    if (!header || !header.trim()) throw new ValidationError('The secret is missing', [{ path: 'X-Tip-Secret', message: localize('header is required', '缺少举报查询密码') }]);
    return header.trim().slice(0, 64);
  };

  router.post('/public/tips', async (ctx) => {
    const body = parseInput(TipReport, ctx.request.body);
    const created = await deps.tips.report(body, 'portal');
    ctx.state.log.info('tip reported', { trackingCode: created.trackingCode });
    ctx.status = 201;
    ctx.body = { ...created, notice: '请妥善保存查询码和密码；密码只显示这一次。' };
  });

  router.get('/public/tips/:code', async (ctx) => {
    const { code } = parseInput(Code, ctx.params, 'path');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await deps.tips.track(code, secretOf(ctx.get('X-Tip-Secret')));
  });

  router.post('/public/tips/:code/information', async (ctx) => {
    const { code } = parseInput(Code, ctx.params, 'path');
    const body = parseInput(Addition, ctx.request.body);
    await deps.tips.addInformation(code, secretOf(ctx.get('X-Tip-Secret')), body.body);
    ctx.status = 204;
  });

  router.post('/public/tips/:code/attachments', async (ctx) => {
    const { code } = parseInput(Code, ctx.params, 'path');
    const secret = secretOf(ctx.get('X-Tip-Secret'));
    const upload = await readUpload(ctx, MAX_ATTACHMENT_BYTES);
    if (!upload.file) throw new ValidationError('The file is missing', [{ path: 'file', message: localize('is required', '请选择文件') }]);
    const mediaType = sniffMediaType(upload.file.bytes);
    if (!mediaType) throw new ValidationError('Unsupported file', [{ path: 'file', message: localize('must be a PDF, JPEG, PNG or OFD file', '须为 PDF、JPEG、PNG 或 OFD 文件') }]);
    ctx.status = 201;
    ctx.body = await deps.tips.attach(code, secret, { fileName: upload.file.fileName, mediaType, bytes: upload.file.bytes });
  });

  router.post('/public/tips/:code/rating', async (ctx) => {
    const { code } = parseInput(Code, ctx.params, 'path');
    const body = parseInput(Rating, ctx.request.body);
    await deps.tips.rate(code, secretOf(ctx.get('X-Tip-Secret')), body.rating, body.comment);
    ctx.status = 204;
  });

  router.post('/tips', async (ctx) => {
    const principal = principalOf(ctx.state);
    deps.tips.assertIntakeOfficer(principal);
    const { channel, ...report } = parseInput(OfficerIntake, ctx.request.body);
    deps.tips.assertIntakeOfficer(principal, report.regionCode);
    const created = await deps.tips.report(parseInput(TipReport, report), channel);
    ctx.state.log.info('tip registered by an officer', { trackingCode: created.trackingCode, userId: principal.userId, channel });
    ctx.status = 201;
    ctx.body = { ...created, notice: '请将查询码和密码告知举报人；密码只显示这一次。' };
  });

  router.get('/tips', async (ctx) => {
    const q = parseInput(TipListQuery, ctx.query, 'query');
    ctx.body = { ...(await deps.tips.list(principalOf(ctx.state), q)), offset: q.offset, limit: q.limit };
  });

  router.get('/tips/:id', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = await deps.tips.officerView(principalOf(ctx.state), id);
  });

  router.post('/tips/:id/complainant', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(Purpose, ctx.request.body);
    const principal = principalOf(ctx.state);
    const identity = await deps.tips.complainant(principal, id, body.purpose, auditContextOf(ctx));
    ctx.state.log.info('complainant identity read', { tipId: id, userId: principal.userId });
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { name: identity.name, residentId: identity.residentId, phone: identity.phone, address: identity.address };
  });

  router.get('/tips/:id/identity-reads', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = (await deps.tips.identityReads(principalOf(ctx.state), id)).map((r) => ({ userId: r.userId, purpose: r.purpose, at: r.at }));
  });

  return router;
}

/** The header that carries a tip's secret on the complainant's operations. */
const TIP_SECRET = { name: 'X-Tip-Secret', description: 'The secret given with the tracking code when the tip was made.', required: true } as const;

/** The operations of {@link tipRoutes}, for the OpenAPI description. */
export const tipOperations: ApiOperation[] = [
  {
    method: 'post', path: '/api/public/tips', tags: ['tips', 'public'], security: 'public',
    summary: '举报 · Report a tip, anonymously or with contact details',
    body: { contentType: 'application/json', schema: TipReport },
    responses: [{ status: 201, description: 'The tracking code (`JB` + 10 characters) and the 20-character secret, shown only once.', contentType: 'application/json', schema: TipCreatedResponse }],
  },
  {
    method: 'get', path: '/api/public/tips/{code}', tags: ['tips', 'public'], security: 'public',
    summary: '查询举报进度 · Follow a tip: stage, dates, outcome and feedback',
    description: 'A wrong secret is answered like an unknown code; 5 wrong secrets lock the code for 15 minutes (429).',
    params: Code,
    headers: [TIP_SECRET],
    responses: [{ status: 200, description: 'What the complainant may see of the tip; nothing internal.', contentType: 'application/json', schema: TipTrackingResponse }],
    errors: [404, 429],
  },
  {
    method: 'post', path: '/api/public/tips/{code}/information', tags: ['tips', 'public'], security: 'public',
    summary: '补充举报信息 · Add information to an open tip',
    params: Code,
    headers: [TIP_SECRET],
    body: { contentType: 'application/json', schema: Addition },
    responses: [{ status: 204, description: 'Added.' }],
    errors: [404, 409, 429],
  },
  {
    method: 'post', path: '/api/public/tips/{code}/attachments', tags: ['tips', 'public'], security: 'public',
    summary: '补充举报材料 · Attach a file (PDF, JPEG, PNG or OFD) to an open tip',
    params: Code,
    headers: [TIP_SECRET],
    body: { contentType: 'multipart/form-data', files: [{ name: 'file', description: 'A PDF, JPEG, PNG or OFD file of at most 20 MiB.', required: true }] },
    responses: [{ status: 201, description: 'The attachment.', contentType: 'application/json', schema: TipAttachmentResponse }],
    errors: [404, 409, 413, 415, 429],
  },
  {
    method: 'post', path: '/api/public/tips/{code}/rating', tags: ['tips', 'public'], security: 'public',
    summary: '评价办理结果 · Rate the handling of a closed tip, once',
    params: Code,
    headers: [TIP_SECRET],
    body: { contentType: 'application/json', schema: Rating },
    responses: [{ status: 204, description: 'Rated.' }],
    errors: [404, 409, 429],
  },
  {
    method: 'post', path: '/api/tips', tags: ['tips'], security: 'bearer',
    summary: '登记电话或窗口举报 · Register a tip taken by phone or at the window (intake officers)',
    description: 'The report of `POST /api/public/tips` with the `channel` it came through.',
    body: { contentType: 'application/json', schema: [OfficerIntake, TipReport] },
    responses: [{ status: 201, description: 'The tracking code and secret, to be passed on to the complainant.', contentType: 'application/json', schema: TipCreatedResponse }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/tips', tags: ['tips'], security: 'bearer',
    summary: '举报列表 · The tips of the caller\'s jurisdiction',
    query: TipListQuery,
    responses: [{ status: 200, description: '`{items, total, offset, limit}`; never the complainant.', contentType: 'application/json', schema: TipListResponse }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/tips/{id}', tags: ['tips'], security: 'bearer',
    summary: '举报详情 · A tip with its messages and attachments, without the complainant',
    params: Id,
    responses: [{ status: 200, description: 'The tip; the complainant shows only as 匿名 or 已保密.', contentType: 'application/json', schema: TipOfficerViewResponse }],
    errors: [403, 404],
  },
  {
    method: 'post', path: '/api/tips/{id}/complainant', tags: ['tips'], security: 'bearer',
    summary: '查看举报人身份 · The complainant\'s identity; every read is logged with its purpose',
    params: Id,
    body: { contentType: 'application/json', schema: Purpose },
    responses: [{ status: 200, description: '`{name, residentId, phone, address}`', contentType: 'application/json', schema: TipComplainantResponse }],
    errors: [403, 404],
  },
  {
    method: 'get', path: '/api/tips/{id}/identity-reads', tags: ['tips'], security: 'bearer',
    summary: '身份查阅记录 · The log of reads of the complainant\'s identity (leaders)',
    params: Id,
    responses: [{ status: 200, description: '`[{userId, purpose, at}]`', contentType: 'application/json', schema: TipIdentityReadsResponse }],
    errors: [403, 404],
  },
];
