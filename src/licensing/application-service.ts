import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../auth/tokens.js';
import type { LicensingConfig } from '../config.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { BusinessRuleError, ConflictError, ForbiddenError, NotFoundError, ValidationError, type ValidationIssue } from '../errors.js';
import { can } from '../jurisdiction/index.js';
import { isApplicant } from './access.js';
import { APPLICATION_STATUS_LABELS, ApplicationDocumentEntity, ApplicationEntity, StatusEventEntity, type ApplicationStatus } from './application.entity.js';
import type { FileStore } from './file-store.js';
import type { NumberAllocator } from './numbering.js';
import { OrganisationMemberEntity, PersonEntity } from './organisation.entity.js';
import { PROCEDURES, isProcedureKey, requiredItems, type Procedure, type ProcedureKey } from './procedures.js';
import type { Regions } from './regions.js';
import { recordStatus } from './status-history.js';
import { asRecord, asRecords, asText } from './values.js';
import { startProcessOrUndo } from '../engine-client/start-process.js';
import { toTypedVariables } from '../engine-client/variables.js';
import { localize } from '../language.js';

/** Validates application data against the procedure's application form; throws a 400 naming the fields at fault. */
export interface ApplicationFormValidator {
  validate(formId: string, data: unknown): Record<string, unknown>;
  /** The form-js schema (JSON) of form `formId`, for applicants' browsers to draw; undefined when there is none. */
  schema(formId: string): Record<string, unknown> | undefined;
}

/** Business rules of a procedure beyond its form (capital for armed escort, age of guards, filing windows). */
export type SubmissionRules = (procedure: ProcedureKey, data: Record<string, unknown>, now: Date) => { issues: ValidationIssue[]; variables: Record<string, unknown> };

/** Dependencies of {@link ApplicationService}. */
export interface ApplicationServiceDeps {
  dataSource: DataSource;
  /** The engine as the service account. */
  engine: EngineClient;
  forms: ApplicationFormValidator;
  rules: SubmissionRules;
  files: FileStore;
  numbers: NumberAllocator;
  regions: Regions;
  config: LicensingConfig;
  now: () => Date;
}

/** An uploaded file, as the API receives it. */
export interface Upload {
  kind: string;
  fileName: string;
  mediaType: string;
  bytes: Buffer;
}

/** A node of the engine's activity instance tree. */
interface ActivityInstance {
  activityId: string;
  childActivityInstances: ActivityInstance[];
}

/** Media types accepted for application documents. */
export const ACCEPTED_MEDIA_TYPES: ReadonlySet<string> = new Set(['application/pdf', 'image/jpeg', 'image/png', 'application/ofd']);

/** Statuses in which the applicant may still change data and documents. */
const EDITABLE: ReadonlySet<ApplicationStatus> = new Set(['draft', 'correction-requested']);

/** The documents still missing from an application, by checklist item. */
export async function missingDocuments(manager: EntityManager, app: ApplicationEntity): Promise<Array<{ kind: string; label: string }>> {
  const procedure = PROCEDURES[app.procedureKey as ProcedureKey];
  const kinds = new Set((await manager.getRepository(ApplicationDocumentEntity).findBy({ applicationId: app.id })).map((d) => d.kind));
  return requiredItems(procedure, JSON.parse(app.data) as Record<string, unknown>).filter((i) => !kinds.has(i.kind)).map(({ kind, label }) => ({ kind, label }));
}

/**
 * Applications and filings from the applicant's side: drafts, documents, submission (which starts the
 * procedure's process through the engine REST API), answering a correction request and reporting the business
 * registration of a granted permit. Every change is checked against who the caller is.
 */
export class ApplicationService {
  constructor(private readonly deps: ApplicationServiceDeps) {}

  /** Creates a draft of `procedure` for the caller's organisation; `data` may be incomplete. */
  async createDraft(principal: Principal, procedureKey: string, data: Record<string, unknown>): Promise<ApplicationEntity> {
    if (!isApplicant(principal)) throw new ForbiddenError('FORBIDDEN', localize('Only applicant accounts create applications', '只有申请单位账号可以新建申请'));
    if (!isProcedureKey(procedureKey)) {
      throw new ValidationError(`Unknown procedure '${procedureKey}'`, [{ path: 'procedure', message: localize(`must be one of ${Object.keys(PROCEDURES).join(', ')}`, `须为以下之一：${Object.keys(PROCEDURES).join('、')}`) }]);
    }
    const procedure = PROCEDURES[procedureKey];
    const organisationId = await this.organisationOf(principal.userId);
    const now = this.deps.now();
    const entity = Object.assign(new ApplicationEntity(), {
      id: randomUUID(), number: null, procedureKey, organisationId, personId: null, applicantUserId: principal.userId,
      regionCode: regionOf(procedure, data), title: titleOf(procedure, data), data: JSON.stringify(data), status: 'draft' as const,
      processInstanceId: null, version: 1, submittedAt: null, decidedAt: null, createdAt: now, updatedAt: now,
    });
    await this.deps.dataSource.transaction(async (m) => {
      await m.getRepository(ApplicationEntity).insert(entity);
      await recordStatus(m, 'application', entity.id, 'draft', principal.userId, now, '创建草稿');
    });
    return entity;
  }

