import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';

const HOUR = 3_600_000;

/** start → timer PT1H → user task `after`. */
const WAITING = bpmnProcess('susp-timer', `<bpmn:startEvent id="start" />
  <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:userTask id="after" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" /><bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="after" />`);

/** A process started every hour by its timer start event → user task `work`. */
const HOURLY = bpmnProcess('susp-hourly', `<bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
  <bpmn:userTask id="work" /><bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="work" />`);

let s: EngineServer;
let defs: Record<string, string>;
beforeAll(async () => {
  s = await startEngineServer();
  defs = await s.deploy({ 'waiting.bpmn': WAITING, 'hourly.bpmn': HOURLY });
});
afterAll(async () => {
  await s.close();
});

const start = async () => (await s.post('/process-definition/key/susp-timer/start').send({}).expect(200)).body.id as string;
const jobCount = async (query: string) => (await s.get(`/job/count?${query}`).expect(200)).body.count as number;
const historicState = async (id: string) => ((await s.get(`/history/process-instance?processInstanceId=${id}`).expect(200)).body as Array<{ state: string }>)[0]?.state;
const openTasks = async (id: string) => ((await s.get(`/task?processInstanceId=${id}`).expect(200)).body as Array<{ taskDefinitionKey: string }>).map((t) => t.taskDefinitionKey);
const instancesOf = async (key: string) => (await s.get(`/process-instance/count?processDefinitionKey=${key}`).expect(200)).body.count as number;
/** Lets an hour pass and runs the job executor once. */
const anHourLater = async () => {
  s.advance(HOUR + 60_000);
  await s.engine.jobs.runDueJobs();
};

describe('PUT /process-instance/{id}/suspended', () => {
  it('suspends the jobs of the instance, so that its timer does not fire, and shows SUSPENDED in its history', async () => {
    // given an instance waiting at a timer
    const id = await start();
    expect(await historicState(id)).toBe('ACTIVE');

    // when it is suspended
    await s.put(`/process-instance/${id}/suspended`).send({ suspended: true }).expect(204);

    // then its job is suspended and the job executor leaves it alone when it falls due
    expect(await jobCount(`processInstanceId=${id}&suspended=true`)).toBe(1);
    expect(await jobCount(`processInstanceId=${id}&active=true`)).toBe(0);
    expect(((await s.get(`/job?processInstanceId=${id}`).expect(200)).body as Array<{ suspended: boolean }>)[0]?.suspended).toBe(true);
    expect(await historicState(id)).toBe('SUSPENDED');
    expect((await s.get(`/history/process-instance/count?processInstanceId=${id}&suspended=true`).expect(200)).body).toEqual({ count: 1 });
    await anHourLater();
    expect(await openTasks(id)).toEqual([]);

    // when it is activated again
    await s.put(`/process-instance/${id}/suspended`).send({ suspended: false }).expect(204);

    // then the job is active, the history says ACTIVE, and the overdue timer fires
    expect(await jobCount(`processInstanceId=${id}&active=true`)).toBe(1);
    expect(await historicState(id)).toBe('ACTIVE');
    expect((await s.get(`/history/process-instance/count?processInstanceId=${id}&suspended=true`).expect(200)).body).toEqual({ count: 0 });
    await s.engine.jobs.runDueJobs();
    expect(await openTasks(id)).toEqual(['after']);
  });

  it('takes the lock away from a job a node had acquired, so that the node does not run it', async () => {
    // given an instance whose job is locked by a node of the job executor
    const id = await start();
    await s.engine.db.transaction((sql) => sql.execute("UPDATE eng_job SET lock_owner = 'some-node', lock_exp_time = ? WHERE proc_inst_id = ?", [Date.now() + HOUR, id]));

    // when the instance is suspended
    await s.put(`/process-instance/${id}/suspended`).send({ suspended: true }).expect(204);

    // then the job is no longer locked
    const rows = await s.engine.db.transaction((sql) => sql.query<{ lock_owner: string | null; lock_exp_time: unknown }>('SELECT lock_owner, lock_exp_time FROM eng_job WHERE proc_inst_id = ?', [id]));
    expect(rows).toEqual([{ lock_owner: null, lock_exp_time: null }]);
    await s.del(`/process-instance/${id}`).expect(204);
  });
});

describe('PUT /process-instance/suspended', () => {
  it('suspends and activates the jobs and historic state of every instance of a definition', async () => {
    // given two waiting instances
    const ids = [await start(), await start()];

    // when all instances of the key are suspended
    await s.put('/process-instance/suspended').send({ processDefinitionKey: 'susp-timer', suspended: true }).expect(204);

    // then
    for (const id of ids) {
      expect(await jobCount(`processInstanceId=${id}&suspended=true`)).toBe(1);
      expect(await historicState(id)).toBe('SUSPENDED');
    }
    await anHourLater();
    for (const id of ids) expect(await openTasks(id)).toEqual([]);

    // when they are activated by their ids
    await s.put('/process-instance/suspended').send({ processInstanceIds: ids, suspended: false }).expect(204);

    // then
    for (const id of ids) expect(await historicState(id)).toBe('ACTIVE');
    await s.engine.jobs.runDueJobs();
    for (const id of ids) expect(await openTasks(id)).toEqual(['after']);
  });
});

