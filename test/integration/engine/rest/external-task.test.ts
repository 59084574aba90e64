import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';
import { LongPollRegistry } from '../../../../src/engine/rest/long-poll.js';
import type { FetchRequest } from '../../../../src/engine/services/external-task-service.js';
import { fromRestVariables } from '../../../../src/engine/variables/index.js';

const ACTOR = { userId: 'demo', groupIds: ['admin'] };
const LOCK = 60_000;

let s: EngineServer;
let defs: Record<string, string>;
/** How far the test moved the engine clock, so that expected lock times can be computed. */
let offset = 0;

beforeAll(async () => {
  s = await startEngineServer();
  defs = await s.deploy({
    // a worker task followed by a user task, so that the instance keeps running after the task is completed
    'work.bpmn': bpmnProcess('et-work', `<bpmn:startEvent id="start" />
      <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="\${topic}" camunda:taskPriority="\${priority}">
        <bpmn:extensionElements><camunda:properties><camunda:property name="sla" value="2d" /></camunda:properties></bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:userTask id="review" /><bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" /><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="review" />
      <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="end" />`),
    'other.bpmn': bpmnProcess('et-other', `<bpmn:startEvent id="start" /><bpmn:serviceTask id="work" camunda:type="external" camunda:topic="\${topic}" />
      <bpmn:userTask id="review" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" /><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="review" />`),
    // the worker task has its own scope with a local variable
    'scoped.bpmn': bpmnProcess('et-scoped', `<bpmn:startEvent id="start" />
      <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="\${topic}">
        <bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="inner">local value</camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:userTask id="review" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" /><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="review" />`),
    // a worker task next to a user task, so that the instance survives a BPMN error that ends the worker's token
    'forked.bpmn': bpmnProcess('et-forked', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="\${topic}" /><bpmn:userTask id="wait" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" /><bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="work" />
      <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="wait" />`),
  });
});
afterAll(async () => {
  await s.close();
});

let topics = 0;
/** A topic no other test uses. */
const newTopic = () => `topic-${++topics}`;

/** Starts an instance of `key` whose worker task has topic `topic`; variables are REST-shaped. */
async function start(key: string, topic: string, options: { priority?: number; businessKey?: string; variables?: Record<string, unknown> } = {}): Promise<string> {
  const def = await s.engine.repository.getProcessDefinition(ACTOR, defs[key]!);
  const variables = fromRestVariables({
    topic: { value: topic, type: 'String' },
    priority: { value: options.priority ?? 0, type: 'Integer' },
    ...options.variables,
  });
  const info = await s.engine.runtime.start(ACTOR, def, { businessKey: options.businessKey ?? null, variables });
  return info.id;
}

const fetchAndLock = (body: Record<string, unknown>) => s.post('/external-task/fetchAndLock').send(body);

/** Fetches for one unfiltered topic and expects exactly `count` tasks. */
async function fetchTopic(workerId: string, topicName: string, count = 1, extra: Record<string, unknown> = {}): Promise<LockedDto[]> {
  const res = await fetchAndLock({ workerId, maxTasks: 10, topics: [{ topicName, lockDuration: LOCK }], ...extra }).expect(200);
  expect(res.body).toHaveLength(count);
  return res.body as LockedDto[];
}

async function fetchOne(workerId: string, topicName: string): Promise<LockedDto> {
  return (await fetchTopic(workerId, topicName, 1))[0]!;
}

function advance(ms: number): void {
  offset += ms;
  s.advance(ms);
}

async function incidentsOf(taskId: string): Promise<Array<Record<string, unknown>>> {
  return s.db.dataSource.query('SELECT incident_type, incident_msg, configuration, activity_id FROM eng_incident WHERE configuration = ?', [taskId]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `condition` holds (checked every 10 ms), failing after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

/** Waits until `check` answers a truthy value (checked every 10 ms) and returns it, failing after 10 s. */
async function eventually<T>(check: () => Promise<T | undefined | null | false>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

interface LockedDto {
  id: string; topicName: string; workerId: string; lockExpirationTime: string; retries: number | null; errorMessage: string | null;
  errorDetails: string | null; processInstanceId: string; executionId: string; activityId: string; businessKey: string | null;
  priority: number; variables: Record<string, { type: string; value: unknown; valueInfo: Record<string, unknown> }>;
  extensionProperties: Record<string, string>;
}

describe('POST /external-task/fetchAndLock', () => {
  it('locks available tasks for the worker and answers them with their variables, as exactly application/json', async () => {
    const topic = newTopic();
    const pi = await start('et-work', topic, { businessKey: 'BK-1', variables: { applicant: { value: '张三', type: 'String' } } });
    const res = await fetchAndLock({ workerId: 'w1', maxTasks: 5, topics: [{ topicName: topic, lockDuration: LOCK }] }).expect(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toHaveLength(1);
    const task = res.body[0] as LockedDto;
    expect(task).toMatchObject({
      topicName: topic, workerId: 'w1', processInstanceId: pi, activityId: 'work', businessKey: 'BK-1', retries: null,
      errorMessage: null, errorDetails: null, priority: 0, processDefinitionKey: 'et-work', suspended: false, extensionProperties: {},
    });
    expect(task.variables['applicant']).toEqual({ type: 'String', value: '张三', valueInfo: {} });
    expect(task.variables['priority']).toEqual({ type: 'Integer', value: 0, valueInfo: {} });
    const expires = new Date(task.lockExpirationTime).getTime();
    expect(Math.abs(expires - (Date.now() + offset + LOCK))).toBeLessThan(5_000);
  });

  it('does not hand out a locked task again until its lock expires, then locks it for the new worker', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const first = await fetchOne('w1', topic);
    await fetchTopic('w2', topic, 0);
    advance(LOCK + 1);
    const again = await fetchOne('w2', topic);
    expect(again).toMatchObject({ id: first.id, workerId: 'w2' });
  });

  it('returns at most maxTasks tasks; maxTasks 0 or no topics give []', async () => {
    const topic = newTopic();
    for (let i = 0; i < 3; i++) await start('et-work', topic);
    expect((await fetchAndLock({ workerId: 'w', maxTasks: 0, topics: [{ topicName: topic, lockDuration: LOCK }] }).expect(200)).body).toEqual([]);
    expect((await fetchAndLock({ workerId: 'w', maxTasks: 5 }).expect(200)).body).toEqual([]);
    expect((await fetchAndLock({ workerId: 'w', maxTasks: 2, topics: [{ topicName: topic, lockDuration: LOCK }] }).expect(200)).body).toHaveLength(2);
    await fetchTopic('w', topic, 1);
  });

  it('with usePriority hands out the task with the highest camunda:taskPriority first', async () => {
    const topic = newTopic();
    for (const priority of [5, 50, 20]) await start('et-work', topic, { priority });
    const order: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetchAndLock({ workerId: 'w', maxTasks: 1, usePriority: true, topics: [{ topicName: topic, lockDuration: LOCK }] }).expect(200);
      order.push((res.body as LockedDto[])[0]!.priority);
    }
    expect(order).toEqual([50, 20, 5]);
  });

  it('sorts by createTime when asked, and refuses any other sorting', async () => {
    const topic = newTopic();
    const older = await start('et-work', topic);
    advance(1_000);
    const newer = await start('et-work', topic);
    const body = (sortOrder: string) => ({ workerId: 'w', maxTasks: 1, sorting: [{ sortBy: 'createTime', sortOrder }], topics: [{ topicName: topic, lockDuration: LOCK }] });
    expect((await fetchAndLock(body('desc')).expect(200)).body[0].processInstanceId).toBe(newer);
    expect((await fetchAndLock(body('asc')).expect(200)).body[0].processInstanceId).toBe(older);
    const bad = await fetchAndLock({ ...body('asc'), sorting: [{ sortBy: 'priority', sortOrder: 'asc' }] }).expect(400);
    expect(bad.body).toMatchObject({ type: 'InvalidRequestException' });
    await fetchAndLock({ ...body('asc'), sorting: [{ sortBy: 'createTime', sortOrder: 'up' }] }).expect(400);
  });

  it('filters a topic by business key, process definition and process variables', async () => {
    const topic = newTopic();
    const a = await start('et-work', topic, { businessKey: 'A', variables: { district: { value: '海淀', type: 'String' }, amount: { value: 500, type: 'Integer' } } });
    const b = await start('et-other', topic, { businessKey: 'B', variables: { district: { value: '朝阳', type: 'String' }, amount: { value: 50, type: 'Integer' } } });
    const ids = async (filter: Record<string, unknown>) => {
      const res = await fetchAndLock({ workerId: 'w', maxTasks: 10, topics: [{ topicName: topic, lockDuration: 1, ...filter }] }).expect(200);
      return (res.body as LockedDto[]).map((t) => t.processInstanceId);
    };
    // lockDuration 1 ms and a clock step after each fetch keep every task fetchable for the next filter
    const check = async (filter: Record<string, unknown>, expected: string[]) => {
      expect(await ids(filter)).toEqual(expected);
      advance(2);
    };
    await check({ businessKey: 'A' }, [a]);
    await check({ processDefinitionKey: 'et-other' }, [b]);
    await check({ processDefinitionKeyIn: ['et-work', 'nope'] }, [a]);
    await check({ processDefinitionId: defs['et-other'] }, [b]);
    await check({ processDefinitionIdIn: [defs['et-work']] }, [a]);
    await check({ processVariables: { district: '朝阳' } }, [b]);
    await check({ processVariables: { district: '海淀', amount: 500 } }, [a]);
    await check({ processVariables: { district: '海淀', amount: 50 } }, []);
    await check({ businessKey: 'nobody' }, []);
  });

  it('returns all variables for variables null, none for [], only the named ones otherwise', async () => {
    const topic = newTopic();
    await start('et-work', topic, { variables: { a: { value: 1, type: 'Integer' }, b: { value: 'x', type: 'String' } } });
    const vars = async (variables: unknown) => {
      const res = await fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ topicName: topic, lockDuration: 1, variables }] }).expect(200);
      advance(2);
      return Object.keys((res.body as LockedDto[])[0]!.variables).sort();
    };
    expect(await vars(null)).toEqual(['a', 'b', 'priority', 'topic']);
    expect(await vars([])).toEqual([]);
    expect(await vars(['b', 'missing'])).toEqual(['b']);
  });

  it('with localVariables returns only the variables of the task execution itself', async () => {
    const topic = newTopic();
    await start('et-scoped', topic, { variables: { outer: { value: 'process value', type: 'String' } } });
    const fetchVars = async (localVariables: boolean) => {
      const res = await fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ topicName: topic, lockDuration: 1, localVariables }] }).expect(200);
      advance(2);
      return (res.body as LockedDto[])[0]!.variables;
    };
    expect(Object.keys(await fetchVars(false)).sort()).toEqual(['inner', 'outer', 'priority', 'topic']);
    expect(await fetchVars(true)).toEqual({ inner: { type: 'String', value: 'local value', valueInfo: {} } });
  });

  it('includes camunda:properties as extensionProperties only when asked', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const res = await fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ topicName: topic, lockDuration: 1, includeExtensionProperties: true }] }).expect(200);
    expect(res.body[0].extensionProperties).toEqual({ sla: '2d' });
  });

  it('answers engine validation errors with the engine exception types', async () => {
    const topic = newTopic();
    const noWorker = await fetchAndLock({ maxTasks: 1, topics: [{ topicName: topic, lockDuration: LOCK }] }).expect(500);
    expect(noWorker.body).toEqual({ type: 'NullValueException', message: 'workerId is null', code: 0 });
    const noTopicName = await fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ lockDuration: LOCK }] }).expect(500);
    expect(noTopicName.body).toMatchObject({ type: 'NullValueException', message: 'topicName is null' });
    const noLock = await fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ topicName: topic }] }).expect(500);
    expect(noLock.body).toMatchObject({ type: 'ProcessEngineException', message: 'lockTime is not greater than 0' });
    const negative = await fetchAndLock({ workerId: 'w', maxTasks: -1, topics: [{ topicName: topic, lockDuration: LOCK }] }).expect(500);
    expect(negative.body).toMatchObject({ type: 'ProcessEngineException' });
  });

  it('answers 400 InvalidRequestException for bodies of the wrong shape', async () => {
    const wrongType = await fetchAndLock({ workerId: 'w', maxTasks: 'many', topics: [] }).expect(400);
    expect(wrongType.body).toMatchObject({ type: 'InvalidRequestException', code: null });
    expect(wrongType.body.message).toContain('maxTasks');
    await fetchAndLock({ workerId: 'w', maxTasks: 1, topics: 'all' }).expect(400);
    await fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ topicName: 'x', lockDuration: 1, processVariables: { a: { nested: true } } }] }).expect(400);
    const malformed = await s.post('/external-task/fetchAndLock').set('Content-Type', 'application/json').send('{"workerId":').expect(400);
    expect(malformed.body.type).toBe('InvalidRequestException');
  });
});

describe('long polling', () => {
  it('answers at once (possibly []) without asyncResponseTimeout', async () => {
    const res = await fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ topicName: newTopic(), lockDuration: LOCK }] }).expect(200);
    expect(res.body).toEqual([]);
  });

  it('answers [] when the timeout elapses without a task', async () => {
    const started = Date.now();
    const res = await fetchAndLock({ workerId: 'w', maxTasks: 1, asyncResponseTimeout: 300, topics: [{ topicName: newTopic(), lockDuration: LOCK }] }).expect(200);
    expect(res.body).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('wakes a waiting request as soon as a task of its topic is created', async () => {
    const topic = newTopic();
    const timeout = 20_000;
    const started = Date.now();
    const waiting = fetchAndLock({ workerId: 'w', maxTasks: 1, asyncResponseTimeout: timeout, topics: [{ topicName: topic, lockDuration: LOCK }] }).then((r) => r);
    await sleep(200);
    const pi = await start('et-work', topic);
    const res = await waiting;
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0]).toMatchObject({ processInstanceId: pi, workerId: 'w' });
    expect(Date.now() - started).toBeLessThan(timeout);
  });

  it('wakes a waiting request when a task is unlocked or gets retries again', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const task = await fetchOne('holder', topic);
    const waitFor = () => fetchAndLock({ workerId: 'waiter', maxTasks: 1, asyncResponseTimeout: 20_000, topics: [{ topicName: topic, lockDuration: LOCK }] }).then((r) => r);

    let waiting = waitFor();
    await sleep(200);
    await s.post(`/external-task/${task.id}/unlock`).expect(204);
    expect((await waiting).body[0]).toMatchObject({ id: task.id, workerId: 'waiter' });

    await s.post(`/external-task/${task.id}/failure`).send({ workerId: 'waiter', errorMessage: 'down', retries: 0 }).expect(204);
    waiting = waitFor();
    await sleep(200);
    await s.put(`/external-task/${task.id}/retries`).send({ retries: 1 }).expect(204);
    expect((await waiting).body[0]).toMatchObject({ id: task.id, workerId: 'waiter', retries: 1 });
  });

  it('gives one new task to exactly one of several waiting requests; the others time out with []', async () => {
    const topic = newTopic();
    const waiting = ['a', 'b', 'c'].map((workerId) =>
      fetchAndLock({ workerId, maxTasks: 1, asyncResponseTimeout: 1_500, topics: [{ topicName: topic, lockDuration: LOCK }] }).then((r) => r));
    await sleep(200);
    await start('et-work', topic);
    const answers = await Promise.all(waiting);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers.map((r) => (r.body as unknown[]).length).sort()).toEqual([0, 0, 1]);
  });

  it('stops waiting for a client that disconnects, and locks nothing for it', async () => {
    const topic = newTopic();
    const url = new URL(`${s.engineUrl}/external-task/fetchAndLock`);
    const req = httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${s.token}` } });
    req.on('error', () => undefined);
    req.end(JSON.stringify({ workerId: 'gone', maxTasks: 1, asyncResponseTimeout: 60_000, topics: [{ topicName: topic, lockDuration: LOCK }] }));
    await sleep(200);
    req.destroy();
    await sleep(100);
    await start('et-work', topic);
    await sleep(100);
    expect(await fetchOne('present', topic)).toMatchObject({ workerId: 'present' });
  });

  it('unlocks the tasks of an answer the client never received, when the connection closes before it went out', async () => {
    // given: the engine API behind a step that holds the answer (as an audit write or a proxy may) until the client has gone
    const topic = newTopic();
    await start('et-work', topic);
    let clientGone!: () => void;
    const gone = new Promise<void>((resolve) => {
      clientGone = resolve;
    });
    const app = new Koa();
    app.use(async (ctx, next) => {
      ctx.state['engineUser'] = ACTOR;
      await next();
      await gone;
    });
    app.use(s.rest.middleware);
    const server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    try {
      // when: the worker's request is answered by the engine, and the worker disconnects before the answer is written
      const req = httpRequest(`http://127.0.0.1:${(server.address() as AddressInfo).port}/engine-rest/external-task/fetchAndLock`, { method: 'POST', headers: { 'Content-Type': 'application/json' } });
      req.on('error', () => undefined);
      req.end(JSON.stringify({ workerId: 'vanished', maxTasks: 1, topics: [{ topicName: topic, lockDuration: LOCK }] }));
      const locked = await eventually(async () => ((await s.get(`/external-task?topicName=${topic}&locked=true`)).body as Array<{ id: string; workerId: string }>)[0]);
      expect(locked.workerId).toBe('vanished');
      req.destroy();
      await sleep(50);
      clientGone();

      // then: the task is free again, and the next worker gets it at once
      await eventually(async () => (await s.get(`/external-task/${locked.id}`)).body.workerId === null);
      expect(await fetchOne('present', topic)).toMatchObject({ id: locked.id, workerId: 'present' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses a timeout above 30 minutes with 400', async () => {
    const res = await fetchAndLock({ workerId: 'w', maxTasks: 1, asyncResponseTimeout: 1_800_001, topics: [{ topicName: newTopic(), lockDuration: LOCK }] }).expect(400);
    expect(res.body).toEqual({
      type: 'InvalidRequestException', code: null,
      message: 'The asynchronous response timeout cannot be set to a value greater than 1800000 milliseconds',
    });
  });
});

describe('LongPollRegistry', () => {
  const request = (topicName: string, workerId = 'w'): FetchRequest => ({ workerId, maxTasks: 1, usePriority: false, topics: [{ topicName, lockDuration: LOCK }] });

  it('parks at most 200 requests, and answers all of them with 500 on shutdown', async () => {
    const registry = new LongPollRegistry(s.engine);
    const topic = newTopic();
    const parked = Array.from({ length: 200 }, () => registry.fetch(ACTOR, request(topic), 60_000).then(() => 'answered', (e: unknown) => e));
    await until(() => registry.size === 200);
    await expect(registry.fetch(ACTOR, request(topic), 60_000)).rejects.toMatchObject({
      type: 'InvalidRequestException', status: 500,
      message: 'At the moment the server has to handle too many requests at the same time. Please try again later.',
    });
    registry.close();
    const outcomes = await Promise.all(parked);
    expect(outcomes.every((e) => (e as { status?: number }).status === 500)).toBe(true);
    expect(outcomes[0]).toMatchObject({ message: 'Request rejected due to shutdown of application server.' });
    expect(registry.size).toBe(0);
  });

  it('re-tries waiting requests one at a time, and not all of them for one new task', async () => {
    const registry = new LongPollRegistry(s.engine);
    const topic = newTopic();
    const service = s.engine.externalTasks;
    const original = service.fetchAndLock.bind(service);
    let running = 0;
    let maxRunning = 0;
    let calls = 0;
    // count concurrent fetches of this registry (an own property shadows the prototype method until deleted)
    service.fetchAndLock = async (actor, req) => {
      calls++;
      running++;
      maxRunning = Math.max(maxRunning, running);
      try {
        return await original(actor, req);
      } finally {
        running--;
      }
    };
    try {
      const waiting = Array.from({ length: 20 }, (_, i) => registry.fetch(ACTOR, request(topic, `w${i}`), 3_000));
      await until(() => registry.size === 20);
      const before = calls;
      maxRunning = 0; // the first fetches of new requests run concurrently; only the re-tries are serialized
      await start('et-work', topic);
      const answers = await Promise.all(waiting);
      expect(answers.filter((a) => a.length === 1)).toHaveLength(1);
      expect(answers.filter((a) => a.length === 0)).toHaveLength(19);
      expect(maxRunning).toBe(1);
      // the one that gets the task, then one that finds the topic empty; the other 18 are not re-tried
      expect(calls - before).toBeLessThanOrEqual(3);
    } finally {
      delete (service as { fetchAndLock?: unknown }).fetchAndLock;
      registry.close();
    }
  });
});

describe('POST /external-task/{id}/complete', () => {
  it('completes the task with variables and local variables, and the process moves on', async () => {
    const topic = newTopic();
    const pi = await start('et-scoped', topic);
    const task = await fetchOne('w', topic);
    await s.post(`/external-task/${task.id}/complete`).send({
      workerId: 'w', variables: { result: { value: 42, type: 'Long' } }, localVariables: { scratch: { value: 'tmp', type: 'String' } },
    }).expect(204);
    const vars = await s.engine.runtime.getVariables(ACTOR, pi);
    expect(vars['result']).toMatchObject({ type: 'long', value: 42 });
    expect(vars['scratch']).toBeUndefined();
    expect((await s.engine.tasks.query(ACTOR, { processInstanceId: pi })).map((t) => t.taskDefKey)).toEqual(['review']);
    await s.get(`/external-task/${task.id}`).expect(404);
  });

  it('answers 404 for an unknown task, 500 without workerId and 400 naming a bad variable', async () => {
    const unknown = await s.post('/external-task/nope/complete').send({ workerId: 'w' }).expect(404);
    expect(unknown.body).toMatchObject({ type: 'RestException', message: 'External task with id nope does not exist' });
    const topic = newTopic();
    await start('et-work', topic);
    const task = await fetchOne('w', topic);
    expect((await s.post(`/external-task/${task.id}/complete`).send({}).expect(500)).body).toMatchObject({ type: 'NullValueException' });
    const bad = await s.post(`/external-task/${task.id}/complete`).send({ workerId: 'w', variables: { amount: { value: 'abc', type: 'Integer' } } }).expect(400);
    expect(bad.body).toMatchObject({ type: 'InvalidRequestException' });
    expect(bad.body.message).toContain('amount');
    await s.get(`/external-task/${task.id}`).expect(200);
  });
});

describe('worker ownership', () => {
  const byOtherWorker: Array<[string, Record<string, unknown>]> = [
    ['complete', {}],
    ['failure', { errorMessage: 'x', retries: 1 }],
    ['bpmnError', { errorCode: 'E1' }],
    ['extendLock', { newDuration: 1_000 }],
  ];

  it.each(byOtherWorker)('%s by a worker that does not hold the lock answers 400', async (operation, body) => {
    const topic = newTopic();
    await start('et-work', topic);
    const task = await fetchOne('owner', topic);
    const res = await s.post(`/external-task/${task.id}/${operation}`).send({ workerId: 'intruder', ...body }).expect(400);
    // Camunda's resource wraps the engine's BadUserRequestException in a RestException(400) with the same message
    expect(res.body.type).toBe('RestException');
    expect(res.body.message).toContain("'intruder'");
    expect((await s.get(`/external-task/${task.id}`).expect(200)).body).toMatchObject({ workerId: 'owner' });
  });

  it('lock is refused while another worker holds an unexpired lock, and allowed for the holder or after expiry', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const task = (await s.get(`/external-task?topicName=${topic}`).expect(200)).body[0] as { id: string };
    await s.post(`/external-task/${task.id}/lock`).send({ workerId: 'w1', lockDuration: 10_000 }).expect(204);
    expect((await s.get(`/external-task/${task.id}`).expect(200)).body).toMatchObject({ workerId: 'w1' });
    const refused = await s.post(`/external-task/${task.id}/lock`).send({ workerId: 'w2', lockDuration: 10_000 }).expect(400);
    expect(refused.body.type).toBe('RestException');
    await s.post(`/external-task/${task.id}/lock`).send({ workerId: 'w1', lockDuration: 20_000 }).expect(204);
    advance(20_001);
    await s.post(`/external-task/${task.id}/lock`).send({ workerId: 'w2', lockDuration: 10_000 }).expect(204);
    expect((await s.get(`/external-task/${task.id}`).expect(200)).body).toMatchObject({ workerId: 'w2' });
    await s.post(`/external-task/${task.id}/lock`).send({ workerId: 'w2', lockDuration: 0 }).expect(400);
    await s.post('/external-task/nope/lock').send({ workerId: 'w2', lockDuration: 1 }).expect(404);
    expect((await s.post(`/external-task/${task.id}/lock`).send({ lockDuration: 1 }).expect(500)).body.type).toBe('NullValueException');
  });

  it('unlock needs no worker and no body, and makes the task fetchable again', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const task = await fetchOne('owner', topic);
    await s.http.post(`/engine-rest/external-task/${task.id}/unlock`).set('Authorization', `Bearer ${s.token}`).expect(204);
    expect((await s.get(`/external-task/${task.id}`).expect(200)).body).toMatchObject({ workerId: null, lockExpirationTime: null });
    expect(await fetchOne('other', topic)).toMatchObject({ id: task.id, workerId: 'other' });
    await s.post('/external-task/nope/unlock').expect(404);
  });
});

