import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { codesMatch, documentTitle, newVerificationCode, pdfFontAvailable, renderDocument, renderPdf, type DocumentType } from '../documents/index.js';
import { NotFoundError } from '../errors.js';
import type { Notifications } from './notifications.js';
import type { NumberAllocator } from './numbering.js';
import { GuardCertificateEntity, OfficialDocumentEntity, PermitEntity, type PermitStatus } from './permit.entity.js';
import type { City, Regions } from './regions.js';
import { localize } from '../language.js';

/** Short code of each document type in its number (文号), e.g. 受 in 广州市公保受字〔2026〕00001号. */
export const DOCUMENT_CODES: Readonly<Record<DocumentType, string>> = {
  'acceptance-notice': '受',
  'non-acceptance-notice': '不受',
  'correction-notice': '补',
  'permit-decision': '许',
  'security-service-permit': '证',
  'permit-refusal': '不许',
  'filing-receipt': '备',
  'filing-refusal': '不备',
  'guard-certificate': '保证',
  'certificate-refusal': '不证',
  'certificate-revocation': '吊',
  'rectification-order': '责改',
  'penalty-prior-notice': '罚告',
  'penalty-decision': '罚决',
  'no-penalty-decision': '不罚',
  'filing-decision': '刑立',
  'non-filing-notice': '刑不立',
  'arrest-request': '提捕',
  'case-acceptance-receipt': '受案',
  'prosecution-recommendation': '起诉',
  'withdrawal-decision': '撤案',
};

/** What to issue. */
export interface IssueRequest {
  type: DocumentType;
  data: Record<string, unknown>;
  holderName: string;
  applicationId: string | null;
  processInstanceId: string | null;
  /** The user to notify that the document is ready (about its application, else its process); null for none. */
  notifyUserId: string | null;
  /** The city whose authority issues it; the province authority issues when `byProvince`. */
  city: City;
  byProvince: boolean;
  idempotencyKey: string;
}

/** What anyone may learn about a document from its number and verification code. */
export interface VerificationResult {
  number: string;
  title: string;
  holderName: string;
  issuedAt: Date;
  issuer: string;
  /** `void` when the document was voided, or when it is a permit or certificate no longer in force. */
  status: 'valid' | 'void';
  /** For a permit (保安服务许可证) or a guard certificate (保安员证): the licence's number and where it stands now. */
  licence?: { number: string; status: PermitStatus | GuardCertificateEntity['status'] };
}

/** Statuses of a permit in which its permit document no longer proves anything. */
const PERMIT_NOT_IN_FORCE: ReadonlySet<PermitStatus> = new Set(['lapsed', 'revoked', 'cancelled']);

/**
 * Issues official documents: takes the next document number, renders the printable HTML with its verification
 * code, stores both with the data, and puts a notice in the applicant's inbox — all in one transaction, once
 * per idempotency key.
 */
export class DocumentIssuer {
  constructor(
    private readonly dataSource: DataSource,
    private readonly numbers: NumberAllocator,
    private readonly notifications: Notifications,
    private readonly regions: Regions,
    private readonly publicBaseUrl: string,
    private readonly now: () => Date,
    private readonly fontFile: string | undefined = undefined,
  ) {}

  /** Whether documents can be rendered as PDF (a CJK font is configured). */
  get pdfAvailable(): boolean {
    return pdfFontAvailable(this.fontFile);
  }

  /** The document as PDF, rendered from its stored data with the configured font; throws `DOCUMENT_FONT_UNAVAILABLE` without one. */
  async pdf(doc: OfficialDocumentEntity): Promise<Buffer> {
    const meta = { number: doc.number, verificationCode: doc.verificationCode, issuedAt: doc.issuedAt, issuer: doc.issuedBy, verifyUrl: `${this.publicBaseUrl}/verify` };
    return renderPdf(doc.type as DocumentType, JSON.parse(doc.data) as never, meta, this.fontFile);
  }

