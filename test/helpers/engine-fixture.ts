import { createEngine, type Engine } from '../../src/engine/engine.js';
import type { Actor } from '../../src/engine/runtime/command-context.js';
import type { ProcessDefinitionRow } from '../../src/engine/persistence/tables.js';
import type { TypedValue, VariableMap } from '../../src/engine/variables/index.js';
import { createTestDataSource, type TestDatabase } from './test-db.js';

/** The actor of in-process engine calls in tests. */
export const ACTOR: Actor = { userId: 'tester', groupIds: ['admin'] };

/** An embedded engine over a fresh test database, driven through its in-process services. */
export interface EngineFixture {
  db: TestDatabase;
  engine: Engine;
  /** Moves the engine clock forward. */
  advance(ms: number): void;
  /** Deploys BPMN XML (resource name → XML); returns the definitions by key. */
  deploy(resources: Record<string, string>, name?: string): Promise<Record<string, ProcessDefinitionRow>>;
  /** Starts the latest version of `key`. */
  start(key: string, variables?: Record<string, unknown>, businessKey?: string): Promise<string>;
  /** Completes the only open user task of an instance with the given task definition key. */
  completeTask(procInstId: string, taskDefKey: string, variables?: Record<string, unknown>): Promise<void>;
  /** Fetches, locks and completes one external task of `topic` for the instance. */
  completeExternal(procInstId: string, topic: string, variables?: Record<string, unknown>): Promise<void>;
  /** Open user task definition keys of an instance, sorted. */
  openTasks(procInstId: string): Promise<string[]>;
  /** Process-instance-scope variables as plain values. */
  vars(procInstId: string): Promise<Record<string, unknown>>;
  /** State of the historic process instance. */
  state(procInstId: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Typed value of a plain test value (string, integer/double number, boolean, Date, null, object → Json). */
export function typed(value: unknown): TypedValue {
  if (value === null) return { type: 'null', value: null, valueInfo: {} };
  if (typeof value === 'string') return { type: 'string', value, valueInfo: {} };
  if (typeof value === 'boolean') return { type: 'boolean', value, valueInfo: {} };
  if (typeof value === 'number') return Number.isInteger(value) ? { type: 'integer', value, valueInfo: {} } : { type: 'double', value, valueInfo: {} };
  if (value instanceof Date) return { type: 'date', value, valueInfo: {} };
  return { type: 'json', value: JSON.stringify(value), valueInfo: {} };
}

/** Typed values of a record of plain values. */
export function typedMap(values: Record<string, unknown> = {}): VariableMap {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typed(v)]));
}

/** Creates an engine fixture for one test file. */
export async function createEngineFixture(): Promise<EngineFixture> {
  const db = await createTestDataSource();
  let offset = 0;
  const engine = createEngine({ dataSource: db.dataSource, groupIdsOf: async () => ['admin'], clock: () => Date.now() + offset });
  let deployments = 0;
  const fx: EngineFixture = {
    db,
    engine,
    advance: (ms) => {
      offset += ms;
    },
    async deploy(resources, name) {
      const result = await engine.repository.deploy(ACTOR, {
        name: name ?? `deployment-${++deployments}`, source: null, tenantId: null, enableDuplicateFiltering: false, deployChangedOnly: false,
        resources: Object.entries(resources).map(([n, xml]) => ({ name: n, bytes: Buffer.from(xml) })),
      });
      return Object.fromEntries((result.processDefinitions ?? []).map((d) => [d.key, d]));
    },
    async start(key, variables = {}, businessKey) {
      const def = await engine.repository.getLatestByKey(ACTOR, key);
      return (await engine.runtime.start(ACTOR, def, { businessKey: businessKey ?? null, variables: typedMap(variables) })).id;
    },
    async completeTask(procInstId, taskDefKey, variables = {}) {
      const tasks = await engine.tasks.query(ACTOR, { processInstanceId: procInstId, taskDefinitionKey: taskDefKey });
      if (tasks.length !== 1) throw new Error(`expected one open task '${taskDefKey}', found ${tasks.length}`);
      await engine.tasks.complete(ACTOR, tasks[0]!.id, typedMap(variables), false);
    },
    async completeExternal(procInstId, topic, variables = {}) {
      const locked = await engine.externalTasks.fetchAndLock(ACTOR, { workerId: 'test-worker', maxTasks: 100, usePriority: false, topics: [{ topicName: topic, lockDuration: 10_000 }] });
      const mine = locked.filter((l) => l.task.procInstId === procInstId);
      if (mine.length !== 1) throw new Error(`expected one external task '${topic}', found ${mine.length}`);
      for (const other of locked.filter((l) => l.task.procInstId !== procInstId)) await engine.externalTasks.unlock(ACTOR, other.task.id);
      await engine.externalTasks.complete(ACTOR, mine[0]!.task.id, 'test-worker', typedMap(variables), {});
    },
    async openTasks(procInstId) {
      return (await engine.tasks.query(ACTOR, { processInstanceId: procInstId })).map((t) => t.taskDefKey ?? '').sort();
    },
    async vars(procInstId) {
      const v = await engine.runtime.getVariables(ACTOR, procInstId);
      return Object.fromEntries(Object.entries(v).map(([k, t]) => [k, t.type === 'json' ? JSON.parse(String(t.value)) : t.value]));
    },
    async state(procInstId) {
      return (await engine.runtime.historic(ACTOR, procInstId))?.state;
    },
    close: () => db.destroy(),
  };
  return fx;
}
