/**
 * A ticket's SLA clocks, explained: for each target (first response, resolution) the due time, the
 * stretches from opening to the due time (or to now / when it was met, whichever is later) with
 * whether each counted and why, minutes counted so far, minutes left and the state. Pure: the
 * calendar and `now` come in as arguments.
 */
import { round } from '../../lib/errors.js';
import type { Priority } from '../support/priorities.js';
import { type BusinessCalendar, type ClockInterval, explain, workingMinutesBetween } from './calendar.js';
import { DEFAULT_SLA_POLICY, type SlaClock, type SlaPolicy } from './deadlines.js';

export type TargetState = 'running' | 'met' | 'breached';
export type TargetKind = 'first_response' | 'resolution';

/** Why every minute counts on a wall-clock (P0/P1) target. */
export const WALL_CLOCK_REASON_AR = 'أولوية عاجلة: الوقت يُحتسب على مدار الساعة';

export interface ClockTarget {
  kind: TargetKind;
  due_at: Date;
  met_at: Date | null;
  target_minutes: number;
  /** Counted minutes from opening to when the target was met, or to `now` while it is not. */
  counted_minutes: number;
  /** Counted minutes still available before the due time (0 once spent). */
  minutes_left: number;
  state: TargetState;
  /** The stretches from opening to the later of the due time and the measuring point. */
  intervals: ClockInterval[];
}

export interface TicketClockInput {
  priority: Priority;
  opened_at: Date;
  first_response_due_at: Date;
  resolution_due_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
}

export interface TicketClock {
  clock: SlaClock;
  calendar_version: string;
  now: Date;
  targets: ClockTarget[];
}

/** Same rule as slaBreaches(): met late or unmet and past due is a breach. */
function stateOf(due: Date, met: Date | null, now: Date): TargetState {
  if (met) return met.getTime() > due.getTime() ? 'breached' : 'met';
  return now.getTime() > due.getTime() ? 'breached' : 'running';
}

export function ticketClock(
  t: TicketClockInput,
  calendar: BusinessCalendar,
  now: Date,
  policy: SlaPolicy = DEFAULT_SLA_POLICY,
): TicketClock {
  const row = policy[t.priority];
  const wall = row.clock === 'calendar';
  const opened = t.opened_at.getTime();
  const counted = (to: Date) => {
    if (to.getTime() <= opened) return 0;
    return wall ? (to.getTime() - opened) / 60_000 : workingMinutesBetween(calendar, t.opened_at, to);
  };
  const intervals = (to: Date): ClockInterval[] => {
    if (to.getTime() <= opened) return [];
    if (wall) return [{ from: t.opened_at, to, kind: 'counted', reason_ar: WALL_CLOCK_REASON_AR }];
    return explain(calendar, t.opened_at, to);
  };
  const target = (kind: TargetKind, due: Date, met: Date | null, minutes: number): ClockTarget => {
    const until = met ?? now;
    const spent = counted(until);
    const end = until.getTime() > due.getTime() ? until : due;
    return {
      kind,
      due_at: due,
      met_at: met,
      target_minutes: minutes,
      counted_minutes: round(spent, 2),
      minutes_left: round(Math.max(0, minutes - spent), 2),
      state: stateOf(due, met, now),
      intervals: intervals(end),
    };
  };
  return {
    clock: row.clock,
    calendar_version: calendar.version,
    now,
    targets: [
      target('first_response', t.first_response_due_at, t.first_response_at, row.first_response_minutes),
      target('resolution', t.resolution_due_at, t.resolved_at, row.resolution_hours * 60),
    ],
  };
}
