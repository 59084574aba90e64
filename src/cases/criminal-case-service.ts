import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { isValidResidentId } from '../forms/index.js';
import type { ClockService } from '../licensing/clock-service.js';
import type { DocumentIssuer } from '../licensing/document-issuer.js';
import type { NumberAllocator } from '../licensing/numbering.js';
import type { Regions } from '../licensing/regions.js';
import { startProcessOrUndo } from '../engine-client/start-process.js';
import { toTypedVariables } from '../engine-client/variables.js';
import { isCaseOfficerOf } from './access.js';
import { CriminalCaseEntity } from './criminal-case.entity.js';

/** A criminal matter an officer puts to filing review. */
export const CriminalCaseOpening = z.strictObject({
  suspect: z.strictObject({
    name: z.string().trim().min(1).max(64),
    residentId: z.string().trim().toUpperCase().refine((v) => isValidResidentId(v), { error: 'is not a valid resident ID number' }).optional(),
  }),
  regionCode: z.string().regex(/^\d{6}$/, { error: 'must be a 6-digit division code' }),
  facts: z.string().trim().min(10, { error: 'must describe the suspected crime (at least 10 characters)' }).max(5000),
});

/** The procuratorate's answer to an arrest request. */
export const ProcuratorateDecision = z.strictObject({
  approved: z.boolean(),
  decidedOn: z.iso.date({ error: 'must be a date YYYY-MM-DD' }),
  documentNumber: z.string().trim().min(1).max(64),
});

/** What a criminal case is opened from. */
export interface CriminalCaseSource {
  type: CriminalCaseEntity['sourceType'];
  id: string | null;
  reference: string | null;
}

/**
 * Criminal cases (刑事案件): opened for filing review by a case officer or by the administrative case that found a
 * suspected crime, run by the `criminal-case` process with its custody clocks; the procuratorate's decision on
 * an arrest request arrives as the message `ProcuratorateDecision`.
 */
export class CriminalCaseService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly regions: Regions,
    private readonly numbers: NumberAllocator,
    private readonly clocks: ClockService,
    private readonly documents: DocumentIssuer,
    private readonly now: () => Date,
  ) {}

  /** Opens a case for filing review and starts its process, once per source. */
  async open(input: z.output<typeof CriminalCaseOpening>, source: CriminalCaseSource, createdBy: string): Promise<CriminalCaseEntity> {
    const city = this.regions.cityOf(input.regionCode);
    if (!city) throw new ValidationError('The place is not in this province', [{ path: 'regionCode', message: 'is not a division code of this province' }]);
    const repo = this.dataSource.getRepository(CriminalCaseEntity);
    if (source.id) {
      const existing = await repo.findOneBy({ sourceType: source.type, sourceId: source.id });
      if (existing) return existing;
    }
    const now = this.now();
    const created: CriminalCaseEntity = await this.dataSource.transaction(async (m) => {
      const entity: CriminalCaseEntity = Object.assign(new CriminalCaseEntity(), {
        id: randomUUID(), number: await this.numbers.next(m, 'criminalCase', { at: now, cityCode: city.code, city: city.name }), sourceType: source.type,
        sourceId: source.id, sourceReference: source.reference, suspectName: input.suspect.name, suspectResidentId: input.suspect.residentId ?? null,
        regionCode: input.regionCode, status: 'filing-review' as const, measure: null, facts: input.facts, outcome: null, processInstanceId: null,
        createdBy, createdAt: now, closedAt: null,
      });
      await m.getRepository(CriminalCaseEntity).insert(entity);
      return entity;
    });
    created.processInstanceId = await startProcessOrUndo(this.engine, 'criminal-case', created.number,
      { caseId: created.id, caseNumber: created.number, cityCode: city.code, sourceReference: source.reference },
      () => repo.delete({ id: created.id }));
    await repo.update({ id: created.id }, { processInstanceId: created.processInstanceId });
    return created;
  }

  /** Records the procuratorate's decision on the arrest request of case `id`; 409 while no request is pending. */
  async procuratorateDecision(principal: Principal, id: string, decision: z.output<typeof ProcuratorateDecision>): Promise<void> {
    const found = await this.readable(principal, id);
    if (found.status !== 'arrest-requested') throw new ConflictError('CONFLICT', `Case ${found.number} has no arrest request pending`);
    await this.engine.request('POST', '/message', {
      messageName: 'ProcuratorateDecision',
      businessKey: found.number,
      processVariables: toTypedVariables({ arrestApproved: decision.approved, procuratorateDecidedOn: decision.decidedOn, procuratorateDocument: decision.documentNumber }),
    });
  }

  /** A criminal case with its clocks and documents, for the city's case officers, legal officers and leaders. */
  async view(principal: Principal, id: string): Promise<Record<string, unknown>> {
    const found = await this.readable(principal, id);
    const pid = found.processInstanceId;
    return {
      ...found,
      clocks: pid ? await this.clocks.ofProcess(pid) : [],
      documents: pid ? (await this.documents.ofProcess(pid)).map((d) => ({ id: d.id, number: d.number, type: d.type, title: d.title, issuedAt: d.issuedAt, issuedBy: d.issuedBy })) : [],
    };
  }

  /** Checks that the caller is a case officer, legal officer or leader of the city of `regionCode`. */
  assertCityOfficer(principal: Principal, regionCode: string): void {
    if (!isCaseOfficerOf(this.regions, principal, regionCode)) throw new ForbiddenError('FORBIDDEN', 'Only the case, legal and leading officers of the city handle its criminal cases');
  }

  // helpers ////

  private async readable(principal: Principal, id: string): Promise<CriminalCaseEntity> {
    const found = await this.dataSource.getRepository(CriminalCaseEntity).findOneBy({ id });
    NotFoundError.assert(found, 'NOT_FOUND', `Criminal case ${id} does not exist`);
    if (!isCaseOfficerOf(this.regions, principal, found.regionCode)) throw new NotFoundError('NOT_FOUND', `Criminal case ${id} does not exist`);
    return found;
  }
}
