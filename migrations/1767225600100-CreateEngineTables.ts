import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { col, dialectOf, useUtf8mb4, type Dialect } from '../src/db/dialect.js';

/**
 * The embedded engine's tables: repository (deployments, resources, process definitions), runtime (execution
 * tree, variables, user tasks, identity links, external tasks, jobs, event subscriptions, incidents, comments)
 * and history (process instances, activity instances, tasks, variable updates, user operations).
 */
export class CreateEngineTables1767225600100 implements MigrationInterface {
  name = 'CreateEngineTables1767225600100';

  async up(runner: QueryRunner): Promise<void> {
    const d = dialectOf(runner);
    for (const t of engineTables(d)) {
      await runner.createTable(new Table({ name: t.name, columns: t.columns }));
      await useUtf8mb4(runner, t.name);
      for (const [i, columns] of t.indices.entries()) {
        await runner.createIndex(t.name, new TableIndex({ name: `ix_${t.name}_${i}`, columnNames: columns }));
      }
      for (const [i, columns] of (t.unique ?? []).entries()) {
        await runner.createIndex(t.name, new TableIndex({ name: `ux_${t.name}_${i}`, columnNames: columns, isUnique: true }));
      }
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const t of engineTables(dialectOf(runner)).reverse()) await runner.dropTable(t.name);
  }
}

// helpers ////

interface TableSpec {
  name: string;
  columns: TableColumnOptions[];
  indices: string[][];
  /** Unique indices: the database itself refuses a second row (e.g. the same variable twice in one scope). */
  unique?: string[][];
}

