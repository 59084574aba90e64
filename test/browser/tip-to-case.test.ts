import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import type { TestUser } from '../helpers/auth.js';
import { PDF } from '../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

/** A 1×1 PNG: what a phone's photo of the scene stands for. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describeInBrowser('a tip becoming a case')('a tip from the public portal to a closed administrative case, in real browsers', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let intake: TestUser;
  let station: TestUser;
  let caseOfficer: TestUser;
  let legalOfficer: TestUser;
  let leader: TestUser;

  beforeAll(async () => {
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
    intake = await server.officer('intake-t2c', ['tip-intake-440100']);
    station = await server.officer('station-t2c', ['station-440106']);
    caseOfficer = await server.officer('case-t2c', ['case-440100']);
    legalOfficer = await server.officer('legal-t2c', ['legal-440100']);
    leader = await server.officer('leader-t2c', ['leader-440100']);
    // the first pass of the new-task announcements only notes the time; later passes announce what arrived since
    await server.licensing.taskArrivals.runOnce();
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const item = (page: Page, label: string) => page.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: label }) });
  const choose = async (page: Page, label: string, option: string) => {
    await item(page, label).locator('.ant-select-selector').click();
    await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`).click();
  };
  const operation = (page: Page, name: string) => page.locator(`.operation-buttons button[data-operation="${name}"]`);

  const signIn = async (context: BrowserContext, user: TestUser): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel(/用户名|Username/).fill(user.id);
    await page.getByLabel(/密码|Password/).fill(user.password);
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
    await page.waitForURL(`${baseUrl}/todo`);
    return page;
  };

  /** Opens a task from 待办 (its row, found by the case's number) and waits for the task page. */
  const openFromTodo = async (page: Page, number: string, taskId: string) => {
    await page.goto(`${baseUrl}/todo?number=${encodeURIComponent(number)}`);
    await page.locator(`tr[data-row-key="${taskId}"]`).click();
    await page.waitForURL(`${baseUrl}/tasks/${taskId}`);
    await page.locator(`.task-page[data-task="${taskId}"]`).waitFor();
  };

  const completeByApi = async (user: TestUser, pid: string, key: string, values: Record<string, unknown>) => {
    const taskId = await server.waitForTask(pid, key);
    const res = await server.http.post(`/api/workbench/tasks/${taskId}/complete`).set('Authorization', `Bearer ${user.token}`).send({ values, comment: '同意' });
    expect(res.status).toBe(200);
  };

  it('takes a tip reported on a phone, with a photo, through verification in the browser to a case closed in the browser, while the complainant follows it', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'UTC' });
    const desk = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
    try {
      // given: a complainant on a phone reports a company's violation without an account
      const complainant = await phone.newPage();
      await complainant.goto(`${baseUrl}/public/tips/new`);
      await choose(complainant, '举报类型', '保安服务公司违规经营');
      await choose(complainant, '发生地（地市）', '广州市');
      await item(complainant, '区县代码（选填）').locator('input').fill('440106');
      await item(complainant, '单位名称或人员姓名').locator('input').fill('广州举报案保安服务有限公司');
      await item(complainant, '举报内容').locator('textarea').fill('该公司派驻天河区某商场的保安员均未取得保安员证，已持续两个多月。');
      await complainant.getByRole('button', { name: '提交举报' }).click();
      await complainant.getByText('举报已提交').waitFor();
      const trackingCode = (await complainant.getByTestId('tracking-code').textContent()) ?? '';
      const secret = (await complainant.getByTestId('tracking-secret').textContent()) ?? '';
      expect(trackingCode).toMatch(/^JB[2-9A-HJKMNP-Z]{10}$/);

      // when: they attach a photo of the scene, its upload shows and it is listed; a text file is refused with the server's reason
      const attach = complainant.locator('.tip-attachments input[type="file"]');
      await attach.setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG });
      await complainant.getByText('“scene.png”已上传').waitFor();
      await complainant.locator('.tip-attachments [data-attachment="scene.png"]').waitFor();
      await attach.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('值班表') });
      await complainant.locator('.tip-attachment-error').getByText('“notes.txt”未能上传：须为 PDF、JPEG、PNG 或 OFD 文件').waitFor();
      await expect(complainant.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBeLessThanOrEqual(0);
      await web.screenshot(complainant, 'tip-to-case-reported');

      // and: the intake officer sends it to the Tianhe station for verification (through the API)
      const tipPid = await server.waitFor(async () => {
        const list = await server.http.get('/engine-rest/process-instance').query({ businessKey: trackingCode }).set('Authorization', server.engineAuthorization());
        return (list.body as Array<{ id: string }>)[0]?.id;
      }, 'the process of the tip');
      await completeByApi(intake, tipPid, 'Task_Triage', { triageDecision: 'accept', stationGroup: 'station-440106', verificationDays: 10, triageReason: '属天河区辖区，指派核查' });
      // (the workers mark the tip verifying and start its clock before the station's task exists)
      const verify = await server.waitForTask(tipPid, 'Task_Verify');

      // meanwhile: the complainant follows the tip with the code and secret: 核查中, and can still add a PDF
      await complainant.getByRole('button', { name: '查询办理进度' }).click();
      await complainant.getByLabel('密码').fill(secret);
      await complainant.getByRole('button', { name: /查\s*询/ }).click();
      await complainant.locator('.tip-stage').getByText('核查中').waitFor();
      await complainant.locator('.tip-attachments [data-attachment="scene.png"]').waitFor();
      await complainant.locator('.tip-attachments input[type="file"]').setInputFiles({ name: 'roster.pdf', mimeType: 'application/pdf', buffer: PDF });
      await complainant.locator('.tip-attachments [data-attachment="roster.pdf"]').waitFor();

      // when: the station officer signs in, finds the verification in 待办 (and a message about it), and fills and submits its form
      await server.licensing.taskArrivals.runOnce();
      const officer = await signIn(desk, station);
      await officer.locator('.menu-label[data-list="inbox"] .ant-badge').waitFor();
      await openFromTodo(officer, trackingCode, verify);
      await operation(officer, 'claim').click();
      await officer.getByText('签收成功').waitFor();
      await officer.getByLabel(/核查情况（内部）/).fill('现场检查：该公司派驻商场的6名保安员均无保安员证，情况属实。');
      await officer.getByLabel('移交行政案件办理').check();
      await officer.getByLabel(/反馈举报人的内容/).fill('经核查，您反映的问题属实，公安机关已依法立案调查。');
      await officer.getByLabel('审批意见').fill('情况属实，移交立案');
      await operation(officer, 'complete').click();
      await officer.waitForURL((url) => url.pathname === '/todo');

      // then: a case is opened from the tip, for the city's case officers
      const caseId = await server.waitFor(async () => {
        const vars = await server.http.get('/engine-rest/history/variable-instance').query({ processInstanceId: tipPid, variableName: 'caseId' }).set('Authorization', server.engineAuthorization());
        return (vars.body as Array<{ value: string }>)[0]?.value;
      }, 'the case of the tip');
      const opened = (await server.http.get(`/api/cases/${caseId}`).set('Authorization', `Bearer ${caseOfficer.token}`)).body as { number: string; processInstanceId: string; sourceReference: string };
      expect(opened.sourceReference).toBe(trackingCode);
      const pid = opened.processInstanceId;

      // and: the complainant sees the tip closed with the police's feedback (once the workers have closed it)
      await server.waitFor(async () => (await server.http.get(`/api/public/tips/${trackingCode}`).set('X-Tip-Secret', secret)).body.stage === '已办结', 'the tip\'s closing');
      await complainant.getByRole('button', { name: /刷\s*新/ }).click();
      await complainant.locator('.tip-stage').getByText('已办结').waitFor();
      await complainant.locator('.tip-feedback').getByText('经核查，您反映的问题属实，公安机关已依法立案调查。').waitFor();

      // when: the case runs its course — investigation, legal review and decision (through the API) ...
      await server.advance(60_000);
      await completeByApi(caseOfficer, pid, 'Task_Investigate', {
        establishedFacts: '派驻天河区某商场的6名保安员未取得保安员证', evidenceList: '现场检查笔录\n派驻人员名单', violationId: 'art42-3',
        proposedDecision: 'no-penalty', investigationReason: '当事人已全部更换为持证保安员，违法行为轻微并及时改正',
      });
      await completeByApi(legalOfficer, pid, 'Task_LegalReview', { reviewResult: 'pass', reviewOpinion: '同意不予处罚' });
      await completeByApi(leader, pid, 'Task_Decide', {
        decision: 'no-penalty', decisionLegalBasis: '《中华人民共和国行政处罚法》第三十三条第一款', noPenaltyReasons: '违法行为轻微并及时改正，没有造成危害后果', decisionReason: '同意',
      });

      // ... and the case officer closes it in the browser by recording the service of the decision
      const serve = await server.waitForTask(pid, 'Task_ServeAndEnforce');
      const caseDesk = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
      try {
        const closer = await signIn(caseDesk, caseOfficer);
        await openFromTodo(closer, opened.number, serve);
        await operation(closer, 'claim').click();
        await closer.getByText('签收成功').waitFor();
        const served = closer.getByLabel(/送达日期/);
        await served.fill('2026/10/15');
        await served.press('Enter');
        await closer.locator('.fjs-form-field-select').click();
        await closer.locator('.fjs-dropdownlist-item', { hasText: '直接送达' }).click();
        await closer.getByLabel('审批意见').fill('已直接送达，结案');
        await operation(closer, 'complete').click();
        await closer.waitForURL((url) => url.pathname === '/todo');
        await server.waitFor(async () => (await server.http.get(`/api/cases/${caseId}`).set('Authorization', `Bearer ${caseOfficer.token}`)).body.status === 'closed', 'the closing');

        // then: from 已办, the case file shows the closed case: its party, documents, clocks stopped, every step, and the task just done
        await closer.goto(`${baseUrl}/done?number=${encodeURIComponent(opened.number)}`);
        await closer.locator(`tr[data-row-key="${serve}"]`).click();
        await closer.waitForURL((url) => url.pathname === `/case-files/${pid}` && url.searchParams.get('doneTask') === serve);
        await closer.locator('.case-file-summary [data-status="closed"]').getByText('已结案').waitFor();
        await closer.locator('.party-details').getByText('广州举报案保安服务有限公司').waitFor();
        await closer.locator('.case-file-details').getByText(trackingCode, { exact: true }).waitFor();
        await closer.locator('.case-file-documents [data-document="no-penalty-decision"]').waitFor();
        await closer.locator('.case-file-documents [data-document="case-acceptance-receipt"]').waitFor();
        await closer.locator('.case-file-clocks .clock-line[data-status="stopped"]').first().waitFor();
        for (const step of ['Task_Investigate', 'Task_LegalReview', 'Task_Decide', 'Task_ServeAndEnforce']) await closer.locator(`.case-timeline [data-step="${step}"]`).first().waitFor();
        await closer.locator('.case-timeline [data-step="Task_ServeAndEnforce"][data-highlighted="true"]').waitFor();
        // the case has no open step any more: nothing to withdraw, and the page says why
        await closer.locator('.withdraw-refused').getByText('该业务已没有待办环节，无法撤回。').waitFor();
        await closer.locator('.diagram-canvas [data-element-id="Task_ServeAndEnforce"].diagram-done').waitFor();
        await web.screenshot(closer, 'tip-to-case-case-file');
      } finally {
        await caseDesk.close();
      }

      // and: the station officer's inbox holds the verification's announcement; opening it marks it read and opens its task
      await officer.goto(`${baseUrl}/inbox`);
      const message = officer.locator('.inbox-item', { hasText: '新任务：核查' }).first();
      await message.waitFor();
      await expect(message.getAttribute('data-read')).resolves.toBe('false');
      await web.screenshot(officer, 'tip-to-case-inbox');
      await message.click();
      await officer.waitForURL((url) => url.pathname === `/tasks/${verify}`);
      await officer.goto(`${baseUrl}/inbox`);
      await expect(officer.locator('.inbox-item', { hasText: '新任务：核查' }).first().getAttribute('data-read')).resolves.toBe('true');

      // at the end: the complainant still sees 已办结, the outcome and the feedback, and no case number
      await complainant.getByRole('button', { name: /刷\s*新/ }).click();
      await complainant.locator('.tip-stage').getByText('已办结').waitFor();
      await complainant.locator('.tip-outcome').waitFor();
      await complainant.locator('.tip-feedback').getByText('经核查，您反映的问题属实，公安机关已依法立案调查。').waitFor();
      await expect(complainant.locator('.tip-attachments input[type="file"]').count()).resolves.toBe(0);
      await expect(complainant.locator('body').textContent()).resolves.not.toContain(opened.number);
      await expect(complainant.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBeLessThanOrEqual(0);
      await web.screenshot(complainant, 'tip-to-case-complainant-final');
    } finally {
      await phone.close();
      await desk.close();
    }
  }, 240_000);
});
