import { randomBytes, randomInt } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { In, LessThan, type DataSource, type EntityManager } from 'typeorm';
import { SYSTEM_AUDIT_CONTEXT, type AuditContext } from '../audit/audit-context.js';
import { AuditLog, type AuditEntryInput } from '../audit/audit-log.js';
import { ConflictError, NotFoundError, ValidationError, type ValidationIssue } from '../errors.js';
import { GroupEntity } from './group.entity.js';
import {
  ADMIN_USER_ID,
  GROUP_ID_PATTERN,
  GROUPS,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_LENGTH,
  USER_ID_PATTERN,
  type AuthenticatedUser,
  type GroupView,
  type TokenStanding,
  type UserView,
} from './identity.types.js';
import { MembershipEntity } from './membership.entity.js';
import { RevokedTokenEntity } from './revoked-token.entity.js';
import { UserEntity } from './user.entity.js';
import { localize } from '../language.js';

/** Input of {@link IdentityService.createUser}. */
export interface CreateUserInput {
  /** Login name; must match `USER_ID_PATTERN`. */
  id: string;
  /** Display name. */
  name: string;
  email?: string | null;
  /** Plain-text password, 8 characters to 72 UTF-8 bytes; only its bcrypt hash is stored. */
  password: string;
  /** Whether the user must change the password before anything else (one an administrator chose); false by default. */
  passwordChangeRequired?: boolean;
}

/** Input of {@link IdentityService.createGroup}. */
export interface CreateGroupInput {
  /** Group id; must match `GROUP_ID_PATTERN`. */
  id: string;
  name: string;
  /** Camunda's group type, e.g. `SYSTEM` or `WORKFLOW`. */
  type?: string | null;
}

/** Result of {@link IdentityService.ensureAdmin}. */
export interface EnsureAdminResult {
  /** Whether the `admin` user was created by this call. */
  created: boolean;
  /** The generated password, when one was generated; the caller prints it once and forgets it. */
  generatedPassword?: string;
}

/** Options of {@link IdentityService}. */
export interface IdentityServiceOptions {
  /** Source of the current time for `created_at`/`updated_at`; the system clock by default. */
  clock?: () => Date;
  /** The audit log that records every change to users, groups and memberships; one over the same database by default. */
  audit?: AuditLog;
}

/**
 * Users, groups and memberships of the application (the identity store behind both `/api` logins and
 * `/engine-rest` Basic authentication), plus the first-start bootstrap of the admin and worker accounts. Every
 * change is recorded in the audit log in the same transaction (`user.create`, `user.enable`, `user.disable`,
 * `user.password-set`, `user.password-change`, `user.delete`, `group.create`, `membership.add`, `auth.logout`,
 * `auth.logout-everywhere`), as done by `by` (the application itself when not given).
 */
export class IdentityService {
  private readonly clock: () => Date;
  private readonly audit: AuditLog;

  constructor(
    private readonly dataSource: DataSource,
    options: IdentityServiceOptions = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.audit = options.audit ?? new AuditLog(dataSource, { now: this.clock });
  }

  /**
   * Creates a user with a bcrypt-hashed password. Throws `ValidationError` for a malformed id, name or
   * password and `ConflictError` (`USER_EXISTS`) when the id is taken.
   */
  async createUser(input: CreateUserInput, by: AuditContext = SYSTEM_AUDIT_CONTEXT): Promise<UserView> {
    checkUserInput(input);
    const passwordHash = await bcrypt.hash(input.password, BCRYPT_COST);
    return this.change(by, (manager, record) => this.insertUser(manager, input, passwordHash, record));
  }

  /**
   * Checks a user's password. Returns the user with its groups when the password matches and the account is
   * enabled; null otherwise (unknown user, wrong password, disabled account alike). Takes about as long for
   * unknown users as for known ones.
   */
  async verifyPassword(userId: string, password: string): Promise<AuthenticatedUser | null> {
    const user = USER_ID_PATTERN.test(userId) ? await this.users(this.dataSource.manager).findOneBy({ id: userId }) : null;
    const tooLong = Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES;
    const hash = user && !tooLong ? user.passwordHash : await dummyHash();
    const matches = await bcrypt.compare(password, hash);
    if (!user || tooLong || !matches || user.disabled !== 0) return null;
    return {
      id: user.id, name: user.name, email: user.email, groupIds: await this.groupIdsOf(user.id),
      tokenGeneration: user.tokenGeneration, passwordChangeRequired: user.passwordChangeRequired !== 0,
    };
  }

