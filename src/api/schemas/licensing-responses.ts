/**
 * Response schemas of the licensing side of `/api` (applications, procedures, inbox, guard certificates, public
 * verification), as the answers are serialised to JSON: dates are ISO strings. Shapes other modules answer too
 * (a statutory clock, an issued document's line) are exported for reuse.
 */
import { z } from 'zod';
import { DOCUMENT_TYPES } from '../../documents/index.js';
import { APPLICATION_STATUS_LABELS, type ApplicationStatus } from '../../licensing/application.entity.js';
import type { ApplicationView } from '../../licensing/application-view.js';
import type { ClockView } from '../../licensing/clock-service.js';
import type { PermitStatus } from '../../licensing/permit.entity.js';
import { PROCEDURES, type ProcedureKey } from '../../licensing/procedures.js';
import { NOTIFICATION_KINDS, NOTIFICATION_SUBJECT_KINDS } from '../../notifications/kinds.js';

/** Every value of a string union, read from a record keyed by it (so that the compiler finds a value left out). */
function valuesOf<T extends string>(record: Readonly<Record<T, unknown>>): [T, ...T[]] {
  return Object.keys(record) as [T, ...T[]];
}

const APPLICATION_STATUSES = valuesOf<ApplicationStatus>(APPLICATION_STATUS_LABELS);
const PROCEDURE_KEYS = valuesOf<ProcedureKey>(PROCEDURES);
const PERMIT_STATUSES = valuesOf<PermitStatus>({ issued: true, active: true, lapsed: true, revoked: true, cancelled: true });
const CLOCK_STATUSES = valuesOf<ClockView['status']>({ running: true, paused: true, stopped: true });
const CLOCK_COLOURS = valuesOf<ClockView['colour']>({ normal: true, blue: true, yellow: true, red: true });
const CLOCK_UNITS = valuesOf<ClockView['unit']>({ workingDays: true, calendarDays: true, hours: true });
const AWAITING = valuesOf<NonNullable<ApplicationView['awaiting']>>({ submission: true, correction: true, 'business-registration': true });

/** A statutory clock as applicants and officers see it (`ClockView` of `src/licensing/clock-service.ts`). */
export const LicensingClock = z.object({
  name: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  basis: z.string(),
  startedAt: z.iso.datetime(),
  dueAt: z.iso.datetime(),
  warnAt: z.iso.datetime(),
  status: z.enum(CLOCK_STATUSES),
  colour: z.enum(CLOCK_COLOURS),
  remaining: z.number().describe('What is left, in `unit`; negative when overdue.'),
  unit: z.enum(CLOCK_UNITS),
  overdue: z.boolean(),
  stoppedAt: z.iso.datetime().nullable(),
});

/** The line of an official document issued in a procedure, as an application or a case lists it. */
export const IssuedDocumentLine = z.object({
  id: z.string(),
  number: z.string(),
  type: z.enum(DOCUMENT_TYPES),
  title: z.string(),
  issuedAt: z.iso.datetime(),
  issuedBy: z.string(),
});

/** A document the applicant uploaded for an item of the checklist. */
export const UploadedDocument = z.object({
  id: z.string(),
  kind: z.string(),
  fileName: z.string(),
  mediaType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.iso.datetime(),
  round: z.number().int().describe('0 for the first submission, n for the n-th correction round.'),
});

/** An application or filing with its data, checklist, documents, history, clocks and issued documents. */
export const ApplicationDetail = z.object({
  id: z.string(),
  number: z.string().nullable(),
  procedure: z.enum(PROCEDURE_KEYS),
  procedureName: z.string(),
  title: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  regionCode: z.string(),
  version: z.number().int(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  submittedAt: z.iso.datetime().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  processInstanceId: z.string().nullable(),
  checklist: z.array(z.object({ kind: z.string(), label: z.string(), required: z.boolean(), supplied: z.boolean() })),
  documents: z.array(UploadedDocument),
  history: z.array(z.object({ status: z.enum(APPLICATION_STATUSES), note: z.string().nullable(), actor: z.string(), at: z.iso.datetime() })),
  clocks: z.array(LicensingClock),
  officialDocuments: z.array(IssuedDocumentLine),
  permit: z.object({ id: z.string(), number: z.string(), status: z.enum(PERMIT_STATUSES), issuedAt: z.iso.datetime(), registrationDueAt: z.iso.datetime().nullable() }).nullable(),
  certificate: z.object({ id: z.string(), number: z.string(), status: z.enum(['valid', 'revoked']), issuedAt: z.iso.datetime() }).nullable(),
  awaiting: z.enum(AWAITING).nullable().describe('What the applicant must do now, if anything.'),
});

/** Answer of `GET /api/applications`: a page of the caller's applications. */
export const ApplicationsPage = z.object({
  items: z.array(ApplicationDetail.pick({ id: true, number: true, procedure: true, procedureName: true, title: true, status: true, createdAt: true, submittedAt: true }).extend({
    clock: LicensingClock.nullable().describe('The clock the application runs on now (the latest not stopped); null for a draft or a closed procedure.'),
  })),
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
});

/** Answer of `GET /api/procedures`: the procedures an applicant can start. */
export const ProcedureList = z.array(z.object({
  key: z.enum(PROCEDURE_KEYS),
  name: z.string(),
  applicationForm: z.string().describe('The form-js form id of the application.'),
  checklist: z.array(z.object({
    kind: z.string(),
    label: z.string(),
    when: z.string().optional().describe('The application data flag that makes the item required; always required when absent.'),
  })),
}));

/** Answer of `GET /api/procedures/{key}/form`: a form-js schema. */
export const ApplicationFormSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  components: z.array(z.record(z.string(), z.unknown())),
});

