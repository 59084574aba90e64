import { RateLimiterMemory } from 'rate-limiter-flexible';
import { createDataSource } from '../../../src/db/data-source.js';
import { LoginThrottle } from '../../../src/auth/login-throttle.js';
import { rateLimitsOf } from '../../../src/auth/rate-limits.js';
import { TooManyRequestsError } from '../../../src/errors.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';

const onMysql = (process.env['DATABASE_URL'] ?? '').startsWith('mysql');
if (!onMysql) console.warn('shared login-throttle test skipped: SQLite runs one node, which counts in memory (run with DATABASE_URL=mysql://…)');

describe('where failed logins are counted', () => {
  (onMysql ? it.skip : it)('in memory on SQLite, which runs one node', async () => {
    const db = await createTestDataSource();
    try {
      expect(rateLimitsOf(db.dataSource)({ keyPrefix: 'x', points: 1, duration: 60 })).toBeInstanceOf(RateLimiterMemory);
    } finally {
      await db.destroy();
    }
  });
});

(onMysql ? describe : describe.skip)('failed logins counted by every node of a cluster on one MySQL/MariaDB database', () => {
  let db: TestDatabase;
  let second: ReturnType<typeof createDataSource>;

  beforeAll(async () => {
    db = await createTestDataSource();
    // a second node: its own connection pool on the same database
    second = createDataSource(db.settings, { entities: [] });
    await second.initialize();
  });

  afterAll(async () => {
    await second?.destroy();
    await db?.destroy();
  });

  it('locks a user name out after the failures made on both nodes together, on both nodes, and a success on one clears it', async () => {
    // given: two nodes, three failures allowed per user name and address
    const options = { maxFailures: 3, windowSeconds: 600 };
    const nodeA = new LoginThrottle(options, rateLimitsOf(db.dataSource));
    const nodeB = new LoginThrottle(options, rateLimitsOf(second));

    // when: the guesses alternate between the nodes
    await nodeA.failed('zhang.san', '203.0.113.7');
    await nodeB.failed('zhang.san', '203.0.113.7');
    await expect(nodeA.check('zhang.san', '203.0.113.7')).resolves.toBeUndefined();
    // then: after the third, wherever it lands, both nodes refuse the user name, and a further guess is refused too
    await nodeB.failed('zhang.san', '203.0.113.7');
    await expect(nodeA.check('zhang.san', '203.0.113.7')).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    await expect(nodeB.check('zhang.san', '203.0.113.7')).rejects.toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    await expect(nodeA.failed('zhang.san', '203.0.113.7')).rejects.toBeInstanceOf(TooManyRequestsError);
    // another user name from the same address is not locked
    await expect(nodeB.check('li.si', '203.0.113.7')).resolves.toBeUndefined();

    // the counts are rows of app_rate_limit, not memory of either node
    const rows = await db.dataSource.query('SELECT `key`, points FROM app_rate_limit ORDER BY `key`');
    expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'login-user:zhang.san|203.0.113.7', points: 4 })]));

    // when: a successful login on one node clears the user name's failures, the other node lets it in again
    await nodeB.succeeded('zhang.san', '203.0.113.7');
    await expect(nodeA.check('zhang.san', '203.0.113.7')).resolves.toBeUndefined();
  });
});
