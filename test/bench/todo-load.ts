/**
 * The 待办 load check (issue 6 item 9): with `TODO_TASKS` (100,000) open user tasks across 200 jurisdictions — 20
 * districts in each of 10 Guangdong cities — does `GET /api/workbench/todo` answer one district officer in under
 * 100 ms at p95?
 *
 * Set-up, on a fresh SQLite file or a scratch schema when `DATABASE_URL=mysql://…`: the real migrations, the app as
 * `src/main.ts` builds it (identity, audit, the embedded engine and its `/engine-rest`, licensing with the workbench,
 * listening on a loopback port; no job executor, no workers), the project's models deployed in-process. The open tasks
 * are seeded in bulk, straight into the engine's tables, as the engine writes a process instance waiting at a user
 * task of a real model (its root execution, the task, one candidate-group link; no variables, no history) — together
 * with the procedure each belongs to (`admin_case`, `criminal_case`, `inspection`, `tip`, so the view `wb_procedure`
 * has a row for it) and one running statutory clock (`lic_clock`) started 0–40 days ago, so every colour occurs.
 * Candidate groups are `case-<district>`, `legal-<district>` and `station-<district>`.
 *
 * The officer is a real user (`case-<D>` and `station-<D>` of one district D) who logs in through `POST
 * /api/auth/login`; `TODO_ASSIGNED` (25) of D's tasks are assigned to them. Then, one request at a time over HTTP,
 * `TODO_REQUESTS` (200) times each (after 5 warm-ups): the first page in the default order, the colour filter `red`,
 * the overdue filter sorted by creation — the target — and, for information, the engine query behind the list and
 * the same list for a city officer holding the case groups of the city's 20 districts, unfiltered and by colour (the
 * colour filter reads all of the officer's tasks and the clocks of their cases). On SQLite it prints the query plans of the statements behind the list. Prints a table,
 * then one JSON object as the last line.
 *
 * `npm run bench -- todo` runs it alone (`npm run bench` runs it after the throughput benchmark);
 * `TODO_KEEP_DB=1` keeps the database to try queries on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { createApp } from '../../src/api/app.js';
import { AuditLog, auditEntities } from '../../src/audit/index.js';
import { TokenService } from '../../src/auth/tokens.js';
import { AdminCaseEntity } from '../../src/cases/admin-case.entity.js';
import { CriminalCaseEntity } from '../../src/cases/criminal-case.entity.js';
import { loadConfig } from '../../src/config.js';
import { createDataSource } from '../../src/db/data-source.js';
import { sqliteGateOf } from '../../src/db/sqlite-gate.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { T } from '../../src/engine/persistence/tables.js';
import { createEngineRest } from '../../src/engine/rest/rest-router.js';
import { newId } from '../../src/engine/runtime/ids.js';
import { engineAsCaller } from '../../src/engine-client/engine-as-caller.js';
import { EngineClient } from '../../src/engine-client/engine-client.js';
import { IdentityService, identityEntities } from '../../src/identity/index.js';
import { InspectionEntity } from '../../src/inspections/inspection.entity.js';
import { createLicensing, LICENSING_GROUPS, licensingEntities } from '../../src/licensing/index.js';
import { ClockEntity } from '../../src/licensing/permit.entity.js';
import { silentLogger } from '../../src/logger.js';
import { readDeploymentResources } from '../../src/main.js';
import { TipEntity } from '../../src/tips/tip.entity.js';
import { mulberry32, pct, round, scratchDatabase } from './bench-support.js';

const TASKS = Number(process.env['TODO_TASKS'] ?? 100_000);
const REQUESTS = Number(process.env['TODO_REQUESTS'] ?? 200);
const ASSIGNED = Number(process.env['TODO_ASSIGNED'] ?? 25);
const BATCH = Number(process.env['TODO_BATCH'] ?? 500);
const SEED = Number(process.env['TODO_SEED'] ?? 6009);
const TARGET_MS = 100;
const DAY = 86_400_000;
const ACTOR = { userId: 'bench', groupIds: [] };
const PASSWORD = 'officer-password-1';

/** 10 cities of the built-in region table × 20 districts (`<city prefix>01` … `<city prefix>20`) = 200 jurisdictions. */
const CITIES = ['440100', '440300', '440400', '440500', '440600', '440700', '440800', '440900', '441200', '441300'];
const DISTRICTS = CITIES.flatMap((city) => Array.from({ length: 20 }, (_, i) => `${city.slice(0, 4)}${String(i + 1).padStart(2, '0')}`));
/** The measured officer's district (Guangzhou's 6th). */
const OFFICER_DISTRICT = '440106';

