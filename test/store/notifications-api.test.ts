import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notifyRole } from '../../src/contexts/notifications/notify.js';
import { sweep } from '../../src/contexts/sla/scheduler.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

const START = '2026-11-22T07:00:00.000Z';
const MINUTE = 60_000;

// biome-ignore lint/suspicious/noExplicitAny: assertions read JSON answers loosely; toMatchObject checks them.
type Body = Record<string, unknown> & { [k: string]: any };

describe.each(DIALECTS)('notifications inbox on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let app: App;
  let keys: Principals;
  const clock = fixedClock(START);
  let seq = 0;

  beforeEach(async () => {
    clock.set(START);
    seq = 0;
    store = await dialect.open();
    app = await buildApp({ clock, store });
    keys = await seedPrincipals(store, clock);
  });
  afterEach(async () => {
    await app.close();
    await store.dispose();
  });

  const call = async (
    method: 'GET' | 'POST',
    url: string,
    key: string | null = keys.founder,
    payload?: object,
  ) => {
    const res = await app.inject({
      method,
      url: `/api/v1${url}`,
      ...(key === null ? {} : { headers: bearer(key) }),
      ...(payload === undefined ? {} : { payload }),
    });
    expect(res.statusCode, `${method} ${url} → ${res.body}`).toBeLessThan(500);
    return { status: res.statusCode, body: res.json() as Body };
  };

  /** Notifies a role about subject `tkt_<n>` (n counts from 1 in each test), a minute after the previous one. */
  const notify = async (role: string, n = 1, sameInstant = false) => {
    for (let i = 0; i < n; i++) {
      if (!sameInstant) clock.advance(MINUTE);
      seq++;
      await notifyRole(
        store.db,
        {
          role,
          kind: 'sla_warning',
          subject_type: 'ticket',
          subject_id: `tkt_${seq}`,
          customer_id: keys.customerIdA,
          title_ar: `تنبيه رقم ${seq}`,
          title_en: `Warning ${seq}`,
          data: { level: 50, n: seq },
          dedupe_key: `test:${seq}`,
        },
        clock.now(),
      );
    }
  };
  const subjects = (b: Body) => (b.notifications as Array<{ subject_id: string }>).map((x) => x.subject_id);

  it('each user sees only their own inbox, newest first, with every field', async () => {
    await notify('founder', 2);
    await notify('operator_oncall', 1);
    const founder = await call('GET', '/notifications');
    expect(founder.status).toBe(200);
    expect(subjects(founder.body)).toEqual(['tkt_2', 'tkt_1']);
    expect(founder.body).toMatchObject({ next_after: null, unread_count: 2 });
    expect(founder.body.notifications[0]).toEqual({
      id: expect.stringMatching(/^ntf_/),
      kind: 'sla_warning',
      subject_type: 'ticket',
      subject_id: 'tkt_2',
      customer_id: keys.customerIdA,
      title_ar: 'تنبيه رقم 2',
      title_en: 'Warning 2',
      data: { level: 50, n: 2 },
      created_at: new Date(Date.parse(START) + 2 * MINUTE).toISOString(),
      read_at: null,
    });
    expect(subjects((await call('GET', '/notifications', keys.oncall)).body)).toEqual(['tkt_3']);
    expect((await call('GET', '/notifications', keys.team)).body).toEqual({
      notifications: [],
      next_after: null,
      unread_count: 0,
    });
  });

  it('a customer key reads its own inbox, which holds none of the staff notifications', async () => {
    await notify('founder', 2);
    const mine = await call('GET', '/notifications', keys.customerA);
    expect(mine).toEqual({ status: 200, body: { notifications: [], next_after: null, unread_count: 0 } });
    expect((await call('POST', '/notifications/read-all', keys.customerA)).body).toMatchObject({
      marked_read: 0,
    });
    const theirs = (await call('GET', '/notifications')).body.notifications[0].id as string;
    expect(await call('POST', `/notifications/${theirs}/read`, keys.customerA)).toMatchObject({
      status: 404,
      body: { error: 'notification_not_found' },
    });
    expect((await call('GET', '/notifications')).body.unread_count).toBe(2);
  });

  it('pages walk the whole inbox once, newest first, ties broken by id', async () => {
    await notify('founder', 3);
    await notify('founder', 3, true); // three at the same instant
    await notify('founder', 1);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const q: string = after ? `&after=${encodeURIComponent(after)}` : '';
      const page = await call('GET', `/notifications?limit=2${q}`);
      expect(page.status).toBe(200);
      seen.push(...subjects(page.body));
      after = page.body.next_after;
      pages++;
    } while (after !== null && pages < 10);
    const all = subjects((await call('GET', '/notifications?limit=200')).body);
    expect(all).toHaveLength(7);
    expect(seen).toEqual(all);
    expect(all[0]).toBe('tkt_7');
    expect(all.slice(-3)).toEqual(['tkt_3', 'tkt_2', 'tkt_1']);
    expect(new Set(seen).size).toBe(7);
  });

  it('marking one read keeps its first read time; unread=true lists the rest', async () => {
    await notify('founder', 3);
    const [n3, n2] = (await call('GET', '/notifications')).body.notifications as Array<{ id: string }>;
    clock.advance(MINUTE);
    const readAt = clock.now().toISOString();
    const read = await call('POST', `/notifications/${n2!.id}/read`);
    expect(read).toMatchObject({ status: 200, body: { id: n2!.id, subject_id: 'tkt_2', read_at: readAt } });
    clock.advance(MINUTE);
    expect((await call('POST', `/notifications/${n2!.id}/read`)).body.read_at).toBe(readAt);

    const unread = await call('GET', '/notifications?unread=true');
    expect(subjects(unread.body)).toEqual(['tkt_3', 'tkt_1']);
    expect(unread.body.unread_count).toBe(2);
    expect(subjects((await call('GET', '/notifications?unread=false')).body)).toEqual([
      'tkt_3',
      'tkt_2',
      'tkt_1',
    ]);
    expect((await call('GET', '/notifications?unread=true&limit=1')).body).toMatchObject({
      notifications: [{ id: n3!.id }],
      next_after: expect.any(String),
    });
  });

  it("someone else's notification, or one that does not exist, is not found", async () => {
    await notify('operator_oncall', 1);
    const theirs = (await call('GET', '/notifications', keys.oncall)).body.notifications[0].id as string;
    expect(await call('POST', `/notifications/${theirs}/read`)).toMatchObject({
      status: 404,
      body: { error: 'notification_not_found', field: 'id' },
    });
    expect((await call('POST', '/notifications/ntf_nope/read')).status).toBe(404);
    // Still unread for its owner.
    expect((await call('GET', '/notifications?unread=true', keys.oncall)).body.unread_count).toBe(1);
  });

  it('read-all clears the caller’s inbox and nobody else’s', async () => {
    await notify('founder', 3);
    await notify('operator_oncall', 2);
    const r = await call('POST', '/notifications/read-all');
    expect(r).toEqual({ status: 200, body: { marked_read: 3, read_at: clock.now().toISOString() } });
    expect((await call('GET', '/notifications?unread=true')).body).toMatchObject({
      notifications: [],
      unread_count: 0,
    });
    expect((await call('GET', '/notifications')).body.notifications).toHaveLength(3);
    expect((await call('POST', '/notifications/read-all')).body.marked_read).toBe(0);
    expect((await call('GET', '/notifications', keys.oncall)).body.unread_count).toBe(2);
  });

  it('bad input is a 400 naming the field; no key is a 401', async () => {
    expect(await call('GET', '/notifications?after=not-a-cursor')).toMatchObject({
      status: 400,
      body: { error: 'invalid_cursor', field: 'after' },
    });
    expect((await call('GET', '/notifications?unread=yes')).status).toBe(400);
    expect((await call('GET', '/notifications?limit=-1')).status).toBe(400);
    expect((await call('GET', '/notifications', null)).status).toBe(401);
    expect((await call('POST', '/notifications/read-all', null)).status).toBe(401);
  });

  it('a ticket opened through the API warns and escalates in the founder’s inbox, and the owner’s version is never made stale', async () => {
    const opened = await call('POST', '/tickets', keys.oncall, {
      customer_id: keys.customerIdA,
      text: 'في تسريب بيانات العملاء، شفنا قائمة عملائنا عند طرف ثاني',
    });
    expect(opened.body).toMatchObject({ priority: 'P0', owner: 'founder', version: 1 });
    const id = opened.body.id as string;

    clock.set(new Date(Date.parse(START) + 15 * MINUTE));
    expect(await sweep({ store, clock })).toMatchObject({ examined: 1, fired: 1 });
    clock.set(new Date(Date.parse(START) + 31 * MINUTE));
    expect(await sweep({ store, clock })).toMatchObject({ examined: 1, fired: 1, skipped: 2 });

    const inbox = await call('GET', '/notifications');
    expect(inbox.body.notifications.map((n: Body) => [n.kind, n.subject_id, n.data.level])).toEqual([
      ['sla_breach', id, 100],
      ['sla_warning', id, 50],
    ]);
    expect(inbox.body.unread_count).toBe(2);
    expect((await call('GET', '/notifications', keys.oncall)).body.notifications).toEqual([]);

    const detail = await call('GET', `/tickets/${id}`);
    expect(detail.body.events.filter((e: Body) => e.event === 'escalated')).toEqual([
      expect.objectContaining({
        actor: 'system',
        data: {
          reason: 'sla_breach',
          target: 'first_response',
          due_at: detail.body.sla.first_response_due_at,
        },
      }),
    ]);
    expect(detail.body.version).toBe(1);
    // The operator still holds version 1: the scheduler's writes do not conflict with theirs.
    expect(
      (await call('POST', `/tickets/${id}/resolve`, keys.oncall, { version: 1, note: 'contained' })).status,
    ).toBe(200);
  });
});
