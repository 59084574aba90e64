import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import type { TestUser } from '../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

describeInBrowser('messages that lead on')('messages opened late in a real browser (a task handled or taken meanwhile, a copy read through its case file)', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let officer: TestUser;
  let colleague: TestUser;
  let leader: TestUser;

  beforeAll(async () => {
    // given: two officers of Guangzhou's case unit and the city's leader
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
    officer = await server.officer('case-fin', ['case-440100']);
    colleague = await server.officer('case-fin-2', ['case-440100']);
    leader = await server.officer('leader-fin', ['leader-440100']);
    // the first pass of the new-task announcements only notes where to start
    await server.licensing.taskArrivals.runOnce();
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const desk = () => browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });

  const signIn = async (context: BrowserContext, user: TestUser): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel(/用户名|Username/).fill(user.id);
    await page.getByLabel(/密码|Password/).fill(user.password);
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    return page;
  };

  /** An administrative case in 天河区, opened by the officer and waiting in its investigation. */
  const openCase = async (party: string) => {
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${officer.token}`)
      .send({ party: { kind: 'unit', name: party }, regionCode: '440106', facts: `${party}未经备案在本市提供保安服务。` });
    expect(opened.status).toBe(201);
    const body = opened.body as { id: string; number: string; processInstanceId: string };
    return { ...body, investigate: await server.waitForTask(body.processInstanceId, 'Task_Investigate') };
  };

  /** The number the menu shows beside 抄送我的 (0 when it shows none). */
  const unreadCopiesBadge = (page: Page) =>
    page.evaluate<number>('Number(document.querySelector(\'.menu-label[data-list="copies"] .ant-badge-count\')?.getAttribute("title") ?? 0)');

  it('opens a new-task message of a task a colleague has completed meanwhile on a page that says who handled it and when, with its case file', async () => {
    // given: the investigation is announced to the case unit, and the colleague claims and completes it before the officer reads the message
    const c = await openCase('广州迟阅保安服务有限公司');
    await server.advance(1_000);
    expect(await server.licensing.taskArrivals.runOnce()).toBe(1);
    const as = (path: string, body: unknown = {}) => server.http.post(`/api/workbench/tasks/${c.investigate}/${path}`).set('Authorization', `Bearer ${colleague.token}`).send(body as object);
    expect((await as('claim')).status).toBe(200);
    expect((await as('complete', { values: { establishedFacts: '未经备案提供保安服务', evidenceList: '询问笔录', violationId: 'art42-2', proposedDecision: 'no-penalty', investigationReason: '违法行为轻微' } })).status).toBe(200);

    const context = await desk();
    try {
      const page = await signIn(context, officer);
      // when: the officer opens the message from 消息
      await page.goto(`${baseUrl}/inbox`);
      await page.locator('.inbox-item', { hasText: c.number }).click();

      // then: the task's page says it was handled, by the colleague (by name) and when, instead of "not found"
      await page.waitForURL((url) => url.pathname === `/tasks/${c.investigate}`);
      const notice = page.locator('.task-ended[data-outcome="completed"]');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toContain('该任务已办理完毕');
      await notice.getByText(`警官${colleague.id}已于`).waitFor();
      await expect(page.getByText('任务不存在或已办结').count()).resolves.toBe(0);
      await web.screenshot(page, 'finished-task');

      // and: its case file opens from there, showing the step the colleague completed
      await notice.locator('[data-action="case-file"]').click();
      await page.waitForURL((url) => url.pathname === `/case-files/${c.processInstanceId}`);
      await page.locator(`.case-file[data-process="${c.processInstanceId}"]`).waitFor();
      await page.locator('.case-file-title', { hasText: c.number }).waitFor();

      // and: back on the task's page, 待办 is offered too
      await page.goBack();
      await page.locator('.task-ended [data-action="todo"]').click();
      await page.waitForURL((url) => url.pathname === '/todo');
    } finally {
      await context.close();
    }
  }, 120_000);

  it('opens the message of a task a colleague has claimed meanwhile on a page that says who holds it', async () => {
    // given: a new investigation announced to the case unit and claimed by the colleague
    const c = await openCase('广州他人签收保安服务有限公司');
    await server.advance(1_000);
    // (with the next step of the first case, which has arrived meanwhile)
    expect(await server.licensing.taskArrivals.runOnce()).toBeGreaterThanOrEqual(1);
    await server.http.post(`/api/workbench/tasks/${c.investigate}/claim`).set('Authorization', `Bearer ${colleague.token}`).send({}).expect(200);

    const context = await desk();
    try {
      const page = await signIn(context, officer);
      // when
      await page.goto(`${baseUrl}/inbox`);
      await page.locator('.inbox-item', { hasText: c.number }).click();

      // then
      await page.waitForURL((url) => url.pathname === `/tasks/${c.investigate}`);
      const notice = page.locator('.task-ended[data-outcome="taken"]');
      await notice.waitFor();
      await expect(notice.textContent()).resolves.toContain('该任务已由他人办理');
      await notice.getByText(`警官${colleague.id}已签收或接办此任务`).waitFor();
      await notice.locator('[data-action="case-file"]').click();
      await page.waitForURL((url) => url.pathname === `/case-files/${c.processInstanceId}`);
      await page.locator(`.case-file[data-process="${c.processInstanceId}"]`).waitFor();
    } finally {
      await context.close();
    }
  }, 120_000);

  it('marks a copy read in 抄送我的, and its count in the menu goes down, when its message opens the case file', async () => {
    // given: two cases copied to the leader
    const first = await openCase('广州抄阅甲保安服务有限公司');
    const second = await openCase('广州抄阅乙保安服务有限公司');
    for (const [c, note] of [[first, '请阅知甲案'], [second, '请阅知乙案']] as const) {
      await server.http.post(`/api/workbench/tasks/${c.investigate}/carbon-copy`).set('Authorization', `Bearer ${officer.token}`).send({ userIds: [leader.id], comment: note }).expect(200);
    }

    const context = await desk();
    try {
      const page = await signIn(context, leader);
      await page.goto(`${baseUrl}/inbox`);
      await page.waitForFunction('document.querySelector(\'.menu-label[data-list="copies"] .ant-badge-count\')?.getAttribute("title") === "2"', undefined, { timeout: 10_000 });

      // when: the leader opens the first copy's message
      await page.locator('.inbox-item', { hasText: '请阅知甲案' }).click();
      await page.waitForURL((url) => url.pathname === `/case-files/${first.processInstanceId}`);
      await page.locator(`.case-file[data-process="${first.processInstanceId}"]`).waitFor();

      // then: the count of unread copies in the menu goes down to the other case's one
      await page.waitForFunction('document.querySelector(\'.menu-label[data-list="copies"] .ant-badge-count\')?.getAttribute("title") === "1"', undefined, { timeout: 10_000 });
      await expect(unreadCopiesBadge(page)).resolves.toBe(1);
      // and: 抄送我的 shows the first case's copy read, the second's still unread
      await page.locator('.app-sider').getByRole('menuitem', { name: /抄送我的/ }).click();
      await page.waitForURL((url) => url.pathname === '/copies');
      await page.locator('tr', { hasText: first.number }).getByText('已读').waitFor();
      await page.locator('tr', { hasText: second.number }).getByText('未读').waitFor();
      await web.screenshot(page, 'finished-task-copies');
      const unread = await server.http.get('/api/workbench/copies').query({ unread: 'true' }).set('Authorization', `Bearer ${leader.token}`);
      expect(unread.body.items.map((i: { processInstanceId: string }) => i.processInstanceId)).toEqual([second.processInstanceId]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
