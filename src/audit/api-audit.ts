import type { Middleware } from 'koa';
import type { AppState } from '../api/state.js';
import { auditContextOf } from './audit-context.js';
import type { AuditLog } from './audit-log.js';

/** How one `/api` change is recorded: its action code, the kind of subject, and where the subject's id comes from. */
export interface ApiAuditRule {
  action: string;
  subjectType: string;
  /** A path parameter holding the subject's id, or `answer` for the `id` (or `trackingCode`) of the answer. */
  subject: string;
  /** Path parameters and fields of the answer recorded as details (ids, never personal data). */
  details?: { params?: readonly string[]; answer?: readonly string[] };
  /** A change by the public: recorded without the caller's IP address, which could name a complainant. */
  anonymous?: boolean;
}

/**
 * The changes made through `/api` that record themselves nowhere else, by route. Users, groups, passwords, the
 * jurisdiction tree, the records register, deployments and version suspension, notification settings and retries,
 * the reading of a complainant's identity and every workbench operation append their own entries, inside the
 * transaction of the change; logins are recorded by the login route.
 */
export const API_AUDIT_RULES: Readonly<Record<string, ApiAuditRule>> = {
  // applications and filings, by the applying company
  'POST /api/applications': { action: 'application.create', subjectType: 'application', subject: 'answer' },
  'PUT /api/applications/:id/data': { action: 'application.data-save', subjectType: 'application', subject: 'id' },
  'POST /api/applications/:id/documents': { action: 'application.document-add', subjectType: 'application', subject: 'id', details: { answer: ['id'] } },
  'DELETE /api/applications/:id/documents/:documentId': { action: 'application.document-remove', subjectType: 'application', subject: 'id', details: { params: ['documentId'] } },
  'POST /api/applications/:id/business-registration': { action: 'application.business-registration', subjectType: 'application', subject: 'id' },
  'POST /api/applications/:id/submit': { action: 'application.submit', subjectType: 'application', subject: 'id' },
  'POST /api/applications/:id/correction': { action: 'application.correction', subjectType: 'application', subject: 'id' },
  // cases, by officers
  'POST /api/cases': { action: 'case.open', subjectType: 'admin-case', subject: 'answer', details: { answer: ['number'] } },
  'POST /api/cases/:id/extension': { action: 'case.extension', subjectType: 'admin-case', subject: 'id' },
  'POST /api/cases/:id/evidence': { action: 'case.evidence-add', subjectType: 'admin-case', subject: 'id', details: { answer: ['id'] } },
  'POST /api/criminal-cases': { action: 'criminal-case.open', subjectType: 'criminal-case', subject: 'answer', details: { answer: ['number'] } },
  'POST /api/criminal-cases/:id/evidence': { action: 'criminal-case.evidence-add', subjectType: 'criminal-case', subject: 'id', details: { answer: ['id'] } },
  'POST /api/criminal-cases/:id/custody-extension': { action: 'criminal-case.custody-extension', subjectType: 'criminal-case', subject: 'id' },
  'POST /api/criminal-cases/:id/procuratorate-decision': { action: 'criminal-case.procuratorate-decision', subjectType: 'criminal-case', subject: 'id' },
  'POST /api/criminal-cases/:id/prosecution-decision': { action: 'criminal-case.prosecution-decision', subjectType: 'criminal-case', subject: 'id' },
  'POST /api/guard-certificates/:id/revocation': { action: 'certificate.revocation-propose', subjectType: 'guard-certificate', subject: 'id' },
  'POST /api/inspections': { action: 'inspection.start', subjectType: 'inspection', subject: 'answer', details: { answer: ['number'] } },
  // tips: registered by an intake officer, or reported and followed up by the public
  'POST /api/tips': { action: 'tip.register', subjectType: 'tip', subject: 'answer' },
  'POST /api/public/tips': { action: 'tip.report', subjectType: 'tip', subject: 'answer', anonymous: true },
  'POST /api/public/tips/:code/attachments': { action: 'tip.attachment-add', subjectType: 'tip', subject: 'code', details: { answer: ['id'] }, anonymous: true },
  'POST /api/public/tips/:code/information': { action: 'tip.information-add', subjectType: 'tip', subject: 'code', anonymous: true },
  'POST /api/public/tips/:code/rating': { action: 'tip.rating', subjectType: 'tip', subject: 'code', anonymous: true },
};

/**
 * Records in the audit log the `/api` changes of {@link API_AUDIT_RULES} once they succeeded (2xx), as done by the
 * authenticated caller (none for the public). Goes around the `/api` routes; a failed append fails the request,
 * so a change the log could not hold is answered with an error.
 */
export function apiAudit(audit: Pick<AuditLog, 'append'>, rules: Readonly<Record<string, ApiAuditRule>> = API_AUDIT_RULES): Middleware<AppState> {
  return async (ctx, next) => {
    await next();
    if (ctx.status < 200 || ctx.status >= 300) return;
    const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute;
    const rule = route === undefined ? undefined : rules[`${ctx.method} ${route}`];
    if (!rule) return;
    const params = (ctx as unknown as { params?: Record<string, string> }).params ?? {};
    const answer = isRecord(ctx.body) ? ctx.body : {};
    const subjectId = rule.subject === 'answer' ? stringOf(answer['id']) ?? stringOf(answer['trackingCode']) : params[rule.subject] ?? null;
    const details: Record<string, string> = {};
    for (const name of rule.details?.params ?? []) if (params[name] !== undefined) details[name] = params[name];
    for (const name of rule.details?.answer ?? []) {
      const value = stringOf(answer[name]);
      if (value !== null) details[name] = value;
    }
    const context = auditContextOf(ctx);
    await audit.append({
      ...(rule.anonymous ? { actor: context.actor, requestId: context.requestId ?? null, ip: null } : context),
      action: rule.action, subjectType: rule.subjectType, subjectId, ...(Object.keys(details).length ? { details } : {}),
    });
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function stringOf(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
