import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import type { TestUser } from '../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

jest.setTimeout(120_000);

/** The day of the week of a `YYYY-MM-DD` date, 0 for Sunday: computed, so that the test does not rest on a calendar read wrongly. */
function weekdayOf(date: string): number {
  const [year = 0, month = 1, day = 1] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The days from `start` to `end`, both included. */
function daysFrom(start: string, end: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${start}T00:00:00Z`); at <= Date.parse(`${end}T00:00:00Z`); at += 86_400_000) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

describeInBrowser('the holiday calendar')('节假日安排 in a real browser: an administrator enters the arrangement of a year not covered yet', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let admin: TestUser;
  let page: Page;

  const BASIS = '国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕9号）';
  /** 元旦 and 春节 as entered through the quick entry, the weekend days inside them included. */
  const NEW_YEAR = daysFrom('2027-01-01', '2027-01-03');
  const SPRING_FESTIVAL = daysFrom('2027-02-10', '2027-02-17');
  /** A Sunday before the Spring Festival worked instead (调休上班), marked by a click. */
  const ADJUSTED_SUNDAY = '2027-02-07';
  /** 清明节, a weekday off marked by a click. */
  const QINGMING = '2027-04-05';

  beforeAll(async () => {
    // given: the system on a December 2026 clock, whose bundled calendar ends with 2026, and an administrator
    server = await startLicensingServer({ startAt: new Date('2026-12-07T02:00:00Z') });
    admin = await server.officer('admin-holidays', ['admin']);
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale: 'zh-CN', timezoneId: 'UTC' });
    page = await context.newPage();
    await page.goto(`${baseUrl}/`);
    await logIn(page, admin.id, admin.password);
    await page.waitForURL((url) => url.pathname !== '/login');
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  async function logIn(target: Page, username: string, password: string) {
    await target.getByLabel(/用户名|Username/).fill(username);
    await target.getByLabel(/密码|Password/).fill(password);
    await target.getByRole('button', { name: /登\s*录|Sign in/ }).click();
  }

  /** The arrangement of `year` as the server stores it, or the status of its refusal. */
  async function storedYear(year: number) {
    return server.http.get(`/api/admin/holiday-calendar/${year}`).set('Authorization', `Bearer ${admin.token}`);
  }

  /** The texts of the cells of the list's row of `year`. */
  async function rowOf(year: number): Promise<string[]> {
    return page.locator(`tr[data-row-key="${year}"] td`).evaluateAll((cells) => cells.map((c) => c.textContent ?? ''));
  }

  it('warns from the menu\'s 节假日安排 that 2027 is not entered, and lists 2026 as bundled', async () => {
    // when: the administrator opens 节假日安排 from the menu
    await page.getByRole('menuitem', { name: /节假日安排/ }).click();
    await page.getByRole('heading', { name: '节假日安排' }).waitFor();

    // then: the warning names 2027, offering to enter it, and 2026 comes with the software
    const warning = page.locator('[data-missing]');
    await warning.waitFor();
    await expect(warning.getAttribute('data-missing')).resolves.toBe('2027');
    await expect(warning.textContent()).resolves.toContain('尚未录入 2027 年节假日安排');
    await warning.getByRole('button', { name: /录入 2027 年安排/ }).waitFor();
    await page.locator('tr[data-row-key="2026"]').waitFor();
    expect((await rowOf(2026)).slice(0, 2)).toEqual(['2026 年', '内置']);
    await web.screenshot(page, 'holiday-calendar');
  });

  it('enters 2027 through the quick entry and clicks on days; refuses a save without the basis, then stores exactly the days entered', async () => {
    // given: the dates the test relies on fall where it thinks
    expect(weekdayOf(ADJUSTED_SUNDAY)).toBe(0);
    expect(weekdayOf(QINGMING)).toBe(1);
    expect(weekdayOf('2027-02-13')).toBe(6);
    expect(weekdayOf('2027-03-06')).toBe(6);

    // when: the administrator opens 2027 from the warning
    await page.locator('[data-missing]').getByRole('button', { name: /录入 2027 年安排/ }).click();
    await page.waitForURL((url) => url.pathname === '/admin/holidays/2027');
    await page.getByRole('heading', { name: /录入 2027 年节假日安排/ }).waitFor();
    await expect(page.getByTestId('holiday-summary').textContent()).resolves.toBe('放假 0 天，调休上班 0 天');

    // and: enters 元旦 and 春节 through the quick entry, with a line it cannot read
    await page.getByTestId('holiday-quick').fill('2027-01-01~2027-01-03 放假\n2027-02-10 至 2027-02-17 休\n2027-13-01 放假');
    await page.getByRole('button', { name: /应\s*用/ }).click();

    // then: both holidays are marked, the weekend days inside them too, and the unreadable line is named and kept
    for (const date of [...NEW_YEAR, ...SPRING_FESTIVAL]) await expect(page.locator(`[data-date="${date}"]`).getAttribute('data-kind')).resolves.toBe('holiday');
    await expect(page.locator('[data-date="2027-02-13"]').textContent()).resolves.toContain('休');
    await expect(page.getByTestId('holiday-quick-problems').textContent()).resolves.toContain('第 3 行“2027-13-01 放假”：日期不存在');
    await expect(page.getByTestId('holiday-quick').inputValue()).resolves.toBe('2027-13-01 放假');

    // when: a Sunday is clicked once, a Saturday around the whole cycle, and 清明节 (a Monday) once
    const sunday = page.locator(`[data-date="${ADJUSTED_SUNDAY}"]`);
    await expect(sunday.getAttribute('data-kind')).resolves.toBe('weekend');
    await sunday.click();
    const saturday = page.locator('[data-date="2027-03-06"]');
    const kinds: Array<string | null> = [];
    for (let i = 0; i < 3; i += 1) {
      await saturday.click();
      kinds.push(await saturday.getAttribute('data-kind'));
    }
    await page.locator(`[data-date="${QINGMING}"]`).click();

    // then: the Sunday is an adjusted working day (班), the Saturday went 调休上班 → 放假 → weekend, 清明节 is off (休)
    await expect(sunday.getAttribute('data-kind')).resolves.toBe('workday');
    await expect(sunday.textContent()).resolves.toContain('班');
    expect(kinds).toEqual(['workday', 'holiday', 'weekend']);
    await expect(page.locator(`[data-date="${QINGMING}"]`).getAttribute('data-kind')).resolves.toBe('holiday');
    await expect(page.locator(`[data-date="${QINGMING}"]`).textContent()).resolves.toContain('休');
    await expect(page.getByTestId('holiday-summary').textContent()).resolves.toBe('放假 12 天，调休上班 1 天');

    // when: the administrator leaves through the menu with the edits unsaved, and chooses to stay
    await page.getByRole('menuitem', { name: /节假日安排/ }).click();
    const ask = page.locator('.ant-modal-confirm').filter({ hasText: '离开节假日安排？' });
    await ask.waitFor();
    await ask.locator('[data-action="stay"]').click();
    await ask.waitFor({ state: 'detached' });
    // then: the edits are still there
    await expect(page.getByTestId('holiday-summary').textContent()).resolves.toBe('放假 12 天，调休上班 1 天');
    expect(new URL(page.url()).pathname).toBe('/admin/holidays/2027');

    // when: the year is saved without the basis
    await page.getByRole('button', { name: /保\s*存/ }).click();

    // then: the objection stands beside the basis field, and nothing is stored
    await page.locator('.holiday-basis .ant-form-item-explain-error').filter({ hasText: /\S/ }).waitFor();
    expect((await storedYear(2027)).status).toBe(404);
    await web.screenshot(page, 'holiday-year-editor');

    // when: the basis is filled in and the year saved
    await page.getByLabel('依据（国务院通知文号）').fill(BASIS);
    await page.getByRole('button', { name: /保\s*存/ }).click();

    // then: back in the list, 2027 is entered here with its counts, and the warning is gone
    await page.waitForURL((url) => url.pathname === '/admin/holidays');
    await page.getByText(/^已保存 2027 年节假日安排/).waitFor();
    // (who entered it is named once the names are read)
    await page.locator('tr[data-row-key="2027"]', { hasText: `警官${admin.id}` }).waitFor();
    const row = await rowOf(2027);
    expect(row.slice(0, 5)).toEqual(['2027 年', '系统录入', '12', '1', BASIS]);
    expect(row[5]).toBe(`警官${admin.id}`);
    await expect(page.locator('[data-missing]').count()).resolves.toBe(0);

    // and: the server stores exactly the days entered
    const stored = await storedYear(2027);
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual(expect.objectContaining({
      year: 2027,
      source: 'entered',
      basis: BASIS,
      holidays: [...NEW_YEAR, ...SPRING_FESTIVAL, QINGMING].sort(),
      workdays: [ADJUSTED_SUNDAY],
      updatedBy: admin.id,
    }));
  });

  it('fits the editor on a phone, with no horizontal overflow', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', timezoneId: 'UTC', isMobile: true, hasTouch: true });
    const phone = await context.newPage();
    try {
      // given: the administrator on a phone opens the year entered
      await phone.goto(`${baseUrl}/admin/holidays/2027`);
      await logIn(phone, admin.id, admin.password);
      await phone.waitForURL((url) => url.pathname === '/admin/holidays/2027');
      await phone.locator(`[data-date="${ADJUSTED_SUNDAY}"][data-kind="workday"]`).waitFor();

      // then: the page is no wider than the screen, and the months wrap one under the other
      await expect(phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth')).resolves.toBeLessThanOrEqual(0);
      for (const month of [1, 12]) {
        const box = await phone.locator(`.holiday-month[data-month="${month}"]`).boundingBox();
        expect(box).not.toBeNull();
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(375);
      }
      await web.screenshot(phone, 'holiday-year-editor-phone');
    } finally {
      await context.close();
    }
  });
});
