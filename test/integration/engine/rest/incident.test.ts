import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';
import { formatEngineDate } from '../../../../src/engine/variables/index.js';

const ENGINE_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;
const q = (ms: number) => encodeURIComponent(formatEngineDate(new Date(ms)));
const ids = (body: unknown) => (body as Array<{ id: string }>).map((r) => r.id);

let s: EngineServer;
let defs: Record<string, string>;

beforeAll(async () => {
  s = await startEngineServer();
  defs = await s.deploy({
    'inc-work.bpmn': bpmnProcess('inc-work', `<bpmn:startEvent id="start" />
      <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="inc-topic" /><bpmn:userTask id="after" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" /><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="after" />`),
    'inc-other.bpmn': bpmnProcess('inc-other', `<bpmn:startEvent id="start" />
      <bpmn:serviceTask id="check" camunda:type="external" camunda:topic="inc-other-topic" /><bpmn:userTask id="after" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" /><bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="after" />`),
  });
});
afterAll(async () => {
  await s.close();
});

/** Starts an instance and lets its worker task fail without retries; returns the instance and external task ids. */
async function failing(key: string, topic: string, message: string): Promise<{ pi: string; task: string }> {
  const pi = (await s.post(`/process-definition/key/${key}/start`).send({}).expect(200)).body.id as string;
  const locked = await s.post('/external-task/fetchAndLock').send({ workerId: 'w', maxTasks: 50, topics: [{ topicName: topic, lockDuration: 60_000 }] }).expect(200);
  const task = (locked.body as Array<{ id: string; processInstanceId: string }>).find((t) => t.processInstanceId === pi)?.id as string;
  await s.post(`/external-task/${task}/failure`).send({ workerId: 'w', errorMessage: message, retries: 0, retryTimeout: 0 }).expect(204);
  return { pi, task };
}

