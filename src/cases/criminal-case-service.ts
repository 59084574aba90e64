import type { HandlingGroups } from '../jurisdiction/handling-groups.js';
import { randomUUID } from 'node:crypto';
import { QueryFailedError, type DataSource } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import { toLocalDate } from '../clocks/index.js';
import { EngineRequestError, type EngineClient } from '../engine-client/engine-client.js';
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
import { ProcuratorateDecisionEntity, type ProcuratorateDecisionKind } from './procuratorate-decision.entity.js';
import { bilingual, localize } from '../language.js';

/** A criminal matter an officer puts to filing review. */
export const CriminalCaseOpening = z.strictObject({
  suspect: z.strictObject({
    name: z.string().trim().min(1).max(64),
    residentId: z.string().trim().toUpperCase().refine((v) => isValidResidentId(v), { error: bilingual('is not a valid resident ID number', '公民身份号码校验码不正确') }).optional(),
  }),
  regionCode: z.string().regex(/^\d{6}$/, { error: bilingual('must be a 6-digit division code', '须为 6 位行政区划代码') }),
  facts: z.string().trim().min(10, { error: bilingual('must describe the suspected crime (at least 10 characters)', '须描述涉嫌犯罪事实（不少于 10 个字）') }).max(5000),
  /** Who reported or accused, named on the acceptance receipt (受案回执). */
  reporterName: z.string().trim().min(1).max(200).optional(),
});

/** The procuratorate's answer to an arrest request. */
export const ProcuratorateDecision = z.strictObject({
  approved: z.boolean(),
  decidedOn: z.iso.date({ error: bilingual('must be a date YYYY-MM-DD', '须为 YYYY-MM-DD 格式的日期') }),
  documentNumber: z.string().trim().min(1).max(64),
});

/**
 * The grounds of an extension of investigative custody, by the article of the Criminal Procedure Law they fall
 * under: Art 156 complex cases not concluded in two months; Art 158 major complex cases in remote areas, major
 * criminal groups, roving crime, wide-ranging cases hard to investigate; Art 159 cases where ten years'
 * imprisonment or more is possible.
 */
export const CUSTODY_EXTENSION_GROUNDS = {
  complex: '156',
  'remote-area': '158',
  'criminal-group': '158',
  roving: '158',
  'wide-ranging': '158',
  'ten-years': '159',
} as const;

/** A ground of a custody extension. */
export type CustodyExtensionGround = keyof typeof CUSTODY_EXTENSION_GROUNDS;

/**
 * The custody extensions in the order the law allows them (刑事诉讼法第156、158、159条): the article, the months
 * each adds to the period before it, and who approves it.
 */
export const CUSTODY_EXTENSIONS = [
  { article: '156', months: 1, approver: '上一级人民检察院' },
  { article: '158', months: 2, approver: '省、自治区、直辖市人民检察院' },
  { article: '159', months: 2, approver: '省、自治区、直辖市人民检察院' },
] as const;

/** Returns for supplementary investigation a case may have at most (刑事诉讼法第一百七十五条第三款). */
export const MAX_SUPPLEMENTARY_INVESTIGATIONS = 2;

const procuratorate = z.string().trim().min(2, { error: bilingual('must name the procuratorate', '须写明人民检察院名称') }).max(200);
const documentNumber = z.string().trim().min(1, { error: bilingual('must give the number of the decision document', '须填写决定书文号') }).max(64);
const decidedOn = z.iso.date({ error: bilingual('must be a date YYYY-MM-DD', '须为 YYYY-MM-DD 格式的日期') });

/** The procuratorate's approval of an extension of investigative custody. */
export const CustodyExtension = z.strictObject({
  ground: z.enum(Object.keys(CUSTODY_EXTENSION_GROUNDS) as [CustodyExtensionGround, ...CustodyExtensionGround[]]),
  procuratorate,
  documentNumber,
  decidedOn,
});

/** The procuratorate's decision on a case transferred for prosecution. */
export const ProsecutionDecision = z.strictObject({
  decision: z.enum(['prosecute', 'not-prosecute', 'supplementary-investigation']),
  procuratorate,
  documentNumber,
  decidedOn,
  /** Why, e.g. the outline of what to investigate further (补充侦查提纲). */
  reasons: z.string().trim().min(2).max(2000).optional(),
});

/** What a criminal case is opened from. */
export interface CriminalCaseSource {
  type: CriminalCaseEntity['sourceType'];
  id: string | null;
  reference: string | null;
}

