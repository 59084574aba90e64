import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indices on the process instance of inspections, administrative and criminal cases, as applications and tips have:
 * the view `wb_procedure` finds the cases of a task list by process instance, which otherwise scans these tables
 * once per lookup (the workbench's 待办 with 100,000 open tasks).
 */
export class AddProcedureInstanceIndices1767225601600 implements MigrationInterface {
  name = 'AddProcedureInstanceIndices1767225601600';

  async up(runner: QueryRunner): Promise<void> {
    for (const [table, name] of TABLES) await runner.createIndex(table, new TableIndex({ name, columnNames: ['process_instance_id'] }));
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const [table, name] of [...TABLES].reverse()) await runner.dropIndex(table, name);
  }
}

const TABLES = [['inspection', 'ix_inspection_process'], ['admin_case', 'ix_admin_case_process'], ['criminal_case', 'ix_criminal_case_process']] as const;
