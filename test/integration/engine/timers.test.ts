import type { DataSource } from 'typeorm';
import { createDataSource } from '../../../src/db/data-source.js';
import { createEngine, type Engine } from '../../../src/engine/engine.js';
import { identityEntities } from '../../../src/identity/index.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { ACTOR, createEngineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';

const MINUTE = 60_000;

/** start → timer `timerXml` → user task `after` → end. */
function timerProcess(key: string, timerXml: string, afterTask = '<bpmn:userTask id="after" />'): string {
  return bpmnProcess(key, `<bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>${timerXml}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
    ${afterTask}<bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" /><bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="after" />
    <bpmn:sequenceFlow id="f3" sourceRef="after" targetRef="end" />`);
}

/** A process started by a timer start event: timer start → user task `work`. */
function timerStartProcess(key: string, timerXml: string, task = 'work'): string {
  return bpmnProcess(key, `<bpmn:startEvent id="timerStart"><bpmn:timerEventDefinition>${timerXml}</bpmn:timerEventDefinition></bpmn:startEvent>
    <bpmn:userTask id="${task}" /><bpmn:sequenceFlow id="f1" sourceRef="timerStart" targetRef="${task}" />`);
}

let fx: EngineFixture;
/** How far the test moved the engine clock (the engine's now is Date.now() + offset). */
let offset = 0;
const now = () => Date.now() + offset;
const advance = (ms: number) => {
  offset += ms;
  fx.advance(ms);
};

beforeAll(async () => {
  fx = await createEngineFixture();
});
afterAll(async () => {
  await fx.engine.jobs.stop();
  await fx.close();
});

const jobsOf = (q: Parameters<Engine['jobs']['query']>[1]) => fx.engine.jobs.query(ACTOR, q);
const instancesOf = async (key: string) => (await fx.engine.runtime.query(ACTOR, { processDefinitionKey: key })).map((i) => i.id);

