import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { col, dialectOf, useUtf8mb4, type Dialect } from '../src/db/dialect.js';

/**
 * History of variable updates (`eng_hi_detail`: one row per create, update and delete of a variable, with the value
 * it had) and of incidents (`eng_hi_incident`: open, resolved or deleted), for `GET /history/detail` and
 * `GET /history/incident`.
 */
export class AddVariableDetailAndIncidentHistory1767225600200 implements MigrationInterface {
  name = 'AddVariableDetailAndIncidentHistory1767225600200';

  async up(runner: QueryRunner): Promise<void> {
    for (const t of historyTables(dialectOf(runner))) {
      await runner.createTable(new Table({ name: t.name, columns: t.columns }));
      await useUtf8mb4(runner, t.name);
      for (const [i, columns] of t.indices.entries()) {
        await runner.createIndex(t.name, new TableIndex({ name: `ix_${t.name}_${i}`, columnNames: columns }));
      }
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const t of historyTables(dialectOf(runner)).reverse()) await runner.dropTable(t.name);
  }
}

// helpers ////

interface TableSpec {
  name: string;
  columns: TableColumnOptions[];
  indices: string[][];
}

function historyTables(d: Dialect): TableSpec[] {
  const time = (name: string, nullable = true) => col.bigint(d, name, nullable);
  return [
    {
      name: 'eng_hi_detail',
      columns: [
        col.id(), col.str('type', 32, false), col.ref('proc_inst_id'), col.ref('root_proc_inst_id'), col.ref('execution_id'),
        col.str('act_inst_id', 255), col.ref('task_id'), col.str('proc_def_key'), col.ref('proc_def_id'),
        col.ref('var_inst_id', false), col.str('name', 255, false), col.str('var_type', 32, false), col.int('rev', false, 0),
        time('time', false), col.int('sequence', false, 0), col.text(d, 'text_value'), col.text(d, 'text2_value'),
        col.bigint(d, 'long_value'), col.double('double_value'), col.blob(d, 'bytes_value'), col.bool('is_initial'),
        col.ref('operation_id'), col.str('tenant_id', 64), time('removal_time'),
      ],
      indices: [['proc_inst_id'], ['var_inst_id'], ['task_id'], ['time']],
    },
    {
      name: 'eng_hi_incident',
      columns: [
        col.id(), col.str('proc_def_key'), col.ref('proc_def_id'), col.ref('proc_inst_id'), col.ref('root_proc_inst_id'),
        col.ref('execution_id'), time('create_time', false), time('end_time'), col.str('incident_msg', 700),
        col.str('incident_type', 64, false), col.str('activity_id'), col.str('failed_activity_id'),
        col.ref('cause_incident_id'), col.ref('root_cause_incident_id'), col.str('configuration'),
        col.str('history_configuration'), col.int('incident_state', false, 0), col.str('tenant_id', 64), col.ref('job_def_id'),
        col.str('annotation', 4000), time('removal_time'),
      ],
      indices: [['proc_inst_id'], ['create_time'], ['configuration']],
    },
  ];
}
