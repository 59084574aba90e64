import type { TFunction } from 'i18next';
import type { Session } from '../session';
import type { SupervisedClock, SupervisedTask } from './supervision-api';

/** The name of a procedure (BPMN process key) in the current language; the key itself when the catalogue lacks it. */
export function procedureName(key: string, t: TFunction): string {
  return t(`dashboard.procedure.${key}`, { defaultValue: key });
}

/** A count in the manner of `language` (`1,234`). */
export function formatCount(count: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'zh-CN').format(count);
}

/** An amount of a clock's unit, hours to one decimal, days whole. */
function amountOf(value: number, unit: SupervisedClock['unit']): number {
  return unit === 'hours' ? Math.round(Math.abs(value) * 10) / 10 : Math.abs(value);
}

/** What is left of a clock (剩余 3 个工作日), or how late it is (已超期 2 天). */
export function remainingText(clock: Pick<SupervisedClock, 'remaining' | 'unit' | 'overdue'>, t: TFunction): string {
  const amount = amountOf(clock.remaining, clock.unit);
  return t(clock.overdue ? 'clock.late' : 'clock.remaining', { amount, unit: t(`unit.${clock.unit}`) });
}

/** How late an overdue clock is, in its unit (2 个工作日, 30.5 小时). */
export function lateText(clock: Pick<SupervisedClock, 'remaining' | 'unit'>, t: TFunction): string {
  return t('dashboard.overdue.late', { amount: amountOf(clock.remaining, clock.unit), unit: t(`unit.${clock.unit}`) });
}

/** The steps a procedure waits at, by name. */
export function stepsText(tasks: readonly SupervisedTask[]): string {
  return [...new Set(tasks.map((task) => task.name ?? task.activityId))].join('、') || '—';
}

/** Who holds the procedure's tasks (未签收 for tasks nobody claimed). */
export function handlersText(tasks: readonly SupervisedTask[], t: TFunction): string {
  return [...new Set(tasks.map((task) => (task.assignee === null ? t('dashboard.overdue.unclaimed') : (task.assigneeName ?? task.assignee))))].join('、') || '—';
}

/**
 * The task of the procedure the signed-in user can open: one they hold, or one nobody holds that a group of theirs
 * may claim; null when none is theirs (the dashboard then shows the case summary).
 */
export function ownTask(tasks: readonly SupervisedTask[], session: Session | null): SupervisedTask | null {
  if (!session) return null;
  const groups = new Set(session.user.groups);
  return tasks.find((task) => task.assignee === session.user.id)
    ?? tasks.find((task) => task.assignee === null && task.candidateGroups.some((g) => groups.has(g)))
    ?? null;
}

