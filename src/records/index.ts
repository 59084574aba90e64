/** The register of people with disqualifying records: entries, CSV import, and background screening. */
import { RecordEntry } from './record-entry.entity.js';

export { RecordEntry } from './record-entry.entity.js';
export { RECORD_TYPES, RECORD_TYPE_LABELS, parseRecordType, type RecordType } from './record-types.js';
export { MAX_IMPORT_ROWS, type ImportProblem } from './records-csv.js';
export {
  MAX_LIST_LIMIT,
  MAX_REPORTED_PROBLEMS,
  RecordsImportError,
  RecordsRegister,
  type AddRecordInput,
  type ImportCsvOptions,
  type ImportReport,
  type ImportResult,
  type ListRecordsQuery,
  type RecordEntryView,
  type RecordsPage,
  type RecordsRegisterOptions,
} from './records-register.js';
export {
  SCREENING_PURPOSES,
  screenPeople,
  type PersonScreening,
  type RecordsSource,
  type ScreeningFinding,
  type ScreeningOptions,
  type ScreeningPurpose,
  type ScreeningReport,
  type ScreeningResult,
  type ScreeningSubject,
} from './screening.js';

/** The TypeORM entities of the records module; pass them to `createDataSource({ entities })`. */
export const recordsEntities = [RecordEntry];
