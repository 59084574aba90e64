/**
 * The catalogue of official documents (文书) the system issues in licensing, filing and guard-certificate
 * procedures: a stable id per kind, its Chinese title and a zod schema of the data its template needs. The
 * issuing authority, document number (文号), verification code and issue date are not part of this data; they
 * come with the document's metadata (see `DocumentMeta`).
 *
 * Conventions for the data: names and texts are trimmed and must not be blank; dates are calendar dates
 * `YYYY-MM-DD` (China Standard Time); unknown fields are rejected so that a misspelt field cannot silently drop
 * text from a document. Refusals and revocations name the administrative reconsideration body
 * (`reconsiderationAuthority`) and optionally the court (`court`, default `人民法院`) for the notice of rights.
 */
import { z } from 'zod';

/** Stable ids of the document kinds, in procedural order. */
export const DOCUMENT_TYPES = [
  'acceptance-notice',
  'non-acceptance-notice',
  'correction-notice',
  'permit-decision',
  'security-service-permit',
  'permit-refusal',
  'filing-receipt',
  'filing-refusal',
  'guard-certificate',
  'certificate-refusal',
  'certificate-revocation',
  'rectification-order',
  'case-acceptance-receipt',
  'penalty-prior-notice',
  'penalty-decision',
  'no-penalty-decision',
  'filing-decision',
  'non-filing-notice',
  'arrest-request',
  'prosecution-recommendation',
  'withdrawal-decision',
] as const;

/** Stable id of a document kind; stored with every issued document. */
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Kinds of filing (备案) a filing receipt or refusal can be about. */
export const FILING_KINDS = ['cross-region-service', 'in-house-employer'] as const;

/** Kind of filing: a security company serving outside its region, or a unit employing its own guards. */
export type FilingKind = (typeof FILING_KINDS)[number];

/** How each filing kind is named in a document's text. */
export const FILING_KIND_LABELS: Readonly<Record<FilingKind, string>> = {
  'cross-region-service': '跨区域提供保安服务备案',
  'in-house-employer': '自行招用保安员单位备案',
};

/**
 * 受理通知书: the application is within the authority's competence and complete, so it is accepted
 * (行政许可法 Art 32(1)(5)). `materials` lists what was received; `decisionDueDate` the date by which a decision is
 * due, if it is to be printed.
 */
export const acceptanceNoticeSchema = z.strictObject({
  applicantName: name(),
  creditCode: creditCode().optional(),
  applicationNumber: identifier(),
  matter: name(),
  receivedDate: calendarDate(),
  materials: z.array(name()).max(100).optional(),
  decisionDueDate: calendarDate().optional(),
  contactPhone: phone().optional(),
});

/**
 * 不予受理通知书: the application is not accepted (行政许可法 Art 32(1)(1)–(2)), with the reasons, the legal basis,
 * where to apply instead when the matter is another authority's (`competentAuthority`), and the notice of rights.
 */
export const nonAcceptanceNoticeSchema = z.strictObject({
  applicantName: name(),
  creditCode: creditCode().optional(),
  applicationNumber: identifier(),
  matter: name(),
  receivedDate: calendarDate(),
  reasons: paragraphs(),
  legalBasis: paragraph(),
  competentAuthority: name().optional(),
  ...rightsFields(),
});

/**
 * 补正告知书: the one-time notice (一次性告知) of everything the applicant or filer must supplement or correct,
 * one entry per missing or defective material (行政许可法 Art 32(1)(4)); `legalBasis` defaults to that article, a
 * filing names its own.
 */
export const correctionNoticeSchema = z.strictObject({
  applicantName: name(),
  creditCode: creditCode().optional(),
  applicationNumber: identifier(),
  matter: name(),
  receivedDate: calendarDate(),
  items: z
    .array(z.strictObject({ material: name(), problem: paragraph() }))
    .min(1)
    .max(100),
  legalBasis: paragraph().default('《中华人民共和国行政许可法》第三十二条第一款第（四）项'),
  correctionDueDate: calendarDate().optional(),
  contactPhone: phone().optional(),
});

