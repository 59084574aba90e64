import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import type { TestUser } from '../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

/** The part of the browser's window the page's checks use (the tests compile without the DOM's types). */
interface BrowserWindow {
  getComputedStyle(element: unknown, pseudo: string): { content: string };
}

describeInBrowser('the task page')('the task page in a real browser (claim, diagram, form-js, complete, history, send back, phone)', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let officer: TestUser;
  let colleague: TestUser;
  let station: TestUser;
  let caseNumber: string;
  let processInstanceId: string;

  beforeAll(async () => {
    // given: an officer of Guangzhou's case unit and a case whose investigation is in their 待办
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
    officer = await server.officer('case-task', ['case-440100']);
    colleague = await server.officer('case-task-2', ['case-440100']);
    station = await server.officer('station-task', ['station-440106']);
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${officer.token}`)
      .send({ party: { kind: 'unit', name: '广州任务页保安服务有限公司' }, regionCode: '440106', facts: '广州任务页保安服务有限公司未经备案在本市提供保安服务。' });
    expect(opened.status).toBe(201);
    caseNumber = opened.body.number;
    processInstanceId = opened.body.processInstanceId;
    await server.waitForTask(processInstanceId, 'Task_Investigate');

    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const screenshot = (page: Page, name: string) => web.screenshot(page, name);

  const signedIn = async (context: BrowserContext): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel(/用户名|Username/).fill(officer.id);
    await page.getByLabel(/密码|Password/).fill(officer.password);
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
    await page.waitForURL(`${baseUrl}/todo`);
    return page;
  };

  /** Opens the case's task from 待办 (a click on its row) and waits for its page. */
  const openFromTodo = async (page: Page, taskId: string) => {
    await page.goto(`${baseUrl}/todo?number=${encodeURIComponent(caseNumber)}`);
    await page.locator(`tr[data-row-key="${taskId}"]`).click();
    await page.waitForURL(`${baseUrl}/tasks/${taskId}`);
    await page.locator(`.task-page[data-task="${taskId}"]`).waitFor();
  };

  /** Opens an administrative case against `party` in 天河区 (through the API); returns its process and its investigation task. */
  const openCase = async (party: string): Promise<{ processInstanceId: string; investigate: string }> => {
    const opened = await server.http.post('/api/cases').set('Authorization', `Bearer ${officer.token}`)
      .send({ party: { kind: 'unit', name: party }, regionCode: '440106', facts: `${party}未经备案在本市提供保安服务。` });
    expect(opened.status).toBe(201);
    const processInstanceId = opened.body.processInstanceId as string;
    return { processInstanceId, investigate: await server.waitForTask(processInstanceId, 'Task_Investigate') };
  };

  /**
   * Waits until an operation has led back to 待办 (up to 60 s: the server answers slowly on a loaded machine); when the
   * page shows an objection instead (the operation's error, a field error, a dialog's alert, a leave question), fails at
   * once with what it says.
   */
  const backOnTodo = async (page: Page) => {
    const objection = page.locator('.operation-error, .modal-alert, .ant-form-item-explain-error, .fjs-form-field-error, .ant-modal-confirm').first();
    const arrived = page.waitForURL((url) => url.pathname === '/todo', { timeout: 60_000 }).then(() => 'arrived' as const);
    const objected = objection.waitFor({ timeout: 60_000 }).then(async () => (await objection.textContent()) ?? '', () => null);
    const first = await Promise.race([arrived, objected.then((text) => text ?? arrived)]);
    if (first !== 'arrived') throw new Error(`the page objected instead of leading back to 待办: ${first}`);
  };

  const operation = (page: Page, name: string) => page.locator(`.operation-buttons button[data-operation="${name}"]`);

  it('claims the investigation, shows the current step on the diagram, checks the form and completes it with a comment, which the next step shows in its history', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await signedIn(context);
    try {
      // when: the officer opens the investigation from 待办
      const investigate = await server.waitForTask(processInstanceId, 'Task_Investigate');
      await openFromTodo(page, investigate);
      // then: the page shows the case, and the officer may claim the task
      await expect(page.locator('.task-case').textContent()).resolves.toContain('广州任务页保安服务有限公司');
      await expect(page.locator('.task-case').textContent()).resolves.toContain(caseNumber);
      // named for people: the case's status, and its place (a district the jurisdiction tree does not hold yet, by its city)
      await expect(page.locator('.task-case [data-status="investigating"]').textContent()).resolves.toBe('调查取证');
      await expect(page.locator('.task-case').textContent()).resolves.toContain('广州市（440106）');
      await page.locator('.task-clocks [data-colour]').first().waitFor();
      await page.getByLabel(/查明的违法事实/).waitFor();

      // when: they claim it, the page stays and now offers to complete it
      await operation(page, 'claim').click();
      await page.getByText('签收成功').waitFor();
      await page.locator('.task-header').getByText(`承办人：${officer.name}`).waitFor();
      await operation(page, 'complete').waitFor();
      await expect(operation(page, 'claim').count()).resolves.toBe(0);
      await operation(page, 'unclaim').waitFor();

      // the diagram marks the start as passed and highlights the current step
      await page.locator('.diagram-canvas [data-element-id="Task_Investigate"].diagram-current').waitFor();
      await page.locator('.diagram-canvas [data-element-id="Start_Accepted"].diagram-done').waitFor();
      await screenshot(page, 'task-page-desktop');
      // and, read again, hovering the current step names its handler and since when
      await page.reload();
      const investigating = page.locator('.diagram-canvas [data-element-id="Task_Investigate"].diagram-current');
      await investigating.scrollIntoViewIfNeeded();
      const box = await investigating.boundingBox();
      if (!box) throw new Error('the investigation is not drawn');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.locator('.diagram-note').getByText(`办理人：${officer.name} · 2026/10/12 10:00 起`).waitFor();

      // when: they submit with the required facts missing, form-js shows the error beside the field and nothing is sent
      await page.getByLabel(/证据（每行一项）/).fill('保安服务合同\n询问笔录');
      await operation(page, 'complete').click();
      await page.locator('.fjs-form-field', { has: page.getByLabel(/查明的违法事实/) }).locator('.fjs-form-field-error').filter({ hasText: '此项为必填项' }).waitFor();
      await page.getByText('请先更正表单中标出的错误').waitFor();
      await screenshot(page, 'task-page-form-error');
      expect(page.url()).toBe(`${baseUrl}/tasks/${investigate}`);

      // when: they fill the form and complete it with an approval comment
      await page.getByLabel(/查明的违法事实/).fill('2026年9月1日起在本市为某银行提供保安服务');
      // the select field's placeholder is in Chinese (form-js writes "Select"; the page's stylesheet shows 请选择 over it)
      const placeholder = page.locator('.fjs-form-field-select .fjs-select-placeholder');
      await expect(placeholder.evaluate((el) => (globalThis as unknown as BrowserWindow).getComputedStyle(el, '::before').content)).resolves.toBe('"请选择"');
      await page.locator('.fjs-form-field-select').click();
      await page.locator('.fjs-dropdownlist-item', { hasText: '第四十二条（二）' }).click();
      await page.getByLabel('拟给予行政处罚').check();
      await page.getByLabel(/拟处罚内容/).fill('警告，并处罚款人民币二万元');
      await page.getByLabel(/拟罚款金额/).fill('20000');
      await page.getByLabel(/办案意见/).fill('违法事实清楚，情节严重');
      await page.getByLabel('审批意见').fill('调查终结，建议处罚');
      await operation(page, 'complete').click();

      // then: they are back on 待办, without the investigation
      await backOnTodo(page);
      await page.getByText('提交成功').waitFor();
      const statement = await server.waitForTask(processInstanceId, 'Task_Statement');
      await page.goto(`${baseUrl}/todo?number=${encodeURIComponent(caseNumber)}`);
      await page.locator(`tr[data-row-key="${statement}"]`).waitFor();
      await expect(page.locator(`tr[data-row-key="${investigate}"]`).count()).resolves.toBe(0);

      // and the next step, 陈述申辩告知, shows the completion by the officer with the comment in its history
      await openFromTodo(page, statement);
      const done = page.locator('.history-item[data-action="complete"]');
      await done.waitFor();
      await expect(done.locator('.history-action').textContent()).resolves.toBe('办理');
      // (by name: who did it, not their user name)
      await page.locator('.history-item[data-action="complete"] .history-actor', { hasText: officer.name }).waitFor();
      await expect(done.locator('.history-actor').getAttribute('data-user')).resolves.toBe(officer.id);
      await expect(done.locator('.history-comment').textContent()).resolves.toBe('调查终结，建议处罚');
      await page.locator('.diagram-canvas [data-element-id="Task_Investigate"].diagram-done').waitFor();
      await page.locator('.diagram-canvas [data-element-id="Task_Statement"].diagram-current').waitFor();
      await screenshot(page, 'task-page-history');
    } finally {
      await context.close();
    }
  }, 90_000);

  it('completes with what was typed last in a form field, when 办理 is clicked at once without leaving the field', async () => {
    // given: another case, its investigation claimed by the officer, the form filled but for 办案意见
    const { processInstanceId: pid, investigate } = await openCase('广州即时提交保安服务有限公司');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await signedIn(context);
    try {
      await page.goto(`${baseUrl}/tasks/${investigate}`);
      await operation(page, 'claim').click();
      await page.getByText('签收成功').waitFor();
      await page.getByLabel(/证据（每行一项）/).fill('保安服务合同');
      await page.getByLabel(/查明的违法事实/).fill('2026年9月1日起在本市为某商场提供保安服务');
      await page.locator('.fjs-form-field-select').click();
      await page.locator('.fjs-dropdownlist-item', { hasText: '第四十二条（二）' }).click();
      await page.getByLabel('拟给予行政处罚').check();
      await page.getByLabel(/拟处罚内容/).fill('警告，并处罚款人民币二万元');
      await page.getByLabel(/拟罚款金额/).fill('20000');
      await page.getByLabel('审批意见').fill('调查终结');

      // when: the officer types the 办案意见 and clicks 办理 straight away, the cursor still in the field
      await page.getByLabel(/办案意见/).click();
      await page.keyboard.type('违法事实清楚，证据确凿');
      await operation(page, 'complete').click();

      // then: the task is completed with the whole text
      await backOnTodo(page);
      const variables = await server.http.get('/engine-rest/history/variable-instance').query({ processInstanceId: pid, variableName: 'investigationReason' })
        .set('Authorization', server.engineAuthorization());
      expect(variables.status).toBe(200);
      expect((variables.body as Array<{ value: unknown }>).map((v) => v.value)).toEqual(['违法事实清楚，证据确凿']);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('copies a task to an officer of the case\'s place (抄送) and hands it to a colleague (转办), each chosen by name', async () => {
    // given: another case, its investigation claimed by the officer
    const { investigate } = await openCase('广州转办保安服务有限公司');
    expect((await server.http.post(`/api/workbench/tasks/${investigate}/claim`).set('Authorization', `Bearer ${officer.token}`).send({})).status).toBe(200);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await signedIn(context);
    const dialog = page.getByRole('dialog');
    const offered = async () => (await page.locator('.ant-select-dropdown:visible .ant-select-item-option').allTextContents()).sort();
    /** Waits until the open people list offers exactly `names` (the list of an earlier dialog may still be fading out). */
    const offers = (names: string[]) => server.waitFor(async () => JSON.stringify(await offered()) === JSON.stringify([...names].sort()), `the list to offer ${names.join('、')}`);
    /** Chooses `name` in the dialog's people select (again, should a click land while the list is still moving). */
    const pick = (name: string) => server.waitFor(async () => {
      if (await dialog.locator('.people-select .ant-select-selection-item', { hasText: name }).count()) return true;
      if (!(await page.locator('.ant-select-dropdown:visible').count())) await dialog.locator('.people-select').click();
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: name }).click({ timeout: 2_000 }).catch(() => undefined);
      return false;
    }, `${name} to be chosen`);
    try {
      await page.goto(`${baseUrl}/tasks/${investigate}`);
      await page.locator(`.task-page[data-task="${investigate}"]`).waitFor();

      // when: they copy it, the dialog offers by name the officers who work where the case is
      await operation(page, 'carbon-copy').click();
      await dialog.locator('.people-select').click();
      await offers(['警官case-task-2（case-task-2）', '警官station-task（station-task）']);
      // and finds them by part of the name
      await dialog.locator('.people-select input').fill('station');
      await offers(['警官station-task（station-task）']);
      await pick('警官station-task');
      await dialog.getByLabel('审批意见').fill('请派出所协助核实');
      await screenshot(page, 'task-page-carbon-copy');
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await page.getByText('抄送成功').waitFor();
      // then: the station officer finds it under 抄送我的
      const copies = await server.http.get('/api/workbench/copies').set('Authorization', `Bearer ${station.token}`);
      expect(copies.body.items.map((c: { taskId: string }) => c.taskId)).toContain(investigate);

      // when: they transfer it, only colleagues of the step's unit are offered
      await operation(page, 'transfer').click();
      await dialog.locator('.people-select').click();
      await offers(['警官case-task-2（case-task-2）']);
      await pick('警官case-task-2');
      await dialog.getByLabel('审批意见').fill('请协助办理');
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await page.getByText('转办成功').waitFor();

      // then: the colleague holds the task
      const task = await server.http.get(`/api/workbench/tasks/${investigate}`).set('Authorization', `Bearer ${colleague.token}`);
      expect(task.body.task.assignee).toBe(colleague.id);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('sends 陈述申辩告知 back to the investigation through the dialog, which asks for a comment, taken from a saved common phrase', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await signedIn(context);
    try {
      const statement = await server.waitForTask(processInstanceId, 'Task_Statement');
      await openFromTodo(page, statement);

      // when: they choose 退回, the dialog offers the investigation and needs a comment
      await operation(page, 'send-back').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('退回到').waitFor();
      await dialog.locator('.ant-select-selection-item').filter({ hasText: '调查' }).waitFor();
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await dialog.getByText('请填写审批意见').waitFor();
      await screenshot(page, 'task-page-send-back');
      await dialog.getByRole('button', { name: /取\s*消/ }).click();
      await dialog.waitFor({ state: 'hidden' });

      // the comment comes from a common phrase, saved first from the approval comment box
      const box = page.locator('.approval-comment').getByLabel('审批意见');
      await box.fill('证据不足，请补充考勤记录');
      await page.getByRole('button', { name: /存为常用语/ }).click();
      await page.getByText('已存为常用语').waitFor();
      await box.fill('');
      await page.locator('.phrase-select').click();
      await page.locator('.ant-select-item-option', { hasText: '证据不足，请补充考勤记录' }).click();
      await expect(box.inputValue()).resolves.toBe('证据不足，请补充考勤记录');

      // the dialog takes over the approval comment
      await operation(page, 'send-back').click();
      await expect(dialog.getByLabel('审批意见').inputValue()).resolves.toBe('证据不足，请补充考勤记录');
      await dialog.getByRole('button', { name: /确\s*定/ }).click();

      // then: back on 待办, and the investigation is open again, with the sending back in its history
      await backOnTodo(page);
      await page.getByText('退回成功').waitFor();
      const again = await server.waitForTask(processInstanceId, 'Task_Investigate');
      await openFromTodo(page, again);
      const back = page.locator('.history-item[data-action="send-back"]');
      await back.waitFor();
      await expect(back.textContent()).resolves.toContain('证据不足，请补充考勤记录');
      await expect(back.locator('.history-action').textContent()).resolves.toBe('退回');
      await page.locator('.diagram-canvas [data-element-id="Task_Investigate"].diagram-current').waitFor();
    } finally {
      await context.close();
    }
  }, 90_000);

  it('opens a task from a 待办 card on a phone, without horizontal overflow, and shows the server\'s objection beside its field', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'zh-CN' });
    const page = await signedIn(context);
    try {
      const task = await server.waitForTask(processInstanceId, 'Task_Investigate');
      await page.goto(`${baseUrl}/todo?number=${encodeURIComponent(caseNumber)}`);
      await page.locator(`.list-card[data-row="${task}"]`).click();
      await page.waitForURL(`${baseUrl}/tasks/${task}`);
      await page.locator('.diagram-canvas [data-element-id="Task_Investigate"].diagram-current').waitFor();
      await operation(page, 'complete').waitFor();
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, 'task-page-phone');

      // when: the server objects to a field (here the request is altered on its way, so that it lacks the facts
      // the form holds), the objection is shown beside that field and the task stays open
      await page.route('**/api/workbench/tasks/*/complete', async (route) => {
        const body = route.request().postDataJSON() as { values: Record<string, unknown> };
        delete body.values['establishedFacts'];
        await route.continue({ postData: JSON.stringify(body) });
      });
      await operation(page, 'complete').click();
      await page.locator('.fjs-form-field', { has: page.getByLabel(/查明的违法事实/) }).locator('.fjs-form-field-error').filter({ hasText: /required|必填/ }).waitFor();
      await screenshot(page, 'task-page-phone-server-error');
      expect(page.url()).toBe(`${baseUrl}/tasks/${task}`);
      await page.unroute('**/api/workbench/tasks/*/complete');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('asks before leaving a task whose form has edits not yet sent: staying keeps them, confirming leaves', async () => {
    // given: another case, its investigation claimed by the officer, who types into its form without completing it
    const { investigate } = await openCase('广州离开确认保安服务有限公司');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await signedIn(context);
    try {
      await page.goto(`${baseUrl}/tasks/${investigate}`);
      await operation(page, 'claim').click();
      await page.getByText('签收成功').waitFor();
      await page.getByLabel(/证据（每行一项）/).fill('保安服务合同');

      // when: they pick 待办 in the menu, they are asked first; staying keeps them on the task with what they typed
      await page.getByRole('menuitem', { name: /待办/ }).click();
      const ask = page.locator('.ant-modal-confirm').filter({ hasText: '离开本任务？' });
      const outcome = await Promise.race([
        ask.waitFor().then(() => 'asked', () => 'neither'),
        page.waitForURL((url) => url.pathname === '/todo', { timeout: 30_000 }).then(() => 'left', () => 'neither'),
      ]);
      if (outcome !== 'asked') throw new Error(`picking 待办 ${outcome === 'left' ? 'left the task without asking' : 'neither asked nor left'}: the form's edits were not guarded`);
      await ask.locator('[data-action="stay"]').click();
      await ask.waitFor({ state: 'hidden' });
      expect(new URL(page.url()).pathname).toBe(`/tasks/${investigate}`);
      await expect(page.getByLabel(/证据（每行一项）/).inputValue()).resolves.toBe('保安服务合同');

      // when: they pick it again and confirm, they are on 待办
      await page.getByRole('menuitem', { name: /待办/ }).click();
      await ask.locator('[data-action="leave"]').click();
      await page.waitForURL((url) => url.pathname === '/todo');
    } finally {
      await context.close();
    }
  }, 90_000);
});
