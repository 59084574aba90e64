/** Unread counts and "mark all read" over the inbox kept by `Notifications` (src/licensing/notifications.ts). */
import { IsNull, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { NotificationEntity } from '../licensing/permit.entity.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './kinds.js';

/** The unread notifications of an inbox, overall and by kind (every kind present, 0 where none). */
export interface UnreadCounts {
  unread: number;
  byKind: Record<NotificationKind, number>;
}

/**
 * The inbox of a user as a whole: its own notifications and those of its groups. A group's notification is read
 * for the whole group once one member has read it, as with `Notifications.markRead`.
 */
export class InboxCounts {
  constructor(private readonly dataSource: DataSource, private readonly now: () => Date) {}

  /** How many notifications of the inbox are unread, overall and per kind. */
  async unread(userId: string, groupIds: string[]): Promise<UnreadCounts> {
    const rows = await inboxOf(this.dataSource.getRepository(NotificationEntity).createQueryBuilder('n'), userId, groupIds)
      .andWhere('n.read_at IS NULL')
      .select('n.kind', 'kind')
      .addSelect('COUNT(*)', 'count')
      .groupBy('n.kind')
      .getRawMany<{ kind: string; count: number | string }>();
    const byKind = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, 0])) as Record<NotificationKind, number>;
    let unread = 0;
    for (const row of rows) {
      const count = Number(row.count);
      unread += count;
      if (row.kind in byKind) byKind[row.kind as NotificationKind] = count;
    }
    return { unread, byKind };
  }

  /** Marks every unread notification of the inbox (of kind `kind` only, when given) as read; returns how many. */
  async markAllRead(userId: string, groupIds: string[], kind?: NotificationKind): Promise<number> {
    const now = this.now();
    return this.dataSource.transaction(async (m) => {
      const q = inboxOf(m.getRepository(NotificationEntity).createQueryBuilder('n'), userId, groupIds).andWhere('n.read_at IS NULL').select('n.id', 'id');
      if (kind) q.andWhere('n.kind = :kind', { kind });
      const ids = (await q.getRawMany<{ id: string }>()).map((r) => r.id);
      let marked = 0;
      // in slices: a long-unread group inbox may hold thousands
      for (let i = 0; i < ids.length; i += 500) {
        const slice = ids.slice(i, i + 500);
        const result = await m.createQueryBuilder().update(NotificationEntity).set({ readAt: now }).whereInIds(slice).andWhere({ readAt: IsNull() }).execute();
        marked += result.affected ?? slice.length;
      }
      return marked;
    });
  }
}

// helpers ////

function inboxOf<T extends SelectQueryBuilder<NotificationEntity>>(q: T, userId: string, groupIds: string[]): T {
  return q.where(
    "((n.recipient_type = 'user' AND n.recipient = :userId)" + (groupIds.length ? " OR (n.recipient_type = 'group' AND n.recipient IN (:...groupIds)))" : ')'),
    { userId, groupIds },
  );
}
