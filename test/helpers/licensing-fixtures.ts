import type { LicensingServer } from './licensing-server.js';
import type { TestUser } from './auth.js';

/** Completes a 17-digit prefix into a resident ID with its GB 11643 check character (ISO 7064 MOD 11-2). */
export function residentId(prefix17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...prefix17].reduce((s, d, i) => s + Number(d) * (weights[i] as number), 0);
  return prefix17 + '10X98765432'.charAt(sum % 11);
}

/** Completes a 17-character prefix into a unified social credit code with its GB 32100 check character. */
export function creditCode(prefix17: string): string {
  const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...prefix17].reduce((s, c, i) => s + charset.indexOf(c) * (weights[i] as number), 0);
  const check = (31 - (sum % 31)) % 31;
  return prefix17 + charset.charAt(check);
}

/** An application as `GET /api/applications/:id` answers, loosely typed for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApplicationBody = Record<string, any>;

/** A minimal valid PDF file's bytes. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** An applicant account, logged in. */
export interface Applicant {
  userId: string;
  organisationId: string;
  token: string;
}

/** Registers a company or unit through the public API and logs its user in. */
export async function registerApplicant(server: LicensingServer, username: string, organisation: Record<string, unknown> = {}): Promise<Applicant> {
  const password = 'applicant-password-1';
  const res = await server.http.post('/api/public/applicant-accounts').send({
    organisation: { kind: 'applicant-company', name: `${username}保安服务有限公司`, regionCode: '440106', contactPhone: '020-12345678', ...organisation },
    user: { username, name: '申请人', password },
  });
  if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  const login = await server.http.post('/api/auth/login').send({ username, password });
  return { userId: username, organisationId: res.body.organisationId as string, token: login.body.token as string };
}

/** Sample data of a security company permit application (Guangzhou, armed escort when asked). */
export function permitApplicationData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    companyName: '广州平安保安服务有限公司',
    regionCode: '440106',
    address: '广州市天河区天河路100号',
    registeredCapital: 1200,
    services: ['door-guarding', 'patrol', 'escort'],
    armedEscort: false,
    alarmMonitoring: false,
    foreignInvested: false,
    legalRepresentative: { name: '张伟', residentId: residentId('44010619800101123'), yearsOfExperience: 12, phone: '13800138000' },
    managers: [{ role: 'general-manager', name: '李娜', residentId: residentId('44010619850202234'), yearsOfExperience: 8 }],
    premisesAddress: '广州市天河区天河路100号3楼',
    premisesTenure: 'leased',
    contactName: '王芳',
    contactPhone: '020-88886666',
    ...overrides,
  };
}

/** Creates a draft, uploads a PDF for every required checklist item (except those in `skip`), and returns its id. */
export async function draftWithDocuments(server: LicensingServer, applicant: Applicant, procedure: string, data: Record<string, unknown>, skip: string[] = []): Promise<string> {
  const created = await server.http.post('/api/applications').set('Authorization', `Bearer ${applicant.token}`).send({ procedure, data });
  if (created.status !== 201) throw new Error(`draft failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  for (const item of created.body.checklist as Array<{ kind: string; required: boolean }>) {
    if (!item.required || skip.includes(item.kind)) continue;
    await upload(server, applicant, id, item.kind);
  }
  return id;
}

/** Uploads a PDF for checklist item `kind`. */
export async function upload(server: LicensingServer, applicant: Applicant, id: string, kind: string): Promise<void> {
  const res = await server.http.post(`/api/applications/${id}/documents`).set('Authorization', `Bearer ${applicant.token}`)
    .field('kind', kind).attach('file', PDF, { filename: `${kind}.pdf`, contentType: 'application/pdf' });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Reads an application as `user`. */
export async function readApplication(server: LicensingServer, token: string, id: string): Promise<ApplicationBody> {
  const res = await server.http.get(`/api/applications/${id}`).set('Authorization', `Bearer ${token}`);
  if (res.status !== 200) throw new Error(`read failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ApplicationBody;
}

/** Waits until the application has `status`. */
export async function waitForStatus(server: LicensingServer, token: string, id: string, status: string): Promise<ApplicationBody> {
  return server.waitFor(async () => {
    const app = await readApplication(server, token, id);
    return app['status'] === status ? app : null;
  }, `application ${id} to be ${status}`);
}

/** Waits for the user task and completes it through its form as `officer`; returns the response. */
export async function completeTask(server: LicensingServer, officer: TestUser, processInstanceId: string, taskKey: string, values: Record<string, unknown>) {
  const taskId = await server.waitForTask(processInstanceId, taskKey);
  return server.http.post(`/api/tasks/${taskId}/complete`).set('Authorization', `Bearer ${officer.token}`).send({ values });
}
