import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

jest.setTimeout(120_000);

describeInBrowser('the account page')('账号安全 and logout in a real browser: a session ends on the server, not only in the browser', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    server = await startLicensingServer({ startAt: new Date('2026-12-07T02:00:00Z') });
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  async function signedIn(context: BrowserContext, username: string, password: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel(/用户名/).fill(username);
    await page.getByLabel(/^密码/).fill(password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    return page;
  }

  /** The session's token as the page keeps it. */
  const tokenOf = async (page: Page) => page.evaluate<string>("JSON.parse(sessionStorage.getItem('session') ?? '{}').token ?? ''");
  /** What the server answers the token now. */
  const serverAnswers = async (token: string) => (await server.http.get('/api/auth/me').set('Authorization', `Bearer ${token}`)).status;

  it('logging out ends the token on the server: a copy of it no longer works', async () => {
    const officer = await server.officer('case-browser-logout', ['case-440100']);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', timezoneId: 'UTC' });
    try {
      const page = await signedIn(context, officer.id, officer.password);
      const token = await tokenOf(page);
      expect(await serverAnswers(token)).toBe(200);

      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL((url) => url.pathname === '/login');

      expect(await serverAnswers(token)).toBe(401);
    } finally {
      await context.close();
    }
  });

  it('changes the password from the header\'s user name: mistakes beside the fields, then the other devices are signed out and this one goes on', async () => {
    // given: a reviewer signed in here and on a phone
    const reviewer = await server.officer('reviewer-browser-password', ['permit-reviewer-440100']);
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'UTC' });
    try {
      const page = await signedIn(context, reviewer.id, reviewer.password);
      const phone = await signedIn(phoneContext, reviewer.id, reviewer.password);
      const phoneToken = await tokenOf(phone);

      // when: the reviewer opens 账号安全 from the user name in the header
      await page.locator('[data-action="account"]').click();
      await page.waitForURL((url) => url.pathname === '/account');
      await page.getByRole('heading', { name: '账号安全' }).waitFor();

      // and: types a wrong current password, and a confirmation that differs
      await page.getByLabel('当前密码').fill('这不是当前密码');
      await page.getByLabel('新密码', { exact: true }).fill('审批民警的新密码2026');
      await page.getByLabel('确认新密码').fill('另一个密码');
      await page.locator('[data-action="change-password"]').click();
      await page.getByText('两次输入的新密码不一致').waitFor();
      await page.getByLabel('确认新密码').fill('审批民警的新密码2026');
      await page.locator('[data-action="change-password"]').click();

      // then: the server's objection is beside the current password, and nothing changed
      await page.locator('.ant-form-item', { has: page.getByLabel('当前密码') }).getByText('当前密码不正确').waitFor();
      await web.screenshot(page, 'account-password-refused');
      expect(await serverAnswers(phoneToken)).toBe(200);

      // when: with the right current password
      await page.getByLabel('当前密码').fill(reviewer.password);
      await page.locator('[data-action="change-password"]').click();

      // then: done; the phone's session ended, this page goes on with a new token, and the new password signs in
      await page.getByText('密码已修改，其他设备上的登录已失效').waitFor();
      expect(await serverAnswers(phoneToken)).toBe(401);
      expect(await serverAnswers(await tokenOf(page))).toBe(200);
      await page.getByRole('menuitem', { name: /待办/ }).click();
      await page.waitForURL((url) => url.pathname === '/todo');
      expect((await server.http.post('/api/auth/login').send({ username: reviewer.id, password: '审批民警的新密码2026' })).status).toBe(200);
    } finally {
      await context.close();
      await phoneContext.close();
    }
  });

  it('logs out on every device from a phone, after asking', async () => {
    const officer = await server.officer('station-browser-everywhere', ['station-440106']);
    const desk = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'UTC' });
    try {
      const deskToken = await tokenOf(await signedIn(desk, officer.id, officer.password));
      const phone = await signedIn(phoneContext, officer.id, officer.password);
      const phoneToken = await tokenOf(phone);

      // when: on the phone, from the menu's drawer
      await phone.getByRole('button', { name: '菜单' }).click();
      await phone.locator('.ant-drawer [data-action="account"]').click();
      await phone.waitForURL((url) => url.pathname === '/account');
      await web.screenshot(phone, 'account-phone');
      await phone.locator('[data-action="logout-everywhere"]').click();
      await phone.locator('.ant-modal-confirm').filter({ hasText: '退出所有设备？' }).locator('[data-action="confirm-everywhere"]').click();

      // then
      await phone.waitForURL((url) => url.pathname === '/login');
      expect(await serverAnswers(phoneToken)).toBe(401);
      expect(await serverAnswers(deskToken)).toBe(401);
    } finally {
      await desk.close();
      await phoneContext.close();
    }
  });
});
