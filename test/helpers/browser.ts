import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createApp } from '../../src/api/app.js';
import { silentLogger } from '../../src/logger.js';
import type { LicensingServer } from './licensing-server.js';

/** Debian's chromium, the only browser the tests use (nothing is downloaded). */
export const CHROMIUM = '/usr/bin/chromium';
/** The built web application: `dist/web`, or `WEB_BUILD_DIR` when the build was made elsewhere. */
export const WEB_DIR = process.env['WEB_BUILD_DIR'] ?? join(process.cwd(), 'dist', 'web');
/** Where the browser tests save their screenshots. */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

/**
 * `describe` for tests in a real browser, or `describe.skip` with the printed reason when chromium or the web build
 * is missing here (CI's `browser` step provides both).
 */
export function describeInBrowser(what: string): jest.Describe {
  const missing = !existsSync(CHROMIUM)
    ? `${CHROMIUM} is absent (apt-get install -y chromium)`
    : !existsSync(join(WEB_DIR, 'index.html'))
      ? 'the web application is not built (npm run build:web)'
      : null;
  if (missing) console.log(`SKIPPED: the browser tests of ${what}: ${missing}`);
  return missing ? describe.skip : describe;
}

/** The web application served by the HTTP application over a licensing server, and a browser to drive it. */
export interface WebHarness {
  baseUrl: string;
  browser: Browser;
  /** Saves a full-page screenshot as `<name>.png` in {@link SCREENSHOTS}. */
  screenshot(page: Page, name: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** Serves the built web application with the API of `server`, as the composition root wires them, and launches chromium. */
export async function serveWebApp(server: LicensingServer): Promise<WebHarness> {
  const app = createApp({
    config: server.auth.config, logger: silentLogger, identity: server.auth.identity, tokens: server.auth.tokens, audit: server.auth.audit,
    licensing: server.licensing, notifications: server.notifications, processModels: server.processModels, webDir: WEB_DIR,
  });
  const handle = app.callback();
  const web: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', () => resolve()));
  mkdirSync(SCREENSHOTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--headless=new'] });
  return {
    baseUrl: `http://127.0.0.1:${(web.address() as AddressInfo).port}`,
    browser,
    screenshot: (page, name) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }),
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => web.close(() => resolve()));
    },
  };
}
