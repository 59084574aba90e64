/**
 * Statutory clocks of the licensing procedures: the official working-day calendar (holidays and adjusted working
 * days), the configurable catalogue of periods, due dates with pauses and holiday roll-over, advance windows,
 * and the traffic-light status of running clocks. Pure functions, all dates in China Standard Time.
 */
export {
  CHINA_TIME_ZONE,
  CHINA_UTC_OFFSET,
  addCalendarDays,
  addCalendarMonths,
  calendarDaysBetween,
  dayOfWeek,
  endOfLocalDay,
  isLocalDate,
  startOfLocalDay,
  toLocalDate,
  type LocalDate,
} from './china-time.js';
export { CALENDAR_GAP_PREFIX, calendarGapText, CalendarYearNotCoveredError, ClockConfigError, ClockPausesInvalidError } from './clock-errors.js';
export {
  CLOCK_UNITS,
  DEFAULT_CLOCK_RULES,
  DEFAULT_CLOCK_THRESHOLDS,
  isClockRuleId,
  loadClockRules,
  type ClockDirection,
  type ClockRule,
  type ClockRuleCatalogue,
  type ClockRuleId,
  type ClockRules,
  type ClockThresholds,
  type ClockUnit,
} from './clock-rules.js';
export {
  clockStatus,
  type ClockColour,
  type ClockStatus,
  type ClockStatusInput,
} from './clock-status.js';
export {
  computeDue,
  computeWindowStart,
  isPaused,
  type ClockPause,
  type DueDates,
} from './deadline.js';
export {
  checkCalendarYear,
  HolidayCalendar,
  loadHolidayCalendar,
  loadSupplementaryCalendar,
  parseSupplementaryCalendar,
  type CalendarSource,
  type CalendarYear,
  type SupplementaryCalendar,
} from './holiday-calendar.js';
