import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from 'typeorm';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDataSource({ migrate: false });
  await db.dataSource.query('CREATE TABLE gate_probe (id VARCHAR(40) PRIMARY KEY)');
});

afterAll(async () => {
  await db?.destroy();
});

beforeEach(async () => {
  await db.dataSource.query('DELETE FROM gate_probe');
});

const insert = (m: EntityManager, id: string) => m.query('INSERT INTO gate_probe (id) VALUES (?)', [id]);
const ids = async () => (await db.dataSource.query<Array<{ id: string }>>('SELECT id FROM gate_probe ORDER BY id')).map((r) => r.id);

/** A transaction that inserts `id`, yields to the event loop between its statements, and fails when asked. */
function work(id: string, fail = false) {
  return db.dataSource.transaction(async (m) => {
    await insert(m, `${id}-1`);
    await sleep(5);
    await insert(m, `${id}-2`);
    await sleep(5);
    if (fail) throw new Error(`${id} fails`);
  });
}

describe('transactions of the application running at the same time (one SQLite connection, or a MariaDB pool)', () => {
  it('each commit their own statements, however their statements interleave', async () => {
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => work(id)));

    expect(await ids()).toEqual(['a-1', 'a-2', 'b-1', 'b-2', 'c-1', 'c-2', 'd-1', 'd-2']);
  });

  it('roll back only their own statements when one fails', async () => {
    const results = await Promise.allSettled([work('a'), work('b', true), work('c')]);

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await ids()).toEqual(['a-1', 'a-2', 'c-1', 'c-2']);
  });

  it('keeps a statement made outside any transaction out of a running one that is rolled back', async () => {
    const failing = work('a', true);
    await sleep(1);
    await db.dataSource.query("INSERT INTO gate_probe (id) VALUES ('outside')");

    await expect(failing).rejects.toThrow('a fails');
    expect(await ids()).toEqual(['outside']);
  });

  it('nests a transaction started through the manager of another into it', async () => {
    await expect(db.dataSource.transaction(async (m) => {
      await insert(m, 'outer');
      await m.transaction((inner) => insert(inner, 'inner'));
      throw new Error('outer fails');
    })).rejects.toThrow('outer fails');

    expect(await ids()).toEqual([]);
  });

  // on MariaDB a transaction of the data source takes another pooled connection and commits on its own
  (process.env['DATABASE_URL']?.startsWith('mysql') ? it.skip : it)('on SQLite, nests one started through the data source inside another too, instead of waiting for itself', async () => {
    await expect(db.dataSource.transaction(async (m) => {
      await insert(m, 'outer');
      await db.dataSource.transaction((inner) => insert(inner, 'inner'));
      throw new Error('outer fails');
    })).rejects.toThrow('outer fails');

    expect(await ids()).toEqual([]);
  });
});
