import type { HandlingGroups } from '../jurisdiction/handling-groups.js';
import { contains } from '../jurisdiction/jurisdiction-code.js';
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuditContext } from '../audit/audit-context.js';
import { AuditLog } from '../audit/audit-log.js';
import { z } from 'zod';
import type { Principal } from '../auth/tokens.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { ConflictError, ForbiddenError, NotFoundError, UserError, ValidationError } from '../errors.js';
import { isValidCreditCode, isValidResidentId } from '../forms/index.js';
import { can, jurisdictionOfGroup, scopeCondition, scopesOf } from '../jurisdiction/index.js';
import type { FileStore } from '../licensing/file-store.js';
import type { Regions } from '../licensing/regions.js';
import { startProcessOrUndo } from '../engine-client/start-process.js';
import { AdminCaseEntity } from '../cases/admin-case.entity.js';
import { TipAttachmentEntity, TipComplainantEntity, TipEntity, TipIdentityReadEntity, TipMessageEntity, type TipOutcome } from './tip.entity.js';
import { bilingual, localize } from '../language.js';

/** What a tip is about (保安服务管理条例 Art 41–45). */
export const TIP_CATEGORIES = ['unlicensed-business', 'uncertified-guard', 'guard-misconduct', 'company-violation', 'in-house-violation', 'other'] as const;

/** A report from the public portal, a phone call or the window. */
export const TipReport = z
  .strictObject({
    anonymous: z.boolean(),
    confidential: z.boolean().default(true),
    complainant: z
      .strictObject({
        name: z.string().trim().min(1).max(64),
        residentId: z.string().trim().toUpperCase().refine((v) => isValidResidentId(v), { error: bilingual('is not a valid resident ID number', '公民身份号码校验码不正确') }).optional(),
        phone: z.string().trim().regex(/^[0-9+()\- ]{7,20}$/, { error: bilingual('must be a phone number', '须为有效的联系电话') }).optional(),
        address: z.string().trim().max(300).optional(),
      })
      .optional(),
    category: z.enum(TIP_CATEGORIES),
    subject: z.strictObject({
      name: z.string().trim().min(1).max(200),
      creditCode: z.string().trim().toUpperCase().refine((v) => isValidCreditCode(v), { error: bilingual('is not a valid unified social credit code', '统一社会信用代码校验位不正确') }).optional(),
      certificateNumber: z.string().trim().max(64).optional(),
      address: z.string().trim().max(300).optional(),
    }),
    regionCode: z.string().regex(/^\d{6}$/, { error: bilingual('must be a 6-digit division code', '须为 6 位行政区划代码') }),
    facts: z.string().trim().min(10, { error: bilingual('must describe what happened (at least 10 characters)', '须描述事件经过（不少于 10 个字）') }).max(5000),
    occurredAt: z.iso.datetime({ offset: true, error: bilingual('must be an ISO date-time', '须为 ISO 8601 格式的日期时间') }).optional(),
  })
  .superRefine((r, ctx) => {
    if (!r.anonymous && !r.complainant) ctx.addIssue({ code: 'custom', path: ['complainant'], message: localize('is required unless the report is anonymous', '实名举报须填写举报人信息') });
    if (r.anonymous && r.complainant) ctx.addIssue({ code: 'custom', path: ['complainant'], message: localize('must be left out of an anonymous report', '匿名举报不得填写举报人信息') });
  });

/** Input of {@link TipService.report}. */
export type TipReportInput = z.output<typeof TipReport>;

/** What the complainant sees with the tracking code and secret: progress and outcome, nothing internal. */
export interface TipTracking {
  trackingCode: string;
  stage: '已受理' | '核查中' | '已办结' | '已移送';
  receivedAt: Date;
  closedAt: Date | null;
  outcome: TipOutcome | null;
  feedback: string | null;
  /** What the complainant added, with dates. */
  additions: Array<{ body: string; at: Date }>;
  /** The files the complainant attached: name, type, size and when, never their content. */
  attachments: Array<{ id: string; fileName: string; mediaType: string; size: number; at: Date }>;
  rating: number | null;
  canAddInformation: boolean;
  canRate: boolean;
}

/** Wrong secrets in a row before a tracking code locks. */
export const MAX_FAILED_ATTEMPTS = 5;

/** How long a tracking code stays locked after too many wrong secrets. */
export const LOCK_MINUTES = 15;