  /**
   * Where a token of `userId` stands, for the check on every request: the account's state, groups and token
   * generation, and whether the token `tokenId` was ended by a logout; null when the account is gone.
   */
  async tokenStanding(userId: string, tokenId: string): Promise<TokenStanding | null> {
    const user = await this.users(this.dataSource.manager).findOne({ where: { id: userId }, select: { id: true, disabled: true, tokenGeneration: true, passwordChangeRequired: true } });
    if (!user) return null;
    const [groupIds, revoked] = await Promise.all([
      this.groupIdsOf(userId),
      this.dataSource.getRepository(RevokedTokenEntity).existsBy({ tokenId }),
    ]);
    return { disabled: user.disabled !== 0, groupIds, tokenGeneration: user.tokenGeneration, revoked, passwordChangeRequired: user.passwordChangeRequired !== 0 };
  }

  /**
   * Ends one session (a logout): the token `tokenId` of `userId` stops working at once. Its revocation is kept until
   * `expiresAt`, when the token would have stopped anyway; revocations past that are forgotten here. Records
   * `auth.logout`. Ending a token twice changes nothing more.
   */
  async endSession(session: { userId: string; tokenId: string; expiresAt: Date }, by: AuditContext = SYSTEM_AUDIT_CONTEXT): Promise<void> {
    await this.change(by, async (manager, record) => {
      const revoked = manager.getRepository(RevokedTokenEntity);
      const now = this.clock();
      await revoked.delete({ expiresAt: LessThan(now) });
      if (await revoked.existsBy({ tokenId: session.tokenId })) return;
      await revoked.insert({ tokenId: session.tokenId, userId: session.userId, revokedAt: now, expiresAt: session.expiresAt });
      record({ action: 'auth.logout', subjectType: 'user', subjectId: session.userId });
    });
  }

  /**
   * Ends every session of `userId` (a logout everywhere, e.g. after losing a phone): all its tokens stop working.
   * Records `auth.logout-everywhere`. Throws `NotFoundError` (`USER_NOT_FOUND`).
   */
  async endAllSessions(userId: string, by: AuditContext = SYSTEM_AUDIT_CONTEXT): Promise<void> {
    await this.change(by, async (manager, record) => {
      await this.nextTokenGeneration(manager, userId);
      record({ action: 'auth.logout-everywhere', subjectType: 'user', subjectId: userId });
    });
  }

  /**
   * A user's own password change: checks `currentPassword`, stores `newPassword` (no longer one to change) and ends
   * every session of the account, answering the user as a login would (with the new token generation) so that the caller can go on in a
   * new session. Throws `ValidationError` naming `currentPassword` when it is wrong and `newPassword` when it breaks
   * the password rules or equals the current one; nothing changes then. Records `user.password-change`.
   */
  async changePassword(userId: string, currentPassword: string, newPassword: string, by: AuditContext = SYSTEM_AUDIT_CONTEXT): Promise<AuthenticatedUser> {
    const user = await this.verifyPassword(userId, currentPassword);
    if (!user) throw new ValidationError('Invalid password change', [{ path: 'currentPassword', message: localize('is not the current password', '当前密码不正确') }]);
    const issues = passwordIssues(newPassword).map((issue) => ({ ...issue, path: 'newPassword' }));
    if (!issues.length && newPassword === currentPassword) issues.push({ path: 'newPassword', message: localize('must differ from the current password', '不得与当前密码相同') });
    if (issues.length) throw new ValidationError('Invalid password change', issues);
    const passwordHash = await bcrypt.hash(newPassword, BCRYPT_COST);
    const tokenGeneration = await this.change(by, async (manager, record) => {
      await this.users(manager).update({ id: userId }, { passwordHash, passwordChangeRequired: 0, updatedAt: this.clock() });
      const generation = await this.nextTokenGeneration(manager, userId);
      record({ action: 'user.password-change', subjectType: 'user', subjectId: userId });
      return generation;
    });
    return { ...user, tokenGeneration, passwordChangeRequired: false };
  }

