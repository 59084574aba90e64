import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { AuditLog } from '../../../src/audit/audit-log.js';
import { EXIT_BROKEN, EXIT_FAILED, EXIT_INTACT, verifyAuditCommand } from '../../../src/audit/verify-audit-cli.js';
import { createTestDataSource, type TestDatabase } from '../../helpers/test-db.js';

let db: TestDatabase;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  db = await createTestDataSource();
  env = { DATABASE_URL: db.settings.kind === 'mysql' ? db.settings.location : `sqlite:${db.settings.location}` };
  const audit = new AuditLog(db.dataSource);
  for (const subjectId of ['a', 'b', 'c']) await audit.append({ actor: 'admin', action: 'user.create', subjectType: 'user', subjectId });
});

afterAll(async () => {
  await db?.destroy();
});

/** Runs the command, capturing what it writes. */
async function run(args: string[], environment: NodeJS.ProcessEnv = env): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await verifyAuditCommand(args, environment, { out: { write: (t: string) => (out += t) }, err: { write: (t: string) => (err += t) } });
  return { code, out, err };
}

describe('npm run audit:verify', () => {
  it('reports an intact chain in the configured database and exits 0', async () => {
    // given the users the identity service created in the test database are in the log too
    const { total } = await new AuditLog(db.dataSource).list();

    // when
    const result = await run([]);

    // then
    expect(result).toEqual({ code: EXIT_INTACT, out: `Audit log intact: ${total} entries checked.\n`, err: '' });
  });

  it('names the first broken entry and exits 1 when a row was tampered with', async () => {
    // given
    const [row] = await db.dataSource.query<Array<{ sequence: number | string; subject_id: string }>>("SELECT sequence, subject_id FROM audit_entry WHERE subject_id = 'b'");
    const sequence = Number(row?.sequence);
    await db.dataSource.query("UPDATE audit_entry SET subject_id = 'x' WHERE subject_id = 'b'");

    // when
    const text = await run([]);
    const json = await run(['--json']);

    // then
    expect(text.code).toBe(EXIT_BROKEN);
    expect(text.out).toContain(`Audit log BROKEN at entry ${sequence} (hash-mismatch)`);
    expect(json.code).toBe(EXIT_BROKEN);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, checked: sequence - 1, firstBroken: { sequence, reason: 'hash-mismatch' } });

    await db.dataSource.query("UPDATE audit_entry SET subject_id = 'b' WHERE subject_id = 'x'");
    expect((await run([])).code).toBe(EXIT_INTACT);
  });

  it('exits 2 without touching anything when the configured database does not exist', async () => {
    const missing = join(tmpdir(), `no-such-dir-${process.pid}`, 'none.db');

    const result = await run([], { DATABASE_URL: `sqlite:${missing}` });

    expect(result.code).toBe(EXIT_FAILED);
    expect(result.err).toContain(missing);
  });

  it('exits 2 naming the variable when the configuration is invalid', async () => {
    const result = await run([], { DATABASE_URL: 'postgres://nowhere/db' });

    expect(result.code).toBe(EXIT_FAILED);
    expect(result.err).toContain('DATABASE_URL');
  });
});
