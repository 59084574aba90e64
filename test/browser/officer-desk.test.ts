import type { Browser, Page } from 'playwright-core';
import type { TestUser } from '../helpers/auth.js';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

describeInBrowser('the officers\' desk')('the officers\' desk in a real browser: tips, inspections, opening cases, guard certificates', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let station: TestUser;
  let caseOfficer: TestUser;
  let intake: TestUser;

  beforeAll(async () => {
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
    station = await server.officer('station-desk', ['station-440106']);
    caseOfficer = await server.officer('case-desk', ['case-440100']);
    intake = await server.officer('intake-desk', ['tip-intake-440100']);
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  /** A signed-in page of `user` on a desktop screen, in Chinese. */
  const signIn = async (user: TestUser): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('用户名').fill(user.id);
    await page.getByLabel('密码').fill(user.password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(`${baseUrl}/todo`);
    return page;
  };

  /** Chooses `option` of the antd select labelled `label` inside `scope`. */
  const choose = async (page: Page, label: string, option: string) => {
    await page.getByLabel(label, { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
  };

  it('lets a station officer plan an inspection of a unit in their district, placing the server\'s refusal of a bad credit code beside the field, then opens its case file and lists it', async () => {
    const page = await signIn(station);
    try {
      // when: the menu's 监督检查, then 制定检查计划
      await page.locator('.ant-menu').getByText('监督检查').click();
      await page.waitForURL(`${baseUrl}/desk/inspections`);
      await page.getByRole('button', { name: '制定检查计划' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('被检查单位名称').fill('广州天河检查保安服务有限公司');
      // 18 characters, so the page lets it through; its check digit is wrong, which only the server knows
      await dialog.getByLabel('统一社会信用代码（选填）').fill('914401011234567890');
      await choose(page, '所在地市', '广州市');
      await dialog.getByLabel('区县代码（选填）').fill('440106');
      await dialog.getByRole('button', { name: '确定并启动检查' }).click();

      // then: the server's complaint stands beside the credit code, and nothing was planned
      const creditCode = dialog.locator('.ant-form-item').filter({ hasText: '统一社会信用代码' });
      await creditCode.locator('.ant-form-item-explain-error').waitFor();
      expect(await creditCode.locator('.ant-form-item-explain-error').textContent()).toMatch(/统一社会信用代码/);
      expect((await server.http.get('/api/inspections').set('Authorization', `Bearer ${station.token}`)).body.total).toBe(0);
      await web.screenshot(page, 'desk-inspection-plan');

      // when: the officer leaves the credit code out and plans it
      await dialog.getByLabel('统一社会信用代码（选填）').fill('');
      await dialog.getByRole('button', { name: '确定并启动检查' }).click();

      // then: its case file opens, and the list has it, planned, for the station of the officer
      await page.waitForURL(/\/case-files\//);
      const listed = await server.http.get('/api/inspections').set('Authorization', `Bearer ${station.token}`);
      expect(listed.body.items).toEqual([expect.objectContaining({ unitName: '广州天河检查保安服务有限公司', regionCode: '440106', inspectorGroup: 'station-440106', kind: 'planned', status: 'planned' })]);
      expect(page.url()).toContain(`/case-files/${listed.body.items[0].processInstanceId}`);
      await page.goto(`${baseUrl}/desk/inspections`);
      const row = page.locator('.ant-table-row').filter({ hasText: '广州天河检查保安服务有限公司' });
      await row.waitFor();
      // the inspecting unit named by its place and kind, not by its group id
      await row.getByText('广州市（440106） · 派出所').waitFor();
      expect(await row.textContent()).toContain('待检查');
      await web.screenshot(page, 'desk-inspections');
    } finally {
      await page.context().close();
    }
  });

  it('lets a case officer open an administrative case and a criminal case, each opening its case file with the number the server gave', async () => {
    const page = await signIn(caseOfficer);
    try {
      await page.locator('.ant-menu').getByText('受案立案').click();
      await page.waitForURL(`${baseUrl}/desk/cases/new`);
      // an administrative case against a unit
      await page.getByLabel('当事人名称或姓名').fill('广州立案保安服务有限公司');
      await choose(page, '所在地市', '广州市');
      await page.getByLabel('区县代码（选填）').fill('440106');
      await page.getByLabel('涉嫌违法事实').fill('短');
      await page.getByRole('button', { name: '受案并立案' }).click();
      await page.getByText('请写明事实经过，至少 10 个字').waitFor();
      await page.getByLabel('涉嫌违法事实').fill('广州立案保安服务有限公司未取得保安服务许可证即在天河区承接保安业务。');
      await page.getByLabel('报案人或控告人（选填）').fill('张某');
      await web.screenshot(page, 'desk-open-case');
      await page.getByRole('button', { name: '受案并立案' }).click();
      await page.waitForURL(/\/case-files\//);
      const adminPid = page.url().split('/case-files/')[1]?.split('?')[0] ?? '';
      const started = await server.http.get('/api/workbench/started').set('Authorization', `Bearer ${caseOfficer.token}`);
      const admin = (started.body.items as Array<{ processInstanceId: string; kind: string; party: string }>).find((i) => i.processInstanceId === adminPid);
      expect(admin).toEqual(expect.objectContaining({ kind: 'admin-case', party: '广州立案保安服务有限公司' }));

      // a criminal case against a person
      await page.goto(`${baseUrl}/desk/cases/new`);
      await page.getByText('刑事案件', { exact: true }).click();
      await page.getByLabel('犯罪嫌疑人姓名').fill('钱某');
      await choose(page, '所在地市', '广州市');
      await page.getByLabel('涉嫌犯罪事实').fill('钱某以保安公司名义组织人员在天河区暴力讨债，致一人轻伤。');
      await page.getByRole('button', { name: '受案并立案' }).click();
      await page.waitForURL((url) => url.pathname.startsWith('/case-files/') && !url.pathname.endsWith(adminPid));
      const after = await server.http.get('/api/workbench/started').set('Authorization', `Bearer ${caseOfficer.token}`);
      expect((after.body.items as Array<{ kind: string; party: string }>).filter((i) => i.kind === 'criminal-case')).toEqual([expect.objectContaining({ party: '钱某' })]);
    } finally {
      await page.context().close();
    }
  });

  it('lists the tips of the intake officer\'s city without the complainant, and a row opens the tip\'s case file', async () => {
    const reported = await server.http.post('/api/public/tips').send({
      anonymous: false, confidential: true, complainant: { name: '李举报', phone: '13800138000' }, category: 'uncertified-guard',
      subject: { name: '广州无证上岗保安公司' }, regionCode: '440106', facts: '该公司安排未取得保安员证的人员在商场上岗执勤。',
    });
    expect(reported.status).toBe(201);
    const page = await signIn(intake);
    try {
      await page.locator('.ant-menu').getByText('举报线索').click();
      await page.waitForURL(`${baseUrl}/desk/tips`);
      // (the desk's own table: 待办, left behind, lists the tip's triage too)
      const row = page.locator('[data-page="desk-tips"] .ant-table-row').filter({ hasText: reported.body.trackingCode });
      await row.waitFor();
      const text = (await row.textContent()) ?? '';
      expect(text).toContain('广州无证上岗保安公司');
      expect(text).toContain('保安员无证上岗');
      expect(text).toContain('网上举报');
      expect(text).not.toContain('李举报');
      await web.screenshot(page, 'desk-tips');
      await row.locator(`[data-tip="${reported.body.trackingCode}"]`).click();
      await page.waitForURL(/\/case-files\//);
    } finally {
      await page.context().close();
    }
  });

  it('lets an intake officer register a tip received by phone for a named complainant, showing the code and secret once, which then track the tip', async () => {
    const page = await signIn(intake);
    try {
      await page.goto(`${baseUrl}/desk/tips`);
      await page.getByRole('link', { name: '登记举报' }).click();
      await page.waitForURL(`${baseUrl}/desk/tips/new`);
      await choose(page, '举报类型', '保安服务公司违规经营');
      await choose(page, '发生地（地市）', '广州市');
      await page.getByLabel('单位名称或人员姓名').fill('广州电话举报保安服务有限公司');
      await page.getByLabel('举报内容').fill('该公司拖欠保安员工资三个月，并扣押保安员身份证件。');
      await page.getByLabel('姓名', { exact: true }).fill('王来电');
      await page.getByLabel('联系电话').fill('13900139000');
      await web.screenshot(page, 'desk-tip-intake');
      await page.getByRole('button', { name: '提交举报' }).click();
      await page.getByText('举报已登记').waitFor();
      const code = (await page.getByTestId('tracking-code').textContent()) ?? '';
      const secret = (await page.getByTestId('tracking-secret').textContent()) ?? '';
      // then: the code and secret follow the tip, as the complainant will
      const tracked = await server.http.get(`/api/public/tips/${code}`).set('X-Tip-Secret', secret);
      expect(tracked.status).toBe(200);
      // and the tip is in the list, received by phone, its complainant kept confidential
      const listed = await server.http.get('/api/tips').set('Authorization', `Bearer ${intake.token}`);
      const tip = (listed.body.items as Array<{ id: string; trackingCode: string; channel: string }>).find((i) => i.trackingCode === code);
      expect(tip?.channel).toBe('phone');
      const detail = await server.http.get(`/api/tips/${tip?.id ?? ''}`).set('Authorization', `Bearer ${intake.token}`);
      expect(detail.body.confidential).toBe(true);
      await page.getByRole('link', { name: '返回举报线索' }).click();
      await page.locator('.ant-table-row').filter({ hasText: code }).getByText('电话举报', { exact: true }).waitFor();
    } finally {
      await page.context().close();
    }
  });

  it('looks a guard certificate up by resident ID, checking the number on the page, and says when there is none', async () => {
    const page = await signIn(caseOfficer);
    try {
      await page.locator('.ant-menu').getByText('保安员证查询').click();
      await page.waitForURL(`${baseUrl}/desk/certificates`);
      await page.getByLabel('公民身份号码', { exact: true }).fill('12345');
      await page.getByRole('button', { name: '查 询' }).or(page.getByRole('button', { name: '查询' })).click();
      await page.getByText('须为 18 位公民身份号码').waitFor();
      await page.getByLabel('公民身份号码', { exact: true }).fill('11010519491231002X');
      await page.getByRole('button', { name: '查 询' }).or(page.getByRole('button', { name: '查询' })).click();
      await page.locator('[data-result="none"]').waitFor();
      // the lookup is in the audit log, by ids only
      const lookups = await server.auth.audit.list({ action: 'certificate.lookup', actor: caseOfficer.id });
      expect(lookups.total).toBe(1);
    } finally {
      await page.context().close();
    }
  });
});
