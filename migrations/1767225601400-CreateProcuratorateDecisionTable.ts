import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, useUtf8mb4 } from '../src/db/dialect.js';

/** Creates the procuratorate's decisions on criminal cases: custody extensions and decisions on transfers for prosecution. */
export class CreateProcuratorateDecisionTable1767225601400 implements MigrationInterface {
  name = 'CreateProcuratorateDecisionTable1767225601400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'criminal_procuratorate_decision',
        columns: [
          col.id(), col.ref('case_id', false), col.str('kind', 32, false), col.int('ordinal', false), col.str('decision', 32, false),
          col.str('ground', 32, true), col.str('article', 8, true), col.int('months', true), col.str('procuratorate', 200, false),
          col.str('document_number', 64, false), col.str('decided_on', 10, false), col.str('reasons', 2000, true), col.str('recorded_by', 64, false),
          { name: 'recorded_at', type: 'datetime', precision: 3, isNullable: false },
        ],
        indices: [new TableIndex({ name: 'ux_criminal_procuratorate_decision', columnNames: ['case_id', 'kind', 'ordinal'], isUnique: true })],
      }),
    );
    await useUtf8mb4(runner, 'criminal_procuratorate_decision');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('criminal_procuratorate_decision');
  }
}
