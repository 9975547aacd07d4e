import { describe, expect, it } from 'vitest';
import {
  addWorkingMinutes,
  type BusinessCalendar,
  confirmHoliday,
  DEFAULT_WEEKLY,
  defaultCalendar,
  explain,
  formatDual,
  type Holiday,
  holidayOn,
  isWorkingTime,
  makeCalendar,
  nextOpening,
  type WeeklySchedule,
  workingMinutesBetween,
} from '../../src/contexts/sla/calendar.js';

/** An instant written as Riyadh wall time, e.g. '2027-09-16 16:00'. */
const riyadh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+03:00`);
/** The Riyadh wall time of an instant, in the same format. */
const wall = (d: Date) => formatDual(d).gregorian;
const nextDay = (date: string, days = 1) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Intl's own Umm al-Qura reading of a Gregorian day, independent of the module under test. */
const umalqura = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'numeric',
  year: 'numeric',
});
const hijriOf = (date: string) => {
  const parts = umalqura.formatToParts(new Date(`${date}T00:00:00Z`));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day') };
};

const cal = defaultCalendar([2026, 2027, 2028]);
const holiday = (c: BusinessCalendar, key: string, year: number): Holiday => {
  const h = c.holidays.find((x) => x.key === key && x.year === year);
  if (!h) throw new Error(`no ${key} ${year}`);
  return h;
};

// September 2027: Thu 16, Fri 17, Sat 18, Sun 19, Mon 20, Tue 21, Wed 22, Thu 23 (National Day).
describe('working-time arithmetic on the default Saudi calendar', () => {
  it.each([
    [
      'a P2 first response (8 working hours) opened Thursday 16:00 is due Sunday 16:00',
      '2027-09-16 16:00',
      480,
      '2027-09-19 16:00',
    ],
    [
      'a P2 resolution (24 working hours) opened Thursday 16:00 is due Tuesday 16:00',
      '2027-09-16 16:00',
      1440,
      '2027-09-21 16:00',
    ],
    [
      'a P3 (24 working hours) opened Thursday 10:00 is due Tuesday 10:00',
      '2027-09-16 10:00',
      1440,
      '2027-09-21 10:00',
    ],
    [
      '8 working hours from Wednesday 16:00 skip National Day on Thursday and land on Sunday 16:00',
      '2027-09-22 16:00',
      480,
      '2027-09-26 16:00',
    ],
    ['a start at 17:00 counts from the next day 09:00', '2027-09-19 17:00', 60, '2027-09-20 10:00'],
    [
      'a budget that runs out exactly at closing is due at 17:00, not at the next opening',
      '2027-09-19 16:00',
      60,
      '2027-09-19 17:00',
    ],
    ['a ticket opened on Friday night starts on Sunday morning', '2027-09-17 20:00', 60, '2027-09-19 10:00'],
    ['zero minutes inside working time is the start itself', '2027-09-20 11:30', 0, '2027-09-20 11:30'],
    ['zero minutes before opening is the opening', '2027-09-20 07:00', 0, '2027-09-20 09:00'],
  ])('%s', (_name, start, minutes, due) => {
    expect(wall(addWorkingMinutes(cal, riyadh(start), minutes))).toBe(due);
    expect(workingMinutesBetween(cal, riyadh(start), riyadh(due))).toBe(minutes);
  });

  it.each([
    ['09:00 on a Sunday is open', '2027-09-19 09:00', true, '2027-09-19 09:00'],
    ['16:59 is open', '2027-09-19 16:59', true, '2027-09-19 16:59'],
    ['17:00 is closed and the next opening is Monday 09:00', '2027-09-19 17:00', false, '2027-09-20 09:00'],
    ['Thursday 17:30 is closed until Sunday', '2027-09-16 17:30', false, '2027-09-19 09:00'],
    ['National Day is closed until the Sunday after', '2027-09-23 10:00', false, '2027-09-26 09:00'],
  ])('%s', (_name, at, open, opening) => {
    expect(isWorkingTime(cal, riyadh(at))).toBe(open);
    expect(wall(nextOpening(cal, riyadh(at)))).toBe(opening);
  });

  it('rejects a negative or non-finite budget', () => {
    expect(() => addWorkingMinutes(cal, riyadh('2027-09-19 10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(cal, riyadh('2027-09-19 10:00'), Number.NaN)).toThrow(RangeError);
  });

  it('skips whole weeks past the last holiday and still lands on the right minute', () => {
    // 1000 working days with no holidays = 200 weeks exactly.
    const plain = makeCalendar({});
    const due = addWorkingMinutes(plain, riyadh('2030-01-01 16:00'), 480 * 1000);
    expect(wall(due)).toBe('2033-11-01 16:00');
    expect(workingMinutesBetween(plain, riyadh('2030-01-01 16:00'), due)).toBe(480_000);
  });
});

describe('Eid holidays from the Umm al-Qura calendar', () => {
  it.each([
    ['Eid al-Fitr 1447', 'eid_al_fitr', 2026, 1447, { month: 9, day: 29 }, { month: 10, day: 5 }],
    ['Eid al-Adha 1447', 'eid_al_adha', 2026, 1447, { month: 12, day: 9 }, { month: 12, day: 13 }],
    ['Eid al-Fitr 1448', 'eid_al_fitr', 2027, 1448, { month: 9, day: 29 }, { month: 10, day: 5 }],
    ['Eid al-Adha 1448', 'eid_al_adha', 2027, 1448, { month: 12, day: 9 }, { month: 12, day: 13 }],
    ['Eid al-Fitr 1449', 'eid_al_fitr', 2028, 1449, { month: 9, day: 29 }, { month: 10, day: 5 }],
    ['Eid al-Adha 1449', 'eid_al_adha', 2028, 1449, { month: 12, day: 9 }, { month: 12, day: 13 }],
  ])(
    '%s falls on the Gregorian dates Intl gives, provisional until sighted',
    (name, key, year, hYear, from, to) => {
      const h = holiday(cal, key, year);
      console.log(`${name}: ${h.date_from} → ${h.date_to} (${h.status})`);
      expect(h).toMatchObject({ hijri_year: hYear, status: 'provisional' });
      expect(hijriOf(h.date_from)).toEqual({ year: hYear, ...from });
      expect(hijriOf(h.date_to)).toEqual({ year: hYear, ...to });
      const before = hijriOf(nextDay(h.date_from, -1));
      expect([before.month, before.day]).toEqual([from.month, from.day - 1]);
      const after = hijriOf(nextDay(h.date_to));
      expect([after.month, after.day]).toEqual([to.month, to.day + 1]);
    },
  );

  it('lists every Ramadan of the years with its Umm al-Qura bounds', () => {
    expect(cal.ramadan.map((r) => r.hijri_year)).toEqual([1447, 1448, 1449]);
    for (const r of cal.ramadan) {
      expect(hijriOf(r.date_from)).toEqual({ year: r.hijri_year, month: 9, day: 1 });
      expect(hijriOf(r.date_to).month).toBe(9);
      expect(hijriOf(nextDay(r.date_to))).toEqual({ year: r.hijri_year, month: 10, day: 1 });
    }
  });

  it.each([
    ['a ticket opened during Eid al-Fitr starts on the first working day after it', 'eid_al_fitr'],
    ['a ticket opened during Eid al-Adha starts on the first working day after it', 'eid_al_adha'],
  ])('%s', (_name, key) => {
    const h = holiday(cal, key, 2026);
    const opened = riyadh(`${nextDay(h.date_from, 2)} 10:00`);
    expect(holidayOn(cal, nextDay(h.date_from, 2))?.key).toBe(key);
    const starts = nextOpening(cal, opened);
    expect(starts.getTime()).toBeGreaterThan(riyadh(`${nextDay(h.date_to)} 00:00`).getTime() - 1);
    expect(workingMinutesBetween(cal, opened, riyadh(`${nextDay(h.date_to)} 00:00`))).toBe(0);
    expect(isWorkingTime(cal, starts)).toBe(true);
  });

  it('puts the 2026 Eids on the expected days (Intl Umm al-Qura data)', () => {
    expect([holiday(cal, 'eid_al_fitr', 2026).date_from, holiday(cal, 'eid_al_fitr', 2026).date_to]).toEqual([
      '2026-03-18',
      '2026-03-24',
    ]);
    expect(wall(nextOpening(cal, riyadh('2026-03-20 10:00')))).toBe('2026-03-25 09:00');
    expect(wall(nextOpening(cal, riyadh('2026-05-27 10:00')))).toBe('2026-05-31 09:00');
  });
});

// Ramadan 1447: 18 Feb – 19 Mar 2026; Founding Day falls on Sunday 22 Feb 2026.
describe('Ramadan hours', () => {
  it.each([
    [
      'a Ramadan day counts 6 hours, so 8 working hours roll into the next day',
      '2026-03-02 10:00',
      480,
      '2026-03-03 12:00',
    ],
    ['a start at 09:30 in Ramadan waits for the 10:00 opening', '2026-03-02 09:30', 60, '2026-03-02 11:00'],
    ['the Ramadan day closes at 16:00', '2026-03-02 15:00', 60, '2026-03-02 16:00'],
    ['Founding Day inside Ramadan is skipped too', '2026-02-19 15:00', 480, '2026-02-24 11:00'],
  ])('%s', (_name, start, minutes, due) => {
    expect(wall(addWorkingMinutes(cal, riyadh(start), minutes))).toBe(due);
  });

  it('counts 360 minutes over a whole Ramadan working day and 480 over a normal one', () => {
    expect(workingMinutesBetween(cal, riyadh('2026-03-02 00:00'), riyadh('2026-03-03 00:00'))).toBe(360);
    expect(workingMinutesBetween(cal, riyadh('2026-04-06 00:00'), riyadh('2026-04-07 00:00'))).toBe(480);
  });
});

describe('split shifts', () => {
  const split = makeCalendar({
    weekly: [0, 1, 2, 3, 4, 5, 6].map((d) =>
      d < 5
        ? [
            { start: '13:00', end: '17:00' },
            { start: '09:00', end: '12:00' },
          ]
        : [],
    ),
  });
  it.each([
    ['two hours from 11:00 skip the 12:00–13:00 break', '2027-09-19 11:00', 120, '2027-09-19 14:00'],
    ['a budget ending exactly at the break is due at 12:00', '2027-09-19 11:00', 60, '2027-09-19 12:00'],
    ['a ticket opened during the break starts at 13:00', '2027-09-19 12:30', 30, '2027-09-19 13:30'],
    ['a working day holds 7 hours', '2027-09-19 09:00', 420, '2027-09-19 17:00'],
    ['one minute more rolls to the next morning', '2027-09-19 09:00', 421, '2027-09-20 09:01'],
  ])('%s', (_name, start, minutes, due) => {
    expect(wall(addWorkingMinutes(split, riyadh(start), minutes))).toBe(due);
    expect(workingMinutesBetween(split, riyadh(start), riyadh(due))).toBe(minutes);
  });

  it('rejects overlapping or backwards intervals', () => {
    const bad = (day: { start: string; end: string }[]): WeeklySchedule => [day, [], [], [], [], [], []];
    expect(() =>
      makeCalendar({
        weekly: bad([
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ]),
      }),
    ).toThrow(/overlap/);
    expect(() => makeCalendar({ weekly: bad([{ start: '17:00', end: '09:00' }]) })).toThrow(/ends before/);
    expect(() => makeCalendar({ weekly: bad([{ start: '9:00', end: '17:00' }]) })).toThrow(/HH:mm/);
  });
});

describe('confirming holidays after the moon sighting', () => {
  // In this scenario the sighting moves Eid al-Fitr 1447 one day later than Umm al-Qura.
  const opened = riyadh('2026-03-17 15:00');

  it('shifting Eid al-Fitr changes the due date and bumps the version', () => {
    const before = addWorkingMinutes(cal, opened, 480);
    const shifted = confirmHoliday(cal, 'eid_al_fitr', 2026, {
      date_from: '2026-03-19',
      date_to: '2026-03-25',
    });
    const after = addWorkingMinutes(shifted, opened, 480);
    expect(wall(before)).toBe('2026-03-25 16:00');
    expect(wall(after)).toBe('2026-03-26 10:00');
    expect(shifted.version).not.toBe(cal.version);
    expect(shifted.revision).toBe(cal.revision + 1);
    expect(holiday(shifted, 'eid_al_fitr', 2026)).toMatchObject({
      date_from: '2026-03-19',
      status: 'confirmed',
    });
    // The original calendar is a value and does not change.
    expect(holiday(cal, 'eid_al_fitr', 2026)).toMatchObject({
      date_from: '2026-03-18',
      status: 'provisional',
    });
    expect(wall(addWorkingMinutes(cal, opened, 480))).toBe('2026-03-25 16:00');
  });

  it('confirming without a shift keeps the dates and still gives a new version', () => {
    const confirmed = confirmHoliday(cal, 'eid_al_adha', 2026);
    expect(holiday(confirmed, 'eid_al_adha', 2026)).toMatchObject({
      ...holiday(cal, 'eid_al_adha', 2026),
      status: 'confirmed',
    });
    expect(confirmed.version).not.toBe(cal.version);
    expect(confirmHoliday(confirmed, 'eid_al_fitr', 2026).revision).toBe(2);
  });

  it('refuses an unknown holiday or a backwards range', () => {
    expect(() => confirmHoliday(cal, 'eid_al_fitr', 2031)).toThrow(/no holiday/);
    expect(() => confirmHoliday(cal, 'eid_al_fitr', 2026, { date_to: '2026-03-01' })).toThrow(/before/);
  });
});

describe('workingMinutesBetween is the inverse of addWorkingMinutes', () => {
  // mulberry32: a tiny deterministic generator, so every run checks the same cases.
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const split = makeCalendar({
    weekly: DEFAULT_WEEKLY.map((day) =>
      day.length
        ? [
            { start: '08:00', end: '11:45' },
            { start: '12:15', end: '16:30' },
          ]
        : [],
    ),
  });
  const span = riyadh('2029-01-01 00:00').getTime() - riyadh('2026-01-01 00:00').getTime();

  it.each([
    ['default calendar, seed 1', cal, 1],
    ['default calendar, seed 42', cal, 42],
    ['default calendar, seed 2027', cal, 2027],
    ['split-shift calendar, seed 7', split, 7],
  ])('%s', (_name, calendar, seed) => {
    const next = rng(seed);
    for (let i = 0; i < 200; i++) {
      const start = new Date(riyadh('2026-01-01 00:00').getTime() + Math.floor(next() * span));
      const minutes = Math.floor(next() * 6000);
      const due = addWorkingMinutes(calendar, start, minutes);
      expect(workingMinutesBetween(calendar, start, due)).toBe(minutes);
      expect(workingMinutesBetween(calendar, due, start)).toBe(0 - minutes);
      // And the other way round whenever the end is in working time.
      const end = new Date(start.getTime() + Math.floor(next() * 30 * 86_400_000));
      if (isWorkingTime(calendar, end)) {
        expect(
          addWorkingMinutes(calendar, start, workingMinutesBetween(calendar, start, end)).getTime(),
        ).toBe(end.getTime());
      }
    }
  });
});

describe('explaining a ticket clock', () => {
  it('shows the counted hours, the evening, National Day and the weekend with reasons', () => {
    const rows = explain(cal, riyadh('2027-09-22 16:00'), riyadh('2027-09-26 16:00')).map((r) => ({
      from: wall(r.from),
      to: wall(r.to),
      kind: r.kind,
      reason_ar: r.reason_ar,
      holiday_key: r.holiday_key,
    }));
    expect(rows).toEqual([
      {
        from: '2027-09-22 16:00',
        to: '2027-09-22 17:00',
        kind: 'counted',
        reason_ar: 'ضمن ساعات الدوام',
        holiday_key: undefined,
      },
      {
        from: '2027-09-22 17:00',
        to: '2027-09-23 00:00',
        kind: 'closed',
        reason_ar: 'خارج ساعات العمل',
        holiday_key: undefined,
      },
      {
        from: '2027-09-23 00:00',
        to: '2027-09-24 00:00',
        kind: 'holiday',
        reason_ar: 'إجازة اليوم الوطني',
        holiday_key: 'national_day',
      },
      {
        from: '2027-09-24 00:00',
        to: '2027-09-26 00:00',
        kind: 'weekend',
        reason_ar: 'عطلة نهاية الأسبوع',
        holiday_key: undefined,
      },
      {
        from: '2027-09-26 00:00',
        to: '2027-09-26 09:00',
        kind: 'closed',
        reason_ar: 'خارج ساعات العمل',
        holiday_key: undefined,
      },
      {
        from: '2027-09-26 09:00',
        to: '2027-09-26 16:00',
        kind: 'counted',
        reason_ar: 'ضمن ساعات الدوام',
        holiday_key: undefined,
      },
    ]);
  });

  it('merges a multi-day Eid into one stretch, marks it provisional and tiles the range exactly', () => {
    const a = riyadh('2026-03-17 15:00');
    const b = riyadh('2026-03-25 16:00');
    const rows = explain(cal, a, b);
    const eid = rows.filter((r) => r.kind === 'holiday');
    expect(eid).toHaveLength(1);
    expect(eid[0]).toMatchObject({
      holiday_key: 'eid_al_fitr',
      from: riyadh('2026-03-18 00:00'),
      to: riyadh('2026-03-25 00:00'),
    });
    expect(eid[0]?.reason_ar).toContain('عيد الفطر');
    expect(eid[0]?.reason_ar).toContain('مبدئي');
    expect(rows[0]).toMatchObject({ kind: 'counted', reason_ar: 'ضمن دوام رمضان' });
    // Contiguous, and the counted stretches add up to the working minutes.
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.from).toEqual(rows[i - 1]?.to);
    expect(rows[0]?.from).toEqual(a);
    expect(rows.at(-1)?.to).toEqual(b);
    const counted = rows
      .filter((r) => r.kind === 'counted')
      .reduce((sum, r) => sum + (r.to.getTime() - r.from.getTime()) / 60_000, 0);
    expect(counted).toBe(workingMinutesBetween(cal, a, b));
  });

  it('gives nothing for an empty or backwards range', () => {
    expect(explain(cal, riyadh('2027-09-22 16:00'), riyadh('2027-09-22 16:00'))).toEqual([]);
    expect(explain(cal, riyadh('2027-09-22 16:00'), riyadh('2027-09-22 15:00'))).toEqual([]);
  });
});

describe('calendars with no working time', () => {
  const noWeek: WeeklySchedule = [[], [], [], [], [], [], []];

  it('refuses to build a calendar whose weekly schedule is empty', () => {
    expect(() => defaultCalendar([2027], { weekly: noWeek })).toThrow(/no working time/);
    expect(() => makeCalendar({ weekly: noWeek })).toThrow(/no working time/);
  });

  it.each([
    ['a hand-built calendar with no hours at all', { ...cal, weekly: noWeek, ramadan_weekly: noWeek }],
    [
      'a calendar whose holidays cover the next twenty years',
      makeCalendar({
        holidays: [
          {
            key: 'closed',
            year: 2027,
            date_from: '2027-01-01',
            date_to: '2046-12-31',
            name_ar: 'مغلق',
            name_en: 'Closed',
            status: 'confirmed',
          },
        ],
      }),
    ],
  ])('throws a clear error instead of looping: %s', (_name, broken) => {
    expect(() => addWorkingMinutes(broken, riyadh('2027-09-19 10:00'), 60)).toThrow(/no working time/);
    expect(() => nextOpening(broken, riyadh('2027-09-19 10:00'))).toThrow(/no working time/);
  });

  // Ramadan 1449 starts on Friday 28 Jan 2028, so the first Ramadan working day is Sunday 30 Jan.
  it('a hand-built calendar with Ramadan hours only runs out after the last Ramadan', () => {
    const ramadanOnly: BusinessCalendar = { ...cal, weekly: noWeek };
    expect(wall(addWorkingMinutes(ramadanOnly, riyadh('2027-09-19 10:00'), 60))).toBe('2028-01-30 11:00');
    expect(() => addWorkingMinutes(ramadanOnly, riyadh('2028-06-01 10:00'), 60)).toThrow(/no working time/);
  });
});

describe('dual dates', () => {
  it.each([
    ['the first day of Shawwal 1447 at opening', '2026-03-20 09:00', '1 شوال 1447 هـ'],
    ['Riyadh midnight already belongs to the new day', '2026-03-20 00:00', '1 شوال 1447 هـ'],
    ['the last minute before it is still Ramadan', '2026-03-19 23:59', '30 رمضان 1447 هـ'],
    ['National Day 2027', '2027-09-23 10:00', '22 ربيع الآخر 1449 هـ'],
  ])('%s', (_name, at, hijri) => {
    expect(formatDual(riyadh(at))).toEqual({ gregorian: at, hijri });
  });
});
