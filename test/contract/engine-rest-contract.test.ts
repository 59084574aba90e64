import { bpmnProcess } from '../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../helpers/engine-server.js';
import { describeContract } from '../helpers/openapi-contract.js';

describeContract('engine REST responses match the Camunda 7.23 OpenAPI schemas', (contract) => {
  let s: EngineServer;
  let deploymentId: string;
  let definitionId: string;
  let instanceId: string;
  beforeAll(async () => {
    s = await startEngineServer();
    const dep = await s.post('/deployment/create').field('deployment-name', 'contract')
      .attach('m', Buffer.from(bpmnProcess('contract', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
        <bpmn:userTask id="review" camunda:assignee="demo" /><bpmn:serviceTask id="check" camunda:type="external" camunda:topic="contract-check" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" /><bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="review" /><bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="check" />`)), 'contract.bpmn')
      .expect(200);
    deploymentId = dep.body.id;
    definitionId = Object.keys(dep.body.deployedProcessDefinitions)[0]!;
    instanceId = (await s.post('/process-definition/key/contract/start').send({ businessKey: 'c-1', variables: { a: { value: 1, type: 'Integer' } }, withVariablesInReturn: true }).expect(200)).body.id;
  });
  afterAll(async () => {
    await s.close();
  });

  const cases: Array<[string, string, () => string, number, () => { method: 'get' | 'post'; send?: unknown }]> = [
    ['GET', '/version', () => '/version', 200, () => ({ method: 'get' })],
    ['GET', '/engine', () => '/engine', 200, () => ({ method: 'get' })],
    ['GET', '/deployment', () => '/deployment', 200, () => ({ method: 'get' })],
    ['GET', '/deployment/count', () => '/deployment/count', 200, () => ({ method: 'get' })],
    ['GET', '/deployment/{id}', () => `/deployment/${deploymentId}`, 200, () => ({ method: 'get' })],
    ['GET', '/deployment/{id}/resources', () => `/deployment/${deploymentId}/resources`, 200, () => ({ method: 'get' })],
    ['GET', '/process-definition', () => '/process-definition', 200, () => ({ method: 'get' })],
    ['GET', '/process-definition/count', () => '/process-definition/count', 200, () => ({ method: 'get' })],
    ['GET', '/process-definition/{id}', () => `/process-definition/${definitionId}`, 200, () => ({ method: 'get' })],
    ['GET', '/process-definition/key/{key}', () => '/process-definition/key/contract', 200, () => ({ method: 'get' })],
    ['GET', '/process-definition/key/{key}/xml', () => '/process-definition/key/contract/xml', 200, () => ({ method: 'get' })],
    ['POST', '/process-definition/key/{key}/start', () => '/process-definition/key/contract/start', 200, () => ({ method: 'post', send: { variables: { b: { value: 'x', type: 'String' } }, withVariablesInReturn: true } })],
    ['GET', '/process-instance', () => '/process-instance', 200, () => ({ method: 'get' })],
    ['GET', '/process-instance/count', () => '/process-instance/count', 200, () => ({ method: 'get' })],
    ['GET', '/process-instance/{id}', () => `/process-instance/${instanceId}`, 200, () => ({ method: 'get' })],
    ['GET', '/process-instance/{id}/variables', () => `/process-instance/${instanceId}/variables`, 200, () => ({ method: 'get' })],
    ['GET', '/process-instance/{id}/activity-instances', () => `/process-instance/${instanceId}/activity-instances`, 200, () => ({ method: 'get' })],
    ['GET', '/process-instance/{id}', () => '/process-instance/unknown', 404, () => ({ method: 'get' })],
  ];

  it('answers an unknown key with 404 and the Camunda error body (the spec says 400; Camunda itself answers 404)', async () => {
    const res = await s.get('/process-definition/key/unknown').expect(404);
    expect(Object.keys(res.body).sort()).toEqual(['code', 'message', 'type']);
  });

  it.each(cases)('%s %s answers a body that validates (%#)', async (method, template, path, status, req) => {
    const r = req();
    const res = r.method === 'get' ? await s.get(path()).expect(status) : await s.post(path()).send(r.send ?? {}).expect(status);
    expect(res.headers['content-type']).toBe('application/json');
    // Camunda writes `code: null` for REST-layer errors although the spec types it as a number (camunda-rest.md §1.3)
    const body = status >= 400 && res.body.code === null ? { ...res.body, code: undefined } : res.body;
    expect(contract.validateResponse(method, template, status, body)).toEqual([]);
  });
});
