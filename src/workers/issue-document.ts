/** Serves every "出具…" step: issues an official document of the procedure and notifies the applicant. */
import { z } from 'zod';
import { DOCUMENT_TYPES } from '../documents/index.js';
import { missingDocuments } from '../licensing/application-service.js';
import { ApplicationDocumentEntity } from '../licensing/application.entity.js';
import { documentData } from '../licensing/document-data.js';
import { PROCEDURES, type ProcedureKey } from '../licensing/procedures.js';
import { defineWorker } from './define-worker.js';
import { applicationOf, cityOf } from './licensing-support.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

/** Documents the province issues when permits are decided at provincial level. */
const PERMIT_DECISION_DOCUMENTS: ReadonlySet<string> = new Set(['permit-decision', 'security-service-permit', 'permit-refusal']);

const optionalText = z.string().optional();

/** Issues a document of `documentType` for the application, once per task; returns `documentNumber` and `documentId`. */
export const issueDocument = defineWorker({
  topic: TOPIC.issueDocument,
  input: z.object({
    applicationId: z.string(),
    documentType: z.enum(DOCUMENT_TYPES),
    acceptanceReason: optionalText, correctionItems: optionalText, correctionDueAt: z.union([z.string(), z.date()]).optional(),
    decisionReason: optionalText, filingReason: optionalText, eligibilityDecision: optionalText, eligibilityReason: optionalText,
    examPassed: z.boolean().optional(), examScore: z.number().optional(), certificateReason: optionalText, permitNumber: optionalText,
    certificateNumber: optionalText, revocationFacts: optionalText, statementOfDefence: optionalText,
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const manager = licensing.dataSource.manager;
    const app = await applicationOf(manager, input.applicationId);
    const city = cityOf(licensing.regions, app);
    const byProvince = PERMIT_DECISION_DOCUMENTS.has(input.documentType) && licensing.config.permitDecisionLevel === 'province';
    const procedure = PROCEDURES[app.procedureKey as ProcedureKey];
    const supplied = new Set((await manager.getRepository(ApplicationDocumentEntity).findBy({ applicationId: app.id })).map((d) => d.kind));
    const variables: Record<string, unknown> = { ...input };
    if (input.correctionDueAt instanceof Date) variables['correctionDueAt'] = input.correctionDueAt.toISOString();
    const data = documentData(input.documentType, app, {
      variables,
      suppliedDocuments: (procedure?.checklist ?? []).filter((i) => supplied.has(i.kind)).map((i) => i.label),
      missingDocuments: await missingDocuments(manager, app),
      reconsiderationAuthority: `${byProvince ? licensing.regions.table.province.name : city.name}人民政府`,
      today: licensing.now(),
    });
    const doc = await licensing.documents.issue({
      type: input.documentType, data, holderName: app.title, applicationId: app.id, processInstanceId: context.processInstanceId,
      notifyUserId: app.applicantUserId, city, byProvince, idempotencyKey: `document:${context.idempotencyKey}`,
    });
    return { documentNumber: doc.number, documentId: doc.id };
  },
});