describe('PUT /process-definition/{id}/suspended', () => {
  it('suspends the timer-start-event job with the definition, and activates it with it', async () => {
    // given
    expect(await jobCount('processDefinitionKey=susp-hourly&active=true')).toBe(1);
    const started = await instancesOf('susp-hourly');

    // when the definition is suspended (without its instances)
    await s.put(`/process-definition/${defs['susp-hourly']}/suspended`).send({ suspended: true }).expect(204);

    // then its timer start job is suspended and starts nothing
    expect(await jobCount('processDefinitionKey=susp-hourly&suspended=true')).toBe(1);
    await anHourLater();
    expect(await instancesOf('susp-hourly')).toBe(started);

    // when it is activated
    await s.put(`/process-definition/${defs['susp-hourly']}/suspended`).send({ suspended: false }).expect(204);

    // then the overdue timer starts an instance
    expect(await jobCount('processDefinitionKey=susp-hourly&active=true')).toBe(1);
    await s.engine.jobs.runDueJobs();
    expect(await instancesOf('susp-hourly')).toBe(started + 1);
  });

  it('with includeProcessInstances suspends the instances\' jobs and historic state too; without, leaves them running', async () => {
    // given a waiting instance
    const id = await start();

    // when the definition alone is suspended, the instance's job stays active
    await s.put(`/process-definition/${defs['susp-timer']}/suspended`).send({ suspended: true, includeProcessInstances: false }).expect(204);
    expect(await jobCount(`processInstanceId=${id}&active=true`)).toBe(1);
    expect(await historicState(id)).toBe('ACTIVE');

    // when the definition is suspended with its instances
    await s.put('/process-definition/key/susp-timer/suspended').send({ suspended: true, includeProcessInstances: true }).expect(204);

    // then the instance's job and history are suspended, and the timer does not fire
    expect(await jobCount(`processInstanceId=${id}&suspended=true`)).toBe(1);
    expect(await historicState(id)).toBe('SUSPENDED');
    expect(((await s.get('/history/process-instance?processDefinitionKey=susp-timer&suspended=true').expect(200)).body as Array<{ id: string }>).map((p) => p.id)).toContain(id);
    await anHourLater();
    expect(await openTasks(id)).toEqual([]);

    // when the definition is activated with its instances
    await s.put(`/process-definition/${defs['susp-timer']}/suspended`).send({ suspended: false, includeProcessInstances: true }).expect(204);

    // then everything runs again
    expect(await historicState(id)).toBe('ACTIVE');
    await s.engine.jobs.runDueJobs();
    expect(await openTasks(id)).toEqual(['after']);
  });

  it('does not change the history of instances that have ended', async () => {
    // given an instance that was deleted
    const id = await start();
    await s.del(`/process-instance/${id}`).expect(204);
    const ended = await historicState(id);

    // when its definition is suspended and activated with its instances
    await s.put(`/process-definition/${defs['susp-timer']}/suspended`).send({ suspended: true, includeProcessInstances: true }).expect(204);
    await s.put(`/process-definition/${defs['susp-timer']}/suspended`).send({ suspended: false, includeProcessInstances: true }).expect(204);

    // then its historic state is what its end made it
    expect(ended).not.toBe('ACTIVE');
    expect(await historicState(id)).toBe(ended);
  });
});

describe('PUT /process-definition/key/{key}/suspended', () => {
  it('suspends and activates every version of the key, as Camunda 7 does', async () => {
    const first = (await s.get('/process-definition/key/susp-timer').expect(200)).body.id as string;
    await s.deploy({ 'waiting-v2.bpmn': WAITING.replace('<bpmn:userTask id="after" />', '<bpmn:userTask id="after" name="v2" />') });
    const second = (await s.get('/process-definition/key/susp-timer').expect(200)).body.id as string;
    expect(second).not.toBe(first);
    const suspendedOf = async (id: string) => (await s.get(`/process-definition/${id}`).expect(200)).body.suspended as boolean;

    await s.put('/process-definition/key/susp-timer/suspended').send({ suspended: true }).expect(204);
    expect([await suspendedOf(first), await suspendedOf(second)]).toEqual([true, true]);

    await s.put('/process-definition/key/susp-timer/suspended').send({ suspended: false }).expect(204);
    expect([await suspendedOf(first), await suspendedOf(second)]).toEqual([false, false]);
  });
});
