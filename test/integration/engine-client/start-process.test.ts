import { EngineClient, EngineRequestError } from '../../../src/engine-client/engine-client.js';
import { startProcessOrUndo } from '../../../src/engine-client/start-process.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../helpers/engine-server.js';

let s: EngineServer;
let engine: EngineClient;

beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({ 'waiting.bpmn': bpmnProcess('waiting', '<bpmn:startEvent id="start" /><bpmn:userTask id="task" /><bpmn:sequenceFlow id="f" sourceRef="start" targetRef="task" />') });
  engine = new EngineClient({ baseUrl: s.engineUrl, authorization: () => `Bearer ${s.token}` });
});

afterAll(async () => {
  await s.close();
});

describe('startProcessOrUndo', () => {
  it('starts the process with the business key and typed variables, and leaves the caller’s records alone', async () => {
    let undone = false;
    const id = await startProcessOrUndo(engine, 'waiting', 'JB2222222222', { tipId: 't-1', days: 10, urgent: true }, async () => {
      undone = true;
    });
    expect(undone).toBe(false);
    const instance = await s.get(`/process-instance/${id}`).expect(200);
    expect(instance.body.businessKey).toBe('JB2222222222');
    const variables = await s.get(`/process-instance/${id}/variables`).expect(200);
    expect(variables.body).toMatchObject({ tipId: { value: 't-1', type: 'String' }, days: { value: 10, type: 'Long' }, urgent: { value: true, type: 'Boolean' } });
  });

  it('undoes the caller’s records and passes on the engine’s error when the process cannot start', async () => {
    let undone = false;
    const failed = startProcessOrUndo(engine, 'no-such-process', 'X1', {}, async () => {
      undone = true;
    });
    await expect(failed).rejects.toBeInstanceOf(EngineRequestError);
    expect(undone).toBe(true);
  });
});
