import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyChain } from '../../src/contexts/ledger/repository.js';
import { slaConfigOf } from '../../src/contexts/sla/config.js';
import { DEFAULT_SLA_POLICY } from '../../src/contexts/sla/deadlines.js';
import { addCounted, type ClockSpec, planAlerts } from '../../src/contexts/sla/engine.js';
import { startScheduler, sweep } from '../../src/contexts/sla/scheduler.js';
import type { Priority } from '../../src/contexts/support/priorities.js';
import { ownerFor } from '../../src/contexts/tickets/domain.js';
import { type Clock, fixedClock } from '../../src/lib/clock.js';
import { migrate, openStore, type Store } from '../../src/store/db.js';
import { newId } from '../../src/store/ids.js';
import type { TicketTable } from '../../src/store/schema-tickets.js';
import { type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

const MINUTE = 60_000;
// Sunday 22 Nov 2026, 10:00 Riyadh (UTC+3): the desk is open.
const SUNDAY_10 = '2026-11-22T07:00:00.000Z';
// Thursday 19 Nov 2026 in Riyadh: the last working day before the weekend.
const THURSDAY_09 = '2026-11-19T06:00:00.000Z';
const THURSDAY_13 = '2026-11-19T10:00:00.000Z';
const THURSDAY_16 = '2026-11-19T13:00:00.000Z';
const THURSDAY_17 = '2026-11-19T14:00:00.000Z';
const FRIDAY_20 = '2026-11-20T17:00:00.000Z';
const SATURDAY_12 = '2026-11-21T09:00:00.000Z';
const SUNDAY_09 = '2026-11-22T06:00:00.000Z';
const SUNDAY_12 = '2026-11-22T09:00:00.000Z';
const MONDAY_20 = '2026-11-23T17:00:00.000Z';
const TUESDAY_09 = '2026-11-24T06:00:00.000Z';

const TICKET_TEXT = 'تسريب بيانات: قائمة عملاء مؤسسة الأفق ظهرت عند طرف ثاني';

const at = (base: string, minutes: number) => new Date(Date.parse(base) + minutes * MINUTE).toISOString();

interface AlertRow {
  target: string;
  threshold: number;
  status: string;
  due_at: string;
}

describe.each(DIALECTS)('SLA scheduler on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let keys: Principals;
  const clock = fixedClock(SUNDAY_10);
  const deps = () => ({ store, clock });

  beforeEach(async () => {
    clock.set(SUNDAY_10);
    store = await dialect.open();
    keys = await seedPrincipals(store, clock);
  });
  afterEach(async () => {
    await store.dispose();
  });

  /**
   * A ticket as the tickets service stores it: default policy, clocks running from the opening,
   * next look where the alert engine puts it.
   */
  const openTicket = async (priority: Priority, openedAt: string, over: Partial<TicketTable> = {}) => {
    const policy = DEFAULT_SLA_POLICY[priority];
    const opened = new Date(openedAt);
    const spec: ClockSpec = {
      clock: policy.clock,
      calendar: await slaConfigOf(store.db).calendar(0, opened),
    };
    const targets = {
      first_response_minutes: policy.first_response_minutes,
      resolution_minutes: policy.resolution_hours * 60,
    };
    const plan = planAlerts(
      {
        priority,
        spec,
        state: { anchor: opened, counted: 0 },
        targets,
        first_response_met: false,
        resolved: false,
        alerts_fired: 0,
      },
      opened,
    );
    const frDue = addCounted(spec, opened, targets.first_response_minutes).toISOString();
    const row: TicketTable = {
      id: newId('tkt', opened),
      customer_id: keys.customerIdA,
      text: TICKET_TEXT,
      contact_email: 'ops@afaq.sa',
      channel: 'email',
      priority,
      classified_priority: priority,
      rule: 'test',
      reason_ar: 'اختبار',
      matched: '[]',
      owner: ownerFor(priority),
      status: 'open',
      opened_at: openedAt,
      first_response_at: null,
      resolved_at: null,
      closed_at: null,
      first_response_due_at: frDue,
      resolution_due_at: addCounted(spec, opened, targets.resolution_minutes).toISOString(),
      next_due_at: frDue,
      created_at: openedAt,
      updated_at: openedAt,
      version: 1,
      calendar_revision: 0,
      policy_id: 'default',
      clock: policy.clock,
      fr_target_minutes: targets.first_response_minutes,
      res_target_minutes: targets.resolution_minutes,
      clock_anchor_at: openedAt,
      counted_minutes: 0,
      paused_at: null,
      draft_ready_at: openedAt,
      approval_pending_at: openedAt,
      approved_at: null,
      first_response_minutes: null,
      resolution_minutes: null,
      fr_breached: 0,
      res_breached: 0,
      breach_cause: null,
      next_alert_at: plan.next_alert_at?.toISOString() ?? null,
      alerts_fired: 0,
      ...over,
    };
    await store.db.insertInto('tickets').values(row).execute();
    return row;
  };

  const ticket = (id: string) =>
    store.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const alertsOf = async (id: string): Promise<AlertRow[]> =>
    (
      await store.db
        .selectFrom('sla_alerts')
        .select(['target', 'threshold', 'status', 'due_at'])
        .where('ticket_id', '=', id)
        .orderBy('target')
        .orderBy('threshold')
        .execute()
    ).map((r) => ({ ...r, threshold: Number(r.threshold) }));
  const inboxOf = (role: string) =>
    store.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.user_id')
      .select([
        'notifications.kind',
        'notifications.subject_id',
        'notifications.customer_id',
        'notifications.title_ar',
        'notifications.title_en',
        'notifications.data',
        'notifications.dedupe_key',
      ])
      .where('users.role', '=', role)
      .orderBy('notifications.id')
      .execute();
  const ledger = async (action: string, subject?: string) => {
    let q = store.db
      .selectFrom('ledger')
      .select(['actor', 'action', 'subject', 'data'])
      .where('action', '=', action);
    if (subject) q = q.where('subject', '=', subject);
    return (await q.orderBy('seq').execute()).map((r) => ({ ...r, data: JSON.parse(r.data) as unknown }));
  };
  const escalations = (id: string) =>
    store.db
      .selectFrom('ticket_events')
      .select(['event', 'actor', 'data'])
      .where('ticket_id', '=', id)
      .where('event', '=', 'escalated')
      .execute();
  const count = async (table: 'sla_alerts' | 'notifications' | 'ticket_events') =>
    Number(
      (
        await store.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const countLedger = async (action: string) =>
    Number(
      (
        await store.db
          .selectFrom('ledger')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const sweepAt = (when: string, limit?: number) => {
    clock.set(when);
    return sweep(deps(), limit === undefined ? {} : { limit });
  };

  it('a P0 ticket warns the founder at 50, 75 and 90 % and escalates at 30 minutes, each exactly once', async () => {
    const t = await openTicket('P0', SUNDAY_10);
    expect(t.next_alert_at).toBe(at(SUNDAY_10, 15));

    expect(await sweepAt(at(SUNDAY_10, 14))).toMatchObject({ examined: 0, fired: 0 });
    expect(await sweepAt(at(SUNDAY_10, 15))).toMatchObject({ examined: 1, fired: 1, skipped: 0 });
    expect((await ticket(t.id)).next_alert_at).toBe(at(SUNDAY_10, 22.5));
    expect(await sweepAt(at(SUNDAY_10, 22.5))).toMatchObject({ examined: 1, fired: 1 });
    expect(await sweepAt(at(SUNDAY_10, 27))).toMatchObject({ examined: 1, fired: 1 });
    expect(await sweepAt(at(SUNDAY_10, 29))).toMatchObject({ examined: 0, fired: 0 });
    expect(await sweepAt(at(SUNDAY_10, 30))).toMatchObject({ examined: 1, fired: 1, skipped: 0 });

    expect(await alertsOf(t.id)).toEqual([
      { target: 'first_response', threshold: 50, status: 'fired', due_at: at(SUNDAY_10, 15) },
      { target: 'first_response', threshold: 75, status: 'fired', due_at: at(SUNDAY_10, 22.5) },
      { target: 'first_response', threshold: 90, status: 'fired', due_at: at(SUNDAY_10, 27) },
      { target: 'first_response', threshold: 100, status: 'fired', due_at: t.first_response_due_at },
    ]);

    // The founder's inbox has the four, in order; nobody else was told.
    const founder = await inboxOf('founder');
    expect(founder.map((n) => [n.kind, JSON.parse(n.data).level])).toEqual([
      ['sla_warning', 50],
      ['sla_warning', 75],
      ['sla_warning', 90],
      ['sla_breach', 100],
    ]);
    expect(founder[3]).toMatchObject({
      subject_id: t.id,
      customer_id: keys.customerIdA,
      dedupe_key: `sla:${t.id}:first_response:100`,
      title_ar: expect.stringContaining('الرد الأول'),
      title_en: expect.stringContaining('first-response'),
    });
    expect(JSON.parse(founder[3]!.data)).toEqual({
      ticket_id: t.id,
      priority: 'P0',
      target: 'first_response',
      level: 100,
      due_at: '2026-11-22T07:30:00.000Z',
    });
    expect(await inboxOf('operator_oncall')).toEqual([]);
    expect(await inboxOf('operator_team')).toEqual([]);

    // The escalation: an event by the system, the breach flags, and why the reply was late.
    expect(await escalations(t.id)).toEqual([
      {
        event: 'escalated',
        actor: 'system',
        data: JSON.stringify({
          reason: 'sla_breach',
          target: 'first_response',
          due_at: '2026-11-22T07:30:00.000Z',
        }),
      },
    ]);
    expect(await ticket(t.id)).toMatchObject({
      fr_breached: 1,
      res_breached: 0,
      breach_cause: 'approval', // the draft was ready at once, nobody approved it
      version: 1, // the scheduler never makes a user's edit stale
      next_alert_at: at(SUNDAY_10, 120), // resolution's 50 % of 4 hours
    });

    // The Ledger: numbers and ids, no ticket text or contact.
    expect((await ledger('sla.warning', t.id)).map((e) => e.data)).toEqual([
      {
        target: 'first_response',
        level: 50,
        due_at: at(SUNDAY_10, 15),
        priority: 'P0',
        customer_id: keys.customerIdA,
      },
      {
        target: 'first_response',
        level: 75,
        due_at: at(SUNDAY_10, 22.5),
        priority: 'P0',
        customer_id: keys.customerIdA,
      },
      {
        target: 'first_response',
        level: 90,
        due_at: at(SUNDAY_10, 27),
        priority: 'P0',
        customer_id: keys.customerIdA,
      },
    ]);
    expect(await ledger('sla.breach', t.id)).toEqual([
      {
        actor: 'system',
        action: 'sla.breach',
        subject: t.id,
        data: {
          target: 'first_response',
          level: 100,
          due_at: '2026-11-22T07:30:00.000Z',
          priority: 'P0',
          customer_id: keys.customerIdA,
        },
      },
    ]);
    expect(await ledger('ticket.escalated', t.id)).toEqual([
      {
        actor: 'system',
        action: 'ticket.escalated',
        subject: t.id,
        data: {
          customer_id: keys.customerIdA,
          reason: 'sla_breach',
          target: 'first_response',
          due_at: '2026-11-22T07:30:00.000Z',
        },
      },
    ]);
    const all = await store.db.selectFrom('ledger').select('data').execute();
    expect(JSON.stringify(all)).not.toContain('الأفق');
    expect(JSON.stringify(all)).not.toContain('ops@afaq.sa');
    expect(await verifyChain(store.db)).toMatchObject({ ok: true });

    // Sweeping again at the same instant, or after a restart, adds nothing.
    const before = [await count('sla_alerts'), await count('notifications'), await count('ticket_events')];
    expect(await sweepAt(at(SUNDAY_10, 30))).toMatchObject({ examined: 0, fired: 0 });
    const restarted = startScheduler({ store, clock }, { maxSleepMs: 5 });
    await new Promise((r) => setTimeout(r, 50));
    await restarted.stop();
    expect([await count('sla_alerts'), await count('notifications'), await count('ticket_events')]).toEqual(
      before,
    );
  });

  it('tickets are routed by owner: P1 alerts go to the on-call operators, P3 to the team', async () => {
    const p1 = await openTicket('P1', SUNDAY_10);
    const p3 = await openTicket('P3', SUNDAY_10);
    // P1 on the wall clock: 50 % of 2 hours, then the breach at Sunday 12:00.
    expect(await sweepAt(at(SUNDAY_10, 60))).toMatchObject({ examined: 1, fired: 1 });
    expect(await sweepAt(at(SUNDAY_10, 120))).toMatchObject({ examined: 1, fired: 1, skipped: 2 });
    // Monday 14:00: the P1's 24 hours are gone; the P3 is at 50 % of its 24 working hours (7 + 5).
    expect(await sweepAt('2026-11-23T11:00:00.000Z')).toMatchObject({ examined: 2, fired: 2, skipped: 3 });
    expect((await inboxOf('operator_oncall')).map((n) => [n.subject_id, n.kind])).toEqual([
      [p1.id, 'sla_warning'],
      [p1.id, 'sla_breach'],
      [p1.id, 'sla_breach'],
    ]);
    expect((await inboxOf('operator_team')).map((n) => [n.subject_id, n.kind])).toEqual([
      [p3.id, 'sla_warning'],
    ]);
    expect(await inboxOf('founder')).toEqual([]);
    expect((await alertsOf(p1.id)).map((a) => [a.target, a.threshold, a.status])).toEqual([
      ['first_response', 50, 'fired'],
      ['first_response', 75, 'skipped'],
      ['first_response', 90, 'skipped'],
      ['first_response', 100, 'fired'],
      ['resolution', 50, 'skipped'],
      ['resolution', 75, 'skipped'],
      ['resolution', 90, 'skipped'],
      ['resolution', 100, 'fired'],
    ]);
    expect(await ticket(p1.id)).toMatchObject({ fr_breached: 1, res_breached: 1, next_alert_at: null });
  });

  it('after the scheduler was down past several thresholds, only the highest fires and the rest are skipped', async () => {
    const t = await openTicket('P0', SUNDAY_10);
    expect(await sweepAt(at(SUNDAY_10, 28))).toMatchObject({ examined: 1, fired: 1, skipped: 2 });
    expect((await alertsOf(t.id)).map((a) => [a.threshold, a.status])).toEqual([
      [50, 'skipped'],
      [75, 'skipped'],
      [90, 'fired'],
    ]);
    expect((await inboxOf('founder')).map((n) => JSON.parse(n.data).level)).toEqual([90]);
    expect(await countLedger('sla.warning')).toBe(1);

    // Down again, past the breach and the first two resolution warnings.
    expect(await sweepAt(at(SUNDAY_10, 190))).toMatchObject({ examined: 1, fired: 2, skipped: 1 });
    expect((await alertsOf(t.id)).map((a) => [a.target, a.threshold, a.status])).toEqual([
      ['first_response', 50, 'skipped'],
      ['first_response', 75, 'skipped'],
      ['first_response', 90, 'fired'],
      ['first_response', 100, 'fired'],
      ['resolution', 50, 'skipped'],
      ['resolution', 75, 'fired'],
    ]);
    expect(await escalations(t.id)).toHaveLength(1);
    expect((await ticket(t.id)).next_alert_at).toBe(at(SUNDAY_10, 216));
  });

  it('a P2 opened Thursday 16:00 warns nobody over the weekend: 50 % of 8 working hours is Sunday 12:00', async () => {
    const t = await openTicket('P2', THURSDAY_16);
    expect(t.next_alert_at).toBe(SUNDAY_12);
    for (const when of [THURSDAY_17, FRIDAY_20, SATURDAY_12, SUNDAY_09])
      expect(await sweepAt(when)).toMatchObject({ fired: 0 });
    expect(await sweepAt(SUNDAY_12)).toMatchObject({ examined: 1, fired: 1 });
    expect(await alertsOf(t.id)).toEqual([
      { target: 'first_response', threshold: 50, status: 'fired', due_at: SUNDAY_12 },
    ]);
    expect((await inboxOf('operator_oncall')).map((n) => n.kind)).toEqual(['sla_warning']);
  });

  it('a P2 warning that falls due at closing time waits for the next opening, even when the ticket is looked at overnight', async () => {
    // Opened Thursday 13:00: 50 % of 8 working hours is Thursday 17:00 — closing time.
    const t = await openTicket('P2', THURSDAY_13, { next_alert_at: THURSDAY_17 });
    expect(await sweepAt(FRIDAY_20)).toMatchObject({ examined: 1, fired: 0, skipped: 0 });
    expect(await alertsOf(t.id)).toEqual([]);
    expect((await ticket(t.id)).next_alert_at).toBe(SUNDAY_09);
    expect(await sweepAt(SATURDAY_12)).toMatchObject({ examined: 0 });
    expect(await sweepAt(SUNDAY_09)).toMatchObject({ examined: 1, fired: 1 });
    expect(await alertsOf(t.id)).toEqual([
      { target: 'first_response', threshold: 50, status: 'fired', due_at: THURSDAY_17 },
    ]);
    // 75 % is two more working hours in.
    expect((await ticket(t.id)).next_alert_at).toBe('2026-11-22T08:00:00.000Z');
  });

  it('a P3 left unswept overnight raises its 50 % warning at the next opening, not at night', async () => {
    // Opened Sunday 09:00: 50 % of 24 working hours is Monday 13:00; the scheduler first looks Monday night.
    const t = await openTicket('P3', SUNDAY_09);
    expect(await sweepAt(MONDAY_20)).toMatchObject({ examined: 1, fired: 0 });
    expect((await ticket(t.id)).next_alert_at).toBe(TUESDAY_09);
    expect(await sweepAt(TUESDAY_09)).toMatchObject({ examined: 1, fired: 1 });
    expect((await alertsOf(t.id)).map((a) => [a.threshold, a.status])).toEqual([[50, 'fired']]);
    expect((await inboxOf('operator_team')).map((n) => n.kind)).toEqual(['sla_warning']);
  });

  it('a breach is never deferred: a P2 due at Thursday 17:00 escalates then, out of hours', async () => {
    const t = await openTicket('P2', THURSDAY_09);
    expect(t.first_response_due_at).toBe(THURSDAY_17);
    expect(await sweepAt(THURSDAY_17)).toMatchObject({ examined: 1, fired: 1, skipped: 3 });
    expect((await alertsOf(t.id)).map((a) => [a.threshold, a.status])).toEqual([
      [50, 'skipped'],
      [75, 'skipped'],
      [90, 'skipped'],
      [100, 'fired'],
    ]);
    expect(await escalations(t.id)).toHaveLength(1);
    expect((await ticket(t.id)).fr_breached).toBe(1);
  });

  it('a met first response stops its alerts; resolution alerts go on', async () => {
    const t = await openTicket('P0', SUNDAY_10);
    expect(await sweepAt(at(SUNDAY_10, 15))).toMatchObject({ fired: 1 });
    // Answered at +16; the next look is still the 75 % one (as if the tickets service had not re-planned).
    await store.db
      .updateTable('tickets')
      .set({ first_response_at: at(SUNDAY_10, 16), first_response_minutes: 16, version: 2 })
      .where('id', '=', t.id)
      .execute();
    expect(await sweepAt(at(SUNDAY_10, 40))).toMatchObject({ examined: 1, fired: 0, skipped: 0 });
    expect((await ticket(t.id)).next_alert_at).toBe(at(SUNDAY_10, 120));
    expect(await sweepAt(at(SUNDAY_10, 120))).toMatchObject({ examined: 1, fired: 1 });
    expect((await alertsOf(t.id)).map((a) => [a.target, a.threshold])).toEqual([
      ['first_response', 50],
      ['resolution', 50],
    ]);
    expect(await ticket(t.id)).toMatchObject({ fr_breached: 0, version: 2 });
  });

  it('a paused ticket fires nothing and is not looked at again until its clock runs', async () => {
    const t = await openTicket('P0', SUNDAY_10, {
      status: 'pending_customer',
      clock_anchor_at: null,
      counted_minutes: 10,
      paused_at: at(SUNDAY_10, 10),
      next_alert_at: at(SUNDAY_10, 15), // left from before the pause
    });
    expect(await sweepAt(at(SUNDAY_10, 60))).toMatchObject({ examined: 1, fired: 0 });
    expect(await alertsOf(t.id)).toEqual([]);
    expect((await ticket(t.id)).next_alert_at).toBeNull();
    expect(await sweepAt(at(SUNDAY_10, 600))).toMatchObject({ examined: 0 });
  });

  it('a ticket whose calendar is not stored is put off and reported, and the others still fire', async () => {
    const broken = await openTicket('P0', SUNDAY_10, { calendar_revision: 99 });
    const fine = await openTicket('P0', SUNDAY_10);
    const reported: string[] = [];
    clock.set(at(SUNDAY_10, 16));
    const r = await sweep(deps(), { onTicketError: (_e, id) => reported.push(id) });
    expect(r).toMatchObject({ examined: 2, fired: 1, postponed: 1 });
    expect(reported).toEqual([broken.id]);
    expect(await alertsOf(fine.id)).toHaveLength(1);
    expect((await ticket(broken.id)).next_alert_at).toBe(at(SUNDAY_10, 16 + 15));
  });

  it('two schedulers sweeping the same store at once raise every alert exactly once', async () => {
    const n = 12;
    const tickets = [];
    for (let i = 0; i < n; i++) tickets.push(await openTicket('P0', SUNDAY_10));
    // A second scheduler: on PostgreSQL its own connection pool to the same schema.
    const other =
      dialect.name === 'postgres'
        ? openStore({ databaseUrl: process.env.TEST_DATABASE_URL!, schema: store.schema! })
        : store;
    try {
      const both = (when: string) => {
        clock.set(when);
        return Promise.all(
          Array.from({ length: 8 }, (_, i) => sweep({ store: i % 2 ? other : store, clock }, { limit: 3 })),
        );
      };
      // Steps: the first-response breach (three warnings skipped), then resolution 50 %, 75 %, 90 %, breach.
      for (const m of [31, 125, 185, 220, 241]) {
        const results = await both(at(SUNDAY_10, m));
        expect(results.every((r) => !r.busy)).toBe(true);
        let examined = results.reduce((sum, r) => sum + r.examined, 0);
        // Anything the concurrent sweeps left (limit 3 each) is picked up by the next one.
        for (let r = await sweepAt(at(SUNDAY_10, m)); r.examined > 0; r = await sweepAt(at(SUNDAY_10, m))) {
          expect(r.busy).toBe(false);
          examined += r.examined;
        }
        // Every ticket was due once at this step and was looked at by exactly one sweep.
        expect(examined).toBe(n);
      }
    } finally {
      if (other !== store) await other.close();
    }
    expect(await count('sla_alerts')).toBe(n * 8);
    const founder = await inboxOf('founder');
    expect(founder).toHaveLength(n * 5);
    expect(new Set(founder.map((f) => f.dedupe_key)).size).toBe(n * 5);
    expect(await countLedger('sla.warning')).toBe(n * 3);
    expect(await countLedger('sla.breach')).toBe(n * 2);
    expect(await countLedger('ticket.escalated')).toBe(n * 2);
    for (const t of tickets) {
      expect(await escalations(t.id)).toHaveLength(2);
      expect(await ticket(t.id)).toMatchObject({ fr_breached: 1, res_breached: 1, next_alert_at: null });
    }
    expect(await verifyChain(store.db)).toMatchObject({ ok: true });
  });

  it.runIf(dialect.name === 'postgres')(
    'on PostgreSQL a ticket another instance holds is passed over, not waited for, and taken once released',
    async () => {
      const held = await openTicket('P0', SUNDAY_10);
      const free = await openTicket('P0', SUNDAY_10);
      const other = openStore({ databaseUrl: process.env.TEST_DATABASE_URL!, schema: store.schema! });
      try {
        const tx = await other.db.startTransaction().execute();
        try {
          await tx.selectFrom('tickets').select('id').where('id', '=', held.id).forUpdate().execute();
          expect(await sweepAt(at(SUNDAY_10, 16))).toMatchObject({ examined: 1, fired: 1 });
          expect(await alertsOf(held.id)).toEqual([]);
          expect(await alertsOf(free.id)).toHaveLength(1);
        } finally {
          await tx.rollback().execute();
        }
        expect(await sweepAt(at(SUNDAY_10, 16))).toMatchObject({ examined: 1, fired: 1 });
        expect(await alertsOf(held.id)).toHaveLength(1);
      } finally {
        await other.close();
      }
    },
  );

  it('the running scheduler fires on its own, wakes when told, and survives a failing sweep', async () => {
    const t = await openTicket('P0', SUNDAY_10);
    let failures = 1;
    const failing: Clock = {
      now: () => {
        if (failures-- > 0) throw new Error('clock unavailable');
        return clock.now();
      },
    };
    const errors: unknown[] = [];
    clock.set(at(SUNDAY_10, 15));
    const s = startScheduler(
      { store, clock: failing },
      { maxSleepMs: 60_000, errorPauseMs: 5, onError: (e) => errors.push(e) },
    );
    try {
      await vi.waitFor(async () => expect(await alertsOf(t.id)).toHaveLength(1), { timeout: 5000 });
      expect(errors).toHaveLength(1);
      // It now sleeps towards 75 % on a clock that stands still: only a wake makes it look again.
      clock.set(at(SUNDAY_10, 31));
      s.wake();
      await vi.waitFor(async () => expect(await escalations(t.id)).toHaveLength(1), { timeout: 5000 });
    } finally {
      await s.stop();
    }
    expect((await alertsOf(t.id)).map((a) => [a.threshold, a.status])).toEqual([
      [50, 'fired'],
      [75, 'skipped'],
      [90, 'skipped'],
      [100, 'fired'],
    ]);
  });
});

describe('SLA scheduler on an SQLite file another connection is writing to', () => {
  let dir: string;
  let store: Store;
  let other: SQLite.Database;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dealix-sweep-'));
    store = openStore({ databaseUrl: null, dataDir: dir, file: 'busy.db' });
    await migrate(store);
    other = new SQLite(join(dir, 'busy.db'));
  });
  afterEach(async () => {
    other.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a sweep that cannot get the write lock reports busy and changes nothing; the next one does the work', async () => {
    const clock = fixedClock(SUNDAY_10);
    await seedPrincipals(store, clock);
    const customer = await store.db.selectFrom('customers').select('id').executeTakeFirstOrThrow();
    const opened = SUNDAY_10;
    await store.db
      .insertInto('tickets')
      .values({
        id: newId('tkt', clock.now()),
        customer_id: customer.id,
        text: 'x',
        contact_email: null,
        channel: 'other',
        priority: 'P0',
        classified_priority: 'P0',
        rule: 'test',
        reason_ar: 'اختبار',
        matched: '[]',
        owner: 'founder',
        status: 'open',
        opened_at: opened,
        first_response_at: null,
        resolved_at: null,
        closed_at: null,
        first_response_due_at: at(opened, 30),
        resolution_due_at: at(opened, 240),
        next_due_at: at(opened, 30),
        created_at: opened,
        updated_at: opened,
        version: 1,
        calendar_revision: 0,
        policy_id: 'default',
        clock: 'calendar',
        fr_target_minutes: 30,
        res_target_minutes: 240,
        clock_anchor_at: opened,
        counted_minutes: 0,
        paused_at: null,
        draft_ready_at: opened,
        approval_pending_at: opened,
        approved_at: null,
        first_response_minutes: null,
        resolution_minutes: null,
        fr_breached: 0,
        res_breached: 0,
        breach_cause: null,
        next_alert_at: at(opened, 15),
        alerts_fired: 0,
      })
      .execute();
    await sql`pragma busy_timeout = 20`.execute(store.db);
    clock.set(at(opened, 16));
    other.exec('begin immediate');
    try {
      expect(await sweep({ store, clock })).toMatchObject({ busy: true, examined: 0, fired: 0 });
    } finally {
      other.exec('rollback');
    }
    expect(await store.db.selectFrom('sla_alerts').selectAll().execute()).toEqual([]);
    expect(await sweep({ store, clock })).toMatchObject({ busy: false, examined: 1, fired: 1 });
  });
});
