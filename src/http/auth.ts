/**
 * Authentication for everything under /api/v1: a Bearer API key, or the `dlx_session` cookie of a
 * person who signed in. The principal is attached to the request; a missing or unknown credential is
 * a 401 that never echoes what was sent. A cookie-authenticated write (any method but GET, HEAD,
 * OPTIONS) must carry the session's CSRF token in `x-csrf-token`; a key needs none, since a browser
 * never attaches a key on its own.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../contexts/access/domain.js';
import type { AccessService } from '../contexts/access/service.js';
import {
  type ActiveSession,
  csrfMatches,
  SESSION_COOKIE,
  SESSION_TTL_MS,
  type SessionService,
} from '../contexts/access/sessions.js';
import { DomainError, forbidden } from '../lib/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    /** Set when the request was authenticated by the session cookie. */
    session: ActiveSession | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the client reached us over https (directly, or through a proxy that says so). */
export function isHttps(req: FastifyRequest): boolean {
  const fwd = req.headers['x-forwarded-proto'];
  const first = (Array.isArray(fwd) ? fwd[0] : fwd)?.split(',')[0]?.trim().toLowerCase();
  return req.protocol === 'https' || first === 'https';
}

/** Sets (or refreshes) the session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over https. */
export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, secret: string): void {
  reply.setCookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
    secure: isHttps(req),
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure: isHttps(req) });
}

/** The raw session secret from the request's cookies, if any. */
export function sessionSecretOf(req: FastifyRequest): string | undefined {
  const v = (req.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Throws 403 `csrf_required` / `csrf_mismatch` unless the request carries the session's CSRF token. */
export function requireCsrf(req: FastifyRequest, session: ActiveSession): void {
  const h = req.headers['x-csrf-token'];
  const token = Array.isArray(h) ? h[0] : h;
  if (!token) throw forbidden('Send the session CSRF token in the x-csrf-token header', 'csrf_required');
  if (!csrfMatches(session, token))
    throw forbidden('The x-csrf-token header does not match', 'csrf_mismatch');
}

export function registerAuth(scope: FastifyInstance, access: AccessService, sessions?: SessionService): void {
  scope.decorateRequest('principal', null);
  scope.decorateRequest('session', null);
  scope.addHook('onRequest', async (req, reply) => {
    const header = req.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (token) {
      const principal = await access.authenticate(token);
      if (!principal) throw new DomainError('unauthorized', 'unauthorized', 'That API key is not valid');
      req.principal = principal;
      return;
    }
    const secret = sessions ? sessionSecretOf(req) : undefined;
    if (sessions && secret) {
      const session = await sessions.authenticate(secret);
      if (!session) {
        clearSessionCookie(req, reply);
        throw new DomainError('unauthorized', 'unauthorized', 'Your session has ended; sign in again');
      }
      if (!SAFE_METHODS.has(req.method)) requireCsrf(req, session);
      if (session.slid) setSessionCookie(req, reply, secret);
      req.session = session;
      req.principal = session.principal;
      return;
    }
    throw new DomainError(
      'unauthorized',
      'unauthorized',
      'Send your API key as "Authorization: Bearer <key>" or sign in at /api/v1/auth/login',
    );
  });
}

/** The authenticated principal of a request under /api/v1. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new DomainError('unauthorized', 'unauthorized', 'Authentication required');
  return req.principal;
}
