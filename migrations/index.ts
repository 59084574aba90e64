import type { MigrationInterface } from 'typeorm';
import { CreateIdentityTables1767225600000 } from './1767225600000-CreateIdentityTables.js';
import { CreateEngineTables1767225600100 } from './1767225600100-CreateEngineTables.js';
import { AddVariableDetailAndIncidentHistory1767225600200 } from './1767225600200-AddVariableDetailAndIncidentHistory.js';
import { AddTaskQueryIndices1767225600300 } from './1767225600300-AddTaskQueryIndices.js';
import { CreateRecordsRegister1767225600400 } from './1767225600400-CreateRecordsRegister.js';
import { CreateLicensingTables1767225600500 } from './1767225600500-CreateLicensingTables.js';
import { CreateTipTables1767225600600 } from './1767225600600-CreateTipTables.js';
import { CreateInspectionTables1767225600700 } from './1767225600700-CreateInspectionTables.js';
import { CreateAdministrativeCaseTables1767225600800 } from './1767225600800-CreateAdministrativeCaseTables.js';
import { CreateCriminalCaseTables1767225600900 } from './1767225600900-CreateCriminalCaseTables.js';
import { CreateCaseEvidenceTable1767225601000 } from './1767225601000-CreateCaseEvidenceTable.js';
import { CreateAuditLog1767225601100 } from './1767225601100-CreateAuditLog.js';
import { CreateWorkbenchTables1767225601300 } from './1767225601300-CreateWorkbenchTables.js';
import { CreateProcuratorateDecisionTable1767225601400 } from './1767225601400-CreateProcuratorateDecisionTable.js';
import { AddNotificationDelivery1767225601500 } from './1767225601500-AddNotificationDelivery.js';
import { AddProcedureInstanceIndices1767225601600 } from './1767225601600-AddProcedureInstanceIndices.js';
import { AddTaskActionState1767225601700 } from './1767225601700-AddTaskActionState.js';
import { CreateRevocationTable1767225601800 } from './1767225601800-CreateRevocationTable.js';
import { AddNotificationSubject1767225601900 } from './1767225601900-AddNotificationSubject.js';
import { CreateHolidayYearTable1767225602000 } from './1767225602000-CreateHolidayYearTable.js';
import { CreateRateLimitTable1767225602100 } from './1767225602100-CreateRateLimitTable.js';
import { AddTokenRevocation1767225602200 } from './1767225602200-AddTokenRevocation.js';

/** Every migration, in the order it runs. The data source takes this list instead of a file glob. */
export const allMigrations: Array<new () => MigrationInterface> = [
  CreateIdentityTables1767225600000,
  CreateEngineTables1767225600100,
  AddVariableDetailAndIncidentHistory1767225600200,
  AddTaskQueryIndices1767225600300,
  CreateRecordsRegister1767225600400,
  CreateLicensingTables1767225600500,
  CreateTipTables1767225600600,
  CreateInspectionTables1767225600700,
  CreateAdministrativeCaseTables1767225600800,
  CreateCriminalCaseTables1767225600900,
  CreateCaseEvidenceTable1767225601000,
  CreateAuditLog1767225601100,
  CreateWorkbenchTables1767225601300,
  CreateProcuratorateDecisionTable1767225601400,
  AddNotificationDelivery1767225601500,
  AddProcedureInstanceIndices1767225601600,
  AddTaskActionState1767225601700,
  CreateRevocationTable1767225601800,
  AddNotificationSubject1767225601900,
  CreateHolidayYearTable1767225602000,
  CreateRateLimitTable1767225602100,
  AddTokenRevocation1767225602200,
];
