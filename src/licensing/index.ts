/** The licensing module: permits, filings and guard certificates, wired together by {@link createLicensing}. */
import { silentLogger, type Logger } from '../logger.js';
import { PendingOperations } from '../workbench/pending-operations.js';
import { TaskArrivals } from '../workbench/task-arrivals.js';
import { HandlingGroups } from '../jurisdiction/handling-groups.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditTaskActions } from '../audit/task-operations.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { computeWindowStart, loadClockRules, loadHolidayCalendar, type ClockRules, type HolidayCalendar } from '../clocks/index.js';
import type { LicensingConfig } from '../config.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { assertValidSubmission, isValidCreditCode, loadFormsFromDirectory, parseFormDefinition, type FormDefinition } from '../forms/index.js';
import type { IdentityService } from '../identity/identity.service.js';
import { RecordsRegister, recordsEntities } from '../records/index.js';
import { TipService, tipEntities } from '../tips/index.js';
import { InspectionEntity } from '../inspections/inspection.entity.js';
import { InspectionService } from '../inspections/inspection-service.js';
import { AdminCaseEntity } from '../cases/admin-case.entity.js';
import { CaseFile } from '../cases/case-file.js';
import { CaseEvidenceEntity } from '../cases/case-evidence.entity.js';
import { CaseService } from '../cases/case-service.js';
import { CriminalCaseEntity } from '../cases/criminal-case.entity.js';
import { CriminalCaseService } from '../cases/criminal-case-service.js';
import { ProcuratorateDecisionEntity } from '../cases/procuratorate-decision.entity.js';
import { JurisdictionEntity, JurisdictionTree } from '../jurisdiction/index.js';
import { ProcedureIndex } from '../workbench/procedure-index.js';
import { Workbench } from '../workbench/workbench.js';
import { Supervision } from '../supervision/index.js';
import { CarbonCopyEntity, PhraseEntity, TaskActionEntity } from '../workbench/workbench.entity.js';
import { ApplicantAccounts } from './applicant-accounts.js';
import { ApplicationService } from './application-service.js';
import { ApplicationDocumentEntity, ApplicationEntity, StatusEventEntity } from './application.entity.js';
import { ClockService } from './clock-service.js';
import { DocumentIssuer } from './document-issuer.js';
import { FileStore } from './file-store.js';
import { Notifications } from './notifications.js';
import { NumberAllocator, loadNumberPatterns } from './numbering.js';
import { OrganisationEntity, OrganisationMemberEntity, PersonEntity } from './organisation.entity.js';
import { ClockEntity, GuardCertificateEntity, NotificationEntity, NumberSequenceEntity, OfficialDocumentEntity, PermitEntity } from './permit.entity.js';
import { PROCEDURES } from './procedures.js';
import { loadRegions, type Regions } from './regions.js';
import { ReviewTasks } from './review-tasks.js';
import { HolidayYearEntity } from './holiday-year.entity.js';
import { HolidayYears } from './holiday-years.js';
import { Incidents } from '../process-management/incidents.js';
import { RevocationEntity } from './revocation.entity.js';
import { GuardCertificates } from './revocations.js';
import type { LicensingServices } from './services.js';
import { createSubmissionRules } from './submission-rules.js';

/** The TypeORM entities of the licensing module (and of the records register it screens against). */
export const licensingEntities = [
  OrganisationEntity, OrganisationMemberEntity, PersonEntity, ApplicationEntity, ApplicationDocumentEntity, StatusEventEntity,
  PermitEntity, GuardCertificateEntity, OfficialDocumentEntity, NumberSequenceEntity, ClockEntity, NotificationEntity, ...recordsEntities,
  ...tipEntities,
  RevocationEntity,
  InspectionEntity,
  AdminCaseEntity,
  CriminalCaseEntity,
  CaseEvidenceEntity,
  ProcuratorateDecisionEntity,
  JurisdictionEntity,
  TaskActionEntity,
  CarbonCopyEntity,
  PhraseEntity,
  HolidayYearEntity,
];

/** Groups the licensing procedures rely on, created at start when missing. */
export const LICENSING_GROUPS = [{ id: 'applicant', name: '申请单位' }];

