import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';

let s: EngineServer;
beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({
    'susp.bpmn': bpmnProcess('susp', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      <bpmn:userTask id="review" /><bpmn:serviceTask id="check" camunda:type="external" camunda:topic="susp-check" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" /><bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="review" /><bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="check" />`),
  });
});
afterAll(async () => {
  await s.close();
});

const start = async () => (await s.post('/process-definition/key/susp/start').send({}).expect(200)).body.id as string;
const fetch = () => s.post('/external-task/fetchAndLock').send({ workerId: 'w', maxTasks: 10, topics: [{ topicName: 'susp-check', lockDuration: 1000 }] }).expect(200);

describe('PUT /process-instance/{id}/suspended', () => {
  it('suspends an instance so its tasks can be neither fetched nor completed, and activates it again', async () => {
    // given
    const id = await start();
    const [task] = (await s.get(`/task?processInstanceId=${id}`).expect(200)).body as Array<{ id: string }>;
    // when
    await s.put(`/process-instance/${id}/suspended`).send({ suspended: true }).expect(204);
    // then
    expect((await s.get(`/process-instance/${id}`).expect(200)).body.suspended).toBe(true);
    expect((await s.get(`/task/${task!.id}`).expect(200)).body.suspended).toBe(true);
    expect((await s.get(`/task/count?processInstanceId=${id}&suspended=true`).expect(200)).body).toEqual({ count: 1 });
    expect((await fetch()).body).toEqual([]);
    const refused = await s.post(`/task/${task!.id}/complete`).send({}).expect(500);
    expect(refused.body.message).toContain('suspended');
    // when activated again
    await s.put(`/process-instance/${id}/suspended`).send({ suspended: false }).expect(204);
    // then the work goes on
    expect((await fetch()).body).toHaveLength(1);
    await s.post(`/task/${task!.id}/complete`).send({}).expect(204);
    const ops = await s.engine.db.transaction((sql) => sql.query<{ operation_type: string }>("SELECT operation_type FROM eng_hi_op_log WHERE proc_inst_id = ? AND entity_type = 'ProcessInstance' ORDER BY timestamp", [id]));
    expect(ops.map((o) => o.operation_type)).toEqual(['Suspend', 'Activate']);
  });

  it('answers 404 for an unknown instance and 400 without the suspended flag', async () => {
    await s.put('/process-instance/unknown/suspended').send({ suspended: true }).expect(404);
    const id = await start();
    await s.put(`/process-instance/${id}/suspended`).send({}).expect(400);
    expect((await s.get(`/process-instance/${id}`).expect(200)).body.suspended).toBe(false);
  });
});

describe('PUT /process-instance/suspended', () => {
  it('suspends every instance of a definition key', async () => {
    await start();
    await start();
    await s.put('/process-instance/suspended').send({ processDefinitionKey: 'susp', suspended: true }).expect(204);
    expect((await s.get('/process-instance/count?processDefinitionKey=susp&active=true').expect(200)).body).toEqual({ count: 0 });
    await s.put('/process-instance/suspended').send({ processDefinitionKey: 'susp', suspended: false }).expect(204);
    expect((await s.get('/process-instance/count?processDefinitionKey=susp&suspended=true').expect(200)).body).toEqual({ count: 0 });
  });

  it('answers 400 when no selection or more than one is given', async () => {
    await s.put('/process-instance/suspended').send({ suspended: true }).expect(400);
    await s.put('/process-instance/suspended').send({ suspended: true, processDefinitionKey: 'susp', processDefinitionId: 'x' }).expect(400);
  });
});
