/**
 * The web application's load check (issue 7, bundle budget): is the first page interactive within 2 s on this machine,
 * and do the officers' pages load without the code of the managers' modeler?
 *
 * Set-up: the system started as the README's first command starts it — `node dist/src/main.js` (build it and the web
 * application first; `npm run bench` builds the server, `npm run build:web` the web application) — on a fresh SQLite
 * file, listening on a loopback port, with a generated administrator password and JWT secret. Through its HTTP API the
 * administrator creates a case officer of Guangzhou (`case-440100`), who opens `WEB_CASES` (30) administrative cases,
 * so that their 待办 holds that many tasks. (The cases' clocks reach 2027, which the bundled holiday calendar lacks; a
 * `HOLIDAY_CALENDAR_FILE` of 2027 with New Year's Day as its only holiday stands in for the real arrangement.)
 *
 * Then Debian's chromium (`/usr/bin/chromium` through playwright-core, headless, no network throttling: the server is
 * on this machine) loads each page `WEB_RUNS` (10) times, every time in a new browser context, so with an empty cache:
 * - the login page (`/login`), interactive when its submit button is drawn;
 * - the officer's 待办 (`/todo`, signed in), interactive when the first row of the list is drawn.
 * The time is taken in the page (`performance.now()` from the navigation's start, polled on each animation frame), so
 * the test harness's own round trips are not counted. Also recorded per page: the JavaScript and CSS downloaded
 * (decoded bytes), the number of requests, and whether any chunk of the modeler or the form editor was loaded.
 *
 * `npm run bench -- web` runs it alone. Prints a table, then one JSON object as the last line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { pct, round } from './bench-support.js';

const RUNS = Number(process.env['WEB_RUNS'] ?? 10);
const CASES = Number(process.env['WEB_CASES'] ?? 30);
const CHROMIUM = '/usr/bin/chromium';
const TARGET_MS = 2000;
/** Chunks that belong to the managers' pages only (the modeler, its properties panel, the form editor). */
const MANAGER_CHUNK = /modeler|properties-panel|form-js-editor|form-editor/i;

interface PageResult {
  page: string;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  scriptKb: number;
  styleKb: number;
  requests: number;
  managerCode: boolean;
}

/** What one load of a page measured. */
interface Load {
  readyMs: number;
  scriptBytes: number;
  styleBytes: number;
  requests: number;
  chunks: string[];
}

