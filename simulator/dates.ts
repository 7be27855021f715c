// Calendar helpers on ISO dates (YYYY-MM-DD, UTC) and absolute day numbers (days since 1970-01-01).
const DAY_MS = 86_400_000;

export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOfDay(dayNumber(date) + days);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(day: number): number {
  return (day + 4) % 7;
}

export function isWeekend(day: number): boolean {
  const w = weekday(day);
  return w === 0 || w === 6;
}

export function dayOfMonth(day: number): number {
  return new Date(day * DAY_MS).getUTCDate();
}

export function firstOfMonth(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export function daysInMonth(date: string): number {
  return dayNumber(addMonths(firstOfMonth(date), 1)) - dayNumber(firstOfMonth(date));
}

/** The instant `ms` milliseconds after midnight UTC of `day`. */
export function instant(day: number, ms: number): Date {
  return new Date(day * DAY_MS + ms);
}

export function iso(day: number, ms = 0): string {
  return instant(day, ms).toISOString();
}

export function yesterdayUtc(now = new Date()): string {
  return dateOfDay(Math.floor(now.getTime() / DAY_MS) - 1);
}

export { DAY_MS };
