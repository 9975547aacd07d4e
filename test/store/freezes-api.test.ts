import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeFreezeFor } from '../../src/contexts/freezes/service.js';
import { verifyChain } from '../../src/contexts/ledger/repository.js';
import { reviewWeek, weekOf } from '../../src/contexts/sla/report.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

// Sunday 22 Nov 2026, 10:00 Riyadh.
const START = '2026-11-22T07:00:00.000Z';
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const QUESTION = 'كيف أضيف مستخدم جديد؟';
const LEAK = 'في تسريب بيانات العملاء، شفنا قائمة عملائنا عند طرف ثاني';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely, as JSON; toMatchObject checks them.
type Body = Record<string, unknown> & { [k: string]: any };

describe.each(DIALECTS)('freezes of live actions on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let app: App;
  let keys: Principals;
  const clock = fixedClock(START);

  beforeEach(async () => {
    clock.set(START);
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
  const freeze = async (body: object, key = keys.founder) => {
    const r = await call('POST', '/freezes', { reason: 'مراجعة جودة القائمة', ...body }, key);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const lift = (id: string, key = keys.founder, reason = 'تمت المراجعة') =>
    call('POST', `/freezes/${id}/lift`, { reason }, key);
  const metrics = (channel: string, body: object, key = keys.oncall) =>
    call('POST', `/channels/${channel}/metrics`, { customer_id: keys.customerIdA, ...body }, key);
  const ledger = async (subject: string) =>
    (await call('GET', `/ledger?subject=${subject}`)).body.entries as Array<{
      action: string;
      actor: string;
      data: Body;
    }>;
  const me = async (key: string) => (await call('GET', '/me', undefined, key)).body.user_id as string;
  const frozen = (channel: string, customer_id: string | null) =>
    activeFreezeFor(store.db, { channel, customer_id });
  const draftRow = (id: string) =>
    store.db.selectFrom('drafts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  /** Opens a ticket (which writes a pending reply draft) and returns that draft's id. */
  const pendingDraft = async (customer_id: string, channel: string, text = QUESTION) => {
    const r = await call('POST', '/tickets', {
      customer_id,
      text,
      channel,
      ...(channel === 'email' ? { contact_email: 'ops@afaq.sa' } : {}),
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.draft.id as string;
  };
  const approvedDraft = async (customer_id: string, channel: string, text = QUESTION) => {
    const id = await pendingDraft(customer_id, channel, text);
    const r = await call('POST', `/drafts/${id}/approve`, {});
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('approved');
    return id;
  };

  describe('setting and reading', () => {
    it('the founder freezes a customer’s channel; staff read it, newest first, with filters', async () => {
      const f = await freeze({ scope: 'customer_channel', channel: 'email', customer_id: keys.customerIdA });
      expect(f.id).toMatch(/^frz_[0-9a-z]{21}$/);
      expect(f).toMatchObject({
        scope: 'customer_channel',
        channel: 'email',
        customer_id: keys.customerIdA,
        reason: 'مراجعة جودة القائمة',
        source: 'manual',
        source_ref: null,
        status: 'active',
        frozen: true,
        needs_second_approver: false,
        created_at: START,
        created_by: await me(keys.founder),
        lift_requested_by: null,
        lifted_by: null,
        version: 1,
        invalidated_drafts: 0,
      });
      expect(f.summary_ar).toContain('البريد الإلكتروني');
      expect(f.summary_en).toContain('email');

      clock.advance(MINUTE);
      const g = await freeze({ scope: 'global' });
      clock.advance(MINUTE);
      const c = await freeze({ scope: 'channel', channel: 'whatsapp' });
      expect(g.needs_second_approver).toBe(true);

      for (const key of [keys.founder, keys.oncall, keys.team]) {
        const all = await call('GET', '/freezes', undefined, key);
        expect(all.status).toBe(200);
        expect(all.body.freezes.map((x: Body) => x.id)).toEqual([c.id, g.id, f.id]);
      }
      const ids = async (qs: string) =>
        (await call('GET', `/freezes?${qs}`)).body.freezes.map((x: Body) => x.id) as string[];
      expect(await ids('scope=global')).toEqual([g.id]);
      expect(await ids('channel=whatsapp')).toEqual([c.id]);
      expect(await ids(`customer_id=${keys.customerIdA}`)).toEqual([f.id]);
      expect(await ids('status=lifted')).toEqual([]);
      expect(await ids('status=active&scope=channel')).toEqual([c.id]);

      const page1 = await call('GET', '/freezes?limit=2');
      expect(page1.body.freezes).toHaveLength(2);
      const page2 = await call('GET', `/freezes?limit=2&after=${page1.body.next_after}`);
      expect(page2.body.freezes.map((x: Body) => x.id)).toEqual([f.id]);
      expect(page2.body.next_after).toBeNull();

      const one = await call('GET', `/freezes/${g.id}`, undefined, keys.team);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ id: g.id, scope: 'global', channel: null, customer_id: null });

      const entries = await ledger(f.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'freeze.created',
        actor: await me(keys.founder),
        data: {
          scope: 'customer_channel',
          channel: 'email',
          customer_id: keys.customerIdA,
          source: 'manual',
          needs_second_approver: false,
          invalidated_drafts: 0,
        },
      });
    });

    it.each([
      [{ scope: 'channel' }, 'channel', 'channel_required'],
      [{ scope: 'customer_channel', customer_id: 'x' }, 'channel', 'channel_required'],
      [{ scope: 'channel', channel: 'fax' }, 'channel', 'unknown_channel'],
      [{ scope: 'global', channel: 'email' }, 'channel', 'channel_not_allowed'],
      [{ scope: 'customer', channel: 'email', customer_id: 'x' }, 'channel', 'channel_not_allowed'],
      [{ scope: 'customer' }, 'customer_id', 'customer_id_required'],
      [{ scope: 'customer_channel', channel: 'sms' }, 'customer_id', 'customer_id_required'],
      [{ scope: 'channel', channel: 'sms', customer_id: 'x' }, 'customer_id', 'customer_id_not_allowed'],
      [{ scope: 'global', customer_id: 'x' }, 'customer_id', 'customer_id_not_allowed'],
      [{ scope: 'everything' }, 'scope', 'validation_failed'],
      [{ channel: 'email' }, 'scope', 'validation_failed'],
      [{ scope: 'global', reason: '' }, 'reason', 'validation_failed'],
      [{ scope: 'global', reason: '   ' }, 'reason', 'reason_required'],
      [{ scope: 'global', reason: 7 }, 'reason', 'validation_failed'],
    ])('%j is refused with a 400 naming %s', async (body, field, error) => {
      const r = await call('POST', '/freezes', { reason: 'سبب', ...body });
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body).toMatchObject({ error, field });
      expect((await call('GET', '/freezes')).body.freezes).toEqual([]);
    });

    it('a reason is required and an unknown customer is a 404', async () => {
      const noReason = await call('POST', '/freezes', { scope: 'global' });
      expect(noReason).toMatchObject({ status: 400, body: { field: 'reason' } });
      for (const scope of ['customer', 'customer_channel']) {
        const r = await call('POST', '/freezes', {
          scope,
          customer_id: 'cus_nobody',
          reason: 'سبب',
          ...(scope === 'customer_channel' ? { channel: 'email' } : {}),
        });
        expect(r.status).toBe(404);
        expect(r.body).toMatchObject({ error: 'customer_not_found', field: 'customer_id' });
      }
      expect((await call('GET', '/freezes/frz_missing')).body).toMatchObject({ error: 'freeze_not_found' });
    });

    it('only the founder freezes; operators read; a customer key reads nothing', async () => {
      for (const key of [keys.oncall, keys.team, keys.customerA]) {
        const r = await call('POST', '/freezes', { scope: 'global', reason: 'سبب' }, key);
        expect(r.status).toBe(403);
        expect(r.body.error).toBe('forbidden');
        // Refused before the body is looked at.
        expect((await call('POST', '/freezes', { scope: 'nonsense' }, key)).status).toBe(403);
      }
      const f = await freeze({ scope: 'customer', customer_id: keys.customerIdA });
      for (const key of [keys.customerA, keys.customerB]) {
        expect([403, 404]).toContain((await call('GET', '/freezes', undefined, key)).status);
        expect([403, 404]).toContain((await call('GET', `/freezes/${f.id}`, undefined, key)).status);
        expect([403, 404]).toContain((await lift(f.id, key)).status);
      }
      expect((await lift(f.id, keys.team)).status).toBe(403);
      // A one-step freeze is the founder's to lift; on-call may only be a second approver.
      expect((await lift(f.id, keys.oncall)).status).toBe(403);
      expect((await call('GET', `/freezes/${f.id}`)).body.status).toBe('active');
      const noKey = await app.inject({ method: 'GET', url: '/api/v1/freezes' });
      expect(noKey.statusCode).toBe(401);
    });
  });

  describe('what a freeze covers', () => {
    type Case = [string, object, Record<string, boolean>];
    const cases: Case[] = [
      [
        'global',
        { scope: 'global' },
        { 'A/email': true, 'A/whatsapp': true, 'B/email': true, 'B/sms': true, '-/export': true },
      ],
      [
        'channel',
        { scope: 'channel', channel: 'email' },
        { 'A/email': true, 'A/whatsapp': false, 'B/email': true, 'B/sms': false, '-/email': true },
      ],
      [
        'customer',
        { scope: 'customer', customer_id: 'A' },
        { 'A/email': true, 'A/whatsapp': true, 'B/email': false, 'B/sms': false, '-/email': false },
      ],
      [
        'customer_channel',
        { scope: 'customer_channel', channel: 'email', customer_id: 'A' },
        { 'A/email': true, 'A/whatsapp': false, 'B/email': false, 'B/sms': false, '-/email': false },
      ],
    ];

    it.each(cases)(
      'a %s freeze stops exactly its scope until it is lifted',
      async (_name, spec, expected) => {
        const customer = (c: string) => (c === 'A' ? keys.customerIdA : c === 'B' ? keys.customerIdB : null);
        const body: Body = { ...spec };
        if (body.customer_id) body.customer_id = customer(body.customer_id);
        expect(await frozen('email', keys.customerIdA)).toBeUndefined();
        const f = await freeze(body);
        for (const [pair, covered] of Object.entries(expected)) {
          const [c, channel] = pair.split('/') as [string, string];
          const hit = await frozen(channel, customer(c));
          expect(hit?.id, `${pair} under a ${body.scope} freeze`).toBe(covered ? f.id : undefined);
        }
        if (body.scope === 'global') {
          // Waiting for its second approver, it still freezes.
          expect((await lift(f.id)).body.status).toBe('lift_pending');
          expect((await frozen('email', keys.customerIdA))?.id).toBe(f.id);
          expect((await lift(f.id, keys.oncall)).body.status).toBe('lifted');
        } else {
          expect((await lift(f.id)).body.status).toBe('lifted');
        }
        for (const pair of Object.keys(expected)) {
          const [c, channel] = pair.split('/') as [string, string];
          expect(await frozen(channel, customer(c)), pair).toBeUndefined();
        }
      },
    );
  });

  describe('lifting', () => {
    it('a global freeze needs a second, different approver', async () => {
      const f = await freeze({ scope: 'global' });
      const founder = await me(keys.founder);
      const oncall = await me(keys.oncall);
      // On-call cannot start the lift; only confirm one.
      expect((await lift(f.id, keys.oncall)).status).toBe(403);

      const first = await lift(f.id, keys.founder, 'انتهت المراجعة');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        status: 'lift_pending',
        frozen: true,
        lift_requested_by: founder,
        lift_requested_at: START,
        lift_reason: 'انتهت المراجعة',
        lifted_by: null,
        version: 2,
      });

      const again = await lift(f.id, keys.founder);
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ error: 'second_approver_required' });
      expect((await lift(f.id, keys.team)).status).toBe(403);
      const stale = await call('POST', `/freezes/${f.id}/lift`, { reason: 'x', version: 1 }, keys.oncall);
      expect(stale).toMatchObject({ status: 409, body: { error: 'stale_version' } });

      clock.advance(5 * MINUTE);
      const second = await lift(f.id, keys.oncall, 'موافق');
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({
        status: 'lifted',
        frozen: false,
        lift_requested_by: founder,
        lift_reason: 'انتهت المراجعة',
        lifted_by: oncall,
        lifted_at: new Date(Date.parse(START) + 5 * MINUTE).toISOString(),
        version: 3,
      });
      const over = await lift(f.id, keys.founder);
      expect(over).toMatchObject({ status: 409, body: { error: 'already_lifted' } });

      const entries = await ledger(f.id);
      expect(entries.map((e) => [e.action, e.actor])).toEqual([
        ['freeze.created', founder],
        ['freeze.lift_requested', founder],
        ['freeze.lifted', oncall],
      ]);
      expect(entries[2]!.data).toMatchObject({ lift_requested_by: founder, second_approver: oncall });
      expect((await call('GET', '/freezes?status=lifted')).body.freezes.map((x: Body) => x.id)).toEqual([
        f.id,
      ]);
    });

    it('a second founder may be the second approver', async () => {
      const { accessService } = await import('../../src/contexts/access/service.js');
      const other = (
        await accessService({ store, clock }).createUserWithKey(
          { role: 'founder', name: 'Co-founder' },
          'test',
        )
      ).key;
      const f = await freeze({ scope: 'global' });
      expect((await lift(f.id, other)).body.status).toBe('lift_pending');
      expect((await lift(f.id, other)).status).toBe(409);
      const done = await lift(f.id, keys.founder);
      expect(done.body).toMatchObject({ status: 'lifted', lifted_by: await me(keys.founder) });
    });

    it('a customer freeze lifts in one call by the founder', async () => {
      const f = await freeze({ scope: 'customer', customer_id: keys.customerIdB });
      const r = await lift(f.id, keys.founder, 'العميل صحّح القائمة');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        status: 'lifted',
        lift_reason: 'العميل صحّح القائمة',
        lifted_by: await me(keys.founder),
        lifted_at: START,
        lift_requested_by: null,
        version: 2,
      });
      expect((await ledger(f.id)).map((e) => e.action)).toEqual(['freeze.created', 'freeze.lifted']);
      expect((await lift(f.id)).status).toBe(409);
      expect((await call('POST', `/freezes/${f.id}/lift`, {})).body).toMatchObject({ field: 'reason' });
      expect((await lift('frz_missing')).status).toBe(404);
    });
  });

  describe('channel metrics', () => {
    // [channel, sent, counts, metric, expected status]: freezing is strictly above the threshold,
    // warning strictly above half of it.
    const table: [string, number, object, 'bounce' | 'complaint' | 'block', 'ok' | 'warn' | 'freeze'][] = [
      ['email', 1000, { bounced: 25 }, 'bounce', 'ok'],
      ['email', 1000, { bounced: 26 }, 'bounce', 'warn'],
      ['email', 1000, { bounced: 50 }, 'bounce', 'warn'],
      ['email', 1000, { bounced: 51 }, 'bounce', 'freeze'],
      ['email', 10000, { complained: 15 }, 'complaint', 'ok'],
      ['email', 10000, { complained: 16 }, 'complaint', 'warn'],
      ['email', 10000, { complained: 30 }, 'complaint', 'warn'],
      ['email', 10000, { complained: 31 }, 'complaint', 'freeze'],
      ['whatsapp', 1000, { blocked: 15 }, 'block', 'ok'],
      ['whatsapp', 1000, { blocked: 16 }, 'block', 'warn'],
      ['whatsapp', 1000, { blocked: 30 }, 'block', 'warn'],
      ['whatsapp', 1000, { blocked: 31 }, 'block', 'freeze'],
      ['sms', 3, { bounced: 3 }, 'bounce', 'freeze'],
    ];

    it.each(table)('%s: %i sent with %j → %s is %s', async (channel, sent, counts, metric, status) => {
      const r = await metrics(channel, { sent, ...counts });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.metrics[metric].status).toBe(status);
      expect(r.body.status).toBe(status);
      const freezes = (await call('GET', '/freezes')).body.freezes as Body[];
      const notes = await store.db
        .selectFrom('notifications')
        .selectAll()
        .where('dedupe_key', '=', `channel_metrics:${r.body.id}:${metric}`)
        .execute();
      if (status === 'freeze') {
        expect(r.body.freeze_id).toEqual(expect.any(String));
        expect(freezes).toHaveLength(1);
        expect(freezes[0]).toMatchObject({
          id: r.body.freeze_id,
          scope: 'customer_channel',
          channel,
          customer_id: keys.customerIdA,
          source: 'channel_metrics',
          source_ref: r.body.id,
          needs_second_approver: false,
        });
        expect(notes.map((n) => n.kind)).toEqual(['channel_frozen', 'channel_frozen']);
      } else {
        expect(r.body.freeze_id).toBeNull();
        expect(freezes).toEqual([]);
        expect(notes.map((n) => n.kind)).toEqual(
          status === 'warn' ? ['channel_health_warning', 'channel_health_warning'] : [],
        );
      }
      // The founder and on-call are the ones told.
      const told = new Set(notes.map((n) => n.user_id));
      if (status !== 'ok') expect(told).toEqual(new Set([await me(keys.founder), await me(keys.oncall)]));
    });

    it('the answer gives each rate, threshold and warning level; the block rate is WhatsApp’s only', async () => {
      const r = await metrics(
        'email',
        {
          sent: 2000,
          bounced: 60,
          complained: 4,
          blocked: 1000,
          period_start: '2026-11-15T00:00:00Z',
          period_end: '2026-11-21T23:59:59Z',
        },
        keys.team,
      );
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        id: expect.stringMatching(/^chm_/),
        customer_id: keys.customerIdA,
        channel: 'email',
        sent: 2000,
        bounced: 60,
        complained: 4,
        blocked: 1000,
        period_start: '2026-11-15T00:00:00.000Z',
        period_end: '2026-11-21T23:59:59.000Z',
        recorded_at: START,
        recorded_by: await me(keys.team),
        status: 'warn',
        freeze_id: null,
        existing_freeze_id: null,
        metrics: {
          bounce: { count: 60, rate: 0.03, threshold: 0.05, warn_at: 0.025, status: 'warn' },
          complaint: { count: 4, rate: 0.002, threshold: 0.003, warn_at: 0.0015, status: 'warn' },
          block: null,
        },
      });
      expect(r.body.notified).toHaveLength(2);
      const stored = await store.db.selectFrom('channel_metrics').selectAll().execute();
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({
        id: r.body.id,
        sent: 2000,
        bounced: 60,
        complained: 4,
        blocked: 1000,
      });
      const entries = await ledger(r.body.id);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        action: 'channel.metrics_recorded',
        data: {
          channel: 'email',
          status: 'warn',
          warned: ['bounce', 'complaint'],
          froze: [],
          freeze_id: null,
        },
      });
      // Two warnings, one notification per person per metric.
      const notes = await store.db.selectFrom('notifications').selectAll().execute();
      expect(notes).toHaveLength(4);

      const wa = await metrics('whatsapp', { sent: 100, blocked: 2 });
      expect(wa.body.metrics.block).toEqual({
        count: 2,
        rate: 0.02,
        threshold: 0.03,
        warn_at: 0.015,
        status: 'warn',
      });
    });

    it('a channel already frozen by its metrics is not frozen twice; after a lift it can be again', async () => {
      const first = await metrics('whatsapp', { sent: 100, blocked: 10 });
      expect(first.body.freeze_id).toEqual(expect.any(String));
      clock.advance(MINUTE);
      const second = await metrics('whatsapp', { sent: 100, blocked: 10, bounced: 9 });
      expect(second.body).toMatchObject({
        status: 'freeze',
        freeze_id: null,
        existing_freeze_id: first.body.freeze_id,
      });
      // Another customer, or another channel, is its own freeze.
      const other = await metrics('whatsapp', { sent: 100, blocked: 10, customer_id: keys.customerIdB });
      const email = await metrics('email', { sent: 100, bounced: 10 });
      expect(other.body.freeze_id).toEqual(expect.any(String));
      expect(email.body.freeze_id).toEqual(expect.any(String));
      expect((await call('GET', '/freezes')).body.freezes).toHaveLength(3);

      expect((await lift(first.body.freeze_id)).body.status).toBe('lifted');
      const third = await metrics('whatsapp', { sent: 100, blocked: 10 });
      expect(third.body.freeze_id).toEqual(expect.any(String));
      expect(third.body.freeze_id).not.toBe(first.body.freeze_id);
      expect((await call('GET', '/freezes?status=active')).body.freezes).toHaveLength(3);

      const f = (await ledger(first.body.freeze_id))[0]!;
      expect(f).toMatchObject({
        action: 'freeze.created',
        data: { source: 'channel_metrics', source_ref: first.body.id, scope: 'customer_channel' },
      });
    });

    it('batches posted at once for one customer and channel raise one freeze between them', async () => {
      const all = await Promise.all([1, 2, 3, 4].map(() => metrics('email', { sent: 100, bounced: 20 })));
      expect(all.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      const made = all.map((r) => r.body.freeze_id).filter((id) => id !== null);
      expect(made).toHaveLength(1);
      for (const r of all) expect(r.body.freeze_id ?? r.body.existing_freeze_id).toBe(made[0]);
      expect((await call('GET', '/freezes')).body.freezes).toHaveLength(1);
    });

    it.each([
      [{ sent: 0 }, 'sent'],
      [{ sent: -1 }, 'sent'],
      [{ sent: 1.5 }, 'sent'],
      [{ sent: '10' }, 'sent'],
      [{}, 'sent'],
      [{ sent: 10, bounced: 11 }, 'bounced'],
      [{ sent: 10, complained: 11 }, 'complained'],
      [{ sent: 10, blocked: 11 }, 'blocked'],
      [{ sent: 10, bounced: -1 }, 'bounced'],
      [{ sent: 10, period_start: 'yesterday' }, 'period_start'],
      [{ sent: 10, period_start: '2026-11-21T00:00:00Z', period_end: '2026-11-20T00:00:00Z' }, 'period_end'],
      [{ sent: 10, customer_id: '' }, 'customer_id'],
    ])('%j is refused with a 400 naming %s', async (body, field) => {
      const r = await metrics('email', body);
      expect(r.status, JSON.stringify(r.body)).toBe(400);
      expect(r.body.field).toBe(field);
      expect(await store.db.selectFrom('channel_metrics').selectAll().execute()).toEqual([]);
    });

    it('an unknown channel or customer, and a customer key, are refused', async () => {
      expect((await metrics('fax', { sent: 10 })).body).toMatchObject({ field: 'channel' });
      expect((await metrics('email', { sent: 10, customer_id: 'cus_nobody' })).body).toMatchObject({
        error: 'customer_not_found',
        field: 'customer_id',
      });
      expect((await metrics('email', { sent: 10 }, keys.customerA)).status).toBe(403);
      expect(await store.db.selectFrom('channel_metrics').selectAll().execute()).toEqual([]);
    });
  });

  describe('approved drafts in the scope', () => {
    it('lose their approval and need a fresh one; drafts outside the scope are untouched', async () => {
      const aEmail = await approvedDraft(keys.customerIdA, 'email');
      const aWhatsapp = await approvedDraft(keys.customerIdA, 'whatsapp');
      const bEmail = await approvedDraft(keys.customerIdB, 'email');
      const aPending = await pendingDraft(keys.customerIdA, 'email');
      const before = await draftRow(aEmail);
      clock.advance(MINUTE);

      const f = await freeze({ scope: 'customer_channel', channel: 'email', customer_id: keys.customerIdA });
      expect(f.invalidated_drafts).toBe(1);
      const after = await draftRow(aEmail);
      expect(after).toMatchObject({
        status: 'invalidated',
        invalidated_reason: `freeze:${f.id}`,
        approved_by: null,
        approved_at: null,
        approved_hash: null,
        approved_role: null,
        version: before.version + 1,
        updated_at: new Date(Date.parse(START) + MINUTE).toISOString(),
        body_ar: before.body_ar,
      });
      expect((await draftRow(aWhatsapp)).status).toBe('approved');
      expect((await draftRow(bEmail)).status).toBe('approved');
      expect((await draftRow(aPending)).status).toBe('pending');

      const entries = await ledger(aEmail);
      expect(entries.at(-1)).toMatchObject({
        action: 'draft.invalidated',
        data: { freeze_id: f.id, kind: before.kind, channel: 'email', customer_id: keys.customerIdA },
      });

      // A channel freeze reaches every customer on that channel, no other channel.
      const c = await freeze({ scope: 'channel', channel: 'whatsapp' });
      expect(c.invalidated_drafts).toBe(1);
      expect((await draftRow(aWhatsapp)).invalidated_reason).toBe(`freeze:${c.id}`);
      expect((await draftRow(bEmail)).status).toBe('approved');

      // A customer freeze reaches all of its channels; a global one everything still approved.
      const b = await freeze({ scope: 'customer', customer_id: keys.customerIdB });
      expect(b.invalidated_drafts).toBe(1);
      expect((await draftRow(bEmail)).invalidated_reason).toBe(`freeze:${b.id}`);
      const g = await freeze({ scope: 'global' });
      expect(g.invalidated_drafts).toBe(0);
      expect((await draftRow(aPending)).status).toBe('pending');

      const created = (await ledger(f.id))[0]!;
      expect(created.data.invalidated_drafts).toBe(1);
      expect((await verifyChain(store.db)).ok).toBe(true);
    });
  });

  describe('automatic freezes', () => {
    it('a SEV1 incident freezes everything, and lifting it takes two people', async () => {
      const approved = await approvedDraft(keys.customerIdB, 'email');
      const sev3 = await call('POST', '/incidents', { title: 'بطء في لوحة العميل', affected_customers: 1 });
      expect(sev3.status).toBe(201);
      expect((await call('GET', '/freezes')).body.freezes).toEqual([]);

      const r = await call(
        'POST',
        '/incidents',
        {
          title: 'إرسال بدون موافقة',
          affected_customers: 0,
          has_unauthorized_send: true,
          channel: 'whatsapp',
        },
        keys.oncall,
      );
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.triage.severity).toBe('SEV1');
      const incidentId = r.body.incident.id as string;
      const freezes = (await call('GET', '/freezes')).body.freezes as Body[];
      expect(freezes).toHaveLength(1);
      expect(freezes[0]).toMatchObject({
        scope: 'global',
        channel: null,
        customer_id: null,
        source: 'incident',
        source_ref: incidentId,
        status: 'active',
        needs_second_approver: true,
        created_by: await me(keys.oncall),
        created_at: START,
      });
      expect(freezes[0]!.reason).toContain('إرسال بدون موافقة');
      expect((await frozen('sms', keys.customerIdA))?.id).toBe(freezes[0]!.id);
      expect((await draftRow(approved)).invalidated_reason).toBe(`freeze:${freezes[0]!.id}`);
      expect((await ledger(freezes[0]!.id))[0]).toMatchObject({
        action: 'freeze.created',
        data: { source: 'incident', source_ref: incidentId, severity: 'SEV1', invalidated_drafts: 1 },
      });
      expect((await lift(freezes[0]!.id)).body.status).toBe('lift_pending');
      expect((await lift(freezes[0]!.id)).status).toBe(409);
      expect((await lift(freezes[0]!.id, keys.oncall)).body.status).toBe('lifted');
    });

    it('a critical SLA week freezes everything once, beside its freeze request', async () => {
      // A P0 left unanswered past its 30 minutes: the week's only ticket, breached → critical.
      const approved = await approvedDraft(keys.customerIdA, 'email', LEAK);
      const week = weekOf(new Date(START));
      clock.set(new Date(week.ends_at.getTime() + DAY));
      const out = await reviewWeek({ store, clock }, week);
      expect(out).toMatchObject({ reviewed_now: true, verdict: 'critical' });
      const request = out.review!.freeze_request_id;
      expect(request).toEqual(expect.any(String));

      const freezes = (await call('GET', '/freezes')).body.freezes as Body[];
      expect(freezes).toHaveLength(1);
      expect(freezes[0]).toMatchObject({
        scope: 'global',
        source: 'sla_verdict',
        source_ref: week.label,
        status: 'active',
        needs_second_approver: true,
        created_by: 'system',
      });
      expect(freezes[0]!.reason).toContain(week.label);
      expect((await ledger(freezes[0]!.id))[0]).toMatchObject({
        action: 'freeze.created',
        actor: 'system',
        data: { source: 'sla_verdict', source_ref: week.label, freeze_request_id: request },
      });
      expect(await draftRow(approved)).toMatchObject({
        status: 'invalidated',
        invalidated_reason: `freeze:${freezes[0]!.id}`,
      });

      expect(await reviewWeek({ store, clock }, week)).toMatchObject({ reviewed_now: false });
      expect((await call('GET', '/freezes')).body.freezes).toHaveLength(1);
    });
  });
});
