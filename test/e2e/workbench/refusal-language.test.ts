import { jest } from '@jest/globals';
import type { Test } from 'supertest';
import type { TestUser } from '../../helpers/auth.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

jest.setTimeout(120_000);

let server: LicensingServer;
let first: TestUser;
let second: TestUser;
let admin: TestUser;
let registerTask: string;

/** Register → check: two steps for the city's case officers. */
const TWO_STEPS = bpmnProcess('refusal-language', `
    <bpmn:startEvent id="Start" />
    <bpmn:userTask id="Task_Register" name="登记" camunda:candidateGroups="case-440100" />
    <bpmn:userTask id="Task_Check" name="核查" camunda:candidateGroups="case-440100" />
    <bpmn:endEvent id="End" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Task_Register" />
    <bpmn:sequenceFlow id="f2" sourceRef="Task_Register" targetRef="Task_Check" />
    <bpmn:sequenceFlow id="f3" sourceRef="Task_Check" targetRef="End" />`);

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  first = await server.officer('refusal-first', ['case-440100']);
  second = await server.officer('refusal-second', ['case-440100']);
  admin = await server.officer('refusal-admin', ['admin']);
  const deployed = await server.http.post('/engine-rest/deployment/create').set('Authorization', server.engineAuthorization())
    .field('deployment-name', 'refusal-language').attach('model', Buffer.from(TWO_STEPS), 'refusal-language.bpmn');
  expect(deployed.status).toBe(200);
  const started = await server.http.post('/engine-rest/process-definition/key/refusal-language/start').set('Authorization', server.engineAuthorization()).send({});
  registerTask = await server.waitForTask(started.body.id as string, 'Task_Register');
  // the first officer holds the registration
  expect((await workbench(first).post(`/tasks/${registerTask}/claim`)).status).toBe(200);
});

afterAll(async () => {
  await server?.close();
});

const workbench = (user: TestUser) => ({
  get: (path: string) => server.http.get(`/api/workbench${path}`).set('Authorization', `Bearer ${user.token}`),
  post: (path: string, body: object = {}) => server.http.post(`/api/workbench${path}`).set('Authorization', `Bearer ${user.token}`).send(body),
});

type Refusal = { status: number; headers: Record<string, string>; body: { code: string; message: string; details?: { issues?: Array<{ path: string; message: string; code?: string }> } } };

/** The same refused request asked for in Chinese (as the web asks) and with no `Accept-Language` (as API clients do). */
async function inBothLanguages(request: () => Test): Promise<{ chinese: Refusal; english: Refusal }> {
  const chinese = await request().set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8') as Refusal;
  const english = await request() as Refusal;
  expect(chinese.status).toBe(english.status);
  expect(chinese.body.code).toBe(english.body.code);
  expect(chinese.headers['content-language']).toBe('zh-CN');
  expect(english.headers['content-language']).toBe('en');
  return { chinese, english };
}

describe('business refusals come back in the language the request asks for, with the same code', () => {
  it('words a 403 (a task someone else holds) in Chinese for zh-CN and in English without the header', async () => {
    const { chinese, english } = await inBothLanguages(() => workbench(second).post(`/tasks/${registerTask}/claim`));
    expect(chinese.status).toBe(403);
    expect(chinese.body.code).toBe('FORBIDDEN');
    expect(chinese.body.message).toBe('该任务已由他人办理');
    expect(english.body.message).toBe(`Task ${registerTask} is assigned to someone else`);
  });

  it('words a 404 (a task that does not exist)', async () => {
    const { chinese, english } = await inBothLanguages(() => workbench(first).get('/tasks/no-such-task'));
    expect(chinese.status).toBe(404);
    expect(chinese.body.code).toBe('NOT_FOUND');
    expect(chinese.body.message).toBe('任务 no-such-task 不存在');
    expect(english.body.message).toBe('Task no-such-task does not exist');
  });

  it('words a 409 (a user name that is taken)', async () => {
    const { chinese, english } = await inBothLanguages(() => server.http.post('/api/admin/users').set('Authorization', `Bearer ${admin.token}`)
      .send({ id: 'refusal-first', name: '重名', password: 'long-enough-password', groups: [] }));
    expect(chinese.status).toBe(409);
    expect(chinese.body.code).toBe('USER_EXISTS');
    expect(chinese.body.message).toBe('用户“refusal-first”已存在');
    expect(english.body.message).toBe("User 'refusal-first' already exists");
  });

  it('words a business rule (sending a case back to a step it never passed) and its field message', async () => {
    const { chinese, english } = await inBothLanguages(() => workbench(first).post(`/tasks/${registerTask}/send-back`, { activityId: 'Task_Check', comment: '退回核查' }));
    expect(chinese.status).toBe(400);
    expect(chinese.body.code).toBe('SEND_BACK_TARGET_INVALID');
    expect(chinese.body.message).toBe('本案未经过环节“Task_Check”，或不能退回到该环节');
    expect(chinese.body.details?.issues?.[0]).toMatchObject({ path: 'activityId', code: 'SEND_BACK_TARGET_INVALID', message: '须为以下之一：（无：此前没有可退回的环节）' });
    expect(english.body.message).toBe("The case has not passed through step 'Task_Check', or it cannot be sent back there");
  });

  it('words the refusal of a request that names no route and of one without a token', async () => {
    const missing = await inBothLanguages(() => server.http.get('/api/no-such-route').set('Authorization', `Bearer ${first.token}`));
    expect(missing.chinese.status).toBe(404);
    expect(missing.chinese.body.message).toBe('没有 GET /api/no-such-route 这一接口');
    const anonymous = await inBothLanguages(() => server.http.get('/api/workbench/todo'));
    expect(anonymous.chinese.status).toBe(401);
    expect(anonymous.chinese.body.message).toBe('请先登录');
    expect(anonymous.english.body.message).toBe('A bearer token is required');
  });
});
