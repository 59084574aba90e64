import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Response } from 'supertest';
import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// the whole system with an engine and workers, over a real database
jest.setTimeout(120_000);

const FIXTURES = 'test/fixtures/process-management';

let server: LicensingServer;
let manager: TestUser;
let admin: TestUser;
let reviewer: TestUser;
let leader: TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-09-01T02:00:00Z') });
  manager = await server.officer('flow-manager', ['process-manager']);
  admin = await server.officer('flow-admin', ['admin']);
  reviewer = await server.officer('filing-gz', ['filing-reviewer-440100']);
  leader = await server.officer('leader-gz', ['leader-440100']);
});

afterAll(async () => {
  await server?.close();
});

/** A file of the fixtures, as `[path under the fixtures, file name in the upload]`. */
type Upload = Array<[string, string?]>;

const V1: Upload = [['pm-review.bpmn'], ['pm-review-decision.form']];
const V2: Upload = [['v2/pm-review.bpmn'], ['v2/pm-review-decision.form'], ['v2/pm-countersign.form']];
const BROKEN: Upload = [['pm-review-broken.bpmn', 'pm-review.bpmn'], ['pm-review-decision.form']];

function post(path: string, user: TestUser, files: Upload, fields: Record<string, string> = {}) {
  let req = server.http.post(path).set('Authorization', `Bearer ${user.token}`);
  for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
  for (const [path, name] of files) req = req.attach('files', readFileSync(`${FIXTURES}/${path}`), name ?? path.split('/').pop());
  return req;
}

function deploy(files: Upload, name = '备案复核', user: TestUser = manager) {
  return post('/api/process-models/deployments', user, files, { name });
}

function get(path: string, user: TestUser = manager) {
  return server.http.get(path).set('Authorization', `Bearer ${user.token}`);
}

async function engine<T>(method: 'get' | 'post', path: string, body?: object): Promise<{ status: number; body: T }> {
  const req = server.http[method](`/engine-rest${path}`).set('Authorization', server.engineAuthorization());
  const res = await (body ? req.send(body) : req);
  return { status: res.status, body: res.body as T };
}

async function startCase(businessKey: string): Promise<{ id: string; definitionId: string }> {
  const res = await engine<{ id: string; definitionId: string }>('post', '/process-definition/key/pm-review/start', { businessKey });
  expect(res.status).toBe(200);
  return res.body;
}

async function definitionsOfReview(): Promise<Array<{ id: string; version: number }>> {
  return (await engine<Array<{ id: string; version: number }>>('get', '/process-definition?key=pm-review&sortBy=version&sortOrder=asc')).body;
}

async function deploymentCount(): Promise<number> {
  return (await engine<{ count: number }>('get', '/deployment/count')).body.count;
}

function formKeys(res: Response): string[] {
  return (res.body.form.components as Array<{ key?: string }>).map((c) => c.key ?? '').filter(Boolean);
}

function issuePaths(res: Response): string[] {
  return (res.body.details.issues as Array<{ path: string }>).map((i) => i.path);
}

