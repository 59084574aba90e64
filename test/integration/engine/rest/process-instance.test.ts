import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';

let s: EngineServer;
beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({
    'case.bpmn': bpmnProcess('case', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
      <bpmn:userTask id="review" name="审查" /><bpmn:serviceTask id="check" camunda:type="external" camunda:topic="check" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" /><bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="review" /><bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="check" />`),
  });
});
afterAll(async () => {
  await s.close();
});

const start = (businessKey: string, variables: Record<string, unknown> = {}) =>
  s.post('/process-definition/key/case/start').send({ businessKey, variables }).expect(200).then((r) => r.body.id as string);

describe('GET and POST /process-instance', () => {
  it('finds instances by business key, definition key and variable value, via GET and POST', async () => {
    const a = await start('AJ-1', { district: { value: '海淀', type: 'String' }, amount: { value: 500, type: 'Integer' } });
    await start('AJ-2', { district: { value: '朝阳', type: 'String' }, amount: { value: 50, type: 'Integer' } });
    const byKey = await s.get('/process-instance?businessKey=AJ-1').expect(200);
    expect((byKey.body as Array<{ id: string }>).map((p) => p.id)).toEqual([a]);
    const byVar = await s.get(`/process-instance?variables=${encodeURIComponent('amount_gt_100')}`).expect(200);
    expect((byVar.body as Array<{ id: string }>).map((p) => p.id)).toEqual([a]);
    const posted = await s.post('/process-instance').send({ processDefinitionKey: 'case', variables: [{ name: 'district', operator: 'eq', value: '海淀' }] }).expect(200);
    expect((posted.body as Array<{ id: string }>).map((p) => p.id)).toEqual([a]);
    expect((await s.get('/process-instance/count?businessKeyLike=AJ-%25').expect(200)).body).toEqual({ count: 2 });
    expect((await s.post('/process-instance/count').send({ businessKey: 'AJ-2' }).expect(200)).body).toEqual({ count: 1 });
    expect((await s.get('/process-instance?activityIdIn=review&businessKey=AJ-2').expect(200)).body).toHaveLength(1);
  });

  it('answers 400 for a malformed variable filter', async () => {
    await s.get('/process-instance?variables=amount_between_1').expect(400);
  });
});

describe('GET /process-instance/{id}', () => {
  it('returns an instance and 404 for an unknown one', async () => {
    const id = await start('AJ-3');
    expect((await s.get(`/process-instance/${id}`).expect(200)).body).toMatchObject({ id, businessKey: 'AJ-3', ended: false, suspended: false });
    const res = await s.get('/process-instance/unknown').expect(404);
    expect(res.body.type).toBe('InvalidRequestException');
  });
});

describe('process instance variables', () => {
  it('reads, modifies, sets and deletes variables', async () => {
    const id = await start('AJ-4', { a: { value: 'x', type: 'String' } });
    await s.post(`/process-instance/${id}/variables`).send({ modifications: { b: { value: 2.5, type: 'Double' }, when: { value: '2026-11-22T10:00:00.000+0800', type: 'Date' } }, deletions: ['a'] }).expect(204);
    const vars = (await s.get(`/process-instance/${id}/variables`).expect(200)).body;
    expect(vars).toEqual({ b: { type: 'Double', value: 2.5, valueInfo: {} }, when: { type: 'Date', value: expect.any(String), valueInfo: {} } });
    expect(new Date(vars.when.value).toISOString()).toBe('2026-11-22T02:00:00.000Z');
    await s.put(`/process-instance/${id}/variables/c`).send({ value: '{"k":1}', type: 'Json' }).expect(204);
    expect((await s.get(`/process-instance/${id}/variables/c`).expect(200)).body).toEqual({ type: 'Json', value: '{"k":1}', valueInfo: {} });
    await s.del(`/process-instance/${id}/variables/c`).expect(204);
    await s.get(`/process-instance/${id}/variables/c`).expect(404);
  });

  it('serves a file variable as raw bytes with its mime type', async () => {
    const id = await start('AJ-5');
    const content = Buffer.from('营业执照扫描件');
    await s.put(`/process-instance/${id}/variables/licence`).send({ type: 'File', value: content.toString('base64'), valueInfo: { filename: 'licence.txt', mimeType: 'text/plain', encoding: 'utf-8' } }).expect(204);
    const meta = (await s.get(`/process-instance/${id}/variables/licence`).expect(200)).body;
    expect(meta).toMatchObject({ type: 'File', value: null, valueInfo: { filename: 'licence.txt', mimeType: 'text/plain' } });
    const data = await s.get(`/process-instance/${id}/variables/licence/data`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(data.headers['content-type']).toContain('text/plain');
    expect(Buffer.compare(data.body as Buffer, content)).toBe(0);
  });

  it('answers 400 for a bad variable and changes nothing', async () => {
    const id = await start('AJ-6', { keep: { value: 1, type: 'Integer' } });
    await s.post(`/process-instance/${id}/variables`).send({ modifications: { ok: { value: 1, type: 'Integer' }, bad: { value: 'abc', type: 'Integer' } } }).expect(400);
    expect((await s.get(`/process-instance/${id}/variables`).expect(200)).body).toEqual({ keep: { type: 'Integer', value: 1, valueInfo: {} } });
  });
});

describe('GET /process-instance/{id}/activity-instances', () => {
  it('returns the tree with one child per active activity', async () => {
    const id = await start('AJ-7');
    const tree = (await s.get(`/process-instance/${id}/activity-instances`).expect(200)).body;
    expect(tree).toMatchObject({ id, activityType: 'processDefinition', parentActivityInstanceId: null });
    expect((tree.childActivityInstances as Array<{ activityId: string; activityType: string }>).map((c) => `${c.activityId}:${c.activityType}`).sort())
      .toEqual(['check:serviceTask', 'review:userTask']);
  });
});

describe('DELETE /process-instance/{id}', () => {
  it('deletes a running instance with its tasks, and answers 404 the second time', async () => {
    const id = await start('AJ-8');
    await s.del(`/process-instance/${id}?deleteReason=${encodeURIComponent('撤回申请')}`).expect(204);
    await s.get(`/process-instance/${id}`).expect(404);
    expect((await s.get(`/task/count?processInstanceId=${id}`).expect(200)).body).toEqual({ count: 0 });
    expect((await s.get(`/external-task/count?processInstanceId=${id}`).expect(200)).body).toEqual({ count: 0 });
    expect((await s.engine.runtime.historic({ userId: null, groupIds: [] }, id))).toMatchObject({ state: 'EXTERNALLY_TERMINATED', deleteReason: '撤回申请' });
    await s.del(`/process-instance/${id}`).expect(404);
  });
});
