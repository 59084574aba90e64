import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { createDataSource, parseDatabaseUrl, type CreateDataSourceOptions, type DatabaseSettings } from '../../src/db/data-source.js';
import { auditEntities } from '../../src/audit/audit-entry.entity.js';
import { identityEntities } from '../../src/identity/index.js';
import { sqliteGateOf } from '../../src/db/sqlite-gate.js';

/** A migrated database for one test file, and how to get rid of it. */
export interface TestDatabase {
  /** Initialised data source over the test database. */
  dataSource: DataSource;
  /** Where the test database lives. */
  settings: DatabaseSettings;
  /** Deletes every row of `tables`, in the order given (children before parents); for `beforeEach`. */
  clear(...tables: string[]): Promise<void>;
  /** Closes the data source and deletes the database (the SQLite file, or the MySQL schema). */
  destroy(): Promise<void>;
}

/** Options of {@link createTestDataSource}. */
export interface TestDatabaseOptions {
  /** Run all migrations before returning; true by default. */
  migrate?: boolean;
  /** Entities to register; the identity entities by default. The audit log's are always registered: the identity service writes it. */
  entities?: CreateDataSourceOptions['entities'];
}

/**
 * Creates a fresh, private database and runs the real migrations on it. With `DATABASE_URL=mysql://…` (e.g.
 * `mysql://root@127.0.0.1:3306/test`) it creates a uniquely named schema `test_<random>` on that server, so that
 * jest workers running in parallel do not collide; otherwise a new SQLite file in the temp directory. A MySQL
 * server that cannot be reached fails the test; it is never skipped.
 */
export async function createTestDataSource(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const url = process.env['DATABASE_URL'] ?? '';
  const prepared = /^(mysql|mariadb):\/\//i.test(url) ? await createMysqlDatabase(url) : createSqliteFile();
  const dataSource = createDataSource(prepared.settings, { entities: [...Object.values(options.entities ?? identityEntities), ...auditEntities] });
  try {
    await dataSource.initialize();
    if (prepared.settings.kind === 'sqlite') sqliteGateOf(dataSource);
    if (options.migrate ?? true) await dataSource.runMigrations({ transaction: 'each' });
  } catch (err) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await prepared.drop();
    throw err;
  }
  return {
    dataSource,
    settings: prepared.settings,
    async clear(...tables: string[]) {
      for (const table of tables) await dataSource.query(`DELETE FROM ${dataSource.driver.escape(table)}`);
    },
    async destroy() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await prepared.drop();
    },
  };
}

/** Names of the tables in the test database, sorted; for schema assertions. */
export async function listTables(dataSource: DataSource): Promise<string[]> {
  const isMysql = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
  const rows: Array<Record<string, unknown>> = isMysql
    ? await dataSource.query('SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()')
    : await dataSource.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
  return rows.map((r) => String(r['name'] ?? r['NAME'] ?? r['TABLE_NAME'])).sort();
}

// helpers ////

interface Prepared {
  settings: DatabaseSettings;
  drop(): Promise<void>;
}

function createSqliteFile(): Prepared {
  const dir = mkdtempSync(join(tmpdir(), 'supervision-test-'));
  return {
    settings: { kind: 'sqlite', location: join(dir, 'test.db') },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function createMysqlDatabase(url: string): Promise<Prepared> {
  const base = parseDatabaseUrl(url);
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new URL(base.location);
  admin.pathname = '/';
  const run = async (sql: string) => {
    let connection;
    try {
      connection = await createConnection({ uri: admin.toString() });
    } catch (err) {
      const where = `${admin.hostname}:${admin.port || 3306}`;
      throw new Error(`Cannot reach the MySQL/MariaDB test server at ${where} named by DATABASE_URL: ${String(err)}`, { cause: err });
    }
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  };
  await run(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  const target = new URL(base.location);
  target.pathname = `/${name}`;
  return {
    settings: { kind: 'mysql', location: target.toString() },
    drop: () => run(`DROP DATABASE IF EXISTS \`${name}\``),
  };
}
