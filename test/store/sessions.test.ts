import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessService } from '../../src/contexts/access/service.js';
import { setPassword } from '../../src/contexts/access/session-routes.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

const START = '2026-11-19T09:00:00.000Z';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const PW = 'correct horse battery';

// biome-ignore lint/suspicious/noExplicitAny: assertions read JSON answers loosely; toMatchObject checks them.
type Body = Record<string, unknown> & { [k: string]: any };

interface Session {
  cookie: string;
  secret: string;
  csrf: string;
  setCookie: string;
  body: Body;
}

describe.each(DIALECTS)('people sign in with a session cookie on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let app: App;
  let keys: Principals;
  const users: Record<'founder' | 'team' | 'custA', string> = { founder: '', team: '', custA: '' };
  const clock = fixedClock(START);

  beforeEach(async () => {
    clock.set(START);
    store = await dialect.open();
    app = await buildApp({ clock, store });
    keys = await seedPrincipals(store, clock);
    const access = accessService({ store, clock });
    const make = async (role: string, name: string, email: string, customer_id?: string) =>
      (await access.createUserWithKey({ role, name, email, customer_id }, 'test')).user_id;
    users.founder = await make('founder', 'Founder Person', 'Founder@Example.com');
    users.team = await make('operator_team', 'Team Person', 'team@example.com');
    users.custA = await make('customer', 'Contact A Person', 'a@customer.example', keys.customerIdA);
    for (const id of Object.values(users)) await setPassword({ store, clock }, id, PW);
  });
  afterEach(async () => {
    await app.close();
    await store.dispose();
  });

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers });

  const signIn = async (email: string, password = PW): Promise<Session> => {
    const res = await login(email, password);
    expect(res.statusCode, res.body).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    const secret = /dlx_session=([^;]+)/.exec(setCookie)?.[1] ?? '';
    const body = res.json() as Body;
    return { cookie: `dlx_session=${secret}`, secret, csrf: body.csrf_token, setCookie, body };
  };

  const call = async (
    s: Session | null,
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    extra: Record<string, string> = {},
  ) => {
    const headers: Record<string, string> = { ...extra };
    if (s) headers.cookie = s.cookie;
    const res = await app.inject({ method, url: `/api/v1${url}`, payload, headers });
    expect(res.statusCode, `${method} ${url} → ${res.body}`).toBeLessThan(500);
    return { status: res.statusCode, body: (res.body ? res.json() : {}) as Body, headers: res.headers };
  };
  const write = (s: Session, url: string, payload: object = {}) =>
    call(s, 'POST', url, payload, { 'x-csrf-token': s.csrf });

  it('signs in with email and password and sets a HttpOnly, SameSite=Strict cookie', async () => {
    const s = await signIn('founder@example.com');
    expect(s.body).toMatchObject({
      user: { id: users.founder, name: 'Founder Person', role: 'founder', customer_id: null },
      expires_at: new Date(Date.parse(START) + 12 * HOUR).toISOString(),
    });
    expect(typeof s.csrf).toBe('string');
    expect(s.secret.length).toBeGreaterThanOrEqual(43);
    expect(s.setCookie).toMatch(/HttpOnly/);
    expect(s.setCookie).toMatch(/SameSite=Strict/);
    expect(s.setCookie).toMatch(/Path=\//);
    expect(s.setCookie).toMatch(/Max-Age=43200/);
    expect(s.setCookie).not.toMatch(/Secure/);
    const https = await login('founder@example.com', PW, { 'x-forwarded-proto': 'https' });
    expect(String(https.headers['set-cookie'])).toMatch(/; Secure/);
    const me = await call(s, 'GET', '/auth/session');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: users.founder, role: 'founder' }, csrf_token: s.csrf });
  });

  it('answers a wrong password, an unknown email and a disabled user with the same 401', async () => {
    await store.db.updateTable('users').set({ disabled: 1 }).where('id', '=', users.team).execute();
    const answers = [
      await login('founder@example.com', 'not the password!'),
      await login('nobody@example.com', PW),
      await login('team@example.com', PW),
    ];
    for (const r of answers) {
      expect(r.statusCode).toBe(401);
      expect(r.headers['set-cookie']).toBeUndefined();
    }
    const bodies = answers.map((r) => r.json());
    expect(bodies[0].error).toBe('invalid_credentials');
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'x@y.z' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().field).toBe('password');
  });

  it('reads /me and /tickets with the cookie; writes need the CSRF header', async () => {
    const s = await signIn('founder@example.com');
    const me = await call(s, 'GET', '/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user_id: users.founder, role: 'founder' });
    expect(me.body.key_id).toMatch(/^session:/);
    expect((await call(s, 'GET', '/tickets')).status).toBe(200);

    const ticket = { customer_id: keys.customerIdA, text: 'كيف أضيف مستخدم جديد؟' };
    const bare = await call(s, 'POST', '/tickets', ticket);
    expect(bare.status).toBe(403);
    expect(bare.body.error).toBe('csrf_required');
    const wrong = await call(s, 'POST', '/tickets', ticket, { 'x-csrf-token': 'nope' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toBe('csrf_mismatch');
    const other = await signIn('team@example.com');
    expect((await call(s, 'POST', '/tickets', ticket, { 'x-csrf-token': other.csrf })).body.error).toBe(
      'csrf_mismatch',
    );
    const ok = await write(s, '/tickets', ticket);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);

    const forged = await call(
      { ...s, cookie: 'dlx_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
      'GET',
      '/me',
    );
    expect(forged.status).toBe(401);
    expect((await call(null, 'GET', '/me')).status).toBe(401);
  });

  it('keeps Bearer keys working as before, with no CSRF header needed', async () => {
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(keys.founder) });
    expect(me.statusCode).toBe(200);
    expect(me.json().key_id).toMatch(/^key_/);
    const s = await signIn('team@example.com');
    // A key wins over a cookie sent alongside it, and needs no CSRF token.
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      payload: { customer_id: keys.customerIdA, text: 'ربط Gmail ما يشتغل من امس' },
      headers: { ...bearer(keys.founder), cookie: s.cookie },
    });
    expect(res.statusCode, res.body).toBe(201);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer('dlx_key_nope') });
    expect(bad.statusCode).toBe(401);
  });

  it('logs out: needs the CSRF header, revokes the session and clears the cookie', async () => {
    const s = await signIn('founder@example.com');
    const bare = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie },
    });
    expect(bare.statusCode).toBe(403);
    expect(bare.json().error).toBe('csrf_required');
    const out = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/dlx_session=;/);
    expect((await call(s, 'GET', '/me')).status).toBe(401);
    expect((await call(s, 'GET', '/auth/session')).status).toBe(401);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    expect(again.statusCode).toBe(401);
  });

  it('ends a session 12 hours after its last use (sliding)', async () => {
    const s = await signIn('founder@example.com');
    clock.advance(11 * HOUR);
    const mid = await call(s, 'GET', '/me');
    expect(mid.status).toBe(200);
    expect(String(mid.headers['set-cookie'])).toMatch(/Max-Age=43200/);
    clock.advance(11 * HOUR);
    expect((await call(s, 'GET', '/me')).status).toBe(200);
    expect((await call(s, 'GET', '/auth/session')).body.expires_at).toBe(
      new Date(clock.now().getTime() + 12 * HOUR).toISOString(),
    );
    clock.advance(12 * HOUR + MINUTE);
    expect((await call(s, 'GET', '/me')).status).toBe(401);
    expect((await call(s, 'GET', '/auth/session')).status).toBe(401);

    const idle = await signIn('team@example.com');
    clock.advance(12 * HOUR);
    expect((await call(idle, 'GET', '/me')).status).toBe(401);
  });

  it('ends the sessions of a user who is disabled', async () => {
    const s = await signIn('team@example.com');
    expect((await call(s, 'GET', '/me')).status).toBe(200);
    await store.db.updateTable('users').set({ disabled: 1 }).where('id', '=', users.team).execute();
    expect((await call(s, 'GET', '/me')).status).toBe(401);
  });

  it('brakes guessing: after 5 failures for an email within 15 minutes, 429', async () => {
    for (let i = 0; i < 5; i++) {
      clock.advance(MINUTE);
      expect((await login('team@example.com', `wrong password ${i}`)).statusCode).toBe(401);
    }
    const braked = await login('TEAM@example.com', PW);
    expect(braked.statusCode).toBe(429);
    expect(braked.json().error).toBe('too_many_attempts');
    expect(Number(braked.headers['retry-after'])).toBeGreaterThan(0);
    // Other emails are not braked.
    expect((await login('founder@example.com', PW)).statusCode).toBe(200);
    clock.advance(15 * MINUTE);
    expect((await login('team@example.com', PW)).statusCode).toBe(200);
  });

  it('sets passwords: rules, own change needs the current one, the founder sets anyone’s', async () => {
    const s = await signIn('team@example.com');
    const short = await write(s, `/users/${users.team}/password`, {
      password: 'short',
      current_password: PW,
    });
    expect(short.status).toBe(400);
    expect(short.body).toMatchObject({ error: 'password_too_short', field: 'password' });
    const noCurrent = await write(s, `/users/${users.team}/password`, { password: 'a brand new passphrase' });
    expect(noCurrent.status).toBe(400);
    expect(noCurrent.body.field).toBe('current_password');
    const badCurrent = await write(s, `/users/${users.team}/password`, {
      password: 'a brand new passphrase',
      current_password: 'not my password',
    });
    expect(badCurrent.status).toBe(403);
    expect(badCurrent.body.field).toBe('current_password');
    const noCsrf = await call(s, 'POST', `/users/${users.team}/password`, {
      password: 'a brand new passphrase',
      current_password: PW,
    });
    expect(noCsrf.status).toBe(403);

    const elsewhere = await signIn('team@example.com');
    const ok = await write(s, `/users/${users.team}/password`, {
      password: 'a brand new passphrase',
      current_password: PW,
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toEqual({ user_id: users.team, sessions_revoked: 1 });
    expect((await call(s, 'GET', '/me')).status).toBe(200);
    expect((await call(elsewhere, 'GET', '/me')).status).toBe(401);
    expect((await login('team@example.com', PW)).statusCode).toBe(401);
    expect((await login('team@example.com', 'a brand new passphrase')).statusCode).toBe(200);

    // Not someone else's, unless founder.
    const foreign = await write(s, `/users/${users.founder}/password`, { password: 'team takes over!' });
    expect(foreign.status).toBe(403);
    const byKey = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${users.team}/password`,
      payload: { password: 'founder resets this' },
      headers: bearer(keys.founder),
    });
    expect(byKey.statusCode, byKey.body).toBe(200);
    const f = await signIn('founder@example.com');
    expect((await write(f, `/users/${users.custA}/password`, { password: 'founder sets this' })).status).toBe(
      200,
    );
    expect((await login('a@customer.example', 'founder sets this')).statusCode).toBe(200);
    expect((await login('team@example.com', 'founder resets this')).statusCode).toBe(200);
    const unknown = await write(f, '/users/usr_nobody/password', { password: 'long enough password' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.field).toBe('id');
  });

  it('a first password needs no current one', async () => {
    const access = accessService({ store, clock });
    const fresh = await access.createUserWithKey(
      { role: 'operator_oncall', name: 'New', email: 'n@x.io' },
      'test',
    );
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/users/${fresh.user_id}/password`,
      payload: { password: 'my very first one' },
      headers: bearer(fresh.key),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await login('n@x.io', 'my very first one')).statusCode).toBe(200);
  });

  it('a customer user who signs in sees only its own customer’s data', async () => {
    for (const customer_id of [keys.customerIdA, keys.customerIdB]) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        payload: { customer_id, text: 'الـ Proof Pack مفقود هذا الأسبوع' },
        headers: bearer(keys.founder),
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const s = await signIn('a@customer.example');
    expect(s.body.user).toMatchObject({ role: 'customer', customer_id: keys.customerIdA });
    const list = await call(s, 'GET', '/tickets');
    expect(list.status).toBe(200);
    const tickets = list.body.tickets as Array<{ customer_id: string }>;
    expect(tickets.length).toBe(1);
    expect(tickets.every((t) => t.customer_id === keys.customerIdA)).toBe(true);
    expect((await call(s, 'GET', `/customers/${keys.customerIdB}`)).status).toBe(404);
    expect((await call(s, 'GET', `/customers/${keys.customerIdA}`)).status).toBe(200);
    expect((await call(s, 'GET', '/ledger')).status).toBe(403);
    const foreign = await write(s, '/tickets', {
      customer_id: keys.customerIdB,
      text: 'كيف أضيف مستخدم جديد؟',
    });
    expect(foreign.status).toBe(404);
  });

  it('records sign-in, sign-out and password changes in the Ledger without any secret', async () => {
    const s = await signIn('founder@example.com');
    await write(s, `/users/${users.founder}/password`, {
      password: 'another long phrase',
      current_password: PW,
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    const rows = await store.db.selectFrom('ledger').selectAll().orderBy('seq').execute();
    const auth = rows.filter((r) => r.action.startsWith('auth.') && r.subject === users.founder);
    expect(auth.map((r) => r.action)).toEqual([
      'auth.password_set',
      'auth.login',
      'auth.password_set',
      'auth.logout',
    ]);
    const all = JSON.stringify(rows);
    for (const secret of [s.secret, s.csrf, PW, 'another long phrase']) expect(all).not.toContain(secret);
    const stored = JSON.stringify(await store.db.selectFrom('sessions').selectAll().execute());
    expect(stored).not.toContain(s.secret);
    expect(stored).not.toContain(s.csrf);
    const hashes = await store.db.selectFrom('user_passwords').select('hash').execute();
    for (const h of hashes) expect(h.hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
  });
});
