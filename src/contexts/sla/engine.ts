/**
 * The stored SLA engine's clock, pure. A ticket's clocks (first response and resolution) count
 * from its opening, on the wall clock or in working time, and pause while it waits on the customer
 * (`pending_customer`). Everything is derived from the status history, so the same history always
 * gives the same deadlines (`replay`); the running state (`ClockState`: minutes counted before an
 * anchor) lets the scheduler place thresholds without the history.
 *
 * Alerts: warnings at 50, 75 and 90 % of each target and a breach at 100 %, each once per ticket
 * and target (a bit in `alerts_fired`). When several are due at once only the highest fires and the
 * lower ones are skipped as stale. P2/P3 warnings wait for business hours; breaches never wait.
 */
import type { Priority } from '../support/priorities.js';
import {
  addWorkingMinutes,
  type BusinessCalendar,
  isWorkingTime,
  nextOpening,
  workingMinutesBetween,
} from './calendar.js';
import type { SlaClock, SlaPolicyRow } from './deadlines.js';

const MINUTE_MS = 60_000;

export interface ClockSpec {
  clock: SlaClock;
  calendar: BusinessCalendar;
}

/** Minutes counted between two instants on a clock (0 when b ≤ a). */
export function countBetween(spec: ClockSpec, a: Date, b: Date): number {
  if (b.getTime() <= a.getTime()) return 0;
  return spec.clock === 'calendar'
    ? (b.getTime() - a.getTime()) / MINUTE_MS
    : workingMinutesBetween(spec.calendar, a, b);
}

/** The instant at which `minutes` more have been counted from `a`. */
export function addCounted(spec: ClockSpec, a: Date, minutes: number): Date {
  return spec.clock === 'calendar'
    ? new Date(a.getTime() + minutes * MINUTE_MS)
    : addWorkingMinutes(spec.calendar, a, minutes);
}

/** Ticket statuses as the clock sees them. */
export type ClockMode = 'running' | 'paused' | 'stopped';
export function clockModeOf(status: string): ClockMode {
  if (status === 'pending_customer') return 'paused';
  if (status === 'resolved' || status === 'closed') return 'stopped';
  return 'running';
}

/** One status change of the history: the ticket entered `status` at `at`. */
export interface StatusChange {
  at: Date;
  status: string;
}

/** A stretch during which the clock ran; `to` null = still running. */
export interface RunningSegment {
  from: Date;
  to: Date | null;
}

/** The stretches the clock ran, from the opening through the status history (sorted by time). */
export function runningSegments(openedAt: Date, history: readonly StatusChange[]): RunningSegment[] {
  const out: RunningSegment[] = [];
  let open: Date | null = openedAt;
  for (const c of history) {
    const running = clockModeOf(c.status) === 'running';
    if (running && open === null) open = c.at.getTime() < openedAt.getTime() ? openedAt : c.at;
    else if (!running && open !== null) {
      if (c.at.getTime() > open.getTime()) out.push({ from: open, to: c.at });
      open = null;
    }
  }
  if (open !== null) out.push({ from: open, to: null });
  return out;
}

/** Minutes counted up to `at` over the running stretches. */
export function countedUntil(spec: ClockSpec, segments: readonly RunningSegment[], at: Date): number {
  let total = 0;
  for (const s of segments) {
    if (s.from.getTime() >= at.getTime()) break;
    const end = s.to === null || s.to.getTime() > at.getTime() ? at : s.to;
    total += countBetween(spec, s.from, end);
  }
  return total;
}

/**
 * The instant the clock reaches `minutes`, or null when it has not and is not running (paused or
 * stopped first). A budget that runs out exactly when a pause starts is due at that instant.
 */
export function instantAt(
  spec: ClockSpec,
  segments: readonly RunningSegment[],
  minutes: number,
): Date | null {
  let remaining = minutes;
  for (const s of segments) {
    const candidate = addCounted(spec, s.from, remaining);
    if (s.to === null || candidate.getTime() <= s.to.getTime()) return candidate;
    remaining -= countBetween(spec, s.from, s.to);
  }
  return null;
}

/** Enough state to go on counting: `counted` minutes before `anchor`; anchor null = not running. */
export interface ClockState {
  anchor: Date | null;
  counted: number;
}

/** The clock's state as of the end of the history. */
export function stateOf(spec: ClockSpec, segments: readonly RunningSegment[]): ClockState {
  const last = segments.at(-1);
  if (!last || last.to !== null) {
    return { anchor: null, counted: segments.reduce((n, s) => n + countBetween(spec, s.from, s.to!), 0) };
  }
  return { anchor: last.from, counted: countedUntil(spec, segments, last.from) };
}

export interface Targets {
  first_response_minutes: number;
  resolution_minutes: number;
}

