/**
 * `npm run bench:scale`: does the engine stay fast and flat in memory with many open instances? Creates
 * `SCALE_TASKS` (100,000) open instances waiting at a user task with a candidate group — all but `SCALE_RARE` (100)
 * of them for the group `scale-officers`, the rest for `scale-rare` — and `SCALE_MESSAGES` (1,000) instances of a
 * second model waiting at a message catch, through the engine's in-process API (many starts per command, for speed).
 * Then measures, one request at a time over HTTP, `SCALE_REQUESTS` (200) times each:
 *
 * - `GET /engine-rest/task?candidateGroup=scale-officers&maxResults=50` (target: p95 < 50 ms),
 * - `POST /engine-rest/message` correlating one waiting instance by business key (target: p95 < 50 ms),
 * - and, for information, the same task query for the rare group and `GET /task/count?candidateGroup=scale-officers`.
 *
 * Reports heap and RSS after creation, after a GC, and after the measurement; on SQLite it prints the query plans of
 * the task query and the correlation lookup (`EXPLAIN QUERY PLAN`). Uses a fresh SQLite file in the temp directory, or
 * a scratch schema when `DATABASE_URL=mysql://…` (`SCALE_KEEP_DB=1` keeps it, to try queries and indexes on it). Prints a
 * table, then one JSON object as the last line.
 */
import { performance } from 'node:perf_hooks';
import type { createEngine } from '../../src/engine/engine.js';
import { pct, round, startBenchServer } from './bench-support.js';

const TASKS = Number(process.env['SCALE_TASKS'] ?? 100_000);
const RARE = Number(process.env['SCALE_RARE'] ?? 100);
const MESSAGES = Number(process.env['SCALE_MESSAGES'] ?? 1_000);
const REQUESTS = Number(process.env['SCALE_REQUESTS'] ?? 200);
const BATCH = Number(process.env['SCALE_BATCH'] ?? 500);
if (REQUESTS > MESSAGES) {
  throw new Error(`SCALE_REQUESTS (${REQUESTS}) must not exceed SCALE_MESSAGES (${MESSAGES}): every correlation consumes one waiting instance`);
}
const TARGET_MS = 50;
const ACTOR = { userId: 'scale', groupIds: [] };

