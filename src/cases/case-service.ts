import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { ClockService } from '../licensing/clock-service.js';
import type { DocumentIssuer } from '../licensing/document-issuer.js';
import type { NumberAllocator } from '../licensing/numbering.js';
import type { Regions } from '../licensing/regions.js';
import { toTypedVariables } from '../licensing/variables.js';
import { AdminCaseEntity } from './admin-case.entity.js';

/** A case an officer opens directly (受案). */
export const CaseOpening = z.strictObject({
  party: z.strictObject({
    kind: z.enum(['unit', 'person']),
    name: z.string().trim().min(1).max(200),
    identifier: z.string().trim().toUpperCase().regex(/^[0-9A-Z]{18}$/, { error: 'must be an 18-character credit code or resident ID' }).optional(),
  }),
  regionCode: z.string().regex(/^\d{6}$/, { error: 'must be a 6-digit division code' }),
  facts: z.string().trim().min(10, { error: 'must describe the suspected violation (at least 10 characters)' }).max(5000),
});

/** What a case is opened from. */
export interface CaseSource {
  type: AdminCaseEntity['sourceType'];
  id: string | null;
  reference: string | null;
}

/**
 * Administrative cases (行政案件): opened by a case officer, or by the tip or inspection that found the violation
 * (the case records its source, and the source finds its case), and run by the `administrative-case` process.
 * Case officers (`case-<city>`), legal officers (`legal-<city>`) and leaders (`leader-<city>`) of the city read them.
 */
export class CaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly regions: Regions,
    private readonly numbers: NumberAllocator,
    private readonly clocks: ClockService,
    private readonly documents: DocumentIssuer,
    private readonly now: () => Date,
  ) {}

  /** Opens a case and starts its process, once per source (a second call for the same source returns the first case). */
  async open(input: z.output<typeof CaseOpening>, source: CaseSource, createdBy: string): Promise<AdminCaseEntity> {
    const city = this.regions.cityOf(input.regionCode);
    if (!city) throw new ValidationError('The place is not in this province', [{ path: 'regionCode', message: 'is not a division code of this province' }]);
    const repo = this.dataSource.getRepository(AdminCaseEntity);
    if (source.id) {
      const existing = await repo.findOneBy({ sourceType: source.type, sourceId: source.id });
      if (existing) return existing;
    }
    const now = this.now();
    const created: AdminCaseEntity = await this.dataSource.transaction(async (m) => {
      const entity: AdminCaseEntity = Object.assign(new AdminCaseEntity(), {
        id: randomUUID(), number: await this.numbers.next(m, 'adminCase', { at: now, cityCode: city.code, city: city.name }), sourceType: source.type,
        sourceId: source.id, sourceReference: source.reference, partyKind: input.party.kind, partyName: input.party.name,
        partyIdentifier: input.party.identifier ?? null, regionCode: input.regionCode, status: 'investigating' as const, violationId: null,
        facts: input.facts, decision: null, penalty: null, fineAmount: null, processInstanceId: null, createdBy, createdAt: now, decidedAt: null, closedAt: null,
      });
      await m.getRepository(AdminCaseEntity).insert(entity);
      return entity;
    });
    try {
      const instance = await this.engine.request<{ id: string }>('POST', '/process-definition/key/administrative-case/start', {
        businessKey: created.number,
        // until a penalty is proposed: no hearing right, no collective discussion, no hearing requested
        variables: toTypedVariables({ caseId: created.id, caseNumber: created.number, cityCode: city.code, partyKind: created.partyKind, sourceReference: source.reference, hearingRight: false, collectiveDiscussion: false, hearingRequested: 'no' }),
      });
      await repo.update({ id: created.id }, { processInstanceId: instance.id });
      created.processInstanceId = instance.id;
    } catch (error) {
      await repo.delete({ id: created.id });
      throw error;
    }
    return created;
  }

  /** The case opened from a source, if any. */
  async ofSource(type: AdminCaseEntity['sourceType'], id: string): Promise<AdminCaseEntity | null> {
    return this.dataSource.getRepository(AdminCaseEntity).findOneBy({ sourceType: type, sourceId: id });
  }

  /** A case with its clocks and documents, for the city's case officers, legal officers and leaders. */
  async view(principal: Principal, id: string): Promise<Record<string, unknown>> {
    const c = await this.dataSource.getRepository(AdminCaseEntity).findOneBy({ id });
    NotFoundError.assert(c, 'NOT_FOUND', `Case ${id} does not exist`);
    this.assertCityOfficer(principal, c.regionCode, () => new NotFoundError('NOT_FOUND', `Case ${id} does not exist`));
    const pid = c.processInstanceId;
    return {
      ...c,
      clocks: pid ? await this.clocks.ofProcess(pid) : [],
      documents: pid ? (await this.documents.ofProcess(pid)).map((d) => ({ id: d.id, number: d.number, type: d.type, title: d.title, issuedAt: d.issuedAt, issuedBy: d.issuedBy })) : [],
    };
  }

  /** Checks that the caller is a case officer, legal officer or leader of the city of `regionCode`. */
  assertCityOfficer(principal: Principal, regionCode: string, refuse: () => Error = () => new ForbiddenError('FORBIDDEN', 'Only the case, legal and leading officers of the city handle its cases')): void {
    const city = this.regions.cityOf(regionCode)?.code ?? '';
    if (!['case-', 'legal-', 'leader-'].some((p) => principal.groupIds.includes(`${p}${city}`))) throw refuse();
  }
}
