import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  DEFAULT_SLA_POLICY,
  dueTimes,
  nextDueAt,
  type SlaState,
  slaBreaches,
} from '../../src/contexts/sla/deadlines.js';
import type { Priority } from '../../src/contexts/support/priorities.js';

/** An instant written as Riyadh wall time, e.g. '2027-09-16 16:00'. */
const riyadh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+03:00`);
/** The Riyadh wall time of an instant, in the same format. */
const wall = (d: Date) => new Date(d.getTime() + 3 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

// September 2027: Thu 16, Fri 17, Sat 18, Sun 19, Mon 20, Tue 21, Wed 22, Thu 23 (National Day).
describe('SLA due times on the default policy', () => {
  it.each([
    [
      'a P0 opened Friday 23:50 is due Saturday 00:20 and resolved by 03:50',
      'P0',
      '2027-09-17 23:50',
      '2027-09-18 00:20',
      '2027-09-18 03:50',
      'calendar',
    ],
    [
      'a P1 runs on the wall clock through the weekend',
      'P1',
      '2027-09-16 16:00',
      '2027-09-16 18:00',
      '2027-09-17 16:00',
      'calendar',
    ],
    [
      'a P2 opened Thursday 16:00 is due Sunday 16:00 and resolved by Tuesday 16:00',
      'P2',
      '2027-09-16 16:00',
      '2027-09-19 16:00',
      '2027-09-21 16:00',
      'business',
    ],
    [
      'a P3 opened Thursday 10:00 is due Tuesday 10:00 and resolved a working week later',
      'P3',
      '2027-09-16 10:00',
      '2027-09-21 10:00',
      '2027-09-23 10:00',
      'business',
    ],
    [
      'a P2 opened on Friday starts counting at Sunday 09:00',
      'P2',
      '2027-09-17 12:00',
      '2027-09-19 17:00',
      '2027-09-21 17:00',
      'business',
    ],
    [
      'a P2 opened at 20:00 starts counting at the next opening',
      'P2',
      '2027-09-19 20:00',
      '2027-09-20 17:00',
      '2027-09-22 17:00',
      'business',
    ],
    [
      'a P2 opened before 09:00 starts counting at 09:00 the same day',
      'P2',
      '2027-09-19 07:30',
      '2027-09-19 17:00',
      '2027-09-21 17:00',
      'business',
    ],
    [
      'a P2 opened exactly at 17:00 starts counting the next working day',
      'P2',
      '2027-09-19 17:00',
      '2027-09-20 17:00',
      '2027-09-22 17:00',
      'business',
    ],
    [
      'a P2 opened exactly at 09:00 is due at 17:00 the same day, not the next morning',
      'P2',
      '2027-09-19 09:00',
      '2027-09-19 17:00',
      '2027-09-21 17:00',
      'business',
    ],
    [
      'a P3 opened Thursday 16:59 still counts its last working minute',
      'P3',
      '2027-09-16 16:59',
      '2027-09-21 16:59',
      '2027-09-23 16:59',
      'business',
    ],
  ] as const)('%s', (_name, priority, opened, firstDue, resolutionDue, clock) => {
    const d = dueTimes(priority, riyadh(opened));
    expect({
      first: wall(d.first_response_due_at),
      resolution: wall(d.resolution_due_at),
      clock: d.clock,
    }).toEqual({
      first: firstDue,
      resolution: resolutionDue,
      clock,
    });
  });

  it('a P2 opened Wednesday 22 Sep 2027 16:00 with the 23rd a holiday is due Sunday 26 Sep 16:00', () => {
    const d = dueTimes('P2', riyadh('2027-09-22 16:00'), (date) => date === '2027-09-23');
    expect(wall(d.first_response_due_at)).toBe('2027-09-26 16:00');
    expect(wall(d.resolution_due_at)).toBe('2027-09-28 16:00');
  });

  it('holidays do not move wall-clock priorities', () => {
    const d = dueTimes('P0', riyadh('2027-09-22 16:00'), () => true);
    expect(wall(d.first_response_due_at)).toBe('2027-09-22 16:30');
  });

  it('the policy numbers are 30 min / 4 h, 2 h / 24 h, 8 / 24 and 24 / 40 working hours', () => {
    expect(
      (['P0', 'P1', 'P2', 'P3'] as Priority[]).map((p) => {
        const r = DEFAULT_SLA_POLICY[p];
        return [p, r.first_response_minutes, r.resolution_hours, r.clock];
      }),
    ).toEqual([
      ['P0', 30, 4, 'calendar'],
      ['P1', 120, 24, 'calendar'],
      ['P2', 480, 24, 'business'],
      ['P3', 1440, 40, 'business'],
    ]);
  });

  it('a calendar with no working day at all is reported, not looped on forever', () => {
    expect(() => addWorkingMinutes(riyadh('2027-09-19 10:00'), 60, () => true)).toThrow(/holiday calendar/);
  });

  it('negative working time is refused', () => {
    expect(() => addWorkingMinutes(riyadh('2027-09-19 10:00'), -1)).toThrow(RangeError);
  });
});

describe('SLA breaches and the next due time', () => {
  const state = (over: Partial<SlaState> = {}): SlaState => ({
    first_response_due_at: riyadh('2027-09-19 10:00'),
    resolution_due_at: riyadh('2027-09-21 10:00'),
    first_response_at: null,
    resolved_at: null,
    ...over,
  });

  it.each([
    ['nothing breaches before the first due time', {}, '2027-09-19 09:59', []],
    ['exactly at the due time is not yet a breach', {}, '2027-09-19 10:00', []],
    [
      'an unanswered ticket breaches one minute after its first-response due time',
      {},
      '2027-09-19 10:01',
      ['first_response'],
    ],
    [
      'an answer in time never breaches',
      { first_response_at: riyadh('2027-09-19 09:00') },
      '2027-09-20 10:00',
      [],
    ],
    [
      'a late answer stays a breach',
      { first_response_at: riyadh('2027-09-19 11:00') },
      '2027-09-19 12:00',
      ['first_response'],
    ],
    ['both targets can breach', {}, '2027-09-22 10:00', ['first_response', 'resolution']],
    [
      'a ticket resolved in time does not breach resolution later',
      { first_response_at: riyadh('2027-09-19 09:00'), resolved_at: riyadh('2027-09-20 09:00') },
      '2027-10-01 10:00',
      [],
    ],
  ] as const)('%s', (_name, over, now, kinds) => {
    expect(slaBreaches(state(over), riyadh(now)).map((b) => b.kind)).toEqual(kinds);
  });

  it('a pending breach has no met time; a late one records when it was met', () => {
    const late = riyadh('2027-09-19 11:00');
    expect(slaBreaches(state(), riyadh('2027-09-19 11:00'))[0]?.met_at).toBeNull();
    expect(slaBreaches(state({ first_response_at: late }), late)[0]?.met_at).toEqual(late);
  });

  it('the next due time is the first response, then the resolution, then nothing', () => {
    expect(nextDueAt(state())).toEqual(riyadh('2027-09-19 10:00'));
    expect(nextDueAt(state({ first_response_at: riyadh('2027-09-19 09:00') }))).toEqual(
      riyadh('2027-09-21 10:00'),
    );
    expect(
      nextDueAt(
        state({ first_response_at: riyadh('2027-09-19 09:00'), resolved_at: riyadh('2027-09-19 09:30') }),
      ),
    ).toBeNull();
  });
});
