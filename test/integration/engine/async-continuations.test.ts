import { ACTOR, createEngineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';
import { bpmnProcess } from '../../helpers/bpmn.js';

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
  await fx.deploy({
    'before.bpmn': bpmnProcess('asyncCheck', `<bpmn:startEvent id="start" />
      <bpmn:serviceTask id="check" camunda:asyncBefore="true" camunda:type="external" camunda:topic="async-check" /><bpmn:endEvent id="end" />
      ${flow('f1', 'start', 'check')}${flow('f2', 'check', 'end')}`),
    'after.bpmn': bpmnProcess('asyncAfterTask', `<bpmn:startEvent id="start" /><bpmn:userTask id="submit" camunda:asyncAfter="true" />
      <bpmn:userTask id="review" />${flow('f1', 'start', 'submit')}${flow('f2', 'submit', 'review')}`),
    'start.bpmn': bpmnProcess('asyncStart', `<bpmn:startEvent id="start" camunda:asyncBefore="true" /><bpmn:userTask id="first" />${flow('f1', 'start', 'first')}`),
    // the gateway's condition fails at runtime: the job fails, is retried and raises an incident
    'failing.bpmn': bpmnProcess('asyncFailing', `<bpmn:startEvent id="start" /><bpmn:exclusiveGateway id="route" camunda:asyncBefore="true" />
      <bpmn:userTask id="yes" /><bpmn:userTask id="no" />${flow('f1', 'start', 'route')}
      <bpmn:sequenceFlow id="f2" sourceRef="route" targetRef="yes"><bpmn:conditionExpression>\${approved}</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="f3" sourceRef="route" targetRef="no"><bpmn:conditionExpression>\${!approved}</bpmn:conditionExpression></bpmn:sequenceFlow>`),
    'mi.bpmn': bpmnProcess('asyncMulti', `<bpmn:startEvent id="start" />
      <bpmn:userTask id="sign" camunda:asyncBefore="true"><bpmn:multiInstanceLoopCharacteristics><bpmn:loopCardinality>2</bpmn:loopCardinality></bpmn:multiInstanceLoopCharacteristics></bpmn:userTask>
      ${flow('f1', 'start', 'sign')}`),
  });
});
afterAll(async () => {
  await fx.close();
});

async function jobsOf(procInstId: string): Promise<Array<{ type: string; handler: string; activity: string; retries: number }>> {
  const rows = await fx.db.dataSource.query<Array<Record<string, unknown>>>('SELECT type, handler_type, activity_id, retries FROM eng_job WHERE proc_inst_id = ?', [procInstId]);
  return rows.map((r) => ({ type: String(r['type']), handler: String(r['handler_type']), activity: String(r['activity_id']), retries: Number(r['retries']) }));
}

async function externalTasks(procInstId: string): Promise<number> {
  return fx.engine.externalTasks.count(ACTOR, { processInstanceId: procInstId });
}

describe('camunda:asyncBefore', () => {
  it('commits before the activity: the start returns with a job, and the external task exists only after the job ran', async () => {
    const id = await fx.start('asyncCheck');

    expect(await externalTasks(id)).toBe(0);
    expect(await jobsOf(id)).toEqual([{ type: 'message', handler: 'async-continuation', activity: 'check', retries: 3 }]);
    const history = await fx.engine.history.activityInstances(ACTOR, { processInstanceId: id });
    expect(history.map((h) => h.actId)).toEqual(['start']);
    const tree = await fx.engine.runtime.activityInstances(ACTOR, id);
    expect(tree.childActivityInstances).toEqual([]);
    expect(tree.childTransitionInstances).toEqual([expect.objectContaining({ activityId: 'check', activityType: 'serviceTask', parentActivityInstanceId: id })]);

    await fx.engine.jobs.runDueJobs();

    expect(await jobsOf(id)).toEqual([]);
    expect(await externalTasks(id)).toBe(1);
    await fx.completeExternal(id, 'async-check');
    expect(await fx.state(id)).toBe('COMPLETED');
  });

  it('on the start event, starts the instance and leaves the rest to the job executor', async () => {
    const id = await fx.start('asyncStart');

    expect(await fx.openTasks(id)).toEqual([]);
    await fx.engine.jobs.runDueJobs();
    expect(await fx.openTasks(id)).toEqual(['first']);
  });

  it('on a multi-instance activity, starts every instance in the job', async () => {
    const id = await fx.start('asyncMulti');

    expect(await fx.openTasks(id)).toEqual([]);
    await fx.engine.jobs.runDueJobs();
    expect(await fx.openTasks(id)).toEqual(['sign', 'sign']);
  });

  it('a continuation that fails is retried and then raises a failedJob incident; the token stays before the activity', async () => {
    const id = await fx.start('asyncFailing');

    for (let i = 0; i < 3; i++) {
      await fx.engine.jobs.runDueJobs();
      fx.advance(60_000);
    }

    const [job] = await jobsOf(id);
    expect(job).toMatchObject({ activity: 'route', retries: 0 });
    const incidents = await fx.engine.incidents.query(ACTOR, { processInstanceId: id });
    expect(incidents.map((i) => [i.incidentType, i.activityId])).toEqual([['failedJob', 'route']]);
    expect(await fx.openTasks(id)).toEqual([]);
  });
});

describe('camunda:asyncAfter', () => {
  it('commits after the activity: completing the task ends it, the job takes the outgoing flow', async () => {
    const id = await fx.start('asyncAfterTask');

    await fx.completeTask(id, 'submit');

    expect(await fx.openTasks(id)).toEqual([]);
    expect((await jobsOf(id)).map((j) => j.activity)).toEqual(['submit']);
    await fx.engine.jobs.runDueJobs();
    expect(await fx.openTasks(id)).toEqual(['review']);
  });
});
