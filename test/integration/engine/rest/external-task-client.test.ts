/**
 * The real `camunda-external-task-client-js` 3.x, unmodified, against the embedded engine over HTTP: long polling,
 * typed variables in both directions, file variables (upload as base64, download through
 * `/execution/{processInstanceId}/localVariables/{name}/data`), failures and BPMN errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, File, Variables, type Handler, type Task, type TaskService } from 'camunda-external-task-client-js';
import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';
import { fromRestVariables } from '../../../../src/engine/variables/index.js';

const ACTOR = { userId: 'demo', groupIds: ['admin'] };

let s: EngineServer;
let defs: Record<string, string>;
let dir: string;
const clients: Client[] = [];

beforeAll(async () => {
  s = await startEngineServer();
  dir = mkdtempSync(join(tmpdir(), 'et-client-'));
  defs = await s.deploy({
    // intake → review (two workers in a row) → a user task
    'permit.bpmn': bpmnProcess('client-permit', `<bpmn:startEvent id="start" />
      <bpmn:serviceTask id="intake" camunda:type="external" camunda:topic="client-intake" />
      <bpmn:serviceTask id="review" camunda:type="external" camunda:topic="client-review" />
      <bpmn:userTask id="approve" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="intake" /><bpmn:sequenceFlow id="f2" sourceRef="intake" targetRef="review" />
      <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="approve" />`),
    'failing.bpmn': bpmnProcess('client-failing', `<bpmn:startEvent id="start" />
      <bpmn:serviceTask id="check" camunda:type="external" camunda:topic="\${topic}" /><bpmn:userTask id="after" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" /><bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="after" />`),
    // the worker's token runs next to a user task, so the instance outlives a BPMN error without a catching event
    'screening.bpmn': bpmnProcess('client-screening', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      <bpmn:serviceTask id="screen" camunda:type="external" camunda:topic="client-screen" /><bpmn:userTask id="wait" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" /><bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="screen" />
      <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="wait" />`),
  });
});

afterAll(async () => {
  for (const c of clients) c.stop();
  // answer the clients' parked polls first, so that their connections are idle when the server closes
  s.rest.close();
  await new Promise((resolve) => setTimeout(resolve, 100));
  await s.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A polling client with its own worker id, authenticated with the test user's bearer token. */
function newClient(workerId: string): Client {
  const client = new Client({
    baseUrl: s.engineUrl,
    workerId,
    autoPoll: false,
    asyncResponseTimeout: 1_000,
    interval: 20,
    lockDuration: 30_000,
    interceptors: (config) => ({ ...config, headers: { ...config.headers, Authorization: `Bearer ${s.token}` } }),
  });
  clients.push(client);
  client.start();
  return client;
}

/** Subscribes `client` to `topic` and resolves with what `work` returns for the first task (rejects if it throws). */
function handleOne<T>(client: Client, topic: string, work: (task: Task, taskService: TaskService) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const handler: Handler = async ({ task, taskService }) => {
      if (done) return;
      done = true;
      try {
        resolve(await work(task, taskService));
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    };
    client.subscribe(topic, handler);
  });
}

async function start(key: string, variables: Record<string, unknown> = {}): Promise<string> {
  const def = await s.engine.repository.getProcessDefinition(ACTOR, defs[key]!);
  return (await s.engine.runtime.start(ACTOR, def, { variables: fromRestVariables(variables) })).id;
}

