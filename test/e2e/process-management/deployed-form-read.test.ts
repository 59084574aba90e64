import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// the whole system with an engine, over a real database
jest.setTimeout(120_000);

const FIXTURES = 'test/fixtures/process-management';

let server: LicensingServer;
let manager: TestUser;
let officer: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-09-01T02:00:00Z') });
  manager = await server.officer('form-reader', ['process-manager']);
  officer = await server.officer('form-intake', ['tip-intake-440100']);
});

afterAll(async () => {
  await server?.close();
});

function get(path: string, user: TestUser = manager) {
  return server.http.get(path).set('Authorization', `Bearer ${user.token}`);
}

describe('GET /api/process-models/forms/:id (the form editor opens a deployed form)', () => {
  it('answers the form-js JSON of a form of the system deployment, as written in forms/', async () => {
    const res = await get('/api/process-models/forms/tip-triage');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(readFileSync('forms/tip-triage.form', 'utf8')));
  });

  it('answers the latest version once a manager deploys a new one', async () => {
    const v1 = await server.http.post('/api/process-models/deployments').set('Authorization', `Bearer ${manager.token}`).field('name', '备案复核')
      .attach('files', readFileSync(`${FIXTURES}/pm-review.bpmn`), 'pm-review.bpmn').attach('files', readFileSync(`${FIXTURES}/pm-review-decision.form`), 'pm-review-decision.form');
    expect(v1.status).toBe(201);
    const v2 = await server.http.post('/api/process-models/deployments').set('Authorization', `Bearer ${manager.token}`).field('name', '备案复核')
      .attach('files', readFileSync(`${FIXTURES}/v2/pm-review.bpmn`), 'pm-review.bpmn')
      .attach('files', readFileSync(`${FIXTURES}/v2/pm-review-decision.form`), 'pm-review-decision.form')
      .attach('files', readFileSync(`${FIXTURES}/v2/pm-countersign.form`), 'pm-countersign.form');
    expect(v2.status).toBe(201);

    const res = await get('/api/process-models/forms/pm-review-decision');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(readFileSync(`${FIXTURES}/v2/pm-review-decision.form`, 'utf8')));
  });

  it('answers 404 FORM_NOT_FOUND for a form never deployed, 400 naming the id for a malformed one, and 403 to an officer', async () => {
    const missing = await get('/api/process-models/forms/no-such-form');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('FORM_NOT_FOUND');

    const malformed = await get('/api/process-models/forms/%20bad%20id');
    expect(malformed.status).toBe(400);
    expect(malformed.body.details.issues).toEqual([expect.objectContaining({ path: 'id' })]);

    const refused = await get('/api/process-models/forms/tip-triage', officer);
    expect(refused.status).toBe(403);
  });
});
