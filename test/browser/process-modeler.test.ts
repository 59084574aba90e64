import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import type { TestUser } from '../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

// a real browser drawing and editing diagrams on a shared machine
jest.setTimeout(240_000);

const KEY = 'example-greeting';

describeInBrowser('the process modeler')('process management in a real browser (procedures, modeler, deploy, lint, diff)', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let manager: TestUser;
  /** A case of the procedure started before the manager's deployment. */
  let caseBefore: { id: string; definitionId: string };
  /** The id the modeler gave the step the manager added. */
  let addedStep: string;

  beforeAll(async () => {
    // given: a process manager, and a case of 示例：问候 running on its version 1
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
    manager = await server.officer('flow-manager', ['process-manager']);
    caseBefore = await startCase('李四');
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  async function engine<T>(method: 'get' | 'post', path: string, body?: object): Promise<T> {
    const req = server.http[method](`/engine-rest${path}`).set('Authorization', server.engineAuthorization());
    const res = await (body ? req.send(body) : req);
    expect(res.status).toBeLessThan(300);
    return res.body as T;
  }

  async function startCase(name: string): Promise<{ id: string; definitionId: string }> {
    return engine('post', `/process-definition/key/${KEY}/start`, { variables: { name: { value: name, type: 'String' } } });
  }

  async function versionOf(definitionId: string): Promise<number> {
    return (await engine<{ version: number }>('get', `/process-definition/${encodeURIComponent(definitionId)}`)).version;
  }

  const signedIn = async (context: BrowserContext): Promise<Page> => {
    const page = await context.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel(/用户名|Username/).fill(manager.id);
    await page.getByLabel(/密码|Password/).fill(manager.password);
    await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    return page;
  };

  const inBrowser = async (run: (page: Page) => Promise<void>) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await signedIn(context);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    try {
      await run(page);
    } catch (error) {
      await web.screenshot(page, 'process-modeler-failure').catch(() => undefined);
      if (pageErrors.length > 0) throw new Error(`${String(error)}\nerrors in the page:\n${pageErrors.join('\n')}`);
      throw error;
    } finally {
      await context.close();
    }
  };

  const element = (page: Page, id: string) => page.locator(`.modeler-canvas .djs-element[data-element-id="${id}"]`);

  const centre = async (page: Page, id: string) => {
    const box = await element(page, id).boundingBox();
    if (!box) throw new Error(`element ${id} is not drawn`);
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };

  const openModeler = async (page: Page) => {
    await page.goto(`${baseUrl}/manager/procedures/${KEY}/edit`);
    await page.locator('.modeler-canvas[data-loaded="true"]').waitFor();
    await element(page, 'Task_ConfirmGreeting').waitFor();
  };

  /** Opens the properties panel's group `id` (常规, 办理人设置, 实现方式…) when it is closed. */
  const openGroup = async (page: Page, id: string) => {
    const group = page.locator(`.modeler-properties [data-group-id="group-${id}"]`);
    if ((await group.locator('.bio-properties-panel-group-entries.open').count()) === 0) await group.locator('.bio-properties-panel-group-header').click();
  };

  it('lists each procedure with its versions and running cases, and suspends and activates a version after confirming', async () => {
    await inBrowser(async (page) => {
      // the menu offers 流程管理 to the manager
      await page.getByRole('menuitem', { name: /流程管理/ }).click();
      await page.waitForURL(`${baseUrl}/manager/procedures`);
      const row = page.locator(`tr[data-row-key="${KEY}"]`);
      await expect(row.textContent()).resolves.toContain('示例：问候');
      await row.locator('.ant-table-row-expand-icon').click();
      const v1 = page.locator(`.procedure-versions[data-procedure="${KEY}"] tr[data-row-key="1"]`);
      await v1.locator('[data-state="active"]').waitFor();
      await expect(v1.locator('td').nth(3).textContent()).resolves.toBe('1');
      await web.screenshot(page, 'procedures-list');

      // when: the manager suspends version 1, the page asks first, then shows it suspended
      await v1.locator('button[data-action="suspend"]').click();
      await page.locator('.ant-modal-confirm-title').getByText('确定挂起「示例：问候」第 1 版？').waitFor();
      await page.locator('.ant-modal-confirm .ant-btn-dangerous').click();
      await v1.locator('[data-state="suspended"]').waitFor();
      expect((await engine<Array<{ suspended: boolean }>>('get', `/process-definition?key=${KEY}&version=1`))[0]?.suspended).toBe(true);

      // and activates it again
      await v1.locator('button[data-action="activate"]').click();
      await page.locator('.ant-modal-confirm .ant-btn-primary').click();
      await v1.locator('[data-state="active"]').waitFor();
      expect((await engine<Array<{ suspended: boolean }>>('get', `/process-definition?key=${KEY}&version=1`))[0]?.suspended).toBe(false);
    });
  });

  it('adds a user task in the modeler, linting it while it has no name, deploys version 2, and new cases follow version 2 while the earlier case stays on version 1', async () => {
    await inBrowser(async (page) => {
      await openModeler(page);
      // the palette and the properties panel speak Chinese, and the model as deployed passes the lint
      await expect(page.locator('.djs-palette .entry[data-action="create.task"]').getAttribute('aria-label')).resolves.toBe('创建任务');
      await page.locator('.lint-card').getByText('未发现问题').waitFor();

      // when: the manager makes room before the end (selects it, moves it right with the keyboard) and drops a new task
      // from the palette onto the flow into it
      await element(page, 'EndEvent_Done').click();
      await page.locator('.djs-context-pad').waitFor();
      for (let i = 0; i < 20; i++) await page.keyboard.press('Shift+ArrowRight');
      const flow = await centre(page, 'Flow_ConfirmToEnd');
      await page.locator('.djs-palette .entry[data-action="create.task"]').click();
      await page.mouse.move(flow.x, flow.y - 30, { steps: 5 });
      await page.mouse.move(flow.x, flow.y, { steps: 5 });
      await page.mouse.down();
      await page.mouse.up();
      await page.keyboard.press('Escape');

      // then: the lint finds the new task without a name
      const unnamed = page.locator('.lint-issue[data-rule="label-required"]');
      await unnamed.first().waitFor();
      const taskId = await unnamed.first().getAttribute('data-element-id');
      expect(taskId).toBeTruthy();

      // when: they select it from the lint's list and make it a user task (context pad → change element)
      await page.locator(`.lint-issue[data-element-id="${taskId}"]`).first().click();
      await page.locator(`.modeler-canvas .djs-element.selected[data-element-id="${taskId}"]`).waitFor();
      await page.locator('.djs-context-pad [data-action="replace"]').click();
      await page.locator('.djs-popup [data-id="replace-with-user-task"]').click();
      const userTask = page.locator('.lint-issue[data-rule="label-required"]');
      await userTask.first().waitFor();
      addedStep = (await userTask.first().getAttribute('data-element-id'))!;
      await userTask.first().click();
      await page.locator('.modeler-properties .bio-properties-panel-header-type').getByText(/用户任务|User Task/i).waitFor();

      // and name it and give it a candidate group in the properties panel
      await openGroup(page, 'general');
      await page.locator('#bio-properties-panel-name').fill('领导复核');
      await openGroup(page, 'CamundaPlatform__UserAssignment');
      await page.locator('#bio-properties-panel-candidateGroups').fill('leader-440100');
      // then: the lint no longer objects
      await page.locator('.lint-card').getByText('未发现问题').waitFor();
      await expect(element(page, addedStep).textContent()).resolves.toContain('领导复核');
      await web.screenshot(page, 'modeler');

      // when: they deploy it
      await page.locator('button[data-action="deploy"]').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '发布新版本' });
      await expect(dialog.getByLabel('部署名称').inputValue()).resolves.toBe('示例：问候');
      await dialog.locator('.ant-btn-primary').click();
      // then: the new version's number
      await page.locator('.deploy-result[data-version="2"][data-created="true"]').waitFor();
      await page.getByText('发布成功：第 2 版').waitFor();
    });

    // the deployed version holds the step with its candidate group
    const xml = (await server.http.get(`/api/process-models/${KEY}/versions/2/xml`).set('Authorization', `Bearer ${manager.token}`)).text;
    expect(xml).toMatch(new RegExp(`<bpmn:userTask id="${addedStep}" name="领导复核" camunda:candidateGroups="leader-440100"`));

    // a new case follows version 2 and, once confirmed, waits in the new step
    const caseAfter = await startCase('王五');
    await expect(versionOf(caseAfter.definitionId)).resolves.toBe(2);
    await engine('post', `/task/${await server.waitForTask(caseAfter.id, 'Task_ConfirmGreeting')}/complete`, {});
    await server.waitForTask(caseAfter.id, addedStep);

    // the case started before stays on version 1 and ends after its confirmation, without the new step
    await expect(versionOf(caseBefore.definitionId)).resolves.toBe(1);
    await engine('post', `/task/${await server.waitForTask(caseBefore.id, 'Task_ConfirmGreeting')}/complete`, {});
    const left = await server.http.get(`/engine-rest/history/process-instance/${caseBefore.id}`).set('Authorization', server.engineAuthorization());
    expect(left.body).toMatchObject({ state: 'COMPLETED', processDefinitionId: caseBefore.definitionId });
  });

  it('marks the added step on the diagram of the versions diff, with a legend and the list of changes', async () => {
    await inBrowser(async (page) => {
      await page.goto(`${baseUrl}/manager/procedures/${KEY}/diff?from=1&to=2`);
      await page.locator('.diff-canvas[data-version="2"][data-drawn="true"]').waitFor();
      await page.locator(`.diff-canvas[data-version="2"] .djs-element.diff-added[data-element-id="${addedStep}"]`).waitFor();
      await expect(page.locator(`.diff-canvas[data-version="1"] [data-element-id="${addedStep}"]`).count()).resolves.toBe(0);
      await page.locator('.diff-legend [data-kind="added"]').waitFor();
      const added = page.locator('.diff-list tr').filter({ hasText: `领导复核（${addedStep}）` });
      await expect(added.textContent()).resolves.toContain('新增');
      await expect(added.textContent()).resolves.toContain('用户任务');
      await web.screenshot(page, 'procedure-diff');
    });
  });

  it('shows the findings of a refused deployment in a list and on the element, and a click on a finding selects it', async () => {
    await inBrowser(async (page) => {
      await openModeler(page);
      await expect(page.locator('[data-base-version]').getAttribute('data-base-version')).resolves.toBe('2');

      // when: the manager gives the greeting task a topic no worker serves (only the server knows the workers)
      await element(page, 'Task_ComposeGreeting').click();
      await openGroup(page, 'CamundaPlatform__Implementation');
      await page.locator('#bio-properties-panel-externalTopic').fill('no-such-topic');
      await page.locator('.lint-card').getByText('未发现问题').waitFor();
      await page.locator('button[data-action="deploy"]').click();
      await page.locator('.ant-modal').filter({ hasText: '发布新版本' }).locator('.ant-btn-primary').click();

      // then: the refusal lists the finding and marks the element
      const finding = page.locator('.server-finding[data-element-id="Task_ComposeGreeting"][data-rule="project/external-topic-has-worker"]');
      await finding.waitFor();
      await expect(finding.textContent()).resolves.toContain('no-such-topic');
      await page.locator('.modeler-canvas .djs-element.modeler-finding[data-element-id="Task_ComposeGreeting"]').waitFor();
      await page.locator('.modeler-finding-badge[data-element-id="Task_ComposeGreeting"]').waitFor();
      await web.screenshot(page, 'modeler-refused');

      // a click on the finding selects the element
      await element(page, 'Task_ConfirmGreeting').click();
      await finding.locator('a').click();
      await page.locator('.modeler-canvas .djs-element.selected[data-element-id="Task_ComposeGreeting"]').waitFor();
    });
    // and nothing was deployed
    expect((await engine<Array<{ version: number }>>('get', `/process-definition?key=${KEY}&latestVersion=true`))[0]?.version).toBe(2);
  });
  it('edits a user task’s form in the form editor and deploys it together with the model', async () => {
    await inBrowser(async (page) => {
      await openModeler(page);
      // when: the manager opens the confirmation's form, relabels the comment field and keeps the change
      const form = page.locator('.forms-card [data-form="example-greeting-confirm"]');
      await form.locator('button[data-action="edit-form"]').click();
      const editor = page.locator('.form-drawer .fjs-editor-container');
      await editor.locator('.fjs-element[data-id="Field_Comment"]').click();
      const general = page.locator('.form-drawer [data-group-id="group-general"]');
      if ((await general.locator('.bio-properties-panel-group-entries.open').count()) === 0) await general.locator('.bio-properties-panel-group-header').click();
      await page.locator('.form-drawer #bio-properties-panel-label').fill('复核意见');
      await editor.locator('.fjs-element[data-id="Field_Comment"]').getByText('复核意见').waitFor();
      await web.screenshot(page, 'form-editor');
      await page.locator('.form-drawer button[data-action="keep-form"]').click();
      await form.getByText('已修改，随模型一并发布').waitFor();

      // and deploys: the form goes with the model
      await page.locator('button[data-action="deploy"]').click();
      const dialog = page.locator('.ant-modal').filter({ hasText: '发布新版本' });
      await dialog.getByText('example-greeting-confirm.form').waitFor();
      await dialog.locator('.ant-btn-primary').click();
      await page.locator('.deploy-result[data-created="true"]').waitFor();
    });
    const deployed = await server.http.get('/api/process-models/forms/example-greeting-confirm').set('Authorization', `Bearer ${manager.token}`);
    expect(deployed.body.components).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'Field_Comment', key: 'comment', label: '复核意见' })]));
  });
  it('downloads the model as a BPMN file, and imports a .bpmn file into the modeler', async () => {
    await inBrowser(async (page) => {
      await openModeler(page);
      // the download is the diagram as edited, named like the deployed resource
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button[data-action="download"]').click()]);
      expect(download.suggestedFilename()).toBe('example-greeting.bpmn');
      const path = await download.path();
      expect(readFileSync(path, 'utf8')).toContain('<bpmn:process id="example-greeting" name="示例：问候"');

      // an imported file replaces the diagram
      await page.locator('.modeler-page input[type="file"]').setInputFiles('test/fixtures/process-management/pm-review.bpmn');
      await element(page, 'Task_Review').waitFor();
      await page.getByText('已导入 pm-review.bpmn').waitFor();
      await expect(page.locator('.modeler-card .ant-card-head-title').textContent()).resolves.toContain('备案复核（流程管理测试）');
    });
  });

  it('keeps edits not yet deployed when the session expires and offers them back after the login, and asks before leaving through the menu', async () => {
    const draftKey = `diagram-draft:${manager.id}:${KEY}`;
    await inBrowser(async (page) => {
      await openModeler(page);
      // given: the manager renames a step, without deploying
      await element(page, 'Task_ComposeGreeting').click();
      await openGroup(page, 'general');
      await page.locator('#bio-properties-panel-name').fill('撰写问候语（未发布）');
      await page.waitForFunction(`(localStorage.getItem(${JSON.stringify(draftKey)}) ?? '').includes('撰写问候语（未发布）')`);

      // when: they pick another page in the menu, they are asked first; staying keeps them in the modeler
      await page.getByRole('menuitem', { name: /流程管理/ }).click();
      const ask = page.locator('.ant-modal-confirm').filter({ hasText: '离开流程建模？' });
      await ask.waitFor();
      await ask.locator('[data-action="stay"]').click();
      await ask.waitFor({ state: 'hidden' });
      expect(new URL(page.url()).pathname).toBe(`/manager/procedures/${KEY}/edit`);

      // when: the server stops accepting the session (the account is disabled) and the page asks it for a form
      await server.auth.identity.setDisabled(manager.id, true);
      try {
        await page.locator('.forms-card [data-form="example-greeting-confirm"] button[data-action="edit-form"]').click();
        await page.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('next') === `/manager/procedures/${KEY}/edit`);
        await page.getByText('登录已失效，请重新登录').waitFor();
      } finally {
        await server.auth.identity.setDisabled(manager.id, false);
      }
      await page.getByLabel(/用户名|Username/).fill(manager.id);
      await page.getByLabel(/密码|Password/).fill(manager.password);
      await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();

      // then: back in the modeler, the kept edits are offered back, and restored
      await page.waitForURL(`${baseUrl}/manager/procedures/${KEY}/edit`);
      const offer = page.locator('.kept-draft-modal');
      await offer.getByText('恢复未发布的修改？').waitFor();
      await web.screenshot(page, 'modeler-kept-draft');
      await offer.locator('[data-action="restore-draft"]').click();
      await element(page, 'Task_ComposeGreeting').filter({ hasText: '撰写问候语（未发布）' }).waitFor();

      // when: they leave through the menu, confirming, the edits stay kept; reopened, they may be discarded
      await page.getByRole('menuitem', { name: /流程管理/ }).click();
      await ask.locator('[data-action="leave"]').click();
      await page.waitForURL(`${baseUrl}/manager/procedures`);
      expect(await page.evaluate(`localStorage.getItem(${JSON.stringify(draftKey)}) !== null`)).toBe(true);
      await openModeler(page);
      await offer.locator('[data-action="discard-draft"]').click();
      await page.waitForFunction(`localStorage.getItem(${JSON.stringify(draftKey)}) === null`);
      await expect(element(page, 'Task_ComposeGreeting').textContent()).resolves.not.toContain('未发布');
    });
  });

  it('asks before the browser’s back button leaves the modeler with edits not yet deployed: staying keeps the edits, confirming goes back', async () => {
    await inBrowser(async (page) => {
      // given: the manager opens the modeler from the list of procedures and renames a step, without deploying
      await page.goto(`${baseUrl}/manager/procedures`);
      await page.locator(`tr[data-row-key="${KEY}"] [data-action="edit"]`).click();
      await page.locator('.modeler-canvas[data-loaded="true"]').waitFor();
      await element(page, 'Task_ComposeGreeting').click();
      await openGroup(page, 'general');
      await page.locator('#bio-properties-panel-name').fill('撰写问候语（未发布）');
      await element(page, 'Task_ComposeGreeting').filter({ hasText: '撰写问候语（未发布）' }).waitFor();

      // when: they press the browser's back button, they are asked first; staying keeps them in the modeler with the edits
      await page.evaluate('history.back()');
      const ask = page.locator('.ant-modal-confirm').filter({ hasText: '离开流程建模？' });
      await ask.waitFor();
      await ask.locator('[data-action="stay"]').click();
      await ask.waitFor({ state: 'hidden' });
      expect(new URL(page.url()).pathname).toBe(`/manager/procedures/${KEY}/edit`);
      await expect(element(page, 'Task_ComposeGreeting').textContent()).resolves.toContain('撰写问候语（未发布）');

      // when: they press back again and confirm, they are back at the list of procedures
      await page.evaluate('history.back()');
      await ask.locator('[data-action="leave"]').click();
      await page.waitForURL(`${baseUrl}/manager/procedures`);
      await page.locator(`tr[data-row-key="${KEY}"]`).waitFor();
    });
  });

  it('arms the browser’s own leave prompt (reload, closing the tab) only while the modeler has edits not yet deployed', async () => {
    await inBrowser(async (page) => {
      const prompts: string[] = [];
      page.on('dialog', (dialog) => {
        prompts.push(dialog.type());
        void dialog.accept();
      });
      // given: the manager opens the modeler and selects a step (the browser prompts only on a page the user touched)
      await openModeler(page);
      await element(page, 'Task_ComposeGreeting').click();

      // when: they reload without having edited anything, the page reloads without a prompt
      await page.reload();
      await page.locator('.modeler-canvas[data-loaded="true"]').waitFor();
      expect(prompts).toEqual([]);

      // when: they rename a step and reload, the browser asks first
      await element(page, 'Task_ComposeGreeting').click();
      await openGroup(page, 'general');
      await page.locator('#bio-properties-panel-name').fill('撰写问候语（未发布）');
      await element(page, 'Task_ComposeGreeting').filter({ hasText: '撰写问候语（未发布）' }).waitFor();
      await page.reload();
      await page.locator('.modeler-canvas[data-loaded="true"]').waitFor();
      expect(prompts).toEqual(['beforeunload']);
    });
  });
});