  /** The user `userId`, or null when there is none. */
  async getUser(userId: string): Promise<UserView | null> {
    const user = await this.users(this.dataSource.manager).findOneBy({ id: userId });
    return user ? toUserView(user) : null;
  }

  /** The names of those of `userIds` that exist (disabled users too: they still name past work), by id. */
  async namesOf(userIds: readonly string[]): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const users = await this.users(this.dataSource.manager).find({ select: { id: true, name: true }, where: { id: In([...new Set(userIds)]) } });
    return new Map(users.map((u) => [u.id, u.name]));
  }

  /** Enables or disables the user `userId`; a disabled user can no longer log in. Throws `NotFoundError` (`USER_NOT_FOUND`). */
  async setDisabled(userId: string, disabled: boolean, by: AuditContext = SYSTEM_AUDIT_CONTEXT): Promise<void> {
    await this.change(by, async (manager, record) => {
      const result = await this.users(manager).update({ id: userId }, { disabled: disabled ? 1 : 0, updatedAt: this.clock() });
      if (!result.affected) throw new NotFoundError('USER_NOT_FOUND', localize(`User '${userId}' does not exist`, `用户“${userId}”不存在`));
      record({ action: disabled ? 'user.disable' : 'user.enable', subjectType: 'user', subjectId: userId });
    });
  }

  /**
   * Replaces the password of `userId` (an administrator's reset) and ends every session of the account; with
   * `changeRequired`, the user must change it before anything else. Throws `ValidationError` for a bad password and
   * `NotFoundError` (`USER_NOT_FOUND`).
   */
  async setPassword(userId: string, password: string, by: AuditContext = SYSTEM_AUDIT_CONTEXT, changeRequired = false): Promise<void> {
    const issues = passwordIssues(password);
    if (issues.length) throw new ValidationError('Invalid password', issues);
    const passwordHash = await bcrypt.hash(password, BCRYPT_COST);
    await this.change(by, async (manager, record) => {
      const result = await this.users(manager).update({ id: userId }, { passwordHash, passwordChangeRequired: changeRequired ? 1 : 0, updatedAt: this.clock() });
      if (!result.affected) throw new NotFoundError('USER_NOT_FOUND', localize(`User '${userId}' does not exist`, `用户“${userId}”不存在`));
      await this.nextTokenGeneration(manager, userId);
      record({ action: 'user.password-set', subjectType: 'user', subjectId: userId, details: { passwordChangeRequired: changeRequired } });
    });
  }

  /** Creates a group. Throws `ValidationError` for a malformed id or name and `ConflictError` (`GROUP_EXISTS`) when the id is taken. */
  async createGroup(input: CreateGroupInput, by: AuditContext = SYSTEM_AUDIT_CONTEXT): Promise<GroupView> {
    checkGroupInput(input);
    return this.change(by, (manager, record) => this.insertGroup(manager, input, record));
  }

  /** The group `groupId`, or null when there is none. */
  async getGroup(groupId: string): Promise<GroupView | null> {
    const group = await this.dataSource.manager.getRepository(GroupEntity).findOneBy({ id: groupId });
    return group ? toGroupView(group) : null;
  }

  /**
   * A page of groups, by id, each with how many users belong to it: those whose id or name contains `query`; and how
   * many match in all.
   */
  async listGroups(filter: GroupListFilter): Promise<{ items: GroupWithMembersView[]; total: number }> {
    const q = this.dataSource.manager.getRepository(GroupEntity).createQueryBuilder('g');
    if (filter.query) q.andWhere("(g.id LIKE :like ESCAPE '!' OR g.name LIKE :like ESCAPE '!')", { like: `%${filter.query.replace(/[!%_]/g, (c) => `!${c}`)}%` });
    const [groups, total] = await q.orderBy('g.id', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
    const counts = groups.length
      ? await this.dataSource.manager.getRepository(MembershipEntity).createQueryBuilder('m')
        .select('m.groupId', 'groupId').addSelect('COUNT(*)', 'members')
        .where('m.groupId IN (:...ids)', { ids: groups.map((g) => g.id) }).groupBy('m.groupId')
        .getRawMany<{ groupId: string; members: string | number }>()
      : [];
    const members = new Map(counts.map((c) => [c.groupId, Number(c.members)]));
    return { total, items: groups.map((g) => ({ ...toGroupView(g), members: members.get(g.id) ?? 0 })) };
  }

  /**
   * Makes `userId` a member of `groupId`; does nothing when it already is. Throws `NotFoundError`
   * (`USER_NOT_FOUND` or `GROUP_NOT_FOUND`) when either does not exist.
   */
  async addMembership(userId: string, groupId: string, by: AuditContext = SYSTEM_AUDIT_CONTEXT): Promise<void> {
    await this.change(by, (manager, record) => this.insertMembership(manager, userId, groupId, record));
  }

  /** Ids of the groups `userId` belongs to, sorted; empty for unknown users. */
  async groupIdsOf(userId: string): Promise<string[]> {
    const rows = await this.dataSource.manager.getRepository(MembershipEntity).find({ where: { userId }, order: { groupId: 'ASC' } });
    return rows.map((r) => r.groupId);
  }

  /**
   * First-start bootstrap: when there are no users at all, creates user `admin` in groups `camunda-admin` and
   * `admin` with `password`, or with a generated 20-character password that is returned so the caller can show
   * it once. When any user exists, changes nothing.
   */
  async ensureAdmin(password: string | undefined): Promise<EnsureAdminResult> {
    if ((await this.users(this.dataSource.manager).count()) > 0) return { created: false };
    const generatedPassword = password === undefined ? generatePassword(20) : undefined;
    const input: CreateUserInput = { id: ADMIN_USER_ID, name: 'Administrator', password: password ?? (generatedPassword as string) };
    checkUserInput(input);
    const passwordHash = await bcrypt.hash(input.password, BCRYPT_COST);
    const created = await this.change(SYSTEM_AUDIT_CONTEXT, async (manager, record) => {
      if ((await this.users(manager).count()) > 0) return false;
      await this.insertUser(manager, input, passwordHash, record);
      await this.ensureGroup(manager, { id: GROUPS.camundaAdmin, name: 'Camunda administrators', type: 'SYSTEM' }, record);
      await this.ensureGroup(manager, { id: GROUPS.admin, name: '系统管理员', type: 'SYSTEM' }, record);
      await this.insertMembership(manager, ADMIN_USER_ID, GROUPS.camundaAdmin, record);
      await this.insertMembership(manager, ADMIN_USER_ID, GROUPS.admin, record);
      return true;
    });
    if (!created) return { created: false };
    return generatedPassword === undefined ? { created: true } : { created: true, generatedPassword };
  }

  /**
   * Makes sure the technical account `userId` exists and belongs to group `worker`. A new account gets a random
   * password that is never shown: workers authenticate with tokens minted in-process, not with a password.
   */
  async ensureWorkerAccount(userId: string): Promise<{ created: boolean }> {
    const exists = (await this.users(this.dataSource.manager).countBy({ id: userId })) > 0;
    const input: CreateUserInput = { id: userId, name: '自动任务执行账号（系统）', password: randomBytes(32).toString('base64url') };
    checkUserInput(input);
    const passwordHash = exists ? null : await bcrypt.hash(input.password, BCRYPT_COST);
    return this.change(SYSTEM_AUDIT_CONTEXT, async (manager, record) => {
      let created = false;
      if (passwordHash !== null && (await this.users(manager).countBy({ id: userId })) === 0) {
        await this.insertUser(manager, input, passwordHash, record);
        created = true;
      }
      await this.ensureGroup(manager, { id: GROUPS.worker, name: '自动任务执行组（系统）', type: 'SYSTEM' }, record);
      await this.insertMembership(manager, userId, GROUPS.worker, record);
      return { created };
    });
  }

  /** Makes sure the groups exist (creating the missing ones with their names); existing groups are left as they are. */
  async ensureGroups(groups: readonly CreateGroupInput[], by: AuditContext = SYSTEM_AUDIT_CONTEXT): Promise<void> {
    await this.change(by, async (manager, record) => {
      for (const group of groups) await this.ensureGroup(manager, group, record);
    });
  }

  /**
   * A page of users, by id, with their groups: those whose id or name contains `query`, in group `group`, enabled or
   * disabled as asked; and how many match in all.
   */
  async listUsers(filter: UserListFilter): Promise<{ items: UserWithGroupsView[]; total: number }> {
    const q = this.users(this.dataSource.manager).createQueryBuilder('u');
    if (filter.query) q.andWhere("(u.id LIKE :like ESCAPE '!' OR u.name LIKE :like ESCAPE '!')", { like: `%${filter.query.replace(/[!%_]/g, (c) => `!${c}`)}%` });
    if (filter.group) q.andWhere('u.id IN (SELECT m.user_id FROM app_membership m WHERE m.group_id = :group)', { group: filter.group });
    if (filter.disabled !== undefined) q.andWhere('u.disabled = :disabled', { disabled: filter.disabled ? 1 : 0 });
    const [users, total] = await q.orderBy('u.id', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
    const memberships = users.length
      ? await this.dataSource.manager.getRepository(MembershipEntity).find({ where: { userId: In(users.map((u) => u.id)) }, order: { groupId: 'ASC' } })
      : [];
    return { total, items: users.map((u) => ({ ...toUserView(u), groups: memberships.filter((m) => m.userId === u.id).map((m) => m.groupId) })) };
  }

  /**
   * Changes user `userId` in one transaction, each part recorded in the audit log as done by `by`: its name
   * (`user.rename`), whether it is disabled (`user.disable`/`user.enable`), and its groups, replaced by `groups`
   * (`membership.add`/`membership.remove`; missing groups are created). Parts left out stay as they are. Throws
   * `NotFoundError` (`USER_NOT_FOUND`) for an unknown user and `ValidationError` for a bad name or group id.
   */
  async updateUser(userId: string, change: UserChange, by: AuditContext = SYSTEM_AUDIT_CONTEXT): Promise<UserWithGroupsView> {
    if (change.name !== undefined && (change.name.trim() === '' || change.name.length > 255)) throw new ValidationError('Invalid user', [{ path: 'name', message: localize('must be 1-255 characters', '须为 1 至 255 个字符') }]);
    for (const group of change.groups ?? []) checkGroupInput({ id: group, name: group });
    return this.change(by, async (manager, record) => {
      const user = await this.users(manager).findOneBy({ id: userId });
      NotFoundError.assert(user, 'USER_NOT_FOUND', localize(`User '${userId}' does not exist`, `用户“${userId}”不存在`));
      const now = this.clock();
      if (change.name !== undefined && change.name.trim() !== user.name) {
        record({ action: 'user.rename', subjectType: 'user', subjectId: userId, details: { from: user.name, to: change.name.trim() } });
        user.name = change.name.trim();
      }
      if (change.disabled !== undefined && (user.disabled !== 0) !== change.disabled) {
        record({ action: change.disabled ? 'user.disable' : 'user.enable', subjectType: 'user', subjectId: userId });
        user.disabled = change.disabled ? 1 : 0;
      }
      await this.users(manager).update({ id: userId }, { name: user.name, disabled: user.disabled, updatedAt: now });
      const repo = manager.getRepository(MembershipEntity);
      const current = (await repo.find({ where: { userId } })).map((m) => m.groupId);
      if (change.groups) {
        const wanted = [...new Set(change.groups)];
        for (const group of current.filter((g) => !wanted.includes(g))) {
          await repo.delete({ userId, groupId: group });
          record({ action: 'membership.remove', subjectType: 'user', subjectId: userId, details: { group } });
        }
        for (const group of wanted.filter((g) => !current.includes(g))) {
          await this.ensureGroup(manager, { id: group, name: group }, record);
          await this.insertMembership(manager, userId, group, record);
        }
      }
      const groups = (await repo.find({ where: { userId }, order: { groupId: 'ASC' } })).map((m) => m.groupId);
      return { ...toUserView({ ...user, updatedAt: now }), groups };
    });
  }

  /** Deletes user `userId` and its memberships; an unknown user is not an error. */
  async deleteUser(userId: string, by: AuditContext = SYSTEM_AUDIT_CONTEXT): Promise<void> {
    await this.change(by, async (manager, record) => {
      const memberships = await manager.getRepository(MembershipEntity).find({ where: { userId }, order: { groupId: 'ASC' } });
      await manager.getRepository(MembershipEntity).delete({ userId });
      const result = await this.users(manager).delete({ id: userId });
      if (result.affected) record({ action: 'user.delete', subjectType: 'user', subjectId: userId, details: { groups: memberships.map((m) => m.groupId) } });
    });
  }

  // internals, usable inside a transaction ////

  private users(manager: EntityManager) {
    return manager.getRepository(UserEntity);
  }

  /** Moves the token generation of `userId` on, so that its tokens signed so far stop working; answers the new one. */
  private async nextTokenGeneration(manager: EntityManager, userId: string): Promise<number> {
    const result = await this.users(manager).createQueryBuilder().update().set({ tokenGeneration: () => 'token_generation + 1' }).where('id = :userId', { userId }).execute();
    if (!result.affected) throw new NotFoundError('USER_NOT_FOUND', localize(`User '${userId}' does not exist`, `用户“${userId}”不存在`));
    const user = await this.users(manager).findOneOrFail({ where: { id: userId }, select: { id: true, tokenGeneration: true } });
    return user.tokenGeneration;
  }

  /**
   * Runs `work` in a transaction and appends the audit entries it records, as done by `by`, at its end (the last
   * statements, so that the audit log's head is locked only briefly).
   */
  private change<T>(by: AuditContext, work: (manager: EntityManager, record: RecordAudit) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const entries: AuditChange[] = [];
      const result = await work(manager, (entry) => entries.push(entry));
      for (const entry of entries) await this.audit.append({ ...by, ...entry }, manager);
      return result;
    });
  }

  private async insertUser(manager: EntityManager, input: CreateUserInput, passwordHash: string, record: RecordAudit): Promise<UserView> {
    const repo = this.users(manager);
    if ((await repo.countBy({ id: input.id })) > 0) throw new ConflictError('USER_EXISTS', localize(`User '${input.id}' already exists`, `用户“${input.id}”已存在`));
    const now = this.clock();
    const entity = repo.create({
      id: input.id,
      name: input.name.trim(),
      email: input.email?.trim() || null,
      passwordHash,
      passwordChangeRequired: input.passwordChangeRequired ? 1 : 0,
      createdAt: now,
      updatedAt: now,
      disabled: 0,
    });
    try {
      await repo.insert(entity);
    } catch (err) {
      if ((await repo.countBy({ id: input.id })) > 0) throw new ConflictError('USER_EXISTS', localize(`User '${input.id}' already exists`, `用户“${input.id}”已存在`), undefined, { cause: err });
      throw err;
    }
    record({ action: 'user.create', subjectType: 'user', subjectId: entity.id, details: { name: entity.name, ...(input.passwordChangeRequired ? { passwordChangeRequired: true } : {}) } });
    return toUserView(entity);
  }

  private async insertGroup(manager: EntityManager, input: CreateGroupInput, record: RecordAudit): Promise<GroupView> {
    const repo = manager.getRepository(GroupEntity);
    if ((await repo.countBy({ id: input.id })) > 0) throw new ConflictError('GROUP_EXISTS', localize(`Group '${input.id}' already exists`, `用户组“${input.id}”已存在`));
    const entity = repo.create({ id: input.id, name: input.name.trim(), type: input.type ?? null });
    try {
      await repo.insert(entity);
    } catch (err) {
      if ((await repo.countBy({ id: input.id })) > 0) throw new ConflictError('GROUP_EXISTS', localize(`Group '${input.id}' already exists`, `用户组“${input.id}”已存在`), undefined, { cause: err });
      throw err;
    }
    record({ action: 'group.create', subjectType: 'group', subjectId: entity.id, details: { name: entity.name, type: entity.type } });
    return toGroupView(entity);
  }

  private async ensureGroup(manager: EntityManager, input: CreateGroupInput, record: RecordAudit): Promise<void> {
    if ((await manager.getRepository(GroupEntity).countBy({ id: input.id })) === 0) await this.insertGroup(manager, input, record);
  }

  private async insertMembership(manager: EntityManager, userId: string, groupId: string, record: RecordAudit): Promise<void> {
    if ((await this.users(manager).countBy({ id: userId })) === 0) throw new NotFoundError('USER_NOT_FOUND', localize(`User '${userId}' does not exist`, `用户“${userId}”不存在`));
    if ((await manager.getRepository(GroupEntity).countBy({ id: groupId })) === 0) {
      throw new NotFoundError('GROUP_NOT_FOUND', localize(`Group '${groupId}' does not exist`, `用户组“${groupId}”不存在`));
    }
    const repo = manager.getRepository(MembershipEntity);
    if ((await repo.countBy({ userId, groupId })) > 0) return;
    await repo.insert({ userId, groupId });
    record({ action: 'membership.add', subjectType: 'user', subjectId: userId, details: { group: groupId } });
  }
}