describe('intermediate timer catch event', () => {
  it('waits for its duration, then fires and moves the token on', async () => {
    // given a process waiting at a PT10M timer
    await fx.deploy({ 'duration.bpmn': timerProcess('t-duration', '<bpmn:timeDuration>PT10M</bpmn:timeDuration>') });
    const before = now();
    const id = await fx.start('t-duration');
    const [job] = await jobsOf({ processInstanceId: id });
    expect(job?.dueDate).toBeGreaterThanOrEqual(before + 10 * MINUTE);
    expect(job?.dueDate).toBeLessThanOrEqual(now() + 10 * MINUTE);
    expect(await fx.openTasks(id)).toEqual([]);
    const tree = await fx.engine.runtime.activityInstances(ACTOR, id);
    expect(tree.childActivityInstances.map((a) => [a.activityId, a.activityType])).toEqual([['wait', 'intermediateTimer']]);

    // when time has not come yet, nothing fires
    advance(9 * MINUTE);
    await fx.engine.jobs.runDueJobs();
    expect(await fx.openTasks(id)).toEqual([]);

    // when it has come
    advance(2 * MINUTE);
    expect(await fx.engine.jobs.runDueJobs()).toBeGreaterThanOrEqual(1);

    // then the token moved on and the job is gone
    expect(await fx.openTasks(id)).toEqual(['after']);
    expect(await jobsOf({ processInstanceId: id })).toEqual([]);
  });

  it('fires at a timeDate, and at the first occurrence of a cycle (once)', async () => {
    const at = new Date(now() + 30 * MINUTE).toISOString();
    await fx.deploy({
      'date.bpmn': timerProcess('t-date', `<bpmn:timeDate>${at}</bpmn:timeDate>`),
      'cycle.bpmn': timerProcess('t-cycle', '<bpmn:timeCycle>R3/PT10M</bpmn:timeCycle>'),
    });
    const byDate = await fx.start('t-date');
    const byCycle = await fx.start('t-cycle');
    expect((await jobsOf({ processInstanceId: byDate }))[0]?.dueDate).toBe(Date.parse(at));

    advance(11 * MINUTE);
    await fx.engine.jobs.runDueJobs();
    expect(await fx.openTasks(byCycle)).toEqual(['after']);
    expect(await jobsOf({ processInstanceId: byCycle })).toEqual([]);
    expect(await fx.openTasks(byDate)).toEqual([]);

    advance(20 * MINUTE);
    await fx.engine.jobs.runDueJobs();
    expect(await fx.openTasks(byDate)).toEqual(['after']);
  });

  it('takes its timeDate from ${acceptanceDue}, a Date or an ISO string variable', async () => {
    await fx.deploy({ 'expr.bpmn': timerProcess('t-expr', '<bpmn:timeDate>${acceptanceDue}</bpmn:timeDate>') });
    const due = new Date(now() + 2 * 60 * MINUTE);
    const fromDate = await fx.start('t-expr', { acceptanceDue: due });
    const fromText = await fx.start('t-expr', { acceptanceDue: new Date(due.getTime() + MINUTE).toISOString() });
    expect((await jobsOf({ processInstanceId: fromDate }))[0]?.dueDate).toBe(due.getTime());
    expect((await jobsOf({ processInstanceId: fromText }))[0]?.dueDate).toBe(due.getTime() + MINUTE);

    advance(2 * 60 * MINUTE + 30_000);
    await fx.engine.jobs.runDueJobs();
    expect(await fx.openTasks(fromDate)).toEqual(['after']);
    expect(await fx.openTasks(fromText)).toEqual([]);
    advance(MINUTE);
    await fx.engine.jobs.runDueJobs();
    expect(await fx.openTasks(fromText)).toEqual(['after']);
  });

  it('takes its duration from an expression', async () => {
    await fx.deploy({ 'expr-duration.bpmn': timerProcess('t-expr-duration', '<bpmn:timeDuration>${wait}</bpmn:timeDuration>') });
    const id = await fx.start('t-expr-duration', { wait: 'PT5M' });
    advance(6 * MINUTE);
    await fx.engine.jobs.runDueJobs();
    expect(await fx.openTasks(id)).toEqual(['after']);
  });

  it('fails the start when the expression does not give a date (nothing is written)', async () => {
    await fx.deploy({ 'bad-value.bpmn': timerProcess('t-bad-value', '<bpmn:timeDate>${acceptanceDue}</bpmn:timeDate>') });
    await expect(fx.start('t-bad-value', { acceptanceDue: 'next week' })).rejects.toThrow(/timer of intermediate catch event 'wait'/);
    expect(await instancesOf('t-bad-value')).toEqual([]);
  });

  it('deleting the waiting instance removes its job', async () => {
    await fx.deploy({ 'delete.bpmn': timerProcess('t-delete', '<bpmn:timeDuration>PT1H</bpmn:timeDuration>') });
    const id = await fx.start('t-delete');
    expect(await jobsOf({ processInstanceId: id })).toHaveLength(1);

    await fx.engine.runtime.delete(ACTOR, id, 'no longer needed');

    expect(await jobsOf({ processInstanceId: id })).toEqual([]);
  });

  it('a terminate end event on another branch removes the timer job', async () => {
    await fx.deploy({
      'terminate.bpmn': bpmnProcess('t-terminate', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" />
        <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:userTask id="decide" /><bpmn:endEvent id="kill"><bpmn:terminateEventDefinition /></bpmn:endEvent><bpmn:endEvent id="end" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" /><bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="wait" />
        <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="decide" /><bpmn:sequenceFlow id="f4" sourceRef="decide" targetRef="kill" />
        <bpmn:sequenceFlow id="f5" sourceRef="wait" targetRef="end" />`),
    });
    const id = await fx.start('t-terminate');
    expect(await jobsOf({ processInstanceId: id })).toHaveLength(1);

    await fx.completeTask(id, 'decide');

    expect(await fx.state(id)).toBe('COMPLETED');
    expect(await jobsOf({ processInstanceId: id })).toEqual([]);
  });

  it('a timer that fell due while no job executor ran fires at the next run', async () => {
    // given an instance waiting at a timer and no job executor running
    await fx.deploy({ 'down.bpmn': timerProcess('t-down', '<bpmn:timeDuration>PT1H</bpmn:timeDuration>') });
    const id = await fx.start('t-down');
    // when the system is "down" for three hours and then starts its job executor
    advance(3 * 60 * MINUTE);
    expect(fx.engine.jobs.executor.isRunning).toBe(false);
    fx.engine.jobs.start();
    try {
      // then the timer fires without anyone calling runDueJobs
      await until(async () => (await fx.openTasks(id)).length > 0);
      expect(await fx.openTasks(id)).toEqual(['after']);
    } finally {
      await fx.engine.jobs.stop();
    }
  });

  it('a running job executor wakes up when a timer created on this node falls due', async () => {
    await fx.deploy({ 'wake.bpmn': timerProcess('t-wake', '<bpmn:timeDuration>PT1S</bpmn:timeDuration>') });
    fx.engine.jobs.start();
    try {
      const id = await fx.start('t-wake');
      const started = Date.now();
      await until(async () => (await fx.openTasks(id)).length > 0);
      // well before the 5 s poll
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      await fx.engine.jobs.stop();
    }
  });
});

describe('timer start event', () => {
  it('with timeDate starts one instance at the date, then its job is gone', async () => {
    const at = new Date(now() + 60 * MINUTE).toISOString();
    await fx.deploy({ 'start-date.bpmn': timerStartProcess('ts-date', `<bpmn:timeDate>${at}</bpmn:timeDate>`) });
    const [job] = await jobsOf({ processDefinitionKey: 'ts-date' });
    expect(job).toMatchObject({ dueDate: Date.parse(at), procInstId: null, executionId: null, activityId: 'timerStart' });

    advance(61 * MINUTE);
    await fx.engine.jobs.runDueJobs();

    const instances = await instancesOf('ts-date');
    expect(instances).toHaveLength(1);
    expect(await fx.openTasks(instances[0]!)).toEqual(['work']);
    expect((await fx.engine.runtime.historic(ACTOR, instances[0]!))?.startActId).toBe('timerStart');
    expect(await jobsOf({ processDefinitionKey: 'ts-date' })).toEqual([]);
  });

  it('with R3/PT10M starts exactly three instances as time moves', async () => {
    await fx.deploy({ 'start-cycle.bpmn': timerStartProcess('ts-cycle', '<bpmn:timeCycle>R3/PT10M</bpmn:timeCycle>') });
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      advance(10 * MINUTE + 1_000);
      await fx.engine.jobs.runDueJobs();
      counts.push((await instancesOf('ts-cycle')).length);
    }
    expect(counts).toEqual([1, 2, 3, 3, 3]);
    expect(await jobsOf({ processDefinitionKey: 'ts-cycle' })).toEqual([]);
  });

  it('can also be started by REST, at the timer start event (it is the initial start event, as in Camunda)', async () => {
    await fx.deploy({ 'start-manual.bpmn': timerStartProcess('ts-manual', '<bpmn:timeCycle>R/P1D</bpmn:timeCycle>') });
    const id = await fx.start('ts-manual');
    expect(await fx.openTasks(id)).toEqual(['work']);
  });

  it('a new version replaces the timer-start job of the previous version', async () => {
    const v1 = await fx.deploy({ 'replace.bpmn': timerStartProcess('ts-replace', '<bpmn:timeCycle>R/PT30M</bpmn:timeCycle>', 'v1') });
    const old = await jobsOf({ processDefinitionKey: 'ts-replace' });
    expect(old.map((j) => j.procDefId)).toEqual([v1['ts-replace']!.id]);

    const v2 = await fx.deploy({ 'replace.bpmn': timerStartProcess('ts-replace', '<bpmn:timeCycle>R/PT20M</bpmn:timeCycle>', 'v2') });

    const jobs = await jobsOf({ processDefinitionKey: 'ts-replace' });
    expect(jobs.map((j) => j.procDefId)).toEqual([v2['ts-replace']!.id]);
    advance(21 * MINUTE);
    await fx.engine.jobs.runDueJobs();
    const instances = await instancesOf('ts-replace');
    expect(instances).toHaveLength(1);
    expect(await fx.openTasks(instances[0]!)).toEqual(['v2']);
    // the endless cycle has its next job
    expect(await jobsOf({ processDefinitionKey: 'ts-replace' })).toHaveLength(1);
  });
});

describe('a failing timer job', () => {
  it('is retried, then raises a failedJob incident that setting retries resolves', async () => {
    // given a timer whose continuation fails: the next task's assignee names an unknown variable
    await fx.deploy({ 'failing.bpmn': timerProcess('t-failing', '<bpmn:timeDuration>PT1M</bpmn:timeDuration>', '<bpmn:userTask id="after" camunda:assignee="${clerk}" />') });
    const id = await fx.start('t-failing');
    const [job] = await jobsOf({ processInstanceId: id });
    advance(2 * MINUTE);

    // when it runs three times (10 s apart)
    await fx.engine.jobs.runDueJobs();
    let [failed] = await jobsOf({ processInstanceId: id });
    expect(failed).toMatchObject({ id: job!.id, retries: 2, failedActId: 'wait' });
    expect(failed?.exceptionMsg).toContain('clerk');
    expect(failed?.exceptionStack).toContain('clerk');
    await fx.engine.jobs.runDueJobs();
    expect((await jobsOf({ processInstanceId: id }))[0]?.retries).toBe(2); // waits for its retry time
    for (let i = 0; i < 2; i++) {
      advance(11_000);
      await fx.engine.jobs.runDueJobs();
    }

    // then it has no retries left and an incident
    [failed] = await jobsOf({ processInstanceId: id });
    expect(failed?.retries).toBe(0);
    const incidents = await fx.db.dataSource.query<Array<Record<string, unknown>>>('SELECT * FROM eng_incident WHERE proc_inst_id = ?', [id]);
    expect(incidents).toEqual([expect.objectContaining({ incident_type: 'failedJob', configuration: job!.id, activity_id: 'wait' })]);
    advance(60_000);
    expect(await fx.engine.jobs.runDueJobs()).toBe(0);

    // when the cause is fixed and retries are set
    await fx.engine.runtime.setVariable(ACTOR, id, 'clerk', { type: 'string', value: 'anna', valueInfo: {} });
    await fx.engine.jobs.setRetries(ACTOR, job!.id, 1);
    expect(await fx.db.dataSource.query('SELECT * FROM eng_incident WHERE proc_inst_id = ?', [id])).toEqual([]);
    await fx.engine.jobs.runDueJobs();

    // then the token moves on
    expect(await fx.openTasks(id)).toEqual(['after']);
    expect(await jobsOf({ processInstanceId: id })).toEqual([]);
  });
});

const onMysql = (process.env['DATABASE_URL'] ?? '').startsWith('mysql');
if (!onMysql) console.warn('two-job-executor test skipped: SQLite has a single writer, so the system runs as one node on it (run with DATABASE_URL=mysql://…)');
(onMysql ? describe : describe.skip)('two job executors on one MySQL/MariaDB database', () => {
  let secondSource: DataSource;
  let second: Engine;
  beforeAll(async () => {
    secondSource = createDataSource(fx.db.settings, { entities: identityEntities });
    await secondSource.initialize();
    second = createEngine({ dataSource: secondSource, groupIdsOf: async () => [], clock: now });
  });
  afterAll(async () => {
    await secondSource.destroy();
  });

  it('never fire one job twice', async () => {
    await fx.deploy({ 'nodes.bpmn': timerProcess('t-nodes', '<bpmn:timeDuration>PT1M</bpmn:timeDuration>') });
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await fx.start('t-nodes'));
    advance(2 * MINUTE);

    await Promise.all([fx.engine.jobs.runDueJobs(), second.jobs.runDueJobs(), fx.engine.jobs.runDueJobs(), second.jobs.runDueJobs()]);

    const fired = await fx.db.dataSource.query<Array<{ proc_inst_id: string; n: number }>>(
      "SELECT proc_inst_id, COUNT(*) AS n FROM eng_hi_actinst WHERE act_id = 'after' AND proc_def_key = 't-nodes' GROUP BY proc_inst_id",
    );
    expect(fired).toHaveLength(ids.length);
    for (const f of fired) expect(Number(f.n)).toBe(1);
    expect(await jobsOf({ processDefinitionKey: 't-nodes' })).toEqual([]);
  });
});

/** Polls `check` every 50 ms for up to 5 s. */
async function until(check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + 5_000;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error('condition not met within 5 s');
}
