import type { HandlingGroups } from '../jurisdiction/handling-groups.js';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import { EngineRequestError, type EngineClient } from '../engine-client/engine-client.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { ClockService } from '../licensing/clock-service.js';
import type { DocumentIssuer } from '../licensing/document-issuer.js';
import type { NumberAllocator } from '../licensing/numbering.js';
import type { Regions } from '../licensing/regions.js';
import { startProcessOrUndo } from '../engine-client/start-process.js';
import { isoFromEngine, toTypedVariables } from '../engine-client/variables.js';
import { can } from '../jurisdiction/index.js';
import { isCaseOfficerOf } from './access.js';
import { AdminCaseEntity } from './admin-case.entity.js';
import { fineIssues, PENALTY_CATALOGUE } from './penalty-catalogue.js';
import { bilingual, localize } from '../language.js';

/** A case an officer opens directly (受案). */
export const CaseOpening = z.strictObject({
  party: z.strictObject({
    kind: z.enum(['unit', 'person']),
    name: z.string().trim().min(1).max(200),
    identifier: z.string().trim().toUpperCase().regex(/^[0-9A-Z]{18}$/, { error: bilingual('must be an 18-character credit code or resident ID', '须为 18 位统一社会信用代码或公民身份号码') }).optional(),
  }),
  regionCode: z.string().regex(/^\d{6}$/, { error: bilingual('must be a 6-digit division code', '须为 6 位行政区划代码') }),
  facts: z.string().trim().min(10, { error: bilingual('must describe the suspected violation (at least 10 characters)', '须描述涉嫌违法事实（不少于 10 个字）') }).max(5000),
  /** Who reported the matter, named on the acceptance receipt (受案回执). */
  reporterName: z.string().trim().min(1).max(200).optional(),
});

/** The approval of an extension of a case's time limit. */
export const CaseExtension = z.strictObject({
  approvedBy: z.string().trim().min(2, { error: bilingual('must name the approving authority', '须写明批准机关') }).max(100),
  approvalDocument: z.string().trim().min(1, { error: bilingual('must give the approval document number', '须填写批准文书文号') }).max(64),
});

/** A public-order case's time limit after the one extension the law allows: 30 + 30 days. */
export const CASE_EXTENDED_DAYS = 60;

/** The extension of a case's time limit as recorded: who approved it (and by which document), who recorded it, and when. */
export interface RecordedCaseExtension {
  approvedBy: string;
  approvalDocument: string;
  /** The leader who recorded it. */
  by: string;
  /** ISO 8601 UTC. */
  recordedAt: string;
}

/** The process variables an extension is recorded in, by the field of {@link RecordedCaseExtension} they give. */
const EXTENSION_VARIABLES = { approvedBy: 'extensionApprovedBy', approvalDocument: 'extensionDocument', by: 'extensionRecordedBy' } as const;

/** What a case is opened from. */
export interface CaseSource {
  type: AdminCaseEntity['sourceType'];
  id: string | null;
  reference: string | null;
}

