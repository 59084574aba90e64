import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * What a notification is about (`subject_kind`, `subject_id`): a task, a case file (process instance), an
 * application or a task list, for the web to open. Notifications stored before have none (NULL).
 */
export class AddNotificationSubject1767225601900 implements MigrationInterface {
  name = 'AddNotificationSubject1767225601900';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumns('lic_notification', [
      new TableColumn({ name: 'subject_kind', type: 'varchar', length: '16', isNullable: true }),
      new TableColumn({ name: 'subject_id', type: 'varchar', length: '64', isNullable: true }),
    ]);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('lic_notification', 'subject_id');
    await runner.dropColumn('lic_notification', 'subject_kind');
  }
}
