/** Delivers inbox notifications by e-mail and SMS to the users who asked for them, with retries. */
import { randomUUID } from 'node:crypto';
import { In, IsNull, type DataSource, type EntityManager } from 'typeorm';
import { MembershipEntity } from '../identity/membership.entity.js';
import { UserEntity } from '../identity/user.entity.js';
import { NotificationEntity } from '../licensing/permit.entity.js';
import type { Logger } from '../logger.js';
import { CHANNEL_NAMES, type ChannelName, type DeliveryResult, type NotificationChannel, type OutboundMessage } from './channel.js';
import { isNotificationKind, type NotificationKind } from './kinds.js';
import { NotificationDeliveryEntity, NotificationPreferenceEntity } from './notification.entities.js';
import { kindsOf } from './notification-settings.js';

/** What {@link NotificationDispatcher} needs. */
export interface DispatcherDeps {
  dataSource: DataSource;
  /** The adapters in use; a channel left out is off. */
  channels: Partial<Record<ChannelName, NotificationChannel>>;
  logger: Logger;
  now: () => Date;
  /** Attempts per delivery before it is recorded as failed. */
  maxAttempts: number;
  /** Wait before the first retry; doubles with each further attempt, up to six hours. */
  retrySeconds: number;
  /** Where users log in to read a notification, named in every message. */
  publicBaseUrl: string;
  /** How long one adapter call may take before it counts as a failed attempt; 60 s by default. */
  attemptTimeoutMs?: number;
}

/** What one {@link NotificationDispatcher.runOnce} did. */
export interface DispatchRun {
  /** Notifications taken up (each gave zero or more deliveries). */
  dispatched: number;
  /** Deliveries attempted. */
  attempted: number;
}

/**
 * The outbox of the inbox: notifications are stored by the business operations in their own transactions, and
 * this dispatcher, afterwards and on its own schedule, turns each into deliveries (one per opted-in user and
 * channel, for a group every member who opted in) and hands them to the channels. Every attempt is recorded in
 * `notification_delivery`; failures are retried with backoff and end as `failed` after the last attempt. A failing
 * channel never affects the operation that stored the notification.
 */
