import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, dialectOf, useUtf8mb4 } from '../src/db/dialect.js';

/** Creates the inspection table: supervision inspections of units, their findings and rectification. */
export class CreateInspectionTables1767225600700 implements MigrationInterface {
  name = 'CreateInspectionTables1767225600700';

  async up(runner: QueryRunner): Promise<void> {
    const d = dialectOf(runner);
    const dt = (name: string, nullable = true) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    await runner.createTable(
      new Table({
        name: 'inspection',
        columns: [
          col.id(), col.str('number', 32, false), col.str('kind', 16, false), col.str('unit_name', 200, false), col.str('unit_credit_code', 18, true),
          col.str('unit_address', 300, true), col.str('region_code', 6, false), col.str('inspector_group', 128, false), col.str('status', 32, false),
          col.str('result', 32, true), col.text(d, 'findings', true), col.str('process_instance_id', 64, true), col.str('created_by', 64, false),
          col.ref('source_tip_id', true), dt('planned_for'), dt('inspected_at'), dt('rectification_due_at'), dt('created_at', false), dt('closed_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_inspection_number', columnNames: ['number'], isUnique: true }),
          new TableIndex({ name: 'ix_inspection_region_status', columnNames: ['region_code', 'status'] }),
        ],
      }),
    );
    await useUtf8mb4(runner, 'inspection');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('inspection');
  }
}
