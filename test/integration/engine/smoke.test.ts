import { readFileSync } from 'node:fs';
import { createTestDataSource } from '../../helpers/test-db.js';
import { createEngine } from '../../../src/engine/engine.js';

const actor = { userId: 'admin', groupIds: [] };

it('runs the example process end to end', async () => {
  const db = await createTestDataSource();
  try {
    const engine = createEngine({ dataSource: db.dataSource, groupIdsOf: async () => ['admin'] });
    const xml = readFileSync('bpmn/example-greeting.bpmn');
    const d = await engine.repository.deploy(actor, { name: 'x', source: null, tenantId: null, resources: [{ name: 'example-greeting.bpmn', bytes: xml }], enableDuplicateFiltering: false, deployChangedOnly: false });
    const def = d.processDefinitions![0]!;
    const pi = await engine.runtime.start(actor, def, { businessKey: 'b1', variables: { name: { type: 'string', value: '张三', valueInfo: {} } } });
    const locked = await engine.externalTasks.fetchAndLock(actor, { workerId: 'w', maxTasks: 10, usePriority: true, topics: [{ topicName: 'compose-greeting', lockDuration: 1000 }] });
    expect(locked).toHaveLength(1);
    expect(locked[0]!.variables['name']?.value).toBe('张三');
    await engine.externalTasks.complete(actor, locked[0]!.task.id, 'w', { greeting: { type: 'string', value: 'hi', valueInfo: {} } }, {});
    const tasks = await engine.tasks.query(actor, { processInstanceId: pi.id });
    expect(tasks).toHaveLength(1);
    const cands = await engine.tasks.query(actor, { candidateUser: 'bob' });
    expect(cands).toHaveLength(1);
    await engine.tasks.complete(actor, tasks[0]!.id, {}, false);
    const h = await engine.runtime.historic(actor, pi.id);
    expect(h?.state).toBe('COMPLETED');
    expect(await engine.runtime.count(actor, {})).toBe(0);
  } finally {
    await db.destroy();
  }
});
