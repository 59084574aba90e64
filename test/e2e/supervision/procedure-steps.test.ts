import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers, and a clock the test moves
jest.setTimeout(120_000);

const DAY = 24 * 3600_000;

let server: LicensingServer;
let leader: TestUser;
let shenzhenLeader: TestUser;
let admin: TestUser;
let caseOfficer: TestUser;
let shenzhenCaseOfficer: TestUser;
let manager: TestUser;

/** What the test opened, by name. */
const opened = {} as Record<'tianhe' | 'yuexiu' | 'criminal' | 'shenzhen', { pid: string; number: string }>;

beforeAll(async () => {
  // Monday 2026-10-12, 10:00 in China
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  leader = await server.officer('leader-steps-gz', ['leader-440100']);
  shenzhenLeader = await server.officer('leader-steps-sz', ['leader-440300']);
  admin = await server.officer('admin-steps', ['admin']);
  caseOfficer = await server.officer('case-steps-gz', ['case-440100']);
  shenzhenCaseOfficer = await server.officer('case-steps-sz', ['case-440300']);
  manager = await server.officer('manager-steps', ['process-manager']);

  // Guangzhou: two administrative cases under investigation (one claimed) and a criminal case in filing review;
  // Shenzhen: one administrative case under investigation
  opened['tianhe'] = await openCase(caseOfficer, '广州天河甲保安服务有限公司', '440106');
  opened['yuexiu'] = await openCase(caseOfficer, '广州越秀乙保安服务有限公司', '440104');
  opened['criminal'] = await openCriminalCase();
  opened['shenzhen'] = await openCase(shenzhenCaseOfficer, '深圳丙保安服务有限公司', '440304');
  for (const [name, key] of [['tianhe', 'Task_Investigate'], ['yuexiu', 'Task_Investigate'], ['criminal', 'Task_FilingReview'], ['shenzhen', 'Task_Investigate']] as const) {
    await server.waitForTask(opened[name].pid, key);
  }
  const claimed = await server.waitForTask(opened['yuexiu'].pid, 'Task_Investigate');
  expect((await server.http.post(`/api/workbench/tasks/${claimed}/claim`).set('Authorization', `Bearer ${caseOfficer.token}`).send({})).status).toBe(200);
  // every clock started by its worker
  await server.waitFor(async () => (await server.http.get('/api/supervision/clocks').set('Authorization', `Bearer ${admin.token}`)).body.total >= 4, 'every clock started');

  // nine days later, Wednesday 2026-10-21: the criminal case's 3-day filing review is overdue, the 30-day case clocks are not
  await server.advance(9 * DAY);
});

afterAll(async () => {
  await server?.close();
});

function steps(user: TestUser, key: string, query: Record<string, unknown> = {}) {
  return server.http.get(`/api/supervision/procedures/${key}/steps`).query(query).set('Authorization', `Bearer ${user.token}`);
}

async function openCase(officer: TestUser, party: string, regionCode: string) {
  const res = await server.http.post('/api/cases').set('Authorization', `Bearer ${officer.token}`)
    .send({ party: { kind: 'unit', name: party }, regionCode, facts: `${party}未经备案在本市提供保安服务。` });
  expect(res.status).toBe(201);
  return { pid: res.body.processInstanceId as string, number: res.body.number as string };
}

