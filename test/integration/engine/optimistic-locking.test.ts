import { createEngineDatabase } from '../../../src/engine/persistence/database.js';
import { T, type ExecutionRow } from '../../../src/engine/persistence/tables.js';
import { UnitOfWork } from '../../../src/engine/persistence/unit-of-work.js';
import { OptimisticLockingException } from '../../../src/engine/errors.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { ACTOR, createEngineFixture, type EngineFixture } from '../../helpers/engine-fixture.js';

let fx: EngineFixture;
beforeAll(async () => {
  fx = await createEngineFixture();
  await fx.deploy({ 'lock.bpmn': bpmnProcess('lock', '<bpmn:startEvent id="s" /><bpmn:userTask id="t" /><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="t" />') });
});
afterAll(async () => {
  await fx.close();
});

describe(UnitOfWork.name, () => {
  it('refuses to write a row another command changed after it was read, and writes nothing of the loser', async () => {
    // given two commands that read the same execution
    const id = await fx.start('lock');
    const db = createEngineDatabase(fx.db.dataSource);
    const readRow = () => db.transaction(async (sql) => {
      const uow = new UnitOfWork(sql);
      return (await uow.byId(T.execution, id)) as ExecutionRow;
    });
    const staleCopy = await readRow();
    // when the first one commits a change
    await db.transaction(async (sql) => {
      const uow = new UnitOfWork(sql);
      const row = (await uow.byId(T.execution, id)) as ExecutionRow;
      row.businessKey = 'winner';
      await uow.flush();
    });
    // then the second one, working from its stale read, fails and rolls back entirely
    const loser = db.transaction(async (sql) => {
      const uow = new UnitOfWork(sql);
      uow.insert(T.comment, { id: 'c-loser', type: 'comment', time: 1, userId: 'x', taskId: null, procInstId: id, action: null, message: 'must not persist' });
      const rows = await uow.select(T.execution, 'id = ?', [id]);
      Object.assign(rows[0]!, { rev: staleCopy.rev, businessKey: 'loser' });
      await uow.flush();
    });
    await expect(loser).rejects.toBeInstanceOf(OptimisticLockingException);
    await expect(loser).rejects.toMatchObject({ type: 'OptimisticLockingException', status: 500, code: 1 });
    const after = await readRow();
    expect(after.businessKey).toBe('winner');
    expect(after.rev).toBe(staleCopy.rev + 1);
    const comments = await fx.db.dataSource.query("SELECT id FROM eng_comment WHERE id = 'c-loser'");
    expect(comments).toHaveLength(0);
  });

  it('refuses to delete a row whose revision changed', async () => {
    const id = await fx.start('lock');
    const [task] = await fx.engine.tasks.query(ACTOR, { processInstanceId: id });
    const db = createEngineDatabase(fx.db.dataSource);
    await fx.engine.tasks.claim(ACTOR, task!.id, 'someone');
    const attempt = db.transaction(async (sql) => {
      const uow = new UnitOfWork(sql);
      uow.delete(T.task, { ...task! });
      await uow.flush();
    });
    await expect(attempt).rejects.toBeInstanceOf(OptimisticLockingException);
    expect(await fx.engine.tasks.get(ACTOR, task!.id)).toMatchObject({ assignee: 'someone' });
  });
});
