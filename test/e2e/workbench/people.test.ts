import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { registerApplicant } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// a case procedure through HTTP with the real workers
jest.setTimeout(120_000);

let server: LicensingServer;
let caseOfficer: TestUser;
let colleague: TestUser;
let retired: TestUser;
let legalOfficer: TestUser;
let leader: TestUser;
let station: TestUser;
let otherStation: TestUser;
let foreign: TestUser;
let taskId: string;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  caseOfficer = await server.officer('case-gz', ['case-440100']);
  colleague = await server.officer('case-gz-2', ['case-440100']);
  retired = await server.officer('case-gz-3', ['case-440100']);
  legalOfficer = await server.officer('legal-gz', ['legal-440100']);
  leader = await server.officer('leader-gz', ['leader-440100']);
  station = await server.officer('station-th', ['station-440106']);
  otherStation = await server.officer('station-yx', ['station-440104']);
  foreign = await server.officer('case-sz', ['case-440300']);
  await server.auth.identity.setDisabled(retired.id, true);

  // given: a case of 天河区 (440106) whose investigation the case officer has claimed
  const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`)
    .send({ party: { kind: 'unit', name: '广州人员选择保安服务有限公司' }, regionCode: '440106', facts: '广州人员选择保安服务有限公司未经备案在本市提供保安服务。' });
  expect(opened.status).toBe(201);
  taskId = await server.waitForTask(opened.body.processInstanceId, 'Task_Investigate');
  expect((await server.http.post(`/api/workbench/tasks/${taskId}/claim`).set('Authorization', `Bearer ${caseOfficer.token}`).send({})).status).toBe(200);
});

afterAll(async () => {
  await server?.close();
});

const people = (user: TestUser, query: Record<string, string | number>) =>
  server.http.get(`/api/workbench/tasks/${taskId}/people`).query(query).set('Authorization', `Bearer ${user.token}`);
const person = (user: TestUser) => ({ id: user.id, name: user.name });

describe('GET /api/workbench/tasks/:id/people: whom a task may be handed or copied to', () => {
  it('offers for 转办 and 委派 the enabled members of the step\'s groups, by name, never the caller', async () => {
    for (const operation of ['transfer', 'delegate']) {
      const res = await people(caseOfficer, { operation });
      expect(res.status).toBe(200);
      expect(res.body).toEqual([person(colleague)]);
    }
  });

  it('offers for 抄送 the enabled officers who work in the case\'s jurisdiction, from its station up to the city', async () => {
    const res = await people(caseOfficer, { operation: 'carbon-copy' });
    expect(res.status).toBe(200);
    expect(res.body.map((p: { id: string }) => p.id).sort()).toEqual([colleague.id, leader.id, legalOfficer.id, station.id].sort());
    expect(res.body).toContainEqual(person(station));
  });

  it('finds people by part of their id or name, at most as many as asked', async () => {
    expect((await people(caseOfficer, { operation: 'carbon-copy', q: 'legal' })).body).toEqual([person(legalOfficer)]);
    expect((await people(caseOfficer, { operation: 'carbon-copy', q: '警官station' })).body).toEqual([person(station)]);
    expect((await people(caseOfficer, { operation: 'transfer', q: '无此人' })).body).toEqual([]);
    expect((await people(caseOfficer, { operation: 'carbon-copy', limit: 2 })).body).toHaveLength(2);
  });

  it('offers only people the operation then accepts', async () => {
    const copyTo = (await people(caseOfficer, { operation: 'carbon-copy' })).body.map((p: { id: string }) => p.id);
    const copied = await server.http.post(`/api/workbench/tasks/${taskId}/carbon-copy`).set('Authorization', `Bearer ${caseOfficer.token}`).send({ userIds: copyTo });
    expect(copied.status).toBe(200);
    // and the message names the sender by name, with the user name
    const inbox = await server.http.get('/api/inbox').query({ kind: 'carbon-copy' }).set('Authorization', `Bearer ${station.token}`);
    expect(inbox.body.items.map((n: { body: string }) => n.body)).toEqual([`${caseOfficer.name}（${caseOfficer.id}） 抄送给您`]);
    // and those left out are refused by it
    const refused = await server.http.post(`/api/workbench/tasks/${taskId}/carbon-copy`).set('Authorization', `Bearer ${caseOfficer.token}`).send({ userIds: [otherStation.id, foreign.id] });
    expect(refused.status).toBe(400);
  });

  it('is refused to those who may not perform the operation, and names a bad query', async () => {
    // another city's officer does not see the task at all
    expect((await people(foreign, { operation: 'carbon-copy' })).status).toBe(404);
    // the task is the case officer's: a colleague may neither transfer nor delegate it
    expect((await people(colleague, { operation: 'transfer' })).status).toBe(403);
    expect((await people(colleague, { operation: 'delegate' })).status).toBe(403);

    const missing = await people(caseOfficer, {});
    expect(missing.status).toBe(400);
    expect(missing.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['operation']);
    const bad = await people(caseOfficer, { operation: 'forward', limit: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['limit', 'operation']);
    expect((await server.http.get('/api/workbench/tasks/no-such-task/people').query({ operation: 'transfer' }).set('Authorization', `Bearer ${caseOfficer.token}`)).status).toBe(404);
  });
});

describe('GET /api/people: the names of users, for pages that show who handled a step', () => {
  it('names the users asked for that exist, disabled ones too, in the order asked', async () => {
    const res = await server.http.get('/api/people').query({ ids: `${station.id},no-such-user,${retired.id},${station.id}` }).set('Authorization', `Bearer ${caseOfficer.token}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([person(station), person(retired)]);
  });

  it('names a bad list, and keeps names from companies', async () => {
    const empty = await server.http.get('/api/people').query({ ids: ' , ' }).set('Authorization', `Bearer ${caseOfficer.token}`);
    expect(empty.status).toBe(400);
    expect(empty.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['ids']);
    const tooMany = await server.http.get('/api/people').query({ ids: Array.from({ length: 101 }, (_, i) => `user-${i}`).join(',') }).set('Authorization', `Bearer ${caseOfficer.token}`);
    expect(tooMany.status).toBe(400);
    expect((await server.http.get('/api/people').query({ ids: 'bad id!' }).set('Authorization', `Bearer ${caseOfficer.token}`)).status).toBe(400);

    const company = await registerApplicant(server, 'people-company');
    expect((await server.http.get('/api/people').query({ ids: caseOfficer.id }).set('Authorization', `Bearer ${company.token}`)).status).toBe(403);
    expect((await server.http.get('/api/people').query({ ids: caseOfficer.id })).status).toBe(401);
  });
});
