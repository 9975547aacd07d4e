/**
 * Due times for the stored SLA engine (SPEC §4 default policy). P0 and P1 run on the wall clock;
 * P2 and P3 run on working time on the Saudi business calendar (calendar.ts): Sunday–Thursday,
 * 09:00–17:00 Asia/Riyadh, shorter Ramadan hours, public holidays (Founding Day, National Day, the
 * Eids) excluded. Pure: every instant comes in as an argument.
 *
 * @example
 *   dueTimes('P2', new Date('2027-09-22T16:00:00+03:00')).first_response_due_at
 *   // Sunday 2027-09-26 16:00 Riyadh: one hour on Wednesday, National Day, the weekend, seven on Sunday
 */
import { riyadhDate } from '../../lib/time.js';
import type { Priority } from '../support/priorities.js';
import { addWorkingMinutes, type BusinessCalendar, defaultCalendar } from './calendar.js';

export type SlaClock = 'calendar' | 'business';

export interface SlaPolicyRow {
  first_response_minutes: number;
  resolution_hours: number;
  clock: SlaClock;
}
export type SlaPolicy = Readonly<Record<Priority, SlaPolicyRow>>;

/** The default policy; on the business clock the numbers are working minutes and hours. */
export const DEFAULT_SLA_POLICY: SlaPolicy = {
  P0: { first_response_minutes: 30, resolution_hours: 4, clock: 'calendar' },
  P1: { first_response_minutes: 120, resolution_hours: 24, clock: 'calendar' },
  P2: { first_response_minutes: 480, resolution_hours: 24, clock: 'business' },
  P3: { first_response_minutes: 1440, resolution_hours: 40, clock: 'business' },
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** Years either side of an instant's year that its default calendar covers. */
export const CALENDAR_SPAN_YEARS = 2;
const calendars = new Map<string, BusinessCalendar>();

/**
 * The default Saudi calendar for an instant: its Riyadh year ± 2, built once per year range and
 * cached, so every ticket opened in the same year gets the very same calendar (and version).
 */
export function calendarFor(at: Date): BusinessCalendar {
  const year = Number(riyadhDate(at).slice(0, 4));
  if (!Number.isInteger(year)) throw new RangeError(`no calendar for an invalid time (${String(at)})`);
  const key = `${year - CALENDAR_SPAN_YEARS}..${year + CALENDAR_SPAN_YEARS}`;
  let cal = calendars.get(key);
  if (!cal) {
    const years = Array.from(
      { length: 2 * CALENDAR_SPAN_YEARS + 1 },
      (_, i) => year - CALENDAR_SPAN_YEARS + i,
    );
    cal = defaultCalendar(years);
    calendars.set(key, cal);
  }
  return cal;
}

export interface DueTimes {
  first_response_due_at: Date;
  resolution_due_at: Date;
  clock: SlaClock;
  /** Version of the business calendar the due times were computed with. */
  calendar_version: string;
}

/**
 * First-response and resolution due times of a ticket opened at `openedAt`. Working-time
 * priorities count on `calendar` (default: the Saudi calendar around `openedAt`); wall-clock
 * priorities ignore it.
 */
export function dueTimes(
  priority: Priority,
  openedAt: Date,
  calendar: BusinessCalendar = calendarFor(openedAt),
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): DueTimes {
  const row = policy[priority];
  if (row.clock === 'calendar') {
    return {
      first_response_due_at: new Date(openedAt.getTime() + row.first_response_minutes * MINUTE_MS),
      resolution_due_at: new Date(openedAt.getTime() + row.resolution_hours * HOUR_MS),
      clock: 'calendar',
      calendar_version: calendar.version,
    };
  }
  return {
    first_response_due_at: addWorkingMinutes(calendar, openedAt, row.first_response_minutes),
    resolution_due_at: addWorkingMinutes(calendar, openedAt, row.resolution_hours * 60),
    clock: 'business',
    calendar_version: calendar.version,
  };
}

/** The SLA clocks of one ticket: its due times and when each target was met, if it was. */
export interface SlaState {
  first_response_due_at: Date;
  resolution_due_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
}

export interface SlaBreach {
  kind: 'first_response' | 'resolution';
  due_at: Date;
  /** When the target was met (late), or null while it is still overdue. */
  met_at: Date | null;
}

/**
 * Targets missed as of `now`: met after its due time, or not met and already past it. A breach
 * stays a breach once the late answer arrives, so reports count it.
 */
export function slaBreaches(s: SlaState, now: Date): SlaBreach[] {
  const out: SlaBreach[] = [];
  const missed = (due: Date, met: Date | null) =>
    met ? met.getTime() > due.getTime() : now.getTime() > due.getTime();
  if (missed(s.first_response_due_at, s.first_response_at))
    out.push({ kind: 'first_response', due_at: s.first_response_due_at, met_at: s.first_response_at });
  if (missed(s.resolution_due_at, s.resolved_at))
    out.push({ kind: 'resolution', due_at: s.resolution_due_at, met_at: s.resolved_at });
  return out;
}

/** The earliest target still open, or null when nothing is due (resolved). */
export function nextDueAt(s: SlaState): Date | null {
  if (s.resolved_at) return null;
  if (s.first_response_at) return s.resolution_due_at;
  return s.first_response_due_at.getTime() <= s.resolution_due_at.getTime()
    ? s.first_response_due_at
    : s.resolution_due_at;
}
