/**
 * The statutory clocks of the licensing procedures (permits, filings, guard certificates) and the colour
 * thresholds of their status. Every period is configuration: the defaults below follow the current national
 * texts, and the operator overrides them per province in the file named by `CLOCK_RULES_FILE`.
 */
import { z } from 'zod';
import type { ValidationIssue } from '../errors.js';
import { ClockConfigError, zodIssues } from './clock-errors.js';
import { bilingual } from '../language.js';

/** The unit a clock counts in. */
export type ClockUnit = 'workingDays' | 'calendarDays' | 'months' | 'hours';

/** Every {@link ClockUnit}. */
export const CLOCK_UNITS = ['workingDays', 'calendarDays', 'months', 'hours'] as const satisfies readonly ClockUnit[];

/**
 * Whether a clock runs from an event forwards to a deadline (`after`), or backwards to the earliest day an act
 * may be done ahead of an event (`before`, e.g. a filing within 30 working days before a service starts).
 */
export type ClockDirection = 'after' | 'before';

/** One statutory period. */
export interface ClockRule {
  /** Stable id, as in the deadline catalogue (docs/domain.md §9), e.g. `P3`. */
  readonly id: string;
  /** What the period is for, in Chinese, as shown to officers. */
  readonly name: string;
  readonly unit: ClockUnit;
  /** Length of the period in `unit`; a positive whole number. */
  readonly amount: number;
  /**
   * For calendar days and months: when the last day is not a working day, the period ends on the next working
   * day. True for administrative procedure; false where a holiday must not extend the period (custody).
   */
  readonly rollOverHoliday?: boolean;
  /**
   * Whether time the law excludes stops the clock (行政许可法 Art 45: corrections by the applicant, hearings,
   * on-site checks, expert review).
   */
  readonly pausable: boolean;
  /** The legal basis, or `local practice (UNCONFIRMED)` where none is known. */
  readonly basis: string;
  /** Default `after`. */
  readonly direction?: ClockDirection;
}

/**
 * When a running clock changes colour, as the fraction of its period still remaining: blue at or below `blue`,
 * yellow at or below `yellow`; red once it is past due. `0 < yellow < blue < 1`.
 */
export interface ClockThresholds {
  readonly blue: number;
  readonly yellow: number;
}

/** The ids of the licensing clocks of the default catalogue. */
export type ClockRuleId = 'P1' | 'P2' | 'P3' | 'P4' | 'P5' | 'F1' | 'F3' | 'FR' | 'FC' | 'G1' | 'G2' | 'C1' | 'C2' | 'I1' | 'A7' | 'KF' | 'K1' | 'K2' | 'K3' | 'K5' | 'K6' | 'K6S' | 'K9' | 'K10' | 'KP';

/**
 * Clock rules by id: every rule of the default catalogue, looked up directly (`rules.P3`), or by a stored id
 * (`rules[ruleId]`, undefined when unknown).
 */
export type ClockRuleCatalogue = Readonly<Record<ClockRuleId, ClockRule>> &
  Readonly<Partial<Record<string, ClockRule>>>;

/** The clock rules and colour thresholds in force, as returned by {@link loadClockRules}. */
export interface ClockRules {
  readonly rules: ClockRuleCatalogue;
  readonly thresholds: ClockThresholds;
}

/** The default colour thresholds: blue once half the period is used up, yellow when a fifth remains. */
export const DEFAULT_CLOCK_THRESHOLDS: ClockThresholds = Object.freeze({ blue: 0.5, yellow: 0.2 });

/**
 * The default clocks of the licensing procedures under the current texts: 保安服务管理条例 (条例, 2022),
 * 公安机关实施保安服务管理条例办法 (办法) and 行政许可法. Entries marked UNCONFIRMED are design assumptions
 * that provinces are expected to override.
 */
