import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, dialectOf, useUtf8mb4 } from '../src/db/dialect.js';

/** Creates the administrative case table: parties, the violation, the decision, and where the case came from. */
export class CreateAdministrativeCaseTables1767225600800 implements MigrationInterface {
  name = 'CreateAdministrativeCaseTables1767225600800';

  async up(runner: QueryRunner): Promise<void> {
    const d = dialectOf(runner);
    const dt = (name: string, nullable = true) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    await runner.createTable(
      new Table({
        name: 'admin_case',
        columns: [
          col.id(), col.str('number', 32, false), col.str('source_type', 16, false), col.ref('source_id', true), col.str('source_reference', 64, true),
          col.str('party_kind', 8, false), col.str('party_name', 200, false), col.str('party_identifier', 18, true), col.str('region_code', 6, false),
          col.str('status', 32, false), col.str('violation_id', 32, true), col.text(d, 'facts', false), col.str('decision', 32, true),
          col.str('penalty', 500, true), col.int('fine_amount', true), col.str('process_instance_id', 64, true), col.str('created_by', 64, false),
          dt('created_at', false), dt('decided_at'), dt('closed_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_admin_case_number', columnNames: ['number'], isUnique: true }),
          new TableIndex({ name: 'ix_admin_case_source', columnNames: ['source_type', 'source_id'] }),
          new TableIndex({ name: 'ix_admin_case_region_status', columnNames: ['region_code', 'status'] }),
        ],
      }),
    );
    await useUtf8mb4(runner, 'admin_case');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('admin_case');
  }
}
