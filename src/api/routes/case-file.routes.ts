import { Router } from '@koa/router';
import { z } from 'zod';
import { EvidenceItem, type CaseFile, type CaseType } from '../../cases/case-file.js';
import { ValidationError } from '../../errors.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import type { OrganisationKind } from '../../licensing/organisation.entity.js';
import type { GuardCertificateEntity, PermitStatus } from '../../licensing/permit.entity.js';
import { parseInput } from '../parse.js';
import { allValues, CaseFileDocument, Sha256 } from '../schemas/cases-shared.js';
import type { AppState } from '../state.js';
import { readUpload, sniffMediaType } from '../upload.js';
import { principalOf } from './applications.routes.js';
import { bilingual, localize } from '../../language.js';

const Id = z.object({ id: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }) });
const EvidenceFileParams = Id.extend({ evidenceId: z.uuid({ error: bilingual('must be a UUID', '须为 UUID 格式的标识') }) });

/** Largest evidence file. */
const MAX_EVIDENCE_BYTES = 50 * 1024 * 1024;

/** Answer of adding an evidence item: the item, with the SHA-256 and size of its file when it has one. */
export const EvidenceAddedResponse = z.object({
  id: z.uuid(), kind: EvidenceItem.shape.kind, title: z.string(), sha256: Sha256.nullable(), size: z.number().int().nullable(), collectedBy: z.string(), collectedAt: z.iso.datetime(),
});

/** Answer of listing a case's evidence items, in the order collected. */
export const EvidenceListResponse = z.array(z.object({
  id: z.uuid(), kind: EvidenceItem.shape.kind, title: z.string(), description: z.string().nullable(), fileName: z.string().nullable(), mediaType: z.string().nullable(),
  size: z.number().int().nullable(), sha256: Sha256.nullable(), collectedBy: z.string(), collectedAt: z.iso.datetime(),
}));

/** Answer of a case's timeline: its steps from the engine's history, oldest first, each time in ISO 8601 UTC. */
export const CaseTimelineResponse = z.array(z.object({
  activityId: z.string(), name: z.string().nullable(), type: z.string(), assignee: z.string().nullable(), startedAt: z.iso.datetime(), endedAt: z.iso.datetime().nullable(), canceled: z.boolean(),
}));

/** Answer of a case's documents: the official documents issued in it, in the order issued. */
export const CaseDocumentsResponse = z.array(CaseFileDocument);

/** Answer of a case's party: `{known: false}`, an organisation with its permits, or a person (when registered) with their guard certificates. */
export const CasePartyResponse = z.union([
  z.object({ known: z.literal(false) }),
  z.object({
    known: z.literal(true),
    organisation: z.object({
      id: z.string(), name: z.string(),
      kind: z.enum(allValues<OrganisationKind>({ 'security-company': true, 'in-house-employer': true, 'training-unit': true, 'applicant-company': true })),
      creditCode: z.string(),
    }),
    permits: z.array(z.object({
      id: z.string(), number: z.string(),
      status: z.enum(allValues<PermitStatus>({ issued: true, active: true, lapsed: true, revoked: true, cancelled: true })),
    })),
  }),
  z.object({
    known: z.literal(true),
    person: z.object({ id: z.string(), name: z.string() }).optional(),
    guardCertificates: z.array(z.object({
      id: z.string(), number: z.string(), status: z.enum(allValues<GuardCertificateEntity['status']>({ valid: true, revoked: true })), revokedAt: z.iso.datetime().nullable(),
    })),
  }),
]);

/**
 * The case file of one track under `prefix` (`/api/cases` or `/api/criminal-cases`): evidence items (multipart
 * `kind`, `title`, `description` and an optional `file`), the timeline of steps, the official documents issued, and
 * the party in the registers.
 */
