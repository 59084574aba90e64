/** Helpers shared by the benchmark scripts: a scratch database and percentile arithmetic. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { parseDatabaseUrl, type DatabaseSettings } from '../../src/db/data-source.js';

/** A database created for one run, and how to drop it. */
export interface ScratchDatabase {
  settings: DatabaseSettings;
  label: string;
  cleanup: () => Promise<void>;
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
      cleanup: async () => {
        await admin.query(`DROP DATABASE \`${name}\``);
        await admin.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  return { settings: { kind: 'sqlite', location: join(dir, `${prefix}.db`) }, label: 'SQLite (file, WAL)', cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
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
