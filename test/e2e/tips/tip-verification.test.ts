import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { PDF, residentId } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers: slower than a unit, especially on a loaded CI machine
jest.setTimeout(120_000);

let server: LicensingServer;
let intake: TestUser;
let station: TipStation;
let otherStation: TestUser;
let leader: TestUser;
let foreign: TestUser;

type TipStation = TestUser;

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-06-01T02:00:00Z') });
  intake = await server.officer('intake-gz', ['tip-intake-440100']);
  station = await server.officer('station-tianhe', ['station-440106']);
  otherStation = await server.officer('station-yuexiu', ['station-440104']);
  leader = await server.officer('leader-gz', ['leader-440100']);
  foreign = await server.officer('intake-sz', ['tip-intake-440300']);
});

afterAll(async () => {
  await server?.close();
});

const report = (overrides: Record<string, unknown> = {}) => ({
  anonymous: true,
  category: 'guard-misconduct',
  subject: { name: '某商场保安', address: '广州市天河区某商场' },
  regionCode: '440106',
  facts: '2026年5月30日晚，商场保安以搜身为由限制一名顾客离开，持续约半小时。',
  ...overrides,
});

async function reportTip(body: Record<string, unknown>): Promise<{ trackingCode: string; secret: string; tipId: string; pid: string }> {
  const res = await server.http.post('/api/public/tips').send(body);
  expect(res.status).toBe(201);
  const { trackingCode, secret } = res.body as { trackingCode: string; secret: string };
  const instance = await server.waitFor(async () => {
    const list = await server.http.get('/engine-rest/process-instance').query({ businessKey: trackingCode }).set('Authorization', server.engineAuthorization());
    return (list.body as Array<{ id: string }>)[0];
  }, 'the process of the tip');
  const taskId = await server.waitForTask(instance.id, 'Task_Triage');
  const task = await server.http.get(`/api/tasks/${taskId}`).set('Authorization', `Bearer ${intake.token}`);
  return { trackingCode, secret, tipId: task.body.variables.tipId as string, pid: instance.id };
}

const track = (code: string, secret: string) => server.http.get(`/api/public/tips/${code}`).set('X-Tip-Secret', secret);

async function complete(user: TestUser, pid: string, key: string, values: Record<string, unknown>) {
  const taskId = await server.waitForTask(pid, key);
  const res = await server.http.post(`/api/tasks/${taskId}/complete`).set('Authorization', `Bearer ${user.token}`).send({ values });
  expect(res.status).toBe(200);
}

