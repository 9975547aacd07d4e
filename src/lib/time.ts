/**
 * Asia/Riyadh calendar helpers. Riyadh keeps UTC+03:00 all year (no daylight saving), so local
 * wall time is a fixed offset; Hijri dates come from Intl's Umm al-Qura calendar.
 */
export const RIYADH_OFFSET_MS = 3 * 60 * 60 * 1000;
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Day of week in Riyadh: 0 = Sunday … 6 = Saturday. */
export function riyadhWeekday(at: Date): number {
  return new Date(at.getTime() + RIYADH_OFFSET_MS).getUTCDay();
}

/** The Riyadh calendar date (YYYY-MM-DD) of an instant. */
export function riyadhDate(at: Date): string {
  return new Date(at.getTime() + RIYADH_OFFSET_MS).toISOString().slice(0, 10);
}

/** Midnight Riyadh time of the calendar day `date` (YYYY-MM-DD) as an instant. */
export function riyadhMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - RIYADH_OFFSET_MS);
}

/** Sunday–Thursday is the Saudi work week. */
export function isWorkday(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d !== 5 && d !== 6;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The first `count` business days starting at `from` (inclusive when `from` is itself a business
 * day). `isHoliday` lets a business calendar exclude public holidays.
 */
export function businessDays(
  from: string,
  count: number,
  isHoliday: (date: string) => boolean = () => false,
): string[] {
  const out: string[] = [];
  let d = from;
  for (let guard = 0; out.length < count && guard < count * 10 + 60; guard++) {
    if (isWorkday(d) && !isHoliday(d)) out.push(d);
    d = addDays(d, 1);
  }
  return out;
}

const hijriFormat = new Intl.DateTimeFormat('ar-SA-u-ca-islamic-umalqura-nu-latn', {
  timeZone: 'Asia/Riyadh',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** A date in both calendars, as shown to people. */
export function dualDate(at: Date): { gregorian: string; hijri: string } {
  return { gregorian: riyadhDate(at), hijri: hijriFormat.format(at) };
}