/** What {@link createLicensing} needs. */
export interface LicensingDeps {
  dataSource: DataSource;
  identity: IdentityService;
  config: LicensingConfig;
  /** The engine REST API as the service account. */
  engine: EngineClient;
  /** The engine REST API as the caller with this Authorization header (embedded engine), or as the service account (remote engine). */
  engineAs: (authorization: string) => EngineClient;
  /** The directory holding `forms/`. */
  root: string;
  /**
   * Where start forms (applications, revocation requests) are found by id: the deployed forms, so that a newly
   * deployed version takes effect at once. Without it, `forms/` is read once at start.
   */
  forms?: {
    get(id: string): FormDefinition | undefined;
    /** The form-js JSON of the latest deployed version of form `id`, when one is deployed (drawn in applicants' browsers). */
    document?(id: string): unknown;
  };
  /** The tamper-evident audit log; every workbench task operation is appended to it with the operation's record. */
  audit: Pick<AuditLog, 'append'>;
  now: () => Date;
  /** Where the reconciliation of interrupted task operations reports; silent by default. */
  logger?: Logger;
}

/** Everything the licensing module offers to the API and the workers. */
export interface Licensing {
  services: LicensingServices;
  applications: ApplicationService;
  accounts: ApplicantAccounts;
  tasks: ReviewTasks;
  certificates: GuardCertificates;
  tips: TipService;
  inspections: InspectionService;
  caseFile: CaseFile;
  workbench: Workbench;
  /** Announces new tasks to their candidate groups' inboxes (新任务); started by the composition root. */
  taskArrivals: TaskArrivals;
  /** Confirms or drops the task operations a crash left pending; started by the composition root. */
  pendingOperations: PendingOperations;
  jurisdictions: JurisdictionTree;
  procedures: ProcedureIndex;
  supervision: Supervision;
  rules: ClockRules;
  calendar: HolidayCalendar;
  /** The holiday arrangements administrators enter; the composition root refreshes the calendar from them. */
  holidayYears: HolidayYears;
  /** The stopped steps of running procedures (流程异常), for those who operate the system. */
  incidents: Incidents;
}

/**
 * Builds the licensing module from the configuration: regions, clock rules and calendar (failing at start when
 * a configured file is invalid), number patterns, forms, file store, and the services on top.
 */
