import { allMigrations } from '../../../migrations/index.js';
import { createTestDataSource, listTables, type TestDatabase } from '../../helpers/test-db.js';

/** The bookkeeping table TypeORM keeps; it stays when every migration is reverted. */
const MIGRATIONS_TABLE = 'schema_migration';

describe('migrations', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDataSource({ migrate: false });
  });

  afterEach(async () => {
    await db?.destroy();
  });

  it('all run up on a fresh database and leave nothing pending', async () => {
    // when
    const applied = await db.dataSource.runMigrations({ transaction: 'each' });

    // then
    expect(applied.map((m) => m.name)).toEqual(allMigrations.map((M) => new M().name ?? M.name));
    await expect(db.dataSource.showMigrations()).resolves.toBe(false);
    expect(await listTables(db.dataSource)).toEqual(expect.arrayContaining(['app_user', 'app_group', 'app_membership', 'app_setting']));
  });

  it('all revert one by one, removing every table they created, and then run up again to the same schema', async () => {
    // given
    await db.dataSource.runMigrations({ transaction: 'each' });
    const migratedTables = await listTables(db.dataSource);

    // when: undo every migration, newest first
    for (let i = 0; i < allMigrations.length; i++) await db.dataSource.undoLastMigration({ transaction: 'each' });

    // then: only the bookkeeping table is left, and it records nothing
    expect(await listTables(db.dataSource)).toEqual([MIGRATIONS_TABLE]);
    const executed: unknown[] = await db.dataSource.query(`SELECT * FROM ${MIGRATIONS_TABLE}`);
    expect(executed).toHaveLength(0);

    // when: up again
    await db.dataSource.runMigrations({ transaction: 'each' });

    // then
    expect(await listTables(db.dataSource)).toEqual(migratedTables);
    await expect(db.dataSource.showMigrations()).resolves.toBe(false);
  }, 180_000); // on MariaDB every DDL statement commits and syncs: all the migrations down and up again take a while

  it('leave a schema the identity tables work with, Chinese text included', async () => {
    // given
    await db.dataSource.runMigrations({ transaction: 'each' });

    // when
    await db.dataSource.query(
      "INSERT INTO app_user (id, name, email, password_hash, created_at, updated_at, disabled) VALUES ('u', '保安公司管理员', NULL, 'h', '2026-01-01 00:00:00', '2026-01-01 00:00:00', 0)",
    );
    await db.dataSource.query("INSERT INTO app_group (id, name, type) VALUES ('g', '治安管理支队', NULL)");
    await db.dataSource.query("INSERT INTO app_membership (user_id, group_id) VALUES ('u', 'g')");

    // then
    const rows: Array<{ name: string }> = await db.dataSource.query("SELECT name FROM app_user WHERE id = 'u'");
    expect(rows[0]?.name).toBe('保安公司管理员');
    await expect(db.dataSource.query("INSERT INTO app_membership (user_id, group_id) VALUES ('ghost', 'g')")).rejects.toThrow();
  });
});
