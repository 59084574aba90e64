import { jest } from '@jest/globals';
import type { EngineClient } from '../../../src/engine-client/engine-client.js';
import { storeOperations } from '../../../src/workbench/pending-operations.js';
import { TaskActionEntity } from '../../../src/workbench/workbench.entity.js';
import { Workbench, type WorkbenchDeps } from '../../../src/workbench/workbench.js';
import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers
jest.setTimeout(120_000);

let server: LicensingServer;
let officer: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  officer = await server.officer('case-gz', ['case-440100']);
});

afterAll(async () => {
  await server?.close();
});

async function openCaseTask(party: string): Promise<{ taskId: string; processInstanceId: string }> {
  const res = await server.http.post('/api/cases').set('Authorization', `Bearer ${officer.token}`).send({ party: { kind: 'unit', name: party }, regionCode: '440106', facts: `${party}未经备案在本市提供保安服务。` });
  expect(res.status).toBe(201);
  return { taskId: await server.waitForTask(res.body.processInstanceId, 'Task_Investigate'), processInstanceId: res.body.processInstanceId };
}

/** The server's workbench with other dependencies. */
function workbenchWith(change: Partial<WorkbenchDeps>): Workbench {
  return new Workbench({ ...(server.licensing.workbench as unknown as { deps: WorkbenchDeps }).deps, ...change });
}

const caller = () => ({ principal: { userId: officer.id, groupIds: officer.groupIds }, authorization: `Bearer ${officer.token}` });
const recordsOf = async (taskId: string) => (await server.db.dataSource.getRepository(TaskActionEntity).findBy({ taskId })).map((a) => `${a.action}:${a.state}`);
// the workbench's own entries (`task.*`); the engine API's audit (`engine-rest.*`) records the engine call apart
const auditOf = async (taskId: string) => (await server.auth.audit.list({ action: 'task', subjectType: 'task', subjectId: taskId })).items.map((e) => e.action);
const assigneeOf = async (taskId: string) => ((await server.http.get(`/engine-rest/task/${taskId}`).set('Authorization', server.engineAuthorization())).body as { assignee: string | null }).assignee;

describe('task operations interrupted between the engine change and their record', () => {
  it('keeps an operation whose record failed after the engine changed as pending, and the reconciliation confirms it with its audit entry', async () => {
    // given: the database fails as the claim is being recorded, after the engine took it
    const { taskId } = await openCaseTask('广州中断一保安服务有限公司');
    const failing = workbenchWith({ onAction: () => Promise.reject(new Error('database connection lost')) });

    // when
    await expect(failing.claim(caller(), taskId, '我来办')).rejects.toThrow('database connection lost');

    // then: the engine holds the claim, the record waits, the audit log has nothing yet
    expect(await assigneeOf(taskId)).toBe('case-gz');
    expect(await recordsOf(taskId)).toEqual(['claim:pending']);
    expect(await auditOf(taskId)).toEqual([]);
    // a pending operation is not part of the case's history
    expect((await server.http.get(`/api/workbench/tasks/${taskId}`).set('Authorization', `Bearer ${officer.token}`)).body.actions).toEqual([]);

    // and: the reconciliation leaves it alone within the grace period, then confirms it from the engine's log
    expect(await server.licensing.pendingOperations.runOnce()).toEqual({ confirmed: 0, dropped: 0 });
    await server.advance(61_000);
    expect(await server.licensing.pendingOperations.runOnce()).toEqual({ confirmed: 1, dropped: 0 });
    expect(await recordsOf(taskId)).toEqual(['claim:done']);
    expect(await auditOf(taskId)).toEqual(['task.claim']);
    const detail = await server.http.get(`/api/workbench/tasks/${taskId}`).set('Authorization', `Bearer ${officer.token}`);
    expect(detail.body.actions).toMatchObject([{ action: 'claim', actor: 'case-gz', comment: '我来办' }]);
    expect((await server.http.get('/api/admin/audit/verify').set('Authorization', `Bearer ${(await server.officer('auditor-1', ['auditor'])).token}`)).body).toMatchObject({ ok: true });
  });

  it('drops the record of an operation the engine refused, so that nothing is recorded', async () => {
    // given: the engine cannot be reached when the claim goes out
    const { taskId } = await openCaseTask('广州中断二保安服务有限公司');
    const real = (server.licensing.workbench as unknown as { deps: WorkbenchDeps }).deps;
    const unreachable = workbenchWith({
      engineAs: (authorization) => new Proxy(real.engineAs(authorization), {
        get: (target, property, receiver) => (property === 'request'
          ? (method: string, path: string, body?: unknown) => (path.endsWith('/claim') ? Promise.reject(new Error('connect ECONNREFUSED')) : target.request(method, path, body))
          : Reflect.get(target, property, receiver)) as EngineClient[keyof EngineClient],
      }),
    });

    // when
    await expect(unreachable.claim(caller(), taskId)).rejects.toThrow('ECONNREFUSED');

    // then
    expect(await assigneeOf(taskId)).toBeNull();
    expect(await recordsOf(taskId)).toEqual([]);
    expect(await auditOf(taskId)).toEqual([]);
  });

  it('drops a pending operation whose change never reached the engine (a crash before the call)', async () => {
    // given: a transfer stored as pending, then the process died
    const { taskId, processInstanceId } = await openCaseTask('广州中断三保安服务有限公司');
    await storeOperations(server.db.dataSource, [{ task: { id: taskId, name: '调查取证', processInstanceId, taskDefinitionKey: 'Task_Investigate' }, action: 'transfer', actor: 'case-gz', target: 'case-gz-2', comment: '移交' }], 'pending', server.now());
    await server.advance(61_000);

    // when
    const outcome = await server.licensing.pendingOperations.runOnce();

    // then
    expect(outcome).toEqual({ confirmed: 0, dropped: 1 });
    expect(await recordsOf(taskId)).toEqual([]);
    expect(await auditOf(taskId)).toEqual([]);
    expect(await assigneeOf(taskId)).toBeNull();
  });

  it('confirms an interrupted send-back from the modification in the engine\'s log', async () => {
    // given: the investigation done and the statement step reached; its send-back loses its record
    const { taskId, processInstanceId } = await openCaseTask('广州中断四保安服务有限公司');
    const done = await server.http.post(`/api/workbench/tasks/${taskId}/complete`).set('Authorization', `Bearer ${officer.token}`).send({ values: {
      establishedFacts: '2026年9月1日起在广州市天河区为某银行提供保安服务', evidenceList: '保安服务合同\n询问笔录', violationId: 'art42-2', proposedDecision: 'penalty',
      proposedPenalty: '警告，并处罚款人民币二万元', proposedFine: 20_000, investigationReason: '违法事实清楚，情节严重',
    } });
    expect(done.status).toBe(200);
    const statement = await server.waitForTask(processInstanceId, 'Task_Statement');
    const failing = workbenchWith({ onAction: () => Promise.reject(new Error('disk full')) });

    // when
    await expect(failing.sendBack(caller(), statement, 'Task_Investigate', '证据不足，退回补充')).rejects.toThrow('disk full');
    await server.advance(61_000);

    // then
    expect(await server.licensing.pendingOperations.runOnce()).toEqual({ confirmed: 1, dropped: 0 });
    expect(await recordsOf(statement)).toEqual(['send-back:done']);
    expect(await auditOf(statement)).toEqual(['task.send-back']);
  });
});
