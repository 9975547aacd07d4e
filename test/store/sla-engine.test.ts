import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slaConfigOf } from '../../src/contexts/sla/config.js';
import { slaColumns, statusHistory } from '../../src/contexts/tickets/service.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

// Thursday 19 Nov 2026, 16:00 Riyadh.
const THURSDAY_16 = '2026-11-19T13:00:00.000Z';
const SUNDAY_10 = '2026-11-22T07:00:00.000Z';
const MONDAY_10 = '2026-11-23T07:00:00.000Z';
const HOUR = 3_600_000;
const P2_TEXT = 'ربط Gmail ما يشتغل من امس';
const P3_TEXT = 'كيف أضيف مستخدم جديد؟';
const P0_TEXT = 'في تسريب بيانات العملاء، شفنا قائمة عملائنا عند طرف ثاني';

// biome-ignore lint/suspicious/noExplicitAny: assertions read JSON answers loosely; toMatchObject checks them.
type Body = Record<string, unknown> & { [k: string]: any };

describe.each(DIALECTS)('SLA engine on $name', (dialect) => {
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
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
    key = keys.founder,
  ) => {
    const res = await app.inject({ method, url: `/api/v1${url}`, payload, headers: bearer(key) });
    expect(res.statusCode, `${method} ${url} → ${res.body}`).toBeLessThan(500);
    return { status: res.statusCode, body: res.json() as Body };
  };
  const open = async (text: string, customer = keys.customerIdA, over: object = {}) => {
    const r = await call('POST', '/tickets', { customer_id: customer, text, ...over });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const get = async (id: string) => (await call('GET', `/tickets/${id}`)).body;
  const setStatus = (id: string, status: string, key = keys.founder) =>
    call('POST', `/tickets/${id}/status`, { status }, key);

  describe('waiting on the customer', () => {
    it('pauses both clocks and moves the due times by the paused working time', async () => {
      const t = await open(P2_TEXT);
      expect(t.sla.first_response_due_at).toBe('2026-11-22T13:00:00.000Z'); // Sunday 16:00
      expect(t.sla.due_dates.first_response).toEqual({
        gregorian: '2026-11-22 16:00',
        hijri: '12 جمادى الآخرة 1448 هـ',
      });
      clock.set(SUNDAY_10); // 2 working hours counted (Thursday 16–17, Sunday 9–10)
      const paused = await setStatus(t.id, 'pending_customer');
      expect(paused.body).toMatchObject({
        status: 'pending_customer',
        sla: {
          paused: true,
          paused_since: SUNDAY_10,
          first_response_due_at: null,
          next_due_at: null,
          due_dates: { first_response: null },
        },
        breaching: false,
      });
      // Long past the old due time, a paused ticket is not breaching and nothing is scheduled.
      clock.set(MONDAY_10);
      expect((await get(t.id)).breaching).toBe(false);
      const breaching = (await call('GET', '/tickets?breaching=true')).body.tickets;
      expect(breaching).toEqual([]);
      const row = await store.db
        .selectFrom('tickets')
        .select(['next_alert_at', 'clock_anchor_at', 'counted_minutes'])
        .where('id', '=', t.id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ next_alert_at: null, clock_anchor_at: null, counted_minutes: 120 });

      // The customer answers on Monday 10:00: six working hours are left → Monday 16:00.
      const resumed = await setStatus(t.id, 'open', keys.customerA);
      expect(resumed.body).toMatchObject({
        status: 'open',
        sla: {
          paused: false,
          first_response_due_at: '2026-11-23T13:00:00.000Z',
          // Resolution: 24 working hours − 2 = 22 from Monday 10:00 → Wednesday 16:00.
          resolution_due_at: '2026-11-25T13:00:00.000Z',
        },
      });
      const clockView = (await call('GET', `/tickets/${t.id}/clock`)).body;
      const pausedStretch = clockView.first_response.intervals.find((i: Body) => i.kind === 'paused');
      expect(pausedStretch).toMatchObject({ from: SUNDAY_10, to: MONDAY_10 });
      expect(pausedStretch.reason_ar).toContain('بانتظار رد العميل');
      expect(clockView.first_response).toMatchObject({ state: 'running', counted_minutes: 120 });
    });

    it('deadlines are the same when recomputed from the stored status history', async () => {
      const t = await open(P3_TEXT);
      for (const [at, status] of [
        [SUNDAY_10, 'pending_customer'],
        ['2026-11-22T09:30:00.000Z', 'open'],
        ['2026-11-23T11:00:00.000Z', 'pending_customer'],
        ['2026-11-24T06:15:00.000Z', 'open'],
      ] as const) {
        clock.set(at);
        expect((await setStatus(t.id, status)).status).toBe(200);
      }
      const row = await store.db
        .selectFrom('tickets')
        .selectAll()
        .where('id', '=', t.id)
        .executeTakeFirstOrThrow();
      const events = await store.db
        .selectFrom('ticket_events')
        .selectAll()
        .where('ticket_id', '=', t.id)
        .execute();
      const calendar = await slaConfigOf(store.db).calendar(row.calendar_revision, new Date(row.opened_at));
      const again = slaColumns(row, { clock: 'business', calendar }, statusHistory(events), clock.now());
      expect(again).toMatchObject({
        first_response_due_at: row.first_response_due_at,
        resolution_due_at: row.resolution_due_at,
        clock_anchor_at: row.clock_anchor_at,
        counted_minutes: row.counted_minutes,
      });
    });

    it('only staff put a ticket on hold; the customer may only resume; closed tickets refuse', async () => {
      const t = await open(P2_TEXT);
      expect(await setStatus(t.id, 'pending_customer', keys.customerA)).toMatchObject({
        status: 403,
        body: { error: 'forbidden' },
      });
      expect(await setStatus(t.id, 'pending_customer', keys.customerB)).toMatchObject({ status: 404 });
      expect(await setStatus(t.id, 'closed')).toMatchObject({ status: 400, body: { field: 'status' } });
      expect((await setStatus(t.id, 'open')).body.version).toBe(1); // already open: nothing changes
      await call('POST', `/tickets/${t.id}/resolve`, {});
      expect(await setStatus(t.id, 'pending_customer')).toMatchObject({
        status: 409,
        body: { error: 'ticket_resolved' },
      });
    });
  });

  describe('first response through an approved reply', () => {
    const pendingDraft = async (id: string) =>
      ((await get(id)).drafts as Body[]).find((d) => d.status === 'pending')!;

    it('a P0 reply needs the founder; only an approved, unchanged draft is sent, as a hand-off', async () => {
      const t = await open(P0_TEXT, keys.customerIdA, { contact_email: 'ops@afaq.sa', channel: 'email' });
      const d = await pendingDraft(t.id);
      expect(await call('POST', `/drafts/${d.id}/send`, {})).toMatchObject({
        status: 409,
        body: { error: 'not_approved' },
      });
      expect(await call('POST', `/drafts/${d.id}/approve`, {}, keys.oncall)).toMatchObject({
        status: 403,
        body: { error: 'founder_approval_required' },
      });
      // A customer key sees only its own outreach drafts: a ticket reply is not there for it.
      expect(await call('POST', `/drafts/${d.id}/approve`, {}, keys.customerA)).toMatchObject({
        status: 404,
        body: { error: 'draft_not_found' },
      });
      clock.advance(0.1 * HOUR);
      const ok = await call('POST', `/drafts/${d.id}/approve`, { version: 1 });
      expect(ok.body).toMatchObject({ status: 'approved', version: 2 });
      // An edit after approval sends it back for approval.
      const edited = await call('PATCH', `/drafts/${d.id}`, {
        body_ar: 'أهلاً، نشتغل عليها الحين',
        version: 2,
      });
      expect(edited.body).toMatchObject({ status: 'pending', approved_at: null, version: 3 });
      expect(await call('POST', `/drafts/${d.id}/send`, {})).toMatchObject({
        status: 409,
        body: { error: 'not_approved' },
      });
      await call('POST', `/drafts/${d.id}/approve`, {});
      clock.advance(0.1 * HOUR);
      const sent = await call('POST', `/drafts/${d.id}/send`, {});
      expect(sent.body).toMatchObject({
        mode: 'handoff',
        draft: { status: 'sent', send_mode: 'handoff' },
        handoff: { text: 'أهلاً، نشتغل عليها الحين', wa_me: null },
      });
      expect(sent.body.handoff.eml).toContain('To: ops@afaq.sa');
      expect(await call('POST', `/drafts/${d.id}/send`, {})).toMatchObject({
        status: 409,
        body: { error: 'already_sent' },
      });
      const after = await get(t.id);
      expect(after).toMatchObject({
        first_response_at: new Date(Date.parse(THURSDAY_16) + 0.2 * HOUR).toISOString(),
        breaching: false,
      });
      const actions = (await call('GET', `/ledger?subject=${d.id}`)).body.entries.map((e: Body) => e.action);
      // Refused sends are decisions too: they are in the Ledger with the check that failed.
      expect(actions).toEqual([
        'draft.send_refused',
        'draft.approved',
        'draft.edited',
        'draft.send_refused',
        'draft.approved',
        'draft.handed_off',
        'draft.send_refused',
      ]);
    });

    it('a draft making a prohibited claim cannot be approved', async () => {
      const t = await open(P2_TEXT);
      const d = await pendingDraft(t.id);
      const bad = await call('PATCH', `/drafts/${d.id}`, {
        body_ar: 'نضمن لك نتائج مضمونة 100٪',
        version: 1,
      });
      expect(bad.body.claims.ok).toBe(false);
      const refused = await call('POST', `/drafts/${d.id}/approve`, {});
      expect(refused).toMatchObject({ status: 409, body: { error: 'prohibited_claim' } });
      expect(await call('POST', `/drafts/${d.id}/reject`, {})).toMatchObject({
        status: 400,
        body: { field: 'reason' },
      });
      expect((await call('POST', `/drafts/${d.id}/reject`, { reason: 'ادعاء ممنوع' })).body.status).toBe(
        'rejected',
      );
      const queue = (await call('GET', '/drafts?status=pending')).body.drafts as Body[];
      expect(queue.map((x) => x.id)).not.toContain(d.id);
    });

    it('a late first response is attributed to approval or to sending', async () => {
      const slow = await open(P2_TEXT); // due Sunday 16:00
      const fast = await open(P2_TEXT);
      await call('POST', `/drafts/${(await pendingDraft(fast.id)).id}/approve`, {});
      clock.set('2026-11-22T14:00:00.000Z'); // Sunday 17:00, an hour late
      for (const t of [slow, fast]) {
        const d = await pendingDraft(t.id);
        if (d) await call('POST', `/drafts/${d.id}/approve`, {});
        const approved = ((await get(t.id)).drafts as Body[]).find((x) => x.status === 'approved')!;
        await call('POST', `/drafts/${approved.id}/send`, {});
      }
      expect((await get(slow.id)).sla.reply.breach_cause).toBe('approval');
      expect((await get(fast.id)).sla.reply.breach_cause).toBe('response');
      const rows = await store.db
        .selectFrom('tickets')
        .select(['fr_breached', 'first_response_minutes'])
        .execute();
      expect(rows).toEqual([
        { fr_breached: 1, first_response_minutes: 540 },
        { fr_breached: 1, first_response_minutes: 540 },
      ]);
    });
  });

  describe('stored calendars and policies', () => {
    it('confirming a shifted Eid makes a new revision and recomputes only open tickets', async () => {
      const cal = (await call('GET', '/sla/calendar?year=2027')).body;
      expect(cal.revision).toBe(0);
      const fitr = cal.holidays.find((h: Body) => h.key === 'eid_al_fitr');
      expect(fitr).toMatchObject({ status: 'provisional', year: 2027 });
      // A P3 opened the working day before the Eid: its resolution runs through it.
      const before = new Date(Date.parse(`${fitr.date_from}T10:00:00+03:00`) - 24 * HOUR);
      clock.set(before);
      const openT = await open(P3_TEXT);
      const doneT = await open(P3_TEXT);
      await call('POST', `/tickets/${doneT.id}/resolve`, {});

      const shift = (d: string) =>
        new Date(Date.parse(`${d}T00:00:00Z`) + 24 * HOUR).toISOString().slice(0, 10);
      expect(
        await call('POST', '/sla/calendar/holidays/confirm', { key: 'eid_al_fitr', year: 2027 }, keys.oncall),
      ).toMatchObject({ status: 403 });
      expect(
        await call('POST', '/sla/calendar/holidays/confirm', {
          key: 'eid_al_fitr',
          year: 2027,
          expected_revision: 3,
        }),
      ).toMatchObject({ status: 409, body: { error: 'stale_revision' } });
      expect(
        await call('POST', '/sla/calendar/holidays/confirm', { key: 'diwali', year: 2027 }),
      ).toMatchObject({
        status: 404,
        body: { error: 'holiday_not_found' },
      });
      expect(
        await call('POST', '/sla/calendar/holidays/confirm', {
          key: 'eid_al_fitr',
          year: 2027,
          date_from: '2027-03-10',
          date_to: '2027-03-01',
        }),
      ).toMatchObject({ status: 400, body: { error: 'invalid_range', field: 'date_to' } });

      const r = await call('POST', '/sla/calendar/holidays/confirm', {
        key: 'eid_al_fitr',
        year: 2027,
        date_from: shift(fitr.date_from),
        date_to: shift(fitr.date_to),
        note: 'ثبتت رؤية الهلال',
        expected_revision: 0,
      });
      expect(r.body).toMatchObject({
        revision: 1,
        open_tickets: 1,
        holiday: { status: 'confirmed', date_from: shift(fitr.date_from) },
      });
      const moved = await get(openT.id);
      expect(moved.sla.calendar_revision).toBe(1);
      expect(moved.sla.calendar_version).toMatch(/^sa-v1-/);
      const expected = await call('POST', '/sla/deadlines', {
        priority: 'P3',
        opened_at: before.toISOString(),
      });
      expect(moved.sla.resolution_due_at).toBe(expected.body.resolution_due_at);
      expect(expected.body.calendar_revision).toBe(1);
      expect(moved.events.map((e: Body) => e.event)).toContain('calendar_changed');
      // The resolved ticket keeps the calendar it ran on.
      expect((await get(doneT.id)).sla.calendar_revision).toBe(0);
      const entry = (await call('GET', '/ledger?subject=calendar:1')).body.entries[0];
      expect(entry).toMatchObject({
        action: 'sla.calendar_changed',
        data: { revision: 1, from_revision: 0 },
      });
      const cal1 = (await call('GET', '/sla/calendar?year=2027')).body;
      expect(cal1.holidays.find((h: Body) => h.key === 'eid_al_fitr')).toMatchObject({ status: 'confirmed' });
      expect((await call('GET', '/sla/calendar/revisions')).body.revisions).toHaveLength(1);
      expect((await call('GET', '/ledger/verify')).body.ok).toBe(true);
    });

    it('new working hours and company days off are validated and versioned', async () => {
      const bad = await call('PUT', '/sla/calendar/hours', {
        weekly: [[{ start: '10:00', end: '09:00' }], [], [], [], [], [], []],
      });
      expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_schedule' } });
      expect(await call('PUT', '/sla/calendar/hours', {})).toMatchObject({ status: 400 });
      const t = await open(P2_TEXT); // Thursday 16:00
      const split = [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '18:00' },
      ];
      const r = await call('PUT', '/sla/calendar/hours', {
        weekly: [split, split, split, split, split, [], []],
      });
      expect(r.body).toMatchObject({ revision: 1, open_tickets: 1, deadlines_moved: 1 });
      // Thursday 16–18 (2 h), Sunday 08–12 (4 h) and 13–15 (2 h): due Sunday 15:00.
      expect((await get(t.id)).sla.first_response_due_at).toBe('2026-11-22T12:00:00.000Z');
      const off = await call('POST', '/sla/calendar/holidays', {
        key: 'offsite',
        name_ar: 'اجتماع الفريق السنوي',
        name_en: 'Team offsite',
        date_from: '2026-11-22',
        date_to: '2026-11-22',
      });
      expect(off).toMatchObject({ status: 201, body: { revision: 2, deadlines_moved: 1 } });
      // Sunday off: the six remaining hours run Monday 08–12 and 13–15.
      expect((await get(t.id)).sla.first_response_due_at).toBe('2026-11-23T12:00:00.000Z');
    });

    it('a customer policy applies to that customer’s new tickets only', async () => {
      const policy = {
        P0: { first_response_minutes: 15, resolution_hours: 2, clock: 'calendar' },
        P1: { first_response_minutes: 60, resolution_hours: 8, clock: 'calendar' },
        P2: { first_response_minutes: 240, resolution_hours: 16, clock: 'business' },
        P3: { first_response_minutes: 480, resolution_hours: 24, clock: 'business' },
      };
      const before = await open(P2_TEXT);
      expect(
        await call(
          'POST',
          '/sla/policies',
          { scope: 'customer', scope_id: keys.customerIdA, policy },
          keys.oncall,
        ),
      ).toMatchObject({ status: 403 });
      expect(
        await call('POST', '/sla/policies', { scope: 'customer', scope_id: 'cus_nope', policy }),
      ).toMatchObject({ status: 404, body: { field: 'scope_id' } });
      expect(
        await call('POST', '/sla/policies', { scope: 'bundle', scope_id: 'nope', policy }),
      ).toMatchObject({
        status: 400,
        body: { field: 'scope_id' },
      });
      expect(
        await call('POST', '/sla/policies', {
          scope: 'default',
          policy: {
            ...policy,
            P3: { first_response_minutes: 6000, resolution_hours: 24, clock: 'business' },
          },
        }),
      ).toMatchObject({ status: 400, body: { error: 'invalid_policy' } });
      const made = await call('POST', '/sla/policies', {
        scope: 'customer',
        scope_id: keys.customerIdA,
        policy,
        note: 'عقد خاص',
      });
      expect(made).toMatchObject({
        status: 201,
        body: { revision: 1, scope_key: `customer:${keys.customerIdA}` },
      });
      const a = await open(P2_TEXT);
      const b = await open(P2_TEXT, keys.customerIdB);
      expect(a.sla).toMatchObject({ policy_id: made.body.id, first_response_minutes: 240 });
      expect(a.sla.first_response_due_at).toBe('2026-11-22T09:00:00.000Z'); // 1 h Thursday + 3 h Sunday
      expect(b.sla).toMatchObject({ policy_id: 'default', first_response_minutes: 480 });
      expect((await get(before.id)).sla.policy_id).toBe('default');
      const dl = await call('POST', '/sla/deadlines', {
        priority: 'P2',
        opened_at: THURSDAY_16,
        customer_id: keys.customerIdA,
      });
      expect(dl.body).toMatchObject({
        policy_id: made.body.id,
        first_response_due_at: '2026-11-22T09:00:00.000Z',
      });
      const list = (await call('GET', '/sla/policies')).body;
      expect(list.policies).toHaveLength(1);
      expect(list.default_policy.id).toBe('default');
    });
  });
});
