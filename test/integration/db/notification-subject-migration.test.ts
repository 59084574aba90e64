import { allMigrations } from '../../../migrations/index.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';

/** The name of the migration that records what a notification is about. */
const SUBJECTS = 'AddNotificationSubject1767225601900';

/** It and the migrations after it, in the order they run. */
const FROM_SUBJECTS = allMigrations.map((M) => M.name).slice(allMigrations.findIndex((M) => M.name === SUBJECTS));

describe('migration AddNotificationSubject1767225601900', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDataSource({ migrate: false });
    await db.dataSource.runMigrations({ transaction: 'each' });
  });

  afterEach(async () => {
    await db?.destroy();
  });

  const subjectsOf = async (): Promise<Array<Record<string, unknown>>> =>
    db.dataSource.query('SELECT id, subject_kind, subject_id FROM lic_notification ORDER BY id');

  it('leaves the notifications stored before it without a subject, and stores one for those after', async () => {
    // given: the schema before it, with a notification in an inbox
    expect(FROM_SUBJECTS[0]).toBe(SUBJECTS);
    for (let i = 0; i < FROM_SUBJECTS.length; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });
    await db.dataSource.query(
      `INSERT INTO lic_notification (id, recipient_type, recipient, kind, title, body, application_id, created_at, read_at, idempotency_key)
       VALUES ('n-old', 'group', 'case-440100', 'urge', '催办：调查取证', '请尽快办理', NULL, '2026-10-12 02:00:00', NULL, 'urge:old')`,
    );

    // when
    const applied = await db.dataSource.runMigrations({ transaction: 'each' });
    await db.dataSource.query(
      `INSERT INTO lic_notification (id, recipient_type, recipient, kind, title, body, application_id, subject_kind, subject_id, created_at, read_at, idempotency_key)
       VALUES ('n-new', 'group', 'case-440100', 'urge', '催办：调查取证', '请尽快办理', NULL, 'task', 'task-1', '2026-10-12 02:00:00', NULL, 'urge:new')`,
    );

    // then
    expect(applied.map((m) => m.name)).toEqual(FROM_SUBJECTS);
    expect(await subjectsOf()).toEqual([
      { id: 'n-new', subject_kind: 'task', subject_id: 'task-1' },
      { id: 'n-old', subject_kind: null, subject_id: null },
    ]);
  });

  it('reverts to the notifications without subjects, keeping them', async () => {
    // given
    await db.dataSource.query(
      `INSERT INTO lic_notification (id, recipient_type, recipient, kind, title, body, application_id, subject_kind, subject_id, created_at, read_at, idempotency_key)
       VALUES ('n-1', 'user', 'case-gz', 'assignment', '转办任务：调查取证', '请办理', NULL, 'task', 'task-1', '2026-10-12 02:00:00', NULL, 'transfer:1')`,
    );

    // when
    for (let i = 0; i < FROM_SUBJECTS.length; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });

    // then
    const rows: Array<Record<string, unknown>> = await db.dataSource.query('SELECT * FROM lic_notification');
    expect(rows).toEqual([expect.objectContaining({ id: 'n-1', title: '转办任务：调查取证' })]);
    expect(Object.keys(rows[0] ?? {})).not.toEqual(expect.arrayContaining(['subject_kind']));
    expect(Object.keys(rows[0] ?? {})).not.toEqual(expect.arrayContaining(['subject_id']));
  });
});
