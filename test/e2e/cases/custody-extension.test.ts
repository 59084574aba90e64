import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { residentId, type ApplicationBody } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

const DAY = 24 * 3600_000;

let server: LicensingServer;
let investigator: TestUser;
let leader: TestUser;
let foreign: TestUser;

beforeAll(async () => {
  // Monday 2025-12-29, 10:00 in China
  server = await startLicensingServer({ startAt: new Date('2025-12-29T02:00:00Z') });
  investigator = await server.officer('case-gz', ['case-440100']);
  leader = await server.officer('leader-gz', ['leader-440100']);
  foreign = await server.officer('case-sz', ['case-440300']);
});

afterAll(async () => {
  await server?.close();
});

interface Clock { name: string; ruleId: string; status: string; dueAt: string; warnAt: string }

async function complete(user: TestUser, pid: string, key: string, values: Record<string, unknown>) {
  const taskId = await server.waitForTask(pid, key);
  const res = await server.http.post(`/api/tasks/${taskId}/complete`).set('Authorization', `Bearer ${user.token}`).send({ values });
  expect(res.status).toBe(200);
}

const view = async (id: string) => (await server.http.get(`/api/criminal-cases/${id}`).set('Authorization', `Bearer ${investigator.token}`)).body as ApplicationBody;
const custodyOf = (c: ApplicationBody) => (c['clocks'] as Clock[]).filter((k) => k.name === 'custody').at(-1)!;
const extend = (id: string, body: Record<string, unknown>, user = investigator) =>
  server.http.post(`/api/criminal-cases/${id}/custody-extension`).set('Authorization', `Bearer ${user.token}`).send(body);
