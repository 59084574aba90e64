import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import type { TestUser } from '../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

describeInBrowser("the officers' web application")("the officers' web application in a real browser (login, 待办, language, 已办, logout, phone)", () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let officer: TestUser;
  let caseNumber: string;

  beforeAll(async () => {
    // given: the system with an officer of Guangzhou's case unit, and a case opened so that its investigation is in their 待办
    // a working day the holiday calendar covers, as in the workbench's API tests
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
    officer = await server.officer('case-web', ['case-440100']);
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${officer.token}`)
      .send({ party: { kind: 'unit', name: '广州网页保安服务有限公司' }, regionCode: '440106', facts: '广州网页保安服务有限公司未经备案在本市提供保安服务。' });
    expect(opened.status).toBe(201);
    caseNumber = opened.body.number;
    await server.waitForTask(opened.body.processInstanceId, 'Task_Investigate');
    await server.waitFor(async () => {
      const todo = await server.http.get('/api/workbench/todo').query({ number: caseNumber }).set('Authorization', `Bearer ${officer.token}`);
      return todo.body.items?.[0]?.colour ?? null;
    }, 'the case clock');

    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const screenshot = (page: Page, name: string) => web.screenshot(page, name);

  const logIn = async (page: Page, password: string) => {
    await page.getByLabel(/用户名|Username/).fill(officer.id);
    await page.getByLabel(/密码|Password/).fill(password);
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  };

  it('logs in from the page asked for, lists the case in 待办 with its clock colour, switches to English, shows the empty 已办 and logs out', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await context.newPage();
    try {
      // when: an officer who is not signed in opens 待办, they are asked to sign in first
      await page.goto(`${baseUrl}/todo?party=${encodeURIComponent('网页保安')}`);
      await page.waitForURL(/\/login\?next=/);
      await page.getByText('保安服务监管信息系统').first().waitFor();
      await screenshot(page, 'login');

      // a wrong password shows the server's message, in the page's language
      await logIn(page, 'not the password');
      await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();
      await screenshot(page, 'login-failed');

      // then: after signing in they are back on 待办, with its filter, and see the case with its clock colour
      await logIn(page, officer.password);
      await page.waitForURL((url) => url.pathname === '/todo' && url.searchParams.get('party') === '网页保安');
      const row = page.locator('tr', { hasText: caseNumber });
      await row.waitFor();
      await expect(row.locator('[data-colour="normal"]').textContent()).resolves.toBe('正常');
      await expect(row.textContent()).resolves.toContain('广州网页保安服务有限公司');
      await expect(page.getByText(`警官${officer.id}`).isVisible()).resolves.toBe(true);
      await expect(page.locator('[data-list="todo"] .ant-badge').first().textContent()).resolves.toMatch(/[1-9]/);
      // the menu is in sections: 工作台 first (待办, the home page, at its top), then 业务办理
      const sections = await page.locator('.app-sider .ant-menu-item-group-title').allTextContents();
      expect(sections[0]).toBe('工作台');
      expect(sections).toContain('业务办理');
      const workbench = await page.locator('.app-sider .ant-menu-item-group').first().locator('.ant-menu-item .menu-label > span:first-child').allTextContents();
      expect(workbench).toEqual(['待办', '已办', '我发起的', '抄送我的', '消息']);
      await expect(page.locator('.app-sider .ant-menu-item-group', { hasText: '业务办理' }).getByRole('menuitem', { name: /受案立案/ }).count()).resolves.toBe(1);
      await screenshot(page, 'todo-zh');

      // when: they switch to English, the labels are English
      await page.getByText('English', { exact: true }).click();
      await page.getByRole('heading', { name: 'To do' }).waitFor();
      await expect(row.locator('[data-colour="normal"]').textContent()).resolves.toBe('On time');
      await expect(page.getByRole('columnheader', { name: 'Party' }).isVisible()).resolves.toBe(true);
      await screenshot(page, 'todo-en');

      // 已办 is empty: they have finished nothing yet
      await page.getByRole('menuitem', { name: /Done/ }).click();
      await page.waitForURL(`${baseUrl}/done`);
      await page.getByRole('heading', { name: 'Done' }).waitFor();
      await page.getByText('Nothing here').first().waitFor();
      await screenshot(page, 'done-empty-en');

      // logging out ends the session: the lists ask for a login again
      await page.getByRole('button', { name: /Log out/ }).click();
      await page.waitForURL((url) => url.pathname === '/login');
      await page.getByRole('button', { name: /Sign in/ }).waitFor();
      await page.goto(`${baseUrl}/done`);
      await page.waitForURL(/\/login\?next=%2Fdone/);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('sends an officer whose token the server refuses to the login, and back to the same list afterwards', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    // given: a session whose token is not (or no longer) valid
    const stale = JSON.stringify({ token: 'expired', user: { id: officer.id, name: officer.name, groups: [] } });
    await context.addInitScript({ content: `if (!sessionStorage.getItem('session')) sessionStorage.setItem('session', ${JSON.stringify(stale)});` });
    const page = await context.newPage();
    try {
      // when: they open 待办, the server answers 401
      await page.goto(`${baseUrl}/todo?colour=normal`);
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === '/todo?colour=normal');
      await page.getByText('登录已失效，请重新登录').waitFor();
      // then: after signing in again they are back on the same list
      await logIn(page, officer.password);
      await page.waitForURL(`${baseUrl}/todo?colour=normal`);
      await page.locator('tr', { hasText: caseNumber }).waitFor();
    } finally {
      await context.close();
    }
  }, 60_000);

  it('shows 待办 as cards without horizontal overflow on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/login`);
      await logIn(page, officer.password);
      await page.waitForURL(`${baseUrl}/todo`);
      const card = page.locator('.list-card', { hasText: caseNumber });
      await card.waitFor();
      await expect(card.locator('[data-colour="normal"]').textContent()).resolves.toBe('正常');
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, 'todo-phone');

      // the menu is in a drawer
      await page.getByRole('button', { name: '菜单' }).click();
      await page.getByRole('menuitem', { name: /抄送我的/ }).waitFor();
      await expect(page.locator('.ant-drawer .ant-menu-item-group-title').first().textContent()).resolves.toBe('工作台');
      await screenshot(page, 'menu-phone');
    } finally {
      await context.close();
    }
  }, 60_000);
});
