import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES } from '../../src/contexts/access/domain.js';
import { accessService, exampleKey } from '../../src/contexts/access/service.js';
import { type App, buildApp, LOG_REDACT } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import type { Json } from '../http/helpers.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

describe('the role matrix in docs/ROLES.md is the one in the code', () => {
  it('every action and role agrees', () => {
    const md = readFileSync(new URL('../../docs/ROLES.md', import.meta.url), 'utf8');
    const rows = md.split('\n').filter((l) => /^\| [a-z_]+\.[a-z_]+ \|/.test(l));
    const doc = Object.fromEntries(
      rows.map((r) => {
        const cells = r
          .split('|')
          .map((c) => c.trim())
          .filter(Boolean);
        return [cells[0], ROLES.filter((_, i) => cells[i + 1] === 'yes')];
      }),
    );
    const code = Object.fromEntries(
      Object.entries(PERMISSIONS).map(([a, roles]) => [
        a,
        ROLES.filter((r) => (roles as readonly string[]).includes(r)),
      ]),
    );
    expect(doc).toEqual(code);
  });
});

describe.each(DIALECTS)('keys and roles on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let app: App;
  let keys: Principals;
  const clock = fixedClock('2026-11-22T07:00:00Z');

  beforeEach(async () => {
    store = await dialect.open();
    app = await buildApp({ clock, store });
    keys = await seedPrincipals(store, clock);
  });
  afterEach(async () => {
    await app.close();
    await store.dispose();
  });

  const req = async (
    key: string | null,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: object,
  ) => {
    const res = await app.inject({ method, url, payload, headers: key ? bearer(key) : {} });
    return { status: res.statusCode, body: res.json() as Json };
  };

  it('every /api/v1 route needs a key; health, docs and pages do not', async () => {
    for (const url of [
      '/api/v1/customers',
      '/api/v1/customer-ops/connectors/catalog',
      '/api/v1/ledger',
      '/api/v1/me',
    ]) {
      expect(await req(null, 'GET', url)).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
    }
    expect(
      (await req('dlx_key_000000000000000000000_notarealsecretnotarealsecret00', 'GET', '/api/v1/me')).status,
    ).toBe(401);
    expect((await req('garbage', 'GET', '/api/v1/me')).status).toBe(401);
    for (const url of ['/healthz', '/openapi.json', '/companies.html'])
      expect((await app.inject({ url })).statusCode).toBe(200);
  });

  it('only the founder makes keys; a new key works at once and is shown only then', async () => {
    expect(
      (await req(keys.oncall, 'POST', '/api/v1/api-keys', { role: 'operator_team', name: 'x' })).status,
    ).toBe(403);
    const made = await req(keys.founder, 'POST', '/api/v1/api-keys', {
      role: 'customer',
      name: 'Sara',
      customer_id: keys.customerIdA,
    });
    expect(made.status).toBe(201);
    expect((await req(made.body.key, 'GET', '/api/v1/me')).body).toMatchObject({
      role: 'customer',
      customer_id: keys.customerIdA,
    });
    const ledger = await req(keys.founder, 'GET', '/api/v1/ledger?action=access.key_created');
    expect(JSON.stringify(ledger.body)).not.toContain(made.body.key.slice(30));
    expect(
      (await req(keys.founder, 'POST', '/api/v1/api-keys', { role: 'customer', name: 'x' })).body.error,
    ).toBe('customer_required');
    expect(
      (await req(keys.founder, 'POST', '/api/v1/api-keys', { role: 'admin', name: 'x' })).body,
    ).toMatchObject({ error: 'unknown_role', field: 'role' });
  });

  it("a customer key sees its own customer and gets 404 for every other customer's route", async () => {
    const spec = (await app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const scoped = Object.entries(spec.paths).filter(([p]) => p.startsWith('/api/v1/customers/{id}'));
    expect(scoped.length).toBeGreaterThanOrEqual(6);
    for (const [path, methods] of scoped) {
      for (const method of Object.keys(methods)) {
        const url = path
          .replace('{id}', keys.customerIdB)
          .replace('{step_id}', 'select_goal')
          .replace('{key}', 'gmail');
        const body =
          method === 'get' ? undefined : { completed: true, state: 'configuring', version: 1, name: 'x' };
        const r = await req(keys.customerA, method.toUpperCase() as 'GET', url, body);
        expect(r.status, `${method} ${url}`).toBe(404);
        expect(r.body.error).toBe('customer_not_found');
      }
    }
    expect((await req(keys.customerA, 'GET', `/api/v1/customers/${keys.customerIdA}`)).status).toBe(200);
    const list = await req(keys.customerA, 'GET', '/api/v1/customers');
    expect(list.body.customers.map((c: { id: string }) => c.id)).toEqual([keys.customerIdA]);
  });

  it("every /api/v1 route, walked with customer A's key against customer B's records, answers 404 or 403 — never B's data", async () => {
    // B's records: a ticket, and an incident that names B.
    const ticket = await req(keys.customerB, 'POST', '/api/v1/tickets', {
      customer_id: keys.customerIdB,
      text: 'الخدمة ما تشتغل',
    });
    expect(ticket.status).toBe(201);
    const incident = await req(keys.founder, 'POST', '/api/v1/incidents', {
      title: 'B only',
      affected_customers: 1,
      customer_ids: [keys.customerIdB],
    });
    expect(incident.status).toBe(201);
    const incidentId = incident.body.incident?.id ?? incident.body.id;
    const spec = (await app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const bodies: Record<string, object> = {
      '/api/v1/customers/{id}': { version: 1, name: 'x' },
      '/api/v1/customers/{id}/onboarding/steps/{step_id}': { completed: true },
      '/api/v1/customers/{id}/connectors/{key}': { state: 'configuring' },
      '/api/v1/tickets/{id}/priority': { priority: 'P0' },
      '/api/v1/tickets/{id}/events': { event: 'escalated' },
      '/api/v1/tickets/{id}/confirm': { note: 'x' },
      '/api/v1/tickets/{id}/status': { status: 'open' },
      '/api/v1/tickets/{id}/replies': { body_ar: 'x' },
      '/api/v1/drafts/{id}': { body_ar: 'x', version: 1 },
      '/api/v1/drafts/{id}/reject': { reason: 'x' },
      '/api/v1/drafts/{id}/settle': { delivered: true, note: 'x' },
      '/api/v1/incidents/{id}/steps/{n}': { done: true },
      '/api/v1/incidents/{id}/updates': { text: 'x' },
      '/api/v1/incidents/{id}/status': { status: 'resolved' },
    };
    let walked = 0;
    for (const [path, methods] of Object.entries(spec.paths)) {
      if (!path.includes('{')) continue;
      for (const method of Object.keys(methods)) {
        const id = path.startsWith('/api/v1/customers/')
          ? keys.customerIdB
          : path.startsWith('/api/v1/tickets/')
            ? ticket.body.id
            : path.startsWith('/api/v1/drafts/')
              ? ticket.body.draft.id
              : incidentId;
        const url = path
          .replace('{id}', id)
          .replace('{step_id}', 'select_goal')
          .replace('{key}', 'gmail')
          .replace('{n}', '1')
          .replace('{priority}', 'P0')
          .replace('{severity}', 'SEV1');
        const r = await req(
          keys.customerA,
          method.toUpperCase() as 'GET',
          url,
          method === 'get' ? undefined : (bodies[path] ?? {}),
        );
        if (path.startsWith('/api/v1/customer-ops/')) continue; // stateless: nothing of B's to see
        walked++;
        expect([403, 404], `${method} ${url}`).toContain(r.status);
        // The id the caller typed may be echoed in the error; B's data never is.
        expect(JSON.stringify(r.body), `${method} ${url}`).not.toMatch(/Customer B|الخدمة ما تشتغل|B only/);
      }
    }
    expect(walked).toBeGreaterThanOrEqual(15);
    // Lists filtered by B's id are a 404 too, and unfiltered lists hold only A's records.
    expect((await req(keys.customerA, 'GET', `/api/v1/tickets?customer_id=${keys.customerIdB}`)).status).toBe(
      404,
    );
    const mine = await req(keys.customerA, 'GET', '/api/v1/tickets');
    expect(mine.status).toBe(200);
    expect(JSON.stringify(mine.body)).not.toContain(keys.customerIdB);
    expect((await req(keys.customerA, 'GET', '/api/v1/incidents')).status).toBe(403);
  });

  it('a customer may complete its own plain steps but not approval steps, nor change connectors', async () => {
    const a = keys.customerIdA;
    expect(
      (
        await req(keys.customerA, 'POST', `/api/v1/customers/${a}/onboarding/steps/select_goal`, {
          completed: true,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await req(keys.customerA, 'POST', `/api/v1/customers/${a}/onboarding/steps/select_bundle`, {
          completed: true,
        })
      ).body.error,
    ).toBe('forbidden');
    expect(
      (await req(keys.customerA, 'PUT', `/api/v1/customers/${a}/connectors/gmail`, { state: 'configuring' }))
        .status,
    ).toBe(403);
    expect(
      (await req(keys.customerA, 'POST', '/api/v1/customers', { name: 'x', bundle_id: 'growth_starter' }))
        .status,
    ).toBe(403);
    expect((await req(keys.customerA, 'GET', '/api/v1/ledger')).status).toBe(403);
    expect(
      (
        await req(keys.team, 'POST', `/api/v1/customers/${a}/onboarding/steps/select_bundle`, {
          completed: true,
        })
      ).status,
    ).toBe(200);
  });

  it('bootstrap makes the founder from DEALIX_ADMIN_KEY once, and never again', async () => {
    const fresh = await dialect.open();
    try {
      const access = accessService({ store: fresh, clock });
      const admin = exampleKey();
      expect(await access.bootstrap(admin)).toEqual({ created: true, generated: false });
      expect(await access.authenticate(admin)).toMatchObject({ role: 'founder' });
      expect(await access.bootstrap(null)).toEqual({ created: false });
    } finally {
      await fresh.dispose();
    }
  });

  it('without DEALIX_ADMIN_KEY bootstrap generates a founder key to show once; a malformed admin key is refused', async () => {
    const fresh = await dialect.open();
    try {
      const access = accessService({ store: fresh, clock });
      await expect(access.bootstrap('short')).rejects.toMatchObject({ code: 'bad_admin_key' });
      const r = await access.bootstrap(null);
      expect(r.generated).toBe(true);
      expect(await access.authenticate(r.key!)).toMatchObject({ role: 'founder' });
    } finally {
      await fresh.dispose();
    }
  });

  it('no key appears in the logs', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logged = await buildApp({
      clock,
      store,
      logger: { level: 'trace', redact: LOG_REDACT, stream: sink },
    });
    try {
      await logged.inject({ url: '/api/v1/me', headers: bearer(keys.founder) });
      const made = await logged.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: bearer(keys.founder),
        payload: { role: 'operator_team', name: 'n' },
      });
      await logged.inject({
        url: '/api/v1/me',
        headers: bearer('dlx_key_000000000000000000000_notarealsecretnotarealsecret00'),
      });
      const log = lines.join('');
      expect(log.length).toBeGreaterThan(0);
      for (const secret of [keys.founder, made.json().key]) expect(log).not.toContain(secret.slice(30));
      expect(log).not.toContain('notarealsecret');
    } finally {
      await logged.close();
    }
  });
});
