import { AuditLog, auditTaskActions, taskOperationEntry } from '../../../src/audit/index.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';

let db: TestDatabase;
let audit: AuditLog;

beforeAll(async () => {
  db = await createTestDataSource();
  audit = new AuditLog(db.dataSource);
});

afterAll(async () => {
  await db?.destroy();
});

const sendBack = {
  taskId: 'task-42', processInstanceId: 'pi-7', taskName: '审批', activityId: 'Task_Approve', action: 'send-back', actor: 'leader-gz',
  target: 'Task_Review', comment: '材料不全，退回补正', at: new Date('2026-06-01T02:00:00Z'),
};

describe('auditing task operations', () => {
  it('records a workbench task operation as task.<operation> on the task, as done by its actor', async () => {
    // when
    await auditTaskActions(audit)(sendBack);

    // then
    const { items } = await audit.list({ action: 'task', subjectId: 'task-42' });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      actor: 'leader-gz', action: 'task.send-back', subjectType: 'task', subjectId: 'task-42',
      details: { processInstanceId: 'pi-7', taskName: '审批', activityId: 'Task_Approve', target: 'Task_Review', comment: '材料不全，退回补正' },
    });
    await expect(audit.verify()).resolves.toMatchObject({ ok: true });
  });

  it("commits with the operation's transaction, and rolls back with it", async () => {
    // when
    await expect(
      db.dataSource.transaction(async (manager) => {
        await auditTaskActions(audit)({ ...sendBack, taskId: 'task-43', action: 'complete' }, manager);
        throw new Error('the engine refused the completion');
      }),
    ).rejects.toThrow('the engine refused the completion');

    // then
    expect((await audit.list({ subjectId: 'task-43' })).total).toBe(0);
  });

  it('builds the entry of an operation for the request that made it', () => {
    const entry = taskOperationEntry({ actor: 'station-tianhe', requestId: 'req-9', ip: '10.1.2.3' }, { operation: 'claim', taskId: 'task-44' });

    expect(entry).toEqual({
      actor: 'station-tianhe', requestId: 'req-9', ip: '10.1.2.3', action: 'task.claim', subjectType: 'task', subjectId: 'task-44',
      details: { processInstanceId: undefined, taskName: undefined, activityId: undefined, target: undefined, comment: undefined },
    });
  });
});
