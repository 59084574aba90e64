import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** Exclusive access to the one SQLite connection the app and the embedded engine share. */
export interface SqliteGate {
  /** Waits for exclusive access; the returned function gives it back. */
  acquire(): Promise<() => void>;
}

const gates = new WeakMap<DataSource, SqliteGate>();

/**
 * The write gate of a SQLite data source, installed on first use. The engine holds it for a whole group of
 * commands (from BEGIN to COMMIT); every TypeORM transaction holds it from start to commit or rollback; a
 * TypeORM statement outside that transaction waits until the gate is free. So no TypeORM statement can ever
 * land inside an engine transaction or the other way round, and concurrent TypeORM transactions never nest into
 * each other on the shared query runner. Which transaction a statement belongs to is told by the asynchronous
 * context: each `dataSource.transaction(…)` runs in its own, and a transaction started within it (a nested one) or
 * a statement made within it belongs to it.
 */
export function sqliteGateOf(dataSource: DataSource): SqliteGate {
  let gate = gates.get(dataSource);
  if (!gate) {
    gate = new FifoGate();
    gates.set(dataSource, gate);
    const heldBy = guardQueryRunner(dataSource.createQueryRunner(), gate);
    giveTransactionsTheirContext(dataSource.manager, heldBy);
  }
  return gate;
}

// helpers ////

class FifoGate implements SqliteGate {
  private held = false;
  private readonly waiters: Array<() => void> = [];

  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.held = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.release();
        });
      };
      if (!this.held) grant();
      else this.waiters.push(grant);
    });
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}

/** The transaction an asynchronous context works in: a token per `dataSource.transaction(…)` call. */
const transactionContext = new AsyncLocalStorage<symbol>();

/**
 * Runs every transaction of `manager` (and so `dataSource.transaction`) in an asynchronous context of its own, except
 * one started inside the transaction that holds the gate, which nests into it.
 */
function giveTransactionsTheirContext(manager: EntityManager, heldBy: (context: symbol | undefined) => boolean): void {
  const m = manager as EntityManager & { __contextual?: boolean };
  if (m.__contextual) return;
  m.__contextual = true;
  const transaction = m.transaction.bind(m) as (...args: unknown[]) => Promise<unknown>;
  (m as { transaction: unknown }).transaction = (...args: unknown[]) => {
    const current = transactionContext.getStore();
    return transactionContext.run(current !== undefined && heldBy(current) ? current : Symbol('transaction'), () => transaction(...args));
  };
}

/** Puts the shared query runner behind `gate`; returns whether a given context's transaction holds it. */
function guardQueryRunner(runner: QueryRunner, gate: SqliteGate): (context: symbol | undefined) => boolean {
  const r = runner as QueryRunner & { transactionDepth: number };
  let release: (() => void) | null = null;
  // the context of the transaction holding the gate (undefined for one started outside `dataSource.transaction`)
  let holder: symbol | undefined;
  const heldBy = (context: symbol | undefined) => release !== null && context === holder;
  const holds = () => heldBy(transactionContext.getStore());
  const start = r.startTransaction.bind(r);
  const commit = r.commitTransaction.bind(r);
  const rollback = r.rollbackTransaction.bind(r);
  const query = r.query.bind(r) as (...args: unknown[]) => Promise<unknown>;
  r.startTransaction = async (isolation) => {
    // a transaction within the one holding the gate nests into it; any other waits for the gate
    if (!holds()) {
      const granted = await gate.acquire();
      release = granted;
      holder = transactionContext.getStore();
    }
    try {
      await start(isolation);
    } catch (error) {
      if (r.transactionDepth === 0) {
        release?.();
        release = null;
      }
      throw error;
    }
  };
  const end = (fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } finally {
      if (r.transactionDepth === 0 && release) {
        release();
        release = null;
      }
    }
  };
  r.commitTransaction = end(commit);
  r.rollbackTransaction = end(rollback);
  (r as { query: unknown }).query = async (...args: unknown[]) => {
    if (holds()) return query(...args);
    const free = await gate.acquire();
    try {
      return await query(...args);
    } finally {
      free();
    }
  };
  return heldBy;
}
