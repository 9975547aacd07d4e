import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  DEFAULT_WEEKLY,
  defaultCalendar,
  makeCalendar,
  type WeeklySchedule,
} from '../../src/contexts/sla/calendar.js';
import {
  CALENDAR_SPAN_YEARS,
  calendarFor,
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

/** The plain Sunday–Thursday 09:00–17:00 week: no holidays, no Ramadan. */
const PLAIN = makeCalendar({});

// September 2027: Thu 16, Fri 17, Sat 18, Sun 19, Mon 20, Tue 21, Wed 22, Thu 23 (National Day).
describe('SLA due times on the default policy, without holidays', () => {
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
    const d = dueTimes(priority, riyadh(opened), PLAIN);
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

  it('holidays do not move wall-clock priorities', () => {
    const d = dueTimes('P0', riyadh('2027-09-22 23:50'));
    expect(wall(d.first_response_due_at)).toBe('2027-09-23 00:20');
    expect(wall(d.resolution_due_at)).toBe('2027-09-23 03:50');
    expect(d.clock).toBe('calendar');
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

  it('a calendar with no working time at all is reported, not looped on forever', () => {
    const noWeek: WeeklySchedule = [[], [], [], [], [], [], []];
    const broken: BusinessCalendar = { ...PLAIN, weekly: noWeek, ramadan_weekly: noWeek };
    expect(() => dueTimes('P2', riyadh('2027-09-19 10:00'), broken)).toThrow(/no working time/);
  });
});

// 2027 on the Saudi calendar: Ramadan 1448 is 8 Feb – 8 Mar (10:00–16:00), Founding Day Monday
// 22 Feb, Eid al-Fitr 1448 is 29 Ramadan – 5 Shawwal = Monday 8 – Saturday 13 Mar (1 Shawwal is
// Tuesday 9 Mar), Eid al-Adha 15–19 May, National Day Thursday 23 Sep.
describe('SLA due times on the Saudi business calendar', () => {
  it.each([
    [
      'a P2 opened Wednesday 22 Sep 2027 16:00 is due Sunday 26 Sep 16:00 (National Day skipped)',
      'P2',
      '2027-09-22 16:00',
      '2027-09-26 16:00',
      '2027-09-28 16:00',
    ],
    [
      'a P3 opened Thursday 16 Sep 10:00 resolves a working week later, past National Day',
      'P3',
      '2027-09-16 10:00',
      '2027-09-21 10:00',
      '2027-09-26 10:00',
    ],
    [
      'a P3 opened on 1 Shawwal 1448 (Eid al-Fitr) counts from Sunday 14 Mar 09:00',
      'P3',
      '2027-03-09 10:00',
      '2027-03-16 17:00',
      '2027-03-18 17:00',
    ],
    [
      'a P2 opened on the last day of Eid counts from the next opening too',
      'P2',
      '2027-03-13 12:00',
      '2027-03-14 17:00',
      '2027-03-16 17:00',
    ],
    [
      'a P2 opened during Ramadan counts 6-hour days (10:00–16:00)',
      'P2',
      '2027-02-15 16:00',
      '2027-02-17 12:00',
      '2027-02-21 16:00',
    ],
    [
      'a P2 opened in Ramadan at 09:30 waits for the 10:00 opening',
      'P2',
      '2027-02-10 09:30',
      '2027-02-11 12:00',
      '2027-02-15 16:00',
    ],
    [
      'a P2 in Ramadan skips Founding Day (Monday 22 Feb 2027)',
      'P2',
      '2027-02-21 13:00',
      '2027-02-23 15:00',
      '2027-02-28 13:00',
    ],
    [
      'a P3 opened before Eid al-Adha 1448 waits until after it',
      'P3',
      '2027-05-13 16:00',
      '2027-05-24 16:00',
      '2027-05-26 16:00',
    ],
    [
      'a P0 opened Friday 23:50 is due Saturday 00:20',
      'P0',
      '2027-09-17 23:50',
      '2027-09-18 00:20',
      '2027-09-18 03:50',
    ],
    ['a P1 ignores the Eid: wall clock', 'P1', '2027-03-09 10:00', '2027-03-09 12:00', '2027-03-10 10:00'],
  ] as const)('%s', (_name, priority, opened, firstDue, resolutionDue) => {
    const d = dueTimes(priority, riyadh(opened));
    expect({ first: wall(d.first_response_due_at), resolution: wall(d.resolution_due_at) }).toEqual({
      first: firstDue,
      resolution: resolutionDue,
    });
    expect(d.calendar_version).toBe(calendarFor(riyadh(opened)).version);
  });

  it('the default calendar covers the opening year ± 2 and is built once per year range', () => {
    const a = calendarFor(riyadh('2027-01-01 00:00'));
    expect(calendarFor(riyadh('2027-12-31 23:59'))).toBe(a);
    expect(a.version).toBe(defaultCalendar([2025, 2026, 2027, 2028, 2029]).version);
    expect(CALENDAR_SPAN_YEARS).toBe(2);
    // 31 Dec 2026 23:30 UTC is already 2027 in Riyadh.
    expect(calendarFor(new Date('2026-12-31T23:30:00Z'))).toBe(a);
    expect(calendarFor(riyadh('2026-12-31 23:59'))).not.toBe(a);
  });

  it('a custom calendar is used as given (a company day off moves the due time)', () => {
    const cal = makeCalendar({
      weekly: DEFAULT_WEEKLY,
      holidays: [
        {
          date_from: '2027-09-19',
          date_to: '2027-09-19',
          key: 'company_day',
          year: 2027,
          name_ar: 'إجازة الشركة',
          name_en: 'Company day',
          status: 'confirmed',
        },
      ],
    });
    const d = dueTimes('P2', riyadh('2027-09-16 16:00'), cal);
    expect(wall(d.first_response_due_at)).toBe('2027-09-20 16:00');
    expect(d.calendar_version).toBe(cal.version);
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
