import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/tokens.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { startProcessOrUndo } from '../engine-client/start-process.js';
import { isUniqueViolation } from '../db/dialect.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { can } from '../jurisdiction/roles.js';
import { GuardCertificateEntity, OfficialDocumentEntity } from './permit.entity.js';
import type { Regions } from './regions.js';
import { RevocationEntity, type RevocationOutcome } from './revocation.entity.js';
import { localize } from '../language.js';

/** Validates the revocation request against its form; throws a 400 naming the fields at fault. */
export type RevocationFormValidator = (data: unknown) => Record<string, unknown>;

/**
 * Guard certificates for officers: look them up, and propose a revocation (吊销), which starts the
 * `guard-certificate-revocation` procedure. Only officers holding `certificate.revoke` for the certificate's place
 * (the permit reviewers of its city or district) may propose it.
 */
export class GuardCertificates {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engineAs: (authorization: string) => EngineClient,
    private readonly regions: Regions,
    private readonly validate: RevocationFormValidator,
    private readonly requestForm: () => Record<string, unknown>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * The form-js JSON of the revocation request form (`guard-certificate-revocation-request`), for officers who may
   * propose a revocation somewhere (`certificate.revoke`); others get a 403.
   */
  revocationForm(principal: Principal): Record<string, unknown> {
    if (!can(principal, 'certificate.revoke')) throw new ForbiddenError('FORBIDDEN', localize('Only permit reviewers propose revoking a guard certificate', '只有许可审核民警可以提请吊销保安员证'));
    return this.requestForm();
  }

  /** Certificates of a resident ID, or one by number. */
  async find(query: { residentId?: string; number?: string }): Promise<GuardCertificateEntity[]> {
    const where = { ...(query.residentId ? { residentId: query.residentId.toUpperCase() } : {}), ...(query.number ? { number: query.number } : {}) };
    if (Object.keys(where).length === 0) return [];
    return this.dataSource.getRepository(GuardCertificateEntity).find({ where, order: { issuedAt: 'DESC' } });
  }

  /**
   * Proposes revoking certificate `id` with the facts of the request form: records the proposal (`lic_revocation`,
   * status `proposed`), then starts its `guard-certificate-revocation` procedure; when the start fails the proposal is
   * removed again. A certificate has at most one revocation under way (409). Returns the process instance id.
   */
  async proposeRevocation(principal: Principal, authorization: string, id: string, values: unknown): Promise<{ processInstanceId: string }> {
    const cert = await this.dataSource.getRepository(GuardCertificateEntity).findOneBy({ id });
    NotFoundError.assert(cert, 'NOT_FOUND', localize(`Guard certificate ${id} does not exist`, `保安员证 ${id} 不存在`));
    const city = this.regions.cityOf(cert.regionCode);
    if (!city || !can(principal, 'certificate.revoke', cert.regionCode)) throw new ForbiddenError('FORBIDDEN', localize(`Only permit reviewers of ${city?.name ?? cert.regionCode} may propose revoking this certificate`, `只有${city?.name ?? cert.regionCode}的许可审核民警可以提请吊销该保安员证`));
    if (cert.status !== 'valid') throw new ConflictError('CONFLICT', localize(`Guard certificate ${cert.number} is ${cert.status}`, `保安员证 ${cert.number} 已被吊销`));
    const data = this.validate({ ...(values as Record<string, unknown>), certificateNumber: cert.number });
    const underWay = () => new ConflictError('CONFLICT', localize(`A revocation of ${cert.number} is already under way`, `保安员证 ${cert.number} 的吊销正在办理中`));
    if (await this.dataSource.getRepository(RevocationEntity).existsBy({ certificateId: cert.id, status: 'proposed' })) throw underWay();
    // revocations proposed before they were recorded are known to the engine only
    const engine = this.engineAs(authorization);
    const running = await engine.request<unknown[]>('GET', `/process-instance?processDefinitionKey=guard-certificate-revocation&businessKey=${encodeURIComponent(cert.number)}`);
    if (running.length > 0) throw underWay();
    const proposal: RevocationEntity = Object.assign(new RevocationEntity(), {
      id: randomUUID(), processInstanceId: null, certificateId: cert.id, certificateNumber: cert.number, guardName: cert.holderName, regionCode: cert.regionCode,
      ground: String(data['revocationGround']), facts: String(data['revocationFacts']),
      statementOfDefence: typeof data['statementOfDefence'] === 'string' && data['statementOfDefence'].trim() ? data['statementOfDefence'] : null,
      status: 'proposed' as const, outcome: null, decisionReason: null, proposedBy: principal.userId, proposedAt: this.now(), decidedAt: null,
      openCertificateId: cert.id,
    });
    const repo = this.dataSource.getRepository(RevocationEntity);
    // a proposal sent at the same moment may have passed the check above: the unique open certificate stops it here
    await repo.insert(proposal).catch((error: unknown) => {
      throw isUniqueViolation(error) ? underWay() : error;
    });
    const processInstanceId = await startProcessOrUndo(engine, 'guard-certificate-revocation', cert.number,
      { ...data, certificateId: cert.id, certificateNumber: cert.number, applicationId: cert.applicationId, cityCode: city.code, proposedBy: principal.userId, revocationId: proposal.id },
      () => repo.delete({ id: proposal.id }));
    await repo.update({ id: proposal.id }, { processInstanceId });
    return { processInstanceId };
  }