/** Where the open tasks stand: real user tasks of the project's models, their candidate group prefix and their procedure. */
const KINDS = [
  { share: 30, procedure: 'administrative-case', task: 'Task_Investigate', name: '调查取证并提出处理意见', group: 'case-', table: 'admin', rule: 'A7', days: 30, due: false },
  { share: 10, procedure: 'administrative-case', task: 'Task_ServeAndEnforce', name: '送达与执行', group: 'case-', table: 'admin', rule: 'A7', days: 30, due: false },
  { share: 10, procedure: 'administrative-case', task: 'Task_LegalReview', name: '法制审核', group: 'legal-', table: 'admin', rule: 'A7', days: 30, due: false },
  { share: 10, procedure: 'criminal-case', task: 'Task_FilingReview', name: '立案审查', group: 'case-', table: 'criminal', rule: 'KF', days: 3, due: true },
  { share: 25, procedure: 'inspection', task: 'Task_Inspect', name: '现场检查', group: 'station-', table: 'inspection', rule: 'I1', days: 30, due: false },
  { share: 15, procedure: 'tip-verification', task: 'Task_Verify', name: '核查', group: 'station-', table: 'tip', rule: 'C2', days: 30, due: true },
] as const;

type Kind = (typeof KINDS)[number];

interface Timing {
  name: string;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  bytes: number;
  items: number;
  total: number;
  target: boolean;
}

/** The result, as the last line prints it. */
export interface TodoLoadResult {
  database: string;
  openTasks: number;
  jurisdictions: number;
  officerTasks: number;
  seedSeconds: number;
  todoP50Ms: number;
  todoP95Ms: number;
  todoP99Ms: number;
  todoBytes: number;
  redP95Ms: number;
  overdueP95Ms: number;
  engineQueryP95Ms: number;
  cityOfficerP95Ms: number;
  cityOfficerRedP95Ms: number;
  targetMet: boolean;
}

