import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// cases run with the real workers through HTTP
jest.setTimeout(120_000);

let server: LicensingServer;
let cityCase: TestUser;
let tianheCase: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  cityCase = await server.officer('case-gz', ['case-440100']);
  await server.officer('legal-gz', ['legal-440100']);
  await server.officer('leader-gz', ['leader-440100']);
  // Tianhe (440106) has its own case squad and leader, but no legal officer; Haizhu (440105) has only a disabled one
  tianheCase = await server.officer('case-tianhe', ['case-440106']);
  await server.officer('leader-tianhe', ['leader-440106']);
  await server.officer('case-haizhu-retired', ['case-440105']);
  await server.auth.identity.setDisabled('case-haizhu-retired', true);
});

afterAll(async () => {
  await server?.close();
});

async function openCase(regionCode: string, kind: 'cases' | 'criminal-cases' = 'cases'): Promise<{ id: string; pid: string }> {
  const body = kind === 'cases'
    ? { party: { kind: 'person', name: '郑某' }, regionCode, facts: '保安员郑某无证上岗，殴打他人。' }
    : { suspect: { name: '钱某' }, regionCode, facts: '钱某以保安公司名义组织人员暴力讨债。' };
  const res = await server.http.post(`/api/${kind}`).set('Authorization', `Bearer ${cityCase.token}`).send(body);
  expect(res.status).toBe(201);
  return { id: res.body.id as string, pid: res.body.processInstanceId as string };
}

async function handlers(pid: string): Promise<Record<string, string>> {
  const res = await server.http.get(`/engine-rest/process-instance/${pid}/variables`).set('Authorization', server.engineAuthorization());
  const vars = res.body as Record<string, { value: unknown }>;
  return { caseGroup: String(vars['caseGroup']?.value), legalGroup: String(vars['legalGroup']?.value), leaderGroup: String(vars['leaderGroup']?.value) };
}

const todoIds = async (user: TestUser) => ((await server.http.get('/api/workbench/todo').set('Authorization', `Bearer ${user.token}`)).body.items as Array<{ id: string }>).map((t) => t.id);

describe('who handles a case: the nearest unit that has the officers, else the city', () => {
  it('gives a case in a district with its own case squad and leader to them, and legal review to the city', async () => {
    // when
    const { pid } = await openCase('440106');
    const taskId = await server.waitForTask(pid, 'Task_Investigate');

    // then
    expect(await handlers(pid)).toEqual({ caseGroup: 'case-440106', legalGroup: 'legal-440100', leaderGroup: 'leader-440106' });
    expect(await todoIds(tianheCase)).toContain(taskId);
    expect(await todoIds(cityCase)).not.toContain(taskId);
    expect((await server.http.post(`/api/workbench/tasks/${taskId}/claim`).set('Authorization', `Bearer ${cityCase.token}`).send({})).status).toBe(403);
    expect((await server.http.post(`/api/workbench/tasks/${taskId}/claim`).set('Authorization', `Bearer ${tianheCase.token}`).send({})).status).toBe(200);
  });

  it('gives a case to the city where the district has no one, or only disabled accounts', async () => {
    // when
    const yuexiu = await openCase('440104');
    const haizhu = await openCase('440105');
    const taskId = await server.waitForTask(yuexiu.pid, 'Task_Investigate');

    // then
    expect(await handlers(yuexiu.pid)).toEqual({ caseGroup: 'case-440100', legalGroup: 'legal-440100', leaderGroup: 'leader-440100' });
    expect((await handlers(haizhu.pid)).caseGroup).toBe('case-440100');
    expect(await todoIds(cityCase)).toContain(taskId);
    expect(await todoIds(tianheCase)).not.toContain(taskId);
  });

  it('resolves a criminal case the same way', async () => {
    const { pid } = await openCase('440106', 'criminal-cases');

    expect(await handlers(pid)).toEqual({ caseGroup: 'case-440106', legalGroup: 'legal-440100', leaderGroup: 'leader-440106' });
  });
});
