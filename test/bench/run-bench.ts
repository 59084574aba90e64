/**
 * `npm run bench`: throughput, latency and memory of the model start → external task → end, measured
 * (a) through REST with the real camunda-external-task-client-js, (b) through the engine's in-process API,
 * and (c) on bpmn-engine from npm in memory, all in one run on the same machine; and of the "case" model
 * start → parallel fork (external task | timer PT0S) → join → message catch → end, in-process (start, fetch and
 * complete, `runDueJobs`, correlate by business key) and through REST (the client completes the task; the timer fires
 * through the job executor, started for that run; a sender polls the instances waiting at the catch and posts
 * `POST /message` by business key to each). Uses a fresh SQLite file in
 * the temp directory, or `DATABASE_URL` when it names MySQL/MariaDB (a scratch schema is created and dropped).
 * Prints a table, then one JSON object as the last line. Then (phase `todo`) the 待办 load check of `todo-load.ts`
 * runs on a database of its own and prints its table and JSON line after these, and (phase `web`) the web application's
 * load check of `web-load.ts` (first page interactive, the officers' pages without the modeler's code).
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { createEngine } from '../../src/engine/engine.js';
import { runBpmnEnginePeer } from './bpmn-engine-peer.js';
import { pct, round, startBenchServer } from './bench-support.js';
import { runTodoLoad } from './todo-load.js';
import { runWebLoad } from './web-load.js';

const INSTANCES = Number(process.env['BENCH_INSTANCES'] ?? 3000);
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 50);
const ACTOR = { userId: 'bench', groupIds: [] };
/**
 * `BENCH_PHASES=inprocess,peer,rest` (all by default) runs a subset, e.g. for profiling; so do arguments
 * (`npm run bench -- todo` runs only the 待办 load check of `todo-load.ts`).
 */
const PHASES = new Set((process.argv.slice(2).join(',') || (process.env['BENCH_PHASES'] ?? 'inprocess,peer,rest,caseinprocess,caserest,todo,web')).split(','));
const THROUGHPUT_PHASES = ['inprocess', 'peer', 'rest', 'caseinprocess', 'caserest'];

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="bench">
  <bpmn:process id="bench" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="bench-work" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

const CASE_MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="dc" targetNamespace="bench">
  <bpmn:message id="go" name="bench-case-go" />
  <bpmn:process id="bench-case" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="bench-case-work" />
    <bpmn:intermediateCatchEvent id="timer">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT0S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:parallelGateway id="join" />
    <bpmn:intermediateCatchEvent id="waitGo">
      <bpmn:messageEventDefinition messageRef="go" />
    </bpmn:intermediateCatchEvent>
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="c1" sourceRef="start" targetRef="fork" />
    <bpmn:sequenceFlow id="c2" sourceRef="fork" targetRef="work" />
    <bpmn:sequenceFlow id="c3" sourceRef="fork" targetRef="timer" />
    <bpmn:sequenceFlow id="c4" sourceRef="work" targetRef="join" />
    <bpmn:sequenceFlow id="c5" sourceRef="timer" targetRef="join" />
    <bpmn:sequenceFlow id="c6" sourceRef="join" targetRef="waitGo" />
    <bpmn:sequenceFlow id="c7" sourceRef="waitGo" targetRef="end" />
  </bpmn:process>
