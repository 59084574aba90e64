/**
 * Turns a document's kind, data and metadata into its text (a {@link ComposedDocument}) after validating all
 * three; every output format (HTML, PDF) is laid out from this one text.
 */
import { z } from 'zod';
import { ValidationError, type ValidationIssue } from '../errors.js';
import { formatChineseDate } from './chinese-date.js';
import type { ComposedDocument, DocumentContent, DocumentMeta } from './document-content.js';
import {
  DOCUMENT_CATALOGUE,
  isDocumentType,
  type DocumentData,
  type DocumentInput,
  type DocumentType,
} from './document-types.js';
import { acceptanceNoticeTemplate } from './templates/acceptance-notice.js';
import { certificateRefusalTemplate } from './templates/certificate-refusal.js';
import { certificateRevocationTemplate } from './templates/certificate-revocation.js';
import { correctionNoticeTemplate } from './templates/correction-notice.js';
import { rectificationOrderTemplate } from './templates/rectification-order.js';
import { penaltyPriorNoticeTemplate } from './templates/penalty-prior-notice.js';
import { penaltyDecisionTemplate } from './templates/penalty-decision.js';
import { noPenaltyDecisionTemplate } from './templates/no-penalty-decision.js';
import { filingDecisionTemplate } from './templates/filing-decision.js';
import { nonFilingNoticeTemplate } from './templates/non-filing-notice.js';
import { arrestRequestTemplate } from './templates/arrest-request.js';
import { caseAcceptanceReceiptTemplate } from './templates/case-acceptance-receipt.js';
import { prosecutionRecommendationTemplate } from './templates/prosecution-recommendation.js';
import { withdrawalDecisionTemplate } from './templates/withdrawal-decision.js';
import { filingReceiptTemplate } from './templates/filing-receipt.js';
import { filingRefusalTemplate } from './templates/filing-refusal.js';
import { guardCertificateTemplate } from './templates/guard-certificate.js';
import { nonAcceptanceNoticeTemplate } from './templates/non-acceptance-notice.js';
import { permitDecisionTemplate } from './templates/permit-decision.js';
import { permitRefusalTemplate } from './templates/permit-refusal.js';
import { securityServicePermitTemplate } from './templates/security-service-permit.js';
import { isVerificationCode } from './verification-code.js';
import { localize } from '../language.js';

/**
 * The text of a document of kind `type`. Validates `data` against the kind's schema and `meta` (non-blank number
 * and issuer, a well-formed verification code, a valid `issuedAt`, an `http(s)` verification URL); throws
 * `ValidationError` with code `DOCUMENT_DATA_INVALID` whose `issues` name every offending field (`meta.…` for
 * metadata), or `DOCUMENT_TYPE_UNKNOWN` for an unknown kind.
 */
export function composeDocument<T extends DocumentType>(
  type: T,
  data: DocumentInput<T>,
  meta: DocumentMeta,
): ComposedDocument {
  if (!isDocumentType(type)) {
    throw new ValidationError(
      localize(`Unknown document type ${JSON.stringify(type)}`, `文书种类 ${JSON.stringify(type)} 不存在`),
      [{ path: 'type', message: localize('Unknown document type', '文书种类不存在') }],
      'DOCUMENT_TYPE_UNKNOWN',
    );
  }
  const schema: z.ZodType = DOCUMENT_CATALOGUE[type].schema;
  const dataResult = schema.safeParse(data);
  const metaResult = META_SCHEMA.safeParse(meta);
  if (!dataResult.success || !metaResult.success) {
    const issues = [
      ...(dataResult.success ? [] : toIssues(dataResult.error, '')),
      ...(metaResult.success ? [] : toIssues(metaResult.error, 'meta.')),
    ];
    const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
    throw new ValidationError(
      localize(`Invalid data for document ${type} (${DOCUMENT_CATALOGUE[type].title}): ${summary}`, `文书 ${type}（${DOCUMENT_CATALOGUE[type].title}）的数据有误：${summary}`),
      issues,
      'DOCUMENT_DATA_INVALID',
    );
  }
  // The schema and the template are looked up by the same `type`, so the parsed data fits the template.
  const template: (data: DocumentData<T>) => DocumentContent = TEMPLATES[type];
  const content = template(dataResult.data as DocumentData<T>);
  const validMeta = metaResult.data;
  return {
    ...content,
    authority: validMeta.issuer,
    number: validMeta.number,
    date: formatChineseDate(validMeta.issuedAt),
    footer: `文书编号 ${validMeta.number} 校验码 ${validMeta.verificationCode} 可在 ${validMeta.verifyUrl} 核验`,
    meta: validMeta,
  };
}

// helpers ////////////////////

/** The template of each document kind. */
const TEMPLATES: { [T in DocumentType]: (data: DocumentData<T>) => DocumentContent } = {
  'acceptance-notice': acceptanceNoticeTemplate,
  'non-acceptance-notice': nonAcceptanceNoticeTemplate,
  'correction-notice': correctionNoticeTemplate,
  'rectification-order': rectificationOrderTemplate,
  'penalty-prior-notice': penaltyPriorNoticeTemplate,
  'penalty-decision': penaltyDecisionTemplate,
  'no-penalty-decision': noPenaltyDecisionTemplate,
  'filing-decision': filingDecisionTemplate,
  'non-filing-notice': nonFilingNoticeTemplate,
  'arrest-request': arrestRequestTemplate,
  'case-acceptance-receipt': caseAcceptanceReceiptTemplate,
  'prosecution-recommendation': prosecutionRecommendationTemplate,
  'withdrawal-decision': withdrawalDecisionTemplate,
  'permit-decision': permitDecisionTemplate,
  'security-service-permit': securityServicePermitTemplate,
  'permit-refusal': permitRefusalTemplate,
  'filing-receipt': filingReceiptTemplate,
  'filing-refusal': filingRefusalTemplate,
  'guard-certificate': guardCertificateTemplate,
  'certificate-refusal': certificateRefusalTemplate,
  'certificate-revocation': certificateRevocationTemplate,
};

const META_SCHEMA = z.object({
  number: z.string().trim().min(1).max(100),
  verificationCode: z.string().refine(isVerificationCode, 'Not a well-formed verification code'),
  issuedAt: z.date(),
  issuer: z.string().trim().min(1).max(100),
  verifyUrl: z.url({ protocol: /^https?$/ }).max(500),
}) satisfies z.ZodType<DocumentMeta>;

/** One issue per offending field; an unknown field is reported under its own name. */
function toIssues(error: z.ZodError, prefix: string): ValidationIssue[] {
  return error.issues.flatMap((issue): ValidationIssue[] => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: prefix + (path ? `${path}.${key}` : key), message: 'Unknown field' }));
    }
    return [{ path: prefix + path, message: issue.message }];
  });
}
