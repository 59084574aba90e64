/**
 * Load generator of the REST benchmark, run in a worker thread so that it does not share the server's
 * event loop (as real workers run outside the server): starts instances over HTTP and serves the topic with
 * the real camunda-external-task-client-js; posts the start→end latency of every instance back.
 *
 * `model: 'simple'` (bench: start → external task → end): an instance ends when its task is completed.
 * `model: 'case'` (bench-case: start → fork (external task | timer) → join → message catch → end): the worker
 * completes the task, the timer fires through the server's job executor, and a message sender polls the instances
 * waiting at the catch (`GET /process-instance?activityIdIn=waitGo`, every 10 ms while none wait) and correlates the
 * message to each by business key (`POST /message`); the instance ends with the correlation. (Posting the message right
 * after the task and again while the timer has not fired instead floods the server with failing correlations.)
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Client, type Interceptor } from 'camunda-external-task-client-js';

interface LoadInput {
  baseUrl: string;
  token: string;
  instances: number;
  concurrency: number;
  model?: 'simple' | 'case';
}

const { baseUrl, token, instances, concurrency, model = 'simple' } = workerData as LoadInput;
const isCase = model === 'case';
const processKey = isCase ? 'bench-case' : 'bench';
const topic = isCase ? 'bench-case-work' : 'bench-work';
const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
const startedAt = new Map<string, number>();
const early = new Map<string, number>();
const latencies: number[] = [];
let ended = 0;
let messagePolls = 0;
let done!: () => void;
const finished = new Promise<void>((ok) => (done = ok));
const record = (id: string, at: number) => {
  const t0 = startedAt.get(id);
  if (t0 === undefined) early.set(id, at);
  else latencies.push(at - t0);
  ended++;
  if (latencies.length === instances) done();
};

/** The message sender of the case model: correlates the message to every instance waiting at the catch, until all ended. */
async function messageSender(): Promise<void> {
  const inFlight = new Set<string>();
  while (latencies.length < instances) {
    messagePolls++;
    const res = await fetch(`${baseUrl}/process-instance?processDefinitionKey=bench-case&activityIdIn=waitGo&maxResults=200`, { headers });
    if (res.status !== 200) throw new Error(`query of waiting instances failed: ${res.status} ${await res.text()}`);
    const waiting = ((await res.json()) as Array<{ businessKey: string }>).filter((p) => !inFlight.has(p.businessKey));
    await Promise.all(waiting.map(async ({ businessKey }) => {
      inFlight.add(businessKey);
      const r = await fetch(`${baseUrl}/message`, { method: 'POST', headers, body: JSON.stringify({ messageName: 'bench-case-go', businessKey }) });
      const text = await r.text();
      if (r.status !== 204 && r.status !== 200) throw new Error(`correlation of ${businessKey} failed: ${r.status} ${text}`);
      record(businessKey, performance.now());
    }));
    if (waiting.length === 0) await new Promise((r) => setTimeout(r, 10));
  }
}

const interceptor: Interceptor = (config) => ({ ...config, headers: { ...(config.headers ?? {}), Authorization: `Bearer ${token}` } });
const client = new Client({ baseUrl, workerId: 'bench-worker', maxTasks: 200, interval: 0, asyncResponseTimeout: 5000, autoPoll: false, usePriority: false, lockDuration: 60_000, interceptors: interceptor });
const failures: unknown[] = [];
client.subscribe(topic, { variables: [] }, async ({ task, taskService }) => {
  await taskService.complete(task);
  if (!isCase) record(task.processInstanceId, performance.now());
});
client.start();
if (isCase) {
  messageSender().catch((e: unknown) => {
    failures.push(e);
    done();
  });
}

let next = 0;
const starter = async () => {
  while (next < instances) {
    const n = next++;
    const businessKey = `case-${n}`;
    const t0 = performance.now();
    if (isCase) startedAt.set(businessKey, t0);
    const res = await fetch(`${baseUrl}/process-definition/key/${processKey}/start`, { method: 'POST', headers, body: isCase ? JSON.stringify({ businessKey }) : '{}' });
    if (res.status !== 200) throw new Error(`start failed: ${res.status} ${await res.text()}`);
    const id = ((await res.json()) as { id: string }).id;
    if (!isCase) {
      startedAt.set(id, t0);
      const endedEarly = early.get(id);
      if (endedEarly !== undefined) {
        early.delete(id);
        latencies.push(endedEarly - t0);
        if (latencies.length === instances) done();
      }
    }
    // keep the number of open instances bounded, like a steady stream of applications
    while (next - ended > concurrency * 4) await new Promise((r) => setTimeout(r, 1));
  }
};
await Promise.all(Array.from({ length: concurrency }, starter));
await finished;
client.stop();
if (failures.length > 0) throw failures[0];
parentPort?.postMessage({ latencies, messagePolls });
