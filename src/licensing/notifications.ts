import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { NotificationSubject } from '../notifications/kinds.js';
import { NotificationEntity } from './permit.entity.js';

/** A message to put in an inbox. */
export interface NewNotification {
  recipientType: 'user' | 'group';
  recipient: string;
  kind: 'status' | 'document' | 'warning' | 'escalation' | 'assignment' | 'carbon-copy' | 'urge' | 'correction';
  title: string;
  body: string;
  applicationId: string | null;
  /** What it is about, for the inbox to open it. */
  subject: NotificationSubject;
  /** The same key twice stores the notification once (a worker's task delivered twice). */
  idempotencyKey: string;
}

/** A notification as the inbox shows it: its subject as one value (null on notifications stored before subjects were recorded). */
export type NotificationView = Omit<NotificationEntity, 'subjectKind' | 'subjectId' | 'dispatchedAt'> & { subject: NotificationSubject | null };

/** The inboxes of applicants (by user) and of officers (by group). */
export class Notifications {
  constructor(private readonly dataSource: DataSource, private readonly now: () => Date) {}

  /** Stores a notification unless one with the same idempotency key exists; returns whether it was new. */
  async send(notification: NewNotification, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const repo = manager.getRepository(NotificationEntity);
    if (await repo.existsBy({ idempotencyKey: notification.idempotencyKey })) return false;
    const { subject, ...rest } = notification;
    await repo.insert({
      id: randomUUID(), ...rest, title: notification.title.slice(0, 200), body: notification.body.slice(0, 2000), subjectKind: subject.kind, subjectId: subject.id,
      createdAt: this.now(), readAt: null,
    });
    return true;
  }

  /**
   * The inbox of a user: its own notifications and those of its groups (of one kind, or only the one of `id`, when
   * asked), newest first.
   */
  async inbox(userId: string, groupIds: string[], options: { unreadOnly: boolean; kind?: string | undefined; id?: string | undefined; offset: number; limit: number }): Promise<{ items: NotificationView[]; total: number; unread: number }> {
    const qb = () => {
      const q = this.dataSource.getRepository(NotificationEntity).createQueryBuilder('n')
        .where("((n.recipient_type = 'user' AND n.recipient = :userId)" + (groupIds.length ? " OR (n.recipient_type = 'group' AND n.recipient IN (:...groupIds)))" : ')'), { userId, groupIds });
      return q;
    };
    const list = qb();
    if (options.unreadOnly) list.andWhere('n.read_at IS NULL');
    if (options.kind) list.andWhere('n.kind = :kind', { kind: options.kind });
    if (options.id) list.andWhere('n.id = :id', { id: options.id });
    const [items, total] = await list.orderBy('n.created_at', 'DESC').addOrderBy('n.id', 'ASC').skip(options.offset).take(options.limit).getManyAndCount();
    const unread = await qb().andWhere('n.read_at IS NULL').getCount();
    return { items: items.map(viewOf), total, unread };
  }

  /** Marks a notification of the caller's inbox as read; false when it is not in the caller's inbox. */
  async markRead(id: string, userId: string, groupIds: string[]): Promise<boolean> {
    const n = await this.dataSource.getRepository(NotificationEntity).findOneBy({ id });
    if (!n) return false;
    const mine = (n.recipientType === 'user' && n.recipient === userId) || (n.recipientType === 'group' && groupIds.includes(n.recipient));
    if (!mine) return false;
    if (!n.readAt) await this.dataSource.getRepository(NotificationEntity).update({ id }, { readAt: this.now() });
    return true;
  }
}

function viewOf({ subjectKind, subjectId, dispatchedAt: _dispatchedAt, ...rest }: NotificationEntity): NotificationView {
  return { ...rest, subject: subjectKind && subjectId ? { kind: subjectKind, id: subjectId } : null };
}
