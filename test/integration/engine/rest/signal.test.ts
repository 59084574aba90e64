import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';
import { loadCamundaContract } from '../../../helpers/openapi-contract.js';

/** Signal `fire-alarm`: process `evacuation` waits for it, process `incidentReport` starts on it. */
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="http://example.org/test">
  <bpmn:signal id="Alarm" name="fire-alarm" />
  <bpmn:process id="evacuation" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="awaitAlarm"><bpmn:signalEventDefinition signalRef="Alarm" /></bpmn:intermediateCatchEvent>
    <bpmn:userTask id="evacuate" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="awaitAlarm" />
    <bpmn:sequenceFlow id="f2" sourceRef="awaitAlarm" targetRef="evacuate" />
  </bpmn:process>
</bpmn:definitions>`;
const REPORT = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs2" targetNamespace="http://example.org/test">
  <bpmn:signal id="Alarm" name="fire-alarm" />
  <bpmn:process id="incidentReport" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="alarmed"><bpmn:signalEventDefinition signalRef="Alarm" /></bpmn:startEvent>
    <bpmn:userTask id="report" />
    <bpmn:sequenceFlow id="g1" sourceRef="alarmed" targetRef="report" />
  </bpmn:process>
</bpmn:definitions>`;

const contract = loadCamundaContract();

let s: EngineServer;
beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({ 'evacuation.bpmn': MODEL, 'report.bpmn': REPORT });
});
afterAll(async () => {
  await s.close();
});

const startEvacuation = () => s.post('/process-definition/key/evacuation/start').send({}).expect(200).then((r) => r.body.id as string);
const tasksOf = async (id: string) => (await s.get(`/task?processInstanceId=${id}`).expect(200)).body.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey);
const reportCount = async () => (await s.get('/process-instance/count?processDefinitionKey=incidentReport').expect(200)).body.count as number;

/** Validates against Camunda's OpenAPI; `code: null` of REST-layer errors is a known gap of the spec (camunda-rest.md §1.3). */
function expectContract(status: number, body: unknown): void {
  if (!contract) return;
  const checked = status >= 400 && (body as { code?: unknown }).code === null ? { ...(body as object), code: undefined } : body;
  expect(contract.validateResponse('POST', '/signal', status, checked)).toEqual([]);
}