// helpers ////

/** Filters and page of {@link IdentityService.listUsers}. */
export interface UserListFilter {
  /** Part of the id or the name. */
  query?: string;
  group?: string;
  disabled?: boolean;
  offset: number;
  limit: number;
}

/** Filter and page of {@link IdentityService.listGroups}. */
export interface GroupListFilter {
  /** Part of the id or the name. */
  query?: string;
  offset: number;
  limit: number;
}

/** A group with the number of its members. */
export type GroupWithMembersView = GroupView & { members: number };

/** A change of {@link IdentityService.updateUser}; parts left out stay as they are. */
export interface UserChange {
  name?: string;
  disabled?: boolean;
  /** The user's groups after the change. */
  groups?: readonly string[];
}

/** A user with the ids of its groups. */
export type UserWithGroupsView = UserView & { groups: string[] };

/** An audit entry a change records; the transaction appends it, with who did it, when the change is done. */
type AuditChange = Omit<AuditEntryInput, keyof AuditContext>;
type RecordAudit = (entry: AuditChange) => void;

const BCRYPT_COST = 10;

/** Letters and digits without the look-alikes 0/O, 1/l/I. */
const PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

let dummyHashPromise: Promise<string> | undefined;

/** A hash of a random password, compared against when the user does not exist so that timing does not tell. */
function dummyHash(): Promise<string> {
  dummyHashPromise ??= bcrypt.hash(randomBytes(16).toString('hex'), BCRYPT_COST);
  return dummyHashPromise;
}

