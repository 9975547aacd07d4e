/**
 * Bearer-key authentication for everything under /api/v1. The principal is attached to the
 * request; a missing or unknown key is a 401 that never echoes what was sent.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../contexts/access/domain.js';
import type { AccessService } from '../contexts/access/service.js';
import { DomainError } from '../lib/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export function registerAuth(scope: FastifyInstance, access: AccessService): void {
  scope.decorateRequest('principal', null);
  scope.addHook('onRequest', async (req) => {
    const header = req.headers.authorization;
    const token = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (!token) {
      throw new DomainError(
        'unauthorized',
        'unauthorized',
        'Send your API key as "Authorization: Bearer <key>"',
      );
    }
    const principal = await access.authenticate(token);
    if (!principal) throw new DomainError('unauthorized', 'unauthorized', 'That API key is not valid');
    req.principal = principal;
  });
}

/** The authenticated principal of a request under /api/v1. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new DomainError('unauthorized', 'unauthorized', 'Authentication required');
  return req.principal;
}
