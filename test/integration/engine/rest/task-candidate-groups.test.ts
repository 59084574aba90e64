import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';

/**
 * A task query by candidate groups is built two ways — a probe per task when it reads a page in id order, the group
 * index otherwise (another order, no paging, a count) — and both must find the same tasks.
 */
let s: EngineServer;
beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({
    'two-groups.bpmn': bpmnProcess('two-groups', `<bpmn:startEvent id="start" />
      <bpmn:userTask id="review" name="Review" camunda:candidateGroups="\${first}, \${second}" /><bpmn:endEvent id="end" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" /><bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />`),
  });
});
afterAll(async () => {
  await s.close();
});

async function taskFor(businessKey: string, first: string, second: string): Promise<string> {
  const variables = { first: { value: first, type: 'String' }, second: { value: second, type: 'String' } };
  const pi = (await s.post('/process-definition/key/two-groups/start').send({ businessKey, variables }).expect(200)).body.id as string;
  return ((await s.get(`/task?processInstanceId=${pi}`).expect(200)).body as Array<{ id: string }>)[0]!.id;
}

describe('POST /task by candidate groups', () => {
  it('finds the same tasks whether it reads a page in id order, sorts by another field, reads everything or counts', async () => {
    // given tasks for both groups, for one of them, for another group, and one of the groups' tasks claimed
    const both = await taskFor('CG-1', 'cg-a', 'cg-b');
    const onlyA = await taskFor('CG-2', 'cg-a', 'cg-x');
    await taskFor('CG-3', 'cg-x', 'cg-y');
    const claimed = await taskFor('CG-4', 'cg-b', 'cg-y');
    await s.post(`/task/${claimed}/claim`).send({ userId: 'someone' }).expect(204);
    const query = { processInstanceBusinessKeyLike: 'CG-%', candidateGroups: ['cg-a', 'cg-b'] };
    const ids = (body: Array<{ id: string }>) => body.map((t) => t.id).sort();

    // when / then: each unassigned task of the groups once, however the query is read
    const expected = [both, onlyA].sort();
    expect(ids((await s.post('/task?firstResult=0&maxResults=10').send(query).expect(200)).body)).toEqual(expected);
    expect(ids((await s.post('/task?firstResult=0&maxResults=10').send({ ...query, sorting: [{ sortBy: 'created', sortOrder: 'desc' }] }).expect(200)).body)).toEqual(expected);
    expect(ids((await s.post('/task').send(query).expect(200)).body)).toEqual(expected);
    expect((await s.post('/task/count').send(query).expect(200)).body).toEqual({ count: 2 });
    // and with the assigned ones
    const withAssigned = { ...query, includeAssignedTasks: true };
    expect(ids((await s.post('/task?firstResult=0&maxResults=10').send(withAssigned).expect(200)).body)).toEqual([...expected, claimed].sort());
    expect(ids((await s.post('/task').send({ ...withAssigned, sorting: [{ sortBy: 'priority', sortOrder: 'asc' }] }).expect(200)).body)).toEqual([...expected, claimed].sort());
    expect((await s.post('/task/count').send(withAssigned).expect(200)).body).toEqual({ count: 3 });
    // the intersection of candidateGroup and candidateGroups
    expect(ids((await s.post('/task').send({ ...query, candidateGroup: 'cg-b' }).expect(200)).body)).toEqual([both]);
  });
});