export async function createLicensing(deps: LicensingDeps): Promise<Licensing> {
  const { dataSource, config, now } = deps;
  const regions: Regions = loadRegions(config.regionsFile);
  const rules = loadClockRules(config.clockRulesFile ? JSON.parse(readFileSync(config.clockRulesFile, 'utf8')) : undefined);
  const calendar = loadHolidayCalendar(config.holidayCalendarFile);
  // the years administrators entered count from the first clock on
  const holidayYears = new HolidayYears({ dataSource, calendar, engine: deps.engine, audit: deps.audit, now });
  await holidayYears.refresh();
  const numbers = new NumberAllocator(loadNumberPatterns(config.numberPatternsFile));
  const notifications = new Notifications(dataSource, now);
  const clocks = new ClockService(dataSource, rules, calendar, now);
  const documents = new DocumentIssuer(dataSource, numbers, notifications, regions, config.publicBaseUrl, now, config.documentFontFile);
  const records = new RecordsRegister(dataSource, { now, audit: deps.audit });
  const forms = deps.forms ?? (await loadFormsFromDirectory(join(deps.root, 'forms')));
  const formOf = (id: string) => {
    const form = forms.get(id);
    if (!form) throw new Error(`Form ${id} is not in forms/`);
    return form;
  };
  const applicationFormSchemas = loadApplicationFormSchemas(join(deps.root, 'forms'));
  const revocationFormSchema = JSON.parse(readFileSync(join(deps.root, 'forms', 'guard-certificate-revocation-request.form'), 'utf8')) as Record<string, unknown>;
  const files = new FileStore(config.fileStorageDir);
  // a case goes to the nearest district (or station) unit with case officers, legal officers and leaders, else to the city's
  const handlingGroups = new HandlingGroups(dataSource);
  const cases = new CaseService(dataSource, deps.engine, regions, numbers, clocks, documents, now, handlingGroups);
  const criminalCases = new CriminalCaseService(dataSource, deps.engine, regions, numbers, clocks, documents, now, handlingGroups);
  const services: LicensingServices = { dataSource, clocks, documents, notifications, numbers, regions, records, cases, criminalCases, config, now };
  const f3 = rules.rules['F3'];
  const applications = new ApplicationService({
    dataSource, engine: deps.engine, files, numbers, regions, config, now,
    forms: { validate: (formId, data) => assertValidSubmission(formOf(formId), data), schema: (formId) => deployedSchema(deps.forms, formId) ?? applicationFormSchemas.get(formId) },
    rules: createSubmissionRules({
      regions, permitDecisionLevel: config.permitDecisionLevel,
      earliestCrossRegionFiling: (start) => (f3 ? computeWindowStart(f3, start, calendar) : start),
    }),
  });
  const jurisdictions = new JurisdictionTree(dataSource, now, deps.audit);
  await jurisdictions.seed(regions);
  const procedures = new ProcedureIndex(dataSource);
  const tips = new TipService(dataSource, deps.engine, regions, files, now, handlingGroups);
  const tasks = new ReviewTasks(deps.engineAs, {
    validate: async (form, data, context) => {
      const definition = parseFormDefinition(form);
      const values = cases.checkTaskSubmission(definition.id, assertValidSubmission(definition, data, { context }), context);
      return tips.checkTaskSubmission(definition.id, values, context);
    },
  });
  const workbench = new Workbench({
    dataSource, engineAs: deps.engineAs, identity: deps.identity, procedures, clocks, notifications, forms: tasks, now, urgeIntervalMinutes: config.urgeIntervalMinutes, readPage: config.listReadPage,
    onAction: auditTaskActions(deps.audit),
  });
  return {
    services,
    applications,
    workbench,
    taskArrivals: new TaskArrivals({ dataSource, engine: deps.engine, notifications, procedures, now }),
    pendingOperations: new PendingOperations({
      dataSource, engine: deps.engine, now, onAction: auditTaskActions(deps.audit), logger: deps.logger ?? silentLogger, graceSeconds: 60, clockSkewSeconds: 5,
    }),
    jurisdictions,
    procedures,
    supervision: new Supervision({ dataSource, engine: deps.engine, clocks, procedures, identity: deps.identity, now }),
    accounts: new ApplicantAccounts(dataSource, deps.identity, regions, isValidCreditCode, now),
    tasks,
    tips,
    caseFile: new CaseFile(dataSource, deps.engine, regions, files, now),
    inspections: new InspectionService(dataSource, deps.engine, regions, numbers, clocks, documents, now),
    certificates: new GuardCertificates(dataSource, deps.engineAs, regions, (data) => assertValidSubmission(formOf('guard-certificate-revocation-request'), data),
      () => deployedSchema(deps.forms, 'guard-certificate-revocation-request') ?? revocationFormSchema, now),
    rules,
    calendar,
    holidayYears,
    incidents: new Incidents({ engine: deps.engine, audit: deps.audit }),
  };
}

export { PROCEDURES };

/** The form-js JSON of the deployed version of form `formId`, when the form source knows one. */
function deployedSchema(forms: LicensingDeps['forms'], formId: string): Record<string, unknown> | undefined {
  const document = forms?.document?.(formId);
  return document && typeof document === 'object' && !Array.isArray(document) ? (document as Record<string, unknown>) : undefined;
}

/**
 * The form-js schemas of the procedures' application forms as `forms/` holds them, by form id: what applicants'
 * browsers draw while no version of a form is deployed.
 */
function loadApplicationFormSchemas(dir: string): Map<string, Record<string, unknown>> {
  const schemas = new Map<string, Record<string, unknown>>();
  for (const procedure of Object.values(PROCEDURES)) {
    const file = join(dir, `${procedure.applicationForm}.form`);
    if (existsSync(file)) schemas.set(procedure.applicationForm, JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>);
  }
  return schemas;
}
