import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { completeTask, creditCode, draftWithDocuments, registerApplicant, residentId, waitForStatus } from '../../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

// whole procedures through HTTP with real workers, and a clock the test moves
jest.setTimeout(120_000);

const DAY = 24 * 3600_000;
// a party name that is a spreadsheet formula, with quotes and a comma: the CSV must quote it and defuse it
const FORMULA_PARTY = '=HYPERLINK("http://evil.example","点我"),广州';

let server: LicensingServer;
let leader: TestUser;
let shenzhenLeader: TestUser;
let admin: TestUser;
let caseOfficer: TestUser;
let colleague: TestUser;
let station: TestUser;
let filingOfficer: TestUser;
let examiner: TestUser;
let shenzhenCaseOfficer: TestUser;

const numbers = (items: Array<{ number: string }>) => items.map((i) => i.number);

/** What the test opened, by name. */
const opened: Record<string, { pid: string; number: string }> = {};

beforeAll(async () => {
  // Monday 2026-10-12, 10:00 in China
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  leader = await server.officer('leader-gz', ['leader-440100']);
  shenzhenLeader = await server.officer('leader-sz', ['leader-440300']);
  admin = await server.officer('admin-1', ['admin']);
  caseOfficer = await server.officer('case-gz', ['case-440100']);
  colleague = await server.officer('case-gz-2', ['case-440100']);
  station = await server.officer('station-tianhe', ['station-440106']);
  filingOfficer = await server.officer('filing-gz', ['filing-reviewer-440100']);
  examiner = await server.officer('guard-gz', ['guard-reviewer-440100']);
  shenzhenCaseOfficer = await server.officer('case-sz', ['case-440300']);

  // Guangzhou: two administrative cases (one claimed), a criminal case held by a colleague, a tip nobody triaged,
  // an inspection that ordered rectification within 10 days, one that found nothing, a recorded filing and an
  // issued guard certificate
  opened['caseA'] = await openCase(caseOfficer, FORMULA_PARTY, '440106');
  opened['caseB'] = await openCase(caseOfficer, '广州乙保安服务有限公司', '440104');
  await claim(caseOfficer, opened['caseB'].pid, 'Task_Investigate');
  opened['criminal'] = await openCriminalCase();
  await claim(colleague, opened['criminal'].pid, 'Task_FilingReview');
  opened['tip'] = await reportTip();
  opened['rectifying'] = await inspect({ inspectionResult: 'rectify', findingsText: '未与客户单位签订保安服务合同\n监控录像保存不足30日', rectificationDays: 10 });
  opened['compliant'] = await inspect({ inspectionResult: 'compliant' });
  await recordFiling();
  await issueGuardCertificate();
  // Shenzhen: one administrative case
  opened['shenzhen'] = await openCase(shenzhenCaseOfficer, '深圳丙保安服务有限公司', '440304');
  // every clock started by its worker, and those of the finished filing and certificate stopped
  const expected = [opened['caseA'], opened['caseB'], opened['criminal'], opened['tip'], opened['rectifying'], opened['shenzhen']].map((o) => o.number).sort();
  await server.waitFor(async () => JSON.stringify(numbers((await get(admin, '/clocks')).body.items).sort()) === JSON.stringify(expected), 'every clock started');

  // nine days later, Wednesday 2026-10-21 10:00: the tip's 24-hour triage and the criminal 3-day filing review are
  // overdue, the rectification (due 10-22) is in its warning period, the 30-day case clocks are still fine
  await server.advance(9 * DAY);
});

afterAll(async () => {
  await server?.close();
});

function get(user: TestUser, path: string, query: Record<string, unknown> = {}) {
  return server.http.get(`/api/supervision${path}`).query(query).set('Authorization', `Bearer ${user.token}`);
}

async function openCase(officer: TestUser, party: string, regionCode: string) {
  const res = await server.http.post('/api/cases').set('Authorization', `Bearer ${officer.token}`)
    .send({ party: { kind: 'unit', name: party }, regionCode, facts: `${party}未经备案在本市提供保安服务。` });
  expect(res.status).toBe(201);
  return { pid: res.body.processInstanceId as string, number: res.body.number as string };
}

