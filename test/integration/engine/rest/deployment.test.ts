import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';

const simple = (id: string, extra = '') =>
  bpmnProcess(id, `<bpmn:startEvent id="start" /><bpmn:userTask id="task" ${extra} /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />`);

let s: EngineServer;
beforeAll(async () => {
  s = await startEngineServer();
});
afterAll(async () => {
  await s.close();
});

describe('POST /deployment/create', () => {
  it('deploys a BPMN model and a form and answers with the deployed definitions', async () => {
    // when
    const res = await s.post('/deployment/create')
      .field('deployment-name', '许可审批')
      .field('deployment-source', 'test')
      .attach('model', Buffer.from(simple('permit', 'camunda:formRef="permit-review"')), 'permit.bpmn')
      .attach('form', Buffer.from(JSON.stringify({ id: 'permit-review', type: 'default', components: [] })), 'permit-review.form')
      .expect(200);
    // then
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toMatchObject({ name: '许可审批', source: 'test', tenantId: null, deployedCaseDefinitions: null });
    expect(res.body.deploymentTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/);
    expect(res.body.links[0]).toMatchObject({ method: 'GET', rel: 'self' });
    const defs = Object.values<Record<string, unknown>>(res.body.deployedProcessDefinitions);
    expect(defs).toHaveLength(1);
    expect(defs[0]).toMatchObject({ key: 'permit', version: 1, resource: 'permit.bpmn', suspended: false, deploymentId: res.body.id });
    const resources = await s.get(`/deployment/${res.body.id}/resources`).expect(200);
    expect((resources.body as Array<{ name: string }>).map((r) => r.name).sort()).toEqual(['permit-review.form', 'permit.bpmn']);
  });

  it('refuses malformed XML with a ParseException naming the resource and the line', async () => {
    const res = await s.post('/deployment/create').attach('x', Buffer.from('<bpmn:definitions><oops'), 'broken.bpmn').expect(400);
    expect(res.body).toMatchObject({ type: 'ParseException', code: 0 });
    expect(res.body.details['broken.bpmn'].errors[0]).toMatchObject({ line: expect.any(Number) });
  });

  it('refuses every unsupported element at once, each with its element id, and deploys nothing', async () => {
    // given a model with a script task, a timer boundary event on it and a Java delegate
    const xml = bpmnProcess('unsupported', `<bpmn:startEvent id="start" />
      <bpmn:scriptTask id="Script_1" scriptFormat="javascript"><bpmn:script>1</bpmn:script></bpmn:scriptTask>
      <bpmn:serviceTask id="Java_1" camunda:class="org.example.Delegate" />
      <bpmn:userTask id="Task_1" />
      <bpmn:boundaryEvent id="Timer_1" attachedToRef="Script_1"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="Script_1" />`);
    const before = (await s.get('/deployment/count').expect(200)).body.count as number;
    // when
    const res = await s.post('/deployment/create').attach('m', Buffer.from(xml), 'unsupported.bpmn').expect(400);
    // then
    const ids = (res.body.details['unsupported.bpmn'].errors as Array<{ mainBpmnElementId: string }>).map((e) => e.mainBpmnElementId);
    expect(ids).toEqual(expect.arrayContaining(['Script_1', 'Java_1', 'Timer_1']));
    expect((await s.get('/deployment/count').expect(200)).body.count).toBe(before);
    await s.get('/process-definition/key/unsupported').expect(404);
  });

  it.each([
    ['no resources', (t: ReturnType<EngineServer['post']>) => t.field('deployment-name', 'empty')],
    ['a resource part without a file name', (t: ReturnType<EngineServer['post']>) => t.field('deployment-name', 'x').attach('m', Buffer.from('x'), { filename: '' })],
  ])('answers 400 for %s', async (_name, build) => {
    const res = await build(s.post('/deployment/create')).expect(400);
    expect(res.body.type).toBe('InvalidRequestException');
  });

  it('answers 400 when the request is not multipart', async () => {
    const res = await s.post('/deployment/create').send({ resources: [] }).expect(400);
    expect(res.body).toMatchObject({ type: 'InvalidRequestException', code: null });
  });

  it('returns the existing deployment when deploy-changed-only finds nothing changed', async () => {
    const deploy = () => s.post('/deployment/create').field('deployment-name', 'stable').field('deploy-changed-only', 'true').attach('m', Buffer.from(simple('stable')), 'stable.bpmn').expect(200);
    const first = await deploy();
    const second = await deploy();
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.deployedProcessDefinitions).toBeNull();
  });
});

describe('GET /deployment', () => {
  it('lists, filters, sorts, pages and counts deployments', async () => {
    for (const n of ['list-a', 'list-b', 'list-c']) await s.post('/deployment/create').field('deployment-name', n).attach('m', Buffer.from(simple(n)), `${n}.bpmn`).expect(200);
    const like = await s.get('/deployment?nameLike=list-%25&sortBy=name&sortOrder=desc').expect(200);
    expect((like.body as Array<{ name: string }>).map((d) => d.name)).toEqual(['list-c', 'list-b', 'list-a']);
    const page = await s.get('/deployment?nameLike=list-%25&sortBy=name&sortOrder=asc&firstResult=1&maxResults=1').expect(200);
    expect((page.body as Array<{ name: string }>).map((d) => d.name)).toEqual(['list-b']);
    expect((await s.get('/deployment/count?name=list-a').expect(200)).body).toEqual({ count: 1 });
  });

  it('answers 400 for a sortBy without sortOrder and for an unknown sortBy', async () => {
    await s.get('/deployment?sortBy=name').expect(400);
    await s.get('/deployment?sortBy=colour&sortOrder=asc').expect(400);
  });

  it('answers 404 for an unknown deployment id', async () => {
    const res = await s.get('/deployment/nope').expect(404);
    expect(res.body.type).toBe('InvalidRequestException');
  });
});

describe('DELETE /deployment/{id}', () => {
  it('refuses to delete a deployment with running instances unless cascade is set', async () => {
    // given
    const dep = await s.post('/deployment/create').field('deployment-name', 'doomed').attach('m', Buffer.from(simple('doomed')), 'doomed.bpmn').expect(200);
    const pi = await s.post('/process-definition/key/doomed/start').send({}).expect(200);
    // when / then
    await s.del(`/deployment/${dep.body.id}`).expect(500);
    await s.get(`/process-instance/${pi.body.id}`).expect(200);
    await s.del(`/deployment/${dep.body.id}?cascade=true`).expect(204);
    await s.get(`/process-instance/${pi.body.id}`).expect(404);
    await s.get(`/deployment/${dep.body.id}`).expect(404);
    await s.del(`/deployment/${dep.body.id}`).expect(404);
  });
});
