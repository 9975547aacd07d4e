import { describe, expect, it } from 'vitest';
import { parseWeek, previousWeek, shiftWeek, weekOf, weeksInYear } from '../../src/contexts/sla/report.js';
import { DomainError } from '../../src/lib/errors.js';

const range = (w: { starts_at: Date; ends_at: Date }) => [w.starts_at.toISOString(), w.ends_at.toISOString()];

describe('SLA report weeks (Sunday 00:00 Riyadh, numbered like ISO weeks)', () => {
  it.each([
    ['2027-W38', '2027-09-18T21:00:00.000Z', '2027-09-25T21:00:00.000Z'],
    ['2027-W01', '2027-01-02T21:00:00.000Z', '2027-01-09T21:00:00.000Z'],
    ['2026-W53', '2026-12-26T21:00:00.000Z', '2027-01-02T21:00:00.000Z'],
    ['2026-W01', '2025-12-27T21:00:00.000Z', '2026-01-03T21:00:00.000Z'],
    ['2025-W01', '2024-12-28T21:00:00.000Z', '2025-01-04T21:00:00.000Z'],
    ['2021-W01', '2021-01-02T21:00:00.000Z', '2021-01-09T21:00:00.000Z'],
    ['2020-W53', '2020-12-26T21:00:00.000Z', '2021-01-02T21:00:00.000Z'],
  ])('%s runs from %s to %s', (label, from, to) => {
    const w = parseWeek(label);
    expect(w.label).toBe(label);
    expect(range(w)).toEqual([from, to]);
  });

  it('2027-W38 is Sunday 19 September to Sunday 26 September, midnight Riyadh', () => {
    const w = parseWeek('2027-W38');
    expect(new Date(w.starts_at.getTime() + 3 * 3600_000).toISOString()).toBe('2027-09-19T00:00:00.000Z');
    expect(new Date(w.ends_at.getTime() + 3 * 3600_000).toISOString()).toBe('2027-09-26T00:00:00.000Z');
    expect(w.starts_at.getUTCDay()).toBe(6); // Saturday 21:00 UTC = Sunday 00:00 Riyadh
  });

  it('knows which years have 53 weeks', () => {
    expect([2020, 2021, 2025, 2026, 2027, 2032, 2037].map(weeksInYear)).toEqual([53, 52, 52, 53, 52, 53, 53]);
  });

  it.each([
    ['2027-09-18T20:59:59.999Z', '2027-W37'],
    ['2027-09-18T21:00:00.000Z', '2027-W38'],
    ['2027-09-25T20:59:59.999Z', '2027-W38'],
    ['2027-09-25T21:00:00.000Z', '2027-W39'],
    ['2027-01-02T20:59:59.999Z', '2026-W53'],
    ['2027-01-02T21:00:00.000Z', '2027-W01'],
    ['2024-12-28T21:00:00.000Z', '2025-W01'],
    ['2024-12-31T12:00:00.000Z', '2025-W01'],
    ['2026-01-01T00:00:00.000Z', '2026-W01'],
  ])('an instant at %s falls in %s (its Riyadh day decides)', (at, label) => {
    expect(weekOf(new Date(at)).label).toBe(label);
  });

  it('every instant lies inside its week, and labels round-trip', () => {
    const start = Date.parse('2019-12-01T00:00:00Z');
    for (let t = start; t < start + 9 * 365 * 86400_000; t += 7 * 3600_000 + 13 * 60_000) {
      const w = weekOf(new Date(t));
      expect(w.starts_at.getTime()).toBeLessThanOrEqual(t);
      expect(w.ends_at.getTime()).toBeGreaterThan(t);
      expect(range(parseWeek(w.label))).toEqual(range(w));
    }
  });

  it('steps across year ends without gaps', () => {
    const w = parseWeek('2026-W52');
    expect([1, 2, 3].map((k) => shiftWeek(w, k).label)).toEqual(['2026-W53', '2027-W01', '2027-W02']);
    expect(shiftWeek(parseWeek('2027-W01'), -1).label).toBe('2026-W53');
    expect(previousWeek(new Date('2027-09-27T06:00:00Z')).label).toBe('2027-W38');
  });

  it.each([
    '',
    '2027-38',
    '2027W38',
    '2027-W3',
    '2027-W038',
    '2027-W00',
    '2027-W53',
    '2027-W54',
    ' 2027-W38',
    '27-W38',
    'abcd-Wef',
    '2027-09-19',
    '1899-W10',
    '2200-W01',
  ])('"%s" is refused with a message naming the week field', (input) => {
    try {
      parseWeek(input);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect(e).toMatchObject({ kind: 'invalid', code: 'invalid_week', field: 'week' });
    }
  });
});
