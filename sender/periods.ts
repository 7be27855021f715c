// Calendar arithmetic for snapshot periods (UTC dates, end exclusive as in Cost Explorer).
import { addDays, addMonths, type Period } from '../snapshot/index.js';

export { addDays, addMonths };

/** YYYY-MM-DD of an instant, in UTC. */
export function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function dailyPeriod(date: string): Period {
  return { granularity: 'DAILY', start: date, end: addDays(date, 1) };
}

/** The calendar month starting at `monthStart` (a 1st). */
export function monthlyPeriod(monthStart: string): Period {
  return { granularity: 'MONTHLY', start: monthStart, end: addMonths(monthStart, 1) };
}

/** The same length of time immediately before: the previous day, or the previous calendar month. */
export function previousPeriod(period: Period): { start: string; end: string } {
  return period.granularity === 'MONTHLY' ? { start: addMonths(period.start, -1), end: period.start } : { start: addDays(period.start, -1), end: period.start };
}

/** Every day in [start, end). */
export function daysOf(period: { start: string; end: string }): string[] {
  const days: string[] = [];
  for (let d = period.start; d < period.end; d = addDays(d, 1)) days.push(d);
  return days;
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The 1st of the month after the one containing `date`. */
export function nextMonthStart(date: string): string {
  return addMonths(`${date.slice(0, 7)}-01`, 1);
}

/** The period as instants, [start, end): periods are UTC calendar dates. */
export function periodBounds(period: { start: string; end: string }): { start: Date; end: Date } {
  return { start: new Date(`${period.start}T00:00:00Z`), end: new Date(`${period.end}T00:00:00Z`) };
}
