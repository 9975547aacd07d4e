import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/contexts/ledger/repository.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import type { Json } from '../http/helpers.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

describe.each(DIALECTS)('stored customers on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let app: App;
  let keys: Principals;
  const clock = fixedClock('2026-11-22T07:00:00Z'); // Sunday 10:00 Riyadh

  beforeEach(async () => {
    store = await dialect.open();
    app = await buildApp({ clock, store });
    keys = await seedPrincipals(store, clock);
  });
  afterEach(async () => {
    await app.close();
    await store.dispose();
  });

  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => {
    const res = await app.inject({
      method,
      url: `/api/v1${url}`,
      payload,
      headers: bearer(keys.founder),
    });
    return { status: res.statusCode, body: res.json() as Json };
  };
  const create = async (over: object = {}) => {
    const r = await call('POST', '/customers', {
      name: 'شركة الأفق',
      bundle_id: 'growth_starter',
      goal: 'اجتماعات أكثر',
      contacts: [{ name: 'سارة', email: 'sara@example.sa' }],
      ...over,
    });
    expect(r.status).toBe(201);
    return r.body;
  };

  it('creating a customer stores it with an opaque id, version 1 and a Ledger entry', async () => {
    const c = await create();
    expect(c.id).toMatch(/^cus_[0-9a-z]{21}$/);
    expect(c).toMatchObject({
      name: 'شركة الأفق',
      bundle_id: 'growth_starter',
      status: 'onboarding',
      version: 1,
    });
    const got = await call('GET', `/customers/${c.id}`);
    expect(got.body).toEqual(c);
    const ledger = await call('GET', `/ledger?subject=${c.id}`);
    expect(ledger.body.entries.map((e: { action: string }) => e.action)).toEqual(['customer.created']);
    const me = (await call('GET', '/me')).body;
    expect(ledger.body.entries[0].actor).toBe(me.user_id);
  });

  it('a new customer has the 8-step checklist and a 5-day plan dated on business days', async () => {
    const c = await create();
    const o = (await call('GET', `/customers/${c.id}/onboarding`)).body;
    expect(o.steps).toHaveLength(8);
    expect(o.current_step_id).toBe('select_goal');
    expect(o.plan.map((d: { date: string }) => d.date)).toEqual([
      '2026-11-22',
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);
  });

  it('completing an approval step records who approved it; re-opening clears it', async () => {
    const c = await create();
    const o = (
      await call('POST', `/customers/${c.id}/onboarding/steps/select_bundle`, {
        completed: true,
        notes: 'باقة النمو',
      })
    ).body;
    const step = o.steps.find((s: { step_id: string }) => s.step_id === 'select_bundle');
    const me = (await call('GET', '/me')).body;
    expect(step).toMatchObject({
      completed: true,
      completed_by: me.user_id,
      approved_by: me.user_id,
      notes: 'باقة النمو',
    });
    expect(o.progress_pct).toBe(12.5);
    const re = (await call('POST', `/customers/${c.id}/onboarding/steps/select_bundle`, { completed: false }))
      .body;
    expect(re.steps.find((s: { step_id: string }) => s.step_id === 'select_bundle')).toMatchObject({
      completed: false,
      approved_by: null,
    });
  });

  it('an unknown step is a 400 naming the field, an unknown customer a 404', async () => {
    const c = await create();
    const bad = await call('POST', `/customers/${c.id}/onboarding/steps/nope`, { completed: true });
    expect(bad).toMatchObject({ status: 400, body: { error: 'unknown_step' } });
    const missing = await call('GET', '/customers/cus_missing/onboarding');
    expect(missing).toMatchObject({ status: 404, body: { error: 'customer_not_found' } });
  });

  it('connector moves are enforced, kept in history and change readiness', async () => {
    const c = await create();
    const illegal = await call('PUT', `/customers/${c.id}/connectors/whatsapp_cloud`, {
      state: 'connected_draft_only',
    });
    expect(illegal).toMatchObject({ status: 409, body: { error: 'invalid_transition' } });
    const noReason = await call('PUT', `/customers/${c.id}/connectors/gmail`, { state: 'skipped' });
    expect(noReason).toMatchObject({ status: 400, body: { error: 'reason_required', field: 'notes' } });
    await call('PUT', `/customers/${c.id}/connectors/whatsapp_cloud`, { state: 'configuring' });
    const after = (
      await call('PUT', `/customers/${c.id}/connectors/whatsapp_cloud`, {
        state: 'connected_draft_only',
        notes: 'opt-in audit done',
      })
    ).body;
    expect(after.ready_for_first_service).toBe(true);
    expect(after.blocking_missing).toEqual([]);
    const wa = after.connectors.find((x: { key: string }) => x.key === 'whatsapp_cloud');
    expect(wa.history.map((h: { to: string }) => h.to)).toEqual(['configuring', 'connected_draft_only']);
    const unknown = await call('PUT', `/customers/${c.id}/connectors/telegram`, { state: 'configuring' });
    expect(unknown).toMatchObject({ status: 400, body: { error: 'unknown_connector' } });
  });

  it('a patch with a stale version gets 409 and changes nothing', async () => {
    const c = await create();
    const ok = await call('PATCH', `/customers/${c.id}`, { version: 1, name: 'شركة الأفق الجديدة' });
    expect(ok.body).toMatchObject({ version: 2, name: 'شركة الأفق الجديدة' });
    const stale = await call('PATCH', `/customers/${c.id}`, { version: 1, name: 'اسم قديم' });
    expect(stale).toMatchObject({ status: 409, body: { error: 'stale_version' } });
    expect((await call('GET', `/customers/${c.id}`)).body.name).toBe('شركة الأفق الجديدة');
  });

  it('bad input gets a 400 naming the field, never a 500', async () => {
    for (const [body, field] of [
      [{ bundle_id: 'growth_starter' }, 'name'],
      [{ name: 'x', bundle_id: 'platinum' }, 'bundle_id'],
      [
        { name: 'x', bundle_id: 'growth_starter', contacts: [{ name: 'a', email: 'not-an-email' }] },
        'contacts.0.email',
      ],
      [{ name: 5, bundle_id: 'growth_starter' }, 'name'],
    ] as const) {
      const r = await call('POST', '/customers', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.field).toBe(field);
    }
  });

  it('the success plan holds dated tasks from the bundle and a QBR on day 90', async () => {
    const c = await create({ bundle_id: 'executive_growth_os' });
    const p = (await call('GET', `/customers/${c.id}/success-plan`)).body;
    expect(p.tasks[0]).toMatchObject({ day: 1, due_date: '2026-11-22', done: false });
    expect(p.tasks.some((t: { title_ar: string }) => t.title_ar.includes('Founder Shadow Board'))).toBe(true);
    expect(p.tasks.at(-1)).toMatchObject({ day: 90, due_date: '2027-02-19' });
  });

  it('lists customers in pages', async () => {
    const ids: string[] = [keys.customerIdA, keys.customerIdB];
    for (let i = 0; i < 3; i++) ids.push((await create({ name: `c${i}` })).id as string);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { customers: Array<{ id: string }>; next_after: string | null } = (
        await call('GET', `/customers?limit=2${after ? `&after=${after}` : ''}`)
      ).body as never;
      expect(page.customers.length).toBeLessThanOrEqual(2);
      seen.push(...page.customers.map((c) => c.id));
      after = page.next_after;
    } while (after);
    expect(seen.sort()).toEqual(ids.sort());
    expect((await call('GET', '/customers?limit=abc')).status).toBe(400);
  });

  it('every change is in the Ledger and the chain verifies; tampering is pointed at', async () => {
    const c = await create();
    await call('POST', `/customers/${c.id}/onboarding/steps/select_goal`, { completed: true });
    await call('PUT', `/customers/${c.id}/connectors/gmail`, { state: 'configuring' });
    await call('PATCH', `/customers/${c.id}`, { version: 1, goal: 'pipeline' });
    const v = (await call('GET', '/ledger/verify')).body;
    expect(v.ok).toBe(true);
    const n = v.entries as number;
    await sql`update ledger set actor = 'someone_else' where seq = ${n - 1}`.execute(store.db);
    expect((await call('GET', '/ledger/verify')).body).toMatchObject({ ok: false, first_bad_seq: n - 1 });
    expect(await verifyChain(store.db)).toMatchObject({ first_bad_seq: n - 1 });
  });
});