/**
 * 准予行政许可决定书: the security service permit is granted (保安服务管理条例 Art 9, 11), naming the permit number
 * and the approved service scope.
 */
export const permitDecisionSchema = z.strictObject({
  applicantName: name(),
  creditCode: creditCode().optional(),
  applicationNumber: identifier(),
  matter: name(),
  receivedDate: calendarDate(),
  legalRepresentative: name(),
  address: paragraph(),
  registeredCapitalYuan: z.int().positive(),
  serviceScope: serviceScope(),
  legalBasis: paragraph(),
  permitNumber: identifier(),
});

/** 保安服务许可证: the permit itself; the issuing authority and date come from the document's metadata. */
export const securityServicePermitSchema = z.strictObject({
  permitNumber: identifier(),
  companyName: name(),
  creditCode: creditCode().optional(),
  legalRepresentative: name(),
  address: paragraph(),
  registeredCapitalYuan: z.int().positive(),
  serviceScope: serviceScope(),
  decisionNumber: identifier().optional(),
});

/**
 * 不予行政许可决定书: the permit is refused, with reasons and the notice of rights to administrative
 * reconsideration (60 days) and litigation (6 months) (保安服务管理条例 Art 9; 行政许可法 Art 38).
 */
export const permitRefusalSchema = z.strictObject({
  applicantName: name(),
  creditCode: creditCode().optional(),
  applicationNumber: identifier(),
  matter: name(),
  receivedDate: calendarDate(),
  reasons: paragraphs(),
  legalBasis: paragraph(),
  ...rightsFields(),
});

/**
 * 备案回执: a filing is recorded. A cross-region service filing (保安服务管理条例 Art 23) names the company's permit,
 * the client, the place and items of service and the project manager; an in-house employer filing (Art 14) names
 * the responsible people and the service area.
 */
export const filingReceiptSchema = z.discriminatedUnion('filingKind', [
  z.strictObject({
    filingKind: z.literal('cross-region-service'),
    filerName: name(),
    creditCode: creditCode(),
    filingNumber: identifier(),
    submittedDate: calendarDate(),
    filedDate: calendarDate(),
    permitNumber: identifier(),
    clientName: name(),
    serviceAddress: paragraph(),
    serviceItems: serviceScope(),
    serviceStartDate: calendarDate(),
    serviceEndDate: calendarDate().optional(),
    projectManager: name(),
    guardCount: z.int().positive(),
  }),
  z.strictObject({
    filingKind: z.literal('in-house-employer'),
    filerName: name(),
    creditCode: creditCode(),
    filingNumber: identifier(),
    submittedDate: calendarDate(),
    filedDate: calendarDate(),
    legalRepresentative: name(),
    responsibleManager: name(),
    serviceArea: paragraph(),
    serviceStartDate: calendarDate(),
    guardCount: z.int().positive(),
  }),
]);

/** 不予备案通知书: a filing is not recorded, with reasons, the legal basis and the notice of rights. */
export const filingRefusalSchema = z.strictObject({
  filingKind: z.enum(FILING_KINDS),
  filerName: name(),
  creditCode: creditCode(),
  filingNumber: identifier(),
  submittedDate: calendarDate(),
  reasons: paragraphs(),
  legalBasis: paragraph(),
  ...rightsFields(),
});

/**
 * 保安员证: the guard certificate (保安服务管理条例 Art 16); the issuing authority and date come from the document's
 * metadata. `dateOfBirth` must agree with the ID number.
 */
export const guardCertificateSchema = z
  .strictObject({
    certificateNumber: identifier(),
    holderName: name(),
    sex: z.enum(['男', '女']),
    dateOfBirth: calendarDate(),
    idNumber: idNumber(),
  })
  .superRefine((data, ctx) => {
    if (birthDateInIdNumber(data.idNumber) !== data.dateOfBirth) {
      ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: 'Does not match the ID number' });
    }
  });

