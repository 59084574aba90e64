import type { DataSource, QueryRunner } from 'typeorm';
import type BetterSqlite3 from 'better-sqlite3';
import { dialectOf, type Dialect } from '../../db/dialect.js';

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
    return new SqliteDatabase(driver.databaseConnection, dialect);
  }
  return new MysqlDatabase(dataSource, dialect);
}

// helpers ////

class SqliteDatabase implements EngineDatabase {
  private readonly statements = new Map<string, BetterSqlite3.Statement>();
  private tail: Promise<unknown> = Promise.resolve();
  private readonly sql: Sql;

  constructor(
    private readonly db: BetterSqlite3.Database,
    readonly dialect: Dialect,
  ) {
    this.sql = {
      query: async <T>(text: string, params: readonly SqlParam[] = []) => this.prepare(text).all(...params.map(toSqlite)) as T[],
      execute: async (text: string, params: readonly SqlParam[] = []) => this.prepare(text).run(...params.map(toSqlite)).changes,
    };
  }

  transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.sql);
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    };
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
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

class MysqlDatabase implements EngineDatabase {
  constructor(
    private readonly dataSource: DataSource,
    readonly dialect: Dialect,
  ) {}

  async transaction<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('READ COMMITTED');
      const sql: Sql = {
        query: async <R>(text: string, params: readonly SqlParam[] = []) => (await runner.query(text, params.map(toMysql))) as R[],
        execute: async (text: string, params: readonly SqlParam[] = []) => {
          const result = (await runner.query(text, params.map(toMysql), true)) as { affected?: number };
          return result.affected ?? 0;
        },
      };
      const result = await fn(sql);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
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
