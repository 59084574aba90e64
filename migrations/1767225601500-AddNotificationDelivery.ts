import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, useUtf8mb4 } from '../src/db/dialect.js';

/**
 * Outbound notifications: a user's mobile number (the e-mail address is already on `app_user`), which kinds each
 * user wants by e-mail and SMS, when each inbox notification was handed to the dispatcher, and every delivery
 * with its attempts. Notifications stored before this migration count as dispatched: nothing old is sent.
 */
export class AddNotificationDelivery1767225601500 implements MigrationInterface {
  name = 'AddNotificationDelivery1767225601500';

  async up(runner: QueryRunner): Promise<void> {
    const at = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    // plain ALTER TABLE: SQLite adds a column in place, TypeORM's addColumn would rebuild the table
    await runner.query('ALTER TABLE app_user ADD COLUMN mobile varchar(32) NULL');
    await runner.query('ALTER TABLE lic_notification ADD COLUMN dispatched_at datetime(3) NULL');
    await runner.query('UPDATE lic_notification SET dispatched_at = created_at');
    await runner.createIndex('lic_notification', new TableIndex({ name: 'ix_lic_notification_dispatch', columnNames: ['dispatched_at', 'created_at'] }));
    await runner.createTable(new Table({
      name: 'notification_preference',
      columns: [{ ...col.str('user_id', 64, false), isPrimary: true }, col.str('email_kinds', 255, false), col.str('sms_kinds', 255, false), at('updated_at')],
    }));
    await runner.createTable(new Table({
      name: 'notification_delivery',
      columns: [
        col.id(), col.ref('notification_id', false), col.str('user_id', 64, false), col.str('channel', 16, false), col.str('status', 16, false),
        col.int('attempts', false, 0), col.str('last_error', 500, true), at('next_attempt_at', true), at('created_at'), at('updated_at'), at('sent_at', true),
      ],
      indices: [
        new TableIndex({ name: 'ux_notification_delivery', columnNames: ['notification_id', 'user_id', 'channel'], isUnique: true }),
        new TableIndex({ name: 'ix_notification_delivery_due', columnNames: ['status', 'next_attempt_at'] }),
        new TableIndex({ name: 'ix_notification_delivery_user', columnNames: ['user_id', 'created_at'] }),
      ],
    }));
    for (const table of ['notification_preference', 'notification_delivery']) await useUtf8mb4(runner, table);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('notification_delivery');
    await runner.dropTable('notification_preference');
    await runner.dropIndex('lic_notification', 'ix_lic_notification_dispatch');
    await runner.query('ALTER TABLE lic_notification DROP COLUMN dispatched_at');
    await runner.query('ALTER TABLE app_user DROP COLUMN mobile');
  }
}
