import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import { allMigrations } from '../../migrations/index.js';

/** The two database families the system runs on. */
export type DatabaseKind = 'sqlite' | 'mysql';

/** A parsed `DATABASE_URL`. */
export interface DatabaseSettings {
  kind: DatabaseKind;
  /** SQLite: file path or `:memory:`. MySQL: the full URL. */
  location: string;
}

/**
 * Parses a `DATABASE_URL`: `sqlite:<path>` (or a bare path ending in `.db`/`.sqlite`), `sqlite::memory:`,
 * or `mysql://user:pass@host:port/db` (also `mariadb://`). Throws an `Error` naming what is wrong.
 */
export function parseDatabaseUrl(url: string): DatabaseSettings {
  const trimmed = url.trim();
  if (/^(mysql|mariadb):\/\//i.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new Error(`DATABASE_URL is not a valid URL: ${redact(trimmed)}`);
    }
    if (!parsed.hostname) throw new Error('DATABASE_URL must name a host, e.g. mysql://user:pass@127.0.0.1:3306/db');
    if (parsed.pathname.length <= 1) throw new Error('DATABASE_URL must name a database, e.g. mysql://user:pass@127.0.0.1:3306/db');
    return { kind: 'mysql', location: trimmed.replace(/^mariadb:/i, 'mysql:') };
  }
  if (/^sqlite:/i.test(trimmed)) {
    const path = trimmed.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!path) throw new Error('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/app.db');
    return { kind: 'sqlite', location: path };
  }
  if (/\.(db|sqlite|sqlite3)$/i.test(trimmed)) return { kind: 'sqlite', location: trimmed };
  throw new Error(`DATABASE_URL must start with mysql://, mariadb:// or sqlite: (got ${redact(trimmed)})`);
}

/** Options for {@link createDataSource}. */
export interface CreateDataSourceOptions {
  entities?: MixedList<string | (new () => unknown) | EntitySchema>;
  logging?: boolean;
}

/**
 * Creates (but does not initialise) the TypeORM data source for the app and the embedded engine.
 * The schema comes only from the migrations in `migrations/`; `synchronize` is never used.
 */
export function createDataSource(settings: DatabaseSettings, options: CreateDataSourceOptions = {}): DataSource {
  const common = {
    entities: options.entities ?? [],
    migrations: allMigrations,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: options.logging ?? false,
  };
  let dsOptions: DataSourceOptions;
  if (settings.kind === 'sqlite') {
    if (settings.location !== ':memory:') mkdirSync(dirname(settings.location), { recursive: true });
    dsOptions = {
      ...common,
      type: 'better-sqlite3',
      database: settings.location,
      enableWAL: settings.location !== ':memory:',
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    };
  } else {
    dsOptions = {
      ...common,
      type: 'mysql',
      url: settings.location,
      charset: 'utf8mb4_bin',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: false,
      extra: { connectionLimit: 20 },
    };
  }
  return new DataSource(dsOptions);
}

// helpers ////

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
