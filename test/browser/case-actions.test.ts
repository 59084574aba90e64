import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { TestUser } from '../helpers/auth.js';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import { completeTask, draftWithDocuments, registerApplicant, residentId, waitForStatus, type Applicant } from '../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

// whole procedures through HTTP with the real workers, then the browser
jest.setTimeout(150_000);

describeInBrowser('case actions')('what officers record on the case file and the certificate lookup, in a real browser', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let caseOfficer: TestUser;
  let leader: TestUser;
  let reviewer: TestUser;
  let unit: Applicant;

  beforeAll(async () => {
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
    caseOfficer = await server.officer('case-act', ['case-440100']);
    leader = await server.officer('leader-act', ['leader-440100']);
    reviewer = await server.officer('guard-act', ['guard-reviewer-440100']);
    unit = await registerApplicant(server, 'peixun-act', { kind: 'training-unit' });
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const signIn = async (user: TestUser): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel(/用户名|Username/).fill(user.id);
    await page.getByLabel(/密码|Password/).fill(user.password);
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    return page;
  };

  const api = (user: TestUser) => ({
    get: (path: string) => server.http.get(path).set('Authorization', `Bearer ${user.token}`),
    post: (path: string, body: object) => server.http.post(path).set('Authorization', `Bearer ${user.token}`).send(body),
  });

  const complete = async (user: TestUser, pid: string, key: string, values: Record<string, unknown>) => {
    const res = await completeTask(server, user, pid, key, values);
    expect(res.status).toBe(200);
  };

  type Clock = { name: string; startedAt: string; dueAt: string; status: string };
  const clockOf = (record: { clocks: Clock[] }, name: string) => record.clocks.filter((c) => c.name === name).at(-1);

  /** A guard registered by the training unit and submitted: its application and process. */
  const registerGuard = async (name: string, prefix: string) => {
    const id = residentId(prefix);
    const appId = await draftWithDocuments(server, unit, 'guard-certificate', {
      name, residentId: id, education: 'senior-middle', regionCode: '440106', householdAddress: '广东省广州市天河区某街1号',
      currentAddress: '广东省广州市天河区某街1号', healthCertified: true, phone: '13600136000',
    });
    const submitted = await server.http.post(`/api/applications/${appId}/submit`).set('Authorization', `Bearer ${unit.token}`);
    expect(submitted.status).toBe(200);
    return { appId, pid: submitted.body.processInstanceId as string, residentId: id };
  };

  it('lets a leader record the approval of a longer time limit on an administrative case, and shows the longer clock', async () => {
    const opened = await api(caseOfficer).post('/api/cases', { party: { kind: 'unit', name: '广州延期保安服务有限公司' }, regionCode: '440106', facts: '该公司未经备案在本市提供保安服务，案情复杂。' });
    expect(opened.status).toBe(201);
    const { id, processInstanceId } = opened.body as { id: string; processInstanceId: string };
    await server.waitForTask(processInstanceId, 'Task_Investigate');
    const before = clockOf((await api(leader).get(`/api/cases/${id}`)).body, 'case') as Clock;

    // the case officer reads the case file but records no extension: only leaders do
    const officerPage = await signIn(caseOfficer);
    try {
      await officerPage.goto(`${baseUrl}/case-files/${processInstanceId}`);
      await officerPage.locator('.case-file-details').waitFor();
      expect(await officerPage.locator('[data-action-card="extension"]').count()).toBe(0);
    } finally {
      await officerPage.context().close();
    }

    const page = await signIn(leader);
    try {
      await page.goto(`${baseUrl}/case-files/${processInstanceId}`);
      const card = page.locator('[data-action-card="extension"]');
      await card.waitFor();
      const clockBefore = await page.locator('.case-file-clocks [data-clock="case"]').innerText();
      // the form asks for what the law requires before anything is sent
      await card.locator('[data-action="extend"]').click();
      await card.getByText('请填写批准延长的上一级公安机关').waitFor();
      await card.getByLabel('批准机关').fill('广州市公安局');
      await card.getByLabel('批准文书文号').fill('穗公延〔2026〕12号');
      await card.locator('[data-action="extend"]').click();

      // the clock is longer, and the case file says the time limit is extended once and for all: who approved it, by which document, who recorded it and when
      await page.locator('[data-extended="true"]').waitFor();
      expect((await api(leader).get(`/api/cases/${id}`)).body.extension).toMatchObject({ approvedBy: '广州市公安局', approvalDocument: '穗公延〔2026〕12号', by: leader.id });
      const recorded = await card.locator('[data-extended="true"]').innerText();
      expect(recorded).toContain(`经广州市公安局批准（穗公延〔2026〕12号），由 ${leader.id} 于 `);
      expect(recorded).toMatch(/于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2} 登记延长办案期限。$/);
      const after = clockOf((await api(leader).get(`/api/cases/${id}`)).body, 'case') as Clock;
      expect(Date.parse(after.dueAt) - Date.parse(before.dueAt)).toBeGreaterThanOrEqual(28 * 86_400_000);
      await page.waitForFunction(`document.querySelector('.case-file-clocks [data-clock="case"]')?.textContent !== ${JSON.stringify(clockBefore)}`);
      expect(await page.locator('[data-action="extend"]').count()).toBe(0);
      await web.screenshot(page, 'case-actions-extension');
    } finally {
      await page.context().close();
    }
  });

  it('records the procuratorate\'s approval of an arrest, later an extension of investigative custody, and its return of the case for supplementary investigation on a criminal case', async () => {
    const opened = await api(caseOfficer).post('/api/criminal-cases', { suspect: { name: '钱某', residentId: residentId('44010619900303123') }, regionCode: '440106', facts: '钱某在执勤中非法拘禁他人，致人轻伤。' });
    expect(opened.status).toBe(201);
    const { id, processInstanceId: pid } = opened.body as { id: string; processInstanceId: string };
    await complete(caseOfficer, pid, 'Task_FilingReview', { filingDecision: 'file', filingReason: '有犯罪事实，需要追究刑事责任' });
    await complete(caseOfficer, pid, 'Task_Measure', { measure: 'detention', approvedBy: '分局局长', measureReason: '现行犯，有逃跑可能' });
    await complete(caseOfficer, pid, 'Task_DetentionFormalities', { transferredToCentre: true, familyNotified: 'yes', interrogated: true });
    await complete(caseOfficer, pid, 'Task_ArrestRequest', { arrestRequest: 'request', procuratorate: '广州市天河区人民检察院', requestReason: '证据确实，提请批准逮捕' });
    await server.waitForTask(pid, 'Receive_ProcuratorateDecision');

    const page = await signIn(caseOfficer);
    try {
      await page.goto(`${baseUrl}/case-files/${pid}`);
      const arrest = page.locator('form[data-form="arrest"]');
      await arrest.waitFor();
      await arrest.getByText('批准逮捕', { exact: true }).click();
      await arrest.getByLabel('决定书文号').fill('穗天检捕〔2026〕101号');
      await arrest.getByLabel('决定日期').fill('2026-10-12');
      await web.screenshot(page, 'case-actions-arrest');
      await arrest.locator('[data-action="record-arrest"]').click();

      // the case moves on to investigative custody after arrest: its clock runs and an extension is offered
      const custody = page.locator('form[data-form="custody"]');
      await custody.waitFor({ timeout: 30_000 });
      expect(((await api(caseOfficer).get(`/api/criminal-cases/${id}`)).body as { status: string }).status).toBe('arrested');
      await page.locator('.case-file-clocks [data-clock="custody"]').waitFor();
      const before = clockOf((await api(caseOfficer).get(`/api/criminal-cases/${id}`)).body, 'custody') as Clock;

      // the first extension falls under Art 156: only its ground is offered
      // (the case file reloads once the case moved on; open the choice when the page is quiet)
      await page.waitForLoadState('networkidle');
      await custody.locator('.ant-select').click();
      const options = page.locator('.ant-select-dropdown .ant-select-item-option');
      const art156 = options.filter({ hasText: '案情复杂、期限届满不能终结（第一百五十六条）' });
      await art156.waitFor();
      expect(await options.filter({ hasText: /第一百五十八条|第一百五十九条/ }).count()).toBe(0);
      expect(await options.count()).toBe(1);
      await art156.click();
      await custody.locator('.ant-select-selection-item', { hasText: '第一百五十六条' }).waitFor();
      await custody.getByLabel('作出决定的人民检察院').fill('广州市人民检察院');
      await custody.getByLabel('决定书文号').fill('穗检延羁〔2026〕7号');
      // a decision dated after today is refused by the server, beside the date
      await custody.getByLabel('决定日期').fill('2026-10-20');
      await custody.locator('[data-action="record-custody"]').click();
      await custody.locator('.ant-form-item').filter({ has: page.getByLabel('决定日期') }).locator('.ant-form-item-explain-error').waitFor();
      await web.screenshot(page, 'case-actions-custody-refused');
      await custody.getByLabel('决定日期').fill('2026-10-12');
      await custody.locator('[data-action="record-custody"]').click();

      await page.locator('[data-decision="e1"]').waitFor({ timeout: 30_000 });
      const after = clockOf((await api(caseOfficer).get(`/api/criminal-cases/${id}`)).body, 'custody') as Clock;
      expect(Date.parse(after.dueAt)).toBeGreaterThan(Date.parse(before.dueAt) + 27 * 86_400_000);
      // the second extension would fall under Art 158, and the timeline shows the arrest
      await page.locator('form[data-form="custody"]').getByText(/第2次延长依刑事诉讼法第158条/).waitFor();
      await web.screenshot(page, 'case-actions-custody');

      // transferred for prosecution, the case waits for the procuratorate's decision, offered on the same case file
      await complete(caseOfficer, pid, 'Task_EndInvestigationInCustody', {
        investigationOutcome: 'transfer-prosecution', procuratorate: '广州市天河区人民检察院', charge: '非法拘禁罪',
        establishedFacts: '2026年10月1日钱某在执勤中将顾客关押于保安室十小时\n致顾客轻伤', evidenceList: '被害人陈述\n伤情鉴定意见书', endReason: '犯罪事实清楚，证据确实充分',
      });
      await server.waitForTask(pid, 'Receive_ProsecutionDecision');
      await page.reload();
      const prosecution = page.locator('form[data-form="prosecution"]');
      await prosecution.waitFor();
      await prosecution.getByText('退回补充侦查', { exact: true }).click();
      await prosecution.getByLabel('作出决定的人民检察院').fill('广州市天河区人民检察院');
      await prosecution.getByLabel('决定书文号').fill('穗天检补侦〔2026〕5号');
      await prosecution.getByLabel('决定日期').fill('2026-10-12');
      await prosecution.getByLabel('理由').fill('补充侦查提纲：查明被害人伤情形成过程');
      await prosecution.locator('[data-action="record-prosecution"]').click();
      await page.locator('[data-decision="p1"]').getByText('退回补充侦查').waitFor({ timeout: 30_000 });
      expect(((await api(caseOfficer).get(`/api/criminal-cases/${id}`)).body as { status: string }).status).toBe('supplementary-investigation');
      await web.screenshot(page, 'case-actions-prosecution');
    } finally {
      await page.context().close();
    }
  });

  it('shows a permit reviewer the application\'s data and its uploaded documents on its case file, and downloads one', async () => {
    const guard = await registerGuard('周立', '44010619960606123');
    const page = await signIn(reviewer);
    try {
      await page.goto(`${baseUrl}/case-files/${guard.pid}`);
      const data = page.locator('.case-file-application .application-data');
      await data.locator('input').first().waitFor();
      const values: string[] = [];
      const editable: string[] = [];
      for (const input of await data.locator('input[type="text"], textarea').all()) {
        const value = await input.inputValue();
        values.push(value);
        // read-only: the reviewer reads, the applicant writes
        if (await input.isEditable()) editable.push(value);
      }
      expect(values).toEqual(expect.arrayContaining(['周立', guard.residentId]));
      expect(editable).toEqual([]);

      const documents = page.locator('.case-file-application-documents');
      const first = documents.locator('[data-download]').first();
      await first.waitFor();
      const [downloaded] = await Promise.all([page.waitForEvent('download'), first.click()]);
      expect(downloaded.suggestedFilename()).toMatch(/\.pdf$/);
      await web.screenshot(page, 'case-actions-application');
    } finally {
      await page.context().close();
    }
  });

  it('lets a permit reviewer propose revoking a valid guard certificate from the lookup, with the server\'s field error beside the field first', async () => {
    const guard = await registerGuard('吴刚', '44010619970707123');
    await complete(reviewer, guard.pid, 'Task_EligibilityReview', { screeningConfirmed: true, eligibilityDecision: 'eligible', eligibilityReason: '符合报考条件' });
    await complete(reviewer, guard.pid, 'Task_EnterExamResult', { examDate: '2026-10-20', examScore: 80 });
    await complete(reviewer, guard.pid, 'Task_CertificateDecision', { certificateDecision: 'issue', certificateReason: '考试合格，予以核发' });
    await waitForStatus(server, unit.token, guard.appId, 'granted');

    const page = await signIn(reviewer);
    try {
      await page.goto(`${baseUrl}/desk/certificates`);
      await page.getByLabel('公民身份号码', { exact: true }).fill(guard.residentId);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.locator('[data-action="revoke"]').click();
      const proposal = page.locator('.revocation-proposal');
      await proposal.locator('.fjs-form-field-select').waitFor();

      await proposal.locator('.fjs-form-field-select').click();
      await proposal.locator('.fjs-dropdownlist-item', { hasText: '扣押、没收他人证件、财物' }).click();
      // one character once the server trims what it is sent: the server refuses it, beside the field
      await proposal.getByLabel(/违法事实/).fill(' 扣');
      await proposal.locator('[data-action="propose-revocation"]').click();
      const factsField = proposal.locator('.fjs-form-field').filter({ has: page.getByLabel(/违法事实/) });
      await factsField.locator('.fjs-form-field-error').waitFor();
      // the server's words (it trims what it is sent), not form-js's own 至少需 2 个字符
      await page.waitForFunction(`(() => { const text = document.querySelector('.revocation-proposal .fjs-form-field-error')?.textContent ?? ''; return /2/.test(text) && !/至少需/.test(text); })()`);
      await web.screenshot(page, 'case-actions-revocation-refused');

      await proposal.getByLabel(/违法事实/).fill('2026年10月1日在某小区扣押业主身份证件');
      await proposal.locator('[data-action="propose-revocation"]').click();
      await page.locator('[data-proposed]').waitFor();
      const pid = await page.locator('[data-proposed]').getAttribute('data-proposed');
      expect(pid).toBeTruthy();
      const running = (await server.http.get('/engine-rest/process-instance').query({ processDefinitionKey: 'guard-certificate-revocation' }).set('Authorization', server.engineAuthorization())).body as Array<{ id: string }>;
      expect(running.map((p) => p.id)).toContain(pid);
      await web.screenshot(page, 'case-actions-revocation');

      // the proposal offers its case file: the certificate's number, the guard as party, the facts and where it stands
      const certificateNumber = (await page.locator('.revocation-proposal').textContent())?.match(/BA\d+/)?.[0] as string;
      await page.locator('[data-action="open-case-file"]').click();
      await page.waitForURL((url) => url.pathname === `/case-files/${pid}`);
      await page.locator('.case-file[data-kind="revocation"] .case-file-title').getByText(certificateNumber).waitFor();
      await page.locator('.case-file-header').getByText('吊销保安员证').first().waitFor();
      await page.locator('.case-file-summary [data-status="proposed"]').getByText('审批中').waitFor();
      await page.locator('.case-file-parties .party-details').getByText('吴刚').waitFor();
      await page.locator('.case-file-details').getByText('2026年10月1日在某小区扣押业主身份证件').waitFor();
      await page.locator('.case-file-details').getByText('扣押、没收他人证件、财物').waitFor();
      await page.locator('.case-file-stage').getByText('吊销审批').waitFor();
      await web.screenshot(page, 'case-actions-revocation-case-file');

      // and 我发起的 lists it with its kind; its row opens the same case file
      await page.goto(`${baseUrl}/started?number=${encodeURIComponent(certificateNumber)}`);
      const row = page.locator(`tr[data-row-key="${pid}"]`);
      await row.getByText('吊销保安员证').waitFor();
      await row.click();
      await page.waitForURL((url) => url.pathname === `/case-files/${pid}`);
      await page.locator('.case-file-parties .party-details').getByText('吴刚').waitFor();
    } finally {
      await page.context().close();
    }
  });
});
