import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, dialectOf, useUtf8mb4 } from '../src/db/dialect.js';

/** Creates the criminal case table: the suspect, the coercive measure in force, and the outcome. */
export class CreateCriminalCaseTables1767225600900 implements MigrationInterface {
  name = 'CreateCriminalCaseTables1767225600900';

  async up(runner: QueryRunner): Promise<void> {
    const d = dialectOf(runner);
    const dt = (name: string, nullable = true) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    await runner.createTable(
      new Table({
        name: 'criminal_case',
        columns: [
          col.id(), col.str('number', 32, false), col.str('source_type', 16, false), col.ref('source_id', true), col.str('source_reference', 64, true),
          col.str('suspect_name', 64, false), col.str('suspect_resident_id', 18, true), col.str('region_code', 6, false), col.str('status', 32, false),
          col.str('measure', 32, true), col.text(d, 'facts', false), col.str('outcome', 32, true), col.str('process_instance_id', 64, true),
          col.str('created_by', 64, false), dt('created_at', false), dt('closed_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_criminal_case_number', columnNames: ['number'], isUnique: true }),
          new TableIndex({ name: 'ix_criminal_case_region_status', columnNames: ['region_code', 'status'] }),
        ],
      }),
    );
    await useUtf8mb4(runner, 'criminal_case');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('criminal_case');
  }
}
