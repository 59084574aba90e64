import { IdentityService } from '../../../src/identity/identity.service.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { ACTOR, createEngineFixture, typedMap, type EngineFixture } from '../../helpers/engine-fixture.js';

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
  await fx.deploy({
    'concurrent.bpmn': bpmnProcess('concurrent', `<bpmn:startEvent id="s" /><bpmn:userTask id="t" camunda:assignee="\${owner}" />
      <bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />`),
  });
});
afterAll(async () => {
  await fx.close();
});

describe('commands running at the same time', () => {
  it('commit independently: a failing command among many leaves no trace, the others all persist', async () => {
    // given 40 starts issued at once, every tenth without the variable the assignee expression needs
    const def = await fx.engine.repository.getLatestByKey(ACTOR, 'concurrent');
    const attempts = Array.from({ length: 40 }, (_, i) =>
      fx.engine.runtime.start(ACTOR, def, { businessKey: `cc-${i}`, variables: i % 10 === 3 ? {} : typedMap({ owner: `user-${i}` }) }),
    );
    // when
    const results = await Promise.allSettled(attempts);
    // then
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(4);
    expect(await fx.engine.runtime.count(ACTOR, { businessKeyLike: 'cc-%' })).toBe(36);
    expect(await fx.engine.tasks.count(ACTOR, { processDefinitionKey: 'concurrent' })).toBe(36);
    expect(await fx.engine.runtime.count(ACTOR, { businessKey: 'cc-3' })).toBe(0);
    const orphans = await fx.db.dataSource.query("SELECT COUNT(*) AS c FROM eng_hi_procinst WHERE business_key IN ('cc-3', 'cc-13', 'cc-23', 'cc-33')");
    expect(Number(orphans[0].c)).toBe(0);
  });

  it('do not interfere with application writes through TypeORM on the same database', async () => {
    // given
    const identity = new IdentityService(fx.db.dataSource);
    const def = await fx.engine.repository.getLatestByKey(ACTOR, 'concurrent');
    // when engine commands and TypeORM transactions run interleaved
    const work = [
      ...Array.from({ length: 20 }, (_, i) => fx.engine.runtime.start(ACTOR, def, { businessKey: `mix-${i}`, variables: typedMap({ owner: 'x' }) })),
      ...Array.from({ length: 5 }, (_, i) => identity.createUser({ id: `officer-${i}`, name: `民警${i}`, password: 'password-123' })),
      ...Array.from({ length: 5 }, (_, i) => identity.createGroup({ id: `station-${i}`, name: `派出所${i}` })),
    ];
    const results = await Promise.allSettled(work);
    // then
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await fx.engine.runtime.count(ACTOR, { businessKeyLike: 'mix-%' })).toBe(20);
    for (let i = 0; i < 5; i++) expect(await identity.getUser(`officer-${i}`)).toMatchObject({ name: `民警${i}` });
  });
});