describe('camunda-external-task-client-js against the embedded engine', () => {
  it('completes a task with string, integer, long, double, boolean, date, json and file variables, stored with their types', async () => {
    const localPath = join(dir, 'licence.txt');
    const fileContent = Buffer.from('营业执照 No. 110105-2026');
    writeFileSync(localPath, fileContent);
    const when = new Date('2026-11-22T08:30:15.123Z');
    const pi = await start('client-permit', { applicant: { value: '北京安保有限公司', type: 'String' } });

    const intake = newClient('intake-worker');
    const seen = await handleOne(intake, 'client-intake', async (task, taskService) => {
      const variables = new Variables();
      variables.set('company', '北京安保有限公司');
      variables.set('guards', 42);
      variables.set('capital', 2 ** 40);
      variables.set('rate', 3.5);
      variables.set('approved', true);
      variables.set('inspectedAt', when);
      variables.set('address', { district: '朝阳', street: ['建国路', 88] });
      variables.set('licence', await new File({ localPath }).load());
      await taskService.complete(task, variables);
      return { applicant: task.variables.get('applicant'), processInstanceId: task.processInstanceId };
    });
    expect(seen).toEqual({ applicant: '北京安保有限公司', processInstanceId: pi });

    const stored = await s.engine.runtime.getVariables(ACTOR, pi);
    expect(stored['company']).toMatchObject({ type: 'string', value: '北京安保有限公司' });
    expect(stored['guards']).toMatchObject({ type: 'integer', value: 42 });
    expect(stored['capital']).toMatchObject({ type: 'long', value: 2 ** 40 });
    expect(stored['rate']).toMatchObject({ type: 'double', value: 3.5 });
    expect(stored['approved']).toMatchObject({ type: 'boolean', value: true });
    expect(stored['inspectedAt']?.type).toBe('date');
    expect((stored['inspectedAt']?.value as Date).getTime()).toBe(when.getTime());
    expect(stored['address']?.type).toBe('json');
    expect(JSON.parse(String(stored['address']?.value))).toEqual({ district: '朝阳', street: ['建国路', 88] });
    expect(stored['licence']).toMatchObject({ type: 'file', valueInfo: { filename: 'licence.txt' } });
    expect(Buffer.compare(stored['licence']?.value as Buffer, fileContent)).toBe(0);

    // a second worker reads them back through the client, including the file's bytes
    const review = newClient('review-worker');
    const readBack = await handleOne(review, 'client-review', async (task, taskService) => {
      const licence = task.variables.get('licence') as File;
      await licence.load();
      const values = {
        guards: task.variables.get('guards'),
        capital: task.variables.get('capital'),
        approved: task.variables.get('approved'),
        inspectedAt: (task.variables.get('inspectedAt') as Date).toISOString(),
        address: task.variables.get('address'),
        filename: licence.filename,
        content: Buffer.from(licence.content),
      };
      await taskService.complete(task);
      return values;
    });
    expect(readBack).toMatchObject({
      guards: 42, capital: 2 ** 40, approved: true, inspectedAt: when.toISOString(),
      address: { district: '朝阳', street: ['建国路', 88] }, filename: 'licence.txt',
    });
    expect(Buffer.compare(readBack.content, fileContent)).toBe(0);
    expect((await s.engine.tasks.query(ACTOR, { processInstanceId: pi })).map((t) => t.taskDefKey)).toEqual(['approve']);
  });

  it('surfaces engine errors as EngineError with status, type and message', async () => {
    const pi = await start('client-failing', { topic: { value: 'client-check-twice', type: 'String' } });
    const client = newClient('twice-worker');
    const error = await handleOne(client, 'client-check-twice', async (task, taskService) => {
      await taskService.complete(task);
      return taskService.complete(task).then(() => null, (e: unknown) => e);
    });
    expect(error).toMatchObject({ httpStatusCode: 404, type: 'RestException', engineMsg: expect.stringContaining('does not exist') });
    expect((await s.engine.tasks.query(ACTOR, { processInstanceId: pi })).map((t) => t.taskDefKey)).toEqual(['after']);
  });

  it('handleFailure without retries creates an incident for the task', async () => {
    const pi = await start('client-failing', { topic: { value: 'client-check-failure', type: 'String' } });
    const client = newClient('failing-worker');
    const taskId = await handleOne(client, 'client-check-failure', async (task, taskService) => {
      await taskService.handleFailure(task, { errorMessage: 'registry unreachable', errorDetails: 'ETIMEDOUT 10.0.0.7:443' });
      return task.id;
    });
    const incidents = await s.db.dataSource.query('SELECT incident_type, incident_msg, proc_inst_id FROM eng_incident WHERE configuration = ?', [taskId]);
    expect(incidents).toEqual([{ incident_type: 'failedExternalTask', incident_msg: 'registry unreachable', proc_inst_id: pi }]);
    expect((await s.get(`/external-task/${taskId}`).expect(200)).body).toMatchObject({ retries: 0, errorMessage: 'registry unreachable' });
    expect((await s.get(`/external-task/${taskId}/errorDetails`).expect(200)).text).toBe('ETIMEDOUT 10.0.0.7:443');
  });

  it('handleBpmnError ends the worker token and stores the variables it sends', async () => {
    const pi = await start('client-screening');
    const client = newClient('screening-worker');
    const taskId = await handleOne(client, 'client-screen', async (task, taskService) => {
      const variables = new Variables().set('rejectionReason', 'criminal record').set('score', 12);
      await taskService.handleBpmnError(task, 'SCREENING_FAILED', 'applicant rejected', variables);
      return task.id;
    });
    await s.get(`/external-task/${taskId}`).expect(404);
    const stored = await s.engine.runtime.getVariables(ACTOR, pi);
    expect(stored['rejectionReason']).toMatchObject({ type: 'string', value: 'criminal record' });
    expect(stored['score']).toMatchObject({ type: 'integer', value: 12 });
    expect((await s.engine.tasks.query(ACTOR, { processInstanceId: pi })).map((t) => t.taskDefKey)).toEqual(['wait']);
  });
});