export class NotificationDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<DispatchRun> | null = null;
  private stopped = true;

  constructor(private readonly deps: DispatcherDeps) {}

  /** Takes up new notifications, then attempts the deliveries that are due. Runs one pass at a time. */
  runOnce(): Promise<DispatchRun> {
    this.running ??= (async () => {
      try {
        const dispatched = await this.dispatchNew();
        const attempted = await this.deliverDue();
        return { dispatched, attempted };
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Runs {@link runOnce} every `intervalMs` until {@link stop}; errors are logged, the loop goes on. */
  start(intervalMs: number): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = () => {
      void this.runOnce()
        .then(
          (run) => {
            if (run.attempted) this.deps.logger.debug('notification deliveries attempted', { ...run });
          },
          (error: unknown) => this.deps.logger.error('notification dispatch failed', { err: error }),
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs).unref();
        });
    };
    this.timer = setTimeout(tick, intervalMs).unref();
  }

  /** Stops the loop and waits for a pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** Turns up to `limit` notifications not yet taken up into deliveries; returns how many it took up. */
  async dispatchNew(limit = 100): Promise<number> {
    const fresh = await this.deps.dataSource.getRepository(NotificationEntity).createQueryBuilder('n')
      .where('n.dispatched_at IS NULL').orderBy('n.created_at', 'ASC').addOrderBy('n.id', 'ASC').take(limit).getMany();
    let taken = 0;
    for (const notification of fresh) {
      if (await this.deps.dataSource.transaction((m) => this.fanOut(m, notification))) taken++;
    }
    return taken;
  }

  /** Attempts up to `limit` deliveries that are due; returns how many it attempted. */
  async deliverDue(limit = 50): Promise<number> {
    const repo = this.deps.dataSource.getRepository(NotificationDeliveryEntity);
    const due = await repo.createQueryBuilder('d').where("d.status = 'pending'").andWhere('d.next_attempt_at <= :now', { now: this.deps.now() })
      .orderBy('d.next_attempt_at', 'ASC').addOrderBy('d.id', 'ASC').take(limit).getMany();
    let attempted = 0;
    for (const delivery of due) {
      if (await this.attempt(delivery)) attempted++;
    }
    return attempted;
  }

  // helpers ////

  /** Creates the deliveries of one notification; false when another node took it up first. */
  private async fanOut(m: EntityManager, notification: NotificationEntity): Promise<boolean> {
    const now = this.deps.now();
    const claimed = await m.getRepository(NotificationEntity).update({ id: notification.id, dispatchedAt: IsNull() }, { dispatchedAt: now });
    if (!claimed.affected) return false;
    const channels = CHANNEL_NAMES.filter((c) => this.deps.channels[c]);
    if (!isNotificationKind(notification.kind) || channels.length === 0) return true;
    const userIds = notification.recipientType === 'user'
      ? [notification.recipient]
      : (await m.getRepository(MembershipEntity).findBy({ groupId: notification.recipient })).map((x) => x.userId);
    if (userIds.length === 0) return true;
    const preferences = await m.getRepository(NotificationPreferenceEntity).findBy({ userId: In(userIds) });
    if (preferences.length === 0) return true;
    const users = new Map((await m.getRepository(UserEntity).find({ where: { id: In(preferences.map((p) => p.userId)), disabled: 0 }, select: { id: true, email: true, mobile: true } })).map((u) => [u.id, u]));
    const rows: NotificationDeliveryEntity[] = [];
    for (const preference of preferences) {
      const user = users.get(preference.userId);
      if (!user) continue;
      for (const channel of channels) {
        const wanted = kindsOf(channel === 'email' ? preference.emailKinds : preference.smsKinds).includes(notification.kind);
        if (!wanted || !addressOf(user, channel)) continue;
        rows.push(Object.assign(new NotificationDeliveryEntity(), {
          id: randomUUID(), notificationId: notification.id, userId: user.id, channel, status: 'pending', attempts: 0, lastError: null,
          nextAttemptAt: now, createdAt: now, updatedAt: now, sentAt: null,
        }));
      }
    }
    if (rows.length) await m.getRepository(NotificationDeliveryEntity).insert(rows);
    return true;
  }

  /** One attempt of one delivery, recorded; false when another node attempts it. */
  private async attempt(delivery: NotificationDeliveryEntity): Promise<boolean> {
    const repo = this.deps.dataSource.getRepository(NotificationDeliveryEntity);
    const startedAt = this.deps.now();
    const attempts = delivery.attempts + 1;
    const timeoutMs = this.deps.attemptTimeoutMs ?? 60_000;
    // claimed by counting the attempt; a node that dies here leaves it to be retried once the hold expires
    const hold = new Date(startedAt.getTime() + timeoutMs + 60_000);
    const claimed = await repo.update({ id: delivery.id, status: 'pending', attempts: delivery.attempts }, { attempts, nextAttemptAt: hold, updatedAt: startedAt });
    if (!claimed.affected) return false;

    const result = await this.send(delivery, timeoutMs);
    const now = this.deps.now();
    const log = { deliveryId: delivery.id, notificationId: delivery.notificationId, channel: delivery.channel, recipientUserId: delivery.userId, attempts };
    if (result.status === 'sent') {
      await repo.update({ id: delivery.id }, { status: 'sent', sentAt: now, lastError: null, nextAttemptAt: null, updatedAt: now });
      return true;
    }
    const lastError = result.error.slice(0, 500);
    if (result.retryable && attempts < this.deps.maxAttempts) {
      const delayMs = Math.min(this.deps.retrySeconds * 1000 * 2 ** (attempts - 1), MAX_BACKOFF_MS);
      await repo.update({ id: delivery.id }, { lastError, nextAttemptAt: new Date(now.getTime() + delayMs), updatedAt: now });
      this.deps.logger.warn('notification delivery failed; will retry', { ...log, error: lastError, retryInSeconds: delayMs / 1000 });
    } else {
      await repo.update({ id: delivery.id }, { status: 'failed', lastError, nextAttemptAt: null, updatedAt: now });
      this.deps.logger.error('notification delivery failed for good', { ...log, error: lastError });
    }
    return true;
  }

  /** Composes the message and calls the channel; every problem becomes a failed result. */
  private async send(delivery: NotificationDeliveryEntity, timeoutMs: number): Promise<DeliveryResult> {
    const channel = this.deps.channels[delivery.channel];
    if (!channel) return { status: 'failed', error: `channel ${delivery.channel} is off`, retryable: false };
    const notification = await this.deps.dataSource.getRepository(NotificationEntity).findOneBy({ id: delivery.notificationId });
    if (!notification || !isNotificationKind(notification.kind)) return { status: 'failed', error: 'the notification no longer exists', retryable: false };
    const user = await this.deps.dataSource.getRepository(UserEntity).findOne({ where: { id: delivery.userId }, select: { id: true, email: true, mobile: true, disabled: true } });
    const to = user && !user.disabled ? addressOf(user, delivery.channel) : null;
    if (!to) return { status: 'failed', error: `the recipient has no ${delivery.channel === 'email' ? 'e-mail address' : 'mobile number'} any more`, retryable: false };
    const message = compose(delivery, notification.kind, notification.title, to, this.deps.publicBaseUrl);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        channel.deliver(message),
        new Promise<DeliveryResult>((resolve) => {
          timer = setTimeout(() => resolve({ status: 'failed', error: `no answer within ${timeoutMs} ms`, retryable: true }), timeoutMs);
        }),
      ]);
    } catch (error) {
      return { status: 'failed', error: error instanceof Error ? error.message : String(error), retryable: true };
    } finally {
      clearTimeout(timer);
    }
  }
}

const MAX_BACKOFF_MS = 6 * 3600 * 1000;

function addressOf(user: Pick<UserEntity, 'email' | 'mobile'>, channel: ChannelName): string | null {
  return (channel === 'email' ? user.email : user.mobile) || null;
}

/**
 * The title and where to read the rest: an e-mail links the notification in the web application's inbox, which opens
 * what it is about after the login; the body stays in the system.
 */
function compose(delivery: NotificationDeliveryEntity, kind: NotificationKind, title: string, to: string, baseUrl: string): OutboundMessage {
  const link = `${baseUrl.replace(/\/+$/, '')}/inbox?open=${encodeURIComponent(delivery.notificationId)}`;
  const text = delivery.channel === 'sms'
    ? `${title.slice(0, 50)}。请登录系统查看。`
    : `${title}\n\n请登录保安服务监管信息系统查看详情：${link}\n\n本邮件由系统自动发送，请勿回复。`;
  return { deliveryId: delivery.id, notificationId: delivery.notificationId, kind, recipientUserId: delivery.userId, to, subject: title, text };
}