describe('tip verification (投诉举报线索核查) through HTTP with the real workers', () => {
  it('takes an anonymous tip from the portal through triage and verification to feedback the complainant reads and rates', async () => {
    const tip = await reportTip(report());
    expect(tip.trackingCode).toMatch(/^JB[2-9A-HJ-NP-Z]{10}$/);
    expect(tip.secret).toHaveLength(20);
    expect((await track(tip.trackingCode, tip.secret)).body).toMatchObject({ stage: '已受理', outcome: null, feedback: null, canAddInformation: true });

    // never to a station of another city, nor to a unit without anyone to verify
    const triage = await server.waitForTask(tip.pid, 'Task_Triage');
    for (const [stationGroup, message] of [['station-440304', "must be a police station or squad of the tip's city (440100)"], ['station-440111', "group 'station-440111' has no enabled member"]] as const) {
      const refused = await server.http.post(`/api/tasks/${triage}/complete`).set('Authorization', `Bearer ${intake.token}`)
        .send({ values: { triageDecision: 'accept', stationGroup, verificationDays: 10, triageReason: '指派核查' } });
      expect(refused.status).toBe(400);
      expect(refused.body.details.issues).toEqual([expect.objectContaining({ path: 'stationGroup', message })]);
    }
    await complete(intake, tip.pid, 'Task_Triage', { triageDecision: 'accept', stationGroup: 'station-440106', verificationDays: 10, triageReason: '属本辖区，指派天河派出所核查' });
    await server.waitFor(async () => (await track(tip.trackingCode, tip.secret)).body.stage === '核查中', 'verification');
    // the verifying station sees the tip, another station does not
    expect((await server.http.get(`/api/tips/${tip.tipId}`).set('Authorization', `Bearer ${station.token}`)).body).toMatchObject({ status: 'verifying', complainant: '匿名' });
    expect((await server.http.get(`/api/tips/${tip.tipId}`).set('Authorization', `Bearer ${otherStation.token}`)).status).toBe(404);

    // the complainant adds information and a photo while it is open
    expect((await server.http.post(`/api/public/tips/${tip.trackingCode}/information`).set('X-Tip-Secret', tip.secret).send({ body: '当晚值班保安胸牌号为0371。' })).status).toBe(204);
    const attached = await server.http.post(`/api/public/tips/${tip.trackingCode}/attachments`).set('X-Tip-Secret', tip.secret).attach('file', PDF, '现场照片.pdf');
    expect(attached.status).toBe(201);
    expect(attached.body.sha256).toMatch(/^[0-9a-f]{64}$/);

    await complete(station, tip.pid, 'Task_Verify', {
      verificationFindings: '调取监控，保安确有限制顾客离开行为；内部：涉事保安王某', verificationOutcome: 'administrative-case', feedback: '经核查，反映情况属实，已依法立案调查处理。',
    });
    const closed = await server.waitFor(async () => {
      const res = await track(tip.trackingCode, tip.secret);
      return res.body.stage === '已办结' ? res.body : null;
    }, 'the feedback');
    expect(closed).toMatchObject({ outcome: 'administrative-case', feedback: '经核查，反映情况属实，已依法立案调查处理。', canAddInformation: false, canRate: true });
    expect(closed.additions).toEqual([expect.objectContaining({ body: '当晚值班保安胸牌号为0371。' })]);
    // nothing internal reaches the complainant
    expect(JSON.stringify(closed)).not.toContain('王某');
    expect(JSON.stringify(closed)).not.toContain('station-440106');

    expect((await server.http.post(`/api/public/tips/${tip.trackingCode}/rating`).set('X-Tip-Secret', tip.secret).send({ rating: 5, comment: '处理及时' })).status).toBe(204);
    expect((await server.http.post(`/api/public/tips/${tip.trackingCode}/rating`).set('X-Tip-Secret', tip.secret).send({ rating: 1 })).status).toBe(409);
    expect((await server.http.post(`/api/public/tips/${tip.trackingCode}/information`).set('X-Tip-Secret', tip.secret).send({ body: '补充' })).status).toBe(409);
  });

  it('keeps a named complainant confidential: withheld in the tip, readable only by intake and leaders, every read logged', async () => {
    const tip = await reportTip(report({ anonymous: false, complainant: { name: '陈女士', residentId: residentId('44010619880808123'), phone: '13500135000' } }));
    await complete(intake, tip.pid, 'Task_Triage', { triageDecision: 'accept', stationGroup: 'station-440106', verificationDays: 5, triageReason: '指派核查' });
    await server.waitFor(async () => (await server.http.get(`/api/tips/${tip.tipId}`).set('Authorization', `Bearer ${station.token}`)).status === 200, 'the assignment');

    const seen = await server.http.get(`/api/tips/${tip.tipId}`).set('Authorization', `Bearer ${station.token}`);
    expect(seen.body.complainant).toBe('已保密（查看须经授权并记录）');
    expect(JSON.stringify(seen.body)).not.toContain('陈女士');
    const task = await server.http.get(`/api/tasks/${await server.waitForTask(tip.pid, 'Task_Verify')}`).set('Authorization', `Bearer ${station.token}`);
    expect(JSON.stringify(task.body)).not.toContain('陈女士');

    expect((await server.http.post(`/api/tips/${tip.tipId}/complainant`).set('Authorization', `Bearer ${station.token}`).send({ purpose: '联系核实' })).status).toBe(403);
    expect((await server.http.post(`/api/tips/${tip.tipId}/complainant`).set('Authorization', `Bearer ${foreign.token}`).send({ purpose: '联系核实' })).status).toBe(404);
    const identity = await server.http.post(`/api/tips/${tip.tipId}/complainant`).set('Authorization', `Bearer ${intake.token}`).send({ purpose: '电话回访举报人' });
    expect(identity.status).toBe(200);
    expect(identity.body).toMatchObject({ name: '陈女士', phone: '13500135000' });

    const reads = await server.http.get(`/api/tips/${tip.tipId}/identity-reads`).set('Authorization', `Bearer ${leader.token}`);
    expect(reads.body).toEqual([expect.objectContaining({ userId: 'intake-gz', purpose: '电话回访举报人' })]);
    expect((await server.http.get(`/api/tips/${tip.tipId}/identity-reads`).set('Authorization', `Bearer ${intake.token}`)).status).toBe(403);
  });

  it('transfers a tip of another unit and tells the complainant where it went', async () => {
    const tip = await reportTip(report());
    await complete(intake, tip.pid, 'Task_Triage', { triageDecision: 'transfer', triageFeedback: '该线索属铁路公安机关管辖，已于当日移送广州铁路公安处。', triageReason: '发生地为火车站' });
    const body = await server.waitFor(async () => {
      const res = await track(tip.trackingCode, tip.secret);
      return res.body.stage === '已移送' ? res.body : null;
    }, 'the transfer');
    expect(body).toMatchObject({ outcome: 'transferred', feedback: '该线索属铁路公安机关管辖，已于当日移送广州铁路公安处。' });
  });

  it('locks a tracking code after 5 wrong secrets, and opens it again after 15 minutes', async () => {
    const tip = await reportTip(report());
    for (let i = 0; i < 5; i++) expect((await track(tip.trackingCode, 'WRONGSECRET234567892')).status).toBe(404);
    const locked = await track(tip.trackingCode, tip.secret);
    expect(locked.status).toBe(429);
    await server.advance(16 * 60_000);
    expect((await track(tip.trackingCode, tip.secret)).status).toBe(200);
    // an unknown code answers like a wrong secret
    expect((await track('JB2222222222', tip.secret)).status).toBe(404);
  });

  it('warns the intake officers before the 24-hour triage limit and escalates after it', async () => {
    const tip = await reportTip(report());
    type Item = { kind: string; title: string; subject: { kind: string; id: string } | null };
    await server.advance(21 * 3600_000);
    const warning = await server.waitFor(async () => ((await server.http.get('/api/inbox').set('Authorization', `Bearer ${intake.token}`)).body.items as Item[]).find((n) => n.kind === 'warning' && n.title.includes(tip.trackingCode)), 'the warning');
    await server.advance(4 * 3600_000);
    const escalation = await server.waitFor(async () => ((await server.http.get('/api/inbox').set('Authorization', `Bearer ${leader.token}`)).body.items as Item[]).find((n) => n.kind === 'escalation' && n.title.includes(tip.trackingCode)), 'the escalation');
    // each opens the case file of the tip
    expect([warning.subject, escalation.subject]).toEqual([{ kind: 'case-file', id: tip.pid }, { kind: 'case-file', id: tip.pid }]);
  });

  it('lets an intake officer register a tip taken by phone, for the caller to follow', async () => {
    const res = await server.http.post('/api/tips').set('Authorization', `Bearer ${intake.token}`).send({ ...report({ anonymous: false, complainant: { name: '来电人刘先生', phone: '13700137000' } }), channel: 'phone' });
    expect(res.status).toBe(201);
    expect((await track(res.body.trackingCode, res.body.secret)).body.stage).toBe('已受理');
    expect((await server.http.post('/api/tips').set('Authorization', `Bearer ${foreign.token}`).send({ ...report(), channel: 'phone' })).status).toBe(403);
    expect((await server.http.post('/api/tips').set('Authorization', `Bearer ${station.token}`).send({ ...report(), channel: 'phone' })).status).toBe(403);
    const bad = await server.http.post('/api/tips').set('Authorization', `Bearer ${intake.token}`).send({ ...report(), channel: 'fax' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['channel']);
  });

  it('refuses bad reports and bad tracking requests, naming what is wrong', async () => {
    const named = await server.http.post('/api/public/tips').send(report({ anonymous: false }));
    expect(named.status).toBe(400);
    expect(named.body.details.issues.map((i: { path: string }) => i.path)).toEqual(['complainant']);
    const bad = await server.http.post('/api/public/tips').send(report({ facts: '太短', regionCode: '1101', category: 'gossip', subject: { name: '', creditCode: '91350100M000100Y44' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['facts', 'regionCode', 'category', 'subject.name', 'subject.creditCode']));
    expect((await server.http.post('/api/public/tips').send(report({ regionCode: '110105' }))).status).toBe(400);
    expect((await server.http.get('/api/public/tips/not-a-code').set('X-Tip-Secret', 'x')).status).toBe(400);
    const noSecret = await server.http.get('/api/public/tips/JB2222222222');
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.details.issues[0].path).toBe('X-Tip-Secret');
    expect((await server.http.get('/api/tips/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${intake.token}`)).status).toBe(404);
    expect((await server.http.get('/api/tips/00000000-0000-4000-8000-000000000000')).status).toBe(401);
  });
});
