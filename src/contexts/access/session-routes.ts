/** Placeholder: sign-in for people (email + password) with a session cookie. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../store/unit.js';

export function sessionRoutes(_deps: Deps): FastifyPluginAsyncTypebox {
  return async () => {};
}