  /** The form-js schema of the application form of procedure `procedureKey` (404 for a procedure that does not exist). */
  applicationForm(procedureKey: string): Record<string, unknown> {
    if (!isProcedureKey(procedureKey)) throw new NotFoundError('NOT_FOUND', localize(`Procedure ${procedureKey} does not exist`, `办理事项 ${procedureKey} 不存在`));
    const schema = this.deps.forms.schema(PROCEDURES[procedureKey].applicationForm);
    NotFoundError.assert(schema, 'NOT_FOUND', localize(`The application form of procedure ${procedureKey} is missing`, `办理事项 ${procedureKey} 缺少申请表`));
    return schema;
  }

  /** Replaces the data of a draft (or of an application waiting for correction); `version` guards against lost updates. */
  async updateData(principal: Principal, id: string, data: Record<string, unknown>, version: number | undefined): Promise<ApplicationEntity> {
    const app = await this.ownApplication(principal, id);
    if (!EDITABLE.has(app.status)) throw new ConflictError('CONFLICT', localize(`Application ${id} is ${app.status}; its data can no longer be changed`, `该申请当前状态为“${APPLICATION_STATUS_LABELS[app.status]}”，不能再修改申请内容`));
    if (version !== undefined && version !== app.version) throw new ConflictError('CONFLICT', localize(`Application ${id} was changed meanwhile (version ${app.version}, not ${version}); reload it`, `该申请已被修改（当前为第 ${app.version} 版，而非第 ${version} 版），请刷新后重试`));
    const procedure = PROCEDURES[app.procedureKey as ProcedureKey];
    const changes = { data: JSON.stringify(data), title: titleOf(procedure, data), regionCode: regionOf(procedure, data), version: app.version + 1, updatedAt: this.deps.now() };
    const result = await this.deps.dataSource.getRepository(ApplicationEntity).update({ id, version: app.version }, changes);
    if (!result.affected) throw new ConflictError('CONFLICT', localize(`Application ${id} was changed meanwhile; reload it`, '该申请已被修改，请刷新后重试'));
    return Object.assign(app, changes);
  }

