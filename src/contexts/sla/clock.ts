/**
 * A ticket's SLA clocks, explained: for each target (first response, resolution) the due time, the
 * stretches from opening to the due time (or to now / when it was met, whichever is later) with
 * whether each counted and why, minutes counted so far, minutes left and the state. Pure: the
 * calendar and `now` come in as arguments.
 */
import { round } from '../../lib/errors.js';
import { type ClockInterval, explain } from './calendar.js';
import type { SlaClock } from './deadlines.js';
import { type ClockSpec, countedUntil, type RunningSegment } from './engine.js';

export type TargetState = 'running' | 'met' | 'breached' | 'paused';
export type TargetKind = 'first_response' | 'resolution';

/** Why every minute counts on a wall-clock (P0/P1) target. */
export const WALL_CLOCK_REASON_AR = 'أولوية عاجلة: الوقت يُحتسب على مدار الساعة';
/** Why nothing counts while the ticket waits on the customer. */
export const PAUSED_REASON_AR = 'بانتظار رد العميل: العدّاد متوقف';
/** Why nothing counts after the ticket was resolved. */
export const STOPPED_REASON_AR = 'تم حل التذكرة: العدّاد متوقف';

export type ExplainedInterval = Omit<ClockInterval, 'kind'> & {
  kind: ClockInterval['kind'] | 'paused' | 'stopped';
};

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
  intervals: ExplainedInterval[];
}

export interface TicketClockInput {
  opened_at: Date;
  first_response_due_at: Date;
  resolution_due_at: Date;
  first_response_at: Date | null;
  resolved_at: Date | null;
  first_response_minutes: number;
  resolution_minutes: number;
  /** When the clock ran (runningSegments of the status history). */
  segments: readonly RunningSegment[];
}

export interface TicketClock {
  clock: SlaClock;
  calendar_version: string;
  now: Date;
  targets: ClockTarget[];
}

/**
 * Each target's clock: counted, paused and excluded stretches with reasons. While the ticket
 * waits on the customer an unmet target is 'paused'; after resolution an unmet first response is
 * judged at the resolution.
 */
export function ticketClock(t: TicketClockInput, spec: ClockSpec, now: Date): TicketClock {
  const wall = spec.clock === 'calendar';
  const opened = t.opened_at.getTime();
  const last = t.segments.at(-1);
  const running = last !== undefined && last.to === null;
  const stoppedAt = t.resolved_at;
  const intervals = (to: Date): ExplainedInterval[] => {
    const out: ExplainedInterval[] = [];
    let at = opened;
    const gap = (until: number) => {
      if (until <= at) return;
      const stopped = stoppedAt !== null && at >= stoppedAt.getTime();
      out.push({
        from: new Date(at),
        to: new Date(until),
        kind: stopped ? 'stopped' : 'paused',
        reason_ar: stopped ? STOPPED_REASON_AR : PAUSED_REASON_AR,
      });
    };
    for (const s of t.segments) {
      if (s.from.getTime() >= to.getTime()) break;
      gap(s.from.getTime());
      const end = s.to === null || s.to.getTime() > to.getTime() ? to : s.to;
      if (wall) out.push({ from: s.from, to: end, kind: 'counted', reason_ar: WALL_CLOCK_REASON_AR });
      else out.push(...explain(spec.calendar, s.from, end));
      at = end.getTime();
    }
    gap(to.getTime());
    return out;
  };
  const target = (kind: TargetKind, due: Date, met: Date | null, minutes: number): ClockTarget => {
    const until = met ?? (kind === 'first_response' && stoppedAt ? stoppedAt : now);
    const spent = countedUntil(spec, t.segments, until);
    const end = until.getTime() > due.getTime() ? until : due;
    const breached = met
      ? met.getTime() > due.getTime()
      : spent >= minutes && until.getTime() > due.getTime();
    const state: TargetState = breached ? 'breached' : met ? 'met' : running ? 'running' : 'paused';
    return {
      kind,
      due_at: due,
      met_at: met,
      target_minutes: minutes,
      counted_minutes: round(spent, 2),
      minutes_left: round(Math.max(0, minutes - spent), 2),
      state,
      intervals: intervals(end),
    };
  };
  return {
    clock: spec.clock,
    calendar_version: spec.calendar.version,
    now,
    targets: [
      target('first_response', t.first_response_due_at, t.first_response_at, t.first_response_minutes),
      target('resolution', t.resolution_due_at, t.resolved_at, t.resolution_minutes),
    ],
  };
}
