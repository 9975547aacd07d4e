/**
 * The Saudi business calendar behind the working-time SLA clocks (SPEC §4): a weekly schedule
 * (Sunday–Thursday 09:00–17:00 by default, split shifts allowed), a shorter Ramadan schedule, and
 * public holidays (Founding Day, National Day, Eid al-Fitr, Eid al-Adha). The Eids come from Intl's
 * Umm al-Qura calendar and stay `provisional` until `confirmHoliday` records the moon sighting.
 *
 * Pure: a calendar is an immutable value and every instant comes in as an argument. Asia/Riyadh
 * keeps UTC+03:00 all year, so Riyadh wall time is a fixed offset. Arithmetic walks day by day and
 * interval by interval (never minute by minute) and jumps whole weeks past the last special date.
 *
 * @example
 *   const cal = defaultCalendar([2027]);
 *   addWorkingMinutes(cal, new Date('2027-09-22T16:00:00+03:00'), 480);
 *   // Sunday 2027-09-26 16:00 Riyadh: one hour on Wednesday, National Day, the weekend, seven on Sunday
 */
import { addDays, DAY_MS, RIYADH_OFFSET_MS, riyadhDate } from '../../lib/time.js';
import {
  CLOCK_REASON_AR,
  type DefaultHolidayKey,
  HIJRI_ERA_AR,
  HIJRI_MONTHS_AR,
  HOLIDAY_NAMES,
  holidayReasonAr,
} from './calendar-messages.js';

// ---------------------------------------------------------------------------------------------
// Types

/** One working stretch of a day, Riyadh wall time 'HH:mm' ('24:00' allowed as an end). */
export interface WorkInterval {
  start: string;
  end: string;
}

/** Working intervals per weekday, index 0 = Sunday … 6 = Saturday (an empty list = day off). */
export type WeeklySchedule = readonly (readonly WorkInterval[])[];

export type HolidayStatus = 'provisional' | 'confirmed';

export interface Holiday {
  /** First and last day off, inclusive, Gregorian YYYY-MM-DD in Riyadh. */
  date_from: string;
  date_to: string;
  key: string;
  /** Gregorian year the holiday belongs to (the year of its first planned day); with `key` it names it. */
  year: number;
  /** The Hijri year, for holidays set by the Hijri calendar. */
  hijri_year?: number;
  name_ar: string;
  name_en: string;
  status: HolidayStatus;
}

/** A Ramadan, inclusive Gregorian dates (1 to the last day of Ramadan by Umm al-Qura). */
export interface RamadanRange {
  hijri_year: number;
  date_from: string;
  date_to: string;
}

export interface BusinessCalendar {
  readonly time_zone: 'Asia/Riyadh';
  readonly weekly: WeeklySchedule;
  /** Applied instead of `weekly` on the dates of `ramadan`. */
  readonly ramadan_weekly: WeeklySchedule;
  readonly ramadan: readonly RamadanRange[];
  readonly holidays: readonly Holiday[];
  /** Changes whenever the calendar changes, so a due time can say which calendar it used. */
  readonly version: string;
  readonly revision: number;
}

/** A Hijri month and day, e.g. { month: 9, day: 29 } = 29 Ramadan. */
export interface HijriMonthDay {
  month: number;
  day: number;
}
export interface HijriSpan {
  from: HijriMonthDay;
  to: HijriMonthDay;
}

/** A holiday's confirmed (and possibly shifted) dates, named by its key and Gregorian year. */
export interface HolidayOverride {
  key: string;
  year: number;
  date_from: string;
  date_to: string;
}

export interface CalendarOptions {
  weekly?: WeeklySchedule;
  ramadan_weekly?: WeeklySchedule;
  /** Default 29 Ramadan – 5 Shawwal. */
  fitrSpan?: HijriSpan;
  /** Default 9 – 13 Dhu al-Hijjah. */
  adhaSpan?: HijriSpan;
  /** Company-specific days off, added as given. */
  extraHolidays?: readonly Holiday[];
  /** Sighted dates: each replaces the holiday with the same key and year, and confirms it. */
  overrides?: readonly HolidayOverride[];
  /** Prefix of the version string; defaults to 'sa-<years>'. */
  versionBase?: string;
}

