import { Router } from '@koa/router';
import { z } from 'zod';
import type { Principal } from '../../auth/tokens.js';
import { ForbiddenError, NotFoundError, UnexpectedError, ValidationError } from '../../errors.js';
import type { ApplicationService } from '../../licensing/application-service.js';
import { applicationSummary, applicationView } from '../../licensing/application-view.js';
import type { ClockService, ClockView } from '../../licensing/clock-service.js';
import type { DocumentIssuer } from '../../licensing/document-issuer.js';
import type { Notifications } from '../../licensing/notifications.js';
import { PROCEDURES } from '../../licensing/procedures.js';
import { NOTIFICATION_KINDS } from '../../notifications/kinds.js';
import type { DataSource } from 'typeorm';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import { ApplicationDetail, ApplicationFormSchema, ApplicationsPage, InboxPage, ProcedureList, RegistrationAccepted, UploadedDocument } from '../schemas/licensing-responses.js';
import type { AppState } from '../state.js';
import { readUpload, sniffMediaType } from '../upload.js';
import { bilingual, localize } from '../../language.js';

/** Dependencies of {@link applicationRoutes}. */
export interface ApplicationRoutesDeps {
  dataSource: DataSource;
  applications: ApplicationService;
  clocks: ClockService;
  documents: DocumentIssuer;
  notifications: Notifications;
  uploadMaxBytes: number;
  /** Whether the caller may read documents of a process instance that belong to no application. */
  mayReadProcessDocument: (principal: Principal, processInstanceId: string | null) => Promise<boolean>;
}

const ProcedureParams = z.object({ key: z.string().min(1).max(64) });
const Id = z.object({ id: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }) });
const DocParams = z.object({ id: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }), documentId: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }) });
const Paging = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.string().max(32).optional(),
});
const CreateApplication = z.strictObject({ procedure: z.string().min(1).max(64), data: z.record(z.string(), z.unknown()).default({}) });
const UpdateData = z.strictObject({ data: z.record(z.string(), z.unknown()), version: z.number().int().positive().optional() });
const Correction = z.strictObject({ note: z.string().trim().min(2, { error: bilingual('must say what was corrected', '须说明更正的内容') }).max(2000) });
const Registration = z.strictObject({ creditCode: z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, { error: bilingual('must be an 18-character unified social credit code', '须为 18 位统一社会信用代码') }) });
const DocumentFormat = z.object({ format: z.enum(['html', 'pdf'], { error: bilingual('must be html or pdf', '须为 html 或 pdf') }).default('html') });
const InboxQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(200).default(50), unread: z.enum(['true', 'false']).optional(),
  kind: z.enum(NOTIFICATION_KINDS, { error: `must be one of ${NOTIFICATION_KINDS.join(', ')}` }).optional(),
  id: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }).optional().describe('Only this notification (the link of an e-mail): none when it is not in the caller\'s inbox.'),
});

/**
 * The applicant's side of the licensing procedures under `/api`: procedures, applications and filings (drafts,
 * documents, submission, correction, business registration), issued official documents, and the inbox.
 */