export const DEFAULT_CLOCK_RULES: ClockRuleCatalogue = deepFreeze({
  P1: {
    id: 'P1',
    name: '受理审查补正告知',
    unit: 'workingDays',
    amount: 5,
    pausable: false,
    basis: '行政许可法第32条',
  },
  P2: {
    id: 'P2',
    name: '市级公安机关审核',
    unit: 'workingDays',
    amount: 15,
    pausable: true,
    basis: '保安服务管理条例第9条；公安机关实施保安服务管理条例办法第13条',
  },
  P3: {
    id: 'P3',
    name: '省级公安机关许可决定',
    unit: 'workingDays',
    amount: 15,
    pausable: true,
    basis: '保安服务管理条例第9条；行政许可法第82条（以工作日计算）',
  },
  P4: {
    id: 'P4',
    name: '制发许可证并送达',
    unit: 'workingDays',
    amount: 10,
    pausable: false,
    basis: '行政许可法第44条',
  },
  P5: {
    id: 'P5',
    name: '办理工商登记',
    unit: 'months',
    amount: 6,
    rollOverHoliday: true,
    pausable: false,
    basis: '保安服务管理条例第12条',
  },
  F1: {
    id: 'F1',
    name: '自行招用保安员单位备案',
    unit: 'calendarDays',
    amount: 30,
    rollOverHoliday: true,
    pausable: false,
    basis: '保安服务管理条例第14条',
  },
  F3: {
    id: 'F3',
    name: '跨区域提供保安服务备案',
    unit: 'workingDays',
    amount: 30,
    pausable: false,
    basis: '公安机关实施保安服务管理条例办法第26条',
    direction: 'before',
  },
  FR: {
    id: 'FR',
    name: '备案审查',
    unit: 'workingDays',
    amount: 5,
    pausable: true,
    basis: 'local practice (UNCONFIRMED)',
  },
  FC: {
    id: 'FC',
    name: '补正期限',
    unit: 'calendarDays',
    amount: 30,
    rollOverHoliday: true,
    pausable: false,
    basis: 'local practice (UNCONFIRMED)',
  },
  G1: {
    id: 'G1',
    name: '保安员资格审核',
    unit: 'workingDays',
    amount: 20,
    pausable: true,
    basis: 'local practice (UNCONFIRMED); 公安机关实施保安服务管理条例办法第19—24条',
  },
  C1: {
    id: 'C1',
    name: '线索受理分流（移送他单位的24小时内）',
    unit: 'hours',
    amount: 24,
    pausable: false,
    basis: '公安机关办理行政案件程序规定第61条（移送24小时）；公安部受案立案制度改革意见（2015）',
  },
  C2: {
    id: 'C2',
    name: '线索核查',
    unit: 'calendarDays',
    amount: 30,
    rollOverHoliday: true,
    pausable: false,
    basis: 'local practice (UNCONFIRMED); 保安服务管理条例第39条（及时调查处理并反馈）',
  },
  I1: {
    id: 'I1',
    name: '责令整改期限',
    unit: 'calendarDays',
    amount: 30,
    rollOverHoliday: true,
    pausable: false,
    basis: '保安服务管理条例第38条、第42条（期限由责令整改通知书确定）',
  },
  A7: {
    id: 'A7',
    name: '行政案件办案期限',
    unit: 'calendarDays',
    amount: 30,
    rollOverHoliday: true,
    pausable: true,
    basis: '公安机关办理行政案件程序规定第165条、治安管理处罚法第99条（鉴定期间不计入；经上一级公安机关批准可延长30日）',
  },
  KF: {
    id: 'KF',
    name: '刑事立案审查',
    unit: 'calendarDays',
    amount: 3,
    rollOverHoliday: true,
    pausable: false,
    basis: '公安部受案立案制度改革意见（2015）：一般3日，需调查核实的7日，重大复杂的经批准30日',
  },
  K1: {
    id: 'K1',
    name: '拘留后送看守所、通知家属、讯问（24小时）',
    unit: 'hours',
    amount: 24,
    pausable: false,
    basis: '刑事诉讼法第85条、第86条；公安机关办理刑事案件程序规定第126—128条',
  },
  K2: {
    id: 'K2',
    name: '提请批准逮捕（拘留后3日，特殊情况延长至7日，流窜、多次、结伙作案延长至30日）',
    unit: 'calendarDays',
    amount: 3,
    rollOverHoliday: false,
    pausable: false,
    basis: '刑事诉讼法第91条；公安机关办理刑事案件程序规定第129条；羁押期间不因节假日顺延（刑事诉讼法第105条）',
  },
  K3: {
    id: 'K3',
    name: '检察院审查批准逮捕（7日）',
    unit: 'calendarDays',
    amount: 7,
    rollOverHoliday: false,
    pausable: false,
    basis: '刑事诉讼法第91条第3款',
  },
  K5: {
    id: 'K5',
    name: '侦查羁押期限（逮捕后2个月）',
    unit: 'months',
    amount: 2,
    rollOverHoliday: false,
    pausable: false,
    basis: '刑事诉讼法第156条至第159条；延长申请应在期满7日前提出（公安机关办理刑事案件程序规定第148条）',
  },
  K6: {
    id: 'K6',
    name: '取保候审期限（12个月）',
    unit: 'months',
    amount: 12,
    rollOverHoliday: false,
    pausable: false,
    basis: '刑事诉讼法第79条；公安机关办理刑事案件程序规定第107条',
  },
  K6S: {
    id: 'K6S',
    name: '监视居住期限（6个月）',
    unit: 'months',
    amount: 6,
    rollOverHoliday: false,
    pausable: false,
    basis: '刑事诉讼法第79条；公安机关办理刑事案件程序规定第122条',
  },
  K9: {
    id: 'K9',
    name: '撤销案件后通知（3日）',
    unit: 'calendarDays',
    amount: 3,
    rollOverHoliday: true,
    pausable: false,
    basis: '公安机关办理刑事案件程序规定第189条（告知犯罪嫌疑人、被害人或其法定代理人、近亲属及移送案件的机关）',
  },
  K10: {
    id: 'K10',
    name: '补充侦查（1个月，以二次为限）',
    unit: 'months',
    amount: 1,
    rollOverHoliday: false,
    pausable: false,
    basis: '刑事诉讼法第175条第2款；公安机关办理刑事案件程序规定第295条、第296条',
  },
  KP: {
    id: 'KP',
    name: '检察院审查起诉（1个月，重大复杂的可延长15日）',
    unit: 'months',
    amount: 1,
    rollOverHoliday: false,
    pausable: false,
    basis: '刑事诉讼法第172条第1款；补充侦查完毕移送后重新计算（刑事诉讼法第175条第3款）',
  },
  G2: {
    id: 'G2',
    name: '被吊销保安员证后禁止再次申请',
    unit: 'months',
    amount: 36,
    rollOverHoliday: false,
    pausable: false,
    basis: '保安服务管理条例第17条',
  },
});

