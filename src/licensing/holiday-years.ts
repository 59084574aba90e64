import type { DataSource } from 'typeorm';
import type { AuditContext } from '../audit/audit-context.js';
import type { AuditLog } from '../audit/audit-log.js';
import { CALENDAR_GAP_PREFIX, calendarGapText, checkCalendarYear, toLocalDate, type CalendarSource, type HolidayCalendar, type LocalDate } from '../clocks/index.js';
import { isUniqueViolation } from '../db/dialect.js';
import type { EngineClient } from '../engine-client/engine-client.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { localize } from '../language.js';
import { HolidayYearEntity } from './holiday-year.entity.js';

/** The first and the last year an arrangement may be entered for. */
export const ENTERABLE_YEARS = { from: 2000, to: 2100 } as const;

/** A year of the working-day calendar as administrators see it: where it comes from, and who entered it when. */
export interface HolidayYearSummary {
  year: number;
  source: CalendarSource;
  /** How many days off and adjusted working days the year has. */
  holidays: number;
  workdays: number;
  /** The notice an entered year comes from; null for the bundled and the file's years. */
  basis: string | null;
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** One year's arrangement, with its days. */
export interface HolidayYearDetail extends Omit<HolidayYearSummary, 'holidays' | 'workdays'> {
  holidays: LocalDate[];
  workdays: LocalDate[];
}

/** The calendar's years, and what is missing. */
export interface HolidayCalendarOverview {
  /** Every covered year, ascending. */
  years: HolidayYearSummary[];
  /** The current year in China Standard Time. */
  currentYear: number;
  /** The current and the next year when the calendar lacks them. */
  missing: number[];
  /** How many procedures are stopped (incidents) because a year was not covered. */
  waiting: number;
}

/** What an administrator enters for a year. */
export interface HolidayYearInput {
  basis: string;
  holidays: LocalDate[];
  workdays: LocalDate[];
}

/** What {@link HolidayYears} needs. */
export interface HolidayYearsDeps {
  dataSource: DataSource;
  /** The calendar the clocks of this node count with; its entered years are replaced on every {@link HolidayYears.refresh}. */
  calendar: HolidayCalendar;
  /** The engine, as the service account: where the procedures stopped for a missing year are found and resumed. */
  engine: EngineClient;
  audit: Pick<AuditLog, 'append'>;
  now: () => Date;
}

/** An incident of the engine REST API, the fields read here. */
interface EngineIncident {
  id: string;
  incidentType: string;
  incidentMessage: string | null;
  configuration: string | null;
}

/** The attempts a resumed step gets again, as a new step has (the workers' default). */
const RESUMED_RETRIES = 3;

/**
 * The holiday arrangements administrators enter (节假日安排): stored in `clk_holiday_year` for every node, read into
 * this node's {@link HolidayCalendar} at start, after each entry and by the composition root's periodic refresh. An
 * entry is audited, and resumes the procedures whose clocks stopped for want of that year.
 */
export class HolidayYears {
  constructor(private readonly deps: HolidayYearsDeps) {}

  /** Reads the entered years from the database into the calendar. */
  async refresh(): Promise<void> {
    const rows = await this.deps.dataSource.getRepository(HolidayYearEntity).find();
    this.deps.calendar.useEnteredYears(rows.map((r) => ({ year: r.year, holidays: parseDates(r.holidays), workdays: parseDates(r.workdays) })));
  }

  /** Every covered year, the years missing now, and how many procedures wait for one. */
  async overview(): Promise<HolidayCalendarOverview> {
    await this.refresh();
    const entered = await this.enteredRows();
    const { calendar } = this.deps;
    const years = calendar.coveredYears.map((year): HolidayYearSummary => {
      const data = calendar.year(year);
      const row = data?.source === 'entered' ? entered.get(year) : undefined;
      return {
        year, source: data?.source ?? 'bundled', holidays: data?.holidays.length ?? 0, workdays: data?.workdays.length ?? 0,
        basis: row?.basis ?? null, updatedBy: row?.updatedBy ?? null, updatedAt: row?.updatedAt ?? null,
      };
    });
    const currentYear = Number(toLocalDate(this.deps.now()).slice(0, 4));
    const missing = [currentYear, currentYear + 1].filter((y) => !calendar.covers(y));
    return { years, currentYear, missing, waiting: (await this.waitingIncidents()).length };
  }