async function openCriminalCase() {
  const res = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${caseOfficer.token}`)
    .send({ suspect: { name: '王某' }, regionCode: '440106', facts: '王某以保安公司名义非法拘禁他人，持续两日。' });
  expect(res.status).toBe(201);
  return { pid: res.body.processInstanceId as string, number: res.body.number as string };
}

const numbersAt = (body: { steps: Array<{ activityId: string; cases: Array<{ number: string }> }> }, activityId: string) =>
  body.steps.find((s) => s.activityId === activityId)?.cases.map((c) => c.number).sort() ?? [];

describe('GET /api/supervision/procedures/:key/steps', () => {
  it('counts the open cases of the leader’s jurisdiction at the step where they wait, with who holds them, beside the procedure’s diagram', async () => {
    // when
    const res = await steps(leader, 'administrative-case');

    // then: both Guangzhou cases wait at the investigation, Shenzhen's is not counted
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ procedureKey: 'administrative-case', name: '行政案件', jurisdiction: null, scopes: ['440100'], total: 2 });
    expect(res.body.xml).toContain('id="Task_Investigate"');
    expect(res.body.steps).toHaveLength(1);
    const investigate = res.body.steps[0];
    expect(investigate).toMatchObject({ activityId: 'Task_Investigate', count: 2 });
    expect(numbersAt(res.body, 'Task_Investigate')).toEqual([opened['tianhe'].number, opened['yuexiu'].number].sort());
    const yuexiu = investigate.cases.find((c: { number: string }) => c.number === opened['yuexiu'].number);
    expect(yuexiu).toMatchObject({ kind: 'admin-case', party: '广州越秀乙保安服务有限公司', procedureStatus: 'investigating', jurisdiction: '440104', assignee: caseOfficer.id, processInstanceId: opened['yuexiu'].pid });
    expect(yuexiu.taskId).toBe(await server.waitForTask(opened['yuexiu'].pid, 'Task_Investigate'));
    const tianhe = investigate.cases.find((c: { number: string }) => c.number === opened['tianhe'].number);
    expect(tianhe.assignee).toBeNull();
  });

  it('colours a step by the worst clock of the cases waiting there, as the clock list colours them', async () => {
    const res = await steps(leader, 'criminal-case');
    expect(res.status).toBe(200);
    const review = res.body.steps.find((s: { activityId: string }) => s.activityId === 'Task_FilingReview');
    expect(review).toMatchObject({ count: 1, colour: 'red', colours: { normal: 0, blue: 0, yellow: 0, red: 1, none: 0 } });
    expect(review.cases[0]).toMatchObject({ number: opened['criminal'].number, colour: 'red', overdue: true });

    // the investigation clocks have 30 days: the same colour as /clocks gives them, none overdue
    const clocks = await server.http.get('/api/supervision/clocks').query({ procedure: 'administrative-case' }).set('Authorization', `Bearer ${leader.token}`);
    const colourOf = new Map<string, string>(clocks.body.items.map((c: { number: string; colour: string }) => [c.number, c.colour]));
    const investigate = (await steps(leader, 'administrative-case')).body.steps[0];
    for (const waiting of investigate.cases) {
      expect(waiting.colour).toBe(colourOf.get(waiting.number));
      expect(waiting.overdue).toBe(false);
    }
  });

  it('counts only the jurisdiction asked for, shows a Shenzhen leader only Shenzhen, and an administrator everything', async () => {
    const yuexiu = await steps(leader, 'administrative-case', { jurisdiction: '440104' });
    expect(yuexiu.body.total).toBe(1);
    expect(numbersAt(yuexiu.body, 'Task_Investigate')).toEqual([opened['yuexiu'].number]);

    const shenzhen = await steps(shenzhenLeader, 'administrative-case');
    expect(numbersAt(shenzhen.body, 'Task_Investigate')).toEqual([opened['shenzhen'].number]);
    expect((await steps(shenzhenLeader, 'criminal-case')).body).toMatchObject({ total: 0, steps: [] });

    const everything = await steps(admin, 'administrative-case');
    expect(numbersAt(everything.body, 'Task_Investigate')).toEqual([opened['tianhe'].number, opened['yuexiu'].number, opened['shenzhen'].number].sort());
  });

  it('refuses officers without supervision.read and jurisdictions outside the leader’s with 403, unknown procedures with 404, bad parameters with 400', async () => {
    const officer = await steps(caseOfficer, 'administrative-case');
    expect(officer.status).toBe(403);
    expect(officer.body.message).toContain('supervision.read');
    const foreign = await steps(leader, 'administrative-case', { jurisdiction: '440300' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('FORBIDDEN');
    expect((await server.http.get('/api/supervision/procedures/administrative-case/steps')).status).toBe(401);

    const unknown = await steps(leader, 'no-such-procedure');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('NOT_FOUND');
    // the example 示例：问候 is deployed, but it is no business procedure: leaders and administrators do not look into it
    for (const user of [leader, admin]) {
      const example = await steps(user, 'example-greeting');
      expect(example.status).toBe(404);
      expect(example.body.code).toBe('NOT_FOUND');
    }

    const bad = await steps(leader, 'administrative-case', { jurisdiction: '4401', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/jurisdiction|colour/);
  });
});

describe('GET /api/supervision/procedures', () => {
  it('lists every deployed business procedure once, at its newest version, whether or not a case of it is open', async () => {
    const res = await server.http.get('/api/supervision/procedures').set('Authorization', `Bearer ${leader.token}`);
    expect(res.status).toBe(200);
    const keys = (res.body as Array<{ key: string }>).map((p) => p.key);
    // the procedures the project deploys, among them some without any open case (吊销保安员证, the filings)
    expect(keys).toEqual(expect.arrayContaining([
      'administrative-case', 'criminal-case', 'cross-region-service-filing', 'guard-certificate', 'guard-certificate-revocation',
      'in-house-guard-filing', 'inspection', 'security-company-permit', 'tip-verification',
    ]));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual([...keys].sort());
    expect(res.body).toContainEqual({ key: 'administrative-case', name: '行政案件', version: (await steps(leader, 'administrative-case')).body.version });
  });

  it('lists exactly the business procedures, not the example 示例：问候, which the managers’ 流程管理 still lists', async () => {
    // given: the example is deployed — the process managers' list of process models has it
    const models = await server.http.get('/api/process-models').set('Authorization', `Bearer ${manager.token}`);
    expect(models.status).toBe(200);
    expect((models.body as Array<{ key: string }>).map((m) => m.key)).toContain('example-greeting');

    for (const user of [leader, admin]) {
      // when
      const res = await server.http.get('/api/supervision/procedures').set('Authorization', `Bearer ${user.token}`);

      // then: the nine business procedures, by key, and nothing else
      expect(res.status).toBe(200);
      expect((res.body as Array<{ key: string }>).map((p) => p.key)).toEqual([
        'administrative-case', 'criminal-case', 'cross-region-service-filing', 'guard-certificate', 'guard-certificate-revocation',
        'in-house-guard-filing', 'inspection', 'security-company-permit', 'tip-verification',
      ]);
    }
  });

  it('refuses officers without supervision.read with 403 and anonymous callers with 401', async () => {
    const officer = await server.http.get('/api/supervision/procedures').set('Authorization', `Bearer ${caseOfficer.token}`);
    expect(officer.status).toBe(403);
    expect(officer.body.code).toBe('FORBIDDEN');
    expect((await server.http.get('/api/supervision/procedures')).status).toBe(401);
  });
});
