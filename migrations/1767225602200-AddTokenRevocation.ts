import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, useUtf8mb4 } from '../src/db/dialect.js';

/**
 * Sessions that end before their tokens expire: `app_user.token_generation`, which a password change or a logout
 * everywhere moves on (older tokens of the account stop working), and `auth_revoked_token`, the tokens ended one by
 * one by a logout, kept until they would have expired. And `app_user.password_change_required`: a password an
 * administrator chose must be changed by its user before anything else.
 */
export class AddTokenRevocation1767225602200 implements MigrationInterface {
  name = 'AddTokenRevocation1767225602200';

  async up(runner: QueryRunner): Promise<void> {
    // a plain ALTER on both dialects: TypeORM's addColumn would rebuild the SQLite table other tables refer to
    await runner.query('ALTER TABLE app_user ADD COLUMN token_generation integer NOT NULL DEFAULT 0');
    await runner.query('ALTER TABLE app_user ADD COLUMN password_change_required smallint NOT NULL DEFAULT 0');
    await runner.createTable(new Table({
      name: 'auth_revoked_token',
      columns: [
        col.id('token_id'), col.ref('user_id', false),
        { name: 'revoked_at', type: 'datetime', precision: 3, isNullable: false },
        { name: 'expires_at', type: 'datetime', precision: 3, isNullable: false },
      ],
    }));
    await runner.createIndex('auth_revoked_token', new TableIndex({ name: 'ix_auth_revoked_token_expires', columnNames: ['expires_at'] }));
    await useUtf8mb4(runner, 'auth_revoked_token');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('auth_revoked_token');
    await runner.query('ALTER TABLE app_user DROP COLUMN password_change_required');
    await runner.query('ALTER TABLE app_user DROP COLUMN token_generation');
  }
}
