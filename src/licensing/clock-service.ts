import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { addCalendarDays, addCalendarMonths, calendarDaysBetween, clockStatus, computeDue, toLocalDate, type ClockRule, type ClockRules, type HolidayCalendar } from '../clocks/index.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { ClockEntity } from './permit.entity.js';
import { localize } from '../language.js';

/** A clock as applicants and officers see it. */
export interface ClockView {
  name: string;
  ruleId: string;
  ruleName: string;
  basis: string;
  startedAt: Date;
  dueAt: Date;
  warnAt: Date;
  status: ClockEntity['status'];
  colour: 'normal' | 'blue' | 'yellow' | 'red';
  /** What is left, in `unit`; negative when overdue. */
  remaining: number;
  unit: 'workingDays' | 'calendarDays' | 'hours';
  overdue: boolean;
  stoppedAt: Date | null;
}

/** Where a clock is: which process, and for which application. */
export interface ClockOwner {
  processInstanceId: string;
  applicationId: string | null;
}

/**
 * The statutory clocks of running procedures: started, paused, resumed and stopped by workers, with due and
 * warning dates computed on the working-day calendar from the configured rules. Restarting a clock of the same
 * name (e.g. acceptance after a correction) stops the earlier one.
 */
export class ClockService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: ClockRules,
    private readonly calendar: HolidayCalendar,
    private readonly now: () => Date,
  ) {}

  /**
   * Starts clock `name` by rule `ruleId` now — with `amount` instead of the rule's length when an officer set the
   * period (e.g. the days given for verifying a tip) — and returns its due and warning dates.
   */
  async start(owner: ClockOwner, name: string, ruleId: string, responsibleGroup: string | null, amount?: number): Promise<{ dueAt: Date; warnAt: Date }> {
    const configured = this.rules.rules[ruleId];
    if (!configured) throw new ValidationError(`Unknown clock rule '${ruleId}'`, [{ path: 'rule', message: localize(`must be one of ${Object.keys(this.rules.rules).join(', ')}`, `须为以下之一：${Object.keys(this.rules.rules).join('、')}`) }]);
    const rule = amount === undefined ? configured : { ...configured, amount };
    const startedAt = this.now();
    const { dueAt, warnAt } = computeDue(rule, startedAt, [], this.calendar, this.rules.thresholds);
    await this.dataSource.transaction(async (m) => {
      const repo = m.getRepository(ClockEntity);
      const running = await repo.find({ where: { processInstanceId: owner.processInstanceId, name } });
      for (const c of running.filter((c) => c.status !== 'stopped')) await repo.update({ id: c.id }, { status: 'stopped', stoppedAt: startedAt, pausedAt: null });
      await repo.insert({
        id: randomUUID(), applicationId: owner.applicationId, processInstanceId: owner.processInstanceId, name, ruleId,
        responsibleGroup, startedAt, dueAt, warnAt, amount: amount ?? null, pauses: '[]', pausedAt: null, stoppedAt: null, status: 'running',
      });
    });
    return { dueAt, warnAt };
  }

  /** Pauses the running clock `name` (行政许可法 Art 45: on-site checks, hearings, corrections do not count). */
  async pause(processInstanceId: string, name: string): Promise<void> {
    const clock = await this.current(processInstanceId, name);
    if (clock.status !== 'running') return;
    await this.dataSource.getRepository(ClockEntity).update({ id: clock.id }, { status: 'paused', pausedAt: this.now() });
  }

  /** Resumes a paused clock; returns the due and warning dates moved by the time it was paused. */
  async resume(processInstanceId: string, name: string): Promise<{ dueAt: Date; warnAt: Date }> {
    const clock = await this.current(processInstanceId, name);
    if (clock.status !== 'paused' || !clock.pausedAt) return { dueAt: clock.dueAt, warnAt: clock.warnAt };
    const rule = this.ruleOf(clock);
    if (!rule) throw new ValidationError(localize(`Unknown clock rule '${clock.ruleId}'`, `时限规则“${clock.ruleId}”不存在`), []);
    const pauses = [...parsePauses(clock.pauses), { from: clock.pausedAt, to: this.now() }];
    const { dueAt, warnAt } = computeDue(rule, clock.startedAt, pauses, this.calendar, this.rules.thresholds);
    await this.dataSource.getRepository(ClockEntity).update(
      { id: clock.id },
      { status: 'running', pausedAt: null, pauses: JSON.stringify(pauses.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null }))), dueAt, warnAt },
    );
    return { dueAt, warnAt };
  }

  /**
   * Extends the running clock `name` to `amount` of its unit, counted from its original start (e.g. the arrest
   * request from 3 to 7 or 30 days after detention, with approval); returns the new due and warning dates.
   */
  async extend(processInstanceId: string, name: string, amount: number): Promise<{ dueAt: Date; warnAt: Date }> {
    const clock = await this.current(processInstanceId, name);
    const rule = this.ruleOf(clock);
    if (!rule) throw new ValidationError(localize(`Unknown clock rule '${clock.ruleId}'`, `时限规则“${clock.ruleId}”不存在`), []);
    if (amount <= rule.amount) throw new ValidationError(`An extension must be longer than the ${rule.amount} already given`, [{ path: 'amount', message: localize(`must be more than ${rule.amount}`, `须大于 ${rule.amount}`) }]);
    const { dueAt, warnAt } = computeDue({ ...rule, amount }, clock.startedAt, parsePauses(clock.pauses), this.calendar, this.rules.thresholds);
    await this.dataSource.getRepository(ClockEntity).update({ id: clock.id }, { amount, dueAt, warnAt });
    return { dueAt, warnAt };
  }

  /**
   * Extends the running clock `name` by `amount` months or calendar days counted from its current last day, not
   * from its start (侦查羁押期限: +1, +2 and +2 months, each from the expiry of the period before); the last day
   * rolls over a holiday only when the rule says so, and the warning keeps the rule's threshold of the whole
   * period since the start. Returns the new due and warning dates.
   */
  async extendBy(processInstanceId: string, name: string, amount: number): Promise<{ dueAt: Date; warnAt: Date }> {
    const clock = await this.current(processInstanceId, name);
    const rule = this.ruleOf(clock);
    if (!rule) throw new ValidationError(localize(`Unknown clock rule '${clock.ruleId}'`, `时限规则“${clock.ruleId}”不存在`), []);
    if ((rule.unit !== 'months' && rule.unit !== 'calendarDays') || rule.pausable) {
      throw new ValidationError(`Clock '${name}' counts ${rule.unit}${rule.pausable ? ' with pauses' : ''}; only months and calendar days are extended from their last day`, [{ path: 'clock', message: localize('must count months or calendar days without pauses', '只能延长按月或按自然日计算且不中止的时限') }]);
    }
    const lastDay = toLocalDate(clock.dueAt);
    const newLastDay = rule.unit === 'months' ? addCalendarMonths(lastDay, amount) : addCalendarDays(lastDay, amount);
    // the same period as calendar days from the start: computeDue then rolls over (or not) and places the warning
    const days = calendarDaysBetween(toLocalDate(clock.startedAt), newLastDay);
    const { dueAt, warnAt } = computeDue({ ...rule, unit: 'calendarDays', amount: days }, clock.startedAt, [], this.calendar, this.rules.thresholds);
    await this.dataSource.getRepository(ClockEntity).update({ id: clock.id }, { amount: rule.amount + amount, dueAt, warnAt });
    return { dueAt, warnAt };
  }

  /** The length of the running clock `name` in its unit (the rule's, or as set or extended); null when none runs. */
  async lengthOf(processInstanceId: string, name: string): Promise<number | null> {
    const clock = (await this.dataSource.getRepository(ClockEntity).find({ where: { processInstanceId, name }, order: { startedAt: 'DESC', id: 'DESC' } })).find((c) => c.status !== 'stopped');
    return clock ? (this.ruleOf(clock)?.amount ?? null) : null;
  }

  /** Stops the clocks `names` of a process (all when `names` is empty); stopped clocks stay for the record. */
  async stop(processInstanceId: string, names: string[]): Promise<void> {
    const repo = this.dataSource.getRepository(ClockEntity);
    const clocks = await repo.find({ where: { processInstanceId } });
    for (const c of clocks) {
      if (c.status === 'stopped' || (names.length > 0 && !names.includes(c.name))) continue;
      await repo.update({ id: c.id }, { status: 'stopped', stoppedAt: this.now(), pausedAt: null });
    }
  }

  /** The clocks of an application with their colours now, the latest of each name first in start order. */
  async ofApplication(applicationId: string): Promise<ClockView[]> {
    const clocks = await this.dataSource.getRepository(ClockEntity).find({ where: { applicationId }, order: { startedAt: 'ASC', id: 'ASC' } });
    return clocks.map((c) => this.view(c));
  }

  /** The clocks of a process instance with their colours now, in start order. */
  async ofProcess(processInstanceId: string): Promise<ClockView[]> {
    const clocks = await this.dataSource.getRepository(ClockEntity).find({ where: { processInstanceId }, order: { startedAt: 'ASC', id: 'ASC' } });
    return clocks.map((c) => this.view(c));
  }

  /** The clocks of several process instances at once, by instance id (instances without clocks are absent). */
  async ofProcesses(processInstanceIds: string[]): Promise<Map<string, ClockView[]>> {
    const byInstance = new Map<string, ClockView[]>();
    if (!processInstanceIds.length) return byInstance;
    const clocks = await this.dataSource.getRepository(ClockEntity).find({ where: { processInstanceId: In(processInstanceIds) }, order: { startedAt: 'ASC', id: 'ASC' } });
    for (const c of clocks) {
      const list = byInstance.get(c.processInstanceId) ?? [];
      list.push(this.view(c));
      byInstance.set(c.processInstanceId, list);
    }
    return byInstance;
  }

  /** A clock's colour and what is left of it now. */
  view(clock: ClockEntity): ClockView {
    const rule = this.ruleOf(clock);
    const pauses: Array<{ from: Date; to: Date | null }> = parsePauses(clock.pauses);
    if (clock.pausedAt) pauses.push({ from: clock.pausedAt, to: null });
    // a stopped clock shows how it stood when it stopped
    const now = clock.stoppedAt ?? this.now();
    const status = rule
      ? clockStatus({ rule, startAt: clock.startedAt, dueAt: clock.dueAt, pauses, now, thresholds: this.rules.thresholds, calendar: this.calendar })
      : { colour: 'normal' as const, remaining: 0, remainingUnit: 'calendarDays' as const, overdue: false };
    return {
      name: clock.name, ruleId: clock.ruleId, ruleName: rule?.name ?? clock.ruleId, basis: rule?.basis ?? '', startedAt: clock.startedAt,
      dueAt: clock.dueAt, warnAt: clock.warnAt, status: clock.status, colour: status.colour, remaining: status.remaining, unit: status.remainingUnit,
      overdue: status.overdue, stoppedAt: clock.stoppedAt,
    };
  }

  // helpers ////

  /** The clock's rule, with the length it was started with. */
  private ruleOf(clock: ClockEntity): ClockRule | undefined {
    const rule = this.rules.rules[clock.ruleId];
    return rule && clock.amount !== null ? { ...rule, amount: clock.amount } : rule;
  }

  private async current(processInstanceId: string, name: string): Promise<ClockEntity> {
    const clocks = await this.dataSource.getRepository(ClockEntity).find({ where: { processInstanceId, name }, order: { startedAt: 'DESC', id: 'DESC' } });
    const clock = clocks.find((c) => c.status !== 'stopped');
    NotFoundError.assert(clock, 'NOT_FOUND', localize(`Process instance ${processInstanceId} has no running clock '${name}'`, `流程实例 ${processInstanceId} 没有正在计算的时限“${name}”`));
    return clock;
  }
}

function parsePauses(text: string): Array<{ from: Date; to: Date }> {
  return (JSON.parse(text) as Array<{ from: string; to: string }>).map((p) => ({ from: new Date(p.from), to: new Date(p.to) }));
}