export function caseFileRoutes(prefix: string, type: CaseType, deps: { caseFile: CaseFile }): Router<AppState> {
  const router = new Router<AppState>({ prefix });

  router.post('/:id/evidence', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    const upload = await readUpload(ctx, MAX_EVIDENCE_BYTES);
    const item = parseInput(EvidenceItem, Object.fromEntries(upload.fields));
    let file = null;
    if (upload.file) {
      const mediaType = sniffMediaType(upload.file.bytes);
      if (!mediaType) throw new ValidationError('Unsupported file', [{ path: 'file', message: localize('must be a PDF, JPEG, PNG or OFD file', '须为 PDF、JPEG、PNG 或 OFD 文件') }]);
      file = { fileName: upload.file.fileName, mediaType, bytes: upload.file.bytes };
    }
    const evidence = await deps.caseFile.addEvidence(principalOf(ctx.state), type, id, item, file);
    ctx.status = 201;
    ctx.body = { id: evidence.id, kind: evidence.kind, title: evidence.title, sha256: evidence.sha256, size: evidence.size, collectedBy: evidence.collectedBy, collectedAt: evidence.collectedAt };
  });

  router.get('/:id/evidence', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = (await deps.caseFile.evidence(principalOf(ctx.state), type, id)).map((e) => ({
      id: e.id, kind: e.kind, title: e.title, description: e.description, fileName: e.fileName, mediaType: e.mediaType, size: e.size, sha256: e.sha256,
      collectedBy: e.collectedBy, collectedAt: e.collectedAt,
    }));
  });

  router.get('/:id/evidence/:evidenceId/file', async (ctx) => {
    const { id, evidenceId } = parseInput(EvidenceFileParams, ctx.params, 'path');
    const file = await deps.caseFile.evidenceFile(principalOf(ctx.state), type, id, evidenceId);
    ctx.type = file.mediaType;
    ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = file.bytes;
  });

  router.get('/:id/timeline', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = await deps.caseFile.timeline(principalOf(ctx.state), type, id);
  });

  router.get('/:id/documents', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = (await deps.caseFile.documents(principalOf(ctx.state), type, id)).map((d) => ({
      id: d.id, number: d.number, type: d.type, title: d.title, verificationCode: d.verificationCode, status: d.status, issuedAt: d.issuedAt, issuedBy: d.issuedBy,
    }));
  });

  router.get('/:id/party', async (ctx) => {
    const { id } = parseInput(Id, ctx.params, 'path');
    ctx.body = await deps.caseFile.party(principalOf(ctx.state), type, id);
  });

  return router;
}

/**
 * The operations of {@link caseFileRoutes} under the prefixes `createApp` mounts it at (`/api/cases` and
 * `/api/criminal-cases`), for the OpenAPI description.
 */
export const caseFileOperations: ApiOperation[] = (
  [['/api/cases', 'cases'], ['/api/criminal-cases', 'criminal-cases']] as const
).flatMap(([prefix, tag]): ApiOperation[] => [
  {
    method: 'post', path: `${prefix}/{id}/evidence`, tags: [tag], security: 'bearer',
    summary: '登记证据 · Add an evidence item, with an optional file (PDF, JPEG, PNG or OFD)',
    description: 'The file\'s SHA-256 is recorded with the item.',
    params: Id,
    body: { contentType: 'multipart/form-data', schema: EvidenceItem, files: [{ name: 'file', description: 'The evidence file, at most 50 MiB.', required: false }] },
    responses: [{ status: 201, description: '`{id, kind, title, sha256, size, collectedBy, collectedAt}`', contentType: 'application/json', schema: EvidenceAddedResponse }],
    errors: [403, 404, 409, 413, 415],
  },
  {
    method: 'get', path: `${prefix}/{id}/evidence`, tags: [tag], security: 'bearer',
    summary: '证据清单 · The evidence items of the case',
    params: Id,
    responses: [{ status: 200, description: '`[{id, kind, title, description, fileName, mediaType, size, sha256, collectedBy, collectedAt}]`', contentType: 'application/json', schema: EvidenceListResponse }],
    errors: [403, 404],
  },
  {
    method: 'get', path: `${prefix}/{id}/evidence/{evidenceId}/file`, tags: [tag], security: 'bearer',
    summary: '下载证据文件 · The file of an evidence item, as uploaded',
    params: EvidenceFileParams,
    responses: [{ status: 200, description: 'The file (PDF, JPEG, PNG or OFD), as an attachment with its name.', contentType: 'application/octet-stream' }],
    errors: [403, 404],
  },
  {
    method: 'get', path: `${prefix}/{id}/timeline`, tags: [tag], security: 'bearer',
    summary: '办案流程记录 · The steps of the case: who did what and when',
    params: Id,
    responses: [{ status: 200, description: 'The steps, oldest first.', contentType: 'application/json', schema: CaseTimelineResponse }],
    errors: [403, 404],
  },
  {
    method: 'get', path: `${prefix}/{id}/documents`, tags: [tag], security: 'bearer',
    summary: '案件文书 · The official documents issued in the case',
    params: Id,
    responses: [{ status: 200, description: '`[{id, number, type, title, verificationCode, status, issuedAt, issuedBy}]`', contentType: 'application/json', schema: CaseDocumentsResponse }],
    errors: [403, 404],
  },
  {
    method: 'get', path: `${prefix}/{id}/party`, tags: [tag], security: 'bearer',
    summary: '当事人信息 · The party as the registers know it: company, permits, guards and their certificates',
    params: Id,
    responses: [{ status: 200, description: 'The party.', contentType: 'application/json', schema: CasePartyResponse }],
    errors: [403, 404],
  },
]);
