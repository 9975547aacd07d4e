import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reviewWeek } from '../../src/contexts/sla/report.js';
import { runSlaReportCli } from '../../src/contexts/sla/report-cli.js';
import { CSV_COLUMNS } from '../../src/contexts/sla/report-messages.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { newId } from '../../src/store/ids.js';
import type { TicketTable } from '../../src/store/schema-tickets.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

// 2027-W38: Sunday 19 Sep 00:00 → Sunday 26 Sep 00:00, Riyadh (UTC+3).
const W38_START = '2027-09-18T21:00:00.000Z';
const W38_END = '2027-09-25T21:00:00.000Z';
// Wednesday 29 Sep 2027, 12:00 Riyadh: W38 is over, W39 runs.
const AFTER_W38 = '2027-09-29T09:00:00.000Z';
// Thursday 23 Sep 2027, 12:00 Riyadh: inside W38.
const DURING_W38 = '2027-09-23T09:00:00.000Z';
const PAST = '2027-09-22T10:00:00.000Z';
const FUTURE = '2027-10-05T10:00:00.000Z';

// biome-ignore lint/suspicious/noExplicitAny: assertions read JSON answers loosely; toMatchObject checks them.
type Body = Record<string, unknown> & { [k: string]: any };
type Row = Partial<TicketTable> & Pick<TicketTable, 'priority' | 'opened_at'>;

