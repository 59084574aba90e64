import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { isValidCreditCode } from '../forms/index.js';
import { can, jurisdictionOfGroup, scopeCondition, scopesOf } from '../jurisdiction/index.js';
import type { ClockService } from '../licensing/clock-service.js';
import type { DocumentIssuer } from '../licensing/document-issuer.js';
import type { NumberAllocator } from '../licensing/numbering.js';
import type { Regions } from '../licensing/regions.js';
import { startProcessOrUndo } from '../engine-client/start-process.js';
import { AdminCaseEntity } from '../cases/admin-case.entity.js';
import { InspectionEntity } from './inspection.entity.js';
import { bilingual, localize } from '../language.js';

/** An inspection to carry out. */
export const InspectionPlan = z.strictObject({
  kind: z.enum(['planned', 'random', 'unannounced']),
  unit: z.strictObject({
    name: z.string().trim().min(2).max(200),
    creditCode: z.string().trim().toUpperCase().refine((v) => isValidCreditCode(v), { error: bilingual('is not a valid unified social credit code', '统一社会信用代码校验位不正确') }).optional(),
    address: z.string().trim().max(300).optional(),
  }),
  regionCode: z.string().regex(/^\d{6}$/, { error: bilingual('must be a 6-digit division code', '须为 6 位行政区划代码') }),
  inspectorGroup: z.string().regex(/^(station|squad)-\d{6}(-[a-z0-9]+)?$/, { error: bilingual('must be a station or squad group such as station-440106', '须为派出所或中队用户组，如 station-440106') }),
  plannedFor: z.iso.date({ error: bilingual('must be a date YYYY-MM-DD', '须为 YYYY-MM-DD 格式的日期') }).optional(),
});

/** Input of {@link InspectionService.plan}. */
export type InspectionPlanInput = z.output<typeof InspectionPlan>;

/** Filters and paging of {@link InspectionService.list}. */
export const InspectionListQuery = z.strictObject({
  status: z.enum(['planned', 'rectifying', 'closed'], { error: bilingual('must be planned, rectifying or closed', '须为 planned（已计划）、rectifying（整改中）或 closed（已办结）') }).optional(),
  offset: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(0).default(0),
  limit: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(1).max(200).default(50),
});

/**
 * Supervision inspections (监督检查, 保安服务管理条例 Art 38): planned by whoever holds `inspection.start` over the
 * inspecting station or squad (its officers, or leaders and officers above it), read with `inspection.read` in the
 * inspected unit's or the inspecting group's jurisdiction or above, run by the `inspection` process — findings signed by both sides, a rectification
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

  /**
   * Plans an inspection and starts its process; the inspecting group must be of the unit's city, and the caller must
   * hold `inspection.start` in the group's jurisdiction.
   */
  async plan(principal: Principal, input: InspectionPlanInput): Promise<InspectionEntity> {
    const city = this.regions.cityOf(input.regionCode);
    if (!city) throw new ValidationError('The place is not in this province', [{ path: 'regionCode', message: localize('is not a division code of this province', '不是本省的行政区划代码') }]);
    if (this.regions.cityOf(input.inspectorGroup.replace(/^(station|squad)-(\d{6}).*$/, '$2'))?.code !== city.code) {
      throw new ValidationError('The inspecting group is not of the city of the unit', [{ path: 'inspectorGroup', message: localize(`must be a group of ${city.name}`, `须为${city.name}的用户组`) }]);
    }
    const groupJurisdiction = jurisdictionOfGroup(input.inspectorGroup);
    if (groupJurisdiction === null || !can(principal, 'inspection.start', groupJurisdiction)) {
      throw new ForbiddenError('FORBIDDEN', localize(`Only ${input.inspectorGroup} or the officers above it plan this inspection`, `只有 ${input.inspectorGroup} 或其上级单位的民警可以制定该检查计划`));
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

  /** Checks that the caller plans inspections (`inspection.start`) somewhere. */
  assertPlanner(principal: Principal): void {
    if (!can(principal, 'inspection.start')) throw new ForbiddenError('FORBIDDEN', localize('Only station officers and leaders plan inspections', '只有派出所民警和领导可以制定检查计划'));
  }

  /**
   * The inspections the caller reads (`inspection.read`): of units in its jurisdictions and below, or carried out
   * by a group there; newest first, with the number of all matches. Findings are a list, as in {@link view}.
   */
  async list(principal: Principal, query: z.output<typeof InspectionListQuery>): Promise<{ items: Array<Omit<InspectionEntity, 'findings'> & { findings: string[] }>; total: number }> {
    if (!can(principal, 'inspection.read')) throw new ForbiddenError('FORBIDDEN', localize('Only officers who handle inspections list them', '只有负责监督检查的民警可以查看检查列表'));
    const scope = scopeCondition(INSPECTION_SCOPE_COLUMNS, scopesOf(principal, 'inspection.read'));
    const q = this.dataSource.getRepository(InspectionEntity).createQueryBuilder('i').where(scope.sql, scope.params);
    if (query.status) q.andWhere('i.status = :status', { status: query.status });
    const [items, total] = await q.orderBy('i.createdAt', 'DESC').addOrderBy('i.id', 'ASC').skip(query.offset).take(query.limit).getManyAndCount();
    return { items: items.map((i) => ({ ...i, findings: findingsOf(i) })), total };
  }

  /** An inspection with its findings, clocks and documents, for those who read inspections of its unit's or its group's jurisdiction. */
  async view(principal: Principal, id: string): Promise<Record<string, unknown>> {
    const inspection = await this.dataSource.getRepository(InspectionEntity).findOneBy({ id });
    NotFoundError.assert(inspection, 'NOT_FOUND', localize(`Inspection ${id} does not exist`, `检查 ${id} 不存在`));
    const groupJurisdiction = jurisdictionOfGroup(inspection.inspectorGroup);
    if (!can(principal, 'inspection.read', inspection.regionCode) && !(groupJurisdiction !== null && can(principal, 'inspection.read', groupJurisdiction))) {
      throw new NotFoundError('NOT_FOUND', localize(`Inspection ${id} does not exist`, `检查 ${id} 不存在`));
    }
    const pid = inspection.processInstanceId;
    const opened = await this.dataSource.getRepository(AdminCaseEntity).findOneBy({ sourceType: 'inspection', sourceId: id });
    return {
      ...inspection,
      case: opened ? { id: opened.id, number: opened.number, status: opened.status } : null,
      findings: findingsOf(inspection),
      clocks: pid ? await this.clocks.ofProcess(pid) : [],
      documents: pid ? (await this.documents.ofProcess(pid)).map((d) => ({ id: d.id, number: d.number, type: d.type, title: d.title, issuedAt: d.issuedAt, issuedBy: d.issuedBy })) : [],
    };
  }
}

// helpers ////

/** Where an inspection lies: the inspected unit's place, and the inspecting station or squad group. */
const INSPECTION_SCOPE_COLUMNS = [{ column: 'i.region_code' }, { column: 'i.inspector_group', prefix: 'station-' }, { column: 'i.inspector_group', prefix: 'squad-' }];

/** The findings recorded on an inspection form, stored as a JSON array; none before the inspection. */
function findingsOf(inspection: Pick<InspectionEntity, 'findings'>): string[] {
  return inspection.findings ? (JSON.parse(inspection.findings) as string[]) : [];
}
