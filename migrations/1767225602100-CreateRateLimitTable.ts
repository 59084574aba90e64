import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { dialectOf, useUtf8mb4 } from '../src/db/dialect.js';

/**
 * Creates `app_rate_limit` on MySQL/MariaDB: the counts of failed logins and of the public's submissions, shared by
 * every node of a cluster (rate-limiter-flexible's MySQL store: `key`, `points`, `expire` in epoch milliseconds).
 * SQLite runs one node, which counts in memory: nothing is created there.
 */
export class CreateRateLimitTable1767225602100 implements MigrationInterface {
  name = 'CreateRateLimitTable1767225602100';

  async up(runner: QueryRunner): Promise<void> {
    if (dialectOf(runner).kind !== 'mysql') return;
    await runner.createTable(new Table({
      name: 'app_rate_limit',
      columns: [
        { name: 'key', type: 'varchar', length: '255', isPrimary: true },
        { name: 'points', type: 'int', isNullable: false, default: 0 },
        { name: 'expire', type: 'bigint', unsigned: true, isNullable: true },
      ],
    }));
    await useUtf8mb4(runner, 'app_rate_limit');
  }

  async down(runner: QueryRunner): Promise<void> {
    if (dialectOf(runner).kind !== 'mysql') return;
    await runner.dropTable('app_rate_limit');
  }
}