describe.each(DIALECTS)('the stored weekly SLA report on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let app: App;
  let keys: Principals;
  const clock = fixedClock(AFTER_W38);

  beforeEach(async () => {
    clock.set(AFTER_W38);
    store = await dialect.open();
    app = await buildApp({ clock, store });
    keys = await seedPrincipals(store, clock);
  });
  afterEach(async () => {
    await app.close();
    await store.dispose();
  });

  const get = async (
    url: string,
    key: string | null = keys.founder,
    headers: Record<string, string> = {},
  ) => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1${url}`,
      headers: { ...(key === null ? {} : bearer(key)), ...headers },
    });
    expect(res.statusCode, `GET ${url} → ${res.body}`).toBeLessThan(500);
    return res;
  };
  const report = async (week = '2027-W38', key = keys.founder) => {
    const res = await get(`/reports/sla?week=${week}`, key);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Body;
  };

  /** A ticket row as the SLA engine leaves it; only what a case needs is given. */
  const ticket = async (r: Row) => {
    const clockName = r.clock ?? (r.priority === 'P0' || r.priority === 'P1' ? 'calendar' : 'business');
    const resolved = r.status === undefined || r.status === 'resolved' || r.status === 'closed';
    const row: TicketTable = {
      id: newId('tkt'),
      customer_id: keys.customerIdA,
      text: 'تذكرة اختبار',
      contact_email: null,
      channel: 'email',
      classified_priority: r.priority,
      rule: 'test',
      reason_ar: '',
      matched: '[]',
      owner: 'operator_oncall',
      status: 'resolved',
      first_response_at: r.first_response_minutes == null ? null : r.opened_at,
      resolved_at: resolved ? r.opened_at : null,
      closed_at: null,
      first_response_due_at: FUTURE,
      resolution_due_at: FUTURE,
      next_due_at: null,
      created_at: r.opened_at,
      updated_at: r.opened_at,
      version: 1,
      calendar_revision: 0,
      policy_id: 'default',
      clock: clockName,
      fr_target_minutes: 0,
      res_target_minutes: 0,
      clock_anchor_at: null,
      counted_minutes: 0,
      paused_at: null,
      draft_ready_at: null,
      approval_pending_at: null,
      approved_at: null,
      first_response_minutes: null,
      resolution_minutes: null,
      fr_breached: 0,
      res_breached: 0,
      breach_cause: null,
      next_alert_at: null,
      alerts_fired: 0,
      ...r,
    };
    await store.db.insertInto('tickets').values(row).execute();
    return row.id;
  };

  const IN_W38 = '2027-09-21T07:00:00.000Z';
  /**
   * Week 38: 13 tickets, 6 breached (0.462, critical). W37 holds one healthy ticket, opened the last
   * millisecond before W38; W30 holds two breached ones; one ticket opened as W39 starts.
   */
  const seedWeeks = async () => {
    // P0 on the wall clock.
    await ticket({
      priority: 'P0',
      opened_at: W38_START,
      first_response_minutes: 20,
      resolution_minutes: 180,
    });
    await ticket({
      priority: 'P0',
      opened_at: IN_W38,
      first_response_minutes: 45,
      resolution_minutes: 300,
      fr_breached: 1,
      res_breached: 1,
      breach_cause: 'approval',
    });
    // Flagged by the scheduler and still overdue on both targets: one breached ticket, counted once.
    await ticket({
      priority: 'P0',
      opened_at: IN_W38,
      status: 'open',
      fr_breached: 1,
      first_response_due_at: PAST,
      resolution_due_at: PAST,
    });
    // P1: two on the wall clock, one on working time (a custom policy).
    await ticket({ priority: 'P1', opened_at: IN_W38, first_response_minutes: 90, resolution_minutes: 720 });
    await ticket({
      priority: 'P1',
      opened_at: IN_W38,
      first_response_minutes: 150,
      resolution_minutes: 1200,
      fr_breached: 1,
      breach_cause: 'drafting',
    });
    await ticket({
      priority: 'P1',
      opened_at: IN_W38,
      clock: 'business',
      first_response_minutes: 60,
      resolution_minutes: 600,
    });
    // P2 on working time.
    await ticket({
      priority: 'P2',
      opened_at: IN_W38,
      first_response_minutes: 300,
      resolution_minutes: 1440,
    });
    // Unanswered past its due time, never flagged: breached by the overdue rule.
    await ticket({ priority: 'P2', opened_at: IN_W38, status: 'open', first_response_due_at: PAST });
    // Waiting on the customer: paused, so an overdue due time does not count.
    await ticket({
      priority: 'P2',
      opened_at: IN_W38,
      status: 'pending_customer',
      paused_at: '2027-09-21T08:00:00.000Z',
      first_response_due_at: PAST,
      resolution_due_at: PAST,
    });
    // Answered, not resolved, resolution overdue.
    await ticket({
      priority: 'P2',
      opened_at: IN_W38,
      status: 'open',
      first_response_minutes: 100,
      resolution_due_at: PAST,
    });
    // P3 on working time.
    await ticket({
      priority: 'P3',
      opened_at: IN_W38,
      first_response_minutes: 600,
      resolution_minutes: 2400,
    });
    await ticket({
      priority: 'P3',
      opened_at: IN_W38,
      first_response_minutes: 1500,
      resolution_minutes: 3000,
      fr_breached: 1,
      res_breached: 1,
      breach_cause: 'response',
    });
    // Closed: due times in the past do not matter once resolved.
    await ticket({
      priority: 'P3',
      opened_at: '2027-09-25T20:59:59.999Z',
      status: 'closed',
      first_response_minutes: 500,
      resolution_minutes: 1800,
      first_response_due_at: PAST,
      resolution_due_at: PAST,
    });
    // Other weeks.
    await ticket({
      priority: 'P1',
      opened_at: '2027-09-18T20:59:59.999Z',
      first_response_minutes: 100,
      resolution_minutes: 600,
    });
    await ticket({ priority: 'P0', opened_at: W38_END, fr_breached: 1, first_response_minutes: 99 });
    await ticket({
      priority: 'P2',
      opened_at: '2027-07-26T09:00:00.000Z',
      first_response_minutes: 700,
      resolution_minutes: 2000,
      fr_breached: 1,
      breach_cause: 'drafting',
    });
    await ticket({
      priority: 'P3',
      opened_at: '2027-07-26T09:00:00.000Z',
      first_response_minutes: 200,
      resolution_minutes: 3000,
      res_breached: 1,
    });
  };

  const count = async (table: 'sla_week_reviews' | 'freeze_requests' | 'notifications') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const ledger = async (subject: string) => {
    const res = await get(`/ledger?subject=${subject}`);
    return (res.json() as Body).entries as Array<{ action: string; actor: string; data: Body }>;
  };

  describe('weeks', () => {
    it('2027-W38 runs Sunday 19 to Sunday 26 September, midnight Riyadh', async () => {
      const r = await report('2027-W38');
      expect(r).toMatchObject({
        week: '2027-W38',
        starts_at: W38_START,
        ends_at: W38_END,
        starts_on: '2027-09-19',
        ends_on: '2027-09-25',
        timezone: 'Asia/Riyadh',
        ended: true,
        generated_at: AFTER_W38,
      });
    });

    it('without a week, the report is for the current Riyadh week', async () => {
      clock.set('2027-01-02T21:30:00.000Z'); // Sunday 3 Jan 2027, 00:30 Riyadh (still Saturday in UTC)
      const r = (await get('/reports/sla')).json() as Body;
      expect(r).toMatchObject({ week: '2027-W01', starts_at: '2027-01-02T21:00:00.000Z', ended: false });
      expect(r.trend.map((t: Body) => t.week)).toEqual([
        '2026-W46',
        '2026-W47',
        '2026-W48',
        '2026-W49',
        '2026-W50',
        '2026-W51',
        '2026-W52',
        '2026-W53',
      ]);
    });

    it.each([
      ['2027-38'],
      ['2027-W54'],
      ['2027-W53'],
      ['2027-W00'],
      ['W38'],
      ['2027-W38x'],
      ['%20'],
      ['2027-W38%0A'],
      ['9999999999999999999'],
      ['2027-W38&week=2027-W39'],
      [''],
    ])('week=%s is a 400 that names the week field', async (week) => {
      const res = await get(`/reports/sla?week=${week}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: expect.any(String),
        message: expect.any(String),
        field: 'week',
      });
    });

    it('an unknown format is a 400 that names the format field', async () => {
      const res = await get('/reports/sla?week=2027-W38&format=xml');
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ field: 'format' });
    });
  });

  describe('numbers', () => {
    it('counts, rates, averages in each clock’s units and breach causes for the week', async () => {
      await seedWeeks();
      const r = await report();
      expect(r).toMatchObject({
        total_tickets: 13,
        total_breached: 6,
        breach_rate: 0.462,
        verdict: 'critical',
        verdict_ar: 'حرج',
        escalate_to_founder: true,
        recommended_action_ar: expect.stringContaining('تصعيد للمؤسس'),
      });
      expect(r.by_priority).toEqual({
        P0: {
          count: 3,
          breached: 2,
          breach_rate: 0.667,
          clock: 'calendar',
          mixed_clocks: false,
          avg_first_response_minutes: 32.5,
          avg_resolution_hours: 4,
          first_response_breaches: 2,
          resolution_breaches: 2,
        },
        P1: {
          count: 3,
          breached: 1,
          breach_rate: 0.333,
          clock: 'calendar',
          mixed_clocks: true,
          avg_first_response_minutes: 120,
          avg_resolution_hours: 16,
          first_response_breaches: 1,
          resolution_breaches: 0,
        },
        P2: {
          count: 4,
          breached: 2,
          breach_rate: 0.5,
          clock: 'business',
          mixed_clocks: false,
          avg_first_response_minutes: 200,
          avg_resolution_hours: 24,
          first_response_breaches: 1,
          resolution_breaches: 1,
        },
        P3: {
          count: 3,
          breached: 1,
          breach_rate: 0.333,
          clock: 'business',
          mixed_clocks: false,
          avg_first_response_minutes: 866.7,
          avg_resolution_hours: 40,
          first_response_breaches: 1,
          resolution_breaches: 1,
        },
      });
      expect(r.attribution).toEqual({
        first_response: { breached: 5, drafting: 1, approval: 1, response: 1, unattributed: 2 },
        resolution: { breached: 4 },
      });
    });

    it('the trend lists the eight weeks before, oldest first, with averages per clock', async () => {
      await seedWeeks();
      const r = await report();
      expect(r.trend).toHaveLength(8);
      expect(r.trend.map((t: Body) => t.week)).toEqual([
        '2027-W30',
        '2027-W31',
        '2027-W32',
        '2027-W33',
        '2027-W34',
        '2027-W35',
        '2027-W36',
        '2027-W37',
      ]);
      expect(r.trend[0]).toEqual({
        week: '2027-W30',
        starts_at: '2027-07-24T21:00:00.000Z',
        ends_at: '2027-07-31T21:00:00.000Z',
        total_tickets: 2,
        total_breached: 2,
        breach_rate: 1,
        verdict: 'critical',
        avg_first_response_minutes: { calendar: null, business: 450 },
        avg_resolution_hours: { calendar: null, business: 41.7 },
      });
      expect(r.trend[1]).toMatchObject({
        total_tickets: 0,
        total_breached: 0,
        breach_rate: 0,
        verdict: 'healthy',
      });
      expect(r.trend[7]).toMatchObject({
        week: '2027-W37',
        total_tickets: 1,
        total_breached: 0,
        avg_first_response_minutes: { calendar: 100, business: null },
        avg_resolution_hours: { calendar: 10, business: null },
      });
      // The ticket opened as W39 starts is in W39's report, whose trend ends with W38.
      clock.set('2027-10-06T09:00:00.000Z');
      const next = await report('2027-W39');
      expect(next).toMatchObject({ total_tickets: 1, total_breached: 1, by_priority: { P0: { count: 1 } } });
      expect(next.trend[7]).toMatchObject({ week: '2027-W38', total_tickets: 13, total_breached: 6 });
    });

    it('an unmet target breaches once its due time passes, unless the ticket waits on the customer', async () => {
      clock.set(DURING_W38);
      const due = '2027-09-23T12:00:00.000Z';
      await ticket({ priority: 'P2', opened_at: IN_W38, status: 'open', first_response_due_at: due });
      await ticket({
        priority: 'P2',
        opened_at: IN_W38,
        status: 'pending_customer',
        paused_at: IN_W38,
        first_response_due_at: due,
      });
      await ticket({ priority: 'P2', opened_at: IN_W38, status: 'resolved', first_response_due_at: due });
      expect(await report()).toMatchObject({ total_tickets: 3, total_breached: 0 });
      clock.set('2027-09-23T12:00:00.001Z');
      expect(await report()).toMatchObject({
        total_tickets: 3,
        total_breached: 1,
        breach_rate: 0.333,
        verdict: 'critical',
        by_priority: { P2: { breached: 1, first_response_breaches: 1, resolution_breaches: 0 } },
        attribution: { first_response: { breached: 1, unattributed: 1 } },
      });
    });

    it('an empty week reports zeros and no averages', async () => {
      const r = await report('2031-W10');
      expect(r).toMatchObject({ total_tickets: 0, total_breached: 0, breach_rate: 0, verdict: 'healthy' });
      expect(r.by_priority.P2).toEqual({
        count: 0,
        breached: 0,
        breach_rate: 0,
        clock: 'business',
        mixed_clocks: false,
        avg_first_response_minutes: null,
        avg_resolution_hours: null,
        first_response_breaches: 0,
        resolution_breaches: 0,
      });
    });
  });

  describe('CSV', () => {
    const rowsOf = (body: string) =>
      body
        .replace(/\r\n$/, '')
        .split('\r\n')
        .map((l) => l.split(','));

    it('?format=csv answers text/csv: a header, then per week a row per priority and an all row', async () => {
      await seedWeeks();
      const res = await get('/reports/sla?week=2027-W38&format=csv');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe('attachment; filename="sla-2027-W38.csv"');
      const rows = rowsOf(res.body);
      expect(rows[0]).toEqual(CSV_COLUMNS.map((c) => c.key));
      expect(rows).toHaveLength(1 + 9 * 5);
      for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
      const at = (week: string, priority: string) => {
        const r = rows.find((x) => x[0] === week && x[3] === priority);
        return r && Object.fromEntries(CSV_COLUMNS.map((c, i) => [c.key, r[i]]));
      };
      expect(rows[1]?.slice(0, 4)).toEqual(['2027-W38', '2027-09-19', '2027-09-25', 'P0']);
      expect(at('2027-W38', 'P1')).toMatchObject({
        clock: 'calendar',
        mixed_clocks: 'true',
        tickets: '3',
        breached: '1',
        breach_rate: '0.333',
        avg_first_response_minutes: '120',
        avg_resolution_hours: '16',
        late_drafting: '1',
        verdict: '',
      });
      expect(at('2027-W38', 'all')).toMatchObject({
        tickets: '13',
        breached: '6',
        breach_rate: '0.462',
        first_response_breaches: '5',
        late_drafting: '1',
        late_approval: '1',
        late_response: '1',
        unattributed: '2',
        resolution_breaches: '4',
        verdict: 'critical',
      });
      expect(at('2027-W30', 'all')).toMatchObject({ tickets: '2', breached: '2', verdict: 'critical' });
      expect(rows[rows.length - 1]?.slice(0, 4)).toEqual(['2027-W30', '2027-07-25', '2027-07-31', 'all']);
    });

    it('Accept: text/csv chooses CSV too; JSON stays the default', async () => {
      const csv = await get('/reports/sla?week=2027-W38', keys.founder, { accept: 'text/csv' });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.body.split('\r\n')[0]).toBe(CSV_COLUMNS.map((c) => c.key).join(','));
      const json = await get('/reports/sla?week=2027-W38', keys.founder, { accept: '*/*' });
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      const explicit = await get('/reports/sla?week=2027-W38&format=json', keys.founder, {
        accept: 'text/csv',
      });
      expect(explicit.headers['content-type']).toMatch(/^application\/json/);
    });

    it('lang=ar gives Arabic column titles and labels, with a byte-order mark for spreadsheets', async () => {
      await seedWeeks();
      const res = await get('/reports/sla?week=2027-W38&format=csv&lang=ar');
      expect(res.body.startsWith('\uFEFF')).toBe(true);
      const rows = rowsOf(res.body.slice(1));
      expect(rows[0]).toEqual(CSV_COLUMNS.map((c) => c.ar));
      expect(rows[5]?.slice(3, 4)).toEqual(['الكل']);
      expect(rows[5]?.at(-1)).toBe('حرج');
      expect(rows[1]?.[4]).toBe('ساعات فعلية');
    });
  });

  describe('who may read it', () => {
    it('staff read it; a customer key is refused and no key is a 401', async () => {
      for (const key of [keys.founder, keys.oncall, keys.team]) {
        expect((await get('/reports/sla?week=2027-W38', key)).statusCode).toBe(200);
      }
      const refused = await get('/reports/sla?week=2027-W38', keys.customerA);
      expect([403, 404]).toContain(refused.statusCode);
      expect(refused.json()).toMatchObject({ error: expect.any(String) });
      expect((await get('/reports/sla?week=2027-W38&format=csv', keys.customerB)).statusCode).toBe(403);
      expect((await get('/reports/sla?week=2027-W38', null)).statusCode).toBe(401);
    });
  });

  describe('the weekly review', () => {
    const freezeRows = () => store.db.selectFrom('freeze_requests').selectAll().execute();

    it('a finished critical week is escalated once: review, freeze request, founder notification, Ledger', async () => {
      await seedWeeks();
      const first = await report();
      await report();
      await Promise.all([report(), report(), report()]);

      const reviews = await store.db.selectFrom('sla_week_reviews').selectAll().execute();
      expect(reviews).toHaveLength(1);
      expect(reviews[0]).toMatchObject({
        week: '2027-W38',
        verdict: 'critical',
        total: 13,
        reviewed_at: AFTER_W38,
      });
      expect(Number(reviews[0]!.breach_rate)).toBeCloseTo(0.462, 6);

      const freezes = await freezeRows();
      expect(freezes).toHaveLength(1);
      expect(freezes[0]).toMatchObject({
        scope: 'global',
        channel: null,
        customer_id: null,
        source: 'sla_verdict',
        source_key: 'sla_week:2027-W38',
        status: 'requested',
        created_by: 'system',
        created_at: AFTER_W38,
      });
      expect(freezes[0]!.reason).toContain('2027-W38');

      const notes = await store.db.selectFrom('notifications').selectAll().execute();
      expect(notes).toHaveLength(1);
      const founder = (await get('/me')).json() as Body;
      expect(notes[0]).toMatchObject({
        user_id: founder.user_id,
        kind: 'sla_verdict_critical',
        subject_type: 'sla_week',
        subject_id: '2027-W38',
        dedupe_key: 'sla_week:2027-W38',
        customer_id: null,
      });
      expect(notes[0]!.title_ar).toContain('2027-W38');

      const entries = await ledger('2027-W38');
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'sla.verdict_critical',
        actor: 'system',
        data: { breach_rate: 0.462, total: 13, freeze_request_id: freezes[0]!.id },
      });

      expect(first.review).toEqual({
        reviewed_at: AFTER_W38,
        verdict: 'critical',
        breach_rate: 0.462,
        total: 13,
        freeze_request_id: freezes[0]!.id,
      });
      // Only the reported week is reviewed, not the trend's.
      expect(await count('sla_week_reviews')).toBe(1);
    });

    it('concurrent first reports of a finished critical week still escalate exactly once', async () => {
      await seedWeeks();
      const all = await Promise.all([report(), report(), report(), report()]);
      expect(await count('sla_week_reviews')).toBe(1);
      expect(await count('freeze_requests')).toBe(1);
      expect(await count('notifications')).toBe(1);
      expect(await ledger('2027-W38')).toHaveLength(1);
      const ids = new Set(all.map((r) => r.review?.freeze_request_id));
      expect(ids.size).toBe(1);
    });

    it('a critical week still running asks for no freeze yet; once it ends, it does', async () => {
      await seedWeeks();
      clock.set(DURING_W38);
      const running = await report();
      expect(running).toMatchObject({ verdict: 'critical', ended: false, review: null });
      expect(await count('sla_week_reviews')).toBe(0);
      expect(await count('freeze_requests')).toBe(0);
      expect(await count('notifications')).toBe(0);
      expect(await ledger('2027-W38')).toHaveLength(0);

      clock.set(W38_END); // the end instant itself: the week has ended
      const ended = await report();
      expect(ended).toMatchObject({ ended: true, review: { verdict: 'critical', reviewed_at: W38_END } });
      expect(ended.review.freeze_request_id).toEqual(expect.any(String));
      expect(await count('freeze_requests')).toBe(1);
    });

    it('a finished week that is not critical is reviewed once without a freeze or a notification', async () => {
      await seedWeeks();
      const r = await report('2027-W37');
      expect(r).toMatchObject({
        verdict: 'healthy',
        review: { verdict: 'healthy', total: 1, breach_rate: 0, freeze_request_id: null },
      });
      await report('2027-W37');
      expect(await count('sla_week_reviews')).toBe(1);
      expect(await count('freeze_requests')).toBe(0);
      expect(await count('notifications')).toBe(0);
      const entries = await ledger('2027-W37');
      expect(entries.map((e) => e.action)).toEqual(['sla.week_reviewed']);
    });

    it('the CSV export reviews a finished week as the JSON report does', async () => {
      await seedWeeks();
      await get('/reports/sla?week=2027-W38&format=csv');
      expect(await count('freeze_requests')).toBe(1);
      expect((await report()).review.freeze_request_id).toBe((await freezeRows())[0]!.id);
    });

    it('reviewWeek lets the scheduler review last week once, and leaves a running week alone', async () => {
      await seedWeeks();
      const deps = { store, clock };
      const first = await reviewWeek(deps, '2027-W30');
      expect(first).toMatchObject({
        week: '2027-W30',
        ended: true,
        reviewed_now: true,
        verdict: 'critical',
        review: { verdict: 'critical', total: 2, breach_rate: 1, freeze_request_id: expect.any(String) },
      });
      expect(await reviewWeek(deps, '2027-W30')).toMatchObject({ reviewed_now: false });
      expect(await reviewWeek(deps, '2027-W39')).toMatchObject({
        ended: false,
        reviewed_now: false,
        review: null,
      });
      expect(await count('sla_week_reviews')).toBe(1);
      expect(await count('notifications')).toBe(1);
      expect((await freezeRows())[0]).toMatchObject({ source_key: 'sla_week:2027-W30' });
    });
  });

  describe('dealix sla report', () => {
    const run = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runSlaReportCli(
        argv,
        (l) => out.push(l),
        (l) => err.push(l),
        { store, clock },
      );
      return { code, out: out.join('\n'), err: err.join('\n') };
    };

    it('--week prints the week as a table, with the trend and the review', async () => {
      await seedWeeks();
      const r = await run('--week', '2027-W38');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain('SLA week 2027-W38: Sunday 2027-09-19 to Saturday 2027-09-25 (Asia/Riyadh)');
      expect(r.out).toContain('tickets 13, breached 6, breach rate 0.462, verdict critical (حرج)');
      expect(r.out).toMatch(/^P1 +calendar\* +3 +1 +0\.333 +120\.0 wall min +16\.0 wall h$/m);
      expect(r.out).toMatch(/^P3 +business +3 +1 +0\.333 +866\.7 working min +40\.0 working h$/m);
      expect(r.out).toContain(
        'first-response breaches 5: drafting 1, approval 1, response 1, unattributed 2',
      );
      expect(r.out).toMatch(/^2027-W30 +2 +2 +1\.000 +critical +— +450\.0 min$/m);
      expect(r.out).toContain('freeze of live actions requested');
      expect(await count('freeze_requests')).toBe(1);
    });

    it('--format json and csv print the same report as the API', async () => {
      await seedWeeks();
      const json = await run('--week=2027-W38', '--format', 'json');
      expect(json.code).toBe(0);
      expect(JSON.parse(json.out)).toMatchObject({ week: '2027-W38', total_tickets: 13, total_breached: 6 });
      const csv = await run('--week', '2027-W38', '--format', 'csv');
      expect(csv.out.split('\r\n')).toHaveLength(1 + 9 * 5);
    });

    it('without a week it reports the current one', async () => {
      const r = await run();
      expect(r.code).toBe(0);
      expect(r.out).toContain('SLA week 2027-W39');
      expect(r.out).toContain('still running');
    });

    it('a bad week or option is a usage error, exit code 2', async () => {
      expect(await run('--week', '2027-W60')).toMatchObject({
        code: 2,
        err: expect.stringContaining('01 to 52'),
      });
      expect(await run('--week', '2027-W38', '--format', 'xml')).toMatchObject({ code: 2 });
      expect(await run('--weak', '2027-W38')).toMatchObject({
        code: 2,
        err: expect.stringContaining('Usage'),
      });
      expect(await run('--week', '2027-W38', 'file.json')).toMatchObject({ code: 2 });
    });

    it('the file form still builds a health report from JSON tickets', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'sla-report-'));
      try {
        const file = join(dir, 'tickets.json');
        writeFileSync(
          file,
          JSON.stringify({ tickets: [{ priority: 'P0', first_response_min: 45, resolution_hours: 3 }] }),
        );
        const r = await run(file);
        expect(r.code).toBe(0);
        expect(JSON.parse(r.out)).toMatchObject({ total_tickets: 1, total_breached: 1, verdict: 'critical' });
        expect(await run(join(dir, 'missing.json'))).toMatchObject({ code: 2 });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