  /** One covered year with its days; 404 when the calendar lacks it. */
  async get(year: number): Promise<HolidayYearDetail> {
    await this.refresh();
    const data = this.deps.calendar.year(year);
    NotFoundError.assert(data, 'NOT_FOUND', localize(`The holiday calendar has no arrangement for ${year}`, `节假日安排中没有 ${year} 年`));
    const row = data.source === 'entered' ? (await this.enteredRows()).get(year) : undefined;
    return {
      year, source: data.source, holidays: [...data.holidays], workdays: [...data.workdays],
      basis: row?.basis ?? null, updatedBy: row?.updatedBy ?? null, updatedAt: row?.updatedAt ?? null,
    };
  }

  /**
   * Stores `input` as the arrangement of `year` (replacing an earlier entry, and taking precedence over the bundled
   * and the file's data of that year), audited as `holiday-calendar.enter`; then resumes the procedures stopped for
   * want of that year. Throws `VALIDATION_FAILED` naming each date at fault, leaving everything as it was.
   */
  async enter(year: number, input: HolidayYearInput, by: AuditContext & { actor: string }): Promise<HolidayYearDetail & { retried: number }> {
    if (!Number.isInteger(year) || year < ENTERABLE_YEARS.from || year > ENTERABLE_YEARS.to) {
      throw new ValidationError(`Year ${year} cannot be entered`, [{ path: 'year', message: localize(`must be a year from ${ENTERABLE_YEARS.from} to ${ENTERABLE_YEARS.to}`, `须为 ${ENTERABLE_YEARS.from} 至 ${ENTERABLE_YEARS.to} 年之间的年份`) }]);
    }
    const issues = checkCalendarYear(year, input.holidays, input.workdays);
    if (issues.length) throw new ValidationError(localize(`The arrangement of ${year} is not valid`, `${year} 年节假日安排有误`), issues);
    const holidays = [...new Set(input.holidays)].sort();
    const workdays = [...new Set(input.workdays)].sort();
    const before = this.deps.calendar.year(year);
    const row = Object.assign(new HolidayYearEntity(), {
      year, holidays: JSON.stringify(holidays), workdays: JSON.stringify(workdays), basis: input.basis, updatedBy: by.actor, updatedAt: this.deps.now(),
    });
    try {
      await this.deps.dataSource.transaction(async (m) => {
        await m.getRepository(HolidayYearEntity).save(row);
        await this.deps.audit.append({
          ...by, action: 'holiday-calendar.enter', subjectType: 'holiday-year', subjectId: String(year),
          details: { basis: input.basis, holidays, workdays, replaced: before?.source ?? null },
        }, m);
      });
    } catch (error) {
      // another administrator entered the same year at the same moment
      if (isUniqueViolation(error)) throw new ConflictError('CONFLICT', localize(`The arrangement of ${year} was entered by someone else at the same time; reload and check it`, `${year} 年节假日安排刚被他人录入，请刷新后核对`));
      throw error;
    }
    await this.refresh();
    const retried = await this.resume(year);
    return { ...(await this.get(year)), retried };
  }

  /**
   * Sends the steps stopped for want of `year` (their incidents) to their workers again, with fresh attempts;
   * returns how many. Steps stopped for another year wait on.
   */
  async resume(year: number): Promise<number> {
    if (!this.deps.calendar.covers(year)) return 0;
    const gap = calendarGapText(year);
    let resumed = 0;
    for (const incident of await this.waitingIncidents()) {
      if (!incident.incidentMessage?.startsWith(gap) || !incident.configuration) continue;
      const path = incident.incidentType === 'failedJob' ? '/job' : '/external-task';
      await this.deps.engine.request('PUT', `${path}/${encodeURIComponent(incident.configuration)}/retries`, { retries: RESUMED_RETRIES });
      resumed++;
    }
    return resumed;
  }

  /** The open incidents raised because the calendar lacked a year. */
  private async waitingIncidents(): Promise<EngineIncident[]> {
    const incidents = await Promise.all(['failedExternalTask', 'failedJob'].map((type) =>
      this.deps.engine.request<EngineIncident[]>('GET', `/incident?incidentType=${type}`)));
    return incidents.flat().filter((i) => i.incidentMessage?.startsWith(CALENDAR_GAP_PREFIX));
  }

  private async enteredRows(): Promise<Map<number, HolidayYearEntity>> {
    const rows = await this.deps.dataSource.getRepository(HolidayYearEntity).find();
    return new Map(rows.map((r) => [r.year, r]));
  }
}

function parseDates(json: string): LocalDate[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((d): d is LocalDate => typeof d === 'string') : [];
}
