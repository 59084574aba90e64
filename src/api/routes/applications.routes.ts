import { Router } from '@koa/router';
import { z } from 'zod';
import type { Principal } from '../../auth/tokens.js';
import { ForbiddenError, NotFoundError, UnexpectedError, ValidationError } from '../../errors.js';
import type { ApplicationService } from '../../licensing/application-service.js';
import { applicationSummary, applicationView } from '../../licensing/application-view.js';
import type { ClockService } from '../../licensing/clock-service.js';
import type { DocumentIssuer } from '../../licensing/document-issuer.js';
import type { Notifications } from '../../licensing/notifications.js';
import { PROCEDURES } from '../../licensing/procedures.js';
import type { DataSource } from 'typeorm';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { readUpload, sniffMediaType } from '../upload.js';

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

const Id = z.object({ id: z.uuid({ error: 'must be a UUID' }) });
const DocParams = z.object({ id: z.uuid({ error: 'must be a UUID' }), documentId: z.uuid({ error: 'must be a UUID' }) });
const Paging = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.string().max(32).optional(),
});
const CreateApplication = z.strictObject({ procedure: z.string().min(1).max(64), data: z.record(z.string(), z.unknown()).default({}) });
const UpdateData = z.strictObject({ data: z.record(z.string(), z.unknown()), version: z.number().int().positive().optional() });
const Correction = z.strictObject({ note: z.string().trim().min(2, { error: 'must say what was corrected' }).max(2000) });
const Registration = z.strictObject({ creditCode: z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, { error: 'must be an 18-character unified social credit code' }) });
const DocumentFormat = z.object({ format: z.enum(['html', 'pdf'], { error: 'must be html or pdf' }).default('html') });
const InboxQuery = z.object({ offset: z.coerce.number().int().min(0).default(0), limit: z.coerce.number().int().min(1).max(200).default(50), unread: z.enum(['true', 'false']).optional() });

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

  router.post('/applications', async (ctx) => {
    const body = parseInput(CreateApplication, ctx.request.body);
    const app = await deps.applications.createDraft(principalOf(ctx.state), body.procedure, body.data);
    ctx.status = 201;
    ctx.body = await view(app);
  });

  router.get('/applications', async (ctx) => {
    const q = parseInput(Paging, ctx.query, 'query');
    const { items, total } = await deps.applications.listOwn(principalOf(ctx.state), q);
    ctx.body = { items: items.map(applicationSummary), total, offset: q.offset, limit: q.limit };
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
    if (!kind) throw new ValidationError('The checklist item is missing', [{ path: 'kind', message: 'is required' }]);
    if (!upload.file) throw new ValidationError('The file is missing', [{ path: 'file', message: 'is required' }]);
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
    else if (!(await deps.mayReadProcessDocument(principal, doc.processInstanceId))) throw new ForbiddenError('FORBIDDEN', 'Only the officers of its jurisdiction read this document');
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
    const result = await deps.notifications.inbox(p.userId, p.groupIds, { unreadOnly: q.unread === 'true', offset: q.offset, limit: q.limit });
    ctx.body = { ...result, offset: q.offset, limit: q.limit };
  });

  router.post('/inbox/:id/read', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const p = principalOf(ctx.state);
    if (!(await deps.notifications.markRead(id, p.userId, p.groupIds))) throw new NotFoundError('NOT_FOUND', `Notification ${id} is not in your inbox`);
    ctx.status = 204;
  });

  return router;
}

/** The authenticated caller; `authenticate` guarantees it on every non-public `/api` route. */
export function principalOf(state: AppState): Principal {
  if (!state.principal) throw new UnexpectedError('INTERNAL_ERROR', 'A protected route was reached without a principal');
  return state.principal;
}