/**
 * Criminal cases (刑事案件): opened for filing review by a case officer or by the administrative case that found a
 * suspected crime, run by the `criminal-case` process with its custody clocks. The procuratorate's decisions
 * arrive as messages correlated by the case number: on an arrest request `ProcuratorateDecision`, on a custody
 * extension `CustodyExtensionApproved`, on a transfer for prosecution `ProsecutionDecision`; the last two are kept
 * in `criminal_procuratorate_decision`, where their order and number are checked.
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
    private readonly groups: HandlingGroups,
  ) {}

  /** Opens a case for filing review and starts its process, once per source. */
  async open(input: z.output<typeof CriminalCaseOpening>, source: CriminalCaseSource, createdBy: string): Promise<CriminalCaseEntity> {
    const city = this.regions.cityOf(input.regionCode);
    if (!city) throw new ValidationError('The place is not in this province', [{ path: 'regionCode', message: localize('is not a division code of this province', '不是本省的行政区划代码') }]);
    const repo = this.dataSource.getRepository(CriminalCaseEntity);
    if (source.id) {
      const existing = await repo.findOneBy({ sourceType: source.type, sourceId: source.id });
      if (existing) return existing;
    }
    const now = this.now();
    const handlers = await this.groups.forCase(input.regionCode, city.code);
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
      // custodyInvestigator: who holds the in-custody step, kept when an extension re-arms it (none until then)
      { caseId: created.id, caseNumber: created.number, cityCode: city.code, ...handlers, sourceReference: source.reference, reporterName: input.reporterName, custodyInvestigator: null },
      () => repo.delete({ id: created.id }));
    await repo.update({ id: created.id }, { processInstanceId: created.processInstanceId });
    return created;
  }

  /** Records the procuratorate's decision on the arrest request of case `id`; 409 while no request is pending. */
  async procuratorateDecision(principal: Principal, id: string, decision: z.output<typeof ProcuratorateDecision>): Promise<void> {
    const found = await this.readable(principal, id);
    if (found.status !== 'arrest-requested') throw new ConflictError('CONFLICT', localize(`Case ${found.number} has no arrest request pending`, `案件 ${found.number} 没有待审批的提请逮捕`));
    await this.engine.request('POST', '/message', {
      messageName: 'ProcuratorateDecision',
      businessKey: found.number,
      processVariables: toTypedVariables({ arrestApproved: decision.approved, procuratorateDecidedOn: decision.decidedOn, procuratorateDocument: decision.documentNumber }),
    });
  }

  /**
   * Records the procuratorate's approval to extend the investigative custody of the arrested suspect of case `id`
   * and extends the custody clock by the months of that extension from its current expiry. The extensions come in
   * the order of the law — Art 156 (+1 month), Art 158 (+2), Art 159 (+2) — so a ground of the wrong article, or a
   * fourth extension, is a 400 naming `ground`; a decision dated in the future or after the period expired is a 400
   * naming `decidedOn`; 409 unless the suspect is in custody after arrest. Nothing is recorded when refused.
   */
  async extendCustody(principal: Principal, id: string, extension: z.output<typeof CustodyExtension>): Promise<ProcuratorateDecisionEntity> {
    const found = await this.readable(principal, id);
    const pid = found.processInstanceId;
    const custody = pid ? (await this.clocks.ofProcess(pid)).filter((c) => c.name === 'custody').at(-1) : undefined;
    if (found.status !== 'arrested' || !custody || custody.status === 'stopped') throw new ConflictError('CONFLICT', localize(`The suspect of case ${found.number} is not in investigative custody after arrest`, `案件 ${found.number} 的犯罪嫌疑人未处于逮捕后的侦查羁押期间`));
    const done = await this.dataSource.getRepository(ProcuratorateDecisionEntity).countBy({ caseId: found.id, kind: 'custody-extension' });
    const next = CUSTODY_EXTENSIONS[done];
    if (!next) {
      throw new ValidationError(`The custody of case ${found.number} has been extended ${done} times`, [{ path: 'ground', message: localize('no further extension is possible: the custody period has been extended under Art 156, 158 and 159 of the Criminal Procedure Law already', '羁押期限已依照刑事诉讼法第一百五十六条、第一百五十八条、第一百五十九条延长，不得再次延长') }]);
    }
    const article = CUSTODY_EXTENSION_GROUNDS[extension.ground];
    if (article !== next.article) {
      const allowed = Object.entries(CUSTODY_EXTENSION_GROUNDS).filter(([, a]) => a === next.article).map(([g]) => g);
      throw new ValidationError(`Extension ${done + 1} of the custody of case ${found.number} falls under Art ${next.article}`, [{ path: 'ground', message: localize(`extension ${done + 1} falls under Art ${next.article} of the Criminal Procedure Law: must be one of ${allowed.join(', ')}`, `第 ${done + 1} 次延长适用刑事诉讼法第 ${next.article} 条，理由须为以下之一：${allowed.join('、')}`) }]);
    }
    this.assertDecidedBy(extension.decidedOn, toLocalDate(custody.dueAt), 'the custody period expired');
    const decision = this.decision(found, 'custody-extension', done + 1, principal, {
      decision: 'approved', ground: extension.ground, article, months: next.months, procuratorate: extension.procuratorate,
      documentNumber: extension.documentNumber, decidedOn: extension.decidedOn, reasons: null,
    });
    // the extension re-arms the in-custody step with the new period: its holder (the one who delegated it, if so) keeps it
    const [holding] = await this.engine.request<Array<{ assignee: string | null; owner: string | null }>>('GET', `/task?processInstanceId=${encodeURIComponent(pid as string)}&taskDefinitionKey=Task_EndInvestigationInCustody`);
    await this.recordAndCorrelate(found, decision, 'CustodyExtensionApproved', {
      custodyInvestigator: holding?.owner ?? holding?.assignee ?? null,
      custodyExtensionMonths: next.months, custodyExtensionArticle: article, custodyExtensionGround: extension.ground,
      custodyExtensionProcuratorate: extension.procuratorate, custodyExtensionDocument: extension.documentNumber, custodyExtensionDecidedOn: extension.decidedOn,
    });
    return decision;
  }

  /**
   * Records the procuratorate's decision on case `id` transferred for prosecution: prosecute or not (the case
   * closes), or return it for supplementary investigation — at most twice, a third return is a 409
   * `SUPPLEMENTARY_INVESTIGATION_LIMIT`. 409 while no transfer is under review; a decision dated in the future is a
   * 400 naming `decidedOn`. Nothing is recorded when refused.
   */
  async prosecutionDecision(principal: Principal, id: string, input: z.output<typeof ProsecutionDecision>): Promise<ProcuratorateDecisionEntity> {
    const found = await this.readable(principal, id);
    if (found.status !== 'prosecution-review') throw new ConflictError('CONFLICT', localize(`Case ${found.number} is not under review for prosecution`, `案件 ${found.number} 不在审查起诉阶段`));
    const earlier = await this.dataSource.getRepository(ProcuratorateDecisionEntity).findBy({ caseId: found.id, kind: 'prosecution' });
    const returns = earlier.filter((d) => d.decision === 'supplementary-investigation').length;
    if (input.decision === 'supplementary-investigation' && returns >= MAX_SUPPLEMENTARY_INVESTIGATIONS) {
      throw new ConflictError('SUPPLEMENTARY_INVESTIGATION_LIMIT', localize(`Case ${found.number} has been returned for supplementary investigation ${returns} times; the law allows no more (刑事诉讼法第一百七十五条), so the procuratorate decides whether to prosecute`, `案件 ${found.number} 已退回补充侦查 ${returns} 次，已达刑事诉讼法第一百七十五条规定的上限，不得再次退回，由人民检察院决定是否起诉`));
    }
    this.assertDecidedBy(input.decidedOn, null, '');
    const decision = this.decision(found, 'prosecution', earlier.length + 1, principal, {
      decision: input.decision, ground: null, article: null, months: null, procuratorate: input.procuratorate,
      documentNumber: input.documentNumber, decidedOn: input.decidedOn, reasons: input.reasons ?? null,
    });
    await this.recordAndCorrelate(found, decision, 'ProsecutionDecision', {
      prosecutionDecision: input.decision, prosecutionProcuratorate: input.procuratorate, prosecutionDocument: input.documentNumber,
      prosecutionDecidedOn: input.decidedOn, supplementaryRound: returns + (input.decision === 'supplementary-investigation' ? 1 : 0),
    });
    return decision;
  }

  /**
   * A criminal case with its clocks, documents, custody extensions and the procuratorate's decisions on its
   * transfers for prosecution, for the city's case officers, legal officers and leaders.
   */
  async view(principal: Principal, id: string): Promise<Record<string, unknown>> {
    const found = await this.readable(principal, id);
    const pid = found.processInstanceId;
    const decisions = await this.dataSource.getRepository(ProcuratorateDecisionEntity).find({ where: { caseId: found.id }, order: { kind: 'ASC', ordinal: 'ASC' } });
    const shown = (d: ProcuratorateDecisionEntity) => ({
      ordinal: d.ordinal, decision: d.decision, procuratorate: d.procuratorate, documentNumber: d.documentNumber, decidedOn: d.decidedOn, recordedBy: d.recordedBy, recordedAt: d.recordedAt,
    });
    return {
      ...found,
      clocks: pid ? await this.clocks.ofProcess(pid) : [],
      documents: pid ? (await this.documents.ofProcess(pid)).map((d) => ({ id: d.id, number: d.number, type: d.type, title: d.title, issuedAt: d.issuedAt, issuedBy: d.issuedBy })) : [],
      custodyExtensions: decisions.filter((d) => d.kind === 'custody-extension').map((d) => ({ ...shown(d), article: d.article, ground: d.ground, months: d.months })),
      prosecutionDecisions: decisions.filter((d) => d.kind === 'prosecution').map((d) => ({ ...shown(d), reasons: d.reasons })),
    };
  }

  /** Checks that the caller is a case officer, legal officer or leader of the city of `regionCode`. */
  assertCityOfficer(principal: Principal, regionCode: string): void {
    if (!isCaseOfficerOf(this.regions, principal, regionCode)) throw new ForbiddenError('FORBIDDEN', localize('Only the case, legal and leading officers of the city handle its criminal cases', '只有本市的办案民警、法制民警和领导可以办理该市的刑事案件'));
  }

  // helpers ////

  /** A decision of the procuratorate on `found`, as recorded by `principal` now. */
  private decision(found: CriminalCaseEntity, kind: ProcuratorateDecisionKind, ordinal: number, principal: Principal, fields: Pick<ProcuratorateDecisionEntity, 'decision' | 'ground' | 'article' | 'months' | 'procuratorate' | 'documentNumber' | 'decidedOn' | 'reasons'>): ProcuratorateDecisionEntity {
    return Object.assign(new ProcuratorateDecisionEntity(), { id: randomUUID(), caseId: found.id, kind, ordinal, ...fields, recordedBy: principal.userId, recordedAt: this.now() });
  }

  /** Refuses a decision dated after today or, when `latest` is given, after that day. */
  private assertDecidedBy(decidedOn: string, latest: string | null, what: string): void {
    const today = toLocalDate(this.now());
    if (decidedOn > today) throw new ValidationError('The decision is dated in the future', [{ path: 'decidedOn', message: localize(`is after today (${today})`, `晚于今天（${today}）`) }]);
    if (latest !== null && decidedOn > latest) throw new ValidationError(`The decision is dated after ${what}`, [{ path: 'decidedOn', message: localize(`is after ${latest}, when ${what}`, `晚于 ${latest}（${what}）`) }]);
  }

  /**
   * Records `decision` and delivers message `messageName` with `variables` to the case's process; when the process
   * is not waiting for it, the record is removed again and the caller gets a 409. The decision's number is unique
   * per case and kind, so of two requests recording the same decision at once one gets a 409.
   */
  private async recordAndCorrelate(found: CriminalCaseEntity, decision: ProcuratorateDecisionEntity, messageName: string, variables: Record<string, unknown>): Promise<void> {
    const repo = this.dataSource.getRepository(ProcuratorateDecisionEntity);
    try {
      await repo.insert(decision);
    } catch (error) {
      if (error instanceof QueryFailedError) throw new ConflictError('CONFLICT', localize(`Another decision on case ${found.number} was recorded at the same time; reload the case`, `案件 ${found.number} 已同时登记了另一项决定，请刷新后重试`));
      throw error;
    }
    try {
      await this.engine.request('POST', '/message', { messageName, businessKey: found.number, processVariables: toTypedVariables(variables) });
    } catch (error) {
      await repo.delete({ id: decision.id });
      if (error instanceof EngineRequestError && error.status === 400) throw new ConflictError('CONFLICT', localize(`Case ${found.number} is not waiting for this decision`, `案件 ${found.number} 当前不待作出该项决定`));
      throw error;
    }
  }

  private async readable(principal: Principal, id: string): Promise<CriminalCaseEntity> {
    const found = await this.dataSource.getRepository(CriminalCaseEntity).findOneBy({ id });
    NotFoundError.assert(found, 'NOT_FOUND', localize(`Criminal case ${id} does not exist`, `刑事案件 ${id} 不存在`));
    if (!isCaseOfficerOf(this.regions, principal, found.regionCode)) throw new NotFoundError('NOT_FOUND', localize(`Criminal case ${id} does not exist`, `刑事案件 ${id} 不存在`));
    return found;
  }
}
