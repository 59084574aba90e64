import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

jest.setTimeout(60_000);

let server: LicensingServer;
let reviewer: TestUser;
let leader: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  reviewer = await server.officer('guard-reviewer-form', ['guard-reviewer-440100']);
  leader = await server.officer('leader-form', ['leader-440100']);
});

afterAll(async () => {
  await server?.close();
});

describe('GET /api/guard-certificates/revocation-form (吊销保安员证建议表)', () => {
  it('answers the form-js schema of the revocation request form to an officer who may propose a revocation', async () => {
    const res = await server.http.get('/api/guard-certificates/revocation-form').set('Authorization', `Bearer ${reviewer.token}`);
    expect(res.status).toBe(200);
    const file = JSON.parse(readFileSync(join(process.cwd(), 'forms', 'guard-certificate-revocation-request.form'), 'utf8')) as { components: Array<{ key?: string }> };
    expect(res.body.id).toBe('guard-certificate-revocation-request');
    expect(res.body.components.map((c: { key?: string }) => c.key)).toEqual(file.components.map((c) => c.key));
    expect(res.body.components.map((c: { key?: string }) => c.key)).toEqual(expect.arrayContaining(['revocationGround', 'revocationFacts']));
  });

  it('refuses officers without certificate.revoke, such as a leader, and callers without a session', async () => {
    const refused = await server.http.get('/api/guard-certificates/revocation-form').set('Authorization', `Bearer ${leader.token}`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect((await server.http.get('/api/guard-certificates/revocation-form')).status).toBe(401);
  });
});