export function applicationRoutes(deps: ApplicationRoutesDeps): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });
  const view = async (app: Parameters<typeof applicationView>[3]) => applicationView(deps.dataSource, deps.clocks, deps.documents, app);

  router.get('/procedures', (ctx) => {
    ctx.body = Object.values(PROCEDURES).map((p) => ({ key: p.key, name: p.name, applicationForm: p.applicationForm, checklist: p.checklist }));
  });

  router.get('/procedures/:key/form', (ctx) => {
    const { key } = parseInput(ProcedureParams, ctx.params, 'path');
    ctx.body = deps.applications.applicationForm(key);
  });

  router.post('/applications', async (ctx) => {
    const body = parseInput(CreateApplication, ctx.request.body);
    const app = await deps.applications.createDraft(principalOf(ctx.state), body.procedure, body.data);
    ctx.status = 201;
    ctx.body = await view(app);
  });

  router.get('/applications', async (ctx) => {
    const q = parseInput(Paging, ctx.query, 'query');
    const { items, total } = await deps.applications.listOwn(principalOf(ctx.state), q);
    const clocks = await deps.clocks.ofProcesses(items.flatMap((a) => (a.processInstanceId ? [a.processInstanceId] : [])));
    ctx.body = { items: items.map((a) => ({ ...applicationSummary(a), clock: currentClock(clocks.get(a.processInstanceId ?? '') ?? []) })), total, offset: q.offset, limit: q.limit };
  });

  router.get('/applications/:id', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = await view(await deps.applications.readable(principalOf(ctx.state), id));
  });

  router.put('/applications/:id/data', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(UpdateData, ctx.request.body);
    ctx.body = await view(await deps.applications.updateData(principalOf(ctx.state), id, body.data, body.version));
  });

  router.post('/applications/:id/documents', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const upload = await readUpload(ctx, deps.uploadMaxBytes);
    const kind = upload.fields.get('kind');
    if (!kind) throw new ValidationError('The checklist item is missing', [{ path: 'kind', message: localize('is required', '请选择材料类别') }]);
    if (!upload.file) throw new ValidationError('The file is missing', [{ path: 'file', message: localize('is required', '请选择文件') }]);
    // the content decides the type, not what the client declared
    const mediaType = sniffMediaType(upload.file.bytes) ?? 'application/octet-stream';
    const doc = await deps.applications.addDocument(principalOf(ctx.state), id, { kind, fileName: upload.file.fileName, mediaType, bytes: upload.file.bytes });
    ctx.status = 201;
    ctx.body = { id: doc.id, kind: doc.kind, fileName: doc.fileName, mediaType: doc.mediaType, size: doc.size, sha256: doc.sha256, uploadedAt: doc.uploadedAt, round: doc.round };
  });

  router.get('/applications/:id/documents/:documentId', async (ctx) => {
    const { id, documentId } = parseInput(DocParams, ctx.params, 'path');
    const { document, bytes } = await deps.applications.readDocument(principalOf(ctx.state), id, documentId);
    ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(document.fileName)}`);
    ctx.set('X-Content-SHA256', document.sha256);
    ctx.type = document.mediaType;
    ctx.body = bytes;
  });

  router.delete('/applications/:id/documents/:documentId', async (ctx) => {
    const { id, documentId } = parseInput(DocParams, ctx.params, 'path');
    await deps.applications.removeDocument(principalOf(ctx.state), id, documentId);
    ctx.status = 204;
  });

  router.post('/applications/:id/submit', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = await view(await deps.applications.submit(principalOf(ctx.state), id));
  });

  router.post('/applications/:id/correction', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(Correction, ctx.request.body);
    await deps.applications.answerCorrection(principalOf(ctx.state), id, body.note);
    ctx.body = await view(await deps.applications.readable(principalOf(ctx.state), id));
  });

  router.post('/applications/:id/business-registration', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const body = parseInput(Registration, ctx.request.body);
    await deps.applications.reportBusinessRegistration(principalOf(ctx.state), id, body.creditCode);
    ctx.status = 202;
    ctx.body = { accepted: true };
  });

  router.get('/official-documents/:id', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const doc = await deps.documents.get(id);
    const principal = principalOf(ctx.state);
    if (doc.applicationId) await deps.applications.readable(principal, doc.applicationId);
    else if (!(await deps.mayReadProcessDocument(principal, doc.processInstanceId))) throw new ForbiddenError('FORBIDDEN', localize('Only the officers of its jurisdiction read this document', '只有该申请所属辖区的民警可以查看此材料'));
    const { format } = parseInput(DocumentFormat, ctx.query, 'query');
    if (format === 'pdf') {
      ctx.type = 'application/pdf';
      ctx.set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(`${doc.title}-${doc.number}.pdf`)}`);
      ctx.body = await deps.documents.pdf(doc);
      return;
    }
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    ctx.body = doc.html;
  });

  router.get('/inbox', async (ctx) => {
    const q = parseInput(InboxQuery, ctx.query, 'query');
    const p = principalOf(ctx.state);
    const result = await deps.notifications.inbox(p.userId, p.groupIds, { unreadOnly: q.unread === 'true', kind: q.kind, id: q.id, offset: q.offset, limit: q.limit });
    ctx.body = { ...result, offset: q.offset, limit: q.limit };
  });

  router.post('/inbox/:id/read', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const p = principalOf(ctx.state);
    if (!(await deps.notifications.markRead(id, p.userId, p.groupIds))) throw new NotFoundError('NOT_FOUND', localize(`Notification ${id} is not in your inbox`, `您的消息中没有编号为 ${id} 的消息`));
    ctx.status = 204;
  });

  return router;
}

