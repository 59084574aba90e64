import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, dialectOf, useUtf8mb4 } from '../src/db/dialect.js';

/**
 * Creates the tip tables: tips with their tracking code, the complainant's identity kept apart (and every read of
 * it logged), messages between complainant and officers, and attachments.
 */
export class CreateTipTables1767225600600 implements MigrationInterface {
  name = 'CreateTipTables1767225600600';

  async up(runner: QueryRunner): Promise<void> {
    const d = dialectOf(runner);
    const dt = (name: string, nullable = true) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    const tables: Table[] = [
      new Table({
        name: 'tip',
        columns: [
          col.id(), col.str('tracking_code', 16, false), col.str('secret_hash', 64, false), col.str('channel', 16, false),
          col.bool('anonymous', 0), col.bool('confidential', 1), col.str('category', 32, false), col.str('subject_name', 200, false),
          col.str('subject_credit_code', 18, true), col.str('subject_certificate_number', 64, true), col.str('subject_address', 300, true),
          col.str('region_code', 6, false), col.text(d, 'facts', false), dt('occurred_at'), col.str('status', 32, false),
          col.str('outcome', 32, true), col.str('feedback', 2000, true), col.str('process_instance_id', 64, true), col.str('assigned_group', 128, true),
          col.ref('duplicate_of', true), col.int('rating', true), col.str('rating_comment', 500, true),
          col.int('failed_attempts', false, 0), dt('locked_until'), col.int('version', false, 1),
          dt('created_at', false), dt('updated_at', false), dt('closed_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_tip_tracking_code', columnNames: ['tracking_code'], isUnique: true }),
          new TableIndex({ name: 'ix_tip_region_status', columnNames: ['region_code', 'status', 'created_at'] }),
          new TableIndex({ name: 'ix_tip_process', columnNames: ['process_instance_id'] }),
        ],
      }),
      new Table({
        name: 'tip_complainant',
        columns: [
          { ...col.ref('tip_id', false), isPrimary: true }, col.str('name', 64, false), col.str('resident_id', 18, true),
          col.str('phone', 32, true), col.str('address', 300, true),
        ],
      }),
      new Table({
        name: 'tip_identity_read',
        columns: [col.id(), col.ref('tip_id', false), col.str('user_id', 64, false), col.str('purpose', 200, false), dt('at', false)],
        indices: [new TableIndex({ name: 'ix_tip_identity_read_tip', columnNames: ['tip_id', 'at'] })],
      }),
      new Table({
        name: 'tip_message',
        columns: [
          col.id(), col.ref('tip_id', false), col.str('author_kind', 16, false), col.str('author', 64, true),
          col.str('body', 4000, false), dt('created_at', false), col.bool('public', 0),
        ],
        indices: [new TableIndex({ name: 'ix_tip_message_tip', columnNames: ['tip_id', 'created_at'] })],
      }),
      new Table({
        name: 'tip_attachment',
        columns: [
          col.id(), col.ref('tip_id', false), col.str('file_name', 255, false), col.str('media_type', 100, false),
          col.int('size', false), col.str('sha256', 64, false), col.str('storage_key', 128, false), dt('uploaded_at', false),
        ],
        indices: [new TableIndex({ name: 'ix_tip_attachment_tip', columnNames: ['tip_id'] })],
      }),
    ];
    for (const table of tables) {
      await runner.createTable(table);
      await useUtf8mb4(runner, table.name);
    }
    // a clock's period may be set by an officer (the days given for verifying a tip)
    await runner.addColumn('lic_clock', new TableColumn(col.int('amount', true)));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('lic_clock', 'amount');
    for (const name of ['tip_attachment', 'tip_message', 'tip_identity_read', 'tip_complainant', 'tip']) await runner.dropTable(name);
  }
}
