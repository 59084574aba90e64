import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, dialectOf, useUtf8mb4 } from '../src/db/dialect.js';

/**
 * Creates the tamper-evident audit log: the hash-chained entries and the single head row (last sequence number and
 * hash, starting from the genesis hash) that appends lock.
 */
export class CreateAuditLog1767225601100 implements MigrationInterface {
  name = 'CreateAuditLog1767225601100';

  async up(runner: QueryRunner): Promise<void> {
    const d = dialectOf(runner);
    await runner.createTable(
      new Table({
        name: 'audit_entry',
        columns: [
          { ...col.bigint(d, 'sequence', false), isPrimary: true },
          { name: 'at', type: 'datetime', precision: 3, isNullable: false },
          col.str('actor', 64, true), col.str('action', 64, false), col.str('subject_type', 64, true), col.str('subject_id', 255, true),
          col.text(d, 'details', false), col.str('request_id', 128, true), col.str('ip', 64, true),
          col.str('previous_hash', 64, false), col.str('hash', 64, false), col.str('algorithm', 16, false),
        ],
        indices: [
          new TableIndex({ name: 'ix_audit_entry_actor', columnNames: ['actor', 'sequence'] }),
          new TableIndex({ name: 'ix_audit_entry_action', columnNames: ['action', 'sequence'] }),
          new TableIndex({ name: 'ix_audit_entry_subject', columnNames: ['subject_type', 'subject_id', 'sequence'] }),
          new TableIndex({ name: 'ix_audit_entry_at', columnNames: ['at'] }),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'audit_head',
        columns: [{ name: 'id', type: 'integer', isPrimary: true }, { ...col.bigint(d, 'last_sequence', false) }, col.str('last_hash', 64, false)],
      }),
    );
    for (const table of ['audit_entry', 'audit_head']) await useUtf8mb4(runner, table);
    await runner.query(`INSERT INTO audit_head (id, last_sequence, last_hash) VALUES (1, 0, '${'0'.repeat(64)}')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('audit_head');
    await runner.dropTable('audit_entry');
  }
}