/** The operations of {@link applicationRoutes}, for the OpenAPI description. */
export const applicationOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/procedures', tags: ['applications'], security: 'bearer',
    summary: '可申请的事项 · The licensing procedures with their forms and checklists',
    responses: [{ status: 200, description: '`[{key, name, applicationForm, checklist}]`', contentType: 'application/json', schema: ProcedureList }],
  },
  {
    method: 'get', path: '/api/procedures/{key}/form', tags: ['applications'], security: 'bearer',
    summary: '申请表 · The form-js schema of a procedure\'s application form, for drawing it',
    params: ProcedureParams,
    responses: [{ status: 200, description: 'The form-js schema (`{id, type, components, …}`).', contentType: 'application/json', schema: ApplicationFormSchema }],
    errors: [404],
  },
  {
    method: 'post', path: '/api/applications', tags: ['applications'], security: 'bearer',
    summary: '新建申请草稿 · Start a draft application or filing',
    body: { contentType: 'application/json', schema: CreateApplication },
    responses: [{ status: 201, description: 'The draft with its checklist.', contentType: 'application/json', schema: ApplicationDetail }],
    errors: [403, 404],
  },
  {
    method: 'get', path: '/api/applications', tags: ['applications'], security: 'bearer',
    summary: '我的申请 · The caller\'s applications, newest first, each with the clock that runs now',
    query: Paging,
    responses: [{ status: 200, description: '`{items, total, offset, limit}`', contentType: 'application/json', schema: ApplicationsPage }],
  },
  {
    method: 'get', path: '/api/applications/{id}', tags: ['applications'], security: 'bearer',
    summary: '申请详情 · An application with its history, clocks, documents and permit',
    params: Id,
    responses: [{ status: 200, description: 'The application.', contentType: 'application/json', schema: ApplicationDetail }],
    errors: [403, 404],
  },
  {
    method: 'put', path: '/api/applications/{id}/data', tags: ['applications'], security: 'bearer',
    summary: '修改申请内容 · Replace the form data of a draft or of an application under correction',
    description: 'With `version`, the change is refused (409) when the application changed since that version.',
    params: Id,
    body: { contentType: 'application/json', schema: UpdateData },
    responses: [{ status: 200, description: 'The application.', contentType: 'application/json', schema: ApplicationDetail }],
    errors: [403, 404, 409, 422],
  },
  {
    method: 'post', path: '/api/applications/{id}/documents', tags: ['applications'], security: 'bearer',
    summary: '上传申请材料 · Upload a document for an item of the checklist',
    description: 'The media type is taken from the file\'s content (PDF, JPEG, PNG or OFD), not from what the client declares.',
    params: Id,
    body: {
      contentType: 'multipart/form-data',
      fields: [{ name: 'kind', description: 'The checklist item the document is for.', required: true }],
      files: [{ name: 'file', description: 'The document.', required: true }],
    },
    responses: [{ status: 201, description: '`{id, kind, fileName, mediaType, size, sha256, uploadedAt, round}`', contentType: 'application/json', schema: UploadedDocument }],
    errors: [403, 404, 409, 413, 415, 422],
  },
  {
    method: 'get', path: '/api/applications/{id}/documents/{documentId}', tags: ['applications'], security: 'bearer',
    summary: '下载申请材料 · Download an uploaded document',
    description: 'Answered as an attachment in its stored media type, with its SHA-256 in `X-Content-SHA256`.',
    params: DocParams,
    responses: [{ status: 200, description: 'The file.', contentType: '*/*' }],
    errors: [403, 404],
  },
  {
    method: 'delete', path: '/api/applications/{id}/documents/{documentId}', tags: ['applications'], security: 'bearer',
    summary: '删除申请材料 · Remove an uploaded document',
    params: DocParams,
    responses: [{ status: 204, description: 'Removed.' }],
    errors: [403, 404, 409],
  },
  {
    method: 'post', path: '/api/applications/{id}/submit', tags: ['applications'], security: 'bearer',
    summary: '提交申请 · Submit an application: numbers it and starts its procedure',
    params: Id,
    responses: [{ status: 200, description: 'The application with its number, status, process instance and clocks.', contentType: 'application/json', schema: ApplicationDetail }],
    errors: [403, 404, 409, 422],
  },
  {
    method: 'post', path: '/api/applications/{id}/correction', tags: ['applications'], security: 'bearer',
    summary: '补正后重新提交 · Answer a request for correction',
    params: Id,
    body: { contentType: 'application/json', schema: Correction },
    responses: [{ status: 200, description: 'The application.', contentType: 'application/json', schema: ApplicationDetail }],
    errors: [403, 404, 409, 422],
  },
  {
    method: 'post', path: '/api/applications/{id}/business-registration', tags: ['applications'], security: 'bearer',
    summary: '报告工商登记 · Report the business registration of a granted company',
    params: Id,
    body: { contentType: 'application/json', schema: Registration },
    responses: [{ status: 202, description: '`{accepted: true}`', contentType: 'application/json', schema: RegistrationAccepted }],
    errors: [403, 404, 409, 422],
  },
  {
    method: 'get', path: '/api/official-documents/{id}', tags: ['applications'], security: 'bearer',
    summary: '官方文书 · An official document issued, as printable HTML or PDF',
    description: 'For the applicant of its application, or the officers of its jurisdiction. PDF needs `DOCUMENT_FONT_FILE`.',
    params: Id,
    query: DocumentFormat,
    responses: [{ status: 200, description: 'The document.', contentType: ['text/html', 'application/pdf'] }],
    errors: [403, 404, 503],
  },
  {
    method: 'get', path: '/api/inbox', tags: ['inbox'], security: 'bearer',
    summary: '消息 · The caller\'s notifications, newest first; `kind` and `unread=true` narrow the list',
    description: 'Each notification names its `subject` (`{kind, id}`: a task, a case file, an application or a task list), which the client opens; older notifications have none.',
    query: InboxQuery,
    responses: [{ status: 200, description: '`{items, total, unread, offset, limit}`', contentType: 'application/json', schema: InboxPage }],
  },
  {
    method: 'post', path: '/api/inbox/{id}/read', tags: ['inbox'], security: 'bearer',
    summary: '标记已读 · Mark a notification read',
    params: Id,
    responses: [{ status: 204, description: 'Marked.' }],
    errors: [404],
  },
];

/** The clock an application runs on now: the latest that is not stopped, else null. */
function currentClock(clocks: ClockView[]): ClockView | null {
  return clocks.filter((c) => c.status !== 'stopped').at(-1) ?? null;
}

/** The authenticated caller; `authenticate` guarantees it on every non-public `/api` route. */
export function principalOf(state: AppState): Principal {
  if (!state.principal) throw new UnexpectedError('INTERNAL_ERROR', 'A protected route was reached without a principal');
  return state.principal;
}