</bpmn:definitions>`;

type Engine = ReturnType<typeof createEngine>;
type Definition = Parameters<Engine['runtime']['start']>[1];

interface Result {
  name: string;
  instancesPerSec: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  count: number;
}

async function run(): Promise<void> {
  const bench = await startBenchServer('bench', 'bench', ['worker']);
  const { engine, settings, label, baseUrl, token } = bench;
  const deployed = await engine.repository.deploy(ACTOR, { name: 'bench', source: null, tenantId: null, enableDuplicateFiltering: false, deployChangedOnly: false, resources: [{ name: 'bench.bpmn', bytes: Buffer.from(MODEL) }] });
  const def = deployed.processDefinitions![0]!;
  const caseDeployed = await engine.repository.deploy(ACTOR, { name: 'bench-case', source: null, tenantId: null, enableDuplicateFiltering: false, deployChangedOnly: false, resources: [{ name: 'bench-case.bpmn', bytes: Buffer.from(CASE_MODEL) }] });
  const caseDef = caseDeployed.processDefinitions![0]!;

  const results: Result[] = [];
  // REST runs last: a stopped client may leave a parked long poll that would lock tasks of a later phase
  const skipped = async (): Promise<number[]> => [];
  results.push(await measure('in-process API', () => (PHASES.has('inprocess') ? inProcessRun(engine, def) : skipped())));
  results.push(await measure('bpmn-engine (npm, in memory)', async () => {
    if (!PHASES.has('peer')) return skipped();
    const r = await runBpmnEnginePeer({ instances: INSTANCES, concurrency: CONCURRENCY });
    return { latencies: null, summary: r };
  }));
  results.push(await measure('case: in-process API', () => (PHASES.has('caseinprocess') ? caseInProcessRun(engine, caseDef) : skipped())));
  results.push(await measure('REST + external-task client', () => (PHASES.has('rest') ? restRun(baseUrl, token, 'simple') : skipped())));
  // the timers of the case model fire through the job executor, as in production
  engine.jobs.start();
  results.push(await measure('case: REST + client + /message', () => (PHASES.has('caserest') ? restRun(baseUrl, token, 'case') : skipped())));
  await engine.jobs.stop();

  await bench.close();

  const [inProc, peer, caseInProc, restR, caseRest] = results as [Result, Result, Result, Result, Result];
  console.log(`\nBenchmark: start → external task → end ("case": start → fork (external task | timer PT0S) → join → message catch → end),`);
  console.log(`${INSTANCES} instances, ${CONCURRENCY} in flight, database ${label}, node ${process.version}\n`);
  console.log(`${'path'.padEnd(32)}${'instances/s'.padStart(12)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'peak RSS MB'.padStart(13)}`);
  for (const r of results) {
    console.log(`${r.name.padEnd(32)}${r.instancesPerSec.toFixed(0).padStart(12)}${r.p50Ms.toFixed(1).padStart(10)}${r.p99Ms.toFixed(1).padStart(10)}${r.peakRssMb.toFixed(0).padStart(13)}`);
  }
  console.log(`\nin-process / bpmn-engine = ${(inProc.instancesPerSec / peer.instancesPerSec).toFixed(1)}x; case REST: ${casePolls} queries for instances waiting at the message catch\n`);
  console.log(JSON.stringify({
    database: settings.kind, instances: INSTANCES, concurrency: CONCURRENCY,
    restInstancesPerSec: round(restR.instancesPerSec), inProcessInstancesPerSec: round(inProc.instancesPerSec),
    bpmnEngineInstancesPerSec: round(peer.instancesPerSec), p50Ms: round(restR.p50Ms), p99Ms: round(restR.p99Ms),
    inProcessP99Ms: round(inProc.p99Ms), bpmnEngineP99Ms: round(peer.p99Ms), peakRssMb: round(Math.max(...results.map((r) => r.peakRssMb))),
    caseRestInstancesPerSec: round(caseRest.instancesPerSec), caseInProcessInstancesPerSec: round(caseInProc.instancesPerSec),
    caseP50Ms: round(caseRest.p50Ms), caseP99Ms: round(caseRest.p99Ms), caseInProcessP99Ms: round(caseInProc.p99Ms),
  }));
}

let casePolls = 0;

/**
 * REST: a worker thread starts instances over HTTP and serves the topic with the real client (up to 200 per poll);
 * for the case model it also correlates the message by business key to the instances waiting for it.
 */
async function restRun(baseUrl: string, token: string, model: 'simple' | 'case'): Promise<number[]> {
  const worker = new Worker(new URL('./rest-load.js', import.meta.url), { workerData: { baseUrl, token, instances: INSTANCES, concurrency: CONCURRENCY, model } });
  const result = await new Promise<{ latencies: number[]; messagePolls: number }>((ok, fail) => {
    worker.once('message', ok);
    worker.once('error', fail);
  });
  await worker.terminate();
  if (model === 'case') casePolls = result.messagePolls;
  return result.latencies;
}

/**
 * In-process, case model: a batch is started with business keys, its external tasks fetched and completed, its due
 * timers fired by `runDueJobs()`, and then the message correlated by business key to each instance, which ends it.
 */
async function caseInProcessRun(engine: Engine, def: Definition): Promise<number[]> {
  const latencies: number[] = [];
  let n = 0;
  while (n < INSTANCES) {
    const batch = Math.min(CONCURRENCY, INSTANCES - n);
    const keys = Array.from({ length: batch }, (_, i) => `inproc-case-${n + i}`);
    n += batch;
    const t0 = new Map<string, number>();
    await Promise.all(keys.map(async (businessKey) => {
      t0.set(businessKey, performance.now());
      await engine.runtime.start(ACTOR, def, { businessKey });
    }));
    let open = batch;
    while (open > 0) {
      const locked = await engine.externalTasks.fetchAndLock(ACTOR, { workerId: 'bench', maxTasks: batch, usePriority: false, topics: [{ topicName: 'bench-case-work', lockDuration: 60_000, variables: [] }] });
      await Promise.all(locked.map((l) => engine.externalTasks.complete(ACTOR, l.task.id, 'bench', {}, {})));
      open -= locked.length;
    }
    await engine.jobs.runDueJobs();
    await Promise.all(keys.map(async (businessKey) => {
      await engine.messages.correlate(ACTOR, { messageName: 'bench-case-go', businessKey });
      latencies.push(performance.now() - (t0.get(businessKey) ?? performance.now()));
    }));
  }
  return latencies;
}

/** In-process: start through the runtime service, fetch in batches and complete through the external-task service. */
async function inProcessRun(engine: Engine, def: Definition): Promise<number[]> {
  const latencies: number[] = [];
  let remaining = INSTANCES;
  while (remaining > 0) {
    const batch = Math.min(CONCURRENCY, remaining);
    const t0 = new Map<string, number>();
    await Promise.all(Array.from({ length: batch }, async () => {
      const started = performance.now();
      const info = await engine.runtime.start(ACTOR, def, {});
      t0.set(info.id, started);
    }));
    let open = batch;
    while (open > 0) {
      const locked = await engine.externalTasks.fetchAndLock(ACTOR, { workerId: 'bench', maxTasks: batch, usePriority: false, topics: [{ topicName: 'bench-work', lockDuration: 60_000, variables: [] }] });
      await Promise.all(locked.map(async (l) => {
        await engine.externalTasks.complete(ACTOR, l.task.id, 'bench', {}, {});
        latencies.push(performance.now() - (t0.get(l.task.procInstId) ?? performance.now()));
      }));
      open -= locked.length;
    }
    remaining -= batch;
  }
  return latencies;
}

async function measure(name: string, fn: () => Promise<number[] | { latencies: null; summary: { instancesPerSec: number; p50Ms: number; p99Ms: number; count: number } }>): Promise<Result> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const t0 = performance.now();
  const out = await fn();
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (!Array.isArray(out)) return { name, ...out.summary, peakRssMb: peak / 1048576 };
  const sorted = [...out].sort((a, b) => a - b);
  return { name, instancesPerSec: out.length / seconds, p50Ms: pct(sorted, 0.5), p99Ms: pct(sorted, 0.99), peakRssMb: peak / 1048576, count: out.length };
}

if (THROUGHPUT_PHASES.some((p) => PHASES.has(p))) await run();
// the 待办 load check seeds its own database; it runs last, so that its 100,000 tasks do not weigh on the figures above
if (PHASES.has('todo')) await runTodoLoad();
if (PHASES.has('web')) await runWebLoad();
