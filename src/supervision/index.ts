/** Supervision (督办) for leaders and administrators: clocks, overdue and soon-due lists, figures, CSV exports. */
export { Supervision, PROCEDURE_KINDS, SUPERVISED_PROCEDURES, isSupervisedProcedure, type ClockFilter, type DueGroup, type DueList, type DueListFilter, type FigureRow, type Figures, type FiguresQuery, type ProcedureKind, type ProcedureStep, type ProcedureSteps, type WaitingCase, type SupervisedClock, type SupervisedTask, type SupervisionDeps } from './supervision.js';
export { FIGURE_DIMENSIONS, MEASURES, MEASURE_IDS, type FigureDimension, type Measure } from './figures.js';
export { clocksCsv, dueListCsv, figuresCsv, type DueListRows } from './exports.js';
export { CSV_MEDIA_TYPE, toCsv, chinaDateTime, type CsvColumn } from './csv.js';
