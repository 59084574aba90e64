import type { DataSource } from 'typeorm';
import { ApplicationDocumentEntity, type ApplicationEntity } from './application.entity.js';
import type { ClockService, ClockView } from './clock-service.js';
import type { DocumentIssuer } from './document-issuer.js';
import { GuardCertificateEntity, PermitEntity } from './permit.entity.js';
import { PROCEDURES, requiredItems, type ProcedureKey } from './procedures.js';
import { statusHistory } from './status-history.js';

/** An application as its applicant and the officers see it: data, documents, history, clocks and issued documents. */
export interface ApplicationView {
  id: string;
  number: string | null;
  procedure: string;
  procedureName: string;
  title: string;
  status: string;
  regionCode: string;
  version: number;
  data: Record<string, unknown>;
  createdAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
  processInstanceId: string | null;
  checklist: Array<{ kind: string; label: string; required: boolean; supplied: boolean }>;
  documents: Array<{ id: string; kind: string; fileName: string; mediaType: string; size: number; sha256: string; uploadedAt: Date; round: number }>;
  history: Array<{ status: string; note: string | null; actor: string; at: Date }>;
  clocks: ClockView[];
  officialDocuments: Array<{ id: string; number: string; type: string; title: string; issuedAt: Date; issuedBy: string }>;
  permit: { id: string; number: string; status: string; issuedAt: Date; registrationDueAt: Date | null } | null;
  certificate: { id: string; number: string; status: string; issuedAt: Date } | null;
  /** What the applicant must do now, if anything. */
  awaiting: 'submission' | 'correction' | 'business-registration' | null;
}

/** A short line of a list of applications. */
export interface ApplicationSummary {
  id: string;
  number: string | null;
  procedure: string;
  procedureName: string;
  title: string;
  status: string;
  createdAt: Date;
  submittedAt: Date | null;
}

/** Builds the full view of an application. */
export async function applicationView(dataSource: DataSource, clocks: ClockService, documents: DocumentIssuer, app: ApplicationEntity): Promise<ApplicationView> {
  const data = JSON.parse(app.data) as Record<string, unknown>;
  const procedure = PROCEDURES[app.procedureKey as ProcedureKey];
  const docs = await dataSource.getRepository(ApplicationDocumentEntity).find({ where: { applicationId: app.id }, order: { uploadedAt: 'ASC', id: 'ASC' } });
  const supplied = new Set(docs.map((d) => d.kind));
  const required = new Set(procedure ? requiredItems(procedure, data).map((i) => i.kind) : []);
  const permit = await dataSource.getRepository(PermitEntity).findOneBy({ applicationId: app.id });
  const certificate = await dataSource.getRepository(GuardCertificateEntity).findOneBy({ applicationId: app.id });
  const clockViews = await clocks.ofApplication(app.id);
  const registration = clockViews.filter((c) => c.name === 'registration').at(-1);
  return {
    id: app.id, number: app.number, procedure: app.procedureKey, procedureName: procedure?.name ?? app.procedureKey, title: app.title,
    status: app.status, regionCode: app.regionCode, version: app.version, data, createdAt: app.createdAt, submittedAt: app.submittedAt,
    decidedAt: app.decidedAt, processInstanceId: app.processInstanceId,
    checklist: (procedure?.checklist ?? []).map((i) => ({ kind: i.kind, label: i.label, required: required.has(i.kind), supplied: supplied.has(i.kind) })),
    documents: docs.map((d) => ({ id: d.id, kind: d.kind, fileName: d.fileName, mediaType: d.mediaType, size: d.size, sha256: d.sha256, uploadedAt: d.uploadedAt, round: d.round })),
    history: (await statusHistory(dataSource.manager, 'application', app.id)).map((e) => ({ status: e.status, note: e.note, actor: e.actor, at: e.at })),
    clocks: clockViews,
    officialDocuments: (await documents.ofApplication(app.id)).map((d) => ({ id: d.id, number: d.number, type: d.type, title: d.title, issuedAt: d.issuedAt, issuedBy: d.issuedBy })),
    permit: permit ? { id: permit.id, number: permit.number, status: permit.status, issuedAt: permit.issuedAt, registrationDueAt: registration?.dueAt ?? null } : null,
    certificate: certificate ? { id: certificate.id, number: certificate.number, status: certificate.status, issuedAt: certificate.issuedAt } : null,
    awaiting: app.status === 'draft' ? 'submission' : app.status === 'correction-requested' ? 'correction' : app.status === 'granted' && permit?.status === 'issued' ? 'business-registration' : null,
  };
}

/** The list line of an application. */
export function applicationSummary(app: ApplicationEntity): ApplicationSummary {
  return {
    id: app.id, number: app.number, procedure: app.procedureKey, procedureName: PROCEDURES[app.procedureKey as ProcedureKey]?.name ?? app.procedureKey,
    title: app.title, status: app.status, createdAt: app.createdAt, submittedAt: app.submittedAt,
  };
}