  /** Stores an uploaded document of a checklist item; refuses unknown items, oversized files and other media types. */
  async addDocument(principal: Principal, id: string, upload: Upload): Promise<ApplicationDocumentEntity> {
    const app = await this.ownApplication(principal, id);
    if (!EDITABLE.has(app.status)) throw new ConflictError('CONFLICT', localize(`Application ${id} is ${app.status}; documents can no longer be added`, `该申请当前状态为“${APPLICATION_STATUS_LABELS[app.status]}”，不能再添加材料`));
    const procedure = PROCEDURES[app.procedureKey as ProcedureKey];
    const issues: ValidationIssue[] = [];
    if (!procedure.checklist.some((i) => i.kind === upload.kind)) issues.push({ path: 'kind', message: localize(`must be one of ${procedure.checklist.map((i) => i.kind).join(', ')}`, `须为以下之一：${procedure.checklist.map((i) => i.kind).join('、')}`) });
    if (!ACCEPTED_MEDIA_TYPES.has(upload.mediaType)) issues.push({ path: 'file', message: localize(`type ${upload.mediaType} is not accepted; use PDF, JPEG, PNG or OFD`, `文件类型不符（${upload.mediaType}），请上传 PDF、JPEG、PNG 或 OFD 文件`) });
    if (upload.bytes.length === 0) issues.push({ path: 'file', message: localize('is empty', '文件为空') });
    if (upload.fileName.length > 255) issues.push({ path: 'file', message: localize('file name is longer than 255 characters', '文件名不得超过 255 个字符') });
    if (issues.length) throw new ValidationError(`Invalid document: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    const stored = await this.deps.files.put(upload.bytes);
    const round = app.status === 'correction-requested' ? await this.correctionRound(app.id) : 0;
    const entity = Object.assign(new ApplicationDocumentEntity(), {
      id: randomUUID(), applicationId: id, kind: upload.kind, fileName: upload.fileName, mediaType: upload.mediaType,
      size: stored.size, sha256: stored.sha256, storageKey: stored.storageKey, uploadedBy: principal.userId, uploadedAt: this.deps.now(), round,
    });
    try {
      await this.deps.dataSource.getRepository(ApplicationDocumentEntity).insert(entity);
    } catch (error) {
      await this.deps.files.remove(stored.storageKey);
      throw error;
    }
    return entity;
  }

  /** Removes a document from a draft or a correction. */
  async removeDocument(principal: Principal, id: string, documentId: string): Promise<void> {
    const app = await this.ownApplication(principal, id);
    if (!EDITABLE.has(app.status)) throw new ConflictError('CONFLICT', localize(`Application ${id} is ${app.status}; documents can no longer be removed`, `该申请当前状态为“${APPLICATION_STATUS_LABELS[app.status]}”，不能再删除材料`));
    const repo = this.deps.dataSource.getRepository(ApplicationDocumentEntity);
    const doc = await repo.findOneBy({ id: documentId, applicationId: id });
    NotFoundError.assert(doc, 'NOT_FOUND', localize(`Application ${id} has no document ${documentId}`, `该申请没有编号为 ${documentId} 的材料`));
    if (app.status === 'correction-requested' && doc.round < (await this.correctionRound(id))) {
      throw new ConflictError('CONFLICT', localize('A document of an earlier submission cannot be removed', '此前已提交的材料不能删除'));
    }
    await repo.delete({ id: documentId });
    await this.deps.files.remove(doc.storageKey);
  }

  /** A document's metadata and content, for its owner and for officers. */
  async readDocument(principal: Principal, id: string, documentId: string): Promise<{ document: ApplicationDocumentEntity; bytes: Buffer }> {
    await this.readable(principal, id);
    const doc = await this.deps.dataSource.getRepository(ApplicationDocumentEntity).findOneBy({ id: documentId, applicationId: id });
    NotFoundError.assert(doc, 'NOT_FOUND', localize(`Application ${id} has no document ${documentId}`, `该申请没有编号为 ${documentId} 的材料`));
    return { document: doc, bytes: await this.deps.files.get(doc.storageKey) };
  }

  /**
   * Submits a draft: validates its data against the application form and the procedure's rules, checks the
   * document checklist, gives it an application number and starts the procedure's process with that number as
   * business key. When the engine cannot be reached the application is back in `draft` and nothing else changed.
   */
  async submit(principal: Principal, id: string): Promise<ApplicationEntity> {
    const app = await this.ownApplication(principal, id);
    if (app.status !== 'draft' && !(app.status === 'submitted' && app.processInstanceId === null)) {
      throw new ConflictError('CONFLICT', localize(`Application ${id} is ${app.status}, not a draft`, `该申请当前状态为“${APPLICATION_STATUS_LABELS[app.status]}”，不是草稿，不能提交`));
    }
    const procedure = PROCEDURES[app.procedureKey as ProcedureKey];
    const { values, variables } = this.validated(procedure, JSON.parse(app.data) as Record<string, unknown>);
    const city = this.deps.regions.cityOf(regionOf(procedure, values));
    if (!city) throw new ValidationError('The region is not in this province', [{ path: procedure.regionField, message: localize('is not a division code of a city of this province', '不是本省设区的市的行政区划代码') }]);
    const now = this.deps.now();

    const submitted = await this.deps.dataSource.transaction(async (m) => {
      const current = await m.getRepository(ApplicationEntity).findOneByOrFail({ id });
      if (current.version !== app.version) throw new ConflictError('CONFLICT', localize(`Application ${id} was changed meanwhile; reload it`, '该申请已被修改，请刷新后重试'));
      const number = current.number ?? (await this.deps.numbers.next(m, 'application', { at: now, cityCode: city.code, city: city.name }));
      const people = await upsertPeople(m, namedPeople(values), now);
      const personId = procedure.key === 'guard-certificate' ? (people[0] ?? null) : null;
      const changes = { number, personId, status: 'submitted' as const, submittedAt: now, data: JSON.stringify(values), regionCode: regionOf(procedure, values), version: current.version + 1, updatedAt: now };
      await m.getRepository(ApplicationEntity).update({ id, version: current.version }, changes);
      await recordStatus(m, 'application', id, 'submitted', principal.userId, now, '提交申请');
      return Object.assign(current, changes);
    });

    submitted.processInstanceId = await startProcessOrUndo(this.deps.engine, procedure.key, submitted.number,
      { applicationId: id, applicationNumber: submitted.number, applicantUserId: app.applicantUserId, regionCode: submitted.regionCode, cityCode: city.code, ...variables },
      () => this.deps.dataSource.transaction(async (m) => {
        await m.getRepository(ApplicationEntity).update({ id }, { status: 'draft', submittedAt: null, version: submitted.version + 1, updatedAt: this.deps.now() });
        await recordStatus(m, 'application', id, 'draft', 'system', this.deps.now(), '流程启动失败，已退回草稿');
      }));
    await this.deps.dataSource.getRepository(ApplicationEntity).update({ id }, { processInstanceId: submitted.processInstanceId });
    return submitted;
  }

  /**
   * Answers a correction request: the corrected data is validated like a submission and the applicant's
   * correction task is completed, which sends the application back to the acceptance check.
   */
  async answerCorrection(principal: Principal, id: string, note: string): Promise<ApplicationEntity> {
    const app = await this.ownApplication(principal, id);
    if (app.status !== 'correction-requested') throw new ConflictError('CONFLICT', localize(`Application ${id} is ${app.status}; no correction was requested`, `该申请当前状态为“${APPLICATION_STATUS_LABELS[app.status]}”，未被要求补正材料`));
    const procedure = PROCEDURES[app.procedureKey as ProcedureKey];
    const { values } = this.validated(procedure, JSON.parse(app.data) as Record<string, unknown>);
    const task = await this.applicantTask(app, 'Task_SubmitCorrection');
    const now = this.deps.now();
    await this.deps.dataSource.transaction(async (m) => {
      await m.getRepository(ApplicationEntity).update({ id }, { data: JSON.stringify(values), status: 'submitted', version: app.version + 1, updatedAt: now });
      await recordStatus(m, 'application', id, 'submitted', principal.userId, now, `补正材料：${note}`);
    });
    try {
      await this.deps.engine.request('POST', `/task/${task.id}/complete`, { variables: toTypedVariables({ correctionNote: note }) });
    } catch (error) {
      await this.deps.dataSource.transaction(async (m) => {
        await m.getRepository(ApplicationEntity).update({ id }, { status: 'correction-requested', version: app.version + 2, updatedAt: this.deps.now() });
        await recordStatus(m, 'application', id, 'correction-requested', 'system', this.deps.now(), '补正提交失败，请重试');
      });
      throw error;
    }
    return Object.assign(app, { status: 'submitted' as const });
  }

  /** Reports that the company with a granted permit has registered its business; the permit becomes active. */
  async reportBusinessRegistration(principal: Principal, id: string, creditCode: string): Promise<void> {
    const app = await this.ownApplication(principal, id);
    if (app.procedureKey !== 'security-company-permit' || app.status !== 'granted') {
      throw new ConflictError('CONFLICT', localize(`Application ${id} is not a granted permit waiting for business registration`, '该申请不是已准予许可、待办理工商登记的保安服务公司设立申请'));
    }
    if (!(await this.waitsAt(app, 'Receive_BusinessRegistered'))) {
      throw new ConflictError('CONFLICT', localize(`The permit of application ${id} is still being issued; try again in a moment`, '该申请的许可证正在制发中，请稍后再试'));
    }
    await this.deps.engine.request('POST', '/message', {
      messageName: 'PermitBusinessRegistered',
      businessKey: app.number,
      processVariables: toTypedVariables({ creditCode }),
    });
  }

  /** An application the caller may read: its own organisation's, or one in the jurisdiction of an officer who reads applications. */
  async readable(principal: Principal, id: string): Promise<ApplicationEntity> {
    const app = await this.deps.dataSource.getRepository(ApplicationEntity).findOneBy({ id });
    NotFoundError.assert(app, 'NOT_FOUND', localize(`Application ${id} does not exist`, `申请 ${id} 不存在`));
    if (can(principal, 'application.read', app.regionCode)) return app;
    if (app.applicantUserId === principal.userId) return app;
    const org = await this.organisationOf(principal.userId).catch(() => null);
    if (org !== null && app.organisationId === org) return app;
    throw new NotFoundError('NOT_FOUND', localize(`Application ${id} does not exist`, `申请 ${id} 不存在`));
  }

  /** The caller's organisation's applications, newest first. */
  async listOwn(principal: Principal, options: { status?: string; offset: number; limit: number }): Promise<{ items: ApplicationEntity[]; total: number }> {
    const organisationId = await this.organisationOf(principal.userId);
    const where = { organisationId, ...(options.status ? { status: options.status as ApplicationStatus } : {}) };
    const [items, total] = await this.deps.dataSource.getRepository(ApplicationEntity).findAndCount({ where, order: { createdAt: 'DESC', id: 'ASC' }, skip: options.offset, take: options.limit });
    return { items, total };
  }

  // helpers ////

  private validated(procedure: Procedure, data: Record<string, unknown>): { values: Record<string, unknown>; variables: Record<string, unknown> } {
    const values = this.deps.forms.validate(procedure.applicationForm, data);
    const ruled = this.deps.rules(procedure.key, values, this.deps.now());
    if (ruled.issues.length) {
      throw new ValidationError(`The application breaks the procedure's rules: ${ruled.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, ruled.issues);
    }
    return { values, variables: ruled.variables };
  }

