import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col, dialectOf, useUtf8mb4 } from '../src/db/dialect.js';

/**
 * Creates the licensing tables: organisations and their users, people, applications and filings with their
 * documents and status history, permits, guard certificates, official documents, number sequences, statutory
 * clocks and the inbox notifications.
 */
export class CreateLicensingTables1767225600500 implements MigrationInterface {
  name = 'CreateLicensingTables1767225600500';

  async up(runner: QueryRunner): Promise<void> {
    const d = dialectOf(runner);
    // milliseconds kept: a due date is the last millisecond of its day (MySQL would otherwise round or cut it)
    const dt = (name: string, nullable = true) => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
    const tables: Table[] = [
      new Table({
        name: 'lic_organisation',
        columns: [
          col.id(), col.str('kind', 32, false), col.str('name', 200, false), col.str('credit_code', 18, true),
          col.str('region_code', 6, false), col.str('address', 300, true), col.str('legal_representative', 64, true),
          col.str('contact_phone', 32, true), dt('created_at', false), dt('updated_at', false),
        ],
        indices: [new TableIndex({ name: 'ux_lic_organisation_credit_code', columnNames: ['credit_code'], isUnique: true })],
      }),
      new Table({
        name: 'lic_organisation_member',
        columns: [{ ...col.ref('user_id', false), isPrimary: true }, col.ref('organisation_id', false), dt('created_at', false)],
        indices: [new TableIndex({ name: 'ix_lic_member_organisation', columnNames: ['organisation_id'] })],
      }),
      new Table({
        name: 'lic_person',
        columns: [col.id(), col.str('resident_id', 18, false), col.str('name', 64, false), col.str('phone', 32, true), dt('created_at', false), dt('updated_at', false)],
        indices: [new TableIndex({ name: 'ux_lic_person_resident_id', columnNames: ['resident_id'], isUnique: true })],
      }),
      new Table({
        name: 'lic_application',
        columns: [
          col.id(), col.str('number', 32, true), col.str('procedure_key', 64, false), col.ref('organisation_id', true),
          col.ref('person_id', true), col.str('applicant_user_id', 64, false), col.str('region_code', 6, false),
          col.str('title', 200, false), col.text(d, 'data', false), col.str('status', 32, false),
          col.str('process_instance_id', 64, true), col.int('version', false, 1),
          dt('submitted_at'), dt('decided_at'), dt('created_at', false), dt('updated_at', false),
        ],
        indices: [
          new TableIndex({ name: 'ux_lic_application_number', columnNames: ['number'], isUnique: true }),
          new TableIndex({ name: 'ix_lic_application_organisation', columnNames: ['organisation_id', 'created_at'] }),
          new TableIndex({ name: 'ix_lic_application_applicant', columnNames: ['applicant_user_id', 'created_at'] }),
          new TableIndex({ name: 'ix_lic_application_process', columnNames: ['process_instance_id'] }),
        ],
      }),
      new Table({
        name: 'lic_application_document',
        columns: [
          col.id(), col.ref('application_id', false), col.str('kind', 64, false), col.str('file_name', 255, false),
          col.str('media_type', 100, false), col.int('size', false), col.str('sha256', 64, false), col.str('storage_key', 128, false),
          col.str('uploaded_by', 64, false), dt('uploaded_at', false), col.int('round', false, 0),
        ],
        indices: [new TableIndex({ name: 'ix_lic_application_document_application', columnNames: ['application_id', 'kind'] })],
      }),
      new Table({
        name: 'lic_status_event',
        columns: [
          col.id(), col.str('subject_type', 32, false), col.ref('subject_id', false), col.str('status', 32, false),
          col.str('note', 1000, true), col.str('actor', 64, false), dt('at', false), col.int('seq', false),
        ],
        indices: [new TableIndex({ name: 'ix_lic_status_event_subject', columnNames: ['subject_type', 'subject_id', 'seq'] })],
      }),
      new Table({
        name: 'lic_permit',
        columns: [
          col.id(), col.str('number', 64, false), col.ref('application_id', false), col.ref('organisation_id', true),
          col.str('holder_name', 200, false), col.str('region_code', 6, false), col.text(d, 'services', false), col.bool('armed', 0),
          col.str('status', 32, false), dt('issued_at', false), dt('registration_due_at'), dt('registered_at'), dt('lapsed_at'),
          col.str('credit_code', 18, true),
        ],
        indices: [
          new TableIndex({ name: 'ux_lic_permit_number', columnNames: ['number'], isUnique: true }),
          new TableIndex({ name: 'ux_lic_permit_application', columnNames: ['application_id'], isUnique: true }),
        ],
      }),
      new Table({
        name: 'lic_guard_certificate',
        columns: [
          col.id(), col.str('number', 64, false), col.ref('application_id', false), col.ref('person_id', false),
          col.str('resident_id', 18, false), col.str('holder_name', 64, false), col.str('region_code', 6, false),
          col.str('status', 32, false), dt('issued_at', false), dt('revoked_at'), col.str('revocation_reason', 1000, true),
        ],
        indices: [
          new TableIndex({ name: 'ux_lic_guard_certificate_number', columnNames: ['number'], isUnique: true }),
          new TableIndex({ name: 'ux_lic_guard_certificate_application', columnNames: ['application_id'], isUnique: true }),
          new TableIndex({ name: 'ix_lic_guard_certificate_resident', columnNames: ['resident_id'] }),
        ],
      }),
      new Table({
        name: 'lic_official_document',
        columns: [
          col.id(), col.str('number', 64, false), col.str('type', 48, false), col.str('title', 100, false),
          col.ref('application_id', true), col.str('process_instance_id', 64, true), col.str('holder_name', 200, false),
          col.str('verification_code', 16, false), col.text(d, 'html', false), col.text(d, 'data', false),
          col.str('status', 16, false), dt('issued_at', false), col.str('issued_by', 64, false), col.str('idempotency_key', 255, false),
        ],
        indices: [
          new TableIndex({ name: 'ux_lic_official_document_number', columnNames: ['number'], isUnique: true }),
          new TableIndex({ name: 'ux_lic_official_document_idempotency', columnNames: ['idempotency_key'], isUnique: true }),
          new TableIndex({ name: 'ix_lic_official_document_application', columnNames: ['application_id'] }),
        ],
      }),
      new Table({
        name: 'lic_number_sequence',
        columns: [{ name: 'name', type: 'varchar', length: '64', isPrimary: true }, col.int('next_value', false)],
      }),
      new Table({
        name: 'lic_clock',
        columns: [
          col.id(), col.ref('application_id', true), col.str('process_instance_id', 64, false), col.str('name', 48, false),
          col.str('rule_id', 16, false), col.str('responsible_group', 128, true), dt('started_at', false), dt('due_at', false),
          dt('warn_at', false), col.text(d, 'pauses', false), dt('paused_at'), dt('stopped_at'), col.str('status', 16, false),
        ],
        indices: [
          new TableIndex({ name: 'ix_lic_clock_application', columnNames: ['application_id'] }),
          new TableIndex({ name: 'ix_lic_clock_process', columnNames: ['process_instance_id', 'name', 'status'] }),
          new TableIndex({ name: 'ix_lic_clock_status_due', columnNames: ['status', 'due_at'] }),
        ],
      }),
      new Table({
        name: 'lic_notification',
        columns: [
          col.id(), col.str('recipient_type', 16, false), col.str('recipient', 128, false), col.str('kind', 32, false),
          col.str('title', 200, false), col.str('body', 2000, false), col.ref('application_id', true),
          dt('created_at', false), dt('read_at'), col.str('idempotency_key', 255, false),
        ],
        indices: [
          new TableIndex({ name: 'ix_lic_notification_recipient', columnNames: ['recipient_type', 'recipient', 'created_at'] }),
          new TableIndex({ name: 'ux_lic_notification_idempotency', columnNames: ['idempotency_key'], isUnique: true }),
        ],
      }),
    ];
    for (const table of tables) {
      await runner.createTable(table);
      await useUtf8mb4(runner, table.name);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const name of [
      'lic_notification', 'lic_clock', 'lic_number_sequence', 'lic_official_document', 'lic_guard_certificate', 'lic_permit',
      'lic_status_event', 'lic_application_document', 'lic_application', 'lic_person', 'lic_organisation_member', 'lic_organisation',
    ]) {
      await runner.dropTable(name);
    }
  }
}
