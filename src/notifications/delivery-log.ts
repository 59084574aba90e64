/** The administrators' view of e-mail and SMS deliveries: what went out, what failed and why, and a retry. */
import type { DataSource } from 'typeorm';
import type { AuditContext } from '../audit/audit-context.js';
import { AuditLog } from '../audit/audit-log.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { NotificationEntity } from '../licensing/permit.entity.js';
import type { ChannelName } from './channel.js';
import { NotificationDeliveryEntity, type DeliveryStatus } from './notification.entities.js';
import { localize } from '../language.js';

/** Filters and page of {@link DeliveryLog.list}. */
export interface DeliveryFilter {
  status?: DeliveryStatus;
  channel?: ChannelName;
  /** Deliveries to this user. */
  userId?: string;
  /** Created at or after. */
  from?: Date;
  /** Created before. */
  to?: Date;
  offset: number;
  limit: number;
}

/** One delivery as administrators see it: the attempt record with its notification's kind and title. */
export interface DeliveryView {
  id: string;
  notificationId: string;
  kind: string | null;
  title: string | null;
  userId: string;
  channel: ChannelName;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

/**
 * Lists the deliveries of `notification_delivery`, newest first, and puts a failed one back in the queue. A retry
 * starts a fresh round of attempts at once and is recorded in the audit log (`notification-delivery.retry`) in the
 * same transaction.
 */
export class DeliveryLog {
  private readonly audit: AuditLog;

  constructor(private readonly dataSource: DataSource, private readonly now: () => Date, audit?: AuditLog) {
    this.audit = audit ?? new AuditLog(dataSource, { now });
  }

  /** A page of deliveries matching `filter`, with the total and the number of failed deliveries overall. */
  async list(filter: DeliveryFilter): Promise<{ items: DeliveryView[]; total: number; failed: number }> {
    const query = this.dataSource.getRepository(NotificationDeliveryEntity).createQueryBuilder('d');
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.channel) query.andWhere('d.channel = :channel', { channel: filter.channel });
    if (filter.userId) query.andWhere('d.user_id = :userId', { userId: filter.userId });
    if (filter.from) query.andWhere('d.created_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('d.created_at < :to', { to: filter.to });
    const [rows, total] = await query.orderBy('d.created_at', 'DESC').addOrderBy('d.id', 'ASC').skip(filter.offset).take(filter.limit).getManyAndCount();
    const failed = await this.dataSource.getRepository(NotificationDeliveryEntity).countBy({ status: 'failed' });
    const ids = [...new Set(rows.map((r) => r.notificationId))];
    const notifications = ids.length
      ? await this.dataSource.getRepository(NotificationEntity).createQueryBuilder('n').select(['n.id', 'n.kind', 'n.title']).where('n.id IN (:...ids)', { ids }).getMany()
      : [];
    const byId = new Map(notifications.map((n) => [n.id, n]));
    return { items: rows.map((r) => viewOf(r, byId.get(r.notificationId))), total, failed };
  }

  /**
   * Puts failed delivery `id` back in the queue for the dispatcher's next pass, as done by `by`. `NOT_FOUND` when it
   * does not exist; `CONFLICT` when it has not failed (pending or sent), and nothing changes.
   */
  async retry(id: string, by: AuditContext): Promise<DeliveryView> {
    return this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(NotificationDeliveryEntity);
      const delivery = await repo.findOneBy({ id });
      NotFoundError.assert(delivery, 'NOT_FOUND', localize(`Delivery ${id} does not exist`, `发送记录 ${id} 不存在`));
      if (delivery.status !== 'failed') throw new ConflictError('CONFLICT', localize(`Delivery ${id} is ${delivery.status}; only a failed delivery can be retried`, '只有发送失败的消息可以重发'));
      const now = this.now();
      // guarded by the status read above, so that two administrators retrying at once start one round, not two
      const changed = await repo.update({ id, status: 'failed', attempts: delivery.attempts }, { status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now });
      if (!changed.affected) throw new ConflictError('CONFLICT', localize(`Delivery ${id} changed meanwhile; reload and try again`, '该发送记录已发生变化，请刷新后重试'));
      await this.audit.append({
        ...by, action: 'notification-delivery.retry', subjectType: 'notification-delivery', subjectId: id,
        details: { channel: delivery.channel, userId: delivery.userId, previousAttempts: delivery.attempts, lastError: delivery.lastError },
      }, m);
      const notification = await m.getRepository(NotificationEntity).findOne({ where: { id: delivery.notificationId }, select: { id: true, kind: true, title: true } });
      return viewOf({ ...delivery, status: 'pending', attempts: 0, nextAttemptAt: now, updatedAt: now }, notification ?? undefined);
    });
  }
}

function viewOf(d: NotificationDeliveryEntity, n: Pick<NotificationEntity, 'kind' | 'title'> | undefined): DeliveryView {
  return {
    id: d.id, notificationId: d.notificationId, kind: n?.kind ?? null, title: n?.title ?? null, userId: d.userId, channel: d.channel,
    status: d.status, attempts: d.attempts, lastError: d.lastError, nextAttemptAt: d.nextAttemptAt?.toISOString() ?? null,
    createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(), sentAt: d.sentAt?.toISOString() ?? null,
  };
}
