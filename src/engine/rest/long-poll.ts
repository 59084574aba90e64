import type { Engine } from '../engine.js';
import { InvalidRequestException, OptimisticLockingException, RestException } from '../errors.js';
import type { Actor } from '../runtime/command-context.js';
import type { FetchRequest, FetchTopic, LockedTask } from '../services/external-task-service.js';

/** Largest `asyncResponseTimeout` Camunda accepts (30 minutes). */
export const MAX_ASYNC_RESPONSE_TIMEOUT = 1_800_000;

/** Most fetch-and-lock requests that may wait at once (Camunda's `fetch-and-lock-queue-capacity`). */
export const LONG_POLL_CAPACITY = 200;

/** Parked requests are re-tried at least this often, even without a signal (tasks whose lock expired, other nodes). */
export const LONG_POLL_REFETCH_INTERVAL = 30_000;

/**
 * Long polling of `POST /external-task/fetchAndLock`, as Camunda's `FetchAndLockHandlerImpl`: a request with an
 * `asyncResponseTimeout` that finds no task waits ("is parked") until a task of one of its topics becomes available on
 * this node, until the periodic re-fetch finds one, or until its timeout, when it is answered with `[]`.
 *
 * Parked requests are re-tried one after the other by a single loop, never concurrently, so one new task does not make
 * every waiting worker race for it in its own transaction; and once a re-try shows that a topic has nothing left, the
 * other requests waiting only for that topic are not re-tried until the next signal.
 */
export class LongPollRegistry {
  private readonly parked = new Set<Parked>();
  /** Topics known to have no fetchable task since the last signal for them (null topic: never recorded). */
  private readonly exhausted = new Set<string>();
  private readonly unsubscribe: () => void;
  /** Counts availability signals, to notice signals that arrive while a fetch runs. */
  private signals = 0;
  private draining = false;
  private closed = false;
  private refetchTimer: NodeJS.Timeout | null = null;

  constructor(private readonly engine: Engine) {
    this.unsubscribe = engine.events.onExternalTaskAvailable((topic) => this.signal(topic));
  }

  /**
   * Fetches and locks tasks for a worker. Without `asyncResponseTimeout` it answers at once (possibly `[]`); with one it
   * waits for tasks up to that many milliseconds and then answers `[]`. Rejects with 400 when the timeout exceeds
   * 30 minutes, 500 when too many requests wait already or the server shuts down, and with the engine's error when a
   * fetch fails. When `signal` aborts (the client went away) the request stops waiting and resolves `[]`.
   */
  async fetch(actor: Actor, request: FetchRequest, asyncResponseTimeout: number | undefined, signal?: AbortSignal): Promise<LockedTask[]> {
    if (asyncResponseTimeout !== undefined && asyncResponseTimeout > MAX_ASYNC_RESPONSE_TIMEOUT) {
      throw new InvalidRequestException(400, `The asynchronous response timeout cannot be set to a value greater than ${MAX_ASYNC_RESPONSE_TIMEOUT} milliseconds`);
    }
    if (signal?.aborted) return [];
    const signalsBefore = this.signals;
    const tasks = await this.fetchOnce(actor, request);
    if (tasks.length > 0 || asyncResponseTimeout === undefined) return this.handOver(actor, tasks, signal);
    if (this.closed) throw shutdown();
    if (this.parked.size >= LONG_POLL_CAPACITY) {
      throw new InvalidRequestException(500, 'At the moment the server has to handle too many requests at the same time. Please try again later.');
    }
    return this.park(actor, request, asyncResponseTimeout, signal, this.signals !== signalsBefore);
  }

  /** Answers every parked request with 500 "Request rejected due to shutdown of application server." and stops listening. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    this.stopRefetchTimer();
    for (const p of [...this.parked]) this.settle(p, { error: shutdown() });
  }

  /** Number of requests waiting now (for tests and monitoring). */
  get size(): number {
    return this.parked.size;
  }

  // helpers ////

  private park(actor: Actor, request: FetchRequest, timeout: number, signal: AbortSignal | undefined, dirty: boolean): Promise<LockedTask[]> {
    return new Promise<LockedTask[]>((resolve, reject) => {
      const p: Parked = {
        actor, request, resolve, reject, dirty, inFlight: false, expired: false, timer: null, signal, onAbort: null,
        topics: new Set(request.topics.map((t) => t.topicName)),
        unfiltered: new Set(request.topics.filter(isUnfiltered).map((t) => t.topicName)),
      };
      p.timer = setTimeout(() => this.expire(p), Math.max(0, timeout));
      p.timer.unref();
      if (signal) {
        p.onAbort = () => this.settle(p, { tasks: [] });
        signal.addEventListener('abort', p.onAbort, { once: true });
      }
      this.parked.add(p);
      this.startRefetchTimer();
      if (dirty) void this.drain();
    });
  }

  /** An availability signal: mark the requests waiting for `topic` (all for null) and re-try them. */
  private signal(topic: string | null): void {
    this.signals++;
    if (topic === null) this.exhausted.clear();
    else this.exhausted.delete(topic);
    let any = false;
    for (const p of this.parked) {
      if (topic === null || p.topics.has(topic)) {
        p.dirty = true;
        any = true;
      }
    }
    if (any) void this.drain();
  }

