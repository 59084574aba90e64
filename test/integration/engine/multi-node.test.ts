import { createDataSource } from '../../../src/db/data-source.js';
import { createEngine, type Engine } from '../../../src/engine/engine.js';
import { identityEntities } from '../../../src/identity/index.js';
import type { DataSource } from 'typeorm';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { ACTOR, createEngineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';

const onMysql = (process.env['DATABASE_URL'] ?? '').startsWith('mysql');
if (!onMysql) console.warn('multi-node test skipped: SQLite has a single writer, so the system runs as one node on it (run with DATABASE_URL=mysql://…)');
const describeOnMysql = onMysql ? describe : describe.skip;

describeOnMysql('two engine nodes on one MySQL/MariaDB database', () => {
  let fx: EngineFixture;
  let secondSource: DataSource;
  let second: Engine;
  beforeAll(async () => {
    fx = await createEngineFixture();
    secondSource = createDataSource(fx.db.settings, { entities: identityEntities });
    await secondSource.initialize();
    second = createEngine({ dataSource: secondSource, groupIdsOf: async () => [] });
    await fx.deploy({ 'nodes.bpmn': bpmnProcess('nodes', '<bpmn:startEvent id="s" /><bpmn:serviceTask id="w" camunda:type="external" camunda:topic="nodes" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="w" />') });
  });
  afterAll(async () => {
    await secondSource.destroy();
    await fx.close();
  });

  it('never hands one external task to both nodes when they fetch at the same time', async () => {
    // given 60 waiting tasks
    for (let i = 0; i < 60; i++) await fx.start('nodes');
    // when both nodes fetch concurrently, several times
    const fetch = (engine: Engine, worker: string) =>
      engine.externalTasks.fetchAndLock(ACTOR, { workerId: worker, maxTasks: 10, usePriority: false, topics: [{ topicName: 'nodes', lockDuration: 60_000 }] }).catch(() => []);
    const rounds = await Promise.all(Array.from({ length: 6 }, (_, i) => Promise.all([fetch(fx.engine, `a-${i}`), fetch(second, `b-${i}`)])));
    // then no task was locked twice, and every lock in the database belongs to the worker that received the task
    const received = rounds.flat(2).map((l) => ({ id: l.task.id, worker: l.task.workerId }));
    expect(new Set(received.map((r) => r.id)).size).toBe(received.length);
    const rows = await fx.db.dataSource.query<Array<{ id: string; worker_id: string }>>('SELECT id, worker_id FROM eng_external_task WHERE worker_id IS NOT NULL');
    const owner = new Map(rows.map((r) => [r.id, r.worker_id]));
    for (const r of received) expect(owner.get(r.id)).toBe(r.worker);
    expect(received.length).toBeGreaterThan(0);
  });
});