describe('POST /external-task/{id}/extendLock', () => {
  it('extends the lock of the holder from now; refuses a non-positive duration and an expired lock', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const task = await fetchOne('w', topic);
    await s.post(`/external-task/${task.id}/extendLock`).send({ workerId: 'w', newDuration: 300_000 }).expect(204);
    const extended = (await s.get(`/external-task/${task.id}`).expect(200)).body as { lockExpirationTime: string };
    expect(Math.abs(new Date(extended.lockExpirationTime).getTime() - (Date.now() + offset + 300_000))).toBeLessThan(5_000);
    expect((await s.post(`/external-task/${task.id}/extendLock`).send({ workerId: 'w', newDuration: 0 }).expect(400)).body.type).toBe('RestException');
    advance(300_001);
    const expired = await s.post(`/external-task/${task.id}/extendLock`).send({ workerId: 'w', newDuration: 1_000 }).expect(400);
    expect(expired.body.message).toBe('Cannot extend a lock that expired');
    await s.post('/external-task/nope/extendLock').send({ workerId: 'w', newDuration: 1_000 }).expect(404);
  });
});

describe('POST /external-task/{id}/failure', () => {
  it('keeps the task fetchable while retries are left; retries 0 raises an incident that PUT retries resolves', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    let task = await fetchOne('w', topic);
    await s.post(`/external-task/${task.id}/failure`).send({ workerId: 'w', errorMessage: 'service down', errorDetails: 'stack…', retries: 2, retryTimeout: 0 }).expect(204);
    task = await fetchOne('w', topic);
    expect(task).toMatchObject({ retries: 2, errorMessage: 'service down', errorDetails: 'stack…' });
    expect(await incidentsOf(task.id)).toEqual([]);

    await s.post(`/external-task/${task.id}/failure`).send({ workerId: 'w', errorMessage: 'still down', retries: 0 }).expect(204);
    expect(await incidentsOf(task.id)).toEqual([
      { incident_type: 'failedExternalTask', incident_msg: 'still down', configuration: task.id, activity_id: 'work' },
    ]);
    await fetchTopic('w', topic, 0);
    expect((await s.get(`/external-task?noRetriesLeft=true&topicName=${topic}`).expect(200)).body).toHaveLength(1);

    await s.put(`/external-task/${task.id}/retries`).send({ retries: 1 }).expect(204);
    expect(await incidentsOf(task.id)).toEqual([]);
    expect(await fetchOne('w', topic)).toMatchObject({ id: task.id, retries: 1 });
  });

  it('treats omitted retries as 0: an incident at once', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const task = await fetchOne('w', topic);
    await s.post(`/external-task/${task.id}/failure`).send({ workerId: 'w', errorMessage: 'boom' }).expect(204);
    expect(await incidentsOf(task.id)).toHaveLength(1);
    expect((await s.get(`/external-task/${task.id}`).expect(200)).body).toMatchObject({ retries: 0, errorMessage: 'boom' });
  });

  it('makes the task fetchable only after retryTimeout', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const task = await fetchOne('w', topic);
    await s.post(`/external-task/${task.id}/failure`).send({ workerId: 'w', errorMessage: 'later', retries: 3, retryTimeout: 120_000 }).expect(204);
    await fetchTopic('w', topic, 0);
    advance(120_001);
    expect(await fetchOne('w', topic)).toMatchObject({ id: task.id, retries: 3 });
  });

  it('answers 500 for negative retries and 404 for an unknown task', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const task = await fetchOne('w', topic);
    expect((await s.post(`/external-task/${task.id}/failure`).send({ workerId: 'w', retries: -1 }).expect(500)).body.type).toBe('ProcessEngineException');
    await s.post('/external-task/nope/failure').send({ workerId: 'w' }).expect(404);
  });
});