/** Filters and paging of {@link TipService.list}. */
export const TipListQuery = z.strictObject({
  status: z.enum(['received', 'verifying', 'closed', 'transferred'], { error: bilingual('must be received, verifying, closed or transferred', '须为 received（已受理）、verifying（核查中）、closed（已办结）或 transferred（已移交）') }).optional(),
  offset: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(0).default(0),
  limit: z.coerce.number({ error: bilingual('must be a number', '须为数字') }).int().min(1).max(200).default(50),
});

/** A tip in the officers' list: what it is about, where and how far it is; never the complainant. */
export interface TipSummary {
  id: string;
  trackingCode: string;
  channel: TipEntity['channel'];
  category: string;
  subjectName: string;
  regionCode: string;
  status: TipEntity['status'];
  outcome: TipOutcome | null;
  assignedGroup: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

/** Tracking was refused for a while after too many wrong secrets (429). */
export class TrackingLockedError extends UserError {
  override readonly status: number = 429;
}

/**
 * Tips (投诉举报线索): reports from the public, their tracking by code and secret, the complainant's additions and
 * rating, and the officers' view — in which the complainant's identity is withheld; reading it takes its own call,
 * allowed with `tip.identity.read` in the tip's jurisdiction and logged every time. Officers read the tips of their
 * jurisdiction and below (`tip.read`), and those assigned to a group of it for verification.
 */
export class TipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly regions: Regions,
    private readonly files: FileStore,
    private readonly now: () => Date,
    private readonly groups: HandlingGroups,
    /** Where every read of a complainant's identity is recorded; one over the same database by default. */
    private readonly audit: AuditLog = new AuditLog(dataSource, { now }),
  ) {}

  /**
   * Checks a completed tip step beyond its form: the station or squad a tip is sent to for verification
   * (`tip-triage`, accepted) must lie in the tip's city and have an enabled member, so that a tip neither leaves its
   * city's jurisdiction nor waits for nobody. Throws `VALIDATION_FAILED` naming `stationGroup`.
   */
  async checkTaskSubmission(formId: string, values: Record<string, unknown>, context: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (formId !== 'tip-triage' || values['triageDecision'] !== 'accept') return values;
    const group = typeof values['stationGroup'] === 'string' ? values['stationGroup'] : '';
    const city = typeof context['cityCode'] === 'string' ? context['cityCode'] : '';
    const place = group.replace(/^(station|squad)-/, '');
    if (!city || !contains(city, place)) {
      throw new ValidationError('The verifying unit is not of the tip\'s city', [{ path: 'stationGroup', message: localize(`must be a police station or squad of the tip's city (${city || 'unknown'})`, `须为举报所在设区的市（${city || '未知'}）的派出所或中队`) }]);
    }
    if (!(await this.groups.staffed(group))) {
      throw new ValidationError('The verifying unit has no one to verify the tip', [{ path: 'stationGroup', message: localize(`group '${group}' has no enabled member`, `用户组“${group}”没有可用的成员`) }]);
    }
    return values;
  }

  /** Registers a report and starts its verification; returns the tracking code and the secret, which is shown only now. */
  async report(input: TipReportInput, channel: TipEntity['channel']): Promise<{ trackingCode: string; secret: string }> {
    const city = this.regions.cityOf(input.regionCode);
    if (!city) throw new ValidationError('The place is not in this province', [{ path: 'regionCode', message: localize('is not a division code of this province', '不是本省的行政区划代码') }]);
    const secret = randomToken(20);
    const now = this.now();
    const tip = Object.assign(new TipEntity(), {
      id: randomUUID(), trackingCode: `JB${randomToken(10)}`, secretHash: digest(secret), channel, anonymous: input.anonymous ? 1 : 0,
      confidential: input.confidential ? 1 : 0, category: input.category, subjectName: input.subject.name,
      subjectCreditCode: input.subject.creditCode ?? null, subjectCertificateNumber: input.subject.certificateNumber ?? null,
      subjectAddress: input.subject.address ?? null, regionCode: input.regionCode, facts: input.facts,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : null, status: 'received' as const, outcome: null, feedback: null,
      processInstanceId: null, assignedGroup: null, duplicateOf: null, rating: null, ratingComment: null, failedAttempts: 0, lockedUntil: null,
      version: 1, createdAt: now, updatedAt: now, closedAt: null,
    });
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(TipEntity).insert(tip);
      if (input.complainant) {
        await m.getRepository(TipComplainantEntity).insert({
          tipId: tip.id, name: input.complainant.name, residentId: input.complainant.residentId ?? null,
          phone: input.complainant.phone ?? null, address: input.complainant.address ?? null,
        });
      }
    });
    const processInstanceId = await startProcessOrUndo(this.engine, 'tip-verification', tip.trackingCode,
      { tipId: tip.id, regionCode: tip.regionCode, cityCode: city.code, category: tip.category },
      () => this.dataSource.transaction(async (m) => {
        await m.getRepository(TipComplainantEntity).delete({ tipId: tip.id });
        await m.getRepository(TipEntity).delete({ id: tip.id });
      }));
    await this.dataSource.getRepository(TipEntity).update({ id: tip.id }, { processInstanceId });
    return { trackingCode: tip.trackingCode, secret };
  }

  /** Checks that the caller registers tips (`tip.intake`) by phone or at the window, for `regionCode` or, without it, anywhere. */
  assertIntakeOfficer(principal: Principal, regionCode?: string): void {
    if (!can(principal, 'tip.intake', regionCode)) throw new ForbiddenError('FORBIDDEN', localize('Only intake officers of the place register tips by phone or at the window', '只有属地负责受理举报的民警可以登记电话或窗口举报'));
  }

  /**
   * The tips the caller reads (`tip.read`): those of its jurisdictions and below, and those assigned for
   * verification to a group there; newest first, with the number of all matches.
   */
  async list(principal: Principal, query: z.output<typeof TipListQuery>): Promise<{ items: TipSummary[]; total: number }> {
    if (!can(principal, 'tip.read')) throw new ForbiddenError('FORBIDDEN', localize('Only officers who handle tips list them', '只有负责办理举报的民警可以查看举报列表'));
    const scope = scopeCondition(TIP_SCOPE_COLUMNS, scopesOf(principal, 'tip.read'));
    const q = this.dataSource.getRepository(TipEntity).createQueryBuilder('t').where(scope.sql, scope.params);
    if (query.status) q.andWhere('t.status = :status', { status: query.status });
    const [tips, total] = await q.orderBy('t.createdAt', 'DESC').addOrderBy('t.id', 'ASC').skip(query.offset).take(query.limit).getManyAndCount();
    const items = tips.map((t) => ({
      id: t.id, trackingCode: t.trackingCode, channel: t.channel, category: t.category, subjectName: t.subjectName, regionCode: t.regionCode,
      status: t.status, outcome: t.outcome, assignedGroup: t.assignedGroup, createdAt: t.createdAt, closedAt: t.closedAt,
    }));
    return { items, total };
  }

  /** The complainant's view of a tip; a wrong secret counts towards locking the code, and is answered like an unknown code. */
  async track(trackingCode: string, secret: string): Promise<TipTracking> {
    const tip = await this.authenticate(trackingCode, secret);
    const additions = await this.dataSource.getRepository(TipMessageEntity).find({ where: { tipId: tip.id, authorKind: 'complainant' }, order: { createdAt: 'ASC' } });
    const attachments = await this.dataSource.getRepository(TipAttachmentEntity).find({ where: { tipId: tip.id }, order: { uploadedAt: 'ASC', id: 'ASC' } });
    const closed = tip.status === 'closed' || tip.status === 'transferred';
    return {
      trackingCode: tip.trackingCode,
      stage: tip.status === 'received' ? '已受理' : tip.status === 'verifying' ? '核查中' : tip.status === 'transferred' ? '已移送' : '已办结',
      receivedAt: tip.createdAt, closedAt: tip.closedAt, outcome: closed ? tip.outcome : null, feedback: closed ? tip.feedback : null,
      additions: additions.map((a) => ({ body: a.body, at: a.createdAt })),
      attachments: attachments.map((a) => ({ id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.size, at: a.uploadedAt })), rating: tip.rating, canAddInformation: !closed, canRate: closed && tip.rating === null,
    };
  }

  /** Adds information from the complainant while the tip is open. */
  async addInformation(trackingCode: string, secret: string, body: string): Promise<void> {
    const tip = await this.authenticate(trackingCode, secret);
    if (tip.status === 'closed' || tip.status === 'transferred') throw new ConflictError('CONFLICT', localize('The tip is closed; information can no longer be added', '该举报已办结，不能再补充信息'));
    await this.dataSource.getRepository(TipMessageEntity).insert({ id: randomUUID(), tipId: tip.id, authorKind: 'complainant', author: null, body, createdAt: this.now(), public: 1 });
  }

  /** Attaches a file from the complainant while the tip is open. */
  async attach(trackingCode: string, secret: string, file: { fileName: string; mediaType: string; bytes: Buffer }): Promise<{ id: string; sha256: string }> {
    const tip = await this.authenticate(trackingCode, secret);
    if (tip.status === 'closed' || tip.status === 'transferred') throw new ConflictError('CONFLICT', localize('The tip is closed; files can no longer be added', '该举报已办结，不能再上传附件'));
    const stored = await this.files.put(file.bytes);
    const id = randomUUID();
    await this.dataSource.getRepository(TipAttachmentEntity).insert({ id, tipId: tip.id, fileName: file.fileName, mediaType: file.mediaType, size: stored.size, sha256: stored.sha256, storageKey: stored.storageKey, uploadedAt: this.now() });
    return { id, sha256: stored.sha256 };
  }

  /** Records the complainant's rating (1–5) of a closed tip, once. */
  async rate(trackingCode: string, secret: string, rating: number, comment: string | undefined): Promise<void> {
    const tip = await this.authenticate(trackingCode, secret);
    if (tip.status !== 'closed' && tip.status !== 'transferred') throw new ConflictError('CONFLICT', localize('The tip can be rated once it is closed', '举报办结后方可评价'));
    const result = await this.dataSource.getRepository(TipEntity).createQueryBuilder().update()
      .set({ rating, ratingComment: comment ?? null, updatedAt: this.now() })
      .where('id = :id AND rating IS NULL', { id: tip.id })
      .execute();
    if (!result.affected) throw new ConflictError('CONFLICT', localize('The tip has been rated already', '该举报已评价'));
  }

  /** A tip as officers see it: facts, subject, status, messages, attachments; the complainant only as 匿名 or 已保密. */
  async officerView(principal: Principal, id: string): Promise<Record<string, unknown>> {
    const tip = await this.officerTip(principal, id);
    const messages = await this.dataSource.getRepository(TipMessageEntity).find({ where: { tipId: id }, order: { createdAt: 'ASC' } });
    const attachments = await this.dataSource.getRepository(TipAttachmentEntity).find({ where: { tipId: id }, order: { uploadedAt: 'ASC' } });
    const opened = await this.dataSource.getRepository(AdminCaseEntity).findOneBy({ sourceType: 'tip', sourceId: id });
    return {
      id: tip.id, trackingCode: tip.trackingCode, channel: tip.channel, category: tip.category, regionCode: tip.regionCode, facts: tip.facts,
      occurredAt: tip.occurredAt, subject: { name: tip.subjectName, creditCode: tip.subjectCreditCode, certificateNumber: tip.subjectCertificateNumber, address: tip.subjectAddress },
      complainant: tip.anonymous ? '匿名' : '已保密（查看须经授权并记录）', confidential: tip.confidential === 1, status: tip.status, outcome: tip.outcome,
      feedback: tip.feedback, assignedGroup: tip.assignedGroup, processInstanceId: tip.processInstanceId, createdAt: tip.createdAt, closedAt: tip.closedAt,
      rating: tip.rating, ratingComment: tip.ratingComment,
      case: opened ? { id: opened.id, number: opened.number, status: opened.status } : null,
      messages: messages.map((m) => ({ authorKind: m.authorKind, author: m.author, body: m.body, at: m.createdAt })),
      attachments: attachments.map((a) => ({ id: a.id, fileName: a.fileName, mediaType: a.mediaType, size: a.size, sha256: a.sha256, uploadedAt: a.uploadedAt })),
    };
  }

  /**
   * The complainant's identity, only with `tip.identity.read` in the tip's jurisdiction (intake officers and
   * leaders there or above), with the purpose of the read; every read is logged, in `tip_identity_read` and in the audit log (`tip.identity-read`, with the
   * request's id and address from `origin`), in the same transaction. Anonymous tips have none (404).
   */
  async complainant(principal: Principal, id: string, purpose: string, origin: Omit<AuditContext, 'actor'> = {}): Promise<TipComplainantEntity> {
    const tip = await this.officerTip(principal, id);
    if (!can(principal, 'tip.identity.read', tip.regionCode)) {
      throw new ForbiddenError('FORBIDDEN', localize("Only the intake officers and leaders of the tip's jurisdiction may read a complainant's identity", '只有举报所属辖区负责受理的民警和领导可以查看举报人身份'));
    }
    const identity = await this.dataSource.getRepository(TipComplainantEntity).findOneBy({ tipId: id });
    NotFoundError.assert(identity, 'NOT_FOUND', localize('The tip is anonymous', '该举报为匿名举报'));
    const readId = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(TipIdentityReadEntity).insert({ id: readId, tipId: id, userId: principal.userId, purpose, at: this.now() });
      await this.audit.append({ ...origin, actor: principal.userId, action: 'tip.identity-read', subjectType: 'tip', subjectId: id, details: { purpose, readId } }, manager);
    });
    return identity;
  }

  /** Who read a complainant's identity, when and why; for those who read the tip and supervise its jurisdiction (`supervision.read`: leaders). */
  async identityReads(principal: Principal, id: string): Promise<TipIdentityReadEntity[]> {
    const tip = await this.officerTip(principal, id);
    if (!can(principal, 'supervision.read', tip.regionCode)) throw new ForbiddenError('FORBIDDEN', localize("Only the leaders of the tip's jurisdiction see who read a complainant's identity", '只有举报所属辖区的领导可以查看举报人身份的查阅记录'));
    return this.dataSource.getRepository(TipIdentityReadEntity).find({ where: { tipId: id }, order: { at: 'ASC' } });
  }

  // helpers ////

  private async authenticate(trackingCode: string, secret: string): Promise<TipEntity> {
    const repo = this.dataSource.getRepository(TipEntity);
    const tip = await repo.findOneBy({ trackingCode: trackingCode.trim().toUpperCase() });
    const now = this.now();
    if (tip?.lockedUntil && tip.lockedUntil > now) {
      throw new TrackingLockedError('BAD_REQUEST', localize(`Too many wrong secrets; try again after ${tip.lockedUntil.toISOString()}`, `查询密码错误次数过多，请于 ${Math.max(1, Math.ceil((tip.lockedUntil.getTime() - now.getTime()) / 60_000))} 分钟后再试`), { retryAfter: tip.lockedUntil.toISOString() });
    }
    if (!tip || !sameDigest(tip.secretHash, digest(secret.trim()))) {
      if (tip) {
        const failed = tip.failedAttempts + 1;
        await repo.update({ id: tip.id }, failed >= MAX_FAILED_ATTEMPTS
          ? { failedAttempts: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) }
          : { failedAttempts: failed });
      }
      throw new NotFoundError('NOT_FOUND', localize('No tip has this tracking code and secret', '查询码或查询密码不正确'));
    }
    if (tip.failedAttempts > 0 || tip.lockedUntil) await repo.update({ id: tip.id }, { failedAttempts: 0, lockedUntil: null });
    return tip;
  }

  private async officerTip(principal: Principal, id: string): Promise<TipEntity> {
    const tip = await this.dataSource.getRepository(TipEntity).findOneBy({ id });
    NotFoundError.assert(tip, 'NOT_FOUND', localize(`Tip ${id} does not exist`, `举报 ${id} 不存在`));
    // the tip's place, or the group it is assigned to for verification (a station may lie in another district)
    const assignedTo = tip.assignedGroup === null ? null : jurisdictionOfGroup(tip.assignedGroup);
    const mine = can(principal, 'tip.read', tip.regionCode) || (assignedTo !== null && can(principal, 'tip.read', assignedTo));
    if (!mine) throw new NotFoundError('NOT_FOUND', localize(`Tip ${id} does not exist`, `举报 ${id} 不存在`));
    return tip;
  }
}

// helpers ////

/** Where a tip lies: its place, and the station or squad group verifying it. */
const TIP_SCOPE_COLUMNS = [{ column: 't.region_code' }, { column: 't.assigned_group', prefix: 'station-' }, { column: 't.assigned_group', prefix: 'squad-' }];

// the alphabet of codes and secrets: no 0/O, 1/I/L
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

function randomToken(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET.charAt(randomInt(ALPHABET.length));
  return out;
}

function digest(secret: string): string {
  return createHash('sha256').update(secret.toUpperCase()).digest('hex');
}

function sameDigest(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
