import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { NotificationEntity } from '../../src/licensing/permit.entity.js';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import type { TestUser } from '../helpers/auth.js';
import { PDF } from '../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

describeInBrowser('the case file')('the case file, 已办 and 撤回, the inbox and the kept draft, in a real browser', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let caseOfficer: TestUser;
  let colleague: TestUser;
  let legalOfficer: TestUser;
  let leader: TestUser;
  let intake: TestUser;
  let station: TestUser;

  beforeAll(async () => {
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
    caseOfficer = await server.officer('case-cf', ['case-440100']);
    colleague = await server.officer('case-cf2', ['case-440100']);
    legalOfficer = await server.officer('legal-cf', ['legal-440100']);
    leader = await server.officer('leader-cf', ['leader-440100']);
    intake = await server.officer('intake-cf', ['tip-intake-440100']);
    station = await server.officer('station-cf', ['station-440106']);
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const desk = () => browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
  const operation = (page: Page, name: string) => page.locator(`.operation-buttons button[data-operation="${name}"]`);

  const logIn = async (page: Page, user: TestUser) => {
    await page.getByLabel(/用户名|Username/).fill(user.id);
    await page.getByLabel(/密码|Password/).fill(user.password);
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  };
  const signIn = async (context: BrowserContext, user: TestUser): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await logIn(page, user);
    await page.waitForURL((url) => url.pathname !== '/login');
    return page;
  };

  /** A case opened directly by the case officer, waiting in its investigation. */
  const openCase = async (party: string) => {
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${caseOfficer.token}`)
      .send({ party: { kind: 'unit', name: party }, regionCode: '440106', facts: `${party}未经备案在本市提供保安服务。` });
    expect(opened.status).toBe(201);
    const body = opened.body as { id: string; number: string; processInstanceId: string };
    return { ...body, investigate: await server.waitForTask(body.processInstanceId, 'Task_Investigate') };
  };

  const draftKey = (taskId: string) => `task-draft:${caseOfficer.id}:${taskId}`;

  it('keeps what is entered in a task form when the session expires, brings the officer back to the task after the login with it restored, and forgets it once discarded or submitted', async () => {
    const c = await openCase('广州草稿保安服务有限公司');
    const context = await desk();
    try {
      const page = await signIn(context, caseOfficer);
      await page.goto(`${baseUrl}/tasks/${c.investigate}`);
      await operation(page, 'claim').click();
      await page.getByText('签收成功').waitFor();

      // given: the officer fills part of the form and the approval comment
      await page.getByLabel(/查明的违法事实/).fill('2026年9月起未经备案为本市某银行提供保安服务');
      await page.locator('.fjs-form-field-select').click();
      await page.locator('.fjs-dropdownlist-item', { hasText: '第四十二条（二）' }).click();
      await page.getByLabel('审批意见').fill('调查基本终结');
      await page.waitForFunction(`(localStorage.getItem(${JSON.stringify(draftKey(c.investigate))}) ?? '').includes('调查基本终结')`);

      // when: the server stops accepting the token (the account is disabled meanwhile) and the page asks it again
      await server.auth.identity.setDisabled(caseOfficer.id, true);
      await page.reload();
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === `/tasks/${c.investigate}`);
      await page.getByText('登录已失效，请重新登录').waitFor();
      await server.auth.identity.setDisabled(caseOfficer.id, false);
      await logIn(page, caseOfficer);

      // then: back on the task, with the notice and every value restored
      await page.waitForURL(`${baseUrl}/tasks/${c.investigate}`);
      await page.locator('[data-draft="restored"]').waitFor();
      await expect(page.getByLabel(/查明的违法事实/).inputValue()).resolves.toBe('2026年9月起未经备案为本市某银行提供保安服务');
      await page.locator('.fjs-form-field-select').getByText('第四十二条（二）', { exact: false }).waitFor();
      await expect(page.getByLabel('审批意见').inputValue()).resolves.toBe('调查基本终结');
      await web.screenshot(page, 'case-file-draft-restored');

      // when: they discard the draft, the form is as the case left it, and nothing is kept
      await page.locator('[data-action="discard-draft"]').click();
      await expect(page.getByLabel(/查明的违法事实/).inputValue()).resolves.toBe('');
      await expect(page.getByLabel('审批意见').inputValue()).resolves.toBe('');
      await expect(page.evaluate<string | null>(`localStorage.getItem(${JSON.stringify(draftKey(c.investigate))})`)).resolves.toBeNull();

      // when: they fill it again and submit it, the draft is gone
      await page.getByLabel(/查明的违法事实/).fill('2026年9月起未经备案为本市某银行提供保安服务');
      await page.getByLabel(/证据（每行一项）/).fill('保安服务合同\n询问笔录');
      await page.locator('.fjs-form-field-select').click();
      await page.locator('.fjs-dropdownlist-item', { hasText: '第四十二条（二）' }).click();
      await page.getByLabel('拟不予行政处罚').check();
      await page.getByLabel(/办案意见/).fill('当事人已补办备案，违法行为轻微');
      await page.waitForFunction(`localStorage.getItem(${JSON.stringify(draftKey(c.investigate))}) !== null`);
      await operation(page, 'complete').click();
      await page.waitForURL((url) => url.pathname === '/todo');
      await expect(page.evaluate<string | null>(`localStorage.getItem(${JSON.stringify(draftKey(c.investigate))})`)).resolves.toBeNull();
    } finally {
      await context.close();
    }
  }, 120_000);

  it('opens a row of 已办 in the case file with the task highlighted, withdraws it there, and shows the reason once the next handler has taken the case', async () => {
    const c = await openCase('广州撤回保安服务有限公司');
    const investigation = { establishedFacts: '未经备案提供保安服务', evidenceList: '询问笔录', violationId: 'art42-2', proposedDecision: 'no-penalty', investigationReason: '违法行为轻微' };
    await server.http.post(`/api/workbench/tasks/${c.investigate}/complete`).set('Authorization', `Bearer ${caseOfficer.token}`).send({ values: investigation, comment: '建议不予处罚' }).expect(200);
    const review = await server.waitForTask(c.processInstanceId, 'Task_LegalReview');
    await server.http.post(`/api/workbench/tasks/${review}/complete`).set('Authorization', `Bearer ${legalOfficer.token}`).send({ values: { reviewResult: 'pass', reviewOpinion: '同意不予处罚' }, comment: '审核通过' }).expect(200);
    const decide = await server.waitForTask(c.processInstanceId, 'Task_Decide');
    const context = await desk();
    try {
      // the case officer's investigation was followed by an automated step: the case file says it cannot be withdrawn, and why
      const officerPage = await signIn(context, caseOfficer);
      await officerPage.goto(`${baseUrl}/done?number=${encodeURIComponent(c.number)}`);
      await officerPage.locator(`tr[data-row-key="${c.investigate}"]`).click();
      await officerPage.locator('.withdraw-refused').getByText('此后系统已自动执行了后续步骤（状态：法制审核），无法撤回。').waitFor();
      await expect(officerPage.locator('[data-withdraw="offer"]').count()).resolves.toBe(0);
      // and a row of 我发起的 opens the same case file, without a task of the officer's to highlight
      await officerPage.goto(`${baseUrl}/started?number=${encodeURIComponent(c.number)}`);
      // (its status by name, as the case file says it)
      await expect(officerPage.locator(`tr[data-row-key="${c.processInstanceId}"] [data-status]`).textContent()).resolves.toBe('法制审核');
      await officerPage.locator(`tr[data-row-key="${c.processInstanceId}"]`).click();
      await officerPage.waitForURL((url) => url.pathname === `/case-files/${c.processInstanceId}` && !url.searchParams.has('doneTask'));
      await officerPage.locator('.case-file-title').getByText(c.number).waitFor();
      await expect(officerPage.locator('.withdraw-refused, .withdraw-offer').count()).resolves.toBe(0);
    } finally {
      await context.close();
    }

    const legalContext = await desk();
    try {
      const page = await signIn(legalContext, legalOfficer);
      // when: the legal officer opens the review from 已办
      await page.goto(`${baseUrl}/done?number=${encodeURIComponent(c.number)}`);
      await page.locator(`tr[data-row-key="${review}"]`).click();
      await page.waitForURL((url) => url.pathname === `/case-files/${c.processInstanceId}` && url.searchParams.get('doneTask') === review);

      // then: the case file shows the case, its running clock, the step in progress, and the officer's task highlighted
      await page.locator('.case-file-title').getByText(c.number).waitFor();
      await page.locator('.case-file-summary').getByText('广州撤回保安服务有限公司').waitFor();
      await page.locator('.case-file-stage').getByText('作出决定').waitFor();
      await page.locator('.case-file-clocks .clock-line[data-status="running"] [data-colour]').first().waitFor();
      await page.locator('.case-timeline [data-step="Task_LegalReview"][data-highlighted="true"]').waitFor();
      await page.locator('.case-timeline .timeline-action[data-action="complete"]').getByText('建议不予处罚').waitFor();
      await page.locator('.case-file-documents [data-document="case-acceptance-receipt"]').waitFor();
      // the violation found, named with the article it breaks
      await page.locator('.case-file-details').getByText('未按照规定进行备案或者撤销备案（《保安服务管理条例》第四十二条第一款第（二）项）').waitFor();
      await page.locator('.diagram-canvas [data-element-id="Task_Decide"].diagram-current').waitFor();

      // and: evidence is uploaded with its file, listed with its size, and downloads as it was sent
      await page.locator('.evidence-form').getByLabel('证据名称').fill('保安服务合同');
      await page.locator('.evidence-form input[type="file"]').setInputFiles({ name: 'contract.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.locator('[data-action="add-evidence"]').click();
      await page.getByText('证据已登记').waitFor();
      const row = page.locator('.case-file-evidence tr', { hasText: '保安服务合同' });
      await row.getByText('contract.pdf').waitFor();
      const [downloaded] = await Promise.all([page.waitForEvent('download'), row.getByText('contract.pdf').click()]);
      expect(downloaded.suggestedFilename()).toBe('contract.pdf');
      // a file that is no PDF, JPEG, PNG or OFD is refused with the server's reason
      await page.locator('.evidence-form').getByLabel('证据名称').fill('现场记录');
      await page.locator('.evidence-form input[type="file"]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('现场记录') });
      await page.locator('[data-action="add-evidence"]').click();
      await page.locator('.evidence-error').getByText('须为 PDF、JPEG、PNG 或 OFD 文件', { exact: false }).waitFor();
      await web.screenshot(page, 'case-file');

      // when: the decision is untouched, 撤回 is offered; with a reason it brings the review back to the legal officer
      await page.locator('.withdraw-offer').waitFor();
      await page.locator('[data-withdraw="offer"]').click();
      await page.getByLabel('请填写撤回理由').fill('审核意见需补充');
      await page.locator('.ant-modal').getByRole('button', { name: /撤\s*回/ }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/tasks/'));
      const again = await server.waitForTask(c.processInstanceId, 'Task_LegalReview');
      expect(page.url()).toBe(`${baseUrl}/tasks/${again}`);
      await expect(server.http.get(`/api/workbench/tasks/${decide}`).set('Authorization', `Bearer ${leader.token}`).then((r) => r.status)).resolves.toBe(404);

      // when: they complete it again and the leader claims the decision, the case file says why it can no longer be withdrawn
      await server.http.post(`/api/workbench/tasks/${again}/complete`).set('Authorization', `Bearer ${legalOfficer.token}`).send({ values: { reviewResult: 'pass', reviewOpinion: '同意不予处罚，已补充意见' } }).expect(200);
      const decide2 = await server.waitForTask(c.processInstanceId, 'Task_Decide');
      await server.http.post(`/api/workbench/tasks/${decide2}/claim`).set('Authorization', `Bearer ${leader.token}`).send({}).expect(200);
      await page.goto(`${baseUrl}/done?number=${encodeURIComponent(c.number)}`);
      await page.locator(`tr[data-row-key="${again}"]`).click();
      await page.locator('.withdraw-refused').getByText('下一环节的办理人已签收或已处理，无法撤回。').waitFor();
      await expect(page.locator('[data-withdraw="offer"]').count()).resolves.toBe(0);
    } finally {
      await legalContext.close();
    }
  }, 120_000);

  it('keeps a tip\'s complainant confidential in its case file, revealing the identity only to an officer allowed to, with a logged reason', async () => {
    const reported = await server.http.post('/api/public/tips').send({
      anonymous: false, confidential: true, complainant: { name: '举报人陈某', phone: '13800138000' }, category: 'uncertified-guard',
      subject: { name: '广州保密保安服务有限公司' }, regionCode: '440106', facts: '该公司派驻某小区的保安员无证上岗，已有一个多月。',
    });
    expect(reported.status).toBe(201);
    const tipPid = await server.waitFor(async () => {
      const list = await server.http.get('/engine-rest/process-instance').query({ businessKey: reported.body.trackingCode }).set('Authorization', server.engineAuthorization());
      return (list.body as Array<{ id: string }>)[0]?.id;
    }, 'the process of the tip');
    const triage = await server.waitForTask(tipPid, 'Task_Triage');
    await server.http.post(`/api/workbench/tasks/${triage}/complete`).set('Authorization', `Bearer ${intake.token}`)
      .send({ values: { triageDecision: 'accept', stationGroup: 'station-440106', verificationDays: 10, triageReason: '指派核查' } }).expect(200);
    await server.waitForTask(tipPid, 'Task_Verify');

    // the station officer sees the complainant as confidential, without the action to reveal it
    const stationContext = await desk();
    try {
      const page = await signIn(stationContext, station);
      await page.goto(`${baseUrl}/case-files/${tipPid}`);
      await page.locator('.complainant[data-complainant="confidential"]').waitFor();
      await page.locator('.party-details').getByText('广州保密保安服务有限公司').waitFor();
      await expect(page.locator('[data-action="reveal"]').count()).resolves.toBe(0);
      await expect(page.locator('body').textContent()).resolves.not.toContain('举报人陈某');
    } finally {
      await stationContext.close();
    }

    // the intake officer opens it from 已办 and reveals the identity, which asks for the reason first
    const context = await desk();
    try {
      const page = await signIn(context, intake);
      await page.goto(`${baseUrl}/done`);
      await page.locator(`tr[data-row-key="${triage}"]`).click();
      await page.locator('.complainant[data-complainant="confidential"]').waitFor();
      await expect(page.locator('body').textContent()).resolves.not.toContain('举报人陈某');
      await page.locator('[data-action="reveal"]').click();
      await page.locator('.ant-modal').getByRole('button', { name: '确认查看' }).click();
      await page.locator('.ant-modal').getByText('请填写查看事由').waitFor();
      await page.getByLabel(/查看事由/).fill('电话回访举报人核实情况');
      await page.locator('.ant-modal').getByRole('button', { name: '确认查看' }).click();
      await page.locator('.complainant-identity').getByText('举报人陈某').waitFor();
      await page.locator('.complainant-identity').getByText('13800138000').waitFor();
      const reads = await server.auth.audit.list({ action: 'tip.identity-read', order: 'asc', limit: 10 });
      expect(reads.items.map((e) => e.actor)).toContain(intake.id);
      await web.screenshot(page, 'case-file-tip');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('lists the messages of the inbox with the unread count, opens one (marking it read), marks all read, and keeps the notification settings', async () => {
    const c = await openCase('广州消息保安服务有限公司');
    // two colleagues' copies of the case reach the officer's inbox
    for (const note of ['请关注此案', '请尽快调查']) {
      await server.advance(1000);
      await server.http.post(`/api/workbench/tasks/${c.investigate}/carbon-copy`).set('Authorization', `Bearer ${colleague.token}`).send({ userIds: [caseOfficer.id], comment: note }).expect(200);
    }
    // and a copy's message stored before messages named what they are about
    await server.db.dataSource.getRepository(NotificationEntity).insert({
      id: randomUUID(), recipientType: 'user', recipient: caseOfficer.id, kind: 'carbon-copy', title: '抄送：旧案件', body: '请阅知旧案件', applicationId: null,
      subjectKind: null, subjectId: null, createdAt: server.now(), readAt: null, idempotencyKey: `cc-before-subjects:${caseOfficer.id}`,
    });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'UTC' });
    try {
      const page = await signIn(context, caseOfficer);
      await page.goto(`${baseUrl}/inbox`);
      await page.locator('.inbox-item[data-read="false"]', { hasText: '请关注此案' }).waitFor();
      await expect(page.locator('.inbox-item[data-read="false"]').count()).resolves.toBeGreaterThanOrEqual(2);
      await page.locator('.inbox-unread-count').waitFor();
      await expect(page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBeLessThanOrEqual(0);
      await web.screenshot(page, 'case-file-inbox');

      // opening a copy's message marks it read and opens what it is about: the case file
      await page.locator('.inbox-item', { hasText: '请关注此案' }).click();
      await page.waitForURL((url) => url.pathname === `/case-files/${c.processInstanceId}`);
      await page.locator('.case-file-details').waitFor();
      await page.goto(`${baseUrl}/inbox`);
      await page.locator('.inbox-item[data-read="true"]', { hasText: '请关注此案' }).waitFor();

      // the older message leads where its kind belongs: 抄送我的
      await page.locator('.inbox-item', { hasText: '请阅知旧案件' }).click();
      await page.waitForURL((url) => url.pathname === '/copies');
      await page.goto(`${baseUrl}/inbox`);
      await page.locator('.inbox-item[data-read="true"]', { hasText: '请阅知旧案件' }).waitFor();

      // read all leaves nothing unread
      await page.locator('[data-action="read-all"]').click();
      await page.getByText(/已将 \d+ 条消息标为已读/).waitFor();
      // (the list is read again after the confirmation)
      await page.waitForFunction('document.querySelectorAll(".inbox-item[data-read=\\"false\\"]").length === 0', undefined, { timeout: 10_000 });

      // the settings take a mobile number; a wrong one is refused beside the field
      await page.locator('[data-action="settings"]').click();
      const settings = page.locator('.notification-settings');
      await settings.getByLabel('手机号码').fill('12345');
      await settings.getByRole('button', { name: /保\s*存/ }).click();
      await settings.getByText('须为 11 位中国大陆手机号码', { exact: false }).waitFor();
      await settings.getByLabel('手机号码').fill('13800138000');
      await settings.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText('通知设置已保存').waitFor();
      const saved = await server.http.get('/api/me/notification-settings').set('Authorization', `Bearer ${caseOfficer.token}`);
      expect(saved.body.mobile).toBe('13800138000');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('opens the message an e-mail links (/inbox?open=…) after the login, at what it is about, and marks it read', async () => {
    // given: a colleague's copy in the officer's inbox, and its link as the e-mail gives it
    const c = await openCase('广州邮件链接保安服务有限公司');
    await server.http.post(`/api/workbench/tasks/${c.investigate}/carbon-copy`).set('Authorization', `Bearer ${colleague.token}`).send({ userIds: [caseOfficer.id], comment: '邮件中的链接' }).expect(200);
    const inbox = await server.http.get('/api/inbox').set('Authorization', `Bearer ${caseOfficer.token}`);
    const notification = (inbox.body.items as Array<{ id: string; body: string; readAt: string | null }>).find((n) => n.body.includes('邮件中的链接'));
    expect(notification?.readAt).toBeNull();
    const context = await desk();
    try {
      // when: the officer follows the link, not signed in on this computer
      const page = await context.newPage();
      await page.goto(`${baseUrl}/inbox?open=${notification?.id as string}`);
      await page.waitForURL((url) => url.pathname === '/login');
      await logIn(page, caseOfficer);

      // then: the case file the copy is about, and the message read
      await page.waitForURL((url) => url.pathname === `/case-files/${c.processInstanceId}`);
      await page.locator('.case-file-details').waitFor();
      const after = await server.http.get('/api/inbox').query({ id: notification?.id as string }).set('Authorization', `Bearer ${caseOfficer.token}`);
      expect(after.body.items[0].readAt).not.toBeNull();

      // and: a link to a message not in the officer's inbox says so on 消息
      await page.goto(`${baseUrl}/inbox?open=${randomUUID()}`);
      await page.getByText('该消息不存在或不在您的消息中').waitFor();
      await page.waitForURL((url) => url.pathname === '/inbox' && !url.searchParams.has('open'));
    } finally {
      await context.close();
    }
  }, 90_000);
});
