import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config.js';
import { createDataSource } from '../db/data-source.js';
import { auditEntities } from './audit-entry.entity.js';
import { AuditLog, type AuditVerification } from './audit-log.js';

/** Exit code of `npm run audit:verify` when the chain is intact. */
export const EXIT_INTACT = 0;
/** Exit code when the chain is broken. */
export const EXIT_BROKEN = 1;
/** Exit code when the chain could not be checked (configuration, database, no audit log). */
export const EXIT_FAILED = 2;

/** Where {@link verifyAuditCommand} writes. */
export interface CommandOutput {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
}

/**
 * `npm run audit:verify [-- --json]`: verifies the audit log's hash chain in the database `DATABASE_URL` names
 * (the application's configuration) without changing anything, prints the result (as JSON with `--json`) and
 * returns the exit code: {@link EXIT_INTACT}, {@link EXIT_BROKEN} naming the first broken entry, or
 * {@link EXIT_FAILED}.
 */
export async function verifyAuditCommand(args: string[], env: NodeJS.ProcessEnv, output: CommandOutput): Promise<number> {
  const json = args.includes('--json');
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    output.err.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
  const { database } = config;
  if (database.kind === 'sqlite' && database.location !== ':memory:' && !existsSync(database.location)) {
    output.err.write(`There is no database at ${database.location}; set DATABASE_URL to the application's database.\n`);
    return EXIT_FAILED;
  }
  const dataSource = createDataSource(database, { entities: auditEntities });
  try {
    await dataSource.initialize();
    if (!(await hasAuditLog(dataSource))) {
      output.err.write('The database has no audit log yet: start the application once so that it migrates the database.\n');
      return EXIT_FAILED;
    }
    const result = await new AuditLog(dataSource).verify();
    output.out.write(json ? `${JSON.stringify(result)}\n` : describe(result));
    return result.ok ? EXIT_INTACT : EXIT_BROKEN;
  } catch (error) {
    output.err.write(`Verification failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

// helpers ////

async function hasAuditLog(dataSource: ReturnType<typeof createDataSource>): Promise<boolean> {
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.hasTable('audit_entry')) && (await runner.hasTable('audit_head'));
  } finally {
    await runner.release();
  }
}

function describe(result: AuditVerification): string {
  if (result.ok) return `Audit log intact: ${result.checked} entries checked.\n`;
  const b = result.firstBroken;
  return `Audit log BROKEN at entry ${b?.sequence ?? '?'} (${b?.reason ?? 'unknown'}): ${b?.message ?? ''}.\n${result.checked} entries before it are intact.\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  verifyAuditCommand(process.argv.slice(2), process.env, { out: process.stdout, err: process.stderr }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(EXIT_FAILED);
    },
  );
}
