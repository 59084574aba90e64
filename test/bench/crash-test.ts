/**
 * `npm run crash`: the production build as an operating-system process, killed hard (SIGKILL) at random moments
 * while instances flow through start → external task (the system's own `compose-greeting` worker) → parallel fork
 * (user task completed by an "officer" loop | intermediate timer) → join → message catch (correlated by business
 * key) → end, and restarted each time on the same database. At the end every instance must have ended exactly once:
 * one historic instance per business key, state COMPLETED, one end activity, the external task's activity completed
 * once, the worker's output right for its input, no runtime rows left, no incident. Exit code 0 when so, 1 otherwise.
 *
 * Uses a fresh SQLite file in the temp directory, or a scratch schema when `DATABASE_URL=mysql://…` (dropped on
 * success, kept on failure). Settings (environment):
 *
 * - `CRASH_INSTANCES` (300): instances, started evenly over `CRASH_LOAD_SECONDS` (20) with unique business keys;
 * - `CRASH_KILLS` (4): SIGKILLs, each `CRASH_KILL_MIN_MS`..`CRASH_KILL_MAX_MS` (2000..6000) after the system answered;
 * - `CRASH_SECONDS` (90): the whole run must finish within this (else: failure, with what is still open);
 * - `CRASH_TIMER` (`PT1S`): the duration of the timer branch;
 * - `CRASH_RECOVERY` (`operator`): every process runs under one node name (`ENGINE_NODE_ID`), so the restarted
 *   process itself releases the timer jobs its killed predecessor had locked (else they would wait out the job
 *   executor's 5 min lock). External tasks the killed process's worker held (60 s lock) are released by an operator
 *   action once the kills are over — `POST /external-task/{id}/unlock`, and `POST /job/{id}/execute` for any job
 *   still locked by a dead process — so that the run stays short; `wait` lets those locks expire instead (then set
 *   `CRASH_SECONDS` to 180 or more);
 * - `CRASH_SEED`: seed of the random kill moments (printed, for a rerun of the same schedule).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createConnection, type Connection } from 'mysql2/promise';
import { parseDatabaseUrl, type DatabaseSettings } from '../../src/db/data-source.js';
import { mulberry32 } from './bench-support.js';

const env = process.env;
const INSTANCES = Number(env['CRASH_INSTANCES'] ?? 300);
const LOAD_MS = Number(env['CRASH_LOAD_SECONDS'] ?? 20) * 1000;
const KILLS = Number(env['CRASH_KILLS'] ?? 4);
const KILL_MIN_MS = Number(env['CRASH_KILL_MIN_MS'] ?? 2000);
const KILL_MAX_MS = Number(env['CRASH_KILL_MAX_MS'] ?? 6000);
const TOTAL_MS = Number(env['CRASH_SECONDS'] ?? 90) * 1000;
const TIMER = env['CRASH_TIMER'] ?? 'PT1S';
const RECOVERY = (env['CRASH_RECOVERY'] ?? 'operator') as 'operator' | 'wait';
const SEED = Number(env['CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
/** The job executor's default lock time (src/engine/jobs/job-executor.ts). */
const JOB_LOCK_MS = 300_000;

const KEY = 'crash';
const MESSAGE = 'crash-go';
const ADMIN_PASSWORD = 'crash-admin-password';
const AUTH = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;
const RUN_ID = Date.now().toString(36);
const businessKey = (i: number) => `crash-${RUN_ID}-${i}`;
const nameOf = (i: number) => `警员${i}号`;
const greetingOf = (i: number) => `您好，${nameOf(i)}！`;

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="crash-defs" targetNamespace="crash">
  <bpmn:message id="msg" name="${MESSAGE}" />
  <bpmn:process id="${KEY}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="compute" camunda:type="external" camunda:topic="compose-greeting" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:userTask id="review" name="Review" camunda:candidateGroups="officers" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:timerEventDefinition><bpmn:timeDuration>${TIMER}</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:parallelGateway id="join" />
    <bpmn:intermediateCatchEvent id="waitMsg">
      <bpmn:messageEventDefinition messageRef="msg" />
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="compute" />
    <bpmn:sequenceFlow id="f2" sourceRef="compute" targetRef="fork" />
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="review" />
    <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="wait" />
    <bpmn:sequenceFlow id="f5" sourceRef="review" targetRef="join" />
    <bpmn:sequenceFlow id="f6" sourceRef="wait" targetRef="join" />
    <bpmn:sequenceFlow id="f7" sourceRef="join" targetRef="waitMsg" />
    <bpmn:sequenceFlow id="f8" sourceRef="waitMsg" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

