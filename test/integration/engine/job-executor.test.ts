import { createEngine, type Engine } from '../../../src/engine/engine.js';
import { OptimisticLockingException } from '../../../src/engine/errors.js';
import { JobExecutor, type JobExecutorOptions, type JobOutcome, type RunningJob } from '../../../src/engine/jobs/job-executor.js';
import type { CommandExecutor } from '../../../src/engine/services/command-executor.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { ACTOR, createEngineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';

const MINUTE = 60_000;

/** start → timer PT1M → user task `after`. */
const ONE_TIMER = bpmnProcess('je-one', `<bpmn:startEvent id="start" />
  <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:userTask id="after" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" /><bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="after" />`);

/** start → fork → three timers PT1M, all due together → join → user task `after`: three jobs of one instance. */
const THREE_TIMERS = bpmnProcess('je-three', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" /><bpmn:parallelGateway id="join" />
  ${['a', 'b', 'c'].map((t) => `<bpmn:intermediateCatchEvent id="wait-${t}"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:sequenceFlow id="in-${t}" sourceRef="fork" targetRef="wait-${t}" /><bpmn:sequenceFlow id="out-${t}" sourceRef="wait-${t}" targetRef="join" />`).join('\n')}
  <bpmn:userTask id="after" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" /><bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="after" />`);

let fx: EngineFixture;
/** How far the tests moved the engine clock. */
let offset = 0;
const advance = (ms: number) => {
  offset += ms;
  fx.advance(ms);
};
/** Engines ("nodes") the tests create on the fixture's database; closed after each test. */
const nodes: Engine[] = [];

beforeAll(async () => {
  fx = await createEngineFixture();
  await fx.deploy({ 'one.bpmn': ONE_TIMER, 'three.bpmn': THREE_TIMERS });
});
afterEach(async () => {
  for (const n of nodes.splice(0)) await n.jobs.stop();
});
afterAll(async () => {
  await fx.close();
});

/** Another engine node on the fixture's database and clock, with its own job executor. */
function node(options: JobExecutorOptions): Engine {
  const engine = createEngine({ dataSource: fx.db.dataSource, groupIdsOf: async () => [], clock: () => Date.now() + offset, jobExecutor: options });
  nodes.push(engine);
  return engine;
}

/** Records which jobs run at the same time, overall and per process instance. */
function watch() {
  const runs: Array<{ job: RunningJob; outcome: JobOutcome | null }> = [];
  const running = new Map<string, RunningJob>();
  let most = 0;
  const mostPerInstance = new Map<string, number>();
  return {
    runs,
    /** The most jobs that ran at once. */
    most: () => most,
    /** The most jobs of one process instance that ran at once. */
    mostPerInstance,
    observer: {
      started(job: RunningJob) {
        runs.push({ job, outcome: null });
        running.set(job.id, job);
        most = Math.max(most, running.size);
        const instance = job.processInstanceId ?? '';
        const ofInstance = [...running.values()].filter((j) => j.processInstanceId === instance).length;
        mostPerInstance.set(instance, Math.max(mostPerInstance.get(instance) ?? 0, ofInstance));
      },
      ended(job: RunningJob, outcome: JobOutcome) {
        running.delete(job.id);
        const run = runs.find((r) => r.job.id === job.id && r.outcome === null);
        if (run) run.outcome = outcome;
      },
    },
  };
}

const jobsOf = (processDefinitionKey: string) => fx.engine.jobs.query(ACTOR, { processDefinitionKey });
const firedActivities = async (procInstIds: string[], actId: string) => {
  const rows = await fx.db.dataSource.query<Array<{ proc_inst_id: string }>>(
    `SELECT proc_inst_id FROM eng_hi_actinst WHERE act_id = ? AND proc_inst_id IN (${procInstIds.map(() => '?').join(', ')})`, [actId, ...procInstIds]);
  return rows.map((r) => r.proc_inst_id);
};

describe('the job executor', () => {
  it('runs due jobs of different instances side by side, at most maxConcurrentJobs at a time, each exactly once', async () => {
    // given 25 instances whose timers are due
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) ids.push(await fx.start('je-one'));
    advance(2 * MINUTE);
    const seen = watch();
    const executor = node({ maxConcurrentJobs: 3, maxJobsPerAcquisition: 5, observer: seen.observer });

    // when one run executes what is due
    await executor.jobs.runDueJobs();

    // then every timer fired once and moved its token on
    const mine = seen.runs.filter((r) => ids.includes(r.job.processInstanceId ?? ''));
    expect(mine).toHaveLength(25);
    expect(new Set(mine.map((r) => r.job.id)).size).toBe(25);
    expect(mine.every((r) => r.outcome === 'done')).toBe(true);
    expect((await firedActivities(ids, 'after')).sort()).toEqual([...ids].sort());
    expect(await jobsOf('je-one')).toEqual([]);
    // and they ran three at a time, never more
    expect(seen.most()).toBe(3);
  });

  it('never runs two jobs of one process instance at the same time, so they never contend for its rows', async () => {
    // given 6 instances, each with three timers due together
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await fx.start('je-three'));
    expect(await jobsOf('je-three')).toHaveLength(18);
    advance(2 * MINUTE);
    const seen = watch();
    const executor = node({ maxConcurrentJobs: 4, observer: seen.observer });

    // when one run executes what is due
    await executor.jobs.runDueJobs();

    // then the jobs of each instance ran one after another, while different instances ran side by side
    for (const id of ids) expect(seen.mostPerInstance.get(id)).toBe(1);
    expect(seen.most()).toBeGreaterThan(1);
    // and none of them lost an optimistic lock and had to wait for another try: every instance passed the join in this run
    const mine = seen.runs.filter((r) => ids.includes(r.job.processInstanceId ?? ''));
    expect(mine.map((r) => r.outcome)).toEqual(Array(18).fill('done'));
    for (const id of ids) expect(await fx.openTasks(id)).toEqual(['after']);
    expect(await jobsOf('je-three')).toEqual([]);
  });

  it('does not acquire suspended jobs', async () => {
    // given an instance with a due timer, suspended
    const id = await fx.start('je-one');
    advance(2 * MINUTE);
    await fx.engine.db.transaction((sql) => sql.execute('UPDATE eng_job SET suspended = 1 WHERE proc_inst_id = ?', [id]));
    const seen = watch();
    const executor = node({ observer: seen.observer });

    // when the job executor runs
    await executor.jobs.runDueJobs();

    // then the job stays, untouched
    expect(seen.runs.filter((r) => r.job.processInstanceId === id)).toEqual([]);
    expect((await fx.engine.jobs.query(ACTOR, { processInstanceId: id })).map((j) => j.lockOwner)).toEqual([null]);
    await fx.engine.runtime.delete(ACTOR, id, 'test over');
  });

  it('runs a job again at once when another command changed the same rows, without using up a retry', async () => {
    // given: a due timer, and a command executor whose first run of the job collides with another command, as a
    // worker completing a task of the same instance at that moment would
    const id = await fx.start('je-one');
    advance(2 * MINUTE);
    let runs = 0;
    const colliding = Object.create(fx.engine.commands) as CommandExecutor;
    colliding.run = ((actor, work) => {
      runs++;
      // the first run acquires; the second is the job's own command
      if (runs === 2) return Promise.reject(new OptimisticLockingException("eng_execution row was updated by another command in the meantime"));
      return fx.engine.commands.run(actor, work);
    });
    const executor = new JobExecutor(colliding, () => Promise.reject(new Error('no start timers here')), {});

    // when
    await executor.runDueJobs();

    // then: the timer fired in this same pass
    expect(runs).toBeGreaterThanOrEqual(3);
    expect(await fx.openTasks(id)).toEqual(['after']);
    expect(await fx.engine.jobs.query(ACTOR, { processInstanceId: id })).toEqual([]);
  });
});

