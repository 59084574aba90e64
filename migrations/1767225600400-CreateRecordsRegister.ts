import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, useUtf8mb4 } from '../src/db/dialect.js';

/**
 * Creates the register of people with disqualifying records (`record_entry`), which permit and certificate
 * procedures screen legal representatives, managers and guards against, by resident ID number or by name.
 */
export class CreateRecordsRegister1767225600400 implements MigrationInterface {
  name = 'CreateRecordsRegister1767225600400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'record_entry',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          col.str('resident_id', 18, true),
          col.str('name', 64, false),
          col.str('record_type', 32, false),
          col.str('occurred_on', 10, false),
          col.str('source', 128, false),
          col.str('note', 500, true),
          col.str('created_by', 64, false),
          { name: 'created_at', type: 'datetime', isNullable: false },
        ],
        indices: [
          new TableIndex({ name: 'ix_record_entry_resident_id', columnNames: ['resident_id'] }),
          new TableIndex({ name: 'ix_record_entry_name', columnNames: ['name'] }),
        ],
      }),
    );
    await useUtf8mb4(runner, 'record_entry');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('record_entry');
  }
}
