import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectorModeFor, hasOptIn } from '../../src/contexts/outbound/opt-ins.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

// Sunday 6 Dec 2026, 10:00 Riyadh.
const SUNDAY_10 = '2026-12-06T07:00:00.000Z';
const NUMBER = '+966501234567';
const MASKED = '+9665******67';

// biome-ignore lint/suspicious/noExplicitAny: assertions read JSON answers loosely; toMatchObject checks them.
type Body = Record<string, unknown> & { [k: string]: any };

describe.each(DIALECTS)('WhatsApp opt-ins on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let app: App;
  let keys: Principals;
  const clock = fixedClock(SUNDAY_10);

  beforeEach(async () => {
    clock.set(SUNDAY_10);
    store = await dialect.open();
    app = await buildApp({ clock, store });
    keys = await seedPrincipals(store, clock);
  });
  afterEach(async () => {
    await app.close();
    await store.dispose();
  });

  const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, key = keys.founder) => {
    const res = await app.inject({ method, url: `/api/v1${url}`, payload, headers: bearer(key) });
    expect(res.statusCode, `${method} ${url} → ${res.body}`).toBeLessThan(500);
    return { status: res.statusCode, body: res.json() as Body };
  };
  const optIns = (customer = keys.customerIdA) => `/customers/${customer}/whatsapp-opt-ins`;
  const record = (payload: object, key = keys.founder, customer = keys.customerIdA) =>
    call('POST', optIns(customer), payload, key);
  const ledger = async (subject: string) =>
    (await call('GET', `/ledger?subject=${subject}`)).body.entries as Array<{
      action: string;
      actor: string;
      data: Body;
    }>;
  const me = async (key: string) => (await call('GET', '/me', undefined, key)).body.user_id as string;

  it('records an opt-in under the number in E.164, and writes it in the Ledger with the number masked', async () => {
    const r = await record(
      { phone: '+966 50 123 4567', source: 'website_form', evidence: 'form submission 8841' },
      keys.team,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      id: expect.stringMatching(/^optin_[0-9a-z]{21}$/),
      customer_id: keys.customerIdA,
      phone: NUMBER,
      phone_masked: MASKED,
      source: 'website_form',
      source_label_ar: expect.any(String),
      evidence: 'form submission 8841',
      status: 'active',
      recorded_at: SUNDAY_10,
      recorded_by: await me(keys.team),
      revoked_at: null,
      revoked_by: null,
    });
    const entries = await ledger(r.body.id);
    expect(entries).toEqual([
      expect.objectContaining({
        action: 'opt_in.recorded',
        actor: await me(keys.team),
        data: {
          customer_id: keys.customerIdA,
          phone_masked: MASKED,
          source: 'website_form',
          has_evidence: true,
          reactivated: false,
        },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('501234567');
    expect(JSON.stringify(entries)).not.toContain('8841');
  });

  it('the same number written another way is the same opt-in: 200 with the existing record, nothing new in the Ledger', async () => {
    const first = await record({ phone: NUMBER, source: 'signed_contract' });
    clock.advance(60_000);
    const again = await record({ phone: '0501234567', source: 'inbound_message' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await ledger(first.body.id)).toHaveLength(1);
    const list = await call('GET', optIns());
    expect(list.body.opt_ins).toHaveLength(1);
  });

  it('revokes by the number in any form; the number then has no opt-in; a second revoke is 409', async () => {
    const r = await record({ phone: NUMBER, source: 'website_form' });
    expect(await hasOptIn(store.db, keys.customerIdA, '050 123 4567')).toBe(true);
    clock.advance(3_600_000);
    const revoked = await call(
      'POST',
      `${optIns()}/0501234567/revoke`,
      { reason: 'asked to stop' },
      keys.oncall,
    );
    expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
    expect(revoked.body).toMatchObject({
      id: r.body.id,
      status: 'revoked',
      revoked_at: '2026-12-06T08:00:00.000Z',
      revoked_by: await me(keys.oncall),
    });
    expect(await hasOptIn(store.db, keys.customerIdA, NUMBER)).toBe(false);
    const entries = await ledger(r.body.id);
    expect(entries.map((e) => e.action)).toEqual(['opt_in.recorded', 'opt_in.revoked']);
    expect(entries[1]!.data).toEqual({
      customer_id: keys.customerIdA,
      phone_masked: MASKED,
      reason: 'asked to stop',
    });

    const twice = await call('POST', `${optIns()}/${encodeURIComponent(NUMBER)}/revoke`, {});
    expect(twice.status).toBe(409);
    expect(twice.body).toMatchObject({ error: 'already_revoked', field: 'phone' });
  });

  it('recording a revoked number again re-activates it with the new source (201)', async () => {
    const r = await record({ phone: NUMBER, source: 'website_form' });
    await call('POST', `${optIns()}/${NUMBER}/revoke`, {});
    clock.advance(86_400_000);
    const back = await record({ phone: '00966501234567', source: 'inbound_message', evidence: 'wamid.abc' });
    expect(back.status).toBe(201);
    expect(back.body).toMatchObject({
      id: r.body.id,
      status: 'active',
      source: 'inbound_message',
      evidence: 'wamid.abc',
      recorded_at: '2026-12-07T07:00:00.000Z',
      revoked_at: null,
      revoked_by: null,
    });
    expect(await hasOptIn(store.db, keys.customerIdA, NUMBER)).toBe(true);
    const entries = await ledger(r.body.id);
    expect(entries.map((e) => e.action)).toEqual(['opt_in.recorded', 'opt_in.revoked', 'opt_in.recorded']);
    expect(entries[2]!.data).toMatchObject({ reactivated: true, source: 'inbound_message' });
  });

  it('an opt-in belongs to one customer only', async () => {
    await record({ phone: NUMBER, source: 'signed_contract' });
    expect(await hasOptIn(store.db, keys.customerIdA, NUMBER)).toBe(true);
    expect(await hasOptIn(store.db, keys.customerIdB, NUMBER)).toBe(false);
    expect(await hasOptIn(store.db, keys.customerIdA, '+966501234568')).toBe(false);
    expect(await hasOptIn(store.db, keys.customerIdA, 'not a number')).toBe(false);
    const other = await record({ phone: NUMBER, source: 'website_form' }, keys.founder, keys.customerIdB);
    expect(other.status).toBe(201);
    expect((await call('GET', optIns(keys.customerIdB))).body.opt_ins).toHaveLength(1);
  });

  it('lists by number, filters by status and pages with next_after', async () => {
    for (const phone of ['+966501111111', '+966502222222', '+966503333333'])
      await record({ phone, source: 'website_form' });
    await call('POST', `${optIns()}/+966502222222/revoke`, {});
    const all = await call('GET', optIns());
    expect(all.body.opt_ins.map((o: Body) => [o.phone, o.status])).toEqual([
      ['+966501111111', 'active'],
      ['+966502222222', 'revoked'],
      ['+966503333333', 'active'],
    ]);
    expect(all.body.next_after).toBeNull();
    const active = await call('GET', `${optIns()}?status=active`);
    expect(active.body.opt_ins.map((o: Body) => o.phone)).toEqual(['+966501111111', '+966503333333']);
    const revoked = await call('GET', `${optIns()}?status=revoked`);
    expect(revoked.body.opt_ins.map((o: Body) => o.phone)).toEqual(['+966502222222']);
    const p1 = await call('GET', `${optIns()}?limit=2`);
    expect(p1.body.opt_ins).toHaveLength(2);
    const p2 = await call('GET', `${optIns()}?limit=2&after=${encodeURIComponent(p1.body.next_after)}`);
    expect(p2.body.opt_ins.map((o: Body) => o.phone)).toEqual(['+966503333333']);
    expect(p2.body.next_after).toBeNull();
  });

  it.each([
    ['a number too short', { phone: '12345', source: 'website_form' }, 'phone'],
    ['letters', { phone: 'call me', source: 'website_form' }, 'phone'],
    ['an empty number', { phone: '', source: 'website_form' }, 'phone'],
    ['no number', { source: 'website_form' }, 'phone'],
    ['a number as a number', { phone: 966501234567, source: 'website_form' }, 'phone'],
    ['no source', { phone: NUMBER }, 'source'],
    ['an unknown source', { phone: NUMBER, source: 'bought_list' }, 'source'],
    ['over-long evidence', { phone: NUMBER, source: 'website_form', evidence: 'x'.repeat(2001) }, 'evidence'],
  ])('%s is a 400 naming the field', async (_label, payload, field) => {
    const r = await record(payload);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.field).toBe(field);
    expect((await call('GET', optIns())).body.opt_ins).toHaveLength(0);
  });

  it('revoking an invalid number is a 400 naming phone; an unknown one is a 404', async () => {
    const bad = await call('POST', `${optIns()}/12345/revoke`, {});
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'invalid_phone', field: 'phone' });
    const unknown = await call('POST', `${optIns()}/${NUMBER}/revoke`, {});
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'opt_in_not_found', field: 'phone' });
    expect(unknown.body.message).not.toContain('501234567');
  });

  it('an unknown customer is a 404 on every route', async () => {
    const nobody = '/customers/cus_nobody/whatsapp-opt-ins';
    for (const [method, url, payload] of [
      ['POST', nobody, { phone: NUMBER, source: 'website_form' }],
      ['GET', nobody, undefined],
      ['POST', `${nobody}/${NUMBER}/revoke`, {}],
    ] as const) {
      const r = await call(method, url, payload);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.body).toMatchObject({ error: 'customer_not_found', field: 'id' });
    }
  });

  it('customers cannot read or manage opt-ins: their own is 403, another customer’s does not exist', async () => {
    await record({ phone: NUMBER, source: 'website_form' });
    expect((await call('GET', optIns(), undefined, keys.customerA)).status).toBe(403);
    expect((await record({ phone: '+966509999999', source: 'website_form' }, keys.customerA)).status).toBe(
      403,
    );
    expect((await call('POST', `${optIns()}/${NUMBER}/revoke`, {}, keys.customerA)).status).toBe(403);
    expect((await call('GET', optIns(), undefined, keys.customerB)).status).toBe(404);
    expect(await hasOptIn(store.db, keys.customerIdA, NUMBER)).toBe(true);
  });

  it('connectorModeFor reads the customer’s connector for the channel', async () => {
    expect(await connectorModeFor(store.db, keys.customerIdA, 'whatsapp')).toEqual({
      connector: 'whatsapp_cloud',
      state: 'not_started',
    });
    const conn = `/customers/${keys.customerIdA}/connectors/gmail`;
    expect((await call('PUT', conn, { state: 'configuring' })).status).toBe(200);
    expect((await call('PUT', conn, { state: 'connected_draft_only' })).status).toBe(200);
    expect(await connectorModeFor(store.db, keys.customerIdA, 'email')).toEqual({
      connector: 'gmail',
      state: 'connected_draft_only',
    });
    expect(await connectorModeFor(store.db, keys.customerIdB, 'email')).toEqual({
      connector: 'gmail',
      state: 'not_started',
    });
    expect(await connectorModeFor(store.db, 'cus_nobody', 'email')).toEqual({
      connector: 'gmail',
      state: null,
    });
    for (const channel of ['sms', 'in_app', 'export', 'fax'])
      expect(await connectorModeFor(store.db, keys.customerIdA, channel)).toEqual({
        connector: null,
        state: null,
      });
  });
});

