import request from 'supertest';
import { createApp } from '../../src/api/app.js';
import { silentLogger } from '../../src/logger.js';
import { createAuthFixture } from '../helpers/auth.js';
import { createTestDataSource, type TestDatabase } from '../helpers/test-db.js';

describe('what the public sends without an account', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDataSource();
  });

  afterAll(async () => {
    await db?.destroy();
  });

  it('is limited per address and hour, with 429 and Retry-After beyond; reads and other addresses are not', async () => {
    // given: three submissions an hour, behind a proxy that names the caller
    const fixture = createAuthFixture(db.dataSource);
    const app = createApp({ ...fixture, config: { ...fixture.config, trustProxy: true, publicSubmissionsPerHour: 3 }, logger: silentLogger });
    const submit = (ip: string) => request(app.callback()).post('/api/public/applicant-accounts').set('X-Forwarded-For', ip).send({});

    // when
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await submit('203.0.113.5'));

    // then: the first three reach the route (which refuses the empty body), the fourth does not
    expect(answers.slice(0, 3).map((r) => r.status)).not.toContain(429);
    expect(answers[3]!.status).toBe(429);
    expect(answers[3]!.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(Number(answers[3]!.headers['retry-after'])).toBeGreaterThan(3000);
    expect((await submit('203.0.113.6')).status).not.toBe(429);
    expect((await request(app.callback()).get('/api/health').set('X-Forwarded-For', '203.0.113.5')).status).toBe(200);
  });
});
