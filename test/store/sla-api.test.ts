import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calendarFor } from '../../src/contexts/sla/deadlines.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

// Thursday 19 Nov 2026, 16:00 Riyadh (UTC+3): one working hour left before the weekend.
const THURSDAY_16 = '2026-11-19T13:00:00.000Z';
const P2_TEXT = 'ربط Gmail ما يشتغل من امس';
const P0_TEXT = 'في تسريب بيانات العملاء، شفنا قائمة عملائنا عند طرف ثاني';
const MINUTE = 60_000;

// biome-ignore lint/suspicious/noExplicitAny: assertions read JSON answers loosely; toMatchObject checks them.
type Body = Record<string, unknown> & { [k: string]: any };

describe.each(DIALECTS)('SLA endpoints on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let app: App;
  let keys: Principals;
  const clock = fixedClock(THURSDAY_16);

  beforeEach(async () => {
    clock.set(THURSDAY_16);
    store = await dialect.open();
    app = await buildApp({ clock, store });
    keys = await seedPrincipals(store, clock);
  });
  afterEach(async () => {
    await app.close();
    await store.dispose();
  });

  const call = async (
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    key: string | null = keys.founder,
  ) => {
    const res = await app.inject({
      method,
      url: `/api/v1${url}`,
      payload,
      headers: key === null ? {} : bearer(key),
    });
    expect(res.statusCode, `${method} ${url} → ${res.body}`).toBeLessThan(500);
    return { status: res.statusCode, body: res.json() as Body };
  };
  const deadlines = (priority: string, opened_at: string, key: string | null = keys.founder) =>
    call('POST', '/sla/deadlines', { priority, opened_at }, key);

  describe('POST /sla/deadlines', () => {
    // September 2027 in Riyadh: Thu 16, Fri 17, Sat 18, Sun 19, Tue 21, Wed 22, Thu 23 (National Day).
    it.each([
      [
        'a P2 opened Thursday 16:00 is due Sunday 16:00 and resolved by Tuesday 16:00',
        'P2',
        '2027-09-16T16:00:00+03:00',
        '2027-09-19T13:00:00.000Z',
        '2027-09-21T13:00:00.000Z',
        'business',
      ],
      [
        'a P3 opened Thursday 10:00 is due Tuesday 10:00 (resolution skips National Day)',
        'P3',
        '2027-09-16T07:00:00Z',
        '2027-09-21T07:00:00.000Z',
        '2027-09-26T07:00:00.000Z',
        'business',
      ],
      [
        'a P2 opened Wednesday 22 Sep 16:00 is due Sunday 26 Sep 16:00 (National Day)',
        'P2',
        '2027-09-22T16:00:00+03:00',
        '2027-09-26T13:00:00.000Z',
        '2027-09-28T13:00:00.000Z',
        'business',
      ],
      [
        'a P0 opened Friday 23:50 is due Saturday 00:20 on the wall clock',
        'P0',
        '2027-09-17T23:50:00+03:00',
        '2027-09-17T21:20:00.000Z',
        '2027-09-18T00:50:00.000Z',
        'calendar',
      ],
    ] as const)('%s', async (_name, priority, openedAt, firstDue, resolutionDue, clockKind) => {
      const r = await deadlines(priority, openedAt);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({
        priority,
        opened_at: new Date(openedAt).toISOString(),
        first_response_due_at: firstDue,
        resolution_due_at: resolutionDue,
        clock: clockKind,
        calendar_version: calendarFor(new Date(openedAt)).version,
      });
      const wall = (iso: string) =>
        new Date(Date.parse(iso) + 3 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
      expect(r.body.dates.first_response_due.gregorian).toBe(wall(firstDue));
      expect(r.body.dates.resolution_due.gregorian).toBe(wall(resolutionDue));
      expect(r.body.dates.first_response_due.hijri).toMatch(/ 14\d\d هـ$/);
    });

    it('names the Hijri date: National Day case is due 25 Rabi al-Akhir 1449', async () => {
      const r = await deadlines('P2', '2027-09-22T16:00:00+03:00');
      expect(r.body.dates.first_response_due).toEqual({
        gregorian: '2027-09-26 16:00',
        hijri: '25 ربيع الآخر 1449 هـ',
      });
    });

    it('answers every authenticated role, customers included', async () => {
      for (const key of [keys.founder, keys.oncall, keys.team, keys.customerA, keys.customerB]) {
        expect((await deadlines('P3', '2027-09-16T10:00:00+03:00', key)).status).toBe(200);
      }
    });

    it('needs a key', async () => {
      const r = await deadlines('P2', '2027-09-16T16:00:00+03:00', null);
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('unauthorized');
    });

    it.each([
      ['an unknown priority', { priority: 'P9', opened_at: '2027-09-16T16:00:00+03:00' }, 'priority'],
      ['a missing priority', { opened_at: '2027-09-16T16:00:00+03:00' }, 'priority'],
      ['a time that is not ISO 8601', { priority: 'P2', opened_at: 'next Thursday' }, 'opened_at'],
      ['a time without its offset', { priority: 'P2', opened_at: '2027-09-16T16:00:00' }, 'opened_at'],
      ['a missing time', { priority: 'P2' }, 'opened_at'],
      ['a number for the time', { priority: 'P2', opened_at: 1_790_000_000_000 }, 'opened_at'],
      [
        'a time the calendar cannot place',
        { priority: 'P2', opened_at: '0001-01-01T00:00:00Z' },
        'opened_at',
      ],
    ])('refuses %s with a 400 naming the field', async (_name, payload, field) => {
      const r = await call('POST', '/sla/deadlines', payload);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.field).toBe(field);
    });
  });

  describe('GET /tickets/:id/clock', () => {
    const openP2 = async () => {
      const r = await call('POST', '/tickets', { customer_id: keys.customerIdA, text: P2_TEXT });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body;
    };

    it('a P2 opened Thursday 16:00 counts one hour, skips the night and the weekend, then counts Sunday', async () => {
      const t = await openP2();
      expect(t.sla).toMatchObject({
        clock: 'business',
        first_response_due_at: '2026-11-22T13:00:00.000Z',
        calendar_version: calendarFor(new Date(THURSDAY_16)).version,
      });
      const r = await call('GET', `/tickets/${t.id}/clock`);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({
        ticket_id: t.id,
        priority: 'P2',
        opened_at: THURSDAY_16,
        now: THURSDAY_16,
        clock: 'business',
        calendar_version: t.sla.calendar_version,
      });
      const first = r.body.first_response;
      expect(first).toMatchObject({
        kind: 'first_response',
        due_at: '2026-11-22T13:00:00.000Z',
        due: { gregorian: '2026-11-22 16:00' },
        met_at: null,
        state: 'running',
        target_minutes: 480,
        counted_minutes: 0,
        minutes_left: 480,
      });
      expect(first.intervals.map((i: Body) => [i.kind, i.from, i.to, i.minutes])).toEqual([
        ['counted', '2026-11-19T13:00:00.000Z', '2026-11-19T14:00:00.000Z', 60],
        ['closed', '2026-11-19T14:00:00.000Z', '2026-11-19T21:00:00.000Z', 420],
        ['weekend', '2026-11-19T21:00:00.000Z', '2026-11-21T21:00:00.000Z', 2880],
        ['closed', '2026-11-21T21:00:00.000Z', '2026-11-22T06:00:00.000Z', 540],
        ['counted', '2026-11-22T06:00:00.000Z', '2026-11-22T13:00:00.000Z', 420],
      ]);
      expect(first.intervals.map((i: Body) => i.reason_ar)).toEqual([
        'ضمن ساعات الدوام',
        'خارج ساعات العمل',
        'عطلة نهاية الأسبوع',
        'خارج ساعات العمل',
        'ضمن ساعات الدوام',
      ]);
      expect(r.body.resolution).toMatchObject({
        due_at: '2026-11-24T13:00:00.000Z',
        state: 'running',
        target_minutes: 1440,
        minutes_left: 1440,
      });
      expect(r.body.resolution.intervals.at(-1)).toMatchObject({
        kind: 'counted',
        to: '2026-11-24T13:00:00.000Z',
      });
    });

    it('counts the minutes as the clock runs and flips to breached past the due time', async () => {
      const t = await openP2();
      clock.set('2026-11-22T07:30:00.000Z'); // Sunday 10:30
      let r = await call('GET', `/tickets/${t.id}/clock`);
      expect(r.body.first_response).toMatchObject({
        state: 'running',
        counted_minutes: 150,
        minutes_left: 330,
      });

      clock.set('2026-11-22T13:00:00.000Z'); // exactly due: not yet a breach
      r = await call('GET', `/tickets/${t.id}/clock`);
      expect(r.body.first_response).toMatchObject({
        state: 'running',
        counted_minutes: 480,
        minutes_left: 0,
      });

      clock.advance(MINUTE);
      r = await call('GET', `/tickets/${t.id}/clock`);
      // Sunday 16:01 is still working time: the minute past the due time counts, and is late.
      expect(r.body.first_response).toMatchObject({
        state: 'breached',
        counted_minutes: 481,
        minutes_left: 0,
      });
      expect(r.body.first_response.intervals.at(-1)).toMatchObject({
        kind: 'counted',
        to: '2026-11-22T13:01:00.000Z',
      });
      expect(r.body.resolution).toMatchObject({ state: 'running', counted_minutes: 481, minutes_left: 959 });
      expect((await call('GET', `/tickets/${t.id}`)).body.breaching).toBe(true);
    });

    it('a target answered in time is met and stops counting', async () => {
      const t = await openP2();
      clock.set('2026-11-22T07:00:00.000Z'); // Sunday 10:00
      const d = (await call('GET', `/tickets/${t.id}`)).body.drafts[0];
      expect((await call('POST', `/drafts/${d.id}/approve`, {})).status).toBe(200);
      expect((await call('POST', `/drafts/${d.id}/send`, {})).status).toBe(200);
      clock.set('2026-11-25T07:00:00.000Z');
      const r = await call('GET', `/tickets/${t.id}/clock`);
      expect(r.body.first_response).toMatchObject({
        state: 'met',
        met_at: '2026-11-22T07:00:00.000Z',
        counted_minutes: 120,
        minutes_left: 360,
      });
      expect(r.body.resolution.state).toBe('breached');
    });

    it('a P0 runs on the wall clock: one counted stretch', async () => {
      const r0 = await call('POST', '/tickets', { customer_id: keys.customerIdA, text: P0_TEXT });
      clock.advance(10 * MINUTE);
      const r = await call('GET', `/tickets/${r0.body.id}/clock`);
      expect(r.body.clock).toBe('calendar');
      expect(r.body.first_response).toMatchObject({
        state: 'running',
        counted_minutes: 10,
        minutes_left: 20,
      });
      expect(r.body.first_response.intervals).toEqual([
        expect.objectContaining({
          kind: 'counted',
          from: THURSDAY_16,
          to: '2026-11-19T13:30:00.000Z',
          minutes: 30,
        }),
      ]);
    });

    it('the customer sees its own ticket’s clock; another customer’s key gets 404, no key 401', async () => {
      const t = await openP2();
      expect((await call('GET', `/tickets/${t.id}/clock`, undefined, keys.customerA)).status).toBe(200);
      expect((await call('GET', `/tickets/${t.id}/clock`, undefined, keys.oncall)).status).toBe(200);
      const foreign = await call('GET', `/tickets/${t.id}/clock`, undefined, keys.customerB);
      expect(foreign.status).toBe(404);
      expect((await call('GET', `/tickets/${t.id}`, undefined, keys.customerB)).status).toBe(404);
      expect((await call('GET', `/tickets/${t.id}/clock`, undefined, null)).status).toBe(401);
      expect((await call('GET', '/tickets/tkt_missing/clock')).status).toBe(404);
    });
  });
});
