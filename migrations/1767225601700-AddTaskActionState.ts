import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The state of a recorded task operation: `pending` from just before the workbench changes the engine until the
 * change is confirmed with its audit entry, `done` after (every operation recorded so far). Pending operations left
 * by a crash are found by state and age and reconciled with the engine's user operation log.
 */
export class AddTaskActionState1767225601700 implements MigrationInterface {
  name = 'AddTaskActionState1767225601700';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('wb_task_action', new TableColumn({ name: 'state', type: 'varchar', length: '16', isNullable: false, default: "'done'" }));
    await runner.createIndex('wb_task_action', new TableIndex({ name: 'ix_wb_task_action_state', columnNames: ['state', 'at'] }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('wb_task_action', 'ix_wb_task_action_state');
    await runner.dropColumn('wb_task_action', 'state');
  }
}