export type ClockKind = 'counted' | 'closed' | 'holiday' | 'weekend';

export interface ClockInterval {
  from: Date;
  to: Date;
  kind: ClockKind;
  reason_ar: string;
  holiday_key?: string;
}

// ---------------------------------------------------------------------------------------------
// Defaults

const SUN_THU = (intervals: readonly WorkInterval[]): WeeklySchedule => [
  intervals,
  intervals,
  intervals,
  intervals,
  intervals,
  [],
  [],
];

export const DEFAULT_WEEKLY: WeeklySchedule = SUN_THU([{ start: '09:00', end: '17:00' }]);
export const DEFAULT_RAMADAN_WEEKLY: WeeklySchedule = SUN_THU([{ start: '10:00', end: '16:00' }]);
export const DEFAULT_FITR_SPAN: HijriSpan = { from: { month: 9, day: 29 }, to: { month: 10, day: 5 } };
export const DEFAULT_ADHA_SPAN: HijriSpan = { from: { month: 12, day: 9 }, to: { month: 12, day: 13 } };

// Founding Day was declared in 2022; National Day has been kept since 1932 (1351 AH).
const FOUNDING_DAY_SINCE = 2022;

const MINUTE_MS = 60_000;
const WEEK_MS = 7 * DAY_MS;
// Days in a row without any working time before we call the calendar broken rather than wait.
const MAX_IDLE_DAYS = 3660;

// ---------------------------------------------------------------------------------------------
// Hijri (Umm al-Qura) via Intl

export interface HijriDate {
  year: number;
  month: number;
  day: number;
}

// Formatting a UTC midnight in UTC gives the Hijri date of that civil day.
const hijriParts = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
});
const hijriCache = new Map<string, HijriDate>();

/** The Umm al-Qura date of a Gregorian day (YYYY-MM-DD). */
export function hijriDate(date: string): HijriDate {
  const hit = hijriCache.get(date);
  if (hit) return hit;
  const out: HijriDate = { year: 0, month: 0, day: 0 };
  for (const p of hijriParts.formatToParts(new Date(`${date}T00:00:00Z`))) {
    if (p.type === 'year' || p.type === 'month' || p.type === 'day')
      out[p.type] = Number.parseInt(p.value, 10);
  }
  if (!out.year || !out.month || !out.day) throw new Error(`Intl gave no Umm al-Qura date for ${date}`);
  hijriCache.set(date, out);
  return out;
}

const monthStartCache = new Map<string, string>();

/** The Gregorian date of 1 <month> <year> AH by Umm al-Qura. */
export function hijriMonthStart(year: number, month: number): string {
  const cacheKey = `${year}-${month}`;
  const hit = monthStartCache.get(cacheKey);
  if (hit) return hit;
  const target = year * 12 + (month - 1);
  // Mean-month estimate from 1 Muharram 1 AH (16 July 622 Julian, JD 1948439.5), then correct.
  const meanDays = 1948439.5 - 2440587.5 + (target - 12) * 29.530589;
  let d = new Date(Math.round(meanDays) * DAY_MS).toISOString().slice(0, 10);
  for (let i = 0; i < 12; i++) {
    const h = hijriDate(d);
    const diff = target - (h.year * 12 + (h.month - 1));
    if (diff === 0) {
      const start = addDays(d, 1 - h.day);
      monthStartCache.set(cacheKey, start);
      return start;
    }
    // Aim at the middle of the target month so one more step lands inside it.
    d = addDays(d, Math.round(diff * 29.53) + (15 - h.day));
  }
  throw new Error(`could not place ${month}/${year} AH on the Gregorian calendar`);
}

/** Gregorian date of a Hijri month/day; a day past the month's end rolls into the next month. */
function hijriToGregorian(year: number, md: HijriMonthDay): string {
  return addDays(hijriMonthStart(year, md.month), md.day - 1);
}

