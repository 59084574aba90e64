import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';
import { loadCamundaContract } from '../../../helpers/openapi-contract.js';

/** A document with messages `order-paid` and `order-placed`: process `payment` waits for the first, `ordering` starts on the second. */
const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Defs" targetNamespace="http://example.org/test">
  <bpmn:message id="Paid" name="order-paid" />
  <bpmn:message id="Placed" name="order-placed" />
  <bpmn:process id="payment" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start" />
    <bpmn:receiveTask id="awaitPayment" messageRef="Paid" />
    <bpmn:userTask id="ship" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="awaitPayment" />
    <bpmn:sequenceFlow id="f2" sourceRef="awaitPayment" targetRef="ship" />
  </bpmn:process>
  <bpmn:process id="ordering" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="placed"><bpmn:messageEventDefinition messageRef="Placed" /></bpmn:startEvent>
    <bpmn:userTask id="check" />
    <bpmn:sequenceFlow id="g1" sourceRef="placed" targetRef="check" />
  </bpmn:process>
</bpmn:definitions>`;

const contract = loadCamundaContract();

let s: EngineServer;
beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({ 'orders.bpmn': MODEL });
});
afterAll(async () => {
  await s.close();
});

const startPayment = (businessKey: string) =>
  s.post('/process-definition/key/payment/start').send({ businessKey, variables: { orderId: { value: businessKey, type: 'String' } } }).expect(200).then((r) => r.body.id as string);

/** Validates against Camunda's OpenAPI; `code: null` of REST-layer errors is a known gap of the spec (camunda-rest.md §1.3). */
function expectContract(status: number, body: unknown): void {
  if (!contract) return;
  const checked = status >= 400 && (body as { code?: unknown }).code === null ? { ...(body as object), code: undefined } : body;
  expect(contract.validateResponse('POST', '/message', status, checked)).toEqual([]);
}

describe('POST /message', () => {
  it('answers 204 without a body when resultEnabled is not set', async () => {
    const id = await startPayment('ORD-1');
    const res = await s.post('/message').send({ messageName: 'order-paid', businessKey: 'ORD-1', processVariables: { paidAmount: { value: 120.5, type: 'Double' } } }).expect(204);
    expect(res.text).toBe('');
    expect((await s.get(`/task?processInstanceId=${id}`).expect(200)).body.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['ship']);
    expect((await s.get(`/process-instance/${id}/variables/paidAmount`).expect(200)).body).toEqual({ type: 'Double', value: 120.5, valueInfo: {} });
  });

  it('answers 200 with the correlated execution when resultEnabled is set', async () => {
    const id = await startPayment('ORD-2');
    const res = await s.post('/message').send({ messageName: 'order-paid', processInstanceId: id, resultEnabled: true }).expect(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual([{ resultType: 'Execution', execution: { id, processInstanceId: id, ended: false, tenantId: null }, processInstance: null }]);
    expectContract(200, res.body);
  });

  it('answers with the started process instance and its variables for a message start event', async () => {
    const res = await s.post('/message').send({
      messageName: 'order-placed', businessKey: 'ORD-3', processVariables: { customer: { value: '王五', type: 'String' } },
      resultEnabled: true, variablesInResultEnabled: true,
    }).expect(200);
    expect(res.body).toEqual([{
      resultType: 'ProcessDefinition', execution: null,
      processInstance: {
        links: [], id: expect.any(String), definitionId: expect.stringMatching(/^ordering:1:/), definitionKey: 'ordering', businessKey: 'ORD-3',
        caseInstanceId: null, ended: false, suspended: false, tenantId: null,
      },
      variables: { customer: { type: 'String', value: '王五', valueInfo: {} } },
    }]);
    expectContract(200, res.body);
    const started = (await s.get(`/process-instance/${res.body[0].processInstance.id}`).expect(200)).body;
    expect(started).toMatchObject({ businessKey: 'ORD-3', definitionKey: 'ordering' });
  });

  it('correlates every match with all, and answers an empty list when nothing matches', async () => {
    const a = await startPayment('ORD-4');
    const b = await startPayment('ORD-5');
    const res = await s.post('/message').send({ messageName: 'order-paid', all: true, resultEnabled: true, variablesInResultEnabled: true }).expect(200);
    expect(res.body.map((r: { execution: { processInstanceId: string } }) => r.execution.processInstanceId).sort()).toEqual([a, b].sort());
    expect(res.body[0].variables.orderId).toMatchObject({ type: 'String' });
    expectContract(200, res.body);
    expect((await s.post('/message').send({ messageName: 'order-paid', all: true, resultEnabled: true }).expect(200)).body).toEqual([]);
    await s.post('/message').send({ messageName: 'order-paid', all: true }).expect(204);
  });

  it('matches by correlation keys and local correlation keys given as typed values', async () => {
    const a = await startPayment('ORD-6');
    await startPayment('ORD-7');
    const res = await s.post('/message').send({ messageName: 'order-paid', correlationKeys: { orderId: { value: 'ORD-6', type: 'String' } }, resultEnabled: true }).expect(200);
    expect(res.body[0].execution.processInstanceId).toBe(a);
    await s.post('/message').send({ messageName: 'order-paid', localCorrelationKeys: { orderId: { value: 'ORD-7' } } }).expect(204);
  });

  it('answers 400 RestException with the MismatchingMessageCorrelationException when nothing matches or the match is ambiguous', async () => {
    const none = await s.post('/message').send({ messageName: 'order-paid', businessKey: 'nobody' }).expect(400);
    expect(none.body).toEqual({
      type: 'RestException', code: 0,
      message: "org.camunda.bpm.engine.MismatchingMessageCorrelationException: Cannot correlate message 'order-paid': No process definition or execution matches the parameters",
    });
    expectContract(400, none.body);
    const a = await startPayment('ORD-8');
    const b = await startPayment('ORD-9');
    const ambiguous = await s.post('/message').send({ messageName: 'order-paid' }).expect(400);
    expect(ambiguous.body).toMatchObject({ type: 'RestException', code: 0 });
    expect(ambiguous.body.message).toMatch(/^org\.camunda\.bpm\.engine\.MismatchingMessageCorrelationException: .*2 executions match the correlation keys/);
    // nothing was correlated
    for (const id of [a, b]) expect((await s.get(`/task?processInstanceId=${id}`).expect(200)).body).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no message name', { businessKey: 'x' }, 'No message name supplied'],
    ['tenantId with withoutTenantId', { messageName: 'order-paid', tenantId: 't1', withoutTenantId: true }, "Parameter 'tenantId' cannot be used together with parameter 'withoutTenantId'."],
    ['variablesInResultEnabled without resultEnabled', { messageName: 'order-paid', variablesInResultEnabled: true }, "Parameter 'variablesInResultEnabled' cannot be used without 'resultEnabled' set to true."],
    ['an invalid variable', { messageName: 'order-paid', processVariables: { n: { value: 'abc', type: 'Integer' } } }, 'n'],
    ['processVariablesToTriggeredScope', { messageName: 'order-paid', processVariablesToTriggeredScope: { v: { value: 1 } } }, 'processVariablesToTriggeredScope'],
  ])('answers 400 InvalidRequestException for %s', async (_case, body, message) => {
    const res = await s.post('/message').send(body).expect(400);
    expect(res.body).toMatchObject({ type: 'InvalidRequestException', code: null, message: expect.stringContaining(message) });
    expectContract(400, res.body);
  });

  it('filters by tenant: executions and start events of no tenant match withoutTenantId, none match another tenant', async () => {
    await startPayment('ORD-10');
    await s.post('/message').send({ messageName: 'order-paid', businessKey: 'ORD-10', tenantId: 'other' }).expect(400);
    await s.post('/message').send({ messageName: 'order-placed', tenantId: 'other' }).expect(400);
    await s.post('/message').send({ messageName: 'order-paid', businessKey: 'ORD-10', withoutTenantId: true }).expect(204);
  });
});

describe('deploying message events', () => {
  const catchModel = (eventDefinition: string, messages = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="urn:x">
  ${messages}
  <bpmn:process id="broken" isExecutable="true" camunda:historyTimeToLive="30">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="WaitForIt">${eventDefinition}</bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="WaitForIt" />
  </bpmn:process>
</bpmn:definitions>`;

  it.each([
    ['without messageRef', catchModel('<bpmn:messageEventDefinition />'), 'has no messageRef'],
    ['whose message has no name', catchModel('<bpmn:messageEventDefinition messageRef="M" />', '<bpmn:message id="M" />'), "refers to message 'M', which has no name"],
  ])('refuses a message catch event %s with a ParseException naming the element', async (_case, xml, message) => {
    const res = await s.post('/deployment/create').attach('m', Buffer.from(xml), 'broken.bpmn').expect(400);
    expect(res.body).toMatchObject({ type: 'ParseException' });
    expect(res.body.details['broken.bpmn'].errors).toEqual([expect.objectContaining({ mainBpmnElementId: 'WaitForIt', message: expect.stringContaining(message) })]);
    await s.get('/process-definition/key/broken').expect(404);
  });
});