/** Whether `id` names a clock of the default catalogue. */
export function isClockRuleId(id: string): id is ClockRuleId {
  return Object.hasOwn(DEFAULT_CLOCK_RULES, id);
}

/**
 * The clock rules and thresholds in force: the defaults, with the operator's overrides applied. `overrides` is
 * the parsed content of the `CLOCK_RULES_FILE` JSON file (undefined when none is configured), e.g.
 * `{ "rules": { "P3": { "amount": 20 } }, "thresholds": { "blue": 0.4, "yellow": 0.1 } }`; a rule override may
 * change `name`, `unit`, `amount`, `rollOverHoliday`, `pausable` and `basis`. Throws {@link ClockConfigError}
 * (`CLOCK_RULES_INVALID`) naming each offending JSON path: unknown rule ids or fields, bad units, amounts that
 * are not positive whole numbers, thresholds outside `0 < yellow < blue < 1`. `source` names the input in the
 * message. The result is frozen.
 */
export function loadClockRules(overrides?: unknown, source = 'clock rules (CLOCK_RULES_FILE)'): ClockRules {
  if (overrides === undefined) return deepFreeze({ rules: DEFAULT_CLOCK_RULES, thresholds: DEFAULT_CLOCK_THRESHOLDS });
  const result = overridesSchema.safeParse(overrides);
  const issues = [...unknownRuleIds(overrides), ...(result.success ? [] : zodIssues(result.error))];
  if (!result.success || issues.length > 0) throw new ClockConfigError('CLOCK_RULES_INVALID', source, issues);

  const rules: Partial<Record<string, ClockRule>> = { ...DEFAULT_CLOCK_RULES };
  for (const [id, change] of Object.entries(result.data.rules ?? {})) {
    const rule = rules[id];
    if (rule) rules[id] = { ...rule, ...stripUndefined(change) };
  }
  const thresholds = { ...DEFAULT_CLOCK_THRESHOLDS, ...stripUndefined(result.data.thresholds ?? {}) };
  if (!(thresholds.yellow < thresholds.blue)) {
    throw new ClockConfigError('CLOCK_RULES_INVALID', source, [
      {
        path: 'thresholds',
        message: `yellow (${thresholds.yellow}) must be below blue (${thresholds.blue}): 0 < yellow < blue < 1`,
      },
    ]);
  }
  return deepFreeze({ rules: rules as ClockRuleCatalogue, thresholds });
}