describe('GET /external-task/{id}/errorDetails', () => {
  it('answers the details as text/plain, 204 when there are none, 404 for an unknown task', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const task = await fetchOne('w', topic);
    await s.get(`/external-task/${task.id}/errorDetails`).expect(204);
    await s.post(`/external-task/${task.id}/failure`).send({ workerId: 'w', errorMessage: 'x', errorDetails: 'line 1\nline 2', retries: 1 }).expect(204);
    const res = await s.get(`/external-task/${task.id}/errorDetails`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe('line 1\nline 2');
    expect((await s.get('/external-task/nope/errorDetails').expect(404)).body.type).toBe('RestException');
  });
});

describe('POST /external-task/{id}/bpmnError', () => {
  it('without a catching event ends the token: the process completes', async () => {
    const topic = newTopic();
    const pi = await start('et-work', topic);
    const task = await fetchOne('w', topic);
    await s.post(`/external-task/${task.id}/bpmnError`).send({ workerId: 'w', errorCode: 'NOT_ELIGIBLE', errorMessage: 'no permit' }).expect(204);
    expect((await s.engine.runtime.historic(ACTOR, pi))?.state).toBe('COMPLETED');
    await s.get(`/external-task/${task.id}`).expect(404);
  });

  it('stores the variables it carries', async () => {
    const topic = newTopic();
    const pi = await start('et-forked', topic);
    const task = await fetchOne('w', topic);
    await s.post(`/external-task/${task.id}/bpmnError`).send({ workerId: 'w', errorCode: 'E', variables: { reason: { value: 'expired', type: 'String' } } }).expect(204);
    expect((await s.engine.runtime.getVariables(ACTOR, pi))['reason']).toMatchObject({ type: 'string', value: 'expired' });
  });

  it('answers 500 NullValueException without errorCode', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const task = await fetchOne('w', topic);
    expect((await s.post(`/external-task/${task.id}/bpmnError`).send({ workerId: 'w' }).expect(500)).body).toMatchObject({ type: 'NullValueException', message: 'errorCode is null' });
  });
});

