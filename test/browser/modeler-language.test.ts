import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, serveWebApp, type WebHarness } from '../helpers/browser.js';
import type { TestUser } from '../helpers/auth.js';
import { startLicensingServer, type LicensingServer } from '../helpers/licensing-server.js';

// a real browser drawing diagrams and forms on a shared machine
jest.setTimeout(240_000);

/** A model with every kind of element our procedures use (and a step left without a name, for the lint). */
const SWEEP_MODEL = 'test/fixtures/modeler-language/language-sweep.bpmn';
/** The elements selected one after the other, each showing its own properties. */
const SWEEP_ELEMENTS = [
  'Start', 'Task_Review', 'Timer_Overdue', 'Task_Notify', 'End_Notified', 'Gateway_Decision', 'Flow_Refuse', 'Flow_Accept', 'End_Refused',
  'Gateway_Fork', 'Catch_Reply', 'Task_Receive', 'Sub_Check', 'Call_Permit', 'Gateway_Join', 'End_Done', 'Task_Unnamed',
];

/** The fields of the inspection record's form, one of each kind it has. */
const FORM_FIELDS = ['Text_1', 'Field_2', 'Field_3', 'Field_4', 'Field_5', 'Field_6', 'Field_7', 'Field_8'];

/**
 * The English left in the page under `selector`: each text node's (and tooltip's, placeholder's) words of four or more
 * ASCII letters, leaving out what is not the interface's own text — what the user typed (contenteditable expression
 * editors, inputs' values are not text nodes) and the identifiers shown as such (lint rule names, element ids in
 * `code`), and the few words that are names everyone writes in Latin letters.
 */
const englishUnder = (page: Page, selector: string) =>
  page.evaluate<string[]>(`(() => {
    const NAMES = new Set(['BPMN', 'FEEL', 'JUEL', 'Java', 'JSON', 'HTML', 'Camunda', 'camunda', 'Groovy', 'JavaScript', 'Python', 'Ruby', 'UUID', 'ISO', 'Cron', 'cron', 'Zeebe', 'Markdown', 'iFrame', 'CSV', 'CMMN', 'QName']);
    const skip = (el) => !!el.closest('[contenteditable], .rule, code, .bjsl-id-hint, .lint-rule, .lint-issue a, .bio-properties-panel-header-label');
    const found = new Set();
    const check = (text, where) => {
      if (!text) return;
      // an example expression (a dollar sign and braces) is code, not words
      for (const word of text.replace(/[$][{][^}]*[}]/g, '').match(/[A-Za-z][A-Za-z'-]{3,}/g) ?? []) if (!NAMES.has(word)) found.add(where + ': ' + text.trim().slice(0, 80));
    };
    for (const root of document.querySelectorAll(${JSON.stringify(selector)})) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) if (node.parentElement && !skip(node.parentElement)) check(node.data, 'text');
      for (const el of [root, ...root.querySelectorAll('[title], [placeholder], [aria-label]')]) {
        if (skip(el)) continue;
        for (const attribute of ['title', 'placeholder', 'aria-label']) check(el.getAttribute(attribute), attribute);
      }
    }
    return [...found].sort();
  })()`);

