import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';
import { formatEngineDate } from '../../../../src/engine/variables/index.js';

/** Camunda's REST date format, e.g. `2026-01-25T13:33:42.165+0800`. */
const ENGINE_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/;
const MINUTE = 60_000;

let s: EngineServer;
let defs: Record<string, string>;

/** An engine date for a query string (`+` encoded). */
const q = (ms: number) => encodeURIComponent(formatEngineDate(new Date(ms)));
const ids = (body: unknown) => (body as Array<{ id: string }>).map((r) => r.id);

const start = async (key: string, businessKey: string, variables: Record<string, unknown> = {}) =>
  (await s.post(`/process-definition/key/${key}/start`).send({ businessKey, variables }).expect(200)).body.id as string;
const taskOf = async (pi: string) => (await s.get(`/task?processInstanceId=${pi}`).expect(200)).body[0].id as string;

/**
 * The scenario every history query below reads: three instances of `hist-review`, started a minute apart —
 * `done` (its review task completed by the assignee, instance COMPLETED), `open` (still waiting in its review task)
 * and `gone` (deleted while waiting: EXTERNALLY_TERMINATED, its review task canceled) — and one `hist-work` instance
 * waiting in an external task.
 */
const t: Record<string, number> = {};
let done: string;
let open: string;
let gone: string;
let work: string;

beforeAll(async () => {
  s = await startEngineServer();
  defs = await s.deploy({
    'hist-review.bpmn': bpmnProcess('hist-review', `<bpmn:startEvent id="start" name="收件" />
      <bpmn:userTask id="review" name="审查 review" camunda:assignee="\${assignee}" camunda:dueDate="\${due}" />
      <bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" /><bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />`),
    'hist-work.bpmn': bpmnProcess('hist-work', `<bpmn:startEvent id="start" />
      <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="hist-topic" /><bpmn:userTask id="after" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" /><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="after" />`),
    'hist-vars.bpmn': bpmnProcess('hist-vars', `<bpmn:startEvent id="start" /><bpmn:userTask id="wait" /><bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" /><bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />`),
  });
  const vars = (assignee: string, due: string) => ({ assignee: { value: assignee, type: 'String' }, due: { value: due, type: 'Date' } });
  t['t0'] = Date.now();
  done = await start('hist-review', 'HR-1', vars('demo', '2030-01-01T00:00:00.000+0000'));
  s.advance(MINUTE);
  t['t1'] = Date.now() + MINUTE;
  open = await start('hist-review', 'HR-2', vars('alice', '2030-06-01T00:00:00.000+0000'));
  s.advance(MINUTE);
  gone = await start('hist-review', 'OTHER-3', vars('bob', '2030-12-01T00:00:00.000+0000'));
  s.advance(MINUTE);
  await s.post(`/task/${await taskOf(done)}/complete`).send({}).expect(204);
  await s.del(`/process-instance/${gone}`).expect(204);
  s.advance(MINUTE);
  work = await start('hist-work', 'HW-1');
});
afterAll(async () => {
  await s.close();
});

