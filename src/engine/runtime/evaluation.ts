import type { CompiledExpression, ExpressionContext } from '../expression/index.js';
import { ProcessEngineException } from '../errors.js';
import { parseEngineDate } from '../variables/index.js';

/** Evaluates an attribute expression to a string (null stays null). */
export function evaluateToString(expr: CompiledExpression, ctx: ExpressionContext, where: string): string | null {
  const v = evaluate(expr, ctx, where);
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new ProcessEngineException(`${where}: expression '${expr.source}' must evaluate to a string`);
}

/** Evaluates a candidate list item: a string (split on commas) or a collection of strings. */
export function evaluateToStrings(expr: CompiledExpression, ctx: ExpressionContext, where: string): string[] {
  const v = evaluate(expr, ctx, where);
  if (v === null || v === undefined) return [];
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [v];
  return items.map((i) => {
    if (typeof i !== 'string' && typeof i !== 'number') {
      throw new ProcessEngineException(`${where}: expression '${expr.source}' must evaluate to a string or a collection of strings`);
    }
    return String(i).trim();
  }).filter((s) => s.length > 0);
}

/** Evaluates to a number (priorities, versions); strings holding integers are accepted. */
export function evaluateToNumber(expr: CompiledExpression, ctx: ExpressionContext, where: string): number | null {
  const v = evaluate(expr, ctx, where);
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new ProcessEngineException(`${where}: expression '${expr.source}' must evaluate to a number`);
  return Math.trunc(n);
}

/**
 * Evaluates a due or follow-up date: a Date, an ISO 8601 date-time string, or an ISO 8601 duration
 * (`P5D`, `PT2H`) counted from `now` — the forms Camunda 7 accepts.
 */
export function evaluateToDate(expr: CompiledExpression, ctx: ExpressionContext, now: number, where: string): number | null {
  const v = evaluate(expr, ctx, where);
  if (v === null || v === undefined || v === '') return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string') {
    const duration = parseIsoDuration(v);
    if (duration !== null) return addDuration(now, duration);
    const d = parseEngineDate(v) ?? (Number.isNaN(Date.parse(v)) ? null : new Date(v));
    if (d) return d.getTime();
  }
  throw new ProcessEngineException(`${where}: expression '${expr.source}' must evaluate to a date, an ISO 8601 date-time or duration (got ${JSON.stringify(v)})`);
}

/** An ISO 8601 duration split into calendar and clock parts. */
export interface IsoDuration { years: number; months: number; weeks: number; days: number; hours: number; minutes: number; seconds: number }

/** Parses `PnYnMnWnDTnHnMnS`; null when the text is not a duration. */
export function parseIsoDuration(text: string): IsoDuration | null {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) return null;
  const n = (i: number) => Number(m[i] ?? 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** Adds a duration to an instant (calendar parts in local time, as Camunda's Joda-based parsing does). */
export function addDuration(from: number, d: IsoDuration): number {
  const date = new Date(from);
  date.setFullYear(date.getFullYear() + d.years, date.getMonth() + d.months, date.getDate() + d.weeks * 7 + d.days);
  return date.getTime() + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
}

// helpers ////

function evaluate(expr: CompiledExpression, ctx: ExpressionContext, where: string): unknown {
  try {
    return expr.evaluate(ctx);
  } catch (error) {
    throw new ProcessEngineException(`${where}: cannot evaluate '${expr.source}': ${(error as Error).message}`, { cause: error });
  }
}
