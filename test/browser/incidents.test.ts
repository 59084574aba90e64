import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import type { TestUser } from '../helpers/auth.js';
import { draftWithDocuments, permitApplicationData, registerApplicant } from '../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

jest.setTimeout(120_000);

describeInBrowser('the incidents page')('流程异常 in a real browser: an engine operator reads a stopped step and retries it; an administrator is led to the missing year', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let operator: TestUser;
  let admin: TestUser;
  let applicationNumber: string;

  beforeAll(async () => {
    // given: Monday 2026-12-28 in China, and a permit application whose acceptance clock reaches 2027, a year the bundled
    // holiday calendar lacks: its clock's step stops with an incident once the worker's attempts are spent
    server = await startLicensingServer({ startAt: new Date('2026-12-28T02:00:00Z') });
    operator = await server.officer('operator-incidents', ['engine-operator']);
    admin = await server.officer('admin-incidents', ['admin']);
    const applicant = await registerApplicant(server, 'incidentweb');
    const id = await draftWithDocuments(server, applicant, 'security-company-permit', permitApplicationData());
    const submitted = await server.http.post(`/api/applications/${id}/submit`).set('Authorization', `Bearer ${applicant.token}`);
    expect(submitted.status).toBe(200);
    applicationNumber = submitted.body.number as string;
    await server.waitFor(async () => {
      await server.advance(30_000);
      const incidents = await server.http.get('/api/incidents').set('Authorization', `Bearer ${operator.token}`);
      return incidents.body.total > 0;
    }, 'the acceptance clock\'s step to stop');
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 120_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const signIn = async (user: TestUser): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel(/用户名|Username/).fill(user.id);
    await page.getByLabel(/密码|Password/).fill(user.password);
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    return page;
  };

  it('lists the stopped step by procedure, case number and step, shows its error details, and retries the selected steps', async () => {
    const page = await signIn(operator);
    try {
      // when: the engine operator opens 流程异常 from the menu
      await page.getByRole('menuitem', { name: /流程异常/ }).click();
      await page.getByRole('heading', { name: '流程异常' }).waitFor();

      // then: the step is listed with its case number, its step's name and why it stopped
      const row = page.locator('.incidents-page tr.ant-table-row').filter({ hasText: applicationNumber });
      await row.waitFor();
      await row.getByText('开始受理审查计时（5个工作日）').waitFor();
      await row.locator('[data-calendar-year="2027"]').getByText('缺少 2027 年节假日安排').waitFor();
      // (the operator keeps no calendar: no link to enter the year)
      await expect(row.getByText('录入 2027 年安排后自动恢复').count()).resolves.toBe(0);
      await web.screenshot(page, 'incidents');

      // when: they open the details, the worker's error is shown
      await row.locator('[data-action="details"]').click();
      const drawer = page.locator('.incident-drawer');
      await drawer.getByText('异常详情').waitFor();
      await drawer.locator('.incident-details').filter({ hasText: 'CalendarYearNotCoveredError' }).waitFor();
      await drawer.getByText('自动环节执行失败').waitFor();
      await web.screenshot(page, 'incident-details');
      await page.keyboard.press('Escape');
      await drawer.locator('.incident-details').waitFor({ state: 'hidden' });

      // when: they select the row and retry the selected steps
      const stopped = (await server.http.get('/api/incidents').set('Authorization', `Bearer ${operator.token}`)).body.items as Array<{ id: string }>;
      await row.locator('.ant-checkbox-input').check();
      await page.locator('[data-action="retry-selected"]').click();

      // then: the step is sent again (its incident resolved), and the retry is attributed to the operator
      await page.getByText('已重试 1 条，相关环节将重新执行').waitFor();
      const [entry] = (await server.auth.audit.list({ action: 'incident.retry' })).items;
      expect(entry).toMatchObject({ actor: operator.id, subjectId: stopped[0]?.id });
    } finally {
      await page.context().close();
    }
  });

  it('leads an administrator from a step stopped for want of 2027 to that year\'s entry', async () => {
    // given: the step has stopped again (2027 is still missing)
    await server.waitFor(async () => {
      await server.advance(30_000);
      return (await server.http.get('/api/incidents').set('Authorization', `Bearer ${admin.token}`)).body.total > 0;
    }, 'the step to stop again');
    const page = await signIn(admin);
    try {
      await page.goto(`${baseUrl}/manager/incidents`);
      const row = page.locator('.incidents-page tr.ant-table-row').filter({ hasText: applicationNumber });
      await row.waitFor();
      await row.getByRole('link', { name: '录入 2027 年安排后自动恢复' }).click();
      await page.waitForURL(`${baseUrl}/admin/holidays/2027`);
    } finally {
      await page.context().close();
    }
  });
});
