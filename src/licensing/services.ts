import type { DataSource } from 'typeorm';
import type { LicensingConfig } from '../config.js';
import type { CaseService } from '../cases/case-service.js';
import type { CriminalCaseService } from '../cases/criminal-case-service.js';
import type { RecordsRegister } from '../records/index.js';
import type { ClockService } from './clock-service.js';
import type { DocumentIssuer } from './document-issuer.js';
import type { Notifications } from './notifications.js';
import type { NumberAllocator } from './numbering.js';
import type { Regions } from './regions.js';

/** The licensing services the workers use; built once by the composition root. */
export interface LicensingServices {
  dataSource: DataSource;
  clocks: ClockService;
  documents: DocumentIssuer;
  notifications: Notifications;
  numbers: NumberAllocator;
  regions: Regions;
  records: RecordsRegister;
  cases: CaseService;
  criminalCases: CriminalCaseService;
  config: LicensingConfig;
  now: () => Date;
}
