/**
 * Sign-in for people (email + password) with a session cookie, and setting passwords.
 * `sessionRoutes` is mounted at /api/v1/auth outside the key-protected scope (it is how a session
 * starts); `passwordRoutes` goes inside the /api/v1 scope, behind a key or a session.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  clearSessionCookie,
  principalOf,
  requireCsrf,
  sessionSecretOf,
  setSessionCookie,
} from '../../http/auth.js';
import { errorResponses } from '../../http/schemas.js';
import { DomainError } from '../../lib/errors.js';
import type { Deps } from '../../store/unit.js';
import { authorize, ROLES } from './domain.js';
import { MAX_PASSWORD_LENGTH } from './passwords.js';
import { type SessionService, sessionService } from './sessions.js';

export { setPassword } from './sessions.js';

const SessionUser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Type.String({ description: ROLES.join(', ') }),
  customer_id: Type.Union([Type.String(), Type.Null()]),
});
const SessionBody = Type.Object({
  user: SessionUser,
  csrf_token: Type.String({ description: 'Send as the x-csrf-token header on every write' }),
  expires_at: Type.String({ description: 'Moves forward while the session is used' }),
});
const TooMany = Type.Object({ error: Type.String(), message: Type.String(), retry_after_s: Type.Integer() });

const ended = () =>
  new DomainError('unauthorized', 'unauthorized', 'Not signed in, or the session has ended');

export function sessionRoutes(deps: Deps, service?: SessionService): FastifyPluginAsyncTypebox {
  const sessions = service ?? sessionService(deps);
  return async (app) => {
    app.post(
      '/login',
      {
        schema: {
          tags: ['access'],
          summary: 'Sign in with email and password; sets the dlx_session cookie',
          body: Type.Object({
            email: Type.String({ minLength: 3, maxLength: 320 }),
            password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
          }),
          response: { 200: SessionBody, 429: TooMany, ...errorResponses },
        },
      },
      async (req, reply) => {
        const r = await sessions.login(req.body.email, req.body.password);
        if (r.kind === 'throttled') {
          return reply.status(429).header('retry-after', String(r.retry_after_s)).send({
            error: 'too_many_attempts',
            message: 'Too many failed sign-ins for this email; wait and try again',
            retry_after_s: r.retry_after_s,
          });
        }
        setSessionCookie(req, reply, r.secret);
        return reply.send({ user: r.user, csrf_token: r.csrf_token, expires_at: r.expires_at });
      },
    );

    app.get(
      '/session',
      {
        schema: {
          tags: ['access'],
          summary: 'The signed-in user and the CSRF token, from the session cookie',
          response: { 200: SessionBody, ...errorResponses },
        },
      },
      async (req, reply) => {
        const secret = sessionSecretOf(req);
        const s = await sessions.authenticate(secret);
        if (!s || !secret) {
          if (secret) clearSessionCookie(req, reply);
          throw ended();
        }
        if (s.slid) setSessionCookie(req, reply, secret);
        return { user: s.user, csrf_token: s.csrf_token, expires_at: s.expires_at };
      },
    );

    app.post(
      '/logout',
      {
        schema: {
          tags: ['access'],
          summary: 'End the session (needs the x-csrf-token header) and clear the cookie',
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        const s = await sessions.authenticate(sessionSecretOf(req));
        if (!s) {
          clearSessionCookie(req, reply);
          throw ended();
        }
        requireCsrf(req, s);
        await sessions.logout(s);
        clearSessionCookie(req, reply);
        return reply.status(204).send(null);
      },
    );
  };
}

/** `POST /users/:id/password`, for the key- or session-protected /api/v1 scope. */
export function passwordRoutes(deps: Deps, service?: SessionService): FastifyPluginAsyncTypebox {
  const sessions = service ?? sessionService(deps);
  return async (app) => {
    app.post(
      '/users/:id/password',
      {
        schema: {
          tags: ['access'],
          summary:
            'Set a password: your own (with current_password once you have one), or anyone’s as the founder. Ends the user’s other sessions.',
          params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
          body: Type.Object({
            password: Type.String({ maxLength: MAX_PASSWORD_LENGTH, description: 'At least 12 characters' }),
            current_password: Type.Optional(Type.String({ maxLength: MAX_PASSWORD_LENGTH })),
          }),
          response: {
            200: Type.Object({ user_id: Type.String(), sessions_revoked: Type.Integer() }),
            ...errorResponses,
          },
        },
        // Someone else's password is refused before the body is read, so the answer never depends on it.
        preValidation: async (req) => {
          const p = principalOf(req);
          if (p.user_id !== (req.params as { id?: string }).id) authorize(p, 'users.set_password');
        },
      },
      async (req) => {
        const p = principalOf(req);
        const r = await sessions.changePassword(
          p,
          req.params.id,
          req.body.password,
          req.body.current_password,
          req.session?.session_id ?? null,
        );
        return { user_id: req.params.id, sessions_revoked: r.sessions_revoked };
      },
    );
  };
}