/**
 * 不予核发保安员证决定书: the guard certificate is refused (e.g. a bar of 保安服务管理条例 Art 17, or a failed exam),
 * with reasons, the legal basis and the notice of rights.
 */
export const certificateRefusalSchema = z.strictObject({
  applicantName: name(),
  idNumber: idNumber(),
  applicationNumber: identifier(),
  receivedDate: calendarDate(),
  reasons: paragraphs(),
  legalBasis: paragraph(),
  ...rightsFields(),
});

/**
 * 吊销保安员证决定书: the guard certificate is revoked (保安服务管理条例 Art 45), stating the facts found, the
 * hearing or statement of defence (`hearingStatement`), the legal basis, the consequences under Art 17 and the
 * notice of rights.
 */
export const certificateRevocationSchema = z.strictObject({
  holderName: name(),
  idNumber: idNumber(),
  certificateNumber: identifier(),
  employerName: name().optional(),
  caseNumber: identifier().optional(),
  facts: paragraphs(),
  hearingStatement: paragraph().optional(),
  legalBasis: paragraph(),
  surrenderDueDate: calendarDate().optional(),
  ...rightsFields(),
});

/**
 * 责令整改通知书: an inspection found violations of the unit's duties (保安服务管理条例 Art 38, 42); the unit must put
 * them right by a date, after which the police re-inspect.
 */
export const rectificationOrderSchema = z.strictObject({
  unitName: name(),
  creditCode: creditCode().optional(),
  inspectionNumber: identifier(),
  inspectedDate: calendarDate(),
  findings: paragraphs(),
  legalBasis: paragraph(),
  rectificationDueDate: calendarDate(),
  contactPhone: phone().optional(),
});

/** Which track a case is on, as a 受案回执 names it. */
export const CASE_KINDS = ['administrative', 'criminal'] as const;

/**
 * 受案回执: the receipt that a matter has been accepted as an administrative case (公安机关办理行政案件程序规定
 * Art 61) or received as a criminal case for filing review (公安机关办理刑事案件程序规定 Art 171), with the case
 * number by which the reporter (`reporterName`, when known) can ask how it stands; `source` says where the matter
 * came from, e.g. a tip or a transferring case.
 */
export const caseAcceptanceReceiptSchema = z.strictObject({
  caseKind: z.enum(CASE_KINDS),
  caseNumber: identifier(),
  matter: paragraph(),
  acceptedDate: calendarDate(),
  reporterName: name().optional(),
  source: paragraph().optional(),
});

/**
 * 行政处罚告知书: before a penalty is decided, the party is told the facts, the legal basis and the proposed penalty,
 * and the rights to state and defend (行政处罚法 Art 44–45) and, for qualifying penalties, to request a hearing
 * (Art 63–64) within `statementDays`.
 */
export const penaltyPriorNoticeSchema = z.strictObject({
  partyName: name(),
  partyIdentifier: identifier().optional(),
  caseNumber: identifier(),
  facts: paragraphs(),
  legalBasis: paragraph(),
  proposedPenalty: paragraph(),
  hearingRight: z.boolean(),
  statementDays: z.int().min(1).max(30),
});

/** 行政处罚决定书: the penalty decision (行政处罚法 Art 59): facts, evidence, legal basis, penalty, payment, rights. */
export const penaltyDecisionSchema = z.strictObject({
  partyName: name(),
  partyIdentifier: identifier().optional(),
  caseNumber: identifier(),
  facts: paragraphs(),
  evidence: z.array(paragraph()).max(50).optional(),
  hearingStatement: paragraph().optional(),
  legalBasis: paragraph(),
  penalty: paragraph(),
  fineAmountYuan: z.int().positive().optional(),
  /** The mitigation (减轻处罚) a fine below the article's minimum rests on, e.g. 《中华人民共和国行政处罚法》第三十二条第（一）项. */
  mitigationStatement: paragraph().optional(),
  paymentDays: z.int().min(1).max(90).default(15),
  ...rightsFields(),
});