  private async ownApplication(principal: Principal, id: string): Promise<ApplicationEntity> {
    if (!isApplicant(principal)) throw new ForbiddenError('FORBIDDEN', localize('Only the applicant changes an application', '只有申请人可以修改申请'));
    const app = await this.readable(principal, id);
    return app;
  }

  private async organisationOf(userId: string): Promise<string> {
    const member = await this.deps.dataSource.getRepository(OrganisationMemberEntity).findOneBy({ userId });
    if (!member) throw new ForbiddenError('FORBIDDEN', localize(`User ${userId} does not act for an organisation`, `用户 ${userId} 未关联任何申请单位`));
    return member.organisationId;
  }

  private async correctionRound(applicationId: string): Promise<number> {
    return this.deps.dataSource.getRepository(StatusEventEntity).countBy({ subjectType: 'application', subjectId: applicationId, status: 'correction-requested' });
  }

  private async waitsAt(app: ApplicationEntity, activityId: string): Promise<boolean> {
    if (!app.processInstanceId) return false;
    const tree = await this.deps.engine.request<ActivityInstance>('GET', `/process-instance/${encodeURIComponent(app.processInstanceId)}/activity-instances`);
    const visit = (node: ActivityInstance): boolean => node.activityId === activityId || node.childActivityInstances.some(visit);
    return visit(tree);
  }