export async function runWebLoad(): Promise<void> {
  const root = process.cwd();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is absent: apt-get install -y chromium`);
  if (!existsSync(join(root, 'dist', 'web', 'index.html'))) throw new Error('the web application is not built: npm run build:web');
  const dir = mkdtempSync(join(tmpdir(), 'web-load-'));
  const port = await freePort();
  const adminPassword = randomBytes(12).toString('base64url');
  // the bundled holiday calendar ends with 2026 and the cases' clocks reach 2027: a year without holidays stands in for
  // it here with New Year's Day only (only the page loads are measured, not the clocks)
  const calendar = join(dir, 'calendar-2027.json');
  writeFileSync(calendar, JSON.stringify({ years: [2027], holidays: ['2027-01-01'], workdays: [] }));
  const system = spawn(process.execPath, [join(root, 'dist', 'src', 'main.js')], {
    cwd: root,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'web-load.db')}`, FILE_STORAGE_DIR: join(dir, 'files'),
      ADMIN_PASSWORD: adminPassword, HOLIDAY_CALENDAR_FILE: calendar, JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  let browser: Browser | undefined;
  try {
    await waitForHealth(base, system);
    const officer = await seedOfficer(base, adminPassword);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--headless=new'] });
    const results: PageResult[] = [];
    results.push(summarise('login page (/login)', await loads(browser, `${base}/login`, 'button[type=submit]', null)));
    results.push(summarise('待办 (/todo), signed in', await loads(browser, `${base}/todo`, '.task-list .ant-table-row', officer)));
    console.log(`\nWeb application: first page interactive, ${RUNS} cold loads each (new browser context, empty cache), headless chromium, server on loopback`);
    console.table(results.map((r) => ({
      page: r.page, 'p50 ms': r.p50Ms, 'p95 ms': r.p95Ms, 'max ms': r.maxMs, [`under ${TARGET_MS} ms`]: r.p95Ms < TARGET_MS ? 'yes' : 'NO',
      'JS kB': r.scriptKb, 'CSS kB': r.styleKb, requests: r.requests, 'modeler code': r.managerCode ? 'LOADED' : 'no',
    })));
    console.log(JSON.stringify({ web: { targetMs: TARGET_MS, runs: RUNS, cases: CASES, pages: results } }));
  } finally {
    await browser?.close();
    system.kill('SIGTERM');
    await new Promise((resolve) => system.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A signed-in officer's session as the web application keeps it, with `CASES` tasks in their 待办. */
interface OfficerSession {
  token: string;
  user: { id: string; name: string; groups: string[] };
}

async function seedOfficer(base: string, adminPassword: string): Promise<OfficerSession> {
  const admin = await login(base, 'admin', adminPassword);
  const password = randomBytes(12).toString('base64url');
  await call(base, 'POST', '/api/admin/users', admin.token, { id: 'case-bench', name: '压测办案民警', password, passwordChangeRequired: false, groups: ['case-440100'] });
  const officer = await login(base, 'case-bench', password);
  for (let i = 0; i < CASES; i++) {
    await call(base, 'POST', '/api/cases', officer.token, {
      party: { kind: 'unit', name: `广州压测${i + 1}号保安服务有限公司` }, regionCode: '440106', facts: `广州压测${i + 1}号保安服务有限公司未经备案在本市提供保安服务。`,
    });
  }
  const deadline = Date.now() + 120_000;
  for (;;) {
    const counts = (await call(base, 'GET', '/api/workbench/counts', officer.token)) as { todo: number };
    if (counts.todo >= CASES) return officer;
    if (Date.now() > deadline) throw new Error(`only ${counts.todo} of ${CASES} investigation tasks reached the officer's 待办 within 2 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** `RUNS` cold loads of `url`, each until `ready` is drawn; with `session` the page is opened signed in. */
async function loads(browser: Browser, url: string, ready: string, session: OfficerSession | null): Promise<Load[]> {
  const results: Load[] = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    if (session) await context.addInitScript((s) => (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }).sessionStorage.setItem('session', s), JSON.stringify(session));
    // records in the page when `ready` is first drawn, polled on each animation frame
    await context.addInitScript({ content: `(() => { const poll = () => { if (document.querySelector(${JSON.stringify(ready)})) window.readyAt = performance.now(); else requestAnimationFrame(poll); }; requestAnimationFrame(poll); })();` });
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(() => (globalThis as unknown as { readyAt?: number }).readyAt !== undefined, undefined, { timeout: 30_000 });
    results.push(await page.evaluate(() => {
      const resources = performance.getEntriesByType('resource') as unknown as Array<{ name: string; decodedBodySize: number }>;
      const bytes = (pattern: RegExp) => resources.filter((r) => pattern.test(new URL(r.name).pathname)).reduce((sum, r) => sum + r.decodedBodySize, 0);
      return {
        readyMs: (globalThis as unknown as { readyAt: number }).readyAt,
        scriptBytes: bytes(/\.js$/),
        styleBytes: bytes(/\.css$/),
        requests: resources.length + 1,
        chunks: resources.map((r) => new URL(r.name).pathname).filter((p) => p.endsWith('.js')),
      };
    }));
    await context.close();
  }
  return results;
}

function summarise(name: string, runs: Load[]): PageResult {
  const times = runs.map((r) => r.readyMs).sort((a, b) => a - b);
  const last = runs[runs.length - 1] as Load;
  return {
    page: name, runs: runs.length, p50Ms: round(pct(times, 0.5)), p95Ms: round(pct(times, 0.95)), maxMs: round(times[times.length - 1] ?? 0),
    scriptKb: round(last.scriptBytes / 1024), styleKb: round(last.styleBytes / 1024), requests: last.requests,
    managerCode: runs.some((r) => r.chunks.some((c) => MANAGER_CHUNK.test(c))),
  };
}

async function login(base: string, username: string, password: string): Promise<OfficerSession> {
  return (await call(base, 'POST', '/api/auth/login', null, { username, password })) as OfficerSession;
}

async function call(base: string, method: string, path: string, token: string | null, body?: unknown): Promise<unknown> {
  const response = await fetch(base + path, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

async function waitForHealth(base: string, system: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (system.exitCode !== null) throw new Error(`the system exited with code ${system.exitCode} while starting`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the system did not answer /api/health within 2 minutes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