/** Seeds, measures and prints; returns the figures. */
export async function runTodoLoad(): Promise<TodoLoadResult> {
  const { settings, cleanup, label } = await scratchDatabase('todo');
  const dataSource = createDataSource(settings, { entities: [...identityEntities, ...auditEntities, ...licensingEntities] });
  await dataSource.initialize();
  if (settings.kind === 'sqlite') sqliteGateOf(dataSource);
  await dataSource.runMigrations({ transaction: 'each' });

  // the app as main.ts composes it (embedded engine), on a loopback port
  const audit = new AuditLog(dataSource);
  const identity = new IdentityService(dataSource, { audit });
  const tokens = new TokenService({ secret: 'todo-load-secret-'.padEnd(48, 'x'), expiresInSeconds: 3600 });
  const engine = createEngine({ dataSource, groupIdsOf: (u) => identity.groupIdsOf(u) });
  const rest = createEngineRest(engine, (e) => console.error(e));
  const files = mkdtempSync(join(tmpdir(), 'todo-files-'));
  const config = loadConfig({});
  await identity.ensureGroups(LICENSING_GROUPS);
  await identity.ensureWorkerAccount('worker');
  // listen first, so the engine's address is known to the services the app is built from
  const port = await freePortServer();
  const base = `http://127.0.0.1:${port.port}`;
  const serviceToken = () => `Bearer ${tokens.sign({ userId: 'worker', groupIds: ['worker'] })}`;
  const client = new EngineClient({ baseUrl: `${base}/engine-rest`, authorization: serviceToken });
  // as main.ts: the workbench calls the engine as the officer, with a delegation token
  const engineAs = engineAsCaller(client, tokens);
  const licensing = await createLicensing({ dataSource, identity, config: { ...config.licensing, fileStorageDir: files }, engine: client, root: process.cwd(), now: () => new Date(), engineAs, audit });
  const app = createApp({ config, logger: silentLogger, identity, tokens, audit, engineRest: rest.middleware, licensing });
  const handle = app.callback();
  port.server.on('request', (req, res) => void handle(req, res));

  // the project's models, deployed in-process
  const deployment = await engine.repository.deploy(ACTOR, {
    name: 'security-supervision', source: null, tenantId: null, enableDuplicateFiltering: false, deployChangedOnly: false, resources: readDeploymentResources(process.cwd()),
  });
  const definitions = new Map((deployment.processDefinitions ?? []).map((d) => [d.key, d]));
  for (const k of KINDS) if (!definitions.has(k.procedure)) throw new Error(`model ${k.procedure} is not deployed`);

  // the open tasks, their procedures and clocks
  const t0 = performance.now();
  const now = Date.now();
  const random = mulberry32(SEED);
  const officer = 'officer-todo';
  const officerGroups = [`case-${OFFICER_DISTRICT}`, `station-${OFFICER_DISTRICT}`];
  let assignedLeft = ASSIGNED;
  let officerTasks = 0;
  let lastReport = performance.now();
  for (let first = 0; first < TASKS; first += BATCH) {
    const seeds: Seed[] = [];
    for (let i = first; i < Math.min(TASKS, first + BATCH); i++) {
      const district = DISTRICTS[i % DISTRICTS.length] as string;
      const kind = pickKind(random());
      const group = `${kind.group}${district}`;
      const mine = officerGroups.includes(group);
      if (mine) officerTasks++;
      const assignee = mine && assignedLeft > 0 && random() < 0.2 ? officer : null;
      if (assignee) assignedLeft--;
      seeds.push(seedOf(i, kind, district, group, assignee, now, random, definitions.get(kind.procedure) as { id: string; deploymentId?: string | null }));
    }
    await insertSeeds(engine, dataSource, seeds);
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      process.stderr.write(`  … ${first + seeds.length} of ${TASKS} open tasks after ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    }
  }
  const seedSeconds = (performance.now() - t0) / 1000;
  const counted = await engine.tasks.count(ACTOR, {});
  if (counted !== TASKS) throw new Error(`expected ${TASKS} open tasks, found ${counted}`);

  // the officers: real users who log in
  const login = async (id: string, groups: string[]) => {
    await identity.createUser({ id, name: id, password: PASSWORD });
    for (const g of groups) {
      if (!(await identity.getGroup(g))) await identity.createGroup({ id: g, name: g });
      await identity.addMembership(id, g);
    }
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: id, password: PASSWORD }) });
    if (res.status !== 200) throw new Error(`login of ${id}: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { token: string }).token;
  };
  const officerToken = await login(officer, officerGroups);
  const cityGroups = DISTRICTS.filter((d) => d.startsWith('4401')).map((d) => `case-${d}`);
  const cityToken = await login('city-officer-todo', cityGroups);

  const timings: Timing[] = [];
  const measure = async (name: string, target: boolean, request: () => Promise<Response>) => {
    for (let i = 0; i < 5; i++) await (await request()).arrayBuffer();
    const ms: number[] = [];
    let last = '';
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now();
      const res = await request();
      const body = await res.text();
      ms.push(performance.now() - s);
      if (res.status !== 200) throw new Error(`${name}: ${res.status} ${body.slice(0, 300)}`);
      last = body;
    }
    ms.sort((a, b) => a - b);
    const parsed = JSON.parse(last) as { items?: unknown[]; total?: number } | unknown[];
    const list = Array.isArray(parsed) ? { items: parsed, total: parsed.length } : { items: parsed.items ?? [], total: parsed.total ?? 0 };
    timings.push({
      name, target, p50Ms: pct(ms, 0.5), p95Ms: pct(ms, 0.95), p99Ms: pct(ms, 0.99), maxMs: ms[ms.length - 1] ?? 0,
      bytes: Buffer.byteLength(last), items: list.items.length, total: list.total,
    });
  };
  const get = (token: string, path: string) => () => fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const load = loadAverage();
  await measure('GET /api/workbench/todo (first page, by due)', true, get(officerToken, '/api/workbench/todo'));
  await measure('GET /api/workbench/todo?colour=red', true, get(officerToken, '/api/workbench/todo?colour=red'));
  await measure('GET /api/workbench/todo?overdue=true&sort=created', true, get(officerToken, '/api/workbench/todo?overdue=true&sort=created&order=desc'));
  await measure('  engine: POST /engine-rest/task (claimable)', false, () => fetch(`${base}/engine-rest/task?firstResult=0&maxResults=2000`, {
    method: 'POST', headers: { Authorization: `Bearer ${tokens.signDelegation({ userId: officer, groupIds: officerGroups })}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ candidateGroups: officerGroups, unassigned: true, sorting: [{ sortBy: 'created', sortOrder: 'asc' }] }),
  }));
  await measure('GET /api/workbench/todo, city officer (20 groups)', false, get(cityToken, '/api/workbench/todo'));
  await measure('GET /api/workbench/todo?colour=red, city officer', false, get(cityToken, '/api/workbench/todo?colour=red'));
  const loadAfter = loadAverage();

  const plans = settings.kind === 'sqlite' ? await queryPlans(engine, dataSource, officerGroups) : [];

  const keep = process.env['TODO_KEEP_DB'] === '1';
  rest.close();
  await new Promise<void>((ok) => port.server.close(() => ok()));
  await dataSource.destroy();
  rmSync(files, { recursive: true, force: true });
  if (keep) console.log(`kept: ${settings.kind === 'sqlite' ? settings.location : settings.location.replace(/\/\/[^@]*@/, '//')}`);
  await cleanup(keep);

  const [todo, red, overdue, engineQuery, city, cityRed] = timings as [Timing, Timing, Timing, Timing, Timing, Timing];
  console.log(`\n待办 load check: ${TASKS} open user tasks across ${DISTRICTS.length} jurisdictions (${CITIES.length} cities × 20 districts), database ${label}, node ${process.version};`);
  console.log(`seeded in ${seedSeconds.toFixed(1)} s (${(TASKS / seedSeconds).toFixed(0)} tasks/s with their procedures and clocks); officer ${officer} (${officerGroups.join(', ')}) sees ${officerTasks} of them (${ASSIGNED - assignedLeft} assigned to them);`);
  console.log(`${REQUESTS} sequential requests each; load average ${load} before, ${loadAfter} after\n`);
  console.log(`${'request'.padEnd(52)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}${'bytes'.padStart(9)}${'items/total'.padStart(13)}  target p95 < ${TARGET_MS} ms`);
  for (const t of timings) {
    const answer = `${t.items}/${t.total}`;
    console.log(`${t.name.padEnd(52)}${t.p50Ms.toFixed(1).padStart(9)}${t.p95Ms.toFixed(1).padStart(9)}${t.p99Ms.toFixed(1).padStart(9)}${t.maxMs.toFixed(1).padStart(9)}${String(t.bytes).padStart(9)}${answer.padStart(13)}  ${t.target ? (t.p95Ms < TARGET_MS ? 'met' : 'MISSED') : '(information)'}`);
  }
  console.log('(items/total: items on the page / tasks matching)');
  for (const p of plans) console.log(`\n${p.name}\n  ${p.sql}\n${p.plan.map((l) => `  | ${l}`).join('\n')}`);
  const result: TodoLoadResult = {
    database: settings.kind, openTasks: TASKS, jurisdictions: DISTRICTS.length, officerTasks, seedSeconds: round(seedSeconds),
    todoP50Ms: round(todo.p50Ms), todoP95Ms: round(todo.p95Ms), todoP99Ms: round(todo.p99Ms), todoBytes: todo.bytes,
    redP95Ms: round(red.p95Ms), overdueP95Ms: round(overdue.p95Ms), engineQueryP95Ms: round(engineQuery.p95Ms), cityOfficerP95Ms: round(city.p95Ms), cityOfficerRedP95Ms: round(cityRed.p95Ms),
    targetMet: [todo, red, overdue].every((t) => t.p95Ms < TARGET_MS),
  };
  console.log(`\n${JSON.stringify(result)}`);
  return result;
}

// helpers ////

/** One open task to seed: the engine's rows, its procedure and its clock. */
interface Seed {
  execution: Record<string, unknown>;
  task: Record<string, unknown>;
  link: Record<string, unknown>;
  kind: Kind;
  procedure: Record<string, unknown>;
  clock: Partial<ClockEntity>;
}

function pickKind(r: number): Kind {
  let acc = 0;
  const total = KINDS.reduce((s, k) => s + k.share, 0);
  for (const k of KINDS) {
    acc += k.share / total;
    if (r < acc) return k;
  }
  return KINDS[KINDS.length - 1] as Kind;
}

/** The rows of task `i`: a process instance waiting at the kind's user task since its clock started 0–40 days ago. */
function seedOf(i: number, kind: Kind, district: string, group: string, assignee: string | null, now: number, random: () => number, def: { id: string; deploymentId?: string | null }): Seed {
  const startedAt = now - Math.floor(random() * 40 * DAY);
  const period = kind.rule === 'KF' ? 3 * DAY : kind.days * DAY;
  const dueAt = startedAt + period;
  const warnAt = dueAt - Math.floor(period / 5);
  const created = startedAt + Math.floor(random() * 3_600_000);
  const procInstId = newId(created);
  const taskId = newId(created);
  const actInstId = `${kind.task}:${newId(created)}`;
  const number = `${kind.table.slice(0, 1).toUpperCase()}${district}${String(i).padStart(7, '0')}`;
  const party = `某保安服务有限公司${i}`;
  const execution = {
    id: procInstId, rev: 1, procInstId, parentId: null, procDefId: def.id, procDefKey: kind.procedure, businessKey: number,
    activityId: kind.task, actInstId, incomingFlowId: null, isActive: 1, isConcurrent: 0, isScope: 1, suspended: 0, startTime: startedAt,
    startUserId: 'worker', rootProcInstId: procInstId, superExecId: null, tenantId: null, sequence: 0,
  };
  const task = {
    id: taskId, rev: 1, executionId: procInstId, procInstId, procDefId: def.id, procDefKey: kind.procedure, businessKey: number,
    taskDefKey: kind.task, actInstId, name: kind.name, description: null, owner: null, assignee, delegationState: null,
    priority: random() < 0.1 ? 80 : 50, createTime: created, lastUpdated: assignee ? created + 60_000 : null, dueDate: kind.due ? dueAt : null,
    followUpDate: null, suspended: 0, formKey: null, formRefKey: null, formRefBinding: null, formRefVersion: null, parentTaskId: null,
    tenantId: null, deploymentId: def.deploymentId ?? null,
  };
  const link = { id: newId(created), rev: 1, taskId, procDefId: null, procInstId, type: 'candidate', userId: null, groupId: group };
  const at = new Date(startedAt);
  const recordId = newId(created);
  const procedure: Record<string, unknown> = kind.table === 'admin'
    ? { id: recordId, number, sourceType: 'direct', sourceId: null, sourceReference: null, partyKind: 'unit', partyName: party, partyIdentifier: null, regionCode: district, status: 'investigating', violationId: null, facts: '检查发现未按规定备案', decision: null, penalty: null, fineAmount: null, processInstanceId: procInstId, createdBy: 'seed', createdAt: at, decidedAt: null, closedAt: null }
    : kind.table === 'criminal'
      ? { id: recordId, number, sourceType: 'direct', suspectName: `嫌疑人${i}`, regionCode: district, status: 'filing-review', facts: '涉嫌非法提供保安服务', processInstanceId: procInstId, createdBy: 'seed', createdAt: at }
      : kind.table === 'inspection'
        ? { id: recordId, number, kind: 'routine', unitName: party, regionCode: district, inspectorGroup: group, status: 'planned', processInstanceId: procInstId, createdBy: 'seed', createdAt: at }
        : { id: recordId, trackingCode: `T${String(i).padStart(9, '0')}`, secretHash: 'x'.repeat(64), channel: 'web', anonymous: 1, confidential: 1, category: 'guard-misconduct', subjectName: party, regionCode: district, facts: '反映保安员违规', status: 'verifying', processInstanceId: procInstId, assignedGroup: group, failedAttempts: 0, version: 1, createdAt: at, updatedAt: at };
  const clock: Partial<ClockEntity> = {
    id: newId(created), applicationId: null, processInstanceId: procInstId, name: kind.table === 'tip' ? 'verification' : kind.table === 'criminal' ? 'filing' : kind.table === 'inspection' ? 'rectification' : 'case',
    ruleId: kind.rule, responsibleGroup: group, startedAt: at, dueAt: new Date(dueAt), warnAt: new Date(warnAt), amount: null, pauses: '[]', pausedAt: null, stoppedAt: null, status: 'running',
  };
  return { execution, task, link, kind, procedure, clock };
}

/** Inserts a batch: the engine's rows in one engine command (one multi-row INSERT per table), then procedures and clocks. */
async function insertSeeds(engine: Engine, dataSource: DataSource, seeds: Seed[]): Promise<void> {
  await engine.commands.run(ACTOR, async (ctx) => {
    for (const [meta, rows] of [[T.execution, seeds.map((s) => s.execution)], [T.task, seeds.map((s) => s.task)], [T.identityLink, seeds.map((s) => s.link)]] as const) {
      const fields = meta.fields as readonly string[];
      const values = `(${fields.map(() => '?').join(', ')})`;
      await ctx.sql.execute(`INSERT INTO ${meta.table} (${meta.columns.join(', ')}) VALUES ${rows.map(() => values).join(', ')}`, rows.flatMap((r) => fields.map((f) => r[f] as string | number | null)));
    }
  });
  const byTable = (table: Kind['table']) => seeds.filter((s) => s.kind.table === table).map((s) => s.procedure);
  for (const [entity, rows] of [[AdminCaseEntity, byTable('admin')], [CriminalCaseEntity, byTable('criminal')], [InspectionEntity, byTable('inspection')], [TipEntity, byTable('tip')]] as const) {
    if (rows.length) await dataSource.getRepository(entity).insert(rows);
  }
  await dataSource.getRepository(ClockEntity).insert(seeds.map((s) => s.clock));
}

/** A plain HTTP server on a free loopback port, its request handler attached later. */
async function freePortServer(): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return { server, port: (server.address() as { port: number }).port };
}

/** The statements behind the list as the engine, the procedure index and the clocks build them, with SQLite's plans. */
async function queryPlans(engine: Engine, dataSource: DataSource, groups: string[]): Promise<Array<{ name: string; sql: string; plan: string[] }>> {
  const marks = groups.map(() => '?').join(', ');
  const sample = await dataSource.query<Array<{ proc_inst_id: string }>>('SELECT proc_inst_id FROM eng_task LIMIT 3');
  const ids = sample.map((r) => r.proc_inst_id);
  const statements: Array<[string, string, unknown[]]> = [
    ['claimable tasks (POST /task {candidateGroups, unassigned}, sorted by created)', `SELECT t.* FROM eng_task t WHERE (t.assignee IS NULL AND t.id IN (SELECT l.task_id FROM eng_identity_link l WHERE l.type = 'candidate' AND (l.group_id IN (${marks})))) ORDER BY t.create_time ASC, t.id ASC LIMIT 2000 OFFSET 0`, groups],
    ['assigned tasks (POST /task {assignee})', 'SELECT t.* FROM eng_task t WHERE t.assignee = ? ORDER BY t.create_time ASC, t.id ASC LIMIT 2000 OFFSET 0', ['officer-todo']],
    ['procedures of the tasks (wb_procedure by process instance)', `SELECT p.* FROM wb_procedure p WHERE p.process_instance_id IN (${ids.map(() => '?').join(', ')})`, ids],
    ['clocks of the tasks (lic_clock by process instance)', `SELECT * FROM lic_clock WHERE process_instance_id IN (${ids.map(() => '?').join(', ')}) ORDER BY started_at ASC, id ASC`, ids],
  ];
  const out: Array<{ name: string; sql: string; plan: string[] }> = [];
  for (const [name, sql, params] of statements) {
    const rows = await engine.commands.run(ACTOR, (ctx) => ctx.sql.query<Record<string, unknown>>(`EXPLAIN QUERY PLAN ${sql}`, params as string[]));
    out.push({ name, sql, plan: rows.map((r) => String(r['detail'])) });
  }
  return out;
}

/** The 1-, 5- and 15-minute load averages of the machine (shared: the figures depend on them). */
function loadAverage(): string {
  return loadavg().map((n) => n.toFixed(2)).join(' ');
}


if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) await runTodoLoad();