describe('incidents of external tasks that ran out of retries', () => {
  let a: { pi: string; task: string };
  let b: { pi: string; task: string };
  let t0: number;
  beforeAll(async () => {
    t0 = Date.now();
    a = await failing('inc-work', 'inc-topic', 'connection refused');
    s.advance(60_000);
    b = await failing('inc-other', 'inc-other-topic', 'timeout talking to 公安网');
  });

  it('GET /incident lists the open incidents with their cause, place and configuration', async () => {
    const res = await s.get(`/incident?processInstanceId=${a.pi}`).expect(200);
    expect(res.headers['content-type']).toBe('application/json');
    const [i] = res.body as Array<Record<string, unknown>>;
    expect(i).toMatchObject({
      incidentType: 'failedExternalTask', incidentMessage: 'connection refused', processInstanceId: a.pi, processDefinitionId: defs['inc-work'],
      activityId: 'work', failedActivityId: 'work', configuration: a.task, tenantId: null, jobDefinitionId: null, annotation: null,
    });
    expect(i?.['causeIncidentId']).toBe(i?.['id']);
    expect(i?.['rootCauseIncidentId']).toBe(i?.['id']);
    expect(i?.['incidentTimestamp']).toMatch(ENGINE_DATE);
    expect(i?.['executionId']).toEqual(expect.any(String));
  });

  it('GET /incident filters by every main criterion and counts', async () => {
    const [ia] = ids((await s.get(`/incident?processInstanceId=${a.pi}`).expect(200)).body);
    const [ib] = ids((await s.get(`/incident?processInstanceId=${b.pi}`).expect(200)).body);
    const get = async (query: string) => ids((await s.get(`/incident?${query}`).expect(200)).body).sort();
    expect(await get(`incidentId=${ia}`)).toEqual([ia]);
    expect(await get('incidentType=failedExternalTask')).toEqual([ia, ib].sort());
    expect(await get('incidentType=failedJob')).toEqual([]);
    expect(await get('incidentMessage=connection%20refused')).toEqual([ia]);
    expect(await get('incidentMessageLike=%25公安%25')).toEqual([ib]);
    expect(await get(`processDefinitionId=${defs['inc-other']}`)).toEqual([ib]);
    expect(await get('processDefinitionKeyIn=inc-work,nothing')).toEqual([ia]);
    expect(await get('activityId=check')).toEqual([ib]);
    expect(await get('failedActivityId=work')).toEqual([ia]);
    expect(await get(`configuration=${b.task}`)).toEqual([ib]);
    expect(await get(`causeIncidentId=${ib}`)).toEqual([ib]);
    expect(await get(`rootCauseIncidentId=${ia}`)).toEqual([ia]);
    expect(await get('tenantIdIn=t1')).toEqual([]);
    expect(await get(`incidentTimestampAfter=${q(t0 + 30_000)}`)).toEqual([ib]);
    expect(await get(`incidentTimestampBefore=${q(t0 + 30_000)}`)).toEqual([ia]);
    const execution = ((await s.get(`/incident/${ia}`).expect(200)).body as { executionId: string }).executionId;
    expect(await get(`executionId=${execution}`)).toEqual([ia]);
    expect((await s.get('/incident/count?incidentType=failedExternalTask').expect(200)).body).toEqual({ count: 2 });
    expect((await s.get(`/incident/count?processInstanceId=${a.pi}`).expect(200)).body).toEqual({ count: 1 });
  });

  it('GET /incident sorts both ways and pages', async () => {
    const asc = ids((await s.get('/incident?sortBy=incidentTimestamp&sortOrder=asc').expect(200)).body);
    const desc = ids((await s.get('/incident?sortBy=incidentTimestamp&sortOrder=desc').expect(200)).body);
    expect(asc).toHaveLength(2);
    expect(desc).toEqual([...asc].reverse());
    const byMessage = (await s.get('/incident?sortBy=incidentMessage&sortOrder=desc').expect(200)).body as Array<{ incidentMessage: string }>;
    expect(byMessage.map((i) => i.incidentMessage)).toEqual(['timeout talking to 公安网', 'connection refused']);
    expect(ids((await s.get('/incident?sortBy=incidentTimestamp&sortOrder=asc&firstResult=1&maxResults=1').expect(200)).body)).toEqual([asc[1]]);
  });

  it('GET /incident/{id} returns one incident, and 404 for an unknown id', async () => {
    const [ia] = ids((await s.get(`/incident?processInstanceId=${a.pi}`).expect(200)).body);
    expect((await s.get(`/incident/${ia}`).expect(200)).body).toMatchObject({ id: ia, activityId: 'work' });
    expect((await s.get('/incident/unknown').expect(404)).body).toEqual({ type: 'InvalidRequestException', message: 'No matching incident with id unknown', code: null });
  });

  it('GET /incident answers 400 for an unknown sortBy, a lone sortBy and a bad date', async () => {
    await s.get('/incident?sortBy=nope&sortOrder=asc').expect(400);
    await s.get('/incident?sortBy=incidentId').expect(400);
    await s.get('/incident/count?incidentTimestampAfter=today').expect(400);
  });

  it('PUT and DELETE /incident/{id}/annotation set and clear the annotation, also in history; unknown → 400', async () => {
    const [ia] = ids((await s.get(`/incident?processInstanceId=${a.pi}`).expect(200)).body);
    await s.put(`/incident/${ia}/annotation`).send({ annotation: '已通知运维' }).expect(204);
    expect((await s.get(`/incident/${ia}`).expect(200)).body.annotation).toBe('已通知运维');
    expect(((await s.get(`/history/incident?incidentId=${ia}`).expect(200)).body as Array<{ annotation: string }>)[0]?.annotation).toBe('已通知运维');
    expect((await s.get('/history/user-operation/count?operationType=SetAnnotation&entityType=Incident').expect(200)).body).toEqual({ count: 1 });
    await s.del(`/incident/${ia}/annotation`).expect(204);
    expect((await s.get(`/incident/${ia}`).expect(200)).body.annotation).toBeNull();
    const unknown = await s.put('/incident/unknown/annotation').send({ annotation: 'x' }).expect(400);
    expect(unknown.body).toMatchObject({ type: 'NotFoundException', message: 'incident is null' });
  });
});

