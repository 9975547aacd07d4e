/** Placeholder route plugin, filled in with its context. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Deps } from '../../store/unit.js';

export function freezesRoutes(_deps: Deps): FastifyPluginAsyncTypebox {
  return async () => {};
}