// the system under test ////

interface System {
  child: ChildProcess;
  pid: number;
  spawnedAt: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let system: System | null = null;
/** Pids of killed processes: their workers' ids contain `-<pid>-`. */
const deadPids = new Set<number>();
let baseUrl = '';
let childEnv: Record<string, string> = {};
let log: WriteStream;

function spawnSystem(): System {
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, ['dist/src/main.js'], { env: { ...process.env, ...childEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  if (child.pid === undefined) throw new Error('could not spawn the system');
  log.write(`\n---- spawned pid ${child.pid} at +${ms(spawnedAt)} ms ----\n`);
  return { child, pid: child.pid, spawnedAt, exited };
}

async function waitReady(s: System, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) throw new Error(`system pid ${s.pid} exited while starting; see ${logPath}`);
    if (Date.now() > deadline) throw new Error(`system pid ${s.pid} did not answer within ${timeoutMs} ms; see ${logPath}`);
    try {
      const res = await fetch(`${baseUrl}/engine-rest/engine`, { headers: { Authorization: AUTH }, signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(50);
  }
}

// REST with retries through restarts ////

type Answer = { status: number; body: unknown } | null;

/** One request; null when the system is not reachable (connection refused, reset, timed out). */
async function call(method: string, path: string, body?: unknown): Promise<Answer> {
  try {
    const res = await fetch(`${baseUrl}/engine-rest${path}`, {
      method, signal: AbortSignal.timeout(10_000),
      headers: { Authorization: AUTH, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  } catch {
    stats.unreachable++;
    return null;
  }
}

const stats = {
  unreachable: 0, startRetries: 0, startsFoundAfterError: 0, tasksCompleted: 0, taskCompleteRefused: 0, messagesCorrelated: 0,
  messagesMismatched: 0, deadExternalTasksUnlocked: 0, deadJobsExecuted: 0, kills: [] as Array<{ atMs: number; pid: number; upMs: number }>,
};
let stopping = false;

/** Starts instance `i` once: after an error it looks the business key up before trying again (a lost answer may hide a start). */
async function startInstance(i: number): Promise<void> {
  const bk = businessKey(i);
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      const found = await call('GET', `/history/process-instance?processInstanceBusinessKey=${encodeURIComponent(bk)}`);
      if (found?.status === 200 && Array.isArray(found.body) && found.body.length > 0) {
        stats.startsFoundAfterError++;
        return;
      }
      if (!found || found.status !== 200) {
        await sleep(100);
        attempt--;
        continue;
      }
      stats.startRetries++;
    }
    const res = await call('POST', `/process-definition/key/${KEY}/start`, { businessKey: bk, variables: { name: { value: nameOf(i), type: 'String' } } });
    if (res?.status === 200) return;
    if (res && res.status < 500) throw new Error(`start of ${bk} refused: ${res.status} ${JSON.stringify(res.body)}`);
    await sleep(100);
  }
}

async function starter(): Promise<void> {
  const t0 = Date.now();
  let next = 0;
  const lane = async () => {
    while (next < INSTANCES) {
      const i = next++;
      const due = t0 + (i * LOAD_MS) / INSTANCES;
      if (due > Date.now()) await sleep(due - Date.now());
      await startInstance(i);
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
}

/** The officer: completes every open user task of the model, again and again. */
async function officer(): Promise<void> {
  while (!stopping) {
    const res = await call('GET', `/task?processDefinitionKey=${KEY}&maxResults=50`);
    const tasks = res?.status === 200 && Array.isArray(res.body) ? (res.body as Array<{ id: string }>) : [];
    await Promise.all(tasks.map(async (t) => {
      const done = await call('POST', `/task/${t.id}/complete`, {});
      if (done?.status === 204) stats.tasksCompleted++;
      else if (done) stats.taskCompleteRefused++;
    }));
    if (tasks.length === 0) await sleep(200);
  }
}

/** The message sender: correlates the message by business key to every instance waiting for it. */
async function messenger(): Promise<void> {
  while (!stopping) {
    const res = await call('GET', `/process-instance?processDefinitionKey=${KEY}&activityIdIn=waitMsg&maxResults=50`);
    const waiting = res?.status === 200 && Array.isArray(res.body) ? (res.body as Array<{ businessKey: string }>) : [];
    await Promise.all(waiting.map(async (p) => {
      const done = await call('POST', '/message', { messageName: MESSAGE, businessKey: p.businessKey });
      if (done?.status === 204 || done?.status === 200) stats.messagesCorrelated++;
      else if (done) stats.messagesMismatched++;
    }));
    if (waiting.length === 0) await sleep(200);
  }
}

/** Kills the system `KILLS` times at random moments and restarts it on the same database. */
async function chaos(random: () => number): Promise<void> {
  for (let k = 0; k < KILLS && !stopping; k++) {
    const s = system!;
    const upFor = KILL_MIN_MS + random() * (KILL_MAX_MS - KILL_MIN_MS);
    await sleep(upFor);
    s.child.kill('SIGKILL');
    const { signal } = await s.exited;
    if (signal !== 'SIGKILL') throw new Error(`pid ${s.pid} ended by ${signal ?? 'exit'} before it was killed; see ${logPath}`);
    deadPids.add(s.pid);
    stats.kills.push({ atMs: ms(runStart), pid: s.pid, upMs: Math.round(upFor) });
    system = spawnSystem();
    await waitReady(system);
  }
}

/** Operator action after the kills: releases what killed processes held locked (see `CRASH_RECOVERY`). */
async function recoverDeadLocks(db: Db): Promise<void> {
  const now = Date.now();
  const live = system!;
  const tasks = await db.all('SELECT id, worker_id FROM eng_external_task WHERE worker_id IS NOT NULL AND lock_exp_time > ?', [now]);
  for (const t of tasks) {
    const pid = /-(\d+)-compose-greeting-/.exec(String(t['worker_id']))?.[1];
    if (pid !== undefined && deadPids.has(Number(pid))) {
      const res = await call('POST', `/external-task/${String(t['id'])}/unlock`);
      if (res?.status === 204) stats.deadExternalTasksUnlocked++;
    }
  }
  const jobs = await db.all('SELECT id, lock_exp_time FROM eng_job WHERE lock_owner IS NOT NULL AND lock_exp_time > ?', [now]);
  for (const j of jobs) {
    if (Number(j['lock_exp_time']) - JOB_LOCK_MS < live.spawnedAt) {
      const res = await call('POST', `/job/${String(j['id'])}/execute`);
      if (res?.status === 204) stats.deadJobsExecuted++;
    }
  }
}

// database access for the verification ////

interface Db {
  all(sql: string, params?: Array<string | number>): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

async function openDb(settings: DatabaseSettings): Promise<Db> {
  if (settings.kind === 'mysql') {
    const c: Connection = await createConnection(settings.location);
    return {
      all: async (sql, params = []) => (await c.query(sql, params))[0] as Array<Record<string, unknown>>,
      close: () => c.end(),
    };
  }
  const d = new Database(settings.location, { fileMustExist: true });
  d.pragma('busy_timeout = 5000');
  return { all: async (sql, params = []) => d.prepare(sql).all(...params) as Array<Record<string, unknown>>, close: async () => void d.close() };
}

async function scratchDatabase(dir: string): Promise<{ settings: DatabaseSettings; url: string; label: string; drop: () => Promise<void> }> {
  const url = env['DATABASE_URL'];
  if (url && /^(mysql|mariadb):/i.test(url)) {
    const base = parseDatabaseUrl(url);
    const name = `crash_${RUN_ID}`;
    const admin = await createConnection(base.location);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    await admin.end();
    const u = new URL(base.location);
    u.pathname = `/${name}`;
    return {
      settings: { kind: 'mysql', location: u.toString() }, url: u.toString(), label: `MySQL/MariaDB schema ${name} on ${u.host}`,
      drop: async () => {
        const c = await createConnection(base.location);
        await c.query(`DROP DATABASE \`${name}\``);
        await c.end();
      },
    };
  }
  const file = join(dir, 'crash.db');
  return { settings: { kind: 'sqlite', location: file }, url: `sqlite:${file}`, label: `SQLite ${file}`, drop: async () => undefined };
}

// verification ////

async function verify(db: Db, definitionId: string): Promise<string[]> {
  const violations: string[] = [];
  const procs = await db.all('SELECT id, business_key, state, end_time, end_act_id FROM eng_hi_procinst WHERE proc_def_key = ?', [KEY]);
  const byKey = new Map<string, Array<Record<string, unknown>>>();
  for (const p of procs) {
    const list = byKey.get(String(p['business_key'])) ?? [];
    list.push(p);
    byKey.set(String(p['business_key']), list);
  }
  const acts = await db.all('SELECT proc_inst_id, act_id, end_time FROM eng_hi_actinst WHERE proc_def_id = ?', [definitionId]);
  const actsOf = new Map<string, Array<Record<string, unknown>>>();
  for (const a of acts) {
    const list = actsOf.get(String(a['proc_inst_id'])) ?? [];
    list.push(a);
    actsOf.set(String(a['proc_inst_id']), list);
  }
  const vars = await db.all("SELECT proc_inst_id, text_value, state FROM eng_hi_varinst WHERE proc_def_id = ? AND name = 'greeting'", [definitionId]);
  const greetingsOf = new Map<string, string[]>();
  for (const v of vars) {
    const list = greetingsOf.get(String(v['proc_inst_id'])) ?? [];
    list.push(String(v['text_value']));
    greetingsOf.set(String(v['proc_inst_id']), list);
  }
  for (let i = 0; i < INSTANCES; i++) {
    const bk = businessKey(i);
    const rows = byKey.get(bk) ?? [];
    if (rows.length !== 1) {
      violations.push(`${bk}: ${rows.length} historic process instances (${rows.map((r) => `${String(r['id'])} ${String(r['state'])}`).join(', ')})`);
      if (rows.length === 0) continue;
    }
    for (const p of rows) {
      const id = String(p['id']);
      const where = `${bk} (instance ${id})`;
      if (p['state'] !== 'COMPLETED' || p['end_time'] == null || p['end_act_id'] !== 'end') {
        violations.push(`${where}: state ${String(p['state'])}, end_time ${String(p['end_time'])}, end_act_id ${String(p['end_act_id'])}`);
      }
      const mine = actsOf.get(id) ?? [];
      for (const activity of ['start', 'compute', 'review', 'wait', 'waitMsg', 'end']) {
        const of = mine.filter((a) => a['act_id'] === activity);
        const ended = of.filter((a) => a['end_time'] != null);
        if (of.length !== 1 || ended.length !== 1) violations.push(`${where}: activity '${activity}' has ${of.length} historic instances, ${ended.length} ended`);
      }
      const open = mine.filter((a) => a['end_time'] == null);
      if (open.length > 0) violations.push(`${where}: open historic activity instances ${open.map((a) => String(a['act_id'])).join(', ')}`);
      const greetings = greetingsOf.get(id) ?? [];
      if (greetings.length !== 1 || greetings[0] !== greetingOf(i)) {
        violations.push(`${where}: greeting ${JSON.stringify(greetings)}, expected ["${greetingOf(i)}"]`);
      }
    }
  }
  const extra = [...byKey.keys()].filter((bk) => !bk.startsWith(`crash-${RUN_ID}-`) || Number(bk.slice(`crash-${RUN_ID}-`.length)) >= INSTANCES);
  if (extra.length > 0) violations.push(`unexpected business keys: ${extra.slice(0, 10).join(', ')}`);
  for (const table of ['eng_execution', 'eng_task', 'eng_external_task', 'eng_job', 'eng_event_subscription', 'eng_variable', 'eng_incident']) {
    const [row] = await db.all(`SELECT COUNT(*) AS n FROM ${table} WHERE proc_def_id = ?`, [definitionId]);
    if (Number(row?.['n']) !== 0) violations.push(`${table}: ${Number(row?.['n'])} runtime rows left`);
  }
  const [links] = await db.all('SELECT COUNT(*) AS n FROM eng_identity_link WHERE task_id IS NOT NULL AND task_id NOT IN (SELECT id FROM eng_task)');
  if (Number(links?.['n']) !== 0) violations.push(`eng_identity_link: ${Number(links?.['n'])} links of tasks that no longer exist`);
  const [incidents] = await db.all('SELECT COUNT(*) AS n FROM eng_hi_incident WHERE proc_def_id = ?', [definitionId]);
  if (Number(incidents?.['n']) !== 0) violations.push(`eng_hi_incident: ${Number(incidents?.['n'])} incidents were raised`);
  const count = await call('GET', `/process-instance/count?processDefinitionKey=${KEY}`);
  if (JSON.stringify(count?.body) !== '{"count":0}') violations.push(`GET /process-instance/count: ${JSON.stringify(count?.body)}, expected {"count":0}`);
  const hist = await call('GET', `/history/process-instance/count?processDefinitionKey=${KEY}&completed=true`);
  if (JSON.stringify(hist?.body) !== `{"count":${INSTANCES}}`) violations.push(`GET /history/process-instance/count?completed=true: ${JSON.stringify(hist?.body)}, expected ${INSTANCES}`);
  return violations;
}

/** Where each unfinished instance stands, for the report when the deadline passes. */
async function describeOpen(db: Db, definitionId: string): Promise<string[]> {
  const rows = await db.all(
    `SELECT e.proc_inst_id, e.business_key, e.activity_id, e.is_active FROM eng_execution e WHERE e.proc_def_id = ? ORDER BY e.proc_inst_id`, [definitionId]);
  const jobs = await db.all('SELECT proc_inst_id, lock_owner, lock_exp_time, due_date, retries FROM eng_job WHERE proc_def_id = ?', [definitionId]);
  const ext = await db.all('SELECT proc_inst_id, worker_id, lock_exp_time, retries FROM eng_external_task WHERE proc_def_id = ?', [definitionId]);
  const out = rows.slice(0, 40).map((r) => `execution of ${String(r['proc_inst_id'])} at ${String(r['activity_id'])} active=${String(r['is_active'])}`);
  out.push(...jobs.slice(0, 20).map((j) => `job of ${String(j['proc_inst_id'])}: lock_owner ${String(j['lock_owner'])} lock_exp_time ${String(j['lock_exp_time'])} due ${String(j['due_date'])} retries ${String(j['retries'])}`));
  out.push(...ext.slice(0, 20).map((t) => `external task of ${String(t['proc_inst_id'])}: worker ${String(t['worker_id'])} lock_exp_time ${String(t['lock_exp_time'])} retries ${String(t['retries'])}`));
  return out;
}

// run ////

let runStart = Date.now();
let logPath = '';

async function run(): Promise<number> {
  runStart = Date.now();
  const random = mulberry32(SEED);
  const dir = mkdtempSync(join(tmpdir(), 'crash-'));
  logPath = join(dir, 'system.log');
  log = createWriteStream(logPath);
  const database = await scratchDatabase(dir);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  childEnv = {
    DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1', ADMIN_PASSWORD, JWT_SECRET: 'c'.repeat(48),
    LOG_LEVEL: 'warn', WORKERS_ENABLED: 'true', ENGINE_NODE_ID: `crash-${RUN_ID}`,
  };
  console.log(`crash test: ${INSTANCES} instances over ${LOAD_MS / 1000} s, ${KILLS} SIGKILLs every ${KILL_MIN_MS}–${KILL_MAX_MS} ms, timer ${TIMER}, recovery ${RECOVERY}, seed ${SEED}`);
  console.log(`database: ${database.label}; system log: ${logPath}`);

  system = spawnSystem();
  await waitReady(system);
  const deployed = await deploy();
  const db = await openDb(database.settings);
  console.log(`deployed ${KEY} as ${deployed} after ${ms(runStart)} ms; load and kills start`);

  const deadline = runStart + TOTAL_MS;
  const loops = [officer(), messenger()];
  let chaosDone = false;
  const chaosRun = chaos(random).finally(() => (chaosDone = true));
  const starting = starter();
  let finished = false;
  let completed = 0;
  let lastRecovery = 0;
  while (Date.now() < deadline) {
    const [row] = await db.all("SELECT COUNT(*) AS n FROM eng_hi_procinst WHERE proc_def_key = ? AND state = 'COMPLETED'", [KEY]);
    completed = Number(row?.['n']);
    if (completed >= INSTANCES && chaosDone) {
      finished = true;
      break;
    }
    if (RECOVERY === 'operator' && chaosDone && Date.now() - lastRecovery > 2000) {
      lastRecovery = Date.now();
      await recoverDeadLocks(db).catch((e: unknown) => console.error('recovery failed:', e));
    }
    await sleep(250);
  }
  const loadEndedMs = ms(runStart);
  stopping = true;
  await Promise.race([Promise.all([chaosRun, starting, ...loops]), sleep(15_000)]);

  const violations: string[] = [];
  if (!finished) {
    violations.push(`deadline: after ${loadEndedMs} ms only ${completed} of ${INSTANCES} instances completed (kills done: ${chaosDone})`);
    violations.push(...(await describeOpen(db, deployed)).map((l) => `  open: ${l}`));
  }
  violations.push(...(await verify(db, deployed)));

  // the last process stops gracefully
  const last = system;
  last.child.kill('SIGTERM');
  const ended = await Promise.race([last.exited, sleep(15_000).then(() => null)]);
  if (!ended || ended.code !== 0) {
    violations.push(`graceful stop: pid ${last.pid} ended with ${JSON.stringify(ended)} after SIGTERM`);
    if (!ended) last.child.kill('SIGKILL');
  }
  await db.close();
  log.end();

  const warnings = readFileSync(logPath, 'utf8').split('\n').filter((l) => /"level":(40|50|60)/.test(l) || /error/i.test(l));
  console.log(`\n${'kills'.padEnd(34)}${stats.kills.map((k) => `+${(k.atMs / 1000).toFixed(1)}s pid ${k.pid} (up ${(k.upMs / 1000).toFixed(1)}s)`).join(', ')}`);
  const line = (k: string, v: string | number) => console.log(`${k.padEnd(34)}${v}`);
  line('instances completed', `${completed} / ${INSTANCES}`);
  line('load ended after', `${(loadEndedMs / 1000).toFixed(1)} s`);
  line('start retries / found after error', `${stats.startRetries} / ${stats.startsFoundAfterError}`);
  line('user tasks completed / refused', `${stats.tasksCompleted} / ${stats.taskCompleteRefused}`);
  line('messages correlated / mismatched', `${stats.messagesCorrelated} / ${stats.messagesMismatched}`);
  line('operator: ext. tasks unlocked', stats.deadExternalTasksUnlocked);
  line('operator: locked jobs executed', stats.deadJobsExecuted);
  line('requests while down (refused)', stats.unreachable);
  line('warn/error lines in system log', warnings.length);
  for (const w of warnings.slice(0, 5)) console.log(`  ${w.slice(0, 300)}`);
  line('violations', violations.length);
  for (const v of violations.slice(0, 60)) console.log(`  ${v}`);
  if (violations.length > 60) console.log(`  … ${violations.length - 60} more`);

  const ok = violations.length === 0;
  if (ok) {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  } else {
    console.log(`\nkept for inspection: ${database.label}, ${logPath}`);
  }
  console.log(JSON.stringify({
    ok, database: database.settings.kind, instances: INSTANCES, completed, kills: stats.kills.length, seed: SEED, seconds: round(ms(runStart) / 1000),
    deadExternalTasksUnlocked: stats.deadExternalTasksUnlocked, deadJobsExecuted: stats.deadJobsExecuted, startsFoundAfterError: stats.startsFoundAfterError,
    violations: violations.length,
  }));
  return ok ? 0 : 1;
}

async function deploy(): Promise<string> {
  const form = new FormData();
  form.set('deployment-name', 'crash-test');
  form.set('crash.bpmn', new Blob([MODEL], { type: 'application/xml' }), 'crash.bpmn');
  const res = await fetch(`${baseUrl}/engine-rest/deployment/create`, { method: 'POST', headers: { Authorization: AUTH }, body: form });
  const body = (await res.json()) as { deployedProcessDefinitions?: Record<string, { id: string }> };
  const def = Object.values(body.deployedProcessDefinitions ?? {})[0];
  if (res.status !== 200 || !def) throw new Error(`deployment failed: ${res.status} ${JSON.stringify(body)}`);
  return def.id;
}

// helpers ////

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

function sleep(msec: number): Promise<void> {
  return new Promise((ok) => setTimeout(ok, Math.max(0, msec)));
}

function ms(since: number): number {
  return Date.now() - since;
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

// never leave a system process behind (e.g. when `timeout` ends this script)
const killChild = () => {
  const s = system;
  if (s && s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
};
process.once('exit', killChild);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`crash test: ${signal}, stopping`);
    killChild();
    process.exit(1);
  });
}

let code = 1;
try {
  code = await run();
} catch (error) {
  console.error('crash test failed:', error);
}
process.exit(code);