export const targetsOf = (row: SlaPolicyRow): Targets => ({
  first_response_minutes: row.first_response_minutes,
  resolution_minutes: row.resolution_hours * 60,
});

export interface Replay {
  segments: RunningSegment[];
  state: ClockState;
  /** Null while paused or stopped before the target was reached. */
  first_response_due_at: Date | null;
  resolution_due_at: Date | null;
}

/** Deadlines and state from the opening, the status history and the targets — deterministic. */
export function replay(
  spec: ClockSpec,
  openedAt: Date,
  history: readonly StatusChange[],
  targets: Targets,
): Replay {
  const segments = runningSegments(openedAt, history);
  return {
    segments,
    state: stateOf(spec, segments),
    first_response_due_at: instantAt(spec, segments, targets.first_response_minutes),
    resolution_due_at: instantAt(spec, segments, targets.resolution_minutes),
  };
}

// ---------------------------------------------------------------------------------------------
// Alerts

export const ALERT_TARGETS = ['first_response', 'resolution'] as const;
export type AlertTarget = (typeof ALERT_TARGETS)[number];
export const ALERT_LEVELS = [50, 75, 90, 100] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

/** The bit of `alerts_fired` for one target and level. */
export const alertBit = (target: AlertTarget, level: AlertLevel) =>
  1 << (ALERT_TARGETS.indexOf(target) * ALERT_LEVELS.length + ALERT_LEVELS.indexOf(level));

export interface AlertInput {
  priority: Priority;
  spec: ClockSpec;
  state: ClockState;
  targets: Targets;
  first_response_met: boolean;
  resolved: boolean;
  alerts_fired: number;
}

export interface DueAlert {
  target: AlertTarget;
  level: AlertLevel;
  /** When the threshold was (or will be) crossed; for a threshold crossed before the anchor, the anchor. */
  at: Date;
  /** 'fire' for the highest due level of a target, 'skip' for lower ones overtaken by it. */
  action: 'fire' | 'skip';
}

export interface AlertPlan {
  /** Alerts to fire or skip now (empty when nothing is due, or a P2/P3 warning waits for opening). */
  due: DueAlert[];
  /** When to look at the ticket next; null when nothing more can fire (met, paused, stopped). */
  next_alert_at: Date | null;
}

/** Warnings on the business clock wait for business hours; breaches never do. */
const waitsForOpening = (p: Priority) => p === 'P2' || p === 'P3';

/** What is due for a ticket at `now`, and when it next needs a look. */
export function planAlerts(a: AlertInput, now: Date): AlertPlan {
  const due: DueAlert[] = [];
  let next: number | null = null;
  const consider = (t: number) => {
    if (next === null || t < next) next = t;
  };
  if (a.state.anchor === null) return { due, next_alert_at: null };
  const anchor = a.state.anchor;
  const open = isWorkingTime(a.spec.calendar, now);
  for (const target of ALERT_TARGETS) {
    if (target === 'first_response' ? a.first_response_met || a.resolved : a.resolved) continue;
    const total =
      target === 'first_response' ? a.targets.first_response_minutes : a.targets.resolution_minutes;
    const pending: DueAlert[] = [];
    for (const level of ALERT_LEVELS) {
      if (a.alerts_fired & alertBit(target, level)) continue;
      const minutes = (total * level) / 100;
      const at = minutes <= a.state.counted ? anchor : addCounted(a.spec, anchor, minutes - a.state.counted);
      if (at.getTime() <= now.getTime()) pending.push({ target, level, at, action: 'skip' });
      else {
        // The next threshold of this target: warnings of P2/P3 are placed at the next opening.
        const when =
          level < 100 && waitsForOpening(a.priority)
            ? nextOpening(a.spec.calendar, at).getTime()
            : at.getTime();
        consider(when);
        break;
      }
    }
    const top = pending.at(-1);
    if (!top) continue;
    if (top.level < 100 && waitsForOpening(a.priority) && !open) {
      // A warning due out of hours waits for the opening (or for the breach, whichever comes first).
      consider(nextOpening(a.spec.calendar, now).getTime());
      continue;
    }
    top.action = 'fire';
    due.push(...pending);
  }
  return { due, next_alert_at: next === null ? null : new Date(next) };
}

/** Why a first response came late: no draft ready by the due time, not approved by then, or not sent. */
export type BreachCause = 'drafting' | 'approval' | 'response';
export function breachCause(dueAt: Date, draftReadyAt: Date | null, approvedAt: Date | null): BreachCause {
  if (draftReadyAt === null || draftReadyAt.getTime() > dueAt.getTime()) return 'drafting';
  if (approvedAt === null || approvedAt.getTime() > dueAt.getTime()) return 'approval';
  return 'response';
}
