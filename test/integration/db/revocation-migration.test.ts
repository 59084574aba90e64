import { allMigrations } from '../../../migrations/index.js';
import { createTestDataSource, listTables, type TestDatabase } from '../../helpers/test-db.js';

/** The name of the migration that records revocation proposals and lists them in `wb_procedure`. */
const REVOCATIONS = 'CreateRevocationTable1767225601800';

describe('migration CreateRevocationTable1767225601800', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDataSource({ migrate: false });
    await db.dataSource.runMigrations({ transaction: 'each' });
  });

  afterEach(async () => {
    await db?.destroy();
  });

  const insertProposal = (id: string, processInstanceId: string | null) => db.dataSource.query(
    `INSERT INTO lic_revocation (id, process_instance_id, certificate_id, certificate_number, guard_name, region_code, ground, facts, statement_of_defence, status,
       outcome, decision_reason, proposed_by, proposed_at, decided_at)
     VALUES (?, ?, 'cert-1', 'BA2026440100000001', '赵磊', '440106', 'seize-property', '扣押业主身份证件', NULL, 'proposed', NULL, NULL, 'guard-rv', '2026-10-12 02:00:00.000', NULL)`,
    [id, processInstanceId],
  );

  it('lists a started revocation proposal in wb_procedure as the kind revocation, with the certificate\'s number, holder and place', async () => {
    // given: one proposal whose procedure started, one between its insert and the start
    await insertProposal('r-1', 'pi-1');
    await insertProposal('r-2', null);

    // when
    const rows: Array<Record<string, unknown>> = await db.dataSource.query("SELECT * FROM wb_procedure WHERE kind = 'revocation'");

    // then
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      process_instance_id: 'pi-1', kind: 'revocation', procedure_key: 'guard-certificate-revocation', record_id: 'r-1', number: 'BA2026440100000001',
      party: '赵磊', jurisdiction: '440106', status: 'proposed', started_by: 'guard-rv',
    });
  });

  it('reverts to the view without revocations, dropping the proposals\' table', async () => {
    // when: undo the migrations down to and including this one
    for (;;) {
      const executed: Array<{ name: string }> = await db.dataSource.query('SELECT name FROM schema_migration');
      if (!executed.some((m) => m.name === REVOCATIONS)) break;
      await db.dataSource.undoLastMigration({ transaction: 'each' });
    }

    // then: the view still answers, without the table
    expect(await listTables(db.dataSource)).not.toContain('lic_revocation');
    const counted: Array<{ n: number | string }> = await db.dataSource.query('SELECT COUNT(*) AS n FROM wb_procedure');
    expect(Number(counted[0]?.n)).toBe(0);
    expect(allMigrations.map((M) => new M().name)).toContain(REVOCATIONS);
  });
});