  /**
   * A revocation proposal as its case file shows it: the certificate and its holder, the facts, the decision and the
   * documents issued (吊销保安员证决定书). For its proposer and officers who read licensing (`application.read`) in the
   * certificate's place; to anyone else it does not exist.
   */
  async revocation(principal: Principal, id: string): Promise<RevocationView> {
    const proposal = await this.dataSource.getRepository(RevocationEntity).findOneBy({ id });
    const missing = () => new NotFoundError('NOT_FOUND', localize(`Revocation proposal ${id} does not exist`, `吊销提请 ${id} 不存在`));
    if (!proposal || !(proposal.proposedBy === principal.userId || can(principal, 'application.read', proposal.regionCode))) throw missing();
    const cert = await this.dataSource.getRepository(GuardCertificateEntity).findOneBy({ id: proposal.certificateId });
    const documents = proposal.processInstanceId
      ? await this.dataSource.getRepository(OfficialDocumentEntity).find({ where: { processInstanceId: proposal.processInstanceId }, order: { issuedAt: 'ASC', number: 'ASC' } })
      : [];
    return {
      ...proposal,
      certificate: cert ? { id: cert.id, number: cert.number, holderName: cert.holderName, residentId: cert.residentId, status: cert.status, issuedAt: cert.issuedAt, revokedAt: cert.revokedAt } : null,
      officialDocuments: documents.map((d) => ({ id: d.id, number: d.number, type: d.type, title: d.title, issuedAt: d.issuedAt, issuedBy: d.issuedBy })),
    };
  }
}

/** What {@link GuardCertificates.revocation} answers. */
export type RevocationView = RevocationEntity & {
  certificate: Pick<GuardCertificateEntity, 'id' | 'number' | 'holderName' | 'residentId' | 'status' | 'issuedAt' | 'revokedAt'> | null;
  officialDocuments: Array<Pick<OfficialDocumentEntity, 'id' | 'number' | 'type' | 'title' | 'issuedAt' | 'issuedBy'>>;
};

/**
 * Records how the revocation procedure `processInstanceId` ended, inside the caller's transaction: `revoked` when the
 * certificate was revoked, `not-revoked` when the leader admonished (训诫) or dismissed (不予处理); recording it twice
 * changes nothing. Procedures proposed before proposals were recorded have no proposal, and nothing is recorded.
 */
export async function recordRevocationOutcome(manager: EntityManager, processInstanceId: string, outcome: RevocationOutcome, reason: string | null, at: Date): Promise<void> {
  await manager.getRepository(RevocationEntity).update({ processInstanceId, status: 'proposed' }, {
    status: outcome === 'revoke' ? 'revoked' : 'not-revoked', outcome, decisionReason: reason === null ? null : reason.slice(0, 2000), decidedAt: at,
    openCertificateId: null,
  });
}