describe('PUT /external-task/{id}/retries and PUT /external-task/retries', () => {
  it('sets retries; refuses a missing or negative number; 404 for an unknown task', async () => {
    const topic = newTopic();
    await start('et-work', topic);
    const task = (await s.get(`/external-task?topicName=${topic}`).expect(200)).body[0] as { id: string };
    await s.put(`/external-task/${task.id}/retries`).send({ retries: 4 }).expect(204);
    expect((await s.get(`/external-task/${task.id}`).expect(200)).body.retries).toBe(4);
    expect((await s.put(`/external-task/${task.id}/retries`).send({}).expect(400)).body).toEqual({
      type: 'InvalidRequestException', message: 'The number of retries cannot be null.', code: null,
    });
    await s.put(`/external-task/${task.id}/retries`).send({ retries: -1 }).expect(400);
    await s.put('/external-task/nope/retries').send({ retries: 1 }).expect(404);
  });

  it('sets retries of many tasks by id, by process instance and by query; 0 raises incidents', async () => {
    const topic = newTopic();
    const piA = await start('et-work', topic);
    const piB = await start('et-work', topic);
    const piC = await start('et-work', topic);
    const all = (await s.get(`/external-task?topicName=${topic}&sortBy=processInstanceId&sortOrder=asc`).expect(200)).body as Array<{ id: string; processInstanceId: string }>;
    const idOf = (pi: string) => all.find((t) => t.processInstanceId === pi)!.id;
    await s.put('/external-task/retries').send({ retries: 0, externalTaskIds: [idOf(piA)], processInstanceIds: [piB] }).expect(204);
    expect(await incidentsOf(idOf(piA))).toHaveLength(1);
    expect(await incidentsOf(idOf(piB))).toHaveLength(1);
    expect(await incidentsOf(idOf(piC))).toHaveLength(0);
    await s.put('/external-task/retries').send({ retries: 2, externalTaskQuery: { topicName: topic } }).expect(204);
    expect((await s.get(`/external-task?topicName=${topic}`).expect(200)).body.map((t: { retries: number }) => t.retries)).toEqual([2, 2, 2]);
    expect(await incidentsOf(idOf(piA))).toHaveLength(0);
    expect((await s.put('/external-task/retries').send({ externalTaskIds: [idOf(piA)] }).expect(400)).body.message).toBe('The number of retries cannot be null.');
    expect((await s.put('/external-task/retries').send({ retries: 1, externalTaskIds: [] }).expect(400)).body.type).toBe('InvalidRequestException');
    expect((await s.put('/external-task/retries').send({ retries: 1, externalTaskIds: ['nope'] }).expect(404)).body.type).toBe('InvalidRequestException');
  });
});

