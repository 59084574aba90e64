/**
 * Official documents (文书) of the licensing, filing and guard-certificate procedures: the catalogue of document
 * kinds and their data, rendering to printable HTML (and to PDF when a Chinese font is configured), Chinese date
 * formatting, verification codes and the escaping `html` template tag.
 */
export { formatChineseDate, formatNumericChineseDate } from './chinese-date.js';
export { composeDocument } from './compose-document.js';
export type { ComposedDocument, ContentBlock, DocumentContent, DocumentMeta, FieldRow } from './document-content.js';
export {
  DOCUMENT_CATALOGUE,
  DOCUMENT_TYPES,
  FILING_KINDS,
  FILING_KIND_LABELS,
  acceptanceNoticeSchema,
  certificateRefusalSchema,
  certificateRevocationSchema,
  correctionNoticeSchema,
  rectificationOrderSchema,
  penaltyPriorNoticeSchema,
  penaltyDecisionSchema,
  noPenaltyDecisionSchema,
  filingDecisionSchema,
  nonFilingNoticeSchema,
  arrestRequestSchema,
  caseAcceptanceReceiptSchema,
  prosecutionRecommendationSchema,
  withdrawalDecisionSchema,
  CASE_KINDS,
  WITHDRAWAL_GROUNDS,
  documentTitle,
  filingReceiptSchema,
  filingRefusalSchema,
  guardCertificateSchema,
  isDocumentType,
  nonAcceptanceNoticeSchema,
  permitDecisionSchema,
  permitRefusalSchema,
  securityServicePermitSchema,
  type DocumentData,
  type DocumentInput,
  type DocumentType,
  type FilingKind,
} from './document-types.js';
export { html, isSafeHtml, type HtmlValue, type SafeHtml } from './html.js';
export { renderDocument } from './render-document.js';
export { pdfFontAvailable, renderPdf, type RenderPdfOptions } from './render-pdf.js';
export {
  VERIFICATION_CODE_ALPHABET,
  VERIFICATION_CODE_LENGTH,
  codesMatch,
  isVerificationCode,
  newVerificationCode,
  normalizeVerificationCode,
} from './verification-code.js';