/** 不予行政处罚决定书: no penalty is imposed (行政处罚法 Art 30–33, 57), with the reasons and the rights. */
export const noPenaltyDecisionSchema = z.strictObject({
  partyName: name(),
  partyIdentifier: identifier().optional(),
  caseNumber: identifier(),
  facts: paragraphs(),
  reasons: paragraphs(),
  legalBasis: paragraph(),
  ...rightsFields(),
});

/** 立案决定书: a criminal case is filed for investigation (刑事诉讼法 Art 112). */
export const filingDecisionSchema = z.strictObject({
  suspectName: name(),
  caseNumber: identifier(),
  facts: paragraphs(),
});

/** 不予立案通知书: the accuser is told within 3 days that no case is filed, why, and the right to ask for reconsideration within 7 days. */
export const nonFilingNoticeSchema = z.strictObject({
  accuserName: name(),
  suspectName: name(),
  caseNumber: identifier(),
  reasons: paragraphs(),
});

/** 提请批准逮捕书: the request to the procuratorate to approve the arrest of a detained suspect (刑事诉讼法 Art 87, 91). */
export const arrestRequestSchema = z.strictObject({
  procuratorate: name(),
  suspectName: name(),
  suspectResidentId: idNumber().optional(),
  caseNumber: identifier(),
  detainedOn: calendarDate(),
  facts: paragraphs(),
});

/**
 * 起诉意见书: at the end of the investigation the case goes to the procuratorate for review of prosecution (刑事诉讼法
 * Art 162): the suspect, the coercive measure in force (`measure`), the facts found, the evidence and the charge.
 */
export const prosecutionRecommendationSchema = z.strictObject({
  procuratorate: name(),
  suspectName: name(),
  suspectResidentId: idNumber().optional(),
  caseNumber: identifier(),
  measure: paragraph().optional(),
  facts: paragraphs(),
  evidence: z.array(paragraph()).max(50).optional(),
  charge: name(),
});

/** The grounds on which a criminal case is withdrawn (刑事诉讼法 Art 16, 163). */
export const WITHDRAWAL_GROUNDS = ['no-crime', 'trivial', 'limitation', 'amnesty', 'deceased', 'other'] as const;

/**
 * 撤销案件决定书: the case is withdrawn because no criminal liability is to be pursued (刑事诉讼法 Art 16, 163), on
 * `ground`, with the reasons; `releaseStatement` says which coercive measure is lifted.
 */
export const withdrawalDecisionSchema = z.strictObject({
  suspectName: name(),
  caseNumber: identifier(),
  ground: z.enum(WITHDRAWAL_GROUNDS),
  reasons: paragraphs(),
  releaseStatement: paragraph().optional(),
});