// ---------------------------------------------------------------------------------------------
// Building calendars

const HHMM = /^(\d{2}):(\d{2})$/;

function parseTime(s: string): number {
  const m = HHMM.exec(s);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60)
    throw new RangeError(`bad time of day '${s}', want HH:mm`);
  return minutes;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
function checkDate(s: string, what: string): void {
  if (!ISO_DATE.test(s) || Number.isNaN(Date.parse(`${s}T00:00:00Z`)) || addDays(s, 0) !== s) {
    throw new RangeError(`${what} must be a YYYY-MM-DD date, got '${s}'`);
  }
}

/** Sorted [start, end) minute pairs of a day; rejects overlaps and empty intervals. */
function parseDay(intervals: readonly WorkInterval[], where: string): [number, number][] {
  const out = intervals
    .map((iv) => [parseTime(iv.start), parseTime(iv.end)] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  for (let i = 0; i < out.length; i++) {
    const [s, e] = out[i]!;
    if (e <= s) throw new RangeError(`${where}: interval ends before it starts`);
    if (i > 0 && s < out[i - 1]![1]) throw new RangeError(`${where}: intervals overlap`);
  }
  return out;
}

function parseWeek(week: WeeklySchedule, name: string): [number, number][][] {
  if (week.length !== 7) throw new RangeError(`${name} needs 7 days (Sunday first), got ${week.length}`);
  return week.map((day, i) => parseDay(day, `${name}[${i}]`));
}

function validate(cal: BusinessCalendar): void {
  const weekMinutes = parseWeek(cal.weekly, 'weekly')
    .flat()
    .reduce((sum, [s, e]) => sum + e - s, 0);
  parseWeek(cal.ramadan_weekly, 'ramadan_weekly');
  // The weekly schedule governs every date after the last holiday: without it the clock never ends.
  if (weekMinutes === 0)
    throw new RangeError('the calendar has no working time: the weekly schedule is empty');
  for (const h of [...cal.holidays, ...cal.ramadan]) {
    checkDate(h.date_from, 'date_from');
    checkDate(h.date_to, 'date_to');
    if (h.date_to < h.date_from)
      throw new RangeError(`date_to ${h.date_to} is before date_from ${h.date_from}`);
  }
}

// FNV-1a: a short, stable fingerprint of the calendar's content for its version string.
function fingerprint(value: unknown): string {
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(value)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

const freezeWeek = (week: WeeklySchedule): WeeklySchedule =>
  Object.freeze(week.map((day) => Object.freeze(day.map((iv) => Object.freeze({ ...iv })))));

function stamp(base: string, revision: number, body: Omit<BusinessCalendar, 'version' | 'revision'>) {
  const cal: BusinessCalendar = {
    ...body,
    // Frozen copies: a calendar is a value, and the cached index below relies on it never changing.
    weekly: freezeWeek(body.weekly),
    ramadan_weekly: freezeWeek(body.ramadan_weekly),
    ramadan: Object.freeze(body.ramadan.map((r) => Object.freeze({ ...r }))),
    holidays: Object.freeze(body.holidays.map((h) => Object.freeze({ ...h }))),
    revision,
    version: `${base}.r${revision}-${fingerprint([body.weekly, body.ramadan_weekly, body.ramadan, body.holidays])}`,
  };
  validate(cal);
  return Object.freeze(cal);
}

const byDate = (a: { date_from: string }, b: { date_from: string }) =>
  a.date_from < b.date_from ? -1 : a.date_from > b.date_from ? 1 : 0;

/**
 * A calendar from explicit parts (validated). Use it for custom schedules or holiday lists; most
 * callers want `defaultCalendar`.
 */
export function makeCalendar(parts: {
  weekly?: WeeklySchedule;
  ramadan_weekly?: WeeklySchedule;
  ramadan?: readonly RamadanRange[];
  holidays?: readonly Holiday[];
  versionBase?: string;
}): BusinessCalendar {
  return stamp(parts.versionBase ?? 'custom', 0, {
    time_zone: 'Asia/Riyadh',
    weekly: parts.weekly ?? DEFAULT_WEEKLY,
    ramadan_weekly: parts.ramadan_weekly ?? DEFAULT_RAMADAN_WEEKLY,
    ramadan: [...(parts.ramadan ?? [])].sort(byDate),
    holidays: [...(parts.holidays ?? [])].sort(byDate),
  });
}

const overlapsYear = (r: { date_from: string; date_to: string }, year: number) =>
  r.date_from <= `${year}-12-31` && r.date_to >= `${year}-01-01`;

/** The Ramadans (Umm al-Qura) that overlap the given Gregorian years. */
export function ramadanRanges(years: readonly number[]): RamadanRange[] {
  const out = new Map<number, RamadanRange>();
  for (const y of years) {
    const first = hijriDate(`${y}-01-01`).year;
    for (let h = first; h <= first + 1; h++) {
      const r = {
        hijri_year: h,
        date_from: hijriMonthStart(h, 9),
        date_to: addDays(hijriMonthStart(h, 10), -1),
      };
      if (overlapsYear(r, y)) out.set(h, r);
    }
  }
  return [...out.values()].sort(byDate);
}

function hijriHoliday(key: DefaultHolidayKey, hijriYear: number, span: HijriSpan): Holiday {
  // A span like 25 Dhu al-Hijjah – 3 Muharram ends in the next Hijri year.
  const toYear = span.to.month < span.from.month ? hijriYear + 1 : hijriYear;
  const date_from = hijriToGregorian(hijriYear, span.from);
  return {
    date_from,
    date_to: hijriToGregorian(toYear, span.to),
    key,
    year: Number(date_from.slice(0, 4)),
    hijri_year: hijriYear,
    ...HOLIDAY_NAMES[key],
    status: 'provisional',
  };
}

function fixedHoliday(key: DefaultHolidayKey, year: number, mmdd: string): Holiday {
  const date = `${year}-${mmdd}`;
  return { date_from: date, date_to: date, key, year, ...HOLIDAY_NAMES[key], status: 'confirmed' };
}

/**
 * The default Saudi calendar for the given Gregorian years: Founding Day (22 Feb) and National Day
 * (23 Sep) confirmed; Eid al-Fitr and Eid al-Adha from Umm al-Qura, provisional until sighted; the
 * Ramadan schedule on the Ramadan dates. Hijri holidays that overlap a requested year are included.
 */
export function defaultCalendar(years: readonly number[], opts: CalendarOptions = {}): BusinessCalendar {
  const uniqueYears = [...new Set(years)].sort((a, b) => a - b);
  if (uniqueYears.length === 0 || !uniqueYears.every(Number.isInteger)) {
    throw new RangeError('defaultCalendar needs at least one whole Gregorian year');
  }
  const holidays: Holiday[] = [];
  const seen = new Set<string>();
  const add = (h: Holiday) => {
    const id = `${h.key}/${h.hijri_year ?? h.year}`;
    if (!seen.has(id)) {
      seen.add(id);
      holidays.push(h);
    }
  };
  for (const y of uniqueYears) {
    if (y >= FOUNDING_DAY_SINCE) add(fixedHoliday('founding_day', y, '02-22'));
    add(fixedHoliday('national_day', y, '09-23'));
    // Up to two Hijri years touch a Gregorian year; the previous one can spill over 1 January.
    const first = hijriDate(`${y}-01-01`).year;
    for (let h = first - 1; h <= first + 1; h++) {
      for (const hol of [
        hijriHoliday('eid_al_fitr', h, opts.fitrSpan ?? DEFAULT_FITR_SPAN),
        hijriHoliday('eid_al_adha', h, opts.adhaSpan ?? DEFAULT_ADHA_SPAN),
      ]) {
        if (overlapsYear(hol, y)) add(hol);
      }
    }
  }
  holidays.push(...(opts.extraHolidays ?? []));
  for (const o of opts.overrides ?? []) {
    const at = holidays.findIndex((h) => h.key === o.key && h.year === o.year);
    if (at >= 0)
      holidays[at] = { ...holidays[at]!, date_from: o.date_from, date_to: o.date_to, status: 'confirmed' };
  }
  return stamp(opts.versionBase ?? `sa-${uniqueYears.join('.')}`, 0, {
    time_zone: 'Asia/Riyadh',
    weekly: opts.weekly ?? DEFAULT_WEEKLY,
    ramadan_weekly: opts.ramadan_weekly ?? DEFAULT_RAMADAN_WEEKLY,
    ramadan: ramadanRanges(uniqueYears),
    holidays: holidays.sort(byDate),
  });
}

/**
 * A new calendar with one holiday confirmed, and moved if the moon sighting moved it. The holiday is
 * named by its key and Gregorian `year`; the version changes.
 */
export function confirmHoliday(
  cal: BusinessCalendar,
  key: string,
  year: number,
  change: { date_from?: string; date_to?: string } = {},
): BusinessCalendar {
  const at = cal.holidays.findIndex((h) => h.key === key && h.year === year);
  if (at < 0) throw new RangeError(`no holiday '${key}' in ${year} on calendar ${cal.version}`);
  const old = cal.holidays[at]!;
  const updated: Holiday = {
    ...old,
    date_from: change.date_from ?? old.date_from,
    date_to: change.date_to ?? old.date_to,
    status: 'confirmed',
  };
  const holidays = cal.holidays.map((h, i) => (i === at ? updated : h)).sort(byDate);
  const base = cal.version.replace(/\.r\d+-[0-9a-f]{8}$/, '');
  const { version: _v, revision: _r, ...body } = cal;
  return stamp(base, cal.revision + 1, { ...body, holidays });
}

// ---------------------------------------------------------------------------------------------
// Day plans: what one Riyadh day looks like on a calendar

interface DayPlan {
  /** Working intervals as absolute epoch milliseconds, [start, end). */
  intervals: [number, number][];
  kind: 'working' | 'weekend' | 'holiday';
  ramadan: boolean;
  holiday?: Holiday;
}

interface CalendarIndex {
  weekly: [number, number][][];
  ramadanWeekly: [number, number][][];
  holidayByDay: Map<number, Holiday>;
  ramadanDays: Set<number>;
  /** Day number after which only the weekly schedule applies. */
  lastSpecialDay: number;
  weekMs: number;
  ramadanWeekMs: number;
  plans: Map<number, DayPlan>;
}

// Derived lookups are cached per calendar value; calendars are immutable, so the cache never goes stale.
const indexCache = new WeakMap<BusinessCalendar, CalendarIndex>();

/** Riyadh day number: days since 1970-01-01 in Riyadh wall time. */
const dayNumber = (t: number) => Math.floor((t + RIYADH_OFFSET_MS) / DAY_MS);
const dayOfDate = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dayStart = (n: number) => n * DAY_MS - RIYADH_OFFSET_MS;

function indexOf(cal: BusinessCalendar): CalendarIndex {
  const hit = indexCache.get(cal);
  if (hit) return hit;
  const weekly = parseWeek(cal.weekly, 'weekly');
  const ramadanWeekly = parseWeek(cal.ramadan_weekly, 'ramadan_weekly');
  const weekMs = (week: [number, number][][]) =>
    week.flat().reduce((sum, [s, e]) => sum + (e - s) * MINUTE_MS, 0);
  const idx: CalendarIndex = {
    weekly,
    ramadanWeekly,
    holidayByDay: new Map(),
    ramadanDays: new Set(),
    lastSpecialDay: Number.NEGATIVE_INFINITY,
    weekMs: weekMs(weekly),
    ramadanWeekMs: weekMs(ramadanWeekly),
    plans: new Map(),
  };
  for (const r of cal.ramadan) {
    for (let n = dayOfDate(r.date_from); n <= dayOfDate(r.date_to); n++) idx.ramadanDays.add(n);
    idx.lastSpecialDay = Math.max(idx.lastSpecialDay, dayOfDate(r.date_to));
  }
  for (const h of cal.holidays) {
    // Later entries win on overlap, so a company day off listed after a public holiday keeps its name.
    for (let n = dayOfDate(h.date_from); n <= dayOfDate(h.date_to); n++) idx.holidayByDay.set(n, h);
    idx.lastSpecialDay = Math.max(idx.lastSpecialDay, dayOfDate(h.date_to));
  }
  indexCache.set(cal, idx);
  return idx;
}

function planOf(idx: CalendarIndex, n: number): DayPlan {
  const hit = idx.plans.get(n);
  if (hit) return hit;
  const weekday = (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  const ramadan = idx.ramadanDays.has(n);
  const holiday = idx.holidayByDay.get(n);
  const base = dayStart(n);
  let plan: DayPlan;
  if (holiday) {
    plan = { intervals: [], kind: 'holiday', ramadan, holiday };
  } else {
    const minutes = (ramadan ? idx.ramadanWeekly : idx.weekly)[weekday]!;
    plan = {
      intervals: minutes.map(([s, e]) => [base + s * MINUTE_MS, base + e * MINUTE_MS]),
      kind: minutes.length ? 'working' : 'weekend',
      ramadan,
    };
  }
  idx.plans.set(n, plan);
  return plan;
}

function noWorkingTime(cal: BusinessCalendar, from: number): never {
  throw new RangeError(
    `calendar ${cal.version} has no working time after ${riyadhDate(new Date(dayStart(from)))}; check its schedule and holidays`,
  );
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

/**
 * The instant at which `minutes` of working time have passed since `start`. A start outside
 * working time begins at the next opening (a start at 17:00 counts from the next day's opening);
 * a budget that runs out exactly at a closing time is due at that closing time.
 */
export function addWorkingMinutes(cal: BusinessCalendar, start: Date, minutes: number): Date {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`working minutes must be a finite number ≥ 0, got ${minutes}`);
  }
  const idx = indexOf(cal);
  if (idx.weekMs === 0 && (idx.ramadanWeekMs === 0 || idx.ramadanDays.size === 0)) {
    noWorkingTime(cal, dayNumber(start.getTime()));
  }
  let remaining = minutes * MINUTE_MS;
  let t = start.getTime();
  let n = dayNumber(t);
  for (let idle = 0; ; ) {
    if (n > idx.lastSpecialDay) {
      if (idx.weekMs === 0) noWorkingTime(cal, n);
      // Past every holiday all weeks are alike: skip whole weeks, keeping (0, one week] to walk.
      if (t <= dayStart(n) && remaining > idx.weekMs) {
        const weeks = Math.ceil(remaining / idx.weekMs) - 1;
        remaining -= weeks * idx.weekMs;
        n += 7 * weeks;
        t = dayStart(n);
      }
    }
    const plan = planOf(idx, n);
    for (const [s, e] of plan.intervals) {
      if (e <= t) continue;
      if (t < s) t = s;
      const available = e - t;
      if (remaining <= available) return new Date(t + remaining);
      remaining -= available;
      t = e;
    }
    idle = plan.intervals.length ? 0 : idle + 1;
    if (idle > MAX_IDLE_DAYS) noWorkingTime(cal, n - idle);
    n += 1;
    t = dayStart(n);
  }
}

/** The first instant of working time at or after `at` (`at` itself while the desk is open). */
export function nextOpening(cal: BusinessCalendar, at: Date): Date {
  return addWorkingMinutes(cal, at, 0);
}

/** Whether the desk is open at `at`: inside a working interval, start inclusive, end exclusive. */
export function isWorkingTime(cal: BusinessCalendar, at: Date): boolean {
  const t = at.getTime();
  return planOf(indexOf(cal), dayNumber(t)).intervals.some(([s, e]) => s <= t && t < e);
}

/**
 * Working minutes between two instants (fractional when the instants are). Negative when `b` is
 * before `a`, so `workingMinutesBetween(cal, a, addWorkingMinutes(cal, a, m)) === m`.
 */
export function workingMinutesBetween(cal: BusinessCalendar, a: Date, b: Date): number {
  const from = a.getTime();
  const to = b.getTime();
  if (to < from) return 0 - workingMinutesBetween(cal, b, a); // 0 - x: never -0
  const idx = indexOf(cal);
  let total = 0;
  let n = dayNumber(from);
  const last = dayNumber(to);
  while (n <= last) {
    if (n > idx.lastSpecialDay && dayStart(n) >= from) {
      const weeks = Math.floor((to - dayStart(n)) / WEEK_MS);
      total += weeks * idx.weekMs;
      n += 7 * weeks;
    }
    for (const [s, e] of planOf(idx, n).intervals) {
      const lo = Math.max(s, from);
      const hi = Math.min(e, to);
      if (hi > lo) total += hi - lo;
    }
    n += 1;
  }
  return total / MINUTE_MS;
}

/**
 * The stretches between `a` and `b`, in order, each with whether it counted and why: working time
 * ('counted'), hours outside the day's intervals ('closed'), a holiday, or a day with no schedule
 * ('weekend'). Neighbouring stretches of the same kind and reason are merged.
 */
export function explain(cal: BusinessCalendar, a: Date, b: Date): ClockInterval[] {
  const from = a.getTime();
  const to = b.getTime();
  const out: ClockInterval[] = [];
  if (to <= from) return out;
  const idx = indexOf(cal);
  const push = (lo: number, hi: number, kind: ClockKind, reason_ar: string, holiday_key?: string) => {
    lo = Math.max(lo, from);
    hi = Math.min(hi, to);
    if (hi <= lo) return;
    const prev = out.at(-1);
    if (prev && prev.kind === kind && prev.reason_ar === reason_ar && prev.holiday_key === holiday_key) {
      prev.to = new Date(hi);
      return;
    }
    const item: ClockInterval = { from: new Date(lo), to: new Date(hi), kind, reason_ar };
    if (holiday_key !== undefined) item.holiday_key = holiday_key;
    out.push(item);
  };
  for (let n = dayNumber(from); n <= dayNumber(to); n++) {
    const plan = planOf(idx, n);
    const start = dayStart(n);
    const end = dayStart(n + 1);
    if (plan.holiday) {
      push(
        start,
        end,
        'holiday',
        holidayReasonAr(plan.holiday.name_ar, plan.holiday.status),
        plan.holiday.key,
      );
    } else if (plan.kind === 'weekend') {
      push(start, end, 'weekend', CLOCK_REASON_AR.weekend);
    } else {
      const closed = plan.ramadan ? CLOCK_REASON_AR.closed_ramadan : CLOCK_REASON_AR.closed;
      const counted = plan.ramadan ? CLOCK_REASON_AR.counted_ramadan : CLOCK_REASON_AR.counted;
      let t = start;
      for (const [s, e] of plan.intervals) {
        push(t, s, 'closed', closed);
        push(s, e, 'counted', counted);
        t = e;
      }
      push(t, end, 'closed', closed);
    }
  }
  return out;
}

/** The holiday on a Riyadh date (YYYY-MM-DD), if any. */
export function holidayOn(cal: BusinessCalendar, date: string): Holiday | undefined {
  return indexOf(cal).holidayByDay.get(dayOfDate(date));
}

/** An instant in both calendars, Riyadh time: '2026-03-20 09:00' and '1 شوال 1447 هـ'. */
export function formatDual(at: Date): { gregorian: string; hijri: string } {
  const wall = new Date(at.getTime() + RIYADH_OFFSET_MS).toISOString();
  const date = wall.slice(0, 10);
  const h = hijriDate(date);
  return {
    gregorian: `${date} ${wall.slice(11, 16)}`,
    hijri: `${h.day} ${HIJRI_MONTHS_AR[h.month - 1]} ${h.year} ${HIJRI_ERA_AR}`,
  };
}
