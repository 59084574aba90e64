import { Table, TableForeignKey, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, dialectOf, useUtf8mb4 } from '../src/db/dialect.js';

/**
 * Creates the application's own identity tables: users, groups, memberships, and the key/value settings table
 * (which holds, among others, the generated JWT secret).
 */
export class CreateIdentityTables1767225600000 implements MigrationInterface {
  name = 'CreateIdentityTables1767225600000';

  async up(runner: QueryRunner): Promise<void> {
    const d = dialectOf(runner);

    await runner.createTable(
      new Table({
        name: 'app_user',
        columns: [
          col.id(),
          col.str('name', 255, false),
          col.str('email', 255, true),
          col.str('password_hash', 255, false),
          { name: 'created_at', type: 'datetime', isNullable: false },
          { name: 'updated_at', type: 'datetime', isNullable: false },
          col.bool('disabled', 0),
        ],
      }),
    );
    await useUtf8mb4(runner, 'app_user');

    await runner.createTable(
      new Table({
        name: 'app_group',
        columns: [col.id(), col.str('name', 255, false), col.str('type', 64, true)],
      }),
    );
    await useUtf8mb4(runner, 'app_group');

    // Foreign keys are added after the character-set conversion: MySQL refuses to convert columns that
    // take part in a foreign key.
    await runner.createTable(
      new Table({
        name: 'app_membership',
        columns: [
          { ...col.ref('user_id', false), isPrimary: true },
          { ...col.ref('group_id', false), isPrimary: true },
        ],
        indices: [new TableIndex({ name: 'idx_app_membership_group', columnNames: ['group_id'] })],
      }),
    );
    await useUtf8mb4(runner, 'app_membership');
    await runner.createForeignKeys('app_membership', [
      new TableForeignKey({
        name: 'fk_app_membership_user',
        columnNames: ['user_id'],
        referencedTableName: 'app_user',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
      new TableForeignKey({
        name: 'fk_app_membership_group',
        columnNames: ['group_id'],
        referencedTableName: 'app_group',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    ]);

    await runner.createTable(
      new Table({
        name: 'app_setting',
        columns: [{ name: 'key', type: 'varchar', length: '128', isPrimary: true }, col.text(d, 'value', true)],
      }),
    );
    await useUtf8mb4(runner, 'app_setting');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('app_setting');
    await runner.dropTable('app_membership', false, true, true);
    await runner.dropTable('app_group');
    await runner.dropTable('app_user');
  }
}