const inbox = async (user: TestUser) => (await server.http.get('/api/inbox').query({ limit: 200 }).set('Authorization', `Bearer ${user.token}`)).body.items as Array<{ kind: string; body: string }>;
/** An engine date (`…+0800`) as an ISO instant. */
const iso = (engineDate: string) => new Date(engineDate.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')).toISOString();

/** The in-custody end-of-investigation task: its id, due date and the due dates of its timers, once it waits with the custody clock's dates. */
async function custodyTask(pid: string, dueAt: string): Promise<{ id: string; due: string; timers: string[] }> {
  return server.waitFor(async () => {
    const tasks = (await server.http.get('/engine-rest/task').query({ processInstanceId: pid, taskDefinitionKey: 'Task_EndInvestigationInCustody' }).set('Authorization', server.engineAuthorization())).body as Array<{ id: string; due: string | null }>;
    const task = tasks[0];
    if (!task?.due || iso(task.due) !== dueAt) return null;
    const jobs = (await server.http.get('/engine-rest/job').query({ processInstanceId: pid }).set('Authorization', server.engineAuthorization())).body as Array<{ dueDate: string }>;
    return { id: task.id, due: iso(task.due), timers: jobs.map((j) => iso(j.dueDate)).sort() };
  }, `the in-custody task due ${dueAt}`);
}

/** A case whose suspect was arrested on 2025-12-31 (or now, once the clock is past it) with the procuratorate's approval, waiting in the in-custody end of investigation. */
async function arrested(name: string, prefix: string): Promise<{ id: string; pid: string; number: string }> {
  const res = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${investigator.token}`)
    .send({ suspect: { name, residentId: residentId(prefix) }, regionCode: '440106', facts: `${name}纠集多名保安在多个城市暴力讨债。` });
  expect(res.status).toBe(201);
  const { id, processInstanceId: pid, number } = res.body as { id: string; processInstanceId: string; number: string };
  await complete(investigator, pid, 'Task_FilingReview', { filingDecision: 'file', filingReason: '有犯罪事实，需要追究刑事责任' });
  await complete(investigator, pid, 'Task_Measure', { measure: 'detention', approvedBy: '分局局长', measureReason: '结伙作案，有逃跑可能' });
  await complete(investigator, pid, 'Task_DetentionFormalities', { transferredToCentre: true, familyNotified: 'yes', interrogated: true });
  await complete(investigator, pid, 'Task_ArrestRequest', { arrestRequest: 'request', procuratorate: '广州市天河区人民检察院', requestReason: '证据确实，提请批准逮捕' });
  await server.waitForTask(pid, 'Receive_ProcuratorateDecision');
  await server.advanceTo(new Date('2025-12-31T02:00:00Z'));
  const approved = await server.http.post(`/api/criminal-cases/${id}/procuratorate-decision`).set('Authorization', `Bearer ${investigator.token}`)
    .send({ approved: true, decidedOn: '2025-12-31', documentNumber: '穗天检捕〔2025〕99号' });
  expect(approved.status).toBe(202);
  await server.waitForTask(pid, 'Task_EndInvestigationInCustody');
  return { id, pid, number };
}

const FIRST = { ground: 'complex', procuratorate: '广州市人民检察院', documentNumber: '穗检延羁〔2026〕3号', decidedOn: '2026-02-25' };

describe('extensions of investigative custody (侦查羁押期限, 刑事诉讼法第156、158、159条)', () => {
  it('extends custody by 1, 2 and 2 months from each expiry, in the order of Art 156, 158 and 159, re-arming the in-custody task, and refuses a fourth', async () => {
    const { id, pid, number } = await arrested('郑某', '44010619880808123');

    // two months from the arrest on 2025-12-31: the end of February, a Saturday, not moved to the Monday
    let c = await view(id);
    expect(custodyOf(c)).toMatchObject({ ruleId: 'K5', status: 'running', dueAt: '2026-02-28T15:59:59.999Z' });
    let task = await custodyTask(pid, '2026-02-28T15:59:59.999Z');
    // the request for an extension is due 7 days before expiry: the warning comes earlier than that
    expect(Date.parse(custodyOf(c).dueAt) - Date.parse(custodyOf(c).warnAt)).toBeGreaterThanOrEqual(7 * DAY);
    expect(task.timers).toEqual([custodyOf(c).warnAt, custodyOf(c).dueAt].map((d) => new Date(d).toISOString()).sort());

    // unwarned, the period runs out: the investigators were warned, the leaders are asked to act
    await server.advanceTo(new Date('2026-03-01T02:00:00Z'));
    await server.waitFor(async () => (await inbox(investigator)).find((n) => n.kind === 'warning' && n.body.includes(number) && n.body.includes('2026-02-28')), 'the custody warning');
    await server.waitFor(async () => (await inbox(leader)).find((n) => n.kind === 'escalation' && n.body.includes(number)), 'the custody escalation');

    // an approval dated after the expiry cannot extend it
    const late = await extend(id, { ...FIRST, decidedOn: '2026-03-01' });
    expect(late.status).toBe(400);
    expect(late.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['decidedOn']);

    // the approval of 2026-02-25, recorded twice at once, extends once: by one month from 02-28, to 03-28 (a Saturday, not moved)
    const both = await Promise.all([extend(id, FIRST), extend(id, FIRST)]);
    expect(both.filter((r) => r.status === 202)).toHaveLength(1);
    const accepted = both.find((r) => r.status === 202)!;
    expect(accepted.body).toEqual({ accepted: true, ordinal: 1, article: '156', months: 1 });
    expect([400, 409]).toContain(both.find((r) => r !== accepted)!.status);
    task = await custodyTask(pid, '2026-03-28T15:59:59.999Z');
    c = await view(id);
    expect(custodyOf(c)).toMatchObject({ status: 'running', dueAt: '2026-03-28T15:59:59.999Z' });
    expect(Date.parse(custodyOf(c).dueAt) - Date.parse(custodyOf(c).warnAt)).toBeGreaterThanOrEqual(7 * DAY);
    expect(task.timers).toEqual([custodyOf(c).warnAt, custodyOf(c).dueAt].map((d) => new Date(d).toISOString()).sort());
    expect(c['custodyExtensions']).toHaveLength(1);

    // the second extension is the provincial procuratorate's under Art 158
    const wrongOrder = await extend(id, { ...FIRST, decidedOn: '2026-03-01' });
    expect(wrongOrder.status).toBe(400);
    expect(wrongOrder.body.details.issues).toEqual([{ path: 'ground', message: expect.stringContaining('Art 158') }]);

    // the re-armed timer warns about the new expiry
    await server.advanceTo(new Date('2026-03-20T02:00:00Z'));
    await server.waitFor(async () => (await inbox(investigator)).find((n) => n.kind === 'warning' && n.body.includes(number) && n.body.includes('2026-03-28')), 'the warning of the extended period');
    const second = await extend(id, { ground: 'roving', procuratorate: '广东省人民检察院', documentNumber: '粤检延羁〔2026〕21号', decidedOn: '2026-03-20' });
    expect(second.status).toBe(202);
    expect(second.body).toMatchObject({ ordinal: 2, article: '158', months: 2 });
    await custodyTask(pid, '2026-05-28T15:59:59.999Z');

    await server.advanceTo(new Date('2026-05-20T02:00:00Z'));
    const third = await extend(id, { ground: 'ten-years', procuratorate: '广东省人民检察院', documentNumber: '粤检延羁〔2026〕57号', decidedOn: '2026-05-20' });
    expect(third.status).toBe(202);
    expect(third.body).toMatchObject({ ordinal: 3, article: '159', months: 2 });
    await custodyTask(pid, '2026-07-28T15:59:59.999Z');

    // the law allows no fourth: refused, and nothing changes
    const fourth = await extend(id, { ground: 'ten-years', procuratorate: '广东省人民检察院', documentNumber: '粤检延羁〔2026〕88号', decidedOn: '2026-05-20' });
    expect(fourth.status).toBe(400);
    expect(fourth.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['ground']);
    c = await view(id);
    expect(custodyOf(c).dueAt).toBe('2026-07-28T15:59:59.999Z');
    expect(c['custodyExtensions']).toMatchObject([
      { ordinal: 1, article: '156', ground: 'complex', months: 1, procuratorate: '广州市人民检察院', documentNumber: '穗检延羁〔2026〕3号', decidedOn: '2026-02-25', recordedBy: 'case-gz' },
      { ordinal: 2, article: '158', ground: 'roving', months: 2, procuratorate: '广东省人民检察院', documentNumber: '粤检延羁〔2026〕21号', decidedOn: '2026-03-20' },
      { ordinal: 3, article: '159', ground: 'ten-years', months: 2, procuratorate: '广东省人民检察院', documentNumber: '粤检延羁〔2026〕57号', decidedOn: '2026-05-20' },
    ]);
    expect(c['custodyExtensions']).toHaveLength(3);

    // transferred for prosecution, the investigative custody ends with the transfer, and cannot be extended any more
    await complete(investigator, pid, 'Task_EndInvestigationInCustody', {
      investigationOutcome: 'transfer-prosecution', procuratorate: '广州市天河区人民检察院', charge: '寻衅滋事罪', establishedFacts: '纠集保安在广州、深圳等地暴力讨债十余次', evidenceList: '被害人陈述\n转账记录', endReason: '犯罪事实清楚，证据确实充分',
    });
    c = await server.waitFor(async () => {
      const v = await view(id);
      return v['status'] === 'prosecution-review' ? v : null;
    }, 'the transfer');
    expect(c['measure']).toBe('arrest');
    expect(custodyOf(c).status).toBe('stopped');
    expect((await extend(id, { ground: 'ten-years', procuratorate: '广东省人民检察院', documentNumber: 'X', decidedOn: '2026-05-20' })).status).toBe(409);
  });

  it('refuses an extension in the wrong order, dated in the future, for a suspect not in custody, out of the city, or badly described, and changes nothing', async () => {
    const { id, pid } = await arrested('冯某', '44010619870707234');
    const before = custodyOf(await view(id));
    const { id: taskBefore } = await custodyTask(pid, before.dueAt);

    const roving = await extend(id, { ...FIRST, ground: 'roving', decidedOn: '2026-05-20' });
    expect(roving.status).toBe(400);
    expect(roving.body.details.issues).toEqual([{ path: 'ground', message: expect.stringContaining('Art 156') }]);
    const future = await extend(id, { ...FIRST, decidedOn: '2026-12-31' });
    expect(future.status).toBe(400);
    expect(future.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['decidedOn']);
    const bad = await extend(id, { ground: 'forever', procuratorate: '', decidedOn: 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['ground', 'procuratorate', 'documentNumber', 'decidedOn']));
    expect((await extend(id, { ...FIRST, decidedOn: '2026-05-20' }, foreign)).status).toBe(404);

    const after = await view(id);
    expect(custodyOf(after).dueAt).toBe(before.dueAt);
    expect(after['custodyExtensions']).toEqual([]);
    expect((await custodyTask(pid, before.dueAt)).id).toBe(taskBefore);

    // a suspect on bail is not in investigative custody
    const opened = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${investigator.token}`)
      .send({ suspect: { name: '褚某', residentId: residentId('44010619860606345') }, regionCode: '440106', facts: '褚某在执勤中殴打他人致轻伤。' });
    await complete(investigator, opened.body.processInstanceId, 'Task_FilingReview', { filingDecision: 'file', filingReason: '立案侦查' });
    await complete(investigator, opened.body.processInstanceId, 'Task_Measure', { measure: 'bail', approvedBy: '分局局长', measureReason: '不致发生社会危险性' });
    await server.waitForTask(opened.body.processInstanceId, 'Task_EndInvestigation');
    const onBail = await extend(opened.body.id, { ...FIRST, decidedOn: '2026-05-20' });
    expect(onBail.status).toBe(409);
    expect(onBail.body.code).toBe('CONFLICT');
  });

  it('keeps the in-custody step with the investigator who held it when an extension re-arms it', async () => {
    // given: an arrested suspect's case, whose in-custody step the investigator has claimed
    const { id, pid } = await arrested('冯某', '44010619870707234');
    const before = custodyOf(await view(id));
    const { id: held } = await custodyTask(pid, before.dueAt);
    expect((await server.http.post(`/api/workbench/tasks/${held}/claim`).set('Authorization', `Bearer ${investigator.token}`).send({})).status).toBe(200);

    // when: the procuratorate's approval of an extension is recorded today
    const today = new Date(server.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await extend(id, { ...FIRST, decidedOn: today })).status).toBe(202);

    // then: the step waits again with the longer period, still the investigator's
    const extended = await server.waitFor(async () => {
      const clock = custodyOf(await view(id));
      return clock.dueAt !== before.dueAt ? clock : null;
    }, 'the custody clock to be extended');
    const { id: again } = await custodyTask(pid, extended.dueAt);
    expect(again).not.toBe(held);
    const task = await server.http.get(`/engine-rest/task/${again}`).set('Authorization', server.engineAuthorization());
    expect(task.body.assignee).toBe(investigator.id);
  });
});