// helpers ////////////////////

const fraction = z
  .number({ error: bilingual('must be a number', '须为数字') })
  .gt(0, { error: bilingual('must be above 0 (0 < yellow < blue < 1)', '须大于 0（0 < yellow < blue < 1）') })
  .lt(1, { error: bilingual('must be below 1 (0 < yellow < blue < 1)', '须小于 1（0 < yellow < blue < 1）') });

const OVERRIDABLE_FIELDS = ['name', 'unit', 'amount', 'rollOverHoliday', 'pausable', 'basis'] as const;

const ruleOverrideSchema = z.strictObject(
  {
    name: z.string({ error: bilingual('must be a text', '须为文本') }).min(1, { error: bilingual('must not be empty', '不得为空') }).optional(),
    unit: z.enum(CLOCK_UNITS, { error: `must be one of ${CLOCK_UNITS.join(', ')}` }).optional(),
    amount: z
      .number({ error: bilingual('must be a number', '须为数字') })
      .int({ error: bilingual('must be a whole number', '须为整数') })
      .positive({ error: bilingual('must be greater than 0', '须大于 0') })
      .optional(),
    rollOverHoliday: z.boolean({ error: bilingual('must be true or false', '须为 true 或 false') }).optional(),
    pausable: z.boolean({ error: bilingual('must be true or false', '须为 true 或 false') }).optional(),
    basis: z.string({ error: bilingual('must be a text', '须为文本') }).min(1, { error: bilingual('must not be empty', '不得为空') }).optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `unknown field ${issue.keys.join(', ')}; a rule override may set ${OVERRIDABLE_FIELDS.join(', ')}`
        : issue.code === 'invalid_type'
          ? 'must be an object of the fields to change'
          : undefined,
  },
);

const overridesSchema = z.strictObject(
  {
    rules: z
      .record(z.string(), ruleOverrideSchema, { error: bilingual('must be an object of rule overrides keyed by rule id', '须为以规则编号为键的规则覆盖对象') })
      .optional(),
    thresholds: z
      .strictObject(
        { blue: fraction.optional(), yellow: fraction.optional() },
        {
          error: (issue) =>
            issue.code === 'invalid_type' ? 'must be an object { "blue": …, "yellow": … }' : undefined,
        },
      )
      .optional(),
  },
  {
    error: (issue) =>
      issue.code === 'invalid_type' ? 'must be an object with "rules" and/or "thresholds"' : undefined,
  },
);

/** Issues for rule ids in `overrides.rules` that the catalogue does not know. */
function unknownRuleIds(overrides: unknown): ValidationIssue[] {
  if (typeof overrides !== 'object' || overrides === null) return [];
  const rules: unknown = (overrides as { rules?: unknown }).rules;
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) return [];
  return Object.keys(rules)
    .filter((id) => !isClockRuleId(id))
    .map((id) => ({
      path: `rules.${id}`,
      message: `unknown clock rule id; known ids: ${Object.keys(DEFAULT_CLOCK_RULES).join(', ')}`,
    }));
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const nested of Object.values(value)) deepFreeze(nested);
    Object.freeze(value);
  }
  return value;
}
