/**
 * Load generator of the REST benchmark, run in a worker thread so that it does not share the server's
 * event loop (as real workers run outside the server): starts instances over HTTP and serves the topic with
 * the real camunda-external-task-client-js; posts the start→end latency of every instance back.
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { Client, type Interceptor } from 'camunda-external-task-client-js';

interface LoadInput {
  baseUrl: string;
  token: string;
  instances: number;
  concurrency: number;
}

const { baseUrl, token, instances, concurrency } = workerData as LoadInput;
const startedAt = new Map<string, number>();
const early = new Map<string, number>();
const latencies: number[] = [];
let done!: () => void;
const finished = new Promise<void>((ok) => (done = ok));
const record = (id: string, at: number) => {
  const t0 = startedAt.get(id);
  if (t0 === undefined) early.set(id, at);
  else latencies.push(at - t0);
  if (latencies.length === instances) done();
};

const interceptor: Interceptor = (config) => ({ ...config, headers: { ...(config.headers ?? {}), Authorization: `Bearer ${token}` } });
const client = new Client({ baseUrl, workerId: 'bench-worker', maxTasks: 200, interval: 0, asyncResponseTimeout: 5000, autoPoll: false, usePriority: false, lockDuration: 60_000, interceptors: interceptor });
client.subscribe('bench-work', { variables: [] }, async ({ task, taskService }) => {
  await taskService.complete(task);
  record(task.processInstanceId, performance.now());
});
client.start();

let next = 0;
const starter = async () => {
  while (next < instances) {
    next++;
    const t0 = performance.now();
    const res = await fetch(`${baseUrl}/process-definition/key/bench/start`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
    if (res.status !== 200) throw new Error(`start failed: ${res.status} ${await res.text()}`);
    const id = ((await res.json()) as { id: string }).id;
    startedAt.set(id, t0);
    const endedEarly = early.get(id);
    if (endedEarly !== undefined) {
      early.delete(id);
      latencies.push(endedEarly - t0);
      if (latencies.length === instances) done();
    }
    // keep the number of open instances bounded, like a steady stream of applications
    while (startedAt.size - latencies.length > concurrency * 4) await new Promise((r) => setTimeout(r, 1));
  }
};
await Promise.all(Array.from({ length: concurrency }, starter));
await finished;
client.stop();
parentPort?.postMessage({ latencies });