describe('a node with a stable lock owner', () => {
  /** An instance whose due timer job a node named `owner` had acquired (locked for 5 minutes) when it died. */
  async function lockedByDeadNode(owner: string): Promise<{ instanceId: string; jobId: string }> {
    const instanceId = await fx.start('je-one');
    advance(2 * MINUTE);
    const [job] = await fx.engine.jobs.query(ACTOR, { processInstanceId: instanceId });
    await fx.engine.db.transaction((sql) =>
      sql.execute('UPDATE eng_job SET lock_owner = ?, lock_exp_time = ?, rev = rev + 1 WHERE id = ?', [owner, Date.now() + offset + 5 * MINUTE, job!.id]));
    return { instanceId, jobId: job!.id };
  }

  it('runs the jobs it held when it died as soon as it is started again', async () => {
    // given a timer job locked by node-1, which was killed
    const { instanceId } = await lockedByDeadNode('node-1');
    // no other node may take it while the lock lasts
    await node({ lockOwner: 'node-2' }).jobs.runDueJobs();
    expect(await fx.openTasks(instanceId)).toEqual([]);

    // when node-1 starts again under its name
    const restarted = node({ lockOwner: 'node-1', releaseOwnLocksOnStart: true });
    restarted.jobs.start();
    await restarted.jobs.runDueJobs();

    // then the timer has fired, without waiting for the lock to expire
    expect(await fx.openTasks(instanceId)).toEqual(['after']);
    expect(await fx.engine.jobs.query(ACTOR, { processInstanceId: instanceId })).toEqual([]);
  });

  it('leaves the locks of other nodes alone, and releases nothing unless asked to', async () => {
    // given jobs locked by node-3 and by node-4
    const byOther = await lockedByDeadNode('node-3');
    const byItself = await lockedByDeadNode('node-4');

    // when node-4 starts without releaseOwnLocksOnStart, then with it
    const plain = node({ lockOwner: 'node-4' });
    plain.jobs.start();
    await plain.jobs.runDueJobs();
    await plain.jobs.stop();
    expect(await fx.openTasks(byItself.instanceId)).toEqual([]);
    const releasing = node({ lockOwner: 'node-4', releaseOwnLocksOnStart: true });
    releasing.jobs.start();
    await releasing.jobs.runDueJobs();

    // then only node-4's own job was released and ran; node-3's stays locked to node-3
    expect(await fx.openTasks(byItself.instanceId)).toEqual(['after']);
    expect(await fx.openTasks(byOther.instanceId)).toEqual([]);
    expect((await fx.engine.jobs.get(ACTOR, byOther.jobId)).lockOwner).toBe('node-3');
    await fx.engine.runtime.delete(ACTOR, byOther.instanceId, 'test over');
  });
});
