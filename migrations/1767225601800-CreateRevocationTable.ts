import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, useUtf8mb4 } from '../src/db/dialect.js';

/**
 * Creates the proposals to revoke guard certificates (`lic_revocation`), and recreates the view `wb_procedure` with
 * them as the kind `revocation` (procedure `guard-certificate-revocation`; number = the certificate's number, party =
 * its holder, jurisdiction = its place). Revocations started before this migration recorded nothing and stay unlisted.
 */
export class CreateRevocationTable1767225601800 implements MigrationInterface {
  name = 'CreateRevocationTable1767225601800';

  async up(runner: QueryRunner): Promise<void> {
    const dt = (name: string, nullable = true) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    await runner.createTable(new Table({
      name: 'lic_revocation',
      columns: [
        col.id(), col.str('process_instance_id', 64, true), col.ref('certificate_id', false), col.str('certificate_number', 64, false), col.str('guard_name', 64, false),
        col.str('region_code', 6, false), col.str('ground', 32, false), col.str('facts', 2000, false), col.str('statement_of_defence', 2000, true), col.str('status', 32, false),
        col.str('outcome', 16, true), col.str('decision_reason', 2000, true), col.str('proposed_by', 64, false), dt('proposed_at', false), dt('decided_at'),
        col.ref('open_certificate_id'),
      ],
      indices: [
        new TableIndex({ name: 'ix_lic_revocation_instance', columnNames: ['process_instance_id'] }),
        new TableIndex({ name: 'ix_lic_revocation_certificate', columnNames: ['certificate_id', 'status'] }),
        new TableIndex({ name: 'ix_lic_revocation_proposer', columnNames: ['proposed_by', 'proposed_at'] }),
        // the certificate while its proposal is under way, null once decided: one proposal at a time per certificate,
        // even for two sent at the same moment (NULLs never collide, on SQLite and MariaDB alike)
        new TableIndex({ name: 'ux_lic_revocation_open', columnNames: ['open_certificate_id'], isUnique: true }),
      ],
    }));
    await useUtf8mb4(runner, 'lic_revocation');
    await runner.query('DROP VIEW wb_procedure');
    await runner.query(`${PROCEDURE_VIEW_1300}
  UNION ALL
  ${REVOCATIONS}`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP VIEW wb_procedure');
    await runner.query(PROCEDURE_VIEW_1300);
    await runner.dropTable('lic_revocation');
  }
}

/** The revocation proposals as rows of `wb_procedure`. */
const REVOCATIONS = `SELECT r.process_instance_id, 'revocation', 'guard-certificate-revocation', r.id, r.certificate_number, r.guard_name, r.region_code, r.status, r.proposed_by, r.proposed_at
    FROM lic_revocation r WHERE r.process_instance_id IS NOT NULL`;

/** The view as migration 1767225601300 created it (copied: a migration never changes once released). */
const PROCEDURE_VIEW_1300 = `CREATE VIEW wb_procedure AS
  SELECT a.process_instance_id AS process_instance_id, 'application' AS kind, a.procedure_key AS procedure_key, a.id AS record_id, a.number AS number,
         COALESCE(o.name, a.title) AS party, a.region_code AS jurisdiction, a.status AS status, a.applicant_user_id AS started_by, a.submitted_at AS started_at
    FROM lic_application a LEFT JOIN lic_organisation o ON o.id = a.organisation_id WHERE a.process_instance_id IS NOT NULL
  UNION ALL
  SELECT t.process_instance_id, 'tip', 'tip-verification', t.id, t.tracking_code, t.subject_name,
         COALESCE(CASE WHEN t.assigned_group LIKE 'station-%' THEN SUBSTR(t.assigned_group, 9) WHEN t.assigned_group LIKE 'squad-%' THEN SUBSTR(t.assigned_group, 7) END, t.region_code),
         t.status, NULL, t.created_at
    FROM tip t WHERE t.process_instance_id IS NOT NULL
  UNION ALL
  SELECT i.process_instance_id, 'inspection', 'inspection', i.id, i.number, i.unit_name, i.region_code, i.status, i.created_by, i.created_at
    FROM inspection i WHERE i.process_instance_id IS NOT NULL
  UNION ALL
  SELECT c.process_instance_id, 'admin-case', 'administrative-case', c.id, c.number, c.party_name, c.region_code, c.status, c.created_by, c.created_at
    FROM admin_case c WHERE c.process_instance_id IS NOT NULL
  UNION ALL
  SELECT k.process_instance_id, 'criminal-case', 'criminal-case', k.id, k.number, k.suspect_name, k.region_code, k.status, k.created_by, k.created_at
    FROM criminal_case k WHERE k.process_instance_id IS NOT NULL`;
