import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, useUtf8mb4 } from '../src/db/dialect.js';

/**
 * The workbench: the jurisdiction tree, the record of task operations, carbon copies, personal comment phrases,
 * and the view `wb_procedure` that lists every procedure started through the API (applications, tips,
 * inspections, administrative and criminal cases) with its number, party, jurisdiction and starter.
 */
export class CreateWorkbenchTables1767225601300 implements MigrationInterface {
  name = 'CreateWorkbenchTables1767225601300';

  async up(runner: QueryRunner): Promise<void> {
    const at = (name: string, nullable = false) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    await runner.createTable(new Table({
      name: 'jurisdiction',
      columns: [{ ...col.str('code', 32, false), isPrimary: true }, col.str('name', 100, false), col.str('parent_code', 32, true), col.str('level', 16, false), col.str('authority', 100, true), at('created_at')],
      indices: [new TableIndex({ name: 'ix_jurisdiction_parent', columnNames: ['parent_code'] })],
    }));
    await runner.createTable(new Table({
      name: 'wb_task_action',
      columns: [
        col.id(), col.str('task_id', 64, false), col.str('process_instance_id', 64, false), col.str('task_name', 200, true), col.str('activity_id', 255, true),
        col.str('action', 32, false), col.str('actor', 64, false), col.str('target', 255, true), col.str('comment', 2000, true), at('at'),
      ],
      indices: [
        new TableIndex({ name: 'ix_wb_action_instance', columnNames: ['process_instance_id', 'at'] }),
        new TableIndex({ name: 'ix_wb_action_task', columnNames: ['task_id', 'action', 'at'] }),
        new TableIndex({ name: 'ix_wb_action_actor', columnNames: ['actor', 'at'] }),
      ],
    }));
    await runner.createTable(new Table({
      name: 'wb_carbon_copy',
      columns: [col.id(), col.str('process_instance_id', 64, false), col.str('task_id', 64, true), col.str('task_name', 200, true), col.str('from_user', 64, false), col.str('to_user', 64, false), col.str('comment', 2000, true), at('created_at'), at('read_at', true)],
      indices: [new TableIndex({ name: 'ix_wb_cc_to', columnNames: ['to_user', 'created_at'] })],
    }));
    await runner.createTable(new Table({
      name: 'wb_phrase',
      columns: [col.id(), col.str('user_id', 64, false), col.str('text', 500, false), col.int('position', false), at('created_at')],
      indices: [new TableIndex({ name: 'ix_wb_phrase_user', columnNames: ['user_id', 'position'] })],
    }));
    for (const table of ['jurisdiction', 'wb_task_action', 'wb_carbon_copy', 'wb_phrase']) await useUtf8mb4(runner, table);
    await runner.query(PROCEDURE_VIEW);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP VIEW wb_procedure');
    for (const table of ['wb_phrase', 'wb_carbon_copy', 'wb_task_action', 'jurisdiction']) await runner.dropTable(table);
  }
}

/** One row per started procedure; a later migration that adds a procedure table recreates this view. */
const PROCEDURE_VIEW = `CREATE VIEW wb_procedure AS
  SELECT a.process_instance_id AS process_instance_id, 'application' AS kind, a.procedure_key AS procedure_key, a.id AS record_id, a.number AS number,
         COALESCE(o.name, a.title) AS party, a.region_code AS jurisdiction, a.status AS status, a.applicant_user_id AS started_by, a.submitted_at AS started_at
    FROM lic_application a LEFT JOIN lic_organisation o ON o.id = a.organisation_id WHERE a.process_instance_id IS NOT NULL
  UNION ALL
  SELECT t.process_instance_id, 'tip', 'tip-verification', t.id, t.tracking_code, t.subject_name,
         COALESCE(CASE WHEN t.assigned_group LIKE 'station-%' THEN SUBSTR(t.assigned_group, 9) WHEN t.assigned_group LIKE 'squad-%' THEN SUBSTR(t.assigned_group, 7) END, t.region_code),
         t.status, NULL, t.created_at
    FROM tip t WHERE t.process_instance_id IS NOT NULL
  UNION ALL
  SELECT i.process_instance_id, 'inspection', 'inspection', i.id, i.number, i.unit_name, i.region_code, i.status, i.created_by, i.created_at
    FROM inspection i WHERE i.process_instance_id IS NOT NULL
  UNION ALL
  SELECT c.process_instance_id, 'admin-case', 'administrative-case', c.id, c.number, c.party_name, c.region_code, c.status, c.created_by, c.created_at
    FROM admin_case c WHERE c.process_instance_id IS NOT NULL
  UNION ALL
  SELECT k.process_instance_id, 'criminal-case', 'criminal-case', k.id, k.number, k.suspect_name, k.region_code, k.status, k.created_by, k.created_at
    FROM criminal_case k WHERE k.process_instance_id IS NOT NULL`;
