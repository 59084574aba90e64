/** The tables of outbound notification delivery. */
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ChannelName } from './channel.js';

/** Where a delivery stands: waiting for its (next) attempt, accepted by the provider, or given up. */
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

/** One inbox notification going to one user through one channel, with its attempts (`notification_delivery`). */
@Entity('notification_delivery')
export class NotificationDeliveryEntity {
  @PrimaryColumn({ name: 'id', type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'notification_id', type: 'varchar', length: 64 })
  notificationId!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 64 })
  userId!: string;

  @Column({ name: 'channel', type: 'varchar', length: 16 })
  channel!: ChannelName;

  @Column({ name: 'status', type: 'varchar', length: 16 })
  status!: DeliveryStatus;

  @Column({ name: 'attempts', type: 'integer' })
  attempts!: number;

  /** The last failure's reason, as the adapter reported it; null after a success. */
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  /** When the next attempt is due (while `pending`); an attempt in progress holds it a few minutes ahead. */
  @Column({ name: 'next_attempt_at', type: 'datetime', precision: 3, nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt!: Date | null;
}

/** Which kinds of notification a user wants by e-mail and by SMS besides the inbox (`notification_preference`). */
@Entity('notification_preference')
export class NotificationPreferenceEntity {
  @PrimaryColumn({ name: 'user_id', type: 'varchar', length: 64 })
  userId!: string;

  /** Comma-separated kinds, e.g. `urge,warning`; empty = none. */
  @Column({ name: 'email_kinds', type: 'varchar', length: 255 })
  emailKinds!: string;

  /** Comma-separated kinds; empty = none. */
  @Column({ name: 'sms_kinds', type: 'varchar', length: 255 })
  smsKinds!: string;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
