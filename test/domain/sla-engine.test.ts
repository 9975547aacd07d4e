import { describe, expect, it } from 'vitest';
import { defaultCalendar } from '../../src/contexts/sla/calendar.js';
import {
  alertBit,
  breachCause,
  type ClockSpec,
  countedUntil,
  instantAt,
  planAlerts,
  replay,
  runningSegments,
} from '../../src/contexts/sla/engine.js';

const cal = defaultCalendar([2026, 2027]);
const wall: ClockSpec = { clock: 'calendar', calendar: cal };
const work: ClockSpec = { clock: 'business', calendar: cal };
const d = (s: string) => new Date(s);
const THU_16 = d('2026-11-19T16:00:00+03:00');

describe('clock replay', () => {
  it('running stretches follow the status history; repeated or early changes are harmless', () => {
    const segs = runningSegments(THU_16, [
      { at: d('2026-11-19T16:30:00+03:00'), status: 'pending_customer' },
      { at: d('2026-11-19T16:40:00+03:00'), status: 'pending_customer' },
      { at: d('2026-11-22T09:00:00+03:00'), status: 'open' },
      { at: d('2026-11-22T09:00:00+03:00'), status: 'open' },
    ]);
    expect(segs).toEqual([
      { from: THU_16, to: d('2026-11-19T16:30:00+03:00') },
      { from: d('2026-11-22T09:00:00+03:00'), to: null },
    ]);
    expect(countedUntil(work, segs, d('2026-11-22T10:00:00+03:00'))).toBe(90);
    expect(instantAt(work, segs, 480)?.toISOString()).toBe(d('2026-11-22T16:30:00+03:00').toISOString());
  });

  it('a target is unknown while paused before it, and known when reached before the pause', () => {
    const r = replay(wall, THU_16, [{ at: d('2026-11-19T17:00:00+03:00'), status: 'pending_customer' }], {
      first_response_minutes: 30,
      resolution_minutes: 240,
    });
    expect(r.first_response_due_at?.toISOString()).toBe(d('2026-11-19T16:30:00+03:00').toISOString());
    expect(r.resolution_due_at).toBeNull();
    expect(r.state).toEqual({ anchor: null, counted: 60 });
  });
});

describe('alerts', () => {
  const input = (over: Partial<Parameters<typeof planAlerts>[0]> = {}) => ({
    priority: 'P0' as const,
    spec: wall,
    state: { anchor: THU_16, counted: 0 },
    targets: { first_response_minutes: 30, resolution_minutes: 240 },
    first_response_met: false,
    resolved: false,
    alerts_fired: 0,
    ...over,
  });

  it('wakes at 50 %, fires the highest level due and skips the ones it overtook', () => {
    expect(planAlerts(input(), THU_16)).toEqual({ due: [], next_alert_at: d('2026-11-19T16:15:00+03:00') });
    const late = planAlerts(input(), d('2026-11-19T16:28:00+03:00'));
    expect(late.due.map((a) => [a.target, a.level, a.action])).toEqual([
      ['first_response', 50, 'skip'],
      ['first_response', 75, 'skip'],
      ['first_response', 90, 'fire'],
    ]);
    const bits =
      alertBit('first_response', 50) | alertBit('first_response', 75) | alertBit('first_response', 90);
    expect(planAlerts(input({ alerts_fired: bits }), d('2026-11-19T16:28:00+03:00')).next_alert_at).toEqual(
      d('2026-11-19T16:30:00+03:00'),
    );
  });

  it('P2/P3 warnings wait for business hours; breaches do not', () => {
    const p2 = input({
      priority: 'P2',
      spec: work,
      targets: { first_response_minutes: 480, resolution_minutes: 1440 },
      alerts_fired: alertBit('resolution', 50),
    });
    // 75 % of 8 h = 6 h: Thursday 16–17 and Sunday 09–14; at Friday noon nothing fires and it waits for Sunday.
    const friday = planAlerts(
      { ...p2, alerts_fired: p2.alerts_fired | alertBit('first_response', 50) },
      d('2026-11-20T12:00:00+03:00'),
    );
    expect(friday.due).toEqual([]);
    expect(friday.next_alert_at).toEqual(d('2026-11-22T14:00:00+03:00'));
    const night = planAlerts(p2, d('2026-11-19T23:00:00+03:00'));
    expect(night.due).toEqual([]);
    expect(night.next_alert_at).toEqual(d('2026-11-22T12:00:00+03:00'));
  });

  it('a met first response, a resolution or a pause stop the alerts', () => {
    expect(planAlerts(input({ first_response_met: true }), THU_16).next_alert_at).toEqual(
      d('2026-11-19T18:00:00+03:00'),
    );
    expect(planAlerts(input({ resolved: true }), THU_16)).toEqual({ due: [], next_alert_at: null });
    expect(planAlerts(input({ state: { anchor: null, counted: 10 } }), THU_16)).toEqual({
      due: [],
      next_alert_at: null,
    });
  });

  it('a late first response is blamed on drafting, approval or sending', () => {
    const due = d('2026-11-22T16:00:00+03:00');
    expect(breachCause(due, null, null)).toBe('drafting');
    expect(breachCause(due, d('2026-11-23T09:00:00+03:00'), null)).toBe('drafting');
    expect(breachCause(due, THU_16, null)).toBe('approval');
    expect(breachCause(due, THU_16, d('2026-11-22T16:01:00+03:00'))).toBe('approval');
    expect(breachCause(due, THU_16, due)).toBe('response');
  });
});
