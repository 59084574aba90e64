import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { isValidCreditCode } from '../forms/index.js';
import type { ClockService } from '../licensing/clock-service.js';
import type { DocumentIssuer } from '../licensing/document-issuer.js';
import type { NumberAllocator } from '../licensing/numbering.js';
import type { Regions } from '../licensing/regions.js';
import { startProcessOrUndo } from '../engine-client/start-process.js';
import { AdminCaseEntity } from '../cases/admin-case.entity.js';
import { InspectionEntity } from './inspection.entity.js';

/** An inspection to carry out. */
export const InspectionPlan = z.strictObject({
  kind: z.enum(['planned', 'random', 'unannounced']),
  unit: z.strictObject({
    name: z.string().trim().min(2).max(200),
    creditCode: z.string().trim().toUpperCase().refine((v) => isValidCreditCode(v), { error: 'is not a valid unified social credit code' }).optional(),
    address: z.string().trim().max(300).optional(),
  }),
  regionCode: z.string().regex(/^\d{6}$/, { error: 'must be a 6-digit division code' }),
  inspectorGroup: z.string().regex(/^(station|squad)-\d{6}(-[a-z0-9]+)?$/, { error: 'must be a station or squad group such as station-440106' }),
  plannedFor: z.iso.date({ error: 'must be a date YYYY-MM-DD' }).optional(),
});

/** Input of {@link InspectionService.plan}. */
export type InspectionPlanInput = z.output<typeof InspectionPlan>;

/**
 * Supervision inspections (监督检查, 保安服务管理条例 Art 38): planned by the station or squad that carries them out
 * (or a leader of the city), run by the `inspection` process — findings signed by both sides, a rectification
 * order with its deadline, re-inspection, and closing or referral to an administrative case.
 */
export class InspectionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly regions: Regions,
    private readonly numbers: NumberAllocator,
    private readonly clocks: ClockService,
    private readonly documents: DocumentIssuer,
    private readonly now: () => Date,
  ) {}

  /** Plans an inspection and starts its process; the caller must belong to the inspecting group or lead the city. */
  async plan(principal: Principal, input: InspectionPlanInput): Promise<InspectionEntity> {
    const city = this.regions.cityOf(input.regionCode);
    if (!city) throw new ValidationError('The place is not in this province', [{ path: 'regionCode', message: 'is not a division code of this province' }]);
    if (this.regions.cityOf(input.inspectorGroup.replace(/^(station|squad)-(\d{6}).*$/, '$2'))?.code !== city.code) {
      throw new ValidationError('The inspecting group is not of the city of the unit', [{ path: 'inspectorGroup', message: `must be a group of ${city.name}` }]);
    }
    if (!principal.groupIds.includes(input.inspectorGroup) && !principal.groupIds.includes(`leader-${city.code}`)) {
      throw new ForbiddenError('FORBIDDEN', `Only ${input.inspectorGroup} or the leaders of ${city.name} plan this inspection`);
    }
    const now = this.now();
    const inspection: InspectionEntity = await this.dataSource.transaction(async (m) => {
      const entity: InspectionEntity = Object.assign(new InspectionEntity(), {
        id: randomUUID(), number: await this.numbers.next(m, 'inspection', { at: now, cityCode: city.code, city: city.name }), kind: input.kind,
        unitName: input.unit.name, unitCreditCode: input.unit.creditCode ?? null, unitAddress: input.unit.address ?? null, regionCode: input.regionCode,
        inspectorGroup: input.inspectorGroup, status: 'planned' as const, result: null, findings: null, processInstanceId: null, createdBy: principal.userId,
        sourceTipId: null, plannedFor: input.plannedFor ? new Date(`${input.plannedFor}T00:00:00+08:00`) : null, inspectedAt: null, rectificationDueAt: null,
        createdAt: now, closedAt: null,
      });
      await m.getRepository(InspectionEntity).insert(entity);
      return entity;
    });
    inspection.processInstanceId = await startProcessOrUndo(this.engine, 'inspection', inspection.number,
      { inspectionId: inspection.id, inspectionNumber: inspection.number, inspectorGroup: inspection.inspectorGroup, cityCode: city.code, regionCode: inspection.regionCode },
      () => this.dataSource.getRepository(InspectionEntity).delete({ id: inspection.id }));
    await this.dataSource.getRepository(InspectionEntity).update({ id: inspection.id }, { processInstanceId: inspection.processInstanceId });
    return inspection;
  }

  /** An inspection with its findings, clocks and documents, for its inspecting group and the city's leaders. */
  async view(principal: Principal, id: string): Promise<Record<string, unknown>> {
    const inspection = await this.dataSource.getRepository(InspectionEntity).findOneBy({ id });
    NotFoundError.assert(inspection, 'NOT_FOUND', `Inspection ${id} does not exist`);
    const city = this.regions.cityOf(inspection.regionCode)?.code ?? '';
    if (!principal.groupIds.includes(inspection.inspectorGroup) && !principal.groupIds.includes(`leader-${city}`)) {
      throw new NotFoundError('NOT_FOUND', `Inspection ${id} does not exist`);
    }
    const pid = inspection.processInstanceId;
    const opened = await this.dataSource.getRepository(AdminCaseEntity).findOneBy({ sourceType: 'inspection', sourceId: id });
    return {
      ...inspection,
      case: opened ? { id: opened.id, number: opened.number, status: opened.status } : null,
      findings: inspection.findings ? (JSON.parse(inspection.findings) as string[]) : [],
      clocks: pid ? await this.clocks.ofProcess(pid) : [],
      documents: pid ? (await this.documents.ofProcess(pid)).map((d) => ({ id: d.id, number: d.number, type: d.type, title: d.title, issuedAt: d.issuedAt, issuedBy: d.issuedBy })) : [],
    };
  }
}