describeInBrowser('the modeler in both languages')('the modeler and the form editor speak the interface language (lint, properties panel, palette, form editor)', () => {
  let server: LicensingServer;
  let web: WebHarness;
  let baseUrl: string;
  let browser: Browser;
  let manager: TestUser;

  beforeAll(async () => {
    server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
    manager = await server.officer('language-manager', ['process-manager']);
    web = await serveWebApp(server);
    ({ baseUrl, browser } = web);
  }, 90_000);

  afterAll(async () => {
    await web?.close();
    await server?.close();
  });

  const inBrowser = async (language: 'zh-CN' | 'en', run: (page: Page) => Promise<void>) => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: language, timezoneId: 'UTC' });
    await context.addInitScript(`localStorage.setItem('language', ${JSON.stringify(language)})`);
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.stack ?? e.message));
    try {
      await page.goto(`${baseUrl}/login`);
      await page.getByLabel(/用户名|Username/).fill(manager.id);
      await page.getByLabel(/密码|Password/).fill(manager.password);
      await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
      await page.waitForURL((url) => url.pathname !== '/login');
      await run(page);
    } catch (error) {
      await web.screenshot(page, `modeler-language-${language}-failure`).catch(() => undefined);
      if (pageErrors.length > 0) throw new Error(`${String(error)}\nerrors in the page:\n${pageErrors.join('\n')}`);
      throw error;
    } finally {
      await context.close();
    }
  };

  const element = (page: Page, id: string) => page.locator(`.modeler-canvas .djs-element[data-element-id="${id}"]`);

  /** Opens the modeler on a blank procedure and imports the sweep model into it. */
  const openSweepModel = async (page: Page) => {
    await page.goto(`${baseUrl}/manager/procedures/new`);
    await page.locator('.modeler-canvas[data-loaded="true"]').waitFor();
    await page.locator('.modeler-page input[type="file"]').setInputFiles(SWEEP_MODEL);
    await element(page, 'Task_Review').waitFor();
    // the diagram fits the canvas, its start under the palette: scroll it right, clear of the palette
    const canvas = await page.locator('.modeler-canvas').boundingBox();
    if (!canvas) throw new Error('the canvas is not drawn');
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    await page.mouse.wheel(-100, 0);
  };

  /** Opens every closed group of the properties panel under `panel`. */
  const openGroups = async (page: Page, panel: string) => {
    await page.evaluate(`for (const group of document.querySelectorAll(${JSON.stringify(`${panel} .bio-properties-panel-group`)}))
      if (!group.querySelector('.bio-properties-panel-group-entries.open')) group.querySelector('.bio-properties-panel-group-header')?.click()`);
    await page.locator(`${panel} .bio-properties-panel-group-entries.open`).first().waitFor();
  };

  /** Selects element `id` on the canvas (a flow through its label) and opens every group of its properties. */
  const selectAndOpenAll = async (page: Page, id: string) => {
    // first a click on empty canvas: the context pad of the element selected before may cover this one
    const canvas = await page.locator('.modeler-canvas').boundingBox();
    if (canvas) await page.mouse.click(canvas.x + canvas.width - 40, canvas.y + 40);
    await element(page, id.startsWith('Flow_') ? `${id}_label` : id).click();
    await page.locator(`.modeler-canvas .djs-element.selected[data-element-id^="${id}"]`).first().waitFor();
    await openGroups(page, '.modeler-properties');
  };

  /** Deploys the model as it is and waits for the server's refusal (the unnamed step fails the lint). */
  const deployRefused = async (page: Page) => {
    await page.locator('button[data-action="deploy"]').click();
    await page.locator('.ant-modal:visible .ant-btn-primary').click();
    // the server lints and the engine parses the model first: slow on a loaded machine with MariaDB
    await page.locator('.server-finding[data-element-id="Task_Unnamed"]').first().waitFor({ timeout: 90_000 });
  };

  /** Opens the form editor (from the sweep model in the modeler) on the reviewing step's form, the deployed inspection record. */
  const openFormEditor = async (page: Page) => {
    await page.locator('.forms-card [data-form="inspection-record"] button[data-action="edit-form"]').click();
    const editor = page.locator('.form-drawer .fjs-editor-container');
    await editor.locator('.fjs-element[data-id="Field_3"]').first().waitFor();
    return editor;
  };

  it('shows the lint overlay, the properties of every kind of element, the palette, context pad and replace menu in Chinese', async () => {
    await inBrowser('zh-CN', async (page) => {
      await openSweepModel(page);
      const english: string[] = [];
      for (const id of SWEEP_ELEMENTS) {
        await selectAndOpenAll(page, id);
        english.push(...(await englishUnder(page, '.modeler-properties')).map((e) => `${id} panel ${e}`));
        english.push(...(await englishUnder(page, '.djs-context-pad')).map((e) => `${id} context pad ${e}`));
      }
      // the popup menus: what each kind of element may become
      for (const id of ['Task_Review', 'Start', 'Timer_Overdue', 'Gateway_Decision', 'Sub_Check', 'End_Refused', 'Catch_Reply']) {
        await selectAndOpenAll(page, id);
        await page.locator('.djs-context-pad [data-action="replace"]').click();
        await page.locator('.djs-popup').waitFor();
        english.push(...(await englishUnder(page, '.djs-popup')).map((e) => `${id} replace menu ${e}`));
        await page.keyboard.press('Escape');
        await page.locator('.djs-popup').waitFor({ state: 'detached' });
      }
      english.push(...(await englishUnder(page, '.djs-palette')).map((e) => `palette ${e}`));
      english.push(...(await englishUnder(page, '.bjsl-overlay, .bjsl-button')).map((e) => `lint ${e}`));
      english.push(...(await englishUnder(page, '.lint-card')).map((e) => `lint list ${e}`));
      expect([...new Set(english)]).toEqual([]);

      // the lint's own words: the overlay on the unnamed step and the list
      await page.locator('.bjsl-overlay').filter({ hasText: '元素缺少标签/名称' }).first().waitFor({ state: 'attached' });
      await page.locator('.lint-issue[data-element-id="Task_Unnamed"][data-rule="label-required"]').getByText('元素缺少标签/名称').waitFor();
      await web.screenshot(page, 'modeler-language-zh');

      // when: the manager gives the reminder a topic no worker serves and deploys anyway, the server refuses: its
      // findings, bpmnlint's and the project's, are listed and marked on the elements in Chinese, the topic kept
      await selectAndOpenAll(page, 'Task_Notify');
      await page.locator('#bio-properties-panel-externalTopic').fill('no-such-topic');
      await deployRefused(page);
      const topic = page.locator('.server-finding[data-element-id="Task_Notify"][data-rule="project/external-topic-has-worker"] .finding-message');
      await expect(topic.textContent()).resolves.toBe('没有后台处理程序接办主题「no-such-topic」：它的任务会一直等待（请用 src/workers/topics.ts 中的主题）');
      await expect(page.locator('.server-finding[data-element-id="Task_Unnamed"][data-rule="label-required"] .finding-message').textContent()).resolves.toBe('元素缺少标签/名称');
      await expect(page.locator('.modeler-finding-badge[data-element-id="Task_Notify"]').textContent()).resolves.toContain('没有后台处理程序接办主题「no-such-topic」');
    });
  });

  it('shows the form editor’s palette, the properties of each kind of field and the form’s own in Chinese, the user’s labels untouched', async () => {
    await inBrowser('zh-CN', async (page) => {
      await openSweepModel(page);
      const editor = await openFormEditor(page);
      const english: string[] = [];
      for (const id of FORM_FIELDS) {
        await editor.locator(`.fjs-element[data-id="${id}"]`).first().click();
        await page.locator(`.form-drawer .fjs-properties-panel[data-field="${id}"]`).waitFor();
        await openGroups(page, '.form-drawer .fjs-properties-panel');
        english.push(...(await englishUnder(page, '.form-drawer .fjs-properties-panel')).map((e) => `${id} panel ${e}`));
      }
      english.push(...(await englishUnder(page, '.form-drawer .fjs-palette')).map((e) => `palette ${e}`));
      expect([...new Set(english)]).toEqual([]);

      await expect(page.locator('.form-drawer .fjs-palette-group[data-group-id="basic-input"] .fjs-palette-group-title').textContent()).resolves.toBe('输入');
      await expect(page.locator('.form-drawer .fjs-palette-field[data-field-type="textfield"]').textContent()).resolves.toContain('文本框');
      await expect(page.locator('.form-drawer [data-group-id="group-general"] .bio-properties-panel-group-header-title').textContent()).resolves.toBe('常规');
      // the form's own labels are the manager's, as they wrote them
      await expect(editor.locator('.fjs-element[data-id="Field_3"] .fjs-form-field-label').first().textContent()).resolves.toMatch(/[\u4e00-\u9fff]/);
      await web.screenshot(page, 'form-editor-language-zh');
    });
  });

  it('keeps the lint, the properties panel and the form editor in English when the interface is in English', async () => {
    await inBrowser('en', async (page) => {
      await openSweepModel(page);
      await page.locator('.lint-issue[data-element-id="Task_Unnamed"][data-rule="label-required"]').getByText('Element is missing label/name').waitFor();
      await page.locator('.bjsl-overlay').filter({ hasText: 'Element is missing label/name' }).first().waitFor({ state: 'attached' });
      await selectAndOpenAll(page, 'Task_Review');
      await page.locator('.modeler-properties [data-group-id="group-CamundaPlatform__UserAssignment"] .bio-properties-panel-group-header-title').getByText('User assignment').waitFor();
      await expect(page.locator('.modeler-properties .bio-properties-panel-group-header-buttons button').first().getAttribute('title')).resolves.toMatch(/^(Toggle section|Create new list item)$/);
      await selectAndOpenAll(page, 'Task_Notify');
      await page.locator('.modeler-properties [data-group-id="group-CamundaPlatform__Implementation"]').getByText('Topic', { exact: true }).waitFor();

      // the server's findings as it wrote them
      await deployRefused(page);
      await expect(page.locator('.server-finding[data-element-id="Task_Unnamed"][data-rule="label-required"] .finding-message').textContent()).resolves.toBe('Element is missing label/name');

      const editor = await openFormEditor(page);
      await expect(page.locator('.form-drawer .fjs-palette-group[data-group-id="basic-input"] .fjs-palette-group-title').textContent()).resolves.toBe('Input');
      await expect(page.locator('.form-drawer .fjs-palette-field[data-field-type="textfield"]').textContent()).resolves.toContain('Text field');
      await editor.locator('.fjs-element[data-id="Field_3"]').first().click();
      await expect(page.locator('.form-drawer [data-group-id="group-general"] .bio-properties-panel-group-header-title').textContent()).resolves.toBe('General');
    });
  });
});
