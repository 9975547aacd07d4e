/**
 * Helpers for the HTTP tests: one app per test file on a fixed clock, JSON request shortcuts, and
 * a record of every status code answered so a file can prove it never produced a 500.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { accessService } from '../../src/contexts/access/service.js';
import { type App, buildApp, COMPAT_PREFIX } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import { migrate, openStore } from '../../src/store/db.js';

export const NOW = '2026-11-22T07:00:00Z';
export const NOW_ISO = new Date(NOW).toISOString();

// biome-ignore lint/suspicious/noExplicitAny: response bodies are loose JSON checked field by field by the assertions.
export type Json = any;

export type Res = LightMyRequestResponse;

/** Every status code any helper saw, in order. */
export const seenStatuses: Array<{ method: string; url: string; status: number }> = [];

/** Builds the app on the fixed clock. The caller closes it (afterAll). */
export async function build(): Promise<App> {
  const clock = fixedClock(NOW);
  const store = openStore({ databaseUrl: null, file: ':memory:' });
  await migrate(store);
  const made = await accessService({ store, clock }).createUserWithKey(
    { role: 'operator_team', name: 'Compat client' },
    'test',
  );
  AUTH.authorization = `Bearer ${made.key}`;
  const app = await buildApp({ clock, store });
  app.addHook('onClose', async () => store.close());
  await app.ready();
  return app;
}

/** The key every helper request sends (the compat surface needs one, like all of /api/v1). */
export const AUTH: { authorization: string } = { authorization: '' };

/** `/onboarding/checklist` → `/api/v1/customer-ops/onboarding/checklist`; absolute app paths pass through. */
export function api(path: string): string {
  return path.startsWith(COMPAT_PREFIX) ? path : `${COMPAT_PREFIX}${path}`;
}

function track(method: string, url: string, res: Res): Res {
  seenStatuses.push({ method, url, status: res.statusCode });
  return res;
}

/** GET a compat path (`/connectors/catalog`) or, with `raw`, any app path (`/healthz`). */
export async function get(app: App, path: string, opts: { raw?: boolean } = {}): Promise<Res> {
  const url = opts.raw ? path : api(path);
  return track('GET', url, await app.inject({ method: 'GET', url, headers: { ...AUTH } }));
}

/** POST a JS value as JSON to a compat path. */
export async function postJson(app: App, path: string, body: unknown): Promise<Res> {
  const url = api(path);
  const res = await app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...AUTH },
    payload: JSON.stringify(body),
  });
  return track('POST', url, res);
}

/** POST an exact string with a chosen content type (broken JSON, wrong media type, empty body). */
export async function postRaw(
  app: App,
  path: string,
  payload: string,
  contentType = 'application/json',
): Promise<Res> {
  const url = api(path);
  return track(
    'POST',
    url,
    await app.inject({ method: 'POST', url, headers: { 'content-type': contentType, ...AUTH }, payload }),
  );
}

/** Asserts a 200 and returns the parsed body. */
export function ok(res: Res): Json {
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Asserts the stable error shape: status, `error` code, a message, and `field` when given. */
export function expectError(res: Res, status: number, code: string, field?: string): Json {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json();
  expect(body.error).toBe(code);
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(body.field).toBe(field);
  return body;
}

/** Every outbound-related answer is a draft: a human approves, nothing is sent live. */
export function expectDraftOnly(body: Json): void {
  expect(body.approval_required).toBe(true);
  expect(body.live_send_allowed).toBe(false);
}