describe('GET /history/process-instance', () => {
  it('lists the historic instances of a definition with their state, times, duration and starter', async () => {
    const res = await s.get('/history/process-instance?processDefinitionKey=hist-review&sortBy=startTime&sortOrder=asc').expect(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(ids(res.body)).toEqual([done, open, gone]);
    const [d, o, g] = res.body as Array<Record<string, unknown>>;
    expect(d).toMatchObject({
      id: done, rootProcessInstanceId: done, superProcessInstanceId: null, businessKey: 'HR-1', processDefinitionId: defs['hist-review'],
      processDefinitionKey: 'hist-review', processDefinitionVersion: 1, startUserId: 'demo', startActivityId: 'start',
      state: 'COMPLETED', deleteReason: null, tenantId: null, removalTime: null,
    });
    expect(d?.['startTime']).toMatch(ENGINE_DATE);
    expect(d?.['endTime']).toMatch(ENGINE_DATE);
    expect(d?.['durationInMillis']).toBeGreaterThanOrEqual(3 * MINUTE - 1000);
    expect(o).toMatchObject({ state: 'ACTIVE', endTime: null, durationInMillis: null });
    expect(g).toMatchObject({ state: 'EXTERNALLY_TERMINATED' });
    expect(g?.['endTime']).toMatch(ENGINE_DATE);
  });

  it('filters by ids, definition, business key, start and end time, starter, finished state and state flags', async () => {
    const get = async (query: string) => ids((await s.get(`/history/process-instance?processDefinitionKey=hist-review&${query}`).expect(200)).body).sort();
    expect(await get(`processInstanceId=${open}`)).toEqual([open]);
    expect(await get(`processInstanceIds=${open},${gone}`)).toEqual([open, gone].sort());
    expect(await get(`processInstanceIdNotIn=${open}`)).toEqual([done, gone].sort());
    expect(await get(`processDefinitionId=${defs['hist-review']}`)).toHaveLength(3);
    expect(ids((await s.get('/history/process-instance?processDefinitionKeyIn=hist-work,nothing').expect(200)).body)).toEqual([work]);
    expect(ids((await s.get('/history/process-instance?processDefinitionKeyNotIn=hist-review,hist-vars').expect(200)).body)).toEqual([work]);
    expect(await get('processInstanceBusinessKey=HR-2')).toEqual([open]);
    expect(await get('processInstanceBusinessKeyLike=HR-%25')).toEqual([done, open].sort());
    expect(await get('finished=true')).toEqual([done, gone].sort());
    expect(await get('unfinished=true')).toEqual([open]);
    expect(await get('completed=true')).toEqual([done]);
    expect(await get('externallyTerminated=true')).toEqual([gone]);
    expect(await get('active=true')).toEqual([open]);
    expect(await get(`startedAfter=${q(t['t1'] as number - 1000)}`)).toEqual([open, gone].sort());
    expect(await get(`startedBefore=${q(t['t1'] as number - 1000)}`)).toEqual([done]);
    expect(await get(`finishedAfter=${q(t['t0'] as number)}`)).toEqual([done, gone].sort());
    expect(await get(`finishedBefore=${q(t['t0'] as number)}`)).toEqual([]);
    expect(await get('startedBy=demo')).toHaveLength(3);
    expect(await get('startedBy=nobody')).toEqual([]);
    expect(await get('activeActivityIdIn=review')).toEqual([open]);
    expect(await get('executedActivityIdIn=end')).toEqual([done]);
  });

  it('sorts both ways, pages, and counts with the same filters', async () => {
    const asc = ids((await s.get('/history/process-instance?processDefinitionKey=hist-review&sortBy=businessKey&sortOrder=asc').expect(200)).body);
    const desc = ids((await s.get('/history/process-instance?processDefinitionKey=hist-review&sortBy=businessKey&sortOrder=desc').expect(200)).body);
    expect(asc).toEqual([done, open, gone]);
    expect(desc).toEqual([gone, open, done]);
    const page = await s.get('/history/process-instance?processDefinitionKey=hist-review&sortBy=startTime&sortOrder=desc&firstResult=1&maxResults=1').expect(200);
    expect(ids(page.body)).toEqual([open]);
    expect((await s.get('/history/process-instance/count?processDefinitionKey=hist-review').expect(200)).body).toEqual({ count: 3 });
    expect((await s.get('/history/process-instance/count?processDefinitionKey=hist-review&finished=true').expect(200)).body).toEqual({ count: 2 });
  });

  it('answers the POST twins with sorting arrays and paging from the URL', async () => {
    const res = await s.post('/history/process-instance?maxResults=2')
      .send({ processDefinitionKey: 'hist-review', sorting: [{ sortBy: 'startTime', sortOrder: 'desc' }] }).expect(200);
    expect(ids(res.body)).toEqual([gone, open]);
    const count = await s.post('/history/process-instance/count').send({ processDefinitionKeyIn: ['hist-review'], unfinished: true }).expect(200);
    expect(count.body).toEqual({ count: 1 });
  });

  it('returns one historic instance by id, and 404 for an unknown id', async () => {
    expect((await s.get(`/history/process-instance/${gone}`).expect(200)).body).toMatchObject({ id: gone, state: 'EXTERNALLY_TERMINATED' });
    const res = await s.get('/history/process-instance/unknown').expect(404);
    expect(res.body).toEqual({ type: 'InvalidRequestException', message: 'Historic process instance with id unknown does not exist', code: null });
  });

  it('answers 400 for an unknown sortBy, a lone sortOrder, a bad boolean and a bad date', async () => {
    await s.get('/history/process-instance?sortBy=nope&sortOrder=asc').expect(400);
    const lone = await s.get('/history/process-instance?sortOrder=asc').expect(400);
    expect(lone.body).toMatchObject({ type: 'InvalidRequestException', message: 'Only a single sorting parameter specified. sortBy and sortOrder required' });
    await s.get('/history/process-instance?finished=maybe').expect(400);
    await s.get('/history/process-instance/count?startedBefore=yesterday').expect(400);
    await s.post('/history/process-instance').send({ sorting: [{ sortBy: 'nope', sortOrder: 'asc' }] }).expect(400);
  });
});

describe('GET /history/activity-instance', () => {
  it('lists the activity instances of an instance in order, with type, task, assignee, times and flags', async () => {
    const res = await s.get(`/history/activity-instance?processInstanceId=${done}&sortBy=occurrence&sortOrder=asc`).expect(200);
    const rows = res.body as Array<Record<string, unknown>>;
    expect(rows.map((r) => r['activityId'])).toEqual(['start', 'review', 'end']);
    expect(rows[0]).toMatchObject({ activityType: 'startEvent', activityName: '收件', canceled: false, processInstanceId: done, rootProcessInstanceId: done });
    expect(rows[1]).toMatchObject({ activityType: 'userTask', activityName: '审查 review', assignee: 'demo', canceled: false, completeScope: false });
    expect(rows[1]?.['taskId']).toEqual(expect.any(String));
    expect(rows[1]?.['durationInMillis']).toBeGreaterThanOrEqual(2 * MINUTE - 1000);
    expect(rows[1]?.['endTime']).toMatch(ENGINE_DATE);
  });

  it('filters by activity, type, assignee, execution, finished, unfinished, canceled and times', async () => {
    const get = async (query: string) => (await s.get(`/history/activity-instance?processDefinitionId=${defs['hist-review']}&${query}`).expect(200)).body as Array<Record<string, unknown>>;
    expect((await get('activityType=userTask')).map((r) => r['processInstanceId']).sort()).toEqual([done, open, gone].sort());
    expect((await get('activityId=review&taskAssignee=alice')).map((r) => r['processInstanceId'])).toEqual([open]);
    expect((await get('activityId=review&unfinished=true')).map((r) => r['processInstanceId'])).toEqual([open]);
    expect((await get('activityId=review&finished=true')).map((r) => r['processInstanceId']).sort()).toEqual([done, gone].sort());
    const canceled = await get('canceled=true');
    expect(canceled.map((r) => [r['processInstanceId'], r['activityId'], r['canceled']])).toEqual([[gone, 'review', true]]);
    // the end event that ended the completed instance's last token completed its scope
    expect((await get('completeScope=true')).map((r) => [r['processInstanceId'], r['activityId'], r['completeScope']])).toEqual([[done, 'end', true]]);
    expect(await get(`activityId=start&startedAfter=${q(t['t1'] as number - 1000)}`)).toHaveLength(2);
    expect(await get(`activityId=start&startedBefore=${q(t['t1'] as number - 1000)}`)).toHaveLength(1);
    expect(await get(`finishedBefore=${q(t['t0'] as number - MINUTE)}`)).toEqual([]);
    const [one] = await get(`processInstanceId=${open}&activityId=review`);
    const byExecution = await get(`executionId=${String(one?.['executionId'])}&activityId=review`);
    expect(byExecution.map((r) => r['id'])).toEqual([one?.['id']]);
    expect((await get(`activityInstanceId=${String(one?.['id'])}`)).map((r) => r['id'])).toEqual([one?.['id']]);
  });

  it('sorts both ways, pages, counts, answers the POST twins, returns one by id and 404 for an unknown id', async () => {
    const base = `/history/activity-instance?processInstanceId=${done}`;
    const asc = (await s.get(`${base}&sortBy=activityId&sortOrder=asc`).expect(200)).body as Array<{ activityId: string }>;
    const desc = (await s.get(`${base}&sortBy=activityId&sortOrder=desc`).expect(200)).body as Array<{ activityId: string }>;
    expect(asc.map((r) => r.activityId)).toEqual(['end', 'review', 'start']);
    expect(desc.map((r) => r.activityId)).toEqual(['start', 'review', 'end']);
    const page = (await s.get(`${base}&sortBy=occurrence&sortOrder=asc&firstResult=1&maxResults=1`).expect(200)).body as Array<{ activityId: string }>;
    expect(page.map((r) => r.activityId)).toEqual(['review']);
    expect((await s.get(`/history/activity-instance/count?processInstanceId=${done}`).expect(200)).body).toEqual({ count: 3 });
    const posted = await s.post('/history/activity-instance').send({ processInstanceId: done, sorting: [{ sortBy: 'activityType', sortOrder: 'asc' }] }).expect(200);
    expect((posted.body as Array<{ activityType: string }>).map((r) => r.activityType)).toEqual(['noneEndEvent', 'startEvent', 'userTask']);
    expect((await s.post('/history/activity-instance/count').send({ processInstanceId: done, activityType: 'userTask' }).expect(200)).body).toEqual({ count: 1 });
    const one = (posted.body as Array<{ id: string }>)[0]?.id as string;
    expect((await s.get(`/history/activity-instance/${encodeURIComponent(one)}`).expect(200)).body).toMatchObject({ id: one, activityType: 'noneEndEvent' });
    const missing = await s.get('/history/activity-instance/unknown').expect(404);
    expect(missing.body).toMatchObject({ type: 'InvalidRequestException', message: 'Historic activity instance with id unknown does not exist' });
  });

  it('answers 400 for an unknown sortBy and a bad boolean', async () => {
    await s.get('/history/activity-instance?sortBy=nope&sortOrder=desc').expect(400);
    await s.get('/history/activity-instance/count?canceled=yes').expect(400);
  });
});

describe('GET /history/task', () => {
  it('lists historic tasks with their process, assignee, due date, end and delete reason', async () => {
    const res = await s.get('/history/task?processDefinitionKey=hist-review&sortBy=startTime&sortOrder=asc').expect(200);
    const rows = res.body as Array<Record<string, unknown>>;
    expect(rows.map((r) => r['processInstanceId'])).toEqual([done, open, gone]);
    expect(rows[0]).toMatchObject({
      name: '审查 review', taskDefinitionKey: 'review', assignee: 'demo', deleteReason: 'completed', taskState: 'Completed',
      processDefinitionKey: 'hist-review', processDefinitionId: defs['hist-review'], priority: 50, rootProcessInstanceId: done,
    });
    expect(rows[0]?.['due']).toMatch(ENGINE_DATE);
    expect(rows[0]?.['duration']).toBeGreaterThanOrEqual(2 * MINUTE - 1000);
    expect(rows[1]).toMatchObject({ assignee: 'alice', endTime: null, deleteReason: null });
    expect(rows[2]).toMatchObject({ assignee: 'bob', taskState: 'Deleted' });
  });

  it('filters by task, instance, business key, definition, name, assignee, owner, finished state, due date and times', async () => {
    const get = async (query: string) => ((await s.get(`/history/task?${query}`).expect(200)).body as Array<{ processInstanceId: string }>).map((r) => r.processInstanceId).sort();
    const openTask = await taskOf(open);
    expect(await get(`taskId=${openTask}`)).toEqual([open]);
    expect(await get(`processInstanceId=${gone}`)).toEqual([gone]);
    expect(await get('processInstanceBusinessKey=HR-1')).toEqual([done]);
    expect(await get('processInstanceBusinessKeyLike=HR-%25')).toEqual([done, open].sort());
    expect(await get('processDefinitionKey=hist-review&taskDefinitionKey=review')).toHaveLength(3);
    expect(await get('taskName=审查 review'.replace(' ', '%20'))).toHaveLength(3);
    expect(await get('taskNameLike=%25review')).toHaveLength(3);
    expect(await get('taskAssignee=bob')).toEqual([gone]);
    expect(await get('processDefinitionKey=hist-review&taskOwner=demo')).toEqual([]);
    expect(await get('processDefinitionKey=hist-review&finished=true')).toEqual([done, gone].sort());
    expect(await get('processDefinitionKey=hist-review&unfinished=true')).toEqual([open]);
    expect(await get(`processDefinitionKey=hist-review&taskDueAfter=${q(Date.UTC(2030, 0, 1))}&taskDueDateAfter=${q(Date.UTC(2030, 0, 1))}`)).toEqual([open, gone].sort());
    expect(await get(`processDefinitionKey=hist-review&taskDueDateBefore=${q(Date.UTC(2030, 5, 1))}`)).toEqual([done]);
    expect(await get(`processDefinitionKey=hist-review&startedAfter=${q(t['t1'] as number - 1000)}`)).toEqual([open, gone].sort());
    expect(await get(`processDefinitionKey=hist-review&startedBefore=${q(t['t1'] as number - 1000)}`)).toEqual([done]);
    expect(await get(`processDefinitionKey=hist-review&finishedAfter=${q(t['t0'] as number)}`)).toEqual([done, gone].sort());
    expect(await get(`processDefinitionKey=hist-review&finishedBefore=${q(t['t0'] as number)}`)).toEqual([]);
  });

  it('sorts both ways, pages, counts and answers the POST twins', async () => {
    const by = async (order: string) => ((await s.get(`/history/task?processDefinitionKey=hist-review&sortBy=assignee&sortOrder=${order}`).expect(200)).body as Array<{ assignee: string }>).map((r) => r.assignee);
    expect(await by('asc')).toEqual(['alice', 'bob', 'demo']);
    expect(await by('desc')).toEqual(['demo', 'bob', 'alice']);
    const page = await s.get('/history/task?processDefinitionKey=hist-review&sortBy=assignee&sortOrder=asc&firstResult=2&maxResults=5').expect(200);
    expect((page.body as Array<{ assignee: string }>).map((r) => r.assignee)).toEqual(['demo']);
    expect((await s.get('/history/task/count?processDefinitionKey=hist-review&finished=true').expect(200)).body).toEqual({ count: 2 });
    const posted = await s.post('/history/task').send({ processInstanceBusinessKeyIn: ['HR-1', 'HR-2'], sorting: [{ sortBy: 'startTime', sortOrder: 'desc' }] }).expect(200);
    expect((posted.body as Array<{ processInstanceId: string }>).map((r) => r.processInstanceId)).toEqual([open, done]);
    expect((await s.post('/history/task/count').send({ taskAssignee: 'alice' }).expect(200)).body).toEqual({ count: 1 });
  });

  it('answers 400 for an unknown sortBy and a bad date', async () => {
    await s.get('/history/task?sortBy=nope&sortOrder=asc').expect(400);
    await s.get('/history/task/count?startedAfter=2026-13-45').expect(400);
  });
});

describe('GET /history/user-operation', () => {
  it('lists who did what to which process instance and task, filtered and sorted by timestamp', async () => {
    const rows = (await s.get(`/history/user-operation?processInstanceId=${done}&sortBy=timestamp&sortOrder=asc`).expect(200)).body as Array<Record<string, unknown>>;
    expect(rows.map((r) => r['operationType'])).toEqual(['Complete']);
    expect(rows[0]).toMatchObject({
      userId: 'demo', entityType: 'Task', category: 'TaskWorker', processInstanceId: done, processDefinitionKey: 'hist-review',
      processDefinitionId: defs['hist-review'], operationId: expect.any(String), externalTaskId: null, batchId: null,
    });
    expect(rows[0]?.['timestamp']).toMatch(ENGINE_DATE);
    expect(rows[0]?.['taskId']).toEqual(expect.any(String));
  });

  it('filters by user, operation type, entity type(s), category(ies), task, definition and timestamps', async () => {
    const count = async (query: string) => ((await s.get(`/history/user-operation/count?${query}`).expect(200)).body as { count: number }).count;
    expect(await count(`processInstanceId=${gone}&operationType=Delete&entityType=ProcessInstance`)).toBe(1);
    expect(await count(`processInstanceId=${gone}&entityTypeIn=Task,ProcessInstance`)).toBe(1);
    expect(await count('operationType=Create&entityType=Deployment&categoryIn=Operator,Admin')).toBeGreaterThanOrEqual(1);
    expect(await count('category=TaskWorker&userId=demo&processDefinitionKey=hist-review')).toBe(1);
    expect(await count('userId=nobody')).toBe(0);
    const complete = ((await s.get(`/history/user-operation?processInstanceId=${done}`).expect(200)).body as Array<{ taskId: string; timestamp: string }>)[0];
    expect(await count(`taskId=${complete?.taskId}`)).toBe(1);
    expect(await count(`processDefinitionId=${defs['hist-review']}&operationType=Complete`)).toBe(1);
    const at = new Date(complete?.timestamp as string).getTime();
    expect(await count(`processInstanceId=${done}&afterTimestamp=${q(at - 1)}&beforeTimestamp=${q(at + 1)}`)).toBe(1);
    expect(await count(`processInstanceId=${done}&afterTimestamp=${q(at)}`)).toBe(0);
  });

  it('sorts by timestamp both ways and pages', async () => {
    const by = async (order: string) => ((await s.get(`/history/user-operation?userId=demo&sortBy=timestamp&sortOrder=${order}`).expect(200)).body as Array<{ timestamp: string }>).map((r) => new Date(r.timestamp).getTime());
    const asc = await by('asc');
    expect(asc.length).toBeGreaterThanOrEqual(3);
    expect([...asc].sort((a, b) => a - b)).toEqual(asc);
    expect(await by('desc')).toEqual([...asc].reverse());
    expect((await s.get('/history/user-operation?userId=demo&firstResult=0&maxResults=2').expect(200)).body).toHaveLength(2);
  });

  it('answers 400 for a sortBy other than timestamp and a bad timestamp', async () => {
    await s.get('/history/user-operation?sortBy=userId&sortOrder=asc').expect(400);
    await s.get('/history/user-operation?afterTimestamp=now').expect(400);
  });
});

describe('variable history', () => {
  /** An instance of hist-vars, whose variable `amount` was created at start, updated twice and then deleted. */
  let pi: string;
  let varId: string;
  beforeAll(async () => {
    pi = await start('hist-vars', 'HV-1', { amount: { value: 1, type: 'Integer' }, note: { value: '备注', type: 'String' }, temp: { value: 'x', type: 'String', valueInfo: { transient: true } } });
    s.advance(1000);
    await s.put(`/process-instance/${pi}/variables/amount`).send({ value: 2, type: 'Integer' }).expect(204);
    s.advance(1000);
    await s.put(`/process-instance/${pi}/variables/amount`).send({ value: 3, type: 'Long' }).expect(204);
    s.advance(1000);
    await s.del(`/process-instance/${pi}/variables/amount`).expect(204);
    varId = ((await s.get(`/history/variable-instance?processInstanceId=${pi}&variableName=amount&includeDeleted=true`).expect(200)).body as Array<{ id: string }>)[0]?.id as string;
  });

  it('records a detail row per create, update and delete, in order, with the value, type and revision of each', async () => {
    const res = await s.get(`/history/detail?variableInstanceId=${varId}&sortBy=occurrence&sortOrder=asc`).expect(200);
    const rows = res.body as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r['value'], r['variableType'], r['revision']])).toEqual([[1, 'Integer', 0], [2, 'Integer', 1], [3, 'Long', 2], [3, 'Long', 3]]);
    expect(rows[0]).toMatchObject({
      type: 'variableUpdate', variableName: 'amount', variableInstanceId: varId, processInstanceId: pi, executionId: pi,
      activityInstanceId: pi, processDefinitionKey: 'hist-vars', initial: true, taskId: null, errorMessage: null, valueInfo: {},
    });
    expect(rows[1]).toMatchObject({ initial: false, userOperationId: expect.any(String) });
    expect(rows.map((r) => new Date(r['time'] as string).getTime())).toEqual([...rows.map((r) => new Date(r['time'] as string).getTime())].sort((a, b) => a - b));
    const desc = (await s.get(`/history/detail?variableInstanceId=${varId}&sortBy=time&sortOrder=desc`).expect(200)).body as Array<{ revision: number }>;
    expect(desc.map((r) => r.revision)).toEqual([3, 2, 1, 0]);
  });

  it('keeps the last value and marks the variable DELETED, hidden unless includeDeleted', async () => {
    expect((await s.get(`/history/variable-instance?processInstanceId=${pi}&variableName=amount`).expect(200)).body).toEqual([]);
    const deleted = await s.get(`/history/variable-instance/${varId}`).expect(200);
    expect(deleted.body).toMatchObject({ id: varId, name: 'amount', state: 'DELETED', value: 3, type: 'Long', valueInfo: {}, processInstanceId: pi, activityInstanceId: pi });
    expect(deleted.body.createTime).toMatch(ENGINE_DATE);
  });

  it('does not historise transient variables', async () => {
    expect((await s.get(`/history/variable-instance/count?processInstanceId=${pi}&includeDeleted=true`).expect(200)).body).toEqual({ count: 2 });
    expect((await s.get(`/history/detail/count?processInstanceId=${pi}&variableNameLike=temp`).expect(200)).body).toEqual({ count: 0 });
  });

  it('keeps the variable instances CREATED with their last value when the process instance ends', async () => {
    await s.post(`/task/${await taskOf(pi)}/complete`).send({ variables: { result: { value: true, type: 'Boolean' } } }).expect(204);
    expect((await s.get(`/history/process-instance/${pi}`).expect(200)).body.state).toBe('COMPLETED');
    const rows = (await s.get(`/history/variable-instance?processInstanceId=${pi}&sortBy=variableName&sortOrder=asc`).expect(200)).body as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r['name'], r['value'], r['state']])).toEqual([['note', '备注', 'CREATED'], ['result', true, 'CREATED']]);
    const desc = (await s.get(`/history/variable-instance?processInstanceId=${pi}&sortBy=variableName&sortOrder=desc`).expect(200)).body as Array<{ name: string }>;
    expect(desc.map((r) => r.name)).toEqual(['result', 'note']);
  });

  it('records task-local variables with their task, and their explicit removal as DELETED', async () => {
    const other = await start('hist-vars', 'HV-2');
    const task = await taskOf(other);
    await s.put(`/task/${task}/localVariables/comment`).send({ value: 'looks fine', type: 'String' }).expect(204);
    await s.put(`/task/${task}/localVariables/draft`).send({ value: 'tmp', type: 'String' }).expect(204);
    await s.del(`/task/${task}/localVariables/draft`).expect(204);
    await s.post(`/task/${task}/complete`).send({}).expect(204);
    const rows = (await s.get(`/history/variable-instance?taskIdIn=${task}&includeDeleted=true&sortBy=variableName&sortOrder=asc`).expect(200)).body as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r['name'], r['state'], r['taskId']])).toEqual([['comment', 'CREATED', task], ['draft', 'DELETED', task]]);
    expect(rows[0]?.['activityInstanceId']).toMatch(/^wait:/);
    expect((await s.get(`/history/detail/count?taskId=${task}`).expect(200)).body).toEqual({ count: 3 });
    expect((await s.get(`/history/detail/count?processInstanceId=${other}&excludeTaskDetails=true`).expect(200)).body).toEqual({ count: 0 });
  });

  it('filters variable instances and details by name, type, definition and time, pages, and answers the POST twins', async () => {
    expect((await s.get(`/history/variable-instance/count?processInstanceIdIn=${pi}&variableNameLike=no%25`).expect(200)).body).toEqual({ count: 1 });
    expect((await s.get(`/history/variable-instance/count?processInstanceId=${pi}&variableTypeIn=Boolean`).expect(200)).body).toEqual({ count: 1 });
    expect((await s.get(`/history/variable-instance/count?processDefinitionKey=hist-vars&variableNameIn=note,result`).expect(200)).body).toEqual({ count: 2 });
    expect((await s.get(`/history/variable-instance?processInstanceId=${pi}&firstResult=1&maxResults=1&sortBy=variableName&sortOrder=asc`).expect(200)).body).toHaveLength(1);
    const posted = await s.post('/history/variable-instance').send({ processInstanceId: pi, variableName: 'note' }).expect(200);
    expect((posted.body as Array<{ value: string }>).map((r) => r.value)).toEqual(['备注']);
    expect((await s.post('/history/variable-instance/count').send({ processInstanceIdIn: [pi], includeDeleted: true }).expect(200)).body).toEqual({ count: 3 });
    expect((await s.get(`/history/detail/count?processInstanceId=${pi}&initial=true`).expect(200)).body).toEqual({ count: 2 });
    expect((await s.get(`/history/detail/count?processInstanceId=${pi}&variableTypeIn=Long`).expect(200)).body).toEqual({ count: 2 });
    expect((await s.get(`/history/detail/count?processInstanceId=${pi}&occurredAfter=${q(Date.now() + 3 * 24 * 3600_000)}`).expect(200)).body).toEqual({ count: 0 });
    const page = await s.post('/history/detail?firstResult=0&maxResults=2').send({ variableInstanceId: varId, sorting: [{ sortBy: 'variableRevision', sortOrder: 'desc' }] }).expect(200);
    expect((page.body as Array<{ revision: number }>).map((r) => r.revision)).toEqual([3, 2]);
  });

  it('returns a detail by id, 404 for unknown ids, and 400 for bad parameters', async () => {
    const first = ((await s.get(`/history/detail?variableInstanceId=${varId}&maxResults=1`).expect(200)).body as Array<{ id: string }>)[0]?.id as string;
    expect((await s.get(`/history/detail/${first}`).expect(200)).body).toMatchObject({ id: first, variableName: 'amount' });
    expect((await s.get('/history/detail/unknown').expect(404)).body).toEqual({ type: 'InvalidRequestException', message: "Historic detail with Id 'unknown' does not exist.", code: null });
    expect((await s.get('/history/variable-instance/unknown').expect(404)).body).toEqual({ type: 'InvalidRequestException', message: "Historic variable instance with Id 'unknown' does not exist.", code: null });
    await s.get('/history/variable-instance/unknown/data').expect(404);
    await s.get('/history/variable-instance?sortBy=nope&sortOrder=asc').expect(400);
    await s.get('/history/variable-instance?includeDeleted=perhaps').expect(400);
    await s.get('/history/detail?sortBy=occurrence').expect(400);
    await s.get('/history/detail?occurredBefore=soon').expect(400);
  });

  it('serves the bytes of a binary historic variable and 400 for a non-binary one', async () => {
    const bin = await start('hist-vars', 'HV-3', { blob: { value: Buffer.from('hello').toString('base64'), type: 'Bytes' } });
    const row = ((await s.get(`/history/variable-instance?processInstanceId=${bin}&variableName=blob`).expect(200)).body as Array<{ id: string; value: string }>)[0];
    expect(row?.value).toBe(Buffer.from('hello').toString('base64'));
    const data = await s.get(`/history/variable-instance/${row?.id}/data`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(data.headers['content-type']).toBe('application/octet-stream');
    expect((data.body as Buffer).toString()).toBe('hello');
    await s.get(`/history/variable-instance/${varId}/data`).expect(400);
  });
});
