import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

// biome-ignore lint/suspicious/noExplicitAny: assertions read JSON answers loosely; toMatchObject checks them.
type Body = Record<string, any>;

describe.each(DIALECTS)('customer-facing incident texts on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let app: App;
  let keys: Principals;
  const clock = fixedClock('2026-11-24T09:00:00.000Z');

  beforeEach(async () => {
    store = await dialect.open();
    app = await buildApp({ clock, store });
    keys = await seedPrincipals(store, clock);
    await store.db
      .updateTable('customers')
      .set({ contacts: JSON.stringify([{ name: 'سارة', email: 'sara@afaq.sa' }, { name: 'Omar' }]) })
      .where('id', '=', keys.customerIdA)
      .execute();
  });
  afterEach(async () => {
    await app.close();
    await store.dispose();
  });

  const call = async (method: 'GET' | 'POST', url: string, payload?: object, key = keys.founder) => {
    const r = await app.inject({ method, url: `/api/v1${url}`, payload, headers: bearer(key) });
    expect(r.statusCode, r.body).toBeLessThan(500);
    return { status: r.statusCode, body: r.json() as Body };
  };
  const incidentId = (b: Body) => (b.incident?.id ?? b.id) as string;

  it('a data leak drafts the PDPL notice for each contact, for the founder to approve', async () => {
    const r = await call('POST', '/incidents', {
      title: 'تسريب قائمة عملاء',
      affected_customers: 1,
      customer_ids: [keys.customerIdA],
      has_data_leak: true,
    });
    expect(r.status).toBe(201);
    const id = incidentId(r.body);
    const drafts = (await call('GET', `/drafts?subject_type=incident&subject_id=${id}`)).body
      .drafts as Body[];
    expect(drafts).toHaveLength(1); // Omar has no email address
    expect(drafts[0]).toMatchObject({
      kind: 'pdpl_notice',
      channel: 'email',
      recipient: 'sara@afaq.sa',
      customer_id: keys.customerIdA,
      status: 'pending',
      claims: { ok: true },
    });
    expect(drafts[0]!.body_ar).toContain('أهلاً سارة');
    expect(drafts[0]!.body_ar).toContain('2026-11-25 12:00'); // 24 h after awareness, Riyadh time
    expect(await call('POST', `/drafts/${drafts[0]!.id}/approve`, {}, keys.oncall)).toMatchObject({
      status: 403,
      body: { error: 'founder_approval_required' },
    });
    expect((await call('POST', `/drafts/${drafts[0]!.id}/approve`, {})).status).toBe(200);
  });

  it('an update can be drafted for the affected customers; nothing is sent without approval', async () => {
    const r = await call('POST', '/incidents', {
      title: 'تأخر التقارير',
      affected_customers: 2,
      customer_ids: [keys.customerIdA, keys.customerIdB],
    });
    const id = incidentId(r.body);
    const plain = await call('POST', `/incidents/${id}/updates`, { text: 'نراجع السبب' });
    expect(plain.status).toBe(200);
    expect((await call('GET', `/drafts?subject_id=${id}`)).body.drafts).toEqual([]);
    const notified = await call('POST', `/incidents/${id}/updates`, {
      text: 'تم إصلاح السبب وتعود التقارير اليوم',
      notify_customers: true,
    });
    expect(notified.status).toBe(200);
    const drafts = (await call('GET', `/drafts?subject_id=${id}`)).body.drafts as Body[];
    expect(drafts.map((d) => [d.kind, d.recipient, d.status])).toEqual([
      ['incident_update', 'sara@afaq.sa', 'pending'],
    ]);
    expect(drafts[0]!.body_ar).toContain('تم إصلاح السبب');
    const none = await call('POST', '/incidents', { title: 'داخلي', affected_customers: 0 });
    expect(
      await call('POST', `/incidents/${incidentId(none.body)}/updates`, {
        text: 'x',
        notify_customers: true,
      }),
    ).toMatchObject({ status: 400, body: { error: 'no_customers', field: 'notify_customers' } });
    const actions = ((await call('GET', `/ledger?subject=${drafts[0]!.id}`)).body.entries as Body[]).map(
      (e) => e.action,
    );
    expect(actions).toEqual(['draft.created']);
  });

  it('a success-plan task drafts its check-in for the customer’s contact', async () => {
    const plan = (await call('GET', `/customers/${keys.customerIdA}/success-plan`)).body;
    const task = plan.tasks[0] as Body;
    const r = await call(
      'POST',
      `/customers/${keys.customerIdA}/success-plan/tasks/${task.id}/draft`,
      {},
      keys.team,
    );
    expect(r).toMatchObject({
      status: 201,
      body: { kind: 'cs_check_in', recipient: 'sara@afaq.sa', status: 'pending' },
    });
    const d = (await call('GET', `/drafts/${r.body.draft_id}`)).body;
    expect(d.body_ar).toContain('أهلاً سارة');
    expect(d.body_ar).toContain(task.title_ar);
    expect(d.claims.ok).toBe(true);
    // Customer B has no contact email: the recipient must be given.
    const taskB = (await call('GET', `/customers/${keys.customerIdB}/success-plan`)).body.tasks[0] as Body;
    expect(
      await call(
        'POST',
        `/customers/${keys.customerIdB}/success-plan/tasks/${taskB.id}/draft`,
        {},
        keys.team,
      ),
    ).toMatchObject({ status: 400, body: { field: 'recipient' } });
    // Another customer's task is not there.
    expect(
      await call('POST', `/customers/${keys.customerIdB}/success-plan/tasks/${task.id}/draft`, {}, keys.team),
    ).toMatchObject({ status: 404, body: { error: 'task_not_found' } });
    expect(
      await call('POST', `/customers/${keys.customerIdA}/success-plan/tasks/nope/draft`, {}, keys.team),
    ).toMatchObject({ status: 404, body: { error: 'task_not_found' } });
    expect(
      await call(
        'POST',
        `/customers/${keys.customerIdA}/success-plan/tasks/${task.id}/draft`,
        {},
        keys.customerA,
      ),
    ).toMatchObject({ status: 403 });
    expect((await call('POST', `/drafts/${d.id}/approve`, {}, keys.team)).status).toBe(200);
    expect((await call('POST', `/drafts/${d.id}/send`, {})).body).toMatchObject({ mode: 'handoff' });
  });
});
