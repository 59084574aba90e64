import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { TestUser } from '../../helpers/auth.js';
import { draftWithDocuments, permitApplicationData, registerApplicant, type Applicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

jest.setTimeout(120_000);

let server: LicensingServer;
let manager: TestUser;
let applicant: Applicant;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-09-01T02:00:00Z') });
  manager = await server.officer('flow-manager', ['process-manager']);
  applicant = await registerApplicant(server, 'pingan-forms');
});

afterAll(async () => {
  await server?.close();
});

/** The permit application form of `forms/` with one more required field. */
function applicationFormRequiring(key: string, label: string): Buffer {
  const form = JSON.parse(readFileSync('forms/security-company-permit-application.form', 'utf8')) as { components: unknown[] };
  form.components.push({ id: `Field_${key}`, key, label, type: 'textfield', validate: { required: true } });
  return Buffer.from(JSON.stringify(form, null, 2));
}

async function submit(): Promise<{ status: number; paths: string[] }> {
  const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
  const res = await server.http.post(`/api/applications/${id}/submit`).set('Authorization', `Bearer ${applicant.token}`);
  return { status: res.status, paths: ((res.body.details?.issues ?? []) as Array<{ path: string }>).map((i) => i.path) };
}

describe('a start form deployed through /api/process-models', () => {
  it('checks applications from the moment it is deployed, without a restart', async () => {
    // given an application the form of forms/ accepts
    expect((await submit()).status).toBe(200);

    // when a manager deploys a new version of the application form that requires an insurance policy number
    const deployed = await server.http.post('/api/process-models/deployments').set('Authorization', `Bearer ${manager.token}`)
      .field('name', '保安服务公司设立许可申请表')
      .attach('files', applicationFormRequiring('insurancePolicyNumber', '保险单号'), 'security-company-permit-application.form');
    expect(deployed.status).toBe(201);
    expect(deployed.body).toMatchObject({ created: true, processDefinitions: [], forms: ['security-company-permit-application'] });

    // then the same application is refused, naming the new field
    expect(await submit()).toEqual({ status: 400, paths: ['insurancePolicyNumber'] });
  });
});
