import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { isoFromEngine, isoFromEngineOrNull } from '../engine-client/variables.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { FileStore } from '../licensing/file-store.js';
import { OrganisationEntity, PersonEntity } from '../licensing/organisation.entity.js';
import { GuardCertificateEntity, OfficialDocumentEntity, PermitEntity } from '../licensing/permit.entity.js';
import type { Regions } from '../licensing/regions.js';
import { isCaseOfficerOf } from './access.js';
import { AdminCaseEntity } from './admin-case.entity.js';
import { CaseEvidenceEntity } from './case-evidence.entity.js';
import { CriminalCaseEntity } from './criminal-case.entity.js';
import { localize } from '../language.js';

/** Which track a case is on. */
export type CaseType = 'admin' | 'criminal';

/** An evidence item as an officer describes it. */
export const EvidenceItem = z.strictObject({
  kind: z.enum(['document', 'physical', 'audio-video', 'testimony', 'record', 'expert-opinion', 'electronic']),
  title: z.string().trim().min(2).max(200),
  description: z.string().trim().max(2000).optional(),
});

/** One step of a case's timeline, from the engine's history. */
export interface TimelineStep {
  activityId: string;
  name: string | null;
  type: string;
  /** Who did it, for human steps. */
  assignee: string | null;
  startedAt: string;
  endedAt: string | null;
  canceled: boolean;
}

/** The activity types a timeline shows: the steps, not the routing. */
const SHOWN = new Set(['startEvent', 'noneEndEvent', 'endEvent', 'userTask', 'serviceTask', 'externalTask', 'receiveTask', 'boundaryTimer', 'boundaryMessage', 'intermediateTimer', 'messageEndEvent', 'terminateEndEvent']);

/**
 * The case file (案卷) of administrative and criminal cases: evidence items with the SHA-256 of each file, the
 * timeline of every step with who and when (from the engine's history, so it works on a remote engine too), the
 * official documents issued, and the party as the registers know it (the organisation and its permits, or the person and their guard certificates).
 */
