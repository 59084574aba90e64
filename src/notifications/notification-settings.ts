/** A user's own contact details and choice of which notifications also go out by e-mail or SMS. */
import type { DataSource } from 'typeorm';
import type { AuditContext } from '../audit/audit-context.js';
import { AuditLog } from '../audit/audit-log.js';
import { NotFoundError, ValidationError, type ValidationIssue } from '../errors.js';
import { UserEntity } from '../identity/user.entity.js';
import { isNotificationKind, type NotificationKind } from './kinds.js';
import { NotificationPreferenceEntity } from './notification.entities.js';
import { localize } from '../language.js';

/** A user's notification settings. Without a choice, nothing leaves the inbox. */
export interface NotificationSettingsView {
  /** E-mail address (the user's profile address, also used by the administrators' user API). */
  email: string | null;
  /** Mainland mobile number, 11 digits. */
  mobile: string | null;
  /** Kinds also sent by e-mail. */
  emailKinds: NotificationKind[];
  /** Kinds also sent by SMS. */
  smsKinds: NotificationKind[];
}

/** A change to {@link NotificationSettingsView}: fields left out stay as they are; null clears an address. */
export type NotificationSettingsChange = Partial<NotificationSettingsView>;

/** The fields of {@link NotificationSettingsView}, in the order an audit entry names them. */
const SETTINGS_FIELDS = ['email', 'mobile', 'emailKinds', 'smsKinds'] as const;

/**
 * Reads and changes users' notification settings (`app_user` contacts, `notification_preference`). Every change is
 * recorded in the audit log (`user.notification-settings-change`, naming the fields changed but not their values) in
 * the same transaction.
 */
export class NotificationSettings {
  private readonly audit: AuditLog;

  constructor(private readonly dataSource: DataSource, private readonly now: () => Date, audit?: AuditLog) {
    this.audit = audit ?? new AuditLog(dataSource, { now });
  }

  /** The settings of user `userId`. */
  async get(userId: string): Promise<NotificationSettingsView> {
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id: userId }, select: { id: true, email: true, mobile: true } });
    NotFoundError.assert(user, 'USER_NOT_FOUND', localize(`User ${userId} does not exist`, `用户“${userId}”不存在`));
    const preference = await this.dataSource.getRepository(NotificationPreferenceEntity).findOneBy({ userId });
    return { email: user.email, mobile: user.mobile, emailKinds: kindsOf(preference?.emailKinds), smsKinds: kindsOf(preference?.smsKinds) };
  }

  /**
   * Applies `change` to the settings of user `userId`, as done by `by` (the user themselves by default), and returns
   * the result. A channel with chosen kinds needs its address: otherwise `VALIDATION_FAILED` naming `email` or
   * `mobile`, and nothing changes. A change that changes nothing is not recorded.
   */
  async update(userId: string, change: NotificationSettingsChange, by: AuditContext = { actor: userId }): Promise<NotificationSettingsView> {
    const before = await this.get(userId);
    const next = { ...before, ...change };
    const changed = SETTINGS_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(next[f]));
    const issues: ValidationIssue[] = [];
    if (next.emailKinds.length && !next.email) issues.push({ path: 'email', message: localize('is needed to receive notifications by e-mail', '接收邮件通知须填写电子邮箱') });
    if (next.smsKinds.length && !next.mobile) issues.push({ path: 'mobile', message: localize('is needed to receive notifications by SMS', '接收短信通知须填写手机号码') });
    if (issues.length) throw new ValidationError(`Invalid request body: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    const now = this.now();
    await this.dataSource.transaction(async (m) => {
      if ('email' in change || 'mobile' in change) {
        await m.getRepository(UserEntity).update({ id: userId }, { email: next.email, mobile: next.mobile, updatedAt: now });
      }
      const preference = { emailKinds: next.emailKinds.join(','), smsKinds: next.smsKinds.join(','), updatedAt: now };
      const repo = m.getRepository(NotificationPreferenceEntity);
      if (await repo.existsBy({ userId })) await repo.update({ userId }, preference);
      else await repo.insert({ userId, ...preference });
      if (changed.length) await this.audit.append({ ...by, action: 'user.notification-settings-change', subjectType: 'user', subjectId: userId, details: { changed } }, m);
    });
    return next;
  }
}

/** The kinds in a stored comma list, ignoring any that no longer exist. */
export function kindsOf(list: string | null | undefined): NotificationKind[] {
  return (list ?? '').split(',').filter(isNotificationKind);
}
