import type { DataSource, QueryRunner } from 'typeorm';

/** Exclusive access to the one SQLite connection the app and the embedded engine share. */
export interface SqliteGate {
  /** Waits for exclusive access; the returned function gives it back. */
  acquire(): Promise<() => void>;
}

const gates = new WeakMap<DataSource, SqliteGate>();

/**
 * The write gate of a SQLite data source, installed on first use. The engine holds it for a whole group of
 * commands (from BEGIN to COMMIT); every TypeORM transaction holds it from start to commit or rollback; a
 * TypeORM statement outside a transaction waits until the gate is free. So no TypeORM statement can ever
 * land inside an engine transaction or the other way round, and TypeORM transactions no longer nest into
 * each other on the shared query runner.
 */
export function sqliteGateOf(dataSource: DataSource): SqliteGate {
  let gate = gates.get(dataSource);
  if (!gate) {
    gate = new FifoGate();
    gates.set(dataSource, gate);
    guardQueryRunner(dataSource.createQueryRunner(), gate);
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

function guardQueryRunner(runner: QueryRunner, gate: SqliteGate): void {
  const r = runner as QueryRunner & { transactionDepth: number; __gated?: boolean };
  if (r.__gated) return;
  r.__gated = true;
  let release: (() => void) | null = null;
  const start = r.startTransaction.bind(r);
  const commit = r.commitTransaction.bind(r);
  const rollback = r.rollbackTransaction.bind(r);
  const query = r.query.bind(r) as (...args: unknown[]) => Promise<unknown>;
  r.startTransaction = async (isolation) => {
    if (r.transactionDepth === 0 && !release) release = await gate.acquire();
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
    if (release || r.isTransactionActive) return query(...args);
    const free = await gate.acquire();
    try {
      return await query(...args);
    } finally {
      free();
    }
  };
}