function engineTables(d: Dialect): TableSpec[] {
  const rev = col.int('rev', false, 1);
  const time = (name: string, nullable = true) => col.bigint(d, name, nullable);
  return [
    {
      name: 'eng_property',
      columns: [{ ...col.str('name', 64, false), isPrimary: true }, col.str('value', 255), rev],
      indices: [],
    },
    {
      name: 'eng_deployment',
      columns: [col.id(), col.str('name'), col.str('source'), col.str('tenant_id', 64), time('deploy_time', false)],
      indices: [['name'], ['deploy_time']],
    },
    {
      name: 'eng_resource',
      columns: [col.id(), col.ref('deployment_id', false), col.str('name', 255, false), col.blob(d, 'bytes', false), col.str('checksum', 64)],
      indices: [['deployment_id'], ['name']],
    },
    {
      name: 'eng_process_definition',
      columns: [
        col.id(), rev, col.str('key_', 255, false), col.int('version', false), col.str('name'), col.str('category'),
        col.ref('deployment_id', false), col.str('resource_name'), col.bool('suspended'), col.str('version_tag'),
        col.int('history_ttl'), col.bool('startable', 1), col.str('tenant_id', 64), col.text(d, 'description'),
      ],
      indices: [['key_', 'version'], ['deployment_id']],
    },
    {
      name: 'eng_form_definition',
      columns: [col.id(), col.str('key_', 255, false), col.int('version', false), col.ref('deployment_id', false), col.str('resource_name', 255, false), col.str('tenant_id', 64)],
      indices: [['key_', 'version'], ['deployment_id']],
    },
    {
      name: 'eng_execution',
      columns: [
        col.id(), rev, col.ref('proc_inst_id', false), col.ref('parent_id'), col.ref('proc_def_id', false),
        col.str('proc_def_key'), col.str('business_key'), col.str('activity_id'), col.str('act_inst_id', 255),
        col.str('incoming_flow_id'), col.bool('is_active', 1), col.bool('is_concurrent'), col.bool('is_scope', 1),
        col.bool('suspended'), time('start_time', false), col.str('start_user_id'), col.ref('root_proc_inst_id'),
        col.ref('super_exec_id'), col.str('tenant_id', 64), col.int('sequence', false, 0),
      ],
      indices: [['proc_inst_id'], ['parent_id'], ['business_key'], ['proc_def_id']],
    },
    {
      name: 'eng_variable',
      columns: [
        col.id(), rev, col.str('name', 255, false), col.str('type', 32, false), col.ref('execution_id'),
        col.ref('proc_inst_id'), col.ref('task_id'), col.ref('proc_def_id'), col.text(d, 'text_value'),
        col.text(d, 'text2_value'), col.bigint(d, 'long_value'), col.double('double_value'), col.blob(d, 'bytes_value'),
        col.str('act_inst_id', 255), time('create_time'), col.ref('scope_id', false),
      ],
      indices: [['proc_inst_id'], ['execution_id'], ['task_id'], ['name']],
      unique: [['scope_id', 'name']],
    },
    {
      name: 'eng_task',
      columns: [
        col.id(), rev, col.ref('execution_id'), col.ref('proc_inst_id'), col.ref('proc_def_id'), col.str('proc_def_key'),
        col.str('business_key'), col.str('task_def_key'), col.str('act_inst_id', 255), col.str('name'),
        col.text(d, 'description'), col.str('owner'), col.str('assignee'), col.str('delegation_state', 16),
        col.int('priority', false, 50), time('create_time', false), time('last_updated'), time('due_date'),
        time('follow_up_date'), col.bool('suspended'), col.str('form_key'), col.str('form_ref_key'),
        col.str('form_ref_binding', 16), col.int('form_ref_version'), col.ref('parent_task_id'), col.str('tenant_id', 64),
        col.ref('deployment_id'),
      ],
      indices: [['proc_inst_id'], ['assignee'], ['execution_id'], ['task_def_key'], ['business_key'], ['create_time']],
    },
    {
      name: 'eng_identity_link',
      columns: [
        col.id(), rev, col.ref('task_id'), col.ref('proc_def_id'), col.ref('proc_inst_id'), col.str('type', 32, false),
        col.str('user_id'), col.str('group_id'),
      ],
      indices: [['task_id'], ['user_id'], ['group_id']],
    },
    {
      name: 'eng_external_task',
      columns: [
        col.id(), rev, col.str('topic', 255, false), col.str('worker_id'), time('lock_exp_time'), col.int('retries'),
        col.str('error_message', 700), col.text(d, 'error_details'), col.bool('suspended'), col.ref('execution_id', false),
        col.ref('proc_inst_id', false), col.ref('proc_def_id', false), col.str('proc_def_key'),
        col.str('proc_def_version_tag'), col.str('activity_id', 255, false), col.str('act_inst_id', 255),
        col.bigint(d, 'priority', false), col.str('business_key'), col.str('tenant_id', 64), time('create_time', false),
      ],
      indices: [['topic', 'lock_exp_time'], ['proc_inst_id'], ['execution_id']],
    },
    {
      name: 'eng_job',
      columns: [
        col.id(), rev, col.str('type', 32, false), col.str('handler_type', 64, false), col.text(d, 'handler_cfg'),
        col.str('lock_owner'), time('lock_exp_time'), col.bool('exclusive', 1), col.ref('execution_id'),
        col.ref('proc_inst_id'), col.ref('proc_def_id'), col.str('proc_def_key'), col.str('activity_id'),
        col.str('failed_act_id'), col.int('retries', false, 3), col.str('exception_msg', 700),
        col.text(d, 'exception_stack'), time('due_date'), col.str('repeat_'), col.bool('suspended'),
        col.bigint(d, 'priority', false), col.ref('deployment_id'), col.str('tenant_id', 64), time('create_time', false),
      ],
      indices: [['due_date'], ['proc_inst_id'], ['execution_id'], ['lock_exp_time']],
    },
    {
      name: 'eng_event_subscription',
      columns: [
        col.id(), rev, col.str('event_type', 32, false), col.str('event_name'), col.ref('execution_id'),
        col.ref('proc_inst_id'), col.ref('proc_def_id'), col.str('activity_id'), col.text(d, 'configuration'),
        time('created', false), col.str('tenant_id', 64),
      ],
      indices: [['event_type', 'event_name'], ['execution_id'], ['proc_inst_id']],
    },
    {
      name: 'eng_incident',
      columns: [
        col.id(), rev, col.str('incident_type', 64, false), col.str('incident_msg', 700), col.ref('execution_id'),
        col.ref('proc_inst_id'), col.ref('proc_def_id'), col.str('activity_id'), col.str('failed_activity_id'),
        col.ref('cause_incident_id'), col.ref('root_cause_incident_id'), col.str('configuration'),
        time('incident_timestamp', false), col.str('annotation', 4000), col.ref('job_def_id'), col.str('tenant_id', 64),
      ],
      indices: [['proc_inst_id'], ['configuration'], ['incident_type']],
    },
    {
      name: 'eng_comment',
      columns: [
        col.id(), col.str('type', 32, false), time('time', false), col.str('user_id'), col.ref('task_id'),
        col.ref('proc_inst_id'), col.str('action', 64), col.text(d, 'message'),
      ],
      indices: [['task_id'], ['proc_inst_id']],
    },
    {
      name: 'eng_hi_procinst',
      columns: [
        col.id(), col.ref('proc_inst_id', false), col.str('business_key'), col.ref('proc_def_id', false),
        col.str('proc_def_key'), col.str('proc_def_name'), col.int('proc_def_version'), time('start_time', false),
        time('end_time'), col.bigint(d, 'duration'), col.str('start_user_id'), col.str('start_act_id'),
        col.str('end_act_id'), col.str('delete_reason', 4000), col.ref('super_proc_inst_id'),
        col.ref('root_proc_inst_id'), col.str('state', 32, false), col.str('tenant_id', 64), time('removal_time'),
      ],
      indices: [['proc_def_key'], ['business_key'], ['start_time'], ['state']],
    },
    {
      name: 'eng_hi_actinst',
      columns: [
        col.str('id', 255, false), col.str('parent_act_inst_id', 255), col.str('proc_def_key'),
        col.ref('proc_def_id', false), col.ref('proc_inst_id', false), col.ref('root_proc_inst_id'),
        col.ref('execution_id'), col.str('act_id', 255, false), col.ref('task_id'), col.ref('call_proc_inst_id'),
        col.str('act_name'), col.str('act_type', 64, false), col.str('assignee'), time('start_time', false),
        time('end_time'), col.bigint(d, 'duration'), col.int('act_inst_state', false, 0), col.int('sequence', false, 0),
        col.str('tenant_id', 64), time('removal_time'),
      ].map((c) => (c.name === 'id' ? { ...c, isPrimary: true } : c)),
      indices: [['proc_inst_id'], ['act_id'], ['start_time']],
    },
    {
      name: 'eng_hi_taskinst',
      columns: [
        col.id(), col.str('task_def_key'), col.str('proc_def_key'), col.ref('proc_def_id'), col.ref('proc_inst_id'),
        col.ref('root_proc_inst_id'), col.ref('execution_id'), col.str('act_inst_id', 255), col.str('name'),
        col.ref('parent_task_id'), col.text(d, 'description'), col.str('owner'), col.str('assignee'),
        time('start_time', false), time('end_time'), col.bigint(d, 'duration'), col.str('delete_reason', 4000),
        col.int('priority', false, 50), time('due_date'), time('follow_up_date'), col.str('tenant_id', 64),
        col.str('task_state', 32), time('removal_time'),
      ],
      indices: [['proc_inst_id'], ['assignee'], ['start_time']],
    },
    {
      name: 'eng_hi_varinst',
      columns: [
        col.id(), col.ref('proc_inst_id'), col.ref('root_proc_inst_id'), col.ref('execution_id'),
        col.str('act_inst_id', 255), col.ref('task_id'), col.str('proc_def_key'), col.ref('proc_def_id'),
        col.str('name', 255, false), col.str('type', 32, false), col.text(d, 'text_value'), col.text(d, 'text2_value'),
        col.bigint(d, 'long_value'), col.double('double_value'), col.blob(d, 'bytes_value'), col.str('state', 32, false),
        time('create_time', false), time('last_updated'), col.int('rev', false, 0), col.str('tenant_id', 64),
        time('removal_time'),
      ],
      indices: [['proc_inst_id'], ['name']],
    },
    {
      name: 'eng_hi_op_log',
      columns: [
        col.id(), col.ref('operation_id', false), col.str('operation_type', 64, false), col.str('entity_type', 64, false),
        col.str('category', 64), col.str('user_id'), time('timestamp', false), col.str('property', 64),
        col.text(d, 'org_value'), col.text(d, 'new_value'), col.ref('deployment_id'), col.ref('proc_def_id'),
        col.str('proc_def_key'), col.ref('proc_inst_id'), col.ref('execution_id'), col.ref('task_id'),
        col.ref('external_task_id'), col.ref('job_id'), col.str('annotation', 4000),
      ],
      indices: [['timestamp'], ['proc_inst_id'], ['task_id'], ['user_id']],
    },
  ];
}