  /** Issues a document, or returns the one already issued under the same idempotency key. */
  async issue(request: IssueRequest): Promise<OfficialDocumentEntity> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(OfficialDocumentEntity);
      const existing = await repo.findOneBy({ idempotencyKey: request.idempotencyKey });
      if (existing) return existing;
      const issuedAt = this.now();
      const issuer = request.byProvince ? this.regions.table.province.authority : request.city.authority;
      const number = await this.numbers.next(m, 'document', {
        at: issuedAt, city: request.byProvince ? this.regions.table.province.name : request.city.name, cityCode: request.city.code,
        province: this.regions.table.province.name, docCode: DOCUMENT_CODES[request.type],
      });
      const verificationCode = newVerificationCode();
      const html = renderDocument(request.type, request.data as never, { number, verificationCode, issuedAt, issuer, verifyUrl: `${this.publicBaseUrl}/verify` });
      const entity = Object.assign(new OfficialDocumentEntity(), {
        id: randomUUID(), number, type: request.type, title: documentTitle(request.type), applicationId: request.applicationId,
        processInstanceId: request.processInstanceId, holderName: request.holderName.slice(0, 200), verificationCode, html,
        data: JSON.stringify(request.data), status: 'valid' as const, issuedAt, issuedBy: issuer, idempotencyKey: request.idempotencyKey,
      });
      await repo.insert(entity);
      // the applicant opens the application the document was issued on
      const subject = request.applicationId ? { kind: 'application' as const, id: request.applicationId }
        : request.processInstanceId ? { kind: 'case-file' as const, id: request.processInstanceId } : null;
      if (request.notifyUserId && subject) {
        await this.notifications.send({
          recipientType: 'user', recipient: request.notifyUserId, kind: 'document', title: `${entity.title}已出具`,
          body: `${issuer}已出具《${entity.title}》（${number}），请登录查看或下载。`, applicationId: request.applicationId, subject,
          idempotencyKey: `document:${entity.id}`,
        }, m);
      }
      return entity;
    });
  }

  /** Checks a document by number and code; null when there is no such document or the code is wrong. */
  async verify(number: string, code: string): Promise<VerificationResult | null> {
    const doc = await this.dataSource.getRepository(OfficialDocumentEntity).findOneBy({ number: number.trim() });
    if (!doc || !codesMatch(doc.verificationCode, code)) return null;
    const result: VerificationResult = { number: doc.number, title: doc.title, holderName: doc.holderName, issuedAt: doc.issuedAt, issuer: doc.issuedBy, status: doc.status };
    // a permit or certificate is only as good as the licence it proves: revoked, lapsed or cancelled, it is void
    if (doc.applicationId && doc.type === 'security-service-permit') {
      const permit = await this.dataSource.getRepository(PermitEntity).findOneBy({ applicationId: doc.applicationId });
      if (permit) {
        result.licence = { number: permit.number, status: permit.status };
        if (PERMIT_NOT_IN_FORCE.has(permit.status)) result.status = 'void';
      }
    } else if (doc.applicationId && doc.type === 'guard-certificate') {
      const certificate = await this.dataSource.getRepository(GuardCertificateEntity).findOneBy({ applicationId: doc.applicationId });
      if (certificate) {
        result.licence = { number: certificate.number, status: certificate.status };
        if (certificate.status === 'revoked') result.status = 'void';
      }
    }
    return result;
  }

  /** A document by id. */
  async get(id: string): Promise<OfficialDocumentEntity> {
    const doc = await this.dataSource.getRepository(OfficialDocumentEntity).findOneBy({ id });
    NotFoundError.assert(doc, 'NOT_FOUND', localize(`Official document ${id} does not exist`, `文书 ${id} 不存在`));
    return doc;
  }

  /** The documents issued in a process instance, in order. */
  async ofProcess(processInstanceId: string): Promise<OfficialDocumentEntity[]> {
    return this.dataSource.getRepository(OfficialDocumentEntity).find({ where: { processInstanceId }, order: { issuedAt: 'ASC', number: 'ASC' } });
  }

  /** The documents issued for an application, in order. */
  async ofApplication(applicationId: string): Promise<OfficialDocumentEntity[]> {
    return this.dataSource.getRepository(OfficialDocumentEntity).find({ where: { applicationId }, order: { issuedAt: 'ASC', number: 'ASC' } });
  }
}