describe('GET /history/incident', () => {
  it('keeps an incident open, then resolved when retries are set again, with its end time', async () => {
    const { pi, task } = await failing('inc-work', 'inc-topic', 'first failure');
    const open = (await s.get(`/history/incident?processInstanceId=${pi}`).expect(200)).body as Array<Record<string, unknown>>;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      open: true, resolved: false, deleted: false, endTime: null, incidentType: 'failedExternalTask', incidentMessage: 'first failure',
      processDefinitionKey: 'inc-work', processDefinitionId: defs['inc-work'], rootProcessInstanceId: pi, activityId: 'work',
      configuration: task, historyConfiguration: task,
    });
    expect(open[0]?.['createTime']).toMatch(ENGINE_DATE);
    await s.put(`/external-task/${task}/retries`).send({ retries: 2 }).expect(204);
    expect((await s.get(`/incident/count?processInstanceId=${pi}`).expect(200)).body).toEqual({ count: 0 });
    const [resolved] = (await s.get(`/history/incident?processInstanceId=${pi}`).expect(200)).body as Array<Record<string, unknown>>;
    expect(resolved).toMatchObject({ open: false, resolved: true, deleted: false });
    expect(resolved?.['endTime']).toMatch(ENGINE_DATE);
  });

  it('marks an incident resolved when its external task is completed', async () => {
    const { pi, task } = await failing('inc-work', 'inc-topic', 'will be completed');
    await s.post(`/external-task/${task}/complete`).send({ workerId: 'w' }).expect(204);
    expect((await s.get(`/history/incident?processInstanceId=${pi}`).expect(200)).body[0]).toMatchObject({ resolved: true });
  });

  it('marks an incident deleted when its process instance is deleted', async () => {
    const { pi } = await failing('inc-work', 'inc-topic', 'instance will be deleted');
    await s.del(`/process-instance/${pi}`).expect(204);
    expect((await s.get(`/history/incident?processInstanceId=${pi}`).expect(200)).body[0]).toMatchObject({ open: false, deleted: true, resolved: false });
  });

  it('filters by state, type, message, definition, activity and times, sorts both ways, pages and counts', async () => {
    const count = async (query: string) => ((await s.get(`/history/incident/count?${query}`).expect(200)).body as { count: number }).count;
    const all = await count('');
    expect(all).toBeGreaterThanOrEqual(5);
    expect((await count('open=true')) + (await count('resolved=true')) + (await count('deleted=true'))).toBe(all);
    expect(await count('deleted=true')).toBe(1);
    expect(await count('resolved=true')).toBe(2);
    expect(await count('incidentMessage=first%20failure')).toBe(1);
    expect(await count('incidentMessageLike=%25will%25')).toBe(2);
    expect(await count('processDefinitionKey=inc-other')).toBe(1);
    expect(await count('processDefinitionKeyIn=inc-other,inc-work')).toBe(all);
    expect(await count('activityId=check')).toBe(1);
    expect(await count('incidentType=failedExternalTask')).toBe(all);
    expect(await count(`createTimeAfter=${q(Date.now() + 10 * 24 * 3600_000)}`)).toBe(0);
    expect(await count(`endTimeBefore=${q(Date.now() + 10 * 24 * 3600_000)}`)).toBe(3);
    const asc = ids((await s.get('/history/incident?sortBy=createTime&sortOrder=asc').expect(200)).body);
    const desc = ids((await s.get('/history/incident?sortBy=createTime&sortOrder=desc').expect(200)).body);
    expect(desc).toEqual([...asc].reverse());
    const byState = (await s.get('/history/incident?sortBy=incidentState&sortOrder=desc&maxResults=1').expect(200)).body as Array<{ deleted: boolean }>;
    expect(byState.map((i) => i.deleted)).toEqual([true]);
    expect(ids((await s.get('/history/incident?sortBy=createTime&sortOrder=asc&firstResult=1&maxResults=2').expect(200)).body)).toEqual(asc.slice(1, 3));
  });

  it('lets historic process instances be filtered by their incidents', async () => {
    const { pi } = await failing('inc-other', 'inc-other-topic', 'for process filter');
    const count = async (query: string) => ((await s.get(`/history/process-instance/count?${query}`).expect(200)).body as { count: number }).count;
    expect(await count(`processInstanceId=${pi}&withIncidents=true`)).toBe(1);
    expect(await count(`processInstanceId=${pi}&incidentStatus=open`)).toBe(1);
    expect(await count(`processInstanceId=${pi}&incidentStatus=resolved`)).toBe(0);
    expect(await count(`processInstanceId=${pi}&incidentMessageLike=for%25`)).toBe(1);
    expect(await count('processDefinitionKey=inc-work&withIncidents=true')).toBe(4);
  });

  it('answers 400 for an unknown sortBy and a bad boolean', async () => {
    await s.get('/history/incident?sortBy=nope&sortOrder=asc').expect(400);
    await s.get('/history/incident/count?open=1').expect(400);
  });
});
