import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import type { TestUser } from '../helpers/auth.js';
import { residentId } from '../helpers/licensing-fixtures.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';
import type { DeliveryResult, NotificationChannel, OutboundMessage } from '../../src/notifications/index.js';

jest.setTimeout(120_000);

/** An SMS gateway whose account has lapsed until the test renews it: a delivery service we do not own. */
class LapsedGateway implements NotificationChannel {
  readonly name = 'sms' as const;
  renewed = false;
  deliver(_message: OutboundMessage): Promise<DeliveryResult> {
    return Promise.resolve(this.renewed ? { status: 'sent' } : { status: 'failed', error: 'account suspended: arrears', retryable: false });
  }
}

describeInBrowser('the administration pages')('the administration pages in a real browser (users, roles, jurisdictions, records register, audit log)', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let admin: TestUser;
  let adminPage: Page;
  const gateway = new LapsedGateway();

  const NEW_USER = { id: 'reviewer-gz', name: '审批民警张三', password: 'gz-reviewer-2026!' };

  beforeAll(async () => {
    // given: the system with an administrator, on a working day the holiday calendar covers
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z'), notificationChannels: { sms: gateway } });
    admin = await server.officer('admin-web', ['admin']);
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'UTC', acceptDownloads: true });
    adminPage = await context.newPage();
    await adminPage.goto(`${baseUrl}/admin/users`);
    await logIn(adminPage, admin.id, admin.password);
    await adminPage.waitForURL((url) => url.pathname === '/admin/users');
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const screenshot = (page: Page, name: string) => web.screenshot(page, name);

  async function logIn(page: Page, username: string, password: string) {
    await page.getByLabel(/用户名|Username/).fill(username);
    await page.getByLabel(/密码|Password/).fill(password);
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  }

  /** Chooses `option` of the antd select labelled `label`. */
  async function choose(page: Page, label: string, option: string | RegExp) {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText(option, { exact: typeof option === 'string' }).click();
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'detached' });
  }

  it('creates a user with the role 审批民警 in 广州市, who logs in to the officers\' menu; once disabled, their next request sends them to the login', async () => {
    const page = adminPage;
    await page.getByRole('menuitem', { name: /用户管理/ }).waitFor();
    await expect(page.getByRole('menuitem', { name: /审计日志/ }).isVisible()).resolves.toBe(true);

    // when: the administrator creates the user, choosing the role and the jurisdiction that make its group
    await page.getByRole('button', { name: /新建用户/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill(NEW_USER.id);
    await dialog.getByLabel('姓名').fill(NEW_USER.name);
    await dialog.getByLabel('初始密码').fill('short');
    await dialog.getByLabel('确认密码').fill('short');
    await choose(page, '角色', '审批民警');
    await dialog.getByRole('combobox', { name: '辖区', exact: true }).click();
    await page.locator('.ant-select-tree').getByText('广州市（440100）').click();
    await dialog.getByTestId('add-group').click();
    const tag = dialog.locator('[data-group="permit-reviewer-440100"]');
    await tag.waitFor();
    await expect(tag.textContent()).resolves.toBe('审批民警 · 广州市（440100）');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    // the password rules are checked before anything is sent
    await dialog.getByText('密码至少 10 位').waitFor();
    await dialog.getByLabel('初始密码').fill(NEW_USER.password);
    await dialog.getByLabel('确认密码').fill(NEW_USER.password);
    await screenshot(page, 'admin-user-create');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    // then: the user is listed with the role the group gives
    const roles = page.locator(`[data-user-roles="${NEW_USER.id}"]`);
    await roles.waitFor();
    await expect(roles.textContent()).resolves.toBe('审批民警 · 广州市（440100）');
    expect(await server.auth.identity.groupIdsOf(NEW_USER.id)).toEqual(['permit-reviewer-440100']);
    // until the user changes it, the password is the administrator's: shown, as the box was ticked by default
    await page.locator('tr', { has: roles }).locator('[data-user-flag="password-change-required"]').waitFor();
    await screenshot(page, 'admin-users');
    // the workers' technical account offers neither a password nor disabling, which the server refuses
    const workerRow = page.locator('tr[data-row-key="worker"]');
    await workerRow.getByRole('button', { name: /修\s*改/ }).waitFor();
    await expect(workerRow.getByRole('button', { name: /停\s*用|重置密码/ }).count()).resolves.toBe(0);

    // when: the new user logs in, they change the password the administrator chose first, then see the officers' menu
    const userContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const userPage = await userContext.newPage();
    try {
      await userPage.goto(`${baseUrl}/`);
      await logIn(userPage, NEW_USER.id, NEW_USER.password);
      await userPage.waitForURL((url) => url.pathname === '/account');
      await userPage.locator('[data-notice="password-change-required"]').waitFor();
      await expect(userPage.getByRole('menuitem', { name: /待办/ }).count()).resolves.toBe(0);
      await screenshot(userPage, 'account-first-login');
      await userPage.getByLabel('当前密码').fill(NEW_USER.password);
      await userPage.getByLabel('新密码', { exact: true }).fill('审批民警张三自己的密码');
      await userPage.getByLabel('确认新密码').fill('审批民警张三自己的密码');
      await userPage.locator('[data-action="change-password"]').click();
      await userPage.waitForURL((url) => url.pathname === '/todo');
      await userPage.getByRole('menuitem', { name: /待办/ }).waitFor();
      await expect(userPage.getByRole('menuitem', { name: /用户管理/ }).count()).resolves.toBe(0);
      await screenshot(userPage, 'admin-new-user-todo');

      // when: the administrator disables the user
      const row = page.locator('tr', { has: page.locator(`[data-user-roles="${NEW_USER.id}"]`) });
      await row.getByRole('button', { name: /停\s*用/ }).click();
      await page.locator('.ant-popover').getByRole('button', { name: /确\s*定/ }).click();
      await row.getByText('已停用').waitFor();

      // then: the user's next request sends them to the login, saying the session ended
      await userPage.getByRole('menuitem', { name: /已办/ }).click();
      await userPage.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('expired') === '1');
      await userPage.getByText('登录已失效，请重新登录').waitFor();
    } finally {
      await userContext.close();
    }
  });

  it('shows the permission table in Chinese (and in English), read-only', async () => {
    const page = adminPage;
    await page.getByRole('menuitem', { name: /角色权限/ }).click();
    const reviewer = page.locator('tr', { has: page.locator('[data-role="permit-reviewer"]') });
    await reviewer.waitFor();
    await expect(reviewer.textContent()).resolves.toContain('审批民警');
    await expect(reviewer.locator('[data-permission="certificate.revoke"]').textContent()).resolves.toContain('提请吊销保安员证');
    await screenshot(page, 'admin-roles');

    // in English, the roles and permissions are named in English
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Roles and permissions' }).waitFor();
    await expect(reviewer.textContent()).resolves.toContain('Permit reviewer');
    await expect(reviewer.locator('[data-permission="certificate.revoke"]').textContent()).resolves.toContain('Propose certificate revocation');
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '角色权限' }).waitFor();
  });

  it('adds a district under 广州市, showing the server\'s objection to a bad code beside the field', async () => {
    const page = adminPage;
    await page.getByRole('menuitem', { name: /辖区管理/ }).click();
    await page.locator('[data-unit="440100"]').click();
    const form = page.getByTestId('add-unit');
    await form.getByLabel('辖区代码').fill('4401xx');
    await form.getByLabel('单位名称').fill('天河区');
    await form.getByRole('button', { name: /新\s*增/ }).click();
    await form.locator('.ant-form-item-explain-error').filter({ hasText: '须为 6 位行政区划代码' }).waitFor();
    await screenshot(page, 'admin-jurisdiction-error');

    await form.getByLabel('辖区代码').fill('440106');
    await form.getByLabel('公安机关名称（选填）').fill('广州市公安局天河区分局');
    await form.getByRole('button', { name: /新\s*增/ }).click();
    await page.locator('[data-unit="440106"]').waitFor();
    await expect(page.locator('.unit-card').first().textContent()).resolves.toContain('广州市公安局天河区分局');
    await screenshot(page, 'admin-jurisdictions');
  });

  it('imports a CSV file: a file with bad rows imports nothing and lists them; the corrected file imports its rows', async () => {
    const page = adminPage;
    await page.getByRole('menuitem', { name: /不良记录库/ }).click();
    await page.getByRole('heading', { name: '不良记录库' }).waitFor();

    // the template offers the header the import expects
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('records-template').click()]);
    const template = await download.createReadStream().then(async (stream) => {
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    });
    expect(template.replace(/^\uFEFF/, '').trim()).toBe('身份证号,姓名,记录类型,发生日期,备注');

    // when: a file with two good rows and two bad ones is imported
    const good = [`${residentId('44010619850312001')},李四,行政拘留,2021-03-05,寻衅滋事`, `${residentId('44010619900101002')},王五,故意犯罪刑事处罚,2019-07-20,`];
    const bad = ['440106198503120019,赵六,行政拘留,2021-03-05,', `${residentId('44010619800101003')},钱七,罚款,2020-01-01,`];
    const header = template.replace(/^\uFEFF/, '').trim();
    await page.locator('.import-card input[type=file]').setInputFiles({ name: '记录-有误.csv', mimeType: 'text/csv', buffer: Buffer.from([header, good[0], bad[0], good[1], bad[1]].join('\n')) });

    // then: nothing is imported, and the report names the lines, columns and reasons
    const report = page.getByTestId('import-report');
    await report.waitFor();
    await expect(report.textContent()).resolves.toContain('记录-有误.csv 有 2 处错误，未导入任何记录');
    const lines = await report.locator('tbody tr.ant-table-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((c) => c.textContent)));
    expect(lines).toEqual([['3', '身份证号'], ['5', '记录类型']]);
    await screenshot(page, 'admin-records-report');
    expect((await server.http.get('/api/records').set('Authorization', `Bearer ${admin.token}`)).body.total).toBe(0);

    // when: the corrected file is imported
    await page.locator('.import-card input[type=file]').setInputFiles({ name: '记录.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...good].join('\n')) });

    // then: both rows are imported and listed
    await page.getByTestId('import-result').filter({ hasText: '新增 2 条' }).waitFor();
    await page.locator('tr', { hasText: '李四' }).waitFor();
    await expect(page.locator('tr', { hasText: '王五' }).textContent()).resolves.toContain('故意犯罪刑事处罚');
    await screenshot(page, 'admin-records');

    // when: the register is searched by name
    await page.locator('.admin-filters').getByLabel('姓名').fill('李四');
    await page.locator('.admin-filters').getByRole('button', { name: /查\s*询/ }).click();

    // then: only that person is listed, and the name stays out of the address (and so out of the browser's history)
    await page.waitForFunction('document.querySelectorAll(".ant-table-tbody tr.ant-table-row").length === 1');
    await page.locator('tr', { hasText: '李四' }).waitFor();
    await expect(page.locator('tr', { hasText: '王五' }).count()).resolves.toBe(0);
    expect(new URL(page.url()).search).not.toContain(encodeURIComponent('李四'));
    expect(new URL(page.url()).searchParams.get('name')).toBeNull();
  });

  it('finds the creation of the user in the audit log, shows its details and finds the chain intact', async () => {
    const page = adminPage;
    await page.getByRole('menuitem', { name: /审计日志/ }).click();
    await page.getByPlaceholder('user.create').fill('user.create');
    await page.getByLabel('对象标识').fill(NEW_USER.id);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL((url) => url.searchParams.get('action') === 'user.create');
    // then: the one entry of the filter is the administrator's creation of the user
    await page.waitForFunction('document.querySelectorAll("tr[data-sequence]").length === 1');
    const row = page.locator('tr[data-sequence]', { has: page.locator('[data-action="user.create"]'), hasText: `user ${NEW_USER.id}` });
    await expect(row.textContent()).resolves.toContain(admin.id);
    await row.getByRole('button', { name: /详\s*情/ }).click();
    await expect(page.getByTestId('audit-details').textContent()).resolves.toContain(`"name": "${NEW_USER.name}"`);
    await screenshot(page, 'admin-audit-entry');
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: /校验日志完整性/ }).click();
    const intact = page.locator('[data-chain="intact"]');
    await intact.waitFor();
    await expect(intact.textContent()).resolves.toMatch(/审计日志完整：已校验 \d+ 条记录/);
    await screenshot(page, 'admin-audit');

    // an address with a period (a link, a reload) shows that period in the date picker
    await page.goto(`${baseUrl}/admin/audit?action=user.create&from=${encodeURIComponent('2026-10-01T00:00:00.000Z')}&to=${encodeURIComponent('2026-10-31T23:59:59.999Z')}`);
    await page.getByRole('heading', { name: '审计日志' }).waitFor();
    const period = page.locator('.admin-filters .ant-picker-range input');
    await page.waitForFunction('document.querySelector(".admin-filters .ant-picker-range input")?.value === "2026-10-01 00:00"');
    await expect(period.nth(1).inputValue()).resolves.toBe('2026-10-31 23:59');
    await expect(page.getByPlaceholder('user.create').inputValue()).resolves.toBe('user.create');
  });

  it('lists a failed SMS delivery with its reason and sends it again', async () => {
    // given: an urge to an officer that went out by SMS while the gateway refused it
    const officer = await server.officer('station-sms', ['station-440106']);
    await server.http.put('/api/me/notification-settings').set('Authorization', `Bearer ${officer.token}`).send({ mobile: '13800138000', smsKinds: ['urge'] }).expect(200);
    await server.licensing.services.notifications.send({ recipientType: 'user', recipient: officer.id, kind: 'urge', title: '请尽快办理许可审查', body: '请尽快办理许可审查。', applicationId: null, subject: { kind: 'task-list', id: 'todo' }, idempotencyKey: 'urge-web' });
    await server.notifications.dispatcher.runOnce();

    // when: the administrator opens the deliveries, which show the failed ones first
    const page = adminPage;
    await page.getByRole('menuitem', { name: /消息发送记录/ }).click();
    const row = page.locator('tr', { hasText: '请尽快办理许可审查' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('account suspended: arrears');
    await expect(row.textContent()).resolves.toContain('发送失败');
    await screenshot(page, 'admin-deliveries');

    // when: the gateway works again and the administrator sends the delivery again
    gateway.renewed = true;
    await row.getByRole('button', { name: /重新发送/ }).click();

    // then: it leaves the failed list, and the dispatcher's next pass sends it
    await page.getByText('已重新排队发送给 station-sms 的消息').waitFor();
    await row.waitFor({ state: 'detached' });
    await server.notifications.dispatcher.runOnce();
    const sent = await server.http.get('/api/admin/notification-deliveries').query({ status: 'sent' }).set('Authorization', `Bearer ${admin.token}`);
    expect(sent.body.items).toEqual([expect.objectContaining({ userId: officer.id, channel: 'sms', status: 'sent' })]);
  });

  it('fits the user dialog with its role and jurisdiction pickers on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'UTC', isMobile: true, hasTouch: true });
    const page = await context.newPage();
    try {
      await page.goto(`${baseUrl}/admin/users`);
      await logIn(page, admin.id, admin.password);
      await page.waitForURL((url) => url.pathname === '/admin/users');
      await page.getByRole('button', { name: /新建用户/ }).click();
      const dialog = page.getByRole('dialog');
      await choose(page, '角色', '审批民警');
      const scope = dialog.getByRole('combobox', { name: '辖区', exact: true });
      await scope.waitFor();
      for (const box of [await dialog.boundingBox(), await scope.boundingBox(), await dialog.getByTestId('add-group').boundingBox()]) {
        expect(box).not.toBeNull();
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
      }
      await screenshot(page, 'admin-user-create-phone');
    } finally {
      await context.close();
    }
  });
});