describe('GET and POST /external-task, /external-task/count, /external-task/{id}', () => {
  it('queries by topic, instance, lock state and worker, with sorting, paging and counts', async () => {
    const topic = newTopic();
    const pis = [await start('et-work', topic, { priority: 1 }), await start('et-work', topic, { priority: 3 }), await start('et-work', topic, { priority: 2 })];
    await fetchAndLock({ workerId: 'qw', maxTasks: 1, usePriority: true, topics: [{ topicName: topic, lockDuration: LOCK }] }).expect(200);

    const byPriority = (await s.get(`/external-task?topicName=${topic}&sortBy=taskPriority&sortOrder=desc`).expect(200)).body as Array<{ priority: number }>;
    expect(byPriority.map((t) => t.priority)).toEqual([3, 2, 1]);
    expect((await s.get(`/external-task?topicName=${topic}&locked=true`).expect(200)).body).toMatchObject([{ workerId: 'qw', priority: 3 }]);
    expect((await s.get(`/external-task/count?topicName=${topic}&notLocked=true`).expect(200)).body).toEqual({ count: 2 });
    expect((await s.get(`/external-task/count?workerId=qw&topicName=${topic}`).expect(200)).body).toEqual({ count: 1 });
    expect((await s.get(`/external-task?processInstanceId=${pis[0]}`).expect(200)).body).toHaveLength(1);
    expect((await s.get(`/external-task?topicName=${topic}&sortBy=taskPriority&sortOrder=asc&firstResult=1&maxResults=1`).expect(200)).body)
      .toMatchObject([{ priority: 2 }]);

    const posted = await s.post('/external-task?maxResults=2').send({ topicName: topic, processInstanceIdIn: pis, sorting: [{ sortBy: 'taskPriority', sortOrder: 'asc' }] }).expect(200);
    expect((posted.body as Array<{ priority: number }>).map((t) => t.priority)).toEqual([1, 2]);
    expect((await s.post('/external-task/count').send({ topicName: topic, withRetriesLeft: true }).expect(200)).body).toEqual({ count: 3 });
    expect((await s.get(`/external-task?topicName=${topic}&sortBy=nonsense&sortOrder=asc`).expect(400)).body.type).toBe('InvalidRequestException');
    await s.get(`/external-task?topicName=${topic}&sortBy=taskPriority`).expect(400);
  });

  it('answers one task by id, and 404 RestException for an unknown id', async () => {
    const topic = newTopic();
    const pi = await start('et-work', topic, { businessKey: 'ONE' });
    const [task] = (await s.get(`/external-task?processInstanceId=${pi}`).expect(200)).body as Array<{ id: string }>;
    const res = await s.get(`/external-task/${task!.id}`).expect(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toMatchObject({ id: task!.id, topicName: topic, businessKey: 'ONE', activityId: 'work', retries: null, workerId: null, suspended: false });
    expect((await s.get('/external-task/nope').expect(404)).body).toEqual({ type: 'RestException', message: 'External task with id nope does not exist', code: null });
  });
});

describe('GET /execution/{id}/localVariables/{name}/data', () => {
  it('serves file and bytes variables as raw bytes; 400 for other types; 404 for an unknown variable', async () => {
    const content = Buffer.from('许可证 PDF');
    const pi = await start('et-work', newTopic(), {
      variables: {
        scan: { type: 'File', value: content.toString('base64'), valueInfo: { filename: 'permit.pdf', mimeType: 'application/pdf' } },
        raw: { type: 'Bytes', value: Buffer.from([1, 2, 3]).toString('base64') },
        text: { type: 'String', value: 'not binary' },
      },
    });
    const download = (path: string) => s.get(path).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    const file = await download(`/execution/${pi}/localVariables/scan/data`).expect(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('permit.pdf');
    expect(Buffer.compare(file.body as Buffer, content)).toBe(0);
    const bytes = await download(`/execution/${pi}/localVariables/raw/data`).expect(200);
    expect(bytes.headers['content-type']).toBe('application/octet-stream');
    expect([...(bytes.body as Buffer)]).toEqual([1, 2, 3]);
    expect((await s.get(`/execution/${pi}/localVariables/text/data`).expect(400)).body.type).toBe('InvalidRequestException');
    expect((await s.get(`/execution/${pi}/localVariables/missing/data`).expect(404)).body.type).toBe('InvalidRequestException');
    expect((await s.get('/execution/nope/localVariables/scan/data').expect(500)).body.type).toBe('RestException');
  });
});
