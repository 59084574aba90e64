import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { completeTask, creditCode, draftWithDocuments, readApplication, registerApplicant, residentId, upload, waitForStatus, type Applicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

let server: LicensingServer;
let shenzhen: TestUser;
let guangzhou: TestUser;

beforeAll(async () => {
  // Monday 2026-03-16, 10:00 in China
  server = await startLicensingServer({ startAt: new Date('2026-03-16T02:00:00Z') });
  shenzhen = await server.officer('filing-sz', ['filing-reviewer-440300']);
  guangzhou = await server.officer('filing-gz', ['filing-reviewer-440100']);
});

afterAll(async () => {
  await server?.close();
});

function crossRegionData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    companyName: '广州平安保安服务有限公司', creditCode: creditCode('91440101MA5CXXXX0'), permitNumber: '广东省保服字2025440100000012',
    homeRegionCode: '440106', serviceRegionCode: '440304', serviceAddress: '深圳市福田区深南大道1号', clientName: '深圳某银行股份有限公司',
    services: ['guarding', 'patrol'], serviceStartDate: '2026-04-01', guardCount: 2,
    projectManager: { name: '赵强', residentId: residentId('44010619790303345'), phone: '13900139000' },
    guards: [
      { name: '孙亮', residentId: residentId('44030419900404456'), certificateNumber: 'BA2024440300000101' },
      { name: '周杰', residentId: residentId('44030419910505567'), certificateNumber: 'BA2024440300000102' },
    ],
    contactPhone: '020-88886666',
    ...overrides,
  };
}

async function submit(applicant: Applicant, procedure: string, data: Record<string, unknown>) {
  const id = await draftWithDocuments(server, applicant, procedure, data);
  const res = await server.http.post(`/api/applications/${id}/submit`).set('Authorization', `Bearer ${applicant.token}`);
  return { id, res };
}

describe('cross-region service filing (跨区域提供保安服务备案)', () => {
  it('goes to the city where the service is given and is recorded with a filing receipt', async () => {
    const applicant = await registerApplicant(server, 'kuaqu1');
    const { id, res } = await submit(applicant, 'cross-region-service-filing', crossRegionData());
    expect(res.status).toBe(200);
    const pid = res.body.processInstanceId as string;
    const taskId = await server.waitForTask(pid, 'Task_FilingCheck');
    // a Guangzhou reviewer may not act on a Shenzhen filing
    expect((await server.http.get(`/api/tasks/${taskId}`).set('Authorization', `Bearer ${guangzhou.token}`)).status).toBe(403);
    // the guards of the roster were screened against the register
    const task = await server.http.get(`/api/tasks/${taskId}`).set('Authorization', `Bearer ${shenzhen.token}`);
    expect(task.body.variables.screeningResult).toBe('clear');
    expect(task.body.variables.screeningFindings.map((p: { name: string }) => p.name)).toEqual(['孙亮', '周杰']);
    expect((await completeTask(server, shenzhen, pid, 'Task_FilingCheck', { filingDecision: 'record', filingReason: '材料齐全，予以备案' })).status).toBe(200);
    const app = await waitForStatus(server, applicant.token, id, 'recorded');
    expect(app['officialDocuments'].map((d: { type: string }) => d.type)).toEqual(['filing-receipt']);
    expect(app['officialDocuments'][0].issuedBy).toBe('深圳市公安局');
    expect(app['clocks'].every((c: { status: string }) => c.status === 'stopped')).toBe(true);
  });

  it('asks for supplements once, and refuses with reasons after resubmission', async () => {
    const applicant = await registerApplicant(server, 'kuaqu2');
    const { id, res } = await submit(applicant, 'cross-region-service-filing', crossRegionData());
    const pid = res.body.processInstanceId as string;
    expect((await completeTask(server, shenzhen, pid, 'Task_FilingCheck', { filingDecision: 'supplement', correctionItems: '保安服务合同：缺少客户单位盖章', filingReason: '材料不齐全' })).status).toBe(200);
    await waitForStatus(server, applicant.token, id, 'correction-requested');
    await server.advance(24 * 3600_000);
    await upload(server, applicant, id, 'service-contract');
    expect((await server.http.post(`/api/applications/${id}/correction`).set('Authorization', `Bearer ${applicant.token}`).send({ note: '已补充盖章合同' })).status).toBe(200);
    expect((await completeTask(server, shenzhen, pid, 'Task_FilingCheck', { filingDecision: 'refuse', filingReason: '派驻保安员未取得保安员证' })).status).toBe(200);
    const app = await waitForStatus(server, applicant.token, id, 'refused');
    expect(app['officialDocuments'].map((d: { type: string }) => d.type)).toEqual(['correction-notice', 'filing-refusal']);
    const refusal = await server.http.get(`/api/official-documents/${app['officialDocuments'][1].id}`).set('Authorization', `Bearer ${applicant.token}`);
    expect(refusal.text).toContain('派驻保安员未取得保安员证');
    expect(refusal.text).toContain('行政复议');
  });

  it('refuses a filing for service in the company’s own city, or more than 30 working days ahead, naming the field', async () => {
    const applicant = await registerApplicant(server, 'kuaqu3');
    const own = await submit(applicant, 'cross-region-service-filing', crossRegionData({ serviceRegionCode: '440104' }));
    expect(own.res.status).toBe(400);
    expect(own.res.body.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'serviceRegionCode' })]));
    const early = await submit(applicant, 'cross-region-service-filing', crossRegionData({ serviceStartDate: '2026-07-01' }));
    expect(early.res.status).toBe(400);
    expect(early.res.body.details.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'serviceStartDate' })]));
    expect((await readApplication(server, applicant.token, early.id))['status']).toBe('draft');
  });
});

describe('in-house guard employer filing (自行招用保安员单位备案)', () => {
  function inHouseData(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      unitName: '广州某物业服务有限公司', creditCode: creditCode('91440101MA5DYYYY1'), regionCode: '440106', unitType: 'property-service',
      legalRepresentative: '钱多多', responsibleManager: { name: '吴敏', residentId: residentId('44010619820606678'), phone: '13700137000' },
      serviceArea: '本公司管理的天河花园小区', serviceStartDate: '2026-03-01',
      guards: [{ name: '郑勇', residentId: residentId('44010619920707789'), certificateNumber: 'BA2025440100000201' }],
      contactPhone: '020-87654321', ...overrides,
    };
  }

  it('is recorded by the city of the unit', async () => {
    const applicant = await registerApplicant(server, 'zizhao1', { kind: 'in-house-employer' });
    const { id, res } = await submit(applicant, 'in-house-guard-filing', inHouseData());
    expect(res.status).toBe(200);
    expect((await completeTask(server, guangzhou, res.body.processInstanceId, 'Task_FilingCheck', { filingDecision: 'record', filingReason: '符合备案条件' })).status).toBe(200);
    const app = await waitForStatus(server, applicant.token, id, 'recorded');
    expect(app['officialDocuments'][0]).toMatchObject({ type: 'filing-receipt', issuedBy: '广州市公安局' });
  });

  it('refuses an entertainment venue, which may not employ its own guards', async () => {
    const applicant = await registerApplicant(server, 'zizhao2', { kind: 'in-house-employer' });
    const { res } = await submit(applicant, 'in-house-guard-filing', inHouseData({ unitType: 'entertainment' }));
    expect(res.status).toBe(400);
    expect(res.body.details.issues).toEqual([expect.objectContaining({ path: 'unitType' })]);
  });
});
