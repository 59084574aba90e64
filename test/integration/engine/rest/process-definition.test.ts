import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';

const model = (id: string, name = '许可') =>
  bpmnProcess(id, `<bpmn:startEvent id="start" /><bpmn:userTask id="task" name="${name}" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />`).replace(`<bpmn:process id="${id}"`, `<bpmn:process id="${id}" name="${name}"`);

let s: EngineServer;
beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({ 'pd.bpmn': model('pd', 'v1') });
  await s.deploy({ 'pd.bpmn': model('pd', 'v2') });
  await s.deploy({ 'other.bpmn': model('other') });
});
afterAll(async () => {
  await s.close();
});

describe('GET /process-definition', () => {
  it('lists definitions with filters, latestVersion and sorting, and counts them', async () => {
    const all = await s.get('/process-definition?key=pd&sortBy=version&sortOrder=desc').expect(200);
    expect((all.body as Array<{ version: number; name: string }>).map((d) => [d.version, d.name])).toEqual([[2, 'v2'], [1, 'v1']]);
    const latest = await s.get('/process-definition?latestVersion=true&keysIn=pd,other&sortBy=key&sortOrder=asc').expect(200);
    expect((latest.body as Array<{ key: string; version: number }>).map((d) => `${d.key}:${d.version}`)).toEqual(['other:1', 'pd:2']);
    expect((await s.get('/process-definition/count?key=pd').expect(200)).body).toEqual({ count: 2 });
  });

  it('answers 400 for a malformed boolean or integer parameter', async () => {
    await s.get('/process-definition?latestVersion=yes').expect(400);
    await s.get('/process-definition?version=two').expect(400);
  });
});

describe('GET /process-definition/key/{key} and /{id}', () => {
  it('returns the latest version by key, the same definition by id, and its XML', async () => {
    const byKey = await s.get('/process-definition/key/pd').expect(200);
    expect(byKey.body).toMatchObject({ key: 'pd', version: 2, name: 'v2', startableInTasklist: true, tenantId: null });
    const byId = await s.get(`/process-definition/${byKey.body.id}`).expect(200);
    expect(byId.body).toEqual(byKey.body);
    const xml = await s.get('/process-definition/key/pd/xml').expect(200);
    expect(xml.body.id).toBe(byKey.body.id);
    expect(xml.body.bpmn20Xml).toContain('name="v2"');
  });

  it('uses key:version:uuid as the id, or only the uuid when that would exceed 64 characters (as Camunda 7)', async () => {
    const key = 'a-rather-long-procedure-key-of-forty-chars';
    await s.deploy({ 'long.bpmn': model(key) });
    const long = await s.get(`/process-definition/key/${key}`).expect(200);
    expect(long.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await s.get('/process-definition/key/pd').expect(200)).body.id).toMatch(/^pd:2:[0-9a-f-]{36}$/);
    await s.post(`/process-definition/${long.body.id}/start`).send({}).expect(200);
  });

  it('answers 404 for an unknown key or id', async () => {
    const res = await s.get('/process-definition/key/missing').expect(404);
    expect(res.body).toMatchObject({ type: 'RestException' });
    await s.get('/process-definition/missing:1:x').expect(404);
    await s.post('/process-definition/key/missing/start').send({}).expect(404);
  });
});

describe('POST /process-definition/key/{key}/start', () => {
  it('starts the latest version with a business key and typed variables, returning them when asked', async () => {
    const res = await s.post('/process-definition/key/pd/start').send({
      businessKey: 'XK-2026-001',
      variables: { applicant: { value: '平安保安服务有限公司', type: 'String' }, capital: { value: 1000000, type: 'Long' }, armed: { value: true, type: 'Boolean' } },
      withVariablesInReturn: true,
    }).expect(200);
    expect(res.body).toMatchObject({ businessKey: 'XK-2026-001', ended: false, suspended: false, definitionKey: 'pd', caseInstanceId: null });
    expect(res.body.links[0].href).toContain(`/process-instance/${res.body.id}`);
    expect(res.body.variables.capital).toEqual({ type: 'Long', value: 1000000, valueInfo: {} });
    expect(res.body.variables.applicant).toEqual({ type: 'String', value: '平安保安服务有限公司', valueInfo: {} });
  });

  it('starts a specific version by id', async () => {
    const v1 = (await s.get('/process-definition?key=pd&version=1').expect(200)).body[0];
    const res = await s.post(`/process-definition/${v1.id}/start`).send({}).expect(200);
    expect(res.body.definitionId).toBe(v1.id);
  });

  it('answers 400 for a variable of an unknown type and starts nothing', async () => {
    const before = (await s.get('/process-instance/count?processDefinitionKey=pd').expect(200)).body.count as number;
    const res = await s.post('/process-definition/key/pd/start').send({ variables: { x: { value: 1, type: 'Money' } } }).expect(400);
    expect(res.body).toMatchObject({ type: 'InvalidRequestException' });
    expect(res.body.message).toContain('x');
    expect((await s.get('/process-instance/count?processDefinitionKey=pd').expect(200)).body.count).toBe(before);
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await s.post('/process-definition/key/pd/start').set('Content-Type', 'application/json').send('{"businessKey":').expect(400);
    expect(res.body.type).toBe('InvalidRequestException');
  });
});

describe('PUT /process-definition/{id}/suspended', () => {
  it('suspends a definition so that it cannot be started, and activates it again', async () => {
    await s.put('/process-definition/key/other/suspended').send({ suspended: true }).expect(204);
    expect((await s.get('/process-definition/key/other').expect(200)).body.suspended).toBe(true);
    await s.post('/process-definition/key/other/start').send({}).expect(500);
    await s.put('/process-definition/key/other/suspended').send({ suspended: false }).expect(204);
    await s.post('/process-definition/key/other/start').send({}).expect(200);
  });

  it('answers 400 when suspended is missing', async () => {
    await s.put('/process-definition/key/other/suspended').send({}).expect(400);
  });
});