describe('process management (流程管理) under /api/process-models', () => {
  let caseOnV1: { id: string; definitionId: string };
  let caseOnV2: { id: string; definitionId: string };

  it('refuses a model with an unknown topic, an unresolved formRef, an undeclared error and a bpmnlint error, naming each element, and deploys nothing', async () => {
    // given
    const before = await deploymentCount();

    // when
    const res = await deploy(BROKEN);

    // then
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PROCESS_MODEL_REJECTED');
    const found = (res.body.details.findings as Array<{ elementId: string; rule: string; category: string }>).map((f) => `${f.elementId} ${f.rule} ${f.category}`);
    expect(found.sort()).toEqual([
      'EndEvent_Rejected project/error-code-declared error',
      'Task_Archive label-required error',
      'Task_Review project/form-ref-resolves error',
      'Task_SendFax project/external-topic-has-worker error',
    ]);
    expect(res.body.details.elements).toEqual(expect.arrayContaining([
      { resource: 'pm-review.bpmn', elementId: 'Task_SendFax', elementName: '传真通知', findings: [expect.objectContaining({ rule: 'project/external-topic-has-worker' })] },
    ]));
    expect(await deploymentCount()).toBe(before);
    expect(await definitionsOfReview()).toEqual([]);
  });

  it('refuses, per element and with nothing deployed, a model that lints clean but that the engine cannot run', async () => {
    const lint = await post('/api/process-models/lint', manager, [['pm-review-script.bpmn', 'pm-review.bpmn']]);
    expect(lint.body).toMatchObject({ valid: true });

    const res = await deploy([['pm-review-script.bpmn', 'pm-review.bpmn']]);
    expect(res.status).toBe(422);
    expect(res.body.details.findings).toEqual([expect.objectContaining({ resource: 'pm-review.bpmn', elementId: 'Task_Review', rule: 'engine/parse', category: 'error', message: expect.stringMatching(/script/i) })]);
    expect(await definitionsOfReview()).toEqual([]);
  });

  it('lints an upload for an editor without deploying it', async () => {
    const broken = await post('/api/process-models/lint', manager, BROKEN);
    expect(broken.status).toBe(200);
    expect(broken.body).toMatchObject({ valid: false, errorCount: 4, warningCount: 0 });

    const clean = await post('/api/process-models/lint', manager, V1);
    expect(clean.body).toMatchObject({ valid: true, errorCount: 0, findings: [], models: [{ resource: 'pm-review.bpmn', processes: [{ key: 'pm-review' }] }], forms: [{ formId: 'pm-review-decision' }] });
    expect(await definitionsOfReview()).toEqual([]);
  });

  it('deploys a valid procedure with its form as version 1, and the same files again as nothing new', async () => {
    const first = await deploy(V1);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: true, deployment: { name: '备案复核' }, processDefinitions: [{ key: 'pm-review', version: 1 }], forms: ['pm-review-decision'], findings: [] });

    const again = await deploy(V1);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, deployment: { id: first.body.deployment.id }, processDefinitions: [] });
    expect((await definitionsOfReview()).map((d) => d.version)).toEqual([1]);

    // the engine made it as the manager, and the audit log names them
    const audit = await get(`/api/admin/audit?action=deployment.create&subjectId=${first.body.deployment.id}&order=asc`, admin);
    expect(audit.body.items[0]).toEqual(expect.objectContaining({ actor: 'flow-manager', details: expect.objectContaining({ name: '备案复核', source: 'process-management', processDefinitions: ['pm-review:1'] }) }));
  });

  it('keeps a case started on version 1 on it, while a new case starts on version 2 and its task uses the form of version 2', async () => {
    // given a case on version 1
    caseOnV1 = await startCase('PM-A');

    // when version 2 adds a countersign step and a field to the review form
    const v2 = await deploy(V2);
    expect(v2.status).toBe(201);
    expect(v2.body.processDefinitions).toEqual([expect.objectContaining({ key: 'pm-review', version: 2 })]);
    expect(v2.body.forms).toEqual(['pm-countersign', 'pm-review-decision']);
    caseOnV2 = await startCase('PM-B');

    // then
    const [d1, d2] = await definitionsOfReview();
    expect(caseOnV1.definitionId).toBe(d1!.id);
    expect(caseOnV2.definitionId).toBe(d2!.id);
    const taskOnV1 = await get(`/api/tasks/${await server.waitForTask(caseOnV1.id, 'Task_Review')}`, reviewer);
    const taskOnV2 = await get(`/api/tasks/${await server.waitForTask(caseOnV2.id, 'Task_Review')}`, reviewer);
    expect(formKeys(taskOnV1)).toEqual(['reviewDecision', 'reviewReason']);
    expect(formKeys(taskOnV2)).toEqual(['reviewDecision', 'riskLevel', 'reviewReason']);
  });

  it('lists every version with its suspension and its running cases', async () => {
    const res = await get('/api/process-models');
    expect(res.status).toBe(200);
    const review = (res.body as Array<{ key: string }>).find((m) => m.key === 'pm-review');
    expect(review).toMatchObject({
      key: 'pm-review', name: '备案复核（流程管理测试）', latestVersion: 2,
      versions: [
        { version: 2, suspended: false, runningInstances: 1, resource: 'pm-review.bpmn', deployment: { name: '备案复核' } },
        { version: 1, suspended: false, runningInstances: 1, resource: 'pm-review.bpmn', deployment: { name: '备案复核' } },
      ],
    });
    expect((res.body as Array<{ key: string }>).map((m) => m.key)).toEqual(expect.arrayContaining(['example-greeting', 'security-company-permit']));
  });

  it('validates each case’s task against the form of its own version, and runs each on its own model', async () => {
    // version 1 knows no risk level
    const withRisk = await server.http.post(`/api/tasks/${await server.waitForTask(caseOnV1.id, 'Task_Review')}/complete`).set('Authorization', `Bearer ${reviewer.token}`)
      .send({ values: { reviewDecision: 'approve', riskLevel: 'low', reviewReason: '材料齐全' } });
    expect(withRisk.status).toBe(400);
    const v1Done = await server.http.post(`/api/tasks/${await server.waitForTask(caseOnV1.id, 'Task_Review')}/complete`).set('Authorization', `Bearer ${reviewer.token}`)
      .send({ values: { reviewDecision: 'approve', reviewReason: '材料齐全' } });
    expect(v1Done.status).toBe(200);
    expect((await engine('get', `/process-instance/${caseOnV1.id}`)).status).toBe(404);

    // version 2 requires it, and goes on to the countersign step
    const withoutRisk = await server.http.post(`/api/tasks/${await server.waitForTask(caseOnV2.id, 'Task_Review')}/complete`).set('Authorization', `Bearer ${reviewer.token}`)
      .send({ values: { reviewDecision: 'approve', reviewReason: '材料齐全' } });
    expect(withoutRisk.status).toBe(400);
    const v2Done = await server.http.post(`/api/tasks/${await server.waitForTask(caseOnV2.id, 'Task_Review')}/complete`).set('Authorization', `Bearer ${reviewer.token}`)
      .send({ values: { reviewDecision: 'approve', riskLevel: 'medium', reviewReason: '材料齐全' } });
    expect(v2Done.status).toBe(200);
    const countersign = await get(`/api/tasks/${await server.waitForTask(caseOnV2.id, 'Task_Countersign')}`, leader);
    expect(formKeys(countersign)).toEqual(['countersigned']);

    const versions = (await get('/api/process-models')).body.find((m: { key: string }) => m.key === 'pm-review').versions;
    expect(versions.map((v: { version: number; runningInstances: number }) => [v.version, v.runningInstances])).toEqual([[2, 1], [1, 0]]);
  });

  it('names the step version 2 added when comparing it with version 1', async () => {
    const res = await get('/api/process-models/pm-review/diff?from=1&to=2');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ key: 'pm-review', from: { version: 1 }, to: { version: 2 }, removed: [{ id: 'Flow_ReviewToDone' }], changed: [] });
    expect(res.body.added).toEqual(expect.arrayContaining([{ id: 'Task_Countersign', type: 'bpmn:UserTask', name: '领导会签' }]));
  });

  it('serves the BPMN XML of a version', async () => {
    const res = await get('/api/process-models/pm-review/versions/1/xml');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/xml');
    expect(res.text).toContain('id="Task_Review"');
    expect(res.text).not.toContain('Task_Countersign');
  });

  it('suspends a version so that no case of it starts, leaves its running cases alone, and activates it again', async () => {
    // when
    const suspended = await server.http.put('/api/process-models/pm-review/versions/2/suspended').set('Authorization', `Bearer ${manager.token}`).send({ suspended: true });

    // then
    expect(suspended.status).toBe(200);
    expect(suspended.body).toMatchObject({ version: 2, suspended: true, runningInstances: 1 });
    expect((await engine('post', '/process-definition/key/pm-review/start', { businessKey: 'PM-C' })).status).toBeGreaterThanOrEqual(400);
    const countersign = await server.http.post(`/api/tasks/${await server.waitForTask(caseOnV2.id, 'Task_Countersign')}/complete`).set('Authorization', `Bearer ${leader.token}`)
      .send({ values: { countersigned: true } });
    expect(countersign.status).toBe(200);

    // when activated again
    const active = await server.http.put('/api/process-models/pm-review/versions/2/suspended').set('Authorization', `Bearer ${admin.token}`).send({ suspended: false });
    expect(active.body).toMatchObject({ version: 2, suspended: false });
    expect((await startCase('PM-D')).definitionId).toBe(active.body.id);

    // and both changes are in the audit log, with who made them
    const audit = await get('/api/admin/audit?action=process-definition&order=asc', admin);
    expect(audit.body.items.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`)).toEqual(['process-definition.suspend flow-manager', 'process-definition.activate flow-admin']);
  });

  it('answers 403 to callers who are neither process managers nor administrators', async () => {
    const forbidden = [
      await get('/api/process-models', reviewer),
      await get('/api/process-models/pm-review/versions/1/xml', reviewer),
      await get('/api/process-models/pm-review/diff?from=1&to=2', reviewer),
      await server.http.put('/api/process-models/pm-review/versions/2/suspended').set('Authorization', `Bearer ${reviewer.token}`).send({ suspended: true }),
      await post('/api/process-models/lint', reviewer, V1),
      await deploy(V2, '备案复核', reviewer),
    ];
    expect(forbidden.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect((await get('/api/process-models', admin)).status).toBe(200);
    expect((await server.http.get('/api/process-models')).status).toBe(401);
  });

  it('refuses bad input with a 4xx naming what is wrong, and deploys nothing', async () => {
    const before = await deploymentCount();

    const noFiles = await deploy([]);
    expect(noFiles.status).toBe(400);
    expect(issuePaths(noFiles)).toEqual(['files']);

    const notXml = await server.http.post('/api/process-models/deployments').set('Authorization', `Bearer ${manager.token}`)
      .field('name', '备案复核').attach('files', Buffer.from('just some text'), 'pm-review.bpmn');
    expect(notXml.status).toBe(400);
    expect(notXml.body.details.issues).toEqual([{ path: 'files.pm-review.bpmn', message: expect.stringContaining('not well-formed XML') }]);

    const oversized = await server.http.post('/api/process-models/deployments').set('Authorization', `Bearer ${manager.token}`)
      .field('name', '备案复核').attach('files', Buffer.alloc(2 * 1024 * 1024 + 1, 0x20), 'huge.bpmn');
    expect(oversized.status).toBe(413);
    expect(oversized.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('huge.bpmn') });

    const unnamed = await post('/api/process-models/deployments', manager, V1);
    expect(unnamed.status).toBe(400);
    expect(issuePaths(unnamed)).toEqual(['name']);
    const reserved = await deploy(V1, 'security-supervision');
    expect(reserved.status).toBe(400);
    expect(issuePaths(reserved)).toEqual(['name']);

    const json = await server.http.post('/api/process-models/deployments').set('Authorization', `Bearer ${manager.token}`).send({ name: '备案复核' });
    expect(json.status).toBe(415);

    expect(await deploymentCount()).toBe(before);

    const unknownVersion = await get('/api/process-models/pm-review/versions/9/xml');
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.body.code).toBe('PROCESS_VERSION_NOT_FOUND');
    const badDiff = await get('/api/process-models/pm-review/diff?from=one&to=2');
    expect(badDiff.status).toBe(400);
    expect(issuePaths(badDiff)).toEqual(['from']);
    const badSuspension = await server.http.put('/api/process-models/pm-review/versions/2/suspended').set('Authorization', `Bearer ${manager.token}`).send({ suspended: 'yes' });
    expect(badSuspension.status).toBe(400);
    expect(issuePaths(badSuspension)).toEqual(['suspended']);
  });
});
