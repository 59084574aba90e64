import type { DataSource } from 'typeorm';
import type BetterSqlite3 from 'better-sqlite3';
import { dialectOf, type Dialect } from '../../db/dialect.js';
import { sqliteGateOf, type SqliteGate } from '../../db/sqlite-gate.js';

/** A parameter value the engine passes to SQL. */
export type SqlParam = string | number | bigint | boolean | Buffer | Date | null | undefined;

/** Runs statements inside one engine command. */
export interface Sql {
  /** Runs a SELECT and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  /** Runs an INSERT/UPDATE/DELETE and returns the number of affected rows. */
  execute(sql: string, params?: readonly SqlParam[]): Promise<number>;
}

/** The engine's access to its tables: every command runs in one transaction. */
export interface EngineDatabase {
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
}

/**
 * Creates the engine database access on the app's TypeORM data source. On SQLite the statements go straight
 * to better-sqlite3 (one writer; commands are serialised); on MySQL/MariaDB each command takes a pooled
 * connection and runs at READ COMMITTED, relying on row revisions for optimistic locking.
 */
export function createEngineDatabase(dataSource: DataSource): EngineDatabase {
  const runner = dataSource.createQueryRunner();
  const dialect = dialectOf(runner);
  void runner.release();
  if (dialect.kind === 'sqlite') {
    const driver = dataSource.driver as unknown as { databaseConnection: BetterSqlite3.Database };
    return new SqliteDatabase(driver.databaseConnection, dialect, sqliteGateOf(dataSource));
  }
  return new MysqlDatabase(dataSource, dialect);
}

// helpers ////

interface QueuedCommand {
  fn: (sql: Sql) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/** Most commands one SQLite transaction carries (group commit). */
const MAX_GROUP = 200;

/**
 * SQLite allows one writer, so commands run one after another. Commands that queue up while another runs
 * are committed together ("group commit"): each runs inside its own SAVEPOINT, so a failing command rolls
 * back alone, and every caller is answered only after the shared COMMIT succeeded. This turns one WAL
 * write per command into one per group, without changing what any single command sees or writes.
 */
class SqliteDatabase implements EngineDatabase {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private readonly queue: QueuedCommand[] = [];
  private draining = false;
  private readonly sql: Sql;

  constructor(
    private readonly db: BetterSqlite3.Database,
    readonly dialect: Dialect,
    private readonly gate: SqliteGate,
  ) {
    this.sql = {
      query: <T>(text: string, params: readonly SqlParam[] = []) => Promise.resolve(this.prepare(text).all(...params.map(toSqlite)) as T[]),
      execute: (text: string, params: readonly SqlParam[] = []) => Promise.resolve(this.prepare(text).run(...params.map(toSqlite)).changes),
    };
  }

  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length > 0) await this.runGroup();
    } finally {
      this.draining = false;
    }
  }

  /** One transaction: the queued commands, plus those that arrive while it is open, then one COMMIT. */
  private async runGroup(): Promise<void> {
    const release = await this.gate.acquire();
    const group: QueuedCommand[] = [];
    const outcomes: Outcome[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      while (this.queue.length > 0 && group.length < MAX_GROUP) {
        const batch = this.queue.splice(0, MAX_GROUP - group.length);
        group.push(...batch);
        await this.runAll(batch, outcomes);
        // gather: let requests that arrived meanwhile join this transaction before it commits
        if (this.queue.length === 0 && group.length < MAX_GROUP) await new Promise<void>((ok) => setImmediate(ok));
      }
      this.db.exec('COMMIT');
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const c of group) c.reject(error);
      return;
    } finally {
      release();
    }
    group.forEach((c, i) => {
      const o = outcomes[i];
      if (o?.ok) c.resolve(o.value);
      else c.reject(o?.error);
    });
  }

  /** Runs commands one after another, each in its own savepoint, recording their outcomes. */
  private async runAll(commands: QueuedCommand[], outcomes: Outcome[]): Promise<void> {
    for (const command of commands) {
      this.db.exec('SAVEPOINT engine_command');
      try {
        const value = await command.fn(this.sql);
        this.db.exec('RELEASE engine_command');
        outcomes.push({ ok: true, value });
      } catch (error) {
        this.db.exec('ROLLBACK TO engine_command');
        this.db.exec('RELEASE engine_command');
        outcomes.push({ ok: false, error });
      }
    }
  }

  private prepare(text: string): BetterSqlite3.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }
}

/** The callback API of a mysql2 pool connection, as TypeORM's MySQL driver holds it. */
interface PoolConnection {
  query(sql: string, values: unknown[], cb: (error: Error | null, result: unknown) => void): void;
  release(): void;
}
interface Pool {
  getConnection(cb: (error: Error | null, connection: PoolConnection) => void): void;
}

/**
 * MySQL/MariaDB: each command takes a pooled connection (set to READ COMMITTED once per connection) and runs
 * in its own transaction; row revisions give optimistic locking. Statements go straight to the mysql2 pool
 * of TypeORM's driver: one round trip to begin, one per statement, one to commit.
 */
class MysqlDatabase implements EngineDatabase {
  private readonly prepared = new WeakSet<PoolConnection>();

  constructor(
    private readonly dataSource: DataSource,
    readonly dialect: Dialect,
  ) {}

  async transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const connection = await this.connection();
    const run = (text: string, params: readonly SqlParam[] = []) =>
      new Promise<unknown>((ok, fail) => connection.query(text, params.map(toMysql), (error, result) => (error ? fail(error) : ok(result))));
    let open = false;
    try {
      await run('START TRANSACTION');
      open = true;
      const sql: Sql = {
        query: async <R>(text: string, params?: readonly SqlParam[]) => (await run(text, params)) as R[],
        execute: async (text: string, params?: readonly SqlParam[]) => ((await run(text, params)) as { affectedRows?: number }).affectedRows ?? 0,
      };
      const result = await fn(sql);
      await run('COMMIT');
      open = false;
      return result;
    } catch (error) {
      if (open) await run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      connection.release();
    }
  }

  private async connection(): Promise<PoolConnection> {
    const pool = (this.dataSource.driver as unknown as { pool: Pool }).pool;
    const connection = await new Promise<PoolConnection>((ok, fail) => pool.getConnection((error, c) => (error ? fail(error) : ok(c))));
    if (!this.prepared.has(connection)) {
      await new Promise<void>((ok, fail) =>
        connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', [], (error) => (error ? fail(error) : ok())),
      );
      this.prepared.add(connection);
    }
    return connection;
  }
}

function toSqlite(p: SqlParam): string | number | bigint | Buffer | null {
  if (p === undefined || p === null) return null;
  if (typeof p === 'boolean') return p ? 1 : 0;
  if (p instanceof Date) return p.getTime();
  return p;
}

function toMysql(p: SqlParam): unknown {
  if (p === undefined) return null;
  if (typeof p === 'boolean') return p ? 1 : 0;
  if (p instanceof Date) return p.getTime();
  return p;
}