function generatePassword(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return out;
}

function checkUserInput(input: CreateUserInput): void {
  const issues: ValidationIssue[] = [];
  if (typeof input.id !== 'string' || !USER_ID_PATTERN.test(input.id)) {
    issues.push({ path: 'id', message: localize('must be 1-64 letters, digits or . _ @ -', '须为 1 至 64 位字母、数字或 . _ @ -') });
  }
  if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 255) {
    issues.push({ path: 'name', message: localize('must be 1-255 characters', '须为 1 至 255 个字符') });
  }
  if (input.email != null && (typeof input.email !== 'string' || input.email.length > 255 || (input.email.trim() !== '' && !/^[^\s@]+@[^\s@]+$/.test(input.email.trim())))) {
    issues.push({ path: 'email', message: localize('must be an e-mail address of at most 255 characters', '须为不超过 255 个字符的电子邮箱地址') });
  }
  issues.push(...passwordIssues(input.password));
  if (issues.length) throw new ValidationError(`Invalid user: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
}

function passwordIssues(password: unknown): ValidationIssue[] {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    return [{ path: 'password', message: localize(`must be at least ${MIN_PASSWORD_LENGTH} characters long`, `长度不得少于 ${MIN_PASSWORD_LENGTH} 个字符`) }];
  }
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    return [{ path: 'password', message: localize(`must be at most ${MAX_PASSWORD_BYTES} bytes long`, `长度不得超过 ${MAX_PASSWORD_BYTES} 字节`) }];
  }
  return [];
}

function checkGroupInput(input: CreateGroupInput): void {
  const issues: ValidationIssue[] = [];
  if (typeof input.id !== 'string' || !GROUP_ID_PATTERN.test(input.id)) issues.push({ path: 'id', message: localize('must be 1-64 letters, digits or . _ @ -', '须为 1 至 64 位字母、数字或 . _ @ -') });
  if (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 255) issues.push({ path: 'name', message: localize('must be 1-255 characters', '须为 1 至 255 个字符') });
  if (input.type != null && (typeof input.type !== 'string' || input.type.length > 64)) issues.push({ path: 'type', message: localize('must be at most 64 characters', '不得超过 64 个字符') });
  if (issues.length) throw new ValidationError(`Invalid group: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
}

function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    disabled: user.disabled !== 0,
    passwordChangeRequired: user.passwordChangeRequired !== 0,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

function toGroupView(group: GroupEntity): GroupView {
  return { id: group.id, name: group.name, type: group.type };
}