  /** Re-tries marked requests one at a time, oldest first, until none is marked. */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let p = this.nextDirty(); p; p = this.nextDirty()) {
        p.dirty = false;
        if ([...p.topics].every((t) => this.exhausted.has(t))) continue;
        if (isGone(p)) {
          this.settle(p, { tasks: [] });
          continue;
        }
        p.inFlight = true;
        const signalsBefore = this.signals;
        let outcome: Outcome;
        try {
          outcome = { tasks: await this.fetchOnce(p.actor, p.request) };
        } catch (error) {
          outcome = { error };
        } finally {
          p.inFlight = false;
        }
        if (!this.parked.has(p)) {
          // answered meanwhile (client gone, shutdown): nobody will receive what was just locked
          if ('tasks' in outcome) this.release(p.actor, outcome.tasks);
          continue;
        }
        if ('tasks' in outcome && outcome.tasks.length < p.request.maxTasks && this.signals === signalsBefore) {
          for (const t of p.unfiltered) this.exhausted.add(t);
        }
        if ('error' in outcome || outcome.tasks.length > 0 || p.expired) this.settle(p, outcome);
        else if (isGone(p)) this.settle(p, { tasks: [] });
      }
    } finally {
      this.draining = false;
    }
  }

  private nextDirty(): Parked | undefined {
    for (const p of this.parked) if (p.dirty && !p.inFlight) return p;
    return undefined;
  }

  /** The timeout elapsed: answer `[]`, unless a re-try runs right now (then that re-try answers, with what it found). */
  private expire(p: Parked): void {
    p.expired = true;
    if (!p.inFlight) this.settle(p, { tasks: [] });
  }

  /** Answers a parked request once and forgets it. */
  private settle(p: Parked, outcome: Outcome): void {
    if (!this.parked.delete(p)) return;
    if (p.timer) clearTimeout(p.timer);
    if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
    if (this.parked.size === 0) {
      this.stopRefetchTimer();
      this.exhausted.clear();
    }
    if ('error' in outcome) p.reject(outcome.error);
    else p.resolve(this.handOver(p.actor, outcome.tasks, p.signal));
  }

  /** The tasks for the client; when it went away in the meantime they are unlocked again, so that others get them at once. */
  private handOver(actor: Actor, tasks: LockedTask[], signal: AbortSignal | undefined): LockedTask[] {
    if (!signal?.aborted) return tasks;
    this.release(actor, tasks);
    return [];
  }

  /** Best-effort unlock of tasks nobody will receive; a failure only means they stay locked until their lock expires. */
  release(actor: Actor, tasks: LockedTask[]): void {
    if (tasks.length === 0) return;
    void Promise.allSettled(tasks.map((t) => this.engine.externalTasks.unlock(actor, t.task.id)));
  }

  /** One fetch; a concurrent locker winning a row makes the whole command fail, which is simply retried. */
  private async fetchOnce(actor: Actor, request: FetchRequest): Promise<LockedTask[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.engine.externalTasks.fetchAndLock(actor, request);
      } catch (error) {
        if (!(error instanceof OptimisticLockingException) || attempt >= FETCH_ATTEMPTS) throw error;
      }
    }
  }

  private startRefetchTimer(): void {
    if (this.refetchTimer) return;
    this.refetchTimer = setInterval(() => {
      this.exhausted.clear();
      for (const p of this.parked) p.dirty = true;
      void this.drain();
    }, LONG_POLL_REFETCH_INTERVAL);
    this.refetchTimer.unref();
  }

  private stopRefetchTimer(): void {
    if (this.refetchTimer) clearInterval(this.refetchTimer);
    this.refetchTimer = null;
  }
}

/** A waiting request. */
interface Parked {
  actor: Actor;
  request: FetchRequest;
  /** Names of its topics. */
  topics: Set<string>;
  /** Topics it asks for without further filters: if it finds fewer tasks than it wants, these have none left. */
  unfiltered: Set<string>;
  resolve: (tasks: LockedTask[]) => void;
  reject: (error: unknown) => void;
  /** A signal arrived since its last re-try. */
  dirty: boolean;
  inFlight: boolean;
  expired: boolean;
  timer: NodeJS.Timeout | null;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | null;
}

type Outcome = { tasks: LockedTask[] } | { error: unknown };

const FETCH_ATTEMPTS = 3;

function shutdown(): RestException {
  return new RestException(500, 'Request rejected due to shutdown of application server.', null);
}

function isGone(p: Parked): boolean {
  return p.signal?.aborted === true;
}

function isUnfiltered(t: FetchTopic): boolean {
  return t.businessKey == null && t.processDefinitionId == null && t.processDefinitionIdIn == null && t.processDefinitionKey == null
    && t.processDefinitionKeyIn == null && t.processDefinitionVersionTag == null && !t.withoutTenantId && t.tenantIdIn == null
    && (t.processVariables == null || Object.keys(t.processVariables).length === 0);
}
