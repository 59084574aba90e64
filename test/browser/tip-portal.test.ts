import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import type { TestUser } from '../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

describeInBrowser('the public tip portal')('the public tip portal in a real browser on a phone (report, follow, add information, feedback, rating)', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let intake: TestUser;

  beforeAll(async () => {
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
    intake = await server.officer('intake-portal', ['tip-intake-440100']);
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const screenshot = (page: Page, name: string) => web.screenshot(page, name);
  const item = (page: Page, label: string) => page.locator('.ant-form-item').filter({ has: page.locator('label', { hasText: label }) });
  const choose = async (page: Page, label: string, option: string) => {
    await item(page, label).locator('.ant-select-selector').click();
    await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`).click();
  };

  it('reports an anonymous tip, follows it with the code and secret, adds information, then reads the feedback and rates it', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN', timezoneId: 'UTC' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const page = await context.newPage();
    try {
      // given: a visitor without an account finds the portal from the login page
      await page.goto(`${baseUrl}/login`);
      await page.getByRole('link', { name: '投诉举报' }).click();
      await page.waitForURL(`${baseUrl}/public/tips/new`);
      await page.getByText('保安服务监管 · 投诉举报').waitFor();

      // when: they submit nothing, the page says what is missing beside the fields
      await page.getByRole('button', { name: '提交举报' }).click();
      await item(page, '举报类型').getByText('请选择举报类型').waitFor();
      await item(page, '举报内容').getByText('请至少写 10 个字').waitFor();

      // when: they fill the report, with a credit code the server refuses, the server's objection shows beside it
      await choose(page, '举报类型', '保安员违法违规行为');
      await choose(page, '发生地（地市）', '广州市');
      await item(page, '区县代码（选填）').locator('input').fill('440106');
      await item(page, '单位名称或人员姓名').locator('input').fill('某商场保安');
      await item(page, '统一社会信用代码（选填）').locator('input').fill('91440101MA5ABCDEF0');
      await item(page, '举报内容').locator('textarea').fill('2026年10月10日晚，商场保安以搜身为由限制一名顾客离开，持续约半小时。');
      await expect(page.getByText('匿名举报不留任何个人信息', { exact: false }).count()).resolves.toBe(1);
      // nothing wider than the phone
      await expect(page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBeLessThanOrEqual(0);
      await screenshot(page, 'tip-portal-report');
      await page.getByRole('button', { name: '提交举报' }).click();
      await item(page, '统一社会信用代码（选填）').getByText('统一社会信用代码校验位不正确').waitFor();
      await screenshot(page, 'tip-portal-report-error');

      // when: they clear it and submit, the tracking code and the secret are shown once, with the warning
      await item(page, '统一社会信用代码（选填）').locator('input').fill('');
      await page.getByRole('button', { name: '提交举报' }).click();
      await page.getByText('举报已提交').waitFor();
      await page.getByText('密码只显示这一次', { exact: false }).waitFor();
      const trackingCode = (await page.getByTestId('tracking-code').textContent()) ?? '';
      const secret = (await page.getByTestId('tracking-secret').textContent()) ?? '';
      expect(trackingCode).toMatch(/^JB[2-9A-HJKMNP-Z]{10}$/);
      expect(secret).toMatch(/^[2-9A-HJKMNP-Z]{20}$/);
      await page.getByRole('button', { name: /复制查询码和密码/ }).click();
      await page.getByText('已复制查询码和密码').waitFor();
      await expect(page.evaluate<string>('navigator.clipboard.readText()')).resolves.toContain(secret);
      await screenshot(page, 'tip-portal-created');

      // when: they follow it with a wrong secret, one neutral message, naming neither part
      await page.getByRole('button', { name: '查询办理进度' }).click();
      await page.waitForURL((url) => url.pathname === '/public/tips/track' && url.searchParams.get('code') === trackingCode);
      await expect(page.getByLabel('查询码').inputValue()).resolves.toBe(trackingCode);
      await page.getByLabel('密码').fill('WRONGSECRET234567892');
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.locator('.tip-track-error').getByText('未查到相应的举报，请核对查询码和密码后重试。').waitFor();
      await screenshot(page, 'tip-portal-wrong-secret');

      // then: with the right secret, the stage 已受理 and the time received in China time; the secret is in no URL or storage
      await page.getByLabel('密码').fill(secret);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.locator('.tip-stage').getByText('已受理').waitFor();
      await page.locator('.tip-progress').getByText('2026/10/12 10:00').waitFor();
      expect(page.url()).not.toContain(secret);
      const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + JSON.stringify(history.state)');
      expect(stored).not.toContain(secret);

      // when: they add information, it is listed
      await page.locator('.tip-add-information textarea').fill('当晚值班保安胸牌号为0371。');
      await page.getByRole('button', { name: '提交补充信息' }).click();
      await page.getByText('补充信息已提交').waitFor();
      await page.locator('.tip-additions').getByText('当晚值班保安胸牌号为0371。').waitFor();
      await expect(page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBeLessThanOrEqual(0);
      await screenshot(page, 'tip-portal-track');

      // when: an intake officer transfers the tip (Task_Triage), the complainant sees the new stage and the feedback
      const instance = await server.waitFor(async () => {
        const list = await server.http.get('/engine-rest/process-instance').query({ businessKey: trackingCode }).set('Authorization', server.engineAuthorization());
        return (list.body as Array<{ id: string }>)[0];
      }, 'the process of the tip');
      const triage = await server.waitForTask(instance.id, 'Task_Triage');
      const done = await server.http.post(`/api/tasks/${triage}/complete`).set('Authorization', `Bearer ${intake.token}`)
        .send({ values: { triageDecision: 'transfer', triageFeedback: '该线索属铁路公安机关管辖，已移送广州铁路公安处。', triageReason: '发生地为火车站' } });
      expect(done.status).toBe(200);
      await server.waitFor(async () => (await server.http.get(`/api/public/tips/${trackingCode}`).set('X-Tip-Secret', secret)).body.stage === '已移送', 'the transfer');
      await page.getByRole('button', { name: /刷\s*新/ }).click();
      await page.locator('.tip-stage').getByText('已移送').waitFor();
      await page.locator('.tip-feedback').getByText('该线索属铁路公安机关管辖，已移送广州铁路公安处。').waitFor();
      await page.locator('.tip-outcome').getByText('已移送其他公安机关').waitFor();
      await expect(page.locator('.tip-add-information').count()).resolves.toBe(0);

      // when: they rate the handling, the rating is recorded and shown
      await page.locator('.tip-rate .ant-rate-star').nth(3).click();
      await page.locator('.tip-rate textarea').fill('处理及时');
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByText('感谢您的评价').waitFor();
      await page.locator('.tip-progress').getByText('我的评价').waitFor();
      await expect(page.locator('.tip-rate').count()).resolves.toBe(0);
      await screenshot(page, 'tip-portal-closed');

      // when: the code is locked after wrong secrets, the page says how long to wait
      for (let i = 0; i < 5; i++) await server.http.get(`/api/public/tips/${trackingCode}`).set('X-Tip-Secret', 'WRONGSECRET234567892');
      await page.getByRole('button', { name: '查询其他举报' }).click();
      await page.getByLabel('密码').fill(secret);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.locator('.tip-track-error').getByText(/已暂时锁定。请于 2026\/10\/12 \d\d:\d\d（约 \d+ 分钟后）再试/).waitFor();
      await screenshot(page, 'tip-portal-locked');
    } finally {
      await context.close();
    }
  });

  it('switches the portal to English', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/public/tips/track`);
      await page.getByText('English').click();
      await page.getByText('Security Supervision · Complaints and tips').waitFor();
      await page.getByRole('button', { name: 'Look up' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
