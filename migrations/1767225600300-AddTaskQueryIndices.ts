import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Indices for the officers' task list at scale: unassigned tasks in id order (`assignee IS NULL … ORDER BY id`)
 * and candidate-group lookups, so `GET /task?candidateGroup=…&maxResults=50` stays fast with 100,000 open tasks.
 */
export class AddTaskQueryIndices1767225600300 implements MigrationInterface {
  name = 'AddTaskQueryIndices1767225600300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex('eng_task', new TableIndex({ name: 'ix_eng_task_assignee_id', columnNames: ['assignee', 'id'] }));
    await runner.createIndex('eng_identity_link', new TableIndex({ name: 'ix_eng_identity_link_group', columnNames: ['group_id', 'type', 'task_id'] }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('eng_identity_link', 'ix_eng_identity_link_group');
    await runner.dropIndex('eng_task', 'ix_eng_task_assignee_id');
  }
}
