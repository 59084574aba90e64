import type { ClockColour } from '../clocks/index.js';
import { toCsv, type CsvColumn } from './csv.js';
import type { DueGroup, DueList, FigureRow, Figures, SupervisedClock } from './supervision.js';

/** What a due list exports: its clocks, or its counts by jurisdiction or by officer. */
export type DueListRows = 'items' | 'jurisdiction' | 'officer';

/** The clock list as CSV, one line per clock, with Chinese headers. */
export function clocksCsv(clocks: readonly SupervisedClock[]): string {
  return toCsv(CLOCK_COLUMNS, clocks);
}

/** An overdue or soon-due list as CSV: its clocks, or its counts by jurisdiction or by officer. */
export function dueListCsv(list: DueList, rows: DueListRows): string {
  if (rows === 'jurisdiction') return toCsv(groupColumns('辖区代码', '辖区'), list.byJurisdiction);
  if (rows === 'officer') return toCsv(groupColumns('办理人账号', '办理人'), list.byOfficer);
  return toCsv(CLOCK_COLUMNS, list.items);
}

/** The figures as CSV: the measure, one column per dimension asked for, and the count. */
export function figuresCsv(figures: Figures): string {
  const columns: Array<CsvColumn<FigureRow>> = [{ header: '指标', value: (r) => r.label }];
  for (const dim of figures.groupBy) {
    columns.push({ header: DIMENSION_HEADERS[dim], value: (r) => r[dim] ?? '' });
    if (dim === 'jurisdiction') columns.push({ header: '辖区', value: (r) => r.jurisdictionName ?? '' });
  }
  columns.push({ header: '数量', value: (r) => r.count });
  return toCsv(columns, figures.rows);
}

// helpers ////

const COLOUR_NAMES: Record<ClockColour, string> = { normal: '正常', blue: '蓝色', yellow: '黄色（临期）', red: '红色（超期）' };
const UNIT_NAMES = { workingDays: '工作日', calendarDays: '日', hours: '小时' } as const;
const KIND_NAMES = { 'application': '许可备案', 'tip': '投诉举报', 'inspection': '监督检查', 'admin-case': '行政案件', 'criminal-case': '刑事案件', 'revocation': '吊销保安员证' } as const;
const DIMENSION_HEADERS = { procedure: '程序', stage: '环节', outcome: '结果', type: '类别', jurisdiction: '辖区代码', month: '月份' } as const;

const CLOCK_COLUMNS: ReadonlyArray<CsvColumn<SupervisedClock>> = [
  { header: '预警颜色', value: (c) => COLOUR_NAMES[c.colour] },
  { header: '是否超期', value: (c) => c.overdue },
  { header: '到期时间', value: (c) => c.dueAt },
  { header: '剩余', value: (c) => c.remaining },
  { header: '单位', value: (c) => UNIT_NAMES[c.unit] },
  { header: '期限', value: (c) => c.ruleName },
  { header: '计时状态', value: (c) => (c.status === 'paused' ? '暂停' : '计时中') },
  { header: '程序类别', value: (c) => KIND_NAMES[c.kind] },
  { header: '程序', value: (c) => c.procedureKey },
  { header: '编号', value: (c) => c.number },
  { header: '当事人', value: (c) => c.party },
  { header: '辖区代码', value: (c) => c.jurisdiction },
  { header: '办理状态', value: (c) => c.procedureStatus },
  { header: '当前任务', value: (c) => c.tasks.map((t) => t.name ?? t.activityId).join('；') },
  { header: '办理人', value: (c) => c.tasks.map((t) => (t.assignee === null ? '未签收' : (t.assigneeName ?? t.assignee))).join('；') },
  { header: '候选组', value: (c) => [...new Set(c.tasks.flatMap((t) => t.candidateGroups))].join('；') },
  { header: '责任组', value: (c) => c.responsibleGroup },
];

function groupColumns(keyHeader: string, nameHeader: string): ReadonlyArray<CsvColumn<DueGroup>> {
  return [
    { header: keyHeader, value: (g) => g.key ?? '' },
    { header: nameHeader, value: (g) => g.name ?? '' },
    { header: '数量', value: (g) => g.count },
  ];
}
