import { QueryFailedError } from 'typeorm';
import { z } from 'zod';
import { BusinessRuleError, OperationalError } from '../../../src/errors.js';
import { silentLogger } from '../../../src/logger.js';
import { composeGreeting } from '../../../src/workers/compose-greeting.js';
import { defineWorker, type WorkerDefinition } from '../../../src/workers/define-worker.js';
import { startWorkers, type RunningWorkers, type WorkerDeps } from '../../../src/workers/index.js';
import type { Topic } from '../../../src/workers/topics.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { fixture, startEngineServer, type EngineServer } from '../../helpers/engine-server.js';

const external = (topic: string) => bpmnProcess(topic, `<bpmn:startEvent id="start" /><bpmn:serviceTask id="work" camunda:type="external" camunda:topic="${topic}" />
  <bpmn:userTask id="after" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" /><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="after" />`);

/** A worker that fails transiently (e.g. the household registration system is down). */
const flaky = defineWorker({
  topic: 'flaky-test' as Topic,
  input: z.object({}),
  retries: 3,
  handle: () => Promise.reject(new OperationalError('SERVICE_UNAVAILABLE', 'registry unreachable')),
});
/** A worker whose transaction lost a deadlock (the error as TypeORM passes on MariaDB's). */
const deadlocked = defineWorker({
  topic: 'deadlock-test' as Topic,
  input: z.object({}),
  retries: 3,
  handle: () => Promise.reject(new QueryFailedError('UPDATE lic_application SET status = ?', ['accepted'],
    Object.assign(new Error('Deadlock found when trying to get lock; try restarting transaction'), { code: 'ER_LOCK_DEADLOCK', errno: 1213 }))),
});
/** A worker that throws a BPMN error it does not declare, so no model is known to catch it. */
const undeclared = defineWorker({
  topic: 'undeclared-test' as Topic,
  input: z.object({}),
  handle: () => Promise.reject(new BusinessRuleError('GREETING_NAME_BLANK', 'thrown by the wrong worker')),
});
/** A worker with a bug. */
const broken = defineWorker({
  topic: 'broken-test' as Topic,
  input: z.object({}),
  handle: () => Promise.reject(new TypeError('cannot read properties of undefined')),
});

let s: EngineServer;
let workers: RunningWorkers;
beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({ 'example-greeting.bpmn': fixture('../../../bpmn/example-greeting.bpmn'), 'flaky-test.bpmn': external('flaky-test'), 'broken-test.bpmn': external('broken-test'), 'deadlock-test.bpmn': external('deadlock-test'), 'undeclared-test.bpmn': external('undeclared-test') });
  workers = startWorkers({
    engineUrl: s.engineUrl,
    authorization: () => `Bearer ${s.token}`,
    // the workers under test use only the clock
    deps: { now: () => new Date('2026-11-22T08:00:00.000Z') } as WorkerDeps,
    logger: silentLogger,
    asyncResponseTimeout: 300,
    workers: [composeGreeting, flaky, broken, deadlocked, undeclared] as ReadonlyArray<WorkerDefinition<unknown, WorkerDeps>>,
  });
});
afterAll(async () => {
  workers.stop();
  await s.close();
});