export class CaseFile {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly regions: Regions,
    private readonly files: FileStore,
    private readonly now: () => Date,
  ) {}

  /** Adds an evidence item, with or without a file, to an open case. */
  async addEvidence(principal: Principal, type: CaseType, caseId: string, item: z.output<typeof EvidenceItem>, file: { fileName: string; mediaType: string; bytes: Buffer } | null): Promise<CaseEvidenceEntity> {
    const found = await this.caseOf(principal, type, caseId);
    if (found.status === 'closed') throw new ConflictError('CONFLICT', localize(`Case ${found.number} is closed; evidence can no longer be added`, `案件 ${found.number} 已结案，不能再添加证据`));
    const stored = file ? await this.files.put(file.bytes) : null;
    const entity = Object.assign(new CaseEvidenceEntity(), {
      id: randomUUID(), caseType: type, caseId, kind: item.kind, title: item.title, description: item.description ?? null,
      fileName: file?.fileName ?? null, mediaType: file?.mediaType ?? null, size: stored?.size ?? null, sha256: stored?.sha256 ?? null,
      storageKey: stored?.storageKey ?? null, collectedBy: principal.userId, collectedAt: this.now(),
    });
    await this.dataSource.getRepository(CaseEvidenceEntity).insert(entity);
    return entity;
  }

  /** The evidence items of a case, in the order collected. */
  async evidence(principal: Principal, type: CaseType, caseId: string): Promise<CaseEvidenceEntity[]> {
    await this.caseOf(principal, type, caseId);
    return this.dataSource.getRepository(CaseEvidenceEntity).find({ where: { caseType: type, caseId }, order: { collectedAt: 'ASC', id: 'ASC' } });
  }

  /** The file of an evidence item, with its name and media type; 404 when the item has no file or is not the case's. */
  async evidenceFile(principal: Principal, type: CaseType, caseId: string, evidenceId: string): Promise<{ fileName: string; mediaType: string; bytes: Buffer }> {
    await this.caseOf(principal, type, caseId);
    const item = await this.dataSource.getRepository(CaseEvidenceEntity).findOneBy({ id: evidenceId, caseType: type, caseId });
    if (!item?.storageKey || !item.fileName || !item.mediaType) throw new NotFoundError('NOT_FOUND', localize(`Evidence item ${evidenceId} of case ${caseId} has no file`, `案件 ${caseId} 的证据 ${evidenceId} 没有附件`));
    return { fileName: item.fileName, mediaType: item.mediaType, bytes: await this.files.get(item.storageKey) };
  }

  /** Every step of the case so far, oldest first, with who and when. */
  async timeline(principal: Principal, type: CaseType, caseId: string): Promise<TimelineStep[]> {
    const found = await this.caseOf(principal, type, caseId);
    if (!found.processInstanceId) return [];
    const steps = await this.engine.request<Array<{ activityId: string; activityName: string | null; activityType: string; assignee: string | null; startTime: string; endTime: string | null; canceled: boolean }>>(
      'GET', `/history/activity-instance?processInstanceId=${encodeURIComponent(found.processInstanceId)}&sortBy=startTime&sortOrder=asc&maxResults=1000`,
    );
    return steps.filter((s) => SHOWN.has(s.activityType)).map((s) => ({
      activityId: s.activityId, name: s.activityName, type: s.activityType, assignee: s.assignee, startedAt: isoFromEngine(s.startTime), endedAt: isoFromEngineOrNull(s.endTime), canceled: s.canceled,
    }));
  }

  /** The official documents of a case (受案回执, decisions, notices), in the order issued, each with its number and verification code. */
  async documents(principal: Principal, type: CaseType, caseId: string): Promise<OfficialDocumentEntity[]> {
    const found = await this.caseOf(principal, type, caseId);
    if (!found.processInstanceId) return [];
    return this.dataSource.getRepository(OfficialDocumentEntity).find({ where: { processInstanceId: found.processInstanceId }, order: { issuedAt: 'ASC', number: 'ASC' } });
  }

  /** The party of a case as the registers know it. */
  async party(principal: Principal, type: CaseType, caseId: string): Promise<Record<string, unknown>> {
    const found = await this.caseOf(principal, type, caseId);
    const identifier = found instanceof AdminCaseEntity ? found.partyIdentifier : found.suspectResidentId;
    if (!identifier) return { known: false };
    const organisation = await this.dataSource.getRepository(OrganisationEntity).findOneBy({ creditCode: identifier });
    if (organisation) {
      const permits = await this.dataSource.getRepository(PermitEntity).findBy({ organisationId: organisation.id });
      return { known: true, organisation: { id: organisation.id, name: organisation.name, kind: organisation.kind, creditCode: organisation.creditCode }, permits: permits.map((p) => ({ id: p.id, number: p.number, status: p.status })) };
    }
    const person = await this.dataSource.getRepository(PersonEntity).findOneBy({ residentId: identifier });
    const certificates = await this.dataSource.getRepository(GuardCertificateEntity).findBy({ residentId: identifier });
    if (!person && certificates.length === 0) return { known: false };
    return {
      known: true, ...(person ? { person: { id: person.id, name: person.name } } : {}),
      guardCertificates: certificates.map((c) => ({ id: c.id, number: c.number, status: c.status, revokedAt: c.revokedAt })),
    };
  }

  // helpers ////

  private async caseOf(principal: Principal, type: CaseType, caseId: string): Promise<AdminCaseEntity | CriminalCaseEntity> {
    const found = type === 'admin'
      ? await this.dataSource.getRepository(AdminCaseEntity).findOneBy({ id: caseId })
      : await this.dataSource.getRepository(CriminalCaseEntity).findOneBy({ id: caseId });
    if (!found || !isCaseOfficerOf(this.regions, principal, found.regionCode)) throw new NotFoundError('NOT_FOUND', localize(`Case ${caseId} does not exist`, `案件 ${caseId} 不存在`));
    return found;
  }
}
