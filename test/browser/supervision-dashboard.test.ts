import { jest } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestUser } from '../helpers/auth.js';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

// whole procedures through HTTP with real workers, a clock the test moves, and a browser
jest.setTimeout(120_000);

const DAY = 24 * 3600_000;

describeInBrowser('the supervision dashboard')('the supervision dashboard and process view in a real browser (colours, overdue, figures, CSV, diagram, phone)', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let leader: TestUser;
  let caseOfficer: TestUser;
  const opened = {} as Record<'tianhe' | 'yuexiu' | 'criminal' | 'tip' | 'shenzhen', { pid: string; number: string }>;

  beforeAll(async () => {
    // given: Monday 2026-10-12, 10:00 in China. A Guangzhou leader who also heads the city's tip intake, two
    // administrative cases under investigation (one claimed), a criminal case in filing review and an anonymous tip
    // awaiting triage in Guangzhou, and an administrative case in Shenzhen the leader must not see
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
    leader = await server.officer('leader-dash', ['leader-440100', 'tip-intake-440100']);
    caseOfficer = await server.officer('case-dash', ['case-440100']);
    const shenzhenOfficer = await server.officer('case-dash-sz', ['case-440300']);
    // the districts of the cases in the jurisdiction tree, so that the dashboard names them and offers them as filters
    const admin = await server.officer('admin-dash', ['admin']);
    for (const unit of [{ code: '440104', name: '越秀区' }, { code: '440106', name: '天河区' }]) {
      const added = await server.http.post('/api/admin/jurisdictions').set('Authorization', `Bearer ${admin.token}`).send(unit);
      expect([201, 409]).toContain(added.status);
    }

    opened['tianhe'] = await openCase(caseOfficer, '广州天河看板保安服务有限公司', '440106');
    opened['yuexiu'] = await openCase(caseOfficer, '广州越秀看板保安服务有限公司', '440104');
    opened['criminal'] = await openCriminalCase();
    opened['tip'] = await reportTip();
    opened['shenzhen'] = await openCase(shenzhenOfficer, '深圳看板保安服务有限公司', '440304');
    for (const name of ['tianhe', 'yuexiu', 'shenzhen'] as const) await server.waitForTask(opened[name].pid, 'Task_Investigate');
    await server.waitForTask(opened['criminal'].pid, 'Task_FilingReview');
    const claimed = await server.waitForTask(opened['yuexiu'].pid, 'Task_Investigate');
    expect((await server.http.post(`/api/workbench/tasks/${claimed}/claim`).set('Authorization', `Bearer ${caseOfficer.token}`).send({})).status).toBe(200);
    await server.waitFor(async () => (await clocksOf(leader)).length === 4, 'the four Guangzhou clocks started');

    // nine days later, Wednesday 2026-10-21: the tip's 24-hour triage and the criminal 3-day filing review are
    // overdue (red), the 30-day investigations are not
    await server.advance(9 * DAY);

    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 120_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  async function clocksOf(user: TestUser): Promise<Array<{ colour: string; number: string; overdue: boolean }>> {
    const res = await server.http.get('/api/supervision/clocks').query({ limit: 500 }).set('Authorization', `Bearer ${user.token}`);
    expect(res.status).toBe(200);
    return res.body.items;
  }

  async function openCase(officer: TestUser, party: string, regionCode: string) {
    const res = await server.http.post('/api/cases').set('Authorization', `Bearer ${officer.token}`)
      .send({ party: { kind: 'unit', name: party }, regionCode, facts: `${party}未经备案在本市提供保安服务。` });
    expect(res.status).toBe(201);
    return { pid: res.body.processInstanceId as string, number: res.body.number as string };
  }

  async function openCriminalCase() {
    const res = await server.http.post('/api/criminal-cases').set('Authorization', `Bearer ${caseOfficer.token}`)
      .send({ suspect: { name: '赵某' }, regionCode: '440106', facts: '赵某以保安公司名义非法拘禁他人，持续两日。' });
    expect(res.status).toBe(201);
    return { pid: res.body.processInstanceId as string, number: res.body.number as string };
  }

  async function reportTip() {
    const res = await server.http.post('/api/public/tips').send({
      anonymous: true, category: 'guard-misconduct', subject: { name: '某商场保安' }, regionCode: '440106',
      facts: '2026年10月10日晚，商场保安以搜身为由限制一名顾客离开，持续约半小时。',
    });
    expect(res.status).toBe(201);
    const code = res.body.trackingCode as string;
    const instance = await server.waitFor(async () => {
      const list = await server.http.get('/engine-rest/process-instance').query({ businessKey: code }).set('Authorization', server.engineAuthorization());
      return (list.body as Array<{ id: string }>)[0];
    }, 'the process of the tip');
    await server.waitForTask(instance.id, 'Task_Triage');
    return { pid: instance.id, number: code };
  }

  const signedIn = async (context: BrowserContext): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login?next=${encodeURIComponent('/dashboard')}`);
    await page.getByLabel(/用户名|Username/).fill(leader.id);
    await page.getByLabel(/密码|Password/).fill(leader.password);
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
    await page.waitForURL(`${baseUrl}/dashboard`);
    await page.locator('.dashboard-page[data-loading="false"] [data-card="colours"]').waitFor();
    return page;
  };

  const countOf = async (page: Page, colour: string) => Number(await page.locator(`.colour-count[data-colour="${colour}"] .colour-count-value`).getAttribute('data-count'));

  it('shows the leader’s clocks by colour, filters the list by a colour, lists the overdue cases with a link to the leader’s own task, charts the figures and exports the overdue list as CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN', timezoneId: 'UTC', acceptDownloads: true });
    const page = await signedIn(context);
    try {
      // then: the menu offers 监管看板, and the counts by colour are those of the leader's clocks (Shenzhen's left out)
      await page.locator('.ant-menu').getByText('监管看板').waitFor();
      const expected = await clocksOf(leader);
      expect(expected.map((c) => c.number)).not.toContain(opened['shenzhen'].number);
      for (const colour of ['normal', 'blue', 'yellow', 'red']) {
        expect(await countOf(page, colour)).toBe(expected.filter((c) => c.colour === colour).length);
      }
      expect(await countOf(page, 'red')).toBe(2);
      expect(await countOf(page, 'normal') + await countOf(page, 'blue')).toBe(2);
      // the colours are drawn on a canvas as well
      await page.locator('[data-chart="colours"] canvas').waitFor();

      // when: the leader clicks the red count, the list shows only the red clocks: the tip and the criminal case
      await page.locator('.colour-count[data-colour="red"]').click();
      await page.waitForURL(/colour=red/);
      const listed = page.locator('[data-card="clocks"] tbody tr[data-number]');
      await page.locator('[data-card="clocks"] [data-filter="red"]').waitFor();
      const numbers = await listed.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number')));
      expect(numbers.sort()).toEqual([opened['criminal'].number, opened['tip'].number].sort());
      expect(await page.locator('[data-card="clocks"] tbody tr[data-colour]:not([data-colour="red"])').count()).toBe(0);
      // each clock's unit by name
      await page.locator(`[data-card="clocks"] tr[data-number="${opened['criminal'].number}"]`).getByText('天河区').waitFor();

      // the overdue list holds both; the tip's triage is the leader's to claim, so its code opens the task; the
      // criminal case is another unit's, so its number unfolds the case summary
      const overdue = page.locator('[data-card="overdue"]');
      await overdue.locator('[data-overdue-total="2"]').waitFor();
      const tipTask = await server.waitForTask(opened['tip'].pid, 'Task_Triage');
      await expect(overdue.locator(`tr[data-number="${opened['tip'].number}"] a[data-task="${tipTask}"]`).getAttribute('href')).resolves.toBe(`/tasks/${tipTask}`);
      const criminalRow = overdue.locator(`tr[data-number="${opened['criminal'].number}"]`);
      await expect(criminalRow.textContent()).resolves.toContain('立案审查');
      await expect(criminalRow.textContent()).resolves.toContain('未签收');
      await expect(criminalRow.locator('[data-late]').textContent()).resolves.toMatch(/\d+\s*个工作日|\d+\s*天/);
      await criminalRow.locator('.overdue-summary-toggle').click();
      const summary = overdue.locator(`.overdue-summary[data-summary="${opened['criminal'].number}"]`);
      await expect(summary.textContent()).resolves.toContain('赵某');
      await expect(summary.textContent()).resolves.toContain('天河区');
      // the unit responsible for the clock by name (the city's case unit), never its group id
      const responsible = summary.locator('[data-responsible]');
      await expect(responsible.getAttribute('data-responsible')).resolves.toBe('case-440100');
      await responsible.getByText('广州市 · 办案部门', { exact: true }).waitFor();
      await expect(overdue.textContent()).resolves.not.toContain('case-440100');

      await summary.getByText('赵某').waitFor();

      // sorting by party orders the tip's subject (某商场保安, mǒu) before the suspect (赵某, zhào), and back
      const order = () => overdue.locator('tbody tr[data-number]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number')));
      await overdue.getByRole('columnheader', { name: /当事人/ }).click();
      await expect(order()).resolves.toEqual([opened['tip'].number, opened['criminal'].number]);
      await overdue.getByRole('columnheader', { name: /当事人/ }).click();
      await expect(order()).resolves.toEqual([opened['criminal'].number, opened['tip'].number]);

      // the figures of the year in the leader's city: a bar chart on a canvas and the same numbers in a table
      const figures = page.locator('[data-card="figures"]');
      await figures.locator('[data-chart="figures"] canvas').waitFor();
      await figures.locator('[data-chart="trend"] canvas').waitFor();
      const figure = async (measure: string) => Number(await figures.locator(`tr[data-measure="${measure}"] [data-count]`).getAttribute('data-count'));
      expect(await figure('procedures-started')).toBe(4);
      expect(await figure('admin-cases-opened')).toBe(2);
      expect(await figure('criminal-cases-opened')).toBe(1);
      expect(await figure('tips-received')).toBe(1);
      await expect(figures.locator('[data-period]').getAttribute('data-period')).resolves.toBe('2026-01-01/2026-10-21');

      await web.screenshot(page, 'supervision-dashboard');

      // when: the leader exports the overdue list, the download carries both overdue cases as CSV with Chinese headers
      const [download] = await Promise.all([page.waitForEvent('download'), overdue.locator('[data-export="overdue"]').click()]);
      expect(download.suggestedFilename()).toBe('supervision-overdue.csv');
      const csv = (await readFile(await download.path())).toString('utf8');
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      const lines = csv.slice(1).trim().split('\r\n');
      expect(lines[0]).toContain('预警颜色');
      expect(lines).toHaveLength(3);
      expect(csv).toContain(opened['criminal'].number);
      expect(csv).toContain(opened['tip'].number);
      expect(csv).toContain('红色（超期）');
      expect(csv).not.toContain(opened['shenzhen'].number);
      await page.getByText('已导出 supervision-overdue.csv').waitFor();

      // and the figures as CSV: one line per figure with its count
      const [figuresFile] = await Promise.all([page.waitForEvent('download'), figures.locator('[data-export="figures"]').click()]);
      const figuresCsv = (await readFile(await figuresFile.path())).toString('utf8');
      expect(figuresCsv).toContain('行政案件受案数,2');
      expect(figuresCsv).toContain('受理投诉举报线索,1');
    } finally {
      await context.close();
    }
  });

  it('lists every deployed business procedure in the table of open work — one with nothing open at zero — each leading to its process view, and never the example 示例：问候', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await signedIn(context);
    try {
      // 吊销保安员证 has no case open, yet it has its row and its process view
      const revocation = page.locator('[data-card="procedures"] tr[data-row-key="guard-certificate-revocation"]');
      await revocation.waitFor();
      await expect(revocation.textContent()).resolves.toContain('吊销保安员证');
      await expect(revocation.locator('td').nth(5).textContent()).resolves.toBe('0');
      for (const key of ['in-house-guard-filing', 'cross-region-service-filing', 'administrative-case']) await page.locator(`[data-card="procedures"] a[data-process="${key}"]`).waitFor();
      // the nine business procedures and not the example, though it is deployed: the managers' 流程管理 lists it
      const manager = await server.officer('manager-dash', ['process-manager']);
      const models = await server.http.get('/api/process-models').set('Authorization', `Bearer ${manager.token}`);
      expect((models.body as Array<{ key: string }>).map((m) => m.key)).toContain('example-greeting');
      const procedures = page.locator('[data-card="procedures"]');
      await expect(procedures.locator('tbody tr[data-row-key]').count()).resolves.toBe(9);
      expect(await procedures.locator('tr[data-row-key="example-greeting"], a[data-process="example-greeting"]').count()).toBe(0);
      await expect(procedures.textContent()).resolves.not.toContain('示例');
      await revocation.locator('a[data-process="guard-certificate-revocation"]').click();
      await page.waitForURL(`${baseUrl}/dashboard/processes/guard-certificate-revocation`);
      await page.locator('[data-total="0"]').waitFor();

      // and the example has no process view for leaders either, even by its address
      await page.goto(`${baseUrl}/dashboard/processes/example-greeting`);
      await page.getByText('未找到该业务流程').waitFor();
    } finally {
      await context.close();
    }
  });

  it('opens the process view of the administrative cases from the dashboard, with the two Guangzhou cases counted on the investigation step and listed on a click', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await signedIn(context);
    try {
      // when: the leader opens the procedure from the table of open work
      await page.locator('[data-card="procedures"] a[data-process="administrative-case"]').click();
      await page.waitForURL(`${baseUrl}/dashboard/processes/administrative-case`);

      // then: the investigation carries a badge of 2 (Shenzhen's case not counted), coloured by the worst clock
      const badge = page.locator('.step-diagram .step-badge[data-activity="Task_Investigate"]');
      await badge.waitFor();
      await expect(badge.textContent()).resolves.toBe('2');
      const colours = (await clocksOf(leader)).filter((c) => c.number === opened['tianhe'].number || c.number === opened['yuexiu'].number).map((c) => c.colour);
      const worst = ['normal', 'blue', 'yellow', 'red'].filter((c) => colours.includes(c)).pop();
      await expect(badge.getAttribute('data-colour')).resolves.toBe(worst);
      await page.locator('[data-total="2"]').waitFor();
      await expect(page.locator('tr[data-activity="Task_Investigate"] [data-count]').textContent()).resolves.toBe('2');

      // when: the leader clicks the step's badge, the cases waiting there are listed with who holds them
      await badge.click();
      await page.waitForURL(/step=Task_Investigate/);
      const cases = page.locator('[data-card="step-cases"][data-step="Task_Investigate"]');
      await cases.locator(`tr[data-number="${opened['tianhe'].number}"]`).waitFor();
      await expect(cases.locator(`tr[data-number="${opened['yuexiu'].number}"]`).textContent()).resolves.toContain(caseOfficer.id);
      await expect(cases.locator(`tr[data-number="${opened['tianhe'].number}"]`).textContent()).resolves.toContain('未签收');
      // each case's unit by name
      await cases.locator(`tr[data-number="${opened['yuexiu'].number}"]`).getByText('越秀区').waitFor();
      expect(await cases.locator(`tr[data-number="${opened['shenzhen'].number}"]`).count()).toBe(0);
      await page.locator('.step-diagram .step-selected[data-element-id="Task_Investigate"]').waitFor();

      await web.screenshot(page, 'supervision-process-view');
    } finally {
      await context.close();
    }
  });

  it('narrows every count, list and figure to the district the leader picks in the jurisdiction tree', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await signedIn(context);
    try {
      // when: the leader picks 越秀区, where only the claimed investigation runs
      await page.locator('.dashboard-jurisdiction').click();
      await page.locator('.ant-select-tree-title', { hasText: '越秀区' }).click();
      await page.waitForURL(/jurisdiction=440104/);
      await page.locator('.dashboard-page[data-loading="false"] [data-overdue-total="0"]').waitFor();

      // then: one running clock, nothing overdue, and one administrative case opened this year
      expect(await countOf(page, 'red')).toBe(0);
      expect(await countOf(page, 'yellow')).toBe(0);
      expect(await countOf(page, 'normal') + await countOf(page, 'blue')).toBe(1);
      const numbers = await page.locator('[data-card="clocks"] tbody tr[data-number]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number')));
      expect(numbers).toEqual([opened['yuexiu'].number]);
      await expect(page.locator('[data-card="figures"] tr[data-measure="admin-cases-opened"] [data-count]').getAttribute('data-count')).resolves.toBe('1');
      await expect(page.locator('[data-card="figures"] tr[data-measure="tips-received"] [data-count]').getAttribute('data-count')).resolves.toBe('0');
    } finally {
      await context.close();
    }
  });

  it('stacks the cards and charts in one column on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'UTC', isMobile: true, hasTouch: true });
    const page = await signedIn(context);
    try {
      await page.locator('[data-chart="figures"] canvas').waitFor();
      const boxes = await Promise.all(['colours', 'procedures', 'clocks', 'overdue', 'figures'].map((card) => page.locator(`[data-card="${card}"]`).boundingBox()));
      for (let i = 1; i < boxes.length; i += 1) {
        const [above, below] = [boxes[i - 1]!, boxes[i]!];
        expect(below.y).toBeGreaterThanOrEqual(above.y + above.height - 1);
        expect(Math.abs(below.x - above.x)).toBeLessThan(2);
        expect(below.width).toBeLessThanOrEqual(390);
      }
      const chart = await page.locator('[data-chart="figures"]').boundingBox();
      expect(chart!.width).toBeLessThanOrEqual(390);
      await web.screenshot(page, 'supervision-dashboard-phone');
    } finally {
      await context.close();
    }
  });
});
