import { jest } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestUser } from '../helpers/auth.js';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import { completeTask, creditCode, draftWithDocuments, PDF, permitApplicationData, residentId, waitForStatus } from '../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

// a whole permit procedure in a browser, with the real workers, on a machine shared with other suites
jest.setTimeout(240_000);

const USERNAME = 'huanan-security';
const PASSWORD = 'huanan-password-1';
const COMPANY = '广州华南平安保安服务有限公司';

describeInBrowser('the companies\' portal')('the companies\' portal in a real browser (register, apply, correct, download the permit, verify it; phone)', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let reviewer: TestUser;
  let approver: TestUser;
  let applicationId: string;

  beforeAll(async () => {
    // the business-registration clock of a permit granted now runs 6 months into 2027, a year the bundled holiday
    // calendar lacks; a supplementary calendar (HOLIDAY_CALENDAR_FILE's format) with New Year's Day stands in for it
    const calendar = join(mkdtempSync(join(tmpdir(), 'portal-calendar-')), 'calendar-2027.json');
    writeFileSync(calendar, JSON.stringify({ years: [2027], holidays: ['2027-01-01'], workdays: [] }));
    // Monday 2026-10-12, 10:00 in China
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z'), licensing: { holidayCalendarFile: calendar } });
    reviewer = await server.officer('portal-reviewer-gz', ['permit-reviewer-440100']);
    approver = await server.officer('portal-approver-gd', ['permit-approver-440000']);
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const screenshot = (page: Page, name: string) => web.screenshot(page, name);
  /** The form-js field labelled `label` (the n-th of that label). */
  const field = (page: Page, label: RegExp, n = 0) => page.getByLabel(label).nth(n);
  /** The error form-js shows beside the field labelled `label`. */
  const fieldError = (page: Page, label: RegExp, n = 0) => page.locator('.fjs-form-field-textfield', { has: page.getByLabel(label).nth(n) }).locator('.fjs-form-field-error');
  /** A token of the company (for reading through the API what the page shows). */
  const companyToken = async () => (await server.http.post('/api/auth/login').send({ username: USERNAME, password: PASSWORD })).body.token as string;

  const signedIn = async (context: BrowserContext): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel(/用户名|Username/).fill(USERNAME);
    await page.getByLabel(/密码|Password/).fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
    // the home page of a company is 我的申请
    await page.waitForURL(`${baseUrl}/company/applications`);
    return page;
  };

  it('registers a company, applies for a permit, answers a correction, downloads the issued permit and verifies it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC', acceptDownloads: true });
    const page = await context.newPage();
    try {
      // given: the login page links to the companies' registration
      await page.goto(`${baseUrl}/login`);
      await page.getByRole('link', { name: '企业注册' }).click();
      await page.waitForURL(`${baseUrl}/public/company/register`);
      await page.locator('.public-nav').getByRole('link', { name: '企业办事' }).waitFor();
      // the header names the part of the public pages the company is in
      await expect(page.locator('.public-name').textContent()).resolves.toBe('保安服务监管 · 企业办事');

      // when: the company registers with a credit code whose check character is wrong
      await page.getByLabel('单位名称').fill(COMPANY);
      const wrongCode = creditCode('91440106MA5HN0000');
      await page.getByLabel('统一社会信用代码').fill(`${wrongCode.slice(0, 17)}${wrongCode.endsWith('1') ? '2' : '1'}`);
      await page.getByLabel('区县代码（选填）').fill('440106');
      await page.getByLabel('住所（选填）').fill('广州市天河区天河路200号');
      await page.getByLabel('法定代表人（选填）').fill('陈明');
      await page.getByLabel('联系电话').fill('020-87654321');
      await page.getByLabel('用户名').fill(USERNAME);
      await page.getByLabel('经办人姓名').fill('林晓');
      await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
      await page.getByLabel('确认密码').fill(PASSWORD);
      await page.getByRole('button', { name: '注册并登录' }).click();
      // then: the server's objection is shown, in Chinese, beside the credit code, and nobody is registered
      await page.locator('.ant-form-item', { has: page.getByLabel('统一社会信用代码') }).locator('.ant-form-item-explain-error').filter({ hasText: '校验位不正确' }).waitFor();
      expect((await server.http.post('/api/auth/login').send({ username: USERNAME, password: PASSWORD })).status).toBe(401);
      await screenshot(page, 'company-register');

      // when: they correct it, they are registered, signed in and on 我的申请, which is empty
      await page.getByLabel('统一社会信用代码').fill(creditCode('91440106MA5HN0000'));
      await page.getByRole('button', { name: '注册并登录' }).click();
      await page.waitForURL(`${baseUrl}/company/applications`);
      await page.getByText('暂无申请').waitFor();
      await page.getByRole('menuitem', { name: /新建申请/ }).waitFor();
      await expect(page.getByRole('menuitem', { name: /待办/ }).count()).resolves.toBe(0);

      // when: they start a security company permit
      await page.getByRole('button', { name: /新建申请/ }).click();
      await page.waitForURL(`${baseUrl}/company/applications/new`);
      await page.locator('[data-procedure="security-company-permit"]').getByRole('button', { name: '开始办理' }).click();
      await page.waitForURL((url) => /^\/company\/applications\/[0-9a-f-]{36}$/.test(url.pathname));
      applicationId = page.url().split('/').pop() as string;
      await page.locator('.company-application[data-status="draft"]').waitFor();

      // and fill part of the application form and save the draft, then reopen it: what they typed is there
      await field(page, /^拟设公司名称/).fill(COMPANY);
      await field(page, /^住所所在地/).fill('440106');
      await field(page, /^住所/, 1).fill('广州市天河区天河路200号');
      await page.getByRole('button', { name: /保存草稿/ }).click();
      await page.getByText('已保存').waitFor();
      await page.reload();
      await page.locator('.company-application[data-status="draft"]').waitFor();
      await expect(field(page, /^拟设公司名称/).inputValue()).resolves.toBe(COMPANY);

      // and the rest, with a resident ID whose check digit is wrong (the pattern holds; only the server knows)
      await field(page, /^注册资本/).fill('1200');
      await page.getByLabel('门卫').check();
      await page.getByLabel('巡逻').check();
      const goodId = residentId('44010619800101123');
      const badId = `${goodId.slice(0, 17)}${goodId.endsWith('1') ? '2' : '1'}`;
      await field(page, /^姓名/, 0).fill('陈明');
      await field(page, /^公民身份号码/, 0).fill(badId);
      await field(page, /^相关工作年限/, 0).fill('12');
      await field(page, /^联系电话/, 0).fill('13800138000');
      await page.locator('.fjs-form-field-select').nth(0).click();
      await page.locator('.fjs-dropdownlist-item', { hasText: '总经理' }).first().click();
      await field(page, /^姓名/, 1).fill('林晓');
      await field(page, /^公民身份号码/, 1).fill(residentId('44010619850202234'));
      await field(page, /^相关工作年限/, 1).fill('8');
      await field(page, /^经营场所地址/).fill('广州市天河区天河路200号3楼');
      await page.locator('.fjs-form-field-select').nth(1).click();
      await page.locator('.fjs-dropdownlist-item', { hasText: '租赁' }).click();
      await field(page, /^联系人/).fill('林晓');
      await field(page, /^联系电话/, 1).fill('020-87654321');

      // when: they upload a file that is not a document, the server's objection is shown beside the item
      const articles = page.locator('[data-kind="articles-of-association"]');
      await articles.locator('input[type="file"]').setInputFiles({ name: 'articles.txt', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf at all') });
      await articles.locator('.company-upload-error').filter({ hasText: '文件类型不符' }).waitFor();
      // and every required document as a PDF
      const kinds = await page.locator('.company-checklist-item[data-supplied="false"]').evaluateAll((items) => items.map((i) => i.getAttribute('data-kind') as string));
      expect(kinds).toHaveLength(8);
      for (const kind of kinds) {
        await page.locator(`[data-kind="${kind}"] input[type="file"]`).setInputFiles({ name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: PDF });
        await page.locator(`[data-kind="${kind}"][data-supplied="true"]`).waitFor();
      }
      await page.locator('[data-missing="0"]').waitFor();
      // a document can be removed and uploaded again
      await page.locator('[data-kind="premises-proof"]').getByRole('button', { name: /删除/ }).click();
      await page.getByRole('button', { name: '删 除' }).click();
      await page.locator('[data-kind="premises-proof"][data-supplied="false"]').waitFor();
      await page.locator('[data-kind="premises-proof"] input[type="file"]').setInputFiles({ name: 'lease.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.locator('[data-kind="premises-proof"][data-supplied="true"]').waitFor();
      await screenshot(page, 'company-application-form');

      // when: they submit, the server rejects the resident ID and says so beside the field; nothing is submitted
      await page.getByRole('button', { name: /提交申请/ }).click();
      await fieldError(page, /^公民身份号码/, 0).filter({ hasText: '校验位不正确' }).waitFor();
      await expect(fieldError(page, /^公民身份号码/, 1).count()).resolves.toBe(0);
      await page.locator('.company-application[data-status="draft"]').waitFor();

      // when: they correct it and submit, the application is numbered and the acceptance clock runs
      await field(page, /^公民身份号码/, 0).fill(goodId);
      await page.getByRole('button', { name: /提交申请/ }).click();
      await page.locator('.company-application[data-status="submitted"]').waitFor();
      await expect(page.locator('.company-number').textContent()).resolves.toMatch(/^SQ2026440100\d{6}$/);
      // (a worker starts the clock after the submission; the page shows it once it runs)
      const reader = await companyToken();
      await server.waitFor(async () => ((await server.http.get(`/api/applications/${applicationId}`).set('Authorization', `Bearer ${reader}`)).body.clocks?.length ?? 0) > 0, 'the acceptance clock');
      await page.reload();
      await page.locator('.company-clock[data-clock="acceptance"]').waitFor();
      await expect(page.locator('.company-clock[data-clock="acceptance"] .company-remaining').textContent()).resolves.toBe('剩余 5 个工作日');
      await page.locator('.company-clock[data-clock="acceptance"] [data-colour="normal"]').waitFor();
      await screenshot(page, 'company-application-status');

      // when: the reviewer asks for a correction
      const token = await companyToken();
      const submitted = await server.http.get(`/api/applications/${applicationId}`).set('Authorization', `Bearer ${token}`);
      const pid = submitted.body.processInstanceId as string;
      expect((await completeTask(server, reviewer, pid, 'Task_AcceptanceCheck', {
        acceptanceDecision: 'correct', correctionItems: '公司章程：缺少全体股东签字\n住所使用证明：租赁合同已过期', acceptanceReason: '材料不齐全',
      })).status).toBe(200);
      await waitForStatus(server, token, applicationId, 'correction-requested');

      // then: the company sees it in its list and, on the application, what to correct and the correction clock
      await page.goto(`${baseUrl}/company/applications`);
      await page.locator(`tr[data-application="${applicationId}"] [data-status="correction-requested"]`).waitFor();
      await page.locator(`tr[data-application="${applicationId}"]`).click();
      await page.locator('.company-application[data-status="correction-requested"]').waitFor();
      await page.locator('.company-correction-items li', { hasText: '公司章程：缺少全体股东签字' }).waitFor();
      await page.locator('.company-correction-items li', { hasText: '住所使用证明：租赁合同已过期' }).waitFor();
      await page.locator('.company-clock[data-clock="correction"]').waitFor();
      await page.locator('.official-documents, .company-official [data-document-type="correction-notice"]').waitFor();
      await screenshot(page, 'company-correction-requested');

      // when: they upload the corrected documents, explain, and send the correction
      await page.locator('[data-kind="articles-of-association"] input[type="file"]').setInputFiles({ name: 'articles-signed.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.locator('[data-kind="articles-of-association"] .company-file', { hasText: 'articles-signed.pdf' }).waitFor();
      await page.locator('[data-kind="premises-proof"] input[type="file"]').setInputFiles({ name: 'lease-2027.pdf', mimeType: 'application/pdf', buffer: PDF });
      await page.locator('[data-kind="premises-proof"] .company-file', { hasText: 'lease-2027.pdf' }).waitFor();
      await page.getByLabel('补正说明').fill('已补充全体股东签字的公司章程和续签的租赁合同');
      await page.getByRole('button', { name: /提交补正材料/ }).click();
      await page.locator('.company-application[data-status="submitted"]').waitFor();
      await page.locator('.company-history-note', { hasText: '补正材料：已补充全体股东签字的公司章程和续签的租赁合同' }).waitFor();

      // when: the officers accept, review and grant (through the API)
      expect((await completeTask(server, reviewer, pid, 'Task_AcceptanceCheck', { acceptanceDecision: 'accept', acceptanceReason: '材料齐全，予以受理' })).status).toBe(200);
      expect((await completeTask(server, reviewer, pid, 'Task_CityReview', { screeningConfirmed: true, reviewOpinion: 'agree', reviewReason: '符合设立条件' })).status).toBe(200);
      expect((await completeTask(server, approver, pid, 'Task_Decision', { decision: 'grant', decisionReason: '符合《保安服务管理条例》第八条规定的条件' })).status).toBe(200);
      const granted = await waitForStatus(server, token, applicationId, 'granted');
      await server.waitFor(async () => ((await server.http.get(`/api/applications/${applicationId}`).set('Authorization', `Bearer ${token}`)).body.officialDocuments as Array<{ type: string }>)
        .some((d) => d.type === 'security-service-permit'), 'the permit to be issued');

      // then: the company sees the decision and downloads the permit from its page
      await page.reload();
      await page.locator('.company-application[data-status="granted"]').waitFor();
      await expect(page.locator('.company-permit').textContent()).resolves.toBe(granted['permit'].number);
      const [file] = await Promise.all([page.waitForEvent('download'), page.locator('[data-download="security-service-permit"]').click()]);
      const html = await readFile(await file.path(), 'utf8');
      expect(file.suggestedFilename()).toMatch(/^保安服务许可证-.+\.html$/);
      expect(html).toContain(COMPANY);
      const number = file.suggestedFilename().replace(/^保安服务许可证-/, '').replace(/\.html$/, '');
      const code = /校验码[^A-Z0-9]*([A-Z0-9]{8})/.exec(html)?.[1] as string;
      expect(code).toBeDefined();

      // and anyone checks it on the public verification page: first with a wrong code, then from the QR link
      const visitor = await context.newPage();
      await visitor.goto(`${baseUrl}/public/verify`);
      await expect(visitor.locator('.public-name').textContent()).resolves.toBe('保安服务监管 · 文书核验');
      await visitor.getByLabel('文书编号').fill(number);
      await visitor.getByLabel('校验码').fill('AAAAAAAA');
      await visitor.getByRole('button', { name: /核\s*验/ }).click();
      await visitor.locator('.verify-result[data-outcome="not-found"]').waitFor();
      await visitor.goto(`${baseUrl}/public/verify?number=${encodeURIComponent(number)}&code=${code.toLowerCase()}`);
      const result = visitor.locator('.verify-result[data-outcome="valid"]');
      await result.waitFor();
      await result.getByText('核验通过').waitFor();
      await result.getByText(COMPANY).waitFor();
      await result.getByText('保安服务许可证').waitFor();
      await result.getByText('广东省公安厅').waitFor();
      await result.locator('[data-licence-status="issued"]').getByText(granted['permit'].number).waitFor();
      await screenshot(visitor, 'company-verify-valid');

      // and the company's page asks for the business registration (工商登记) the permit awaits, by its date
      const registration = page.locator('.company-registration');
      await registration.getByText(/请于 2027\/04\/\d\d \d\d:\d\d 前凭许可证办理工商登记/).waitFor();
      await screenshot(page, 'company-business-registration');

      // when: the company reports a credit code that is not one, then its real one
      await registration.getByLabel('统一社会信用代码').fill('91440101');
      await registration.getByRole('button', { name: /报告工商登记/ }).click();
      await registration.getByText('须为 18 位统一社会信用代码').waitFor();
      await registration.getByLabel('统一社会信用代码').fill(creditCode('91440106MA5HN0000'));
      await registration.getByRole('button', { name: /报告工商登记/ }).click();

      // then: the report is confirmed, and the permit comes into force with every clock stopped
      await page.locator('.ant-message').getByText('已报告工商登记，许可证即将生效').waitFor();
      const registered = await waitForStatus(server, token, applicationId, 'registered');
      expect(registered['permit'].status).toBe('active');
      expect(registered['clocks'].every((c: { status: string }) => c.status === 'stopped')).toBe(true);
      await page.reload();
      await page.locator('.company-application[data-status="registered"]').waitFor();
      await expect(page.locator('.company-registration').count()).resolves.toBe(0);
      await screenshot(page, 'company-permit-in-force');
    } finally {
      await context.close();
    }
  });

  it('shows the list and the status page on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'UTC' });
    // given: a second application of the company, just submitted (through the API), on its acceptance clock
    const token = await companyToken();
    const second = await draftWithDocuments(server, { userId: USERNAME, organisationId: '', token }, 'security-company-permit', permitApplicationData({ companyName: '广州华南平安押运有限公司' }));
    expect((await server.http.post(`/api/applications/${second}/submit`).set('Authorization', `Bearer ${token}`)).status).toBe(200);
    await server.waitFor(async () => (await server.http.get(`/api/applications/${second}`).set('Authorization', `Bearer ${token}`)).body.clocks.length > 0, 'the acceptance clock');
    const page = await signedIn(context);
    try {
      // the list is a column of cards with status and clock, none wider than the screen
      await page.locator(`.company-card[data-application="${second}"] .company-clock[data-clock="acceptance"]`).getByText('剩余 5 个工作日').waitFor();
      const card = page.locator(`.company-card[data-application="${applicationId}"]`);
      await card.waitFor();
      await card.locator('[data-status="registered"]').waitFor();
      await screenshot(page, 'company-applications-phone');
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

      // the status page: stage, history and the issued documents fit the screen
      await card.click();
      await page.locator('.company-application[data-status="registered"]').waitFor();
      await page.locator('.company-official [data-document-type="security-service-permit"]').waitFor();
      await page.locator('.company-history-item[data-status="correction-requested"]').waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      await screenshot(page, 'company-status-phone');
    } finally {
      await context.close();
    }
  });

  it('keeps the unsaved edits of an application when the session expires, restores them after the login, and forgets them once saved or discarded', async () => {
    // given: a draft application of the company, opened in the browser
    const token = await companyToken();
    const id = await draftWithDocuments(server, { userId: USERNAME, organisationId: '', token }, 'security-company-permit', permitApplicationData({ companyName: '广州华南平安护卫有限公司' }));
    const draftKey = `application-draft:${USERNAME}:${id}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await signedIn(context);
    try {
      await page.goto(`${baseUrl}/company/applications/${id}`);
      await page.locator('.company-application[data-status="draft"]').waitFor();
      await expect(field(page, /^拟设公司名称/).inputValue()).resolves.toBe('广州华南平安护卫有限公司');

      // when: they change the company's name, without saving
      await field(page, /^拟设公司名称/).fill('广州华南平安安保服务有限公司');
      await page.waitForFunction(`(localStorage.getItem(${JSON.stringify(draftKey)}) ?? '').includes('广州华南平安安保服务有限公司')`);

      // and the server stops accepting the session meanwhile (the account is disabled, then enabled again)
      await server.auth.identity.setDisabled(USERNAME, true);
      await page.reload();
      await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === `/company/applications/${id}`);
      await page.getByText('登录已失效，请重新登录').waitFor();
      await server.auth.identity.setDisabled(USERNAME, false);
      await page.getByLabel(/用户名|Username/).fill(USERNAME);
      await page.getByLabel(/密码|Password/).fill(PASSWORD);
      await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();

      // then: back on the application, with a notice and the edit restored
      await page.waitForURL(`${baseUrl}/company/applications/${id}`);
      await page.locator('.company-kept-edits[data-draft="restored"]').waitFor();
      await expect(field(page, /^拟设公司名称/).inputValue()).resolves.toBe('广州华南平安安保服务有限公司');
      await screenshot(page, 'company-kept-edits');

      // when: they save, the edit is the application's and the browser forgets it
      await page.getByRole('button', { name: /保存草稿/ }).click();
      await page.getByText('已保存').waitFor();
      await page.waitForFunction(`localStorage.getItem(${JSON.stringify(draftKey)}) === null`);
      const saved = await server.http.get(`/api/applications/${id}`).set('Authorization', `Bearer ${await companyToken()}`);
      expect(saved.body.data.companyName).toBe('广州华南平安安保服务有限公司');
      await expect(page.locator('.company-kept-edits').count()).resolves.toBe(0);

      // when: they edit again, come back later and discard the kept edit, the form shows what was saved
      await field(page, /^拟设公司名称/).fill('广州另一个名称保安服务有限公司');
      await page.waitForFunction(`(localStorage.getItem(${JSON.stringify(draftKey)}) ?? '').includes('广州另一个名称保安服务有限公司')`);
      await page.reload();
      await page.locator('.company-kept-edits[data-draft="restored"]').waitFor();
      await expect(field(page, /^拟设公司名称/).inputValue()).resolves.toBe('广州另一个名称保安服务有限公司');
      await page.locator('[data-action="discard-draft"]').click();
      await page.waitForFunction(`localStorage.getItem(${JSON.stringify(draftKey)}) === null`);
      await server.waitFor(async () => (await field(page, /^拟设公司名称/).inputValue()) === '广州华南平安安保服务有限公司', 'the saved name back in the form');

      // when: they edit once more and log out, confirming they leave the unsaved edit
      await field(page, /^拟设公司名称/).fill('广州第三个名称保安服务有限公司');
      await page.waitForFunction(`(localStorage.getItem(${JSON.stringify(draftKey)}) ?? '').includes('广州第三个名称保安服务有限公司')`);
      const othersDraft = `application-draft:other-company:${id}`;
      await page.evaluate(`localStorage.setItem(${JSON.stringify(othersDraft)}, JSON.stringify({ content: {}, savedAt: new Date().toISOString() }))`);
      await page.getByRole('button', { name: /退出登录/ }).click();
      await page.locator('[data-action="leave"]').click();
      await page.waitForURL((url) => url.pathname === '/login');
      // then: nothing of theirs stays in the browser (a shared computer), while other users' drafts are left alone
      await expect(page.evaluate(`Object.keys(localStorage).filter((k) => k.includes(${JSON.stringify(`:${USERNAME}:`)}))`)).resolves.toEqual([]);
      await expect(page.evaluate(`localStorage.getItem(${JSON.stringify(othersDraft)}) !== null`)).resolves.toBe(true);
    } finally {
      await context.close();
    }
  });
});
