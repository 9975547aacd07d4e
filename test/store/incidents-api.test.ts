import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/contexts/ledger/repository.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

const START = '2026-11-22T07:00:00Z'; // Sunday 10:00 Riyadh
const MINUTE = 60_000;

describe.each(DIALECTS)('stored incidents on $name', (dialect) => {
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

  // biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely, as JSON.
  type Body = Record<string, unknown> & { [k: string]: any };
  const call = async (method: 'GET' | 'POST', url: string, payload?: object, key = keys.founder) => {
    const res = await app.inject({ method, url: `/api/v1${url}`, payload, headers: bearer(key) });
    return { status: res.statusCode, body: res.json() as Body };
  };
  const open = async (over: object = {}) => {
    const r = await call('POST', '/incidents', {
      title: 'تأخر مسودات Gmail',
      affected_customers: 1,
      ...over,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const ledgerActions = async (subject: string) =>
    (await call('GET', `/ledger?subject=${subject}`)).body.entries.map((e: { action: string }) => e.action);
  const me = async () => (await call('GET', '/me')).body.user_id as string;

  it('a data leak with no customers is SEV1, runs the PDPL clocks and notifies the founder', async () => {
    const d = await open({
      title: 'تسريب قائمة عملاء محتملين',
      affected_customers: 0,
      has_data_leak: true,
      channel: 'email',
      became_aware_at: '2026-11-22T05:00:00Z',
    });
    expect(d.incident.id).toMatch(/^inc_[0-9a-z]{21}$/);
    expect(d.triage).toMatchObject({
      severity: 'SEV1',
      first_action_minutes: 15,
      update_cadence_minutes: 30,
      notify_founder: true,
    });
    expect(d.triage.reason_ar).toContain('تسريب بيانات');
    expect(d.incident).toMatchObject({
      status: 'open',
      severity: 'SEV1',
      affected_customers: 0,
      has_data_leak: true,
      channel: 'email',
      opened_at: '2026-11-22T07:00:00.000Z',
      became_aware_at: '2026-11-22T05:00:00.000Z',
      version: 1,
    });
    expect(d.first_action_due_at).toBe('2026-11-22T07:15:00.000Z');
    expect(d.next_update_due_at).toBe('2026-11-22T07:30:00.000Z');
    expect(d.postmortem_due_at).toBe('2026-11-23T07:00:00.000Z');
    expect(d.pdpl).toMatchObject({
      became_aware_at: '2026-11-22T05:00:00.000Z',
      customer_notice_due_at: '2026-11-23T05:00:00.000Z',
      customer_notice_minutes_left: 22 * 60,
      sdaia_notice_due_at: '2026-11-25T05:00:00.000Z',
      sdaia_notice_minutes_left: 70 * 60,
    });
    expect(d.steps).toHaveLength(8);
    expect(d.steps[0]).toMatchObject({ n: 1, done: false });
    expect(d.steps.map((s: { n: number }) => s.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(d.timeline.map((t: { kind: string }) => t.kind)).toEqual(['opened', 'founder_notified']);
    expect(d.postmortem).toMatchObject({ severity: 'SEV1', due_within_hours: 24, required: true });
    expect(d.postmortem.sections).toHaveLength(8);

    expect(await ledgerActions(d.incident.id)).toEqual(['incident.opened', 'incident.founder_notified']);
    const entries = (await call('GET', `/ledger?subject=${d.incident.id}`)).body.entries;
    expect(entries[0].actor).toBe(await me());

    // The clocks are measured against the injected clock when read later.
    clock.advance(23 * 60 * MINUTE);
    const later = (await call('GET', `/incidents/${d.incident.id}`)).body;
    expect(later.pdpl).toMatchObject({
      customer_notice_minutes_left: -60,
      sdaia_notice_minutes_left: 47 * 60,
    });
  });

  it('a data leak without a became-aware time starts the PDPL clocks when it is opened', async () => {
    const d = await open({ affected_customers: 3, has_data_leak: true });
    expect(d.incident.became_aware_at).toBe('2026-11-22T07:00:00.000Z');
    expect(d.pdpl).toMatchObject({
      customer_notice_minutes_left: 24 * 60,
      sdaia_notice_minutes_left: 72 * 60,
    });
  });

  it('an unapproved send is SEV1 whatever the count, without PDPL clocks', async () => {
    const d = await open({ affected_customers: 0, has_unauthorized_send: true, channel: 'whatsapp' });
    expect(d.triage.severity).toBe('SEV1');
    expect(d.incident.became_aware_at).toBeNull();
    expect(d.pdpl).toBeNull();
    expect(await ledgerActions(d.incident.id)).toEqual(['incident.opened', 'incident.founder_notified']);
  });

  it('exactly five affected customers is SEV2 and four is SEV3', async () => {
    const sev2 = await open({ affected_customers: 5 });
    expect(sev2.triage).toMatchObject({
      severity: 'SEV2',
      first_action_minutes: 30,
      update_cadence_minutes: 60,
    });
    expect(sev2.first_action_due_at).toBe('2026-11-22T07:30:00.000Z');
    expect(sev2.next_update_due_at).toBe('2026-11-22T08:00:00.000Z');
    expect(sev2.postmortem_due_at).toBe('2026-11-24T07:00:00.000Z');
    expect(sev2.steps).toHaveLength(7);
    expect(sev2.pdpl).toBeNull();
    expect(await ledgerActions(sev2.incident.id)).toEqual(['incident.opened']);

    const sev3 = await open({ affected_customers: 4 });
    expect(sev3.triage).toMatchObject({
      severity: 'SEV3',
      first_action_minutes: 120,
      update_cadence_minutes: 240,
      notify_founder: false,
    });
    expect(sev3.first_action_due_at).toBe('2026-11-22T09:00:00.000Z');
    expect(sev3.next_update_due_at).toBe('2026-11-22T11:00:00.000Z');
    expect(sev3.postmortem_due_at).toBeNull();
    expect(sev3.postmortem).toMatchObject({ required: false, due_within_hours: null });
    expect(sev3.steps).toHaveLength(7);
    expect(await ledgerActions(sev3.incident.id)).toEqual(['incident.opened']);
  });

  it('customer ids must exist and fit within affected_customers', async () => {
    const d = await open({ affected_customers: 2, customer_ids: [keys.customerIdA, keys.customerIdB] });
    expect(d.incident.customer_ids).toEqual([keys.customerIdA, keys.customerIdB]);
    const unknown = await call('POST', '/incidents', {
      title: 'x',
      affected_customers: 2,
      customer_ids: [keys.customerIdA, 'cus_missing'],
    });
    expect(unknown).toMatchObject({
      status: 400,
      body: { error: 'unknown_customer', field: 'customer_ids', details: { unknown: ['cus_missing'] } },
    });
    const tooFew = await call('POST', '/incidents', {
      title: 'x',
      affected_customers: 1,
      customer_ids: [keys.customerIdA, keys.customerIdB],
    });
    expect(tooFew).toMatchObject({ status: 400, body: { field: 'affected_customers' } });
  });

  it('plan steps are stored and can be checked and unchecked, each in the timeline and Ledger', async () => {
    const d = await open({ affected_customers: 5 });
    const id = d.incident.id as string;
    clock.advance(5 * MINUTE);
    const checked = await call('POST', `/incidents/${id}/steps/1`, { done: true, note: 'أوقفنا الإرسال' });
    expect(checked.status).toBe(200);
    expect(checked.body.steps[0]).toMatchObject({
      n: 1,
      done: true,
      done_at: '2026-11-22T07:05:00.000Z',
      done_by: await me(),
      note: 'أوقفنا الإرسال',
    });
    expect(checked.body.incident.version).toBe(2);
    const got = (await call('GET', `/incidents/${id}`)).body;
    expect(got.steps[0].done).toBe(true);
    expect(got.steps.slice(1).every((s: { done: boolean }) => !s.done)).toBe(true);

    const unchecked = (await call('POST', `/incidents/${id}/steps/1`, { done: false })).body;
    expect(unchecked.steps[0]).toMatchObject({ done: false, done_at: null, done_by: null });
    expect(unchecked.timeline.map((t: { kind: string }) => t.kind)).toEqual([
      'opened',
      'step_done',
      'step_reopened',
    ]);
    expect(await ledgerActions(id)).toEqual([
      'incident.opened',
      'incident.step_checked',
      'incident.step_unchecked',
    ]);

    for (const n of ['8', '0']) {
      const r = await call('POST', `/incidents/${id}/steps/${n}`, { done: true });
      expect(r, n).toMatchObject({ status: 404, body: { error: 'unknown_step', field: 'n' } });
    }
    for (const n of ['abc', '1.5', '-1']) {
      const r = await call('POST', `/incidents/${id}/steps/${n}`, { done: true });
      expect(r, n).toMatchObject({ status: 400, body: { field: 'n' } });
    }
    const noDone = await call('POST', `/incidents/${id}/steps/1`, { note: 'x' });
    expect(noDone).toMatchObject({ status: 400, body: { field: 'done' } });
  });

  it('posting an update moves the next update one cadence from now', async () => {
    const d = await open({ affected_customers: 5 });
    const id = d.incident.id as string;
    expect(d.next_update_due_at).toBe('2026-11-22T08:00:00.000Z');
    clock.advance(20 * MINUTE);
    const u = await call('POST', `/incidents/${id}/updates`, { text: 'حددنا السبب ونعمل على الإصلاح' });
    expect(u.status).toBe(200);
    expect(u.body.next_update_due_at).toBe('2026-11-22T08:20:00.000Z');
    expect(u.body.incident.next_update_due_at).toBe('2026-11-22T08:20:00.000Z');
    expect(u.body.timeline.at(-1)).toMatchObject({
      kind: 'update',
      text: 'حددنا السبب ونعمل على الإصلاح',
      at: '2026-11-22T07:20:00.000Z',
      actor: await me(),
    });
    expect(await ledgerActions(id)).toEqual(['incident.opened', 'incident.update_posted']);
  });

  it('update_overdue flips when the clock passes the next update time, and an update clears it', async () => {
    const d = await open({ affected_customers: 0, has_unauthorized_send: true });
    const id = d.incident.id as string;
    expect(d.update_overdue).toBe(false);
    clock.advance(30 * MINUTE); // exactly at the due time: not yet overdue
    expect((await call('GET', `/incidents/${id}`)).body.update_overdue).toBe(false);
    clock.advance(1);
    expect((await call('GET', `/incidents/${id}`)).body.update_overdue).toBe(true);
    const listed = (await call('GET', '/incidents')).body.incidents;
    expect(listed[0]).toMatchObject({ id, update_overdue: true });
    const u = (await call('POST', `/incidents/${id}/updates`, { text: 'تم تجميد القناة' })).body;
    expect(u.update_overdue).toBe(false);
    clock.advance(31 * MINUTE);
    expect((await call('GET', `/incidents/${id}`)).body.update_overdue).toBe(true);
  });

  it('status moves open → mitigated → resolved and open → resolved; other moves are 409', async () => {
    const a = (await open({ affected_customers: 5 })).incident.id as string;
    const m = await call('POST', `/incidents/${a}/status`, { status: 'mitigated', note: 'تم الاحتواء' });
    expect(m).toMatchObject({ status: 200, body: { incident: { status: 'mitigated', version: 2 } } });
    expect(m.body.next_update_due_at).toBe('2026-11-22T08:00:00.000Z');
    const again = await call('POST', `/incidents/${a}/status`, { status: 'mitigated' });
    expect(again).toMatchObject({ status: 409, body: { error: 'invalid_transition', field: 'status' } });
    clock.advance(2 * 60 * MINUTE);
    const r = await call('POST', `/incidents/${a}/status`, { status: 'resolved' });
    expect(r.body).toMatchObject({
      incident: { status: 'resolved', version: 3 },
      next_update_due_at: null,
      update_overdue: false,
    });
    const back = await call('POST', `/incidents/${a}/status`, { status: 'mitigated' });
    expect(back).toMatchObject({ status: 409, body: { error: 'invalid_transition' } });
    expect(r.body.timeline.map((t: { kind: string }) => t.kind)).toEqual(['opened', 'status', 'status']);
    expect(await ledgerActions(a)).toEqual([
      'incident.opened',
      'incident.status_changed',
      'incident.status_changed',
    ]);

    const b = (await open()).incident.id as string;
    expect((await call('POST', `/incidents/${b}/status`, { status: 'resolved' })).body.incident.status).toBe(
      'resolved',
    );
    const reopen = await call('POST', `/incidents/${b}/status`, { status: 'open' });
    expect(reopen).toMatchObject({ status: 400, body: { field: 'status' } });
  });

  it('a status change with a stale version gets 409 and changes nothing', async () => {
    const id = (await open()).incident.id as string;
    await call('POST', `/incidents/${id}/updates`, { text: 'تحديث' }); // version 2
    const stale = await call('POST', `/incidents/${id}/status`, { status: 'resolved', version: 1 });
    expect(stale).toMatchObject({
      status: 409,
      body: { error: 'stale_version', field: 'version', details: { current_version: 2 } },
    });
    expect((await call('GET', `/incidents/${id}`)).body.incident.status).toBe('open');
    const ok = await call('POST', `/incidents/${id}/status`, { status: 'resolved', version: 2 });
    expect(ok.body.incident).toMatchObject({ status: 'resolved', version: 3 });
  });

  it('staff of every role may work incidents; customer keys get 403 on every route', async () => {
    for (const key of [keys.oncall, keys.team]) {
      const r = await call('POST', '/incidents', { title: 'بطء', affected_customers: 1 }, key);
      expect(r.status).toBe(201);
    }
    const id = (await open()).incident.id as string;
    const routes: Array<['GET' | 'POST', string, object | undefined]> = [
      ['POST', '/incidents', { title: 'x', affected_customers: 1 }],
      ['POST', '/incidents', { nonsense: true }],
      ['GET', '/incidents', undefined],
      ['GET', `/incidents/${id}`, undefined],
      ['POST', `/incidents/${id}/steps/1`, { done: true }],
      ['POST', `/incidents/${id}/updates`, { text: 'x' }],
      ['POST', `/incidents/${id}/status`, { status: 'resolved' }],
    ];
    for (const [method, url, body] of routes) {
      const r = await call(method, url, body, keys.customerA);
      expect(r, `${method} ${url}`).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    }
    expect((await call('GET', `/incidents/${id}`)).body.incident.status).toBe('open');
  });

  it('an unknown incident is a 404 on every route', async () => {
    for (const [method, url, body] of [
      ['GET', '/incidents/inc_missing', undefined],
      ['POST', '/incidents/inc_missing/steps/1', { done: true }],
      ['POST', '/incidents/inc_missing/updates', { text: 'x' }],
      ['POST', '/incidents/inc_missing/status', { status: 'resolved' }],
    ] as const) {
      const r = await call(method, url, body);
      expect(r, url).toMatchObject({ status: 404, body: { error: 'incident_not_found', field: 'id' } });
    }
  });

  it('bad input gets a 400 naming the field, never a 500', async () => {
    const ok = { title: 'حادثة', affected_customers: 1 };
    for (const [body, field] of [
      [{ affected_customers: 1 }, 'title'],
      [{ ...ok, title: '' }, 'title'],
      [{ ...ok, title: '   ' }, 'title'],
      [{ ...ok, title: 'ع'.repeat(201) }, 'title'],
      [{ ...ok, description: 'x'.repeat(5001) }, 'description'],
      [{ title: 'x' }, 'affected_customers'],
      [{ ...ok, affected_customers: -1 }, 'affected_customers'],
      [{ ...ok, affected_customers: 1.5 }, 'affected_customers'],
      [{ ...ok, affected_customers: '5' }, 'affected_customers'],
      [{ ...ok, has_data_leak: 'yes' }, 'has_data_leak'],
      [{ ...ok, channel: 'fax' }, 'channel'],
      [{ ...ok, customer_ids: 'cus_1' }, 'customer_ids'],
      [{ ...ok, affected_customers: 2000, customer_ids: Array(1001).fill('cus_x') }, 'customer_ids'],
      [{ ...ok, has_data_leak: true, became_aware_at: 'yesterday' }, 'became_aware_at'],
      [{ ...ok, has_data_leak: true, became_aware_at: '2026-11-22T08:00:00Z' }, 'became_aware_at'],
      [{ ...ok, became_aware_at: '2026-11-22T06:00:00Z' }, 'became_aware_at'],
    ] as const) {
      const r = await call('POST', '/incidents', body);
      expect(r.status, JSON.stringify(body).slice(0, 120)).toBe(400);
      expect(r.body.field, JSON.stringify(body).slice(0, 120)).toBe(field);
    }
    const id = (await open()).incident.id as string;
    for (const [url, body, field] of [
      [`/incidents/${id}/updates`, {}, 'text'],
      [`/incidents/${id}/updates`, { text: '' }, 'text'],
      [`/incidents/${id}/updates`, { text: '   ' }, 'text'],
      [`/incidents/${id}/updates`, { text: 'x'.repeat(2001) }, 'text'],
      [`/incidents/${id}/status`, { status: 'closed' }, 'status'],
      [`/incidents/${id}/status`, { status: 'resolved', version: 'one' }, 'version'],
      [`/incidents/${id}/steps/1`, { done: 'yes' }, 'done'],
    ] as const) {
      const r = await call('POST', url, body);
      expect(r.status, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body.field).toBe(field);
    }
    expect((await call('GET', '/incidents?status=closed')).body.field).toBe('status');
    expect((await call('GET', '/incidents?severity=SEV9')).body.field).toBe('severity');
    expect((await call('GET', '/incidents?limit=abc')).status).toBe(400);
  });

  it('lists incidents newest first, filtered by status and severity, in pages', async () => {
    const ids: string[] = [];
    for (const over of [
      { affected_customers: 1 },
      { affected_customers: 5 },
      { affected_customers: 0, has_data_leak: true },
      { affected_customers: 2 },
      { affected_customers: 9 },
    ]) {
      ids.push((await open(over)).incident.id as string);
      clock.advance(MINUTE);
    }
    await call('POST', `/incidents/${ids[0]}/status`, { status: 'resolved' });
    const all = (await call('GET', '/incidents')).body.incidents.map((i: { id: string }) => i.id);
    expect(all).toEqual([...ids].reverse());
    const sev2 = (await call('GET', '/incidents?severity=SEV2')).body.incidents;
    expect(sev2.map((i: { id: string }) => i.id)).toEqual([ids[4], ids[1]]);
    const resolved = (await call('GET', '/incidents?status=resolved')).body.incidents;
    expect(resolved.map((i: { id: string }) => i.id)).toEqual([ids[0]]);
    const openSev3 = (await call('GET', '/incidents?status=open&severity=SEV3')).body.incidents;
    expect(openSev3.map((i: { id: string }) => i.id)).toEqual([ids[3]]);

    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { incidents: Array<{ id: string }>; next_after: string | null } = (
        await call('GET', `/incidents?limit=2${after ? `&after=${after}` : ''}`)
      ).body as never;
      expect(page.incidents.length).toBeLessThanOrEqual(2);
      seen.push(...page.incidents.map((i) => i.id));
      after = page.next_after;
    } while (after);
    expect(seen).toEqual([...ids].reverse());
  });

  it('every incident change is in the Ledger and the chain verifies', async () => {
    const d = await open({ affected_customers: 0, has_data_leak: true, customer_ids: [] });
    const id = d.incident.id as string;
    await call('POST', `/incidents/${id}/steps/1`, { done: true });
    await call('POST', `/incidents/${id}/steps/2`, { done: true, note: 'اتصلنا بالمؤسس' });
    await call('POST', `/incidents/${id}/updates`, { text: 'تم تجميد البريد' });
    await call('POST', `/incidents/${id}/status`, { status: 'mitigated', version: 4 });
    await call('POST', `/incidents/${id}/status`, { status: 'resolved' });
    await call('POST', `/incidents/${id}/status`, { status: 'resolved' }); // 409: nothing written
    expect(await ledgerActions(id)).toEqual([
      'incident.opened',
      'incident.founder_notified',
      'incident.step_checked',
      'incident.step_checked',
      'incident.update_posted',
      'incident.status_changed',
      'incident.status_changed',
    ]);
    const v = (await call('GET', '/ledger/verify')).body;
    expect(v.ok).toBe(true);
    expect(await verifyChain(store.db)).toMatchObject({ ok: true, entries: v.entries });
  });
});
