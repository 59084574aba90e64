import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column types that differ between SQLite and MySQL/MariaDB. Migrations and engine SQL take their
 * dialect-specific pieces from here only, so the same migration runs on both databases.
 */
export interface Dialect {
  readonly kind: 'sqlite' | 'mysql';
  /** Unbounded text (TEXT on SQLite, LONGTEXT on MySQL). */
  readonly longText: string;
  /** Binary data (BLOB on SQLite, LONGBLOB on MySQL). */
  readonly blob: string;
  /** 64-bit integer. */
  readonly bigint: string;
  /** Row-lock suffix for job acquisition; empty on SQLite, which has a single writer. */
  readonly skipLocked: string;
}

/** Returns the dialect of a query runner's connection. */
export function dialectOf(runner: Pick<QueryRunner, 'connection'>): Dialect {
  const type = runner.connection.options.type;
  return type === 'mysql' || type === 'mariadb' ? MYSQL : SQLITE;
}

/** Column option builders shared by migrations. */
/** Whether `error` is the database refusing a row that repeats a unique key (SQLite or MySQL/MariaDB). */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown; driverError?: { code?: unknown; errno?: unknown } };
  const code = e.code ?? e.driverError?.code;
  const errno = e.errno ?? e.driverError?.errno;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'ER_DUP_ENTRY' || errno === 1062;
}

export const col = {
  id(name = 'id'): TableColumnOptions {
    return { name, type: 'varchar', length: '64', isPrimary: true };
  },
  ref(name: string, nullable = true): TableColumnOptions {
    return { name, type: 'varchar', length: '64', isNullable: nullable };
  },
  str(name: string, length = 255, nullable = true): TableColumnOptions {
    return { name, type: 'varchar', length: String(length), isNullable: nullable };
  },
  int(name: string, nullable = true, dflt?: number): TableColumnOptions {
    return { name, type: 'integer', isNullable: nullable, ...(dflt === undefined ? {} : { default: dflt }) };
  },
  bool(name: string, dflt = 0): TableColumnOptions {
    return { name, type: 'smallint', isNullable: false, default: dflt };
  },
  bigint(d: Dialect, name: string, nullable = true): TableColumnOptions {
    return { name, type: d.bigint, isNullable: nullable };
  },
  double(name: string, nullable = true): TableColumnOptions {
    return { name, type: 'double', isNullable: nullable };
  },
  text(d: Dialect, name: string, nullable = true): TableColumnOptions {
    return { name, type: d.longText, isNullable: nullable };
  },
  blob(d: Dialect, name: string, nullable = true): TableColumnOptions {
    return { name, type: d.blob, isNullable: nullable };
  },
};

/**
 * Converts a freshly created table to utf8mb4 with binary collation on MySQL/MariaDB (Chinese text, and
 * case-sensitive comparisons as Camunda has on most databases). A no-op on SQLite.
 */
export async function useUtf8mb4(runner: QueryRunner, table: string): Promise<void> {
  if (dialectOf(runner).kind !== 'mysql') return;
  await runner.query(`ALTER TABLE \`${table}\` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
}

// helpers ////

const SQLITE: Dialect = { kind: 'sqlite', longText: 'text', blob: 'blob', bigint: 'bigint', skipLocked: '' };
const MYSQL: Dialect = { kind: 'mysql', longText: 'longtext', blob: 'longblob', bigint: 'bigint', skipLocked: ' FOR UPDATE SKIP LOCKED' };