describe('POST /signal', () => {
  it('answers 204 without a body, wakes the waiting executions with the variables and starts the signal start processes', async () => {
    const a = await startEvacuation();
    const b = await startEvacuation();
    const reportsBefore = await reportCount();
    const res = await s.post('/signal').send({ name: 'fire-alarm', variables: { floor: { value: 3, type: 'Integer' }, since: { value: 1.5, type: 'Double' } } }).expect(204);
    expect(res.text).toBe('');
    expectContract(204, res.body);
    for (const id of [a, b]) {
      expect(await tasksOf(id)).toEqual(['evacuate']);
      expect((await s.get(`/process-instance/${id}/variables/floor`).expect(200)).body).toEqual({ type: 'Integer', value: 3, valueInfo: {} });
    }
    expect(await reportCount()).toBe(reportsBefore + 1);
    const [report] = (await s.get('/process-instance?processDefinitionKey=incidentReport').expect(200)).body;
    expect((await s.get(`/process-instance/${report.id}/variables/since`).expect(200)).body).toEqual({ type: 'Double', value: 1.5, valueInfo: {} });
  });

  it('answers 204 when nobody waits for the signal', async () => {
    await s.post('/signal').send({ name: 'nobody-listens' }).expect(204);
  });

  it('delivers the signal to the given execution only, and starts no process', async () => {
    const a = await startEvacuation();
    const b = await startEvacuation();
    const reportsBefore = await reportCount();
    await s.post('/signal').send({ name: 'fire-alarm', executionId: b }).expect(204);
    expect(await tasksOf(b)).toEqual(['evacuate']);
    expect(await tasksOf(a)).toEqual([]);
    expect(await reportCount()).toBe(reportsBefore);
    await s.post('/signal').send({ name: 'fire-alarm', executionId: a }).expect(204);
  });

  it('filters by tenant: withoutTenantId reaches executions of no tenant, tenantId those of that tenant only', async () => {
    const id = await startEvacuation();
    const reportsBefore = await reportCount();
    await s.post('/signal').send({ name: 'fire-alarm', tenantId: 'other' }).expect(204);
    // as Camunda 7's builder: with both, tenantId wins
    await s.post('/signal').send({ name: 'fire-alarm', tenantId: 'other', withoutTenantId: true }).expect(204);
    expect(await tasksOf(id)).toEqual([]);
    expect(await reportCount()).toBe(reportsBefore);
    await s.post('/signal').send({ name: 'fire-alarm', withoutTenantId: true }).expect(204);
    expect(await tasksOf(id)).toEqual(['evacuate']);
    expect(await reportCount()).toBe(reportsBefore + 1);
  });

  it('answers 400 BadUserRequestException when an execution id is combined with a tenant option', async () => {
    const id = await startEvacuation();
    for (const tenant of [{ tenantId: 't1' }, { withoutTenantId: true }]) {
      const res = await s.post('/signal').send({ name: 'fire-alarm', executionId: id, ...tenant }).expect(400);
      expect(res.body).toEqual({ type: 'BadUserRequestException', code: 0, message: 'ENGINE-13027 Cannot specify a tenant-id when deliver a signal to a single execution.' });
      expectContract(400, res.body);
    }
    expect(await tasksOf(id)).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no name', { variables: { a: { value: 1 } } }, 'No signal name given'],
    ['a null name', { name: null }, 'No signal name given'],
    ['an invalid variable', { name: 'fire-alarm', variables: { n: { value: 'abc', type: 'Integer' } } }, 'n'],
    ['variables that are no object', { name: 'fire-alarm', variables: [1] }, 'Variables must be a JSON object'],
  ])('answers 400 InvalidRequestException for %s', async (_case, body, message) => {
    const res = await s.post('/signal').send(body).expect(400);
    expect(res.body).toMatchObject({ type: 'InvalidRequestException', code: null, message: expect.stringContaining(message) });
    expectContract(400, res.body);
  });

  it('answers 500 when the given execution does not exist or has not subscribed to the signal (as the contract documents)', async () => {
    const unknown = await s.post('/signal').send({ name: 'fire-alarm', executionId: 'no-such-execution' }).expect(500);
    expect(unknown.body).toEqual({ type: 'NullValueException', code: 0, message: "Cannot find execution with id 'no-such-execution': execution is null" });
    expectContract(500, unknown.body);
    const id = await startEvacuation();
    const notSubscribed = await s.post('/signal').send({ name: 'other-signal', executionId: id }).expect(500);
    expect(notSubscribed.body).toEqual({ type: 'ProcessEngineException', code: 0, message: `Execution '${id}' has not subscribed to a signal event with name 'other-signal'.` });
    expectContract(500, notSubscribed.body);
  });
});

describe('deploying signal events', () => {
  const catchModel = (eventDefinition: string, signals = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="urn:x">
  ${signals}
  <bpmn:process id="broken" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="WaitForIt">${eventDefinition}</bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="WaitForIt" />
  </bpmn:process>
</bpmn:definitions>`;

  it.each([
    ['without signalRef', catchModel('<bpmn:signalEventDefinition />'), 'has no signalRef'],
    ['whose signal has no name', catchModel('<bpmn:signalEventDefinition signalRef="S" />', '<bpmn:signal id="S" />'), "refers to signal 'S', which has no name"],
  ])('refuses a signal catch event %s with a ParseException naming the element', async (_case, xml, message) => {
    const res = await s.post('/deployment/create').attach('m', Buffer.from(xml), 'broken.bpmn').expect(400);
    expect(res.body).toMatchObject({ type: 'ParseException' });
    expect(res.body.details['broken.bpmn'].errors).toEqual([expect.objectContaining({ mainBpmnElementId: 'WaitForIt', message: expect.stringContaining(message) })]);
    await s.get('/process-definition/key/broken').expect(404);
  });
});