async function eventually<T>(probe: () => Promise<T | null | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const v = await probe();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const start = async (key: string, variables: Record<string, unknown> = {}) =>
  (await s.post(`/process-definition/key/${key}/start`).send({ variables }).expect(200)).body.id as string;

describe('the worker harness (real client against the engine over HTTP)', () => {
  it('gives every worker its own workerId', () => {
    expect(new Set(workers.workerIds).size).toBe(5);
  });

  it('completes a task with the handler output as process variables', async () => {
    const id = await start('example-greeting', { name: { value: '赵六', type: 'String' } });
    await eventually(async () => ((await s.get(`/task?processInstanceId=${id}`).expect(200)).body as unknown[]).length === 1 || null, 'the user task');
    const vars = (await s.get(`/process-instance/${id}/variables`).expect(200)).body;
    expect(vars.greeting).toMatchObject({ type: 'String', value: '您好，赵六！' });
    expect(vars.greetedAt.type).toBe('Date');
  });

  it('reports a business rule violation as a BPMN error with its stable code', async () => {
    const id = await start('example-greeting', { name: { value: '   ', type: 'String' } });
    const op = await eventually(async () => {
      const rows = await s.db.dataSource.query("SELECT new_value FROM eng_hi_op_log WHERE proc_inst_id = ? AND operation_type = 'HandleBpmnError' AND property = 'errorCode'", [id]);
      return (rows as Array<{ new_value: string }>)[0] ?? null;
    }, 'the BPMN error');
    expect(op.new_value).toBe('GREETING_NAME_BLANK');
    // the model catches it on the task's boundary and ends there, without the user task
    const ended = await eventually(async () => {
      const acts = (await s.get('/history/activity-instance').query({ processInstanceId: id, activityId: 'EndEvent_NameBlank' }).expect(200)).body as unknown[];
      return acts.length === 1 || null;
    }, 'the end at EndEvent_NameBlank');
    expect(ended).toBe(true);
    expect((await s.get(`/task?processInstanceId=${id}`).expect(200)).body).toEqual([]);
  });

  it('raises an incident for a BPMN error the worker does not declare, rather than ending the case where nothing catches it', async () => {
    const id = await start('undeclared-test');
    const [t] = await eventually(async () => {
      const list = (await s.get(`/external-task?processInstanceId=${id}`).expect(200)).body as Array<{ retries: number | null; errorMessage: string }>;
      return list[0]?.retries === 0 ? list : null;
    }, 'the incident');
    expect(t!.errorMessage).toContain("threw BPMN error 'GREETING_NAME_BLANK', which it does not declare");
    expect((await s.get(`/process-instance/${id}`).expect(200)).body.ended).toBe(false);
  });

  it('raises an incident at once when the input variables are invalid', async () => {
    const id = await start('example-greeting', { name: { value: '名'.repeat(101), type: 'String' } });
    const incident = await eventually(async () => {
      const rows = await s.db.dataSource.query("SELECT incident_msg FROM eng_incident WHERE proc_inst_id = ? AND incident_type = 'failedExternalTask'", [id]);
      return (rows as Array<{ incident_msg: string }>)[0] ?? null;
    }, 'the incident');
    expect(incident.incident_msg).toContain('name');
  });

  it('retries a transient failure with one retry fewer and a backoff', async () => {
    const id = await start('flaky-test');
    const task = await eventually(async () => {
      const [t] = (await s.get(`/external-task?processInstanceId=${id}`).expect(200)).body as Array<{ retries: number | null; errorMessage: string; lockExpirationTime: string }>;
      return t?.retries === 2 ? t : null;
    }, 'the first failure');
    expect(task.errorMessage).toContain('registry unreachable');
    expect(new Date(task.lockExpirationTime).getTime() - Date.now()).toBeGreaterThan(5_000);
  });

  it('retries a task whose database transaction lost a deadlock, instead of raising an incident', async () => {
    const id = await start('deadlock-test');
    const task = await eventually(async () => {
      const [t] = (await s.get(`/external-task?processInstanceId=${id}`).expect(200)).body as Array<{ retries: number | null; errorMessage: string }>;
      return t?.retries === 2 ? t : null;
    }, 'the first failure');
    expect(task.errorMessage).toContain('Deadlock');
  });

  it('raises an incident for an unexpected error instead of waiting for the lock to expire', async () => {
    const id = await start('broken-test');
    const [t] = await eventually(async () => {
      const list = (await s.get(`/external-task?processInstanceId=${id}`).expect(200)).body as Array<{ retries: number | null; errorMessage: string }>;
      return list[0]?.retries === 0 ? list : null;
    }, 'the incident');
    expect(t!.errorMessage).toContain('cannot read properties');
    const incidents = await s.db.dataSource.query("SELECT COUNT(*) AS c FROM eng_incident WHERE proc_inst_id = ?", [id]);
    expect(Number((incidents as Array<{ c: number }>)[0]!.c)).toBe(1);
  });
});
