import { Router } from '@koa/router';
import { z } from 'zod';
import { AUDIT_ACTION_PREFIX_PATTERN, AUDIT_SUBJECT_TYPE_PATTERN, canReadAudit, MAX_AUDIT_PAGE, type AuditBreakReason, type AuditLog } from '../../audit/index.js';
import { ForbiddenError } from '../../errors.js';
import { USER_ID_PATTERN } from '../../identity/identity.types.js';
import type { ApiOperation } from '../openapi/api-operation.js';
import { parseInput } from '../parse.js';
import type { AppState } from '../state.js';
import { principalOf } from './applications.routes.js';
import { bilingual, localize } from '../../language.js';

/** Query of `GET /api/admin/audit`. */
export const AuditListQuery = z
  .strictObject({
    actor: z.string().regex(USER_ID_PATTERN, { error: bilingual('must be a user id', '须为有效的用户编号') }).optional(),
    action: z.string().max(64).regex(AUDIT_ACTION_PREFIX_PATTERN, { error: bilingual('must be an action code or a prefix of one, e.g. auth or task.complete', '须为操作代码或其前缀，如 auth 或 task.complete') }).optional(),
    subjectType: z.string().max(64).regex(AUDIT_SUBJECT_TYPE_PATTERN, { error: bilingual('must be a subject type such as user or tip', '须为对象类型，如 user 或 tip') }).optional(),
    subjectId: z.string().min(1).max(255).optional(),
    from: z.iso.datetime({ offset: true, error: bilingual('must be an ISO date-time', '须为 ISO 8601 格式的日期时间') }).optional(),
    to: z.iso.datetime({ offset: true, error: bilingual('must be an ISO date-time', '须为 ISO 8601 格式的日期时间') }).optional(),
    offset: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(0).default(0),
    limit: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(1).max(MAX_AUDIT_PAGE).default(50),
    order: z.enum(['asc', 'desc'], { error: bilingual('must be asc or desc', '须为 asc（升序）或 desc（降序）') }).default('desc'),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && Date.parse(q.from) > Date.parse(q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: localize('must not be before from', '截止时间不得早于起始时间') });
  });

/** One entry of the audit log as `GET /api/admin/audit` lists it. */
const AuditEntryLine = z.object({
  sequence: z.number().int(),
  at: z.iso.datetime(),
  actor: z.string().nullable(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  details: z.unknown().describe('The details as JSON (an object); the stored text itself when it is no longer valid JSON (a tampered entry).'),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  previousHash: z.string(),
  hash: z.string(),
  algorithm: z.string().describe('`sm3` or `sha256`, as stored.'),
});

/** Answer of `GET /api/admin/audit`: a page of entries and the number of all matches. */
export const AuditListResponse = z.object({ total: z.number().int(), items: z.array(AuditEntryLine), offset: z.number().int(), limit: z.number().int() });

const AUDIT_BREAK_REASONS = Object.keys({
  'sequence-gap': true, 'previous-hash-mismatch': true, 'hash-mismatch': true, 'head-mismatch': true, 'unsupported-algorithm': true,
} satisfies Record<AuditBreakReason, true>) as [AuditBreakReason, ...AuditBreakReason[]];

/** Answer of `GET /api/admin/audit/verify`: whether the chain is intact, and the first broken entry if not. */
export const AuditVerificationResponse = z.object({
  ok: z.boolean(),
  checked: z.number().int().describe('Entries found intact before the first broken one (all of them when `ok`).'),
  headSequence: z.number().int().nullable().describe('The last sequence number the head recorded; null when the head row is missing.'),
  firstBroken: z.object({ sequence: z.number().int(), reason: z.enum(AUDIT_BREAK_REASONS), message: z.string() }).optional(),
});

/**
 * The audit log under `/api/admin/audit`, for administrators and auditors only: `GET /` lists entries (filters by
 * actor, action prefix, subject and time; paging; newest first by default) with the number of all matches, and
 * `GET /verify` checks the whole hash chain and names the first broken entry.
 */
export function auditRoutes(deps: { audit: AuditLog }): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/admin/audit' });
  const reader = (state: AppState) => {
    if (!canReadAudit(principalOf(state))) throw new ForbiddenError('FORBIDDEN', localize('Only administrators and auditors read the audit log', '只有系统管理员和审计员可以查看审计日志'));
  };

  router.get('/', async (ctx) => {
    reader(ctx.state);
    const q = parseInput(AuditListQuery, ctx.query, 'query');
    const page = await deps.audit.list({
      ...q,
      from: q.from === undefined ? undefined : new Date(q.from),
      to: q.to === undefined ? undefined : new Date(q.to),
    });
    ctx.body = { ...page, offset: q.offset, limit: q.limit };
  });

  router.get('/verify', async (ctx) => {
    reader(ctx.state);
    ctx.body = await deps.audit.verify();
  });

  return router;
}

/** The operations of {@link auditRoutes}, for the OpenAPI description. */
export const auditOperations: ApiOperation[] = [
  {
    method: 'get', path: '/api/admin/audit', tags: ['audit'], security: 'bearer',
    summary: '查询审计日志 · List audit log entries (administrators and auditors)',
    description: 'Filters by actor, action prefix, subject and time (`to` not before `from`); newest first by default.',
    query: AuditListQuery,
    responses: [{ status: 200, description: '`{items, total, offset, limit}`', contentType: 'application/json', schema: AuditListResponse }],
    errors: [403],
  },
  {
    method: 'get', path: '/api/admin/audit/verify', tags: ['audit'], security: 'bearer',
    summary: '校验审计日志 · Check the whole hash chain of the audit log',
    responses: [{ status: 200, description: 'Whether the chain is intact, and the first broken entry if not.', contentType: 'application/json', schema: AuditVerificationResponse }],
    errors: [403],
  },
];
