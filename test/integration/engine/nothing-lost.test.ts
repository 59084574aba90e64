import { Client, type Interceptor } from 'camunda-external-task-client-js';
import { OptimisticLockingException } from '../../../src/engine/errors.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { ACTOR } from '../../helpers/engine-fixture.js';
import { startEngineServer, type EngineServer } from '../../helpers/engine-server.js';

let s: EngineServer;
beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({
    'redeliver.bpmn': bpmnProcess('redeliver', `<bpmn:startEvent id="start" /><bpmn:serviceTask id="work" camunda:type="external" camunda:topic="redeliver" />
      <bpmn:userTask id="done" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" /><bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="done" />`),
    'branches.bpmn': bpmnProcess('branches', `<bpmn:startEvent id="start" /><bpmn:parallelGateway id="fork" /><bpmn:userTask id="a" /><bpmn:userTask id="b" />
      <bpmn:parallelGateway id="join" /><bpmn:userTask id="after" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" /><bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="a" /><bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="b" />
      <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="join" /><bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="join" /><bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="after" />`),
  });
});
afterAll(async () => {
  await s.close();
});

function client(workerId: string, lockDuration: number): Client {
  const auth: Interceptor = (config) => ({ ...config, headers: { ...(config.headers ?? {}), Authorization: `Bearer ${s.token}` } });
  return new Client({ baseUrl: s.engineUrl, workerId, lockDuration, asyncResponseTimeout: 300, interval: 20, autoPoll: false, interceptors: auth });
}

async function eventually<T>(probe: () => Promise<T | null>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('nothing is lost', () => {
  it('delivers the task of a worker that died holding its lock to another worker once the lock expired', async () => {
    // given a worker that takes the task and dies without answering
    const id = (await s.post('/process-definition/key/redeliver/start').send({}).expect(200)).body.id as string;
    const dying = client('dying-worker', 800);
    let taken = '';
    dying.subscribe('redeliver', () => {
      taken = 'dying-worker';
      dying.stop(); // it never completes, fails or unlocks
    });
    dying.start();
    await eventually(async () => (taken ? taken : null), 'the first worker to take the task');
    const [locked] = (await s.get(`/external-task?processInstanceId=${id}`).expect(200)).body as Array<{ workerId: string }>;
    expect(locked!.workerId).toBe('dying-worker');
    // when another worker polls
    const healthy = client('healthy-worker', 10_000);
    healthy.subscribe('redeliver', async ({ task, taskService }) => {
      await taskService.complete(task);
    });
    healthy.start();
    try {
      // then it gets the task only after the lock expired, and completes it
      await eventually(async () => (((await s.get(`/task?processInstanceId=${id}`).expect(200)).body as unknown[]).length === 1 ? true : null), 'the redelivered task to be completed');
    } finally {
      healthy.stop();
    }
    const ops = await s.db.dataSource.query<Array<{ c: number }>>("SELECT COUNT(*) AS c FROM eng_hi_actinst WHERE proc_inst_id = ? AND act_id = 'done'", [id]);
    expect(Number(ops[0]!.c)).toBe(1);
  });

  it('never loses the join when both parallel branches are completed at the same time', async () => {
    // given 15 instances waiting at both branches
    const ids: string[] = [];
    for (let i = 0; i < 15; i++) ids.push((await s.post('/process-definition/key/branches/start').send({}).expect(200)).body.id as string);
    // when both branches of every instance are completed concurrently (a loser of a write conflict retries, as a client would)
    const completeWithRetry = async (taskId: string) => {
      for (let attempt = 0; ; attempt++) {
        try {
          await s.engine.tasks.complete(ACTOR, taskId, {}, false);
          return;
        } catch (error) {
          if (!(error instanceof OptimisticLockingException) || attempt > 10) throw error;
        }
      }
    };
    const tasks = await s.engine.tasks.query(ACTOR, { processDefinitionKey: 'branches' });
    await Promise.all(tasks.map((t) => completeWithRetry(t.id)));
    // then every instance passed the join exactly once
    for (const id of ids) {
      const open = await s.engine.tasks.query(ACTOR, { processInstanceId: id });
      expect(open.map((t) => t.taskDefKey)).toEqual(['after']);
    }
  });
});
