/**
 * Due times for the stored SLA engine (SPEC §4 default policy). P0 and P1 run on the wall clock;
 * P2 and P3 run on working time: Sunday–Thursday, 09:00–17:00 Asia/Riyadh, public holidays
 * excluded. Pure: every instant comes in as an argument.
 *
 * @example
 *   dueTimes('P2', new Date('2027-09-16T16:00:00+03:00')).first_response_due_at
 *   // Sunday 2027-09-19 16:00 Riyadh: one hour on Thursday, seven on Sunday
 */
import { addDays, isWorkday, riyadhDate, riyadhMidnight } from '../../lib/time.js';
import type { Priority } from '../support/priorities.js';

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

/** Working hours in Riyadh local time. */
export const WORKDAY_OPENS_HOUR = 9;
export const WORKDAY_CLOSES_HOUR = 17;

/** Whether a Riyadh calendar date (YYYY-MM-DD) is a public holiday. */
export type IsHoliday = (date: string) => boolean;
export const noHolidays: IsHoliday = () => false;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
// A calendar with no working day in ten years is a configuration error, not a long wait.
const MAX_DAYS_SCANNED = 3660;

/**
 * The instant at which `minutes` of working time have passed since `start`. Time outside working
 * hours does not count, so a ticket opened on Friday or at 20:00 starts at the next opening. A
 * budget that runs out exactly at 17:00 is due at 17:00, not at the next opening.
 */
export function addWorkingMinutes(start: Date, minutes: number, isHoliday: IsHoliday = noHolidays): Date {
  if (!Number.isFinite(minutes) || minutes < 0) {
    throw new RangeError(`working minutes must be a finite number ≥ 0, got ${minutes}`);
  }
  let remaining = minutes * MINUTE_MS;
  let t = start.getTime();
  let date = riyadhDate(start);
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
    if (isWorkday(date) && !isHoliday(date)) {
      const midnight = riyadhMidnight(date).getTime();
      const opens = midnight + WORKDAY_OPENS_HOUR * HOUR_MS;
      const closes = midnight + WORKDAY_CLOSES_HOUR * HOUR_MS;
      if (t < opens) t = opens;
      if (t < closes) {
        const available = closes - t;
        if (remaining <= available) return new Date(t + remaining);
        remaining -= available;
      }
    }
    date = addDays(date, 1);
    t = riyadhMidnight(date).getTime();
  }
  throw new RangeError('no working time found within ten years; check the holiday calendar');
}

export interface DueTimes {
  first_response_due_at: Date;
  resolution_due_at: Date;
  clock: SlaClock;
}

/** First-response and resolution due times of a ticket opened at `openedAt`. */
export function dueTimes(
  priority: Priority,
  openedAt: Date,
  isHoliday: IsHoliday = noHolidays,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): DueTimes {
  const row = policy[priority];
  if (row.clock === 'calendar') {
    return {
      first_response_due_at: new Date(openedAt.getTime() + row.first_response_minutes * MINUTE_MS),
      resolution_due_at: new Date(openedAt.getTime() + row.resolution_hours * HOUR_MS),
      clock: 'calendar',
    };
  }
  return {
    first_response_due_at: addWorkingMinutes(openedAt, row.first_response_minutes, isHoliday),
    resolution_due_at: addWorkingMinutes(openedAt, row.resolution_hours * 60, isHoliday),
    clock: 'business',
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
