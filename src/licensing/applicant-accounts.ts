import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { ConflictError, ValidationError } from '../errors.js';
import type { IdentityService } from '../identity/identity.service.js';
import { USER_ID_PATTERN } from '../identity/identity.types.js';
import { APPLICANT_GROUP } from './access.js';
import { OrganisationEntity, OrganisationMemberEntity } from './organisation.entity.js';
import type { Regions } from './regions.js';
import { bilingual, localize } from '../language.js';

/** What a company or unit gives to open an applicant account. */
export const ApplicantRegistration = z.strictObject({
  organisation: z.strictObject({
    kind: z.enum(['applicant-company', 'security-company', 'in-house-employer', 'training-unit']),
    name: z.string().trim().min(2).max(200),
    creditCode: z.string().trim().toUpperCase().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, { error: bilingual('must be an 18-character unified social credit code', '须为 18 位统一社会信用代码') }).optional(),
    regionCode: z.string().regex(/^\d{6}$/, { error: bilingual('must be a 6-digit division code', '须为 6 位行政区划代码') }),
    address: z.string().trim().max(300).optional(),
    legalRepresentative: z.string().trim().max(64).optional(),
    contactPhone: z.string().trim().regex(/^[0-9+()\- ]{7,20}$/, { error: bilingual('must be a phone number', '须为有效的联系电话') }),
  }),
  user: z.strictObject({
    username: z.string().regex(USER_ID_PATTERN, { error: bilingual('must be 1-64 letters, digits or . _ @ -', '须为 1 至 64 位字母、数字或 . _ @ -') }),
    name: z.string().trim().min(1).max(64),
    password: z.string().min(10, { error: bilingual('must be at least 10 characters long', '长度不得少于 10 个字符') }).max(72),
  }),
});

/** Input of {@link ApplicantAccounts.register}. */
export type ApplicantRegistrationInput = z.output<typeof ApplicantRegistration>;

/** Applicant accounts: a company or unit registers itself and its first user, who logs in to apply and file. */
export class ApplicantAccounts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly identity: IdentityService,
    private readonly regions: Regions,
    private readonly checkCreditCode: (code: string) => boolean,
    private readonly now: () => Date,
  ) {}

  /**
   * Creates the organisation and its user (in group `applicant`). A taken user name or credit code answers
   * 409; nothing is left behind when a step fails.
   */
  async register(input: ApplicantRegistrationInput): Promise<{ organisationId: string; userId: string }> {
    const org = input.organisation;
    if (!this.regions.cityOf(org.regionCode)) throw new ValidationError('The region is not in this province', [{ path: 'organisation.regionCode', message: localize('is not a division code of this province', '不是本省的行政区划代码') }]);
    if (org.creditCode && !this.checkCreditCode(org.creditCode)) throw new ValidationError('Invalid credit code', [{ path: 'organisation.creditCode', message: localize('has a wrong check character', '统一社会信用代码校验位不正确') }]);
    if (org.creditCode && (await this.dataSource.getRepository(OrganisationEntity).existsBy({ creditCode: org.creditCode }))) {
      throw new ConflictError('CONFLICT', localize(`An organisation with credit code ${org.creditCode} is already registered`, `统一社会信用代码为 ${org.creditCode} 的单位已注册`));
    }
    if (await this.identity.getUser(input.user.username)) throw new ConflictError('USER_EXISTS', localize(`User name '${input.user.username}' is taken`, `用户名“${input.user.username}”已被使用`));
    await this.identity.createUser({ id: input.user.username, name: input.user.name, password: input.user.password });
    const organisationId = randomUUID();
    const now = this.now();
    try {
      await this.identity.addMembership(input.user.username, APPLICANT_GROUP);
      await this.dataSource.transaction(async (m) => {
        await m.getRepository(OrganisationEntity).insert({
          id: organisationId, kind: org.kind, name: org.name, creditCode: org.creditCode ?? null, regionCode: org.regionCode,
          address: org.address ?? null, legalRepresentative: org.legalRepresentative ?? null, contactPhone: org.contactPhone, createdAt: now, updatedAt: now,
        });
        await m.getRepository(OrganisationMemberEntity).insert({ userId: input.user.username, organisationId, createdAt: now });
      });
    } catch (error) {
      await this.identity.deleteUser(input.user.username);
      throw error;
    }
    return { organisationId, userId: input.user.username };
  }
}