/** Answer of `GET /api/guard-certificates/revocation-form`: the form-js schema of the revocation request form. */
export const RevocationFormSchema = z.looseObject({
  id: z.literal('guard-certificate-revocation-request'),
  type: z.string(),
  components: z.array(z.record(z.string(), z.unknown())),
});

/** Answer of `POST /api/applications/{id}/business-registration`. */
export const RegistrationAccepted = z.object({ accepted: z.literal(true) });

/** Answer of `GET /api/inbox`: a page of the caller's notifications and how many are unread in all. */
export const InboxPage = z.object({
  items: z.array(z.object({
    id: z.string(),
    recipientType: z.enum(['user', 'group']),
    recipient: z.string().describe('The user id, or the group id of a group\'s notification.'),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string(),
    applicationId: z.string().nullable(),
    subject: z.object({ kind: z.enum(NOTIFICATION_SUBJECT_KINDS), id: z.string() }).nullable()
      .describe('What the notification is about, for the client to open: a task (task id), a case file (process instance id), an application (its id) or a task list (`todo`); null on notifications stored before subjects were recorded.'),
    createdAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable(),
    idempotencyKey: z.string(),
  })),
  total: z.number().int(),
  unread: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
});

/** Answer of `GET /api/guard-certificates`: the matching certificates, newest first. */
export const GuardCertificateList = z.array(z.object({
  id: z.string(),
  number: z.string(),
  holderName: z.string(),
  residentId: z.string(),
  status: z.enum(['valid', 'revoked']),
  issuedAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
}));

/** Answer of `POST /api/guard-certificates/{id}/revocation`: the revocation procedure started. */
export const RevocationStarted = z.object({ processInstanceId: z.string() });

/** Answer of `GET /api/guard-certificates/revocations/{id}`: a revocation proposal, its certificate and the documents issued. */
export const RevocationDetail = z.object({
  id: z.string(),
  processInstanceId: z.string().nullable(),
  certificateId: z.string(),
  certificateNumber: z.string(),
  guardName: z.string(),
  regionCode: z.string(),
  ground: z.string(),
  facts: z.string(),
  statementOfDefence: z.string().nullable(),
  status: z.enum(['proposed', 'revoked', 'not-revoked']),
  outcome: z.enum(['revoke', 'admonish', 'dismiss']).nullable(),
  decisionReason: z.string().nullable(),
  proposedBy: z.string(),
  proposedAt: z.iso.datetime(),
  decidedAt: z.iso.datetime().nullable(),
  certificate: GuardCertificateList.element.nullable(),
  officialDocuments: z.array(IssuedDocumentLine),
});

/** Answer of `POST /api/public/applicant-accounts`. */
export const ApplicantAccountCreated = z.object({ organisationId: z.string(), userId: z.string() });

/** Answer of `GET /api/public/verify`: what anyone may learn about an official document. */
export const DocumentVerification = z.object({
  number: z.string(),
  title: z.string(),
  holderName: z.string(),
  issuedAt: z.iso.datetime(),
  issuer: z.string(),
  status: z.enum(['valid', 'void']).describe('`void` when the document was voided, or when the permit or certificate it is was revoked, lapsed or cancelled.'),
  licence: z.object({
    number: z.string(),
    status: z.enum([...PERMIT_STATUSES, 'valid', 'revoked']).describe('The permit\'s status (issued, active, lapsed, revoked, cancelled) or the certificate\'s (valid, revoked).'),
  }).optional().describe('For a 保安服务许可证 or 保安员证: the licence and where it stands now.'),
});
