import { bpmnProcess, startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';
import { loadCamundaContract } from '../../../helpers/openapi-contract.js';

const ACTOR = { userId: 'demo', groupIds: ['admin'] };
const MINUTE = 60_000;

let s: EngineServer;
let defs: Record<string, string>;

beforeAll(async () => {
  s = await startEngineServer();
  defs = await s.deploy({
    'timer.bpmn': bpmnProcess('job-timer', `<bpmn:startEvent id="start" />
      <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>\${wait}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:userTask id="after" camunda:assignee="\${clerk}" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" /><bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="after" />`),
  });
});
afterAll(async () => {
  await s.close();
});

/** Starts an instance waiting `wait` at its timer; `clerk` unset makes the continuation fail. */
async function start(wait: string, clerk?: string): Promise<{ instanceId: string; jobId: string }> {
  const variables: Record<string, unknown> = { wait: { value: wait, type: 'String' } };
  if (clerk) variables['clerk'] = { value: clerk, type: 'String' };
  const res = await s.post('/process-definition/key/job-timer/start').send({ variables }).expect(200);
  const instanceId = String(res.body.id);
  const jobs = await s.get(`/job?processInstanceId=${instanceId}`).expect(200);
  return { instanceId, jobId: String(jobs.body[0].id) };
}

describe('GET /job', () => {
  it('lists jobs in the JobDto shape and counts them', async () => {
    const { instanceId, jobId } = await start('PT1H', 'anna');

    const res = await s.get(`/job?processInstanceId=${instanceId}`).expect(200).expect('Content-Type', 'application/json');

    expect(res.body).toEqual([{
      id: jobId, jobDefinitionId: null, processInstanceId: instanceId, executionId: expect.any(String),
      processDefinitionId: defs['job-timer'], processDefinitionKey: 'job-timer', exceptionMessage: null, failedActivityId: null,
      retries: 3, dueDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/), suspended: false, priority: 0,
      tenantId: null, createTime: expect.any(String), batchId: null,
    }]);
    expect((await s.get(`/job/count?processInstanceId=${instanceId}`).expect(200)).body).toEqual({ count: 1 });
    expect((await s.post('/job/count').send({ processInstanceId: instanceId }).expect(200)).body).toEqual({ count: 1 });
    expect((await s.post('/job').send({ jobId }).expect(200)).body).toHaveLength(1);
    const contract = loadCamundaContract();
    if (contract) {
      expect(contract.validateResponse('GET', '/job', 200, res.body)).toEqual([]);
      expect(contract.validateResponse('GET', '/job/{id}', 200, (await s.get(`/job/${jobId}`).expect(200)).body)).toEqual([]);
    }
  });

  it('filters by ids, activity, definition, retries, executability, timers, due dates and exceptions', async () => {
    const { instanceId, jobId } = await start('PT2H', 'anna');
    const executionId = String((await s.get(`/job/${jobId}`).expect(200)).body.executionId);
    const count = async (query: string) => (await s.get(`/job/count?processInstanceId=${instanceId}&${query}`).expect(200)).body.count as number;

    expect(await count(`jobId=${jobId}`)).toBe(1);
    expect(await count(`executionId=${executionId}`)).toBe(1);
    expect(await count('activityId=wait')).toBe(1);
    expect(await count('activityId=after')).toBe(0);
    expect(await count(`processDefinitionId=${defs['job-timer']}`)).toBe(1);
    expect(await count('processDefinitionKey=job-timer')).toBe(1);
    expect(await count('withRetriesLeft=true')).toBe(1);
    expect(await count('noRetriesLeft=true')).toBe(0);
    expect(await count('executable=true')).toBe(0);
    expect(await count('timers=true')).toBe(1);
    expect(await count('withException=true')).toBe(0);
    const inOneHour = encodeURIComponent(date(Date.now() + 60 * MINUTE));
    const inThreeHours = encodeURIComponent(date(Date.now() + 180 * MINUTE));
    expect(await count(`dueDates=gt_${inOneHour},lt_${inThreeHours}`)).toBe(1);
    expect(await count(`dueDates=lt_${inOneHour}`)).toBe(0);
    expect((await s.post('/job/count').send({ processInstanceId: instanceId, dueDates: [{ operator: 'gt', value: date(Date.now() + 60 * MINUTE) }] }).expect(200)).body.count).toBe(1);
  });

  it('sorts and pages', async () => {
    await start('PT3H', 'anna');
    await start('PT1M', 'anna');
    const asc = (await s.get('/job?sortBy=jobDueDate&sortOrder=asc').expect(200)).body as Array<{ dueDate: string; id: string }>;
    const times = asc.map((j) => Date.parse(j.dueDate.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const desc = (await s.get('/job?sortBy=jobDueDate&sortOrder=desc&firstResult=0&maxResults=2').expect(200)).body as Array<{ id: string }>;
    expect(desc).toHaveLength(2);
    expect(desc[0]?.id).toBe(asc[asc.length - 1]?.id);
    for (const sortBy of ['jobId', 'executionId', 'processInstanceId', 'jobPriority', 'jobRetries']) {
      await s.get(`/job?sortBy=${sortBy}&sortOrder=asc`).expect(200);
    }
  });

  it('answers 400 for bad input', async () => {
    for (const query of ['sortBy=nonsense&sortOrder=asc', 'sortBy=jobId', 'withRetriesLeft=maybe', 'dueDates=eq_2026-01-01T00:00:00.000%2B0000',
      'dueDates=gt_yesterday', 'timers=true&messages=true', 'firstResult=x']) {
      const res = await s.get(`/job?${query}`).expect(400);
      expect(res.body).toMatchObject({ type: 'InvalidRequestException' });
    }
  });
});

describe('one job', () => {
  it('GET /job/{id} answers the job, 404 for an unknown id', async () => {
    const { jobId } = await start('PT1H', 'anna');
    expect((await s.get(`/job/${jobId}`).expect(200)).body).toMatchObject({ id: jobId, retries: 3 });
    expect((await s.get('/job/unknown').expect(404)).body).toMatchObject({ type: 'InvalidRequestException' });
  });

  it('PUT /job/{id}/duedate moves the due date; null makes it due now; bad dates are 400, unknown jobs 404', async () => {
    const { jobId } = await start('PT1H', 'anna');
    await s.put(`/job/${jobId}/duedate`).send({ duedate: '2031-05-01T10:00:00.000+0000' }).expect(204);
    expect((await s.engine.jobs.get(ACTOR, jobId)).dueDate).toBe(Date.parse('2031-05-01T10:00:00.000Z'));
    await s.put(`/job/${jobId}/duedate`).send({ duedate: null }).expect(204);
    expect((await s.engine.jobs.get(ACTOR, jobId)).dueDate).toBeNull();
    await s.put(`/job/${jobId}/duedate`).send({ duedate: 'tomorrow' }).expect(400);
    await s.put('/job/unknown/duedate').send({ duedate: null }).expect(404);
  });

  it('POST /job/{id}/execute runs it now (204), 404 for an unknown id', async () => {
    const { instanceId, jobId } = await start('PT5H', 'anna');
    await s.post(`/job/${jobId}/execute`).expect(204);
    const tasks = await s.get(`/task?processInstanceId=${instanceId}`).expect(200);
    expect(tasks.body.map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['after']);
    await s.get(`/job/${jobId}`).expect(404);
    await s.post('/job/unknown/execute').expect(404);
  });

  it('a failing execution answers 500 with the failure, stores it (stacktrace as text/plain) and uses up a retry', async () => {
    const { jobId } = await start('PT5H');
    expect((await s.get(`/job/${jobId}/stacktrace`)).status).toBe(204);

    const res = await s.post(`/job/${jobId}/execute`).expect(500);

    expect(res.body.message).toContain('clerk');
    const job = (await s.get(`/job/${jobId}`).expect(200)).body;
    expect(job).toMatchObject({ retries: 2, failedActivityId: 'wait', exceptionMessage: expect.stringContaining('clerk') });
    const trace = await s.get(`/job/${jobId}/stacktrace`).expect(200).expect('Content-Type', /^text\/plain/);
    expect(trace.text).toContain('clerk');
    await s.get('/job/unknown/stacktrace').expect(404);
  });

  it('PUT /job/{id}/retries: at 0 retries the incident exists; retries > 0 resolve it; bad input is refused', async () => {
    const { instanceId, jobId } = await start('PT5H');
    for (let i = 0; i < 3; i++) await s.post(`/job/${jobId}/execute`).expect(500);
    expect((await s.get(`/job/${jobId}`).expect(200)).body.retries).toBe(0);
    expect((await s.get(`/job/count?processInstanceId=${instanceId}&noRetriesLeft=true&withException=true`).expect(200)).body.count).toBe(1);
    const incidents = await s.db.dataSource.query<Array<Record<string, unknown>>>('SELECT incident_type, configuration FROM eng_incident WHERE proc_inst_id = ?', [instanceId]);
    expect(incidents).toEqual([{ incident_type: 'failedJob', configuration: jobId }]);

    await s.put(`/job/${jobId}/retries`).send({}).expect(400);
    await s.put(`/job/${jobId}/retries`).send({ retries: 'two' }).expect(400);
    await s.put(`/job/${jobId}/retries`).send({ retries: -1 }).expect(500);
    await s.put('/job/unknown/retries').send({ retries: 1 }).expect(404);
    await s.put(`/job/${jobId}/retries`).send({ retries: 2 }).expect(204);

    expect((await s.get(`/job/${jobId}`).expect(200)).body.retries).toBe(2);
    expect(await s.db.dataSource.query('SELECT id FROM eng_incident WHERE proc_inst_id = ?', [instanceId])).toEqual([]);
  });
});

describe('deploying timers by REST', () => {
  it.each([
    ['an invalid timer expression', '<bpmn:timeDuration>${wait +}</bpmn:timeDuration>'],
    ['an invalid ISO duration', '<bpmn:timeDuration>ten minutes</bpmn:timeDuration>'],
  ])('refuses %s with a 400 ParseException naming the element', async (_case, definition) => {
    const xml = bpmnProcess('bad-timer', `<bpmn:startEvent id="start" />
      <bpmn:intermediateCatchEvent id="BadTimer"><bpmn:timerEventDefinition>${definition}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="BadTimer" />`);

    const res = await s.post('/deployment/create').attach('m', Buffer.from(xml), 'bad-timer.bpmn').expect(400);

    expect(res.body.type).toBe('ParseException');
    expect(res.body.details['bad-timer.bpmn'].errors).toEqual([expect.objectContaining({ mainBpmnElementId: 'BadTimer', line: expect.any(Number) })]);
    await s.get('/process-definition/key/bad-timer').expect(404);
  });

  it('creates the timer-start job when a timer start process is deployed', async () => {
    const xml = bpmnProcess('rest-timer-start', `<bpmn:startEvent id="nightly"><bpmn:timerEventDefinition><bpmn:timeCycle>R/P1D</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
      <bpmn:userTask id="work" /><bpmn:sequenceFlow id="f1" sourceRef="nightly" targetRef="work" />`);
    const res = await s.post('/deployment/create').attach('m', Buffer.from(xml), 'rest-timer-start.bpmn').expect(200);
    const definitionId = Object.keys(res.body.deployedProcessDefinitions as Record<string, unknown>)[0];

    const jobs = await s.get('/job?processDefinitionKey=rest-timer-start').expect(200);

    expect(jobs.body).toEqual([expect.objectContaining({ processDefinitionId: definitionId, processInstanceId: null, executionId: null, retries: 3 })]);
  });
});

/** A REST date in UTC (`…+0000`). */
function date(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
