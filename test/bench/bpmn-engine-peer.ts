/**
 * Peer benchmark: the benchmark's model shape (none start → service task → none end) run in memory on the
 * `bpmn-engine` npm package, for comparison with the embedded engine's numbers.
 *
 * The model is parsed once with bpmn-moddle (the "deployment"); each instance then gets its own `Engine` built from
 * that parsed context, executes, and counts as done when the engine emits `end`. The service task is implemented
 * through bpmn-engine's expression-resolved services (`implementation="${environment.services.doWork}"`), and the
 * service completes at once, so the numbers measure the engine's own overhead.
 */
import { performance } from 'node:perf_hooks';
import { Engine } from 'bpmn-engine';

export interface BpmnEnginePeerOptions {
  /** Number of process instances to run, at least 1. */
  instances: number;
  /** Instances in flight at once; 50 by default. */
  concurrency?: number;
}

export interface BpmnEnginePeerResult {
  /** Completed instances per second of wall time over the whole run. */
  instancesPerSec: number;
  /** Median start→end time of one instance, in milliseconds. */
  p50Ms: number;
  /** 99th percentile start→end time of one instance, in milliseconds. */
  p99Ms: number;
  /** Number of instances that completed. */
  count: number;
}

const PROCESS_ID = 'bench-service';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="Definitions_BenchService"
    targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${PROCESS_ID}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_Start">
      <bpmn:outgoing>Flow_StartToWork</bpmn:outgoing>
    </bpmn:startEvent>
    <bpmn:serviceTask id="Task_Work" implementation="\${environment.services.doWork}">
      <bpmn:incoming>Flow_StartToWork</bpmn:incoming>
      <bpmn:outgoing>Flow_WorkToEnd</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:endEvent id="EndEvent_Done">
      <bpmn:incoming>Flow_WorkToEnd</bpmn:incoming>
    </bpmn:endEvent>
    <bpmn:sequenceFlow id="Flow_StartToWork" sourceRef="StartEvent_Start" targetRef="Task_Work" />
    <bpmn:sequenceFlow id="Flow_WorkToEnd" sourceRef="Task_Work" targetRef="EndEvent_Done" />
  </bpmn:process>
</bpmn:definitions>
`;

/** The part of bpmn-moddle used here; the package ships no typings for its main entry. */
interface BpmnModdleModule {
  BpmnModdle: new () => { fromXML(xml: string): Promise<ModdleContext> };
}

interface ModdleContext {
  warnings: Array<{ message: string }>;
}

/** Loads bpmn-moddle (bpmn-engine's parser) untyped: a computed specifier keeps TypeScript from resolving it. */
async function loadBpmnModdle(): Promise<BpmnModdleModule> {
  const specifier = 'bpmn-moddle';
  return (await import(specifier)) as BpmnModdleModule;
}

type ServiceCallback = (error: Error | null, result?: unknown) => void;

/** The service task's implementation: completes at once with an empty result. */
function doWork(_scope: unknown, callback: ServiceCallback): void {
  callback(null, {});
}

/** Runs `instances` instances of the start → service task → end model on bpmn-engine and reports the timings. */
export async function runBpmnEnginePeer(opts: BpmnEnginePeerOptions): Promise<BpmnEnginePeerResult> {
  const instances = Math.floor(opts.instances);
  const concurrency = Math.floor(opts.concurrency ?? 50);
  if (!(instances >= 1)) throw new RangeError(`instances must be at least 1, got ${opts.instances}`);
  if (!(concurrency >= 1)) throw new RangeError(`concurrency must be at least 1, got ${String(opts.concurrency)}`);

  const { BpmnModdle } = await loadBpmnModdle();
  const moddleContext = await new BpmnModdle().fromXML(MODEL);
  if (moddleContext.warnings.length > 0) {
    throw new Error(`bench model did not parse cleanly: ${moddleContext.warnings.map((w) => w.message).join('; ')}`);
  }

  const runOne = async (index: number): Promise<number> => {
    const started = performance.now();
    const engine = new Engine({ name: `${PROCESS_ID}-${index}`, moddleContext, services: { doWork } });
    const ended = engine.waitFor('end');
    await engine.execute();
    await ended;
    return performance.now() - started;
  };

  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < instances) {
      const index = next++;
      latencies.push(await runOne(index));
    }
  };

  const runStarted = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, instances) }, () => worker()));
  const elapsedMs = performance.now() - runStarted;

  latencies.sort((a, b) => a - b);
  return {
    instancesPerSec: latencies.length / (elapsedMs / 1000),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    count: latencies.length,
  };
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: readonly number[], fraction: number): number {
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}
