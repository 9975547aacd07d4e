import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findUnauthorizedSends } from '../../src/contexts/drafts/audit.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

// biome-ignore lint/suspicious/noExplicitAny: assertions read JSON answers loosely; toMatchObject checks them.
type Body = Record<string, any>;

describe.each(DIALECTS)('settling a send of unknown outcome on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let app: App;
  let keys: Principals;
  const clock = fixedClock('2026-11-24T09:00:00.000Z');

  beforeEach(async () => {
    store = await dialect.open();
    app = await buildApp({ clock, store });
    keys = await seedPrincipals(store, clock);
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
  /** An approved outreach draft whose live send timed out (left 'sending'). */
  const inFlight = async () => {
    const d = (
      await call('POST', '/drafts', {
        kind: 'outreach',
        channel: 'email',
        recipient: 'lead@example.sa',
        customer_id: keys.customerIdA,
        subject_type: 'customer',
        subject_id: keys.customerIdA,
        body_ar: 'نرتب مكالمة الأسبوع الجاي؟',
      })
    ).body;
    await call('POST', `/drafts/${d.id}/approve`, {});
    await store.db.updateTable('drafts').set({ status: 'sending' }).where('id', '=', d.id).execute();
    return d.id as string;
  };

  it('the founder settles it as delivered or not; the audit agrees', async () => {
    const a = await inFlight();
    const b = await inFlight();
    expect(
      await call('POST', `/drafts/${a}/settle`, { delivered: true, note: 'x' }, keys.oncall),
    ).toMatchObject({
      status: 403,
    });
    expect(await call('POST', `/drafts/${a}/settle`, { delivered: true })).toMatchObject({
      status: 400,
      body: { field: 'note' },
    });
    const sent = await call('POST', `/drafts/${a}/settle`, {
      delivered: true,
      note: 'مزود البريد أكد الاستلام',
    });
    expect(sent.body).toMatchObject({ status: 'sent', send_mode: 'live' });
    const back = await call('POST', `/drafts/${b}/settle`, { delivered: false, note: 'ما وصلت' });
    expect(back.body).toMatchObject({ status: 'approved' });
    expect(await call('POST', `/drafts/${a}/settle`, { delivered: true, note: 'x' })).toMatchObject({
      status: 409,
      body: { error: 'not_sending' },
    });
    const actions = ((await call('GET', `/ledger?subject=${a}`)).body.entries as Body[]).map((e) => e.action);
    expect(actions).toEqual(['draft.created', 'draft.approved', 'draft.sent']);
    expect(await findUnauthorizedSends({ store, clock })).toEqual([]);
  });
});