/**
 * Administrative cases (行政案件): opened by a case officer, or by the tip or inspection that found the violation
 * (the case records its source, and the source finds its case), and run by the `administrative-case` process.
 * Its tasks go to the case officers, legal officers and leaders of the nearest unit that has them (`case-<district>` …,
 * else `case-<city>` …; see `HandlingGroups`); officers of the case's jurisdiction and above read it.
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
    private readonly groups: HandlingGroups,
  ) {}

  /** Opens a case and starts its process, once per source (a second call for the same source returns the first case). */
  async open(input: z.output<typeof CaseOpening>, source: CaseSource, createdBy: string): Promise<AdminCaseEntity> {
    const city = this.regions.cityOf(input.regionCode);
    if (!city) throw new ValidationError('The place is not in this province', [{ path: 'regionCode', message: localize('is not a division code of this province', '不是本省的行政区划代码') }]);
    const repo = this.dataSource.getRepository(AdminCaseEntity);
    if (source.id) {
      const existing = await repo.findOneBy({ sourceType: source.type, sourceId: source.id });
      if (existing) return existing;
    }
    const now = this.now();
    const handlers = await this.groups.forCase(input.regionCode, city.code);
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
    created.processInstanceId = await startProcessOrUndo(this.engine, 'administrative-case', created.number,
      // until a penalty is proposed: no hearing right, no collective discussion, no hearing requested
      { caseId: created.id, caseNumber: created.number, cityCode: city.code, ...handlers, partyKind: created.partyKind, sourceReference: source.reference, reporterName: input.reporterName, hearingRight: false, collectiveDiscussion: false, hearingRequested: 'no' },
      () => repo.delete({ id: created.id }));
    await repo.update({ id: created.id }, { processInstanceId: created.processInstanceId });
    return created;
  }

  /**
   * Records the approval of the next-higher public security organ to extend the time limit of a case under
   * investigation by 30 days (公安机关办理行政案件程序规定第一百六十五条), once; a leader of the case's jurisdiction or
   * above records it (`case.approve`).
   */
  async extend(principal: Principal, id: string, approval: z.output<typeof CaseExtension>): Promise<void> {
    const c = await this.dataSource.getRepository(AdminCaseEntity).findOneBy({ id });
    NotFoundError.assert(c, 'NOT_FOUND', localize(`Case ${id} does not exist`, `案件 ${id} 不存在`));
    this.assertCityOfficer(principal, c.regionCode, () => new NotFoundError('NOT_FOUND', localize(`Case ${id} does not exist`, `案件 ${id} 不存在`)));
    if (!can(principal, 'case.approve', c.regionCode)) throw new ForbiddenError('FORBIDDEN', localize("Only the leaders of the case's jurisdiction record an extension of its time limit", '只有案件管辖单位的领导可以登记延长办案期限'));
    if (c.status !== 'investigating' || !c.processInstanceId) throw new ConflictError('CONFLICT', localize(`Case ${c.number} is not under investigation`, `案件 ${c.number} 不在调查阶段`));
    const length = await this.clocks.lengthOf(c.processInstanceId, 'case');
    if (length === null) throw new ConflictError('CONFLICT', localize(`Case ${c.number} has no running time limit`, `案件 ${c.number} 没有正在计算的办案期限`));
    if (length >= CASE_EXTENDED_DAYS) throw new ConflictError('CONFLICT', localize(`The time limit of case ${c.number} has been extended already`, `案件 ${c.number} 的办案期限已经延长过`));
    try {
      await this.engine.request('POST', '/message', {
        messageName: 'CaseExtensionApproved',
        businessKey: c.number,
        processVariables: toTypedVariables({
          extendedDays: CASE_EXTENDED_DAYS, [EXTENSION_VARIABLES.approvedBy]: approval.approvedBy, [EXTENSION_VARIABLES.approvalDocument]: approval.approvalDocument,
          [EXTENSION_VARIABLES.by]: principal.userId,
        }),
      });
    } catch (error) {
      // an extension recorded a moment ago is still moving the clock: the case no longer waits for one
      if (error instanceof EngineRequestError && error.status === 400) throw new ConflictError('CONFLICT', localize(`The time limit of case ${c.number} is being extended already`, `案件 ${c.number} 的办案期限正在延长中`));
      throw error;
    }
  }

  /** The case opened from a source, if any. */
  async ofSource(type: AdminCaseEntity['sourceType'], id: string): Promise<AdminCaseEntity | null> {
    return this.dataSource.getRepository(AdminCaseEntity).findOneBy({ sourceType: type, sourceId: id });
  }

  /** A case with its clocks, documents, the violation found (null while none) and the extension of its time limit (null while none), for the city's case officers, legal officers and leaders. */
  async view(principal: Principal, id: string): Promise<Record<string, unknown>> {
    const c = await this.dataSource.getRepository(AdminCaseEntity).findOneBy({ id });
    NotFoundError.assert(c, 'NOT_FOUND', localize(`Case ${id} does not exist`, `案件 ${id} 不存在`));
    this.assertCityOfficer(principal, c.regionCode, () => new NotFoundError('NOT_FOUND', localize(`Case ${id} does not exist`, `案件 ${id} 不存在`)));
    const pid = c.processInstanceId;
    return {
      ...c,
      clocks: pid ? await this.clocks.ofProcess(pid) : [],
      documents: pid ? (await this.documents.ofProcess(pid)).map((d) => ({ id: d.id, number: d.number, type: d.type, title: d.title, issuedAt: d.issuedAt, issuedBy: d.issuedBy })) : [],
      extension: pid ? await this.extensionOf(pid) : null,
      violation: violationOf(c.violationId),
    };
  }

  /** The extension recorded in the case's process (its variables, kept in the engine's history), or null. */
  private async extensionOf(processInstanceId: string): Promise<RecordedCaseExtension | null> {
    const names = Object.values(EXTENSION_VARIABLES);
    const variables = await this.engine.request<Array<{ name: string; value: unknown; createTime: string }>>('GET',
      `/history/variable-instance?processInstanceId=${encodeURIComponent(processInstanceId)}&variableNameIn=${names.join(',')}`);
    const byName = new Map(variables.map((v) => [v.name, v]));
    const approvedBy = byName.get(EXTENSION_VARIABLES.approvedBy);
    const approvalDocument = byName.get(EXTENSION_VARIABLES.approvalDocument)?.value;
    const by = byName.get(EXTENSION_VARIABLES.by)?.value;
    if (!approvedBy || typeof approvedBy.value !== 'string' || typeof approvalDocument !== 'string' || typeof by !== 'string') return null;
    return { approvedBy: approvedBy.value, approvalDocument, by, recordedAt: isoFromEngine(approvedBy.createTime) };
  }

  /**
   * The business rules of the case forms that the form definitions cannot express, for every submission of a
   * task: a fine proposed (`case-investigation`) or decided (`case-decision`) must not exceed the maximum of the
   * violated article's range, and may go below its minimum only as a mitigated penalty (减轻处罚) stating its ground
   * under 行政处罚法第三十二条. Returns `values`; throws a 400 naming the field at fault. Other forms pass unchanged.
   */
  checkTaskSubmission(formId: string, values: Record<string, unknown>, context: Record<string, unknown>): Record<string, unknown> {
    const issues =
      formId === 'case-investigation' && values['proposedDecision'] === 'penalty'
        ? fineIssues({
            violationId: text(values['violationId']), fine: amount(values['proposedFine']), mitigated: values['proposedMitigated'] === true,
            mitigationGround: text(values['proposedMitigationGround']), fields: { fine: 'proposedFine', mitigated: 'proposedMitigated', mitigationGround: 'proposedMitigationGround' },
          })
        : formId === 'case-decision' && values['decision'] === 'penalty'
          ? fineIssues({
              violationId: text(context['violationId']), fine: amount(values['fineAmount']), mitigated: values['mitigated'] === true,
              mitigationGround: text(values['mitigationGround']), fields: { fine: 'fineAmount', mitigated: 'mitigated', mitigationGround: 'mitigationGround' },
            })
          : [];
    if (issues.length) throw new ValidationError("The fine is outside the range of the violated article's penalty", issues);
    return values;
  }

  /** Checks that the caller is a case officer, legal officer or leader of the city of `regionCode`. */
  assertCityOfficer(principal: Principal, regionCode: string, refuse: () => Error = () => new ForbiddenError('FORBIDDEN', localize('Only the case, legal and leading officers of the city handle its cases', '只有本市的办案民警、法制民警和领导可以办理该市的案件'))): void {
    if (!isCaseOfficerOf(this.regions, principal, regionCode)) throw refuse();
  }
}

// helpers ////

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function amount(value: unknown): number | undefined {
  return typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined;
}

/** The violation of catalogue id `id` as the case file names it: what was done, and the article it breaks. */
function violationOf(id: string | null): { id: string; violation: string; basis: string } | null {
  const article = id ? PENALTY_CATALOGUE[id] : undefined;
  return article ? { id: article.id, violation: article.violation, basis: article.basis } : null;
}
