import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { Client, type Interceptor } from 'camunda-external-task-client-js';
import type { LicensingServices } from '../licensing/services.js';
import type { Logger } from '../logger.js';
import { checkCompleteness } from './check-completeness.js';
import { composeGreeting } from './compose-greeting.js';
import type { WorkerDefinition } from './define-worker.js';
import { issueDocument } from './issue-document.js';
import { issueGuardCertificate } from './issue-guard-certificate.js';
import { issuePermit } from './issue-permit.js';
import { notify } from './notify.js';
import { pauseClock } from './pause-clock.js';
import { recordExamResult } from './record-exam-result.js';
import { resumeClock } from './resume-clock.js';
import { revokeGuardCertificate } from './revoke-guard-certificate.js';
import { updateRevocation } from './update-revocation.js';
import { runTask } from './run-task.js';
import { screenBackground } from './screen-background.js';
import { setApplicationStatus } from './set-application-status.js';
import { setPermitStatus } from './set-permit-status.js';
import { startClock } from './start-clock.js';
import { stopClock } from './stop-clock.js';
import { updateTip } from './update-tip.js';
import { updateInspection } from './update-inspection.js';
import { issueRectificationOrder } from './issue-rectification-order.js';
import { openCase } from './open-case.js';
import { assessPenalty } from './assess-penalty.js';
import { updateCase } from './update-case.js';
import { issueCaseDocument } from './issue-case-document.js';
import { extendClock } from './extend-clock.js';
import { updateCriminalCase } from './update-criminal-case.js';
import { openCriminalCase } from './open-criminal-case.js';
import { issueCriminalDocument } from './issue-criminal-document.js';

/** The dependencies handlers receive. */
export interface WorkerDeps {
  now: () => Date;
  licensing: LicensingServices;
}

/** Every worker definition; one topic, one file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const WORKERS: ReadonlyArray<WorkerDefinition<any, WorkerDeps>> = [
  composeGreeting, checkCompleteness, startClock, pauseClock, resumeClock, stopClock, notify, setApplicationStatus,
  issueDocument, screenBackground, issuePermit, setPermitStatus, recordExamResult, issueGuardCertificate, revokeGuardCertificate, updateRevocation,
  updateTip, updateInspection, issueRectificationOrder, openCase, assessPenalty, updateCase, issueCaseDocument,
  extendClock, updateCriminalCase, openCriminalCase, issueCriminalDocument,
];

/** How the workers reach the engine. */
export interface WorkerOptions {
  /** REST root, e.g. `http://127.0.0.1:8080/engine-rest` or a remote Operaton. */
  engineUrl: string;
  /** Returns the Authorization header value for each request (Bearer for the embedded engine, Basic for a remote one). */
  authorization: () => string;
  deps: WorkerDeps;
  logger: Logger;
  /** Long-poll timeout in ms (default 20 s). */
  asyncResponseTimeout?: number;
  workers?: ReadonlyArray<WorkerDefinition<unknown, WorkerDeps>>;
}

/** Running workers. */
export interface RunningWorkers {
  workerIds: string[];
  stop(): void;
}

/**
 * Starts one `camunda-external-task-client-js` client per worker definition, each with its own distinct
 * `workerId`, long polling the engine through its REST API and authenticating through an interceptor.
 */
export function startWorkers(options: WorkerOptions): RunningWorkers {
  const clients: Client[] = [];
  const workerIds: string[] = [];
  const interceptor: Interceptor = (config) => ({ ...config, headers: { ...(config.headers ?? {}), Authorization: options.authorization() } });
  for (const definition of options.workers ?? WORKERS) {
    const workerId = `${hostname()}-${process.pid}-${definition.topic}-${randomUUID().slice(0, 8)}`;
    const client = new Client({
      baseUrl: options.engineUrl,
      workerId,
      maxTasks: 10,
      interval: 300,
      lockDuration: definition.lockDuration ?? 60_000,
      asyncResponseTimeout: options.asyncResponseTimeout ?? 20_000,
      autoPoll: false,
      usePriority: true,
      interceptors: interceptor,
    });
    const log = options.logger.child({ workerId });
    client.on('poll:error', (error) => log.warn('polling the engine failed', { error: String(error) }));
    client.on('handler:error', (error) => log.error('worker handler failed', { error: String(error) }));
    client.subscribe(definition.topic, { variables: variableNamesOf(definition), lockDuration: definition.lockDuration ?? 60_000 }, async ({ task, taskService }) => {
      await runTask(definition, options.deps, task, taskService, log);
    });
    client.start();
    clients.push(client);
    workerIds.push(workerId);
  }
  return { workerIds, stop: () => clients.forEach((c) => c.stop()) };
}

// helpers ////

function variableNamesOf(definition: WorkerDefinition<unknown, WorkerDeps>): string[] | undefined {
  const shape = (definition.input as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : undefined;
}
