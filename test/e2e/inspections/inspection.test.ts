import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { creditCode, type ApplicationBody } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

const DAY = 24 * 3600_000;

let server: LicensingServer;
let station: TestUser;
let otherStation: TestUser;
let leader: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-09-01T02:00:00Z') });
  station = await server.officer('station-tianhe', ['station-440106']);
  otherStation = await server.officer('station-futian', ['station-440304']);
  leader = await server.officer('leader-gz', ['leader-440100']);
});

afterAll(async () => {
  await server?.close();
});

const plan = (overrides: Record<string, unknown> = {}) => ({
  kind: 'random',
  unit: { name: '广州平安保安服务有限公司', creditCode: creditCode('91440101MA5CXXXX0'), address: '广州市天河区天河路100号' },
  regionCode: '440106',
  inspectorGroup: 'station-440106',
  plannedFor: '2026-09-03',
  ...overrides,
});

async function planned(): Promise<{ id: string; pid: string; number: string }> {
  const res = await server.http.post('/api/inspections').set('Authorization', `Bearer ${station.token}`).send(plan());
  expect(res.status).toBe(201);
  return { id: res.body.id as string, pid: res.body.processInstanceId as string, number: res.body.number as string };
}

async function complete(pid: string, key: string, values: Record<string, unknown>) {
  const taskId = await server.waitForTask(pid, key);
  const res = await server.http.post(`/api/tasks/${taskId}/complete`).set('Authorization', `Bearer ${station.token}`).send({ values });
  expect(res.status).toBe(200);
}

const view = async (id: string) => (await server.http.get(`/api/inspections/${id}`).set('Authorization', `Bearer ${station.token}`)).body as ApplicationBody;

const record = (overrides: Record<string, unknown>) => ({
  inspectedDate: '2026-09-03', inspectors: '陈警官、刘警官', checkedItems: ['contracts', 'cctv'], signedByUnit: true, ...overrides,
});

describe('inspection (监督检查) through HTTP with the real workers', () => {
  it('closes an inspection that found nothing', async () => {
    const { id, pid, number } = await planned();
    expect(number).toMatch(/^JC2026440100\d{6}$/);
    await complete(pid, 'Task_Inspect', record({ inspectionResult: 'compliant' }));
    const closed = await server.waitFor(async () => ((await view(id))['status'] === 'closed' ? view(id) : null), 'closing');
    expect(closed).toMatchObject({ result: 'compliant', documents: [] });
  });

  it('orders rectification with a deadline, re-inspects when it runs out, and closes once put right', async () => {
    const { id, pid } = await planned();
    await complete(pid, 'Task_Inspect', record({ inspectionResult: 'rectify', findingsText: '未与客户单位签订保安服务合同\n监控录像保存不足30日', rectificationDays: 15 }));
    const rectifying = await server.waitFor(async () => {
      const v = await view(id);
      return v['status'] === 'rectifying' ? v : null;
    }, 'the rectification order');
    expect(rectifying['findings']).toEqual(['未与客户单位签订保安服务合同', '监控录像保存不足30日']);
    const listed = await server.http.get('/api/inspections').set('Authorization', `Bearer ${station.token}`);
    expect(listed.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({ status: rectifying['status'], findings: ['未与客户单位签订保安服务合同', '监控录像保存不足30日'] });
    expect(rectifying['documents']).toEqual([expect.objectContaining({ type: 'rectification-order', title: '责令整改通知书', issuedBy: '广州市公安局' })]);
    const clock = rectifying['clocks'][0];
    // 15 calendar days after 2026-09-01 is 09-16, a working day
    expect(clock).toMatchObject({ ruleId: 'I1', name: 'rectification' });
    expect(clock.dueAt).toBe('2026-09-16T15:59:59.999Z');
    const order = await server.http.get(`/api/official-documents/${rectifying['documents'][0].id}`).set('Authorization', `Bearer ${station.token}`);
    expect(order.status).toBe(200);
    expect(order.text).toContain('监控录像保存不足30日');
    expect(order.text).toContain('2026年9月16日');

    // nothing to re-inspect before the deadline
    await server.advance(10 * DAY);
    expect((await server.http.get(`/engine-rest/task`).query({ processInstanceId: pid }).set('Authorization', server.engineAuthorization())).body).toEqual([]);
    await server.advance(6 * DAY);
    await complete(pid, 'Task_Reinspect', { reinspectedDate: '2026-09-17', rectified: 'yes', reinspectionFindings: '已补签合同，监控保存期调整为90日' });
    const closed = await server.waitFor(async () => {
      const v = await view(id);
      return v['status'] === 'closed' ? v : null;
    }, 'closing');
    expect(closed).toMatchObject({ result: 'rectified' });
    expect(closed['clocks'][0].status).toBe('stopped');
  });

  it('refers a unit that did not rectify to an administrative case', async () => {
    const { id, pid } = await planned();
    await complete(pid, 'Task_Inspect', record({ inspectionResult: 'rectify', findingsText: '保安员未持证上岗', rectificationDays: 5 }));
    await server.waitFor(async () => (await view(id))['status'] === 'rectifying', 'the rectification order');
    // the status is recorded just before the engine reaches the deadline's timer: wait for the timer, then pass it
    await server.waitFor(async () => {
      const jobs = await server.http.get('/engine-rest/job').query({ processInstanceId: pid }).set('Authorization', server.engineAuthorization());
      return (jobs.body as unknown[]).length > 0;
    }, 'the rectification deadline timer');
    await server.advance(8 * DAY);
    await complete(pid, 'Task_Reinspect', { reinspectedDate: '2026-09-10', rectified: 'no', reinspectionFindings: '仍有3名保安员未持证' });
    await server.waitFor(async () => (await view(id))['result'] === 'case-referred', 'the referral');
  });

  it('lets only the inspecting group and the city’s leaders plan and read inspections, and names bad input', async () => {
    expect((await server.http.post('/api/inspections').set('Authorization', `Bearer ${otherStation.token}`).send(plan())).status).toBe(403);
    expect((await server.http.post('/api/inspections').set('Authorization', `Bearer ${leader.token}`).send(plan())).status).toBe(201);
    const foreignGroup = await server.http.post('/api/inspections').set('Authorization', `Bearer ${station.token}`).send(plan({ inspectorGroup: 'station-440304' }));
    expect(foreignGroup.status).toBe(400);
    expect(foreignGroup.body.details.issues[0].path).toBe('inspectorGroup');
    const bad = await server.http.post('/api/inspections').set('Authorization', `Bearer ${station.token}`).send({ kind: 'surprise', unit: { name: 'X', creditCode: '123' }, regionCode: '4401', inspectorGroup: 'everyone' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['kind', 'unit.name', 'unit.creditCode', 'regionCode', 'inspectorGroup']));

    const { id, pid } = await planned();
    expect((await server.http.get(`/api/inspections/${id}`).set('Authorization', `Bearer ${otherStation.token}`)).status).toBe(404);
    const taskId = await server.waitForTask(pid, 'Task_Inspect');
    const unsigned = await server.http.post(`/api/tasks/${taskId}/complete`).set('Authorization', `Bearer ${station.token}`).send({ values: record({ inspectionResult: 'rectify', signedByUnit: false }) });
    expect(unsigned.status).toBe(400);
    expect(unsigned.body.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['signedByUnit', 'findingsText', 'rectificationDays']));
  });
});
