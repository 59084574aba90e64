/** Helpers shared by the benchmark scripts: a scratch database, the app on it, and percentile arithmetic. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { createConnection } from 'mysql2/promise';
import { createApp } from '../../src/api/app.js';
import { AuditLog, auditEntities } from '../../src/audit/index.js';
import { TokenService } from '../../src/auth/tokens.js';
import { loadConfig } from '../../src/config.js';
import { createDataSource, parseDatabaseUrl, type DatabaseSettings } from '../../src/db/data-source.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { createEngineRest } from '../../src/engine/rest/rest-router.js';
import { IdentityService, identityEntities } from '../../src/identity/index.js';
import { silentLogger } from '../../src/logger.js';

/** A database created for one run, and how to drop it. */
export interface ScratchDatabase {
  settings: DatabaseSettings;
  label: string;
  /** Drops the database (with `keep`, only lets go of it). */
  cleanup: (keep?: boolean) => Promise<void>;
}

/**
 * A fresh database for one run: a scratch schema `<prefix>_<time>` on the MySQL/MariaDB server of
 * `DATABASE_URL` when it names one, else a SQLite file in a new temp directory.
 */
export async function scratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const url = process.env['DATABASE_URL'];
  if (url && /^(mysql|mariadb):/i.test(url)) {
    const base = parseDatabaseUrl(url);
    const name = `${prefix}_${Date.now()}`;
    const admin = await createConnection(base.location);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    const u = new URL(base.location);
    u.pathname = `/${name}`;
    return {
      settings: { kind: 'mysql', location: u.toString() },
      label: `MySQL/MariaDB (${u.host})`,
      cleanup: async (keep = false) => {
        if (!keep) await admin.query(`DROP DATABASE \`${name}\``);
        await admin.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { settings: { kind: 'sqlite', location: join(dir, `${prefix}.db`) }, label: 'SQLite (file, WAL)', cleanup: async (keep = false) => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  } };
}

/** The app with the embedded engine on a scratch database, listening on a random loopback port. */
export interface BenchServer {
  engine: Engine;
  settings: DatabaseSettings;
  label: string;
  /** `http://127.0.0.1:<port>/engine-rest` */
  baseUrl: string;
  /** A real signed bearer token for the given principal. */
  token: string;
  /** Stops the server and closes the database; drops it unless `keepDatabase`. */
  close(keepDatabase?: boolean): Promise<void>;
}

/** Migrates a scratch database and starts the app on it, authenticated as `userId` with `groupIds`. */
export async function startBenchServer(prefix: string, userId: string, groupIds: string[] = []): Promise<BenchServer> {
  const { settings, cleanup, label } = await scratchDatabase(prefix);
  const dataSource = createDataSource(settings, { entities: [...identityEntities, ...auditEntities] });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const audit = new AuditLog(dataSource);
  const identity = new IdentityService(dataSource, { audit });
  const tokens = new TokenService({ secret: `${prefix}-secret-`.padEnd(48, 'x'), expiresInSeconds: 3600 });
  const engine = createEngine({ dataSource, groupIdsOf: (u) => identity.groupIdsOf(u) });
  const rest = createEngineRest(engine);
  const app = createApp({ config: loadConfig({}), logger: silentLogger, identity, tokens, audit, engineRest: rest.middleware });
  const server: Server = await new Promise((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  return {
    engine, settings, label,
    baseUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/engine-rest`,
    token: tokens.sign({ userId, groupIds }),
    async close(keepDatabase = false) {
      rest.close();
      await new Promise<void>((ok) => server.close(() => ok()));
      await dataSource.destroy();
      if (!keepDatabase) await cleanup();
    },
  };
}

/** The p-quantile (0..1) of ascending values. */
export function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** One decimal. */
export function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** A small seeded PRNG, so every run seeds the same data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
