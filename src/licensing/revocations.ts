import type { DataSource } from 'typeorm';
import type { Principal } from '../auth/tokens.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.js';
import { can } from '../jurisdiction/roles.js';
import { GuardCertificateEntity } from './permit.entity.js';
import type { Regions } from './regions.js';
import { toTypedVariables } from '../engine-client/variables.js';

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
  ) {}

  /**
   * The form-js JSON of the revocation request form (`guard-certificate-revocation-request`), for officers who may
   * propose a revocation somewhere (`certificate.revoke`); others get a 403.
   */
  revocationForm(principal: Principal): Record<string, unknown> {
    if (!can(principal, 'certificate.revoke')) throw new ForbiddenError('FORBIDDEN', 'Only permit reviewers propose revoking a guard certificate');
    return this.requestForm();
  }

  /** Certificates of a resident ID, or one by number. */
  async find(query: { residentId?: string; number?: string }): Promise<GuardCertificateEntity[]> {
    const where = { ...(query.residentId ? { residentId: query.residentId.toUpperCase() } : {}), ...(query.number ? { number: query.number } : {}) };
    if (Object.keys(where).length === 0) return [];
    return this.dataSource.getRepository(GuardCertificateEntity).find({ where, order: { issuedAt: 'DESC' } });
  }

  /** Starts the revocation procedure of certificate `id` with the facts of the request form; returns the process instance id. */
  async proposeRevocation(principal: Principal, authorization: string, id: string, values: unknown): Promise<{ processInstanceId: string }> {
    const cert = await this.dataSource.getRepository(GuardCertificateEntity).findOneBy({ id });
    NotFoundError.assert(cert, 'NOT_FOUND', `Guard certificate ${id} does not exist`);
    const city = this.regions.cityOf(cert.regionCode);
    if (!city || !can(principal, 'certificate.revoke', cert.regionCode)) throw new ForbiddenError('FORBIDDEN', `Only permit reviewers of ${city?.name ?? cert.regionCode} may propose revoking this certificate`);
    if (cert.status !== 'valid') throw new ConflictError('CONFLICT', `Guard certificate ${cert.number} is ${cert.status}`);
    const data = this.validate({ ...(values as Record<string, unknown>), certificateNumber: cert.number });
    const engine = this.engineAs(authorization);
    const running = await engine.request<unknown[]>('GET', `/process-instance?processDefinitionKey=guard-certificate-revocation&businessKey=${encodeURIComponent(cert.number)}`);
    if (running.length > 0) throw new ConflictError('CONFLICT', `A revocation of ${cert.number} is already under way`);
    const instance = await engine.request<{ id: string }>('POST', '/process-definition/key/guard-certificate-revocation/start', {
      businessKey: cert.number,
      variables: toTypedVariables({ ...data, certificateId: cert.id, certificateNumber: cert.number, applicationId: cert.applicationId, cityCode: city.code, proposedBy: principal.userId }),
    });
    return { processInstanceId: instance.id };
  }
}