const TASK_MODEL = (id: string, group: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d-${id}" targetNamespace="scale">
  <bpmn:process id="${id}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="review" name="Review" camunda:candidateGroups="${group}" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

const MESSAGE_MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d-scale-msg" targetNamespace="scale">
  <bpmn:message id="go" name="scale-go" />
  <bpmn:process id="scale-msg" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:intermediateCatchEvent id="waitGo"><bpmn:messageEventDefinition messageRef="go" /></bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="waitGo" />
    <bpmn:sequenceFlow id="f2" sourceRef="waitGo" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

type Engine = ReturnType<typeof createEngine>;

interface Timing {
  name: string;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  target: boolean;
}

interface Memory {
  heapMb: number;
  rssMb: number;
}

async function run(): Promise<void> {
  const bench = await startBenchServer('scale', 'scale', ['scale-officers', 'scale-rare', 'worker']);
  const { engine, settings, label, baseUrl, token } = bench;

  const deploy = async (name: string, xml: string) => {
    const d = await engine.repository.deploy(ACTOR, { name, source: null, tenantId: null, enableDuplicateFiltering: false, deployChangedOnly: false, resources: [{ name: `${name}.bpmn`, bytes: Buffer.from(xml) }] });
    return d.processDefinitions![0]!;
  };
  const common = await deploy('scale-review', TASK_MODEL('scale-review', 'scale-officers'));
  const rare = await deploy('scale-rare', TASK_MODEL('scale-rare', 'scale-rare'));
  const msg = await deploy('scale-msg', MESSAGE_MODEL);

  // setup: interleave the three kinds so that the rare tasks and the message subscriptions are spread over the tables
  const memStart = memory();
  const t0 = performance.now();
  const plan: Array<{ defId: string; businessKey: string }> = [];
  const everyRare = Math.max(1, Math.floor(TASKS / Math.max(1, RARE)));
  const everyMsg = Math.max(1, Math.floor(TASKS / Math.max(1, MESSAGES)));
  let rares = 0;
  let msgs = 0;
  for (let i = 0; i < TASKS; i++) {
    if (i % everyRare === 0 && rares < RARE) plan.push({ defId: rare.id, businessKey: `rare-${rares++}` });
    else plan.push({ defId: common.id, businessKey: `task-${i}` });
    if (i % everyMsg === 0 && msgs < MESSAGES) plan.push({ defId: msg.id, businessKey: `msg-${msgs++}` });
  }
  while (msgs < MESSAGES) plan.push({ defId: msg.id, businessKey: `msg-${msgs++}` });
  let lastReport = performance.now();
  for (let i = 0; i < plan.length; i += BATCH) {
    const slice = plan.slice(i, i + BATCH);
    await engine.commands.run(ACTOR, async (ctx) => {
      for (const p of slice) await engine.runtime.startIn(ctx, ACTOR, p.defId, { businessKey: p.businessKey });
    });
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      process.stderr.write(`  … ${i + slice.length} of ${plan.length} instances after ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
    }
  }
  const setupSeconds = (performance.now() - t0) / 1000;
  const memCreated = memory();
  global.gc?.();
  const memAfterGc = memory();
  const openCount = await engine.runtime.count(ACTOR, {});
  if (openCount !== plan.length) throw new Error(`expected ${plan.length} open instances, found ${openCount}`);

  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  const timings: Timing[] = [];
  const measure = async (name: string, target: boolean, request: (i: number) => Promise<Response>, expect: number) => {
    for (let i = 0; i < 5; i++) await (await request(-1 - i)).arrayBuffer(); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const s = performance.now();
      const res = await request(i);
      const body = await res.text();
      ms.push(performance.now() - s);
      if (res.status !== expect) throw new Error(`${name}: ${res.status} ${body.slice(0, 300)}`);
    }
    ms.sort((a, b) => a - b);
    timings.push({ name, p50Ms: pct(ms, 0.5), p95Ms: pct(ms, 0.95), p99Ms: pct(ms, 0.99), maxMs: ms[ms.length - 1] ?? 0, target });
  };

  global.gc?.();
  const memBefore = memory();
  await measure('GET /task?candidateGroup=scale-officers&maxResults=50', true,
    () => fetch(`${baseUrl}/task?candidateGroup=scale-officers&maxResults=50`, { headers }), 200);
  // correlations: the warm-up uses the last keys, the measured requests the first ones; each ends one instance
  await measure('POST /message (by business key)', true,
    (i) => fetch(`${baseUrl}/message`, { method: 'POST', headers, body: JSON.stringify({ messageName: 'scale-go', businessKey: `msg-${i >= 0 ? i : MESSAGES + i}` }) }), 204);
  await measure('GET /task?candidateGroup=scale-rare&maxResults=50', false,
    () => fetch(`${baseUrl}/task?candidateGroup=scale-rare&maxResults=50`, { headers }), 200);
  await measure('GET /task/count?candidateGroup=scale-officers', false,
    () => fetch(`${baseUrl}/task/count?candidateGroup=scale-officers`, { headers }), 200);
  const memAfter = memory();
  global.gc?.();
  const memAfterGc2 = memory();

  const plans = settings.kind === 'sqlite' ? await queryPlans(engine) : [];

  const keep = process.env['SCALE_KEEP_DB'] === '1';
  await bench.close(keep);
  if (keep) console.log(`kept: ${settings.kind === 'sqlite' ? settings.location : settings.location.replace(/\/\/[^@]*@/, '//')}`);

  const [taskQuery, message] = timings as [Timing, Timing];
  console.log(`\nScale check: ${TASKS} instances at a user task (${TASKS - RARE} for group scale-officers, ${RARE} for scale-rare) + ${MESSAGES} at a message catch,`);
  console.log(`database ${label}, node ${process.version}; setup ${setupSeconds.toFixed(1)} s (${(plan.length / setupSeconds).toFixed(0)} instances/s, ${BATCH} starts per command); ${REQUESTS} sequential requests each\n`);
  console.log(`${'request'.padEnd(56)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}  target p95 < ${TARGET_MS} ms`);
  for (const t of timings) {
    console.log(`${t.name.padEnd(56)}${t.p50Ms.toFixed(1).padStart(9)}${t.p95Ms.toFixed(1).padStart(9)}${t.p99Ms.toFixed(1).padStart(9)}${t.maxMs.toFixed(1).padStart(9)}  ${t.target ? (t.p95Ms < TARGET_MS ? 'met' : 'MISSED') : '(information)'}`);
  }
  console.log(`\n${'memory'.padEnd(40)}${'heap MB'.padStart(9)}${'RSS MB'.padStart(9)}`);
  for (const [name, m] of [['before setup', memStart], ['right after creating the instances', memCreated], ['after GC', memAfterGc], ['before the measurement (after GC)', memBefore], ['after the measurement', memAfter], ['after the measurement, after GC', memAfterGc2]] as const) {
    console.log(`${name.padEnd(40)}${m.heapMb.toFixed(0).padStart(9)}${m.rssMb.toFixed(0).padStart(9)}`);
  }
  if (!global.gc) console.log('(no GC between the steps: run node with --expose-gc)');
  for (const p of plans) console.log(`\n${p.name}\n  ${p.sql}\n${p.plan.map((l) => `  | ${l}`).join('\n')}`);
  console.log(`\n${JSON.stringify({
    database: settings.kind, openInstances: plan.length, setupSeconds: round(setupSeconds),
    taskQueryP50Ms: round(taskQuery.p50Ms), taskQueryP95Ms: round(taskQuery.p95Ms), messageP50Ms: round(message.p50Ms), messageP95Ms: round(message.p95Ms),
    rareTaskQueryP95Ms: round(timings[2]?.p95Ms ?? 0), taskCountP95Ms: round(timings[3]?.p95Ms ?? 0),
    rssAfterCreateMb: round(memCreated.rssMb), rssAfterGcMb: round(memAfterGc.rssMb), heapBeforeMb: round(memBefore.heapMb), heapAfterMb: round(memAfter.heapMb),
    rssBeforeMb: round(memBefore.rssMb), rssAfterMb: round(memAfter.rssMb),
    targetsMet: taskQuery.p95Ms < TARGET_MS && message.p95Ms < TARGET_MS,
  })}`);
}

/** The statements behind the measured requests (as the task and message services build them), with SQLite's plans. */
async function queryPlans(engine: Engine): Promise<Array<{ name: string; sql: string; plan: string[] }>> {
  const statements = [
    ['task query (GET /task?candidateGroup=…&maxResults=50)', "SELECT t.* FROM eng_task t WHERE (t.assignee IS NULL AND EXISTS (SELECT 1 FROM eng_identity_link l WHERE l.task_id = t.id AND l.type = 'candidate' AND (l.group_id IN (?)))) ORDER BY t.id ASC LIMIT 50", ['scale-officers']],
    ['task query, rare group', "SELECT t.* FROM eng_task t WHERE (t.assignee IS NULL AND EXISTS (SELECT 1 FROM eng_identity_link l WHERE l.task_id = t.id AND l.type = 'candidate' AND (l.group_id IN (?)))) ORDER BY t.id ASC LIMIT 50", ['scale-rare']],
    ['task count', "SELECT COUNT(*) AS c FROM eng_task t WHERE (t.assignee IS NULL AND EXISTS (SELECT 1 FROM eng_identity_link l WHERE l.task_id = t.id AND l.type = 'candidate' AND (l.group_id IN (?))))", ['scale-officers']],
    ['message correlation lookup (waiting executions by business key)', 'SELECT * FROM eng_event_subscription WHERE event_type = ? AND event_name = ? AND execution_id IS NOT NULL AND EXISTS (SELECT 1 FROM eng_execution x WHERE x.id = eng_event_subscription.execution_id AND x.suspended = 0) AND proc_inst_id IN (SELECT id FROM eng_execution WHERE parent_id IS NULL AND business_key = ?)', ['message', 'scale-go', 'msg-999']],
  ] as const;
  const out: Array<{ name: string; sql: string; plan: string[] }> = [];
  for (const [name, sql, params] of statements) {
    const rows = await engine.commands.run(ACTOR, (ctx) => ctx.sql.query<Record<string, unknown>>(`EXPLAIN QUERY PLAN ${sql}`, [...params]));
    out.push({ name, sql, plan: rows.map((r) => String(r['detail'])) });
  }
  return out;
}

function memory(): Memory {
  const m = process.memoryUsage();
  return { heapMb: m.heapUsed / 1048576, rssMb: m.rss / 1048576 };
}

await run();
