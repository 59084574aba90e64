/** Serves the "出具…" steps of `administrative-case`: the acceptance receipt, the prior notice, the penalty decision or the no-penalty decision. */
import { z } from 'zod';
import { AdminCaseEntity } from '../cases/admin-case.entity.js';
import { PENALTY_CATALOGUE, mitigationStatement } from '../cases/penalty-catalogue.js';
import { NotFoundError } from '../errors.js';
import { localDate } from '../licensing/document-data.js';
import { defineWorker } from './define-worker.js';
import type { WorkerDeps } from './index.js';
import { TOPIC } from './topics.js';

const text = z.string().optional();

/** Issues the case document `documentType` from the case and the officers' form values, once per task; returns `documentNumber`. */
export const issueCaseDocument = defineWorker({
  topic: TOPIC.issueCaseDocument,
  input: z.object({
    caseId: z.string(),
    documentType: z.enum(['case-acceptance-receipt', 'penalty-prior-notice', 'penalty-decision', 'no-penalty-decision']),
    establishedFacts: text, evidenceList: text, violationId: text, proposedPenalty: text, hearingRight: z.boolean().optional(),
    statementDays: z.number().optional(), decisionLegalBasis: text, decisionPenalty: text, fineAmount: z.number().optional(),
    mitigated: z.boolean().optional(), mitigationGround: text, noPenaltyReasons: text, hearingReport: text, reporterName: text,
  }),
  async handle(input, { licensing }: WorkerDeps, context) {
    const found = await licensing.dataSource.getRepository(AdminCaseEntity).findOneBy({ id: input.caseId });
    NotFoundError.assert(found, 'NOT_FOUND', `Case ${input.caseId} does not exist`);
    const city = licensing.regions.cityOf(found.regionCode);
    NotFoundError.assert(city, 'NOT_FOUND', `Region ${found.regionCode} is not in this province`);
    const party = { partyName: found.partyName, ...(found.partyIdentifier ? { partyIdentifier: found.partyIdentifier } : {}), caseNumber: found.number };
    const facts = lines(input.establishedFacts ?? found.facts);
    const rights = { reconsiderationAuthority: `${city.name}人民政府` };
    const article = PENALTY_CATALOGUE[input.violationId ?? ''];
    // a decided fine below the article's minimum was let through only as a mitigated penalty with its ground
    const mitigation = input.documentType === 'penalty-decision' && input.mitigated === true && article?.fine && (input.fineAmount ?? 0) > 0 && (input.fineAmount ?? 0) < article.fine.min
      ? mitigationStatement(input.mitigationGround ?? '') : undefined;
    const data =
      input.documentType === 'case-acceptance-receipt'
        ? {
            caseKind: 'administrative', caseNumber: found.number, matter: `${found.partyName}涉嫌违法`, acceptedDate: localDate(found.createdAt),
            ...(input.reporterName ? { reporterName: input.reporterName } : {}), ...(sourceOf(found) ? { source: sourceOf(found) } : {}),
          }
        : input.documentType === 'penalty-prior-notice'
        ? { ...party, facts, legalBasis: article?.basis ?? '《保安服务管理条例》', proposedPenalty: input.proposedPenalty ?? '', hearingRight: input.hearingRight === true, statementDays: input.statementDays ?? 5 }
        : input.documentType === 'penalty-decision'
          ? {
              ...party, facts, ...(input.evidenceList ? { evidence: lines(input.evidenceList) } : {}),
              ...(input.hearingReport ? { hearingStatement: `本机关依法组织了听证：${input.hearingReport}` } : {}),
              ...(mitigation ? { mitigationStatement: mitigation } : {}),
              legalBasis: input.decisionLegalBasis ?? '', penalty: input.decisionPenalty ?? '', ...(input.fineAmount ? { fineAmountYuan: input.fineAmount } : {}), ...rights,
            }
          : { ...party, facts, reasons: lines(input.noPenaltyReasons ?? ''), legalBasis: input.decisionLegalBasis ?? '', ...rights };
    const doc = await licensing.documents.issue({
      type: input.documentType, data, holderName: input.documentType === 'case-acceptance-receipt' ? (input.reporterName ?? found.partyName) : found.partyName, applicationId: null, processInstanceId: context.processInstanceId,
      notifyUserId: null, city, byProvince: false, idempotencyKey: `document:${context.idempotencyKey}`,
    });
    return { documentNumber: doc.number };
  },
});

// helpers ////

/** Where a case came from, as its acceptance receipt says. */
function sourceOf(found: AdminCaseEntity): string | undefined {
  if (!found.sourceReference) return undefined;
  return found.sourceType === 'tip' ? `投诉举报线索（${found.sourceReference}）` : found.sourceType === 'inspection' ? `监督检查（${found.sourceReference}）` : undefined;
}

function lines(value: string): string[] {
  return value.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}