async function openCriminalCase() {
  const res = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${caseOfficer.token}`)
    .send({ suspect: { name: '李某' }, regionCode: '440106', facts: '李某以保安公司名义非法拘禁他人，持续两日。' });
  expect(res.status).toBe(201);
  return { pid: res.body.processInstanceId as string, number: res.body.number as string };
}

async function claim(officer: TestUser, pid: string, taskKey: string) {
  const taskId = await server.waitForTask(pid, taskKey);
  expect((await server.http.post(`/api/workbench/tasks/${taskId}/claim`).set('Authorization', `Bearer ${officer.token}`).send({})).status).toBe(200);
}

async function reportTip() {
  const res = await server.http.post('/api/public/tips').send({
    anonymous: true, category: 'guard-misconduct', subject: { name: '某商场保安' }, regionCode: '440106',
    facts: '2026年10月10日晚，商场保安以搜身为由限制一名顾客离开，持续约半小时。',
  });
  expect(res.status).toBe(201);
  const code = res.body.trackingCode as string;
  const instance = await server.waitFor(async () => {
    const list = await server.http.get('/engine-rest/process-instance').query({ businessKey: code }).set('Authorization', server.engineAuthorization());
    return (list.body as Array<{ id: string }>)[0];
  }, 'the process of the tip');
  await server.waitForTask(instance.id, 'Task_Triage');
  return { pid: instance.id, number: code };
}

async function inspect(values: Record<string, unknown>) {
  const res = await server.http.post('/api/inspections').set('Authorization', `Bearer ${station.token}`).send({
    kind: 'random', unit: { name: '广州平安保安服务有限公司', creditCode: creditCode('91440101MA5CXXXX0') }, regionCode: '440106', inspectorGroup: 'station-440106',
  });
  expect(res.status).toBe(201);
  const pid = res.body.processInstanceId as string;
  const done = await completeTask(server, station, pid, 'Task_Inspect', {
    inspectedDate: '2026-10-12', inspectors: '陈警官、刘警官', checkedItems: ['contracts', 'cctv'], signedByUnit: true, ...values,
  });
  expect(done.status).toBe(200);
  const id = res.body.id as string;
  await server.waitFor(async () => {
    const view = await server.http.get(`/api/inspections/${id}`).set('Authorization', `Bearer ${station.token}`);
    return ['rectifying', 'closed'].includes(view.body.status) && (view.body.status === 'closed' || view.body.clocks.length > 0);
  }, 'the inspection recorded');
  return { pid, number: res.body.number as string };
}

async function recordFiling() {
  const applicant = await registerApplicant(server, 'zizhao1', { kind: 'in-house-employer' });
  const id = await draftWithDocuments(server, applicant, 'in-house-guard-filing', {
    unitName: '广州某物业服务有限公司', creditCode: creditCode('91440101MA5DYYYY1'), regionCode: '440106', unitType: 'property-service',
    legalRepresentative: '钱多多', responsibleManager: { name: '吴敏', residentId: residentId('44010619820606678'), phone: '13700137000' },
    serviceArea: '本公司管理的天河花园小区', serviceStartDate: '2026-10-01',
    guards: [{ name: '郑勇', residentId: residentId('44010619920707789'), certificateNumber: 'BA2025440100000201' }],
    contactPhone: '020-87654321',
  });
  const submitted = await server.http.post(`/api/applications/${id}/submit`).set('Authorization', `Bearer ${applicant.token}`);
  expect(submitted.status).toBe(200);
  expect((await completeTask(server, filingOfficer, submitted.body.processInstanceId, 'Task_FilingCheck', { filingDecision: 'record', filingReason: '符合备案条件' })).status).toBe(200);
  await waitForStatus(server, applicant.token, id, 'recorded');
}

async function issueGuardCertificate() {
  const unit = await registerApplicant(server, 'peixun', { kind: 'training-unit' });
  const id = await draftWithDocuments(server, unit, 'guard-certificate', {
    name: '林海', residentId: residentId('44010619950808123'), education: 'senior-middle', regionCode: '440106', householdAddress: '广东省广州市天河区某街1号',
    currentAddress: '广东省广州市天河区某街1号', healthCertified: true, phone: '13600136000',
  });
  const submitted = await server.http.post(`/api/applications/${id}/submit`).set('Authorization', `Bearer ${unit.token}`);
  expect(submitted.status).toBe(200);
  const pid = submitted.body.processInstanceId as string;
  expect((await completeTask(server, examiner, pid, 'Task_EligibilityReview', { screeningConfirmed: true, eligibilityDecision: 'eligible', eligibilityReason: '符合报考条件' })).status).toBe(200);
  expect((await completeTask(server, examiner, pid, 'Task_EnterExamResult', { examDate: '2026-10-12', examScore: 78 })).status).toBe(200);
  expect((await completeTask(server, examiner, pid, 'Task_CertificateDecision', { certificateDecision: 'issue', certificateReason: '考试合格，予以核发' })).status).toBe(200);
  await waitForStatus(server, unit.token, id, 'granted');
}

describe('GET /api/supervision/clocks', () => {
  it('lists every running clock of the leader’s jurisdiction, the nearest due first, with its colour, procedure and the officers holding it', async () => {
    // when
    const res = await get(leader, '/clocks');

    // then
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(5);
    expect(numbers(res.body.items.slice(0, 3))).toEqual([opened['tip']!.number, opened['criminal']!.number, opened['rectifying']!.number]);
    expect(numbers(res.body.items.slice(3)).sort()).toEqual([opened['caseA']!.number, opened['caseB']!.number].sort());
    expect(res.body.items.map((c: { colour: string }) => c.colour)).toEqual(['red', 'red', 'yellow', 'normal', 'normal']);
    const [tip, criminal, rectification] = res.body.items;
    expect(tip).toMatchObject({
      ruleId: 'C1', status: 'running', overdue: true, kind: 'tip', procedureKey: 'tip-verification', jurisdiction: '440106', procedureStatus: 'received',
      dueAt: '2026-10-13T02:00:00.000Z', responsibleGroup: 'tip-intake-440100',
      tasks: [expect.objectContaining({ activityId: 'Task_Triage', assignee: null, assigneeName: null, candidateGroups: ['tip-intake-440100'] })],
    });
    expect(criminal).toMatchObject({
      ruleId: 'KF', overdue: true, kind: 'criminal-case', party: '李某',
      tasks: [expect.objectContaining({ activityId: 'Task_FilingReview', assignee: 'case-gz-2', assigneeName: '警官case-gz-2', candidateGroups: ['case-440100'] })],
    });
    // the inspection waits for its deadline: no task is open
    expect(rectification).toMatchObject({ ruleId: 'I1', overdue: false, kind: 'inspection', dueAt: '2026-10-22T15:59:59.999Z', remaining: 2, unit: 'calendarDays', tasks: [] });
    const caseA = res.body.items.find((c: { number: string }) => c.number === opened['caseA']!.number);
    expect(caseA).toMatchObject({ ruleId: 'A7', party: FORMULA_PARTY, jurisdiction: '440106', procedureStatus: 'investigating', tasks: [expect.objectContaining({ assignee: null })] });
  });

  it('filters by colour, procedure kind, procedure, overdue, due date and jurisdiction, and pages', async () => {
    const count = async (query: Record<string, unknown>) => (await get(leader, '/clocks', query)).body.total;
    expect(await count({ colour: 'red' })).toBe(2);
    expect(await count({ colour: 'yellow' })).toBe(1);
    expect(await count({ colour: 'blue' })).toBe(0);
    expect(await count({ kind: 'admin-case' })).toBe(2);
    expect(await count({ procedure: 'criminal-case' })).toBe(1);
    expect(await count({ overdue: 'true' })).toBe(2);
    expect(await count({ overdue: 'false' })).toBe(3);
    expect(await count({ dueBefore: '2026-10-20T00:00:00+08:00' })).toBe(2);
    expect(await count({ jurisdiction: '440104' })).toBe(1);
    expect(await count({ jurisdiction: '440106' })).toBe(4);

    const page = await get(leader, '/clocks', { offset: 1, limit: 2 });
    expect(page.body.total).toBe(5);
    expect(numbers(page.body.items)).toEqual([opened['criminal']!.number, opened['rectifying']!.number]);
  });

  it('shows a Shenzhen leader only Shenzhen, and an administrator everything', async () => {
    const shenzhen = await get(shenzhenLeader, '/clocks');
    expect(shenzhen.status).toBe(200);
    expect(numbers(shenzhen.body.items)).toEqual([opened['shenzhen']!.number]);
    expect(shenzhen.body.items[0]).toMatchObject({ jurisdiction: '440304', colour: 'normal' });
    expect((await get(admin, '/clocks')).body.total).toBe(6);
  });
});

describe('GET /api/supervision/overdue and /soon-due', () => {
  it('groups the overdue clocks by jurisdiction and by the officer holding them, unassigned shown as such', async () => {
    // when
    const res = await get(leader, '/overdue');

    // then
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(numbers(res.body.items)).toEqual([opened['tip']!.number, opened['criminal']!.number]);
    expect(res.body.byJurisdiction).toEqual([{ key: '440106', name: null, count: 2 }]);
    expect(res.body.byOfficer).toEqual([{ key: 'case-gz-2', name: '警官case-gz-2', count: 1 }, { key: null, name: '未分配', count: 1 }]);
    expect(res.body.items[0].tasks[0].candidateGroups).toEqual(['tip-intake-440100']);
  });

  it('lists the clocks in their warning period as soon due', async () => {
    const res = await get(leader, '/soon-due');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 1, byJurisdiction: [{ key: '440106', count: 1 }], byOfficer: [{ key: null, name: '未分配', count: 1 }] });
    expect(numbers(res.body.items)).toEqual([opened['rectifying']!.number]);
  });

  it('groups an administrator’s lists by city, and shows Shenzhen nothing overdue', async () => {
    const all = await get(admin, '/overdue');
    expect(all.body.total).toBe(2);
    expect(all.body.byJurisdiction).toEqual([{ key: '440100', name: expect.stringContaining('广州'), count: 2 }]);
    const shenzhen = await get(shenzhenLeader, '/overdue');
    expect(shenzhen.body).toEqual({ total: 0, byJurisdiction: [], byOfficer: [], items: [] });
  });
});

describe('GET /api/supervision/figures', () => {
  it('counts the month’s inspections, problems, rectification orders, cases, filings and tips of the leader’s city', async () => {
    // when
    const res = await get(leader, '/figures', { from: '2026-10-01', to: '2026-10-31' });

    // then
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2026-10-01', to: '2026-10-31', jurisdiction: null, scopes: ['440100'], groupBy: [] });
    expect(res.body.totals).toEqual({
      'procedures-started': 8, 'inspections-done': 2, 'problems-found': 2, 'rectification-orders': 1, 'admin-cases-opened': 2, 'admin-cases-decided': 0,
      'criminal-cases-opened': 1, 'criminal-cases-closed': 0, 'permits-issued': 0, 'application-decisions': 2, 'filings-accepted': 1,
      'guard-certificates-issued': 1, 'tips-received': 1, 'tips-closed': 0,
    });
    expect(res.body.rows.find((r: { measure: string }) => r.measure === 'inspections-done')).toEqual({ measure: 'inspections-done', label: '开展检查次数', count: 2 });
  });

  it('breaks the figures down by procedure, stage, outcome, type and jurisdiction', async () => {
    const byProcedure = await get(leader, '/figures', { from: '2026-10-01', to: '2026-10-31', measures: 'procedures-started', groupBy: 'procedure' });
    expect(byProcedure.body.rows.map((r: { procedure: string; count: number }) => [r.procedure, r.count])).toEqual([
      ['administrative-case', 2], ['criminal-case', 1], ['guard-certificate', 1], ['in-house-guard-filing', 1], ['inspection', 2], ['tip-verification', 1],
    ]);
    const inspections = await get(leader, '/figures', { from: '2026-10-01', to: '2026-10-31', measures: 'inspections-done,problems-found', groupBy: 'stage,outcome,type' });
    expect(inspections.body.rows).toEqual([
      { measure: 'inspections-done', label: '开展检查次数', stage: 'closed', outcome: 'compliant', type: 'random', count: 1 },
      { measure: 'inspections-done', label: '开展检查次数', stage: 'rectifying', outcome: null, type: 'random', count: 1 },
      { measure: 'problems-found', label: '发现问题数', stage: 'rectifying', outcome: null, type: 'random', count: 2 },
    ]);
    const decisions = await get(leader, '/figures', { from: '2026-10-01', to: '2026-10-31', measures: 'application-decisions', groupBy: 'procedure,outcome' });
    expect(decisions.body.rows).toEqual([
      { measure: 'application-decisions', label: '许可与备案决定数', procedure: 'guard-certificate', outcome: 'granted', count: 1 },
      { measure: 'application-decisions', label: '许可与备案决定数', procedure: 'in-house-guard-filing', outcome: 'recorded', count: 1 },
    ]);
    const certificates = await get(leader, '/figures', { from: '2026-10-01', to: '2026-10-31', measures: 'guard-certificates-issued', groupBy: 'procedure,stage,jurisdiction' });
    expect(certificates.body.rows).toEqual([
      { measure: 'guard-certificates-issued', label: '核发保安员证', procedure: 'guard-certificate', stage: 'valid', jurisdiction: '440106', jurisdictionName: null, count: 1 },
    ]);
    const byJurisdiction = await get(leader, '/figures', { from: '2026-10-01', to: '2026-10-31', measures: 'admin-cases-opened', groupBy: 'jurisdiction' });
    expect(byJurisdiction.body.rows.map((r: { jurisdiction: string; count: number }) => [r.jurisdiction, r.count])).toEqual([['440104', 1], ['440106', 1]]);
    const criminal = await get(leader, '/figures', { from: '2026-10-01', to: '2026-10-31', measures: 'criminal-cases-opened', groupBy: 'stage' });
    expect(criminal.body.rows).toEqual([{ measure: 'criminal-cases-opened', label: '刑事案件立案审查数', stage: 'filing-review', count: 1 }]);
  });

  it('counts nothing outside the period or outside the caller’s jurisdiction', async () => {
    const september = await get(leader, '/figures', { from: '2026-09-01', to: '2026-09-30' });
    expect(Object.values(september.body.totals).every((n) => n === 0)).toBe(true);
    const shenzhen = await get(shenzhenLeader, '/figures', { from: '2026-10-01', to: '2026-10-31' });
    expect(shenzhen.body.totals).toMatchObject({ 'procedures-started': 1, 'admin-cases-opened': 1, 'inspections-done': 0, 'tips-received': 0, 'filings-accepted': 0 });
    const yuexiu = await get(leader, '/figures', { from: '2026-10-01', to: '2026-10-31', jurisdiction: '440104' });
    expect(yuexiu.body).toMatchObject({ jurisdiction: '440104', scopes: ['440104'] });
    expect(yuexiu.body.totals).toMatchObject({ 'procedures-started': 1, 'admin-cases-opened': 1, 'inspections-done': 0 });
  });
});

describe('CSV exports', () => {
  it('exports the clock list as UTF-8 CSV with a BOM, Chinese headers, RFC 4180 quoting and formulas defused', async () => {
    // when
    const res = await get(leader, '/clocks', { format: 'csv' });

    // then
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="supervision-clocks.csv"');
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    const lines = res.text.slice(1).split('\r\n');
    expect(lines[0]).toBe('预警颜色,是否超期,到期时间,剩余,单位,期限,计时状态,程序类别,程序,编号,当事人,辖区代码,办理状态,当前任务,办理人,候选组,责任组');
    expect(lines).toHaveLength(7); // header, five clocks, and the empty string after the last CRLF
    expect(lines[6]).toBe('');
    expect(lines[1]).toMatch(new RegExp(`^红色（超期）,是,2026-10-13 10:00,-?\\d+(\\.\\d+)?,小时,[^,]+,计时中,投诉举报,tip-verification,${opened['tip']!.number},某商场保安,440106,received,受理分流,未签收,tip-intake-440100,tip-intake-440100$`));
    expect(lines[3]).toContain(`黄色（临期）,否,2026-10-22 23:59,2,日,`);
    // the party's formula is quoted (it holds quotes and a comma) and starts with a single quote
    const formulaLine = lines.find((l) => l.includes(opened['caseA']!.number));
    expect(formulaLine).toContain(`,"'=HYPERLINK(""http://evil.example"",""点我""),广州",440106,`);
  });

  it('answers Accept: text/csv with CSV, and exports a due list by officer or by jurisdiction', async () => {
    const items = await get(leader, '/overdue').set('Accept', 'text/csv');
    expect(items.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(items.text.slice(1).split('\r\n')).toHaveLength(4);
    const byOfficer = await get(leader, '/overdue', { format: 'csv', rows: 'officer' });
    expect(byOfficer.headers['content-disposition']).toBe('attachment; filename="supervision-overdue-by-officer.csv"');
    expect(byOfficer.text).toBe('\uFEFF办理人账号,办理人,数量\r\ncase-gz-2,警官case-gz-2,1\r\n,未分配,1\r\n');
    const byJurisdiction = await get(leader, '/soon-due', { format: 'csv', rows: 'jurisdiction' });
    expect(byJurisdiction.text).toBe('\uFEFF辖区代码,辖区,数量\r\n440106,,1\r\n');
    // format=json wins over the Accept header
    expect((await get(leader, '/overdue', { format: 'json' }).set('Accept', 'text/csv')).body.total).toBe(2);
  });

  it('exports the figures with one column per dimension asked for', async () => {
    const res = await get(leader, '/figures', { from: '2026-10-01', to: '2026-10-31', measures: 'admin-cases-opened,rectification-orders', groupBy: 'jurisdiction,month', format: 'csv' });
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    // figures in report order: rectification orders before administrative cases
    expect(res.text).toBe('\uFEFF指标,辖区代码,辖区,月份,数量\r\n责令整改通知书,440106,,2026-10,1\r\n行政案件受案数,440104,,2026-10,1\r\n行政案件受案数,440106,,2026-10,1\r\n');
  });
});

describe('who may supervise', () => {
  it('refuses officers without supervision.read, and leaders asking for a jurisdiction outside theirs, with 403', async () => {
    for (const path of ['/clocks', '/overdue', '/soon-due', '/figures']) {
      const res = await get(caseOfficer, path);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(res.body.message).toContain('supervision.read');
    }
    const foreign = await get(leader, '/clocks', { jurisdiction: '440300' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toBe('Jurisdiction 440300 is outside yours (440100): you supervise only your jurisdiction and below');
    expect((await get(leader, '/figures', { jurisdiction: '440000' })).status).toBe(403);
    expect((await get(shenzhenLeader, '/overdue', { jurisdiction: '440106', format: 'csv' })).status).toBe(403);
    expect((await server.http.get('/api/supervision/clocks')).status).toBe(401);
  });

  it('answers bad parameters with 400 naming each of them', async () => {
    const paths = async (path: string, query: Record<string, unknown>) => {
      const res = await get(leader, path, query);
      expect(res.status).toBe(400);
      return res.body.details.issues.map((i: { path: string }) => i.path).sort();
    };
    expect(await paths('/clocks', { colour: 'purple', limit: 0, overdue: 'yes', dueBefore: 'tomorrow' })).toEqual(['colour', 'dueBefore', 'limit', 'overdue']);
    expect(await paths('/clocks', { jurisdiction: '4401', kind: 'permit', format: 'xlsx' })).toEqual(['format', 'jurisdiction', 'kind']);
    expect(await paths('/overdue', { rows: 'month' })).toEqual(['rows']);
    const unknown = await get(leader, '/soon-due', { colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('colour');
    expect(await paths('/figures', { groupBy: 'jurisdiction,week', measures: 'arrests', from: '2026-13-01' })).toEqual(['from', 'groupBy', 'measures']);
    expect(await paths('/figures', { from: '2026-10-31', to: '2026-10-01' })).toEqual(['to']);
  });
});

describe('months in China time', () => {
  it('counts an event of 00:30 on 1 November in China under November, though it is still October in UTC', async () => {
    // given: 2026-10-31T16:30Z is 2026-11-01 00:30 in China
    await server.advanceTo(new Date('2026-10-31T16:30:00Z'));
    const november = await openCase(caseOfficer, '广州丁保安服务有限公司', '440106');

    // when
    const res = await get(leader, '/figures', { from: '2026-10-01', to: '2026-11-30', measures: 'admin-cases-opened', groupBy: 'month' });

    // then
    expect(november.number).toBeTruthy();
    expect(res.body.rows).toEqual([
      { measure: 'admin-cases-opened', label: '行政案件受案数', month: '2026-10', count: 2 },
      { measure: 'admin-cases-opened', label: '行政案件受案数', month: '2026-11', count: 1 },
    ]);
    expect((await get(leader, '/figures', { from: '2026-10-01', to: '2026-10-31', measures: 'admin-cases-opened' })).body.totals).toEqual({ 'admin-cases-opened': 2 });
  });
});