describe('the outbound channels endpoint', () => {
  const clock = fixedClock(SUNDAY_10);
  let app: App | null = null;
  afterEach(async () => {
    await app?.close();
    app = null;
    vi.unstubAllEnvs();
  });
  const build = async () => {
    const store = await DIALECTS[0]!.open();
    app = await buildApp({ clock, store });
    app.addHook('onClose', async () => store.dispose());
    return { app, keys: await seedPrincipals(store, clock) };
  };
  const get = (a: App, key: string) =>
    a.inject({ method: 'GET', url: '/api/v1/outbound/channels', headers: bearer(key) });

  it('with nothing set, no channel is live', async () => {
    for (const name of [
      'GMAIL_ALLOW_LIVE_SEND',
      'WHATSAPP_ALLOW_LIVE_SEND',
      'SMS_ALLOW_LIVE_SEND',
      'SMTP_URL',
    ])
      vi.stubEnv(name, '');
    vi.stubEnv('WHATSAPP_TOKEN', '');
    vi.stubEnv('WHATSAPP_PHONE_NUMBER_ID', '');
    const { app: a, keys } = await build();
    const res = await get(a, keys.team);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Body;
    expect(body.approval_required).toBe(true);
    expect(body.channels.map((c: Body) => [c.channel, c.live])).toEqual([
      ['email', false],
      ['whatsapp', false],
      ['sms', false],
      ['in_app', false],
      ['export', false],
    ]);
    expect(body.problems).toEqual([]);
  });

  it('shows which channel is live and what is missing, without any secret; customers may not look', async () => {
    vi.stubEnv('GMAIL_ALLOW_LIVE_SEND', 'true');
    vi.stubEnv('SMTP_URL', 'smtp://mailer:Sup3r-Secret@mail.example.sa:587');
    vi.stubEnv('SMTP_FROM', 'ops@dealix.sa');
    vi.stubEnv('WHATSAPP_ALLOW_LIVE_SEND', 'true');
    vi.stubEnv('WHATSAPP_TOKEN', 'EAAG-secret-token');
    vi.stubEnv('WHATSAPP_PHONE_NUMBER_ID', '');
    vi.stubEnv('SMS_ALLOW_LIVE_SEND', '');
    const { app: a, keys } = await build();
    const res = await get(a, keys.founder);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Body;
    expect(body.channels.slice(0, 2)).toEqual([
      {
        channel: 'email',
        flag_name: 'GMAIL_ALLOW_LIVE_SEND',
        flag_on: true,
        live: true,
        adapter_configured: true,
        connector: 'gmail',
        reason: null,
      },
      {
        channel: 'whatsapp',
        flag_name: 'WHATSAPP_ALLOW_LIVE_SEND',
        flag_on: true,
        live: false,
        adapter_configured: false,
        connector: 'whatsapp_cloud',
        reason: 'adapter_not_configured',
      },
    ]);
    expect(body.problems.map((p: Body) => p.variable)).toEqual(
      expect.arrayContaining(['WHATSAPP_PHONE_NUMBER_ID', 'WHATSAPP_ALLOW_LIVE_SEND']),
    );
    expect(res.body).not.toContain('Sup3r-Secret');
    expect(res.body).not.toContain('EAAG-secret-token');
    expect((await get(a, keys.customerA)).statusCode).toBe(403);
  });
});