/** For each document kind: its Chinese title, the schema of its data, and whether it carries a notice of rights. */
export const DOCUMENT_CATALOGUE = {
  'acceptance-notice': { title: '受理通知书', schema: acceptanceNoticeSchema, rightsNotice: false },
  'non-acceptance-notice': { title: '不予受理通知书', schema: nonAcceptanceNoticeSchema, rightsNotice: true },
  'correction-notice': { title: '补正告知书', schema: correctionNoticeSchema, rightsNotice: false },
  'permit-decision': { title: '准予行政许可决定书', schema: permitDecisionSchema, rightsNotice: false },
  'security-service-permit': { title: '保安服务许可证', schema: securityServicePermitSchema, rightsNotice: false },
  'permit-refusal': { title: '不予行政许可决定书', schema: permitRefusalSchema, rightsNotice: true },
  'filing-receipt': { title: '备案回执', schema: filingReceiptSchema, rightsNotice: false },
  'filing-refusal': { title: '不予备案通知书', schema: filingRefusalSchema, rightsNotice: true },
  'guard-certificate': { title: '保安员证', schema: guardCertificateSchema, rightsNotice: false },
  'certificate-refusal': { title: '不予核发保安员证决定书', schema: certificateRefusalSchema, rightsNotice: true },
  'certificate-revocation': { title: '吊销保安员证决定书', schema: certificateRevocationSchema, rightsNotice: true },
  'rectification-order': { title: '责令整改通知书', schema: rectificationOrderSchema, rightsNotice: false },
  'case-acceptance-receipt': { title: '受案回执', schema: caseAcceptanceReceiptSchema, rightsNotice: false },
  'penalty-prior-notice': { title: '行政处罚告知书', schema: penaltyPriorNoticeSchema, rightsNotice: false },
  'penalty-decision': { title: '行政处罚决定书', schema: penaltyDecisionSchema, rightsNotice: true },
  'no-penalty-decision': { title: '不予行政处罚决定书', schema: noPenaltyDecisionSchema, rightsNotice: true },
  'filing-decision': { title: '立案决定书', schema: filingDecisionSchema, rightsNotice: false },
  'non-filing-notice': { title: '不予立案通知书', schema: nonFilingNoticeSchema, rightsNotice: false },
  'arrest-request': { title: '提请批准逮捕书', schema: arrestRequestSchema, rightsNotice: false },
  'prosecution-recommendation': { title: '起诉意见书', schema: prosecutionRecommendationSchema, rightsNotice: false },
  'withdrawal-decision': { title: '撤销案件决定书', schema: withdrawalDecisionSchema, rightsNotice: false },
} as const satisfies Record<DocumentType, { title: string; schema: z.ZodType; rightsNotice: boolean }>;

/** The data a document of kind `T` is rendered from, as accepted (before defaults are applied). */
export type DocumentInput<T extends DocumentType> = z.input<(typeof DOCUMENT_CATALOGUE)[T]['schema']>;

/** The data a document of kind `T` is rendered from, after validation (trimmed, defaults applied). */
export type DocumentData<T extends DocumentType> = z.output<(typeof DOCUMENT_CATALOGUE)[T]['schema']>;

/** Whether `value` is the id of a document kind. */
export function isDocumentType(value: unknown): value is DocumentType {
  return typeof value === 'string' && (DOCUMENT_TYPES as readonly string[]).includes(value);
}

/** The Chinese title of a document kind, e.g. `不予行政许可决定书` for `permit-refusal`. */
export function documentTitle(type: DocumentType): string {
  return DOCUMENT_CATALOGUE[type].title;
}

// helpers ////////////////////

/** A name or short label: a person, a company, an authority, a matter. */
function name() {
  return z.string().trim().min(1).max(200);
}

/** A number or code assigned by a system: application, permit, filing, certificate, case number. */
function identifier() {
  return z.string().trim().min(1).max(64);
}

/** A sentence or paragraph of text, e.g. a reason or a legal basis. */
function paragraph() {
  return z.string().trim().min(1).max(2000);
}

/** One or more paragraphs, e.g. the reasons for a refusal. */
function paragraphs() {
  return z.array(paragraph()).min(1).max(50);
}

function calendarDate() {
  return z.iso.date();
}

function phone() {
  return z
    .string()
    .trim()
    .regex(/^[0-9+()\- ]{3,30}$/, 'Invalid phone number');
}

/** 统一社会信用代码: 18 characters, digits and capital letters without I, O, S, V, Z. */
function creditCode() {
  return z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, 'Invalid unified social credit code');
}

/** 公民身份号码: 17 digits and a check character (a digit or X). */
function idNumber() {
  return z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^\d{17}[\dX]$/, 'Invalid resident ID number');
}

/** Service items, e.g. 门卫、巡逻、守护、押运、随身护卫、安全检查、安全技术防范、安全风险评估 (保安服务管理条例 Art 2). */
function serviceScope() {
  return z.array(name()).min(1).max(20);
}

/** The fields every notice of rights needs: the reconsideration body and, optionally, the court. */
function rightsFields() {
  return { reconsiderationAuthority: name(), court: name().optional() };
}

/** The birth date encoded in an 18-character ID number, as `YYYY-MM-DD`. */
function birthDateInIdNumber(idNumber: string): string {
  return `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`;
}
