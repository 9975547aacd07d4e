import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calendarFor } from '../../src/contexts/sla/deadlines.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

// Thursday 19 Nov 2026, 16:00 Riyadh: one working hour left before the weekend.
const THURSDAY_16 = '2026-11-19T13:00:00.000Z';
const MINUTE = 60_000;

const TEXT = {
  P0: 'في تسريب بيانات العملاء، شفنا قائمة عملائنا عند طرف ثاني',
  P1: 'الـ Proof Pack مفقود هذا الأسبوع',
  P2: 'ربط Gmail ما يشتغل من امس',
  P3: 'كيف أضيف مستخدم جديد؟',
} as const;

// biome-ignore lint/suspicious/noExplicitAny: assertions read JSON answers loosely; toMatchObject checks them.
type Body = Record<string, unknown> & { [k: string]: any };

describe.each(DIALECTS)('stored tickets on $name', (dialect) => {
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

  const call = async (method: 'GET' | 'POST', url: string, payload?: object, key = keys.founder) => {
    const res = await app.inject({ method, url: `/api/v1${url}`, payload, headers: bearer(key) });
    expect(res.statusCode, `${method} ${url} → ${res.body}`).toBeLessThan(500);
    return { status: res.statusCode, body: res.json() as Body };
  };
  const open = async (text: string, over: object = {}, key = keys.founder) => {
    const r = await call('POST', '/tickets', { customer_id: keys.customerIdA, text, ...over }, key);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const ledger = async (subject: string) =>
    (await call('GET', `/ledger?subject=${subject}`)).body.entries as Array<{
      action: string;
      actor: string;
      data: Body;
    }>;
  /** Approves the ticket's pending reply draft and hands it off: the first response. */
  const answer = async (id: string) => {
    const drafts = (await call('GET', `/tickets/${id}`)).body.drafts as Array<{ id: string; status: string }>;
    const d = drafts.find((x) => x.status === 'pending')!;
    expect((await call('POST', `/drafts/${d.id}/approve`, {})).status).toBe(200);
    const sent = await call('POST', `/drafts/${d.id}/send`, {});
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    return (await call('GET', `/tickets/${id}`)).body;
  };
  const me = async (key: string) => (await call('GET', '/me', undefined, key)).body.user_id as string;

  it('a P0 ticket is classified with its words, routed to the founder and due in 30 minutes on the wall clock', async () => {
    const t = await open(TEXT.P0, { contact_email: 'ops@afaq.sa', channel: 'email' });
    expect(t.id).toMatch(/^tkt_[0-9a-z]{21}$/);
    expect(t).toMatchObject({
      customer_id: keys.customerIdA,
      priority: 'P0',
      owner: 'founder',
      status: 'open',
      channel: 'email',
      contact_email: 'ops@afaq.sa',
      classification: { priority: 'P0', rule: 'data_leak', reason_ar: expect.any(String) },
      sla: {
        first_response_due_at: '2026-11-19T13:30:00.000Z',
        resolution_due_at: '2026-11-19T17:00:00.000Z',
        clock: 'calendar',
        first_response_minutes: 30,
        resolution_hours: 4,
        next_due_at: '2026-11-19T13:30:00.000Z',
        breaches: [],
      },
      breaching: false,
      opened_at: THURSDAY_16,
      version: 1,
      approval_required: true,
      live_send_allowed: false,
    });
    expect(t.classification.matched.map((m: { text: string }) => m.text)).toEqual(['تسريب']);
    expect(t.draft).toMatchObject({
      status: 'pending',
      kind: 'ticket_first_response',
      recipient: 'ops@afaq.sa',
    });
    expect(t.draft.body_ar).toContain('30 دقيقة');
  });

  it('a P2 opened Thursday 16:00 is due Sunday 16:00 and resolved by Tuesday 16:00 on working time', async () => {
    const t = await open(TEXT.P2);
    expect(t).toMatchObject({
      priority: 'P2',
      owner: 'operator_oncall',
      classification: { rule: 'connector_problem' },
      sla: {
        first_response_due_at: '2026-11-22T13:00:00.000Z',
        resolution_due_at: '2026-11-24T13:00:00.000Z',
        clock: 'business',
        calendar_version: calendarFor(new Date(THURSDAY_16)).version,
        first_response_minutes: 480,
        resolution_hours: 24,
      },
    });
    expect(t.sla.calendar_version).toMatch(/^sa-2024\.2025\.2026\.2027\.2028\.r0-[0-9a-f]{8}$/);
    expect(t.draft.body_ar).toContain('ساعات عمل');
  });

  it('the first-response draft is stored pending, and the opening is in the event log and the Ledger', async () => {
    const t = await open(TEXT.P3);
    const got = (await call('GET', `/tickets/${t.id}`)).body;
    const founder = await me(keys.founder);
    expect(got.drafts).toEqual([t.draft]);
    expect(got.drafts[0]).toMatchObject({ status: 'pending', body_ar: expect.stringContaining('حرج') });
    expect(got.events).toEqual([
      expect.objectContaining({
        event: 'opened',
        at: THURSDAY_16,
        actor: founder,
        data: expect.objectContaining({
          priority: 'P3',
          draft_id: t.draft.id,
          calendar_version: t.sla.calendar_version,
        }),
      }),
    ]);
    const entries = await ledger(t.id as string);
    expect(entries.map((e) => [e.action, e.actor])).toEqual([['ticket.opened', founder]]);
    expect(entries[0]!.data).toMatchObject({
      customer_id: keys.customerIdA,
      priority: 'P3',
      rule: 'default',
    });
    // The append-only Ledger never holds the customer's words.
    expect(JSON.stringify(entries)).not.toContain('مستخدم');
  });

  it('a customer key opens tickets for its own customer through the portal and never reads an unapproved draft', async () => {
    const t = await open(TEXT.P2, {}, keys.customerA);
    expect(t).toMatchObject({ channel: 'portal', priority: 'P2' });
    expect(t.draft).toMatchObject({ status: 'pending', body_ar: null });
    const foreign = await call(
      'POST',
      '/tickets',
      { customer_id: keys.customerIdB, text: TEXT.P2 },
      keys.customerA,
    );
    expect(foreign).toMatchObject({ status: 404, body: { error: 'customer_not_found' } });
    const unknown = await call('POST', '/tickets', { customer_id: 'cus_missing', text: TEXT.P2 });
    expect(unknown).toMatchObject({
      status: 404,
      body: { error: 'customer_not_found', field: 'customer_id' },
    });
    expect((await call('GET', `/tickets/${t.id}`)).body.drafts[0].body_ar).toContain('أهلاً');
  });

  it('the draft greets the contact by name when the sender is a known contact', async () => {
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/customers/${keys.customerIdA}`,
      payload: { version: 1, contacts: [{ name: 'سارة', email: 'sara@afaq.sa' }] },
      headers: bearer(keys.founder),
    });
    expect(patched.statusCode).toBe(200);
    const t = await open(TEXT.P3, { contact_email: 'Sara@afaq.sa' });
    expect(t.draft.body_ar).toMatch(/^أهلاً سارة/);
  });

  it('lists tickets earliest due first with nothing due last, and filters them', async () => {
    const p3 = await open(TEXT.P3);
    const p0 = await open(TEXT.P0);
    const p2 = await open(TEXT.P2);
    const p1 = await open(TEXT.P1);
    const done = await open(TEXT.P0);
    expect((await call('POST', `/tickets/${done.id}/resolve`, {})).status).toBe(200);
    const b = (await call('POST', '/tickets', { customer_id: keys.customerIdB, text: TEXT.P2 })).body;

    const ids = async (q: string, key = keys.founder) =>
      ((await call('GET', `/tickets${q}`, undefined, key)).body.tickets as Array<{ id: string }>).map(
        (t) => t.id,
      );
    // P0 due 16:30, P1 18:00, the two P2s Sunday 16:00 (by id), P3 Tuesday, the resolved one last.
    expect(await ids('')).toEqual([p0.id, p1.id, p2.id, b.id, p3.id, done.id]);
    expect(await ids('?priority=P0')).toEqual([p0.id, done.id]);
    expect(await ids('?status=resolved')).toEqual([done.id]);
    expect(await ids('?status=open&priority=P2')).toEqual([p2.id, b.id]);
    expect(await ids(`?customer_id=${keys.customerIdB}`)).toEqual([b.id]);
    // A customer key sees only its own customer's tickets, whatever it asks for.
    expect(await ids('', keys.customerB)).toEqual([b.id]);
    expect(
      (await call('GET', `/tickets?customer_id=${keys.customerIdA}`, undefined, keys.customerB)).status,
    ).toBe(404);
  });

  it('pages through tickets with an opaque cursor and refuses a forged one', async () => {
    const made: string[] = [];
    for (const text of [TEXT.P3, TEXT.P0, TEXT.P2, TEXT.P1, TEXT.P3])
      made.push((await open(text)).id as string);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Body = (await call('GET', `/tickets?limit=2${after ? `&after=${after}` : ''}`)).body;
      expect(page.tickets.length).toBeLessThanOrEqual(2);
      seen.push(...page.tickets.map((t: { id: string }) => t.id));
      after = page.next_after;
    } while (after);
    expect(seen).toEqual([made[1], made[3], made[2], made[0], made[4]]);
    expect(await call('GET', '/tickets?after=not-a-cursor')).toMatchObject({
      status: 400,
      body: { error: 'invalid_cursor', field: 'after' },
    });
  });

  it('breaching flips when the clock passes a due time, and a late answer stays a breach', async () => {
    const p0 = await open(TEXT.P0);
    const p2 = await open(TEXT.P2);
    const breachingIds = async (flag: boolean) =>
      ((await call('GET', `/tickets?breaching=${flag}`)).body.tickets as Array<{ id: string }>).map(
        (t) => t.id,
      );
    expect(await breachingIds(true)).toEqual([]);
    expect(await breachingIds(false)).toEqual([p0.id, p2.id]);

    clock.advance(30 * MINUTE);
    expect((await call('GET', `/tickets/${p0.id}`)).body.breaching).toBe(false); // due at 16:30 exactly

    clock.advance(1 * MINUTE);
    const late = (await call('GET', `/tickets/${p0.id}`)).body;
    expect(late).toMatchObject({
      breaching: true,
      sla: { breaches: [{ kind: 'first_response', due_at: '2026-11-19T13:30:00.000Z', met_at: null }] },
    });
    expect(await breachingIds(true)).toEqual([p0.id]);
    expect(await breachingIds(false)).toEqual([p2.id]);

    const answered = await answer(p0.id as string);
    expect(answered).toMatchObject({
      breaching: true,
      first_response_at: '2026-11-19T13:31:00.000Z',
      sla: { next_due_at: '2026-11-19T17:00:00.000Z' },
    });
    expect(await breachingIds(true)).toEqual([p0.id]);

    // The P2's clock does not run over the weekend: Sunday 15:59 is still in time.
    clock.set('2026-11-22T12:59:00.000Z');
    expect((await call('GET', `/tickets/${p2.id}`)).body.breaching).toBe(false);
    clock.advance(2 * MINUTE);
    expect((await call('GET', `/tickets/${p2.id}`)).body.breaching).toBe(true);
  });

  it('a human may raise a priority, with due times from the opening, but never lower it', async () => {
    const t = await open(TEXT.P3);
    clock.advance(10 * MINUTE);
    const raised = await call('POST', `/tickets/${t.id}/priority`, {
      priority: 'P1',
      note: 'العميل اتصل',
      version: 1,
    });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({
      priority: 'P1',
      owner: 'operator_oncall',
      classification: { priority: 'P3' },
      version: 2,
      sla: {
        first_response_due_at: '2026-11-19T15:00:00.000Z',
        resolution_due_at: '2026-11-20T13:00:00.000Z',
        clock: 'calendar',
        next_due_at: '2026-11-19T15:00:00.000Z',
      },
    });

    const lower = await call('POST', `/tickets/${t.id}/priority`, { priority: 'P2' });
    expect(lower).toMatchObject({
      status: 409,
      body: { error: 'priority_lowering_forbidden', field: 'priority' },
    });
    const same = await call('POST', `/tickets/${t.id}/priority`, { priority: 'P1' });
    expect(same).toMatchObject({ status: 200, body: { priority: 'P1', version: 2 } });
    const stale = await call('POST', `/tickets/${t.id}/priority`, { priority: 'P0', version: 1 });
    expect(stale).toMatchObject({ status: 409, body: { error: 'stale_version', field: 'version' } });

    const founder = await me(keys.founder);
    const entries = await ledger(t.id as string);
    expect(entries.map((e) => e.action)).toEqual(['ticket.opened', 'ticket.priority_raised']);
    expect(entries[1]).toMatchObject({ actor: founder, data: { from: 'P3', to: 'P1', note: 'العميل اتصل' } });

    const detail = (await call('GET', `/tickets/${t.id}`)).body;
    expect(detail.events.map((e: { event: string }) => e.event)).toEqual(['opened', 'priority_raised']);
    expect(detail.events[1]).toMatchObject({ actor: founder, data: { from: 'P3', to: 'P1' } });
    // The unanswered customer gets the new priority's draft; the old one is kept, superseded.
    expect(detail.drafts.map((d: { status: string }) => d.status)).toEqual(['superseded', 'pending']);
    expect(detail.drafts[1].body_ar).toContain('ساعتين');

    // The customer may raise its own ticket too ("حرج").
    const byCustomer = await call('POST', `/tickets/${t.id}/priority`, { priority: 'P0' }, keys.customerA);
    expect(byCustomer.body).toMatchObject({ priority: 'P0', owner: 'founder', breaching: false });
  });

  it('SLA events: the first response counts only as an approved reply sent; escalation is logged, anything else is refused', async () => {
    const t = await open(TEXT.P2);
    clock.advance(5 * MINUTE);
    expect(
      await call('POST', `/tickets/${t.id}/events`, { event: 'first_response', version: 1 }),
    ).toMatchObject({
      status: 409,
      body: { error: 'approved_reply_required', field: 'event' },
    });
    const fr = await answer(t.id as string);
    expect(fr).toMatchObject({
      first_response_at: '2026-11-19T13:05:00.000Z',
      sla: {
        next_due_at: '2026-11-24T13:00:00.000Z',
        reply: {
          draft_ready_at: THURSDAY_16,
          approval_pending_at: THURSDAY_16,
          approved_at: '2026-11-19T13:05:00.000Z',
          breach_cause: null,
        },
      },
      version: 3,
    });
    const esc = await call('POST', `/tickets/${t.id}/events`, { event: 'escalated', note: 'يحتاج المؤسس' });
    expect(esc).toMatchObject({ status: 200, body: { version: 4, status: 'open' } });
    expect(await call('POST', `/tickets/${t.id}/events`, { event: 'reopened' })).toMatchObject({
      status: 400,
      body: { error: 'unknown_event', field: 'event' },
    });
    expect(await call('POST', `/tickets/${t.id}/events`, { event: 'opened' })).toMatchObject({
      status: 400,
      body: { error: 'event_not_allowed', field: 'event' },
    });
    expect(
      await call('POST', `/tickets/${t.id}/events`, { event: 'escalated' }, keys.customerA),
    ).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const resolved = await call('POST', `/tickets/${t.id}/events`, {
      event: 'resolved',
      note: 'أعدنا الربط',
    });
    expect(resolved.body).toMatchObject({ status: 'resolved', sla: { next_due_at: null } });

    const detail = (await call('GET', `/tickets/${t.id}`)).body;
    expect(detail.events.map((e: { event: string }) => e.event)).toEqual([
      'opened',
      'reply_approved',
      'first_response',
      'escalated',
      'resolved',
    ]);
    expect(detail.events[3].data).toMatchObject({ note: 'يحتاج المؤسس' });
    expect((await ledger(t.id as string)).map((e) => e.action)).toEqual([
      'ticket.opened',
      'ticket.reply_approved',
      'ticket.first_response',
      'ticket.escalated',
      'ticket.resolved',
    ]);
  });

  it('only a resolved ticket closes, and only on the customer’s confirmation', async () => {
    const t = await open(TEXT.P2);
    expect(await call('POST', `/tickets/${t.id}/confirm`, {}, keys.customerA)).toMatchObject({
      status: 409,
      body: { error: 'not_resolved' },
    });
    expect(await call('POST', `/tickets/${t.id}/resolve`, {}, keys.customerA)).toMatchObject({ status: 403 });

    clock.advance(20 * MINUTE);
    const resolved = (await call('POST', `/tickets/${t.id}/resolve`, { note: 'تم' })).body;
    // Resolution is not a reply: the first response stays unsent, judged at the resolution (in time here).
    expect(resolved).toMatchObject({
      status: 'resolved',
      resolved_at: '2026-11-19T13:20:00.000Z',
      first_response_at: null,
      breaching: false,
    });
    expect(await call('POST', `/tickets/${t.id}/resolve`, {})).toMatchObject({
      status: 409,
      body: { error: 'ticket_resolved' },
    });
    expect(await call('POST', `/tickets/${t.id}/priority`, { priority: 'P0' })).toMatchObject({
      status: 409,
      body: { error: 'ticket_resolved' },
    });
    expect(await call('POST', `/tickets/${t.id}/confirm`, {})).toMatchObject({
      status: 400,
      body: { error: 'note_required', field: 'note' },
    });

    const closed = await call('POST', `/tickets/${t.id}/confirm`, {}, keys.customerA);
    expect(closed.body).toMatchObject({ status: 'closed', closed_at: '2026-11-19T13:20:00.000Z' });
    expect(await call('POST', `/tickets/${t.id}/confirm`, {}, keys.customerA)).toMatchObject({
      status: 409,
      body: { error: 'ticket_closed' },
    });
    expect(await call('POST', `/tickets/${t.id}/events`, { event: 'escalated' })).toMatchObject({
      status: 409,
      body: { error: 'ticket_closed' },
    });
    const customer = await me(keys.customerA);
    const entries = await ledger(t.id as string);
    expect(entries.map((e) => e.action)).toEqual(['ticket.opened', 'ticket.resolved', 'ticket.closed']);
    expect(entries[2]).toMatchObject({ actor: customer, data: { confirmed_by: 'customer' } });

    // Staff may record a confirmation given another way, saying how.
    const other = await open(TEXT.P3);
    await call('POST', `/tickets/${other.id}/resolve`, {});
    const byStaff = await call(
      'POST',
      `/tickets/${other.id}/confirm`,
      { note: 'أكدت سارة بالهاتف' },
      keys.oncall,
    );
    expect(byStaff.body).toMatchObject({ status: 'closed' });
    expect((await ledger(other.id as string)).at(-1)).toMatchObject({
      data: { confirmed_by: 'staff_on_behalf_of_customer', note: 'أكدت سارة بالهاتف' },
    });
  });

  it('a foreign customer key gets 404 on every ticket route for another customer’s ticket', async () => {
    const t = await open(TEXT.P2);
    await call('POST', `/tickets/${t.id}/resolve`, {});
    const k = keys.customerB;
    for (const [method, url, body] of [
      ['GET', `/tickets/${t.id}`, undefined],
      ['POST', `/tickets/${t.id}/priority`, { priority: 'P0' }],
      ['POST', `/tickets/${t.id}/events`, { event: 'escalated' }],
      ['POST', `/tickets/${t.id}/resolve`, {}],
      ['POST', `/tickets/${t.id}/confirm`, {}],
    ] as const) {
      const r = await call(method, url, body, k);
      expect(r, `${method} ${url}`).toMatchObject({ status: 404, body: { error: 'ticket_not_found' } });
    }
    expect((await call('GET', '/tickets', undefined, k)).body.tickets).toEqual([]);
    expect((await call('GET', `/tickets/${t.id}`, undefined, keys.customerA)).status).toBe(200);
    // Nothing changed: the foreign confirm did not close it.
    expect((await call('GET', `/tickets/${t.id}`)).body.status).toBe('resolved');
  });

  it('an unknown ticket is a 404 on every route', async () => {
    for (const [method, url, body] of [
      ['GET', '/tickets/tkt_missing', undefined],
      ['POST', '/tickets/tkt_missing/priority', { priority: 'P0' }],
      ['POST', '/tickets/tkt_missing/events', { event: 'escalated' }],
      ['POST', '/tickets/tkt_missing/resolve', {}],
      ['POST', '/tickets/tkt_missing/confirm', { note: 'x' }],
    ] as const) {
      expect(await call(method, url, body), `${method} ${url}`).toMatchObject({
        status: 404,
        body: { error: 'ticket_not_found', field: 'id' },
      });
    }
  });

  it('bad input gets a 400 naming the field, never a 500', async () => {
    const t = await open(TEXT.P3);
    const cid = keys.customerIdA;
    for (const [url, body, field] of [
      ['/tickets', { customer_id: cid }, 'text'],
      ['/tickets', { customer_id: cid, text: '' }, 'text'],
      ['/tickets', { customer_id: cid, text: 'x'.repeat(20_001) }, 'text'],
      ['/tickets', { customer_id: cid, text: 'x', channel: 'fax' }, 'channel'],
      ['/tickets', { customer_id: cid, text: 'x', contact_email: 'not-an-email' }, 'contact_email'],
      ['/tickets', { customer_id: 5, text: 'x' }, 'customer_id'],
      ['/tickets', { text: 'x' }, 'customer_id'],
      [`/tickets/${t.id}/priority`, { priority: 'P9' }, 'priority'],
      [`/tickets/${t.id}/priority`, { priority: 'P0', version: 0 }, 'version'],
      [`/tickets/${t.id}/priority`, { priority: 'P0', version: '1' }, 'version'],
      [`/tickets/${t.id}/events`, {}, 'event'],
      [`/tickets/${t.id}/events`, { event: 'escalated', note: 'x'.repeat(2001) }, 'note'],
    ] as const) {
      const r = await call('POST', url, body);
      expect(r.status, JSON.stringify(body).slice(0, 100)).toBe(400);
      expect(r.body.field).toBe(field);
    }
    for (const [q, field] of [
      ['status=pending', 'status'],
      ['priority=P7', 'priority'],
      ['breaching=maybe', 'breaching'],
      ['limit=abc', 'limit'],
    ] as const) {
      const r = await call('GET', `/tickets?${q}`);
      expect(r, q).toMatchObject({ status: 400, body: { field } });
    }
    expect((await call('GET', `/tickets/${t.id}`)).body).toMatchObject({ status: 'open', version: 1 });
    // An action with no body at all is an empty object: resolving needs no "{}".
    const noBody = await app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${t.id}/resolve`,
      headers: bearer(keys.founder),
    });
    expect(noBody.statusCode).toBe(200);
    expect((await call('GET', `/tickets/${t.id}`)).body).toMatchObject({ status: 'resolved' });
  });

  it('a ticket’s whole life keeps the Ledger chain intact', async () => {
    const t = await open(TEXT.P3);
    await call('POST', `/tickets/${t.id}/priority`, { priority: 'P2' });
    await answer(t.id as string);
    await call('POST', `/tickets/${t.id}/status`, { status: 'pending_customer' });
    await call('POST', `/tickets/${t.id}/status`, { status: 'open' }, keys.customerA);
    await call('POST', `/tickets/${t.id}/resolve`, {});
    await call('POST', `/tickets/${t.id}/confirm`, {}, keys.customerA);
    expect((await call('GET', '/ledger/verify')).body).toMatchObject({ ok: true });
    const rows = await store.db
      .selectFrom('tickets')
      .select(['status', 'version', 'next_due_at', 'next_alert_at'])
      .execute();
    expect(rows).toEqual([{ status: 'closed', version: 8, next_due_at: null, next_alert_at: null }]);
  });
});