  private async applicantTask(app: ApplicationEntity, taskDefinitionKey: string): Promise<{ id: string }> {
    const tasks = await this.deps.engine.request<Array<{ id: string }>>('GET', `/task?processInstanceId=${encodeURIComponent(app.processInstanceId ?? '')}&taskDefinitionKey=${taskDefinitionKey}`);
    const task = tasks[0];
    if (!task) throw new BusinessRuleError('BUSINESS_RULE_VIOLATED', localize(`Application ${app.id} is not waiting for the applicant`, '该申请当前不需要申请人办理'));
    return task;
  }
}

// helpers ////

/** The people an application names with a resident ID: the applicant of a certificate first, then managers and guards. */
function namedPeople(data: Record<string, unknown>): Array<{ name: string; residentId: string; phone: string | null }> {
  const people: Array<{ name: string; residentId: string; phone: string | null }> = [];
  const add = (p: Record<string, unknown>) => {
    const residentId = asText(p['residentId']).toUpperCase();
    if (residentId.length === 18 && !people.some((x) => x.residentId === residentId)) people.push({ name: asText(p['name']), residentId, phone: asText(p['phone']) || null });
  };
  add(data);
  for (const key of ['legalRepresentative', 'projectManager', 'responsibleManager']) add(asRecord(data[key]));
  for (const key of ['managers', 'guards']) asRecords(data[key]).forEach(add);
  return people;
}

/** Records the people in the people register (by resident ID, keeping the latest name); returns their ids in order. */
async function upsertPeople(manager: EntityManager, people: Array<{ name: string; residentId: string; phone: string | null }>, now: Date): Promise<string[]> {
  const repo = manager.getRepository(PersonEntity);
  const ids: string[] = [];
  for (const p of people) {
    const existing = await repo.findOneBy({ residentId: p.residentId });
    if (existing) {
      if (existing.name !== p.name || (p.phone && existing.phone !== p.phone)) await repo.update({ id: existing.id }, { name: p.name, phone: p.phone ?? existing.phone, updatedAt: now });
      ids.push(existing.id);
    } else {
      const id = randomUUID();
      await repo.insert({ id, residentId: p.residentId, name: p.name, phone: p.phone, createdAt: now, updatedAt: now });
      ids.push(id);
    }
  }
  return ids;
}

function titleOf(procedure: Procedure, data: Record<string, unknown>): string {
  const value = data[procedure.titleField];
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : procedure.name;
}

function regionOf(procedure: Procedure, data: Record<string, unknown>): string {
  const value = data[procedure.regionField];
  return typeof value === 'string' && /^\d{6}$/.test(value) ? value : '000000';
}
