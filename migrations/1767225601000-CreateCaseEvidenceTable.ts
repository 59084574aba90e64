import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, useUtf8mb4 } from '../src/db/dialect.js';

/** Creates the evidence items of administrative and criminal cases, each file with its SHA-256. */
export class CreateCaseEvidenceTable1767225601000 implements MigrationInterface {
  name = 'CreateCaseEvidenceTable1767225601000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'case_evidence',
        columns: [
          col.id(), col.str('case_type', 16, false), col.ref('case_id', false), col.str('kind', 16, false), col.str('title', 200, false),
          col.str('description', 2000, true), col.str('file_name', 255, true), col.str('media_type', 100, true), col.int('size', true),
          col.str('sha256', 64, true), col.str('storage_key', 128, true), col.str('collected_by', 64, false),
          { name: 'collected_at', type: 'datetime', precision: 3, isNullable: false },
        ],
        indices: [new TableIndex({ name: 'ix_case_evidence_case', columnNames: ['case_type', 'case_id', 'collected_at'] })],
      }),
    );
    await useUtf8mb4(runner, 'case_evidence');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('case_evidence');
  }
}
